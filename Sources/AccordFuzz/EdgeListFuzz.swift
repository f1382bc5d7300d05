import AccordConfig
import Foundation

/// The edge-list target: the reader that `network: {type: edge-list}` and deference
/// files use, over a fixed roster of names.
enum EdgeListFuzz {
  static let names = ["a", "b", "c", "north-gov", "south-farmers", "Ñandú", "日本", "x,y"]

  static func run(_ data: Data) -> FuzzTarget.Outcome {
    guard let text = InputText.decode(data) else { return .refused("not UTF-8 text") }
    // A deference file's header word when the input starts with it, else the network's.
    let header = text.hasPrefix("follower") ? "follower" : "source"
    do {
      let edges = try EdgeListReader.parse(
        text, path: "fuzz.csv", agentNames: names, header: header)
      for (a, b, w) in edges {
        // What the builder relies on: endpoints in the roster, weights usable.
        precondition(names.indices.contains(a) && names.indices.contains(b) && a != b)
        precondition(w.isFinite && w > 0 && w <= EdgeListReader.maxTieWeight)
      }
      return .accepted
    } catch {
      return .refused("\(error)")
    }
  }
}
