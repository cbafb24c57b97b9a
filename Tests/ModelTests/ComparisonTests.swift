import CareModel
import Experiments
import Foundation
import Reporting
import Scenarios
import Testing

/// Common random numbers: a staffing pair run on the same seed shares its arrivals and its
/// persons' attributes (needs, sources, referral) stream by stream, so the paired differences of
/// what depends on them vary less than with independent streams, and their intervals are narrower.
@Suite struct ComparisonTests {
    func comparison(seedB: UInt64) async throws -> Comparison {
        // Bretagne's staffing with HdF's demand: a pair that differs in staffing alone.
        let a = try shortened("staffing-hdf.yaml")
        let b = try shortened("staffing-bretagne.yaml", "referral: {probability: \(a.model.referral.probability)}")
        let ra = try await Experiment.run(a, replications: 10, seed: 1, jobs: 2)
        let rb = try await Experiment.run(b, replications: 10, seed: seedB, jobs: 2)
        return try Comparison(a: ExperimentSummary(ra, observedYears: 2), b: ExperimentSummary(rb, observedYears: 2))
    }

    @Test func commonRandomNumbersNarrowTheIntervalsOfAStaffingPair() async throws {
        let common = try await comparison(seedB: 1), independent = try await comparison(seedB: 999)
        let territory = common.rows[0].territory
        // Arrivals and persons' attributes share their streams; life events and care do not stay
        // in step (their draws follow the order of events, which staffing changes), so only the
        // demand side is asserted here: what becomes of new needs before any device is asked.
        // Requests are not among them, since they count needs that come back after support, and
        // staffing moves when support ends.
        for metric in ["not_referred_per_year", "managed_in_primary_care_per_year"] {
            let crn = common.row(territory: territory, metric: metric)!.interval!.halfWidth
            let free = independent.row(territory: territory, metric: metric)!.interval!.halfWidth
            #expect(crn < free, "\(metric): half-width \(crn) with common random numbers, \(free) without")
        }
        // The staffing itself is the difference: Bretagne's staff cost more, significantly.
        let cost = common.row(territory: territory, metric: "staff_cost_eur_per_year")!
        #expect(cost.significant && cost.meanDifference > 0)
    }

    /// comparison-monthly.csv: month by month, the mean of the paired differences of replication
    /// r of B and of A; a scenario against itself differs by nothing.
    @Test func monthlyDifferencesArePairedReplicationByReplication() async throws {
        let a = try shortened("staffing-hdf.yaml"), b = try shortened("staffing-bretagne.yaml")
        let ra = try await Experiment.run(a, replications: 3, seed: 1, jobs: 2)
        let rb = try await Experiment.run(b, replications: 3, seed: 1, jobs: 2)
        func monthly(_ x: [RunResult], _ y: [RunResult]) throws -> [Substring] {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dacsim-cmp-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let comparison = try Comparison(a: ExperimentSummary(x, observedYears: 2), b: ExperimentSummary(y, observedYears: 2))
            try ResultsWriter(directory: folder.path, overwrite: false, files: ResultsWriter.comparisonFiles)
                .writeComparison(comparison, a: a, b: b, resultsA: x, resultsB: y, replications: 3, seed: 1, version: "test")
            return try String(contentsOf: folder.appendingPathComponent("comparison-monthly.csv"), encoding: .utf8).split(separator: "\n")
        }
        let lines = try monthly(ra, rb)
        #expect(lines[0] == "territory,month,metric,mean_a,mean_b,difference,ci_low,ci_high,replications")
        let k = 5, label = a.monthLabels[ra[0].territories[0].months[k].month]
        let line = try #require(lines.first { $0.contains(",\(label),coordination_wait_list,") })
        let expected = zip(ra, rb).map { Double($1.territories[0].months[k].coordinationWaitList - $0.territories[0].months[k].coordinationWaitList) }
            .reduce(0, +) / 3
        // Written with ten significant digits.
        #expect(abs(Double(line.split(separator: ",")[5])! - expected) <= 1e-9 * max(1, abs(expected)))
        let same = try monthly(ra, ra).dropFirst()
        #expect(!same.isEmpty && same.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[5] == "0" })
    }

    @Test func scenariosWithOtherTerritoriesAreNotPaired() async throws {
        let a = try shortened("staffing-hdf.yaml"), b = try shortened("desert-500k.yaml")
        let ra = try await Experiment.run(a, replications: 2, seed: 1, jobs: 2)
        let rb = try await Experiment.run(b, replications: 2, seed: 1, jobs: 2)
        #expect(throws: Comparison.Mismatch.self) {
            _ = try Comparison(a: ExperimentSummary(ra, observedYears: 2), b: ExperimentSummary(rb, observedYears: 2))
        }
    }
}
