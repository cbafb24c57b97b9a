import Engine
import QueueingTheory
import Randomness
import ReferenceQueue
import TestSupport
import Testing

/// The engine against queueing theory: each model runs independent replications (after a
/// warm-up) and the theoretical value must lie in the replications' confidence interval.
@Suite struct QueueingVerificationTests {
    static let replications = 20

    func observe(_ model: SingleStation, seed: UInt64 = 2026) -> [SingleStation.Observation] {
        (0..<Self.replications).map { model.run(seed: seed, replication: $0) }
    }

    func check(_ values: [Double], _ expected: Double, _ label: String) {
        let result = interval(values, contains: expected, label)
        #expect(result.ok, "\(result.message)")
    }

    /// Warm-up and run length in multiples of the M/M/c relaxation time 1 / (c mu (1 - sqrt rho)^2),
    /// and long enough for about 1,000 customers to wait in each replication: where waiting is
    /// rare (many servers, light load) a shorter run's mean wait is mostly zeros and a few
    /// outliers, too skewed across replications for a t interval.
    func mmc(servers c: Int, utilisation rho: Double, service: Distribution? = nil) -> SingleStation {
        let relaxation = 1 / (Double(c) * (1 - rho.squareRoot()) * (1 - rho.squareRoot()))
        let waiting = Erlang.C(servers: c, arrivalRate: rho * Double(c), serviceRate: 1).probabilityOfWaiting * rho * Double(c)
        return SingleStation(servers: c, arrivalRate: rho * Double(c), service: service ?? (try! .exponential(rate: 1)),
                             warmUp: 20 * relaxation, horizon: 20 * relaxation + max(100 * relaxation, 1000 / waiting))
    }

    @Test(arguments: [1, 5, 20], [0.5, 0.8, 0.95])
    func mmcMatchesErlangC(servers: Int, utilisation: Double) {
        let theory = Erlang.C(servers: servers, arrivalRate: utilisation * Double(servers), serviceRate: 1)
        let runs = observe(mmc(servers: servers, utilisation: utilisation))
        let label = "M/M/\(servers) at rho \(utilisation)"
        check(runs.map(\.pool.waits.mean), theory.meanWait, "\(label) mean wait")
        check(runs.map { 1 - Double($0.pool.admittedAtOnce) / Double($0.pool.requests) }, theory.probabilityOfWaiting,
              "\(label) P(wait)")
        check(runs.map { $0.meanBusy / Double(servers) }, theory.utilisation, "\(label) utilisation")
        check(runs.map(\.meanQueueLength), theory.meanQueueLength, "\(label) mean queue length")
        if theory.probabilityOfWaiting > 0.2 {
            check(runs.map { $0.pool.waitQuantiles!.quantile(0.9)! }, theory.waitQuantile(0.9), "\(label) p90 wait")
        }
    }

    /// The check above has power: with deterministic service (M/D/c) waits are about half as
    /// long, and Erlang C falls far outside the interval.
    @Test func erlangCRejectsAWrongServiceDistribution() {
        let theory = Erlang.C(servers: 5, arrivalRate: 4, serviceRate: 1)
        let runs = observe(mmc(servers: 5, utilisation: 0.8, service: try! .deterministic(1)))
        #expect(!interval(runs.map(\.pool.waits.mean), contains: theory.meanWait, "M/D/5").ok)
    }

    @Test(arguments: [(5, 4.0), (20, 18.0)], ["lognormal", "deterministic"])
    func mgccMatchesErlangB(system: (servers: Int, load: Double), service: String) throws {
        let (servers, load) = system
        let distribution = service == "lognormal" ? try Distribution.lognormal(mean: 1, sd: 2) : try .deterministic(1)
        let model = SingleStation(servers: servers, arrivalRate: load, service: distribution,
                                  waitListCap: 0, warmUp: 50, horizon: 50 + 10_000)
        let runs = observe(model)
        check(runs.map { Double($0.pool.turnedAway) / Double($0.pool.requests) }, Erlang.b(servers: servers, load: load),
              "M/G/\(servers)/\(servers) \(service) blocking")
        #expect(runs.allSatisfy { $0.pool.waits.max == 0 })
    }

    @Test(arguments: [(5, 6.0, 0.5), (20, 18.0, 2.0)])
    func mmcPlusMMatchesErlangA(servers: Int, arrivalRate: Double, abandonmentRate: Double) throws {
        let theory = Erlang.A(servers: servers, arrivalRate: arrivalRate, serviceRate: 1, abandonmentRate: abandonmentRate)
        let model = SingleStation(servers: servers, arrivalRate: arrivalRate, service: try .exponential(rate: 1),
                                  patience: try .exponential(rate: abandonmentRate), warmUp: 100, horizon: 100 + 10_000)
        let runs = observe(model)
        let label = "M/M/\(servers)+M at lambda \(arrivalRate)"
        check(runs.map { Double($0.pool.abandoned) / Double($0.pool.requests) }, theory.probabilityOfAbandonment,
              "\(label) P(abandon)")
        check(runs.map { ($0.pool.waits.sum + $0.pool.abandonedWaits.sum) / Double($0.pool.admitted + $0.pool.abandoned) },
              theory.meanWait, "\(label) mean wait")
        check(runs.map(\.meanQueueLength), theory.meanQueueLength, "\(label) mean queue length")
        check(runs.map { 1 - Double($0.pool.admittedAtOnce) / Double($0.pool.requests) }, theory.probabilityOfWaiting,
              "\(label) P(wait)")
    }

    /// Waits cut short by abandonment (censored), against Erlang A's closed form: of those who
    /// waited, the share whose wait ended, served or abandoned, within t; and the Kaplan-Meier
    /// estimate of the wait they would have had with infinite patience, which abandonment censors
    /// and the care model's wait means and quantiles rest on. Each within 3 standard errors of the
    /// replications' mean.
    @Test(arguments: [(5, 6.0, 0.5, 0.5), (20, 18.0, 2.0, 0.1)])
    func censoredWaitsMatchErlangA(servers: Int, arrivalRate: Double, abandonmentRate: Double, t: Double) throws {
        let theory = Erlang.A(servers: servers, arrivalRate: arrivalRate, serviceRate: 1, abandonmentRate: abandonmentRate)
            .waitsOfThoseWhoWait(upTo: t)
        var model = SingleStation(servers: servers, arrivalRate: arrivalRate, service: try .exponential(rate: 1),
                                  patience: try .exponential(rate: abandonmentRate), warmUp: 100, horizon: 100 + 10_000)
        model.recordsWaits = true
        let waits = observe(model).map { $0.waits! }
        #expect(waits.allSatisfy { $0.censored.count > 1000 && $0.ended.count > 1000 })
        let label = "M/M/\(servers)+M at lambda \(arrivalRate), t = \(t)"
        for (values, expected, what) in [(waits.map { $0.share(within: t) }, theory.endedWithin, "share of waits ended within t"),
                                         (waits.map { $0.kaplanMeier().survival(at: t) }, theory.virtualExceeds,
                                          "Kaplan-Meier P(virtual wait > t)")] {
            let ci = ConfidenceInterval(values)
            let se = ci.standardDeviation / Double(values.count).squareRoot()
            #expect(abs(ci.mean - expected) <= 3 * se, "\(label) \(what): \(ci.mean) (SE \(se)), theory \(expected)")
        }
        // Without the censoring, the admitted waits alone give another answer: the check can fail.
        let admittedOnly = waits.map { Double($0.ended.count(atMost: t)) / Double($0.ended.count) }
        #expect(abs(admittedOnly.reduce(0, +) / Double(admittedOnly.count) - theory.endedWithin) > 0.01)
    }

    @Test(arguments: ["lognormal", "deterministic"])
    func mgInfinityIsPoisson(service: String) throws {
        let distribution = service == "lognormal" ? try Distribution.lognormal(mean: 3, sd: 2) : try .deterministic(3)
        let model = SingleStation(servers: 1_000_000, arrivalRate: 10, service: distribution, warmUp: 50, horizon: 50 + 5_000)
        let runs = observe(model)
        let mean = Erlang.infiniteServerMean(arrivalRate: 10, meanService: 3)
        check(runs.map(\.meanBusy), mean, "M/G/inf \(service) mean in service")
        check(runs.map { $0.pool.occupied.variance(at: $0.end) }, mean, "M/G/inf \(service) variance in service")
    }

    /// Little's law, L = lambda W, on the engine's own outputs: it holds path by path up to the
    /// people present at the window's edges, whose contributions cancel on average.
    @Test(arguments: [(5, 0.9), (1, 0.8)])
    func littlesLawHoldsOnTheEnginesOutputs(servers: Int, utilisation: Double) {
        let runs = observe(mmc(servers: servers, utilisation: utilisation))
        check(runs.map { $0.meanQueueLength - Double($0.pool.admitted) / $0.span * $0.pool.waits.mean }, 0,
              "L - lambda W for the queue")
        check(runs.map { $0.meanBusy - Double($0.pool.admitted) / $0.span * $0.serviceTimes.mean }, 0,
              "L - lambda W for those in service")
    }

    @Test func theSameSeedGivesTheSameRunAndAnotherSeedAnother() {
        let model = mmc(servers: 5, utilisation: 0.8)
        let a = model.run(seed: 9, replication: 0), b = model.run(seed: 9, replication: 0)
        let c = model.run(seed: 10, replication: 0)
        #expect(a.pool.waits == b.pool.waits && a.events == b.events && a.meanQueueLength == b.meanQueueLength)
        #expect(a.pool.waits != c.pool.waits)
    }
}
