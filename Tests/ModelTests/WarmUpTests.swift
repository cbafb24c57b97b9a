import Experiments
import Foundation
import Randomness
@testable import Reporting
import Scenarios
import Testing

/// MSER-5 on series with a known transient, and `dacsim warmup`'s analysis of a run.
@Suite struct WarmUpTests {
    @Test func mserFindsTheEndOfAKnownTransient() throws {
        let stream = RandomStream(key: 11)
        let noise = { (0..<12).reduce(0.0) { s, _ in s + stream.uniform() } - 6 }  // about N(0, 1)
        // A step: 30 observations at 10 above the stationary mean, then 170 of noise.
        let step = (0..<200).map { i in (i < 30 ? 10.0 : 0.0) + noise() }
        let found = try #require(MSER.apply(step))
        #expect(found.truncation == 30 && found.settled && found.batches == 40)
        // An exponential transient decaying with a time constant of 10: out of the noise after 30 to 50.
        let decay = (0..<240).map { i in 40 * exp(-Double(i) / 10) + noise() }
        let second = try #require(MSER.apply(decay))
        #expect((20...50).contains(second.truncation) && second.settled, "truncation \(second.truncation)")
        // A trend that never settles puts the minimum at the half-way limit.
        #expect(MSER.apply((0..<100).map { Double($0) * 0.5 + noise() })?.settled == false)
        // Too short, or holes: no answer.
        #expect(MSER.apply(Array(repeating: 1, count: 19)) == nil)
        #expect(MSER.apply((0..<20).map { $0 == 3 ? .nan : 1 }) == nil)
    }

    /// Caseloads start empty and fill over months (case management lasts long, and people whose
    /// support ended stay and come back: its caseloads go on filling for years): the analysis of a
    /// run with no warm-up finds a truncation for occupancy, none needed for a series that starts
    /// where it stays, suggests the longest truncation of the series that settled, and writes one
    /// row per territory and series.
    @Test func theAnalysisOfARunFromEmptyCaseloadsCutsTheirFilling() async throws {
        let yaml = """
            name: warm-up test
            run: {start: 2026-01-01, horizon: 5 years, spin_up: 0 days, replications: 8, seed: 3}
            territories:
              - name: T
                archetype: balanced
                population: {under_60: 72000, from_60_to_74: 18000, from_75: 10000}
                convergence: {date: none}
            """
        let scenario = try Scenario.read(ScenarioValue.parse(yaml, file: "warmup.yaml"), file: "warmup.yaml")
        // Eight replications: with four, a 100,000-inhabitant territory's monthly occupancy is noisy
        // enough for its lowest point to fall anywhere.
        let results = try await Experiment.run(scenario, replications: 8, seed: 3, jobs: 2)
        let analysis = WarmUpAnalysis(scenario: scenario, results: results)
        #expect(analysis.rows.count == WarmUpAnalysis.metrics.count && analysis.rows.allSatisfy { $0.months == 60 })
        let row = { (metric: String) in analysis.rows.first { $0.metric == metric }!.mser! }
        #expect(row("case_management_occupancy").truncation >= 10)
        #expect(row("coordination_occupancy").settled && row("coordination_occupancy").truncation >= 5)
        #expect(row("coordination_wait_list").settled)
        let settled = analysis.rows.compactMap(\.mser).filter(\.settled)
        #expect(analysis.suggestedMonths == settled.map(\.truncation).max())
        #expect(analysis.monthLabels.first == "2026-01" && analysis.monthLabels.count == 60)
        let csv = analysis.csv().split(separator: "\n")
        #expect(csv.first == "territory,metric,months,batch_size,truncation_months,mser_statistic,settled" && csv.count == 8)
    }
}
