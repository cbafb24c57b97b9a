import Experiments
import Foundation

/// The summary a planner reads in the terminal: one row per territory (and all together), the
/// main metrics as means with their 95% confidence half-widths.
public enum SummaryTable {
    static let columns: [(header: String, metric: String, digits: Int)] = [
        ("requests/yr", "requests_per_year", 0),
        ("coord wait d", "coordination_wait_mean_days", 1),
        ("coord p90 d", "coordination_wait_p90_days", 1),
        ("CM wait d", "case_management_wait_mean_days", 1),
        ("CM p90 d", "case_management_wait_p90_days", 1),
        ("in target", "coordination_within_target_share", 2),
        ("coord occ", "coordination_occupancy", 2),
        ("CM occ", "case_management_occupancy", 2),
        ("unmet/yr", "unmet_needs_per_year", 0),
        ("ruptures/yr", "ruptures_per_year", 0),
        ("hosp/yr", "hospitalisations_per_year", 0),
        ("cost kEUR/yr", "staff_cost_eur_per_year", -3),
    ]

    public static func render(_ summary: ExperimentSummary) -> String {
        var rows: [[String]] = [["territory"] + columns.map(\.header)]
        for t in summary.territories.indices {
            var row = [summary.territories[t]]
            for column in columns {
                guard let m = summary.index(of: column.metric), let s = summary.summary(territory: t, metric: m) else {
                    row.append("")
                    continue
                }
                let scale = column.digits < 0 ? 1e-3 : 1.0
                let digits = max(column.digits, 0)
                guard s.mean.isFinite else {  // nothing to average, e.g. no admission at all
                    row.append("-")
                    continue
                }
                var cell = String(format: "%.\(digits)f", s.mean * scale)
                if let ci = s.interval { cell += String(format: " ±%.\(digits)f", ci.halfWidth * scale) }
                row.append(cell)
            }
            rows.append(row)
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        let lines = rows.map { row in
            row.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: lines[0].count)
        let count = summary.values.first?.first?.count ?? 0
        return ([lines[0], rule] + lines.dropFirst()).joined(separator: "\n")
            + "\n(means over \(count) replication\(count == 1 ? "" : "s")"
            + (count >= 2 ? ", ± the 95% confidence half-width" : "") + "; waits in days, d; occ: occupancy)\n"
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
            let scale = column.digits < 0 ? 1e-3 : 1.0, digits = max(column.digits, 0)
            func f(_ x: Double) -> String { String(format: "%.\(digits)f", x * scale) }
            rows.append([row.territory, column.header, f(row.meanA), f(row.meanB), f(row.meanDifference),
                         row.interval.map { "[\(f($0.lower)), \(f($0.upper))]" } ?? "", row.significant ? "*" : ""])
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        let lines = rows.map { row in
            row.enumerated().map { c, cell in
                c < 2 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                      : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }
        return ([lines[0], String(repeating: "-", count: lines[0].count)] + lines.dropFirst()).joined(separator: "\n")
            + "\n(* the 95% interval of the paired difference excludes zero; pairs share random numbers stream by stream)\n"
    }
}
