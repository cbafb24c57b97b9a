/// A resource of a given capacity that people take a share of while served: the servers of a
/// front desk (one each), or a team's time for the cases it follows (a caseload, where each case
/// takes its own weight). Someone is admitted when their weight fits in what is free; when it
/// does not, they wait in a priority wait list, may be turned away when it is full, and may
/// withdraw from it. The first in line is served first: a lighter case behind them does not pass.
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
        /// Capacity taken over time (the sum of the weights in service).
        public var occupied: TimeWeighted
        /// People in service over time.
        public var people: TimeWeighted
        /// Capacity over time.
        public var capacity: TimeWeighted
        /// People in service beyond capacity over time, at the average weight of those in
        /// service: after capacity shrank below what is taken (nobody is evicted), or after
        /// transfers in.
        public var overCapacity: TimeWeighted
    }

    public let policy: Policy
    public let calendar: WorkingCalendar?
    // Stored under other names, with public getters, so that the calls made at every event can
    // be inlined into the models (another module).
    @usableFromInline var _capacity: Int
    @usableFromInline var _occupied = 0
    @usableFromInline var _people = 0
    @usableFromInline var _waitList: WaitList
    @usableFromInline var _statistics: Statistics
    @usableFromInline var wakeUpPending = false
    /// True while everyone in service has had weight 1, so that the people in service have always
    /// equalled the capacity taken: `_statistics.people` is then not updated, `statistics` gives
    /// a copy of `_statistics.occupied` for it (one level fewer to update at every change).
    @usableFromInline var peopleAsOccupied = true

    @inlinable public var capacity: Int { _capacity }
    /// The capacity taken: the sum of the weights of those in service.
    @inlinable public var occupied: Int { _occupied }
    /// The people in service.
    @inlinable public var people: Int { _people }
    public var waitList: WaitList { _waitList }
    public var statistics: Statistics {
        guard peopleAsOccupied else { return _statistics }
        var statistics = _statistics
        statistics.people = statistics.occupied
        return statistics
    }

    /// - Parameter waitQuantiles: a sketch to record waits in, or nil to keep only their mean.
    public init(capacity: Int, policy: Policy = Policy(), calendar: WorkingCalendar? = nil,
                waitQuantiles: QuantileSketch? = nil, startTime: Double = 0) {
        precondition(capacity >= 0, "a pool's capacity cannot be negative")
        _capacity = capacity
        self.policy = policy
        self.calendar = calendar
        _waitList = WaitList(priorityClasses: policy.priorityClasses, startTime: startTime)
        _statistics = Statistics(waitQuantiles: waitQuantiles,
                                 occupied: TimeWeighted(value: 0, at: startTime),
                                 people: TimeWeighted(value: 0, at: startTime),
                                 capacity: TimeWeighted(value: Double(capacity), at: startTime),
                                 overCapacity: TimeWeighted(value: 0, at: startTime))
    }

    public var waitingCount: Int { _waitList.count }

    @inlinable @inline(__always)
    func isOpen(at time: Double) -> Bool { calendar?.isOpen(at: time) ?? true }

    /// Whether someone of this weight can be admitted now, the pool's hours aside. A pool with
    /// nobody in service takes even someone heavier than its whole capacity, when it has any:
    /// otherwise they would wait for ever.
    @inlinable @inline(__always)
    func fits(_ weight: Int) -> Bool {
        _occupied + weight <= _capacity || (_people == 0 && _capacity > 0)
    }

    /// Someone asks to be served: admitted at once, put on the wait list, or turned away.
    /// - Parameter weight: the capacity they take while served (1: one slot).
    /// - Parameter since: when the wait began, for someone moved here from another pool's wait
    ///   list (counted as a request again, and never turned away).
    @inlinable @inline(__always)
    public mutating func request(_ id: Int, weight: Int = 1, priority: Int = 0, at time: Double,
                                 since: Double? = nil) -> RequestOutcome {
        _statistics.requests += 1
        if _waitList.isEmpty && fits(weight) && isOpen(at: time) {
            _statistics.admittedAtOnce += 1
            occupy(weight, waited: time - (since ?? time), at: time)
            return .admitted
        }
        if since == nil, let cap = policy.waitListCap, _waitList.count >= cap {
            _statistics.turnedAway += 1
            return .turnedAway
        }
        return .waiting(_waitList.append(id, weight: weight, priority: priority, at: time, since: since))
    }

    /// Someone already in service elsewhere comes in here (a merger of teams): no request, no
    /// wait recorded, and their weight is taken even beyond capacity.
    @inlinable @inline(__always)
    public mutating func transferIn(weight: Int = 1, at time: Double) {
        _occupied += weight
        _people += 1
        levelsChanged(at: time)
    }

    /// Records the capacity taken and the people in service from `time`, and those beyond capacity.
    @inlinable @inline(__always)
    mutating func levelsChanged(at time: Double) {
        if peopleAsOccupied && _occupied != _people {
            _statistics.people = _statistics.occupied
            peopleAsOccupied = false
        }
        _statistics.occupied.update(Double(_occupied), at: time)
        if !peopleAsOccupied { _statistics.people.update(Double(_people), at: time) }
        updateOverCapacity(at: time)
    }

    @inlinable @inline(__always)
    mutating func updateOverCapacity(at time: Double) {
        let over = _occupied > _capacity ? Double(_people) * Double(_occupied - _capacity) / Double(_occupied) : 0
        if over != _statistics.overCapacity.value { _statistics.overCapacity.update(over, at: time) }
    }

    /// Someone in service comes to take another weight (their need changed where they are):
    /// nobody is evicted. When it falls, the caller then admits whoever can start (`admitNext`).
    @inlinable @inline(__always)
    public mutating func changeWeight(from old: Int, to new: Int, at time: Double) {
        precondition(_people > 0 && _occupied >= old && new >= 0, "a change of weight for someone not in service")
        _occupied += new - old
        levelsChanged(at: time)
    }

    /// Someone of this weight leaves. The caller then admits whoever can start (`admitNext`).
    @inlinable @inline(__always)
    public mutating func release(weight: Int = 1, at time: Double) {
        precondition(_people > 0 && _occupied >= weight, "release from a pool with no one of that weight in it")
        _occupied -= weight
        _people -= 1
        _statistics.released += 1
        levelsChanged(at: time)
    }

    /// The next waiting person, if they can start now, with how long they waited and their
    /// weight; nil when nobody waits, the first in line does not fit, or the pool is closed.
    @inlinable @inline(__always)
    public mutating func admitNext(at time: Double) -> (id: Int, waited: Double, weight: Int)? {
        guard let weight = _waitList.firstWeight(), fits(weight), isOpen(at: time),
              let next = _waitList.removeFirst(at: time) else { return nil }
        let waited = time - next.since
        occupy(weight, waited: waited, at: time)
        return (next.id, waited, weight)
    }

    @inlinable @inline(__always)
    mutating func occupy(_ weight: Int, waited: Double, at time: Double) {
        _occupied += weight
        _people += 1
        _statistics.admitted += 1
        _statistics.waits.record(waited)
        _statistics.waitQuantiles?.record(waited)
        levelsChanged(at: time)
    }

    /// Someone on the wait list gives up waiting. Returns when their wait began, or nil when they
    /// were no longer waiting.
    @discardableResult
    @inlinable @inline(__always)
    public mutating func abandon(_ ticket: WaitTicket, at time: Double) -> Double? {
        guard let entry = _waitList.withdraw(ticket, at: time) else { return nil }
        _statistics.abandoned += 1
        _statistics.abandonedWaits.record(time - entry.since)
        return entry.since
    }

    /// Someone leaves the wait list for a reason the caller counts (death, moving away...).
    /// Returns when their wait began, or nil when they were no longer waiting.
    @discardableResult
    @inlinable @inline(__always)
    public mutating func withdraw(_ ticket: WaitTicket, at time: Double) -> Double? {
        guard let entry = _waitList.withdraw(ticket, at: time) else { return nil }
        _statistics.withdrawn += 1
        return entry.since
    }

    /// Changes the capacity. Nobody is evicted when it shrinks below what is taken;
    /// when it grows, the caller admits whoever can start.
    public mutating func setCapacity(_ newCapacity: Int, at time: Double) {
        precondition(newCapacity >= 0, "a pool's capacity cannot be negative")
        _capacity = newCapacity
        _statistics.capacity.update(Double(newCapacity), at: time)
        updateOverCapacity(at: time)
    }

    /// When people wait for a free slot in a closed pool, the opening time at which the caller
    /// must call `wake`; nil when no wake-up is needed or one is already due.
    public mutating func takeWakeUp(at time: Double) -> Double? {
        guard !wakeUpPending, let calendar, let weight = _waitList.firstWeight(), fits(weight),
              !calendar.isOpen(at: time), let opening = calendar.nextOpening(atOrAfter: time) else { return nil }
        wakeUpPending = true
        return opening
    }

    /// The pool opens: the caller then admits whoever can start (`admitNext`).
    public mutating func wake() { wakeUpPending = false }

    /// Forgets what was observed so far (the warm-up), keeping who is where.
    public mutating func resetStatistics(at time: Double) {
        var fresh = Statistics(waitQuantiles: _statistics.waitQuantiles,
                               occupied: _statistics.occupied, people: _statistics.people,
                               capacity: _statistics.capacity, overCapacity: _statistics.overCapacity)
        fresh.waitQuantiles?.reset()
        fresh.occupied.reset(at: time)
        fresh.people.reset(at: time)
        fresh.capacity.reset(at: time)
        fresh.overCapacity.reset(at: time)
        _statistics = fresh
        _waitList.resetStatistics(at: time)
    }
}
