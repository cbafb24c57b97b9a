import CareModel
import Randomness
import Scenarios

/// Replications of a scenario, run in parallel and gathered in replication order, so that what
/// comes out never depends on how many run at once.
public enum Experiment {
    public struct InvariantBroken: Error, CustomStringConvertible {
        public let replication: Int
        public let errors: [String]
        public var description: String {
            "replication \(replication) lost track of persons (a bug in dacsim): " + errors.prefix(5).joined(separator: "; ")
        }
    }

    /// Runs replications 0..<replications of `scenario` with `seed`, `jobs` at a time;
    /// `progress` is told each time one finishes (done, total).
    public static func run(_ scenario: Scenario, replications: Int, seed: UInt64, jobs: Int,
                           progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> [RunResult] {
        precondition(replications >= 1)
        return try await run(scenario, replications: 0..<replications, seed: seed, jobs: jobs, progress: progress)
    }

    /// Runs replications `range` (each on its own streams, the same whatever else runs: replication
    /// r of any scenario with `seed` uses the same random numbers), in range order.
    public static func run(_ scenario: Scenario, replications range: Range<Int>, seed: UInt64, jobs: Int,
                           progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> [RunResult] {
        precondition(!range.isEmpty && range.lowerBound >= 0 && jobs >= 1)
        let model = scenario.model, months = scenario.monthStarts
        let count = range.count
        var results = [RunResult?](repeating: nil, count: count)
        try await withThrowingTaskGroup(of: (Int, RunResult).self) { group in
            var next = 0, done = 0
            func start() {
                let slot = next
                next += 1
                group.addTask {
                    (slot, CareSimulation.replicate(config: model, monthStarts: months, seed: seed,
                                                    replication: range.lowerBound + slot))
                }
            }
            while next < min(jobs, count) { start() }
            while let (slot, result) = try await group.next() {
                results[slot] = result
                done += 1
                progress(done, count)
                if next < count { start() }
            }
        }
        // Checked in replication order, so that the error reported never depends on --jobs.
        for (slot, result) in results.enumerated() where !result!.accountingErrors.isEmpty {
            throw InvariantBroken(replication: range.lowerBound + slot, errors: result!.accountingErrors)
        }
        return results.map { $0! }
    }
}

/// One metric of one territory across replications.
public struct MetricSummary: Sendable {
    public let territory: String
    public let metric: String
    public let values: [Double]
    /// Nil with a single replication.
    public let interval: ConfidenceInterval?
    public var mean: Double { values.reduce(0, +) / Double(values.count) }
}

/// Every metric of every territory (and of all territories together), per replication and summarised.
public struct ExperimentSummary: Sendable {
    public let territories: [String]
    public let metrics: [String]
    /// values[territory][metric][replication]
    public let values: [[[Double]]]
    public let level: Double

    public init(_ results: [RunResult], observedYears: Double, level: Double = 0.95) {
        self.level = level
        var names = results[0].territories.map(\.name)
        if names.count > 1 { names.append(TerritoryResult.totalName) }
        territories = names
        var metricNames: [String] = []
        var table = Array(repeating: [[Double]](), count: names.count)
        for (r, result) in results.enumerated() {
            var perTerritory = result.territories.map { $0.metrics(observedYears: observedYears) }
            if result.territories.count > 1 {
                var total = TerritoryResult.total(of: result.territories).metrics(observedYears: observedYears)
                for metric in ["coordination_wait_mean_days", "case_management_wait_mean_days", "unmet_needs_per_100k_per_year",
                               "cost_per_person_supported_eur"] {
                    let index = perTerritory[0].names.firstIndex(of: metric)!
                    let across = perTerritory.map { $0.values[index] }
                    total.names.append("equity_\(metric)_max_min_ratio")
                    total.values.append(Equity.maxMinRatio(across))
                    total.names.append("equity_\(metric)_gini")
                    total.values.append(Equity.gini(across))
                }
                perTerritory.append(total)
            }
            if r == 0 {
                metricNames = perTerritory.last!.names
                for t in names.indices { table[t] = Array(repeating: [], count: perTerritory[t].names.count) }
            }
            for t in names.indices {
                for m in perTerritory[t].values.indices { table[t][m].append(perTerritory[t].values[m]) }
            }
        }
        // Territories have the per-territory metrics; the total also has the equity ones.
        metrics = metricNames
        values = table
    }

    public func summary(territory t: Int, metric m: Int) -> MetricSummary? {
        guard m < values[t].count else { return nil }
        let xs = values[t][m]
        let finite = xs.allSatisfy(\.isFinite)
        return MetricSummary(territory: territories[t], metric: metrics[m], values: xs,
                             interval: xs.count >= 2 && finite ? ConfidenceInterval(xs, level: level) : nil)
    }

    public func index(of metric: String) -> Int? { metrics.firstIndex(of: metric) }
}
