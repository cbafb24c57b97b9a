import CGSL
import Foundation
import Randomness
import TestSupport
import Testing

@Suite struct PoissonProcessTests {
    /// A seasonal rate (peak in winter) growing 2% a year, per day, over two years.
    static func rate(_ t: Double) -> Double { 5 * (1 + 0.4 * cos(2 * Double.pi * t / 365.25)) * exp(0.02 * t / 365.25) }

    /// The integral of the rate over [a, b] by Simpson's rule on a fine grid.
    static func expectedCount(_ a: Double, _ b: Double) -> Double {
        let n = 20_000, h = (b - a) / Double(n)
        var sum = rate(a) + rate(b)
        for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * rate(a + Double(i) * h) }
        return sum * h / 3
    }

    @Test func countsMatchTheIntegralOfTheRateInEachSeason() throws {
        let process = try PoissonProcess(maxRate: 5 * 1.4 * exp(0.04)) { Self.rate($0) }
        let windows: [(Double, Double)] = [(0, 91), (91, 274), (274, 730.5)]  // winter, summer, the rest
        var counts = Array(repeating: [Double](), count: windows.count)
        for replication in 0..<30 {
            let stream = RandomStream(baseSeed: 5, replication: replication, name: "demand")
            var perWindow = Array(repeating: 0.0, count: windows.count)
            var t = 0.0
            while let next = process.next(after: t, until: 730.5, stream) {
                t = next
                perWindow[windows.firstIndex { $0.0 <= t && t < $0.1 }!] += 1
            }
            for w in windows.indices { counts[w].append(perWindow[w]) }
        }
        for (w, window) in windows.enumerated() {
            let expected = Self.expectedCount(window.0, window.1)
            let check = interval(counts[w], contains: expected, "events in \(window)")
            #expect(check.ok, "\(check.message)")
            // A Poisson count's variance equals its mean: (n - 1) s² / mean is then about
            // chi-square with n - 1 degrees of freedom.
            let ci = ConfidenceInterval(counts[w])
            let statistic = Double(ci.count - 1) * ci.standardDeviation * ci.standardDeviation / expected
            let df = Double(ci.count - 1), tail = (1 - verificationLevel) / 2
            let low = gsl_cdf_chisq_Pinv(tail, df), high = gsl_cdf_chisq_Pinv(1 - tail, df)
            #expect(statistic > low && statistic < high, "chi-square \(statistic) outside [\(low), \(high)]")
        }
    }

    @Test func aBoundThatIsNotPositiveIsRejected() {
        #expect(throws: DistributionError("poisson process: the rate bound must be > 0 (got 0.0)")) {
            _ = try PoissonProcess(maxRate: 0) { _ in 1 }
        }
    }
}
