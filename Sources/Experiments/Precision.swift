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
    public func isPrecise(_ values: [Double], floor: Double) -> Bool {
        guard values.count >= 2, values.allSatisfy(\.isFinite) else { return true }
        let interval = ConfidenceInterval(values, level: 0.95)
        return interval.halfWidth <= max(precision * abs(interval.mean), floor)
    }

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
        var solution: Int?
        var n = initial
        while n <= available {
            let precise = series.indices.allSatisfy { isPrecise(Array(series[$0].prefix(n)), floor: floors[$0]) }
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
    /// The result of replications by precision: the replications kept (0..<count, in order), the
    /// first count found precise (nil when the cap came first), and why it stopped.
    public struct PrecisionRun: Sendable {
        public let results: [RunResult]
        public let solution: Int?
        /// The metrics still imprecise at the cap (territory: metric), if the cap came first.
        public let imprecise: [String]
        public let rule: ReplicationsByPrecision

        /// One line for the terminal and the manifest.
        public var description: String {
            let precision = "\(Int((rule.precision * 100).rounded()))%"
            if let solution {
                return "precision \(precision) (Hoad, Robinson and Davies 2010): met at \(solution) replications, "
                    + "confirmed over \(results.count - solution) more; \(results.count) kept"
            }
            return "precision \(precision) not met within the cap of \(rule.maxReplications) replications: "
                + imprecise.joined(separator: ", ")
        }
    }

    /// Runs replications in batches of `jobs` until `rule` decides; replications run past the
    /// point of decision are dropped, so the results never depend on `jobs`.
    public static func runToPrecision(_ scenario: Scenario, rule: ReplicationsByPrecision, seed: UInt64, jobs: Int,
                                      progress: @Sendable (Int) -> Void = { _ in }) async throws -> PrecisionRun {
        let observedYears = (scenario.run.horizon - scenario.run.warmUp) / 365.25
        var results: [RunResult] = []
        while true {
            let batch = max(jobs, results.count < rule.initial ? rule.initial - results.count : 1)
            let next = min(results.count + batch, rule.maxReplications)
            results += try await run(scenario, replications: results.count..<next, seed: seed, jobs: jobs)
            progress(results.count)
            let summary = ExperimentSummary(results, observedYears: observedYears)
            var series: [[Double]] = [], floors: [Double] = [], names: [String] = []
            for t in summary.territories.indices {
                for (metric, floor) in ReplicationsByPrecision.floors {
                    guard let m = summary.index(of: metric), m < summary.values[t].count else { continue }
                    series.append(summary.values[t][m])
                    floors.append(floor)
                    names.append("\(summary.territories[t]): \(metric)")
                }
            }
            let (decision, stoppedAt) = rule.decide(series, floors: floors, available: results.count)
            switch decision {
            case .goOn: continue
            case .precise(let solution):
                return PrecisionRun(results: Array(results.prefix(stoppedAt)), solution: solution, imprecise: [], rule: rule)
            case .capped:
                let kept = Array(results.prefix(stoppedAt))
                let imprecise = series.indices.filter { !rule.isPrecise(Array(series[$0].prefix(stoppedAt)), floor: floors[$0]) }
                return PrecisionRun(results: kept, solution: nil, imprecise: imprecise.map { names[$0] }, rule: rule)
            }
        }
    }
}
