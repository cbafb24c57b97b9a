import Foundation

/// Lines of y against x, each with an optional interval drawn as a shaded band (many points) or as
/// whiskers (few points), vertical markers for dates that matter, axis titles and a legend.
public struct LineChart: Sendable {
    public struct Point: Sendable {
        public var x: Double
        /// Nil, or not finite: no value here; the line breaks.
        public var y: Double?
        public var low: Double?
        public var high: Double?
        public init(x: Double, y: Double?, low: Double? = nil, high: Double? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
        }
    }

    public struct Series: Sendable {
        public var name: String
        public var points: [Point]
        /// Whether this series' points are joined, when it differs from the chart's `joined`.
        public var joined: Bool?
        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    public struct Marker: Sendable {
        public var x: Double
        public var label: String
        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    public enum Intervals: Sendable { case band, whiskers }

    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var series: [Series]
    public var markers: [Marker] = []
    /// Tick positions and labels on the x axis; nil: round numbers.
    public var xTicks: [(value: Double, label: String)]?
    public var intervals: Intervals = .band
    /// Whether a series' points are joined by a line; when not, each is a dot (a scatter plot of
    /// a design's points, in no order that a line would mean anything for).
    public var joined = true
    /// Whether the y axis starts at zero (waits, counts) or fits the data (ratios near one). When
    /// it does and no value is negative, intervals are cut at zero: a symmetric interval of a
    /// skewed quantity can reach below it, a value cannot.
    public var yFromZero = true
    /// A horizontal line at this value (zero for differences), drawn darker than the grid.
    public var reference: Double?
    public var width = 760.0
    public var height = 340.0

    public init(title: String, xTitle: String, yTitle: String, series: [Series]) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.series = series
    }

    static func value(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }

    public func svg() -> String {
        var points = series.flatMap(\.points)
        let floor: Double? = yFromZero && points.allSatisfy({ (Self.value($0.y) ?? 0) >= 0 }) ? 0 : nil
        let series = floor == nil ? self.series : self.series.map { line in
            var cut = LineChart.Series(name: line.name, points: line.points.map {
                Point(x: $0.x, y: $0.y, low: Self.value($0.low).map { max($0, 0) }, high: $0.high)
            })
            cut.joined = line.joined
            return cut
        }
        points = series.flatMap(\.points)
        let ys = points.flatMap { [Self.value($0.y), Self.value($0.low), Self.value($0.high)].compactMap { $0 } }
            + (reference.map { [$0] } ?? [])
        let xs = points.map(\.x).filter(\.isFinite) + markers.map(\.x)
        // Nothing but zeros on an axis from zero (no wait at all, say): 0 to 1, not -1 to 1.
        let yLow = yFromZero ? min(0, ys.min() ?? 0) : ys.min() ?? 0
        let yTicks = Ticks(covering: yLow, yFromZero && yLow == 0 && (ys.max() ?? 0) == 0 ? 1 : ys.max() ?? 1)
        let xRange = (xs.min() ?? 0, xs.max() ?? 1)
        let numericX = Ticks(covering: xRange.0, xRange.1, count: 7)
        // Named ticks (months, categories) get half a step of room at each end, so that the first
        // and last labels are not cut by the edges.
        let xDomain = xTicks == nil ? numericX.domain : (xRange.0 - 0.5)...(xRange.1 + 0.5)
        let ticksX = xTicks ?? numericX.values.map { ($0, numericX.label($0)) }

        // Room on the left for the widest y label, at the top for the title and legend.
        let yLabels = yTicks.values.map { yTicks.label($0) }
        let left = 30 + (yLabels.map { SVGCanvas.textWidth($0, size: 11) }.max() ?? 20)
        let legend = Legend(names: series.map(\.name), width: width - left - 16)
        let top = 30 + legend.height, bottom = 50.0, right = 16.0
        let x = LinearScale(domain: xDomain, range: (left, width - right))
        let y = LinearScale(domain: yTicks.domain, range: (height - bottom, top))
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(left, 18, SVGCanvas.fit(title, width: width - left - right, size: 14), size: 14, bold: true)
        legend.draw(on: &canvas, x: left, y: 30)

        for tick in yTicks.values {
            canvas.line(left, y(tick), width - right, y(tick), stroke: "#e3e3e3")
            canvas.text(left - 6, y(tick) + 4, yTicks.label(tick), anchor: .end, size: 11)
        }
        for tick in ticksX where xDomain.contains(tick.value) {
            canvas.line(x(tick.value), height - bottom, x(tick.value), height - bottom + 5, stroke: "#666")
            canvas.text(x(tick.value), height - bottom + 18, tick.label, anchor: .middle, size: 11)
        }
        if let reference { canvas.line(left, y(reference), width - right, y(reference), stroke: "#444", width: 1.5) }
        canvas.line(left, height - bottom, width - right, height - bottom, stroke: "#666")
        canvas.line(left, top, left, height - bottom, stroke: "#666")
        canvas.text((left + width - right) / 2, height - 10, SVGCanvas.fit(xTitle, width: width - left - right), anchor: .middle, size: 12)
        canvas.text(14, (top + height - bottom) / 2, yTitle, anchor: .middle, size: 12, rotate: true)

        // Labels of neighbouring markers go on staggered rows so that they do not overprint.
        for (i, marker) in markers.filter({ xDomain.contains($0.x) }).sorted(by: { $0.x < $1.x }).enumerated() {
            canvas.line(x(marker.x), top, x(marker.x), height - bottom, stroke: "#888", width: 1, dash: "5 4")
            canvas.text(x(marker.x) + 4, top + 12 + 14 * Double(i % 3), marker.label, size: 11, fill: "#555")
        }
        for (s, line) in series.enumerated() {
            let colour = palette[s % palette.count]
            // Whiskers of several series at the same x are set a few pixels apart, so that none hides another.
            let dodge = intervals == .whiskers ? (Double(s) - Double(series.count - 1) / 2) * 5 : 0
            let x = { (value: Double) in x(value) + dodge }
            for run in Self.runs(line.points) {
                let banded = run.filter { Self.value($0.low) != nil && Self.value($0.high) != nil }
                switch intervals {
                case .band:
                    canvas.polygon(banded.map { (x($0.x), y($0.high!)) } + banded.reversed().map { (x($0.x), y($0.low!)) },
                                   fill: colour, opacity: 0.15)
                case .whiskers:
                    for p in banded {
                        canvas.line(x(p.x), y(p.low!), x(p.x), y(p.high!), stroke: colour, width: 1.5)
                        for end in [p.low!, p.high!] { canvas.line(x(p.x) - 4, y(end), x(p.x) + 4, y(end), stroke: colour, width: 1.5) }
                    }
                }
                let joined = line.joined ?? self.joined
                if joined { canvas.polyline(run.map { (x($0.x), y($0.y!)) }, stroke: colour) }
                if intervals == .whiskers || run.count == 1 || !joined {
                    for p in run { canvas.circle(x(p.x), y(p.y!), r: 3, fill: colour) }
                }
            }
        }
        return canvas.svg(title: title)
    }

    /// The stretches of consecutive points that have a value: a missing month breaks the line
    /// instead of being drawn as zero.
    static func runs(_ points: [Point]) -> [[Point]] {
        var runs: [[Point]] = [], current: [Point] = []
        for p in points.sorted(by: { $0.x < $1.x }) {
            if value(p.y) != nil && p.x.isFinite {
                current.append(p)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}

/// Series names with their colours, in rows that wrap at the chart's width.
struct Legend {
    let names: [String]
    let positions: [(x: Double, row: Int)]
    static let rowHeight = 18.0

    init(names: [String], width: Double) {
        self.names = names.map { SVGCanvas.fit($0, width: width - 36, size: 11) }
        var positions: [(Double, Int)] = [], x = 0.0, row = 0
        for name in self.names {
            let w = 22 + SVGCanvas.textWidth(name, size: 11) + 14
            if x > 0 && x + w > width { (x, row) = (0, row + 1) }
            positions.append((x, row))
            x += w
        }
        self.positions = positions
    }

    /// Nothing for a single series: the title names it.
    var height: Double { names.count > 1 ? Double((positions.map(\.row).max() ?? 0) + 1) * Self.rowHeight + 6 : 0 }

    func draw(on canvas: inout SVGCanvas, x: Double, y: Double) {
        guard names.count > 1 else { return }
        for (i, name) in names.enumerated() {
            let px = x + positions[i].x, py = y + Double(positions[i].row) * Self.rowHeight
            canvas.rect(px, py + 4, 16, 4, fill: palette[i % palette.count])
            canvas.text(px + 22, py + 10, name, size: 11)
        }
    }
}
