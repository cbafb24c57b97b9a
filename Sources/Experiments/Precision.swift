import CareModel
import Randomness
import Scenarios

/// Replications by precision: Hoad, Robinson and Davies's replications algorithm (2010). Run
/// replications one by one (in order, whatever runs in parallel) until, for every main metric of
/// every territory, the 95% half-width is within `precision` of the mean or under the metric's
/// absolute floor; then run a few more (the look-ahead) to check that it stays so, and stop at
/// the first number of replications that passed with its look-ahead. A cap ends the search.
public struct ReplicationsByPrecision: Sendable, Equatable {
    /// The half-width allowed, as a share of the mean (0.05: within 5%).
    public var precision: Double
    /// The most replications run, precise or not.
    public var maxReplications: Int
    /// Replications before the first check (an interval needs a few to mean anything).
    public var initial = 3
    /// Replications run past a first precise count to confirm it, below 100 (above: scaled, 5%).
    public var lookAhead = 5

    public init(precision: Double, maxReplications: Int) {
        self.precision = precision
        self.maxReplications = maxReplications
    }

    /// The main metrics, with the half-width under which each is precise enough whatever its mean
    /// (a mean near zero would otherwise ask for endless replications): waits within a day,
    /// shares within 0.01, counts within one a year, costs within EUR 1,000 a year.
    public static let floors: [(metric: String, floor: Double)] = [
        ("requests_per_year", 1), ("coordination_wait_mean_days", 1), ("case_management_wait_mean_days", 1),
        ("coordination_within_target_share", 0.01), ("case_management_within_target_share", 0.01),
        ("coordination_occupancy", 0.01), ("case_management_occupancy", 0.01),
        ("unmet_needs_per_year", 1), ("ruptures_per_year", 1), ("hospitalisations_per_year", 1),
        ("staff_cost_eur_per_year", 1000),
    ]

    /// The look-ahead after a first precise count `n`: 5 up to 100 replications, then 5% of `n`.
    public func lookAhead(after n: Int) -> Int { n <= 100 ? lookAhead : lookAhead * n / 100 }

    /// Whether values are precise enough: the half-width within `precision` of the mean, or under
    /// `floor`. Values that are not all finite (a wait nobody had) are not judged here.
    public func isPrecise(_ values: [Double], floor: Double) -> Bool { isPrecise(values, relativeTo: values, floor: floor) }

    /// What the algorithm decides once `n` replications' metrics are known (`series[i]`: the
    /// values of one metric of one territory, in replication order, at least `n` of them).
    public enum Decision: Equatable, Sendable {
        /// Precise at `solution` and at each count of its look-ahead, up to `n`: stop, keeping `n`.
        case precise(solution: Int)
        case goOn
        /// The cap reached without a confirmed precise count.
        case capped
    }

    /// Checks counts `initial`, `initial + 1`... up to the available replications, in order, and
    /// says whether to stop and at which count: the same whatever number became available at once.
    public func decide(_ series: [[Double]], floors: [Double], available: Int) -> (Decision, stoppedAt: Int) {
        decide(available: available) { n in
            series.indices.allSatisfy { isPrecise(Array(series[$0].prefix(n)), floor: floors[$0]) }
        }
    }

    /// Paired differences B − A (`differences[i]`, per replication) precise enough: their half-width
    /// within `precision` of A's mean (`references[i]`, the same replications), or under the floor.
    public func decide(differences: [[Double]], references: [[Double]], floors: [Double], available: Int) -> (Decision, stoppedAt: Int) {
        decide(available: available) { n in
            differences.indices.allSatisfy { i in isPrecise(Array(differences[i].prefix(n)), relativeTo: Array(references[i].prefix(n)),
                                                            floor: floors[i]) }
        }
    }

    /// Values precise enough relative to the mean of `reference` (a difference, against the level it
    /// is a difference of).
    public func isPrecise(_ values: [Double], relativeTo reference: [Double], floor: Double) -> Bool {
        guard values.count >= 2, values.allSatisfy(\.isFinite), reference.allSatisfy(\.isFinite) else { return true }
        let mean = reference.reduce(0, +) / Double(reference.count)
        return ConfidenceInterval(values, level: 0.95).halfWidth <= max(precision * abs(mean), floor)
    }

    /// The algorithm over counts, given whether the first `n` replications are precise enough.
    func decide(available: Int, precise: (Int) -> Bool) -> (Decision, stoppedAt: Int) {
        var solution: Int?
        var n = initial
        while n <= available {
            let precise = precise(n)
            if precise {
                if solution == nil { solution = n }
                if let s = solution, n >= s + lookAhead(after: s) { return (.precise(solution: s), n) }
            } else {
                solution = nil
            }
            if n >= maxReplications { return (.capped, n) }
            n += 1
        }
        return (.goOn, available)
    }
}

extension Experiment {
    /// The result of replications by precision: the replications kept (0..<count, in order, per
    /// scenario run), the first count found precise (nil when the cap came first), and why it stopped.
    public struct PrecisionRun: Sendable {
        /// Per scenario (one for `run`, A then B for `compare`), the replications kept.
        public let results: [[RunResult]]
        public let solution: Int?
        /// The metrics still imprecise at the cap (territory: metric), if the cap came first.
        public let imprecise: [String]
        public let rule: ReplicationsByPrecision

        /// One line for the terminal and the manifest.
        public var description: String {
            let precision = "\(Int((rule.precision * 100).rounded()))%"
            let kept = results[0].count
            if let solution {
                return "precision \(precision) (Hoad, Robinson and Davies 2010): met at \(solution) replications, "
                    + "confirmed over \(kept - solution) more; \(kept) kept"
            }
            return "precision \(precision) not met within the cap of \(rule.maxReplications) replications: "
                + imprecise.joined(separator: ", ")
        }
    }

    /// The main metrics of every territory: per (territory, metric), its values in replication
    /// order, its floor and its name.
    static func mainMetrics(_ results: [RunResult], observedYears: Double) -> [(values: [Double], floor: Double, name: String)] {
        let summary = ExperimentSummary(results, observedYears: observedYears)
        return summary.territories.indices.flatMap { t in
            ReplicationsByPrecision.floors.compactMap { metric, floor in
                summary.index(of: metric).flatMap { m in
                    m < summary.values[t].count ? (summary.values[t][m], floor, "\(summary.territories[t]): \(metric)") : nil
                }
            }
        }
    }

    /// Runs replications of each scenario (with its seed) in batches of `jobs` until `judge`, given
    /// the results so far, decides; replications run past the point of decision are dropped, so the
    /// results never depend on `jobs`. `judge` also names what is imprecise at a count.
    static func runInBatches(_ runs: [(scenario: Scenario, seed: UInt64)], rule: ReplicationsByPrecision, jobs: Int,
                             progress: @Sendable (Int) -> Void,
                             judge: ([[RunResult]]) -> (decision: ReplicationsByPrecision.Decision, stoppedAt: Int,
                                                        imprecise: (Int) -> [String])) async throws -> PrecisionRun {
        var results = Array(repeating: [RunResult](), count: runs.count)
        while true {
            let done = results[0].count
            let next = min(done + max(jobs, rule.initial - done), rule.maxReplications)
            for (i, run) in runs.enumerated() {
                results[i] += try await Self.run(run.scenario, replications: done..<next, seed: run.seed, jobs: jobs)
            }
            progress(next)
            let (decision, stoppedAt, imprecise) = judge(results)
            let kept = results.map { Array($0.prefix(stoppedAt)) }
            switch decision {
            case .goOn: continue
            case .precise(let solution): return PrecisionRun(results: kept, solution: solution, imprecise: [], rule: rule)
            case .capped: return PrecisionRun(results: kept, solution: nil, imprecise: imprecise(stoppedAt), rule: rule)
            }
        }
    }

    /// `run` by precision: every main metric of every territory.
    public static func runToPrecision(_ scenario: Scenario, rule: ReplicationsByPrecision, seed: UInt64, jobs: Int,
                                      progress: @Sendable (Int) -> Void = { _ in }) async throws -> PrecisionRun {
        let years = (scenario.run.horizon - scenario.run.warmUp) / 365.25
        return try await runInBatches([(scenario, seed)], rule: rule, jobs: jobs, progress: progress) { results in
            let metrics = mainMetrics(results[0], observedYears: years)
            let (decision, stoppedAt) = rule.decide(metrics.map(\.values), floors: metrics.map(\.floor), available: results[0].count)
            return (decision, stoppedAt, { n in
                metrics.filter { !rule.isPrecise(Array($0.values.prefix(n)), floor: $0.floor) }.map(\.name)
            })
        }
    }

    /// `compare` by precision: every main metric's paired difference B − A, within the precision of
    /// A's mean (or under the floor).
    public static func compareToPrecision(_ a: Scenario, _ b: Scenario, rule: ReplicationsByPrecision, seed: UInt64, seedB: UInt64,
                                          jobs: Int, progress: @Sendable (Int) -> Void = { _ in }) async throws -> PrecisionRun {
        let years = (a.run.horizon - a.run.warmUp) / 365.25
        return try await runInBatches([(a, seed), (b, seedB)], rule: rule, jobs: jobs, progress: progress) { results in
            let first = mainMetrics(results[0], observedYears: years), second = mainMetrics(results[1], observedYears: years)
            let differences = zip(first, second).map { a, b in zip(b.values, a.values).map { $0 - $1 } }
            let (decision, stoppedAt) = rule.decide(differences: differences, references: first.map(\.values),
                                                    floors: first.map(\.floor), available: results[0].count)
            return (decision, stoppedAt, { n in
                first.indices.filter {
                    !rule.isPrecise(Array(differences[$0].prefix(n)), relativeTo: Array(first[$0].values.prefix(n)), floor: first[$0].floor)
                }.map { first[$0].name }
            })
        }
    }
}
