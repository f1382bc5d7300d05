import AccordConfig
package import Yams

/// Puts the page's parameter values into a config's node tree, where the loader checks
/// them exactly as it checks a file (so `serve` accepts what `run` would, and no more).
package enum ConfigOverrides {
  /// `node` with each parameter set at its control's path.
  package static func apply(_ params: [String: ParameterValue], to node: Node) throws(MessageError)
    -> Node
  {
    var node = node
    for key in params.keys.sorted() {
      guard let control = Control.named(key), let path = FactorPath(control.path),
        let value = params[key]
      else {
        throw MessageError(
          .badParameter,
          "unknown parameter '\(key.prefix(60))'; allowed: "
            + Control.all.map(\.path).joined(separator: ", "))
      }
      let scalar: String
      switch (control.kind, value) {
      case (.slider, .number(let x)) where x.isFinite:
        scalar = yamlFloat(x)
      case (.integer, .number(let x)) where x.isFinite && x == x.rounded() && abs(x) < 1e15:
        scalar = String(Int(x))
      case (.select, .choice(let s)) where control.options?.contains(s) == true:
        scalar = s
      default:
        throw MessageError(
          .badParameter, "\(key): bad value \(value); allowed: \(control.documented)")
      }
      switch path.applying(Node(scalar), to: node) {
      case .success(let updated): node = updated
      case .failure(let error): throw MessageError(.badParameter, "\(key): \(error.message)")
      }
    }
    return node
  }

  /// `x` as a plain YAML float: YAML 1.1 reads `1e-05` as a string, `1.0e-05` as a number.
  static func yamlFloat(_ x: Double) -> String {
    let text = x.description
    guard !text.contains("."), let e = text.firstIndex(of: "e") else { return text }
    return text[..<e] + ".0" + text[e...]
  }
}
