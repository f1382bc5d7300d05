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

/// libFuzzer's driver (compiler-rt, LLVM 11 and later): parses libFuzzer's flags and runs
/// the loop over `callback`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The process entry: SwiftPM links an executable's `main` to this symbol, so it hands
/// over to libFuzzer's driver (with `-parse-as-library` there is no Swift `main`).
@_cdecl("accord_fuzz_main")
public func fuzzMain(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
  var count = argc
  var arguments = argv
  return runFuzzerDriver(&count, &arguments) { bytes, size in fuzzOneInput(bytes, size) }
}
