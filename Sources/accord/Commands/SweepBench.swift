import AccordSweep
import Foundation

/// Times a sweep's runner: runs per second at each worker count, and the store's share.
///
/// Each configuration runs the whole sweep into a fresh temporary store; configurations
/// alternate within each repeat so that drifts of the machine affect them alike. The
/// no-store configuration computes every run but commits nothing, which isolates the
/// store's cost.
enum SweepBench {
  static func run(path: String, jobs: [Int], repeats: Int) throws {
    let spec = try SweepSpec.load(path: path)
    let text = try SweepSpec.text(of: path)
    let configurations = jobs.map { ($0, true) } + [(1, false)]
    var times: [String: [Double]] = [:]
    let clock = ContinuousClock()
    print("sweep \(path): \(spec.runCount) runs, \(repeats) repeats")
    for _ in 0..<repeats {
      for (workers, commit) in configurations {
        let directory = NSTemporaryDirectory() + "accord-sweep-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SweepStore.open(
          for: spec, sweepText: text, directory: directory, resume: false)
        let start = clock.now
        _ = try SweepRunner.run(
          spec: spec, store: store, jobs: workers, stop: StopSignal(), commit: commit
        ) { _, _ in }
        let elapsed = Seconds.of(clock.now - start)
        times[label(workers, commit), default: []].append(elapsed)
      }
    }
    func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
    for (workers, commit) in configurations {
      let t = times[label(workers, commit), default: []]
      print(
        String(
          format: "%@: median %.3f s (%@), %.0f runs/s", label(workers, commit), median(t),
          t.map { String(format: "%.3f", $0) }.joined(separator: ", "),
          Double(spec.runCount) / median(t)))
    }
    let one = median(times[label(1, true), default: []])
    for workers in jobs where workers > 1 {
      print(
        String(
          format: "speed-up of --jobs %d over --jobs 1: %.2fx (medians)", workers,
          one / median(times[label(workers, true), default: []])))
    }
    let bare = median(times[label(1, false), default: []])
    print(
      String(format: "store overhead at --jobs 1: %.1f%% of run time", 100 * (one - bare) / one))
  }

  static func label(_ workers: Int, _ commit: Bool) -> String {
    "--jobs \(workers)\(commit ? "" : ", no store")"
  }
}
