import DequeModule

/// Identifies one wait in a wait list, for withdrawing it later (abandonment, death...).
/// Packed in one word (priority in the top byte) so that events carrying it stay small.
public struct WaitTicket: Hashable, Sendable {
    @usableFromInline let raw: UInt64
    @inlinable init(priority: Int, serial: UInt64) { raw = UInt64(priority) << 56 | serial }
    public var priority: Int { Int(raw >> 56) }
    public var serial: UInt64 { raw & (1 << 56 - 1) }
}

/// People waiting for a resource: priority classes (0 first), first come first served within a class.
///
/// Withdrawn entries are marked and skipped when they reach the front, so withdrawing costs a
/// binary search and nothing is paid for it when nobody withdraws.
public struct WaitList: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline var id: Int
        @usableFromInline let serial: UInt64
        @usableFromInline let since: Double
        /// How much of the resource the person will take once admitted.
        @usableFromInline let weight: Int32
        @inlinable init(id: Int, serial: UInt64, since: Double, weight: Int32) {
            self.id = id
            self.serial = serial
            self.since = since
            self.weight = weight
        }
    }

    @usableFromInline static var withdrawn: Int { Int.min }

    /// Class 0, kept apart so that a list of one class (most of them) reaches it directly.
    @usableFromInline var top = Deque<Entry>()
    /// Classes 1, 2...
    @usableFromInline var lower: [Deque<Entry>]
    @usableFromInline var nextSerial: UInt64 = 0
    // Stored under other names, with public getters, so that the calls made at every event can
    // be inlined into the models (another module).
    @usableFromInline var _count = 0
    @usableFromInline var _length: TimeWeighted

    public init(priorityClasses: Int = 1, startTime: Double = 0) {
        precondition(priorityClasses >= 1 && priorityClasses <= 256, "a wait list has 1 to 256 priority classes")
        lower = Array(repeating: Deque(), count: priorityClasses - 1)
        _length = TimeWeighted(value: 0, at: startTime)
    }

    /// People waiting now, withdrawn ones excluded.
    @inlinable public var count: Int { _count }
    /// The time-weighted number waiting.
    public var length: TimeWeighted { _length }
    @inlinable public var priorityClasses: Int { lower.count + 1 }
    @inlinable public var isEmpty: Bool { _count == 0 }

    /// - Parameter since: when the wait began, if before `time` (someone moved from another list).
    /// - Parameter weight: how much of the resource the person will take once admitted.
    @inlinable @inline(__always)
    public mutating func append(_ id: Int, weight: Int = 1, priority: Int, at time: Double, since: Double? = nil) -> WaitTicket {
        precondition(id != WaitList.withdrawn, "Int.min is reserved")
        precondition(weight >= 0 && weight <= Int(Int32.max), "a weight is between 0 and 2^31 - 1")
        precondition(priority >= 0 && priority < priorityClasses, "priority \(priority) is not one of the \(priorityClasses) classes")
        precondition(nextSerial < 1 << 56, "more than 2^56 waits")
        let serial = nextSerial
        nextSerial &+= 1
        let entry = Entry(id: id, serial: serial, since: since ?? time, weight: Int32(weight))
        if priority == 0 { top.append(entry) } else { lower[priority - 1].append(entry) }
        _count += 1
        _length.update(Double(_count), at: time)
        return WaitTicket(priority: priority, serial: serial)
    }

    /// Takes the first person of the highest non-empty class, with the time they started waiting
    /// and their weight.
    @inlinable @inline(__always)
    public mutating func removeFirst(at time: Double) -> (id: Int, since: Double, weight: Int)? {
        guard _count > 0 else { return nil }
        var found = WaitList.takeFirst(&top)
        var c = 0
        while found == nil && c < lower.count {
            found = WaitList.takeFirst(&lower[c])
            c += 1
        }
        guard let entry = found else { return nil }
        _count -= 1
        _length.update(Double(_count), at: time)
        return (entry.id, entry.since, Int(entry.weight))
    }

    /// The weight of the person `removeFirst` would take, nil when nobody waits. Drops the
    /// withdrawn entries it passes.
    @inlinable @inline(__always)
    public mutating func firstWeight() -> Int? {
        guard _count > 0 else { return nil }
        if let entry = WaitList.firstLive(&top) { return Int(entry.weight) }
        for c in lower.indices {
            if let entry = WaitList.firstLive(&lower[c]) { return Int(entry.weight) }
        }
        return nil
    }

    /// Removes a waiting person; nil when the ticket is no longer waiting (already served or withdrawn).
    public mutating func withdraw(_ ticket: WaitTicket, at time: Double) -> (id: Int, since: Double)? {
        guard ticket.priority >= 0 && ticket.priority < priorityClasses else { return nil }
        guard let entry = ticket.priority == 0 ? WaitList.withdraw(ticket, from: &top)
                                               : WaitList.withdraw(ticket, from: &lower[ticket.priority - 1]) else { return nil }
        _count -= 1
        _length.update(Double(_count), at: time)
        return (entry.id, entry.since)
    }

    /// The first entry of `queue` not withdrawn, removed with the withdrawn ones before it.
    @inlinable @inline(__always)
    static func takeFirst(_ queue: inout Deque<Entry>) -> Entry? {
        while let entry = queue.popFirst() {
            if entry.id != WaitList.withdrawn { return entry }
        }
        return nil
    }

    /// The first entry of `queue` not withdrawn, after dropping the withdrawn ones before it.
    @inlinable @inline(__always)
    static func firstLive(_ queue: inout Deque<Entry>) -> Entry? {
        while let entry = queue.first {
            if entry.id != WaitList.withdrawn { return entry }
            queue.removeFirst()
        }
        return nil
    }

    /// Marks the ticket's entry in its class withdrawn and returns it; nil when it no longer waits.
    static func withdraw(_ ticket: WaitTicket, from queue: inout Deque<Entry>) -> Entry? {
        // Serials increase along each class, so the entry is found by bisection. The class is
        // changed in place (inout): a local copy would make the write below copy the whole deque.
        var lo = 0, hi = queue.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if queue[mid].serial < ticket.serial { lo = mid + 1 } else { hi = mid }
        }
        guard lo < queue.count else { return nil }
        let entry = queue[lo]
        guard entry.serial == ticket.serial, entry.id != WaitList.withdrawn else { return nil }
        queue[lo].id = WaitList.withdrawn
        return entry
    }

    /// The people waiting, in the order they would be served.
    public var waiting: [(id: Int, since: Double)] {
        ([top] + lower).flatMap { $0.filter { $0.id != WaitList.withdrawn }.map { ($0.id, $0.since) } }
    }

    public mutating func resetStatistics(at time: Double) { _length.reset(at: time) }
}
