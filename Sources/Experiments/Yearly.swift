import CareModel
import Randomness
import Scenarios

/// One calendar year of an experiment: the metrics of the observed part of the year, per
/// territory (and all together), across replications.
public struct YearSummary: Sendable {
    public let year: Int
    /// Days of the year observed (fewer than the year's in the first year after the warm-up and the last).
    public let days: Double
    public let summary: ExperimentSummary

    /// The experiment year by year: each replication's results restricted to each calendar year,
    /// summarised like a whole run's (rates per year of that year's observed days).
    public static func years(of results: [RunResult], startYear: Int, level: Double = 0.95) -> [YearSummary] {
        guard let first = results.first?.territories.first else { return [] }
        return first.years.indices.map { y in
            let restricted = results.map { result in
                var year = result
                year.territories = result.territories.map { $0.years[y].result }
                return year
            }
            let days = first.years[y].days
            return YearSummary(year: startYear + first.years[y].index, days: days,
                               summary: ExperimentSummary(restricted, observedYears: days / 365.25, level: level))
        }
    }
}

/// How often a goal was met: the share of replications whose value for its year meets it, with
/// the Wilson score interval of that share (which stays within 0 and 1, even at 0 or 1 met).
public struct GoalCheck: Sendable {
    public let goal: Goal
    public let territory: String
    public let met: Int
    public let replications: Int
    public let level: Double

    public var probability: Double { Double(met) / Double(replications) }

    /// The Wilson score interval of the probability at `level` (95% by default).
    public var interval: (lower: Double, upper: Double) {
        let n = Double(replications), p = probability
        let z = (try? Distribution.normal(mean: 0, sd: 1))?.quantile(1 - (1 - level) / 2) ?? 1.959964
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        return (max(0, centre - half), min(1, centre + half))
    }

    /// Every goal checked in its year, for its territory or for each territory and their total.
    public static func check(_ goals: [Goal], years: [YearSummary], level: Double = 0.95) -> [GoalCheck] {
        goals.flatMap { goal -> [GoalCheck] in
            guard let year = years.first(where: { $0.year == goal.year }), let m = year.summary.index(of: goal.metric) else { return [] }
            let summary = year.summary
            return summary.territories.indices.compactMap { t in
                guard goal.territory == nil || goal.territory == summary.territories[t], m < summary.values[t].count else { return nil }
                let values = summary.values[t][m]
                return GoalCheck(goal: goal, territory: summary.territories[t], met: values.filter(goal.isMet).count,
                                 replications: values.count, level: level)
            }
        }
    }
}
