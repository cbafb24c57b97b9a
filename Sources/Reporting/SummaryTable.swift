import Experiments
import Foundation

/// The summary a planner reads in the terminal: the main metrics of each territory (and of all
/// together) as means with their 95% confidence half-widths. A few territories are columns, one
/// metric a row with its unit; many territories (a national scenario) are rows instead.
public enum SummaryTable {
    public struct Column: Sendable {
        public let label: String
        /// A short header with its unit, for the wide layout with one territory a row.
        public let short: String
        public let unit: String
        public let metric: String
        /// Decimals shown; negative: shown in thousands with no decimal.
        public let digits: Int
        public var header: String { "\(label) (\(unit))" }

        /// What turns a value of the metric into this column's unit (euros into thousands of euros).
        public var scale: Double { digits < 0 ? 1e-3 : 1 }

        /// The value as shown in this column's unit.
        public func format(_ x: Double) -> String {
            String(format: "%.\(max(digits, 0))f", x * scale)
        }
    }

    public static let columns: [Column] = [
        Column(label: "requests", short: "requests/yr", unit: "/yr", metric: "requests_per_year", digits: 0),
        Column(label: "coordination wait, mean", short: "coord wait d", unit: "days", metric: "coordination_wait_mean_days", digits: 1),
        Column(label: "coordination wait, p90", short: "coord p90 d", unit: "days", metric: "coordination_wait_p90_days", digits: 1),
        Column(label: "case-management wait, mean", short: "CM wait d", unit: "days", metric: "case_management_wait_mean_days", digits: 1),
        Column(label: "case-management wait, p90", short: "CM p90 d", unit: "days", metric: "case_management_wait_p90_days", digits: 1),
        Column(label: "coordination within target delay", short: "in target", unit: "share", metric: "coordination_within_target_share", digits: 2),
        Column(label: "case management within target delay", short: "CM in target", unit: "share", metric: "case_management_within_target_share", digits: 2),
        Column(label: "coordination occupancy", short: "coord occ", unit: "share", metric: "coordination_occupancy", digits: 2),
        Column(label: "case-management occupancy", short: "CM occ", unit: "share", metric: "case_management_occupancy", digits: 2),
        Column(label: "unmet needs", short: "unmet/yr", unit: "/yr", metric: "unmet_needs_per_year", digits: 0),
        Column(label: "ruptures", short: "ruptures/yr", unit: "/yr", metric: "ruptures_per_year", digits: 0),
        Column(label: "hospitalisations", short: "hosp/yr", unit: "/yr", metric: "hospitalisations_per_year", digits: 0),
        Column(label: "staff cost", short: "cost kEUR/yr", unit: "kEUR/yr", metric: "staff_cost_eur_per_year", digits: -3),
    ]

    /// At most this many territories (with the total) are laid out as columns.
    static let territoryColumns = 6

    public static func render(_ summary: ExperimentSummary) -> String {
        // cells[metric][territory]: "mean ±half-width", "-" when there is nothing to average.
        let cells = columns.map { column in
            summary.territories.indices.map { t -> String in
                guard let m = summary.index(of: column.metric), let s = summary.summary(territory: t, metric: m) else { return "" }
                guard s.mean.isFinite else { return "-" }  // nothing to average, e.g. no admission at all
                return column.format(s.mean) + (s.interval.map { " ±" + column.format($0.halfWidth) } ?? "")
            }
        }
        let table: String
        if summary.territories.count <= territoryColumns {
            table = TerminalTable.render(header: ["metric", "unit"] + summary.territories,
                                         rows: columns.indices.map { [columns[$0].label, columns[$0].unit] + cells[$0] },
                                         leftColumns: 2)
        } else {
            table = TerminalTable.render(header: ["territory"] + columns.map(\.short),
                                         rows: summary.territories.indices.map { t in [summary.territories[t]] + cells.map { $0[t] } })
                + "d: days; coord: coordination support; CM: case management; in target: coordination within the "
                + "target delay; CM in target: case management within it; occ: occupancy\n"
        }
        let count = summary.values.first?.first?.count ?? 0
        return table + "means over \(count) replication\(count == 1 ? "" : "s")"
            + (count >= 2 ? ", ± the half-width of their 95% confidence interval" : "") + "\n"
    }
}

/// A comparison in the terminal: the main metrics of each territory under A and B, and their
/// paired difference with its 95% confidence interval; a star marks a difference whose interval
/// excludes zero.
public enum ComparisonTable {
    public static func render(_ comparison: Comparison) -> String {
        var rows: [[String]] = [["territory", "metric", "A", "B", "B - A", "95% CI of B - A", ""]]
        for row in comparison.rows where SummaryTable.columns.contains(where: { $0.metric == row.metric }) {
            let column = SummaryTable.columns.first { $0.metric == row.metric }!
            let f = column.format
            rows.append([row.territory, column.header, f(row.meanA), f(row.meanB), f(row.meanDifference),
                         row.interval.map { "[\(f($0.lower)), \(f($0.upper))]" } ?? "", row.significant ? "*" : ""])
        }
        return TerminalTable.render(header: rows[0], rows: Array(rows.dropFirst()), leftColumns: 2)
            + "* the 95% interval of the paired difference excludes zero; pairs share random numbers stream by stream\n"
    }
}

/// The scenario's targets in the terminal: for each, in its year and territory, the share of
/// replications that met it, with the Wilson interval of that share.
public enum GoalTable {
    public static func render(_ checks: [GoalCheck]) -> String {
        guard !checks.isEmpty else { return "" }
        let rows = checks.map { check -> [String] in
            let (low, high) = check.interval
            return [check.territory, String(check.goal.year), "\(check.goal.metric) \(check.goal.direction.symbol) \(ResultsWriter.number(check.goal.threshold))",
                    "\(check.met) of \(check.replications)", String(format: "%.2f", check.probability),
                    String(format: "[%.2f, %.2f]", low, high)]
        }
        return TerminalTable.render(header: ["territory", "year", "target", "met in", "probability", "95% interval"], rows: rows,
                                    leftColumns: 3)
            + "probability: the share of replications meeting the target in that year (Wilson score interval)\n"
    }
}
