import CODE

/// Preallocated storage for one step's contacts: a scratch buffer for `dCollide` and the contact
/// list, which grows only when a step has more contacts than any before (no allocation in the
/// steady state).
final class ContactBuffer {
  let maxPerPair: Int
  let scratch: UnsafeMutablePointer<dContactGeom>
  private(set) var capacity: Int
  private(set) var records: UnsafeMutablePointer<dContact>
  /// Sort keys: (lower geom index << 32 | higher geom index), then arrival order.
  private(set) var keys: UnsafeMutablePointer<UInt64>
  private(set) var order: UnsafeMutablePointer<Int32>
  var count = 0

  init(maxPerPair: Int) {
    self.maxPerPair = maxPerPair
    scratch = .allocate(capacity: maxPerPair)
    capacity = 256
    records = .allocate(capacity: capacity)
    keys = .allocate(capacity: capacity)
    order = .allocate(capacity: capacity)
  }

  deinit {
    scratch.deallocate()
    records.deallocate()
    keys.deallocate()
    order.deallocate()
  }


  /// Makes room for `extra` more contacts.
  @inline(__always) func reserve(_ extra: Int) {
    guard count + extra > capacity else { return }
    let newCapacity = Swift.max(capacity * 2, count + extra)
    let r = UnsafeMutablePointer<dContact>.allocate(capacity: newCapacity)
    r.moveInitialize(from: records, count: count)
    records.deallocate()
    records = r
    let k = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
    k.moveInitialize(from: keys, count: count)
    keys.deallocate()
    keys = k
    order.deallocate()
    order = .allocate(capacity: newCapacity)
    capacity = newCapacity
  }

  /// Orders the contacts by geom pair, keeping arrival order within a pair (a stable insertion
  /// sort: contact lists are short and nearly sorted), so that the solver sees the same sequence
  /// whatever order the collision space reported the pairs in.
  func sort() {
    for i in 0..<count { order[i] = Int32(i) }
    guard count > 1 else { return }
    for i in 1..<count {
      let o = order[i]
      let key = keys[Int(o)]
      var j = i - 1
      while j >= 0 && keys[Int(order[j])] > key {
        order[j + 1] = order[j]
        j -= 1
      }
      order[j + 1] = o
    }
  }
}
