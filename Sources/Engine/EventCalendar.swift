/// A scheduled event's identity, for cancelling it.
public struct EventHandle: Hashable, Sendable {
    public let sequence: UInt64
    @usableFromInline init(sequence: UInt64) { self.sequence = sequence }
}

/// The pending events of a simulation, taken in order of time, then of scheduling.
///
/// A binary min-heap keyed by `(time, sequence number)`: events at the same time come out in the
/// order they were scheduled, so a run never depends on how the heap happens to break ties.
/// Cancellation is lazy: a cancelled event stays in the heap and is skipped when it surfaces.
public struct EventCalendar<Payload> {
    @usableFromInline
    struct Entry {
        /// The time's bit pattern, turned so that it orders as the times do, negative ones
        /// included (the sign bit flipped for times >= 0, every bit for negative ones): integer
        /// comparisons are cheaper than floating-point ones.
        @usableFromInline var key: UInt64
        @usableFromInline var sequence: UInt64
        @usableFromInline var payload: Payload

        @inlinable init(time: Double, sequence: UInt64, payload: Payload) {
            let bits = (time + 0.0).bitPattern  // + 0.0 turns -0.0 into 0.0
            key = bits >> 63 == 0 ? bits | 1 << 63 : ~bits
            self.sequence = sequence
            self.payload = payload
        }

        @inlinable var time: Double { Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key) }

        @inlinable func precedes(_ other: Entry) -> Bool {
            key < other.key || (key == other.key && sequence < other.sequence)
        }
    }

    @usableFromInline var heap: ContiguousArray<Entry> = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []
    @usableFromInline var clock: Double

    /// A calendar whose clock reads `startTime` (which may be negative: a model may run a
    /// while before the day it counts from).
    public init(startTime: Double = 0) {
        precondition(startTime.isFinite, "simulation time starts at a finite time")
        clock = startTime
    }

    /// Makes room for `count` pending events at once, for models that know their size.
    public mutating func reserveCapacity(_ count: Int) { heap.reserveCapacity(count) }

    /// The time of the last event taken: the simulation clock.
    @inlinable public var now: Double { clock }

    /// Events scheduled and not yet taken, cancelled ones included until they surface.
    @inlinable public var scheduledCount: Int { heap.count }

    /// Whether no event remains to be taken.
    public var isEmpty: Bool {
        cancelled.isEmpty ? heap.isEmpty : heap.allSatisfy { cancelled.contains($0.sequence) }
    }

    /// The time of the next event that will be taken, if any.
    public mutating func peekTime() -> Double? {
        dropCancelledTop()
        return heap.first?.time
    }

    /// Schedules `payload` at absolute time `time`, which must not be in the past.
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: Double) -> EventHandle {
        precondition(time >= clock && time.isFinite, "an event cannot be scheduled in the past or at infinity")
        let entry = Entry(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        heap.append(entry)
        siftUp(heap.count - 1)
        return EventHandle(sequence: entry.sequence)
    }

    /// Schedules `payload` after `delay` from now.
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, after delay: Double) -> EventHandle {
        schedule(payload, at: clock + delay)
    }

    /// Cancels a pending event: it will never be taken. Cancelling an event that has
    /// already been taken is a mistake the calendar cannot detect.
    public mutating func cancel(_ handle: EventHandle) {
        precondition(handle.sequence < nextSequence, "unknown event handle")
        cancelled.insert(handle.sequence)
    }

    /// Takes the next event and advances the clock to its time.
    @inlinable
    public mutating func next() -> (time: Double, payload: Payload)? {
        while let top = popTop() {
            if !cancelled.isEmpty, cancelled.remove(top.sequence) != nil { continue }
            clock = top.time
            return (top.time, top.payload)
        }
        return nil
    }

    mutating func dropCancelledTop() {
        while let top = heap.first, !cancelled.isEmpty, cancelled.contains(top.sequence) {
            cancelled.remove(top.sequence)
            _ = popTop()
        }
    }

    @inlinable
    mutating func popTop() -> Entry? {
        guard let last = heap.popLast() else { return nil }
        if heap.isEmpty { return last }
        let top = heap[0]
        siftDown(last)
        return top
    }

    /// Moves the entry at `index` up to its place, shifting parents down into the hole.
    @inlinable
    mutating func siftUp(_ index: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            let entry = h[index]
            var hole = index
            while hole > 0 {
                let parent = (hole - 1) >> 1
                guard entry.precedes(h[parent]) else { break }
                h[hole] = h[parent]
                hole = parent
            }
            h[hole] = entry
        }
    }

    /// Places `entry` into the hole left at the root. Bottom-up: the hole first sinks to a leaf
    /// along the smaller children (one comparison a level), then `entry`, which came from the
    /// bottom and usually belongs near it, rises to its place.
    @inlinable
    mutating func siftDown(_ entry: Entry) {
        heap.withUnsafeMutableBufferPointer { h in
            let count = h.count
            var hole = 0
            var child = 1
            while child < count {
                if child + 1 < count && h[child + 1].precedes(h[child]) { child += 1 }
                h[hole] = h[child]
                hole = child
                child = 2 * hole + 1
            }
            while hole > 0 {
                let parent = (hole - 1) >> 1
                guard entry.precedes(h[parent]) else { break }
                h[hole] = h[parent]
                hole = parent
            }
            h[hole] = entry
        }
    }
}
