import CareModel
import Experiments
import Foundation
import QueueingTheory
import Randomness
@testable import Reporting
@testable import Scenarios
import TestSupport
import Testing

/// Parameter uncertainty: every assumed or calibrated default has a range, scenarios give or
/// override ranges, and `run --uncertainty` draws parameter sets, runs them as a sweep and splits
/// each metric's variance between the parameters and the replications' noise.
@Suite final class UncertaintyTests {
    let scratch: ScratchFolder

    init() throws { scratch = try ScratchFolder("dacsim-uncertainty") }

    /// One territory of every archetype, converging, so that every table's values are in play.
    static let everyArchetype = """
        name: every archetype
        run: {start: 2026-01-01, horizon: 3 years, warm_up: 1 year, replications: 2, seed: 1}
        territories:
        \(Archetype.allCases.map { archetype in
            """
              - name: \(archetype.rawValue)
                archetype: \(archetype.rawValue)
                population: {under_60: 150000, from_60_to_74: 35000, from_75: 15000}
                convergence: {date: 2027-01-01}
            """
        }.joined(separator: "\n"))
        """

    @Test func everyAssumedOrCalibratedDefaultHasARangeOrSaysWhyNot() {
        for table in DefaultTable.all + DefaultTable.archetypes {
            for value in table.values {
                switch value.provenance {
                case .assumption, .calibrated:
                    #expect(!value.ranges.isEmpty || value.certainBecause != nil, "\(table.name): \(value.keyPath) has no range and no reason")
                case .source:
                    break
                }
                #expect(value.ranges.isEmpty || value.certainBecause == nil, "\(value.keyPath): both a range and a reason to have none")
            }
        }
    }

    @Test func everyRangeOfTheDefaultsIsFoundAndGivesValidScenariosAtBothEnds() throws {
        let document = try ScenarioValue.parse(Self.everyArchetype, file: "every.yaml")
        let uncertainty = try Uncertainty.of(document, file: "every.yaml")
        // Every range of every table applies somewhere in a scenario with every archetype.
        let names = Set(uncertainty.parameters.map(\.key))
        for candidate in DefaultLookup.candidates {
            let own = candidate.entry.keyPath + (candidate.range.inside.isEmpty ? "" : "." + candidate.range.inside)
            let place = candidate.table.place.hasPrefix("territories") ? "" : candidate.table.place
            let name = (place.isEmpty ? own : "\(place).\(own)") + (candidate.archetype.map { " (\($0))" } ?? "")
            #expect(names.contains(name), "the range of \(name) applies nowhere")
        }
        // A territory default applies to every territory that leaves it to the defaults, as one parameter.
        let quits = try #require(uncertainty.parameters.first { $0.key == "turnover.quits_per_year" })
        #expect(quits.paths.count == Archetype.allCases.count - 1 && !quits.paths.contains("territories[0].turnover.quits_per_year"))
        #expect(uncertainty.parameters.contains { $0.key == "turnover.quits_per_year (desert)" && $0.paths == ["territories[0].turnover.quits_per_year"] })
        // Each end of each range reads as a valid scenario.
        let resolved = Scenario.resolved(document)
        for parameter in uncertainty.parameters {
            for u in [0, 1.0.nextDown] {
                var value = resolved
                for path in parameter.paths { value = try value.setting(path: path, to: parameter.value(at: u), at: parameter.location) }
                do {
                    _ = try Scenario.read(value, file: "every.yaml")
                } catch {
                    Issue.record("\(parameter.key) at \(parameter.value(at: u)): \(error)")
                }
            }
        }
    }

    @Test func rangesMapTheUnitIntervalOntoTheirQuantiles() throws {
        func parameter(_ text: String) throws -> SweepFile.Parameter {
            let field = Field(try ScenarioValue.parse(text, file: "t"), keyPath: "k")
            var reader = try field.mapping()
            let (range, unit) = try SweepFile.readRange(&reader, field)
            return SweepFile.Parameter(key: "k", range: range, location: field.location, unit: unit)
        }
        let triangular = try parameter("{triangular: {from: 1, mode: 2, to: 5}}")
        // P(X <= 2) = (2 - 1)^2 / ((5 - 1)(2 - 1)) = 0.25: the mode is the 25% quantile.
        #expect(abs(triangular.number(at: 0.25) - 2) < 1e-12 && triangular.number(at: 0) == 1)
        let beta = try parameter("{beta: {alpha: 2, beta: 5, from: 10, to: 20}}")
        let distribution = try Distribution.beta(alpha: 2, beta: 5)
        #expect(abs(beta.number(at: 0.3) - (10 + 10 * distribution.quantile(0.3)!)) < 1e-12)
        let logUniform = try parameter("{log_uniform: {from: 1, to: 100}, unit: days}")
        #expect(abs(logUniform.number(at: 0.5) - 10) < 1e-12 && logUniform.value(at: 0.5) == "10 days")
        #expect(try parameter("{uniform: {from: 2, to: 4}}").summary == "uniform 2-4")
    }

    func errorOf(_ block: String) -> String {
        let base = repositoryRoot.appendingPathComponent("scenarios/balanced-500k.yaml").path
        let file = try! scratch.write("bad.yaml", "extends: \(base)\nuncertain:\n" + block + "\n")
        do {
            _ = try SweepFile.uncertainty(scenario: file, sets: 4)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func badRangesGetOneErrorWithFileLineAndKey() {
        let outside = errorOf("  values:\n    referral.probability: {uniform: {from: 0.5, to: 1.5}}")
        #expect(outside.hasSuffix("bad.yaml:4: uncertain.values.referral.probability: the range reaches 1.5, which is not valid "
                                  + "there: expected a probability from 0 to 1, got 1.5") || outside.contains("bad.yaml:4: uncertain.values.referral.probability: the range reaches 1.5"),
                "\(outside)")
        let shape = errorOf("  values:\n    referral.misdirection: {beta: {alpha: -1, beta: 2}}")
        #expect(shape.contains("bad.yaml:4") && shape.contains("uncertain.values.referral.misdirection.beta.alpha") && shape.contains("above 0"), "\(shape)")
        let mode = errorOf("  values:\n    referral.misdirection: {triangular: {from: 0.1, mode: 0.9, to: 0.5}}")
        #expect(mode.contains("bad.yaml:4") && mode.contains("mode") && mode.contains("must lie from 0.1 to 0.5"), "\(mode)")
        let unknown = errorOf("  values:\n    referral.probabilty: {uniform: {from: 0.4, to: 0.6}}")
        #expect(unknown.contains("bad.yaml:4: uncertain.values.referral.probabilty: no value at this key path"), "\(unknown)")
        let whole = errorOf("  values:\n    \"territories[*].turnover.hiring_delay\": {uniform: {from: 2, to: 6}, unit: months}")
        #expect(whole.contains("bad.yaml:4") && whole.contains("territories[*].turnover.hiring_delay.exponential.mean"), "\(whole)")
        let run = errorOf("  values:\n    run.seed: {uniform: {from: 1, to: 9}}")
        #expect(run.contains("bad.yaml:4") && run.contains("a setting of the run"), "\(run)")
        let level = errorOf("  values:\n    persons.support_during_stay: {levels: [kept, sometimes, paused]}")
        #expect(level.contains("bad.yaml:4: uncertain.values.persons.support_during_stay: the range reaches sometimes"), "\(level)")
        let word = errorOf("  values:\n    referral.probability: sure")
        #expect(word.contains("bad.yaml:4") && word.contains("or fixed to hold the value"), "\(word)")
    }

    @Test func theBlockReplacesAddsAndFixesRanges() throws {
        let base = repositoryRoot.appendingPathComponent("scenarios/balanced-500k.yaml").path
        let file = try scratch.write("block.yaml", """
            extends: \(base)
            uncertain:
              values:
                "territories[*].turnover.quits_per_year": {log_uniform: {from: 0.1, to: 0.2}, why: local figures}
                referral.probability: fixed
                "territories[0].gp_per_100k": {uniform: {from: 70, to: 90}}
            """)
        let (document, _) = try ScenarioValue.loadWithSources(file: file)
        let parameters = try Uncertainty.of(document, file: file).parameters
        #expect(!parameters.contains { $0.key == "referral.probability" || $0.key == "turnover.quits_per_year" })
        let quits = try #require(parameters.first { $0.key == "territories[*].turnover.quits_per_year" })
        #expect(quits.range == .logUniform(from: 0.1, to: 0.2) && quits.why == "local figures" && quits.location.line == 4)
        #expect(parameters.contains { $0.key == "territories[0].gp_per_100k" })
        let only = try scratch.write("only.yaml", "extends: \(base)\nuncertain: {from_defaults: false, values: {referral.misdirection: {uniform: {from: 0.1, to: 0.2}}}}\n")
        let (onlyDocument, _) = try ScenarioValue.loadWithSources(file: only)
        #expect(try Uncertainty.of(onlyDocument, file: only).parameters.map(\.key) == ["referral.misdirection"])
    }

    /// The scenario path reduced to M/M/10 with the mean service time uncertain over 20-28 days:
    /// every set's mean wait is Erlang C's at its own service mean, the interval over sets lies
    /// between Erlang C's waits at the range's ends (and is theirs at the sets' 5th and 95th
    /// percentiles of the service mean), and nearly all the variance is the parameter's.
    @Test func anUncertainServiceMeanGivesErlangCsWaitsAcrossTheRange() async throws {
        let mmc = repositoryRoot.appendingPathComponent("scenarios/verification/mmc.yaml").path
        let file = try scratch.write("mmc-uncertain.yaml", """
            extends: \(mmc)
            run: {horizon: 150 years, warm_up: 5 years, replications: 4, seed: 5}
            uncertain:
              from_defaults: false
              values:
                "territories[0].devices[0].coordination.duration.exponential.mean": {uniform: {from: 20, to: 28}, unit: days}
            """)
        let plan = try SweepFile.uncertainty(scenario: file, sets: 12)
        #expect(plan.keys == ["territories[0].devices[0].coordination.duration.exponential.mean"] && plan.design == .uncertainty)
        let output = UncertaintyOutput.directory(scratch.path("mmc"), for: plan)
        _ = try await output.run(plan, jobs: 2, version: "test")
        let analysis = try UncertaintyOutput.finish(plan, output: output, version: "test")
        let wait = try #require(analysis.rows.first { $0.metric == "coordination_wait_mean_days" }).analysis
        let erlang = { (mean: Double) in Erlang.C(servers: 10, arrivalRate: 0.3, serviceRate: 1 / mean).meanWait }
        let means = plan.numbers.map { $0[0] }
        // Each set against Erlang C at its own service mean, at 99.9% over the 12 sets together.
        let noise = (wait.noiseVariance / Double(plan.replications)).squareRoot()
        let z = try Distribution.normal(mean: 0, sd: 1).quantile(1 - 0.0005 / Double(plan.cellCount))!
        for (c, mean) in means.enumerated() {
            #expect(abs(wait.setMeans[c] - erlang(mean)) <= z * noise, "set \(c): service \(mean) days, wait \(wait.setMeans[c]) against Erlang C \(erlang(mean)) ± \(z * noise)")
        }
        #expect(wait.low >= erlang(20) - z * noise && wait.high <= erlang(28) + z * noise, "\(wait.low)-\(wait.high) against \(erlang(20))-\(erlang(28))")
        let p05 = ParameterUncertainty.quantile(means, 0.05), p95 = ParameterUncertainty.quantile(means, 0.95)
        #expect(abs(wait.low - erlang(p05)) <= 2 * z * noise && abs(wait.high - erlang(p95)) <= 2 * z * noise,
                "interval \(wait.low)-\(wait.high), Erlang C at the sets' 5th and 95th percentiles \(erlang(p05))-\(erlang(p95))")
        #expect(wait.parameterShare > 0.95, "parameter share \(wait.parameterShare)")
        #expect(wait.drivers.first?.index == 0 && wait.drivers.first!.correlation > 0.9)
        let written = try String(contentsOfFile: scratch.path("mmc/uncertainty.csv"), encoding: .utf8)
        #expect(written.contains("Queue,coordination_wait_mean_days,"))
    }

    /// Two-way random effects without interaction: values a_i + c_j + e_ij with sd 2 for the
    /// sets, 1 for the replications' shared noise (common random numbers) and 1 for the rest: the
    /// parameters' variance is 4 whatever the shared noise.
    @Test func theVarianceSplitRecoversKnownComponents() {
        let stream = RandomStream(baseSeed: 3, replication: 0, name: "variance split")
        let normal = try! Distribution.normal(mean: 0, sd: 1)
        let n = 400, r = 10
        let sets = (0..<n).map { _ in 2 * normal.sample(stream) }
        let shared = (0..<r).map { _ in normal.sample(stream) }
        let values = sets.map { a in shared.map { c in a + c + normal.sample(stream) } }
        let split = ParameterUncertainty(values: values, parameters: sets.map { [$0, stream.uniform()] })
        // The parameters' variance, within 4 standard errors of its mean square (about 4 sqrt(2 / (n - 1))).
        #expect(abs(split.parameterVariance - 4) < 4 * 4 * (2.0 / Double(n - 1)).squareRoot(), "\(split.parameterVariance)")
        // The noise: the r shared values' own spread (common to every set, so known from r values
        // only) plus the rest's variance 1, within 4 standard errors of the latter.
        let m = shared.reduce(0, +) / Double(r)
        let sharedSpread = shared.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(r - 1)
        #expect(abs(split.noiseVariance - (sharedSpread + 1)) < 4 * (2.0 / Double(n * (r - 1))).squareRoot(),
                "\(split.noiseVariance) against \(sharedSpread + 1)")
        #expect(split.drivers.map(\.index) == [0], "\(split.drivers)")
    }

    func shortBase() throws -> String {
        let base = repositoryRoot.appendingPathComponent("scenarios/balanced-500k.yaml").path
        return try scratch.write("short.yaml", "extends: \(base)\nrun: {horizon: 2 years, warm_up: 1 year, replications: 2}\n"
                                 + "targets: {goals: [{metric: coordination_within_target_share, at_least: 0.9, year: 2027}]}\n")
    }

    func files(_ directory: String) throws -> [String] {
        try ["plan.csv", "sweep.csv", "uncertainty.csv", "drivers.csv", "parameters.csv"].map {
            try String(contentsOfFile: directory + "/" + $0, encoding: .utf8)
        }
    }

    @Test func resultsAreTheSameWhateverTheJobsShardsOrResumption() async throws {
        let file = try shortBase()
        let plan = try SweepFile.uncertainty(scenario: file, sets: 4)
        for (name, jobs) in [("one", 1), ("two", 2)] {
            let output = UncertaintyOutput.directory(scratch.path(name), for: plan)
            _ = try await output.run(plan, jobs: jobs, version: "test")
            _ = try UncertaintyOutput.finish(plan, output: output, version: "test")
        }
        let single = try files(scratch.path("one"))
        #expect(try files(scratch.path("two")) == single)
        // The scenario's goal is analysed in its year too, and the terminal table says how many sets meet it.
        #expect(single[2].contains("Balanced 500k,coordination_within_target_share_in_2027,"))
        let analysis = try UncertaintyOutput(plan, output: UncertaintyOutput.directory(scratch.path("one"), for: plan))
        let goal = try #require(analysis.rows.first { $0.metric == "coordination_within_target_share_in_2027" }).analysis
        let met = goal.setMeans.filter { $0 >= 0.9 }.count
        #expect(analysis.render().contains("in 2027 (target >= 0.9: met by \(Int((100 * Double(met) / 4).rounded()))% of sets' means)"),
                "\(analysis.render())")
        for k in 1...2 {
            _ = try await UncertaintyOutput.directory(scratch.path("shard-\(k)"), for: plan).run(plan, shard: k, of: 2, jobs: 2, version: "test")
        }
        let merged = UncertaintyOutput.directory(scratch.path("merged"), for: plan)
        try merged.gather(from: [scratch.path("shard-1"), scratch.path("shard-2")], sweep: plan, version: "test")
        _ = try UncertaintyOutput.finish(plan, output: merged, version: "test")
        #expect(try files(scratch.path("merged")) == single)
        try FileManager.default.removeItem(atPath: scratch.path("one/cells/" + SweepOutput.cellName(2)))
        let resumed = UncertaintyOutput.directory(scratch.path("one"), for: plan)
        let counts = try await resumed.run(plan, jobs: 2, version: "test")
        #expect(counts.alreadyFinished == 3)
        _ = try UncertaintyOutput.finish(plan, output: resumed, version: "test")
        #expect(try files(scratch.path("one")) == single)
        // A finished analysis run again runs nothing and gives the same files.
        let again = try await resumed.run(plan, jobs: 2, version: "test")
        #expect(again.alreadyFinished == 4 && again.cells == 4)
        _ = try UncertaintyOutput.finish(plan, output: resumed, version: "test")
        #expect(try files(scratch.path("one")) == single)
        // Another number of sets is another analysis: never mixed into this directory.
        let other = try SweepFile.uncertainty(scenario: file, sets: 5)
        await #expect(throws: SweepOutput.Problem.self) {
            _ = try await UncertaintyOutput.directory(self.scratch.path("one"), for: other).run(other, jobs: 2, version: "test")
        }
    }

    @Test func acceptedSetsReplaceTheRangesOfTheValuesTheyGive() throws {
        let file = try shortBase()
        let accepted = try scratch.write("calibration/accepted.csv", """
            wave,cell,referral.probability,territories[0].turnover.hiring_delay.exponential.mean,weight,target_1_mean,implausibility
            3,7,0.41,3.5,0.5,250,1.2
            3,9,0.66,5.5,0.5,260,0.8
            """)
        // A calibration writes durations without their unit; its marginals.csv, beside, gives it.
        try scratch.write("calibration/marginals.csv", """
            parameter,range,prior_from,prior_to,unit,median,p05,p95,accepted
            referral.probability,uniform,0.3,0.9,,0.5,0.4,0.7,2
            territories[0].turnover.hiring_delay.exponential.mean,uniform,2,8,months,4,3,6,2
            """)
        let plan = try SweepFile.uncertainty(scenario: file, sets: 3, accepted: accepted)
        #expect(Array(plan.keys.suffix(2)) == ["referral.probability", "territories[0].turnover.hiring_delay.exponential.mean"])
        #expect(!plan.parameters.contains { $0.key == "referral.probability" || $0.key == "turnover.hiring_delay.exponential.mean" })
        #expect(plan.points.map { Array($0.values.suffix(2)) } == [["0.41", "3.5 months"], ["0.66", "5.5 months"], ["0.41", "3.5 months"]])
        #expect(plan.numbers.map { Array($0.suffix(2)) } == [[0.41, 3.5], [0.66, 5.5], [0.41, 3.5]])
        let second = try plan.scenario(cell: 1)
        #expect(second.model.referral.probability == 0.66)
        #expect(abs(second.model.territories[0].turnover.hiringDelay.mean - 5.5 * 365.25 / 12) < 1e-9)
    }

    /// The metrics marked calibrated are exactly those a bundled calibration to observed figures
    /// targets (the M/M/c example aside), and the tables say so in both languages.
    @Test func metricsMarkedCalibratedAreTheCalibrationsTargets() throws {
        let folder = repositoryRoot.appendingPathComponent("scenarios/calibration")
        var targeted = Set<String>()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yaml") && name != "mmc-example.yaml" {
            let calibration = try CalibrationFile.load(file: folder.appendingPathComponent(name).path)
            targeted.formUnion(calibration.targets.map(\.metric))
        }
        #expect(targeted == MetricBasis.calibratedMetrics)
        let english = SummaryTable.columns(Labels(.en)).map { "\($0.metric) \($0.basis)" }
        #expect(english.contains("requests_per_year calibrated") && english.contains("coordination_wait_mean_days assumptions"))
        #expect(Labels(.fr)(.basisCalibrated) == "calage" && Labels(.en)(.basisAssumptions) == "assumptions")
    }
}
