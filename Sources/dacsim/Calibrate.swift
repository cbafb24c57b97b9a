import ArgumentParser
import Foundation
import Reporting
import Scenarios

struct Calibrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit parameters to observed targets by history matching in waves; run again to resume, --shard k/N on a cluster.",
        discussion: """
            The calibration file names a base scenario, parameters with prior ranges (uniform or log_uniform) and \
            observed targets (a metric, or a ratio of two, with its observed value and sd or interval). Each wave runs a \
            Sobol design over the region not yet ruled out (wave-1/, wave-2/, ... each a design sweep) and keeps the \
            points whose implausibility is at most the cut-off (3). Writes accepted.csv, marginals.csv (median and 90% \
            interval per parameter), fits.csv and waves.csv. A target no point comes near is reported as such (exit 1). \
            See docs/calibrate.md.
            """)

    @Argument(help: "The calibration file (YAML: base, replications, seed, points, waves, parameters, targets).")
    var calibration: String

    @Option(help: "Results directory (default: results/<calibration file name>).")
    var out: String?

    @Option(help: "Run only cells c with c mod N = k - 1 of the current wave, written as k/N (all shards write into the same --out).")
    var shard: String?

    @Option(parsing: .upToNextOption, help: "Directories of shards (copies of --out) whose cells of the current wave are gathered first.")
    var merge: [String] = []

    @Option(help: "Write a scenario extending the base with each calibrated value (its median) to this file.")
    var writeScenario: String?

    @Flag(help: "Replace the --write-scenario file if it exists.")
    var force = false

    @OptionGroup var jobs: JobsOption

    func run() async throws {
        let plan = try CalibrationFile.load(file: calibration)
        let (k, n) = try shardOption(shard)
        guard out != "" else { throw fail("--out is empty; name the calibration's results directory") }
        if let writeScenario { try CalibrationOutput.checkScenarioFile(writeScenario, force: force) }
        let directory = out ?? "results/" + stem(calibration)
        let output = CalibrationOutput(directory: directory)
        let progress = Progress(total: plan.points, label: "cells")
        let summary = try await output.run(plan, shard: k, of: n, jobs: jobs.count, version: dacsimVersion,
                                           merging: merge) { _, done, total in progress.update(done, of: total) }
        progress.finish()
        for wave in summary.waves {
            print("wave \(wave.number): \(wave.nonImplausible.count) of \(wave.points.count) points non-implausible")
        }
        switch summary.outcome {
        case .waveUnfinished(let wave):
            print("shard \(k)/\(n) of wave \(wave) done in \(directory)/wave-\(wave); once every shard is, run again "
                  + "(with --shard for the next wave, or without to finish)")
            return
        case .calibrated:
            print("calibrated: \(directory)/accepted.csv, marginals.csv and fits.csv (an HTML report: dacsim report \(directory))")
            if let writeScenario {
                try output.writeScenario(plan, summary: summary, to: writeScenario, force: force, version: dacsimVersion)
                print("calibrated scenario written to \(writeScenario)")
            }
        case .unreachable(let targets):
            for j in targets {
                let t = plan.targets[j]
                let means = summary.waves.last!.points.map { $0.means[j] }.filter(\.isFinite)
                print("target \(j + 1) (\(t.name), \(t.territory)) cannot be met: simulated range "
                      + "[\(ResultsWriter.number(means.min())), \(ResultsWriter.number(means.max()))] against observed "
                      + "\(ResultsWriter.number(t.observed)) ± \(ResultsWriter.number(plan.cutoff * t.sd)) (\(ResultsWriter.number(plan.cutoff)) sd)")
            }
            print("no parameter set within the priors meets \(targets.count == 1 ? "this target" : "these targets"); fits written to "
                  + "\(directory)/fits.csv")
            throw ExitCode(1)
        case .noJointFit:
            print("each target is met by some parameter sets, but none meets them all together; fits written to \(directory)/fits.csv")
            throw ExitCode(1)
        }
    }
}
