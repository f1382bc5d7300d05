import Foundation

/// Hooks that let tests reach states no small world reaches quickly; debug builds only.
package enum TestHooks {
  /// Sleeps `ACCORD_TEST_SETUP_SECONDS` seconds while a config's world is built, as the
  /// setup of a very large world would: the signal tests stop commands there.
  package static func slowSetup() {
    #if DEBUG
    if let text = ProcessInfo.processInfo.environment["ACCORD_TEST_SETUP_SECONDS"],
      let seconds = Double(text), seconds > 0
    {
      Thread.sleep(forTimeInterval: min(seconds, 3600))
    }
    #endif
  }

  /// Sleeps while a sweep builds a run's world of design point P, for
  /// `ACCORD_TEST_SLOW_POINT=P:SECONDS`: the signal tests stop a sweep there.
  package static func slowPointSetup(_ point: Int) {
    #if DEBUG
    if let text = ProcessInfo.processInfo.environment["ACCORD_TEST_SLOW_POINT"] {
      let parts = text.split(separator: ":")
      if parts.count == 2, Int(parts[0]) == point, let seconds = Double(parts[1]), seconds > 0 {
        Thread.sleep(forTimeInterval: min(seconds, 3600))
      }
    }
    #endif
  }
}
