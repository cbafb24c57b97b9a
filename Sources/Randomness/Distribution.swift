import CGSL
import Foundation

/// A parameter that makes a distribution impossible, with what was expected.
public struct DistributionError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A probability distribution drawn by GSL, built only from valid parameters.
///
/// Every constructor checks its parameters and throws a `DistributionError` naming the
/// distribution, the parameter and the expected range. `mean`, `variance`, `cdf` and `quantile`
/// are the closed forms (used by tests and by queueing formulas such as Erlang B's E[S]).
public struct Distribution: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case deterministic(value: Double)
        case exponential(mean: Double)
        case gamma(shape: Double, scale: Double)
        case lognormal(mu: Double, sigma: Double)
        case weibull(shape: Double, scale: Double)
        case beta(alpha: Double, beta: Double)
        case normal(mean: Double, sd: Double)
        case truncatedNormal(mean: Double, sd: Double, lower: Double, upper: Double)
        case uniform(lower: Double, upper: Double)
        case triangular(lower: Double, mode: Double, upper: Double)
        case poisson(mean: Double)
        case binomial(trials: Int, p: Double)
        case negativeBinomial(successes: Double, p: Double)
        case bernoulli(p: Double)
        case discrete(DiscreteTable)
    }

    public let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    // MARK: Constructors, each validating its parameters

    public static func deterministic(_ value: Double) throws -> Distribution {
        try require(value.isFinite, "deterministic: value must be finite (got \(value))")
        return Distribution(.deterministic(value: value))
    }

    public static func exponential(mean: Double) throws -> Distribution {
        try require(mean > 0 && mean.isFinite, "exponential: mean must be > 0 (got \(mean))")
        return Distribution(.exponential(mean: mean))
    }

    public static func exponential(rate: Double) throws -> Distribution {
        try require(rate > 0 && rate.isFinite, "exponential: rate must be > 0 (got \(rate))")
        return Distribution(.exponential(mean: 1 / rate))
    }

    public static func gamma(shape: Double, scale: Double) throws -> Distribution {
        try require(shape > 0 && shape.isFinite, "gamma: shape must be > 0 (got \(shape))")
        try require(scale > 0 && scale.isFinite, "gamma: scale must be > 0 (got \(scale))")
        return Distribution(.gamma(shape: shape, scale: scale))
    }

    /// Erlang-k with the given mean: the sum of k exponential phases.
    public static func erlang(phases k: Int, mean: Double) throws -> Distribution {
        try require(k >= 1, "erlang: phases must be an integer >= 1 (got \(k))")
        try require(mean > 0 && mean.isFinite, "erlang: mean must be > 0 (got \(mean))")
        return Distribution(.gamma(shape: Double(k), scale: mean / Double(k)))
    }

    public static func lognormal(mu: Double, sigma: Double) throws -> Distribution {
        try require(mu.isFinite, "lognormal: mu must be finite (got \(mu))")
        try require(sigma > 0 && sigma.isFinite, "lognormal: sigma must be > 0 (got \(sigma))")
        return Distribution(.lognormal(mu: mu, sigma: sigma))
    }

    /// The lognormal whose own mean and standard deviation (not its logarithm's) are given.
    public static func lognormal(mean: Double, sd: Double) throws -> Distribution {
        try require(mean > 0 && mean.isFinite, "lognormal: mean must be > 0 (got \(mean))")
        try require(sd > 0 && sd.isFinite, "lognormal: sd must be > 0 (got \(sd))")
        let sigma2 = log1p((sd / mean) * (sd / mean))
        return Distribution(.lognormal(mu: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot()))
    }

    public static func weibull(shape: Double, scale: Double) throws -> Distribution {
        try require(shape > 0 && shape.isFinite, "weibull: shape must be > 0 (got \(shape))")
        try require(scale > 0 && scale.isFinite, "weibull: scale must be > 0 (got \(scale))")
        return Distribution(.weibull(shape: shape, scale: scale))
    }

    public static func beta(alpha: Double, beta: Double) throws -> Distribution {
        try require(alpha > 0 && alpha.isFinite, "beta: alpha must be > 0 (got \(alpha))")
        try require(beta > 0 && beta.isFinite, "beta: beta must be > 0 (got \(beta))")
        return Distribution(.beta(alpha: alpha, beta: beta))
    }

    public static func normal(mean: Double, sd: Double) throws -> Distribution {
        try require(mean.isFinite, "normal: mean must be finite (got \(mean))")
        try require(sd > 0 && sd.isFinite, "normal: sd must be > 0 (got \(sd))")
        return Distribution(.normal(mean: mean, sd: sd))
    }

    /// The normal distribution conditioned on `lower <= x <= upper` (either bound may be infinite).
    public static func truncatedNormal(mean: Double, sd: Double, lower: Double = -.infinity, upper: Double = .infinity) throws -> Distribution {
        try require(mean.isFinite, "truncated normal: mean must be finite (got \(mean))")
        try require(sd > 0 && sd.isFinite, "truncated normal: sd must be > 0 (got \(sd))")
        try require(lower < upper, "truncated normal: lower must be < upper (got \(lower) and \(upper))")
        let mass = truncatedMass(alpha: (lower - mean) / sd, beta: (upper - mean) / sd)
        try require(mass > 1e-12, "truncated normal: [\(lower), \(upper)] holds almost no probability for mean \(mean) and sd \(sd)")
        return Distribution(.truncatedNormal(mean: mean, sd: sd, lower: lower, upper: upper))
    }

    public static func uniform(lower: Double, upper: Double) throws -> Distribution {
        try require(lower.isFinite && upper.isFinite && lower < upper, "uniform: need finite lower < upper (got \(lower) and \(upper))")
        return Distribution(.uniform(lower: lower, upper: upper))
    }

    public static func triangular(lower: Double, mode: Double, upper: Double) throws -> Distribution {
        try require(lower.isFinite && upper.isFinite && lower < upper, "triangular: need finite lower < upper (got \(lower) and \(upper))")
        try require(lower <= mode && mode <= upper, "triangular: mode must lie in [lower, upper] (got \(mode))")
        return Distribution(.triangular(lower: lower, mode: mode, upper: upper))
    }

    public static func poisson(mean: Double) throws -> Distribution {
        try require(mean > 0 && mean.isFinite, "poisson: mean must be > 0 (got \(mean))")
        return Distribution(.poisson(mean: mean))
    }

    public static func binomial(trials: Int, p: Double) throws -> Distribution {
        try require(trials >= 1 && trials <= Int(UInt32.max), "binomial: trials must be >= 1 (got \(trials))")
        try require(p >= 0 && p <= 1, "binomial: p must lie in [0, 1] (got \(p))")
        return Distribution(.binomial(trials: trials, p: p))
    }

    /// The number of failures before `successes` successes, each trial succeeding with probability `p`.
    public static func negativeBinomial(successes: Double, p: Double) throws -> Distribution {
        try require(successes > 0 && successes.isFinite, "negative binomial: successes must be > 0 (got \(successes))")
        try require(p > 0 && p <= 1, "negative binomial: p must lie in (0, 1] (got \(p))")
        return Distribution(.negativeBinomial(successes: successes, p: p))
    }

    public static func bernoulli(p: Double) throws -> Distribution {
        try require(p >= 0 && p <= 1, "bernoulli: p must lie in [0, 1] (got \(p))")
        return Distribution(.bernoulli(p: p))
    }

    /// An empirical distribution over `values`, drawn by GSL's Walker alias table.
    public static func discrete(values: [Double], probabilities: [Double]) throws -> Distribution {
        Distribution(.discrete(try DiscreteTable(values: values, probabilities: probabilities)))
    }

    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw DistributionError(message()) }
    }

    // MARK: Sampling

    @inlinable
    public func sample(_ stream: RandomStream) -> Double { sample(stream.generator) }

    @inlinable
    public func sample(_ stream: RandomStream.Generator) -> Double {
        let r = stream.rng
        switch kind {
        case .deterministic(let v): return v
        case .exponential(let mean): return gsl_ran_exponential(r, mean)
        case .gamma(let shape, let scale): return gsl_ran_gamma(r, shape, scale)
        case .lognormal(let mu, let sigma): return gsl_ran_lognormal(r, mu, sigma)
        case .weibull(let shape, let scale): return gsl_ran_weibull(r, scale, shape)
        case .beta(let a, let b): return gsl_ran_beta(r, a, b)
        case .normal(let mean, let sd): return mean + gsl_ran_gaussian_ziggurat(r, sd)
        case .truncatedNormal(let mean, let sd, let lower, let upper):
            return Distribution.truncatedNormalDraw(stream.uniform(), mean: mean, sd: sd, lower: lower, upper: upper)
        case .uniform(let lower, let upper): return gsl_ran_flat(r, lower, upper)
        case .triangular(let lower, let mode, let upper):
            return Distribution.triangularQuantile(stream.uniform(), lower: lower, mode: mode, upper: upper)
        case .poisson(let mean): return Double(gsl_ran_poisson(r, mean))
        case .binomial(let n, let p): return Double(gsl_ran_binomial(r, p, UInt32(n)))
        case .negativeBinomial(let n, let p): return Double(gsl_ran_negative_binomial(r, p, n))
        case .bernoulli(let p): return Double(gsl_ran_bernoulli(r, p))
        case .discrete(let table): return table.values[gsl_ran_discrete(r, table.table)]
        }
    }

    /// Inverse transform on the side of the mean farther from the bounds, where the normal
    /// tail functions keep their precision.
    @usableFromInline
    static func truncatedNormalDraw(_ u: Double, mean: Double, sd: Double, lower: Double, upper: Double) -> Double {
        let a = lower - mean, b = upper - mean
        if a > 0 {
            let qa = gsl_cdf_gaussian_Q(a, sd), qb = gsl_cdf_gaussian_Q(b, sd)
            return mean + gsl_cdf_gaussian_Qinv(qa - u * (qa - qb), sd)
        }
        let pa = gsl_cdf_gaussian_P(a, sd), pb = gsl_cdf_gaussian_P(b, sd)
        return mean + gsl_cdf_gaussian_Pinv(pa + u * (pb - pa), sd)
    }

    @usableFromInline
    static func triangularQuantile(_ u: Double, lower a: Double, mode c: Double, upper b: Double) -> Double {
        let split = (c - a) / (b - a)
        return u < split ? a + ((b - a) * (c - a) * u).squareRoot()
                         : b - ((b - a) * (b - c) * (1 - u)).squareRoot()
    }

    // MARK: Closed forms

    public var mean: Double {
        switch kind {
        case .deterministic(let v): return v
        case .exponential(let mean): return mean
        case .gamma(let k, let s): return k * s
        case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
        case .weibull(let k, let s): return s * tgamma(1 + 1 / k)
        case .beta(let a, let b): return a / (a + b)
        case .normal(let m, _): return m
        case .truncatedNormal(let m, let sd, let lo, let hi):
            let (alpha, beta, z) = Distribution.standardized(m, sd, lo, hi)
            return m + sd * (gsl_ran_ugaussian_pdf(alpha) - gsl_ran_ugaussian_pdf(beta)) / z
        case .uniform(let lo, let hi): return (lo + hi) / 2
        case .triangular(let a, let c, let b): return (a + b + c) / 3
        case .poisson(let mean): return mean
        case .binomial(let n, let p): return Double(n) * p
        case .negativeBinomial(let n, let p): return n * (1 - p) / p
        case .bernoulli(let p): return p
        case .discrete(let t): return zip(t.values, t.probabilities).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }

    public var variance: Double {
        switch kind {
        case .deterministic: return 0
        case .exponential(let mean): return mean * mean
        case .gamma(let k, let s): return k * s * s
        case .lognormal(let mu, let sigma): return expm1(sigma * sigma) * exp(2 * mu + sigma * sigma)
        case .weibull(let k, let s):
            let g1: Double = tgamma(1 + 1 / k)
            let g2: Double = tgamma(1 + 2 / k)
            return s * s * (g2 - g1 * g1)
        case .beta(let a, let b): return a * b / ((a + b) * (a + b) * (a + b + 1))
        case .normal(_, let sd): return sd * sd
        case .truncatedNormal(let m, let sd, let lo, let hi):
            let (alpha, beta, z) = Distribution.standardized(m, sd, lo, hi)
            let pa = gsl_ran_ugaussian_pdf(alpha), pb = gsl_ran_ugaussian_pdf(beta)
            let ta = alpha.isFinite ? alpha * pa : 0, tb = beta.isFinite ? beta * pb : 0
            let d = (pa - pb) / z
            return sd * sd * (1 + (ta - tb) / z - d * d)
        case .uniform(let lo, let hi): return (hi - lo) * (hi - lo) / 12
        case .triangular(let a, let c, let b): return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .poisson(let mean): return mean
        case .binomial(let n, let p): return Double(n) * p * (1 - p)
        case .negativeBinomial(let n, let p): return n * (1 - p) / (p * p)
        case .bernoulli(let p): return p * (1 - p)
        case .discrete(let t):
            let m = mean
            return zip(t.values, t.probabilities).reduce(0) { $0 + ($1.0 - m) * ($1.0 - m) * $1.1 }
        }
    }

    /// P(X <= x).
    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        switch kind {
        case .deterministic(let v): return x >= v ? 1 : 0
        case .exponential(let mean): return gsl_cdf_exponential_P(x, mean)
        case .gamma(let k, let s): return gsl_cdf_gamma_P(x, k, s)
        case .lognormal(let mu, let sigma): return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, mu, sigma)
        case .weibull(let k, let s): return x <= 0 ? 0 : gsl_cdf_weibull_P(x, s, k)
        case .beta(let a, let b): return gsl_cdf_beta_P(x, a, b)
        case .normal(let m, let sd): return gsl_cdf_gaussian_P(x - m, sd)
        case .truncatedNormal(let m, let sd, let lo, let hi):
            if x <= lo { return 0 }
            if x >= hi { return 1 }
            let alpha = (lo - m) / sd
            return Distribution.truncatedMass(alpha: alpha, beta: (x - m) / sd)
                / Distribution.truncatedMass(alpha: alpha, beta: (hi - m) / sd)
        case .uniform(let lo, let hi): return gsl_cdf_flat_P(x, lo, hi)
        case .triangular(let a, let c, let b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            return x <= c ? (x - a) * (x - a) / ((b - a) * (c - a)) : 1 - (b - x) * (b - x) / ((b - a) * (b - c))
        case .poisson(let mean): return x < 0 ? 0 : gsl_cdf_poisson_P(UInt32(min(x, 4e9).rounded(.down)), mean)
        case .binomial(let n, let p): return x < 0 ? 0 : gsl_cdf_binomial_P(UInt32(min(x, Double(n)).rounded(.down)), p, UInt32(n))
        case .negativeBinomial(let n, let p): return x < 0 ? 0 : gsl_cdf_negative_binomial_P(UInt32(min(x, 4e9).rounded(.down)), p, n)
        case .bernoulli(let p): return x < 0 ? 0 : (x < 1 ? 1 - p : 1)
        case .discrete(let t): return zip(t.values, t.probabilities).reduce(0) { $1.0 <= x ? $0 + $1.1 : $0 }
        }
    }

    /// The p-quantile for continuous distributions; nil for discrete ones, whose steps make it ambiguous.
    public func quantile(_ p: Double) -> Double? {
        precondition(p > 0 && p < 1, "quantile needs 0 < p < 1")
        switch kind {
        case .deterministic(let v): return v
        case .exponential(let mean): return gsl_cdf_exponential_Pinv(p, mean)
        case .gamma(let k, let s): return gsl_cdf_gamma_Pinv(p, k, s)
        case .lognormal(let mu, let sigma): return gsl_cdf_lognormal_Pinv(p, mu, sigma)
        case .weibull(let k, let s): return gsl_cdf_weibull_Pinv(p, s, k)
        case .beta(let a, let b): return gsl_cdf_beta_Pinv(p, a, b)
        case .normal(let m, let sd): return m + gsl_cdf_gaussian_Pinv(p, sd)
        case .truncatedNormal(let m, let sd, let lo, let hi):
            return Distribution.truncatedNormalDraw(p, mean: m, sd: sd, lower: lo, upper: hi)
        case .uniform(let lo, let hi): return gsl_cdf_flat_Pinv(p, lo, hi)
        case .triangular(let a, let c, let b): return Distribution.triangularQuantile(p, lower: a, mode: c, upper: b)
        case .poisson, .binomial, .negativeBinomial, .bernoulli, .discrete: return nil
        }
    }

    private static func standardized(_ m: Double, _ sd: Double, _ lo: Double, _ hi: Double) -> (Double, Double, Double) {
        let alpha = (lo - m) / sd, beta = (hi - m) / sd
        return (alpha, beta, truncatedMass(alpha: alpha, beta: beta))
    }

    /// P(alpha <= Z <= beta) for a standard normal Z, by the tail on the side away from the
    /// mean, since a difference of two probabilities near 1 loses its digits.
    private static func truncatedMass(alpha: Double, beta: Double) -> Double {
        alpha > 0 ? gsl_cdf_ugaussian_Q(alpha) - gsl_cdf_ugaussian_Q(beta)
                  : gsl_cdf_ugaussian_P(beta) - gsl_cdf_ugaussian_P(alpha)
    }

    public var description: String {
        switch kind {
        case .deterministic(let v): return "deterministic(\(v))"
        case .exponential(let mean): return "exponential(mean: \(mean))"
        case .gamma(let k, let s): return "gamma(shape: \(k), scale: \(s))"
        case .lognormal(let mu, let sigma): return "lognormal(mu: \(mu), sigma: \(sigma))"
        case .weibull(let k, let s): return "weibull(shape: \(k), scale: \(s))"
        case .beta(let a, let b): return "beta(alpha: \(a), beta: \(b))"
        case .normal(let m, let sd): return "normal(mean: \(m), sd: \(sd))"
        case .truncatedNormal(let m, let sd, let lo, let hi): return "truncatedNormal(mean: \(m), sd: \(sd), lower: \(lo), upper: \(hi))"
        case .uniform(let lo, let hi): return "uniform(lower: \(lo), upper: \(hi))"
        case .triangular(let a, let c, let b): return "triangular(lower: \(a), mode: \(c), upper: \(b))"
        case .poisson(let mean): return "poisson(mean: \(mean))"
        case .binomial(let n, let p): return "binomial(trials: \(n), p: \(p))"
        case .negativeBinomial(let n, let p): return "negativeBinomial(successes: \(n), p: \(p))"
        case .bernoulli(let p): return "bernoulli(p: \(p))"
        case .discrete(let t): return "discrete(values: \(t.values), probabilities: \(t.probabilities))"
        }
    }
}

/// GSL's preprocessed alias table for a discrete empirical distribution. Immutable once built,
/// so one table may be read by many streams at once.
public final class DiscreteTable: @unchecked Sendable, Equatable {
    public let values: [Double]
    public let probabilities: [Double]
    @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>

    init(values: [Double], probabilities: [Double]) throws {
        guard !values.isEmpty, values.count == probabilities.count else {
            throw DistributionError("discrete: need as many probabilities as values, at least one (got \(values.count) values and \(probabilities.count) probabilities)")
        }
        guard values.allSatisfy(\.isFinite) else { throw DistributionError("discrete: values must be finite") }
        guard probabilities.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw DistributionError("discrete: probabilities must be >= 0 (got \(probabilities))")
        }
        let total = probabilities.reduce(0, +)
        guard abs(total - 1) <= 1e-9 else {
            throw DistributionError("discrete: probabilities must sum to 1 (they sum to \(total))")
        }
        GSL.installErrorHandler()
        guard let table = probabilities.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) }) else {
            throw DistributionError("discrete: GSL rejected the table (\(GSL.takeError()?.description ?? "no reason given"))")
        }
        self.values = values
        self.probabilities = probabilities
        self.table = table
    }

    deinit { gsl_ran_discrete_free(table) }

    public static func == (l: DiscreteTable, r: DiscreteTable) -> Bool {
        l.values == r.values && l.probabilities == r.probabilities
    }
}
