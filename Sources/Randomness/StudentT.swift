import CGSL

/// Student t quantiles, for confidence intervals across replications.
public enum StudentT {
    /// The p-quantile of Student's t with `degreesOfFreedom` degrees of freedom.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1 && nu > 0, "t quantile needs 0 < p < 1 and nu > 0")
        return gsl_cdf_tdist_Pinv(p, nu)
    }
}

/// Standard normal quantiles, for an observed interval given at a level (its standard deviation).
public enum StandardNormal {
    public static func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normal quantile needs 0 < p < 1")
        return gsl_cdf_ugaussian_Pinv(p)
    }
}

/// The Student t confidence interval for the mean of independent replications.
public struct ConfidenceInterval: Sendable, Equatable {
    public let mean: Double
    public let standardDeviation: Double
    public let halfWidth: Double
    public let count: Int
    public let level: Double

    public var lower: Double { mean - halfWidth }
    public var upper: Double { mean + halfWidth }
    public func contains(_ x: Double) -> Bool { x >= lower && x <= upper }

    public init(_ values: [Double], level: Double = 0.95) {
        precondition(values.count >= 2, "a confidence interval needs at least two replications")
        precondition(level > 0 && level < 1, "level must lie in (0, 1)")
        let n = Double(values.count)
        let m = values.reduce(0, +) / n
        let sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
        self.mean = m
        self.standardDeviation = sd
        self.halfWidth = StudentT.quantile(1 - (1 - level) / 2, degreesOfFreedom: n - 1) * sd / n.squareRoot()
        self.count = values.count
        self.level = level
    }
}
