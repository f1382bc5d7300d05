import AccordConfig
import AccordSweep
import Foundation

/// The sweep target: a sweep file checked as `sweep plan` checks it, its design drawn
/// and its first point's config checked as `validate` would.
enum SweepFuzz {
  /// Anchors the base (`base: ../examples/quickstart.yaml`) among the shipped configs.
  static let path = "Configs/sweeps/fuzz.yaml"
  /// Designs above this many points are skipped.
  static let maxPoints = 20_000

  static func run(_ data: Data) -> FuzzTarget.Outcome {
    guard let text = InputText.decode(data) else { return .refused("not UTF-8 text") }
    let spec: SweepSpec
    do {
      spec = try SweepSpec.load(yaml: text, path: path)
    } catch {
      return .refused("\(error)")
    }
    guard spec.pointCount <= maxPoints else { return .skipped }
    do {
      let points = try spec.points()
      guard let first = points.first else { return .refused("no design points") }
      guard spec.model.kind.simulatesWorld else { return .accepted }
      let node = try spec.config(at: first)
      _ = try ConfigLoader.check(node: node, path: spec.basePath)
      return .accepted
    } catch let error as ConfigError {
      return .refused("\(error)")
    } catch {
      return .refused("\(error)")
    }
  }
}
