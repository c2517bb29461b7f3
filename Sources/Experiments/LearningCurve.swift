import ArmatureCore
import Foundation
import Rendering
import SceneDescription

/// A run's learning curve as a PNG (`Rendering.Plot` panels stacked): the training success rate
/// (over the trainer's recent episodes) with the periodic evaluations and their 95 % intervals,
/// the mean return, and the ADR entropy when the run uses ADR, each against environment steps.
///
/// The picture is a function of the plotted values alone (no wall-clock field), so a resumed
/// run draws the same bytes as an uninterrupted one.
public struct LearningCurve {
  public var title: String
  public var points: [CurvePoint]
  /// Where the step axis ends (the budget), so that the axes stay put while a run goes on; nil:
  /// the last point.
  public var stepBudget: Int?
  public var width = 900
  public var panelHeight = 260

  public init(title: String, points: [CurvePoint], stepBudget: Int?) {
    self.title = title
    self.points = points
    self.stepBudget = stepBudget
  }

  static let training = Color(red: 0.12, green: 0.47, blue: 0.71)
  static let evaluation = Color(red: 1.0, green: 0.5, blue: 0.05)
  static let adr = Color(red: 0.17, green: 0.63, blue: 0.17)

  /// The picture: two panels, or three with ADR.
  public func image() throws -> RGBImage {
    let steps = points.map { Double($0.environmentSteps) }
    let xRange = 0...Double(Swift.max(stepBudget ?? 0, points.last?.environmentSteps ?? 0, 1))
    let withADR = points.contains { $0.adrEntropy != nil }
    func panel(_ yLabel: String, last: Bool) -> Plot {
      var plot = Plot(
        title: yLabel == "success rate" ? title : "", xLabel: last ? "environment steps" : "", yLabel: yLabel, width: width,
        height: panelHeight)
      plot.xRange = xRange
      plot.legend = .none
      return plot
    }
    func values(_ v: [Double?]) -> [Double] { v.map { $0 ?? .nan } }

    var success = panel("success rate", last: false)
    success.yRange = 0...1
    success.legend = .bottomRight
    let evaluated = points.filter { $0.evaluationSuccessRate != nil }
    let evaluationSteps = evaluated.map { Double($0.environmentSteps) }
    if !evaluated.isEmpty {
      success.add(
        Plot.Band(
          name: "evaluation, 95% interval", x: evaluationSteps, lower: values(evaluated.map(\.evaluationSuccessLow)),
          upper: values(evaluated.map(\.evaluationSuccessHigh)), color: Self.evaluation))
    }
    success.add(Plot.Series(name: "training (recent episodes)", x: steps, y: values(points.map(\.successRate)), color: Self.training))
    if !evaluated.isEmpty {
      success.add(
        Plot.Series(
          name: "evaluation", x: evaluationSteps, y: values(evaluated.map(\.evaluationSuccessRate)), color: Self.evaluation,
          style: .points))
    }

    var meanReturn = panel("mean return", last: !withADR)
    let returns = values(points.map(\.meanReturn))
    if !returns.contains(where: \.isFinite) { meanReturn.yRange = -1...1 }
    meanReturn.add(Plot.Series(name: "training episodes", x: steps, y: returns, color: Self.training))

    var panels = [try success.render(), try meanReturn.render()]
    if withADR {
      var entropy = panel("ADR entropy", last: true)
      entropy.add(Plot.Series(name: "ADR entropy", x: steps, y: values(points.map(\.adrEntropy)), color: Self.adr))
      panels.append(try entropy.render())
    }
    return try ContactSheet.tile(panels, columns: 1, spacing: 0, background: Color(red: 1, green: 1, blue: 1))
  }

  /// Writes the picture to `path` atomically.
  public func write(to path: String) throws {
    try AtomicFile.write(try PNG.encode(image(), file: path), to: path)
  }
}
