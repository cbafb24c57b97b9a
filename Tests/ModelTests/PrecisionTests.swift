import CareModel
import Experiments
import Foundation
import Randomness
import Scenarios
import Testing

/// Replications by precision (Hoad, Robinson and Davies 2010).
@Suite struct PrecisionTests {
    /// Normal values of mean 100 and sd 20: a 95% half-width within 5% of the mean needs about
    /// (1.96 × 20 / 5)² ≈ 61 of them. The algorithm stops at its first count precise at itself and
    /// at each of its five look-ahead counts; given the values all at once or a few at a time, it
    /// decides the same.
    @Test func stopsAtTheDocumentedPrecisionOnAKnownVariance() throws {
        let stream = RandomStream(baseSeed: 7, replication: 0, name: "precision test")
        let normal = try Distribution.normal(mean: 100, sd: 20)
        let values = (0..<400).map { _ in normal.sample(stream) }
        let rule = ReplicationsByPrecision(precision: 0.05, maxReplications: 400)
        let (decision, stoppedAt) = rule.decide([values], floors: [0], available: values.count)
        guard case .precise(let solution) = decision else {
            Issue.record("no precise count found: \(decision)")
            return
        }
        #expect(stoppedAt == solution + 5)
        #expect((30...120).contains(solution), "stopped at \(solution) replications, expected about 61")
        // The first count precise at itself and at each of the five after it.
        func precise(_ n: Int) -> Bool {
            let interval = ConfidenceInterval(Array(values.prefix(n)))
            return interval.halfWidth <= 0.05 * interval.mean
        }
        func confirmed(_ n: Int) -> Bool { (n...n + 5).allSatisfy(precise) }
        #expect(confirmed(solution))
        #expect(!(3..<solution).contains(where: confirmed), "an earlier count was already confirmed")
        // A few at a time: the same decision.
        var available = 3
        while case (.goOn, _) = rule.decide([values], floors: [0], available: available) { available += 4 }
        #expect(rule.decide([values], floors: [0], available: available).0 == decision)
        #expect(rule.decide([values], floors: [0], available: available).1 == stoppedAt)
        // A floor above the half-width stops at once; a cap below the solution stops there, unconfirmed.
        #expect(rule.decide([values], floors: [1000], available: 400).1 == 3 + 5)
        let capped = ReplicationsByPrecision(precision: 0.05, maxReplications: 20)
        #expect(capped.decide([values], floors: [0], available: 400) == (.capped, 20))
        // Past 100 replications the look-ahead is 5% of the count.
        #expect(rule.lookAhead(after: 61) == 5 && rule.lookAhead(after: 300) == 15)
    }

    /// The replications kept never depend on how many run at once.
    @Test func aRunByPrecisionIsTheSameWhateverTheJobs() async throws {
        let s = try scenario(territoryScenario(archetype: "balanced", horizon: "2 years", warmUp: "1 year"))
        let rule = ReplicationsByPrecision(precision: 0.1, maxReplications: 40)
        let one = try await Experiment.runToPrecision(s, rule: rule, seed: 3, jobs: 1)
        let three = try await Experiment.runToPrecision(s, rule: rule, seed: 3, jobs: 3)
        #expect(one.results[0].count == three.results[0].count && one.solution == three.solution && one.results[0].count >= 8)
        for (a, b) in zip(one.results[0], three.results[0]) {
            #expect(metricBits(a, observedYears: 1) == metricBits(b, observedYears: 1))
        }
    }
    /// A comparison by precision judges each paired difference against A's mean: differences of
    /// sd 10 around A's level of 100 need about (1.96 × 10 / 5)² ≈ 15 pairs for 5%; the same
    /// differences judged against their own mean (about 2) would need hundreds.
    @Test func aComparisonJudgesDifferencesAgainstTheReference() throws {
        let stream = RandomStream(baseSeed: 9, replication: 0, name: "paired precision test")
        let level = try Distribution.normal(mean: 100, sd: 20), noise = try Distribution.normal(mean: 2, sd: 10)
        let a = (0..<400).map { _ in level.sample(stream) }
        let differences = (0..<400).map { _ in noise.sample(stream) }
        let rule = ReplicationsByPrecision(precision: 0.05, maxReplications: 400)
        let (decision, _) = rule.decide(differences: [differences], references: [a], floors: [0], available: 400)
        guard case .precise(let solution) = decision else {
            Issue.record("no precise count found: \(decision)")
            return
        }
        #expect((6...40).contains(solution), "stopped at \(solution) pairs, expected about 15")
        #expect(rule.decide([differences], floors: [0], available: 400).0 != decision)
    }
}
