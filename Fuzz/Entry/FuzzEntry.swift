import AccordFuzz
import Foundation

/// The target of this process, from `ACCORD_FUZZ_TARGET` (config, sweep, edge-list,
/// message); libFuzzer owns the command line.
let target: FuzzTarget = {
  let name = ProcessInfo.processInfo.environment["ACCORD_FUZZ_TARGET"] ?? ""
  guard let target = FuzzTarget(rawValue: name) else {
    fatalError(
      "ACCORD_FUZZ_TARGET='\(name)' names no fuzz target; allowed: "
        + FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))
  }
  return target
}()

/// libFuzzer's entry point: one input to the chosen target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  _ = target.run(Data(bytes: bytes, count: count))
  return 0
}
