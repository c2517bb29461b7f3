import ArmatureCore

/// What inverse kinematics should reach with a link frame (or a tool frame on it).
public enum IKTarget: Hashable, Sendable {
  /// A position; the orientation is free.
  case position(Vector3)
  /// A full pose.
  case pose(Pose)
}

/// Settings of the damped-least-squares solver.
public struct IKOptions: Hashable, Sendable {
  /// Iterations per attempt.
  public var maxIterations = 150
  /// Attempts from random configurations after the first, when it does not converge.
  public var restarts = 20
  /// Converged when the position error is below this (metres)…
  public var positionTolerance = 1e-5
  /// …and the orientation error below this (radians), for pose targets.
  public var orientationTolerance = 1e-4
  /// Initial damping λ of `Δq = Jᵀ(JJᵀ + λ²I)⁻¹ e`; adapted Levenberg–Marquardt style.
  public var damping = 1e-2
  /// Largest change of one coordinate per iteration (rad or m).
  public var maxStep = 0.4
  /// Metres per radian when position and orientation errors are weighed together.
  public var orientationWeight = 0.2

  public init() {}
}

/// The outcome of an inverse-kinematics solve.
public struct IKResult: Hashable, Sendable {
  /// The coordinates found (the best attempt, converged or not), within the joint limits.
  public var positions: [Double]
  /// Remaining distance to the target position, metres.
  public var positionError: Double
  /// Remaining rotation to the target orientation, radians (0 for position targets).
  public var orientationError: Double
  /// Iterations used, over all attempts.
  public var iterations: Int
  /// Attempts from random starts after the first.
  public var restarts: Int
  public var converged: Bool
}

extension KinematicModel {
  /// Damped-least-squares inverse kinematics: coordinates within the joint limits that bring
  /// `link` (or the frame `tool` on it) to `target`.
  ///
  /// Each iteration takes the step `Δq = Jᵀ(JJᵀ + λ²I)⁻¹ e` on the position error and the rotation
  /// vector of the orientation error, limits it to `maxStep`, clamps the result to the joint
  /// limits, and keeps it only if the weighted error drops (λ then shrinks; otherwise λ grows and
  /// the step is retried). When an attempt does not converge, later attempts start from
  /// coordinates drawn uniformly within the limits from `random`.
  ///
  /// - Parameters:
  ///   - target: in the frame `base` (the root link's pose in the world; identity by default).
  ///   - initial: the first attempt's start (clamped to the limits); zero by default.
  public func inverseKinematics(
    link: Int, target: IKTarget, tool: Pose = .identity, base: Pose = .identity, initial: [Double]? = nil,
    options: IKOptions = IKOptions(), random: inout RandomStream
  ) throws -> IKResult {
    guard linkNames.indices.contains(link) else { throw KinematicsError.invalidArgument("no link \(link)") }
    let start = initial ?? [Double](repeating: 0, count: dof)
    try check(start)
    let local: IKTarget
    switch target {
    case .position(let p):
      guard p.isFinite else { throw KinematicsError.invalidArgument("target position is not finite") }
      local = .position(base.inverse.transform(p))
    case .pose(let p):
      guard p.isFinite, p.orientation.norm > 1e-9 else {
        throw KinematicsError.invalidArgument("target pose is not finite or its quaternion is zero")
      }
      local = .pose(base.inverse * Pose(position: p.position, orientation: p.orientation.normalized))
    }
    var best: IKResult?
    var totalIterations = 0
    for attempt in 0...options.restarts {
      let q0 = attempt == 0 ? clamped(start) : randomConfiguration(&random)
      var result = solveOnce(link: link, target: local, tool: tool, from: q0, options: options)
      totalIterations += result.iterations
      result.iterations = totalIterations
      result.restarts = attempt
      if best == nil || weightedError(result, options) < weightedError(best!, options) || result.converged {
        best = result
      }
      if result.converged { break }
    }
    best!.iterations = totalIterations
    return best!
  }

  /// Coordinates drawn uniformly within the limits (continuous joints within ±π).
  public func randomConfiguration(_ random: inout RandomStream) -> [Double] {
    (0..<dof).map { k in
      let lo = lowerLimits[k].isFinite ? lowerLimits[k] : -Double.pi
      let hi = upperLimits[k].isFinite ? upperLimits[k] : Double.pi
      return random.uniform(lo, hi)
    }
  }

  private func weightedError(_ r: IKResult, _ o: IKOptions) -> Double {
    (r.positionError * r.positionError + Double.pow(o.orientationWeight * r.orientationError, 2)).squareRoot()
  }

  /// Position and orientation error of `link` ⋅ `tool` at `q`.
  private func errors(link: Int, target: IKTarget, tool: Pose, q: [Double]) -> (Vector3, Vector3) {
    let pose = linkPose(link, q) * tool
    switch target {
    case .position(let p):
      return (p - pose.position, .zero)
    case .pose(let t):
      var d = t.orientation * pose.orientation.conjugate
      if d.w < 0 { d = Quaternion(x: -d.x, y: -d.y, z: -d.z, w: -d.w) }
      return (t.position - pose.position, d.rotationVector)
    }
  }

  private func solveOnce(link: Int, target: IKTarget, tool: Pose, from q0: [Double], options: IKOptions) -> IKResult {
    let fullPose: Bool
    if case .pose = target { fullPose = true } else { fullPose = false }
    let rows = fullPose ? 6 : 3
    let w = options.orientationWeight
    var q = q0
    var (ep, er) = errors(link: link, target: target, tool: tool, q: q)
    func cost(_ ep: Vector3, _ er: Vector3) -> Double { ep.dot(ep) + w * w * er.dot(er) }
    var current = cost(ep, er)
    var lambda = options.damping
    var iterations = 0
    func done() -> Bool {
      ep.length < options.positionTolerance && (!fullPose || er.length < options.orientationTolerance)
    }
    while iterations < options.maxIterations && !done() {
      iterations += 1
      let jac = jacobian(of: link, q, point: tool.position)
      // Weighted rows: orientation rows scaled by w so both errors are in metres.
      var jw = [Double](repeating: 0, count: rows * dof)
      var e = [Double](repeating: 0, count: rows)
      for r in 0..<3 {
        for k in 0..<dof { jw[r * dof + k] = jac[r, k] }
        e[r] = ep[r]
      }
      if fullPose {
        for r in 0..<3 {
          for k in 0..<dof { jw[(r + 3) * dof + k] = w * jac[r + 3, k] }
          e[r + 3] = w * er[r]
        }
      }
      var accepted = false
      for _ in 0..<8 {
        var a = [Double](repeating: 0, count: rows * rows)
        for i in 0..<rows {
          for j in 0...i {
            var s = 0.0
            for k in 0..<dof { s += jw[i * dof + k] * jw[j * dof + k] }
            a[i * rows + j] = s
            a[j * rows + i] = s
          }
          a[i * rows + i] += lambda * lambda
        }
        guard let y = solveSymmetricPositiveDefinite(a, e, n: rows) else {
          lambda *= 10
          continue
        }
        var dq = [Double](repeating: 0, count: dof)
        var largest = 0.0
        for k in 0..<dof {
          var s = 0.0
          for i in 0..<rows { s += jw[i * dof + k] * y[i] }
          dq[k] = s
          largest = Swift.max(largest, abs(s))
        }
        let scale = largest > options.maxStep ? options.maxStep / largest : 1
        let candidate = clamped((0..<dof).map { q[$0] + scale * dq[$0] })
        let (cp, cr) = errors(link: link, target: target, tool: tool, q: candidate)
        let c = cost(cp, cr)
        if c < current {
          q = candidate
          (ep, er) = (cp, cr)
          current = c
          lambda = Swift.max(lambda * 0.3, 1e-7)
          accepted = true
          break
        }
        lambda *= 4
      }
      if !accepted { break }  // stuck: a local minimum or a joint limit; let a restart try
    }
    return IKResult(
      positions: q, positionError: ep.length, orientationError: fullPose ? er.length : 0, iterations: iterations,
      restarts: 0, converged: done())
  }
}
