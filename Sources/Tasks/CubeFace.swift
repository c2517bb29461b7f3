import ArmatureCore

/// A face of the lettered cube of the reorientation task, after the block of OpenAI's Dactyl: each
/// face has its own colour and one letter of "OPENAI".
public enum CubeFace: String, CaseIterable, Hashable, Sendable, Codable {
  case plusX, minusX, plusY, minusY, plusZ, minusZ

  /// The face's outward normal in the cube's own frame.
  public var normal: Vector3 {
    switch self {
    case .plusX: return Vector3(1, 0, 0)
    case .minusX: return Vector3(-1, 0, 0)
    case .plusY: return Vector3(0, 1, 0)
    case .minusY: return Vector3(0, -1, 0)
    case .plusZ: return Vector3(0, 0, 1)
    case .minusZ: return Vector3(0, 0, -1)
    }
  }

  /// The letter printed on the face.
  public var letter: Character {
    switch self {
    case .plusX: return "O"
    case .minusX: return "P"
    case .plusY: return "E"
    case .minusY: return "N"
    case .plusZ: return "A"
    case .minusZ: return "I"
    }
  }

  /// The colour's name, as instructions say it.
  public var colorName: String {
    switch self {
    case .plusX: return "red"
    case .minusX: return "green"
    case .plusY: return "blue"
    case .minusY: return "yellow"
    case .plusZ: return "orange"
    case .minusZ: return "purple"
    }
  }

  /// The face's colour.
  public var color: (red: Double, green: Double, blue: Double) {
    switch self {
    case .plusX: return (0.85, 0.1, 0.1)
    case .minusX: return (0.1, 0.7, 0.2)
    case .plusY: return (0.1, 0.25, 0.85)
    case .minusY: return (0.95, 0.85, 0.1)
    case .plusZ: return (0.95, 0.5, 0.05)
    case .minusZ: return (0.5, 0.15, 0.7)
    }
  }

  /// "the red face with the letter O".
  public var spokenName: String { "the \(colorName) face with the letter \(letter)" }

  /// The angle in radians between this face's normal, on a cube with orientation `q`, and the
  /// world's up direction (+z). The face is on top when the angle is small.
  public func angleFromUp(_ q: Quaternion) -> Double {
    let n = q.rotate(normal)
    return Double.atan2(y: (n.x * n.x + n.y * n.y).squareRoot(), x: n.z)
  }

  /// The rotation that puts this face on top (its normal along +z) by the shortest turn.
  public static func turningUp(_ face: CubeFace) -> Quaternion {
    switch face {
    case .plusZ: return .identity
    case .minusZ: return Quaternion(axis: Vector3(1, 0, 0), angle: .pi)
    default:
      // A quarter turn about normal × z.
      return Quaternion(axis: face.normal.cross(Vector3(0, 0, 1)), angle: .pi / 2)
    }
  }

  /// The face whose normal points most nearly up on a cube with orientation `q`.
  public static func up(_ q: Quaternion) -> CubeFace {
    allCases.min { $0.angleFromUp(q) < $1.angleFromUp(q) }!
  }
}
