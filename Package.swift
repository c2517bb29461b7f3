// swift-tools-version:6.2
import PackageDescription

/// Every Armature target is built in the Swift 6 language mode with warnings as errors.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
  name: "Armature",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "armature", targets: ["armature"]),
    .library(name: "ArmatureCore", targets: ["ArmatureCore"]),
    .library(name: "SceneDescription", targets: ["SceneDescription"]),
    .library(name: "Kinematics", targets: ["Kinematics"]),
    .library(name: "Physics", targets: ["Physics"]),
    .library(name: "EnvInterface", targets: ["EnvInterface"]),
    .library(name: "Rendering", targets: ["Rendering"]),
    .library(name: "Randomization", targets: ["Randomization"]),
    .library(name: "NN", targets: ["NN"]),
    .library(name: "Policies", targets: ["Policies"]),
    .library(name: "RL", targets: ["RL"]),
    .library(name: "Tasks", targets: ["Tasks"]),
    .library(name: "Experiments", targets: ["Experiments"]),
    .library(name: "Hardware", targets: ["Hardware"]),
    .library(name: "Twin", targets: ["Twin"]),
    .library(name: "Replay", targets: ["Replay"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
  ],
  targets: [
    // MARK: System libraries (Debian packages found through pkg-config)
    .systemLibrary(name: "CODE", pkgConfig: "ode", providers: [.apt(["libode-dev"])]),
    .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .target(name: "_CShims", dependencies: ["CODE", "CPNG"]),

    // MARK: Libraries
    .target(name: "ArmatureCore", swiftSettings: strict),
    .target(
      name: "SceneDescription",
      dependencies: ["ArmatureCore", .product(name: "Yams", package: "Yams")],
      swiftSettings: strict),
    .target(name: "EnvInterface", dependencies: ["ArmatureCore"], swiftSettings: strict),
    .target(name: "Kinematics", dependencies: ["ArmatureCore", "SceneDescription"], swiftSettings: strict),
    .target(name: "Randomization", dependencies: ["ArmatureCore", "SceneDescription"], swiftSettings: strict),
    .target(
      name: "Physics",
      dependencies: ["ArmatureCore", "SceneDescription", "Kinematics", "CODE", "_CShims"],
      swiftSettings: strict),
    .target(
      name: "Rendering",
      dependencies: ["ArmatureCore", "SceneDescription", "CPNG", "_CShims"],
      swiftSettings: strict),
    .target(name: "NN", dependencies: ["ArmatureCore", "COpenBLAS"], swiftSettings: strict),
    .target(name: "Policies", dependencies: ["ArmatureCore", "NN", "EnvInterface"], swiftSettings: strict),
    .target(
      name: "RL", dependencies: ["ArmatureCore", "SceneDescription", "NN", "EnvInterface", "Policies"],
      swiftSettings: strict),

    .target(
      name: "Tasks",
      dependencies: [
        "ArmatureCore", "EnvInterface", "Physics", "Kinematics", "Randomization", "Rendering", "SceneDescription",
      ],
      swiftSettings: strict),

    .target(
      name: "Experiments",
      dependencies: [
        "ArmatureCore", "SceneDescription", "EnvInterface", "Randomization", "NN", "Policies", "RL", "Rendering", "Tasks",
      ],
      swiftSettings: strict),
    .target(name: "Hardware", dependencies: ["ArmatureCore", "EnvInterface"], swiftSettings: strict),
    .target(name: "Twin", dependencies: ["Hardware", "ArmatureCore", "SceneDescription", "Physics"], swiftSettings: strict),
    .target(
      name: "Replay", dependencies: ["Hardware", "Tasks", "Policies", "Experiments", "EnvInterface", "ArmatureCore"],
      swiftSettings: strict),

    // MARK: Command-line tool
    .executableTarget(
      name: "armature",
      dependencies: [
        "ArmatureCore", "SceneDescription", "Kinematics", "Physics", "NN", "Rendering", "Hardware", "Twin", "Experiments",
        "Tasks", "EnvInterface", "Replay", "Policies", "Randomization",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict),

    // MARK: Tests
    .target(name: "_TestSupport", dependencies: ["ArmatureCore", "EnvInterface"], swiftSettings: strict),
    .testTarget(
      name: "ArmatureCoreTests", dependencies: ["ArmatureCore", "_TestSupport"], exclude: ["Reference"],
      swiftSettings: strict),
    .testTarget(
      name: "SceneDescriptionTests", dependencies: ["SceneDescription", "_TestSupport"], swiftSettings: strict),
    .testTarget(name: "PhysicsTests", dependencies: ["Physics", "SceneDescription", "_TestSupport"], swiftSettings: strict),
    .testTarget(
      name: "RenderingTests",
      dependencies: [
        "Rendering", "SceneDescription", "Kinematics", "_TestSupport", .product(name: "Yams", package: "Yams"),
      ],
      exclude: ["Snapshots"], swiftSettings: strict),
    .testTarget(name: "RandomizationTests", dependencies: ["Randomization", "SceneDescription", "_TestSupport"], swiftSettings: strict),
    .testTarget(name: "EnvInterfaceTests", dependencies: ["EnvInterface", "Tasks", "_TestSupport"], swiftSettings: strict),
    .testTarget(name: "NNTests", dependencies: ["NN", "_TestSupport"], swiftSettings: strict),
    .testTarget(
      name: "PoliciesTests", dependencies: ["Policies", "NN", "EnvInterface", "Tasks", "_TestSupport"], swiftSettings: strict),
    .testTarget(
      name: "RLTests", dependencies: ["RL", "Policies", "NN", "EnvInterface", "ArmatureCore", "Tasks", "_TestSupport"],
      exclude: ["reference_values.py"], swiftSettings: strict),
    .testTarget(
      name: "TasksTests",
      dependencies: [
        "Tasks", "Randomization", "EnvInterface", "Rendering", "Physics", "SceneDescription", "ArmatureCore", "_TestSupport",
      ],
      swiftSettings: strict),
    .testTarget(
      name: "ExperimentsTests",
      dependencies: ["Experiments", "Tasks", "Randomization", "RL", "Policies", "EnvInterface", "Rendering", "_TestSupport"],
      exclude: ["wilson_reference.py"], swiftSettings: strict),
    .testTarget(name: "CLITests", dependencies: ["ArmatureCore", "Experiments", "Rendering", "_TestSupport"], swiftSettings: strict),
    .testTarget(name: "URDFTests", dependencies: ["SceneDescription", "_TestSupport"], swiftSettings: strict),
    .testTarget(
      name: "KinematicsTests", dependencies: ["Kinematics", "SceneDescription", "_TestSupport"],
      exclude: ["Reference"], swiftSettings: strict),
    .testTarget(
      name: "RobotTests", dependencies: ["Physics", "Kinematics", "SceneDescription", "_TestSupport"],
      swiftSettings: strict),
    .testTarget(
      name: "HardwareTests", dependencies: ["Hardware", "EnvInterface", "ArmatureCore", "_TestSupport"],
      exclude: ["Golden", "Reference"], swiftSettings: strict),
    .testTarget(
      name: "TwinTests", dependencies: ["Twin", "Hardware", "ArmatureCore", "SceneDescription", "_TestSupport"],
      exclude: ["peers"],
      swiftSettings: strict),
    .testTarget(
      name: "ReplayTests",
      dependencies: ["Replay", "Twin", "Hardware", "Tasks", "EnvInterface", "ArmatureCore", "SceneDescription", "_TestSupport"],
      swiftSettings: strict),
  ]
)
