/// A non-homogeneous Poisson process sampled by thinning (Lewis and Shedler): candidates come
/// at the bound's constant rate and each is kept with probability rate(t) / bound. Seasonal
/// profiles and growth trends fit in the rate function; the bound must hold over the whole run.
public struct PoissonProcess: Sendable {
    public let rate: @Sendable (Double) -> Double
    public let maxRate: Double

    public init(maxRate: Double, rate: @escaping @Sendable (Double) -> Double) throws {
        guard maxRate > 0 && maxRate.isFinite else {
            throw DistributionError("poisson process: the rate bound must be > 0 (got \(maxRate))")
        }
        self.rate = rate
        self.maxRate = maxRate
    }

    /// The first event after `time`, or nil if none comes before `until`.
    public func next(after time: Double, until: Double = .infinity, _ stream: RandomStream) -> Double? {
        var t = time
        while true {
            t -= log(stream.uniform()) / maxRate
            if t >= until { return nil }
            let r = rate(t)
            precondition(r >= 0 && r <= maxRate * (1 + 1e-12),
                         "poisson process: rate \(r) at time \(t) is outside [0, \(maxRate)]")
            if stream.uniform() * maxRate < r { return t }
        }
    }
}

import Foundation
