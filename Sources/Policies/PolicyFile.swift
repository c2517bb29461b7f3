import ArmatureCore
import EnvInterface
import Foundation
import NN

/// The policy file: a `ParameterArchive` of kind `policy` whose metadata records the policy
/// type, its schema version, the architecture, the observation and action spaces, the frozen
/// observation normalization and the provenance (task, config hash, seed, trainer, steps), and
/// whose one array `parameters` holds the weights. Written atomically; every error on loading
/// names the file and the mismatch.
public enum PolicyFile {
  /// The archive kind of policy files.
  public static let kind = "policy"
  /// The version of the metadata schema this build writes and reads.
  public static let schemaVersion = 1

  /// The policy types a file can hold.
  public enum PolicyType: String, Codable, Sendable { case gaussianMLP = "gaussian-mlp" }

  struct Metadata: Codable {
    var schemaVersion: Int
    var policyType: String
    var network: Network
    var head: GaussianHead
    var observationSpace: BoxSpace
    var actionSpace: BoxSpace
    var normalization: ObservationNormalization?
    var provenance: PolicyProvenance
  }

  /// Writes `policy` to `path` atomically.
  public static func save(_ policy: GaussianMLPPolicy, to path: String) throws {
    let metadata = Metadata(
      schemaVersion: schemaVersion, policyType: PolicyType.gaussianMLP.rawValue, network: policy.network, head: policy.head,
      observationSpace: policy.observationSpace, actionSpace: policy.actionSpace, normalization: policy.normalization,
      provenance: policy.provenance)
    try ParameterArchive(kind: kind, metadata: metadata, arrays: [("parameters", policy.parameters)]).write(to: path)
  }

  /// Reads the policy at `path` (deterministic action selection).
  public static func load(_ path: String) throws -> GaussianMLPPolicy {
    let archive = try ParameterArchive.read(from: path, kind: kind)
    let probe = try archive.decodeMetadata(VersionProbe.self, file: path)
    guard probe.schemaVersion == schemaVersion else {
      throw LocatedError(
        file: path, context: "schemaVersion",
        message: "policy schema version \(probe.schemaVersion) is not supported (this build reads version \(schemaVersion))")
    }
    guard PolicyType(rawValue: probe.policyType) != nil else {
      throw LocatedError(file: path, context: "policyType", message: "unknown policy type '\(probe.policyType)'")
    }
    let m = try archive.decodeMetadata(Metadata.self, file: path)
    func fail(_ context: String, _ message: String) -> LocatedError { LocatedError(file: path, context: context, message: message) }
    guard m.network.inputSize == m.observationSpace.count else {
      throw fail("network", "takes \(m.network.inputSize) inputs but the observation space has \(m.observationSpace.count) values")
    }
    guard m.head.actionCount == m.actionSpace.count else {
      throw fail("head", "produces \(m.head.actionCount) actions but the action space has \(m.actionSpace.count)")
    }
    guard m.network.outputSize == m.head.inputCount else {
      throw fail("network", "has \(m.network.outputSize) outputs but the head reads \(m.head.inputCount)")
    }
    if let n = m.normalization, n.statistics.dimension != m.observationSpace.count {
      throw fail("normalization", "has \(n.statistics.dimension) values but the observation space has \(m.observationSpace.count)")
    }
    let parameters = try archive.array("parameters", count: m.network.parameterCount + m.head.parameterCount, file: path)
    guard parameters.allSatisfy({ $0.isFinite }) else { throw fail("parameters", "holds non-finite weights") }
    return GaussianMLPPolicy(
      network: m.network, head: m.head, parameters: parameters, normalization: m.normalization,
      observationSpace: m.observationSpace, actionSpace: m.actionSpace, provenance: m.provenance)
  }

  /// Reads the policy at `path` and checks that it fits an environment with these spaces (and,
  /// when given, that it was trained on `task`).
  public static func load(_ path: String, observationSpace: BoxSpace, actionSpace: BoxSpace, task: String? = nil) throws
    -> GaussianMLPPolicy
  {
    let policy = try load(path)
    if let task, policy.provenance.task != task {
      throw LocatedError(file: path, context: "provenance.task", message: "the policy was trained on '\(policy.provenance.task)', not '\(task)'")
    }
    if let problem = mismatch(policy.observationSpace, observationSpace) {
      throw LocatedError(file: path, context: "observationSpace", message: problem)
    }
    if let problem = mismatch(policy.actionSpace, actionSpace) {
      throw LocatedError(file: path, context: "actionSpace", message: problem)
    }
    return policy
  }

  private struct VersionProbe: Decodable {
    var schemaVersion: Int
    var policyType: String
  }

  /// Words for how the policy's space differs from the environment's, or nil when they agree.
  public static func mismatch(_ policy: BoxSpace, _ environment: BoxSpace) -> String? {
    func names(_ s: BoxSpace) -> String { s.components.map { "\($0.name)[\($0.range.count)]" }.joined(separator: ", ") }
    if policy.count != environment.count || policy.components != environment.components {
      return "the policy expects \(policy.count) values (\(names(policy))), the environment has \(environment.count) (\(names(environment)))"
    }
    if policy.low != environment.low || policy.high != environment.high {
      let i = (0..<policy.count).first { policy.low[$0] != environment.low[$0] || policy.high[$0] != environment.high[$0] }!
      return "bounds differ at element \(i): the policy has [\(policy.low[i]), \(policy.high[i])], the environment [\(environment.low[i]), \(environment.high[i])]"
    }
    return nil
  }
}
