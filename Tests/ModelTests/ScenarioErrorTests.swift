import Foundation
import Scenarios
import Testing

/// Each kind of bad input gives one message naming the file, the line, the key path and what was expected.
@Suite struct ScenarioErrorTests {
    func message(_ yaml: String) -> String { errorMessage(yaml) }

    func withTerritory(_ lines: String) -> String {
        """
        run: {start: 2026-01-01, horizon: 3 years}
        territories:
          - name: T
            archetype: balanced
        \(lines.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    /// Staff time: shares that do not sum to 1, hours out of range, a spin-up too long.
    @Test func staffTimeMistakesAreNamed() {
        let shares = message(withTerritory("""
            population: {under_60: 1000, from_60_to_74: 1, from_75: 1}
            devices:
              - {name: P, kind: pta, coordination: {fte: 2, time: {caseloads: 0.7, management: 0.2}}}
            """))
        #expect(shares == "test.yaml:7: territories[0].devices[0].coordination.time: the shares of time must sum to 1 (they sum to 0.9)", "\(shares)")
        let hours = message("workload: {hours_per_month: {level_2: 0}}\n" + withTerritory("population: {under_60: 1000, from_60_to_74: 1, from_75: 1}"))
        #expect(hours.hasPrefix("test.yaml:1: workload.hours_per_month.level_2: expected a number of hours a month"), "\(hours)")
        let spinUp = message(withTerritory("population: {under_60: 1000, from_60_to_74: 1, from_75: 1}")
            .replacingOccurrences(of: "horizon: 3 years}", with: "horizon: 3 years, spin_up: 80 years}"))
        #expect(spinUp.hasPrefix("test.yaml:1: run.spin_up: expected a duration"), "\(spinUp)")
        let turnover = message(withTerritory("""
            population: {under_60: 1000, from_60_to_74: 1, from_75: 1}
            turnover: {around_convergence: {multiplier: -1}}
            """))
        #expect(turnover.hasPrefix("test.yaml:6: territories[0].turnover.around_convergence.multiplier: expected a multiplier"), "\(turnover)")
    }

    @Test func missingFile() {
        #expect(throws: ScenarioError(SourceLocation(file: "nowhere.yaml", line: 0), keyPath: "",
                                      "cannot read the file (no such file)")) {
            _ = try Scenario.load(file: "nowhere.yaml")
        }
    }

    @Test func theTotalsNameIsReserved() {
        let yaml = "run: {start: 2026-01-01, horizon: 3 years}\nterritories:\n  - {name: all territories, archetype: balanced}\n"
        #expect(message(yaml) == "test.yaml:3: territories[0].name: \"all territories\" names the total of a scenario's "
                + "territories; choose another name", "\(message(yaml))")
    }

    @Test func yamlError() {
        #expect(message("run: {start: 2026-01-01\n").hasPrefix("test.yaml:2: not valid YAML"))
    }

    @Test func unknownKey() {
        #expect(message(withTerritory("population: {under_60: 1000, from_60_to_74: 1, from_75: 1}\npopulaton: 5"))
                == "test.yaml:6: territories[0].populaton: unknown key; expected one of name, archetype, population, growth_per_year, devices, convergence, gp_per_100k, primary_care_coverage, routing, readability, support_programme, turnover, ideal_fte_per_100k, visit_radius_km")
    }

    @Test func missingKey() {
        #expect(message(withTerritory("readability: 0.5"))
                == "test.yaml:3: territories[0].population: missing; expected inhabitants by age band")
    }

    @Test func wrongType() {
        #expect(message(withTerritory("population: {under_60: many, from_60_to_74: 1, from_75: 1}"))
                == "test.yaml:5: territories[0].population.under_60: expected a number of inhabitants from 0 to 1e+09, found \"many\"")
    }

    @Test func outOfRange() {
        #expect(message(withTerritory("population: {under_60: 1000, from_60_to_74: 1, from_75: 1}\nreadability: 1.5"))
                == "test.yaml:6: territories[0].readability: expected readability between 0 and 1, found \"1.5\"")
    }

    @Test func unknownWord() {
        #expect(message(withTerritory("archetype: suburban").replacingOccurrences(of: "    archetype: balanced\n", with: ""))
                == "test.yaml:4: territories[0].archetype: expected one of desert, medico-social, sanitary, balanced, paerpa-pilot, found \"suburban\"")
    }

    @Test func impossibleDistribution() {
        #expect(message(withTerritory("""
            population: {under_60: 1000, from_60_to_74: 1, from_75: 1}
            devices:
              - {name: P, kind: pta, coordination: {fte: 1, duration: {lognormal: {mean: 3 months, sd: 0 days}}}}
            """)) == "test.yaml:7: territories[0].devices[0].coordination.duration.lognormal: lognormal: sd must be > 0 (got 0.0)")
    }

    @Test func sharesThatDoNotSumToOne() {
        #expect(message("""
            run: {start: 2026-01-01, horizon: 3 years}
            referral:
              sources: {gp: 0.5, hospital: 0.6}
            territories: [{name: T, archetype: balanced, population: {under_60: 1000, from_60_to_74: 1, from_75: 1}}]
            """).hasPrefix("test.yaml:3: referral.sources: the shares must sum to 1 (they sum to 1.1"))
    }

    @Test func inconsistentDates() {
        #expect(message(withTerritory("""
            population: {under_60: 1000, from_60_to_74: 1, from_75: 1}
            devices:
              - name: P
                kind: pta
                coordination: {fte: 1}
                staffing: [{date: 2031-01-01, role: coordination, fte: 2}]
            """)) == "test.yaml:10: territories[0].devices[0].staffing[0].date: falls after the end of the run")
        #expect(message("run: {start: 2026-01-01, horizon: 1 year, warm_up: 1 year}\n")
                == "test.yaml:1: run.warm_up: the warm-up (365 days) must end before the horizon (365 days), or no result would be kept")
    }

    @Test func aDeviceWithNothingToOffer() {
        #expect(message(withTerritory("""
            population: {under_60: 1000, from_60_to_74: 1, from_75: 1}
            devices: [{name: Empty, kind: clic}]
            """)) == "test.yaml:6: territories[0].devices[0]: a device needs a front_desk, a coordination or a case_management")
    }
}

@Suite struct MoreScenarioErrorTests {
    func message(_ yaml: String) -> String { errorMessage(yaml) }

    let head = """
        run: {start: 2026-01-01, horizon: 3 years}
        territories:
          - name: T
            archetype: balanced
            population: {under_60: 1000, from_60_to_74: 1, from_75: 1}

        """

    @Test func aConvergenceWithoutItsDateIsAMistake() {
        #expect(message(head + "    convergence: {data: 2027-01-01}\n")
                == "test.yaml:6: territories[0].convergence.data: a convergence needs a date: add date: YYYY-MM-DD (or remove the convergence)")
    }

    @Test func aDACIsOpenToEveryone() {
        #expect(message(head + "    convergence: {date: 2027-01-01, dac: {eligibility: {age_bands: [from_75]}}}\n")
                == "test.yaml:6: territories[0].convergence.dac.eligibility: a DAC is open to everyone: remove its eligibility")
    }

    @Test func aFrontDeskOpensOnSomeDay() {
        #expect(message(head + "    devices: [{name: P, kind: pta, front_desk: {staff: 1, hours: {days: []}}}]\n")
                == "test.yaml:6: territories[0].devices[0].front_desk.hours.days: expected at least one day of the week, found a list")
    }

    @Test func aDistributionNeedsItsParameters() {
        #expect(message(head + "    devices: [{name: P, kind: pta, coordination: {fte: 1, duration: {exponential: ~}}}]\n")
                == "test.yaml:6: territories[0].devices[0].coordination.duration: expected the parameters of the exponential distribution, found a mapping")
    }
}
