import Engine

extension CareSimulation {
    // MARK: Referral, routing and the front desk

    /// The referral probability and delay depend on GP density, on readability, which changes at
    /// convergence, and on how well outreach has made the services known. The probability may
    /// pass 1 here: it is capped once, with the source's factor, where it is used.
    mutating func updateReferral(territory t: Int) {
        let probability = config.referral.probability(in: territories[t].config, readability: territories[t].readability)
        territories[t].referralProbability = probability * territories[t].outreachMultipliers.referral
        territories[t].referralDelayFactor = config.referral.delayFactor(in: territories[t].config)
    }

    /// The devices a first contact may reach, by (age band, pathway, source): the active devices
    /// that accept the person (after convergence, the DAC and those staying outside it), each
    /// weighted by the source's share for its kind (shared equally by devices of one kind; the DAC
    /// has the shares of the devices that merged into it), renormalised, or equal when the source
    /// gives none of them a share. Devices are in the order of their names, so
    /// the routing never depends on the order they are written in.
    mutating func updateRouting(territory t: Int) {
        territories[t].routes = []
        territories[t].capableRoutes = []
        // After convergence, the DAC and the devices still outside it (the DAC last, so that a
        // device's place in the file changes nothing).
        let active = territories[t].devices.filter { devices[$0].active } + (territories[t].converged ? [territories[t].dac] : [])
        // Most strata are accepted by the same devices: each set's routes are worked out once.
        var known: [RouteKey: [Route]] = [:]
        for band in AgeBand.allCases {
            for pathway in Pathway.allCases {
                let eligible = active.filter { devices[$0].config.accepts(band, pathway) }
                let merged = territories[t].devices.filter { !devices[$0].active && devices[$0].config.accepts(band, pathway) }
                let capable = (2...3).map { level in eligible.filter { offers(device: $0, level: level) } }
                for source in ReferralSource.allCases {
                    for (i, candidates) in ([eligible] + capable).enumerated() {
                        let key = RouteKey(candidates: candidates, merged: merged, source: source)
                        let found = known[key] ?? routes(among: candidates, merged: merged, source: source, territory: t)
                        known[key] = found
                        if i == 0 { territories[t].routes.append(found) } else { territories[t].capableRoutes.append(found) }
                    }
                }
            }
        }
    }

    /// What a stratum's routes depend on, besides the territory.
    struct RouteKey: Hashable {
        var candidates: [Int]
        var merged: [Int]
        var source: ReferralSource
    }

    /// A source's share for a kind of device is split among that kind's devices, those among
    /// `candidates` and those that merged into the DAC (`merged`): what it asked of the devices that
    /// merged, it asks of the DAC. Kinds the territory does not have get nothing.
    func routes(among candidates: [Int], merged: [Int], source: ReferralSource, territory t: Int) -> [Route] {
        let shares = territories[t].config.routing[source] ?? [:]
        func count(_ kind: DeviceKind, _ list: [Int]) -> Int { list.filter { devices[$0].config.kind == kind }.count }
        var weights = candidates.map { d -> Double in
            let kind = devices[d].config.kind
            guard kind == .dac else { return (shares[kind] ?? 0) / Double(count(kind, candidates) + count(kind, merged)) }
            // Summed in a fixed order: a dictionary's order changes from one process to the next.
            return DeviceKind.allCases.reduce(0) { sum, kind in
                let m = count(kind, merged)
                return m == 0 ? sum : sum + (shares[kind] ?? 0) * Double(m) / Double(m + count(kind, candidates))
            }
        }
        if !weights.contains(where: { $0 > 0 }) { weights = weights.map { _ in 1 } }
        let total = weights.reduce(0, +)
        var cumulative = 0.0
        return zip(candidates, weights).map { device, weight in
            cumulative += weight / total
            return Route(device: device, cumulative: cumulative)
        }
    }

    /// Whether a device has the caseload a need level calls for: case management for level 3,
    /// coordination support for level 2.
    mutating func offers(device d: Int, level: Int) -> Bool { devices[d].pools[level == 3 ? 2 : 1] >= 0 }

    @inline(__always)
    static func routeIndex(_ person: Person) -> Int {
        return (person.band.index * Pathway.allCases.count + person.pathwayIndex) * ReferralSource.allCases.count + person.source.index
    }

    /// The device `u` (uniform on [0, 1)) picks among `routes`; nil when there is none.
    static func pick(_ routes: [Route], _ u: Double) -> Int? {
        guard let last = routes.last else { return nil }
        return (routes.first { $0.cumulative > u } ?? last).device
    }

    mutating func arrive(person: Int, at time: Double) {
        guard persons[person].place == .referral else { return }
        let t = Int(persons[person].territory)
        let stream = careStreams[t]
        if persons[person].device < 0 {
            // First contact: it may reach the wrong device first.
            countRequest(person: person, at: time)
            if persons[person].misdirectionDraw < misdirection(territory: t) {
                if observing { territories[t].observations.misdirected += 1 }
                persons[person].device = Int32.max  // marks the detour as taken
                schedule(.referral(Int32(person), persons[person].generation), at: time + config.referral.reorientationDelay.sample(stream))
                return
            }
        }
        let device: Int
        let target = Int(persons[person].device)
        if target != Int(Int32.max), target >= 0, devices[target].active {
            device = target  // re-oriented to a device that offers the person's level
        } else {
            let key = Self.routeIndex(persons[person])
            guard let first = Self.pick(territories[t].routes[key], persons[person].routingDraw) else {
                endEpisode(person: person, .noAnswer, at: time)
                return
            }
            // A device without the caseload the level calls for sends the person on to one that
            // has it; where none has, it helps with what it has (level 3 with coordination
            // support), or sends a level-2 need back to level 1 (case management's criteria: openCase).
            let level = Int(persons[person].level)
            if !offers(device: first, level: level),
               let other = Self.pick(territories[t].capableRoutes[key * 2 + level - 2], stream.uniform()) {
                if observing { territories[t].observations.reoriented += 1 }
                persons[person].device = Int32(other)
                schedule(.referral(Int32(person), persons[person].generation), at: time + config.referral.reorientationDelay.sample(stream))
                return
            }
            device = first
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
        case .turnedAway: endEpisode(person: person, .turnedAway, at: time)
        }
        wakeIfNeeded(pool: frontDesk, at: time)
    }

    /// A device is asked about the person's need: the request is counted, by who asked and pathway.
    mutating func countRequest(person: Int, at time: Double) {
        let t = Int(persons[person].territory)
        persons[person].referredAt = time
        persons[person].asked = true
        guard observing else { return }
        territories[t].counts.requests[persons[person].source.index] += 1
        territories[t].counts.requestsByPathway[persons[person].pathwayIndex] += 1
        territories[t].current.requests += 1
        if persons[person].everSupported { territories[t].observations.reReferrals += 1 }
    }

    /// The chance that a first contact reaches the wrong device: the offer's unreadability, less
    /// what outreach has taught professionals; after convergence, only towards the devices left
    /// outside the DAC, in proportion to the share of the former offer they keep.
    mutating func misdirection(territory t: Int) -> Double {
        let outside = territories[t].converged ? 1 - territories[t].absorbed : 1
        return min(1, config.referral.misdirection * territories[t].outreachMultipliers.misdirection)
            * (1 - territories[t].readability) * outside
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
        schedule(.frontDeskEnd(Int32(person)), at: time + poolDuration[Int(persons[person].pool)].sample(stream))
    }

    mutating func frontDeskEnd(person: Int, at time: Double) {
        let pool = Int(persons[person].pool)
        persons[person].inFrontDeskService = false
        pools[pool].release(at: time)
        admitWaiting(pool: pool, at: time)
        guard persons[person].place == .frontDesk else {  // left while being served
            if persons[person].place == .gone { freeSlot(person) }
            return
        }
        if careStreams[Int(persons[person].territory)].uniform() < poolResolvedShare[pool] {
            endEpisode(person: person, .resolvedByInformation, at: time)
        } else {
            openCase(person: person, at: time)
        }
    }
}
