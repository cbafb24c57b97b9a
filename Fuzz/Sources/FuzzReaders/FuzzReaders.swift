import Foundation
import Scenarios

/// With FUZZ_PRINT_ERRORS set, each reader's answer is printed: to see what an input replayed
/// alone does (`FUZZ_PRINT_ERRORS=1 .build-fuzz/release/FuzzReaders FILE`).
let printAnswers = ProcessInfo.processInfo.environment["FUZZ_PRINT_ERRORS"] != nil

/// A valid scenario that the sweeps read by the fuzzer lay their axes over, whatever their
/// `base` says: two territories, one with a device with staffing changes, so that key paths into
/// lists reach something.
let sweepBase = try! ScenarioValue.parse("""
    name: fuzz base
    run: {start: 2026-01-01, horizon: 2 years, warm_up: 6 months, replications: 2, seed: 3}
    territories:
      - name: A
        archetype: balanced
        population: {under_60: 300000, from_60_to_74: 120000, from_75: 80000}
        convergence: {date: 2027-01-01}
      - name: B
        archetype: desert
        population: {under_60: 1000, from_60_to_74: 100, from_75: 100}
        devices:
          - name: P
            kind: pta
            front_desk: {staff: 1}
            coordination: {fte: 2}
            staffing: [{date: 2026-06-01, role: coordination, fte: 3}]
    """, file: "scenarios/fuzz-base.yaml")

/// The sweep reader checks every cell by reading the whole scenario with its values, a few
/// milliseconds each (tens under the sanitizers): a sweep of thousands of cells takes long by
/// design, which is no finding. A sweep with more cells than this is read without that check.
let valuesChecked = 20

struct TooManyValuesToCheck: Error {}

/// About how many cells the axes of a sweep make: the product of the values of each `values`
/// list, and of each `range` whose from, to and step are plain numbers.
func axisValueCount(_ document: ScenarioValue, lines: Int) -> Int {
    func value(_ key: String, in node: ScenarioValue) -> ScenarioValue? {
        guard case .mapping(let pairs) = node.content else { return nil }
        return pairs.first { $0.key == key }?.value
    }
    func number(_ key: String, in node: ScenarioValue) -> Double? {
        guard let x = value(key, in: node), case .scalar(let text) = x.content else { return nil }
        return Double(text.replacingOccurrences(of: "_", with: ""))
    }
    // A generated design makes as many cells as its points; a points file (the input itself,
    // below) about as many as its lines.
    if let design = value("design", in: document) {
        if value("points", in: design) != nil { return lines }
        return ["latin_hypercube", "sobol"].compactMap { number($0, in: design) }.map { $0.isFinite ? Int(min(max($0, 0), 1e6)) : 0 }.max() ?? 0
    }
    // An optimisation's decision variables make a grid as a sweep's axes do.
    guard let axes = value("axes", in: document) ?? value("decision", in: document), case .sequence(let items) = axes.content
    else { return 0 }
    var count = 1
    for item in items {
        if let values = value("values", in: item), case .sequence(let list) = values.content {
            count *= max(1, list.count)
        } else if let range = value("range", in: item), let from = number("from", in: range),
                  let to = number("to", in: range), let step = number("step", in: range), step > 0 {
            let steps = (to - from) / step
            count *= steps.isFinite && steps >= 0 ? Int(min(steps, 1e6)) + 1 : 1
        }
        count = min(count, 1_000_000)
    }
    return count
}

/// One input: its bytes as the text of a scenario file, of a sweep file, of an optimisation file, of a calibration file and of a design's points file. Errors thrown for bad
/// input are the expected outcome; only a crash, a trap, a sanitizer report, a timeout or running
/// out of memory is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // A file that is not UTF-8 is refused before it is parsed, as `ScenarioValue.load` does.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    // A points file is CSV, not YAML: read before the YAML parser turns the input away.
    do {
        let (keys, points) = try PointsFile.read(Data(text.utf8), file: "scenarios/sweeps/points.csv")
        answer("points", "read, \(points.count) points of \(keys.count) keys")
    } catch {
        answer("points", "\(error)")
    }
    let document: ScenarioValue
    do {
        document = try ScenarioValue.parse(text, file: "scenarios/fuzz.yaml")
    } catch {
        answer("YAML", "\(error)")
        return 0
    }
    do {
        let scenario = try Scenario.read(document, file: "scenarios/fuzz.yaml")
        answer("scenario", "read \"\(scenario.name)\"")
    } catch {
        answer("scenario", "\(error)")
    }
    // The base of a sweep or an optimisation: always `sweepBase`, or an error when the grid is too
    // large for its cells to be checked.
    let checked = axisValueCount(document, lines: text.split(separator: "\n").count) <= valuesChecked
    let loadBase = { (_: String) throws -> (value: ScenarioValue, sources: [SourceFile]) in
        guard checked else { throw TooManyValuesToCheck() }
        return (sweepBase, [SourceFile(path: "scenarios/fuzz-base.yaml", sha256: String(repeating: "0", count: 64))])
    }
    do {
        let sweep = try SweepFile.read(document, file: "scenarios/sweeps/fuzz.yaml",
                                       source: SourceFile(path: "scenarios/sweeps/fuzz.yaml", bytes: Data(text.utf8)),
                                       loadBase: loadBase, loadPoints: { _ in
            // A design's points file, whatever its name: the input itself, read as CSV too.
            Data(text.utf8)
        })
        answer("sweep", "read, \(sweep.cellCount) cells of \(sweep.keys.count) keys")
    } catch {
        answer("sweep", "\(error)")
    }
    do {
        let problem = try OptimisationFile.read(document, file: "scenarios/optimise/fuzz.yaml",
                                                source: SourceFile(path: "scenarios/optimise/fuzz.yaml", bytes: Data(text.utf8)),
                                                loadBase: loadBase)
        answer("optimisation", "read, \(problem.grid.cellCount) candidates, \(problem.constraints.count) constraints")
    } catch {
        answer("optimisation", "\(error)")
    }
    do {
        // A calibration checks only the corners of its prior box: two scenarios whatever its size.
        let calibration = try CalibrationFile.read(document, file: "scenarios/fuzz-calibration.yaml",
                                                   source: SourceFile(path: "scenarios/fuzz-calibration.yaml", bytes: Data(text.utf8)),
                                                   loadBase: { _ in
            (sweepBase, [SourceFile(path: "scenarios/fuzz-base.yaml", sha256: String(repeating: "0", count: 64))])
        })
        answer("calibration", "read, \(calibration.parameters.count) parameters, \(calibration.targets.count) targets")
    } catch {
        answer("calibration", "\(error)")
    }
    return 0
}

func answer(_ reader: String, _ text: @autoclosure () -> String) {
    if printAnswers { print("\(reader): \(text())") }
}
