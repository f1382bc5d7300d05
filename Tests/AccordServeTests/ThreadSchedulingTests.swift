import Foundation
import Testing

@testable import AccordServe

/// The server's threads wait at a wake-up; a run's step thread does not.
@Suite struct ThreadSchedulingTests {
  #if os(Linux)
  @Test func aStepThreadStartedFromABatchThreadRunsUnderTheNormalPolicy() async {
    // On threads of their own, so the test runner's threads keep their policy.
    let policies: (parent: Int32, inherited: Int32, step: Int32) =
      await withCheckedContinuation { done in
        Thread {
          ThreadScheduling.set(ThreadScheduling.batch, on: 0)
          let parent = sched_getscheduler(0)
          Thread {
            let inherited = sched_getscheduler(0)
            ThreadScheduling.interactiveCurrentThread()
            done.resume(returning: (parent, inherited, sched_getscheduler(0)))
          }.start()
        }.start()
      }
    #expect(policies.parent == 3)  // SCHED_BATCH
    #expect(policies.inherited == 3)  // what a run's thread starts with under serve
    #expect(policies.step == 0)  // SCHED_OTHER
  }
  #endif
}
