import Foundation
import Testing

@testable import AccordFuzz

/// The fuzz corpus and every crash the fuzzer found, replayed through the same targets
/// libFuzzer drives (`scripts/fuzz.sh`): none may trap, and each target both accepts and
/// refuses some of its seeds, so the replay exercises both paths.
///
/// Serialized: each test sets the process's working directory and restores the one it
/// found, so two at once could restore it under the other mid-replay.
@Suite(.serialized) struct CorpusReplayTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The files of `Fuzz/corpus/TARGET` and `Fuzz/crashes/TARGET` (absent: none).
  static func inputs(_ target: FuzzTarget) -> [URL] {
    ["corpus", "crashes"].flatMap { folder -> [URL] in
      let directory = root.appendingPathComponent("Fuzz/\(folder)/\(target.rawValue)")
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      return names.sorted().filter { !$0.hasPrefix(".") }.map {
        directory.appendingPathComponent($0)
      }
    }
  }

  @Test(arguments: FuzzTarget.allCases)
  func corpusReplaysWithoutATrap(target: FuzzTarget) throws {
    // The targets resolve relative paths (bases, edge lists) from the repository root.
    let previous = FileManager.default.currentDirectoryPath
    FileManager.default.changeCurrentDirectoryPath(Self.root.path)
    defer { FileManager.default.changeCurrentDirectoryPath(previous) }
    let files = Self.inputs(target)
    #expect(files.count >= 5, "\(target.rawValue): \(files.count) seeds")
    var accepted = 0
    var refused = 0
    for file in files {
      switch target.run(try Data(contentsOf: file)) {
      case .accepted: accepted += 1
      case .refused(let message):
        refused += 1
        #expect(!message.isEmpty, "\(file.lastPathComponent): an empty refusal")
      case .skipped: break
      }
    }
    #expect(accepted > 0, "\(target.rawValue): no seed is accepted")
    #expect(refused > 0, "\(target.rawValue): no seed is refused")
  }

  /// Known answers, so that a target that accepted or refused everything would fail.
  @Test func targetsDecideAsTheCommandsDo() throws {
    let previous = FileManager.default.currentDirectoryPath
    FileManager.default.changeCurrentDirectoryPath(Self.root.path)
    defer { FileManager.default.changeCurrentDirectoryPath(previous) }
    let quickstart = try Data(
      contentsOf: Self.root.appendingPathComponent("Configs/examples/quickstart.yaml"))
    #expect(FuzzTarget.config.run(quickstart) == .accepted)
    let set = Data("#set theta=2\n".utf8) + quickstart
    guard case .refused(let message) = FuzzTarget.config.run(set) else {
      Issue.record("theta=2 was not refused")
      return
    }
    #expect(message.contains("theta"))
    let big = Data("nations:\n  - name: A\n    agents:\n      - {name: a, count: 9000}\n".utf8)
    #expect(FuzzTarget.config.run(big) == .skipped)
    #expect(FuzzTarget.edgeList.run(Data("source,target\na,b\n".utf8)) == .accepted)
    #expect(FuzzTarget.edgeList.run(Data("source,target\na,zz\n".utf8)) != .accepted)
    #expect(FuzzTarget.message.run(Data(#"{"type":"hello"}"#.utf8)) == .accepted)
    #expect(FuzzTarget.message.run(Data("{".utf8)) != .accepted)
    let sweep = Data("base: ../examples/quickstart.yaml\nfactors:\n  theta: [0.6, 0.8]\n".utf8)
    #expect(FuzzTarget.sweep.run(sweep) == .accepted)
    let badSweep = Data("base: ../examples/quickstart.yaml\nfactors:\n  theta: [0.6, 7]\n".utf8)
    #expect(FuzzTarget.sweep.run(badSweep) != .accepted)
  }
}
