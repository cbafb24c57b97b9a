import CareModel
import Experiments
import Foundation
import Scenarios

/// An uncertainty analysis' results, beside the sweep files its parameter sets make:
/// `parameters.csv` (each uncertain value, its range and the places it is written),
/// `uncertainty.csv` (per territory and metric: mean, 90% interval over parameter sets, the split
/// of variance between parameters and replications' noise, the main drivers) and `drivers.csv`
/// (every parameter whose rank correlation with a metric passes the 5% level).
public struct UncertaintyOutput: Sendable {
    public static let files = ["parameters.csv", "uncertainty.csv", "drivers.csv"]

    public struct Row: Sendable {
        public let territory: String
        public let metric: String
        public let analysis: ParameterUncertainty
    }

    public let sweep: SweepFile
    public let rows: [Row]
    /// The parameters' names, for the drivers.
    public let labels: [String]

    /// The directory of an uncertainty analysis: a sweep's, whose identity also records the number
    /// of sets and the accepted sets' file, so that another analysis is never mixed in.
    public static func directory(_ directory: String, for plan: SweepFile) -> SweepOutput {
        SweepOutput(directory: directory, extraIdentity: "uncertainty: \(plan.cellCount) parameter sets\n"
                    + (plan.pointsSource.map { "accepted_sha256: \($0.sha256)\n" } ?? ""))
    }

    /// Once every set has run: analyses them, writes the analysis, then the sweep's files and the
    /// manifest, last.
    public static func finish(_ plan: SweepFile, output: SweepOutput, version: String) throws -> UncertaintyOutput {
        let analysis = try UncertaintyOutput(plan, output: output)
        try analysis.write(to: output.directory)
        try output.combine(plan, version: version, extraFiles: files)
        return analysis
    }

    /// Reads the finished cells of `output` and analyses every metric of every territory.
    public init(_ sweep: SweepFile, output: SweepOutput) throws {
        self.sweep = sweep
        labels = sweep.keys
        // values[key][set][replication], keys in the order they first appear.
        var order: [(String, String)] = [], index: [String: Int] = [:]
        var values: [[[Double]]] = []
        for c in sweep.points.indices {
            guard let body = output.cellRows(c) else {
                throw SweepOutput.Problem(description: "parameter set \(c) is not finished")
            }
            for line in body.split(separator: "\n").dropFirst() {
                let cells = Baseline.cells(String(line))
                guard cells.count == 4 else { throw SweepOutput.Problem(description: "parameter set \(c): unreadable line \(line)") }
                let key = cells[1] + "\u{0}" + cells[2]
                let k: Int
                if let known = index[key] {
                    k = known
                } else {
                    k = order.count
                    index[key] = k
                    order.append((cells[1], cells[2]))
                    values.append(Array(repeating: [], count: sweep.points.count))
                }
                values[k][c].append(Double(cells[3]) ?? .nan)
            }
        }
        rows = order.indices.map { k in
            Row(territory: order[k].0, metric: order[k].1, analysis: ParameterUncertainty(values: values[k], parameters: sweep.numbers))
        }
    }

    /// "turnover.quits_per_year (+0.71); turnover.hiring_delay.exponential.mean (+0.45)": the strongest drivers.
    public func drivers(_ analysis: ParameterUncertainty, most: Int = 3) -> String {
        analysis.drivers.prefix(most).map { "\(labels[$0.index]) (\(String(format: "%+.2f", $0.correlation)))" }.joined(separator: "; ")
    }

    public func write(to directory: URL) throws {
        var lines = ["parameter,range,unit,why,from,places,paths"]
        for parameter in sweep.parameters {
            let from = parameter.location.file.hasPrefix("<") ? String(parameter.location.file.dropFirst().dropLast()) : parameter.location.description
            lines.append([parameter.key, parameter.summary, parameter.unit ?? "", parameter.why, from, String(parameter.paths.count),
                          parameter.paths.joined(separator: " ")].map(ResultsWriter.quoted).joined(separator: ","))
        }
        for key in sweep.keys.dropFirst(sweep.parameters.count) {
            lines.append([key, "accepted sets", "", "a calibration's accepted parameter sets", sweep.pointsSource?.path ?? "", "1", key]
                .map(ResultsWriter.quoted).joined(separator: ","))
        }
        try ResultsWriter.writeWhole(lines.joined(separator: "\n") + "\n", to: directory.appendingPathComponent("parameters.csv"))
        let n = ResultsWriter.number
        lines = ["territory,metric,mean,p05,p95,parameter_share,parameter_variance,noise_variance,sets,replications,drivers"]
        var driverLines = ["territory,metric,rank,parameter,spearman"]
        for row in rows {
            let a = row.analysis
            lines.append([ResultsWriter.quoted(row.territory), row.metric, n(a.mean), n(a.low), n(a.high), n(a.parameterShare),
                          n(a.parameterVariance), n(a.noiseVariance), String(a.sets), String(a.replications),
                          ResultsWriter.quoted(drivers(a))].joined(separator: ","))
            for (rank, driver) in a.drivers.enumerated() {
                driverLines.append([ResultsWriter.quoted(row.territory), row.metric, String(rank + 1),
                                    ResultsWriter.quoted(sweep.keys[driver.index]), n(driver.correlation)].joined(separator: ","))
            }
        }
        try ResultsWriter.writeWhole(lines.joined(separator: "\n") + "\n", to: directory.appendingPathComponent("uncertainty.csv"))
        try ResultsWriter.writeWhole(driverLines.joined(separator: "\n") + "\n", to: directory.appendingPathComponent("drivers.csv"))
    }

    /// The main metrics of all territories together (or of the one): mean, interval over
    /// parameter sets, the parameters' share of the variance and the main drivers.
    public func render(language: Language = .en) -> String {
        let l = Labels(language)
        let total = rows.contains { $0.territory == TerritoryResult.totalName } ? TerritoryResult.totalName : rows.first?.territory
        var table: [[String]] = []
        for column in SummaryTable.columns(l) {
            guard let row = rows.first(where: { $0.territory == total && $0.metric == column.metric }) else { continue }
            let a = row.analysis
            let share = a.parameterShare.isFinite ? String(format: "%.0f%%", 100 * a.parameterShare) : "-"
            table.append([column.header, column.format(a.mean), "\(column.format(a.low))-\(column.format(a.high))", share, drivers(a, most: 2)])
        }
        return TerminalTable.render(header: [l(.metric), l(.uncertaintyMean), l(.uncertaintyInterval), l(.uncertaintyShare), l(.uncertaintyDrivers)],
                                    rows: table, leftColumns: 1)
    }
}
