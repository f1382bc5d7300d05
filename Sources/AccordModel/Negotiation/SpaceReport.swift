/// What an issue space reads to state the run summary's deal facts
/// (``IssueSpace/dealFacts(_:)``): the world, the agents' weights and saliences, and the
/// negotiation's outcome.
///
/// The agent columns are raw pointers, so closures read them without capturing the
/// simulation (a non-copyable value) that owns them.
struct DealInputs {
  let world: World
  let weight: UnsafeMutablePointer<Double>
  let salience: UnsafeMutablePointer<Double>
  /// Each nation's total weight.
  let nationWeights: [Double]
  /// What side payments moved in each nation: the sum of weight times amount over its
  /// transfers (0 without any).
  let moved: [Double]
  /// The agreed value on issue 1 (nil: no agreement).
  let agreement: Double?
  /// With several issues, the agreed package (nil: no agreement).
  let package: [Double]?
}

/// An issue space's part of the run summary, in true utilities.
struct DealFacts {
  /// Each nation's gain over no agreement plus what transfers moved to it per unit of
  /// weight, in nation order (empty without a deal).
  var gains: [Double]
  /// The nations' summed gains (0 without a deal).
  var joint: Double
  /// The largest joint gain over the true ZOPA (nil: the true ZOPA is empty).
  var maxJoint: Double?
  /// A point of the true ZOPA that gives every nation strictly more than the deal.
  var paretoImprovement: [Double]?
}

/// An issue space's part of an inspection: the ZOPAs, the deal the executives would make
/// at the inspected beliefs, each nation's gain from it, and what blocks a deal.
struct SpaceInspection {
  var issues: Int
  var zopa: [[Double]]
  var trueZOPA: [[Double]]
  var nash: Double?
  var package: [Double]?
  var zopaShare: Double?
  var zopaByIssue: [[[Double]]]?
  var gains: [String: Double]
  var shares: [String: Double]
  var blocked: String?
}
