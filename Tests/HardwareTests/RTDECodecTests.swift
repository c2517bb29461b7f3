import Foundation
import Hardware
import Testing

/// The golden packages of `Golden/rtde-packages.hex` (hand-built from the RTDE guide and checked
/// by `Golden/check_golden.py` with Python's struct module).
let golden: [String: [UInt8]] = {
  let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Golden/rtde-packages.hex"
  ).path
  let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  var blocks: [String: [UInt8]] = [:]
  var name: String?
  for raw in text.split(separator: "\n") {
    let line = raw.trimmingCharacters(in: .whitespaces)
    if line.hasPrefix("## ") {
      name = String(line.dropFirst(3))
      blocks[name!] = []
    } else if !line.isEmpty, !line.hasPrefix("#"), let name {
      blocks[name]! += line.split(separator: " ").map { UInt8($0, radix: 16)! }
    }
  }
  return blocks
}()

let clientMessages: [String: RTDEClientMessage] = [
  "client.V": .requestProtocolVersion(2),
  "client.v": .getControllerVersion,
  "client.O": .setupOutputs(frequency: 500, names: ["timestamp", "actual_q"]),
  "client.I": .setupInputs(names: ["input_int_register_0", "input_double_register_0"]),
  "client.S": .start,
  "client.P": .pause,
  "client.U": .data(recipeID: 1, fields: [0, 0, 0, 0x0b, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0]),
  "client.M": .text(RTDETextMessage("hi", source: "me", level: .info)),
]

let controllerMessages: [String: RTDEControllerMessage] = [
  "controller.V": .protocolVersionAccepted(true),
  "controller.v": .controllerVersion(RTDEControllerVersion(major: 5, minor: 15, bugfix: 0, build: 0)),
  "controller.O": .outputsSetUp(recipeID: 1, fields: [.type(.double), .type(.vector6d)]),
  "controller.O.notFound": .outputsSetUp(recipeID: 0, fields: [.type(.double), .notFound]),
  "controller.I": .inputsSetUp(recipeID: 1, fields: [.type(.int32), .type(.double)]),
  "controller.I.inUse": .inputsSetUp(recipeID: 0, fields: [.inUse, .type(.double)]),
  "controller.S": .startAccepted(true),
  "controller.P": .pauseAccepted(true),
  "controller.M": .text(RTDETextMessage("ok", source: "RTDE", level: .error)),
]

@Suite struct RTDECodecTests {
  @Test func goldenFileHasEveryPackageType() {
    #expect(golden.count == 19)
    let clientTypes = Set(clientMessages.values.map(\.type))
    let controllerTypes = Set(controllerMessages.values.map(\.type)).union([.dataPackage])
    #expect(clientTypes == Set(RTDEPackageType.allCases))
    #expect(controllerTypes == Set(RTDEPackageType.allCases))
  }

  @Test(arguments: clientMessages.keys.sorted())
  func clientPackagesMatchGolden(name: String) throws {
    let message = try #require(clientMessages[name])
    let bytes = try #require(golden[name])
    #expect(message.encoded() == bytes)
    var framer = RTDEFramer()
    framer.append(bytes)
    let package = try #require(try framer.next())
    #expect(try RTDEClientMessage.decode(package) == message)
  }

  @Test(arguments: controllerMessages.keys.sorted())
  func controllerPackagesMatchGolden(name: String) throws {
    let message = try #require(controllerMessages[name])
    let bytes = try #require(golden[name])
    #expect(message.encoded() == bytes)
    var framer = RTDEFramer()
    framer.append(bytes)
    #expect(try RTDEControllerMessage.decode(try #require(try framer.next())) == message)
  }

  @Test func dataPackageFieldsMatchGolden() throws {
    let recipe = RTDERecipe(id: 1, names: ["timestamp", "actual_q"], types: [.double, .vector6d])
    let values: [RTDEValue] = [.double(1.25), .vector6d([0, -1.5, 1.5, 0, 0.25, -0.125])]
    let message = RTDEControllerMessage.data(recipeID: 1, fields: try recipe.encode(values))
    #expect(message.encoded() == golden["controller.U"])
    guard case .data(let id, let fields) = message else { return }
    #expect(id == 1)
    #expect(try recipe.decode(fields) == values)
  }

  @Test func everyFieldTypeMatchesGolden() throws {
    let types = RTDEFieldType.allCases
    let recipe = RTDERecipe(id: 7, names: types.map(\.rawValue), types: types)
    let values: [RTDEValue] = [
      .bool(true), .uint8(0xAB), .uint32(0x0102_0304), .int32(-2), .uint64(0x0102_0304_0506_0708), .double(-0.5),
      .vector3d([1, 2, 3]), .vector6d([1, -1, 2, -2, 0.5, -0.5]), .vector6int32([1, -1, 2, -2, 253, 0]),
      .vector6uint32([0, 1, 2, 3, 4, UInt32.max]),
    ]
    #expect(values.map(\.type) == types)
    let bytes = try #require(golden["controller.U.allTypes"])
    #expect(RTDEControllerMessage.data(recipeID: 7, fields: try recipe.encode(values)).encoded() == bytes)
    #expect(try recipe.decode(Array(bytes.dropFirst(4))) == values)
    #expect(recipe.fieldsSize == 146)
  }

  @Test func framerReassemblesPackagesSplitAnywhere() throws {
    let stream = golden.keys.sorted().flatMap { golden[$0]! }
    for chunk in [1, 2, 3, 7, 64, stream.count] {
      var framer = RTDEFramer()
      var count = 0
      var offset = 0
      while offset < stream.count {
        framer.append(Array(stream[offset..<min(stream.count, offset + chunk)]))
        offset += chunk
        while try framer.next() != nil { count += 1 }
      }
      #expect(count == golden.count)
      #expect(framer.bufferedCount == 0)
    }
  }

  @Test func malformedInputGivesTypedErrors() throws {
    var framer = RTDEFramer()
    framer.append([0x00, 0x02, 0x56])
    #expect(throws: RTDEError.malformedHeader(declaredSize: 2)) { try framer.next() }

    #expect(throws: RTDEError.unknownPackageType(0x58)) {
      try RTDEClientMessage.decode(RTDEPackage(type: 0x58, payload: []))
    }
    #expect(throws: RTDEError.wrongPayloadSize(context: RTDEPackageType.requestProtocolVersion.description, expected: 2, actual: 3)) {
      try RTDEClientMessage.decode(RTDEPackage(type: 0x56, payload: [0, 2, 0]))
    }
    #expect(throws: RTDEError.self) { try RTDEClientMessage.decode(RTDEPackage(type: 0x4f, payload: [0x40, 0x7f])) }
    #expect(throws: RTDEError.invalidText(context: RTDEPackageType.setupInputs.description)) {
      try RTDEClientMessage.decode(RTDEPackage(type: 0x49, payload: [0xff, 0xfe]))
    }
    let recipe = RTDERecipe(id: 1, names: ["timestamp"], types: [.double])
    #expect(throws: RTDEError.wrongPayloadSize(context: "DATA_PACKAGE recipe 1", expected: 8, actual: 7)) {
      try recipe.decode([0, 0, 0, 0, 0, 0, 0])
    }
    #expect(throws: RTDEError.self) { try recipe.encode([.int32(1)]) }
    #expect(throws: RTDEError.self) { try RTDERecipe(id: 2, names: ["q"], types: [.vector6d]).encode([.vector6d([1, 2])]) }
  }

  @Test func nameListsToleratesTrailingCommaAndKeepsOrder() throws {
    // ur_rtde ends its name lists with a comma.
    let payload = [UInt8](repeating: 0, count: 8) + Array("actual_q,timestamp,".utf8)
    let message = try RTDEClientMessage.decode(RTDEPackage(type: 0x4f, payload: payload))
    #expect(message == .setupOutputs(frequency: 0, names: ["actual_q", "timestamp"]))
  }

  @Test func variableTableCoversURRTDEDefaultsWithGuideTypes() {
    let names = RTDEVariables.urRTDEDefaultOutputs
    #expect(names.count == 58)
    #expect(names.allSatisfy { RTDEVariables.variable($0)?.canBeOutput == true })
    let expected: [String: RTDEFieldType] = [
      "timestamp": .double, "actual_q": .vector6d, "actual_TCP_pose": .vector6d, "robot_mode": .int32,
      "safety_mode": .int32, "joint_mode": .vector6int32, "runtime_state": .uint32, "robot_status_bits": .uint32,
      "safety_status_bits": .uint32, "actual_digital_input_bits": .uint64, "actual_tool_accelerometer": .vector3d,
      "output_int_register_2": .int32, "output_double_register_19": .double, "input_bit_register_64": .bool,
      "standard_digital_output": .uint8, "speed_slider_mask": .uint32, "payload_cog": .vector3d,
    ]
    for (name, type) in expected { #expect(RTDEVariables.type(of: name) == type, "\(name)") }
    #expect(RTDEVariables.variable("input_int_register_47")?.direction == .inputAndOutput)
    #expect(RTDEVariables.variable("standard_digital_output")?.canBeOutput == false)
    #expect(RTDEVariables.variable("actual_q")?.canBeInput == false)
    #expect(RTDEVariables.variable("input_int_register_48") == nil)
    #expect(RTDEVariables.variable("no_such_variable") == nil)
  }
}
