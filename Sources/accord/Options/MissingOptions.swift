import AccordSweep
import ArgumentParser
import Foundation

extension MissingPolicy: ExpressibleByArgument {}

/// `--missing drop|zero|error`: what an analysis does with runs whose metric has no value.
struct MissingOptions: ParsableArguments {
  @Option(
    name: .customLong("missing"),
    help: "Runs without a value: drop (leave out), zero (count as 0) or error.")
  var policy: MissingPolicy = .drop

  /// What the policy did, for standard error (the CSV on standard output stays clean).
  var description: String {
    switch policy {
    case .drop: "missing values: drop (runs without a value are left out)"
    case .zero: "missing values: zero (runs without a value count as 0)"
    case .error: "missing values: error (every run has a value)"
    }
  }

  /// Names the policy on standard error, with how many runs it touched.
  func note(count: Int) {
    FileHandle.standardError.write(Data("\(description); \(count) such runs\n".utf8))
  }
}
