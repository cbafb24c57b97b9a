import Reporting
import Testing

@Suite struct BaselineTests {
    let header = "territory,metric,mean,sd,ci_low,ci_high,replications"
    func record(_ rows: [String]) -> Baseline {
        Baseline(version: "1", seed: 1, replications: 10, scenarioHash: "x", summary: ([header] + rows).joined(separator: "\n") + "\n")
    }

    @Test func identicalModeFlagsAnyChangeOfValue() {
        let old = record(["T,wait,10,2,8.5,11.5,10", "T,cost,5,0,5,5,10"])
        #expect(old.drifts(from: old.summary, identical: true).isEmpty)
        let drifts = old.drifts(from: record(["T,wait,10.000001,2,8.5,11.5,10", "T,cost,5,0,5,5,10"]).summary, identical: true)
        #expect(drifts.map(\.metric) == ["wait"])
    }

    /// Across versions, a difference within the Welch interval (Bonferroni over the metrics) passes,
    /// one far outside it fails, and a metric that appeared or vanished is reported.
    @Test func acrossVersionsDifferencesAreJudgedByTheirInterval() {
        let old = record(["T,wait,10,2,8.5,11.5,10", "T,cost,5,0,5,5,10", "T,gone,1,0,1,1,10"])
        let now = record(["T,wait,11.5,2,10,13,10", "T,cost,5,0,5,5,10", "T,new,1,0,1,1,10"]).summary
        // sd 2 on both sides, n = 10: se = 0.894; two metrics compared, so t at 1 - 0.05/4 with 18 df
        // (2.45) allows ±2.2: 1.5 passes, 4 does not.
        #expect(old.drifts(from: now, identical: false).map(\.metric) == ["gone", "new"])
        let shifted = record(["T,wait,14,2,12.5,15.5,10", "T,cost,5,0,5,5,10", "T,gone,1,0,1,1,10"]).summary
        #expect(old.drifts(from: shifted, identical: false).map(\.metric) == ["wait"])
    }

    /// A baseline of another version is compared within intervals and said to be one, drift or
    /// not; the same version is compared value for value and needs no note.
    @Test func aBaselineOfAnotherVersionIsReportedAsSuch() {
        let old = Baseline(version: "0.2.0", seed: 7, replications: 10, scenarioHash: "x", summary: record([]).summary)
        let now = Baseline(version: "0.3.0", seed: 7, replications: 10, scenarioHash: "x", summary: record([]).summary)
        #expect(!old.isIdenticalCheck(version: now.version) && now.isIdenticalCheck(version: "0.3.0"))
        let notes = old.notes(checking: now, scenarioSeed: 7)
        #expect(notes.count == 1)
        #expect(notes.first?.contains("written by dacsim 0.2.0 and this is dacsim 0.3.0") == true)
        #expect(notes.first?.contains("not value for value") == true)
        #expect(now.notes(checking: now, scenarioSeed: 7).isEmpty)
        // A scenario whose seed moved is checked with the baseline's seed, and told so.
        #expect(now.notes(checking: now, scenarioSeed: 8) == [
            "note: the baseline was written with seed 7 and the scenario's run.seed is now 8: the check runs with the baseline's seed",
        ])
    }
}
