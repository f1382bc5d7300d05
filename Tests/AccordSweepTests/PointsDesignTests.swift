import AccordConfig
import Foundation
import Testing

@testable import AccordSweep

/// `design: points`: every factor lists one value per point, and point i takes entry i.
@Suite struct PointsDesignTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

  func load(_ text: String) throws -> SweepSpec {
    let directory = Self.root.appendingPathComponent("Configs/sweeps")
    let file = directory.appendingPathComponent(".test-\(UUID().uuidString).yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    return try SweepSpec.load(path: file.path)
  }

  func error(_ text: String) throws -> ConfigError? {
    do {
      _ = try load(text)
      return nil
    } catch let error as ConfigError {
      return error
    }
  }

  /// The points are the lists read across, not their combinations; names may repeat.
  @Test func pointsAreTheListsReadAcross() throws {
    let spec = try load(
      """
      base: ../examples/quickstart.yaml
      design: points
      replicates: 2
      factors:
        theta: [0.6, 0.7, 0.6]
        evidence.trials: [1, 3, 5]
        persuasion.strategy: [random, random, weight-first]
      """)
    #expect(spec.pointCount == 3)
    let points = try spec.points()
    #expect(points.map { Array($0[0..<2]) } == [[0.6, 1], [0.7, 3], [0.6, 5]])
    let strategy = spec.factors[2]
    #expect(points.map { strategy.label($0[2]) } == ["random", "random", "weight-first"])
  }

  /// Lists of different lengths are refused at the second list's key; a repeated name
  /// is still refused in the other designs.
  @Test func refusals() throws {
    let short = try error(
      """
      base: ../examples/quickstart.yaml
      design: points
      factors:
        theta: [0.6, 0.7]
        evidence.trials: [1]
      """)
    #expect(short?.line == 5)
    #expect(short?.column == 3)
    #expect(short?.key == "factors.evidence.trials")
    #expect(short?.message.contains("theta lists 2, evidence.trials lists 1") == true)
    let twice = try error(
      """
      base: ../examples/quickstart.yaml
      factors:
        persuasion.strategy: [random, random]
      """)
    #expect(twice?.line == 3)
    #expect(twice?.message == "a level is listed twice")
    let bounds = try error(
      """
      base: ../examples/quickstart.yaml
      design: points
      factors:
        theta: {low: 0.5, high: 0.9}
      """)
    #expect(bounds?.message.contains("design 'points' needs levels") == true)
  }
}
