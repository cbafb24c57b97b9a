import Engine
import Randomness
import Testing

@Suite struct EventCalendarTests {
    @Test func eventsComeOutInTimeOrderAndAdvanceTheClock() {
        let stream = RandomStream(key: 5)
        var calendar = EventCalendar<Int>()
        for i in 0..<10_000 { calendar.schedule(i, at: stream.uniform() * 100) }
        var last = 0.0, taken = 0
        while let event = calendar.next() {
            #expect(event.time >= last)
            #expect(calendar.now == event.time)
            last = event.time
            taken += 1
        }
        #expect(taken == 10_000)
    }

    @Test func simultaneousEventsComeOutInTheOrderTheyWereScheduled() {
        let stream = RandomStream(key: 6)
        var calendar = EventCalendar<Int>()
        var expected: [(Double, Int)] = []
        for i in 0..<5_000 {
            let time = Double(Int(stream.uniform() * 4))  // many ties on 0, 1, 2, 3
            calendar.schedule(i, at: time)
            expected.append((time, i))
        }
        expected.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var taken: [Int] = []
        while let event = calendar.next() { taken.append(event.payload) }
        #expect(taken == expected.map(\.1))
    }

    @Test func anEventScheduledForNowComesAfterThoseAlreadyDueNow() {
        var calendar = EventCalendar<String>()
        calendar.schedule("a", at: 1)
        calendar.schedule("b", at: 1)
        var taken: [String] = []
        while let event = calendar.next() {
            taken.append(event.payload)
            if event.payload == "a" {
                calendar.schedule("c", after: 0)
                calendar.schedule("d", after: 0.5)
            }
        }
        #expect(taken == ["a", "b", "c", "d"])
    }

    @Test func cancelledEventsNeverComeOut() {
        var calendar = EventCalendar<Int>()
        var handles: [EventHandle] = []
        for i in 0..<100 { handles.append(calendar.schedule(i, at: Double(i % 10))) }
        for i in stride(from: 0, to: 100, by: 3) { calendar.cancel(handles[i]) }
        var taken: [Int] = []
        while let event = calendar.next() { taken.append(event.payload) }
        #expect(taken.sorted() == (0..<100).filter { $0 % 3 != 0 })
        #expect(calendar.isEmpty)
    }

    @Test func aCalendarWhoseEventsAreAllCancelledIsEmpty() {
        var calendar = EventCalendar<Int>()
        let a = calendar.schedule(1, at: 1)
        let b = calendar.schedule(2, at: 2)
        #expect(calendar.peekTime() == 1)
        calendar.cancel(a)
        #expect(calendar.peekTime() == 2)
        calendar.cancel(b)
        #expect(calendar.isEmpty)
        #expect(calendar.next() == nil)
    }

    /// Two tiers (events beyond the current bucket wait unsorted) give exactly the one-tier
    /// order: by time, then by scheduling, across buckets and epochs, past the buckets' reach
    /// (events millions of widths ahead), with cancellations, and from a negative start; with
    /// buckets so narrow that the near events span thousands of epochs and outrun the buckets'
    /// reach again and again, some events scheduled while running falling into epochs not yet
    /// spread, and with wide buckets whose hundreds of events are spread over finer buckets,
    /// some events scheduled while running falling into the finer buckets not yet taken.
    @Test(arguments: [0.0, -50.0], [0.001, 0.5, 64.0])
    func twoTiersTakeEventsInExactlyTheOrderOfOne(start: Double, bucketWidth: Double) {
        let stream = RandomStream(key: 7)
        var one = EventCalendar<Int>(startTime: start), two = EventCalendar<Int>(startTime: start, bucketWidth: bucketWidth)
        var handles: [(EventHandle, EventHandle)] = []
        var next = 0
        func schedule(_ time: Double) {
            handles.append((one.schedule(next, at: time), two.schedule(next, at: time)))
            next += 1
        }
        for _ in 0..<2_000 {
            let u = stream.uniform()
            // Ties, near events, far ones and very far ones (beyond 2^16 buckets).
            schedule(u < 0.2 ? start + Double(Int(u * 20)) : u < 0.9 ? start + u * 300 : start + 1e6 * u)
        }
        for i in stride(from: 0, to: handles.count, by: 7) {
            one.cancel(handles[i].0)
            two.cancel(handles[i].1)
        }
        var taken = 0
        while let a = one.next() {
            // The two-tier calendar taken through `next` and `nextOfTwoTiers` in turn: the same events.
            let b = taken % 2 == 0 ? two.next() : two.nextOfTwoTiers()
            #expect(b?.payload == a.payload && b?.time == a.time)
            #expect(one.now == two.now)
            taken += 1
            // New events while running, some at the current time, some far ahead.
            if taken % 3 == 0 && next < 4_000 {
                let u = stream.uniform()
                schedule(u < 0.3 ? one.now : one.now + (u < 0.8 ? u * 10 : u * 1e7))
            }
        }
        #expect(two.next() == nil && two.nextOfTwoTiers() == nil && two.isEmpty && one.isEmpty)
        #expect(taken > 2_500)  // 2,000 less the cancelled, and those added while running
    }

    /// A calendar is a value: a copy taken midway gives the events still pending in order, untouched
    /// by the original's taking and scheduling after the copy (the tiers' storage is shared until
    /// one of them changes it).
    @Test(arguments: [nil, 0.5])
    func aCopyIsIndependentOfTheOriginal(bucketWidth: Double?) {
        let stream = RandomStream(key: 11)
        var calendar = EventCalendar<Int>(bucketWidth: bucketWidth)
        var scheduled: [(time: Double, id: Int)] = []
        for i in 0..<3_000 {
            let time = stream.uniform() * 1_000
            calendar.schedule(i, at: time)
            scheduled.append((time, i))
        }
        scheduled.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        for _ in 0..<500 { _ = calendar.next() }
        var copy = calendar
        while let event = calendar.next() {
            if event.payload > 0 && event.payload % 5 == 0 { calendar.schedule(-event.payload, at: event.time + stream.uniform() * 50) }
        }
        var fromCopy: [Int] = []
        while let event = copy.next() { fromCopy.append(event.payload) }
        #expect(fromCopy == scheduled.dropFirst(500).map(\.id))
    }

    /// The event taken last stays at the heap's root until an event scheduled next takes its
    /// place, or the calendar is read again: counts, peeks, emptiness and the order of what
    /// follows see it gone at once, with one tier or two.
    @Test(arguments: [nil, 0.5])
    func theEventTakenIsGoneWhateverComesNext(bucketWidth: Double?) {
        let stream = RandomStream(key: 8)
        var calendar = EventCalendar<Int>(bucketWidth: bucketWidth)
        var pending: [(time: Double, id: Int, handle: EventHandle)] = []
        var next = 0
        func schedule(at time: Double) {
            pending.append((time, next, calendar.schedule(next, at: time)))
            next += 1
        }
        for _ in 0..<50 { schedule(at: stream.uniform() * 10) }
        var cancelling = false
        while let event = calendar.next() {
            let first = pending.indices.min { (pending[$0].time, pending[$0].id) < (pending[$1].time, pending[$1].id) }!
            #expect(event.payload == pending[first].id && event.time == pending[first].time)
            pending.remove(at: first)
            if !cancelling { #expect(calendar.scheduledCount == pending.count) }
            // None to three new events, at once, soon or later; once in a while a cancellation.
            for _ in 0..<Int(stream.uniform() * 4) where next < 3_000 {
                let u = stream.uniform()
                schedule(at: u < 0.3 ? calendar.now : calendar.now + u * 20)
            }
            if next > 1_500 && !pending.isEmpty && stream.uniform() < 0.2 {
                cancelling = true
                calendar.cancel(pending.remove(at: Int(stream.uniform() * Double(pending.count))).handle)
            }
            if !cancelling { #expect(calendar.scheduledCount == pending.count) }
            #expect(calendar.isEmpty == pending.isEmpty)
            if stream.uniform() < 0.1 { #expect(calendar.peekTime() == pending.map(\.time).min()) }
        }
        #expect(pending.isEmpty && next == 3_000)
    }

    /// Right after `next`, the event taken next (when nothing is scheduled in between) is one of
    /// those `forNextInLine` names: the model prefetches what they touch on that promise. With two
    /// tiers it names none when the next event is in a finer bucket yet to enter.
    @Test(arguments: [nil, 0.5])
    func theNextEventIsAmongThoseNextInLine(bucketWidth: Double?) {
        let stream = RandomStream(key: 10)
        var calendar = EventCalendar<Int>(bucketWidth: bucketWidth)
        for i in 0..<1_000 { calendar.schedule(i, at: Double(Int(stream.uniform() * 200))) }
        var inLine: [Int] = []
        var checked = 0
        while let event = calendar.next() {
            if !inLine.isEmpty {
                #expect(inLine.contains(event.payload))
                checked += 1
            }
            inLine = []
            calendar.forNextInLine { inLine.append($0) }
            #expect(inLine.count <= 2)
        }
        #expect(bucketWidth == nil ? checked == 999 : checked > 500)
    }
}
