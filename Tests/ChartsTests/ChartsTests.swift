import Charts
import Foundation
import Testing
import TestSupport

@Suite struct TicksTests {
    @Test(arguments: [(0.0, 97.0), (3.2, 3.9), (-12.0, 41.0), (0.0, 0.0042), (1e6, 2.3e6), (-5.0, -1.0)])
    func ticksAreRoundAndCoverTheData(low: Double, high: Double) {
        let ticks = Ticks(covering: low, high)
        #expect(ticks.domain.lowerBound <= low && ticks.domain.upperBound >= high)
        #expect((3...11).contains(ticks.values.count))
        let mantissa = ticks.step / pow(10, log10(ticks.step).rounded(.down))
        #expect([1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }, "step \(ticks.step)")
        for (a, b) in zip(ticks.values, ticks.values.dropFirst()) { #expect(abs(b - a - ticks.step) < 1e-9 * ticks.step) }
        // Not wastefully wide: the data fill more than a third of the axis.
        #expect(high - low > (ticks.domain.upperBound - ticks.domain.lowerBound) / 3)
    }

    @Test func aSingleValueGetsARangeAroundIt() {
        let ticks = Ticks(covering: 42, 42)
        #expect(ticks.domain.lowerBound < 42 && ticks.domain.upperBound > 42)
        let zero = Ticks(covering: 0, 0)
        #expect(zero.domain.lowerBound < 0 && zero.domain.upperBound > 0)
    }

    @Test func labelsHaveTheStepsDecimalsAndGroupedThousands() {
        #expect(Ticks(covering: 0, 0.9).values.map { Ticks(covering: 0, 0.9).label($0) }.contains("0.2"))
        #expect(Ticks(covering: 0, 120_000).label(100_000) == "100,000")
        #expect(Ticks.format(-1234567.891, decimals: 1) == "-1,234,567.9")
        #expect(Ticks.format(-0.0001, decimals: 2) == "0.00")
        #expect(Ticks.format(.nan, decimals: 2) == "–")
    }

    @Test func scalesMapLinearlyAndFlip() {
        let y = LinearScale(domain: 0...100, range: (300, 50))
        #expect(y(0) == 300 && y(100) == 50 && y(50) == 175)
    }
}

@Suite struct LineChartTests {
    func chart(_ series: [LineChart.Series]) -> LineChart {
        LineChart(title: "Waits <per> month", xTitle: "month", yTitle: "days", series: series)
    }

    @Test func everySeriesIsALineWithItsBandInsideThePlot() throws {
        let a = LineChart.Series(name: "A & co", points: (0..<12).map { .init(x: Double($0), y: 10 + Double($0), low: 8 + Double($0), high: 12 + Double($0)) })
        let b = LineChart.Series(name: "B", points: (0..<12).map { .init(x: Double($0), y: 30, low: 29, high: 31) })
        var chart = chart([a, b])
        chart.markers = [.init(x: 6, label: "convergence")]
        let svg = try SVGElements.parse(chart.svg())
        #expect(svg.all("polyline").count == 2)
        #expect(svg.all("polygon").count == 2)
        // Legend and title are text, escaped on the way in and read back as written.
        #expect(svg.texts.contains("A & co") && svg.texts.contains("B") && svg.texts.contains("Waits <per> month"))
        #expect(svg.texts.contains("convergence"))
        let lines = svg.all("polyline").map { SVGElements.points($0["points"]) }
        let bands = svg.all("polygon").map { SVGElements.points($0["points"]) }
        // Higher values are higher up (smaller y) and each line lies within its band.
        #expect(lines[0].first!.1 > lines[0].last!.1)
        #expect(lines[1].first!.1 < lines[0].first!.1)
        for (line, band) in zip(lines, bands) {
            let ys = band.map(\.1)
            for point in line { #expect(point.1 >= ys.min()! && point.1 <= ys.max()!) }
        }
        // All inside the image.
        for point in lines.flatMap({ $0 }) + bands.flatMap({ $0 }) {
            #expect(point.0 >= 0 && point.0 <= chart.width && point.1 >= 0 && point.1 <= chart.height)
        }
    }

    @Test func aMissingValueBreaksTheLineInsteadOfDroppingToZero() throws {
        let points: [LineChart.Point] = [.init(x: 0, y: 5), .init(x: 1, y: 6), .init(x: 2, y: nil), .init(x: 3, y: .nan),
                                         .init(x: 4, y: 7), .init(x: 5, y: 8)]
        let text = chart([.init(name: "A", points: points)]).svg()
        let svg = try SVGElements.parse(text)
        #expect(svg.all("polyline").count == 2)
        #expect(!text.contains("nan") && !text.contains("inf"))
        let lowest = svg.all("polyline").flatMap { SVGElements.points($0["points"]) }.map(\.1).max()!
        let zero = svg.all("line").compactMap { Double($0["y1"] ?? "") }.max()!  // the x axis, at y = 0
        #expect(lowest < zero)
    }

    @Test func whiskersMarkEachPointsInterval() throws {
        var chart = chart([.init(name: "A", points: [.init(x: 1, y: 5, low: 4, high: 6), .init(x: 2, y: 7, low: 5, high: 9)])])
        chart.intervals = .whiskers
        let svg = try SVGElements.parse(chart.svg())
        #expect(svg.all("circle").count == 2)
        let vertical = svg.all("line").filter { $0["x1"] == $0["x2"] && $0["stroke-width"] == "1.5" }
        #expect(vertical.count == 2)
        let spans = vertical.map { abs(Double($0["y1"]!)! - Double($0["y2"]!)!) }
        #expect(abs(spans[1] / spans[0] - 2) < 0.05)  // intervals of width 2 and 4
    }

    @Test func anEmptyChartStillRenders() throws {
        _ = try SVGElements.parse(chart([]).svg())
        _ = try SVGElements.parse(chart([.init(name: "A", points: [.init(x: 0, y: nil)])]).svg())
    }
}

@Suite struct IntervalChartTests {
    @Test func differencesSitOnEitherSideOfTheReferenceLine() throws {
        let chart = IntervalChart(title: "B - A", valueTitle: "days", rows: [
            .init(label: "shorter", value: -8, low: -11, high: -5),
            .init(label: "longer", value: 3, low: 1, high: 5),
            .init(label: "empty", value: nil),
        ], style: .dots, reference: 0)
        let svg = try SVGElements.parse(chart.svg())
        let dots = svg.all("circle").map { Double($0["cx"]!)! }
        let reference = svg.all("line").first { $0["stroke-width"] == "1.5" && $0["x1"] == $0["x2"] && $0["stroke"] == "#444" }!
        let zero = Double(reference["x1"]!)!
        #expect(dots.count == 2 && dots[0] < zero && dots[1] > zero)
        #expect(svg.texts.contains("no value"))
    }

    @Test func barsStartAtZeroAndAreProportional() throws {
        let chart = IntervalChart(title: "t", valueTitle: "v", rows: [.init(label: "a", value: 10), .init(label: "b", value: 30)])
        let bars = try SVGElements.parse(chart.svg()).all("rect").map { Double($0["width"]!)! }
        #expect(bars.count == 2 && abs(bars[1] / bars[0] - 3) < 0.02)
    }
}

@Suite struct FloorTests {
    @Test func intervalsOfNonNegativeValuesStopAtZero() throws {
        let line = LineChart(title: "t", xTitle: "x", yTitle: "y",
                             series: [.init(name: "A", points: [.init(x: 0, y: 1, low: -3, high: 5), .init(x: 1, y: 2, low: -1, high: 5)])])
        let svg = try SVGElements.parse(line.svg())
        let axisY = svg.all("line").filter { $0["y1"] == $0["y2"] && $0["stroke"] == "#666" }.compactMap { Double($0["y1"]!) }.first!
        let band = SVGElements.points(svg.all("polygon")[0]["points"]).map(\.1)
        #expect(band.max()! <= axisY + 0.05 && abs(band.max()! - axisY) < 0.05)  // the band's lowest edge is the axis, zero
        #expect(!svg.texts.contains { $0.hasPrefix("-") })  // no negative tick

        let bars = IntervalChart(title: "t", valueTitle: "v", rows: [.init(label: "a", value: 1, low: -2, high: 4)])
        #expect(!(try SVGElements.parse(bars.svg())).texts.contains { $0.hasPrefix("-") })
        // Differences keep their whole interval.
        let dots = IntervalChart(title: "t", valueTitle: "v", rows: [.init(label: "a", value: 1, low: -2, high: 4)], style: .dots, reference: 0)
        #expect((try SVGElements.parse(dots.svg())).texts.contains { $0.hasPrefix("-") })
    }
}

@Suite struct LayoutTests {
    @Test func longTextIsCutToFitTheImageWithAnEllipsis() throws {
        let long = String(repeating: "a very long name ", count: 12)
        var chart = LineChart(title: long, xTitle: long, yTitle: "y",
                              series: [.init(name: long + "A", points: [.init(x: 0, y: 1)]), .init(name: "B", points: [.init(x: 1, y: 2)])])
        chart.width = 460
        let svg = try SVGElements.parse(chart.svg())
        let cut = svg.texts.filter { $0.hasSuffix("…") }
        #expect(cut.count == 3)  // title, x title, legend entry
        #expect(svg.texts.contains("B"))
        let rows = IntervalChart(title: "t", valueTitle: "v", rows: [.init(label: long, value: 1), .init(label: "short", value: 2)])
        let labels = try SVGElements.parse(rows.svg()).texts
        #expect(labels.contains("short") && labels.contains { $0.hasSuffix("…") && $0.count < long.count })
    }

    @Test func namedTicksAtBothEndsStayInsideThePlot() throws {
        var chart = LineChart(title: "t", xTitle: "archetype", yTitle: "y",
                              series: [.init(name: "A", points: (0..<3).map { .init(x: Double($0), y: 1) })])
        chart.xTicks = [(0, "desert"), (1, "balanced"), (2, "sanitary")]
        let svg = try SVGElements.parse(chart.svg())
        let axis = svg.all("line").filter { $0["y1"] == $0["y2"] && $0["stroke"] == "#666" }.first!
        let (from, to) = (Double(axis["x1"]!)!, Double(axis["x2"]!)!)
        // Text elements and their texts come in the same order.
        let ends = zip(svg.all("text"), svg.texts).filter { ["desert", "sanitary"].contains($0.1) }
        #expect(ends.count == 2)
        for (attributes, label) in ends {
            let x = Double(attributes["x"]!)!, half = Double(label.count) * 11 * 0.56 / 2  // 11 px tick labels
            #expect(x - half > from - 1 && x + half < to + 1, "\(label) at \(x) on an axis from \(from) to \(to)")
        }
    }
}

@Suite struct HeatMapTests {
    /// Cells meeting the target carry a check mark, and the contour is exactly the edges between
    /// a cell that meets it and a neighbour that does not.
    @Test func theContourRunsBetweenCellsThatMeetTheTargetAndThoseThatDoNot() throws {
        let meets = [[false, true, true], [false, true, true], [false, false, true]]  // meets[row][column], row 0 at the bottom
        var map = HeatMap(title: "share", xTitle: "FTE", yTitle: "readability", columns: ["1", "2", "3"], rows: ["a", "b", "c"],
                          values: [[0.5, 0.9, 0.95], [0.55, 0.85, 0.97], [0.6, nil, 0.99]])
        map.meets = meets
        let svg = try SVGElements.parse(map.svg())
        #expect(svg.texts.filter { $0 == "✓" }.count == 5 + 1)  // five cells and the legend
        func key(_ a: (Double, Double), _ b: (Double, Double)) -> String {
            let r = { (x: Double) in String(format: "%.1f", x) }
            return [a, b].map { "\(r($0.0)),\(r($0.1))" }.sorted().joined(separator: "-")
        }
        let drawn = Set(svg.all("line").filter { $0["stroke-width"] == "3" }.compactMap { l -> String? in
            guard let x1 = Double(l["x1"]!), let y1 = Double(l["y1"]!), let x2 = Double(l["x2"]!), let y2 = Double(l["y2"]!) else { return nil }
            return key((x1, y1), (x2, y2))
        })
        // The expected edges, from the cells' frames.
        var expected = Set<String>()
        for r in 0..<3 {
            for c in 0..<3 where meets[r][c] {
                let f = map.cellFrame(row: r, column: c)
                let round = { (x: Double) in (x * 10).rounded() / 10 }
                let (x0, x1, yTop, yBottom) = (round(f.x), round(f.x + f.width), round(f.y), round(f.y + f.height))
                if r + 1 < 3, !meets[r + 1][c] { expected.insert(key((x0, yTop), (x1, yTop))) }
                if r > 0, !meets[r - 1][c] { expected.insert(key((x0, yBottom), (x1, yBottom))) }
                if c > 0, !meets[r][c - 1] { expected.insert(key((x0, yTop), (x0, yBottom))) }
                if c + 1 < 3, !meets[r][c + 1] { expected.insert(key((x1, yTop), (x1, yBottom))) }
            }
        }
        // The legend's sample of the contour is the one other thick line.
        #expect(expected.count == 4)
        #expect(expected.isSubset(of: drawn) && drawn.count == expected.count + 1, "drawn \(drawn), expected \(expected)")
        #expect(svg.texts.contains("no value"))
    }

    @Test func darkerCellsAreLowerValues() {
        let (low, high) = (HeatMap.colour(0), HeatMap.colour(1))
        #expect(low.light && !high.light)
    }
}

@Suite struct ZeroAxisTests {
    /// A series of nothing but zeros (no wait at all) gets an axis from 0 to 1, not from -1 to 1.
    @Test func allZeroSeriesHaveAnAxisFromZeroToOne() throws {
        var line = LineChart(title: "waits", xTitle: "month", yTitle: "days",
                             series: [LineChart.Series(name: "T", points: (0..<6).map { LineChart.Point(x: Double($0), y: 0, low: 0, high: 0) })])
        line.xTicks = (0..<6).map { (Double($0), "2027-0\($0 + 1)") }
        // The numbers an image writes (tick labels, a heat map's scale and cells): from 0 to 1.
        func range(_ svg: String) throws -> ClosedRange<Double>? {
            let numbers = try SVGElements.parse(svg).texts.compactMap { Double($0) }
            guard let low = numbers.min(), let high = numbers.max() else { return nil }
            return low...high
        }
        #expect(try range(line.svg()) == 0...1)
        let bars = IntervalChart(title: "unmet", valueTitle: "per year", rows: [IntervalChart.Row(label: "T", value: 0, low: 0, high: 0)])
        #expect(try range(bars.svg()) == 0...1)
        let map = HeatMap(title: "t", xTitle: "x", yTitle: "y", columns: ["a"], rows: ["b"], values: [[0]])
        #expect(try range(map.svg()) == 0...1)
    }
}
