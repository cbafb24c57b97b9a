import ArgumentParser
import Benchmarks
import CareModel
import Experiments
import Foundation
import Reporting
import Scenarios

let dacsimVersion = "0.3.0"

@main
struct Dacsim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dacsim",
        abstract: "Discrete-event simulation of French care-coordination support services (DAC).",
        version: dacsimVersion,
        subcommands: [Run.self, Compare.self, Sweep.self, Merge.self, Optimise.self, Calibrate.self, Warmup.self, Check.self,
                      ReportCommand.self, Validate.self, Show.self, Bench.self]
    )

    /// Every command ends here, with one of the statuses docs/scenarios.md lists.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let (status, message) = ending(for: error)
            guard let message else { exit(withError: error) }  // --help, --version and our own statuses
            FileHandle.standardError.write(Data((message + "\n").utf8))
            exit(withError: ExitCode(status))
        }
    }

    /// How an error ends a command: 1 a regression check found a drift (thrown as ExitCode(1)),
    /// 2 bad input or bad usage (one message saying what), 3 an internal error (a bug in dacsim,
    /// never the user's input). The message is nil when ArgumentParser prints what is needed.
    static func ending(for error: Error) -> (status: Int32, message: String?) {
        switch error {
        case let error as BadInput: return (2, "error: \(error.description)")
        case let error as ExitCode: return (error.rawValue, nil)
        default:
            switch exitCode(for: error) {
            case .success: return (0, nil)
            // An unknown option, a missing argument, a failed validate(): bad input like any other.
            case .validationFailure: return (2, fullMessage(for: error))
            default: return (3, "internal error (a bug in dacsim, please report it): \(error)")
            }
        }
    }
}

/// Errors that describe what the user gave wrong (file, line, key, what was expected).
protocol BadInput: Error, CustomStringConvertible {}
extension ScenarioError: BadInput {}
extension ResultsWriter.Refusal: BadInput {}
extension Comparison.Mismatch: BadInput {}
extension Baseline.Unreadable: BadInput {}
extension SweepOutput.Problem: BadInput {}
extension Report.Problem: BadInput {}

extension Language: ExpressibleByArgument {}
extension Showing.Format: ExpressibleByArgument {}

/// Prints one clear message for bad input and exits with status 2.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(2)
}

/// `--shard k/N` as (k, N); (1, 1) without it.
func shardOption(_ shard: String?) throws -> (Int, Int) {
    guard let shard else { return (1, 1) }
    let parts = shard.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, (1...n).contains(k) else {
        throw fail("--shard \(shard): expected k/N with 1 <= k <= N, such as 2/8")
    }
    return (k, n)
}

/// Checks a replication count from the command line against the cap every other source has.
func checkReplications(_ replications: Int?, least: Int = 1) throws {
    let range = max(least, RunSettings.replicationRange.lowerBound)...RunSettings.replicationRange.upperBound
    if let replications, !range.contains(replications) {
        throw ValidationError("--replications must be from \(range.lowerBound) to \(range.upperBound)")
    }
}

/// How many replications run at once: --jobs, or one per core.
struct JobsOption: ParsableArguments {
    @Option(name: .customLong("jobs"), help: "Replications run at once (default: all cores).")
    var value: Int?

    var count: Int { value ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let value, !(1...4096).contains(value) { throw ValidationError("--jobs must be from 1 to 4096") }
    }
}

/// What `run` and `compare` share: how many replications, which seed, how many at once, and where
/// results go.
struct ExperimentOptions: ParsableArguments {
    @Option(help: "Replications (default: the scenario's run.replications).")
    var replications: Int?

    @Option(help: "Base seed (default: the scenario's run.seed).")
    var seed: UInt64?

    @OptionGroup var jobs: JobsOption

    @Option(help: "Results directory (default: under results/, named after the scenario files). It must be new, empty or hold dacsim results.")
    var out: String?

    @Flag(help: "Replace results already in the directory.")
    var overwrite = false

    @Option(name: .customLong("lang"), help: "The language of the tables printed: en or fr (results files are the same).")
    var language: Language = .en

    func validate() throws {
        try checkReplications(replications)
    }

    /// The results directory, refused (exit 2) when it holds results and --overwrite is not set.
    func writer(defaultDirectory: String, files: [String] = ResultsWriter.files) throws -> (ResultsWriter, String) {
        let directory = out ?? defaultDirectory
        return (try ResultsWriter(directory: directory, overwrite: overwrite, files: files), directory)
    }
}

/// Replications by precision, for `run` and `compare`: as many as make the main metrics precise
/// enough, up to a cap, in place of a fixed number.
struct PrecisionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run replications until each main metric's 95% half-width (a comparison: each paired "
                               + "difference's) is within this share of the mean (or under its floor), as Hoad, Robinson "
                               + "and Davies's algorithm does (default: the scenario's run.precision; without one, a fixed "
                               + "number of replications).", valueName: "share"))
    var precision: Double?

    @Option(help: "The most replications a run by precision may take (default: the scenario's run.max_replications).")
    var maxReplications: Int?

    func check(against options: ExperimentOptions) throws {
        if let precision, !(0.001...0.5).contains(precision) { throw ValidationError("--precision must be from 0.001 to 0.5") }
        if precision != nil, options.replications != nil {
            throw ValidationError("--precision and --replications are alternatives: give one of them")
        }
        if let maxReplications, !(3...RunSettings.replicationRange.upperBound).contains(maxReplications) {
            throw ValidationError("--max-replications must be from 3 to \(RunSettings.replicationRange.upperBound)")
        }
    }

    /// The rule to follow, if any: the command line's precision, else the scenario's unless
    /// --replications fixes the number.
    func rule(for scenario: Scenario, options: ExperimentOptions) -> ReplicationsByPrecision? {
        guard let share = precision ?? (options.replications == nil ? scenario.run.precision : nil) else { return nil }
        return ReplicationsByPrecision(precision: share, maxReplications: maxReplications ?? scenario.run.maxReplications)
    }
}

/// Parameter uncertainty, for `run`: parameter sets drawn over the scenario's uncertain values,
/// run as a sweep (so resumable and shardable), then analysed.
struct UncertaintyOptions: ParsableArguments {
    @Option(name: .customLong("uncertainty"), help: ArgumentHelp(
        "Run this many parameter sets drawn over the uncertain values' ranges (a Latin hypercube; dacsim show lists the "
        + "ranges), each with the run's replications and seed; report each metric's interval over the sets, the share of "
        + "its variance due to the parameters, and what drives it (docs/uncertainty.md).", valueName: "sets"))
    var sets: Int?

    @Option(help: "With --uncertainty: a calibration's accepted.csv, whose parameter sets (row i for set i, cycling) replace the ranges of the values it gives.")
    var parameters: String?

    @Option(help: "With --uncertainty: run only parameter sets c with c mod N = k - 1, written as k/N (then --merge).")
    var shard: String?

    @Option(parsing: .upToNextOption, help: "With --uncertainty: shard directories to gather into --out, then analyse.")
    var merge: [String] = []

    func check(precision: PrecisionOptions, options: ExperimentOptions) throws {
        guard let sets else {
            if parameters != nil || shard != nil || !merge.isEmpty {
                throw ValidationError("--parameters, --shard and --merge go with --uncertainty")
            }
            return
        }
        guard (2...SweepFile.maximumCells).contains(sets) else {
            throw ValidationError("--uncertainty must be from 2 to \(SweepFile.maximumCells) parameter sets")
        }
        if precision.precision != nil { throw ValidationError("--precision and --uncertainty are alternatives: give one of them") }
        if options.overwrite {
            throw ValidationError("--overwrite does not go with --uncertainty: a run with the same sets resumes in its directory; "
                                  + "give another --out for other sets")
        }
        if !merge.isEmpty, shard != nil { throw ValidationError("--merge and --shard are alternatives: merge once every shard has run") }
    }

    func run(_ file: String, sets: Int, options: ExperimentOptions) async throws {
        let (k, n) = try shardOption(shard)
        guard options.out != "" else { throw fail("--out is empty; name the results directory") }
        let plan = try SweepFile.uncertainty(scenario: file, sets: sets, accepted: parameters, replications: options.replications,
                                             seed: options.seed)
        let directory = options.out ?? "results/" + stem(file) + "-uncertainty"
        let output = UncertaintyOutput.directory(directory, for: plan)
        if !merge.isEmpty {
            try output.gather(from: merge, sweep: plan, version: dacsimVersion)
        } else {
            let progress = Progress(total: plan.cellCount, label: "parameter sets")
            let counts = try await output.run(plan, shard: k, of: n, jobs: options.jobs.count, version: dacsimVersion) { done, total in
                progress.update(done, of: total)
            }
            progress.finish()
            if counts.alreadyFinished > 0 { print("resumed: \(counts.alreadyFinished) of \(counts.cells) parameter sets were already finished") }
            if n > 1 {
                print("shard \(k)/\(n): \(counts.cells) parameter sets in \(directory)/cells; gather the shards with "
                      + "dacsim run \(file) --uncertainty \(sets) --out DIR --merge SHARD...")
                return
            }
        }
        let analysis = try UncertaintyOutput.finish(plan, output: output, version: dacsimVersion)
        print("\(file): \(sets) parameter sets over \(plan.keys.count) uncertain values, \(plan.replications) replications each, seed \(plan.seed)")
        print(analysis.render(language: options.language), terminator: "")
        print("results written to \(directory)/: uncertainty.csv, drivers.csv, parameters.csv and the sets' sweep files")
    }

    /// A comparison under uncertainty: each side's parameter sets as a sweep in DIR/a and DIR/b,
    /// then the differences B - A in DIR.
    func runPair(_ a: String, _ b: String, sets: Int, options: ExperimentOptions) async throws {
        let (k, n) = try shardOption(shard)
        guard options.out != "" else { throw fail("--out is empty; name the results directory") }
        let (first, second) = (try Scenario.load(file: a), try Scenario.load(file: b))
        try checkComparable(a, first, b, second)
        let pair = try SweepFile.uncertaintyPair(a: a, b: b, sets: sets, accepted: parameters, replications: options.replications,
                                                 seed: options.seed)
        let directory = options.out ?? "results/compare-\(stem(a))-\(stem(b))-uncertainty"
        let sides = [(pair.a, "a"), (pair.b, "b")].map { plan, side in (plan, UncertaintyOutput.directory(directory + "/" + side, for: plan)) }
        if !merge.isEmpty {
            for (plan, output) in sides {
                let side = output.directory.lastPathComponent
                try output.gather(from: merge.map { $0 + "/" + side }, sweep: plan, version: dacsimVersion)
            }
        } else {
            let progress = Progress(total: 2 * sets, label: "parameter sets of both")
            for (s, (plan, output)) in sides.enumerated() {
                _ = try await output.run(plan, shard: k, of: n, jobs: options.jobs.count, version: dacsimVersion) { done, _ in
                    progress.update(s * sets + done)
                }
            }
            progress.finish()
            if n > 1 {
                print("shard \(k)/\(n) in \(directory)/a and \(directory)/b; gather the shards with "
                      + "dacsim compare \(a) \(b) --uncertainty \(sets) --out DIR --merge SHARD...")
                return
            }
        }
        let analysis = try UncertaintyOutput.finishPair(a: pair.a, outputA: sides[0].1, b: pair.b, outputB: sides[1].1, names: pair.names,
                                                        numbers: pair.numbers, directory: URL(fileURLWithPath: directory),
                                                        version: dacsimVersion)
        print("A: \(first.name)\nB: \(second.name)\n\(sets) parameter sets over \(pair.names.count) uncertain values, "
              + "\(pair.a.replications) replications each, seed \(pair.a.seed) (common random numbers)")
        print(analysis.render(language: options.language), terminator: "")
        print("results written to \(directory)/: uncertainty.csv (differences B - A), drivers.csv, parameters.csv; each side's sets in a/ and b/")
    }
}

/// Two scenarios a comparison can pair: the same territories, in the same order, over the same observed period.
func checkComparable(_ a: String, _ first: Scenario, _ b: String, _ second: Scenario) throws {
    guard first.model.territories.map(\.name) == second.model.territories.map(\.name) else {
        throw fail("\(a) and \(b) have different territories; a comparison pairs territories by name and order")
    }
    guard first.run.start == second.run.start, first.run.horizon == second.run.horizon, first.run.warmUp == second.run.warmUp else {
        throw fail("\(a) and \(b) have different starts, horizons or warm-ups; a comparison needs the same observed period")
    }
}

func stem(_ path: String) -> String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario, print its summary and write its results.",
        discussion: """
            Writes summary.csv, replications.csv, monthly.csv, yearly.csv (every metric per calendar year, \
            with the probability across replications that each target of the scenario's targets.goals is met), \
            scenario.csv and manifest.json. The run ends at the scenario's run.end (its last day) or after its \
            horizon (whole months and years are calendar ones).
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var options: ExperimentOptions

    @Flag(help: "Also write every monthly value of every replication (monthly-replications.csv), to study the start of a run by hand.")
    var monthlyReplications = false

    @OptionGroup var precision: PrecisionOptions

    @OptionGroup var uncertainty: UncertaintyOptions

    func validate() throws {
        try precision.check(against: options)
        try uncertainty.check(precision: precision, options: options)
    }

    func run() async throws {
        if let sets = uncertainty.sets {
            return try await uncertainty.run(self.scenario, sets: sets, options: options)
        }
        let scenario = try Scenario.load(file: self.scenario)
        let seed = options.seed ?? scenario.run.seed
        let (writer, directory) = try options.writer(defaultDirectory: "results/" + stem(self.scenario),
                                                     files: ResultsWriter.files + (monthlyReplications ? [ResultsWriter.monthlyReplicationsFile] : []))
        let results: [RunResult]
        var rule: String?
        if let algorithm = precision.rule(for: scenario, options: options) {
            let progress = Progress(total: algorithm.maxReplications, label: "replications (at most)")
            let run = try await Experiment.runToPrecision(scenario, rule: algorithm, seed: seed, jobs: options.jobs.count) {
                progress.update($0)
            }
            progress.finish()
            results = run.results[0]
            rule = run.description
        } else {
            let replications = options.replications ?? scenario.run.replications
            let progress = Progress(total: replications, label: "replications")
            results = try await Experiment.run(scenario, replications: replications, seed: seed, jobs: options.jobs.count) { done, _ in
                progress.update(done)
            }
            progress.finish()
        }
        let replications = results.count
        let summary = ExperimentSummary(results, observedYears: (scenario.run.horizon - scenario.run.warmUp) / 365.25)
        print("\(scenario.name): \(replications) replication\(replications == 1 ? "" : "s"), seed \(seed)")
        if let rule { print(rule) }
        print(SummaryTable.render(summary, language: options.language), terminator: "")
        let years = YearSummary.years(of: results, startYear: scenario.run.start.components.year)
        print(GoalTable.render(GoalCheck.check(scenario.goals, years: years), language: options.language), terminator: "")
        try writer.write(scenario: scenario, summary: summary, results: results, seed: seed, version: dacsimVersion,
                         monthlyReplications: monthlyReplications, replicationsRule: rule)
        print("results written to \(directory)/ (an HTML report of them: dacsim report \(directory))")
    }
}

struct Warmup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Suggest a warm-up: run with none and apply MSER-5 to the monthly series of the main metrics.",
        discussion: """
            Runs the scenario from its start with no warm-up (whatever its run.warm_up says), averages each \
            territory's monthly series of waits, wait lists, occupancy and unmet needs over replications, and \
            applies MSER-5 (White's marginal standard error rule on batches of five months) to each. Prints the \
            truncation per series and the longest as the suggestion, and writes the run's results with \
            monthly-replications.csv and warmup.csv (dacsim report DIR draws each series with its truncation). \
            The truncation is sought in the first half of the run; a series whose minimum is at that limit has \
            not settled: a run too short, or a change of regime such as a convergence date. When the scenario spins up its existing services before \
            the start (run.spin_up), a warm-up is usually unnecessary (docs/model.md, "Services that exist before the run").
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var options: ExperimentOptions

    func run() async throws {
        let (document, sources) = try ScenarioValue.loadWithSources(file: self.scenario)
        let written = SourceLocation(file: "(dacsim warmup: no warm-up)", line: 0)
        let scenario = try Scenario.read(try document.setting(path: "run.warm_up", to: "0 days", at: written),
                                         file: self.scenario, sources: sources)
        let replications = options.replications ?? scenario.run.replications
        let seed = options.seed ?? scenario.run.seed
        let files = ResultsWriter.files + [ResultsWriter.monthlyReplicationsFile, WarmUpAnalysis.file]
        let (writer, directory) = try options.writer(defaultDirectory: "results/warmup-" + stem(self.scenario), files: files)
        let progress = Progress(total: replications, label: "replications")
        let results = try await Experiment.run(scenario, replications: replications, seed: seed, jobs: options.jobs.count) { done, _ in
            progress.update(done)
        }
        progress.finish()
        let analysis = WarmUpAnalysis(scenario: scenario, results: results)
        print("\(scenario.name): \(replications) replication\(replications == 1 ? "" : "s") with no warm-up, seed \(seed); "
              + "MSER-5 on monthly means (batches of 5 months)")
        print(WarmUpTable.render(analysis), terminator: "")
        let months = analysis.suggestedMonths
        print("suggested warm-up: \(months) month\(months == 1 ? "" : "s") (run: {warm_up: \(months) months}), the longest of the "
              + "series that settled")
        if !analysis.unsettled.isEmpty {
            print("\(analysis.unsettled.count) series did not settle in the first half of the run or have months without a value "
                  + "(marked above): a longer horizon, or look at them in the report")
        }
        let summary = ExperimentSummary(results, observedYears: scenario.run.horizon / 365.25)
        try writer.write(scenario: scenario, summary: summary, results: results, seed: seed, version: dacsimVersion,
                         monthlyReplications: true, extra: [(WarmUpAnalysis.file, analysis.csv())])
        print("results written to \(directory)/ (an HTML report with each series and its truncation: dacsim report \(directory))")
    }
}

struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two scenarios on common random numbers: paired differences with confidence intervals.")

    @Argument(help: "Scenario A (the reference).")
    var a: String

    @Argument(help: "Scenario B (compared with A).")
    var b: String

    @OptionGroup var options: ExperimentOptions

    @Flag(help: "Run B on other streams than A (seed + 1), to see what common random numbers gain.")
    var independent = false

    @OptionGroup var precision: PrecisionOptions

    @OptionGroup var uncertainty: UncertaintyOptions

    func validate() throws {
        try checkReplications(options.replications, least: 2)
        try precision.check(against: options)
        try uncertainty.check(precision: precision, options: options)
        if uncertainty.sets != nil, independent {
            throw ValidationError("--independent does not go with --uncertainty: the differences are paired within each parameter set")
        }
    }

    func run() async throws {
        if let sets = uncertainty.sets {
            return try await uncertainty.runPair(a, b, sets: sets, options: options)
        }
        let first = try Scenario.load(file: a), second = try Scenario.load(file: b)
        let replications = options.replications ?? max(2, first.run.replications)
        let seed = options.seed ?? first.run.seed
        // Inputs are checked before the results directory is touched.
        try checkComparable(a, first, b, second)
        let (writer, directory) = try options.writer(defaultDirectory: "results/compare-\(stem(a))-\(stem(b))",
                                                     files: ResultsWriter.comparisonFiles)
        let jobs = options.jobs.count
        let seedB = independent ? seed &+ 1 : seed
        let resultsA: [RunResult], resultsB: [RunResult]
        var rule: String?
        if let algorithm = precision.rule(for: first, options: options) {
            let progress = Progress(total: algorithm.maxReplications, label: "replications of each (at most)")
            let run = try await Experiment.compareToPrecision(first, second, rule: algorithm, seed: seed, seedB: seedB, jobs: jobs) {
                progress.update($0)
            }
            progress.finish()
            (resultsA, resultsB, rule) = (run.results[0], run.results[1], run.description)
        } else {
            let progress = Progress(total: 2 * replications, label: "replications")
            resultsA = try await Experiment.run(first, replications: replications, seed: seed, jobs: jobs) { done, _ in
                progress.update(done)
            }
            resultsB = try await Experiment.run(second, replications: replications, seed: seedB, jobs: jobs) { done, _ in
                progress.update(replications + done)
            }
            progress.finish()
        }
        let years = (first.run.horizon - first.run.warmUp) / 365.25
        let comparison = try Comparison(a: ExperimentSummary(resultsA, observedYears: years),
                                        b: ExperimentSummary(resultsB, observedYears: years))
        print("A: \(first.name)\nB: \(second.name)\n\(resultsA.count) replications each, seed \(seed)"
              + (independent ? " for A and \(seedB) for B (independent streams)" : " (common random numbers)"))
        if let rule { print(rule) }
        print(ComparisonTable.render(comparison, language: options.language), terminator: "")
        try writer.writeComparison(comparison, a: first, b: second, resultsA: resultsA, resultsB: resultsB,
                                   replications: resultsA.count, seed: seed,
                                   seedB: seedB, version: dacsimVersion, replicationsRule: rule)
        print("results written to \(directory)/ (an HTML report of them: dacsim report \(directory))")
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run a scenario and compare it with its baseline (exit 0: as before, 1: drifted, 2: bad input, 3: internal error).")

    @Option(help: "The baseline file (written by --update).")
    var baseline: String

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Flag(help: "Write the baseline anew from this run instead of checking against it.")
    var update = false

    @Option(help: "Replications for a new baseline (default: the scenario's run.replications).")
    var replications: Int?

    @OptionGroup var jobs: JobsOption

    func validate() throws {
        try checkReplications(replications)
    }

    func run() async throws {
        let loaded = try Scenario.load(file: scenario)
        let years = (loaded.run.horizon - loaded.run.warmUp) / 365.25
        if update {
            let replications = self.replications ?? loaded.run.replications
            try ResultsWriter.checkWritable(file: baseline)
            let results = try await Experiment.run(loaded, replications: replications, seed: loaded.run.seed, jobs: jobs.count)
            let record = Baseline(scenario: loaded, summary: ExperimentSummary(results, observedYears: years),
                                  seed: loaded.run.seed, version: dacsimVersion)
            try record.write(to: baseline)
            print("baseline written: \(baseline) (\(replications) replications, seed \(loaded.run.seed))")
            return
        }
        let record = try Baseline.read(file: baseline)
        let results = try await Experiment.run(loaded, replications: record.replications, seed: record.seed, jobs: jobs.count)
        let now = Baseline(scenario: loaded, summary: ExperimentSummary(results, observedYears: years), seed: record.seed,
                           version: dacsimVersion)
        let identical = record.isIdenticalCheck(version: dacsimVersion)
        let drifts = record.drifts(from: now.summary, identical: identical)
        // Said whether or not anything drifted: a scenario edited since its baseline that still
        // matches, or a baseline of another version, is worth knowing (the baseline may no longer
        // check what it was meant to).
        for note in record.notes(checking: now, scenarioSeed: loaded.run.seed) { print(note) }
        guard drifts.isEmpty else {
            print("\(scenario): \(drifts.count) metric\(drifts.count == 1 ? "" : "s") drifted from \(baseline)"
                  + (identical ? " (same dacsim version and seed: every value must be identical)"
                              : " (baseline from dacsim \(record.version): differences of means must stay within their "
                                + "intervals, 5% for all metrics together)"))
            print(Baseline.render(drifts), terminator: "")
            throw ExitCode(1)
        }
        print("ok: \(scenario) matches \(baseline)" + (identical ? " exactly" : " within its intervals"))
    }
}

struct Sweep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a parameter sweep (a grid or a design); run again to resume, --shard k/N to run a share of it on a cluster.",
        discussion: """
            The sweep file names a base scenario, replications and seed, and either axes (a grid: every \
            combination of their values) or a design: latin_hypercube: N or sobol: N over parameter ranges \
            (uniform, log_uniform or levels), or points: FILE.csv (a column per key path, a line per point), \
            for any design tool to drive dacsim (scripts/sensitivity does so with SALib). See docs/sweeps-and-clusters.md.
            """)

    @Argument(help: "The sweep file (YAML: base, replications, seed, then axes (each with an optional label) or a design, optional targets).")
    var sweep: String

    @Option(help: "Results directory (default: results/<sweep file name>).")
    var out: String?

    @Option(help: "Run only cells c with c mod N = k - 1, written as k/N (for a Slurm job array: $SLURM_ARRAY_TASK_ID/N).")
    var shard: String?

    @OptionGroup var jobs: JobsOption

    func run() async throws {
        let plan = try SweepFile.load(file: sweep)
        let (k, n) = try shardOption(shard)
        guard out != "" else { throw fail("--out is empty; name the sweep's results directory") }
        let directory = out ?? "results/" + stem(sweep)
        let output = SweepOutput(directory: directory)
        let progress = Progress(total: plan.cellCount, label: "cells")
        let counts = try await output.run(plan, shard: k, of: n, jobs: jobs.count, version: dacsimVersion) { done, total in
            progress.update(done, of: total)
        }
        progress.finish()
        if counts.alreadyFinished > 0 { print("resumed: \(counts.alreadyFinished) of \(counts.cells) cells were already finished") }
        if counts.redone > 0 { print("\(counts.redone) cell file\(counts.redone == 1 ? " was" : "s were") incomplete and ran again") }
        if n > 1 {
            print("shard \(k)/\(n): \(counts.cells) cells in \(directory)/cells; join the shards with dacsim merge")
            return
        }
        try output.combine(plan, version: dacsimVersion)
        print("\(plan.cellCount) cells x \(plan.replications) replications: \(directory)/sweep.csv and sweep-summary.csv "
              + "(an HTML report of them: dacsim report \(directory))")
    }
}

struct Optimise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the cheapest decision meeting constraints with a stated probability; run again to resume.",
        discussion: """
            The optimisation file names a base scenario, decision variables (key paths over values, monotone \
            by default), constraints (a metric, at_least or at_most a threshold, a year or the whole observed \
            period, and the probability it must hold with across replications) and an objective (total cost by \
            default). Each candidate runs replications until a sequential test decides its feasibility; \
            candidates use common random numbers; monotonicity skips candidates. Writes candidates.csv, \
            recommended-scenario.yaml and manifest.json; exits 1 when no decision within the bounds is \
            feasible. With --shard k/N every candidate of the shard is tested; --merge gathers the shards \
            and finds the answer. See docs/optimisation.md.
            """)

    @Argument(help: "The optimisation file (YAML: base, decision, constraints, optional objective, seed and testing).")
    var optimisation: String

    @Option(help: "Results directory (default: results/<optimisation file name>).")
    var out: String?

    @Option(help: "Test only candidates c with c mod N = k - 1, written as k/N, each fully (for a cluster; then --merge).")
    var shard: String?

    @Option(parsing: .upToNextOption, help: "Shard directories to gather into --out before the search (which then simulates nothing they hold).")
    var merge: [String] = []

    @OptionGroup var jobs: JobsOption

    func run() async throws {
        let file = try OptimisationFile.load(file: optimisation)
        let (k, n) = try shardOption(shard)
        guard out != "" else { throw fail("--out is empty; name the optimisation's results directory") }
        guard merge.isEmpty || n == 1 else { throw fail("--merge and --shard are alternatives: merge once every shard has run") }
        let directory = out ?? "results/" + stem(optimisation)
        let output = OptimisationOutput(directory: directory, file: file)
        if !merge.isEmpty { try output.gather(from: merge, version: dacsimVersion) }
        let already = output.resumable()
        let progress = Progress(total: file.grid.cellCount, label: "candidates at most")
        let result = try await output.run(shard: k, of: n, jobs: jobs.count, version: dacsimVersion) { progress.update($0) }
        progress.finish()
        if already > 0 { print("resumed: \(already) candidate\(already == 1 ? " had" : "s had") replications stored in \(directory)") }
        if n > 1 {
            print("shard \(k)/\(n): \(result.order.count) candidates tested in \(directory)/cells; gather the shards with "
                  + "dacsim optimise \(optimisation) --out DIR --merge SHARD...")
            return
        }
        try output.write(result, version: dacsimVersion)
        print(output.answer(result))
        print("results written to \(directory)/: candidates.csv" + (result.recommended == nil ? "" : ", recommended-scenario.yaml")
              + " (an HTML report with the cost-attainment frontier: dacsim report \(directory))")
        if result.recommended == nil { throw ExitCode(1) }
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the shards of a sweep into the files a single run writes.",
        discussion: """
            --out may be the directory the shards were written under (dacsim merge --sweep S --out OUT OUT/shard-*). \
            Nothing is written unless every cell is in a shard; otherwise the missing shards are named.
            """)

    @Option(help: "The sweep file the shards ran.")
    var sweep: String

    @Option(help: "The directory to write the joined sweep to.")
    var out: String

    @Argument(help: "The shards' directories.")
    var shards: [String]

    func run() throws {
        guard !out.isEmpty else { throw fail("--out is empty; name the directory to write the joined sweep to") }
        let plan = try SweepFile.load(file: sweep)
        let output = SweepOutput(directory: out)
        try output.gather(from: shards, sweep: plan, version: dacsimVersion)
        try output.combine(plan, version: dacsimVersion)
        print("merged \(shards.count) shard\(shards.count == 1 ? "" : "s"): \(out)/sweep.csv and sweep-summary.csv")
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report (charts, tables, methods) of a run, comparison or sweep directory.",
        discussion: """
            A run's report shows its results by calendar year and its targets' probabilities; a comparison's, the \
            monthly difference B - A over time; a two-axis sweep's, a heat map per metric with the sweep's targets. \
            --lang fr writes it in French.
            """)

    @Argument(help: "The results directory (of dacsim run, compare or sweep).")
    var directory: String

    @Option(help: "The HTML file to write (default: DIR/report.html).")
    var out: String?

    @Flag(help: "Replace the file even if it is not a dacsim report (an earlier report is always replaced).")
    var overwrite = false

    @Option(name: .customLong("lang"),
            help: "The report's language: en (English) or fr (French): titles, captions, table headers, units and methods.")
    var language: Language = .en

    func run() throws {
        guard out != "" else { throw fail("--out is empty; name the HTML file to write") }
        let file = out ?? (directory as NSString).appendingPathComponent("report.html")
        try Report.write(try Report.build(directory: directory, language: language), to: file, overwrite: overwrite)
        print("report written to \(file)")
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check scenario files without running them.")

    @Argument(help: "Scenario files (YAML).")
    var scenarios: [String]

    func run() throws {
        var failed = 0
        for path in scenarios {
            do {
                let scenario = try Scenario.load(file: path)
                print("ok: \(path) (\(scenario.name), \(scenario.model.territories.count) territor\(scenario.model.territories.count == 1 ? "y" : "ies"))")
            } catch let error as ScenarioError {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                failed += 1
            }
        }
        if failed > 0 { throw ExitCode(2) }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the scenario actually simulated, every value with where it comes from.",
        discussion: """
            Each value's provenance is the file and line that wrote it, its territory's archetype, or a default \
            with its source in docs/sources.md. --format yaml prints a self-contained scenario that dacsim run \
            runs to the same results; --defaults prints the table of defaults (markdown: docs/defaults.md).
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String?

    @Flag(help: "Print every default and archetype value instead of a scenario.")
    var defaults = false

    @Option(help: "text, yaml (a scenario) or markdown (--defaults).")
    var format: Showing.Format = .text

    func validate() throws {
        do { try Showing.check(scenario: scenario, defaults: defaults, format: format) } catch let misuse as Showing.Misuse {
            throw ValidationError(misuse.description)
        }
    }

    func run() throws {
        print(try scenario.map { try Showing.scenario(file: $0, format: format) } ?? Showing.defaults(format: format), terminator: "")
    }
}

/// Replications done and time left, on a terminal only; silent when output is redirected.
final class Progress: @unchecked Sendable {
    let total: Int
    let label: String
    let start = Date()
    let enabled = isatty(STDERR_FILENO) != 0
    let lock = NSLock()

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int, of total: Int? = nil) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let total = total ?? self.total
        let elapsed = Date().timeIntervalSince(start)
        let left = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        FileHandle.standardError.write(Data("\r\(done)/\(total) \(label), about \(Int(left.rounded())) s left   ".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the engine's speed (build with -c release for meaningful figures).")

    @Option(help: "Runs of each engine benchmark; the best is kept.")
    var repeats = 5

    @Option(help: "The scenario timed last (one replication, one core); 'none' to skip it.")
    var scenario = "scenarios/national.yaml"

    @Flag(help: "Only the M/M/10 figures (for profiling the engine).")
    var mm10Only = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        #if DEBUG
        print("note: this is a debug build; figures are 10-50x below a release build (swift build -c release)")
        #endif
        let engine = mm10Only ? Benchmarks.mmc(repeats: repeats) : Benchmarks.all(repeats: repeats)
        for figure in engine { print(figure.line) }
        guard scenario != "none", !mm10Only else { return }
        let loaded = try Scenario.load(file: scenario)
        let label = URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
        let figures = Benchmarks.scenario(loaded, label: label)
        for figure in figures { print(figure.line) }
        if let events = figures.first(where: { $0.name == "\(label).events_per_s" }),
           let hold = engine.first(where: { $0.name == "hold.10k.events_per_s" }) {
            print(Figure(name: "\(label).ratio_to_hold_10k", value: events.value / hold.value,
                         note: "\(label).events_per_s / hold.10k.events_per_s").line)
        }
    }
}
