import CGSL

/// Points in the unit hypercube [0, 1)^d for experimental designs over parameter ranges (a sweep's
/// `design`), each point a list of d coordinates that a range then maps to a value.
public enum DesignPoints {
    /// The most dimensions GSL's Sobol generator has direction numbers for.
    public static let sobolMaximumDimensions = 40

    /// The first `count` points of GSL's Sobol sequence in `dimensions` dimensions (gsl_qrng_sobol,
    /// Antonov-Saleev's Gray-code variant, which starts at (0.5, ..., 0.5) rather than at the
    /// origin). The sequence is deterministic: it has no seed.
    public static func sobol(count: Int, dimensions: Int) -> [[Double]] {
        precondition(count >= 0 && (1...sobolMaximumDimensions).contains(dimensions))
        GSL.installErrorHandler()
        guard let generator = gsl_qrng_alloc(dacsim_gsl_qrng_sobol(), UInt32(dimensions)) else {
            fatalError("GSL could not allocate a quasi-random generator (out of memory)")
        }
        defer { gsl_qrng_free(generator) }
        var point = [Double](repeating: 0, count: dimensions)
        return (0..<count).map { _ in
            _ = point.withUnsafeMutableBufferPointer { gsl_qrng_get(generator, $0.baseAddress!) }
            return point
        }
    }

    /// A Latin hypercube of `count` points: each dimension is cut into `count` equal strata and
    /// each stratum holds exactly one point. Dimension j takes the strata in the order of a random
    /// permutation (Fisher-Yates), and each point lies uniformly at random within its stratum; all
    /// draws come from `stream`, dimension by dimension, so the design is fixed by the stream's seed.
    public static func latinHypercube(count: Int, dimensions: Int, stream: RandomStream) -> [[Double]] {
        precondition(count >= 1 && dimensions >= 1)
        var points = Array(repeating: [Double](repeating: 0, count: dimensions), count: count)
        for j in 0..<dimensions {
            var strata = Array(0..<count)
            for i in stride(from: count - 1, to: 0, by: -1) {
                let k = min(i, Int(stream.uniform() * Double(i + 1)))
                strata.swapAt(i, k)
            }
            for i in 0..<count {
                points[i][j] = min((Double(strata[i]) + stream.uniform()) / Double(count), 1.0.nextDown)
            }
        }
        return points
    }
}
