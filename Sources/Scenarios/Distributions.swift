import Randomness

extension Field {
    /// A distribution of durations, written as a mapping with one key naming the family:
    /// `{exponential: {mean: 3 weeks}}`, `{lognormal: {mean: 40 min, sd: 30 min}}`,
    /// `{gamma: {mean: 4 months, sd: 3 months}}`, `{erlang: {phases: 3, mean: 2 months}}`,
    /// `{weibull: {shape: 1.5, scale: 1 year}}`, `{uniform: {min: 1 day, max: 5 days}}`,
    /// `{triangular: {min: 1 day, mode: 2 days, max: 10 days}}`,
    /// `{truncated_normal: {mean: 12 days, sd: 5 days, min: 1 day}}`, or `{deterministic: 2 days}`.
    public func durationDistribution() throws -> Distribution {
        var families = try mapping()
        let names = ScenarioValue.distributionFamilies.sorted()
        guard families.keys.count == 1, let name = families.keys.first, names.contains(name) else {
            throw mismatch("one distribution, such as {exponential: {mean: 3 weeks}}; families: \(names.joined(separator: ", "))")
        }
        guard let body = families.optional(name) else { throw mismatch("the parameters of the \(name) distribution") }
        do {
            if name == "deterministic" { return try .deterministic(body.duration()) }
            var p = try body.mapping()
            func d(_ key: String, _ what: String) throws -> Double { try p.required(key, what).duration() }
            let result: Distribution
            switch name {
            case "exponential": result = try .exponential(mean: d("mean", "the mean duration"))
            case "lognormal": result = try .lognormal(mean: d("mean", "the mean duration"), sd: d("sd", "the standard deviation"))
            case "gamma":
                let mean = try d("mean", "the mean duration"), sd = try d("sd", "the standard deviation")
                guard sd > 0 else { throw DistributionError("gamma: sd must be > 0 (got \(sd))") }
                result = try .gamma(shape: (mean / sd) * (mean / sd), scale: sd * sd / mean)
            case "erlang":
                result = try .erlang(phases: p.required("phases", "a whole number of phases").int("a whole number of phases", in: 1...1000),
                                     mean: d("mean", "the mean duration"))
            case "weibull":
                result = try .weibull(shape: p.required("shape", "a shape > 0").double("a shape", in: 1e-6...1000),
                                      scale: d("scale", "the scale duration"))
            case "uniform": result = try .uniform(lower: d("min", "the shortest duration"), upper: d("max", "the longest duration"))
            case "triangular":
                result = try .triangular(lower: d("min", "the shortest duration"), mode: d("mode", "the most likely duration"),
                                         upper: d("max", "the longest duration"))
            default:
                let mean = try d("mean", "the mean duration"), sd = try d("sd", "the standard deviation")
                let lower = try p.optional("min")?.duration() ?? 0
                let upper = try p.optional("max")?.duration() ?? .infinity
                result = try .truncatedNormal(mean: mean, sd: sd, lower: lower, upper: upper)
            }
            try p.finish()
            return result
        } catch let error as DistributionError {
            throw body.error(error.message)
        }
    }

    /// A share in [0, 1].
    public func share(_ what: String = "a share") throws -> Double { try double(what, in: 0...1) }

    /// A rate per year >= 0.
    public func perYear(_ what: String = "a rate per year") throws -> Double { try double(what, in: 0...(.infinity)) }
}
