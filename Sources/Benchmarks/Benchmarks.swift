import CareModel
import Engine
import Foundation
import Randomness
import ReferenceQueue
import Scenarios

/// One figure printed by `dacsim bench`.
public struct Figure: Sendable {
    public let name: String
    public let value: Double
    public let note: String

    public var line: String {
        let number = value >= 1000 ? String(format: "%.0f", value) : String(format: "%.4f", value)
        return name.padding(toLength: 24, withPad: " ", startingAt: 0)
            + String(repeating: " ", count: max(0, 14 - number.count)) + number + "  " + note
    }
}

/// The engine's performance benchmarks. Each is run `repeats` times and the best time kept,
/// since the fastest run is the one least disturbed by the rest of the machine.
public enum Benchmarks {
    public static func all(repeats: Int = 5, seed: UInt64 = 1) -> [Figure] {
        mmc(repeats: repeats, seed: seed) + hold(pending: 10_000, repeats: repeats, seed: seed)
            + hold(pending: 1_000_000, repeats: repeats, seed: seed)
    }

    /// The M/M/10 queue (lambda 9 per hour, mu 1 per hour, 200,000 customers) through the
    /// engine's calendar and pool with GSL draws: the model SimPy and Ciw run in scripts/bench-peers.
    public static func mmc(customers: Int = 200_000, repeats: Int = 5, seed: UInt64 = 1) -> [Figure] {
        let model = SingleStation(servers: 10, arrivalRate: 9, service: try! .exponential(rate: 1), arrivals: customers)
        var best = Double.infinity
        var run: SingleStation.Observation?
        for r in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            run = model.run(seed: seed, replication: r)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return [
            Figure(name: "mm10.customers_per_s", value: Double(customers) / best,
                   note: "M/M/10, lambda 9/h, mu 1/h, \(customers) customers, best of \(repeats)"),
            Figure(name: "mm10.events_per_s", value: Double(run!.events) / best, note: "arrivals and departures"),
            Figure(name: "mm10.mean_wait_h", value: run!.pool.waits.mean, note: "last run; Erlang C gives 0.6687"),
        ]
    }

    /// The hold model: take the earliest event and schedule a new one an exponential time later,
    /// keeping `pending` events in the calendar.
    public static func hold(pending: Int, operations: Int = 2_000_000, repeats: Int = 5, seed: UInt64 = 1) -> [Figure] {
        let stream = RandomStream(key: seed)
        let increment = try! Distribution.exponential(mean: 1)
        var best = Double.infinity
        for _ in 0..<repeats {
            var calendar = EventCalendar<Int32>()
            calendar.reserveCapacity(pending)
            for _ in 0..<pending { calendar.schedule(0, at: increment.sample(stream)) }
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<operations {
                let event = calendar.next()!
                calendar.schedule(event.payload, at: event.time + increment.sample(stream))
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let label = pending >= 1_000_000 ? "\(pending / 1_000_000)m" : "\(pending / 1000)k"
        return [Figure(name: "hold.\(label).events_per_s", value: Double(operations) / best,
                       note: "calendar hold model, \(pending) pending, best of \(repeats)")]
    }
}

extension Benchmarks {
    /// One replication of a scenario on one core: seconds, events per second and the process's
    /// peak memory so far (the national scenario's targets: 10 s and 1 GiB; docs/benchmarks.md).
    public static func scenario(_ scenario: Scenario, label: String) -> [Figure] {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = CareSimulation.replicate(config: scenario.model, monthStarts: scenario.monthStarts, seed: scenario.run.seed,
                                              replication: 0)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let years = scenario.run.horizon / 365.25
        return [
            Figure(name: "\(label).seconds", value: seconds,
                   note: "one replication, \(scenario.model.territories.count) territories, \(String(format: "%.0f", years)) years, one core"),
            Figure(name: "\(label).events_per_s", value: Double(result.events) / seconds, note: "\(result.events) events"),
            Figure(name: "\(label).persons", value: Double(result.created), note: "persons created"),
            Figure(name: "\(label).persons_at_end", value: Double(result.stillIn), note: "persons still in the model at the end"),
            Figure(name: "peak_memory_mib", value: Double(usage.ru_maxrss) / 1024, note: "peak resident memory of the process"),
        ]
    }
}
