import Dispatch
import Foundation
import Synchronization
import XCTest

/// Mutated configs and sweep files through the binary: every command exits with one
/// line of error or succeeds, never traps, and `validate` (or `sweep plan`) accepts
/// exactly what `run` (or `sweep run`) accepts.
///
/// Every shipped file under `Configs/` is mutated with a fixed seed (lines deleted,
/// duplicated and swapped; numbers made extreme; values of another type; truncation;
/// random bytes). `ACCORD_FUZZ_VARIANTS` sets the number of variants. `swift test` takes
/// the first 400 of the fixed-seed sequence (every shipped file mutated at least 3 times),
/// so the suite stays within its time budget; `scripts/fuzz.sh cli` runs 2,000, whose
/// first 400 are the same inputs. The million-agent benchmark worlds are left out unless
/// `ACCORD_FUZZ_LARGE=1` (`scripts/fuzz.sh cli` sets it too): each is `large.yaml`'s keys
/// at larger counts, so its mutations test the same decoding and checks, at about 25 s of
/// a debug build's CPU a run.
/// Inputs that ever crashed are kept in `Fixtures/crashers` and rerun every time.
final class FuzzTests: XCTestCase {
  static let root = CLITests.root

  /// Extreme and awkward values for numbers.
  static let extremes = [
    "0", "-1", "2.5", "1e-300", "1e19", "9223372036854775807", "-9223372036854775808",
    "4294967295", ".nan", ".inf", "-.inf", "1e308", "0.999999999", "1e-9",
  ]

  /// Values of other types.
  static let flips = ["[1, 2]", "{a: 1}", "true", "'text'", "~", "[]", "{}", "\"\"", "- x"]

  struct Variant {
    var file: URL
    var sweep: Bool
    var origin: String
  }

  struct Finding: CustomStringConvertible {
    var origin: String
    var file: URL
    var what: String
    var description: String { "\(origin) (\(file.lastPathComponent)): \(what)" }
  }

  var scratch: URL!

  override func setUpWithError() throws {
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-fuzz-\(UUID().uuidString)")
    // A copy of Configs/, so relative paths (base configs, edge lists) resolve.
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Self.root.appendingPathComponent("Configs"),
      to: scratch.appendingPathComponent("Configs"))
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: scratch)
  }

  /// Shipped worlds of a million agents, mutated only with `ACCORD_FUZZ_LARGE=1`.
  static let largeWorlds: Set<String> = ["bench/million.yaml", "bench/equal-million.yaml"]

  /// The shipped YAML files, relative to Configs/.
  static func shippedFiles() throws -> [String] {
    let configs = root.appendingPathComponent("Configs")
    let enumerator = FileManager.default.enumerator(atPath: configs.path)
    var files: [String] = []
    while let path = enumerator?.nextObject() as? String {
      if path.hasSuffix(".yaml") { files.append(path) }
    }
    return files.sorted()
  }

  /// One mutation of `text`.
  static func mutate(_ text: String, _ random: inout SplitMix) -> Data {
    func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let count = 1 + Int(random.next() % 3)
    for _ in 0..<count {
      guard !lines.isEmpty else { break }
      let i = Int(random.next() % UInt64(lines.count))
      switch random.next() % 8 {
      case 0: lines.remove(at: i)
      case 1: lines.insert(lines[i], at: i)
      case 2: lines.swapAt(i, Int(random.next() % UInt64(lines.count)))
      case 3, 4:
        // A number made extreme.
        let numbers = lines.indices.filter {
          lines[$0].range(of: #"-?[0-9][0-9.e+-]*"#, options: .regularExpression) != nil
            && !lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("#")
        }
        guard let j = numbers.isEmpty ? nil : pick(numbers),
          let r = lines[j].range(of: #"-?[0-9][0-9.e+-]*"#, options: .regularExpression)
        else { continue }
        lines[j].replaceSubrange(r, with: pick(extremes))
      case 5:
        // A value of another type.
        if let colon = lines[i].firstIndex(of: ":") {
          lines[i] = String(lines[i][...colon]) + " " + pick(flips)
        }
      case 6:
        // Truncation.
        let joined = lines.joined(separator: "\n")
        let cut = Int(random.next() % UInt64(max(1, joined.utf8.count)))
        return Data(joined.utf8.prefix(cut))
      default:
        // Random bytes, possibly not UTF-8.
        var bytes = [UInt8](lines.joined(separator: "\n").utf8)
        for _ in 0..<(1 + random.next() % 4) where !bytes.isEmpty {
          bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
        }
        return Data(bytes)
      }
    }
    return Data(lines.joined(separator: "\n").utf8)
  }

  /// Runs the binary with a time limit; nil status when it had to be killed.
  static func accord(_ arguments: [String], in directory: URL, limit: Double = 60) throws
    -> (status: Int32?, signalled: Bool, stdout: String, stderr: String)
  {
    let process = Process()
    process.executableURL = CLITests.binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = scratchFile()
    let err = scratchFile()
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    let deadline = Date().addingTimeInterval(limit)
    while process.isRunning && Date() < deadline { usleep(5_000) }
    var timedOut = false
    if process.isRunning {
      timedOut = true
      process.terminate()
    }
    process.waitUntilExit()
    defer {
      try? FileManager.default.removeItem(at: out)
      try? FileManager.default.removeItem(at: err)
    }
    let stdout = String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self)
    let stderr = String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self)
    return (
      timedOut ? nil : process.terminationStatus, process.terminationReason == .uncaughtSignal,
      stdout, stderr
    )
  }

  static func scratchFile() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "accord-fuzz-io-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: url.path, contents: nil)
    return url
  }

  /// What is wrong with one command's outcome, if anything.
  static func problem(
    _ command: String, _ r: (status: Int32?, signalled: Bool, stdout: String, stderr: String)
  ) -> String? {
    guard let status = r.status else { return "\(command): no answer within the time limit" }
    if r.signalled || [132, 133, 134, 139].contains(status) || r.stderr.contains("Fatal error") {
      return "\(command): trapped (status \(status)): \(r.stderr.prefix(300))"
    }
    if status != 0 {
      let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("[") && !$0.isEmpty }
      if lines.count != 1 {
        return "\(command): \(lines.count) lines of error: \(r.stderr.prefix(300))"
      }
    }
    return nil
  }

  /// Checks one input: no trap, one-line errors, and the same verdict from the checker
  /// and the runner.
  ///
  /// Returns the problems found.
  static func check(_ file: URL, sweep: Bool, work: URL, always: Bool = true) throws -> (
    problems: [String], accepted: Bool
  ) {
    var problems: [String] = []
    let out = work.appendingPathComponent("out-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    if sweep {
      let plan = try accord(["sweep", "plan", file.path], in: work)
      if let p = problem("sweep plan", plan) { problems.append(p) }
      var arguments = ["sweep", "run", file.path, "--jobs", "1", "--out", out.path]
      // One run of the sweep is enough to compare verdicts: its first shard of R.
      if plan.status == 0,
        let match = plan.stdout.range(of: #"= [0-9]+ runs"#, options: .regularExpression)
          ?? plan.stdout.range(of: #"[0-9]+ runs"#, options: .regularExpression),
        let runs = Int(plan.stdout[match].filter(\.isNumber)), runs > 1
      {
        arguments += ["--shard", "0/\(min(runs, 65_536))"]
      }
      let run = try accord(arguments, in: work)
      if let p = problem("sweep run", run) { problems.append(p) }
      if let a = plan.status, let b = run.status, (a == 0) != (b == 0) {
        problems.append(
          "sweep plan says \(a == 0 ? "ok" : "no"), sweep run says \(b == 0 ? "ok" : "no"): "
            + (a == 0 ? run.stderr : plan.stderr).prefix(300))
      }
      return (problems, plan.status == 0)
    }
    let validate = try accord(["validate", file.path], in: work)
    if let p = problem("validate", validate) { problems.append(p) }
    // Inputs that do not parse as YAML fail in code `run` and `validate` share: running
    // every fourth of them keeps the suite fast and still compares the verdicts.
    if validate.status != 0 && validate.stderr.contains("YAML") && !always {
      return (problems, false)
    }
    let run = try accord(["run", file.path, "--steps", "3", "--out", out.path], in: work)
    if let p = problem("run", run) { problems.append(p) }
    if let a = validate.status, let b = run.status, (a == 0) != (b == 0) {
      problems.append(
        "validate says \(a == 0 ? "ok" : "no"), run says \(b == 0 ? "ok" : "no"): "
          + (a == 0 ? run.stderr : validate.stderr).prefix(300))
    }
    if run.status != 0 && FileManager.default.fileExists(atPath: out.path) {
      let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
      if left.contains("summary.json") { problems.append("run failed but left summary.json") }
    }
    return (problems, validate.status == 0)
  }

  static func isSweep(_ text: String) -> Bool {
    text.split(separator: "\n").contains { $0.hasPrefix("factors:") }
  }

  func testRegressionCorpusOfCrashers() throws {
    let corpus = Self.root.appendingPathComponent("Tests/AccordCLITests/Fixtures/crashers")
    let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter {
      $0.hasSuffix(".yaml")
    }.sorted()
    XCTAssertGreaterThan(files.count, 5)
    // Sweeps name bases relative to Configs/: the corpus is checked from a copy beside it.
    let work = scratch.appendingPathComponent("Configs/crashers")
    try FileManager.default.copyItem(at: corpus, to: work)
    for name in files {
      let file = work.appendingPathComponent(name)
      let text = try String(contentsOf: file, encoding: .utf8)
      let (problems, _) = try Self.check(file, sweep: Self.isSweep(text), work: scratch)
      XCTAssertEqual(problems, [], name)
    }
  }

  func testMutatedConfigsNeverTrapAndValidateAgreesWithRun() throws {
    let total = Int(ProcessInfo.processInfo.environment["ACCORD_FUZZ_VARIANTS"] ?? "") ?? 400
    let large = ProcessInfo.processInfo.environment["ACCORD_FUZZ_LARGE"] == "1"
    let originals = try Self.shippedFiles().filter { large || !Self.largeWorlds.contains($0) }
    var random = SplitMix(seed: 2026)
    var variants: [Variant] = []
    for n in 0..<total {
      let name = originals[n % originals.count]
      let source = scratch.appendingPathComponent("Configs").appendingPathComponent(name)
      let text = try String(contentsOf: source, encoding: .utf8)
      let data = Self.mutate(text, &random)
      let file = source.deletingLastPathComponent().appendingPathComponent(
        "fuzz-\(n)-" + source.lastPathComponent)
      try data.write(to: file)
      variants.append(Variant(file: file, sweep: Self.isSweep(text), origin: "\(name) #\(n)"))
    }
    let inputs = variants
    let findings = Mutex<[Finding]>([])
    let accepted = Mutex(0)
    let next = Mutex(0)
    let work = scratch!
    DispatchQueue.concurrentPerform(iterations: 4) { _ in
      while true {
        let index = next.withLock { n -> Int? in
          guard n < inputs.count else { return nil }
          n += 1
          return n - 1
        }
        guard let index else { return }
        let variant = inputs[index]
        do {
          let (problems, ok) = try Self.check(
            variant.file, sweep: variant.sweep, work: work, always: index % 4 == 0)
          if ok { accepted.withLock { $0 += 1 } }
          findings.withLock {
            $0 += problems.map { Finding(origin: variant.origin, file: variant.file, what: $0) }
          }
        } catch {
          findings.withLock {
            $0.append(Finding(origin: variant.origin, file: variant.file, what: "\(error)"))
          }
        }
      }
    }
    let found = findings.withLock { $0 }
    print(
      "fuzz: \(variants.count) inputs from \(originals.count) files, "
        + "\(accepted.withLock { $0 }) accepted, \(found.count) problems")
    // Keep the failing inputs where a developer can add them to the corpus.
    if !found.isEmpty {
      let keep = FileManager.default.temporaryDirectory.appendingPathComponent(
        "accord-fuzz-findings")
      try? FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true)
      for f in found {
        try? FileManager.default.copyItem(
          at: f.file, to: keep.appendingPathComponent(f.file.lastPathComponent))
      }
    }
    XCTAssertEqual(found.map(\.description), [])
  }
}
