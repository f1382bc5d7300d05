import AccordConfig
import ArgumentParser

/// Checks `--seed` and `--steps` overrides, with the allowed range in the message.
enum Overrides {
  static func seed(_ value: Int?) throws -> UInt32? {
    guard let value else { return nil }
    guard value >= 0, value <= Int(WorldConfig.maxSeed) else {
      throw InputError("--seed: \(value) is out of range; allowed: [0, \(WorldConfig.maxSeed)]")
    }
    return UInt32(value)
  }

  static func steps(_ value: Int?) throws -> Int? {
    guard let value else { return nil }
    guard value >= 1, value <= 100_000_000 else {
      throw InputError("--steps: \(value) is out of range; allowed: [1, 100000000]")
    }
    return value
  }
}
