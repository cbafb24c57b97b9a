import Foundation

/// One horizontal row per category: a value with its interval, as a bar (amounts side by side)
/// or a dot (differences around a reference line, as in a forest plot). Bars of values that are
/// all non-negative have their intervals cut at zero, as a value cannot go below it.
public struct IntervalChart: Sendable {
    public struct Row: Sendable {
        public var label: String
        /// Nil, or not finite: no value (the row says so instead of drawing zero).
        public var value: Double?
        public var low: Double?
        public var high: Double?
        public init(label: String, value: Double?, low: Double? = nil, high: Double? = nil) {
            self.label = label
            self.value = value
            self.low = low
            self.high = high
        }
    }

    public enum Style: Sendable { case bars, dots }

    public var title: String
    public var valueTitle: String
    public var rows: [Row]
    public var style: Style
    /// A vertical line at this value (zero for differences).
    public var reference: Double?
    public var width = 760.0
    /// What a row without a value says, in the report's language.
    public var noValue = "no value"
    static let rowHeight = 26.0

    public init(title: String, valueTitle: String, rows: [Row], style: Style = .bars, reference: Double? = nil) {
        self.title = title
        self.valueTitle = valueTitle
        self.rows = rows
        self.style = style
        self.reference = reference
    }

    public var height: Double { 40 + Double(rows.count) * Self.rowHeight + 46 }

    public func svg() -> String {
        let finite = { (x: Double?) in x.flatMap { $0.isFinite ? $0 : nil } }
        let floor = style == .bars && rows.allSatisfy({ (finite($0.value) ?? 0) >= 0 }) ? 0.0 : -Double.infinity
        let rows = self.rows.map { Row(label: $0.label, value: $0.value, low: finite($0.low).map { max($0, floor) }, high: $0.high) }
        var values = rows.flatMap { [finite($0.value), finite($0.low), finite($0.high)].compactMap { $0 } }
        if let reference { values.append(reference) }
        if style == .bars { values.append(0) }  // bars start at zero
        // Bars of nothing but zeros: an axis from 0 to 1, not -1 to 1.
        let ticks = Ticks(covering: values.min() ?? 0, floor == 0 && (values.max() ?? 0) == 0 ? 1 : values.max() ?? 1)
        let labelWidth = min(260, rows.map { SVGCanvas.textWidth($0.label, size: 12) }.max() ?? 40)
        let left = 24 + labelWidth
        let top = 40.0, right = 24.0
        let bottom = top + Double(rows.count) * Self.rowHeight
        let x = LinearScale(domain: ticks.domain, range: (left, width - right))
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(left, 18, SVGCanvas.fit(title, width: width - left - right, size: 14), size: 14, bold: true)
        for tick in ticks.values {
            canvas.line(x(tick), top, x(tick), bottom, stroke: "#e3e3e3")
            canvas.text(x(tick), bottom + 18, ticks.label(tick), anchor: .middle, size: 11)
        }
        canvas.line(left, bottom, width - right, bottom, stroke: "#666")
        canvas.text((left + width - right) / 2, bottom + 38, valueTitle, anchor: .middle, size: 12)
        if let reference { canvas.line(x(reference), top - 6, x(reference), bottom, stroke: "#444", width: 1.5) }
        for (i, row) in rows.enumerated() {
            let middle = top + (Double(i) + 0.5) * Self.rowHeight
            canvas.text(left - 8, middle + 4, SVGCanvas.fit(row.label, width: labelWidth), anchor: .end, size: 12)
            guard let value = finite(row.value) else {
                canvas.text(left + 6, middle + 4, noValue, size: 11, fill: "#888")
                continue
            }
            let colour = palette[0]
            switch style {
            case .bars:
                let zero = x(0), end = x(value)
                canvas.rect(min(zero, end), middle - 8, abs(end - zero), 16, fill: colour, opacity: 0.75)
            case .dots:
                canvas.circle(x(value), middle, r: 4.5, fill: colour)
            }
            if let low = finite(row.low), let high = finite(row.high) {
                canvas.line(x(low), middle, x(high), middle, stroke: "#222", width: 1.5)
                for end in [low, high] { canvas.line(x(end), middle - 5, x(end), middle + 5, stroke: "#222", width: 1.5) }
            }
        }
        return canvas.svg(title: title)
    }
}
