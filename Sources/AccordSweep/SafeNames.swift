/// Column names every tool reads without quoting: snake_case ASCII.
///
/// `nations[Borealia].rule` becomes `nations_borealia_rule`: lower case, every run of
/// other characters one underscore, none at either end, a leading digit prefixed with
/// `x_`. Names that would collide get `_2`, `_3`, ... in column order, so the mapping
/// is one to one.
package enum SafeNames {
  package static func make(_ names: [String]) -> [String] {
    var used = Set<String>()
    return names.map { name in
      var base = ""
      var gap = false
      for c in name.lowercased().unicodeScalars {
        if ("a"..."z").contains(c) || ("0"..."9").contains(c) {
          if gap && !base.isEmpty { base += "_" }
          base.unicodeScalars.append(c)
          gap = false
        } else {
          gap = true
        }
      }
      if base.isEmpty { base = "column" }
      if let first = base.unicodeScalars.first, ("0"..."9").contains(first) { base = "x_" + base }
      var candidate = base
      var n = 2
      while used.contains(candidate) {
        candidate = "\(base)_\(n)"
        n += 1
      }
      used.insert(candidate)
      return candidate
    }
  }
}
