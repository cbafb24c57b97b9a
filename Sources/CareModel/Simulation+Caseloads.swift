import Engine

extension CareSimulation {
    // MARK: Caseloads

    /// The caseload a person's level calls for at their device: level 3 to case management, else
    /// coordination support (a device without case management helps with what it has); level 2
    /// to coordination support only. Case management admits on its criteria (an unstable
    /// situation, functional, medical and decision-making problems, help insufficient: level 3),
    /// checked when the request is oriented, so a device without coordination support never
    /// takes level 2 into case management.
    @inline(__always)
    mutating func caseloadPool(for person: Person) -> Int? {
        let d = Int(person.device)
        // At a DAC split into antennas, the caseloads of the person's antenna.
        let pools = devices[d].caseloadPools(antenna: person.antenna)
        let coordination = pools[0], caseManagement = pools[1]
        if person.level == 3 && caseManagement >= 0 { return caseManagement }
        return coordination >= 0 ? coordination : nil
    }

    mutating func openCase(person: Int, at time: Double) {
        let t = Int(persons[person].territory)
        // A device that merged into the DAC since the person reached it has handed its work over.
        let d = Int(persons[person].device)
        if territories[t].converged && (d < 0 || !devices[d].active) {
            persons[person].device = Int32(territories[t].dac)
        }
        guard let pool = caseloadPool(for: persons[person]) else {
            // Case management's orientation finds the need below its criteria: the person goes
            // back to level 1 with advice, not into case management.
            endEpisode(person: person, devices[Int(persons[person].device)].pools[2] >= 0 ? .orientedToLevelOne : .noAnswer, at: time)
            return
        }
        requestCaseload(person: person, pool: pool, since: nil, at: time)
    }

    /// Whether a request cannot wait: a palliative situation, or a hospital's request at an urgent
    /// discharge (a share of them); who asked changes nothing otherwise.
    @inline(__always)
    mutating func isUrgent(_ person: Person) -> Bool {
        person.pathway == .palliative || (person.source == .hospital && person.urgencyDraw < config.referral.urgentDischargeShare)
    }

    /// A new request waits behind urgent ones unless it is one. A moved wait (`since` given) goes
    /// on, in the class it is given: an abandonment or a target already scheduled for it still applies.
    mutating func requestCaseload(person: Int, pool: Int, since: Double?, priority: Int? = nil, at time: Double) {
        let priority = priority ?? (isUrgent(persons[person]) ? 1 : 2)
        if since == nil { persons[person].stamp &+= 1 }
        persons[person].pool = Int32(pool)
        persons[person].place = .waiting
        persons[person].waitingSince = since ?? time
        persons[person].workload = workload(of: persons[person])
        switch pools[pool].request(person, weight: Int(persons[person].workload), priority: priority, at: time, since: since) {
        case .admitted:
            startSupport(person: person, waited: time - (since ?? time), at: time)
        case .waiting(let ticket):
            persons[person].ticket = ticket
            if since == nil {
                if !persons[person].fromSupport && !persons[person].unmetCounted {
                    schedule(.targetPassed(Int32(person), persons[person].stamp), at: time + config.targetDelay)
                }
                if let patience = poolPatience[pool] {
                    let stream = careStreams[Int(persons[person].territory)]
                    schedule(.abandon(Int32(person), persons[person].stamp), at: time + patience.sample(stream))
                }
            }
        case .turnedAway:
            endEpisode(person: person, .turnedAway, at: time)
        }
    }

    /// The intensity of support a person gets at their level and pathway (the shares' cumulative
    /// table, by the draw made when their need arose).
    @inline(__always)
    mutating func intensity(of person: Person) -> Int {
        let cumulative = intensityCumulative[(Int(person.level) - 2) * Pathway.allCases.count + person.pathwayIndex]
        let u = person.intensityDraw * cumulative[cumulative.count - 1]
        return cumulative.firstIndex { $0 > u } ?? cumulative.count - 1
    }

    /// The multiplier of a person's support duration for their level and intensity.
    @inline(__always)
    mutating func intensityDuration(of person: Person) -> Double {
        intensityDurationFactor[(Int(person.level) - 2) * Intensity.allCases.count + intensity(of: person)]
    }

    /// The caseload minutes a month a person of this level, pathway and intensity takes in their territory.
    @inline(__always)
    mutating func workload(of person: Person) -> Int32 {
        let index = ((Int(person.level) - 2) * Pathway.allCases.count + person.pathwayIndex) * Intensity.allCases.count
        return workloadMinutes[Int(person.territory)][index + intensity(of: person)]
    }

    mutating func startSupport(person: Int, waited: Double, at time: Double) {
        let pool = Int(persons[person].pool)
        let t = Int(persons[person].territory)
        persons[person].place = .supported
        persons[person].ticket = nil
        persons[person].stamp &+= 1
        let newWait = !persons[person].fromSupport
        persons[person].fromSupport = false
        if newWait { recordWait(person: person, waited: waited, censored: false) }
        if observing && newWait {
            territories[t].observations.recordAdmittedWait(waited, role: poolRole[pool], target: config.targetDelay)
            if poolRole[pool] == .coordination { territories[t].current.coordinationWaits.record(waited) }
            else { territories[t].current.caseManagementWaits.record(waited) }
            if !persons[person].everSupported { territories[t].observations.personsSupported += 1 }
        }
        persons[person].everSupported = true
        countSupport(person: person, 1)
        if newWait && waited > config.ruptureWait { rupture(.longWait, person: person) }
        let duration = poolDuration[pool].sample(careStreams[t]) * supportDurationFactor[persons[person].pathwayIndex]
            * intensityDuration(of: persons[person])
        if persons[person].inHospital && config.persons.supportDuringStay == .paused {
            persons[person].supportPaused = true  // it starts at the discharge
            persons[person].supportEndsAt = duration
            return
        }
        persons[person].supportEndsAt = time + duration
        schedule(.supportEnd(Int32(person), persons[person].stamp), at: time + duration)
    }

    mutating func admitWaiting(pool: Int, at time: Double) {
        while let next = pools[pool].admitNext(at: time) {
            if poolRole[pool] == .frontDesk { startFrontDesk(person: next.id, at: time) }
            else { startSupport(person: next.id, waited: next.waited, at: time) }
        }
        wakeIfNeeded(pool: pool, at: time)
    }

    mutating func wakeIfNeeded(pool: Int, at time: Double) {
        if let opening = pools[pool].takeWakeUp(at: time) { schedule(.wake(Int32(pool)), at: opening) }
    }

    /// Takes a person out of wherever they are (a wait list or a caseload), freeing their place.
    mutating func detach(person: Int, at time: Double) {
        let pool = Int(persons[person].pool)
        switch persons[person].place {
        case .waiting, .frontDesk:
            if let ticket = persons[person].ticket { _ = pools[pool].withdraw(ticket, at: time) }
        case .supported:
            pools[pool].release(weight: Int(persons[person].workload), at: time)
            admitWaiting(pool: pool, at: time)
        case .levelOne, .referral, .between, .gone: break
        }
        persons[person].ticket = nil
    }

    /// The unmet need a person's leaving the model from `place` makes, if any: dying or entering a
    /// nursing home while a device was asked and had not yet given support.
    static func unmetReason(leaving exit: Outcome, from place: Place) -> UnmetReason? {
        guard exit != .moving else { return nil }
        switch place {
        case .referral, .frontDesk, .waiting: return exit == .death ? .diedWaiting : .institutionWhileWaiting
        default: return nil
        }
    }

    /// What happens before a person leaves a place for good or for level 1: a wait for a caseload
    /// that ends without admission is counted among all who waited (cut short), and is a rupture
    /// when it was too long; then the person's place in any pool is freed.
    mutating func endPlace(person: Int, at time: Double) {
        let place = persons[person].place
        if place == .supported { countSupport(person: person, -1) }
        if place == .waiting {
            let waited = time - persons[person].waitingSince
            // A wait that ends without admission still counts as a rupture when it was too long.
            if waited > config.ruptureWait { rupture(.longWait, person: person) }
            if !persons[person].fromSupport { recordWait(person: person, waited: waited, censored: true) }
        }
        persons[person].fromSupport = false
        detach(person: person, at: time)
    }

    /// Counts a wait for a caseload among all who waited: admitted, or cut short (censored).
    mutating func recordWait(person: Int, waited: Double, censored: Bool) {
        guard observing else { return }
        let t = Int(persons[person].territory)
        territories[t].observations.recordWait(waited, censored: censored, role: poolRole[Int(persons[person].pool)],
                                                source: persons[person].source, target: config.targetDelay)
    }

    /// The person leaves the model: nursing home, death or moving away.
    mutating func leave(person: Int, _ exit: Outcome, at time: Double) {
        precondition(exit.leavesModel, "only a nursing home, death or moving takes a person out of the model")
        let place = persons[person].place
        precondition(place != .gone, "a person leaves once: their slot is given back then")
        if place == .levelOne && exit != .moving { notReferred(person: person) }
        endPlace(person: person, at: time)
        persons[person].place = .gone
        countInModel(territory: Int(persons[person].territory), level: Int(persons[person].level), -1, at: time)
        persons[person].lifeStamp &+= 1
        exitedOverall += 1
        // A front desk still serving them frees the slot when the service ends.
        if !persons[person].inFrontDeskService { freeSlot(person) }
        let t = Int(persons[person].territory)
        if observing {
            count(exit, person: person)
            if exit == .death && place == .supported { territories[t].observations.deathsUnderSupport += 1 }
        }
        if let reason = Self.unmetReason(leaving: exit, from: place) { unmet(reason, person: person) }
    }

    /// A need's episode ends with the person still in the model. Asked and given nothing (no
    /// answer, oriented back to level 1, turned away, abandoned), the need stays at level 1 with no support in place until it
    /// comes to rest; otherwise (handled in primary care or by information) it is at rest now.
    mutating func endEpisode(person: Int, _ outcome: Outcome, at time: Double) {
        precondition(!outcome.leavesModel, "leaving the model is `leave`")
        endPlace(person: person, at: time)
        if observing { count(outcome, person: person) }
        let reason: UnmetReason? = switch outcome {
        case .noAnswer: .noAnswer
        case .orientedToLevelOne: .orientedToLevelOne
        case .turnedAway: .turnedAway
        case .abandoned: .abandoned
        default: nil
        }
        persons[person].pool = -1
        if let reason {
            unmet(reason, person: person)
            // A later request (a hospital's at discharge) starts from a first contact again.
            persons[person].device = -1
            persons[person].place = .levelOne
            persons[person].lapsesAt = time + max(0, config.persons.unreferredEpisode.sample(careStreams[Int(persons[person].territory)]))
            scheduleLife(person: person, at: time)
        } else {
            rest(person: person, supported: false, at: time)
        }
    }

    /// A need left unsupported at level 1 comes to rest: counted as not referred when nobody asked
    /// a device about it (a need asked about was counted unmet already).
    mutating func endNeed(person: Int, at time: Double) {
        if !persons[person].asked { notReferred(person: person) }
        persons[person].pool = -1
        rest(person: person, supported: false, at: time)
    }

    /// The need is at rest: the person stays in the model, under the hazards between needs.
    mutating func rest(person: Int, supported: Bool, at time: Double) {
        persons[person].place = .between
        persons[person].lastNeedSupported = supported
        persons[person].supportEndedAt = time
        scheduleLife(person: person, at: time)
    }

    mutating func notReferred(person: Int) {
        guard observing else { return }
        let t = Int(persons[person].territory)
        territories[t].observations.notReferred += 1
        if persons[person].band == .from75 { territories[t].observations.notReferredFrom75 += 1 }
    }

    mutating func count(_ outcome: Outcome, person: Int) {
        let t = Int(persons[person].territory)
        territories[t].counts.outcomes[outcome.index] += 1
        if persons[person].band == .from75 { territories[t].counts.outcomesFrom75[outcome.index] += 1 }
    }

    /// A need a device was asked about and did not meet, counted once, under its first reason.
    mutating func unmet(_ reason: UnmetReason, person: Int) {
        guard !persons[person].unmetCounted else { return }
        persons[person].unmetCounted = true
        guard observing else { return }
        let t = Int(persons[person].territory)
        territories[t].counts.unmet[reason.index] += 1
        territories[t].current.unmet += 1
    }

    mutating func rupture(_ kind: RuptureKind, person: Int) {
        let t = Int(persons[person].territory)
        if observing {
            territories[t].counts.ruptures[kind.index] += 1
            territories[t].current.ruptures += 1
        }
    }

    mutating func countSupport(person: Int, _ delta: Int) {
        let t = Int(persons[person].territory), atLevel3 = persons[person].level == 3
        switch (poolRole[Int(persons[person].pool)] == .caseManagement, atLevel3) {
        case (false, false): territories[t].supported.coordinationAtLevel2 += delta
        case (false, true): territories[t].supported.coordinationAtLevel3 += delta
        case (true, false): territories[t].supported.caseManagementAtLevel2 += delta
        case (true, true): territories[t].supported.caseManagementAtLevel3 += delta
        }
    }

    // MARK: Today's state

    /// People already followed or waiting when the run starts, drawn from the device's eligible
    /// strata in proportion to their incidence.
    mutating func seedInitialState(territory t: Int) {
        for d in territories[t].devices where devices[d].active { seedInitialState(device: d) }
    }

    /// People with a need at rest when the run (or its spin-up) begins: the territory's
    /// complex-needs population exists before any service does, and leaves only by a nursing home,
    /// death or moving (about 8 years at level 2), far slower than services fill. Each stratum and
    /// level gets the stock where entries balance those exits: its new situations a year over its
    /// yearly exit hazard; the run then settles the rest (who is in need, at which level). Drawn
    /// on a stream of their own, so that the other streams draw as before.
    mutating func seedRestingStock(territory t: Int, at time: Double) {
        let stream = stockStreams[t]
        var stocks: [(band: AgeBand, pathway: Pathway, level: Int, mean: Double)] = []
        for (b, band) in AgeBand.allCases.enumerated() {
            for (p, pathway) in Pathway.allCases.enumerated() {
                let perYear = population(t, band: b, at: 0) * territories[t].strataIncidence[b * Pathway.allCases.count + p] * 365.25
                for level in [2, 3] {
                    let h = config.persons.hazards(level: level, pathway: pathway)
                    let exits = h.nursingHome + h.death + h.moving
                    let share = level == 3 ? config.persons.level3Share : 1 - config.persons.level3Share
                    guard exits > 0, perYear * share > 0 else { continue }
                    stocks.append((band, pathway, level, perYear * share / exits))
                }
            }
        }
        // The stock is most of the slots a run will hold (a few percent more in the national
        // scenario): room for it and a tenth more at once, rather than the array doubling by
        // copying as it fills.
        let expected = stocks.reduce(0) { $0 + $1.mean + 1 }
        persons.reserveCapacity(persons.count + Int(expected * 1.1))
        for (band, pathway, level, mean) in stocks {
            let count = Int(mean) + (stream.uniform() < mean - mean.rounded(.down) ? 1 : 0)
            for _ in 0..<count {
                let person = newPerson(Person(territory: Int32(t), band: band, pathway: pathway, source: .gp,
                                              level: UInt8(level), place: .between), at: time)
                persons[person].supportEndedAt = time
                scheduleLife(person: person, at: time)
            }
        }
    }

    mutating func seedInitialState(device d: Int) {
        let t = devices[d].territory
        let stream = attributeStreams[t]
        let device = devices[d].config
        var strata: [(AgeBand, Pathway, Double)] = []
        var total = 0.0
        for (b, band) in AgeBand.allCases.enumerated() where device.ageBands.contains(band) {
            for (p, pathway) in Pathway.allCases.enumerated() where device.pathways.contains(pathway) {
                total += territories[t].bandPopulation[b] * territories[t].strataIncidence[b * Pathway.allCases.count + p]
                strata.append((band, pathway, total))
            }
        }
        guard total > 0 else { return }
        for (role, caseload) in [(Role.coordination, device.coordination), (.caseManagement, device.caseManagement)] {
            guard let caseload else { continue }
            for index in 0..<(caseload.initialActive + caseload.initialWaiting) {
                let u = stream.uniform() * total
                let (band, pathway, _) = strata.first { $0.2 > u } ?? strata.last!
                var person = Person(territory: Int32(t), band: band, pathway: pathway,
                                    source: drawSource(stream), level: role == .caseManagement ? 3 : 2)
                person.device = Int32(d)
                let p = newPerson(person, at: 0)
                persons[p].intensityDraw = stream.uniform()
                let pool = devices[d].caseloadPools(antenna: persons[p].antenna)[role == .coordination ? 0 : 1]
                if index < caseload.initialActive {
                    // Remaining support is drawn whole (exact for exponential durations).
                    persons[p].place = .supported
                    persons[p].pool = Int32(pool)
                    persons[p].everSupported = true
                    persons[p].workload = workload(of: persons[p])
                    pools[pool].transferIn(weight: Int(persons[p].workload), at: 0)
                    countSupport(person: p, 1)
                    persons[p].supportEndsAt = caseload.duration.sample(stream) * intensityDuration(of: persons[p])
                    schedule(.supportEnd(Int32(p), persons[p].stamp), at: persons[p].supportEndsAt)
                } else {
                    // Today's wait list is taken as it is, from day 0: nobody is turned away from it.
                    persons[p].stamp &+= 1
                    requestCaseload(person: p, pool: pool, since: 0, priority: 2, at: 0)
                    if persons[p].place == .waiting, let patience = caseload.patience {
                        schedule(.abandon(Int32(p), persons[p].stamp), at: patience.sample(stream))
                    }
                }
                scheduleLife(person: p, at: 0)
            }
        }
    }
}
