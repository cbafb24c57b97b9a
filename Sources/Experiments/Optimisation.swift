import CareModel
import Randomness
import Scenarios

/// The candidates of an optimisation: every combination of the decision variables' values, as a
/// sweep's grid numbers them (the last variable varying fastest), and which variables are monotone.
public struct CandidateGrid: Sendable {
    public let sizes: [Int]
    public let monotone: [Bool]

    public init(sizes: [Int], monotone: [Bool]) {
        precondition(sizes.count == monotone.count && sizes.allSatisfy { $0 >= 1 })
        self.sizes = sizes
        self.monotone = monotone
    }

    public init(_ file: OptimisationFile) {
        self.init(sizes: file.variables.map(\.values.count), monotone: file.variables.map(\.monotone))
    }

    public var count: Int { sizes.reduce(1, *) }

    /// The position of each variable's value in candidate `c`.
    public func coordinates(_ c: Int) -> [Int] {
        var rest = c, result = [Int](repeating: 0, count: sizes.count)
        for v in sizes.indices.reversed() {
            result[v] = rest % sizes[v]
            rest /= sizes[v]
        }
        return result
    }

    public func index(_ coordinates: [Int]) -> Int {
        zip(coordinates, sizes).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// Whether candidate `a` is at or below `b`: no higher on every monotone variable, equal on the
    /// others. Monotonicity then says a's probabilities and cost are no higher than b's.
    public func isBelow(_ a: Int, _ b: Int) -> Bool {
        let x = coordinates(a), y = coordinates(b)
        return sizes.indices.allSatisfy { v in monotone[v] ? x[v] <= y[v] : x[v] == y[v] }
    }

    /// The highest candidates: every monotone variable at its last value (one per combination of
    /// the other variables' values).
    public var tops: [Int] {
        (0..<count).filter { c in
            let x = coordinates(c)
            return sizes.indices.allSatisfy { !monotone[$0] || x[$0] == sizes[$0] - 1 }
        }
    }
}

/// What became of one candidate.
public struct CandidateOutcome: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case feasible, infeasible, undecided
        /// At or below an infeasible (or undecided) candidate: infeasible too, never simulated.
        case infeasibleByMonotonicity = "infeasible_by_monotonicity"
        /// At or above a feasible candidate: feasible but no cheaper, never simulated.
        case costlierByMonotonicity = "costlier_by_monotonicity"

        public var simulated: Bool { self == .feasible || self == .infeasible || self == .undecided }
    }

    public let candidate: Int
    public let status: Status
    /// The replications it ran (0 when skipped).
    public let replications: Int
    /// Per constraint, the replications in which it held.
    public let met: [Int]
    /// Per constraint, the sequential test's verdict (nil: undecided or not looked at, once another
    /// constraint failed).
    public let verdicts: [FeasibilityTest.Verdict?]
    /// The objective's mean over its replications, and its Student t interval.
    public let objective: Double?
    public let objectiveInterval: ConfidenceInterval?
}

/// The answer of an optimisation.
public struct OptimisationResult: Sendable {
    /// Every candidate, in grid order.
    public let outcomes: [CandidateOutcome]
    /// The simulated candidates, in the order the search took them.
    public let order: [Int]
    /// The cheapest candidate declared feasible, nil when none is.
    public let recommended: Int?
    /// The highest candidates (every monotone variable at its bound): when none is feasible, the
    /// problem is infeasible within the bounds, and their outcomes say which constraint fails.
    public let tops: [Int]

    /// The simulated candidates no other simulated one beats on both cost and attainment (the
    /// lowest probability, across constraints, relative to its requirement), in increasing cost.
    public func frontier(requirements: [Double]) -> [Int] {
        let simulated = order.sorted { a, b in
            let (x, y) = (outcomes[a].objective ?? .infinity, outcomes[b].objective ?? .infinity)
            return x != y ? x < y : a < b
        }
        var best = -Double.infinity, result: [Int] = []
        for c in simulated {
            let o = outcomes[c]
            guard o.replications > 0 else { continue }
            let attainment = zip(o.met, requirements).map { Double($0) / Double(o.replications) - $1 }.min() ?? 0
            if attainment > best {
                best = attainment
                result.append(c)
            }
        }
        return result
    }
}

/// The search for the cheapest feasible candidate (docs/optimisation.md). Candidates are
/// simulated with common random numbers (replication r of every candidate uses the same streams),
/// each until the sequential feasibility test decides it. With monotone variables the search
/// first tries the highest candidates (if none is feasible, nothing is), then, along the last
/// monotone variable, bisects each line of the grid for its lowest feasible value, skipping every
/// candidate whose verdict monotonicity already gives: at or below an infeasible one (infeasible),
/// at or above a feasible one (feasible and no cheaper). The cheapest feasible candidate is then
/// among those simulated. Without a monotone variable every candidate is simulated.
public enum Optimiser {
    /// One replication's values: one per constraint, then the objective.
    public typealias Rows = [[Double]]

    /// `rows(c, n)` gives the first n replications of candidate c (run, or read back from a
    /// previous run); `only`, when given, limits the search to simulating those candidates in turn
    /// (a shard of the grid: every one of them is tested, none skipped).
    public static func search(grid: CandidateGrid, test: FeasibilityTest, only: [Int]? = nil,
                              rows: (Int, Int) async throws -> Rows) async throws -> OptimisationResult {
        var outcomes: [Int: CandidateOutcome] = [:], order: [Int] = []
        func evaluate(_ c: Int) async throws -> CandidateOutcome {
            if let known = outcomes[c] { return known }
            var last: Rows = []
            let (verdict, n, verdicts) = try await test.run { count in
                last = try await rows(c, count)
                return last
            }
            let met = test.constraints.indices.map { i in last.prefix(n).filter { test.constraints[i].isMet(by: $0[i]) }.count }
            let costs = last.prefix(n).map { $0[test.constraints.count] }
            let finite = costs.allSatisfy(\.isFinite)
            let status: CandidateOutcome.Status = verdict == .feasible ? .feasible : verdict == .infeasible ? .infeasible : .undecided
            let outcome = CandidateOutcome(candidate: c, status: status, replications: n, met: met, verdicts: verdicts,
                                           objective: finite ? costs.reduce(0, +) / Double(n) : nil,
                                           objectiveInterval: finite && n >= 2 ? ConfidenceInterval(costs) : nil)
            outcomes[c] = outcome
            order.append(c)
            return outcome
        }
        /// Whether `c` is feasible, from monotonicity when a simulated candidate settles it.
        func isFeasible(_ c: Int) async throws -> Bool {
            if let known = outcomes[c] { return known.status == .feasible }
            if outcomes.values.contains(where: { $0.status != .feasible && grid.isBelow(c, $0.candidate) }) { return false }
            if outcomes.values.contains(where: { $0.status == .feasible && grid.isBelow($0.candidate, c) }) { return true }
            return try await evaluate(c).status == .feasible
        }

        let tops = grid.tops
        if let only {
            for c in only { _ = try await evaluate(c) }
        } else if let line = grid.monotone.lastIndex(of: true) {
            var anyFeasible = false
            for c in tops { anyFeasible = try await isFeasible(c) || anyFeasible }
            if anyFeasible {
                let length = grid.sizes[line]
                for start in 0..<grid.count where grid.coordinates(start)[line] == 0 {
                    var position = grid.coordinates(start)
                    var (lo, hi) = (0, length)
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        position[line] = mid
                        if try await isFeasible(grid.index(position)) { hi = mid } else { lo = mid + 1 }
                    }
                }
            }
        } else {
            for c in 0..<grid.count { _ = try await evaluate(c) }
        }

        let all = (0..<grid.count).map { c -> CandidateOutcome in
            if let known = outcomes[c] { return known }
            let status: CandidateOutcome.Status
            if only == nil, outcomes.values.contains(where: { $0.status != .feasible && grid.isBelow(c, $0.candidate) }) {
                status = .infeasibleByMonotonicity
            } else {
                // Every candidate the search leaves is at or above a feasible one (a shard leaves
                // none: it simulates all of its own, and the others are not its to classify).
                status = .costlierByMonotonicity
            }
            return CandidateOutcome(candidate: c, status: status, replications: 0, met: test.constraints.map { _ in 0 },
                                    verdicts: test.constraints.map { _ in nil }, objective: nil, objectiveInterval: nil)
        }
        let recommended = order.filter { outcomes[$0]!.status == .feasible }
            .min { a, b in
                let (x, y) = (outcomes[a]!.objective ?? .infinity, outcomes[b]!.objective ?? .infinity)
                return x != y ? x < y : a < b
            }
        return OptimisationResult(outcomes: all, order: order, recommended: recommended, tops: tops)
    }

    /// Each replication's values for the test and the objective: each constraint's metric (in its
    /// year, or over the observed period; for its territory, else the only one or the total of
    /// several), then the objective's metric over the observed period.
    public static func rows(of results: [RunResult], scenario: Scenario, constraints: [OptimisationFile.Constraint],
                            objective: OptimisationFile.Objective) -> Rows {
        let whole = ExperimentSummary(results, observedYears: (scenario.run.horizon - scenario.run.warmUp) / 365.25)
        let years = constraints.contains { $0.parts.year != nil }
            ? YearSummary.years(of: results, startYear: scenario.run.start.components.year) : []
        func values(_ summary: ExperimentSummary?, metric: String, territory: String?) -> [Double] {
            guard let summary, let m = summary.index(of: metric) else { return results.map { _ in .nan } }
            let t = territory.flatMap { summary.territories.firstIndex(of: $0) } ?? summary.territories.count - 1
            return m < summary.values[t].count ? summary.values[t][m] : results.map { _ in .nan }
        }
        let columns = constraints.map { constraint -> [Double] in
            var summary: ExperimentSummary? = whole
            if let year = constraint.parts.year { summary = years.first { $0.year == year }?.summary }
            return values(summary, metric: constraint.metric, territory: constraint.parts.territory)
        } + [values(whole, metric: objective.metric, territory: objective.territory)]
        return results.indices.map { r in columns.map { $0[r] } }
    }
}
