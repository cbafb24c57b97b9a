import CareModel
import Crypto
import Experiments
import Foundation
import Scenarios

/// Writes a run's results to a directory: summary, per-replication and monthly CSV files (tidy:
/// one value a row, for pandas and R), then the manifest. Each file is written under a temporary
/// name and renamed when whole, and the manifest comes last: a directory without a manifest
/// holds no finished run.
public struct ResultsWriter {
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    public static let files = ["summary.csv", "replications.csv", "monthly.csv", ScenarioDescription.file, "manifest.json"]
    public static let comparisonFiles = ["comparison.csv", ScenarioDescription.file, "manifest.json"]

    public let directory: URL

    /// Refuses a directory that already holds any of `files` unless `overwrite` is set.
    public init(directory: String, overwrite: Bool, files: [String] = ResultsWriter.files) throws {
        self.directory = URL(fileURLWithPath: directory)
        let manager = FileManager.default
        let existing = files.filter { manager.fileExists(atPath: self.directory.appendingPathComponent($0).path) }
        if !existing.isEmpty && !overwrite {
            throw Refusal(description: "\(directory) already holds results (\(existing.joined(separator: ", "))); "
                          + "choose another --out or add --overwrite to replace them")
        }
        do {
            try manager.createDirectory(at: self.directory, withIntermediateDirectories: true)
        } catch {
            throw Refusal(description: "cannot create \(directory): \(error.localizedDescription)")
        }
        // An older manifest would vouch for files about to change: it goes first, and so does a
        // report of them (only one dacsim wrote: anything else under that name stays).
        try? manager.removeItem(at: self.directory.appendingPathComponent("manifest.json"))
        let report = self.directory.appendingPathComponent("report.html").path
        if Report.isReport(file: report) { try? manager.removeItem(atPath: report) }
    }

    public func write(scenario: Scenario, summary: ExperimentSummary, results: [RunResult], seed: UInt64,
                      version: String, date: Date = Date()) throws {
        try write("summary.csv", Self.summaryCSV(summary))
        try write("replications.csv", replicationsCSV(summary))
        try write("monthly.csv", monthlyCSV(scenario: scenario, results: results))
        try write(ScenarioDescription.file, ScenarioDescription.csv([("run", scenario)]))
        try write("manifest.json", manifest(scenario: scenario, replications: results.count, seed: seed,
                                            version: version, date: date))
    }

    func write(_ name: String, _ text: String) throws {
        try Self.writeWhole(text, to: directory.appendingPathComponent(name))
    }

    /// Writes `text` under a temporary name beside `url`, then renames it into place, so that a
    /// file under its real name is always whole (results, baselines and sweep cells alike).
    static func writeWhole(_ text: String, to url: URL) throws {
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: partial)
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: partial, to: url)
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw Refusal(description: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    // MARK: Formats

    public static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return String(format: "%.10g", x)
    }

    public static func quoted(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func summaryCSV(_ summary: ExperimentSummary) -> String {
        var lines = ["territory,metric,mean,sd,ci_low,ci_high,replications"]
        for t in summary.territories.indices {
            for m in summary.metrics.indices {
                guard let s = summary.summary(territory: t, metric: m) else { continue }
                lines.append([Self.quoted(s.territory), s.metric, Self.number(s.mean),
                              Self.number(s.interval?.standardDeviation), Self.number(s.interval?.lower),
                              Self.number(s.interval?.upper), String(s.values.count)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func replicationsCSV(_ summary: ExperimentSummary) -> String {
        var lines = ["replication,territory,metric,value"]
        for t in summary.territories.indices {
            for m in summary.values[t].indices {
                for (r, value) in summary.values[t][m].enumerated() {
                    lines.append("\(r),\(Self.quoted(summary.territories[t])),\(summary.metrics[m]),\(Self.number(value))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let monthlyMetrics: [(String, @Sendable (MonthRecord) -> Double?)] = [
        ("requests", { Double($0.requests) }),
        ("coordination_wait_mean_days", { $0.coordinationWaits.count > 0 ? $0.coordinationWaits.mean : nil }),
        ("case_management_wait_mean_days", { $0.caseManagementWaits.count > 0 ? $0.caseManagementWaits.mean : nil }),
        ("coordination_wait_list", { Double($0.coordinationWaitList) }),
        ("case_management_wait_list", { Double($0.caseManagementWaitList) }),
        ("coordination_occupancy", { $0.coordinationCapacity > 0 ? Double($0.coordinationOccupied) / Double($0.coordinationCapacity) : nil }),
        ("case_management_occupancy", { $0.caseManagementCapacity > 0 ? Double($0.caseManagementOccupied) / Double($0.caseManagementCapacity) : nil }),
        ("capacity_ideal", { $0.idealCapacity }),
        ("capacity_planned", { $0.plannedCapacity }),
        ("capacity_real", { $0.realCapacity }),
        ("productivity", { $0.productivity }),
        ("ruptures", { Double($0.ruptures) }),
        ("hospitalisations", { Double($0.hospitalisations) }),
        ("unmet_needs", { Double($0.unmet) }),
        ("right_level", { Double($0.rightLevel) }),
        ("under_served", { Double($0.underServed) }),
        ("over_served", { Double($0.overServed) }),
    ]

    func monthlyCSV(scenario: Scenario, results: [RunResult]) -> String {
        var lines = ["territory,month,metric,mean,ci_low,ci_high,replications"]
        for t in results[0].territories.indices {
            let name = Self.quoted(results[0].territories[t].name)
            for k in results[0].territories[t].months.indices {
                let label = scenario.monthLabels[results[0].territories[t].months[k].month]
                for (metric, value) in Self.monthlyMetrics {
                    let xs = results.compactMap { value($0.territories[t].months[k]) }
                    guard !xs.isEmpty else { continue }
                    let mean = xs.reduce(0, +) / Double(xs.count)
                    let ci = xs.count >= 2 ? ConfidenceIntervalBounds(xs) : nil
                    lines.append("\(name),\(label),\(metric),\(Self.number(mean)),\(Self.number(ci?.0)),\(Self.number(ci?.1)),\(xs.count)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func manifest(scenario: Scenario, replications: Int, seed: UInt64, version: String, date: Date) throws -> String {
        Self.manifest(version: version, scenarios: [("", scenario)], replications: replications, seed: seed,
                      files: Self.files, date: date)
    }

    public static func sha256(of file: String) -> String {
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The manifest: what ran (each scenario's name, file and hash, prefixed for a comparison's
    /// two sides), with which seed and replications, which files it wrote, and when.
    static func manifest(version: String, scenarios: [(prefix: String, scenario: Scenario)], replications: Int,
                         seed: UInt64, files: [String], date: Date) -> String {
        var fields: [(String, String)] = [("dacsim_version", "\"\(version)\"")]
        for (prefix, scenario) in scenarios {
            fields += [
                ("\(prefix)scenario", Self.json(scenario.name)),
                ("\(prefix)scenario_file", Self.json(scenario.file)),
                ("\(prefix)scenario_sha256", "\"\(sha256(of: scenario.file))\""),
            ]
        }
        let first = scenarios[0].scenario
        fields += [
            ("seed", "\(seed)"),
            ("replications", "\(replications)"),
            ("start", "\"\(first.run.start)\""),
            ("horizon_days", Self.number(first.run.horizon)),
            ("warm_up_days", Self.number(first.run.warmUp)),
            ("files", "[" + files.dropLast().map { "\"\($0)\"" }.joined(separator: ", ") + "]"),
            ("created", "\"\(ISO8601DateFormatter().string(from: date))\""),
        ]
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    /// A comparison's paired differences, then its manifest.
    public func writeComparison(_ comparison: Comparison, a: Scenario, b: Scenario, replications: Int, seed: UInt64,
                                seedB: UInt64? = nil, version: String, date: Date = Date()) throws {
        var lines = ["territory,metric,mean_a,mean_b,difference,ci_low,ci_high,significant,replications"]
        for row in comparison.rows {
            lines.append([Self.quoted(row.territory), row.metric, Self.number(row.meanA), Self.number(row.meanB),
                          Self.number(row.meanDifference), Self.number(row.interval?.lower), Self.number(row.interval?.upper),
                          row.significant ? "yes" : "no", String(row.differences.count)].joined(separator: ","))
        }
        try write("comparison.csv", lines.joined(separator: "\n") + "\n")
        try write(ScenarioDescription.file, ScenarioDescription.csv([("A", a), ("B", b)]))
        var manifest = Self.manifest(version: version, scenarios: [("a_", a), ("b_", b)], replications: replications,
                                     seed: seed, files: Self.comparisonFiles, date: date)
        // B's own seed: equal to A's for common random numbers, another for independent streams.
        manifest = manifest.replacingOccurrences(of: "  \"seed\": \(seed),", with: "  \"seed\": \(seed),\n  \"b_seed\": \(seedB ?? seed),")
        try write("manifest.json", manifest)
    }

    public static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

import Randomness

/// The 95% Student t interval of replications, as (lower, upper).
func ConfidenceIntervalBounds(_ xs: [Double]) -> (Double, Double) {
    let ci = ConfidenceInterval(xs)
    return (ci.lower, ci.upper)
}
