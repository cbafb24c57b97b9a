import CareModel
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

    public static let files = ["summary.csv", "replications.csv", "monthly.csv", "yearly.csv", ScenarioDescription.file,
                               "manifest.json"]
    public static let comparisonFiles = ["comparison.csv", "comparison-monthly.csv", ScenarioDescription.file, "manifest.json"]

    public let directory: URL

    /// Monthly values per replication, written by `run --monthly-replications` and by `warmup`.
    public static let monthlyReplicationsFile = "monthly-replications.csv"

    /// Every name a results directory of dacsim may hold: what `run`, `compare` and `warmup` write, and a report of them.
    static let ownNames = Set(files + comparisonFiles + ["report.html", monthlyReplicationsFile, WarmUpAnalysis.file])

    /// Checks, before anything is simulated, that results can go to `directory`: it is empty, new,
    /// or holds only dacsim results (a user's folder is never written into); the results already
    /// there are replaced only with `overwrite`, and only when they are plain files; and the
    /// directory can be written (a probe file is created and removed).
    public init(directory: String, overwrite: Bool, files: [String] = ResultsWriter.files) throws {
        guard !directory.isEmpty else { throw Refusal(description: "--out is empty; name the results directory") }
        self.directory = URL(fileURLWithPath: directory)
        let manager = FileManager.default
        let kind = Self.kind(of: directory)
        if let kind, kind != .directory {
            throw Refusal(description: "\(directory) exists and is not a directory; choose another --out")
        }
        let listed = try? manager.contentsOfDirectory(atPath: directory)
        if kind == .directory && listed == nil {
            throw Refusal(description: "cannot list \(directory), so cannot tell what it holds; choose another --out")
        }
        let contents = listed ?? []
        let foreign = contents.filter { !Self.ownNames.contains($0) && !Self.isTemporary($0) }
        if !foreign.isEmpty && !Self.holdsManifest(directory) {
            throw Refusal(description: "\(directory) is not empty and holds no dacsim results (\(Self.list(foreign))); "
                          + "choose a new or empty directory for --out")
        }
        let existing = files.filter { contents.contains($0) }
        if !existing.isEmpty && !overwrite {
            throw Refusal(description: "\(directory) already holds results (\(existing.joined(separator: ", "))); "
                          + "choose another --out or add --overwrite to replace them")
        }
        for name in existing {
            try Self.checkReplaceable(self.directory.appendingPathComponent(name).path)
        }
        do {
            try manager.createDirectory(at: self.directory, withIntermediateDirectories: true)
        } catch {
            throw Refusal(description: "cannot create \(directory): \(error.localizedDescription)")
        }
        try Self.probe(directory: self.directory)
        // An older manifest would vouch for files about to change: it goes first, and so does a
        // report of them (only one dacsim wrote: anything else under that name stays).
        try? manager.removeItem(at: self.directory.appendingPathComponent("manifest.json"))
        let report = self.directory.appendingPathComponent("report.html").path
        if Report.isReport(file: report) { try? manager.removeItem(atPath: report) }
    }

    /// Writes the results files, then the manifest. With `monthlyReplications`, also every monthly
    /// value of every replication (`monthly-replications.csv`); `extra` files (name, text) are
    /// written before the manifest, which lists them. An optional file (those two, `warmup.csv`)
    /// that an earlier run left in the directory and this one does not write is removed, as it
    /// would not match.
    public func write(scenario: Scenario, summary: ExperimentSummary, results: [RunResult], seed: UInt64,
                      version: String, date: Date = Date(), monthlyReplications: Bool = false,
                      extra: [(name: String, text: String)] = [], replicationsRule: String? = nil) throws {
        try write("summary.csv", Self.summaryCSV(summary))
        try write("replications.csv", replicationsCSV(summary))
        try write("monthly.csv", monthlyCSV(scenario: scenario, results: results))
        let years = YearSummary.years(of: results, startYear: scenario.run.start.components.year, level: summary.level)
        try write("yearly.csv", Self.yearlyCSV(years, checks: GoalCheck.check(scenario.goals, years: years, level: summary.level)))
        if monthlyReplications {
            try write(Self.monthlyReplicationsFile, Self.monthlyReplicationsCSV(scenario: scenario, results: results))
        }
        // Optional files an earlier run left here would not match these results.
        for name in [Self.monthlyReplicationsFile, WarmUpAnalysis.file]
        where !(name == Self.monthlyReplicationsFile && monthlyReplications) && !extra.contains(where: { $0.name == name }) {
            let stale = directory.appendingPathComponent(name)
            if Self.kind(of: stale.path) == .file { try? FileManager.default.removeItem(at: stale) }
        }
        try write(ScenarioDescription.file, ScenarioDescription.csv([("run", scenario)]))
        for (name, text) in extra { try write(name, text) }
        let written = Array(Self.files.dropLast()) + (monthlyReplications ? [Self.monthlyReplicationsFile] : []) + extra.map(\.name)
        let manifest = Self.manifest(version: version, scenarios: [("", scenario)], replications: results.count, seed: seed,
                                     files: written + ["manifest.json"], date: date)
        try write("manifest.json", Self.recordingRule(replicationsRule, replications: results.count, in: manifest))
    }

    /// A manifest that says, after the replications run, why that many, when a precision chose them.
    static func recordingRule(_ rule: String?, replications: Int, in manifest: String) -> String {
        guard let rule else { return manifest }
        return manifest.replacingOccurrences(of: "  \"replications\": \(replications),",
                                             with: "  \"replications\": \(replications),\n  \"replications_rule\": \(json(rule)),")
    }

    func write(_ name: String, _ text: String) throws {
        try Self.writeWhole(text, to: directory.appendingPathComponent(name))
    }

    /// Writes `text` to a new temporary file beside `url`, then renames it into place, so that a
    /// file under its real name is always whole (results, baselines, sweep cells and reports
    /// alike). The temporary file is created afresh under a random name (never through a link
    /// someone planted), and only a plain file is ever replaced: a directory or a link under that
    /// name is refused, never deleted.
    static func writeWhole(_ text: String, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Refusal(description: "cannot create \(folder.path): \(error.localizedDescription)")
        }
        try checkReplaceable(url.path)
        let (descriptor, partial) = try temporaryFile(in: folder, for: url.lastPathComponent)
        var failure: String?
        // mkstemp makes a private file (0600); results are shared like any file the user makes.
        if fchmod(descriptor, Self.fileMode) != 0 { failure = String(cString: strerror(errno)) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            failure = error.localizedDescription
        }
        close(descriptor)
        if failure == nil && rename(partial, url.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(partial)
            throw Refusal(description: "cannot write \(url.path): \(failure)")
        }
    }

    /// The mode a new file gets from open(2): 0666 less the process's umask (read from
    /// /proc/self/status, which, unlike umask(2), changes nothing).
    static let fileMode: mode_t = {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Umask:") }
        let mask = line.flatMap { mode_t($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022
        return 0o666 & ~mask
    }()

    /// A new file `.NAME.partial-XXXXXX` in `folder`, created exclusively (mkstemp: O_CREAT|O_EXCL,
    /// so no existing file or link is ever opened), with its descriptor and path.
    static func temporaryFile(in folder: URL, for name: String) throws -> (Int32, String) {
        var template = Array(folder.appendingPathComponent(".\(name).partial-XXXXXX").path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw Refusal(description: "cannot write in \(folder.path): \(String(cString: strerror(errno)))")
        }
        return (descriptor, String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// Whether `name` is a temporary file of `writeWhole`, left behind by an interrupted write.
    static func isTemporary(_ name: String) -> Bool { name.hasPrefix(".") && name.contains(".partial") }

    enum Kind { case file, directory, other }

    /// What is at `path`, without following a link (a link is `other`); nil when nothing is.
    static func kind(of path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Refuses to replace anything but a plain file.
    static func checkReplaceable(_ path: String) throws {
        switch kind(of: path) {
        case nil, .file?: return
        case .directory?: throw Refusal(description: "\(path) is a directory, not a results file; move it away (it is never deleted)")
        case .other?: throw Refusal(description: "\(path) is a link or a special file, not a results file; move it away")
        }
    }

    /// Fails now, before hours of simulation, when `directory` cannot be written.
    static func probe(directory: URL) throws {
        let (descriptor, path) = try temporaryFile(in: directory, for: "probe")
        close(descriptor)
        unlink(path)
    }

    /// Checks, before a run, that `file` can be written later: its folder exists or can be made
    /// and can be written, and nothing but a plain file sits at its name.
    public static func checkWritable(file: String) throws {
        let url = URL(fileURLWithPath: file)
        try checkReplaceable(file)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw Refusal(description: "cannot create \(url.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        try probe(directory: url.deletingLastPathComponent())
    }

    /// Whether `directory` holds a manifest that dacsim wrote.
    static func holdsManifest(_ directory: String) -> Bool {
        let manifest = URL(fileURLWithPath: directory).appendingPathComponent("manifest.json").path
        guard kind(of: manifest) == .file, let text = try? String(contentsOfFile: manifest, encoding: .utf8) else { return false }
        return text.hasPrefix("{\n  \"dacsim_version\": ")
    }

    /// A few names of a listing, for messages.
    static func list(_ names: [String]) -> String {
        let sorted = names.sorted()
        return sorted.prefix(3).joined(separator: ", ") + (sorted.count > 3 ? " and \(sorted.count - 3) more" : "")
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

    /// Each metric per calendar year and territory with its interval; a row with a target also
    /// gives the probability across replications that the target is met and its Wilson interval.
    static func yearlyCSV(_ years: [YearSummary], checks: [GoalCheck]) -> String {
        var lines = ["territory,year,days_observed,metric,mean,sd,ci_low,ci_high,replications,target,p_met,p_met_ci_low,p_met_ci_high"]
        for year in years {
            let summary = year.summary
            for t in summary.territories.indices {
                for m in summary.metrics.indices {
                    guard let s = summary.summary(territory: t, metric: m) else { continue }
                    let cells = [Self.quoted(s.territory), String(year.year), Self.number(year.days), s.metric, Self.number(s.mean),
                                 Self.number(s.interval?.standardDeviation), Self.number(s.interval?.lower),
                                 Self.number(s.interval?.upper), String(s.values.count)]
                    let targets = checks.filter { $0.goal.year == year.year && $0.goal.metric == s.metric && $0.territory == s.territory }
                    if targets.isEmpty { lines.append((cells + ["", "", "", ""]).joined(separator: ",")) }
                    for check in targets {
                        let (low, high) = check.interval
                        lines.append((cells + ["\(check.goal.direction.symbol) \(Self.number(check.goal.threshold))",
                                               Self.number(check.probability), Self.number(low), Self.number(high)])
                            .joined(separator: ","))
                    }
                }
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

    /// Tidy: replication, territory, month, metric, value; a month with no value (no admission,
    /// so no mean wait) has no row.
    static func monthlyReplicationsCSV(scenario: Scenario, results: [RunResult]) -> String {
        var lines = ["replication,territory,month,metric,value"]
        for (r, result) in results.enumerated() {
            for territory in result.territories {
                let name = Self.quoted(territory.name)
                for record in territory.months {
                    let label = scenario.monthLabels[record.month]
                    for (metric, value) in Self.monthlyMetrics {
                        guard let x = value(record) else { continue }
                        lines.append("\(r),\(name),\(label),\(metric),\(Self.number(x))")
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

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

    /// Every file behind a scenario with its hash, as a JSON list, the named file first.
    static func sourcesJSON(_ sources: [SourceFile]) -> String {
        "[" + sources.map { "{\"file\": \(json($0.path)), \"sha256\": \"\($0.sha256)\"}" }.joined(separator: ", ") + "]"
    }

    /// The manifest: what ran (each scenario's name, file, the hash of all the files behind it and
    /// each of those files with its own hash, prefixed for a comparison's two sides), with which seed and replications, which files it wrote, and when.
    static func manifest(version: String, scenarios: [(prefix: String, scenario: Scenario)], replications: Int,
                         seed: UInt64, files: [String], date: Date) -> String {
        var fields: [(String, String)] = [("dacsim_version", "\"\(version)\"")]
        for (prefix, scenario) in scenarios {
            fields += [
                ("\(prefix)scenario", Self.json(scenario.name)),
                ("\(prefix)scenario_file", Self.json(scenario.file)),
                ("\(prefix)scenario_sha256", "\"\(scenario.sourcesHash)\""),
                ("\(prefix)scenario_files", sourcesJSON(scenario.sources)),
            ]
        }
        let first = scenarios[0].scenario
        fields += [
            ("seed", "\(seed)"),
            ("replications", "\(replications)"),
            ("start", "\"\(first.run.start)\""),
            ("horizon_days", Self.number(first.run.horizon)),
            ("warm_up_days", Self.number(first.run.warmUp)),
            ("initial_state", Self.json(first.initialState)),
            ("files", "[" + files.dropLast().map { "\"\($0)\"" }.joined(separator: ", ") + "]"),
            ("created", "\"\(ISO8601DateFormatter().string(from: date))\""),
        ]
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    /// A comparison's paired differences, then its manifest.
    public func writeComparison(_ comparison: Comparison, a: Scenario, b: Scenario, resultsA: [RunResult], resultsB: [RunResult],
                                replications: Int, seed: UInt64, seedB: UInt64? = nil, version: String, date: Date = Date(),
                                replicationsRule: String? = nil) throws {
        var lines = ["territory,metric,mean_a,mean_b,difference,ci_low,ci_high,significant,replications"]
        for row in comparison.rows {
            lines.append([Self.quoted(row.territory), row.metric, Self.number(row.meanA), Self.number(row.meanB),
                          Self.number(row.meanDifference), Self.number(row.interval?.lower), Self.number(row.interval?.upper),
                          row.significant ? "yes" : "no", String(row.differences.count)].joined(separator: ","))
        }
        try write("comparison.csv", lines.joined(separator: "\n") + "\n")
        try write("comparison-monthly.csv", Self.monthlyComparisonCSV(a: a, resultsA: resultsA, resultsB: resultsB))
        try write(ScenarioDescription.file, ScenarioDescription.csv([("A", a), ("B", b)]))
        var manifest = Self.manifest(version: version, scenarios: [("a_", a), ("b_", b)], replications: replications,
                                     seed: seed, files: Self.comparisonFiles, date: date)
        // B's own seed: equal to A's for common random numbers, another for independent streams.
        manifest = manifest.replacingOccurrences(of: "  \"seed\": \(seed),", with: "  \"seed\": \(seed),\n  \"b_seed\": \(seedB ?? seed),")
        try write("manifest.json", Self.recordingRule(replicationsRule, replications: replications, in: manifest))
    }

    /// Month by month, each monthly metric of A and of B and their paired difference B - A with
    /// its 95% interval: replication r of B against replication r of A, in the same month.
    static func monthlyComparisonCSV(a: Scenario, resultsA: [RunResult], resultsB: [RunResult]) -> String {
        var lines = ["territory,month,metric,mean_a,mean_b,difference,ci_low,ci_high,replications"]
        guard let first = resultsA.first, let other = resultsB.first else { return lines.joined() + "\n" }
        let mean = { (xs: [Double]) in xs.reduce(0, +) / Double(xs.count) }
        for t in first.territories.indices where t < other.territories.count {
            let name = quoted(first.territories[t].name)
            for k in first.territories[t].months.indices where k < other.territories[t].months.count {
                let month = first.territories[t].months[k].month
                guard other.territories[t].months[k].month == month else { continue }
                for (metric, value) in monthlyMetrics {
                    // Pairs where both replications have a value (a month with no admission has no mean wait).
                    let pairs = zip(resultsA, resultsB).compactMap { ra, rb -> (Double, Double)? in
                        guard let x = value(ra.territories[t].months[k]), let y = value(rb.territories[t].months[k]) else { return nil }
                        return (x, y)
                    }
                    guard !pairs.isEmpty else { continue }
                    let d = pairs.map { $0.1 - $0.0 }
                    let ci = d.count >= 2 ? ConfidenceIntervalBounds(d) : nil
                    lines.append([name, a.monthLabels[month], metric, number(mean(pairs.map(\.0))), number(mean(pairs.map(\.1))),
                                  number(mean(d)), number(ci?.0), number(ci?.1), String(d.count)].joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
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
