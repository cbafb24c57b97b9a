import Randomness

/// The confidence level of verification checks. At 99.9% a correct engine fails one check in
/// a thousand (the seeds are fixed, so a test never flickers), while a wrong formula, sampler
/// or tie-break shifts the estimate by many half-widths.
public let verificationLevel = 0.999

/// Whether `expected` lies in the Student t confidence interval of the replications' values,
/// and a message that says so either way.
public func interval(_ values: [Double], contains expected: Double, level: Double = verificationLevel,
                     _ label: String) -> (ok: Bool, message: String) {
    let ci = ConfidenceInterval(values, level: level)
    let ok = ci.contains(expected)
    let message = "\(label): replications give \(ci.mean) ± \(ci.halfWidth) (\(level * 100)% CI, n = \(ci.count)); theory \(expected)"
    return (ok, message)
}
