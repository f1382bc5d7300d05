import AccordNumerics

/// The voter model (Clifford and Sudbury 1973; Holley and Liggett 1975): agents copy
/// a random neighbour's opinion.
///
/// Asynchronous, in place: `n` updates per step (one sweep). Each picks an agent `i`
/// uniformly and a neighbour `j` uniformly among `i`'s; `i` adopts `p_j` with
/// probability `lambda_i`, so stubborn agents (`lambda = 0`) are the model's zealots.
/// Confidence bounds do not apply: copying is imitation, not persuasion. One uniform
/// is drawn per update whatever `lambda_i`, so susceptibilities do not shift the stream.
enum VoterModel: BuiltInLearningRule {
  static func update(
    _ context: LearningContext, workspace: inout LearningWorkspace, random: borrowing RandomStream
  ) -> Bool {
    let n = context.count
    guard n >= 2 else { return false }
    let p = context.belief
    let graph = context.graph
    graph.offsets.withUnsafeBufferPointer { offsets in
      graph.targets.withUnsafeBufferPointer { targets in
        for _ in 0..<n {
          guard let (i, j) = SocialLearning.neighbours(n, graph, offsets, targets, random) else {
            continue
          }
          if random.uniform() < context.lambda[i] { p[i] = p[j] }
        }
      }
    }
    return false
  }
}
