import Histogram

/// Mean, variance, minimum and maximum of observations, by Welford's update (stable in one pass).
public struct Tally: Sendable, Equatable {
    // Stored under other names, with public getters, so that `record` can be inlined into the
    // models that call it (another module).
    @usableFromInline var _count = 0
    @usableFromInline var _mean = 0.0
    @usableFromInline var m2 = 0.0
    @usableFromInline var _min = Double.infinity
    @usableFromInline var _max = -Double.infinity

    public init() {}

    public var count: Int { _count }
    public var min: Double { _min }
    public var max: Double { _max }

    public var mean: Double { count > 0 ? _mean : .nan }
    /// The sample variance (n - 1 in the denominator).
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : .nan }
    public var standardDeviation: Double { variance.squareRoot() }
    public var sum: Double { _mean * Double(count) }

    @inlinable @inline(__always)
    public mutating func record(_ x: Double) {
        _count += 1
        let delta = x - _mean
        _mean += delta / Double(_count)
        m2 += delta * (x - _mean)
        if x < _min { _min = x }
        if x > _max { _max = x }
    }

    /// Adds another tally's observations (Chan et al.'s pairwise update).
    public mutating func merge(_ other: Tally) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let n = Double(count), m = Double(other.count)
        let delta = other._mean - _mean
        _mean += delta * m / (n + m)
        m2 += other.m2 + delta * delta * n * m / (n + m)
        _count += other.count
        _min = Swift.min(_min, other._min)
        _max = Swift.max(_max, other._max)
    }
}

/// The time average of a piecewise-constant quantity (queue length, busy servers...).
public struct TimeWeighted: Sendable, Equatable {
    @usableFromInline var _value: Double
    @usableFromInline var lastChange: Double
    @usableFromInline var start: Double
    @usableFromInline var area = 0.0
    @usableFromInline var areaOfSquares = 0.0
    @usableFromInline var _max: Double

    public init(value: Double = 0, at time: Double = 0) {
        _value = value
        lastChange = time
        start = time
        _max = value
    }

    public var value: Double { _value }
    public var max: Double { _max }

    @inlinable @inline(__always)
    public mutating func update(_ newValue: Double, at time: Double) {
        let dt = time - lastChange
        area += _value * dt
        areaOfSquares += _value * _value * dt
        lastChange = time
        _value = newValue
        if newValue > _max { _max = newValue }
    }

    /// The average from the start (or last reset) to `time`.
    public func mean(at time: Double) -> Double {
        let span = time - start
        guard span > 0 else { return value }
        return (area + value * (time - lastChange)) / span
    }

    /// The time-weighted variance from the start (or last reset) to `time`.
    public func variance(at time: Double) -> Double {
        let span = time - start
        guard span > 0 else { return 0 }
        let m = mean(at: time)
        // Clamped: rounding can leave a tiny negative where the level never changed.
        return Swift.max(0, (areaOfSquares + value * value * (time - lastChange)) / span - m * m)
    }

    /// Forgets the past (the warm-up) but keeps the current value.
    public mutating func reset(at time: Double) {
        area = 0
        areaOfSquares = 0
        lastChange = time
        start = time
        _max = _value
    }
}

/// Quantiles of non-negative durations in bounded memory: an HDR histogram over durations
/// counted in units of `resolution`, exact to `significantDigits` significant digits.
public struct QuantileSketch: Sendable {
    public let resolution: Double
    @usableFromInline var histogram: Histogram<UInt32>
    @usableFromInline var _count = 0
    @usableFromInline let highest: UInt64

    /// - Parameters:
    ///   - resolution: the smallest duration told apart from zero (in the model's time unit).
    ///   - highest: the largest duration told apart; longer ones are recorded as this.
    public init(resolution: Double, highest: Double, significantDigits: SignificantDigits = .three) {
        precondition(resolution > 0 && highest > resolution, "a sketch needs 0 < resolution < highest")
        self.resolution = resolution
        self.highest = UInt64((highest / resolution).rounded(.up))
        histogram = Histogram(highestTrackableValue: self.highest, numberOfSignificantValueDigits: significantDigits)
    }

    public var count: Int { _count }

    @inlinable @inline(__always)
    public mutating func record(_ duration: Double) {
        // Rounded half away from zero as `rounded()` does, without calling the C library (for
        // `rounded()` or `floor`): between 0 and `highest` (< 2^53), truncation is the floor and
        // x - floor(x) is exact; at or below zero the result is 0, at or above `highest` it is
        // `highest`, as they were with `rounded()`.
        let scaled = duration / resolution
        let clamped: UInt64
        if scaled <= 0 {
            clamped = 0
        } else if scaled >= Double(highest) {
            clamped = highest
        } else {
            // Signed conversions: one instruction each way, where unsigned ones take several. The
            // half up is added without a branch: whether it applies is a coin toss, mispredicted
            // half the time.
            let floor = Int64(scaled)
            let units = UInt64(floor &+ (scaled - Double(floor) >= 0.5 ? 1 : 0))
            clamped = units >= highest ? highest : units
        }
        _ = histogram.record(clamped)
        _count += 1
    }

    /// The q-quantile (0 < q < 1), or nil when nothing has been recorded.
    public func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        return Double(histogram.medianEquivalentForValue(histogram.valueAtPercentile(q * 100))) * resolution
    }

    public mutating func reset() {
        histogram.reset()
        _count = 0
    }

    /// The recorded durations by bin, shortest first: each bin's middle value and its count.
    public func bins() -> [(duration: Double, count: Int)] {
        histogram.recordedValues().map {
            (Double(histogram.medianEquivalentForValue($0.value)) * resolution, Int($0.count))
        }
    }

    /// How many recorded durations lasted at most `t` (to the sketch's precision).
    public func count(atMost t: Double) -> Int {
        bins().reduce(0) { $0 + ($1.duration <= t ? $1.count : 0) }
    }

    /// Adds another sketch's observations; both must share resolution and range.
    public mutating func merge(_ other: QuantileSketch) {
        precondition(resolution == other.resolution && highest == other.highest, "sketches of different shapes")
        histogram.add(other.histogram)
        _count += other._count
    }
}

/// Durations some of which were cut short before their end was seen (right-censored: a wait
/// ended by death or at the horizon), summarised by the Kaplan-Meier estimate of their
/// distribution. Both kinds are kept in sketches of one shape, so estimates are exact to the
/// sketch's precision and sketches merge across periods and places.
public struct CensoredDurations: Sendable {
    public private(set) var ended: QuantileSketch
    public private(set) var censored: QuantileSketch

    public init(resolution: Double, highest: Double, significantDigits: SignificantDigits = .three) {
        ended = QuantileSketch(resolution: resolution, highest: highest, significantDigits: significantDigits)
        censored = ended
    }

    public var count: Int { ended.count + censored.count }

    public mutating func record(_ duration: Double, censored isCensored: Bool) {
        if isCensored { censored.record(duration) } else { ended.record(duration) }
    }

    public mutating func merge(_ other: CensoredDurations) {
        ended.merge(other.ended)
        censored.merge(other.censored)
    }

    /// The share of all durations, ended or cut short, that lasted at most `t` (to the sketches'
    /// precision).
    public func share(within t: Double) -> Double {
        guard count > 0 else { return .nan }
        return Double(ended.count(atMost: t) + censored.count(atMost: t)) / Double(count)
    }

    /// The Kaplan-Meier estimate of the durations' distribution. A duration censored in a bin is
    /// taken to outlast the ends recorded in it (the usual convention).
    public func kaplanMeier() -> KaplanMeier {
        var ends = ended.bins()[...], cuts = censored.bins()[...]
        let longest = max(ends.last?.duration ?? 0, cuts.last?.duration ?? 0)
        var atRisk = Double(count), s = 1.0
        var curve: [(duration: Double, survival: Double)] = []
        while let t = [ends.first?.duration, cuts.first?.duration].compactMap({ $0 }).min() {
            var d = 0.0, c = 0.0
            if let e = ends.first, e.duration == t { d = Double(e.count); ends = ends.dropFirst() }
            if let x = cuts.first, x.duration == t { c = Double(x.count); cuts = cuts.dropFirst() }
            if d > 0 {
                s *= 1 - d / atRisk
                curve.append((t, s))
            }
            atRisk -= d + c
        }
        return KaplanMeier(curve: curve, longest: longest, count: count)
    }
}

/// A Kaplan-Meier survival curve: S(t), the estimated share of durations longer than t, at each
/// duration where some ended.
public struct KaplanMeier: Sendable {
    public let curve: [(duration: Double, survival: Double)]
    /// The longest duration recorded, ended or cut short.
    public let longest: Double
    public let count: Int

    /// S(t): the estimated share of durations longer than `t`.
    public func survival(at t: Double) -> Double {
        curve.last { $0.duration <= t }?.survival ?? 1
    }

    /// The q-quantile (0 < q < 1): the shortest duration whose survival is at most 1 - q; nil when
    /// nothing was recorded, or when too many durations were cut short for the curve to fall that
    /// low (the quantile lies beyond the longest duration seen).
    public func quantile(_ q: Double) -> Double? {
        curve.first { $0.survival <= 1 - q + 1e-12 }?.duration
    }

    /// The mean restricted to the longest duration recorded: the area under the survival curve up
    /// to it. It is the mean when that longest one ended; a lower bound of it when it was cut short.
    public var restrictedMean: Double? {
        guard count > 0 else { return nil }
        var area = 0.0, last = 0.0, s = 1.0
        for point in curve {
            area += s * (point.duration - last)
            last = point.duration
            s = point.survival
        }
        return area + s * (longest - last)
    }
}
