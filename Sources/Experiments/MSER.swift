/// White's marginal standard error rule on batch means (MSER-5 with batches of five observations;
/// White, 1997; White, Cobb and Spratt, 2000): the truncation point d of a series is the one that
/// minimises the squared standard error of the mean of what is kept,
/// MSER(d) = Σ_{i>d} (z_i − z̄_d)² / (n − d)², over the batch means z_1..z_n (a last, partial
/// batch is left out). Discarding the start of a run reduces the bias of its initial state; past
/// some point it only throws data away, and the rule weighs the two. As is usual, d is sought in
/// the first half of the series only (the statistic of a short tail is too noisy to compare), and
/// a minimum at that limit means the series has not settled.
public struct MSER: Sendable, Equatable {
    /// Observations to discard: whole batches, so a multiple of the batch size.
    public let truncation: Int
    public let batchSize: Int
    /// Batches the series makes, and the statistic at the chosen truncation.
    public let batches: Int
    public let statistic: Double
    /// Whether the minimum lies before the half of the series. When it lies at the half, the
    /// rule's answer is not to be trusted: the run is too short, or the series has not settled (a
    /// trend, or a change of regime such as a convergence date late in the run).
    public let settled: Bool

    /// The truncation of `series` (in time order), nil when it has fewer than four whole batches
    /// or a value that is not finite.
    public static func apply(_ series: [Double], batchSize: Int = 5) -> MSER? {
        precondition(batchSize >= 1)
        let n = series.count / batchSize
        guard n >= 4, series.allSatisfy(\.isFinite) else { return nil }
        let z = (0..<n).map { b in series[(b * batchSize)..<((b + 1) * batchSize)].reduce(0, +) / Double(batchSize) }
        let limit = n / 2
        // Suffix sums give every d in one pass.
        var statistics = [Double](repeating: .infinity, count: n)
        var sum = 0.0, sumOfSquares = 0.0
        for d in stride(from: n - 1, through: 0, by: -1) {
            sum += z[d]
            sumOfSquares += z[d] * z[d]
            let kept = Double(n - d)
            statistics[d] = max(0, sumOfSquares - sum * sum / kept) / (kept * kept)
        }
        // The first minimum (ties, within rounding, go to the shorter truncation).
        var best = 0
        for d in 1...limit where statistics[d] < statistics[best] * (1 - 1e-12) { best = d }
        return MSER(truncation: best * batchSize, batchSize: batchSize, batches: n, statistic: statistics[best],
                    settled: best < limit)
    }
}
