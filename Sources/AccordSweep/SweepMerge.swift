import AccordIO
internal import AccordSQLite
import Foundation

/// Merges the stores of a sharded sweep into one store.
///
/// The shards must come from the same sweep file, base config and accord version, and
/// together hold every run of the sweep exactly once; otherwise nothing is written and the
/// error names the missing or duplicated runs. The merged store is built under a
/// `.partial` name and renamed into place, so a merge that fails leaves no store that
/// looks complete. Its rows equal, row by row, those of the same sweep run on one machine.
package enum SweepMerge {
  /// What a merge did.
  package struct Report: Sendable {
    package var path: String
    package var shards: Int
    package var runs: Int
  }

  /// The `meta` keys that must agree across shards, with how to name a disagreement.
  static let identity = [
    ("sweep_file", "sweep file"), ("base_config", "base config"),
    ("accord_version", "accord version"),
  ]

  /// Merges the stores in `directories` into `output/sweep.sqlite`.
  package static func merge(directories: [String], into output: String) throws -> Report {
    guard !directories.isEmpty else {
      throw SweepStoreError(path: output, message: "no shard directories to merge")
    }
    var shards:
      [(
        directory: String, path: String, meta: [String: String], runs: [Range<Int>],
        stepOne: Bool
      )] = []
    for directory in directories {
      let path = "\(directory)/sweep.sqlite"
      guard FileManager.default.fileExists(atPath: path) else {
        throw SweepStoreError(path: path, message: "no sweep store here")
      }
      let (meta, ids, damaged, stepOne) = try SweepStore.reading(path) { db in
        try SweepStore.requireSummaries(
          db, path: path, refusing: "refusing to merge it; run this shard again")
        return (
          Dictionary(
            try Row.fetchAll(db, sql: "SELECT key, value FROM meta").map {
              ($0[0] as String, $0[1] as String)
            }, uniquingKeysWith: { a, _ in a }),
          // Failed runs count as covered: they are recorded, and merge with the rest.
          try Int.fetchAll(
            db,
            sql: try db.tableExists("failures")
              ? "SELECT run_id FROM runs UNION SELECT run_id FROM failures ORDER BY run_id"
              : "SELECT run_id FROM runs ORDER BY run_id"),
          try SweepHealth.damagedRuns(db).damaged,
          try SweepStore.seriesStartAtStepOne(db)
        )
      }
      // Shards made before and after the step-0 row would mix two layouts.
      if let first = shards.first, first.stepOne != stepOne {
        throw SweepStoreError(
          path: path,
          message:
            "its time series start at step \(stepOne ? 1 : 0), those of \(first.path) at step "
            + "\(first.stepOne ? 1 : 0) (one was made before the step-0 row); "
            + "these are not shards of one sweep, refusing to merge")
      }
      guard damaged.isEmpty else {
        throw SweepStoreError(
          path: path,
          message: "\(damaged.count) runs are damaged: " + list(damaged.map { "run \($0)" })
            + "; rerun them with --resume in \(directory) before merging")
      }
      shards.append((directory, path, meta, ranges(ids), stepOne))
    }
    let first = shards[0]
    for shard in shards.dropFirst() {
      for (key, name) in identity where shard.meta[key] != first.meta[key] {
        throw SweepStoreError(
          path: shard.path,
          message:
            "its \(name) differs from that of \(first.path)"
            + (key == "accord_version"
              ? " (\(shard.meta[key] ?? "?") vs \(first.meta[key] ?? "?"))" : "")
            + "; these are not shards of one sweep, refusing to merge")
      }
    }
    guard let total = first.meta["runs"].flatMap(Int.init) else {
      throw SweepStoreError(path: first.path, message: "the store's meta table has no run count")
    }
    let cut = first.meta["shard"].flatMap(Shard.init)?.count
    try checkCoverage(shards.map { ($0.directory, $0.runs) }, total: total, shards: cut)

    try SweepStore.createDirectory(output)
    let target = "\(output)/sweep.sqlite"
    let lock = try StoreLock(store: target)
    defer { withExtendedLifetime(lock) {} }
    guard !FileManager.default.fileExists(atPath: target) else {
      throw SweepStoreError(
        path: target, message: "a sweep store exists here; merge into another --out")
    }
    let partial = target + ".partial"
    for suffix in ["", "-journal"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
    do {
      let (schema, tables) = try SweepStore.reading(first.path) { source in
        (
          try String.fetchAll(
            source,
            sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
              + "ORDER BY rowid"),
          try String.fetchAll(
            source,
            sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'meta' "
              + "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        )
      }
      DurableWrites.point("create")
      let queue = try DatabaseQueue(path: partial)
      try queue.writeWithoutTransaction { db in
        DurableWrites.point("sqlite commit")
        try db.inTransaction {
          for sql in schema { try db.execute(sql: sql) }
          var meta = first.meta
          meta["shard"] = nil
          meta["created"] = Date().formatted(.iso8601)
          meta["merged_from"] = "\(shards.count) shards"
          for (key, value) in meta.sorted(by: { $0.key < $1.key }) {
            try db.execute(
              sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
          }
          // The merged meta differs from the shards' (shard, created, merged_from).
          if meta["meta_checksum"] != nil { try SweepStore.sealMeta(db) }
          return .commit
        }
        // Shards in run order, so rows are inserted in the order of their run ids.
        for shard in shards.sorted(by: {
          ($0.runs.first?.lowerBound ?? 0) < ($1.runs.first?.lowerBound ?? 0)
        }) {
          try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [shard.path])
          let present = Set(
            try String.fetchAll(
              db, sql: "SELECT name FROM shard.sqlite_master WHERE type = 'table'"))
          DurableWrites.point("sqlite commit")
          try db.inTransaction {
            // Stores made before failures and checksums were recorded lack those tables.
            for table in tables where present.contains(table) {
              try db.execute(
                sql:
                  "INSERT INTO main.\(SQL.identifier(table)) SELECT * FROM shard.\(SQL.identifier(table))"
              )
            }
            return .commit
          }
          try db.execute(sql: "DETACH DATABASE shard")
        }
      }
      try queue.close()
      DurableWrites.point("rename")
      try FileManager.default.moveItem(atPath: partial, toPath: target)
    } catch {
      for suffix in ["", "-journal"] {
        try? FileManager.default.removeItem(atPath: partial + suffix)
      }
      throw SweepStore.storeError(partial, error)
    }
    return Report(path: target, shards: shards.count, runs: total)
  }

  /// Sorted run ids as maximal ranges of consecutive ids.
  static func ranges(_ ids: [Int]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    for id in ids {
      if let last = result.last, last.upperBound == id {
        result[result.count - 1] = last.lowerBound..<(id + 1)
      } else {
        result.append(id..<(id + 1))
      }
    }
    return result
  }

  /// Refuses unless the shards' runs cover `0..<total` exactly once, naming the runs that
  /// are missing or held twice.
  static func checkCoverage(
    _ shards: [(name: String, runs: [Range<Int>])], total: Int, shards cut: Int? = nil
  ) throws {
    let pieces = shards.flatMap { shard in shard.runs.map { (range: $0, name: shard.name) } }
      .sorted { $0.range.lowerBound < $1.range.lowerBound }
    var missing: [Range<Int>] = []
    var duplicated: [String] = []
    var covered = 0
    var owner = ""
    for piece in pieces {
      if piece.range.lowerBound > covered {
        missing.append(covered..<min(piece.range.lowerBound, total))
      } else if piece.range.lowerBound < covered {
        let overlap = piece.range.lowerBound..<min(covered, piece.range.upperBound)
        duplicated.append("\(describe(overlap)) (in \(owner) and \(piece.name))")
      }
      if piece.range.upperBound > covered {
        covered = piece.range.upperBound
        owner = piece.name
      }
    }
    if covered < total { missing.append(covered..<total) }
    let extra = pieces.filter { $0.range.upperBound > total }
    var problems: [String] = []
    if !missing.isEmpty {
      let count = missing.reduce(0) { $0 + $1.count }
      // With an N-way cut, name the shards that should hold the missing runs.
      var owner = "a shard"
      if let cut {
        let names = (0..<cut).compactMap { Shard(index: $0, count: cut) }.filter { shard in
          missing.contains { $0.overlaps(shard.runs(of: total)) }
        }.map(\.description)
        owner = "shard " + list(names)
      }
      problems.append(
        "\(count) of \(total) runs are missing: " + list(missing.map(describe))
          + " (\(owner) is missing or unfinished: run it, or rerun it with --resume)")
    }
    if !duplicated.isEmpty { problems.append("runs held twice: " + list(duplicated)) }
    if let bad = extra.first {
      problems.append("\(bad.name) holds runs beyond the sweep's \(total)")
    }
    guard problems.isEmpty else {
      throw SweepStoreError(path: "sweep merge", message: problems.joined(separator: "; "))
    }
  }

  static func describe(_ range: Range<Int>) -> String {
    range.count == 1
      ? "run \(range.lowerBound)" : "runs \(range.lowerBound)-\(range.upperBound - 1)"
  }

  /// Up to `limit` items, then how many more.
  package static func list(_ items: [String], limit: Int = 5) -> String {
    items.count <= limit
      ? items.joined(separator: ", ")
      : items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
  }
}
