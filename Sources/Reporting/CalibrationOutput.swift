import Experiments
import Foundation
import Randomness
import Scenarios

/// A calibration's directory: one sweep directory per wave (`wave-1/`, `wave-2/`, ..., each with
/// its plan, cells and `implausibility.csv`), then, once the waves are done, `waves.csv`,
/// `accepted.csv`, `marginals.csv`, `fits.csv`, `scenario.csv` and the manifest, written last.
/// Each wave is a design sweep run by `SweepOutput`: resumable cell by cell, shardable, mergeable.
/// The method is history matching without emulation (docs/calibrate.md).
public struct CalibrationOutput {
    public let directory: URL

    public init(directory: String) {
        self.directory = URL(fileURLWithPath: directory)
    }

    /// One evaluated design point: its unit coordinates, parameter values as written, and per target
    /// the mean and standard deviation of its replications and its implausibility.
    public struct Point: Sendable {
        public let wave: Int
        public let cell: Int
        public let unit: [Double]
        public let values: [String]
        public let means: [Double]
        public let sds: [Double]
        public let implausibility: [Double]
        /// The implausibility that rules the point in or out (largest, or second largest).
        public let score: Double
        public let isNonImplausible: Bool
    }

    /// A finished wave: its points and the box (in unit coordinates) its design covered.
    public struct Wave: Sendable {
        public let number: Int
        public let points: [Point]
        public let box: [(low: Double, high: Double)]
        public var nonImplausible: [Point] { points.filter(\.isNonImplausible) }
        public var share: Double { Double(nonImplausible.count) / Double(max(points.count, 1)) }
    }

    /// How a calibration ended.
    public enum Outcome: Equatable, Sendable {
        /// Waves done: the accepted points are the last wave's non-implausible ones.
        case calibrated
        /// Targets that no point of a wave comes near, each taken alone (their indices).
        case unreachable([Int])
        /// Each target is met somewhere, but no point meets them all together.
        case noJointFit
        /// A shard ran its cells of wave `wave`, which other shards have not finished.
        case waveUnfinished(Int)
    }

    public struct Summary: Sendable {
        public let outcome: Outcome
        public let waves: [Wave]
        public let ranCells: Int
    }

    func waveOutput(_ wave: Int) -> SweepOutput { SweepOutput(directory: directory.appendingPathComponent("wave-\(wave)").path) }

    static let identityFile = "calibration-identity.txt"

    static func identity(_ calibration: CalibrationFile, version: String) -> String {
        "dacsim_version: \(version)\ncalibration_sha256: \(calibration.source.sha256)\n"
            + "base_scenario_sha256: \(SourceFile.chainHash(calibration.baseSources))\n"
    }

    /// Creates the directory, or checks that it holds this very calibration (same file, base and version).
    func prepare(_ calibration: CalibrationFile, version: String) throws {
        let identity = Self.identity(calibration, version: version)
        let file = directory.appendingPathComponent(Self.identityFile)
        if let existing = try? String(contentsOf: file, encoding: .utf8) {
            guard existing == identity else {
                throw SweepOutput.Problem(description: "\(directory.path) holds another calibration (another calibration file, base "
                                          + "scenario, a file the base extends, or dacsim version); choose another --out")
            }
            return
        }
        let contents = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { !ResultsWriter.isTemporary($0) }
        guard contents.isEmpty else {
            throw SweepOutput.Problem(description: "\(directory.path) is not empty and holds no calibration; choose another --out")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SweepOutput.Problem(description: "cannot create \(directory.path): \(error.localizedDescription)")
        }
        try ResultsWriter.writeWhole(identity, to: file)
    }

    /// Runs the waves not finished yet (the cells of shard `shard` of `shards` only), then, when all
    /// are done, writes the accepted points, marginals and fits. `merging` names shard directories
    /// (copies of this one): the cells of each unfinished wave that they ran are gathered first.
    public func run(_ calibration: CalibrationFile, shard: Int = 1, of shards: Int = 1, jobs: Int, version: String,
                    merging: [String] = [], date: Date = Date(),
                    progress: (Int, Int, Int) -> Void = { _, _, _ in }) async throws -> Summary {
        try prepare(calibration, version: version)
        var waves: [Wave] = [], ran = 0
        var box = Array(repeating: (low: 0.0, high: 1.0), count: calibration.parameters.count)
        var outcome = Outcome.calibrated
        for number in 1...calibration.waves {
            if let previous = waves.last {
                guard let next = Self.nextBox(previous, calibration) else { outcome = .noJointFit; break }
                box = next
            }
            let units = Self.design(box: box, count: calibration.points, keeping: { u in Self.mayBeNonImplausible(u, waves, calibration) })
            let sweep = calibration.wave(number, units: units)
            let output = waveOutput(number)
            // Shards of a wave write into the same folder: each may find the others' plan half written.
            try output.prepare(sweep, version: version, allowing: ["sweep-identity.txt"])
            let finished = { sweep.points.indices.allSatisfy { output.isFinished(cell: $0) } }
            // Shards that ran this wave (the later waves are not in them yet) give their cells.
            let sources = merging.map { ($0 as NSString).appendingPathComponent("wave-\(number)") }
                .filter { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("plan.csv")) }
            if !finished() && !sources.isEmpty {
                try output.gather(from: sources, sweep: sweep, version: version)
            }
            if !finished() {
                let counts = try await output.run(sweep, shard: shard, of: shards, jobs: jobs, version: version) { done, total in
                    progress(number, done, total)
                }
                ran += counts.cells - counts.alreadyFinished
                if !finished() { return Summary(outcome: .waveUnfinished(number), waves: waves, ranCells: ran) }
            }
            if !FileManager.default.fileExists(atPath: output.directory.appendingPathComponent("manifest.json").path) {
                try output.combine(sweep, version: version, date: date)
            }
            let wave = try evaluate(number, units: units, box: box, sweep: sweep, output: output, calibration: calibration)
            try ResultsWriter.writeWhole(Self.implausibilityCSV(wave, calibration),
                                         to: output.directory.appendingPathComponent("implausibility.csv"))
            waves.append(wave)
            // A target that no point evaluated so far meets, even alone, cannot be met within the priors.
            let unreachable = calibration.targets.indices.filter { j in
                !waves.contains { $0.points.contains { $0.implausibility[j] <= calibration.cutoff } }
            }
            if !unreachable.isEmpty { outcome = .unreachable(unreachable); break }
            if wave.nonImplausible.isEmpty {
                // Each target is met somewhere: the next wave looks where their regions meet.
                outcome = .noJointFit
                continue
            }
            outcome = .calibrated
            if wave.share >= calibration.stopShare { break }
        }
        try writeResults(calibration, waves: waves, outcome: outcome, version: version, date: date)
        return Summary(outcome: outcome, waves: waves, ranCells: ran)
    }

    // MARK: Design

    /// The first `count` points of GSL's Sobol sequence mapped into `box` that `keeping` accepts,
    /// drawn in order from the sequence; at most 64 times `count` are tried, so a tiny region
    /// gives a smaller wave rather than an endless search.
    static func design(box: [(low: Double, high: Double)], count: Int, keeping: ([Double]) -> Bool) -> [[Double]] {
        let tries = 64 * count
        var kept: [[Double]] = [], tried = 0, batch = count
        while kept.count < count && tried < tries {
            batch = min(tries, max(batch, 2 * tried))
            for s in DesignPoints.sobol(count: batch, dimensions: box.count)[tried...] {
                tried += 1
                let u = zip(s, box).map { $1.low + $0 * ($1.high - $1.low) }
                if keeping(u) { kept.append(u) }
                if kept.count == count { break }
            }
        }
        return kept
    }

    /// The box of the next wave: per target, the box bounding the last wave's points that meet it
    /// (each target alone), widened on each side by two design spacings of the last box (its width
    /// over the d-th root of the points) so that the region's edge is not cut off; then the
    /// intersection of the targets' boxes, within the prior. Nil when they do not intersect (or a
    /// target is met by none of the last wave's points): no point can meet the targets together.
    static func nextBox(_ last: Wave, _ calibration: CalibrationFile) -> [(low: Double, high: Double)]? {
        let d = last.box.count
        let spacing = (0..<d).map { j in (last.box[j].high - last.box[j].low) / pow(Double(max(last.points.count, 1)), 1 / Double(d)) }
        var box = Array(repeating: (low: 0.0, high: 1.0), count: d)
        for t in calibration.targets.indices {
            let meeting = last.points.filter { $0.implausibility[t] <= calibration.cutoff }
            guard !meeting.isEmpty else { return nil }
            for j in 0..<d {
                let xs = meeting.map { $0.unit[j] }
                box[j] = (max(box[j].low, xs.min()! - 2 * spacing[j]), min(box[j].high, xs.max()! + 2 * spacing[j]))
            }
        }
        return box.allSatisfy { $0.low < $0.high } ? box : nil
    }

    /// The neighbours consulted for each target: 2d, enough to surround a point in d dimensions.
    static func neighbours(dimensions d: Int) -> Int { 2 * d }

    /// Whether a point not yet run may be non-implausible, judged from the points evaluated so far
    /// (over every wave) in place of an emulator: for each target, one of the 2d nearest points
    /// (Euclidean distance in unit coordinates) meets it, for every target (or all but one under
    /// second_max). Conservative on purpose: a point is left out only where every neighbour fails
    /// a target. True before any wave.
    static func mayBeNonImplausible(_ u: [Double], _ waves: [Wave], _ calibration: CalibrationFile) -> Bool {
        let evaluated = waves.flatMap(\.points)
        guard !evaluated.isEmpty else { return true }
        // The k nearest in one pass, ties going to the point evaluated first.
        let k = neighbours(dimensions: u.count)
        var nearest: [(distance: Double, index: Int)] = []
        for (i, p) in evaluated.enumerated() {
            let distance = zip(u, p.unit).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            guard nearest.count < k || distance < nearest[k - 1].distance else { continue }
            let at = nearest.firstIndex { distance < $0.distance } ?? nearest.count
            nearest.insert((distance, i), at: at)
            if nearest.count > k { nearest.removeLast() }
        }
        let failed = calibration.targets.indices.filter { t in
            !nearest.contains { evaluated[$0.index].implausibility[t] <= calibration.cutoff }
        }.count
        return failed <= (calibration.rule == .secondMax ? 1 : 0)
    }

    // MARK: Implausibility

    /// The implausibility of simulated replications `xs` against target `t`:
    /// |z - mean| / sqrt(sd_obs^2 + s^2 (1 + 1/R)). The observation is one realisation of the
    /// system, so a single replication's variance s^2 belongs in the denominator, and s^2/R for
    /// the uncertainty of the mean of R. A replication without a value makes it infinite.
    public static func implausibility(_ xs: [Double], target t: CalibrationFile.Target) -> (mean: Double, sd: Double, value: Double) {
        guard !xs.isEmpty, xs.allSatisfy(\.isFinite) else { return (.nan, .nan, .infinity) }
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        let variance = xs.count > 1 ? xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        let denominator = (t.sd * t.sd + variance * (1 + 1 / n)).squareRoot()
        return (mean, variance.squareRoot(), abs(t.observed - mean) / denominator)
    }

    func evaluate(_ number: Int, units: [[Double]], box: [(low: Double, high: Double)], sweep: SweepFile, output: SweepOutput,
                  calibration: CalibrationFile) throws -> Wave {
        var points: [Point] = []
        for c in sweep.points.indices {
            guard let body = output.cellRows(c) else { throw SweepOutput.Problem(description: "wave \(number): cell \(c) is missing") }
            // values[territory][metric][replication]
            var values: [String: [String: [Double]]] = [:]
            for line in body.split(separator: "\n").dropFirst() {
                let cells = Baseline.cells(String(line))
                guard cells.count == 4, let r = Int(cells[0]) else {
                    throw SweepOutput.Problem(description: "wave \(number), cell \(c): unreadable line \(line)")
                }
                var series = values[cells[1], default: [:]][cells[2], default: []]
                while series.count <= r { series.append(.nan) }
                series[r] = Double(cells[3]) ?? .nan
                values[cells[1], default: [:]][cells[2]] = series
            }
            var means: [Double] = [], sds: [Double] = [], implausibility: [Double] = []
            for t in calibration.targets {
                let xs = (0..<calibration.replications).map { r in
                    t.value { metric in values[t.territory]?[metric].flatMap { r < $0.count ? $0[r] : nil } }
                }
                let (mean, sd, i) = Self.implausibility(xs, target: t)
                means.append(mean)
                sds.append(sd)
                implausibility.append(i)
            }
            let sorted = implausibility.sorted(by: >)
            let score = calibration.rule == .secondMax && sorted.count > 1 ? sorted[1] : sorted[0]
            points.append(Point(wave: number, cell: c, unit: units[c], values: sweep.points[c].values, means: means, sds: sds,
                                implausibility: implausibility, score: score, isNonImplausible: score <= calibration.cutoff))
        }
        return Wave(number: number, points: points, box: box)
    }

    // MARK: Results

    static func implausibilityCSV(_ wave: Wave, _ calibration: CalibrationFile) -> String {
        let keys = calibration.parameters.map { ResultsWriter.quoted($0.key) }
        let targets = calibration.targets.indices.map { "target_\($0 + 1)" }
        var lines = [(["cell"] + keys + targets.flatMap { ["\($0)_mean", "\($0)_sd", "\($0)_implausibility"] }
                      + ["implausibility", "non_implausible"]).joined(separator: ",")]
        for p in wave.points {
            let perTarget = p.means.indices.flatMap { [ResultsWriter.number(p.means[$0]), ResultsWriter.number(p.sds[$0]),
                                                       ResultsWriter.number(p.implausibility[$0])] }
            lines.append(([String(p.cell)] + p.values.map(ResultsWriter.quoted) + perTarget
                          + [ResultsWriter.number(p.score), p.isNonImplausible ? "true" : "false"]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The q-quantile of the finite values of `xs` (linear between order statistics, R's type 7); NaN when none.
    public static func quantile(_ xs: [Double], _ q: Double) -> Double { ParameterUncertainty.quantile(xs.filter(\.isFinite), q) }

    /// A parameter's median and 90% interval over the accepted points, in its own units.
    public struct Marginal: Sendable {
        public let parameter: SweepFile.Parameter
        public let median: Double, low: Double, high: Double
    }

    public static func marginals(_ calibration: CalibrationFile, accepted: [Point]) -> [Marginal] {
        calibration.parameters.enumerated().map { j, parameter in
            let xs = accepted.map { parameter.number(at: $0.unit[j]) }
            return Marginal(parameter: parameter, median: quantile(xs, 0.5), low: quantile(xs, 0.05), high: quantile(xs, 0.95))
        }
    }

    func writeResults(_ calibration: CalibrationFile, waves: [Wave], outcome: Outcome, version: String, date: Date) throws {
        let last = waves.last!
        let accepted = outcome == .calibrated ? last.nonImplausible : []
        let weight = accepted.isEmpty ? 0 : 1 / Double(accepted.count)
        let keys = calibration.parameters.map { ResultsWriter.quoted($0.key) }
        let targetNames = calibration.targets.indices.map { "target_\($0 + 1)_mean" }
        var lines = [(["wave", "cell"] + keys + ["weight"] + targetNames + ["implausibility"]).joined(separator: ",")]
        for p in accepted {
            lines.append(([String(p.wave), String(p.cell)] + calibration.parameters.indices.map { j in
                ResultsWriter.number(calibration.parameters[j].number(at: p.unit[j]))
            } + [ResultsWriter.number(weight)] + p.means.map(ResultsWriter.number) + [ResultsWriter.number(p.score)])
                .joined(separator: ","))
        }
        let write = { (name: String, text: String) in try ResultsWriter.writeWhole(text, to: self.directory.appendingPathComponent(name)) }
        try write("accepted.csv", lines.joined(separator: "\n") + "\n")

        lines = ["parameter,range,prior_from,prior_to,unit,median,p05,p95,accepted"]
        for m in Self.marginals(calibration, accepted: accepted) {
            let (kind, from, to): (String, Double, Double) = switch m.parameter.range {
            case .uniform(let a, let b): ("uniform", a, b)
            case .logUniform(let a, let b): ("log_uniform", a, b)
            case .triangular, .beta, .levels: ("other", .nan, .nan)  // refused by the calibration file's reader
            }
            lines.append([ResultsWriter.quoted(m.parameter.key), kind, ResultsWriter.number(from), ResultsWriter.number(to),
                          m.parameter.unit ?? "", ResultsWriter.number(m.median), ResultsWriter.number(m.low),
                          ResultsWriter.number(m.high), String(accepted.count)].joined(separator: ","))
        }
        try write("marginals.csv", lines.joined(separator: "\n") + "\n")

        // Simulated values over the accepted points; for a calibration that failed, over the last
        // wave's points, so that the fits show how far the model stays from each target.
        let shown = accepted.isEmpty ? last.points : accepted
        let unreachable: [Int] = if case .unreachable(let js) = outcome { js } else { [] }
        let z90 = StandardNormal.quantile(0.95)
        lines = ["target,territory,metric,per,scale,observed,observed_sd,observed_low,observed_high,simulated_mean,simulated_low,"
                 + "simulated_high,simulated_min,simulated_max,lowest_implausibility,status,points"]
        for (j, t) in calibration.targets.enumerated() {
            let means = shown.map { $0.means[j] }.filter(\.isFinite)
            let mean = means.isEmpty ? Double.nan : means.reduce(0, +) / Double(means.count)
            let lowest = last.points.map { $0.implausibility[j] }.min() ?? .infinity
            let status = unreachable.contains(j) ? "cannot_be_met" : outcome == .calibrated ? "fitted" : "not_met_together"
            lines.append([ResultsWriter.quoted(t.name), ResultsWriter.quoted(t.territory), t.metric, t.per ?? "",
                          ResultsWriter.number(t.scale), ResultsWriter.number(t.observed), ResultsWriter.number(t.sd),
                          ResultsWriter.number(t.observed - z90 * t.sd), ResultsWriter.number(t.observed + z90 * t.sd),
                          ResultsWriter.number(mean), ResultsWriter.number(Self.quantile(means, 0.05)),
                          ResultsWriter.number(Self.quantile(means, 0.95)), ResultsWriter.number(means.min()),
                          ResultsWriter.number(means.max()), ResultsWriter.number(lowest), status, String(shown.count)]
                .joined(separator: ","))
        }
        try write("fits.csv", lines.joined(separator: "\n") + "\n")

        lines = ["wave,points,non_implausible,share"
                 + calibration.parameters.indices.map { ",box_\($0 + 1)_from,box_\($0 + 1)_to" }.joined()]
        for wave in waves {
            let bounds = calibration.parameters.indices.flatMap { j in
                [ResultsWriter.number(calibration.parameters[j].number(at: wave.box[j].low)),
                 ResultsWriter.number(calibration.parameters[j].number(at: wave.box[j].high))]
            }
            lines.append(([String(wave.number), String(wave.points.count), String(wave.nonImplausible.count),
                           ResultsWriter.number(wave.share)] + bounds).joined(separator: ","))
        }
        try write("waves.csv", lines.joined(separator: "\n") + "\n")
        try write(ScenarioDescription.file, ScenarioDescription.csv([("base", try Scenario.read(calibration.base, file: calibration.baseFile,
                                                                                                  sources: calibration.baseSources))]))
        let status: String = switch outcome {
        case .calibrated: "calibrated"
        case .unreachable: "targets_cannot_be_met"
        case .noJointFit: "no_joint_fit"
        case .waveUnfinished: "unfinished"
        }
        let manifest: [(String, String)] = [
            ("dacsim_version", "\"\(version)\""),
            ("calibration_file", ResultsWriter.json(calibration.file)),
            ("calibration_sha256", "\"\(calibration.source.sha256)\""),
            ("base_scenario_file", ResultsWriter.json(calibration.baseFile)),
            ("base_scenario_sha256", "\"\(SourceFile.chainHash(calibration.baseSources))\""),
            ("base_scenario_files", ResultsWriter.sourcesJSON(calibration.baseSources)),
            ("method", "\"history matching in waves, without emulation\""),
            ("seed", "\(calibration.seed)"),
            ("replications", "\(calibration.replications)"),
            ("points_per_wave", "\(calibration.points)"),
            ("waves", "\(waves.count)"),
            ("cutoff", ResultsWriter.number(calibration.cutoff)),
            ("implausibility", "\"\(calibration.rule.rawValue)\""),
            ("status", "\"\(status)\""),
            ("accepted", "\(accepted.count)"),
            ("files", "[\"waves.csv\", \"accepted.csv\", \"marginals.csv\", \"fits.csv\", \"scenario.csv\"]"),
            ("created", "\"\(ISO8601DateFormatter().string(from: date))\""),
        ]
        try write("manifest.json", "{\n" + manifest.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n")
    }

    // MARK: The calibrated scenario

    /// `path` relative to the folder `from` (both as given, made absolute from the working directory).
    static func relativePath(_ path: String, from folder: String) -> String {
        let absolute = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.pathComponents }
        let target = absolute(path), origin = absolute(folder)
        let common = zip(target, origin).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: origin.count - common) + target[common...]).joined(separator: "/")
    }

    /// Checks, before any wave runs, that the calibrated scenario can be written to `file`: nothing
    /// is there (or `force`), and its folder can be written.
    public static func checkScenarioFile(_ file: String, force: Bool) throws {
        if !force && ResultsWriter.kind(of: file) != nil {
            throw ResultsWriter.Refusal(description: "\(file) exists; choose another --write-scenario or add --force to replace it")
        }
        try ResultsWriter.checkWritable(file: file)
    }

    /// Writes `file`: a scenario extending the calibration's base with each parameter at its
    /// median over the accepted points, and a comment naming the calibration.
    public func writeScenario(_ calibration: CalibrationFile, summary: Summary, to file: String, force: Bool, version: String,
                              date: Date = Date()) throws {
        guard summary.outcome == .calibrated, let last = summary.waves.last, !last.nonImplausible.isEmpty else {
            throw SweepOutput.Problem(description: "the calibration did not end with accepted parameter sets; no scenario written")
        }
        try Self.checkScenarioFile(file, force: force)
        let marginals = Self.marginals(calibration, accepted: last.nonImplausible)
        let folder = (file as NSString).deletingLastPathComponent
        let day = ISO8601DateFormatter().string(from: date)
        let text = try ScenarioOverlay.yaml(
            extending: Self.relativePath(calibration.baseFile, from: folder.isEmpty ? "." : folder), base: calibration.base,
            settings: marginals.map { ($0.parameter.key, $0.parameter.text($0.median)) },
            comment: ["Calibrated by dacsim \(version) on \(day) from \(calibration.file) (sha256 \(calibration.source.sha256.prefix(12))),",
                      "results in \(directory.path): history matching in \(summary.waves.count) wave(s), \(last.nonImplausible.count) "
                      + "accepted parameter sets.",
                      "Each calibrated value is its parameter's median over the accepted sets (marginals.csv has their 90% intervals)."])
        try ResultsWriter.writeWhole(text, to: URL(fileURLWithPath: file))
    }
}
