import Experiments
import Foundation
import Randomness
import Scenarios

/// A committed record of a scenario's results, for regression checks: a few `# key: value` header
/// lines (version, seed, replications, scenario hash) above the summary CSV.
public struct Baseline: Sendable {
    public let version: String
    public let seed: UInt64
    public let replications: Int
    public let scenarioHash: String
    /// The summary CSV, header line included.
    public let summary: String

    public struct Unreadable: Error, CustomStringConvertible {
        public let description: String
    }

    public init(version: String, seed: UInt64, replications: Int, scenarioHash: String, summary: String) {
        self.version = version
        self.seed = seed
        self.replications = replications
        self.scenarioHash = scenarioHash
        self.summary = summary
    }

    public init(scenario: Scenario, summary: ExperimentSummary, seed: UInt64, version: String) {
        self.init(version: version, seed: seed, replications: summary.values.first?.first?.count ?? 0,
                  scenarioHash: scenario.sourcesHash, summary: ResultsWriter.summaryCSV(summary))
    }

    /// Writes the baseline under a temporary name, then renames it into place.
    public func write(to file: String) throws {
        try ResultsWriter.writeWhole(text, to: URL(fileURLWithPath: file))
    }

    public var text: String {
        "# dacsim_version: \(version)\n# seed: \(seed)\n# replications: \(replications)\n# scenario_sha256: \(scenarioHash)\n"
            + summary
    }

    static let headerKeys = ["dacsim_version", "seed", "replications", "scenario_sha256"]
    static let summaryHeader = "territory,metric,mean,sd,ci_low,ci_high,replications"

    /// Reads a baseline strictly: any damage (a file cut short, a missing or extra header line, a
    /// row with a cell too many, stray spaces) is bad input, never a drift. Windows line endings
    /// are read as plain ones.
    public static func read(file: String) throws -> Baseline {
        guard let raw = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw Unreadable(description: "\(file): cannot read the baseline (no such file, or not text); "
                             + "create it with dacsim check --update")
        }
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
        func bad(_ line: Int, _ message: String) -> Unreadable { Unreadable(description: "\(file):\(line): \(message)") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard text.hasSuffix("\n") else {
            throw bad(lines.count, "the file ends in the middle of a line (cut short?); write it anew with dacsim check --update")
        }
        var header: [String: String] = [:]
        for (n, key) in headerKeys.enumerated() {
            let prefix = "# \(key): "
            guard n < lines.count, lines[n].hasPrefix(prefix), !lines[n].dropFirst(prefix.count).isEmpty,
                  lines[n].trimmingCharacters(in: .whitespaces) == lines[n] else {
                throw bad(n + 1, "expected the header line '\(prefix)...' (the header is \(headerKeys.map { "# \($0):" }.joined(separator: ", ")), in that order)")
            }
            header[key] = String(lines[n].dropFirst(prefix.count))
        }
        guard let seed = UInt64(header["seed"]!) else { throw bad(2, "expected a seed from 0 to \(UInt64.max)") }
        guard let replications = Int(header["replications"]!), RunSettings.replicationRange.contains(replications) else {
            throw bad(3, "expected a number of replications from \(RunSettings.replicationRange.lowerBound) to "
                      + "\(RunSettings.replicationRange.upperBound)")
        }
        let hash = header["scenario_sha256"]!
        guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else { throw bad(4, "expected a SHA-256 (64 hexadecimal digits)") }
        let body = lines.dropFirst(headerKeys.count).dropLast()  // the last element is the empty text after the final newline
        guard body.first == Substring(summaryHeader) else {
            throw bad(headerKeys.count + 1, "expected the summary CSV header '\(summaryHeader)'")
        }
        guard body.count > 1 else { throw bad(headerKeys.count + 2, "the baseline holds no results") }
        for (offset, line) in body.dropFirst().enumerated() {
            let n = headerKeys.count + 2 + offset
            let cells = Self.cells(String(line))
            guard cells.count == 7 else { throw bad(n, "expected 7 values (\(summaryHeader)), found \(cells.count)") }
            guard cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces) == $0 }), !cells[0].isEmpty, !cells[1].isEmpty else {
                throw bad(n, "a territory and a metric, then values without spaces around them")
            }
            for cell in cells[2...5] where !cell.isEmpty && Double(cell) == nil {
                throw bad(n, "expected a number or nothing, found \"\(cell)\"")
            }
            guard let count = Int(cells[6]), count >= 1 else { throw bad(n, "expected a number of replications, found \"\(cells[6])\"") }
        }
        return Baseline(version: header["dacsim_version"]!, seed: seed, replications: replications, scenarioHash: hash,
                        summary: body.joined(separator: "\n") + "\n")
    }

    /// Whether a new run must match this baseline value for value: only when the same version
    /// wrote it (the run uses the baseline's seed and replications, whatever the scenario says).
    public func isIdenticalCheck(version: String) -> Bool { self.version == version }

    /// What `check` says besides its verdict, drift or not, about `now` (the new run, with the
    /// baseline's seed) against this baseline; `scenarioSeed` is the scenario's `run.seed`.
    /// A baseline of another version is said to be one, and how it is compared: a new version may
    /// draw other random numbers (0.3.0 fills every stream's state from a 64-bit key) or change
    /// the model, so value-for-value equality cannot be asked of it.
    public func notes(checking now: Baseline, scenarioSeed: UInt64) -> [String] {
        var notes: [String] = []
        if !isIdenticalCheck(version: now.version) {
            notes.append("note: the baseline was written by dacsim \(version) and this is dacsim \(now.version): "
                         + "each mean is compared with the baseline's within the interval of their difference, not value for value "
                         + "(another version may draw other random numbers); once the differences are understood, "
                         + "write the baseline anew with --update")
        }
        if scenarioSeed != seed {
            notes.append("note: the baseline was written with seed \(seed) and the scenario's run.seed is now \(scenarioSeed): "
                         + "the check runs with the baseline's seed")
        }
        if scenarioHash != now.scenarioHash {
            notes.append("note: the scenario file, or a file it extends, has changed since the baseline was written")
        }
        return notes
    }

    /// One metric that moved.
    public struct Drift: Sendable {
        public let territory: String
        public let metric: String
        public let baseline: String
        public let now: String
        public let tolerance: String
    }

    /// What differs between this baseline and a new summary: every value when the runs should be
    /// identical (same version and seed). Otherwise each mean is compared with the baseline's by
    /// the confidence interval of their difference (Welch), at a level corrected for the number
    /// of metrics (Bonferroni, 5% for the whole set): a mean outside the baseline's own interval
    /// happens by chance for one metric in ten, so across dozens of metrics a check on that
    /// alone would almost always report a false drift.
    public func drifts(from now: String, identical: Bool, familyLevel: Double = 0.05) -> [Drift] {
        func rows(_ csv: String) -> [String: [String]] {
            var result: [String: [String]] = [:]
            for line in csv.split(separator: "\n").dropFirst() {
                let cells = Self.cells(String(line))
                guard cells.count == 7 else { continue }
                result[cells[0] + "\u{1F}" + cells[1]] = cells
            }
            return result
        }
        let old = rows(summary), new = rows(now)
        let compared = max(1, old.keys.filter { new[$0] != nil }.count)
        var drifts: [Drift] = []
        for key in old.keys.sorted() + new.keys.filter({ old[$0] == nil }).sorted() {
            let o = old[key], n = new[key]
            let cells = (o ?? n)!
            let territory = cells[0], metric = cells[1]
            guard let o, let n else {
                drifts.append(Drift(territory: territory, metric: metric, baseline: o?[2] ?? "(none)", now: n?[2] ?? "(none)",
                                    tolerance: "present in both"))
                continue
            }
            if identical {
                if o != n { drifts.append(Drift(territory: territory, metric: metric, baseline: o[2], now: n[2], tolerance: "identical")) }
            } else if o[2] != n[2] && (Double(o[2]) == nil || Double(n[2]) == nil) {
                // A value that appeared or vanished (an empty cell: nothing to average).
                drifts.append(Drift(territory: territory, metric: metric, baseline: o[2], now: n[2], tolerance: "both defined"))
            } else if let m1 = Double(o[2]), let m2 = Double(n[2]) {
                let s1 = Double(o[3]) ?? 0, s2 = Double(n[3]) ?? 0
                let n1 = Double(o[6]) ?? 1, n2 = Double(n[6]) ?? 1
                let v1 = s1 * s1 / n1, v2 = s2 * s2 / n2
                let se = (v1 + v2).squareRoot()
                guard n1 >= 2, n2 >= 2, se > 0 else {
                    if m1 != m2 {
                        drifts.append(Drift(territory: territory, metric: metric, baseline: o[2], now: n[2], tolerance: "equal (no spread)"))
                    }
                    continue
                }
                let df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
                let allowed = StudentT.quantile(1 - familyLevel / (2 * Double(compared)), degreesOfFreedom: df) * se
                if abs(m2 - m1) > allowed {
                    drifts.append(Drift(territory: territory, metric: metric, baseline: o[2], now: n[2],
                                        tolerance: "difference within ±" + ResultsWriter.number(allowed)))
                }
            }
        }
        return drifts
    }

    /// Splits a CSV line, honouring quotes.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if c == "\"" {
                if quoted, let next = iterator.next() {
                    if next == "\"" { cell.append("\"") } else {
                        quoted = false
                        if next == "," { cells.append(cell); cell = "" } else { cell.append(next) }
                    }
                } else { quoted.toggle() }
            } else if c == "," && !quoted {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(c)
            }
        }
        cells.append(cell)
        return cells
    }

    public static func render(_ drifts: [Drift]) -> String {
        TerminalTable.render(header: ["territory", "metric", "baseline", "now", "tolerance"],
                             rows: drifts.map { [$0.territory, $0.metric, $0.baseline, $0.now, $0.tolerance] }, leftColumns: 2)
    }
}
