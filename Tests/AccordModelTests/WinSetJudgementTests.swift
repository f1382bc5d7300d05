import AccordNumerics
import Testing

@testable import AccordModel

/// Per-executive judgement of win-sets (``WinSetJudgement``).
@Suite struct WinSetJudgementTests {
  static let truth: [IntervalSet] = {
    var a = IntervalSet()
    a.append(0.6, 1)
    var b = IntervalSet()
    b.append(0, 0.75)
    return [a, b]
  }()

  func nations(own: Double?, sigma: Double = 0.1) -> [Nation] {
    [
      Nation(name: "A", agents: 0..<1, judgementNoise: sigma, ownJudgementNoise: own),
      Nation(name: "B", agents: 1..<2),
    ]
  }

  /// With its own executive exact, A's win-set enters the bargain as the true set
  /// intersected with B's executive's draw: never larger than the truth, and different
  /// from what one shared draw from the same stream gives.
  @Test func anInformedExecutiveClipsTheOthersJudgement() throws {
    var differ = 0
    for seed in 0..<50 {
      let stream = try RandomStream(seed: UInt32(seed))
      var own = WinSetJudgement(nations: nations(own: 0), capacity: 2)
      own.judge(Self.truth, nations: nations(own: 0), random: stream)
      let again = try RandomStream(seed: UInt32(seed))
      var shared = WinSetJudgement(nations: nations(own: nil), capacity: 2)
      shared.judge(Self.truth, nations: nations(own: nil), random: again)
      // B's executive's draw is the shared draw (same stream, same order): A's set is
      // that draw clipped to the truth.
      #expect(own.judged[0] == Self.truth[0].intersection(shared.judged[0]))
      #expect(own.judged[0].isSubset(of: Self.truth[0], tolerance: 0))
      #expect(own.judged[1] == Self.truth[1] && shared.judged[1] == Self.truth[1])
      if own.judged[0] != shared.judged[0] { differ += 1 }
    }
    // The shared draw exceeds the truth below 0.6 about half the time.
    #expect(differ > 10)
  }

  /// Without noise nothing is drawn and every mode judges the truth.
  @Test func noNoiseDrawsNothing() throws {
    for own in [nil, 0.0] {
      let stream = try RandomStream(seed: 3)
      let list = nations(own: own, sigma: 0)
      #expect(!WinSetJudgement.misjudges(list))
      var judgement = WinSetJudgement(nations: list, capacity: 2)
      judgement.judge(Self.truth, nations: list, random: stream)
      #expect(judgement.judged == Self.truth)
      let fresh = try RandomStream(seed: 3)
      #expect(stream.uniform() == fresh.uniform())
    }
  }
}
