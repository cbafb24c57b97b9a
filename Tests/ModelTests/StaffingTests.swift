import CareModel
import Scenarios
import Testing

@Suite struct StaffingTests {
    /// A staffing change adds posts whose new holders ramp up; the staff already there do not.
    @Test func newPostsRampUpWhileStaffInPostKeepWorking() throws {
        let s = try scenario(territoryScenario(archetype: "desert", horizon: "2 years", warmUp: "1 month", extra: """
            turnover: {quits_per_year: 0, ramp_up: 6 months}
            devices:
              - name: MAIA
                kind: maia
                case_management: {fte: 2}
                staffing: [{date: 2027-01-01, role: case_management, fte: 4}]
            """))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 2, replication: 0)
        let months = simulation.run().territories[0].months
        func at(_ label: String) -> MonthRecord { months.first { s.monthLabels[$0.month] == label }! }
        #expect(at("2026-12").realCapacity == 80)
        // At the end of January: 2 posts at full speed, 2 new holders one month into six.
        #expect(at("2027-01").plannedCapacity == 160)
        #expect(abs(at("2027-01").realCapacity - (80 + 2 * 40 * (31.0 / 182.625))) <= 1)
        #expect(at("2027-09").realCapacity == 160)
    }

    /// Staff who quit leave their post vacant for the hiring delay: real capacity falls below
    /// planned, and paid FTE below the posts.
    @Test func turnoverLeavesPostsVacant() throws {
        let s = try scenario(territoryScenario(archetype: "desert", horizon: "4 years", warmUp: "1 year", extra: """
            turnover: {quits_per_year: 0.5, hiring_delay: {deterministic: 6 months}, ramp_up: 0 days}
            devices:
              - {name: MAIA, kind: maia, case_management: {fte: 10}}
            """))
        var simulation = CareSimulation(config: s.model, monthStarts: s.monthStarts, seed: 3, replication: 0)
        let result = simulation.run().territories[0]
        let real = result.months.map(\.realCapacity).reduce(0, +) / Double(result.months.count)
        // Each post is vacant 6 months after each quit, quits coming at 0.5 a year while filled:
        // the share filled is 1 / (1 + 0.5 x 0.5) = 0.8.
        #expect(real > 0.7 * 400 && real < 0.9 * 400, "mean real capacity \(real)")
        #expect(result.paidFTE[.caseManagement]! < 9.5)
    }
}
