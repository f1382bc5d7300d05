import AccordNumerics

/// accord's own learning rules, by config name: the ``LearningMode`` built-ins.
///
/// A new built-in adds its case here (the raw value is its config name) and one line to
/// `update`; ``RuleRegistry/builtIn`` then lists it, and the trajectory tests demand a pin.
enum BuiltInLearning: String, Sendable, CaseIterable {
  case none
  case degroot
  case friedkinJohnsen = "friedkin-johnsen"
  case hegselmannKrause = "hegselmann-krause"
  case deffuant
  case voter

  /// Runs this rule for one step; true when the new beliefs are in `context.next`.
  @inline(__always)
  func update(
    _ context: LearningContext, workspace: inout LearningWorkspace, random: borrowing RandomStream
  ) -> Bool {
    switch self {
    case .none: false
    case .degroot: DeGroot.update(context, workspace: &workspace, random: random)
    case .friedkinJohnsen: FriedkinJohnsen.update(context, workspace: &workspace, random: random)
    case .hegselmannKrause: HegselmannKrause.update(context, workspace: &workspace, random: random)
    case .deffuant: Deffuant.update(context, workspace: &workspace, random: random)
    case .voter: VoterModel.update(context, workspace: &workspace, random: random)
    }
  }
}
