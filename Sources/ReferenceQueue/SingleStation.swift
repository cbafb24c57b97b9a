import Engine
import Randomness

/// A single queueing station built on the engine's public API: Poisson arrivals, c slots, a
/// service distribution, an optional patience (abandonment) and wait-list cap. It reduces the
/// engine to the textbook queues (M/M/c, M/G/c/c, M/M/c+M, M/G/infinity) whose results are known,
/// for the verification tests and the benchmark.
public struct SingleStation: Sendable {
    public var servers: Int
    public var arrivalRate: Double
    public var service: Distribution
    public var patience: Distribution?
    public var waitListCap: Int?
    /// Statistics are reset at this time (the warm-up is discarded).
    public var warmUp: Double
    /// The run ends at this time, unless `arrivals` stops it first.
    public var horizon: Double
    /// Stop generating arrivals after this many, then run until everyone has left.
    public var arrivals: Int?
    /// Whether to keep every wait that ended after the warm-up, served or cut short by abandonment
    /// (`Observation.waits`); off for the benchmark.
    public var recordsWaits = false

    public init(servers: Int, arrivalRate: Double, service: Distribution, patience: Distribution? = nil,
                waitListCap: Int? = nil, warmUp: Double = 0, horizon: Double = .infinity, arrivals: Int? = nil) {
        self.servers = servers
        self.arrivalRate = arrivalRate
        self.service = service
        self.patience = patience
        self.waitListCap = waitListCap
        self.warmUp = warmUp
        self.horizon = horizon
        self.arrivals = arrivals
    }

    /// What one replication observed after the warm-up.
    public struct Observation: Sendable {
        public var pool: Pool.Statistics
        /// The number waiting over time.
        public var queueLength: TimeWeighted
        public var warmUp: Double
        public var end: Double
        /// Service times drawn for those admitted after the warm-up.
        public var serviceTimes: Tally
        public var events: Int
        /// Waits of those who waited, ended by service or cut short by abandonment (censored),
        /// when `recordsWaits` is set.
        public var waits: CensoredDurations?

        /// The observed span.
        public var span: Double { end - warmUp }
        public var meanBusy: Double { pool.occupied.mean(at: end) }
        public var meanQueueLength: Double { queueLength.mean(at: end) }
    }

    // The wait's start is the pool's to give back: an event of one word and a tag keeps the
    // calendar's entries at 32 bytes.
    enum Event { case arrival, departure, abandonment(WaitTicket), warmUpEnds }

    public func run(seed: UInt64, replication: Int) -> Observation {
        let arrivalStream = RandomStream(baseSeed: seed, replication: replication, name: "arrivals")
        let serviceStream = RandomStream(baseSeed: seed, replication: replication, name: "service")
        let patienceStream = RandomStream(baseSeed: seed, replication: replication, name: "patience")
        let interarrival = try! Distribution.exponential(rate: arrivalRate)
        var calendar = EventCalendar<Event>()
        var pool = Pool(capacity: servers, policy: .init(waitListCap: waitListCap),
                        waitQuantiles: QuantileSketch(resolution: 1e-4, highest: 1e5))
        var serviceTimes = Tally()
        let emptyWaits = recordsWaits ? CensoredDurations(resolution: 1e-4, highest: 1e5) : nil
        var waits = emptyWaits
        var arrived = 0, events = 0
        let lastArrival = arrivals ?? Int.max

        calendar.schedule(.arrival, at: interarrival.sample(arrivalStream))
        if warmUp > 0 { calendar.schedule(.warmUpEnds, at: warmUp) }
        while let event = calendar.next(), event.time <= horizon {
            let time = event.time
            events += 1
            var starts = 0
            switch event.payload {
            case .arrival:
                arrived += 1
                switch pool.request(arrived, at: time) {
                case .admitted: starts = 1
                case .waiting(let ticket):
                    if let patience { calendar.schedule(.abandonment(ticket), at: time + patience.sample(patienceStream)) }
                case .turnedAway: break
                }
                if arrived < lastArrival {
                    calendar.schedule(.arrival, at: time + interarrival.sample(arrivalStream))
                }
            case .departure:
                pool.release(at: time)
                while let admitted = pool.admitNext(at: time) {
                    starts += 1
                    waits?.record(admitted.waited, censored: false)
                }
            case .abandonment(let ticket):
                if let since = pool.abandon(ticket, at: time) { waits?.record(time - since, censored: true) }
            case .warmUpEnds:
                pool.resetStatistics(at: time)
                serviceTimes = Tally()
                waits = emptyWaits
            }
            for _ in 0..<starts {
                let s = service.sample(serviceStream)
                serviceTimes.record(s)
                calendar.schedule(.departure, at: time + s)
            }
        }
        let end = horizon.isFinite ? horizon : calendar.now
        return Observation(pool: pool.statistics, queueLength: pool.waitList.length, warmUp: warmUp,
                           end: end, serviceTimes: serviceTimes, events: events, waits: waits)
    }
}
