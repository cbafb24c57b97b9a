import CareModel
import Experiments
import Scenarios

/// `dacsim warmup`: MSER-5 on the monthly series of the main metrics of a run started with no
/// warm-up, per territory, and the warm-up it suggests overall (the longest any of them needs).
public struct WarmUpAnalysis: Sendable {
    public struct Row: Sendable, Equatable {
        public let territory: String
        public let metric: String
        /// Months of the series, and the rule's answer: nil when the series has a month with no
        /// value (no admission that month) or fewer than four batches.
        public let months: Int
        public let mser: MSER?
    }

    /// The series the rule is applied to: waits, wait lists, occupancy and unmet needs.
    public static let metrics = ["coordination_wait_mean_days", "case_management_wait_mean_days", "coordination_wait_list",
                                 "case_management_wait_list", "coordination_occupancy", "case_management_occupancy", "unmet_needs"]

    public let rows: [Row]
    /// The month labels (YYYY-MM) of the series, from the run's start.
    public let monthLabels: [String]

    /// Each territory's monthly mean over replications of each metric, analysed with MSER-5.
    public init(scenario: Scenario, results: [RunResult], batchSize: Int = 5) {
        var rows: [Row] = []
        let territories = results[0].territories
        for t in territories.indices {
            for metric in Self.metrics {
                let value = ResultsWriter.monthlyMetrics.first { $0.0 == metric }!.1
                let series = territories[t].months.indices.map { k -> Double in
                    let xs = results.compactMap { value($0.territories[t].months[k]) }
                    return xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count)
                }
                rows.append(Row(territory: territories[t].name, metric: metric, months: series.count,
                                mser: MSER.apply(series, batchSize: batchSize)))
            }
        }
        self.rows = rows
        let first = territories[0].months.first?.month ?? 0
        monthLabels = territories[0].months.indices.map { scenario.monthLabels[first + $0] }
    }

    /// The warm-up to use, in months: the longest of the series that settled.
    public var suggestedMonths: Int { rows.compactMap { $0.mser.flatMap { $0.settled ? $0.truncation : nil } }.max() ?? 0 }

    /// The series with no answer or one not to be trusted.
    public var unsettled: [Row] { rows.filter { $0.mser?.settled != true } }

    public func csv() -> String {
        var lines = ["territory,metric,months,batch_size,truncation_months,mser_statistic,settled"]
        for row in rows {
            lines.append([ResultsWriter.quoted(row.territory), row.metric, String(row.months),
                          row.mser.map { String($0.batchSize) } ?? "", row.mser.map { String($0.truncation) } ?? "",
                          ResultsWriter.number(row.mser?.statistic), row.mser.map { $0.settled ? "yes" : "no" } ?? ""]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A results file of the analysis.
    public static let file = "warmup.csv"
}

/// The terminal table of `dacsim warmup`: one row per territory and series, or, with more than
/// `territoryRows` territories, one row per series (the longest truncation among the territories
/// that settled, and how many did not); warmup.csv has every row.
public enum WarmUpTable {
    public static let territoryRows = 5

    public static func render(_ analysis: WarmUpAnalysis) -> String {
        let territories = analysis.rows.reduce(into: [String]()) { if !$0.contains($1.territory) { $0.append($1.territory) } }
        guard territories.count > territoryRows else {
            return TerminalTable.render(header: ["territory", "series", "months", "truncation (months)", "settled"], rows: analysis.rows.map { row in
                [row.territory, row.metric, String(row.months), row.mser.map { String($0.truncation) } ?? "–",
                 row.mser.map { $0.settled ? "yes" : "no: minimum at half the run" } ?? "no value some months"]
            }, leftColumns: 2)
        }
        return TerminalTable.render(header: ["series (\(territories.count) territories)", "longest truncation (months)", "territories not settled"],
                                    rows: WarmUpAnalysis.metrics.map { metric in
            let rows = analysis.rows.filter { $0.metric == metric }
            let settled = rows.compactMap { $0.mser.flatMap { $0.settled ? $0.truncation : nil } }
            return [metric, settled.max().map(String.init) ?? "–", String(rows.count - settled.count)]
        })
    }
}
