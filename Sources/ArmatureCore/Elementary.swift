import Foundation

// Elementary functions as members, so math reads left to right without importing Foundation
// everywhere. These call the C library, the same on every platform Armature builds on.
extension Double {
  @inlinable public var sin: Double { Foundation.sin(self) }
  @inlinable public var cos: Double { Foundation.cos(self) }
  @inlinable public var tan: Double { Foundation.tan(self) }
  @inlinable public var acos: Double { Foundation.acos(Swift.max(-1, Swift.min(1, self))) }
  @inlinable public var asin: Double { Foundation.asin(Swift.max(-1, Swift.min(1, self))) }
  @inlinable public var exp: Double { Foundation.exp(self) }
  @inlinable public var log: Double { Foundation.log(self) }
  @inlinable public static func atan2(y: Double, x: Double) -> Double { Foundation.atan2(y, x) }
  @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }

  /// The value limited to `range`.
  @inlinable public func clamped(to range: ClosedRange<Double>) -> Double {
    Swift.min(range.upperBound, Swift.max(range.lowerBound, self))
  }
}

/// Wraps an angle into `(-π, π]`.
@inlinable public func wrapAngle(_ angle: Double) -> Double {
  var a = angle.truncatingRemainder(dividingBy: 2 * .pi)
  if a > .pi { a -= 2 * .pi }
  if a <= -.pi { a += 2 * .pi }
  return a
}
