import Foundation

/// A CSV file of the results, read whole: its header and rows of text cells.
struct CSVTable {
    let file: String
    let header: [String]
    let rows: [[String]]

    init(file: URL) throws {
        self.file = file.path
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw Report.Problem(description: "cannot read \(file.path)")
        }
        // Any line ending: a file saved on Windows ends its lines with CR LF.
        let lines = text.split(whereSeparator: \.isNewline).map { Baseline.cells(String($0)) }
        guard let header = lines.first else { throw Report.Problem(description: "\(file.path) is empty") }
        for (n, row) in lines.enumerated() where row.count != header.count {
            throw Report.Problem(description: "\(file.path), line \(n + 1): \(row.count) cells where the header has \(header.count)")
        }
        self.header = header
        rows = Array(lines.dropFirst())
    }

    /// The index of a column, or an error naming the file and the column it lacks.
    func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw Report.Problem(description: "\(file) has no column \"\(name)\" (is it a dacsim results file?)")
        }
        return index
    }
}

/// What a report is built from: a finished results directory of `dacsim run`, `compare` or
/// `sweep` or `optimise` (the manifest is written last, so one without a manifest is unfinished).
struct ResultsDirectory {
    enum Kind: String { case run, compare = "comparison", sweep, optimisation, calibration, uncertaintyComparison = "comparison under uncertainty" }

    let url: URL
    /// The directory as the user named it, for the report to say where its numbers are.
    let path: String
    let kind: Kind
    let manifest: [String: Any]
    /// `scenario.csv`: (side, territory, item) -> value; empty for results written before it existed.
    let scenario: [String: [String: [String: String]]]
    /// Each side's territories in the order the scenario lists them.
    let territoryNames: [String: [String]]

    init(path: String) throws {
        url = URL(fileURLWithPath: path)
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Report.Problem(description: "\(path): no such results directory")
        }
        let manifestURL = url.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: manifestURL) else {
            throw Report.Problem(description: "\(path) has no manifest.json: it holds no finished run, comparison or sweep")
        }
        guard let manifest = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Report.Problem(description: "\(manifestURL.path) is not a JSON object")
        }
        self.manifest = manifest
        // The manifest says what the directory holds: files of an earlier command may linger beside it.
        if manifest["optimisation_file"] != nil {
            kind = .optimisation
        } else if manifest["calibration_file"] != nil {
            kind = .calibration
        } else if manifest["sweep_file"] != nil {
            kind = .sweep
        } else if manifest["uncertainty_comparison"] != nil {
            kind = .uncertaintyComparison
        } else if manifest["a_scenario"] != nil {
            kind = .compare
        } else if manifest["scenario"] != nil {
            kind = .run
        } else {
            throw Report.Problem(description: "\(manifestURL.path) is not the manifest of a dacsim run, comparison or sweep")
        }
        var scenario: [String: [String: [String: String]]] = [:], names: [String: [String]] = [:]
        let description = url.appendingPathComponent(ScenarioDescription.file)
        if FileManager.default.fileExists(atPath: description.path) {
            let table = try CSVTable(file: description)
            let (s, t, i, v) = (try table.column("side"), try table.column("territory"), try table.column("item"), try table.column("value"))
            for row in table.rows {
                if !row[t].isEmpty && scenario[row[s]]?[row[t]] == nil { names[row[s], default: []].append(row[t]) }
                scenario[row[s], default: [:]][row[t], default: [:]][row[i]] = row[v]
            }
        }
        self.scenario = scenario
        territoryNames = names
    }

    func table(_ name: String) throws -> CSVTable { try CSVTable(file: url.appendingPathComponent(name)) }

    func text(_ key: String) -> String? {
        switch manifest[key] {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        case let list as [Any]: list.map { "\($0)" }.joined(separator: ", ")
        default: nil
        }
    }
}

/// Means with their 95% interval, by (territory, metric), from `summary.csv` or a sweep cell's rows.
struct Estimate {
    let mean: Double?
    let low: Double?
    let high: Double?

    init(mean: String, low: String, high: String) {
        self.mean = Double(mean)
        self.low = Double(low)
        self.high = Double(high)
    }

    init(mean: Double?, low: Double?, high: Double?) {
        self.mean = mean
        self.low = low
        self.high = high
    }

    /// The estimate with its mean and bounds kept within `range` (a share and its interval
    /// within 0 and 1: a symmetric t interval of a share near 0 or 1 can pass them, a share cannot).
    func clipped(to range: ClosedRange<Double>) -> Estimate {
        let clip = { (x: Double?) in x.map { min(max($0, range.lowerBound), range.upperBound) } }
        return Estimate(mean: clip(mean), low: clip(low), high: clip(high))
    }

    func scaled(_ factor: Double) -> Estimate {
        Estimate(mean: mean.map { $0 * factor }, low: low.map { $0 * factor }, high: high.map { $0 * factor })
    }
}
