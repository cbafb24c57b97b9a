import CareModel
import Experiments
import Foundation
import Scenarios
import Testing

/// What a territory costs: staff, and its support programme while it runs.
@Suite struct CostTests {
    func run(programme: String) throws -> [String: Double] {
        let s = try scenario(territoryScenario(archetype: "balanced", horizon: "3 years", warmUp: "1 year", extra: """
            convergence: {date: 2026-01-01}
            support_programme: \(programme)
            """).replacingOccurrences(of: "name: test", with: """
            name: test
            support_programme: {cost_per_year: {light: 100000, reinforced: 250000, strong: 500000}, duration: 2 years}
            """))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 1, replication: 0)
        // 2027 and 2028 (a leap year), 731 days observed.
        let metrics = simulation.run().territories[0].metrics(observedYears: (s.run.horizon - s.run.warmUp) / 365.25)
        return Dictionary(uniqueKeysWithValues: zip(metrics.names, metrics.values))
    }

    /// A reinforced programme of EUR 250,000 a year runs two years (730.5 days) from a convergence
    /// at the start: 365.5 of the 731 observed days, EUR 125,000 a year over them, in the total
    /// cost and in the cost per person supported.
    @Test func theSupportProgrammeCostsWhileItRuns() throws {
        let reinforced = try run(programme: "reinforced"), none = try run(programme: "none")
        #expect(abs(reinforced["support_programme_cost_eur_per_year"]! - 125_000) < 1e-6 * 125_000)
        #expect(none["support_programme_cost_eur_per_year"] == 0)
        for m in [reinforced, none] {
            #expect(abs(m["total_cost_eur_per_year"]! - m["staff_cost_eur_per_year"]! - m["support_programme_cost_eur_per_year"]!) < 1e-6)
            let years = 731 / 365.25
            let persons = m["persons_supported_per_year"]! * years
            #expect(abs(m["cost_per_person_supported_eur"]! - m["total_cost_eur_per_year"]! * years / persons) < 1e-6)
        }
    }
}
