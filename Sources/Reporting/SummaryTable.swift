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
        /// What constrains the metric: a calibration's target, or assumptions only.
        public var basis: MetricBasis { MetricBasis(metric: metric) }

        /// Whether the metric is a share of people (within the target delay): it and its interval
        /// are shown within 0 and 1. Occupancy is not one: it passes 1 when capacity falls below
        /// the people already supported.
        public var isShare: Bool { metric.hasSuffix("_share") }

        /// What turns a value of the metric into this column's unit (euros into thousands of euros).
        public var scale: Double { digits < 0 ? 1e-3 : 1 }

        /// The value as shown in this column's unit.
        public func format(_ x: Double) -> String {
            String(format: "%.\(max(digits, 0))f", x * scale)
        }
    }

    public static let columns = columns(Labels(.en))

    /// The columns with their labels and units in a language.
    public static func columns(_ l: Labels) -> [Column] {
        let (perYear, days, share) = (l(.unitPerYear), l(.unitDays), l(.unitShare))
        return [
            Column(label: l(.colRequests), short: l(.colRequestsShort), unit: perYear, metric: "requests_per_year", digits: 0),
            Column(label: l(.colCoordinationWait), short: l(.colCoordinationWaitShort), unit: days, metric: "coordination_wait_mean_days", digits: 1),
            Column(label: l(.colCoordinationP90), short: l(.colCoordinationP90Short), unit: days, metric: "coordination_wait_p90_days", digits: 1),
            Column(label: l(.colCaseManagementWait), short: l(.colCaseManagementWaitShort), unit: days, metric: "case_management_wait_mean_days", digits: 1),
            Column(label: l(.colCaseManagementP90), short: l(.colCaseManagementP90Short), unit: days, metric: "case_management_wait_p90_days", digits: 1),
            Column(label: l(.colCoordinationInTarget), short: l(.colCoordinationInTargetShort), unit: share, metric: "coordination_within_target_share", digits: 2),
            Column(label: l(.colCaseManagementInTarget), short: l(.colCaseManagementInTargetShort), unit: share, metric: "case_management_within_target_share", digits: 2),
            Column(label: l(.colCoordinationOccupancy), short: l(.colCoordinationOccupancyShort), unit: share, metric: "coordination_occupancy", digits: 2),
            Column(label: l(.colCaseManagementOccupancy), short: l(.colCaseManagementOccupancyShort), unit: share, metric: "case_management_occupancy", digits: 2),
            Column(label: l(.colUnmet), short: l(.colUnmetShort), unit: perYear, metric: "unmet_needs_per_year", digits: 0),
            // Apart from unmet needs, and labelled an estimate: it rests on assumed incidence.
            Column(label: l(.colNotReferred), short: l(.colNotReferredShort), unit: perYear, metric: "not_referred_per_year", digits: 0),
            Column(label: l(.colRuptures), short: l(.colRupturesShort), unit: perYear, metric: "ruptures_per_year", digits: 0),
            Column(label: l(.colHospitalisations), short: l(.colHospitalisationsShort), unit: perYear, metric: "hospitalisations_per_year", digits: 0),
            Column(label: l(.colStaffCost), short: l(.colStaffCostShort), unit: l(.unitThousandEurosPerYear), metric: "staff_cost_eur_per_year", digits: -3),
        ]
    }

    /// At most this many territories (with the total) are laid out as columns.
    static let territoryColumns = 6

    public static func render(_ summary: ExperimentSummary, language: Language = .en) -> String {
        let l = Labels(language), columns = columns(l)
        // cells[metric][territory]: "mean ±half-width", "-" when there is nothing to average.
        let cells = columns.map { column in
            summary.territories.indices.map { t -> String in
                guard let m = summary.index(of: column.metric), let s = summary.summary(territory: t, metric: m) else { return "" }
                guard s.mean.isFinite else { return "-" }  // nothing to average, e.g. no admission at all
                // A share's interval, clipped to [0, 1], is no longer symmetric: its bounds are shown.
                if column.isShare, let ci = s.interval {
                    let clip = { (x: Double) in min(max(x, 0), 1) }
                    return column.format(s.mean) + " [" + column.format(clip(ci.lower)) + ", " + column.format(clip(ci.upper)) + "]"
                }
                return column.format(s.mean) + (s.interval.map { " ±" + column.format($0.halfWidth) } ?? "")
            }
        }
        let table: String
        if summary.territories.count <= territoryColumns {
            table = TerminalTable.render(header: [l(.metric), l(.unit), l(.basis)] + summary.territories,
                                         rows: columns.indices.map { [columns[$0].label, columns[$0].unit, columns[$0].basis.label(l)] + cells[$0] },
                                         leftColumns: 3)
                + l(.basisLegend) + "\n"
        } else {
            table = TerminalTable.render(header: [l(.territory)] + columns.map(\.short),
                                         rows: summary.territories.indices.map { t in [summary.territories[t]] + cells.map { $0[t] } })
                + l(.shortLegend) + "\n"
                + l(.basisWideLegend, columns.filter { $0.basis == .calibrated }.map(\.short).joined(separator: ", ")) + "\n"
        }
        let count = summary.values.first?.first?.count ?? 0
        return table + (count == 1 ? l(.meansOverOne) : l(.meansOver, String(count))) + (count >= 2 ? l(.halfWidths) : "") + "\n"
            + (count >= 2 ? l(.sharesClipped) + "\n" : "")
    }
}

/// A comparison in the terminal: the main metrics of each territory under A and B, and their
/// paired difference with its 95% confidence interval; a star marks a difference whose interval
/// excludes zero.
public enum ComparisonTable {
    public static func render(_ comparison: Comparison, language: Language = .en) -> String {
        let l = Labels(language), columns = SummaryTable.columns(l)
        var rows: [[String]] = [[l(.territory), l(.metric), l(.basis), "A", "B", "B - A",
                                 l(.ciOfDifference).replacingOccurrences(of: "−", with: "-"), ""]]
        for row in comparison.rows where columns.contains(where: { $0.metric == row.metric }) {
            let column = columns.first { $0.metric == row.metric }!
            let f = column.format
            rows.append([row.territory, column.header, column.basis.label(l), f(row.meanA), f(row.meanB), f(row.meanDifference),
                         row.interval.map { "[\(f($0.lower)), \(f($0.upper))]" } ?? "", row.significant ? "*" : ""])
        }
        return TerminalTable.render(header: rows[0], rows: Array(rows.dropFirst()), leftColumns: 3)
            + l(.comparisonFooter) + "\n" + l(.basisLegend) + "\n"
    }
}

/// The scenario's targets in the terminal: for each, in its year and territory, the share of
/// replications that met it, with the Wilson interval of that share.
public enum GoalTable {
    public static func render(_ checks: [GoalCheck], language: Language = .en) -> String {
        guard !checks.isEmpty else { return "" }
        let l = Labels(language)
        let rows = checks.map { check -> [String] in
            let (low, high) = check.interval
            return [check.territory, String(check.goal.year), "\(check.goal.metric) \(check.goal.direction.symbol) \(ResultsWriter.number(check.goal.threshold))",
                    l(.metInCount, String(check.met), String(check.replications)), String(format: "%.2f", check.probability),
                    String(format: "[%.2f, %.2f]", low, high)]
        }
        return TerminalTable.render(header: [l(.territory), l(.year), l(.target), l(.metIn), l(.probability), l(.interval95)],
                                    rows: rows, leftColumns: 3)
            + l(.goalFooter) + "\n"
    }
}
