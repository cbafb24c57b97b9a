import CareModel
import CGSL
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

    public init(name: String, value: Double, note: String) {
        self.name = name
        self.value = value
        self.note = note
    }

    public var line: String {
        let number = value >= 1000 ? String(format: "%.0f", value) : String(format: "%.4f", value)
        return name.padding(toLength: 28, withPad: " ", startingAt: 0)
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
    /// Each repeat also runs `HandWrittenMMc`, the same queue in a loop of its own with no
    /// statistics, so that the ratio of the two is measured on the same machine at the same time.
    public static func mmc(customers: Int = 200_000, repeats: Int = 5, seed: UInt64 = 1) -> [Figure] {
        let model = SingleStation(servers: 10, arrivalRate: 9, service: try! .exponential(rate: 1), arrivals: customers)
        let limit = HandWrittenMMc(servers: 10, arrivalRate: 9, serviceRate: 1, customers: customers)
        var best = Double.infinity, bestLimit = Double.infinity
        var run: SingleStation.Observation?
        for r in 0..<repeats {
            var start = DispatchTime.now().uptimeNanoseconds
            run = model.run(seed: seed, replication: r)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            start = DispatchTime.now().uptimeNanoseconds
            let events = limit.run(seed: seed &+ UInt64(r))
            bestLimit = min(bestLimit, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            precondition(events == 2 * customers, "the hand-written M/M/10 lost a customer")
        }
        return [
            Figure(name: "mm10.customers_per_s", value: Double(customers) / best,
                   note: "M/M/10, lambda 9/h, mu 1/h, \(customers) customers, best of \(repeats)"),
            Figure(name: "mm10.events_per_s", value: Double(run!.events) / best, note: "arrivals and departures"),
            Figure(name: "mm10.mean_wait_h", value: run!.pool.waits.mean, note: "last run; Erlang C gives 0.6687"),
            Figure(name: "mm10.limit_customers_per_s", value: Double(customers) / bestLimit,
                   note: "the same queue hand-written: binary heap, GSL draws, no statistics, best of \(repeats)"),
            Figure(name: "mm10.ratio_to_limit", value: bestLimit / best, note: "mm10.customers_per_s / mm10.limit_customers_per_s"),
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

/// The M/M/c queue written by hand, as the fastest simple program would: a binary min-heap of
/// (time, sequence) events in one array, GSL exponential draws, counts of busy servers and of
/// people waiting, and no statistics. `dacsim bench` divides the engine's speed by its own.
public struct HandWrittenMMc: Sendable {
    public let servers: Int
    public let arrivalRate: Double
    public let serviceRate: Double
    public let customers: Int

    public init(servers: Int, arrivalRate: Double, serviceRate: Double, customers: Int) {
        self.servers = servers
        self.arrivalRate = arrivalRate
        self.serviceRate = serviceRate
        self.customers = customers
    }

    struct Event {
        var time: Double
        var sequence: UInt64
        var isDeparture: Bool

        func precedes(_ other: Event) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    /// Runs until the last customer has left; returns the number of events.
    public func run(seed: UInt64) -> Int {
        let arrivals = gsl_rng_alloc(dacsim_gsl_rng_mt19937())!, service = gsl_rng_alloc(dacsim_gsl_rng_mt19937())!
        defer { gsl_rng_free(arrivals); gsl_rng_free(service) }
        gsl_rng_set(arrivals, UInt(truncatingIfNeeded: seed))
        gsl_rng_set(service, UInt(truncatingIfNeeded: seed &+ 1))
        let arrivalMean = 1 / arrivalRate, serviceMean = 1 / serviceRate
        var heap: [Event] = []
        heap.reserveCapacity(servers + 1)
        var sequence: UInt64 = 0

        func push(_ time: Double, departure: Bool) {
            var hole = heap.count
            let event = Event(time: time, sequence: sequence, isDeparture: departure)
            sequence += 1
            heap.append(event)
            while hole > 0 {
                let parent = (hole - 1) / 2
                if !event.precedes(heap[parent]) { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = event
        }

        func pop() -> Event? {
            guard let last = heap.popLast() else { return nil }
            guard let top = heap.first else { return last }
            let count = heap.count
            var hole = 0
            while true {
                var child = 2 * hole + 1
                if child >= count { break }
                if child + 1 < count && heap[child + 1].precedes(heap[child]) { child += 1 }
                if !heap[child].precedes(last) { break }
                heap[hole] = heap[child]
                hole = child
            }
            heap[hole] = last
            return top
        }

        var arrived = 0, busy = 0, waiting = 0, events = 0
        push(gsl_ran_exponential(arrivals, arrivalMean), departure: false)
        while let event = pop() {
            events += 1
            if event.isDeparture {
                if waiting > 0 {
                    waiting -= 1
                    push(event.time + gsl_ran_exponential(service, serviceMean), departure: true)
                } else {
                    busy -= 1
                }
            } else {
                arrived += 1
                if busy < servers {
                    busy += 1
                    push(event.time + gsl_ran_exponential(service, serviceMean), departure: true)
                } else {
                    waiting += 1
                }
                if arrived < customers { push(event.time + gsl_ran_exponential(arrivals, arrivalMean), departure: false) }
            }
        }
        return events
    }
}
