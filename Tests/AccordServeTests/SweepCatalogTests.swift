import Foundation
import Testing

@testable import AccordServe

/// The listing's bounds: each tab lists the stores anew, so its walk must stay bounded
/// however large the served tree.
@Suite struct SweepCatalogTests {
  @Test func listingStopsAfterItsFolderBudget() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("accord-catalog-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    // Folders sort by name, so `d0000` is read first and `d2100` after the budget.
    let count = SweepCatalog.maxVisited + 100
    for k in 0...count {
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent(String(format: "d%04d", k)),
        withIntermediateDirectories: true)
    }
    for name in ["d0000", String(format: "d%04d", count)] {
      FileManager.default.createFile(
        atPath: root.appendingPathComponent("\(name)/sweep.sqlite").path, contents: Data())
    }
    #expect(SweepCatalog(workingDirectory: root.path).entries.map(\.id) == ["./d0000"])
    // Within the budget, both are listed: the bound, not the walk, leaves the last out.
    for k in 1...200 {
      try FileManager.default.removeItem(
        at: root.appendingPathComponent(String(format: "d%04d", k)))
    }
    #expect(
      SweepCatalog(workingDirectory: root.path).entries.map(\.id)
        == ["./d0000", String(format: "./d%04d", count)])
  }
}
