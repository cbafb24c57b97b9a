import Experiments
import Foundation
import Randomness
import Scenarios

/// An optimisation's directory. The candidates are a sweep's grid (`plan.csv`, its identity and a
/// file per simulated candidate under `cells/`, each holding its replications' values so far,
/// written whole under a temporary name then renamed), so that a rerun resumes where the last one
/// stopped, shards gather like a sweep's, and a directory of another problem is refused. Once the
/// search ends: `candidates.csv`, `recommended-scenario.yaml` (when a candidate is feasible) and
/// the manifest, last.
public struct OptimisationOutput {
    public let file: OptimisationFile
    public let cells: SweepOutput

    public static let candidatesFile = "candidates.csv"
    public static let scenarioFile = "recommended-scenario.yaml"

    public init(directory: String, file: OptimisationFile) {
        self.file = file
        // What each stored replication holds: a cell file of another problem's metrics must not be read back.
        let measures = file.constraints.map { c in
            "measure: \(c.metric) year \(c.parts.year.map(String.init) ?? "all") territory \(c.parts.territory ?? "-")"
        } + ["objective: \(file.objective.metric) territory \(file.objective.territory ?? "-")"]
            // Robust staffing stores one row per parameter set: the sets' draws and size are part of what it holds.
            // (each row is the share of a set's replications meeting the constraint: its direction and threshold are part of it)
            + (file.isRobust ? ["parameter sets: \(file.replicationsPerSet) replications each, meeting "
                                + file.constraints.map { "\($0.parts.direction.rawValue) \(ResultsWriter.number($0.parts.threshold))" }
                                    .joined(separator: "; ")]
                + file.uncertainParameters.map { "uncertain: \($0.key) \($0.summary) at \($0.paths.joined(separator: " "))" } : [])
        cells = SweepOutput(directory: directory, extraIdentity: measures.joined(separator: "\n") + "\n")
    }

    public var directory: URL { cells.directory }

    var header: String {
        "replication," + (file.constraints.indices.map { "constraint_\($0 + 1)" } + ["objective"]).joined(separator: ",")
    }

    /// The replications of candidate `c` stored so far (none when its file is missing or damaged).
    func stored(_ c: Int) -> Optimiser.Rows {
        guard let body = cells.cellRows(c) else { return [] }
        let lines = body.split(separator: "\n")
        guard lines.first.map(String.init) == header else { return [] }
        var rows: Optimiser.Rows = []
        for (r, line) in lines.dropFirst().enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == file.constraints.count + 2, Int(cells[0]) == r else { return [] }
            rows.append(cells.dropFirst().map { Double($0) ?? .nan })
        }
        return rows
    }

    /// The first `n` replications of candidate `c`: those stored, and the rest simulated (with the
    /// optimisation's seed: replication r of every candidate uses the same random numbers) and
    /// stored before they are returned.
    func rows(_ c: Int, _ n: Int, jobs: Int) async throws -> Optimiser.Rows {
        var rows = stored(c)
        if rows.count < n {
            if file.isRobust {
                // One row per parameter set: the share of its replications meeting each constraint, then the objective's mean.
                for s in rows.count..<n {
                    let scenario = try file.scenario(candidate: c, parameterSet: s)
                    // Set s runs replications s N to (s + 1) N - 1: sets draw independent noise, as the sequential
                    // test over sets needs, while every candidate's set s shares the same streams.
                    let first = s * file.replicationsPerSet
                    let results = try await Experiment.run(scenario, replications: first..<(first + file.replicationsPerSet),
                                                           seed: file.grid.seed, jobs: jobs)
                    let each = Optimiser.rows(of: results, scenario: scenario, constraints: file.constraints, objective: file.objective)
                    let n = Double(each.count)
                    let shares: [Double] = file.constraints.indices.map { i in
                        Double(each.filter { file.constraints[i].isMet(by: $0[i]) }.count) / n
                    }
                    let objective: Double = each.map { $0[file.constraints.count] }.reduce(0, +) / n
                    rows.append(shares + [objective])
                }
            } else {
                let scenario = try file.scenario(candidate: c)
                let results = try await Experiment.run(scenario, replications: rows.count..<n, seed: file.grid.seed, jobs: jobs)
                rows += Optimiser.rows(of: results, scenario: scenario, constraints: file.constraints, objective: file.objective)
            }
            let lines = [header] + rows.enumerated().map { r, row in
                "\(r)," + row.map { $0.isFinite ? String(format: "%.17g", $0) : "" }.joined(separator: ",")
            }
            try cells.write(SweepOutput.seal(lines.joined(separator: "\n") + "\n"), to: cells.cellFile(c))
        }
        return Array(rows.prefix(n))
    }

    /// How many candidates already had replications stored when the run started.
    public func resumable() -> Int { (0..<file.grid.cellCount).filter { cells.isFinished(cell: $0) }.count }

    /// Runs the search (or, for shard k of N with N > 1, tests every candidate c with
    /// c mod N = k - 1), resuming from what the directory holds.
    public func run(shard: Int = 1, of shards: Int = 1, jobs: Int, version: String,
                    progress: @escaping (Int) -> Void = { _ in }) async throws -> OptimisationResult {
        precondition(shards >= 1 && (1...shards).contains(shard))
        try cells.prepare(file.grid, version: version)
        if shards > 1 { try cells.record(shard: shard, of: shards) }
        let only = shards > 1 ? (0..<file.grid.cellCount).filter { $0 % shards == shard - 1 } : nil
        var simulated = Set<Int>()
        return try await Optimiser.search(grid: CandidateGrid(file), test: FeasibilityTest(constraints: file.testedConstraints,
                                                                                              testing: file.testing), only: only) { c, n in
            simulated.insert(c)
            progress(simulated.count)
            return try await rows(c, n, jobs: jobs)
        }
    }

    /// Copies every candidate's stored replications from shard directories (all of them must be
    /// there), as a sweep's merge does; the search then runs on them without simulating.
    public func gather(from shards: [String], version: String) throws {
        try cells.gather(from: shards, sweep: file.grid, version: version)
    }

    /// The estimate and interval of each constraint for a simulated candidate.
    public func estimates(_ outcome: CandidateOutcome) -> [(probability: Double, lower: Double, upper: Double)] {
        let test = FeasibilityTest(constraints: file.testedConstraints, testing: file.testing)
        return outcome.met.map { outcome.replications > 0 ? test.estimate(met: $0, of: outcome.replications) : (.nan, .nan, .nan) }
    }

    /// The decision of candidate `c`, as "key = value" pairs.
    public func decision(_ c: Int) -> [(key: String, label: String, value: String)] {
        zip(file.variables, file.grid.points[c].values).map { ($0.key, $0.label, $1) }
    }

    /// Writes candidates.csv, the recommended scenario and the manifest (last).
    public func write(_ result: OptimisationResult, version: String, date: Date = Date()) throws {
        let frontier = Set(result.frontier(requirements: file.testedConstraints.map(\.probability)))
        var header = ["candidate"] + file.variables.map { ResultsWriter.quoted($0.key) }
            + ["status", "replications", "objective_mean", "objective_ci_low", "objective_ci_high"]
        for i in file.constraints.indices {
            header += ["constraint_\(i + 1)_probability", "constraint_\(i + 1)_ci_low", "constraint_\(i + 1)_ci_high",
                       "constraint_\(i + 1)_verdict"]
        }
        header += ["frontier", "recommended"]
        var lines = [header.joined(separator: ",")]
        for outcome in result.outcomes {
            var row = [String(outcome.candidate)] + file.grid.points[outcome.candidate].values.map { ResultsWriter.quoted($0) }
            row += [outcome.status.rawValue, String(outcome.replications), ResultsWriter.number(outcome.objective),
                      ResultsWriter.number(outcome.objectiveInterval?.lower), ResultsWriter.number(outcome.objectiveInterval?.upper)]
            for (i, e) in estimates(outcome).enumerated() {
                let simulated = outcome.replications > 0
                row += [simulated ? ResultsWriter.number(e.probability) : "", simulated ? ResultsWriter.number(e.lower) : "",
                          simulated ? ResultsWriter.number(e.upper) : "",
                          // Blank when another constraint decided the candidate first.
                          outcome.verdicts[i]?.rawValue ?? (outcome.status == .undecided ? "undecided" : "")]
            }
            row += [frontier.contains(outcome.candidate) ? "yes" : "no", result.recommended == outcome.candidate ? "yes" : "no"]
            lines.append(row.joined(separator: ","))
        }
        try cells.write(lines.joined(separator: "\n") + "\n", to: directory.appendingPathComponent(Self.candidatesFile))
        let scenarioURL = directory.appendingPathComponent(Self.scenarioFile)
        if let c = result.recommended {
            try cells.write(try recommendedScenario(c), to: scenarioURL)
        } else if ResultsWriter.kind(of: scenarioURL.path) != nil {
            // A recommendation of an earlier run of this problem must not outlive it.
            try FileManager.default.removeItem(at: scenarioURL)
        }
        try cells.write(ScenarioDescription.csv([("base", try Scenario.read(file.grid.base, file: file.grid.baseFile,
                                                                             sources: file.grid.baseSources))]),
                        to: directory.appendingPathComponent(ScenarioDescription.file))
        try cells.write(manifest(result, version: version, date: date), to: directory.appendingPathComponent("manifest.json"))
    }

    func manifest(_ result: OptimisationResult, version: String, date: Date) -> String {
        let recommended: String
        if let c = result.recommended {
            let outcome = result.outcomes[c]
            recommended = "{\"candidate\": \(c), \"decision\": {"
                + decision(c).map { "\(ResultsWriter.json($0.key)): \(ResultsWriter.json($0.value))" }.joined(separator: ", ")
                + "}, \"objective\": \(ResultsWriter.number(outcome.objective)), \"replications\": \(outcome.replications)}"
        } else {
            recommended = "null"
        }
        let constraints = file.constraints.map { c in
            "{\"name\": \(ResultsWriter.json(c.name)), \"metric\": \(ResultsWriter.json(c.metric)), "
                + "\"\(c.parts.direction.rawValue)\": \(ResultsWriter.number(c.parts.threshold)), "
                + "\"year\": \(c.parts.year.map(String.init) ?? "null"), "
                + "\"territory\": \(c.parts.territory.map(ResultsWriter.json) ?? "null"), \"probability\": \(ResultsWriter.number(c.probability))"
                + (c.acrossParameters.map { ", \"across_parameters\": \(ResultsWriter.number($0))" } ?? "") + "}"
        }
        let t = file.testing
        let fields: [(String, String)] = [
            ("dacsim_version", "\"\(version)\""),
            ("optimisation_file", ResultsWriter.json(file.file)),
            ("optimisation_sha256", "\"\(file.source.sha256)\""),
            ("base_scenario_file", ResultsWriter.json(file.grid.baseFile)),
            ("base_scenario_sha256", "\"\(SourceFile.chainHash(file.grid.baseSources))\""),
            ("base_scenario_files", ResultsWriter.sourcesJSON(file.grid.baseSources)),
            ("seed", "\(file.grid.seed)"),
            ("replications", file.isRobust ? "\"\(file.replicationsPerSet) per parameter set\""
                : "\"\(t.firstReplications) to \(t.maximumReplications)\""),
            ("parameter_sets", file.isRobust ? "{\"first\": \(t.firstReplications), \"most\": \(t.maximumReplications), "
                + "\"uncertain_values\": \(file.uncertainParameters.count)}" : "null"),
            ("variables", "[" + file.variables.map { "{\"key\": \(ResultsWriter.json($0.key)), \"label\": \(ResultsWriter.json($0.label)), "
                + "\"monotone\": \($0.monotone)}" }.joined(separator: ", ") + "]"),
            ("constraints", "[" + constraints.joined(separator: ", ") + "]"),
            ("objective", ResultsWriter.json(file.objective.metric)),
            ("testing", "{\"confidence\": \(ResultsWriter.number(t.confidence)), \"indifference\": \(ResultsWriter.number(t.indifference)), "
                + "\"first_replications\": \(t.firstReplications), \"batch\": \(t.batch), \"max_replications\": \(t.maximumReplications)}"),
            ("candidates", "\(file.grid.cellCount)"),
            ("simulated", "\(result.order.count)"),
            ("replications_run", "\(result.order.reduce(0) { $0 + result.outcomes[$1].replications })"),
            ("feasible", result.recommended == nil ? "false" : "true"),
            ("recommended", recommended),
            ("files", "[\"plan.csv\", \"sweep-identity.txt\", \"\(Self.candidatesFile)\", \"scenario.csv\""
                + (result.recommended == nil ? "" : ", \"\(Self.scenarioFile)\"") + "]"),
            ("created", "\"\(ISO8601DateFormatter().string(from: date))\""),
        ]
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    /// A scenario file that extends the base with the decision of candidate `c` written in.
    public func recommendedScenario(_ c: Int) throws -> String {
        let point = file.grid.points[c]
        let base = try Scenario.read(file.grid.base, file: file.grid.baseFile, sources: file.grid.baseSources)
        let settings = [(path: "name", text: base.name + ", optimised")]
            + file.grid.keys.enumerated().map { (path: $0.element, text: point.values[$0.offset]) }
        let comment = ["The cheapest decision dacsim optimise found for \(file.file) (candidate \(c)):"]
            + decision(c).map { "  \($0.key) = \($0.value)" }
            + ["Run it with dacsim run; it is the base scenario with these values written in."]
        return try ScenarioOverlay.yaml(extending: Self.relativePath(of: file.grid.baseFile, from: directory.path),
                                        base: file.grid.base, settings: settings, comment: comment)
    }

    /// `path` relative to the folder `folder` (both as given, made absolute from the current directory).
    static func relativePath(of path: String, from folder: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let start = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, start.count), target[common] == start[common] { common += 1 }
        return (Array(repeating: "..", count: start.count - common) + target[common...]).joined(separator: "/")
    }
}

extension OptimisationOutput {
    /// The answer in one paragraph: the decision, its cost, each constraint's estimated
    /// probability with its interval; or, when nothing is feasible, which constraints fail even at
    /// the upper bounds.
    public func answer(_ result: OptimisationResult) -> String {
        let f = { (x: Double) in String(format: "%.2f", x) }
        let simulated = result.order.count, total = file.grid.cellCount
        let runs = result.order.reduce(0) { $0 + result.outcomes[$1].replications }
        let effort = "\(simulated) of \(total) candidates simulated ("
            + (file.isRobust ? "\(runs) parameter sets of \(file.replicationsPerSet) replications" : "\(runs) replications")
            + ", seed \(file.grid.seed), common random numbers)"
            + (simulated < total ? ", the others settled by monotonicity" : "")
        guard let c = result.recommended else {
            let failing = infeasibility(result)
            return "No decision within the bounds meets every constraint: "
                + (failing.isEmpty ? "no candidate was shown to meet them all together" : failing.joined(separator: "; "))
                + ". \(effort)."
        }
        let outcome = result.outcomes[c]
        let cost = outcome.objective.map { String(format: "%.0f", $0) } ?? "n/a"
        let interval = outcome.objectiveInterval.map { String(format: " [%.0f, %.0f]", $0.lower, $0.upper) } ?? ""
        let constraints = zip(file.constraints, estimates(outcome)).map { constraint, e in
            let holds = constraint.description.components(separatedBy: ", in at least").first!
            guard let across = constraint.acrossParameters else {
                return "P(\(holds)) = \(f(e.probability)) [\(f(e.lower)), \(f(e.upper))] (required \(f(constraint.probability)))"
            }
            return "\(holds) in at least \(f(constraint.probability)) of replications in \(f(e.probability)) [\(f(e.lower)), "
                + "\(f(e.upper))] of parameter sets (required \(f(across)))"
        }
        let means = file.isRobust ? "\(outcome.replications) parameter sets of \(file.replicationsPerSet) replications"
            : "\(outcome.replications) replications"
        return "Cheapest feasible decision: " + decision(c).map { "\($0.label) = \($0.value)" }.joined(separator: ", ")
            + "; \(file.objective.metric) = \(cost)\(interval) (mean of \(means)); "
            + constraints.joined(separator: "; ") + " (\(Int((file.testing.confidence * 100).rounded()))% intervals). "
            + "\(effort)."
    }

    /// For each constraint that no highest candidate meets: its name and its estimated probability
    /// at the upper bounds (at the best of the highest candidates).
    public func infeasibility(_ result: OptimisationResult) -> [String] {
        let f = { (x: Double) in String(format: "%.2f", x) }
        return file.constraints.indices.compactMap { i -> String? in
            let tops = result.tops.map { result.outcomes[$0] }.filter { $0.replications > 0 }
            // Failed at every highest candidate: declared infeasible, or left undecided at the most replications
            // (a constraint not looked at, once another failed first, is not blamed).
            guard !tops.isEmpty, tops.allSatisfy({ $0.verdicts[i] == .infeasible || ($0.verdicts[i] == nil && $0.status == .undecided) }),
                  let best = tops.max(by: { Double($0.met[i]) / Double($0.replications) < Double($1.met[i]) / Double($1.replications) })
            else { return nil }
            let e = estimates(best)[i]
            return "\"\(file.constraints[i].name)\" (\(file.constraints[i].description)) cannot be met at the bounds: at "
                + decision(best.candidate).map { "\($0.label) = \($0.value)" }.joined(separator: ", ")
                + " it holds in \(f(e.probability)) [\(f(e.lower)), \(f(e.upper))] of \(best.replications) "
                + (file.isRobust ? "parameter sets" : "replications")
        }
    }
}
