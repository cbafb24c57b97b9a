import Engine
import Randomness
import Testing

@Suite struct StatisticsTests {
    @Test func tallyMatchesTwoPassFormulas() {
        let stream = RandomStream(key: 3)
        let xs = (0..<10_000).map { _ in 1e6 + stream.uniform() }  // a large offset tests stability
        var tally = Tally()
        xs.forEach { tally.record($0) }
        // The reference mean from the offsets, which are exact: summing the values themselves
        // would lose more to rounding (about 1e-9 here) than Welford's update does.
        let mean = 1e6 + xs.reduce(0) { $0 + ($1 - 1e6) } / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        // Within 16 units in the last place of 1e6 (1.9e-9): Welford's mean, one rounding per
        // observation, ends a few units away from the exact one.
        #expect(abs(tally.mean - mean) < 16 * mean.ulp)
        #expect(abs(tally.variance - variance) / variance < 1e-6)
        #expect(tally.min == xs.min() && tally.max == xs.max())
    }

    @Test func timeWeightedAverageAndVariance() {
        var level = TimeWeighted(value: 2, at: 0)
        level.update(4, at: 1)   // 2 on [0, 1)
        level.update(0, at: 4)   // 4 on [1, 4), 0 on [4, 5]
        #expect(level.mean(at: 5) == (2 + 12) / 5.0)
        let second = (4 + 48) / 5.0
        #expect(abs(level.variance(at: 5) - (second - 2.8 * 2.8)) < 1e-12)
        level.reset(at: 5)
        #expect(level.mean(at: 7) == 0)
    }

    @Test func quantileSketchIsWithinItsPrecisionOfTheExactQuantiles() throws {
        let stream = RandomStream(key: 4)
        let waits = try Distribution.lognormal(mean: 20, sd: 30)
        var sketch = QuantileSketch(resolution: 1e-3, highest: 1e5)
        var xs: [Double] = []
        for _ in 0..<50_000 {
            let x = waits.sample(stream)
            xs.append(x)
            sketch.record(x)
        }
        xs.sort()
        for q in [0.5, 0.9, 0.95, 0.99] {
            let exact = xs[Int((q * Double(xs.count)).rounded(.up)) - 1]
            let estimate = sketch.quantile(q)!
            // Three significant digits: within 0.1% of the value, plus the resolution.
            #expect(abs(estimate - exact) <= 1e-3 * exact + 1e-3, "q = \(q): \(estimate) vs \(exact)")
        }
        #expect(QuantileSketch(resolution: 1, highest: 10).quantile(0.5) == nil)
    }
}

@Suite struct MergeTests {
    @Test func mergedTalliesEqualOneTallyOfEverything() {
        let stream = RandomStream(key: 8)
        var all = Tally(), a = Tally(), b = Tally()
        for i in 0..<5_000 {
            let x = stream.uniform() * 10
            all.record(x)
            if i % 3 == 0 { a.record(x) } else { b.record(x) }
        }
        a.merge(b)
        #expect(a.count == all.count && a.min == all.min && a.max == all.max)
        #expect(abs(a.mean - all.mean) < 1e-12 && abs(a.variance - all.variance) < 1e-9)
    }

    @Test func mergedSketchesGiveTheQuantilesOfEverything() {
        let stream = RandomStream(key: 9)
        var all = QuantileSketch(resolution: 0.01, highest: 100), a = all, b = all
        for i in 0..<5_000 {
            let x = stream.uniform() * 50
            all.record(x)
            if i % 2 == 0 { a.record(x) } else { b.record(x) }
        }
        a.merge(b)
        #expect(a.count == all.count)
        #expect(a.quantile(0.9) == all.quantile(0.9))
    }
}
