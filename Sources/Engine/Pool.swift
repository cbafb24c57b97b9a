/// A pool of identical slots that people occupy one each: the servers of a front desk, or the
/// cases a team can follow at once (a caseload). When no slot is free, people wait in a
/// priority wait list, may be turned away when it is full, and may withdraw from it.
///
/// The pool is passive: it never schedules events itself. Each call tells the caller what
/// happened, and the caller schedules what follows (end of service, abandonment, wake-up).
/// With a working calendar, nobody is admitted while the pool is closed; people already in
/// service finish. `takeWakeUp` gives the opening time at which the caller must call `wake`.
public struct Pool: Sendable {
    public struct Policy: Sendable, Equatable {
        /// Priority classes of the wait list (0 is served first).
        public var priorityClasses: Int
        /// The most people who may wait; nil for no limit, 0 to turn away whoever finds no free slot.
        public var waitListCap: Int?
        public init(priorityClasses: Int = 1, waitListCap: Int? = nil) {
            self.priorityClasses = priorityClasses
            self.waitListCap = waitListCap
        }
    }

    public enum RequestOutcome: Equatable, Sendable {
        case admitted
        case waiting(WaitTicket)
        case turnedAway
    }

    /// What the pool has seen since the start or the last `resetStatistics`.
    public struct Statistics: Sendable {
        public var requests = 0
        public var admitted = 0
        /// Admitted on arrival, without waiting.
        public var admittedAtOnce = 0
        public var turnedAway = 0
        public var abandoned = 0
        public var withdrawn = 0
        public var released = 0
        /// Waits of the admitted, zeros included.
        public var waits = Tally()
        /// Time spent waiting by those who abandoned.
        public var abandonedWaits = Tally()
        public var waitQuantiles: QuantileSketch?
        /// Slots occupied over time.
        public var occupied: TimeWeighted
        /// Capacity over time.
        public var capacity: TimeWeighted
        /// Slots occupied beyond capacity over time: after capacity shrank below the people in
        /// service (nobody is evicted), or after transfers in.
        public var overCapacity: TimeWeighted
    }

    public let policy: Policy
    public let calendar: WorkingCalendar?
    public private(set) var capacity: Int
    public private(set) var occupied = 0
    public private(set) var waitList: WaitList
    public private(set) var statistics: Statistics
    @usableFromInline var wakeUpPending = false

    /// - Parameter waitQuantiles: a sketch to record waits in, or nil to keep only their mean.
    public init(capacity: Int, policy: Policy = Policy(), calendar: WorkingCalendar? = nil,
                waitQuantiles: QuantileSketch? = nil, startTime: Double = 0) {
        precondition(capacity >= 0, "a pool's capacity cannot be negative")
        self.capacity = capacity
        self.policy = policy
        self.calendar = calendar
        waitList = WaitList(priorityClasses: policy.priorityClasses, startTime: startTime)
        statistics = Statistics(waitQuantiles: waitQuantiles,
                                occupied: TimeWeighted(value: 0, at: startTime),
                                capacity: TimeWeighted(value: Double(capacity), at: startTime),
                                overCapacity: TimeWeighted(value: 0, at: startTime))
    }

    public var freeSlots: Int { max(0, capacity - occupied) }
    public var waitingCount: Int { waitList.count }

    func isOpen(at time: Double) -> Bool { calendar?.isOpen(at: time) ?? true }

    /// Someone asks for a slot: admitted at once, put on the wait list, or turned away.
    /// - Parameter since: when the wait began, for someone moved here from another pool's wait
    ///   list (counted as a request again, and never turned away).
    public mutating func request(_ id: Int, priority: Int = 0, at time: Double, since: Double? = nil) -> RequestOutcome {
        statistics.requests += 1
        if occupied < capacity && waitList.isEmpty && isOpen(at: time) {
            statistics.admittedAtOnce += 1
            occupy(waited: time - (since ?? time), at: time)
            return .admitted
        }
        if since == nil, let cap = policy.waitListCap, waitList.count >= cap {
            statistics.turnedAway += 1
            return .turnedAway
        }
        return .waiting(waitList.append(id, priority: priority, at: time, since: since))
    }

    /// Someone already in service elsewhere takes a slot here (a merger of teams): no request,
    /// no wait recorded, and the slot is taken even beyond capacity.
    public mutating func transferIn(at time: Double) {
        occupied += 1
        statistics.occupied.update(Double(occupied), at: time)
        updateOverCapacity(at: time)
    }

    mutating func updateOverCapacity(at time: Double) {
        let over = Double(max(0, occupied - capacity))
        if over != statistics.overCapacity.value { statistics.overCapacity.update(over, at: time) }
    }

    /// Someone leaves their slot. The caller then admits whoever can start (`admitNext`).
    public mutating func release(at time: Double) {
        precondition(occupied > 0, "release from a pool with no one in it")
        occupied -= 1
        statistics.released += 1
        statistics.occupied.update(Double(occupied), at: time)
        updateOverCapacity(at: time)
    }

    /// The next waiting person who can start now, with how long they waited; nil when no slot
    /// is free, nobody waits or the pool is closed.
    public mutating func admitNext(at time: Double) -> (id: Int, waited: Double)? {
        guard occupied < capacity, !waitList.isEmpty, isOpen(at: time),
              let next = waitList.removeFirst(at: time) else { return nil }
        let waited = time - next.since
        occupy(waited: waited, at: time)
        return (next.id, waited)
    }

    mutating func occupy(waited: Double, at time: Double) {
        occupied += 1
        statistics.admitted += 1
        statistics.waits.record(waited)
        statistics.waitQuantiles?.record(waited)
        statistics.occupied.update(Double(occupied), at: time)
    }

    /// Someone on the wait list gives up waiting; false when they were no longer waiting.
    public mutating func abandon(_ ticket: WaitTicket, at time: Double) -> Bool {
        guard let entry = waitList.withdraw(ticket, at: time) else { return false }
        statistics.abandoned += 1
        statistics.abandonedWaits.record(time - entry.since)
        return true
    }

    /// Someone leaves the wait list for a reason the caller counts (death, moving away...).
    /// Returns when their wait began, or nil when they were no longer waiting.
    @discardableResult
    public mutating func withdraw(_ ticket: WaitTicket, at time: Double) -> Double? {
        guard let entry = waitList.withdraw(ticket, at: time) else { return nil }
        statistics.withdrawn += 1
        return entry.since
    }

    /// Changes the number of slots. Nobody is evicted when it shrinks below those occupied;
    /// when it grows, the caller admits whoever can start.
    public mutating func setCapacity(_ newCapacity: Int, at time: Double) {
        precondition(newCapacity >= 0, "a pool's capacity cannot be negative")
        capacity = newCapacity
        statistics.capacity.update(Double(newCapacity), at: time)
        updateOverCapacity(at: time)
    }

    /// When people wait for a free slot in a closed pool, the opening time at which the caller
    /// must call `wake`; nil when no wake-up is needed or one is already due.
    public mutating func takeWakeUp(at time: Double) -> Double? {
        guard !wakeUpPending, let calendar, occupied < capacity, !waitList.isEmpty,
              !calendar.isOpen(at: time), let opening = calendar.nextOpening(atOrAfter: time) else { return nil }
        wakeUpPending = true
        return opening
    }

    /// The pool opens: the caller then admits whoever can start (`admitNext`).
    public mutating func wake() { wakeUpPending = false }

    /// Forgets what was observed so far (the warm-up), keeping who is where.
    public mutating func resetStatistics(at time: Double) {
        var fresh = Statistics(waitQuantiles: statistics.waitQuantiles,
                               occupied: statistics.occupied, capacity: statistics.capacity,
                               overCapacity: statistics.overCapacity)
        fresh.waitQuantiles?.reset()
        fresh.occupied.reset(at: time)
        fresh.capacity.reset(at: time)
        fresh.overCapacity.reset(at: time)
        statistics = fresh
        waitList.resetStatistics(at: time)
    }
}
