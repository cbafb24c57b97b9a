import Experiments
import Foundation
import Randomness
import Scenarios

/// A sweep's directory: `plan.csv` (the cells and their axis values), one file per finished cell
/// under `cells/` (each written whole under a temporary name, then renamed: a cell file that
/// exists is finished), and, once every cell is there, `sweep.csv`, `sweep-summary.csv` and the
/// manifest. Shards run on other machines write the same plan and their own cells; merging them
/// is copying the cells and combining, so a merged sweep is byte-identical to a single run.
public struct SweepOutput {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public let directory: URL

    public init(directory: String) {
        self.directory = URL(fileURLWithPath: directory)
    }

    var cellsFolder: URL { directory.appendingPathComponent("cells") }

    public static func cellName(_ cell: Int) -> String { String(format: "cell-%05d.csv", cell) }

    public func isFinished(cell: Int) -> Bool {
        FileManager.default.fileExists(atPath: cellsFolder.appendingPathComponent(Self.cellName(cell)).path)
    }

    static func plan(_ sweep: SweepFile) -> String {
        var lines = ["cell," + sweep.axes.map { ResultsWriter.quoted($0.key) }.joined(separator: ",")]
        for (c, cell) in sweep.cells.enumerated() {
            lines.append("\(c)," + zip(sweep.axes, cell).map { ResultsWriter.quoted($0.values[$1]) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What makes two runs of a sweep the same: the grid, and everything else a cell's results
    /// depend on (seed, replications, base scenario, dacsim version).
    static func identity(_ sweep: SweepFile, version: String) -> String {
        "dacsim_version: \(version)\nseed: \(sweep.seed)\nreplications: \(sweep.replications)\n"
            + "base_scenario_sha256: \(ResultsWriter.sha256(of: sweep.baseFile))\n"
    }

    /// Creates the directory with its plan and identity, or checks that an existing directory
    /// holds this very sweep: cells of another grid, seed, base or version are never mixed in,
    /// and a directory holding anything else is refused.
    public func prepare(_ sweep: SweepFile, version: String) throws {
        let plan = Self.plan(sweep), identity = Self.identity(sweep, version: version)
        let planFile = directory.appendingPathComponent("plan.csv")
        let identityFile = directory.appendingPathComponent("sweep-identity.txt")
        if let existing = try? String(contentsOf: planFile, encoding: .utf8) {
            let existingIdentity = try? String(contentsOf: identityFile, encoding: .utf8)
            guard existing == plan, existingIdentity == identity else {
                throw Problem(description: "\(directory.path) holds another sweep's cells (another grid, seed, replications, "
                              + "base scenario or dacsim version); choose another --out")
            }
        } else {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            guard contents.isEmpty else {
                throw Problem(description: "\(directory.path) is not empty and holds no sweep; choose another --out")
            }
            try write(identity, to: identityFile)
            try write(plan, to: planFile)
        }
        try FileManager.default.createDirectory(at: cellsFolder, withIntermediateDirectories: true)
    }

    func write(_ text: String, to url: URL) throws { try ResultsWriter.writeWhole(text, to: url) }

    /// One finished cell: every metric of every territory for every replication.
    public func writeCell(_ cell: Int, summary: ExperimentSummary) throws {
        var lines = ["replication,territory,metric,value"]
        for t in summary.territories.indices {
            for m in summary.values[t].indices {
                for (r, value) in summary.values[t][m].enumerated() {
                    let number = value.isFinite ? String(format: "%.17g", value) : ""
                    lines.append("\(r),\(ResultsWriter.quoted(summary.territories[t])),\(summary.metrics[m]),\(number)")
                }
            }
        }
        try write(lines.joined(separator: "\n") + "\n", to: cellsFolder.appendingPathComponent(Self.cellName(cell)))
    }

    /// Builds `sweep.csv` and `sweep-summary.csv` from the cell files, then the manifest; fails
    /// when a cell is missing.
    public func combine(_ sweep: SweepFile, version: String, date: Date = Date()) throws {
        let cells = sweep.cells
        let missing = cells.indices.filter { !isFinished(cell: $0) }
        guard missing.isEmpty else {
            throw Problem(description: "\(missing.count) of \(cells.count) cells are not finished yet (first: \(missing[0]))")
        }
        let axisHeader = sweep.axes.map { ResultsWriter.quoted($0.key) }.joined(separator: ",")
        var tidy = ["cell,\(axisHeader),replication,territory,metric,value"]
        var summary = ["cell,\(axisHeader),territory,metric,mean,sd,ci_low,ci_high,replications"]
        for (c, cell) in cells.enumerated() {
            let axisValues = zip(sweep.axes, cell).map { ResultsWriter.quoted($0.values[$1]) }.joined(separator: ",")
            let text = try String(contentsOf: cellsFolder.appendingPathComponent(Self.cellName(c)), encoding: .utf8)
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
        try write(ScenarioDescription.csv([("base", try Scenario.load(file: sweep.baseFile))]),
                  to: directory.appendingPathComponent(ScenarioDescription.file))
        let manifest = [
            ("dacsim_version", "\"\(version)\""),
            ("sweep_file", ResultsWriter.json(sweep.file)),
            ("sweep_sha256", "\"\(ResultsWriter.sha256(of: sweep.file))\""),
            ("base_scenario_file", ResultsWriter.json(sweep.baseFile)),
            ("base_scenario_sha256", "\"\(ResultsWriter.sha256(of: sweep.baseFile))\""),
            ("seed", "\(sweep.seed)"),
            ("replications", "\(sweep.replications)"),
            ("cells", "\(cells.count)"),
            ("files", "[\"plan.csv\", \"sweep-identity.txt\", \"sweep.csv\", \"sweep-summary.csv\", \"scenario.csv\"]"),
            ("created", "\"\(ISO8601DateFormatter().string(from: date))\""),
        ]
        try write("{\n" + manifest.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n",
                  to: directory.appendingPathComponent("manifest.json"))
    }

    /// Runs the cells of shard `shard` of `shards` (cell c when c mod shards = shard - 1) that are
    /// not finished yet, each written as soon as it is; returns how many cells the shard has and
    /// how many were already finished.
    public func run(_ sweep: SweepFile, shard: Int = 1, of shards: Int = 1, jobs: Int, version: String,
                    progress: (Int, Int) -> Void = { _, _ in }) async throws -> (cells: Int, alreadyFinished: Int) {
        precondition(shards >= 1 && (1...shards).contains(shard))
        try prepare(sweep, version: version)
        let mine = sweep.cells.indices.filter { $0 % shards == shard - 1 }
        let todo = mine.filter { !isFinished(cell: $0) }
        let base = try ScenarioValue.load(file: sweep.baseFile)
        for (done, c) in todo.enumerated() {
            let scenario = try sweep.scenario(cell: sweep.cells[c], base: base)
            let results = try await Experiment.run(scenario, replications: sweep.replications, seed: sweep.seed, jobs: jobs)
            try writeCell(c, summary: ExperimentSummary(results, observedYears: (scenario.run.horizon - scenario.run.warmUp) / 365.25))
            progress(done + 1, todo.count)
        }
        return (mine.count, mine.count - todo.count)
    }

    /// Copies finished cells from shard directories into this one; every shard must hold the same plan.
    public func gather(from shards: [String], sweep: SweepFile, version: String) throws {
        try prepare(sweep, version: version)
        for shard in shards {
            let source = SweepOutput(directory: shard)
            let read = { try? String(contentsOf: source.directory.appendingPathComponent($0), encoding: .utf8) }
            guard read("plan.csv") == Self.plan(sweep), read("sweep-identity.txt") == Self.identity(sweep, version: version) else {
                throw Problem(description: "\(shard) is not a shard of this sweep (no plan, or another grid, seed, "
                              + "replications, base scenario or dacsim version)")
            }
            for c in sweep.cells.indices where source.isFinished(cell: c) && !isFinished(cell: c) {
                let text = try String(contentsOf: source.cellsFolder.appendingPathComponent(Self.cellName(c)), encoding: .utf8)
                try write(text, to: cellsFolder.appendingPathComponent(Self.cellName(c)))
            }
        }
    }
}
