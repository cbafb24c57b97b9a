import CGSL
import Engine
import Foundation
import Randomness

/// One replication of the care-coordination model: level 1 as a population stock, persons from
/// the moment their situation is complex, devices with front desks and caseloads, convergence.
/// This file holds the state, the events and the event loop; each mechanism is an extension in
/// the file named for it: Simulation+Demand, +Referral, +Caseloads, +LifeEvents, +Staff,
/// +Convergence, +Observations.
public struct CareSimulation {
    enum Event {
        case demand(Int32)              // territory
        case referral(Int32, UInt32)    // person reaches a device, person's generation
        case frontDeskEnd(Int32)        // person
        case supportEnd(Int32, UInt32)  // person, placement stamp
        case abandon(Int32, UInt32)     // person, placement stamp
        case life(Int32, UInt32)        // person, life stamp
        case discharge(Int32, UInt32)   // person, person's generation
        case episodeEnd(Int32, UInt32)  // person, life stamp: a need left unsupported at level 1 comes to rest
        case targetPassed(Int32, UInt32)  // person, placement stamp: a wait reaches the target delay
        case caseFinding(Int32, UInt32) // person, life stamp: a case-management team may find a need nobody referred
        case wake(Int32)                // pool
        case quit(Int32, UInt32)        // team, team stamp
        case hire(Int32, Int32)         // team, unit
        case staffChange(Int32, Int32)  // team, change
        case convergence(Int32)         // territory
        case join(Int32)                // device joining the DAC after it opened
        case turnoverPeriod(Int32)      // territory: quits rise or fall back around convergence
        case month
        case spinUpMonth                // capacities move on (ramp-ups) while spinning up
        case warmUpEnds
    }

    /// Where a person is. At level 1: `levelOne`, a need with no support in place (nobody has asked
    /// a device yet, or the device asked gave nothing), and `between`, the need at rest (support
    /// over, handled in primary care or by information, or lapsed) until it comes back or the
    /// person leaves the model.
    enum Place: UInt8 { case levelOne, referral, frontDesk, waiting, supported, between, gone }

    // The helpers called at every event are `mutating` although they change nothing: called from
    // a mutating method, a non-mutating one gets a copy of the whole simulation (a retain for
    // every array in it), which cost a third of the run time. Those given a `Person` are inlined:
    // otherwise the person's whole slot is copied at each call.

    /// Fields ordered by size (eight-byte ones first, then four, then one), so that little padding
    /// sits between them: every event about a person reads their slot.
    struct Person {
        var referredAt = 0.0
        /// When the person's current wait for a caseload began (moves between wait lists keep it).
        var waitingSince = 0.0
        /// Drawn when the situation arises, compared at first contact with the misdirection chance then.
        var misdirectionDraw = 1.0
        /// Drawn when the situation arises: which device the first contact reaches, among those the
        /// source's routing shares allow.
        var routingDraw = 0.0
        /// The end of the current support (see `supportPaused`).
        var supportEndsAt = 0.0
        /// When the last support ended, to measure the time until a need comes back.
        var supportEndedAt = 0.0
        /// When a need left unsupported at level 1 comes to rest, if nothing happens first.
        var lapsesAt = 0.0
        /// The end of the person's last hospital stay, for re-hospitalisations within a year.
        var lastDischargeAt = -Double.infinity
        /// Drawn when the need arises: a hospital request is an urgent discharge when below the urgent share.
        var urgencyDraw = 1.0
        /// Drawn when the need arises: the intensity of support the situation will get, by the
        /// shares of its level and pathway.
        var intensityDraw = 0.5
        var ticket: WaitTicket?
        var territory: Int32
        var pool: Int32 = -1
        var device: Int32 = -1
        var stamp: UInt32 = 0
        var lifeStamp: UInt32 = 0
        /// The DAC antenna serving where the person lives (0 where the DAC has one queue per caseload).
        var antenna: UInt8 = 0
        /// Counts the persons who have held this slot: an event about a person who left carries
        /// their generation and cannot reach whoever holds the slot next.
        var generation: UInt32 = 0
        /// The order of creation, for the merger's ties (a slot's index is not that order).
        var serial: Int32 = 0
        /// The caseload time the person takes while followed, in minutes a month, set when they
        /// ask for a caseload: what their admission takes and their leaving gives back.
        var workload: Int32 = 0
        var band: AgeBand
        var pathway: Pathway
        var source: ReferralSource
        var level: UInt8
        var place: Place = .referral
        var inFrontDeskService = false
        var everSupported = false
        /// Admitted to a caseload straight from another (a change of need): not a new wait.
        var fromSupport = false
        var inHospital = false
        /// Whether a hospital stay has put the current support on hold.
        var supportPaused = false
        /// Whether a device has been asked about the current need, and whether the need has been
        /// counted unmet (once a need).
        var asked = false
        var unmetCounted = false
        /// Whether the last need ended with support (its return is then a recurrence).
        var lastNeedSupported = false

        var pathwayIndex: Int { pathway.index }
    }

    struct StaffUnit {
        var weight: Double
        var hiredAt: Double
        /// Nil when the post is filled.
        var vacantUntil: Double?
        /// The device whose staff will fill this post when it joins the DAC (-1: none).
        var heldFor: Int32 = -1
    }

    struct Team {
        var territory: Int
        var device: Int
        var role: Role
        var pool: Int
        /// Caseload minutes a month one FTE of the team gives at full productivity (1 for a
        /// front desk, whose capacity is its staff on duty).
        var minutesPerFTE: Double
        /// The share of each FTE's time given to support to professionals and territorial animation.
        var outreachShare = 0.0
        /// The share of the device's staff in this role the team has: its antenna's share of the
        /// inhabitants at a DAC split into antennas, else 1.
        var share = 1.0
        var units: [StaffUnit] = []
        var stamp: UInt32 = 0
        var plannedFTE: Double { units.reduce(0) { $0 + $1.weight } }
        /// The FTE of the posts filled (vacancies left out).
        var filledFTE: Double { units.reduce(0) { $0 + ($1.vacantUntil == nil ? $1.weight : 0) } }
    }

    struct DeviceState {
        var config: Device
        var territory: Int
        /// Pool index per role (front desk, coordination, case management), -1 when absent; the
        /// caseloads' are the first antenna's.
        var pools: [Int] = [-1, -1, -1]
        /// Per antenna, its coordination and case-management pools (-1 when absent): one antenna
        /// but at a DAC split into several.
        var antennaPools: [[Int]] = []
        var teams: [Int] = []
        var active: Bool
        func pool(_ role: Role) -> Int { pools[roleIndex(role)] }
        /// The coordination and case-management pools serving people of `antenna` (the device's
        /// only ones unless it is a DAC split into antennas).
        func caseloadPools(antenna: UInt8) -> [Int] { antennaPools[antennaPools.count > 1 ? Int(antenna) : 0] }
    }

    struct TerritoryState {
        var config: Territory
        var devices: [Int] = []
        var dac: Int = -1
        /// Its devices, its DAC last (whether open or not), and their pools by role
        /// (`roleIndex`): fixed once set up, read at every month's end.
        var allDevices: [Int] = []
        var rolePools: [[Int]] = []
        var converged = false
        var readability: Double
        var maxRate = 0.0
        /// Flat copies of the demand's inputs, read at every candidate arrival (no hashing there).
        var bandPopulation: [Double] = []
        var bandLogGrowth: [Double] = []
        /// New situations per inhabitant per day, by stratum (band-major, pathway-minor), and by band.
        var strataIncidence: [Double] = []
        var bandIncidence: [Double] = []
        /// The inhabitants by age band at the pending new situation's time, found by the thinning
        /// that accepted it and used again to draw its stratum.
        var demandPeople = BandValues(repeating: 0)
        /// The routing of first contacts, recomputed when the devices change: per (age band,
        /// pathway, source), the devices that may answer with their cumulative shares; and per
        /// (age band, pathway, source, level), those of them that offer the level.
        var routes: [[Route]] = []
        var capableRoutes: [[Route]] = []
        var referralProbability = 0.0
        var referralDelayFactor = 1.0
        /// Outreach (`Simulation+Outreach`): how well the services are known, in outreach FTE per
        /// 100,000 (lagged), when it was last updated, its multipliers, and the FTE given over time.
        var known = 0.0
        var knownAt = 0.0
        var outreachMultipliers = (referral: 1.0, levelOne: 1.0, misdirection: 1.0)
        var outreachOverTime = TimeWeighted()
        /// The share of the former devices' staff that has merged into the DAC, which sets its
        /// readability and how many first contacts can still go astray.
        var absorbed = 0.0
        /// The cumulative shares of inhabitants of the DAC's antennas ([1]: one antenna).
        var antennaCumulative: [Double] = [1]
        var paidFTE: [Role: TimeWeighted] = [:]
        /// People in the model (every complex need, at rest or not), and those of them at level 3,
        /// over time: the size of the complex-needs population the pyramid's shares describe.
        /// Fields, not arrays: they change at most events, and an array's element is written only
        /// after checking that no copy shares the array.
        var inModel = 0, atLevel3 = 0
        var inModelOverTime = TimeWeighted(), atLevel3OverTime = TimeWeighted()
        var observations = Observations()
        var counts = EventCounts()
        var months: [MonthRecord] = []
        var current = MonthRecord(month: 0)
        /// People supported now, by caseload (coordination, case management) and level (2, 3).
        var supported = SupportedCounts()
        /// The territory's person slots (a merger looks at these alone), and those free again,
        /// whose holders have left: a new person takes the last freed.
        var members: [Int32] = []
        var freeSlots: [Int32] = []
    }

    /// People supported, by caseload and level (`countSupport`).
    struct SupportedCounts {
        var coordinationAtLevel2 = 0, coordinationAtLevel3 = 0
        var caseManagementAtLevel2 = 0, caseManagementAtLevel3 = 0
    }

    /// A device a first contact may reach, with the cumulative share of it and those before it.
    struct Route {
        var device: Int
        var cumulative: Double
    }

    /// One value per age band, without an allocation.
    typealias BandValues = InlineArray<3, Double>

    /// The cases in order, once: `allCases` may build its array at every call.
    static let sources = ReferralSource.allCases
    static let bands = AgeBand.allCases
    static let pathways = Pathway.allCases

    /// A month of average length, in days: the step of a spin-up's monthly updates.
    static let spinUpMonth = 365.25 / 12

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
    /// Per pool, the share of the territory's inhabitants it serves (its antenna's, else 1).
    var poolAreaShare: [Double] = []
    /// Caseload minutes a month by territory, then level (2, then 3), pathway and intensity;
    /// support duration multipliers by pathway, and by level and intensity; cumulative shares of
    /// the intensities by level and pathway: flat copies of the workload settings.
    var workloadMinutes: [[Int32]] = []
    var supportDurationFactor: [Double] = []
    var intensityDurationFactor: [Double] = []
    var intensityCumulative: [[Double]] = []
    var devices: [DeviceState] = []
    var teams: [Team] = []
    var territories: [TerritoryState] = []
    /// Every random stream of the run, kept alive here. The model draws through their generators
    /// (plain pointers): a stream read from an array and passed on costs an atomic retain and
    /// release at every event.
    var streams: [RandomStream] = []
    var demandStreams: [RandomStream.Generator] = []
    /// One stream per territory and purpose, so that two scenarios sharing a seed draw the same
    /// arrivals and the same persons (needs, sources, referral) whatever their staffing.
    var attributeStreams: [RandomStream.Generator] = []
    var careStreams: [RandomStream.Generator] = []
    var lifeStreams: [RandomStream.Generator] = []
    var staffStreams: [RandomStream.Generator] = []
    /// The people at rest a spin-up starts with (`seedRestingStock`).
    var stockStreams: [RandomStream.Generator] = []
    /// Where people live, among a DAC's antennas (drawn only where there are several).
    var antennaStreams: [RandomStream.Generator] = []
    /// Case finding's candidate times and acceptances.
    var findingStreams: [RandomStream.Generator] = []
    /// Hazards per (level 2 or 3, pathway), index `(level - 2) * 6 + pathway`, with the bounds
    /// life events are drawn against: during a need, and between needs.
    var hazardTable: [Hazards] = []
    var episodeBound: [Double] = []
    var betweenBound: [Double] = []
    /// The referral probability's multiplier and the share of requests of each source, by `ReferralSource.index`.
    var sourceFactors: [Double] = []
    var sourceShares: [Double] = []
    var monthIndex = 0
    /// The month `seasonal` found last.
    var seasonMonth = 0
    var observing: Bool
    /// Each territory's closed calendar years, and when the observation of the year in progress began.
    var closedYears: [[YearResult]] = []
    var yearObservedFrom = 0.0
    var created = 0
    /// Whether a new person takes the slot of one who left (see `newPerson`); tests that look at
    /// every person the run created turn it off, which changes no result.
    var reusesSlots = true
    var exitedOverall = 0
    var events = 0
    let monthStarts: [Double]

    /// - Parameters:
    ///   - monthStarts: the days on which calendar months begin, from day 0 past the horizon.
    ///   - territory: simulate this territory of `config` alone (on its own random streams, the
    ///     ones it has in the whole run), or all of them when nil.
    public init(config: ModelConfiguration, monthStarts: [Double], seed: UInt64, replication: Int, territory: Int? = nil) {
        precondition(monthStarts.first == 0 && monthStarts.last! >= config.horizon, "month starts must cover the run")
        precondition(BandValues.count == AgeBand.allCases.count, "one value per age band")
        var config = config
        if let territory { config.territories = [config.territories[territory]] }
        let streamNumbers = territory.map { [$0] } ?? Array(config.territories.indices)
        self.config = config
        self.monthStarts = monthStarts
        observing = config.warmUp <= 0 && config.spinUp <= 0
        // Life events hold many events years ahead. Two-day buckets (a hundred events or so in a
        // département, spread over finer ones as they open; wider or narrower ran no faster,
        // docs/benchmarks.md) in epochs of 128 days.
        calendar = EventCalendar(startTime: -config.spinUp, bucketWidth: 2)
        let multiplier = max(config.persons.coordinatedHospitalisation, config.persons.unsupportedHospitalisation)
        for level in [2, 3] {
            for pathway in Pathway.allCases {
                let h = config.persons.hazards(level: level, pathway: pathway)
                hazardTable.append(h)
                episodeBound.append((h.needChange + h.hospitalisation * multiplier + h.nursingHome + h.death + h.moving) / 365.25)
                // Between needs every candidate is an event: the bound is the total hazard.
                betweenBound.append((h.recurrence + h.hospitalisation * config.persons.atRestHospitalisation
                                     + h.nursingHome + h.death + h.moving) / 365.25)
            }
        }
        sourceFactors = ReferralSource.allCases.map { config.referral.sourceFactors[$0] ?? 1 }
        sourceShares = ReferralSource.allCases.map { config.referral.sourceShares[$0] ?? 0 }
        let w = config.workload
        workloadMinutes = config.territories.map { territory in
            [2, 3].flatMap { level in
                Pathway.allCases.flatMap { pathway in
                    Intensity.allCases.map { Int32((60 * w.hoursPerMonth(level: level, pathway: pathway, intensity: $0,
                                                                         radiusKm: territory.visitRadiusKm)).rounded()) }
                }
            }
        }
        supportDurationFactor = Pathway.allCases.map { w.pathwayDuration[$0] ?? 1 }
        intensityDurationFactor = w.intensities.flatMap { $0.map(\.duration) }
        intensityCumulative = [2, 3].flatMap { level in
            Pathway.allCases.map { pathway in
                var total = 0.0
                return w.intensityShares(level: level, pathway: pathway).map { share in
                    total += share
                    return total
                }
            }
        }
        for (t, territory) in config.territories.enumerated() {
            let prefix = "territory/\(streamNumbers[t])/"
            let purposes = ["demand", "attributes", "care", "life", "staff", "stock", "antenna", "finding"]
            let owned = purposes.map { RandomStream(baseSeed: seed, replication: replication, name: prefix + $0) }
            streams += owned
            demandStreams.append(owned[0].generator)
            attributeStreams.append(owned[1].generator)
            careStreams.append(owned[2].generator)
            lifeStreams.append(owned[3].generator)
            staffStreams.append(owned[4].generator)
            stockStreams.append(owned[5].generator)
            antennaStreams.append(owned[6].generator)
            findingStreams.append(owned[7].generator)
            var state = TerritoryState(config: territory, readability: territory.readability)
            for band in AgeBand.allCases {
                state.bandPopulation.append(territory.population[band] ?? 0)
                state.bandLogGrowth.append(log1p(territory.growthPerYear[band] ?? 0))
                let row = Pathway.allCases.map { (config.incidence[band]?[$0] ?? 0) / 1000 / 365.25 }
                state.strataIncidence += row
                state.bandIncidence.append(row.reduce(0, +))
            }
            for role in Role.allCases { state.paidFTE[role] = TimeWeighted(value: 0, at: -config.spinUp) }
            state.inModelOverTime = TimeWeighted(value: 0, at: -config.spinUp)
            state.atLevel3OverTime = state.inModelOverTime
            state.outreachOverTime = TimeWeighted(value: 0, at: -config.spinUp)
            territories.append(state)
            closedYears.append([])
            // Devices in the order of their names (unique in a territory), never the file's: no
            // result may depend on the order a planner lists them in.
            for device in territory.devices.sorted(by: { $0.name < $1.name }) {
                territories[t].devices.append(addDevice(device, territory: t, active: true))
            }
            if let convergence = territory.convergence {
                var dac = convergence.dac
                dac.ageBands = Set(AgeBand.allCases)
                dac.pathways = Set(Pathway.allCases)
                territories[t].dac = addDevice(dac, territory: t, active: false, antennas: convergence.antennaShares)
                var cumulative = 0.0
                territories[t].antennaCumulative = convergence.antennaShares.map { share in
                    cumulative += share
                    return cumulative
                }
            }
            territories[t].allDevices = territories[t].devices + (territories[t].dac >= 0 ? [territories[t].dac] : [])
            territories[t].rolePools = Role.allCases.map { role in
                territories[t].allDevices.flatMap { d in
                    role == .frontDesk ? [devices[d].pools[0]] : devices[d].antennaPools.map { $0[role == .coordination ? 0 : 1] }
                }.filter { $0 >= 0 }
            }
            territories[t].maxRate = demandBound(t)
            updateReferral(territory: t)
            updateRouting(territory: t)
        }
    }

    // MARK: Set-up

    /// A device's pools and teams: a front desk, and per antenna (one but at a DAC split into
    /// several) its caseloads, each team with its antenna's share of the device's staff.
    mutating func addDevice(_ device: Device, territory: Int, active: Bool, antennas: [Double] = [1]) -> Int {
        let index = devices.count
        var state = DeviceState(config: device, territory: territory, active: active)
        let calendar = device.frontDesk.map { WorkingCalendar(hours: $0.hours, startWeekday: config.startWeekday, holidays: config.holidays) }
        if let frontDesk = device.frontDesk {
            state.pools[0] = addPool(Pool(capacity: 0, calendar: calendar, startTime: -config.spinUp), role: .frontDesk, device: index,
                                     duration: frontDesk.service, patience: nil, resolvedShare: frontDesk.resolvedShare)
        }
        for _ in antennas {
            var antennaPools = [-1, -1]
            for (i, caseload) in [device.coordination, device.caseManagement].enumerated() {
                guard let caseload else { continue }
                // Priority classes: 0 moved after a change of need, 1 hospital discharges, 2 others.
                let pool = Pool(capacity: 0, policy: .init(priorityClasses: 3, waitListCap: caseload.waitListCap),
                                startTime: -config.spinUp)
                antennaPools[i] = addPool(pool, role: i == 0 ? .coordination : .caseManagement, device: index,
                                          duration: caseload.duration, patience: caseload.patience, resolvedShare: 0)
            }
            state.antennaPools.append(antennaPools)
        }
        state.pools[1] = state.antennaPools[0][0]
        state.pools[2] = state.antennaPools[0][1]
        devices.append(state)
        if state.pools[0] >= 0 {
            teams.append(Team(territory: territory, device: index, role: .frontDesk, pool: state.pools[0], minutesPerFTE: 1))
            devices[index].teams.append(teams.count - 1)
        }
        for (a, share) in antennas.enumerated() {
            for (i, caseload) in [device.coordination, device.caseManagement].enumerated() {
                guard let caseload else { continue }
                let minutesPerFTE = 60 * config.workload.caseloadHoursPerMonth(perFTE: caseload.time[.caseloads] ?? 0)
                teams.append(Team(territory: territory, device: index, role: i == 0 ? .coordination : .caseManagement,
                                  pool: state.antennaPools[a][i], minutesPerFTE: minutesPerFTE,
                                  outreachShare: (caseload.time[.professionals] ?? 0) + (caseload.time[.animation] ?? 0),
                                  share: share))
                devices[index].teams.append(teams.count - 1)
                poolAreaShare[state.antennaPools[a][i]] = share
            }
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
        poolAreaShare.append(1)
        return pools.count - 1
    }

    // MARK: The run

    /// Schedules an event, unless it falls after the horizon: the run ends before it, and a
    /// calendar kept small (people between needs hold events years ahead) is a faster one.
    mutating func schedule(_ event: Event, at time: Double) {
        if time <= config.horizon { calendar.schedule(event, at: time) }
    }

    /// One replication, territory by territory: territories share nothing but the clock (each has
    /// its persons, devices, staff and random streams), so each runs on its own calendar, one after
    /// another, and gives the results it gives in one calendar for all (a test checks they are
    /// equal). Twice as fast nationally: one territory's persons, events and streams stay in the
    /// processor's caches, where a hundred territories' do not.
    public static func replicate(config: ModelConfiguration, monthStarts: [Double], seed: UInt64, replication: Int) -> RunResult {
        let parts = config.territories.indices.map { t in
            var simulation = CareSimulation(config: config, monthStarts: monthStarts, seed: seed, replication: replication,
                                            territory: t)
            return simulation.run()
        }
        return RunResult(territories: parts.flatMap(\.territories), events: parts.reduce(0) { $0 + $1.events },
                         created: parts.reduce(0) { $0 + $1.created }, stillIn: parts.reduce(0) { $0 + $1.stillIn },
                         exitedOverall: parts.reduce(0) { $0 + $1.exitedOverall },
                         accountingErrors: parts.flatMap(\.accountingErrors))
    }

    public mutating func run() -> RunResult {
        // Month ends and the warm-up's end first: at equal times they come before anything else.
        scheduleBoundaries()
        // With a spin-up, the run begins before day 0 with day 0's configuration (staffing,
        // convergence, population, level 1's coverage), and nothing before day 0 is observed.
        let start = -config.spinUp
        for d in devices.indices where devices[d].active {
            for team in devices[d].teams {
                // Day 0's staffing (the latest change dated at or before it) is in post and past
                // its ramp-up; later changes come at their dates.
                let role = teams[team].role
                let changes = devices[d].config.staffChanges
                let fte = changes.last { $0.role == role && $0.day <= 0 }?.fte ?? devices[d].config.initialFTE(role)
                staff(team: team, fte: fte * teams[team].share, at: start, hiredAt: -.infinity)
                for (c, change) in changes.enumerated() where change.role == role && change.day > 0 {
                    schedule(.staffChange(Int32(team), Int32(c)), at: change.day)
                }
            }
        }
        for t in territories.indices {
            updateCapacities(territory: t, at: start)
            updateOutreach(territory: t, at: start, fromScratch: true)
            seedInitialState(territory: t)
            seedRestingStock(territory: t, at: start)
            scheduleDemand(territory: t, after: start)
            if let convergence = territories[t].config.convergence, convergence.day < config.horizon {
                // A DAC dated before the run exists all through the spin-up; one dated on its first
                // day or later opens then.
                schedule(.convergence(Int32(t)), at: convergence.day < 0 ? start : convergence.day)
                // Quits change pace when the period around the convergence and the programme begin and end.
                let period = turnoverPeriod(territory: t), programme = programmePeriod(territory: t)
                let running = programme.isEmpty ? [] : [programme.lowerBound, programme.upperBound]
                let boundaries = Set([period.lowerBound, period.upperBound] + running).sorted()
                for boundary in boundaries where boundary > (convergence.day < 0 ? 0 : start) {
                    schedule(.turnoverPeriod(Int32(t)), at: boundary)
                }
            }
        }
        if config.spinUp > 0 { schedule(.spinUpMonth, at: start + Self.spinUpMonth) }

        while let event = calendar.nextOfTwoTiers() {
            let time = event.time
            if time > config.horizon { break }
            events += 1
            // The person of the next event is rarely in cache (people wait months between
            // events): their slot is fetched while this event is handled.
            persons.withUnsafeBufferPointer { slots in calendar.forNextInLine { Self.prefetch($0, in: slots) } }
            handle(event.payload, at: time)
        }
        return finish()
    }

    /// Brings the slot of the person an event is about into the processor's caches.
    static func prefetch(_ event: Event, in slots: UnsafeBufferPointer<Person>) {
        let p: Int32
        switch event {
        case .referral(let q, _), .frontDeskEnd(let q), .supportEnd(let q, _), .abandon(let q, _), .life(let q, _),
             .discharge(let q, _), .episodeEnd(let q, _), .targetPassed(let q, _), .caseFinding(let q, _):
            p = q
        default:
            return
        }
        guard Int(p) < slots.count, let base = slots.baseAddress else { return }
        let slot = UnsafeRawPointer(base + Int(p))
        dacsim_prefetch(slot)
        dacsim_prefetch(slot + 64)
        dacsim_prefetch(slot + 128)
    }

    mutating func handle(_ event: Event, at time: Double) {
        switch event {
        case .demand(let t): demand(territory: Int(t), at: time)
        case .referral(let p, let generation):
            guard persons[Int(p)].generation == generation else { return }
            arrive(person: Int(p), at: time)
        case .frontDeskEnd(let p): frontDeskEnd(person: Int(p), at: time)
        case .supportEnd(let p, let stamp):
            guard persons[Int(p)].stamp == stamp, persons[Int(p)].place == .supported else { return }
            endSupport(person: Int(p), at: time)
        case .abandon(let p, let stamp):
            let person = Int(p)
            guard persons[person].stamp == stamp, persons[person].place == .waiting, let ticket = persons[person].ticket,
                  pools[Int(persons[person].pool)].abandon(ticket, at: time) != nil else { return }
            persons[person].ticket = nil
            endEpisode(person: person, .abandoned, at: time)
        case .life(let p, let stamp):
            guard persons[Int(p)].lifeStamp == stamp, persons[Int(p)].place != .gone else { return }
            lifeEvent(person: Int(p), at: time)
        case .discharge(let p, let generation):
            guard persons[Int(p)].generation == generation else { return }
            discharge(person: Int(p), at: time)
        case .episodeEnd(let p, let stamp):
            guard persons[Int(p)].lifeStamp == stamp, persons[Int(p)].place == .levelOne else { return }
            endNeed(person: Int(p), at: time)
        case .caseFinding(let p, let stamp):
            guard persons[Int(p)].lifeStamp == stamp, persons[Int(p)].place == .levelOne else { return }
            caseFinding(person: Int(p), at: time)
        case .targetPassed(let p, let stamp):
            let person = Int(p)
            guard persons[person].stamp == stamp, persons[person].place == .waiting, !persons[person].unmetCounted else { return }
            unmet(.waitedBeyondTarget, person: person)
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
            staff(team: Int(team), fte: device.config.staffChanges[Int(c)].fte * teams[Int(team)].share, at: time, hiredAt: time)
            staffChanged(team: Int(team), at: time)
        case .convergence(let t): converge(territory: Int(t), at: time)
        case .join(let d): join(device: Int(d), at: time)
        case .turnoverPeriod(let t):
            for team in teams.indices where teams[team].territory == Int(t) {
                teams[team].stamp &+= 1
                scheduleQuit(team: team, at: time)
            }
        case .month: monthEnds(at: time)
        case .spinUpMonth:
            for t in territories.indices {
                updateCapacities(territory: t, at: time)
                updateOutreach(territory: t, at: time)
            }
            if time + Self.spinUpMonth < 0 { schedule(.spinUpMonth, at: time + Self.spinUpMonth) }
        case .warmUpEnds: startObserving(at: time)
        }
    }
}
