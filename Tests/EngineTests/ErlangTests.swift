import QueueingTheory
import Testing

/// The formulas themselves, against values computed independently (published tables, or the
/// closed forms evaluated by hand), before the engine is checked against them.
@Suite struct ErlangTests {
    @Test func erlangBMatchesTables() {
        #expect(abs(Erlang.b(servers: 10, load: 5) - 0.0183846) < 1e-6)
        #expect(abs(Erlang.b(servers: 1, load: 1) - 0.5) < 1e-12)
        #expect(abs(Erlang.b(servers: 2, load: 1) - 0.2) < 1e-12)  // (1/2) / (1 + 1 + 1/2)
    }

    @Test func erlangCMatchesTheBenchmarkQueue() {
        let q = Erlang.C(servers: 10, arrivalRate: 9, serviceRate: 1)
        #expect(abs(q.meanWait - 0.668732) < 1e-5)
        #expect(abs(q.probabilityOfWaiting - 0.668732) < 1e-5)  // C / (c mu - lambda) with c mu - lambda = 1
        let mm1 = Erlang.C(servers: 1, arrivalRate: 0.8, serviceRate: 1)
        #expect(abs(mm1.probabilityOfWaiting - 0.8) < 1e-12)
        #expect(abs(mm1.meanWait - 4) < 1e-12)                  // rho / (mu - lambda)
        #expect(abs(mm1.waitQuantile(0.9) - 5 * log(8)) < 1e-9)
    }

    @Test func erlangAReducesToErlangCWhenPatienceIsEndless() {
        let a = Erlang.A(servers: 5, arrivalRate: 4, serviceRate: 1, abandonmentRate: 1e-9)
        let c = Erlang.C(servers: 5, arrivalRate: 4, serviceRate: 1)
        #expect(abs(a.probabilityOfWaiting - c.probabilityOfWaiting) < 1e-6)
        #expect(abs(a.meanQueueLength - c.meanQueueLength) < 1e-5)
    }

    @Test func erlangAWithPatienceEqualToServiceIsInfiniteServer() {
        // With theta = mu every one present leaves at rate mu: the number present is Poisson(lambda / mu).
        let a = Erlang.A(servers: 3, arrivalRate: 6, serviceRate: 1, abandonmentRate: 1)
        #expect(abs(a.meanBusy + a.meanQueueLength - 6) < 1e-9)
    }

    @Test func erlangAHandlesLargeLoads() {
        let a = Erlang.A(servers: 800, arrivalRate: 760, serviceRate: 1, abandonmentRate: 1)
        #expect(a.probabilityOfAbandonment >= 0 && a.probabilityOfAbandonment < 0.05)
        #expect(abs(a.distribution.reduce(0, +) - 1) < 1e-9)
    }
}

import Foundation
