import Randomness
import TestSupport
import Testing

/// Each sampler against its closed forms: the mean, the variance and P(X <= x) at a point
/// (the 0.9-quantile where it exists), estimated on independent batches of draws and compared
/// through the batches' confidence interval.
@Suite struct DistributionTests {
    static let cases: [(String, Distribution, Double?)] = [
        ("deterministic", try! .deterministic(2.5), nil),
        ("exponential", try! .exponential(mean: 3), nil),
        ("gamma", try! .gamma(shape: 2.5, scale: 1.5), nil),
        ("erlang", try! .erlang(phases: 3, mean: 6), nil),
        ("lognormal mu/sigma", try! .lognormal(mu: 0.5, sigma: 0.6), nil),
        ("lognormal mean/sd", try! .lognormal(mean: 10, sd: 15), nil),
        ("weibull", try! .weibull(shape: 1.7, scale: 4), nil),
        ("beta", try! .beta(alpha: 2, beta: 5), nil),
        ("normal", try! .normal(mean: -1, sd: 2), nil),
        ("truncated normal, two-sided", try! .truncatedNormal(mean: 5, sd: 3, lower: 2, upper: 12), nil),
        ("truncated normal, far tail", try! .truncatedNormal(mean: 0, sd: 1, lower: 3), nil),
        ("truncated normal, 7 sd tail", try! .truncatedNormal(mean: 10, sd: 2, lower: 24), nil),
        ("uniform", try! .uniform(lower: 2, upper: 7), nil),
        ("triangular", try! .triangular(lower: 1, mode: 2, upper: 6), nil),
        ("poisson", try! .poisson(mean: 4.2), 6),
        ("binomial", try! .binomial(trials: 20, p: 0.3), 7),
        ("negative binomial", try! .negativeBinomial(successes: 3, p: 0.4), 5),
        ("bernoulli", try! .bernoulli(p: 0.3), 0),
        ("discrete", try! .discrete(values: [1, 2, 5, 10], probabilities: [0.1, 0.4, 0.3, 0.2]), 2),
    ]

    @Test(arguments: 0..<cases.count)
    func samplerMatchesClosedForms(index: Int) {
        let (name, distribution, discretePoint) = Self.cases[index]
        let point = discretePoint ?? distribution.quantile(0.9)!
        let expectedShare = distribution.cdf(point)
        let stream = RandomStream(baseSeed: 2026, replication: index, name: name)
        var means: [Double] = [], variances: [Double] = [], shares: [Double] = []
        for _ in 0..<30 {
            let xs = (0..<10_000).map { _ in distribution.sample(stream) }
            let m = xs.reduce(0, +) / Double(xs.count)
            means.append(m)
            variances.append(xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1))
            shares.append(Double(xs.filter { $0 <= point }.count) / Double(xs.count))
        }
        if distribution.variance == 0 {
            #expect(means.allSatisfy { $0 == distribution.mean })
            #expect(variances.allSatisfy { $0 == 0 })
            return
        }
        for (values, expected, label) in [(means, distribution.mean, "mean"),
                                          (variances, distribution.variance, "variance"),
                                          (shares, expectedShare, "P(X <= \(point))")] {
            let check = interval(values, contains: expected, "\(name) \(label)")
            #expect(check.ok, "\(check.message)")
        }
    }

    /// The quantile is the CDF's inverse; the sampler test above takes it for granted.
    @Test(arguments: 0..<cases.count)
    func quantileInvertsTheCDF(index: Int) {
        let (name, distribution, _) = Self.cases[index]
        guard distribution.variance > 0, distribution.quantile(0.5) != nil else { return }
        for p in [0.1, 0.5, 0.9] {
            let x = distribution.quantile(p)!
            #expect(abs(distribution.cdf(x) - p) < 1e-9, "\(name): cdf(quantile(\(p))) = \(distribution.cdf(x))")
        }
    }

    @Test func truncatedNormalStaysWithinItsBounds() throws {
        let d = try Distribution.truncatedNormal(mean: 0, sd: 1, lower: 3, upper: 3.5)
        let stream = RandomStream(key: 11)
        #expect((0..<10_000).allSatisfy { _ in (3...3.5).contains(d.sample(stream)) })
    }

    @Test func lognormalByMeanAndSdHasThatMeanAndSd() throws {
        let d = try Distribution.lognormal(mean: 10, sd: 15)
        #expect(abs(d.mean - 10) < 1e-9)
        #expect(abs(d.variance.squareRoot() - 15) < 1e-9)
    }

    @Test func impossibleParametersAreRejectedWithAClearMessage() {
        let cases: [(() throws -> Distribution, String)] = [
            ({ try .exponential(rate: -1) }, "exponential: rate must be > 0 (got -1.0)"),
            ({ try .exponential(mean: 0) }, "exponential: mean must be > 0 (got 0.0)"),
            ({ try .lognormal(mu: 0, sigma: 0) }, "lognormal: sigma must be > 0 (got 0.0)"),
            ({ try .gamma(shape: -2, scale: 1) }, "gamma: shape must be > 0 (got -2.0)"),
            ({ try .uniform(lower: 3, upper: 1) }, "uniform: need finite lower < upper (got 3.0 and 1.0)"),
            ({ try .triangular(lower: 0, mode: 5, upper: 4) }, "triangular: mode must lie in [lower, upper] (got 5.0)"),
            ({ try .bernoulli(p: 1.5) }, "bernoulli: p must lie in [0, 1] (got 1.5)"),
            ({ try .binomial(trials: 0, p: 0.5) }, "binomial: trials must be >= 1 (got 0)"),
            ({ try .negativeBinomial(successes: 2, p: 0) }, "negative binomial: p must lie in (0, 1] (got 0.0)"),
            ({ try .erlang(phases: 0, mean: 1) }, "erlang: phases must be an integer >= 1 (got 0)"),
            ({ try .truncatedNormal(mean: 0, sd: 1, lower: 40, upper: 41) },
             "truncated normal: [40.0, 41.0] holds almost no probability for mean 0.0 and sd 1.0"),
            ({ try .discrete(values: [1, 2], probabilities: [0.5, 0.6]) },
             "discrete: probabilities must sum to 1 (they sum to 1.1)"),
            ({ try .discrete(values: [1, 2], probabilities: [1.5, -0.5]) },
             "discrete: probabilities must be >= 0 (got [1.5, -0.5])"),
            ({ try .discrete(values: [1, 2, 3], probabilities: [0.5, 0.5]) },
             "discrete: need as many probabilities as values, at least one (got 3 values and 2 probabilities)"),
        ]
        for (make, message) in cases {
            #expect(throws: DistributionError(message)) { try make() }
        }
    }
}
