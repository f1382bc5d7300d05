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
}
