import Foundation

extension CareSimulation {
    // MARK: Outreach: support to professionals and territorial animation (mission 3)

    /// The FTE a territory's active devices give to outreach now: their caseload staff in post
    /// times the shares of their time given to professionals and to territorial animation.
    mutating func outreachFTE(territory t: Int) -> Double {
        var fte = 0.0
        for d in territoryDevices(t) where devices[d].active {
            for team in devices[d].teams where teams[team].outreachShare > 0 {
                fte += teams[team].filledFTE * teams[team].outreachShare
            }
        }
        return fte
    }

    /// How well the services are known follows the outreach given per 100,000 inhabitants, with a
    /// first-order lag (measured monthly; `fromScratch`: at its level, as at the run's start after
    /// years at the same staffing); the referral probability, level 1's share and misdirection
    /// follow how well they are known.
    mutating func updateOutreach(territory t: Int, at time: Double, fromScratch: Bool = false) {
        let fte = outreachFTE(territory: t)
        let people = totalPopulation(t, at: time)
        let now = people > 0 ? fte / people * 100_000 : 0
        let lag = config.outreach.lag
        let known = territories[t].known
        territories[t].known = fromScratch || lag <= 0 ? now : now + (known - now) * exp(-(time - territories[t].knownAt) / lag)
        territories[t].knownAt = time
        territories[t].outreachMultipliers = config.outreach.multipliers(known: territories[t].known)
        territories[t].outreachOverTime.update(fte, at: time)
        updateReferral(territory: t)
    }
}

extension CareSimulation {
    // MARK: Case finding

    /// A level-3 need nobody referred may be found by the case-management team that would take
    /// it, if the team has room: its partners signal situations, it looks in the hospital's lists.
    /// Candidates come at the full rate (thinning): each is kept in proportion to the team's free
    /// time per inhabitant then, up to 1 (`findingEffort`). Drawn on a stream of their own.
    mutating func scheduleCaseFinding(person: Int, at time: Double) {
        let rate = config.caseFindingPerYear / 365.25
        guard rate > 0, persons[person].level == 3, persons[person].place == .levelOne, !persons[person].asked else { return }
        let t = Int(persons[person].territory)
        schedule(.caseFinding(Int32(person), persons[person].lifeStamp), at: time - log(findingStreams[t].uniform()) / rate)
    }

    /// The case-management pool a level-3 person would be sent to by their routing among the
    /// devices offering case management (the DAC's, by their antenna, after convergence), or nil.
    mutating func caseManagementPool(for person: Int) -> Int? {
        let t = Int(persons[person].territory)
        let key = Self.routeIndex(persons[person]) * 2 + 1
        guard let device = Self.pick(territories[t].capableRoutes[key], persons[person].routingDraw) else { return nil }
        var probe = persons[person]
        probe.device = Int32(device)
        guard let pool = caseloadPool(for: probe), poolRole[pool] == .caseManagement else { return nil }
        return pool
    }

    /// How hard a caseload's team looks for situations, as the share of candidates it finds (0 to
    /// 1): its free time in FTE per 100,000 inhabitants of the area it serves, over the free time at
    /// which it finds all its partners signal (`fullRateAt`). More staff per inhabitant with the
    /// same share free finds more.
    static func findingEffort(freeMinutesPerMonth: Double, fteMinutesPerMonth: Double, people: Double,
                              fullRateAt: Double) -> Double {
        guard people > 0, freeMinutesPerMonth > 0 else { return 0 }
        return min(1, freeMinutesPerMonth / fteMinutesPerMonth / people * 100_000 / fullRateAt)
    }

    /// `findingEffort` for a case-management pool now, over the inhabitants it serves.
    mutating func findingEffort(pool: Int, territory t: Int, at time: Double) -> Double {
        Self.findingEffort(freeMinutesPerMonth: Double(max(0, pools[pool].capacity - pools[pool].occupied)),
                           fteMinutesPerMonth: config.workload.caseloadHoursPerMonth(perFTE: 1) * 60,
                           people: totalPopulation(t, at: time) * poolAreaShare[pool], fullRateAt: config.caseFindingFullRateAt)
    }

    mutating func caseFinding(person: Int, at time: Double) {
        let t = Int(persons[person].territory)
        guard persons[person].level == 3, !persons[person].asked else { return }
        let u = findingStreams[t].uniform()
        let pool = caseManagementPool(for: person)
        var effort = 0.0
        if let pool, pools[pool].waitingCount == 0 {
            effort = findingEffort(pool: pool, territory: t, at: time)
        }
        guard let pool, u < effort else {
            scheduleCaseFinding(person: person, at: time)
            return
        }
        // The team that found the person takes the request: no wrong door, no re-orientation.
        if observing { territories[t].observations.foundByCaseFinding += 1 }
        countRequest(person: person, at: time)
        persons[person].device = Int32(poolDevice[pool])
        persons[person].place = .referral
        scheduleLife(person: person, at: time)  // a new chain: the need will not lapse now
        schedule(.referral(Int32(person), persons[person].generation), at: time)
    }
}
