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
///
/// Given a `bucketWidth`, the calendar has two tiers: only events due before the current
/// bucket's end are in the heap; later ones wait, unsorted, in the bucket of their time, and
/// enter the heap when the clock reaches it. A model holding millions of events due years
/// ahead (a life's next event) then sifts a heap of a few thousand instead of millions, whose
/// levels stay in cache. A bucket that opens is spread over `fineCount` finer buckets, which
/// enter the heap one at a time: it holds a few events, not the bucket's hundreds (a finer width
/// throughout would scatter the events due years ahead over many more, mostly near-empty,
/// buckets). So few that the "heap" is then a run sorted once by insertion, from which each event
/// taken is the last element removed, where a heap would sift. Buckets come in epochs: an event
/// due beyond the current epoch waits in its epoch's one bin, whose end stays in cache, and is
/// spread over the epoch's buckets when the clock reaches it. The order events
/// come out in is exactly the one-tier order: an epoch or a bucket, coarse or fine, holds the
/// events whose index is its own, and that index never decreases with time.
public struct EventCalendar<Payload> {
    @usableFromInline
    struct Entry {
        /// The time's bit pattern, turned so that it orders as the times do, negative ones
        /// included (the sign bit flipped for times >= 0, every bit for negative ones): integer
        /// comparisons are cheaper than floating-point ones.
        @usableFromInline var key: UInt64
        @usableFromInline var sequence: UInt64
        @usableFromInline var payload: Payload
        /// With two tiers, for an event outside the heap: its finer bucket and its bucket within
        /// the epoch (`locate`), so that spreading it reads them instead of working them out.
        @usableFromInline var slot: UInt32 = 0

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
    /// Whether the event `next` gave last is still at the root of the heap. It is taken out by
    /// the next `schedule` into the heap, which puts the new event in its place (one sift where a
    /// pop and a push take two, and the array neither shrinks nor grows), or else before the
    /// calendar is next read.
    @usableFromInline var topTaken = false

    // The second tier. Bucket `i` holds the events `locate` puts in bucket `i`; the heap (a
    // sorted run, `insertInRun`) holds those whose index is below `opened`, and those of bucket
    // `opened`'s finer buckets that have entered it. Buckets come in epochs of `epochLength`:
    // only the epoch `spread`'s buckets have bins of their own (`bucketBin(i)`); a later epoch's
    // events wait in one bin, `epochBin(i / epochLength)`, spread over the buckets when the clock
    // reaches it. An event due months ahead is then appended to one of a few dozen bins whose
    // ends stay in cache, not to one of thousands of buckets last touched long ago. Indices past
    // `bucketLimit` wait in `far` until the buckets are used up, then are spread over buckets
    // counted from a new origin.
    @usableFromInline let inverseWidth: Double  // 0 when there is one tier
    @usableFromInline var origin: Double
    @usableFromInline var opened = 1
    @usableFromInline var spread = 0
    /// The buckets of the epoch `spread`, then the epochs'.
    @usableFromInline var bins: ChunkedBins<Entry>
    /// Epochs with a bin, from the origin.
    @usableFromInline var epochCount = 0
    @usableFromInline var far: ContiguousArray<Entry> = []
    @usableFromInline static var epochLength: Int { 64 }
    /// Events outside the heap: in buckets, epochs, finer buckets and `far`.
    @usableFromInline var waitingCount = 0
    /// The finer buckets of the bucket being taken (`opened`, until the last of them enters the
    /// heap); those below `fineOpened` have entered the heap. Their arrays keep their storage
    /// from one bucket to the next.
    @usableFromInline var fine: [ContiguousArray<Entry>] = []
    @usableFromInline var fineOpened = fineCount
    @usableFromInline static var fineCount: Int { 32 }
    @usableFromInline static var bucketLimit: Int { 1 << 16 }

    @inlinable static func bucketBin(_ index: Int) -> Int { index % epochLength }
    @inlinable static func epochBin(_ epoch: Int) -> Int { epochLength + epoch }

    /// A calendar starting at `startTime`. With a `bucketWidth` (in the model's time unit),
    /// events due more than one width ahead are kept out of the heap until they come near: pick
    /// a width that holds a few thousand events. Without one, every event is in the heap.
    /// The clock may start at a negative time: a model may run a while before the day it counts from.
    public init(startTime: Double = 0, bucketWidth: Double? = nil) {
        precondition(startTime.isFinite, "simulation time starts at a finite time")
        if let bucketWidth {
            precondition(bucketWidth > 0 && bucketWidth.isFinite, "a bucket width is finite and > 0")
        }
        clock = startTime
        origin = startTime
        inverseWidth = bucketWidth.map { 1 / $0 } ?? 0
        bins = ChunkedBins(binCount: bucketWidth == nil ? 0 : Self.epochBin(0))
        if bucketWidth != nil { fine = Array(repeating: [], count: Self.fineCount) }
    }

    /// Makes room for `count` pending events at once, for models that know their size.
    public mutating func reserveCapacity(_ count: Int) {
        if inverseWidth == 0 { heap.reserveCapacity(count) }
    }

    /// The time of the last event taken: the simulation clock.
    @inlinable public var now: Double { clock }

    /// Events scheduled and not yet taken, cancelled ones included until they surface.
    @inlinable public var scheduledCount: Int { heap.count - (topTaken ? 1 : 0) + waitingCount }

    /// Whether no event remains to be taken.
    public var isEmpty: Bool {
        guard !cancelled.isEmpty else { return scheduledCount == 0 }
        let live = { (entry: Entry) in !self.cancelled.contains(entry.sequence) }
        return !heap.dropFirst(topTaken ? 1 : 0).contains(where: live) && !far.contains(where: live)
            && !fine.contains { $0.contains(where: live) } && !bins.contains(where: live)
    }

    /// The time of the next event that will be taken, if any.
    public mutating func peekTime() -> Double? {
        settle()
        dropCancelledTop()
        return first?.time
    }

    /// Schedules `payload` at absolute time `time`, which must not be in the past.
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: Double) -> EventHandle {
        precondition(time >= clock && time.isFinite, "an event cannot be scheduled in the past or at infinity")
        var entry = Entry(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        var index = 0
        if inverseWidth != 0 { (index, entry.slot) = locate(time) }
        if index < opened {
            insert(entry)
        } else {
            wait(entry, index: index)
        }
        return EventHandle(sequence: entry.sequence)
    }

    /// The bucket of an event due at `time` (-1 before the origin, `bucketLimit` past the last),
    /// and its slot: its finer bucket (the low 5 bits) and its bucket's place in the epoch.
    /// Neither is ever smaller for a later time, since subtraction, multiplication by a positive
    /// number and truncation all keep the order; the bucket is the finer position's quotient by
    /// `fineCount`, a power of two, so the two always agree.
    @inlinable @inline(__always)
    func locate(_ time: Double) -> (index: Int, slot: UInt32) {
        let position = (time - origin) * inverseWidth
        guard position >= 0 else { return (-1, 0) }
        guard position < Double(Self.bucketLimit) else { return (Self.bucketLimit, 0) }
        // Non-negative: shifts and masks divide by the powers of two.
        let fine = Int(position * Double(Self.fineCount))
        return (fine >> Self.fineCount.trailingZeroBitCount,
                UInt32(truncatingIfNeeded: fine & (Self.fineCount * Self.epochLength - 1)))
    }

    /// Puts `entry` into the heap: in the place of the event taken last if it is still at the
    /// root, else at the bottom.
    @inlinable
    mutating func insert(_ entry: Entry) {
        if inverseWidth != 0 {
            insertInRun(entry)
            return
        }
        if topTaken {
            topTaken = false
            heap.withUnsafeMutableBufferPointer { h in Self.siftDown(entry, from: 0, in: h) }
        } else {
            push(entry)
        }
    }

    /// With two tiers the near events are few (those of the finer buckets opened): they are kept
    /// sorted, the earliest last, so that taking one removes the array's last element where a
    /// heap would sift. A new one moves in from the end, past those due after it.
    @inlinable
    mutating func insertInRun(_ entry: Entry) {
        heap.append(entry)
        heap.withUnsafeMutableBufferPointer { h in Self.sink(entry, from: h.count - 1, in: h) }
    }

    /// Places `entry` into the hole at `hole`, moving up one place each of those below it that
    /// it precedes, in a run sorted the earliest last.
    @inlinable
    static func sink(_ entry: Entry, from hole: Int, in h: UnsafeMutableBufferPointer<Entry>) {
        var hole = hole
        while hole > 0 && h[hole - 1].precedes(entry) {
            h[hole] = h[hole - 1]
            hole -= 1
        }
        h[hole] = entry
    }

    /// The finer bucket and the bucket within its epoch of an event waiting, from its slot.
    @inlinable static func fineIndex(_ entry: Entry) -> Int { Int(entry.slot) % fineCount }
    @inlinable static func bucketInEpoch(_ entry: Entry) -> Int { Int(entry.slot) / fineCount }

    /// Puts `entry` in bucket `index` (in its epoch's bin if that epoch is still ahead), or, in
    /// the bucket being taken, in its finer bucket, or in the heap if that one has entered it
    /// already. (`schedule` sends only events of later buckets here, so that it stays as small as
    /// with one tier.) Out of line, as `openNextBucket` and `nextFromRun`: a one-tier calendar
    /// never takes these paths, and inlined into `schedule` and `next` they made the code it does
    /// take larger, and a model's event loop around it less well optimised.
    @inlinable @inline(never)
    mutating func wait(_ entry: Entry, index: Int) {
        if index == opened && fineOpened < Self.fineCount {
            let f = Self.fineIndex(entry)
            if f < fineOpened {
                insertInRun(entry)
            } else {
                fine[f].append(entry)
                waitingCount &+= 1
            }
            return
        }
        waitingCount &+= 1
        if index >= Self.bucketLimit { far.append(entry); return }
        let epoch = index / Self.epochLength
        if epoch == spread {
            bins.append(entry, to: Self.bucketBin(index))
            return
        }
        if epoch >= epochCount {
            epochCount = epoch + 1
            if Self.epochBin(epoch) >= bins.binCount { bins.addBins(upTo: Self.epochBin(Swift.max(2 * epoch, 64))) }
        }
        bins.append(entry, to: Self.epochBin(epoch))
    }

    /// With the heap empty, moves the next waiting finer bucket's events into it, spreading the
    /// next waiting bucket over the finer buckets first when those are used up, and an epoch over
    /// its buckets when the clock reaches it. Returns false when nothing waits. (Out of line: `wait`.)
    @inlinable @inline(never)
    mutating func openNextBucket() -> Bool {
        while waitingCount > 0 {
            while fineOpened < Self.fineCount {
                let f = fineOpened
                fineOpened += 1
                // With its last finer bucket, the whole bucket has entered the heap.
                if fineOpened == Self.fineCount { opened += 1 }
                if fine[f].isEmpty { continue }
                // The finer bucket's storage becomes the run's, and the run's (empty) its own.
                swap(&heap, &fine[f])
                waitingCount -= heap.count
                sortRun()
                return true
            }
            let epoch = opened / Self.epochLength
            if epoch != spread {
                if epoch >= epochCount {
                    // Every bucket is used up: what remains is far ahead. Count the buckets anew
                    // from the earliest of it (which lands in bucket 0); the heap is empty, so no
                    // event can be passed over.
                    let pending = far
                    far = []
                    waitingCount -= pending.count
                    origin = pending.lazy.map(\.time).min()!
                    opened = 0
                    spread = -1
                    epochCount = 0
                    for var entry in pending {
                        let index: Int
                        (index, entry.slot) = locate(entry.time)
                        wait(entry, index: index)
                    }
                }
                // The clock reaches a new epoch: its events go to their buckets.
                spread = opened / Self.epochLength
                if spread < epochCount {
                    bins.drain(Self.epochBin(spread)) { entry, bins in
                        bins.appendUnchecked(entry, to: Self.bucketBin(Self.bucketInEpoch(entry)))
                    }
                }
            }
            let b = Self.bucketBin(opened)
            if bins.count(b) == 0 {
                opened += 1
                continue
            }
            // Out of `self` while `bins` drains into them: their outer array is made unique once,
            // not at every event.
            var shelves = fine
            fine = []
            shelves.withUnsafeMutableBufferPointer { shelf in
                bins.drain(b) { entry, _ in shelf[Self.fineIndex(entry)].append(entry) }
            }
            fine = shelves
            fineOpened = 0
        }
        return false
    }

    /// Sorts the run in place, the earliest last (by insertion: a finer bucket holds a few events).
    @inlinable
    mutating func sortRun() {
        guard heap.count > 1 else { return }
        heap.withUnsafeMutableBufferPointer { h in
            for i in 1..<h.count { Self.sink(h[i], from: i, in: h) }
        }
    }

    /// Whether the heap has an event to give, after opening the next waiting bucket if need be.
    @inlinable
    mutating func fillHeap() -> Bool {
        !heap.isEmpty || (waitingCount > 0 && openNextBucket())
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
        if inverseWidth != 0 { return nextFromRun() }
        settle()
        while fillHeap() {
            let top = heap[0]
            if !cancelled.isEmpty, cancelled.remove(top.sequence) != nil {
                removeTop()
                continue
            }
            clock = top.time
            topTaken = true
            return (top.time, top.payload)
        }
        return nil
    }

    /// `next`, for a calendar made with a bucket width, called without going through `next`:
    /// a model that handles tens of millions of events spares the call into `next` and its test
    /// of the tiers at each (`next` is not inlined into a large event loop).
    @inlinable
    public mutating func nextOfTwoTiers() -> (time: Double, payload: Payload)? {
        precondition(inverseWidth != 0, "nextOfTwoTiers is for a calendar made with a bucket width")
        return nextFromRun()
    }

    /// `next` with two tiers: the event is taken out of the run at once. (Out of line: `wait`.)
    @inlinable @inline(never)
    mutating func nextFromRun() -> (time: Double, payload: Payload)? {
        while fillHeap() {
            let top = heap.removeLast()
            if !cancelled.isEmpty, cancelled.remove(top.sequence) != nil { continue }
            clock = top.time
            return (top.time, top.payload)
        }
        return nil
    }

    /// Calls `body` with the payloads of the events next in line after the one `next` gave last
    /// (the heap's two candidates for its place, or the run's next), so that a model can ask the
    /// processor to bring what they will touch into its caches while it handles the current one.
    /// Changes nothing.
    @inlinable
    public func forNextInLine(_ body: (Payload) -> Void) {
        if inverseWidth != 0 {
            if let last = heap.last { body(last.payload) }
            return
        }
        let first = topTaken ? 1 : 0
        heap.withUnsafeBufferPointer { h in
            for i in first..<Swift.min(first + 2, h.count) { body(h[i].payload) }
        }
    }

    /// Takes out the event `next` gave last, if no `schedule` has taken its place.
    @inlinable
    mutating func settle() {
        if topTaken {
            topTaken = false
            removeTop()
        }
    }

    mutating func dropCancelledTop() {
        while fillHeap(), !cancelled.isEmpty, let top = first, cancelled.contains(top.sequence) {
            cancelled.remove(top.sequence)
            if inverseWidth != 0 { heap.removeLast() } else { removeTop() }
        }
    }

    /// The earliest event of the heap or run.
    var first: Entry? { inverseWidth != 0 ? heap.last : heap.first }

    @inlinable
    mutating func removeTop() {
        let last = heap.removeLast()
        if heap.isEmpty { return }
        heap.withUnsafeMutableBufferPointer { h in Self.siftDown(last, from: 0, in: h) }
    }

    /// Adds `entry` at the bottom and moves it up to its place, shifting parents down into the
    /// hole. The entry is compared from where it is held, not read back from the heap: reading
    /// it back right after writing it stalls on the store.
    @inlinable
    mutating func push(_ entry: Entry) {
        heap.append(entry)
        heap.withUnsafeMutableBufferPointer { h in
            var hole = h.count - 1
            while hole > 0 {
                let parent = (hole - 1) >> 1
                guard entry.precedes(h[parent]) else { break }
                h[hole] = h[parent]
                hole = parent
            }
            h[hole] = entry
        }
    }

    /// Places `entry` into the hole at `start` (the root, unless heapifying). Bottom-up: the hole
    /// first sinks to a leaf along the smaller children (one comparison a level), then `entry`,
    /// which came from the bottom and usually belongs near it, rises to its place.
    @inlinable
    static func siftDown(_ entry: Entry, from start: Int, in h: UnsafeMutableBufferPointer<Entry>) {
        let count = h.count
        var hole = start
        var child = 2 * start + 1
        while child < count {
            if child + 1 < count && h[child + 1].precedes(h[child]) { child += 1 }
            h[hole] = h[child]
            hole = child
            child = 2 * hole + 1
        }
        while hole > start {
            let parent = (hole - 1) >> 1
            guard entry.precedes(h[parent]) else { break }
            h[hole] = h[parent]
            hole = parent
        }
        h[hole] = entry
    }
}
