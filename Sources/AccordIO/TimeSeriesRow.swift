package import AccordModel

/// The time-series row of a simulation's current step, as typed values in the order of
/// ``TimeSeriesWriter/columns(nations:issues:)``, read through ``StepRecord/columns``:
/// the one definition files and the sweep store share.
package enum TimeSeriesRow {
  /// The columns of a world with these nations and issues.
  package static func layout(nations: [String], issues: Int) -> ColumnLayout<StepRecord> {
    ColumnLayout(StepRecord.columns, nations: nations, issues: issues)
  }

  package static func values(_ simulation: borrowing Simulation) -> [RowValue] {
    let record = simulation.record
    return layout(nations: simulation.world.nations.map(\.name), issues: record.outcomes.count)
      .values(record)
  }
}
