import Engine
import Testing

@Suite struct WorkingCalendarTests {
    // Day 0 is a Monday; open 9:00-17:00 on weekdays; day 2 (Wednesday) is a holiday.
    let calendar = WorkingCalendar(openOn: [0, 1, 2, 3, 4], from: 9, to: 17, startWeekday: 0, holidays: [2])

    @Test func openOnlyInWorkingHoursOfWorkingDays() {
        #expect(calendar.isOpen(at: 0.5))               // Monday 12:00
        #expect(!calendar.isOpen(at: 0.3))              // Monday 07:12
        #expect(!calendar.isOpen(at: 17.0 / 24))        // closing time itself is closed
        #expect(!calendar.isOpen(at: 2.5))              // the holiday
        #expect(!calendar.isOpen(at: 5.5))              // Saturday
        #expect(calendar.isOpen(at: 7.5))               // next Monday
    }

    @Test func nextOpeningSkipsNightsHolidaysAndWeekends() {
        #expect(calendar.nextOpening(atOrAfter: 0.5) == 0.5)
        #expect(calendar.nextOpening(atOrAfter: 0.1) == 9.0 / 24)
        #expect(calendar.nextOpening(atOrAfter: 0.8) == 1 + 9.0 / 24)
        #expect(calendar.nextOpening(atOrAfter: 1.8) == 3 + 9.0 / 24)   // Wednesday off
        #expect(calendar.nextOpening(atOrAfter: 4.8) == 7 + 9.0 / 24)   // Friday evening to Monday
    }

    /// 8:00 and 17:00 are not exact in binary: the opening `nextOpening` gives must be open, and
    /// the closing instant closed, on every day.
    @Test func openingsAreOpenAndClosingsClosedToTheLastBit() {
        let calendar = WorkingCalendar(openOn: [0, 1, 2, 3, 4, 5], from: 8, to: 17, startWeekday: 3)
        for day in 0..<800 {
            let opening = calendar.nextOpening(atOrAfter: Double(day) + 0.1)!
            #expect(calendar.isOpen(at: opening), "day \(day): \(opening)")
            #expect(!calendar.isOpen(at: opening.nextDown))
            #expect(!calendar.isOpen(at: Double(day) + 17.0 / 24))
        }
    }

    @Test func severalOpeningsADayAndAnotherStartWeekday() {
        // Day 0 is a Saturday; open 9-12 and 14-17 on Mondays only.
        let split = WorkingCalendar(hours: [[9..<12, 14..<17], [], [], [], [], [], []], startWeekday: 5)
        #expect(split.weekday(ofDay: 2) == 0)
        #expect(split.nextOpening(atOrAfter: 0) == 2 + 9.0 / 24)
        #expect(split.nextOpening(atOrAfter: 2 + 12.5 / 24) == 2 + 14.0 / 24)
        #expect(split.nextOpening(atOrAfter: 2 + 18.0 / 24) == 9 + 9.0 / 24)
    }
}

@Suite struct PoolTests {
    @Test func waitListServesHigherPriorityFirstThenFirstComeFirstServed() {
        var list = WaitList(priorityClasses: 2)
        _ = list.append(1, priority: 1, at: 0)
        _ = list.append(2, priority: 0, at: 1)
        let third = list.append(3, priority: 1, at: 2)
        _ = list.append(4, priority: 0, at: 3)
        #expect(list.withdraw(third, at: 4)?.id == 3)
        #expect(list.withdraw(third, at: 4) == nil)
        #expect(list.count == 3)
        var order: [Int] = []
        while let next = list.removeFirst(at: 5) { order.append(next.id) }
        #expect(order == [2, 4, 1])
        // Time-weighted length over [0, 5]: 1, 2, 3, 4 people for a unit each, then 3 for a unit.
        #expect(abs(list.length.mean(at: 5) - (1 + 2 + 3 + 4 + 3) / 5.0) < 1e-12)
    }

    @Test func aFullWaitListTurnsAwayAndCapZeroTurnsAwayAtOnce() {
        var capped = Pool(capacity: 1, policy: .init(waitListCap: 1))
        #expect(capped.request(1, at: 0) == .admitted)
        guard case .waiting = capped.request(2, at: 0) else { Issue.record("expected a wait"); return }
        #expect(capped.request(3, at: 0) == .turnedAway)
        var loss = Pool(capacity: 1, policy: .init(waitListCap: 0))
        #expect(loss.request(1, at: 0) == .admitted)
        #expect(loss.request(2, at: 0) == .turnedAway)
        #expect(loss.statistics.turnedAway == 1 && loss.statistics.requests == 2)
    }

    @Test func abandonmentAndWithdrawalLeaveTheWaitListAndAreCountedApart() {
        var pool = Pool(capacity: 1)
        _ = pool.request(1, at: 0)
        guard case .waiting(let a) = pool.request(2, at: 1), case .waiting(let b) = pool.request(3, at: 2) else {
            Issue.record("expected waits"); return
        }
        let abandoned = pool.abandon(a, at: 4)
        let abandonedTwice = pool.abandon(a, at: 5)
        let withdrawn = pool.withdraw(b, at: 5)
        #expect(abandoned == 1 && abandonedTwice == nil && withdrawn == 2)
        #expect(pool.statistics.abandoned == 1 && pool.statistics.withdrawn == 1)
        #expect(pool.statistics.abandonedWaits.mean == 3)
        pool.release(at: 6)
        #expect(pool.admitNext(at: 6) == nil)
    }

    /// A caseload of 10 units of time: people take their weight of it, the first in line waits
    /// until theirs fits (a lighter one behind does not pass), and an empty pool takes even
    /// someone heavier than its whole capacity.
    @Test func weightsFillTheCapacityAndTheFirstInLineWaitsForRoomForTheirs() {
        var pool = Pool(capacity: 10)
        #expect(pool.request(1, weight: 4, at: 0) == .admitted)
        #expect(pool.request(2, weight: 4, at: 0) == .admitted)
        #expect(pool.occupied == 8 && pool.people == 2)
        guard case .waiting = pool.request(3, weight: 3, at: 1) else { Issue.record("3 does not fit in 2"); return }
        guard case .waiting = pool.request(4, weight: 1, at: 1) else { Issue.record("4 waits behind 3"); return }
        #expect(pool.admitNext(at: 1) == nil)
        pool.release(weight: 4, at: 2)
        #expect(pool.admitNext(at: 2).map { [$0.id, $0.weight] } == [3, 3])
        #expect(pool.admitNext(at: 2).map { [$0.id, $0.weight] } == [4, 1])
        #expect(pool.occupied == 8 && pool.people == 3)
        // Time-averaged: 8 units on [0, 2), 4 on [2, 2), 8 on [2, 4].
        #expect(abs(pool.statistics.occupied.mean(at: 4) - 8) < 1e-12)
        #expect(abs(pool.statistics.people.mean(at: 4) - (2 * 2 + 3 * 2) / 4.0) < 1e-12)

        var small = Pool(capacity: 3)
        #expect(small.request(1, weight: 5, at: 0) == .admitted)
        guard case .waiting = small.request(2, weight: 1, at: 0) else { Issue.record("over capacity: 2 waits"); return }
        // 5 taken of 3: 1 person, 2/5 of whose weight is beyond capacity.
        #expect(abs(small.statistics.overCapacity.value - 0.4) < 1e-12)
        var none = Pool(capacity: 0)
        guard case .waiting = none.request(1, weight: 1, at: 0) else { Issue.record("no capacity, no admission"); return }
    }

    @Test func capacityCanChangeWithoutEvictingAnyone() {
        var pool = Pool(capacity: 2)
        #expect(pool.request(1, at: 0) == .admitted)
        #expect(pool.request(2, at: 0) == .admitted)
        guard case .waiting = pool.request(3, at: 1) else { Issue.record("expected a wait"); return }
        pool.setCapacity(3, at: 2)
        #expect(pool.admitNext(at: 2).map { ($0.id, $0.waited) }! == (3, 1))
        pool.setCapacity(1, at: 3)
        #expect(pool.occupied == 3)
        _ = pool.request(4, at: 3)
        pool.release(at: 4)
        #expect(pool.admitNext(at: 4) == nil)       // 2 in 1 slot: still over capacity
        pool.release(at: 5)
        pool.release(at: 6)
        #expect(pool.admitNext(at: 6).map { ($0.id, $0.waited) }! == (4, 3))
        // Capacity was 2 on [0, 2), 3 on [2, 3), 1 on [3, 6].
        #expect(abs(pool.statistics.capacity.mean(at: 6) - (4 + 3 + 3) / 6.0) < 1e-12)
    }

    @Test func workArrivingOutsideHoursWaitsForTheNextOpening() {
        let calendar = WorkingCalendar(openOn: [0, 1, 2, 3, 4], from: 9, to: 17, startWeekday: 0)
        var pool = Pool(capacity: 1, calendar: calendar)
        let saturday = 5.5
        guard case .waiting = pool.request(7, at: saturday) else { Issue.record("expected a wait"); return }
        let monday = 7 + 9.0 / 24
        #expect(pool.takeWakeUp(at: saturday) == monday)
        #expect(pool.takeWakeUp(at: saturday + 0.1) == nil)   // already due
        #expect(pool.admitNext(at: saturday + 0.5) == nil)     // still closed
        pool.wake()
        let admitted = pool.admitNext(at: monday)
        #expect(admitted?.id == 7)
        #expect(abs(admitted!.waited - (monday - saturday)) < 1e-12)
        #expect(pool.takeWakeUp(at: monday) == nil)
    }

    @Test func resettingStatisticsKeepsWhoIsWhere() {
        var pool = Pool(capacity: 1)
        _ = pool.request(1, at: 0)
        _ = pool.request(2, at: 0)
        pool.resetStatistics(at: 10)
        #expect(pool.statistics.requests == 0)
        #expect(pool.occupied == 1 && pool.waitingCount == 1)
        #expect(pool.statistics.occupied.mean(at: 20) == 1)
        #expect(pool.waitList.length.mean(at: 20) == 1)
    }
}

@Suite struct OverCapacityTests {
    /// Capacity cut below the people in service evicts nobody: the excess is measured over time,
    /// and shrinks as they leave.
    @Test func peopleAboveCapacityAreTimeAveraged() {
        var pool = Pool(capacity: 4)
        for id in 0..<4 { #expect(pool.request(id, at: 0) == .admitted) }
        pool.setCapacity(1, at: 10)      // 3 above capacity from day 10
        pool.release(at: 20)             // 2 above from day 20
        pool.release(at: 30)             // 1 above from day 30
        pool.transferIn(at: 35)          // 2 above from day 35
        // Over 40 days: 0 x 10 + 3 x 10 + 2 x 10 + 1 x 5 + 2 x 5 = 65 person-days.
        #expect(abs(pool.statistics.overCapacity.mean(at: 40) - 65.0 / 40) < 1e-12)
        #expect(pool.occupied == 3 && pool.capacity == 1)
    }
}
