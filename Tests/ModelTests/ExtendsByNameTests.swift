import CareModel
import Foundation
import Scenarios
import TestSupport
import Testing

/// An extending file changes one territory by naming it, without restating the list.
@Suite final class ExtendsByNameTests {
    let scratch: ScratchFolder
    var folder: URL { scratch.url }

    init() throws {
        scratch = try ScratchFolder("dacsim-by-name")
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try scratch.write(name, text) }

    static let base = """
        name: base
        run: {start: 2026-01-01, horizon: 3 years, warm_up: 1 year}
        territories:
          - name: North
            archetype: balanced
            population: {under_60: 150000, from_60_to_74: 35000, from_75: 15000}
            convergence: {date: 2027-01-01}
            readability: 0.7
          - name: South
            archetype: desert
            population: {under_60: 90000, from_60_to_74: 25000, from_75: 12000}
        """

    @Test func aTerritoryNamedIsChangedAndTheOthersKept() throws {
        _ = try write("base.yaml", Self.base)
        let child = try write("child.yaml", """
            extends: base.yaml
            name: reinforced North
            territories:
              - {name: North, support_programme: reinforced}
              - name: East
                archetype: sanitary
                population: {under_60: 50000, from_60_to_74: 10000, from_75: 5000}
            """)
        let s = try Scenario.load(file: child)
        #expect(s.model.territories.map(\.name) == ["North", "South", "East"])
        let north = s.model.territories[0]
        #expect(north.supportProgramme == .reinforced)
        // Everything else of North is the base's: its population, convergence and readability.
        #expect(north.totalPopulation == 200_000 && north.convergence?.day == 365 && north.readability == 0.7)
        let base = try Scenario.load(file: folder.appendingPathComponent("base.yaml").path)
        #expect(s.model.territories[1].supportProgramme == base.model.territories[1].supportProgramme)
        #expect(base.model.territories[0].supportProgramme != .reinforced && s.model.territories[1].archetype == .desert)
    }

    /// A name written twice in the extending file is not merged twice: the reader refuses it,
    /// where the second one is written.
    @Test func aNameWrittenTwiceIsRefusedWhereItIsWritten() throws {
        _ = try write("base.yaml", Self.base)
        let child = try write("child.yaml", """
            extends: base.yaml
            territories:
              - {name: North, support_programme: reinforced}
              - {name: North, support_programme: strong}
            """)
        #expect {
            _ = try Scenario.load(file: child)
        } throws: { error in
            "\(error)" == "\(child):4: territories[2]: a second territory named \"North\"; names must differ"
        }
    }

    /// A mistake in the changed field points to the extending file's line.
    @Test func aBadValueInAChangedTerritoryPointsToTheExtendingFile() throws {
        _ = try write("base.yaml", Self.base)
        let child = try write("child.yaml", "extends: base.yaml\nterritories:\n  - {name: South, support_programme: huge}\n")
        #expect {
            _ = try Scenario.load(file: child)
        } throws: { error in
            "\(error)".hasPrefix("\(child):3: territories[1].support_programme: expected one of none, light, reinforced, strong")
        }
    }
}
