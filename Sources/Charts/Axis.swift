import Foundation

/// Maps a domain of values linearly onto a range of pixels (reversed ranges flip the axis, as SVG's
/// y grows downwards).
public struct LinearScale: Sendable {
    public let domain: ClosedRange<Double>
    public let range: (from: Double, to: Double)

    public init(domain: ClosedRange<Double>, range: (from: Double, to: Double)) {
        self.domain = domain
        self.range = range
    }

    public func callAsFunction(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        let share = span > 0 ? (value - domain.lowerBound) / span : 0.5
        return range.from + share * (range.to - range.from)
    }
}

/// Round tick values (1, 2 or 5 times a power of ten) covering a range of data, after Heckbert's
/// "nice numbers for graph labels" (Graphics Gems, 1990).
public struct Ticks: Sendable, Equatable {
    public let values: [Double]
    public let step: Double
    /// The axis' domain: from the first tick to the last, so that every value falls inside.
    public var domain: ClosedRange<Double> { values.first!...values.last! }

    public init(covering low: Double, _ high: Double, count: Int = 5) {
        var (lo, hi) = (min(low, high), max(low, high))
        if !lo.isFinite || !hi.isFinite { (lo, hi) = (0, 1) }
        if hi - lo < 1e-12 * max(1, abs(hi)) {  // one value: widen around it
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            (lo, hi) = (lo - pad, hi + pad)
        }
        let step = Self.nice((hi - lo) / Double(max(count - 1, 1)), round: true)
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        // Integer multiples of the step, so that 0.1 * 3 prints as 0.3 and zero is exactly zero.
        values = stride(from: first, through: last, by: 1).map { $0 * step }
        self.step = step
    }

    static func nice(_ x: Double, round: Bool) -> Double {
        let exponent = (log10(x)).rounded(.down)
        let fraction = x / pow(10, exponent)
        let niceFraction: Double
        if round {
            niceFraction = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return niceFraction * pow(10, exponent)
    }

    /// A tick's label with as many decimals as the step needs, and thousands grouped.
    public func label(_ value: Double) -> String { Self.format(value, decimals: max(0, Int(-log10(step).rounded(.down)))) }

    /// A number with `decimals` decimals and thousands grouped by commas ("12,500.5").
    public static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        let text = String(format: "%.\(decimals)f", abs(value) < 0.5 * pow(10, -Double(decimals)) ? 0 : value)
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        grouped = whole + grouped
        return (negative ? "-" : "") + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }
}
