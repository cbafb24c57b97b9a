import Experiments
import Scenarios
import TestSupport
import Testing

/// Life events come by thinning; the rates a person lives under must still be the written ones.
@Suite struct LifeEventTests {
    /// Everyone is supported at once for an exponential time of mean 1 year, dies at 0.5 a year
    /// and is hospitalised at 1 a year x 0.5 under coordination: a supported person dies before
    /// the end of support with probability 0.5 / 1.5 and has 0.5 / 1.5 hospitalisations on average.
    @Test func competingRisksUnderSupportHaveTheirWrittenRates() async throws {
        let s = try scenario("""
            run: {start: 2026-01-01, horizon: 12 years, warm_up: 2 years}
            holidays: none
            incidence:
              under_60:      {geriatric: 0, palliative: 0, chronic_disease: 2, mental_health: 0, disability: 0, addiction: 0}
              from_60_to_74: {geriatric: 0, palliative: 0, chronic_disease: 0, mental_health: 0, disability: 0, addiction: 0}
              from_75:       {geriatric: 0, palliative: 0, chronic_disease: 0, mental_health: 0, disability: 0, addiction: 0}
            persons:
              level3_share: 0
              level2: {aggravation_per_year: 0, hospitalisation_per_year: 1, nursing_home_per_year: 0, death_per_year: 0.5, moving_per_year: 0,
                       recurrence_per_year: 0}
              # Stays short enough that holding other events during them changes no rate here.
              hospital_stay: {deterministic: 1 min}
              hospitalisation_multiplier_unsupported: 2
              hospitalisation_multiplier_coordinated: 0.5
              # After support the need is at rest: no stays then, so that all counted are under support or before it.
              hospitalisation_multiplier_at_rest: 0
            referral: {probability: 1, density_elasticity: 0, readability_effect: 0, delay: {deterministic: 0 days}, misdirection: 0}
            outreach: {referral_gain: 0, level_1_gain: 0, misdirection_reduction: 0}
            workload:
              intensities:
                level_2: {one_off: {share: 0}, sustained: {share: 1, hours: 1, duration: 1, visits_per_month: 0}, intensive: {share: 0}}
            territories:
              - name: T
                archetype: balanced
                population: {under_60: 100000, from_60_to_74: 0, from_75: 0}
                growth_per_year: {under_60: 0, from_60_to_74: 0, from_75: 0}
                turnover: {quits_per_year: 0}
                devices:
                  - {name: P, kind: pta, coordination: {fte: 10, time: {caseloads: 1}, duration: {exponential: {mean: 1 year}}}}
            """)
        let results = try await Experiment.run(s, replications: 20, seed: 4, jobs: 2)
        let deathShare = results.map { r -> Double in
            let o = r.territories[0].observations
            return Double(o.deathsUnderSupport) / Double(o.deathsUnderSupport + o.supportsCompleted)
        }
        let hospitalisations = results.map { r -> Double in
            let o = r.territories[0].observations
            return Double(o.hospitalisations) / Double(o.personsSupported)
        }
        let death = interval(deathShare, contains: 1.0 / 3, "share dying under support")
        #expect(death.ok, "\(death.message)")
        let hospital = interval(hospitalisations, contains: 1.0 / 3, "hospitalisations per supported person")
        #expect(hospital.ok, "\(hospital.message)")
    }
}
