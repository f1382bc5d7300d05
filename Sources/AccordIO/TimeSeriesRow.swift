import AccordModel

/// One typed value of a time-series row.
package enum RowValue: Sendable, Equatable {
  case number(Double)
  case integer(Int)
  case flag(Bool)
  case text(String)
  /// No value: an empty field (CSV), `null` (JSON Lines) or NULL (sweep stores).
  case missing
}

/// The time-series row of a simulation's current step, as typed values in the order of
/// ``TimeSeriesWriter/columns(nations:issues:)``: the one definition files and the
/// sweep store share.
///
/// The step-0 row (the initial state) has no `negotiation` value: no round could have
/// been held, which `none` ("no round this step") would not say.
package enum TimeSeriesRow {
  package static func values(_ simulation: borrowing Simulation) -> [RowValue] {
    let r = simulation.record
    var v: [RowValue] = [
      .integer(r.step), .number(r.beliefMean), .number(r.beliefSD), .integer(r.clusters),
      .number(r.believerShare), .number(r.consensus), .number(r.project), .integer(r.persuaded),
      .number(r.coalitionShare), .flag(r.blocking), .flag(r.winning),
      .number(r.perceivedZOPA.lower),
      .number(r.perceivedZOPA.upper), .number(r.perceivedZOPA.width), .number(r.trueZOPA.lower),
      .number(r.trueZOPA.upper), .number(r.trueZOPA.width),
      r.step == 0 ? .missing : .text(r.negotiation.rawValue),
      .number(r.outcome),
    ]
    for k in r.outcomes.indices.dropFirst() { v.append(.number(r.outcomes[k])) }
    for k in 0..<r.nationCoalitionShare.count {
      let w = r.nationWinSet[k]
      v += [
        .number(r.nationCoalitionShare[k]), .number(r.nationPowerShare[k]),
        .flag(r.nationBlocking[k]),
        .flag(r.nationWinning[k]), .number(w.lower), .number(w.upper), .number(w.width),
      ]
    }
    return v
  }
}
