import Engine
import Foundation
import Randomness

/// One replication of the care-coordination model: level 1 as a population stock, persons from
/// the moment their situation is complex, devices with front desks and caseloads, convergence.
public struct CareSimulation {
    enum Event {
        case demand(Int32)              // territory
        case referral(Int32)            // person reaches a device
        case frontDeskEnd(Int32)        // person
        case supportEnd(Int32, UInt32)  // person, placement stamp
        case abandon(Int32, UInt32)     // person, placement stamp
        case life(Int32, UInt32)        // person, life stamp
        case discharge(Int32)           // person
        case wake(Int32)                // pool
        case quit(Int32, UInt32)        // team, team stamp
        case hire(Int32, Int32)         // team, unit
        case staffChange(Int32, Int32)  // team, change
        case convergence(Int32)         // territory
        case month
        case warmUpEnds
    }

    enum Place: UInt8 { case referral, frontDesk, waiting, supported, gone }

    // The helpers called at every event are `mutating` although they change nothing: called from
    // a mutating method, a non-mutating one gets a copy of the whole simulation (a retain for
    // every array in it), which cost a third of the run time.

    struct Person {
        var territory: Int32
        var band: AgeBand
        var pathway: Pathway
        var source: ReferralSource
        var level: UInt8
        var place: Place = .referral
        var pool: Int32 = -1
        var device: Int32 = -1
        var ticket: WaitTicket?
        var stamp: UInt32 = 0
        var lifeStamp: UInt32 = 0
        var inFrontDeskService = false
        var referredAt = 0.0
        var everSupported = false
        /// When the person's current wait for a caseload began (moves between wait lists keep it).
        var waitingSince = 0.0
        /// Admitted to a caseload straight from another (a change of need): not a new wait.
        var fromSupport = false
        /// Drawn when the situation arises, compared at first contact with the misdirection chance then.
        var misdirectionDraw = 1.0
    }

    struct StaffUnit {
        var weight: Double
        var hiredAt: Double
        /// Nil when the post is filled.
        var vacantUntil: Double?
    }

    struct Team {
        var territory: Int
        var device: Int
        var role: Role
        var pool: Int
        var casesPerFTE: Double
        var units: [StaffUnit] = []
        var stamp: UInt32 = 0
        var plannedFTE: Double { units.reduce(0) { $0 + $1.weight } }
    }

    struct DeviceState {
        var config: Device
        var territory: Int
        /// Pool index per role (front desk, coordination, case management), -1 when absent.
        var pools: [Int] = [-1, -1, -1]
        var teams: [Int] = []
        var active: Bool
        func pool(_ role: Role) -> Int { pools[roleIndex(role)] }
    }

    struct TerritoryState {
        var config: Territory
        var devices: [Int] = []
        var dac: Int = -1
        var converged = false
        var readability: Double
        var maxRate = 0.0
        /// Flat copies of the demand's inputs, read at every candidate arrival (no hashing there).
        var bandPopulation: [Double] = []
        var bandLogGrowth: [Double] = []
        /// New situations per inhabitant per day, by stratum (band-major, pathway-minor), and by band.
        var strataIncidence: [Double] = []
        var bandIncidence: [Double] = []
        /// The device answering each (age band, pathway, level 2 or 3), -1 for none: the routing
        /// of every referral, recomputed when the devices change.
        var answering: [Int] = []
        var referralProbability = 0.0
        var referralDelayFactor = 1.0
        var paidFTE: [Role: TimeWeighted] = [:]
        var observations = Observations()
        var months: [MonthRecord] = []
        var current = MonthRecord(month: 0)
        /// People supported now, by caseload (0 coordination, 1 case management) and level (0: 2, 1: 3).
        var supported = [[0, 0], [0, 0]]
    }

    static func roleIndex(_ role: Role) -> Int {
        switch role { case .frontDesk: 0; case .coordination: 1; case .caseManagement: 2 }
    }

    let config: ModelConfiguration
    var calendar = EventCalendar<Event>()
    var persons: [Person] = []
    var pools: [Pool] = []
    var poolRole: [Role] = []
    var poolDevice: [Int] = []
    /// Per pool, flat copies of what is drawn at every admission: the service or support
    /// duration, the patience, and a front desk's share resolved by information.
    var poolDuration: [Distribution] = []
    var poolPatience: [Distribution?] = []
    var poolResolvedShare: [Double] = []
    var devices: [DeviceState] = []
    var teams: [Team] = []
    var territories: [TerritoryState] = []
    var demandStreams: [RandomStream] = []
    /// One stream per territory and purpose, so that two scenarios sharing a seed draw the same
    /// arrivals and the same persons (needs, sources, referral) whatever their staffing.
    var attributeStreams: [RandomStream] = []
    var careStreams: [RandomStream] = []
    var lifeStreams: [RandomStream] = []
    var staffStreams: [RandomStream] = []
    var monthIndex = 0
    var observing: Bool
    var created = 0
    var exitedOverall = 0
    var events = 0
    let monthStarts: [Double]

    /// - Parameter monthStarts: the days on which calendar months begin, from day 0 past the horizon.
    public init(config: ModelConfiguration, monthStarts: [Double], seed: UInt64, replication: Int) {
        precondition(monthStarts.first == 0 && monthStarts.last! >= config.horizon, "month starts must cover the run")
        self.config = config
        self.monthStarts = monthStarts
        observing = config.warmUp <= 0
        for (t, territory) in config.territories.enumerated() {
            let prefix = "territory/\(t)/"
            demandStreams.append(RandomStream(baseSeed: seed, replication: replication, name: prefix + "demand"))
            attributeStreams.append(RandomStream(baseSeed: seed, replication: replication, name: prefix + "attributes"))
            careStreams.append(RandomStream(baseSeed: seed, replication: replication, name: prefix + "care"))
            lifeStreams.append(RandomStream(baseSeed: seed, replication: replication, name: prefix + "life"))
            staffStreams.append(RandomStream(baseSeed: seed, replication: replication, name: prefix + "staff"))
            var state = TerritoryState(config: territory, readability: territory.readability)
            for band in AgeBand.allCases {
                state.bandPopulation.append(territory.population[band] ?? 0)
                state.bandLogGrowth.append(log1p(territory.growthPerYear[band] ?? 0))
                let row = Pathway.allCases.map { (config.incidence[band]?[$0] ?? 0) / 1000 / 365.25 }
                state.strataIncidence += row
                state.bandIncidence.append(row.reduce(0, +))
            }
            for role in Role.allCases { state.paidFTE[role] = TimeWeighted(value: 0, at: 0) }
            territories.append(state)
            for device in territory.devices { territories[t].devices.append(addDevice(device, territory: t, active: true)) }
            if let convergence = territory.convergence {
                var dac = convergence.dac
                dac.ageBands = Set(AgeBand.allCases)
                dac.pathways = Set(Pathway.allCases)
                territories[t].dac = addDevice(dac, territory: t, active: false)
            }
            territories[t].maxRate = demandBound(t)
            updateReferral(territory: t)
            updateRouting(territory: t)
        }
    }

    // MARK: Set-up

    mutating func addDevice(_ device: Device, territory: Int, active: Bool) -> Int {
        let index = devices.count
        var state = DeviceState(config: device, territory: territory, active: active)
        let calendar = device.frontDesk.map { WorkingCalendar(hours: $0.hours, startWeekday: config.startWeekday, holidays: config.holidays) }
        if let frontDesk = device.frontDesk {
            state.pools[0] = addPool(Pool(capacity: 0, calendar: calendar), role: .frontDesk, device: index,
                                     duration: frontDesk.service, patience: nil, resolvedShare: frontDesk.resolvedShare)
        }
        for (role, caseload) in [(Role.coordination, device.coordination), (.caseManagement, device.caseManagement)] {
            guard let caseload else { continue }
            // Priority classes: 0 moved after a change of need, 1 hospital discharges, 2 others.
            let pool = Pool(capacity: 0, policy: .init(priorityClasses: 3, waitListCap: caseload.waitListCap))
            state.pools[Self.roleIndex(role)] = addPool(pool, role: role, device: index, duration: caseload.duration,
                                                        patience: caseload.patience, resolvedShare: 0)
        }
        devices.append(state)
        for role in Role.allCases where state.pools[Self.roleIndex(role)] >= 0 {
            let casesPerFTE = role == .coordination ? device.coordination!.casesPerFTE
                : role == .caseManagement ? device.caseManagement!.casesPerFTE : 1
            teams.append(Team(territory: territory, device: index, role: role, pool: state.pools[Self.roleIndex(role)],
                              casesPerFTE: casesPerFTE))
            devices[index].teams.append(teams.count - 1)
        }
        return index
    }

    mutating func addPool(_ pool: Pool, role: Role, device: Int, duration: Distribution, patience: Distribution?,
                          resolvedShare: Double) -> Int {
        pools.append(pool)
        poolRole.append(role)
        poolDevice.append(device)
        poolDuration.append(duration)
        poolPatience.append(patience)
        poolResolvedShare.append(resolvedShare)
        return pools.count - 1
    }

    /// Staff a team to `fte`, in whole posts plus a part-time remainder. Posts the team already
    /// has keep their holders (and vacancies); new posts are filled by people hired at `hiredAt`.
    mutating func staff(team: Int, fte: Double, at time: Double, hiredAt: Double) {
        var units: [StaffUnit] = []
        var left = fte
        let old = teams[team].units
        while left > 1e-9 {
            let weight = min(1, left)
            if units.count < old.count {
                var kept = old[units.count]
                kept.weight = weight
                units.append(kept)
            } else {
                units.append(StaffUnit(weight: weight, hiredAt: hiredAt, vacantUntil: nil))
            }
            left -= 1
        }
        teams[team].units = units
        teams[team].stamp &+= 1
        scheduleQuit(team: team, at: time)
        updatePaidFTE(territory: teams[team].territory, at: time)
    }

    // MARK: The run

    public mutating func run() -> RunResult {
        for d in devices.indices where devices[d].active {
            for team in devices[d].teams {
                // Staff in post at the start are past their ramp-up.
                staff(team: team, fte: devices[d].config.initialFTE(teams[team].role), at: 0, hiredAt: -.infinity)
                for (c, change) in devices[d].config.staffChanges.enumerated() where change.role == teams[team].role {
                    calendar.schedule(.staffChange(Int32(team), Int32(c)), at: max(0, change.day))
                }
            }
        }
        for t in territories.indices {
            updateCapacities(territory: t, at: 0)
            seedInitialState(territory: t)
            scheduleDemand(territory: t, after: 0)
            if let convergence = territories[t].config.convergence, convergence.day < config.horizon {
                calendar.schedule(.convergence(Int32(t)), at: max(0, convergence.day))
            }
        }
        if config.warmUp > 0 { calendar.schedule(.warmUpEnds, at: config.warmUp) }
        calendar.schedule(.month, at: monthStarts[1])

        while let event = calendar.next() {
            let time = event.time
            if time > config.horizon { break }
            events += 1
            handle(event.payload, at: time)
        }
        return finish()
    }

    mutating func handle(_ event: Event, at time: Double) {
        switch event {
        case .demand(let t): demand(territory: Int(t), at: time)
        case .referral(let p): arrive(person: Int(p), at: time)
        case .frontDeskEnd(let p): frontDeskEnd(person: Int(p), at: time)
        case .supportEnd(let p, let stamp):
            guard persons[Int(p)].stamp == stamp, persons[Int(p)].place == .supported else { return }
            leave(person: Int(p), .supportCompleted, at: time)
        case .abandon(let p, let stamp):
            let person = Int(p)
            guard persons[person].stamp == stamp, persons[person].place == .waiting, let ticket = persons[person].ticket,
                  pools[Int(persons[person].pool)].abandon(ticket, at: time) else { return }
            persons[person].ticket = nil
            leave(person: person, .abandoned, at: time)
        case .life(let p, let stamp):
            guard persons[Int(p)].lifeStamp == stamp, persons[Int(p)].place != .gone else { return }
            lifeEvent(person: Int(p), at: time)
        case .discharge(let p):
            let person = Int(p)
            guard persons[person].place != .gone else { return }
            if persons[person].place != .supported { rupture(.discharge, person: person) }
        case .wake(let pool):
            pools[Int(pool)].wake()
            admitWaiting(pool: Int(pool), at: time)
        case .quit(let team, let stamp):
            guard teams[Int(team)].stamp == stamp else { return }
            quit(team: Int(team), at: time)
        case .hire(let team, let unit):
            // A hire for a post that no longer exists (the team was restaffed) lapses.
            guard Int(unit) < teams[Int(team)].units.count, teams[Int(team)].units[Int(unit)].vacantUntil == time else { return }
            teams[Int(team)].units[Int(unit)].vacantUntil = nil
            teams[Int(team)].units[Int(unit)].hiredAt = time
            teams[Int(team)].stamp &+= 1
            scheduleQuit(team: Int(team), at: time)
            staffChanged(team: Int(team), at: time)
        case .staffChange(let team, let c):
            let device = devices[teams[Int(team)].device]
            guard device.active else { return }
            staff(team: Int(team), fte: device.config.staffChanges[Int(c)].fte, at: time, hiredAt: time)
            staffChanged(team: Int(team), at: time)
        case .convergence(let t): converge(territory: Int(t), at: time)
        case .month: monthEnds(at: time)
        case .warmUpEnds: startObserving(at: time)
        }
    }

    // MARK: Level 1: complex situations arise

    /// Inhabitants of age band `band` (its index) in territory `t` at `time`.
    mutating func population(_ t: Int, band b: Int, at time: Double) -> Double {
        territories[t].bandPopulation[b] * exp(territories[t].bandLogGrowth[b] * time / 365.25)
    }

    mutating func seasonal(at time: Double) -> Double {
        var lo = 0, hi = monthStarts.count - 1
        while lo < hi {  // the last month start at or before `time`
            let mid = (lo + hi + 1) / 2
            if monthStarts[mid] <= time { lo = mid } else { hi = mid - 1 }
        }
        return config.seasonality[(config.startMonth + lo) % 12]
    }

    /// New complex situations per day in territory `t` at `time`, season included.
    mutating func demandRate(_ t: Int, at time: Double) -> Double {
        var rate = 0.0
        for b in 0..<AgeBand.allCases.count { rate += population(t, band: b, at: time) * territories[t].bandIncidence[b] }
        return rate * seasonal(at: time)
    }

    /// A bound on the territory's rate over the run, for thinning.
    mutating func demandBound(_ t: Int) -> Double {
        var bound = 0.0
        for b in 0..<AgeBand.allCases.count {
            bound += max(population(t, band: b, at: 0), population(t, band: b, at: config.horizon)) * territories[t].bandIncidence[b]
        }
        return bound * (config.seasonality.max() ?? 1) * 1.000001
    }

    mutating func scheduleDemand(territory t: Int, after time: Double) {
        let bound = territories[t].maxRate
        guard bound > 0 else { return }
        let stream = demandStreams[t]
        var candidate = time
        while true {
            candidate -= log(stream.uniform()) / bound
            if candidate > config.horizon { return }
            if stream.uniform() * bound < demandRate(t, at: candidate) {
                calendar.schedule(.demand(Int32(t)), at: candidate)
                return
            }
        }
    }

    /// The stratum of a new situation, in proportion to the strata's rates at `time`.
    mutating func drawStratum(_ t: Int, at time: Double, _ stream: RandomStream) -> (AgeBand, Pathway) {
        let pathways = Pathway.allCases.count
        var weights: [Double] = []
        weights.reserveCapacity(territories[t].strataIncidence.count)
        var total = 0.0
        for b in 0..<AgeBand.allCases.count {
            let people = population(t, band: b, at: time)
            for p in 0..<pathways {
                total += people * territories[t].strataIncidence[b * pathways + p]
                weights.append(total)
            }
        }
        let u = stream.uniform() * total
        let index = weights.firstIndex { $0 > u } ?? weights.count - 1
        return (AgeBand.allCases[index / pathways], Pathway.allCases[index % pathways])
    }

    mutating func demand(territory t: Int, at time: Double) {
        scheduleDemand(territory: t, after: time)
        let (band, pathway) = drawStratum(t, at: time, demandStreams[t])
        let people = attributeStreams[t]
        let level: UInt8 = people.uniform() < config.persons.level3Share ? 3 : 2
        let source = draw(config.referral.sourceShares, people)
        var attributes = Person(territory: Int32(t), band: band, pathway: pathway, source: source, level: level)
        let referral = people.uniform()
        attributes.misdirectionDraw = people.uniform()
        let delay = config.referral.delay.sample(people) * territories[t].referralDelayFactor
        let person = newPerson(attributes)
        if referral >= territories[t].referralProbability {
            leave(person: person, .neverReferred, at: time)
            return
        }
        scheduleLife(person: person, at: time)
        calendar.schedule(.referral(Int32(person)), at: time + max(0, delay))
    }

    mutating func draw<K: CaseIterable & Hashable>(_ shares: [K: Double], _ stream: RandomStream) -> K {
        var u = stream.uniform()
        for key in K.allCases {
            u -= shares[key] ?? 0
            if u < 0 { return key }
        }
        return K.allCases.first { (shares[$0] ?? 0) > 0 } ?? Array(K.allCases)[0]
    }

    /// Persons are never recycled: an index names one person for the whole run, so an event
    /// still pending for someone who left can never reach someone else.
    mutating func newPerson(_ person: Person) -> Int {
        created += 1
        persons.append(person)
        return persons.count - 1
    }

    // MARK: Referral and the front desk

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
        if territories[t].converged { persons[person].device = Int32(territories[t].dac) }
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
        switch pools[pool].request(person, priority: priority, at: time, since: since) {
        case .admitted:
            startSupport(person: person, waited: time - (since ?? time), at: time)
        case .waiting(let ticket):
            persons[person].ticket = ticket
            if since == nil, let patience = poolPatience[pool] {
                let stream = careStreams[Int(persons[person].territory)]
                calendar.schedule(.abandon(Int32(person), persons[person].stamp), at: time + patience.sample(stream))
            }
        case .turnedAway:
            leave(person: person, .turnedAway, at: time)
        }
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
        let duration = poolDuration[pool].sample(careStreams[t])
        calendar.schedule(.supportEnd(Int32(person), persons[person].stamp), at: time + duration)
    }

    mutating func admitWaiting(pool: Int, at time: Double) {
        while let next = pools[pool].admitNext(at: time) {
            if poolRole[pool] == .frontDesk { startFrontDesk(person: next.id, at: time) }
            else { startSupport(person: next.id, waited: next.waited, at: time) }
        }
        wakeIfNeeded(pool: pool, at: time)
    }

    mutating func wakeIfNeeded(pool: Int, at time: Double) {
        if let opening = pools[pool].takeWakeUp(at: time) { calendar.schedule(.wake(Int32(pool)), at: opening) }
    }

    /// Takes a person out of wherever they are (a wait list or a caseload), freeing their place.
    mutating func detach(person: Int, at time: Double) {
        let pool = Int(persons[person].pool)
        switch persons[person].place {
        case .waiting, .frontDesk:
            if let ticket = persons[person].ticket { _ = pools[pool].withdraw(ticket, at: time) }
        case .supported:
            pools[pool].release(at: time)
            admitWaiting(pool: pool, at: time)
        case .referral, .gone: break
        }
        persons[person].ticket = nil
    }

    mutating func leave(person: Int, _ exit: Exit, at time: Double) {
        if persons[person].place == .supported { countSupport(person: person, -1) }
        // A wait that ends without admission still counts as a rupture when it was too long.
        if persons[person].place == .waiting && time - persons[person].waitingSince > config.ruptureWait {
            rupture(.longWait, person: person)
        }
        detach(person: person, at: time)
        persons[person].place = .gone
        persons[person].lifeStamp &+= 1
        exitedOverall += 1
        let t = Int(persons[person].territory)
        if observing {
            territories[t].observations.exits[exit, default: 0] += 1
            if exit == .neverReferred || exit == .noAnswer { territories[t].current.unmet += 1 }
        }
    }

    mutating func rupture(_ kind: RuptureKind, person: Int) {
        let t = Int(persons[person].territory)
        if observing {
            territories[t].observations.ruptures[kind, default: 0] += 1
            territories[t].current.ruptures += 1
        }
    }

    mutating func countSupport(person: Int, _ delta: Int) {
        let caseload = poolRole[Int(persons[person].pool)] == .caseManagement ? 1 : 0
        territories[Int(persons[person].territory)].supported[caseload][Int(persons[person].level) - 2] += delta
    }

    // MARK: A person's life

    mutating func hazards(_ person: Person) -> (Hazards, Double) {
        let base = person.level == 3 ? config.persons.level3 : config.persons.level2
        let multiplier = person.place == .supported ? config.persons.coordinatedHospitalisation
            : config.persons.unsupportedHospitalisation
        return (base, multiplier)
    }

    /// A bound on a person's total hazard per day at their need level, whatever their support.
    mutating func lifeBound(level: UInt8) -> Double {
        let h = level == 3 ? config.persons.level3 : config.persons.level2
        let multiplier = max(config.persons.coordinatedHospitalisation, config.persons.unsupportedHospitalisation)
        return (h.needChange + h.hospitalisation * multiplier + h.nursingHome + h.death + h.moving) / 365.25
    }

    /// Life events come by thinning at the bound of the person's level: support, which changes
    /// the hospitalisation hazard, needs no rescheduling; a change of level starts a new chain.
    mutating func scheduleLife(person: Int, at time: Double) {
        persons[person].lifeStamp &+= 1
        nextLifeCandidate(person: person, at: time)
    }

    mutating func nextLifeCandidate(person: Int, at time: Double) {
        let bound = lifeBound(level: persons[person].level)
        guard bound > 0 else { return }
        let stream = lifeStreams[Int(persons[person].territory)]
        calendar.schedule(.life(Int32(person), persons[person].lifeStamp), at: time - log(stream.uniform()) / bound)
    }

    mutating func lifeEvent(person: Int, at time: Double) {
        let t = Int(persons[person].territory)
        let stream = lifeStreams[t]
        let (h, multiplier) = hazards(persons[person])
        let hospitalisation = h.hospitalisation * multiplier
        let total = h.needChange + hospitalisation + h.nursingHome + h.death + h.moving
        var u = stream.uniform() * lifeBound(level: persons[person].level) * 365.25
        guard u < total else {  // a rejected candidate: nothing happens
            nextLifeCandidate(person: person, at: time)
            return
        }
        let which: Int
        if u < h.needChange { which = 0 } else {
            u -= h.needChange
            if u < hospitalisation { which = 1 } else {
                u -= hospitalisation
                which = u < h.nursingHome ? 2 : (u - h.nursingHome < h.death ? 3 : 4)
            }
        }
        switch which {
        case 0: changeNeed(person: person, at: time)
        case 1:
            // Drawn whether or not it is needed, so that the stream stays in step across scenarios.
            let avoidable = stream.uniform()
            if observing {
                territories[t].observations.hospitalisations += 1
                territories[t].current.hospitalisations += 1
                // The share of this person's hazard that support would have avoided.
                if persons[person].place != .supported && multiplier > config.persons.coordinatedHospitalisation,
                   avoidable < 1 - config.persons.coordinatedHospitalisation / multiplier {
                    territories[t].observations.avoidableHospitalisations += 1
                }
            }
            calendar.schedule(.discharge(Int32(person)), at: time + config.persons.hospitalStay.sample(stream))
        case 2: leave(person: person, .nursingHome, at: time)
        case 3: leave(person: person, .death, at: time)
        default: leave(person: person, .moving, at: time)
        }
        guard persons[person].place != .gone else { return }
        if which == 0 { scheduleLife(person: person, at: time) } else { nextLifeCandidate(person: person, at: time) }
    }

    /// Aggravation (2 to 3) or easing (3 to 2): a supported or waiting person moves to the caseload
    /// that fits, at the head of its wait list; an aggravation with no support is a rupture.
    mutating func changeNeed(person: Int, at time: Double) {
        let t = Int(persons[person].territory)
        let place = persons[person].place
        if place == .supported { countSupport(person: person, -1) }
        persons[person].level = persons[person].level == 2 ? 3 : 2
        if persons[person].level == 3 && place != .supported { rupture(.aggravation, person: person) }
        guard place == .supported || place == .waiting,
              let target = caseloadPool(for: persons[person]), target != Int(persons[person].pool) else {
            if place == .supported { countSupport(person: person, 1) }  // stays where they are
            return
        }
        if observing {
            if persons[person].level == 3 { territories[t].observations.escalations += 1 }
            else { territories[t].observations.deescalations += 1 }
        }
        // A waiting person keeps the time they have waited; a supported one moves straight over.
        let since = place == .waiting ? persons[person].waitingSince : time
        persons[person].fromSupport = place == .supported
        detach(person: person, at: time)
        requestCaseload(person: person, pool: target, since: since, priority: 0, at: time)
    }

    // MARK: Staff, capacity and convergence

    mutating func unitProductivity(_ unit: StaffUnit, at time: Double, rampUp: Double) -> Double {
        guard unit.vacantUntil == nil else { return 0 }
        guard rampUp > 0, time - unit.hiredAt < rampUp else { return unit.weight }
        return unit.weight * max(0, time - unit.hiredAt) / rampUp
    }

    /// The convergence frictions' multiplier on a territory's productivity.
    mutating func frictionMultiplier(territory t: Int, at time: Double) -> Double {
        guard territories[t].converged, let convergence = territories[t].config.convergence else { return 1 }
        let programme = territories[t].config.supportProgramme
        return convergence.frictions.reduce(1) { $0 * $1.multiplier(after: time - convergence.day, programme: programme) }
    }

    mutating func updateCapacities(territory t: Int, at time: Double) {
        let friction = frictionMultiplier(territory: t, at: time)
        let rampUp = territories[t].config.turnover.rampUp
        for d in territories[t].devices + (territories[t].dac >= 0 ? [territories[t].dac] : []) {
            for team in devices[d].teams {
                let capacity: Int
                if teams[team].role == .frontDesk {
                    capacity = teams[team].units.filter { $0.vacantUntil == nil }.count
                } else {
                    let effective = teams[team].units.reduce(0) { $0 + unitProductivity($1, at: time, rampUp: rampUp) }
                    capacity = Int((effective * friction * teams[team].casesPerFTE).rounded())
                }
                let pool = teams[team].pool
                if pools[pool].capacity != capacity {
                    pools[pool].setCapacity(capacity, at: time)
                    admitWaiting(pool: pool, at: time)
                }
            }
        }
    }

    mutating func staffChanged(team: Int, at time: Double) {
        updatePaidFTE(territory: teams[team].territory, at: time)
        updateCapacities(territory: teams[team].territory, at: time)
    }

    mutating func updatePaidFTE(territory t: Int, at time: Double) {
        var paid: [Role: Double] = [:]
        for d in territories[t].devices + (territories[t].dac >= 0 ? [territories[t].dac] : []) {
            for team in devices[d].teams {
                paid[teams[team].role, default: 0] += teams[team].units.reduce(0) { $0 + ($1.vacantUntil == nil ? $1.weight : 0) }
            }
        }
        for role in Role.allCases { territories[t].paidFTE[role]!.update(paid[role] ?? 0, at: time) }
    }

    mutating func scheduleQuit(team: Int, at time: Double) {
        let filled = teams[team].units.filter { $0.vacantUntil == nil }.count
        let rate = territories[teams[team].territory].config.turnover.quitsPerYear * Double(filled) / 365.25
        guard rate > 0 else { return }
        let stream = staffStreams[teams[team].territory]
        calendar.schedule(.quit(Int32(team), teams[team].stamp), at: time - log(stream.uniform()) / rate)
    }

    mutating func quit(team: Int, at time: Double) {
        let t = teams[team].territory
        let stream = staffStreams[t]
        let filled = teams[team].units.indices.filter { teams[team].units[$0].vacantUntil == nil }
        guard !filled.isEmpty else { return }
        let unit = filled[min(filled.count - 1, Int(stream.uniform() * Double(filled.count)))]
        let hire = time + max(0, territories[t].config.turnover.hiringDelay.sample(stream))
        teams[team].units[unit].vacantUntil = hire
        teams[team].stamp &+= 1
        calendar.schedule(.hire(Int32(team), Int32(unit)), at: hire)
        scheduleQuit(team: team, at: time)
        staffChanged(team: team, at: time)
    }

    /// The territory's devices merge into its DAC: staff, caseloads and wait lists move over,
    /// and the frictions start.
    mutating func converge(territory t: Int, at time: Double) {
        let dac = territories[t].dac
        guard dac >= 0, !territories[t].converged else { return }
        territories[t].converged = true
        territories[t].readability = territories[t].config.convergence!.readabilityAfter
        updateReferral(territory: t)
        updateRouting(territory: t)
        devices[dac].active = true
        for team in devices[dac].teams {
            // The DAC starts with its latest staffing dated at or before the convergence.
            let role = teams[team].role
            let changes = devices[dac].config.staffChanges.filter { $0.role == role }
            let fte = changes.last { $0.day <= time }?.fte ?? devices[dac].config.initialFTE(role)
            staff(team: team, fte: fte, at: time, hiredAt: -.infinity)
            for (c, change) in devices[dac].config.staffChanges.enumerated() where change.role == role && change.day > time {
                calendar.schedule(.staffChange(Int32(team), Int32(c)), at: change.day)
            }
        }
        for d in territories[t].devices where devices[d].active {
            devices[d].active = false
            for team in devices[d].teams {
                teams[team].units = []
                teams[team].stamp &+= 1
            }
        }
        // Everyone supported moves to the DAC's matching caseload with their place; everyone
        // waiting moves to the DAC's wait lists in the order their waits began, keeping them.
        var waits: [(person: Int, since: Double, priority: Int)] = []
        for person in persons.indices where persons[person].territory == Int32(t) {
            let old = Int(persons[person].pool)
            guard old >= 0, poolDevice[old] != dac else { continue }
            switch persons[person].place {
            case .supported:
                persons[person].device = Int32(dac)
                let same = devices[dac].pool(poolRole[old])
                guard let target = same >= 0 ? same : caseloadPool(for: persons[person]) else {
                    leave(person: person, .noAnswer, at: time)  // a DAC with no caseload at all
                    continue
                }
                countSupport(person: person, -1)
                pools[old].release(at: time)
                pools[target].transferIn(at: time)
                persons[person].pool = Int32(target)
                countSupport(person: person, 1)
            case .waiting, .frontDesk:
                guard !persons[person].inFrontDeskService, let ticket = persons[person].ticket,
                      let since = pools[old].withdraw(ticket, at: time) else { continue }
                persons[person].ticket = nil
                persons[person].device = Int32(dac)
                waits.append((person, since, ticket.priority))
            default: break
            }
        }
        for (person, since, priority) in waits.sorted(by: { $0.since < $1.since || ($0.since == $1.since && $0.person < $1.person) }) {
            let desk = devices[dac].pool(.frontDesk)
            if persons[person].place == .frontDesk && desk >= 0 {
                persons[person].pool = Int32(desk)
                if case .waiting(let ticket) = pools[desk].request(person, at: time, since: since) {
                    persons[person].ticket = ticket
                } else { startFrontDesk(person: person, at: time) }
            } else if persons[person].place == .frontDesk {
                recordFirstResponse(person: person, at: time)
                openCase(person: person, at: time)
            } else if let target = caseloadPool(for: persons[person]) {
                requestCaseload(person: person, pool: target, since: since, priority: priority, at: time)
            } else {
                leave(person: person, .noAnswer, at: time)
            }
        }
        // A DAC that exists from the start brings its own caseloads and wait lists of today.
        if territories[t].config.convergence!.day <= 0 { seedInitialState(device: dac) }
        updatePaidFTE(territory: t, at: time)
        updateCapacities(territory: t, at: time)
        for d in territories[t].devices + [dac] { for role in Role.allCases where devices[d].pool(role) >= 0 { admitWaiting(pool: devices[d].pool(role), at: time) } }
    }
}
