import CareModel
import Experiments
import Foundation
import Randomness
import Scenarios

/// A sweep's directory: `plan.csv` (the cells and their axis values), one file per finished cell
/// under `cells/` (each written whole under a temporary name, then renamed: a cell file that
/// exists is finished), and, once every cell is there, `sweep.csv`, `sweep-summary.csv` and the
/// manifest. Shards run on other machines write the same plan and their own cells; merging them
/// is copying the cells and combining, so a merged sweep is byte-identical to a single run.
public struct SweepOutput: Sendable {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public let directory: URL
    /// What else the cells' results depend on, recorded with the identity (an optimisation's
    /// measured metrics).
    let extraIdentity: String

    public init(directory: String, extraIdentity: String = "") {
        self.directory = URL(fileURLWithPath: directory)
        self.extraIdentity = extraIdentity
    }

    var cellsFolder: URL { directory.appendingPathComponent("cells") }

    public static func cellName(_ cell: Int) -> String { String(format: "cell-%05d.csv", cell) }

    func cellFile(_ cell: Int) -> URL { cellsFolder.appendingPathComponent(Self.cellName(cell)) }

    /// A cell whose file is there and whole: its footer's row count and checksum match what is
    /// above it (a file emptied or cut at a line boundary is not finished, whatever its name says).
    public func isFinished(cell: Int) -> Bool { cellRows(cell) != nil }

    /// Whether a cell file exists but fails its completeness proof.
    func isDamaged(cell: Int) -> Bool { ResultsWriter.kind(of: cellFile(cell).path) != nil && !isFinished(cell: cell) }

    /// The rows of a finished cell file (header included), nil when it is missing or damaged.
    func cellRows(_ cell: Int) -> String? {
        guard let text = try? String(contentsOf: cellFile(cell), encoding: .utf8) else { return nil }
        return Self.unseal(text)
    }

    /// `body` with a footer proving it whole: `# rows: N, sha256: H` over the body's N lines.
    static func seal(_ body: String) -> String {
        let rows = body.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        return body + "# rows: \(rows), sha256: \(SourceFile(path: "", bytes: Data(body.utf8)).sha256)\n"
    }

    /// The body of a sealed text, or nil when its footer is missing or does not match it.
    static func unseal(_ text: String) -> String? {
        guard text.hasSuffix("\n"), let footerStart = text.dropLast().lastIndex(of: "\n").map({ text.index(after: $0) }) else { return nil }
        let body = String(text[..<footerStart])
        return seal(body) == text ? body : nil
    }

    static func plan(_ sweep: SweepFile) -> String {
        var lines = ["cell," + sweep.keys.map { ResultsWriter.quoted($0) }.joined(separator: ",")]
        for (c, point) in sweep.points.enumerated() {
            lines.append("\(c)," + point.values.map { ResultsWriter.quoted($0) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What makes two runs of a sweep the same: the grid, and everything else a cell's results
    /// depend on (seed, replications, base scenario, dacsim version).
    func identity(_ sweep: SweepFile, version: String) -> String {
        "dacsim_version: \(version)\nseed: \(sweep.seed)\nreplications: \(sweep.replications)\n"
            + (sweep.precision.map { "precision: \($0)\n" } ?? "")
            + "base_scenario_sha256: \(SourceFile.chainHash(sweep.baseSources))\n" + extraIdentity
    }

    /// Creates the directory with its plan and identity, or checks that an existing directory
    /// holds this very sweep: cells of another grid, seed, base or version are never mixed in,
    /// and a directory holding anything else is refused.
    /// `allowing` names entries a new directory may already hold: the shard directories a merge
    /// gathers from, when they sit inside it (`--out results/mine results/mine/shard-*`).
    public func prepare(_ sweep: SweepFile, version: String, allowing: Set<String> = []) throws {
        let plan = Self.plan(sweep), identity = self.identity(sweep, version: version)
        let planFile = directory.appendingPathComponent("plan.csv")
        let identityFile = directory.appendingPathComponent("sweep-identity.txt")
        if let existing = try? String(contentsOf: planFile, encoding: .utf8) {
            let existingIdentity = try? String(contentsOf: identityFile, encoding: .utf8)
            guard existing == plan, existingIdentity == identity else {
                throw Problem(description: "\(directory.path) holds another sweep's cells (another grid, seed, replications, "
                              + "base scenario, a file the base extends, or dacsim version); choose another --out")
            }
        } else {
            let contents = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
                .filter { !ResultsWriter.isTemporary($0) && !allowing.contains($0) }
            guard contents.isEmpty else {
                throw Problem(description: "\(directory.path) is not empty and holds no sweep; choose another --out")
            }
            try write(identity, to: identityFile)
            try write(plan, to: planFile)
        }
        do {
            try FileManager.default.createDirectory(at: cellsFolder, withIntermediateDirectories: true)
        } catch {
            throw Problem(description: "cannot create \(cellsFolder.path): \(error.localizedDescription)")
        }
    }

    func write(_ text: String, to url: URL) throws { try ResultsWriter.writeWhole(text, to: url) }

    /// One finished cell: every metric of every territory for every replication, then `years`'
    /// metrics named `METRIC_in_YEAR` (an uncertainty analysis' goals, in their years).
    public func writeCell(_ cell: Int, summary: ExperimentSummary, years: [(year: Int, metrics: [String], summary: ExperimentSummary)] = [])
        throws {
        var lines = ["replication,territory,metric,value"]
        func add(_ summary: ExperimentSummary, metrics: [String]?, suffix: String) {
            for t in summary.territories.indices {
                for m in summary.values[t].indices where metrics?.contains(summary.metrics[m]) ?? true {
                    for (r, value) in summary.values[t][m].enumerated() {
                        let number = value.isFinite ? String(format: "%.17g", value) : ""
                        lines.append("\(r),\(ResultsWriter.quoted(summary.territories[t])),\(summary.metrics[m])\(suffix),\(number)")
                    }
                }
            }
        }
        add(summary, metrics: nil, suffix: "")
        for year in years { add(year.summary, metrics: year.metrics, suffix: "_in_\(year.year)") }
        try write(Self.seal(lines.joined(separator: "\n") + "\n"), to: cellFile(cell))
    }

    /// The years of an uncertainty analysis' goals and their metrics, from a cell's results.
    static func goalYears(_ scenario: Scenario, _ results: [RunResult]) -> [(year: Int, metrics: [String], summary: ExperimentSummary)] {
        guard !scenario.goals.isEmpty else { return [] }
        return YearSummary.years(of: results, startYear: scenario.run.start.components.year).compactMap { year in
            let metrics = Set(scenario.goals.filter { $0.year == year.year }.map(\.metric))
            return metrics.isEmpty ? nil : (year.year, metrics.sorted(), year.summary)
        }
    }

    /// Builds `sweep.csv` and `sweep-summary.csv` from the cell files, then the manifest; fails
    /// when a cell is missing.
    public func combine(_ sweep: SweepFile, version: String, date: Date = Date(), extraFiles: [String] = []) throws {
        let cells = sweep.points.indices
        var bodies: [String] = []
        for c in cells {
            guard let body = cellRows(c) else {
                let missing = cells.filter { !isFinished(cell: $0) }
                let damaged = missing.filter { isDamaged(cell: $0) }
                throw Problem(description: "\(missing.count) of \(cells.count) cells are not finished yet (\(Self.describe(cells: missing)))"
                              + (damaged.isEmpty ? "" : "; \(damaged.count) of them have an incomplete file (first: "
                                 + "\(cellFile(damaged[0]).path)), which running the sweep again redoes"))
            }
            bodies.append(body)
        }
        let axisHeader = sweep.keys.map { ResultsWriter.quoted($0) }.joined(separator: ",")
        var tidy = ["cell,\(axisHeader),replication,territory,metric,value"]
        var summary = ["cell,\(axisHeader),territory,metric,mean,sd,ci_low,ci_high,replications"]
        for c in cells {
            let axisValues = sweep.points[c].values.map { ResultsWriter.quoted($0) }.joined(separator: ",")
            let text = bodies[c]
            // Values per (territory, metric), in the order they first appear.
            var order: [String] = [], values: [String: [Double]] = [:]
            for line in text.split(separator: "\n").dropFirst() {
                let cells = Baseline.cells(String(line))
                guard cells.count == 4 else { throw Problem(description: "cell \(c): unreadable line \(line)") }
                tidy.append("\(c),\(axisValues),\(line)")
                let key = ResultsWriter.quoted(cells[1]) + "," + cells[2]
                if values[key] == nil { order.append(key) }
                values[key, default: []].append(Double(cells[3]) ?? .nan)
            }
            for key in order {
                let xs = values[key]!
                let finite = xs.allSatisfy(\.isFinite)
                let mean = finite ? xs.reduce(0, +) / Double(xs.count) : Double.nan
                let ci = finite && xs.count >= 2 ? ConfidenceInterval(xs) : nil
                summary.append([String(c), axisValues, key, ResultsWriter.number(mean), ResultsWriter.number(ci?.standardDeviation),
                                ResultsWriter.number(ci?.lower), ResultsWriter.number(ci?.upper), String(xs.count)]
                    .joined(separator: ","))
            }
        }
        try write(tidy.joined(separator: "\n") + "\n", to: directory.appendingPathComponent("sweep.csv"))
        try write(summary.joined(separator: "\n") + "\n", to: directory.appendingPathComponent("sweep-summary.csv"))
        try write(ScenarioDescription.csv([("base", try Scenario.read(sweep.base, file: sweep.baseFile, sources: sweep.baseSources))]),
                  to: directory.appendingPathComponent(ScenarioDescription.file))
        let manifest = [
            ("dacsim_version", "\"\(version)\""),
            ("sweep_file", ResultsWriter.json(sweep.file)),
            ("sweep_sha256", "\"\(sweep.source.sha256)\""),
            ("base_scenario_file", ResultsWriter.json(sweep.baseFile)),
            ("base_scenario_sha256", "\"\(SourceFile.chainHash(sweep.baseSources))\""),
            ("base_scenario_files", ResultsWriter.sourcesJSON(sweep.baseSources)),
            ("seed", "\(sweep.seed)"),
            ("replications", "\(sweep.replications)"),
            ("replications_rule", Self.replicationsRule(sweep)),
            ("design", "\"\(sweep.design.rawValue)\""),
        ] + (sweep.pointsSource.map { [("points_file", ResultsWriter.json($0.path)), ("points_sha256", "\"\($0.sha256)\"")] } ?? []) + [
            ("cells", "\(cells.count)"),
            ("axis_labels", "[" + sweep.axes.map { ResultsWriter.json($0.label) }.joined(separator: ", ") + "]"),
            ("targets", "[" + sweep.targets.map { target in
                "{\"metric\": \(ResultsWriter.json(target.metric)), \"\(target.direction.rawValue)\": \(ResultsWriter.number(target.threshold))}"
            }.joined(separator: ", ") + "]"),
            ("files", "[" + (["plan.csv", "sweep-identity.txt", "sweep.csv", "sweep-summary.csv", "scenario.csv"] + extraFiles)
                .map { "\"\($0)\"" }.joined(separator: ", ") + "]"),
            ("created", "\"\(ISO8601DateFormatter().string(from: date))\""),
        ]
        try write("{\n" + manifest.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n",
                  to: directory.appendingPathComponent("manifest.json"))
    }

    /// How many replications each cell ran, for the manifest.
    static func replicationsRule(_ sweep: SweepFile) -> String {
        guard let precision = sweep.precision else { return "\"\(sweep.replications) per cell\"" }
        return "\"by precision: each cell until every main metric's 95% half-width is within \(ResultsWriter.number(precision * 100))% "
            + "of its mean or under its floor, at most \(sweep.replications) (Hoad, Robinson and Davies 2010); sweep-summary.csv "
            + "gives each cell's count\""
    }

    /// What a run of a sweep found and did.
    public struct Counts: Equatable, Sendable {
        /// The cells of this shard, those already finished before, and those whose file was
        /// incomplete (an interrupted copy, a full disk) and were run again.
        public let cells: Int, alreadyFinished: Int, redone: Int
    }

    /// Runs the cells of shard `shard` of `shards` (cell c when c mod shards = shard - 1) that are
    /// not finished yet, each written as soon as it is.
    public func run(_ sweep: SweepFile, shard: Int = 1, of shards: Int = 1, jobs: Int, version: String,
                    progress: (Int, Int) -> Void = { _, _ in }) async throws -> Counts {
        precondition(shards >= 1 && (1...shards).contains(shard))
        try prepare(sweep, version: version)
        if shards > 1 { try record(shard: shard, of: shards) }
        let mine = sweep.points.indices.filter { $0 % shards == shard - 1 }
        let todo = mine.filter { !isFinished(cell: $0) }
        let redone = todo.filter { isDamaged(cell: $0) }.count
        // Nothing left to run (a finished sweep run again, a shard with no cell): nothing to start.
        guard !todo.isEmpty else { return Counts(cells: mine.count, alreadyFinished: mine.count, redone: 0) }
        // Cells of fewer replications than jobs run several at once, each on its share of the jobs;
        // every cell's file depends on the cell alone, so the results never depend on --jobs.
        let atOnce = max(1, min(todo.count, jobs / sweep.replications))
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0, done = 0
            func start() {
                let c = todo[next]
                next += 1
                group.addTask {
                    let scenario = try sweep.scenario(cell: c)
                    let results: [RunResult]
                    if let precision = sweep.precision {
                        let rule = ReplicationsByPrecision(precision: precision, maxReplications: sweep.replications)
                        results = try await Experiment.runToPrecision(scenario, rule: rule, seed: sweep.seed, jobs: max(1, jobs / atOnce))
                            .results[0]
                    } else {
                        results = try await Experiment.run(scenario, replications: sweep.replications, seed: sweep.seed,
                                                           jobs: max(1, jobs / atOnce))
                    }
                    try self.writeCell(c, summary: ExperimentSummary(results, observedYears: (scenario.run.horizon - scenario.run.warmUp) / 365.25),
                                       years: sweep.design == .uncertainty ? Self.goalYears(scenario, results) : [])
                }
            }
            while next < atOnce { start() }
            while try await group.next() != nil {
                done += 1
                progress(done, todo.count)
                if next < todo.count { start() }
            }
        }
        return Counts(cells: mine.count, alreadyFinished: mine.count - todo.count, redone: redone)
    }

    /// The shards run into this directory, as k/N, from `shard.txt` (written by `run` with shards).
    func recordedShards() -> [(k: Int, n: Int)] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("shard.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "/").compactMap { Int($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }

    /// Records that shard k/N runs into this directory, so that a merge can name a missing shard.
    func record(shard: Int, of shards: Int) throws {
        var lines = recordedShards().map { "\($0.k)/\($0.n)" }
        guard !lines.contains("\(shard)/\(shards)") else { return }
        lines.append("\(shard)/\(shards)")
        try write(lines.joined(separator: "\n") + "\n", to: directory.appendingPathComponent("shard.txt"))
    }

    /// A few cell numbers, for messages: "cells 2, 5, 8 and 10 more".
    static func describe(cells: [Int]) -> String {
        (cells.count == 1 ? "cell " : "cells ") + cells.prefix(5).map(String.init).joined(separator: ", ")
            + (cells.count > 5 ? " and \(cells.count - 5) more" : "")
    }

    /// Copies finished cells from shard directories into this one; every shard must hold the same
    /// plan. Everything is checked before anything is written: when a cell is in no shard the merge
    /// names the missing shards (from the k/N each shard recorded) and leaves this directory as it
    /// was. Shard directories inside this one are allowed (`--out OUT OUT/shard-*`).
    public func gather(from shards: [String], sweep: SweepFile, version: String) throws {
        let plan = Self.plan(sweep), identity = self.identity(sweep, version: version)
        let sources = shards.map { SweepOutput(directory: $0) }
        for (shard, source) in zip(shards, sources) {
            let read = { try? String(contentsOf: source.directory.appendingPathComponent($0), encoding: .utf8) }
            guard read("plan.csv") == plan, read("sweep-identity.txt") == identity else {
                throw Problem(description: "\(shard) is not a shard of this sweep (no plan, or another grid or design, seed, "
                              + "replications, base scenario or dacsim version)")
            }
        }
        let ownPlan = try? String(contentsOf: directory.appendingPathComponent("plan.csv"), encoding: .utf8)
        let own = { (c: Int) in ownPlan == plan && self.isFinished(cell: c) }
        var from: [Int: SweepOutput] = [:], missing: [Int] = []
        for c in sweep.points.indices where !own(c) {
            if let damaged = sources.first(where: { $0.isDamaged(cell: c) && !$0.isFinished(cell: c) }),
               !sources.contains(where: { $0.isFinished(cell: c) }) {
                throw Problem(description: "\(damaged.cellFile(c).path) is incomplete (its footer does not match its rows); "
                              + "run that shard again to redo it, then merge")
            }
            if let source = sources.first(where: { $0.isFinished(cell: c) }) { from[c] = source } else { missing.append(c) }
        }
        guard missing.isEmpty else { throw Problem(description: missingShards(missing, of: sweep, shards: shards, sources: sources)) }
        let here = directory.standardizedFileURL.resolvingSymlinksInPath().path
        let inside = Set(sources.compactMap { source -> String? in
            let url = source.directory.standardizedFileURL.resolvingSymlinksInPath()
            return url.deletingLastPathComponent().path == here ? url.lastPathComponent : nil
        })
        try prepare(sweep, version: version, allowing: inside)
        for c in from.keys.sorted() {
            try write(Self.seal(from[c]!.cellRows(c)!), to: cellFile(c))
        }
    }

    /// Which shards the missing cells belong to, when the shards recorded their k/N, else which cells.
    func missingShards(_ missing: [Int], of sweep: SweepFile, shards: [String], sources: [SweepOutput]) -> String {
        let total = sweep.cellCount
        let head = "\(missing.count) of \(total) cells are in none of the \(shards.count) shard\(shards.count == 1 ? "" : "s") given"
        let recorded = zip(shards, sources).flatMap { shard, source in source.recordedShards().map { (shard, $0.k, $0.n) } }
        guard let n = recorded.first?.2, recorded.allSatisfy({ $0.2 == n }) else {
            return head + " (\(Self.describe(cells: missing))); nothing was written. Run the missing cells, then merge again"
        }
        var parts: [String] = []
        for k in Set(missing.map { $0 % n + 1 }).sorted() {
            let lacking = missing.filter { $0 % n + 1 == k }.count
            let expected = (0..<total).filter { $0 % n + 1 == k }.count
            if let given = recorded.first(where: { $0.1 == k }) {
                parts.append("shard \(k)/\(n) in \(given.0) lacks \(lacking) of its \(expected) cells (unfinished: run it again)")
            } else {
                parts.append("shard \(k)/\(n) (\(expected) cells) was not given")
            }
        }
        return head + ": " + parts.joined(separator: "; ") + ". Nothing was written; run or resubmit those shards "
            + "(sbatch --array=K ... N), then merge again"
    }
}
