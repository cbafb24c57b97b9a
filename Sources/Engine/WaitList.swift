import DequeModule

/// Identifies one wait in a wait list, for withdrawing it later (abandonment, death...).
/// Packed in one word (priority in the top byte) so that events carrying it stay small.
public struct WaitTicket: Hashable, Sendable {
    let raw: UInt64
    init(priority: Int, serial: UInt64) { raw = UInt64(priority) << 56 | serial }
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
        init(id: Int, serial: UInt64, since: Double, weight: Int32) {
            self.id = id
            self.serial = serial
            self.since = since
            self.weight = weight
        }
    }

    @usableFromInline static var withdrawn: Int { Int.min }

    @usableFromInline var classes: [Deque<Entry>]
    @usableFromInline var nextSerial: UInt64 = 0
    /// People waiting now, withdrawn ones excluded.
    public private(set) var count = 0
    /// The time-weighted number waiting.
    public private(set) var length: TimeWeighted

    public init(priorityClasses: Int = 1, startTime: Double = 0) {
        precondition(priorityClasses >= 1 && priorityClasses <= 256, "a wait list has 1 to 256 priority classes")
        classes = Array(repeating: Deque(), count: priorityClasses)
        length = TimeWeighted(value: 0, at: startTime)
    }

    public var priorityClasses: Int { classes.count }
    public var isEmpty: Bool { count == 0 }

    /// - Parameter since: when the wait began, if before `time` (someone moved from another list).
    /// - Parameter weight: how much of the resource the person will take once admitted.
    public mutating func append(_ id: Int, weight: Int = 1, priority: Int, at time: Double, since: Double? = nil) -> WaitTicket {
        precondition(id != WaitList.withdrawn, "Int.min is reserved")
        precondition(weight >= 0 && weight <= Int(Int32.max), "a weight is between 0 and 2^31 - 1")
        precondition(priority >= 0 && priority < classes.count, "priority \(priority) is not one of the \(classes.count) classes")
        precondition(nextSerial < 1 << 56, "more than 2^56 waits")
        let serial = nextSerial
        nextSerial &+= 1
        classes[priority].append(Entry(id: id, serial: serial, since: since ?? time, weight: Int32(weight)))
        count += 1
        length.update(Double(count), at: time)
        return WaitTicket(priority: priority, serial: serial)
    }

    /// Takes the first person of the highest non-empty class, with the time they started waiting
    /// and their weight.
    public mutating func removeFirst(at time: Double) -> (id: Int, since: Double, weight: Int)? {
        guard count > 0 else { return nil }
        for c in classes.indices {
            while let entry = classes[c].popFirst() {
                if entry.id == WaitList.withdrawn { continue }
                count -= 1
                length.update(Double(count), at: time)
                return (entry.id, entry.since, Int(entry.weight))
            }
        }
        return nil
    }

    /// The weight of the person `removeFirst` would take, nil when nobody waits. Drops the
    /// withdrawn entries it passes.
    public mutating func firstWeight() -> Int? {
        guard count > 0 else { return nil }
        for c in classes.indices {
            while let entry = classes[c].first {
                if entry.id != WaitList.withdrawn { return Int(entry.weight) }
                classes[c].removeFirst()
            }
        }
        return nil
    }

    /// Removes a waiting person; nil when the ticket is no longer waiting (already served or withdrawn).
    public mutating func withdraw(_ ticket: WaitTicket, at time: Double) -> (id: Int, since: Double)? {
        guard ticket.priority >= 0 && ticket.priority < classes.count else { return nil }
        // Serials increase along each class, so the entry is found by bisection. The class is
        // read in place: a local copy would make the write below copy the whole deque.
        var lo = 0, hi = classes[ticket.priority].count
        while lo < hi {
            let mid = (lo + hi) / 2
            if classes[ticket.priority][mid].serial < ticket.serial { lo = mid + 1 } else { hi = mid }
        }
        guard lo < classes[ticket.priority].count else { return nil }
        let entry = classes[ticket.priority][lo]
        guard entry.serial == ticket.serial, entry.id != WaitList.withdrawn else { return nil }
        classes[ticket.priority][lo].id = WaitList.withdrawn
        count -= 1
        length.update(Double(count), at: time)
        return (entry.id, entry.since)
    }

    /// The people waiting, in the order they would be served.
    public var waiting: [(id: Int, since: Double)] {
        classes.flatMap { $0.filter { $0.id != WaitList.withdrawn }.map { ($0.id, $0.since) } }
    }

    public mutating func resetStatistics(at time: Double) { length.reset(at: time) }
}
