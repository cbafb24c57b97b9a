import Engine

extension CareSimulation {
    // MARK: Caseloads

    /// The caseload a person's level calls for at their device: level 3 to case management,
    /// level 2 to coordination support, else whichever the device has.
    mutating func caseloadPool(for person: Person) -> Int? {
        let d = Int(person.device)
        let coordination = devices[d].pools[1], caseManagement = devices[d].pools[2]
        let (first, second) = person.level == 3 ? (caseManagement, coordination) : (coordination, caseManagement)
        return first >= 0 ? first : (second >= 0 ? second : nil)
    }

    mutating func openCase(person: Int, at time: Double) {
        let t = Int(persons[person].territory)
        // A device that merged into the DAC since the person reached it has handed its work over.
        let d = Int(persons[person].device)
        if territories[t].converged && (d < 0 || !devices[d].active) {
            persons[person].device = Int32(territories[t].dac)
        }
        guard let pool = caseloadPool(for: persons[person]) else {
            leave(person: person, .noAnswer, at: time)
            return
        }
        requestCaseload(person: person, pool: pool, since: nil, at: time)
    }

    /// A new request waits behind hospital discharges unless it is one. A moved wait (`since`
    /// given) goes on, in the class it is given: an abandonment already drawn for it still applies.
    mutating func requestCaseload(person: Int, pool: Int, since: Double?, priority: Int? = nil, at time: Double) {
        let priority = priority ?? (persons[person].source == .hospital ? 1 : 2)
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
            if since == nil, let patience = poolPatience[pool] {
                let stream = careStreams[Int(persons[person].territory)]
                schedule(.abandon(Int32(person), persons[person].stamp), at: time + patience.sample(stream))
            }
        case .turnedAway:
            leave(person: person, .turnedAway, at: time)
        }
    }

    /// The caseload minutes a month a person of this level and pathway takes.
    mutating func workload(of person: Person) -> Int32 {
        workloadMinutes[(Int(person.level) == 3 ? Pathway.allCases.count : 0) + person.pathwayIndex]
    }

    mutating func startSupport(person: Int, waited: Double, at time: Double) {
        let pool = Int(persons[person].pool)
        let t = Int(persons[person].territory)
        persons[person].place = .supported
        persons[person].ticket = nil
        persons[person].stamp &+= 1
        let newWait = !persons[person].fromSupport
        persons[person].fromSupport = false
        if observing && newWait {
            territories[t].observations.recordWait(waited, role: poolRole[pool], target: config.targetDelay)
            if poolRole[pool] == .coordination { territories[t].current.coordinationWaits.record(waited) }
            else { territories[t].current.caseManagementWaits.record(waited) }
            if !persons[person].everSupported { territories[t].observations.personsSupported += 1 }
        }
        persons[person].everSupported = true
        countSupport(person: person, 1)
        if newWait && waited > config.ruptureWait { rupture(.longWait, person: person) }
        let duration = poolDuration[pool].sample(careStreams[t]) * supportDurationFactor[persons[person].pathwayIndex]
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

    /// Why leaving the model this way, from this place, leaves a need unmet (nil: it does not).
    static func unmetReason(_ exit: Exit, from place: Place) -> UnmetReason? {
        switch exit {
        case .neverReferred: return .neverReferred
        case .noAnswer: return .noAnswer
        case .turnedAway: return .turnedAway
        case .abandoned: return .abandoned
        case .death, .nursingHome:
            switch place {
            case .levelOne: return .neverReferred
            case .referral, .frontDesk, .waiting: return exit == .death ? .diedWaiting : .institutionWhileWaiting
            default: return nil
            }
        case .managedInPrimaryCare, .resolvedByInformation, .moving: return nil
        }
    }

    mutating func leave(person: Int, _ exit: Exit, at time: Double) {
        let place = persons[person].place
        precondition(place != .gone, "a person leaves once: their slot is given back then")
        if place == .supported { countSupport(person: person, -1) }
        // A wait that ends without admission still counts as a rupture when it was too long.
        if persons[person].place == .waiting && time - persons[person].waitingSince > config.ruptureWait {
            rupture(.longWait, person: person)
        }
        detach(person: person, at: time)
        persons[person].place = .gone
        persons[person].lifeStamp &+= 1
        exitedOverall += 1
        // A front desk still serving them frees the slot when the service ends.
        if !persons[person].inFrontDeskService { freeSlot(person) }
        let t = Int(persons[person].territory)
        if observing {
            territories[t].counts.exits[exit.index] += 1
            if exit == .death && place == .supported { territories[t].observations.deathsUnderSupport += 1 }
            if let reason = Self.unmetReason(exit, from: place) { unmet(reason, territory: t) }
        }
    }

    mutating func unmet(_ reason: UnmetReason, territory t: Int) {
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
        let caseload = poolRole[Int(persons[person].pool)] == .caseManagement ? 1 : 0
        territories[Int(persons[person].territory)].supported[caseload][Int(persons[person].level) - 2] += delta
    }

    // MARK: Today's state

    /// People already followed or waiting when the run starts, drawn from the device's eligible
    /// strata in proportion to their incidence.
    mutating func seedInitialState(territory t: Int) {
        for d in territories[t].devices where devices[d].active { seedInitialState(device: d) }
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
            let pool = devices[d].pool(role)
            for index in 0..<(caseload.initialActive + caseload.initialWaiting) {
                let u = stream.uniform() * total
                let (band, pathway, _) = strata.first { $0.2 > u } ?? strata.last!
                var person = Person(territory: Int32(t), band: band, pathway: pathway,
                                    source: drawSource(stream), level: role == .caseManagement ? 3 : 2)
                person.device = Int32(d)
                let p = newPerson(person)
                if index < caseload.initialActive {
                    // Remaining support is drawn whole (exact for exponential durations).
                    persons[p].place = .supported
                    persons[p].pool = Int32(pool)
                    persons[p].everSupported = true
                    persons[p].workload = workload(of: persons[p])
                    pools[pool].transferIn(weight: Int(persons[p].workload), at: 0)
                    countSupport(person: p, 1)
                    persons[p].supportEndsAt = caseload.duration.sample(stream)
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
