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

    /// The uncertain values' names (then the accepted sets' key paths), in the parameter sets' order.
    public let keys: [String]
    /// The uncertain values, for parameters.csv, and the accepted sets' file if any.
    let parameters: [SweepFile.Parameter]
    let acceptedFile: String?
    public let rows: [Row]
    /// Whether the metrics are differences B - A of a comparison.
    public let paired: Bool
    /// The scenario's goals (targets.goals), whose metrics in their years are analysed too
    /// (`METRIC_in_YEAR`).
    public let goals: [Goal]

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

    /// Once both sides' sets have run: the analysis of the differences, the scenarios and the
    /// manifest (last) in `directory`; each side's own sweep files in its folder.
    public static func finishPair(a: SweepFile, outputA: SweepOutput, b: SweepFile, outputB: SweepOutput, names: [String],
                                  numbers: [[Double]], directory: URL, version: String, date: Date = Date()) throws -> UncertaintyOutput {
        let analysis = try UncertaintyOutput(a: a, outputA: outputA, b: b, outputB: outputB, names: names, numbers: numbers)
        try outputA.combine(a, version: version, extraFiles: [])
        try outputB.combine(b, version: version, extraFiles: [])
        try analysis.write(to: directory)
        let scenarios = [("A", try Scenario.read(a.base, file: a.baseFile, sources: a.baseSources)),
                         ("B", try Scenario.read(b.base, file: b.baseFile, sources: b.baseSources))]
        try ResultsWriter.writeWhole(ScenarioDescription.csv(scenarios), to: directory.appendingPathComponent(ScenarioDescription.file))
        let manifest: [(String, String)] = [
            ("dacsim_version", "\"\(version)\""),
            ("uncertainty_comparison", "\"differences B - A over parameter sets\""),
            ("a_scenario_file", ResultsWriter.json(a.baseFile)),
            ("a_scenario_sha256", "\"\(SourceFile.chainHash(a.baseSources))\""),
            ("b_scenario_file", ResultsWriter.json(b.baseFile)),
            ("b_scenario_sha256", "\"\(SourceFile.chainHash(b.baseSources))\""),
            ("seed", "\(a.seed)"),
            ("replications", "\(a.replications)"),
            ("cells", "\(a.cellCount)"),
            ("uncertain_values", "\(names.count)"),
            ("files", "[" + (files + [ScenarioDescription.file, "a/", "b/"]).map { "\"\($0)\"" }.joined(separator: ", ") + "]"),
            ("created", "\"\(ISO8601DateFormatter().string(from: date))\""),
        ]
        try ResultsWriter.writeWhole("{\n" + manifest.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n",
                                     to: directory.appendingPathComponent("manifest.json"))
        return analysis
    }

    /// Reads the finished cells of `output` and analyses every metric of every territory.
    public init(_ sweep: SweepFile, output: SweepOutput) throws {
        let (order, values) = try Self.values(sweep, output)
        keys = sweep.keys
        parameters = sweep.parameters
        acceptedFile = sweep.pointsSource?.path
        paired = false
        goals = try Scenario.read(sweep.base, file: sweep.baseFile, sources: sweep.baseSources).goals
        rows = order.indices.map { k in
            Row(territory: order[k].0, metric: order[k].1, analysis: ParameterUncertainty(values: values[k], parameters: sweep.numbers))
        }
    }

    /// A comparison under uncertainty: each metric's difference B - A, replication by replication
    /// of each parameter set (common random numbers), analysed as one metric.
    public init(a: SweepFile, outputA: SweepOutput, b: SweepFile, outputB: SweepOutput, names: [String], numbers: [[Double]]) throws {
        let (order, valuesA) = try Self.values(a, outputA), (orderB, valuesB) = try Self.values(b, outputB)
        keys = names
        parameters = a.parameters + b.parameters.filter { p in !a.parameters.contains { $0.key == p.key } }
        acceptedFile = a.pointsSource?.path
        paired = true
        goals = try Scenario.read(a.base, file: a.baseFile, sources: a.baseSources).goals
        rows = order.indices.compactMap { k in
            guard let j = orderB.firstIndex(where: { $0 == order[k] }) else { return nil }
            let differences = zip(valuesA[k], valuesB[j]).map { rowA, rowB in zip(rowA, rowB).map { $1 - $0 } }
            return Row(territory: order[k].0, metric: order[k].1, analysis: ParameterUncertainty(values: differences, parameters: numbers))
        }
    }

    /// Every (territory, metric) in the order the cells first give them, and its values by set and replication.
    static func values(_ sweep: SweepFile, _ output: SweepOutput) throws -> (order: [(String, String)], values: [[[Double]]]) {
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
        return (order, values)
    }

    /// "turnover.quits_per_year (+0.71); turnover.hiring_delay.exponential.mean (+0.45)": the strongest drivers.
    public func drivers(_ analysis: ParameterUncertainty, most: Int = 3) -> String {
        analysis.drivers.prefix(most).map { "\(keys[$0.index]) (\(String(format: "%+.2f", $0.correlation)))" }.joined(separator: "; ")
    }

    public func write(to directory: URL) throws {
        var lines = ["parameter,range,unit,why,from,places,paths"]
        for parameter in parameters {
            let from = parameter.location.file.hasPrefix("<") ? String(parameter.location.file.dropFirst().dropLast()) : parameter.location.description
            lines.append([parameter.key, parameter.summary, parameter.unit ?? "", parameter.why, from, String(parameter.paths.count),
                          parameter.paths.joined(separator: " ")].map(ResultsWriter.quoted).joined(separator: ","))
        }
        for key in keys.dropFirst(parameters.count) where !parameters.contains(where: { $0.key == key }) {
            lines.append([key, "accepted sets", "", "a calibration's accepted parameter sets", acceptedFile ?? "", "1", key]
                .map(ResultsWriter.quoted).joined(separator: ","))
        }
        try ResultsWriter.writeWhole(lines.joined(separator: "\n") + "\n", to: directory.appendingPathComponent("parameters.csv"))
        let n = ResultsWriter.number
        lines = ["territory,metric,mean,p05,p95,parameter_share,parameter_variance,noise_variance,sets,replications,drivers"
                 + (paired ? ",above_zero_share" : "")]
        var driverLines = ["territory,metric,rank,parameter,spearman"]
        for row in rows {
            let a = row.analysis
            lines.append([ResultsWriter.quoted(row.territory), row.metric, n(a.mean), n(a.low), n(a.high), n(a.parameterShare),
                          n(a.parameterVariance), n(a.noiseVariance), String(a.sets), String(a.replications),
                          ResultsWriter.quoted(drivers(a))].joined(separator: ",") + (paired ? "," + n(a.aboveZeroShare) : ""))
            for (rank, driver) in a.drivers.enumerated() {
                driverLines.append([ResultsWriter.quoted(row.territory), row.metric, String(rank + 1),
                                    ResultsWriter.quoted(keys[driver.index]), n(driver.correlation)].joined(separator: ","))
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
        let percent = { (x: Double) in x.isFinite ? String(format: "%.0f%%", 100 * x) : "-" }
        func line(_ label: String, _ column: SummaryTable.Column, _ a: ParameterUncertainty) -> [String] {
            [label, column.basis.label(l), column.format(a.mean), l(.uncertaintyFromTo, column.format(a.low), column.format(a.high))]
                + (paired ? [percent(a.aboveZeroShare)] : []) + [percent(a.parameterShare), drivers(a, most: 2)]
        }
        var table: [[String]] = SummaryTable.columns(l).compactMap { column in
            rows.first { $0.territory == total && $0.metric == column.metric }.map { line(column.header, column, $0.analysis) }
        }
        // Each goal's metric in its year, and how many sets' means meet it.
        for goal in goals {
            let column = SummaryTable.columns(l).first { $0.metric == goal.metric }
                ?? SummaryTable.Column(label: goal.metric, short: goal.metric, unit: "", metric: goal.metric, digits: 2)
            guard let row = rows.first(where: { $0.territory == (goal.territory ?? total) && $0.metric == "\(goal.metric)_in_\(goal.year)" })
            else { continue }
            let finite = row.analysis.setMeans.filter(\.isFinite)
            let meeting = finite.isEmpty ? "-" : percent(Double(finite.filter(goal.isMet).count) / Double(finite.count))
            table.append(line(l(.uncertaintyGoal, column.header, String(goal.year),
                                "\(goal.direction.symbol) \(ResultsWriter.number(goal.threshold))", meeting), column, row.analysis))
        }
        return TerminalTable.render(header: [l(.metric), l(.basis), l(paired ? .uncertaintyMeanDifference : .uncertaintyMean),
                                             l(.uncertaintyInterval)]
                                    + (paired ? [l(.uncertaintyAboveZero)] : []) + [l(.uncertaintyShare), l(.uncertaintyDrivers)],
                                    rows: table, leftColumns: 2) + l(.basisLegend) + "\n"
    }
}
