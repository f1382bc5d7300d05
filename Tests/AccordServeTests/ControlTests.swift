import AccordConfig
import Foundation
import Testing

@testable import AccordServe

/// The page's controls cover what the loader accepts: each documented end loads, a
/// value just outside is refused, and every select option is a value the config takes.
@Suite struct ControlTests {
  let yaml =
    (try? String(
      contentsOfFile: "\(ServeFixtures.configs)/examples/quickstart.yaml", encoding: .utf8)) ?? ""

  func loads(_ path: String, _ value: ParameterValue) -> Bool {
    do {
      let node = try ConfigOverrides.apply(
        [path: value], to: try ConfigLoader.compose(yaml: yaml, path: "q.yaml"))
      _ = try ConfigLoader.load(node: node, path: "q.yaml", steps: 1)
      return true
    } catch {
      return false
    }
  }

  @Test func documentedRangesMatchTheLoader() {
    #expect(!yaml.isEmpty)
    for control in Control.all where control.kind != .select {
      let nudge = control.kind == .integer ? 1.0 : 1e-9
      if let lower = control.range.lower {
        #expect(loads(control.path, .number(lower)), "\(control.path) at \(lower)")
        #expect(!loads(control.path, .number(lower - nudge)), "\(control.path) below \(lower)")
      } else {
        #expect(!loads(control.path, .number(0)) || control.documented.hasPrefix("[0"))
      }
      if let upper = control.range.upper {
        #expect(loads(control.path, .number(upper)), "\(control.path) at \(upper)")
        #expect(!loads(control.path, .number(upper + nudge)), "\(control.path) above \(upper)")
      }
      // The slider's span lies inside the documented range.
      if let lo = control.minimum { #expect(loads(control.path, .number(lo)), "\(control.path)") }
      if let hi = control.maximum { #expect(loads(control.path, .number(hi)), "\(control.path)") }
    }
  }

  @Test func selectOptionsAreTheConfigsValues() {
    for control in Control.all where control.kind == .select {
      for option in control.options ?? [] where option != "backward-mapping" {
        #expect(loads(control.path, .choice(option)), "\(control.path) = \(option)")
      }
      #expect(!loads(control.path, .choice("nonsense")))
    }
  }

  /// Every key the page lists has a control: a key renamed or removed from the config
  /// types fails here instead of silently leaving the page.
  @Test func everyShownKeyIsInTheSchema() {
    #expect(Control.all.map(\.path) == Control.shown.map(\.path))
    let kinds = Dictionary(uniqueKeysWithValues: Control.all.map { ($0.path, $0.kind) })
    #expect(kinds["theta"] == .slider)
    #expect(kinds["evidence.trials"] == .integer)
    #expect(kinds["learning.mode"] == .select)
    #expect(Control.named("theta")?.documented == "[0, 1]")
    #expect(Control.named("evidence.attention")?.documented == "(0, 1000000]")
    #expect(Control.named("negotiation.interval")?.documented == "[1, inf)")
    #expect(Control.named("persuasion.strategy")?.options?.contains("backward-mapping") == true)
    let built = Control(
      Control.Shown("no.such_key", "nothing"), schema: ConfigSchema.config())
    #expect(built == nil)
  }

  @Test func controlsCarryTheConfigsValues() throws {
    let loaded = try ConfigLoader.load(path: "\(ServeFixtures.configs)/examples/ozone.yaml")
    let controls = Control.controls(for: loaded.config)
    #expect(controls.map(\.path) == Control.all.map(\.path))
    for control in controls {
      switch control.value(in: loaded.config) {
      case .number(let x):
        #expect(control.value == x)
        #expect((control.minimum ?? x) <= x && x <= (control.maximum ?? x))
      case .choice(let s): #expect(control.choice == s)
      }
    }
  }
}
