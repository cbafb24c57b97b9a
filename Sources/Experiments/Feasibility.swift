import Randomness
import Scenarios

/// The sequential feasibility test of one candidate (docs/optimisation.md): each constraint is
/// "P(the constraint holds in a replication) >= p". Replications are added in batches; after each
/// batch every constraint still undecided is looked at with exact one-sided Clopper-Pearson bounds:
/// feasible for it once the lower bound reaches p - delta, infeasible once the upper bound falls
/// below p. The error of each look is alpha / (constraints x looks) (Bonferroni), so that with
/// probability at least 1 - alpha no constraint of the candidate gets a wrong verdict: a
/// constraint whose true probability is at least p is not declared infeasible, and one below
/// p - delta is not declared feasible, in the style of Batur and Kim's feasibility determination
/// with an indifference zone delta.
public struct FeasibilityTest: Sendable {
    public enum Verdict: String, Sendable, Equatable {
        case feasible, infeasible
        /// Still undecided at the most replications: not shown feasible, so never recommended.
        case undecided
    }

    public let constraints: [OptimisationFile.Constraint]
    public let testing: OptimisationFile.Testing

    public init(constraints: [OptimisationFile.Constraint], testing: OptimisationFile.Testing) {
        self.constraints = constraints
        self.testing = testing
    }

    /// The error allowed at each look at each constraint.
    public var alphaPerLook: Double {
        (1 - testing.confidence) / Double(constraints.count * testing.looks)
    }

    /// One constraint's verdict at a look with `met` of `n` replications, nil while undecided.
    public func verdict(constraint i: Int, met: Int, of n: Int) -> Verdict? {
        let p = constraints[i].probability
        if ClopperPearson.lower(successes: met, trials: n, alpha: alphaPerLook) >= p - testing.indifference { return .feasible }
        if ClopperPearson.upper(successes: met, trials: n, alpha: alphaPerLook) < p { return .infeasible }
        return nil
    }

    /// The test run on replication values given in order: the candidate's verdict, the
    /// replications it took, and each constraint's verdict (nil: undecided). `values(n)` gives the
    /// first n replications' values, one per constraint each; it is asked for the schedule's counts
    /// in turn, so that a candidate takes replications only while some constraint is undecided.
    public func run(values: (Int) async throws -> [[Double]]) async throws
        -> (verdict: Verdict, replications: Int, constraints: [Verdict?]) {
        var decided = [Verdict?](repeating: nil, count: constraints.count)
        var n = 0
        for count in testing.schedule {
            let rows = try await values(count)
            n = count
            for i in constraints.indices where decided[i] == nil {
                let met = rows.filter { constraints[i].isMet(by: $0[i]) }.count
                decided[i] = verdict(constraint: i, met: met, of: count)
            }
            if decided.contains(.infeasible) { return (.infeasible, n, decided) }
            if decided.allSatisfy({ $0 == .feasible }) { return (.feasible, n, decided) }
        }
        return (.undecided, n, decided)
    }

    /// The share of replications meeting a constraint and its two-sided Clopper-Pearson interval at
    /// the test's confidence (for reading, not for deciding: the verdicts use the sequential bounds).
    public func estimate(met: Int, of n: Int) -> (probability: Double, lower: Double, upper: Double) {
        let half = (1 - testing.confidence) / 2
        return (Double(met) / Double(n), ClopperPearson.lower(successes: met, trials: n, alpha: half),
                ClopperPearson.upper(successes: met, trials: n, alpha: half))
    }
}
