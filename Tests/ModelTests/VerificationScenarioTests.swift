import Experiments
import QueueingTheory
import Scenarios
import TestSupport
import Testing

/// The scenario path (file, reader, care model, experiment, metrics) reduced to textbook queues.
@Suite struct VerificationScenarioTests {
    func metric(_ summary: ExperimentSummary, _ name: String) -> [Double] {
        summary.values[0][summary.index(of: name)!]
    }

    @Test func mmcScenarioMatchesErlangC() async throws {
        let scenario = try bundled("verification/mmc.yaml")
        let results = try await Experiment.run(scenario, replications: 20, seed: 11, jobs: 2)
        let summary = ExperimentSummary(results, observedYears: (scenario.run.horizon - scenario.run.warmUp) / 365.25)
        let theory = Erlang.C(servers: 10, arrivalRate: 0.3, serviceRate: 1.0 / 30)
        let wait = interval(metric(summary, "coordination_wait_mean_days"), contains: theory.meanWait, "M/M/10 scenario mean wait")
        #expect(wait.ok, "\(wait.message)")
        let occupancy = interval(metric(summary, "coordination_occupancy"), contains: theory.utilisation, "M/M/10 occupancy")
        #expect(occupancy.ok, "\(occupancy.message)")
        let queue = interval(metric(summary, "coordination_wait_list_mean"), contains: theory.meanQueueLength, "M/M/10 wait list")
        #expect(queue.ok, "\(queue.message)")
    }

    @Test func mgccScenarioMatchesErlangB() async throws {
        let scenario = try bundled("verification/mgcc.yaml")
        let results = try await Experiment.run(scenario, replications: 20, seed: 12, jobs: 2)
        let summary = ExperimentSummary(results, observedYears: (scenario.run.horizon - scenario.run.warmUp) / 365.25)
        let turnedAway = metric(summary, "turned_away_per_year"), requests = metric(summary, "requests_per_year")
        let blocking = zip(turnedAway, requests).map { $0 / $1 }
        let check = interval(blocking, contains: Erlang.b(servers: 10, load: 9), "M/G/10/10 scenario blocking")
        #expect(check.ok, "\(check.message)")
    }
}
