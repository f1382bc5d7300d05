import AccordSweep
import ArgumentParser
import Foundation

extension SweepCommand {
  /// `accord sweep status DIR`.
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show how far a sweep in DIR has got.")

    @Argument(help: "The sweep's output directory.")
    var directory: String

    func run() throws {
      let path = "\(directory)/sweep.sqlite"
      guard FileManager.default.fileExists(atPath: path) else {
        throw InputError("\(path): no sweep store here")
      }
      let (done, total, shard) = try SweepStore.progress(path: path)
      print(
        "\(done) of \(total) runs done (\(total == 0 ? 0 : 100 * done / total)%)"
          + (shard == .whole ? "" : " in shard \(shard)"))
    }
  }
}
