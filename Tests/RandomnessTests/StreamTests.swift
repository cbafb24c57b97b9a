import CGSL
import Randomness
import Testing

@Suite struct StreamTests {
    func draws(_ stream: RandomStream, _ n: Int = 1000) -> [Double] { (0..<n).map { _ in stream.uniform() } }

    @Test func sameSeedReplicationAndNameGiveTheSameStream() {
        let a = RandomStream(baseSeed: 42, replication: 3, name: "territory/7/arrivals")
        let b = RandomStream(baseSeed: 42, replication: 3, name: "territory/7/arrivals")
        #expect(draws(a) == draws(b))
    }

    @Test func anyChangeOfSeedReplicationOrNameGivesAnotherStream() {
        let base = draws(RandomStream(baseSeed: 42, replication: 3, name: "arrivals"))
        #expect(draws(RandomStream(baseSeed: 43, replication: 3, name: "arrivals")) != base)
        #expect(draws(RandomStream(baseSeed: 42, replication: 4, name: "arrivals")) != base)
        #expect(draws(RandomStream(baseSeed: 42, replication: 3, name: "arrivalt")) != base)
    }

    @Test func derivedSeedsDoNotCollideAcrossManyStreams() {
        var seen = Set<UInt32>()
        for replication in 0..<100 {
            for name in ["arrivals", "service", "patience", "referral", "hazards"] {
                seen.insert(RandomStream.derivedSeed(baseSeed: 1, replication: replication, name: name))
            }
        }
        #expect(seen.count == 500)
    }

    @Test func uniformDrawsLieInTheOpenUnitInterval() {
        let stream = RandomStream(seed: 7)
        #expect(draws(stream, 100_000).allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func gslErrorsAreRecordedInsteadOfAborting() {
        GSL.installErrorHandler()
        // An empty table is an error GSL reports through its handler (the default one aborts).
        let table = gsl_ran_discrete_preproc(0, nil)
        #expect(table == nil)
        let error = GSL.takeError()
        #expect(error.map { Int($0.code) } == GSL_EINVAL)
        #expect(GSL.takeError() == nil)
    }

    @Test func studentTQuantilesMatchPublishedTables() {
        // Two-sided 95% critical values: 12.706 (1 df), 2.228 (10 df), 2.045 (29 df).
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 1) - 12.7062047) < 1e-6)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 10) - 2.2281389) < 1e-6)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 29) - 2.0452296) < 1e-6)
    }

    @Test func confidenceIntervalOfKnownData() {
        let ci = ConfidenceInterval([1, 2, 3, 4, 5], level: 0.95)
        #expect(ci.mean == 3)
        #expect(abs(ci.standardDeviation - 1.5811388) < 1e-6)
        #expect(abs(ci.halfWidth - 2.7764451 * 1.5811388 / 5.0.squareRoot()) < 1e-6)
    }
}
