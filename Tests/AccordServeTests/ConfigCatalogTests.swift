import AccordServe
import Foundation
import Testing

/// Only shipped configs and world files under the working directory can be named.
@Suite struct ConfigCatalogTests {
  @Test func listsTheShippedExamplesAndPaperWorlds() throws {
    let catalog = ServeFixtures.catalog()
    let ids = catalog.entries.map(\.id)
    for id in ["examples/quickstart.yaml", "examples/ozone.yaml", "papers/worlds/pie.yaml"] {
      #expect(ids.contains(id), "\(id)")
    }
    let quickstart = try catalog.resolve("examples/quickstart.yaml")
    #expect(quickstart.path.hasSuffix("/Configs/examples/quickstart.yaml"))
    #expect(quickstart.group == "examples")
    // Sweep files are not worlds, and shipped files are listed once.
    #expect(!ids.contains { $0.contains("Configs/sweeps") })
    #expect(!ids.contains("./Configs/examples/quickstart.yaml"))
  }

  @Test func refusesTraversalAbsolutePathsAndUnlistedNames() {
    let catalog = ServeFixtures.catalog()
    func kindAndMessage(_ id: String) -> (MessageError.Kind, String)? {
      do {
        _ = try catalog.resolve(id)
        return nil
      } catch {
        return (error.kind, error.message)
      }
    }
    for id in ["../../etc/passwd", "examples/../../../etc/passwd", "./..", "..\\..\\etc\\passwd"] {
      let refused = kindAndMessage(id)
      #expect(refused?.0 == .refusedPath, "\(id)")
      #expect(refused?.1.contains("path traversal") == true, "\(id)")
    }
    for id in ["/etc/passwd", "~/world.yaml", "C:\\world.yaml", "file:///etc/passwd"] {
      #expect(kindAndMessage(id)?.1.contains("absolute paths") == true, "\(id)")
    }
    for id in ["examples/none.yaml", "Package.swift", "", "a\0b"] {
      #expect(kindAndMessage(id)?.0 == .refusedPath, "\(id)")
    }
  }

  @Test func workingDirectoryListsWorldsButNothingOutsideIt() throws {
    let fm = FileManager.default
    let base = fm.temporaryDirectory.appendingPathComponent("accord-serve-\(UUID().uuidString)")
    let cwd = base.appendingPathComponent("work")
    let outside = base.appendingPathComponent("outside")
    try fm.createDirectory(
      at: cwd.appendingPathComponent("worlds"), withIntermediateDirectories: true)
    try fm.createDirectory(
      at: cwd.appendingPathComponent(".hidden"), withIntermediateDirectories: true)
    try fm.createDirectory(at: outside, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: base) }
    let world = "steps: 5\nnations:\n  - name: A\n    agents:\n      - name: a\n"
    try world.write(
      to: cwd.appendingPathComponent("worlds/mine.yaml"), atomically: true, encoding: .utf8)
    try world.write(
      to: cwd.appendingPathComponent(".hidden/secret.yaml"), atomically: true, encoding: .utf8)
    try "designs: []\n".write(
      to: cwd.appendingPathComponent("sweep.yaml"), atomically: true, encoding: .utf8)
    try world.write(
      to: outside.appendingPathComponent("other.yaml"), atomically: true, encoding: .utf8)
    try fm.createSymbolicLink(
      atPath: cwd.appendingPathComponent("escape.yaml").path,
      withDestinationPath: outside.appendingPathComponent("other.yaml").path)
    let catalog = ConfigCatalog(workingDirectory: cwd.path, shippedRoot: nil)
    #expect(catalog.entries.map(\.id) == ["./worlds/mine.yaml"])
    #expect(throws: MessageError.self) { try catalog.resolve("./escape.yaml") }
  }
}
