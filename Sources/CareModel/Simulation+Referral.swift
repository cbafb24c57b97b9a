import Engine

extension CareSimulation {
    // MARK: Referral, routing and the front desk

    /// The referral probability and delay depend on GP density and on readability, which
    /// changes at convergence.
    mutating func updateReferral(territory t: Int) {
        territories[t].referralProbability = config.referral.probability(in: territories[t].config, readability: territories[t].readability)
        territories[t].referralDelayFactor = config.referral.delayFactor(in: territories[t].config)
    }

    /// The device that answers this person now: the DAC after convergence, else the eligible
    /// device that best offers the person's level; nil when none is eligible (no answer).
    mutating func answeringDevice(for person: Person) -> Int? {
        let t = Int(person.territory)
        let b = AgeBand.allCases.firstIndex(of: person.band)!, p = Pathway.allCases.firstIndex(of: person.pathway)!
        let device = territories[t].answering[(b * Pathway.allCases.count + p) * 2 + Int(person.level) - 2]
        return device >= 0 ? device : nil
    }

    mutating func updateRouting(territory t: Int) {
        territories[t].answering = []
        for band in AgeBand.allCases {
            for pathway in Pathway.allCases {
                for level: UInt8 in [2, 3] {
                    let probe = Person(territory: Int32(t), band: band, pathway: pathway, source: .gp, level: level)
                    territories[t].answering.append(computeAnsweringDevice(for: probe) ?? -1)
                }
            }
        }
    }

    func computeAnsweringDevice(for person: Person) -> Int? {
        let t = Int(person.territory)
        if territories[t].converged { return territories[t].dac }
        let eligible = territories[t].devices.filter { devices[$0].active && devices[$0].config.accepts(person.band, person.pathway) }
        func offers(_ d: Int, _ role: Role) -> Bool { devices[d].pool(role) >= 0 }
        let preferred: [Role] = person.level == 3 ? [.caseManagement, .coordination] : [.coordination, .caseManagement]
        for role in preferred { if let d = eligible.first(where: { offers($0, role) }) { return d } }
        return eligible.first
    }

    mutating func arrive(person: Int, at time: Double) {
        guard persons[person].place == .referral else { return }
        let t = Int(persons[person].territory)
        let stream = careStreams[t]
        if persons[person].device < 0 {
            // First contact: before convergence a referral may reach the wrong device first.
            persons[person].referredAt = time
            if observing {
                territories[t].observations.requests[persons[person].source, default: 0] += 1
                territories[t].current.requests += 1
            }
            if !territories[t].converged,
               persons[person].misdirectionDraw < config.referral.misdirection * (1 - territories[t].readability) {
                if observing { territories[t].observations.misdirected += 1 }
                persons[person].device = Int32.max  // marks the detour as taken
                calendar.schedule(.referral(Int32(person)), at: time + config.referral.reorientationDelay.sample(stream))
                return
            }
        }
        guard let device = answeringDevice(for: persons[person]) else {
            leave(person: person, .noAnswer, at: time)
            return
        }
        persons[person].device = Int32(device)
        let frontDesk = devices[device].pool(.frontDesk)
        guard frontDesk >= 0 else {
            recordFirstResponse(person: person, at: time)
            openCase(person: person, at: time)
            return
        }
        persons[person].place = .frontDesk
        persons[person].pool = Int32(frontDesk)
        switch pools[frontDesk].request(person, at: time) {
        case .admitted: startFrontDesk(person: person, at: time)
        case .waiting(let ticket): persons[person].ticket = ticket
        case .turnedAway: leave(person: person, .turnedAway, at: time)
        }
        wakeIfNeeded(pool: frontDesk, at: time)
    }

    mutating func recordFirstResponse(person: Int, at time: Double) {
        let t = Int(persons[person].territory)
        if observing { territories[t].observations.firstResponse.record(time - persons[person].referredAt) }
    }

    mutating func startFrontDesk(person: Int, at time: Double) {
        persons[person].inFrontDeskService = true
        persons[person].ticket = nil
        recordFirstResponse(person: person, at: time)
        let stream = careStreams[Int(persons[person].territory)]
        calendar.schedule(.frontDeskEnd(Int32(person)), at: time + poolDuration[Int(persons[person].pool)].sample(stream))
    }

    mutating func frontDeskEnd(person: Int, at time: Double) {
        let pool = Int(persons[person].pool)
        persons[person].inFrontDeskService = false
        pools[pool].release(at: time)
        admitWaiting(pool: pool, at: time)
        guard persons[person].place == .frontDesk else { return }  // left while being served
        if careStreams[Int(persons[person].territory)].uniform() < poolResolvedShare[pool] {
            leave(person: person, .resolvedByInformation, at: time)
        } else {
            openCase(person: person, at: time)
        }
    }
}
