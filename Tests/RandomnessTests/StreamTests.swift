import CGSL
@testable import Randomness
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

    /// A million streams named as the care model names them (5 purposes for each of the
    /// national scenario's 101 territories, 100 replications, 20 base seeds, as a sweep or a
    /// series of experiments uses): no two draw the same first two 32-bit numbers. With 32-bit
    /// seeds about 119 pairs of them would have been identical.
    @Test func aMillionStreamsOfAnExperimentAllDrawDifferentNumbers() {
        let purposes = ["demand", "attributes", "care", "life", "staff"]
        let names = (0..<101).flatMap { t in purposes.map { "territory/\(t)/\($0)" } }
        var firstDraws = Set<UInt64>(minimumCapacity: 1_010_000)
        var streams = 0
        for baseSeed: UInt64 in 1...20 {
            for replication in 0..<100 {
                for name in names {
                    let stream = RandomStream(baseSeed: baseSeed, replication: replication, name: name)
                    // uniform() is a 32-bit output divided by 2^32, so this recovers the outputs.
                    let first = UInt64(stream.uniform() * 0x1_0000_0000), second = UInt64(stream.uniform() * 0x1_0000_0000)
                    firstDraws.insert(first << 32 | second)
                    streams += 1
                }
            }
        }
        #expect(streams == 1_010_000)
        #expect(firstDraws.count == streams)
    }

    @Test func theKeyFillsTheWholeStateSoKeysApartIn32BitsDiffer() {
        // Keys equal in their low 32 bits (GSL's seed would have kept only those) give other streams.
        let a = RandomStream(key: 5), b = RandomStream(key: 5 | 1 << 32)
        #expect(draws(a) != draws(b))
        #expect(draws(RandomStream(key: 5), 10) == draws(RandomStream(key: 5), 10))
    }

    @Test func uniformDrawsLieInTheOpenUnitInterval() {
        let stream = RandomStream(key: 7)
        #expect(draws(stream, 100_000).allSatisfy { $0 > 0 && $0 < 1 })
    }

    /// `uniform` draws from the generator's state itself: the numbers `gsl_rng_uniform_pos` gives,
    /// in one sequence with GSL's own samplers, across many refills of the state's 624 words.
    @Test func uniformDrawsWhatGSLDrawsInOneSequenceWithItsSamplers() {
        let ours = RandomStream(key: 9), theirs = RandomStream(key: 9)
        var a: [Double] = [], b: [Double] = []
        for i in 0..<20_000 {
            if i % 7 == 0 {
                a.append(gsl_ran_exponential(ours.rng, 2))
                b.append(gsl_ran_exponential(theirs.rng, 2))
            } else {
                a.append(ours.uniform())
                b.append(gsl_rng_uniform_pos(theirs.rng))
            }
        }
        #expect(a == b)
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
