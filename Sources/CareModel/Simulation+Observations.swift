import Engine

extension CareSimulation {
    // MARK: Observation

    /// Schedules every month's end (the last one at the horizon, when it falls inside a month)
    /// and the warm-up's end before anything else: events at the same time come out in the order
    /// they were scheduled, so a month closes before anything else happens at midnight on the 1st
    /// (a convergence on the 1st of a month belongs to that month, not to the one before).
    mutating func scheduleBoundaries() {
        for start in monthStarts.dropFirst() where start < config.horizon { schedule(.month, at: start) }
        schedule(.month, at: config.horizon)
        // After a spin-up, observation starts at the warm-up's end, day 0 without one.
        if config.warmUp > 0 || config.spinUp > 0 { schedule(.warmUpEnds, at: config.warmUp) }
    }

    mutating func startObserving(at time: Double) {
        observing = true
        restartStatistics(at: time)
        for t in territories.indices { territories[t].current = MonthRecord(month: monthIndex) }
    }

    /// Forgets what was observed before `time`: counts, waits and time averages start again.
    mutating func restartStatistics(at time: Double) {
        for p in pools.indices { pools[p].resetStatistics(at: time) }
        for t in territories.indices {
            for role in Role.allCases { territories[t].paidFTE[role]!.reset(at: time) }
            territories[t].inModelOverTime.reset(at: time)
            territories[t].atLevel3OverTime.reset(at: time)
            territories[t].outreachOverTime.reset(at: time)
            territories[t].observations = Observations()
            territories[t].counts = EventCounts()
        }
        yearObservedFrom = time
    }

    // MARK: Calendar years

    /// Closes the calendar year in progress at `time` (midnight on the 1st of January, or the
    /// horizon): each territory's results over the observed part of the year are kept, and the
    /// statistics start again, so that a year's results are those of a run observing that year alone.
    mutating func closeYear(at time: Double) {
        guard observing, time > yearObservedFrom else { return }
        // The year the observed part began in: months since the start, then calendar years.
        let month = monthStarts.lastIndex { $0 <= yearObservedFrom } ?? 0
        let index = (config.startMonth + month) / 12
        for t in territories.indices {
            closedYears[t].append(YearResult(index: index, days: time - yearObservedFrom,
                                             result: territoryResult(t, from: yearObservedFrom, to: time)))
        }
        restartStatistics(at: time)
    }

    /// Territory `t`'s results from `from` (the last restart of the statistics) to `to`.
    mutating func territoryResult(_ t: Int, from: Double, to end: Double) -> TerritoryResult {
        var waitList: [Role: Double] = [:], occupied: [Role: Double] = [:], capacity: [Role: Double] = [:]
        var paid: [Role: Double] = [:], above: [Role: Double] = [:], people: [Role: Double] = [:]
        var cost = 0.0
        for role in Role.allCases {
            let ps = territoryPools(t, role)
            above[role] = ps.reduce(0) { $0 + pools[$1].statistics.overCapacity.mean(at: end) }
            waitList[role] = ps.reduce(0) { $0 + pools[$1].waitList.length.mean(at: end) }
            capacity[role] = ps.reduce(0) { $0 + pools[$1].statistics.capacity.mean(at: end) }
            occupied[role] = ps.reduce(0) { $0 + pools[$1].statistics.occupied.mean(at: end) }
            people[role] = ps.reduce(0) { $0 + pools[$1].statistics.people.mean(at: end) }
            paid[role] = territories[t].paidFTE[role]!.mean(at: end)
            cost += paid[role]! * (config.costPerFTEPerYear[role] ?? 0) * (end - from) / 365.25
        }
        var observations = territories[t].observations
        territories[t].counts.add(to: &observations)
        var result = TerritoryResult(name: territories[t].config.name, population: territories[t].config.totalPopulation,
                               observations: observations, months: [],
                               waitListLength: waitList, occupied: occupied, capacity: capacity, paidFTE: paid,
                               staffCost: cost, aboveCapacity: above, programmeCost: programmeCost(territory: t, from: from, to: end),
                               people: people)
        result.population75 = territories[t].bandPopulation[AgeBand.from75.index]
        result.inModel = [territories[t].inModelOverTime.mean(at: end), territories[t].atLevel3OverTime.mean(at: end)]
        result.outreachFTE = territories[t].outreachOverTime.mean(at: end)
        return result
    }

    /// A territory's devices, its DAC last (whether open or not).
    func territoryDevices(_ t: Int) -> [Int] { territories[t].allDevices }

    func territoryPools(_ t: Int, _ role: Role) -> [Int] { territories[t].rolePools[Self.roleIndex(role)] }

    /// Every pool of a device: its front desk, and each antenna's caseloads.
    func devicePools(_ d: Int) -> [Int] {
        ([devices[d].pools[0]] + devices[d].antennaPools.flatMap { $0 }).filter { $0 >= 0 }
    }

    /// The caseload hours a month the policy calls for: its ideal staffing at today's population.
    mutating func idealCapacity(territory t: Int, at time: Double) -> Double {
        let population = totalPopulation(t, at: time)
        // Read before the closure, which would otherwise copy the territory's whole state.
        let dac = territories[t].dac, ideal = territories[t].config.idealFTEPer100k
        return [Role.coordination, .caseManagement].reduce(0) { sum, role in
            // The policy's staffing is the DAC's: its time split, else the first device's.
            let minutesPerFTE = (teams.first { $0.device == dac && $0.role == role }
                ?? teams.first { $0.territory == t && $0.role == role })?.minutesPerFTE ?? 0
            return sum + (ideal[role] ?? 0) * population / 100_000 * minutesPerFTE / 60
        }
    }

    mutating func monthEnds(at time: Double) {
        // A month counts once some of it is observed (a warm-up ending on a month start
        // leaves the month before it out).
        let observed = monthStarts[monthIndex + 1] > config.warmUp
        for t in territories.indices {
            updateCapacities(territory: t, at: time)  // ramp-ups and frictions move on monthly
            updateOutreach(territory: t, at: time)
            var record = territories[t].current
            let coordination = territoryPools(t, .coordination), caseManagement = territoryPools(t, .caseManagement)
            record.coordinationWaitList = coordination.reduce(0) { $0 + pools[$1].waitingCount }
            record.caseManagementWaitList = caseManagement.reduce(0) { $0 + pools[$1].waitingCount }
            record.coordinationOccupied = coordination.reduce(0) { $0 + pools[$1].occupied }
            record.caseManagementOccupied = caseManagement.reduce(0) { $0 + pools[$1].occupied }
            record.coordinationCapacity = coordination.reduce(0) { $0 + pools[$1].capacity }
            record.caseManagementCapacity = caseManagement.reduce(0) { $0 + pools[$1].capacity }
            record.idealCapacity = idealCapacity(territory: t, at: time)
            record.plannedCapacity = teams.filter { $0.territory == t && $0.role != .frontDesk }
                .reduce(0) { $0 + $1.plannedFTE * $1.minutesPerFTE / 60 }
            record.realCapacity = Double(record.coordinationCapacity + record.caseManagementCapacity) / 60
            record.productivity = frictionMultiplier(territory: t, at: time)
            let supported = territories[t].supported
            record.rightLevel = supported.coordinationAtLevel2 + supported.caseManagementAtLevel3
            record.overServed = supported.caseManagementAtLevel2
            record.underServed = supported.coordinationAtLevel3 + record.coordinationWaitList + record.caseManagementWaitList
            if observing && observed { territories[t].months.append(record) }
            territories[t].current = MonthRecord(month: monthIndex + 1)
        }
        monthIndex += 1
        // A year ends at midnight on the 1st of January; the last one ends in finish(), after
        // the run's end has counted the waits still running.
        if (config.startMonth + monthIndex) % 12 == 0 && time < config.horizon { closeYear(at: time) }
    }

    // MARK: Results

    mutating func finish() -> RunResult {
        let end = config.horizon
        // Waits still running at the end are counted among all who waited, cut short by the
        // horizon; those already too long are ruptures (their target passed, and was counted, before).
        for p in persons.indices where persons[p].place == .waiting {
            let waited = end - persons[p].waitingSince
            if waited > config.ruptureWait { rupture(.longWait, person: p) }
            if !persons[p].fromSupport { recordWait(person: p, waited: waited, censored: true) }
        }
        closeYear(at: end)
        let results = territories.indices.map { t in
            var result = TerritoryResult.combining(closedYears[t], name: territories[t].config.name,
                                                   population: territories[t].config.totalPopulation)
            result.months = territories[t].months
            return result
        }
        return RunResult(territories: results, events: events, created: created,
                         stillIn: persons.reduce(0) { $0 + ($1.place == .gone ? 0 : 1) }, exitedOverall: exitedOverall,
                         accountingErrors: accountingErrors())
    }

    /// The support programme's cost from `start` to `end`: its yearly cost for as long as it
    /// runs from the convergence (none without a convergence in the run).
    func programmeCost(territory t: Int, from start: Double, to end: Double) -> Double {
        let territory = territories[t].config
        guard let convergence = territory.convergence else { return 0 }
        let from = max(convergence.day, start), to = min(convergence.day + config.supportProgrammeDuration, end)
        return max(0, to - from) / 365.25 * (config.supportProgrammeCostPerYear[territory.supportProgramme] ?? 0)
    }

    /// Every person is in exactly one place, and the pools agree with the persons on who is where.
    func accountingErrors() -> [String] {
        var errors: [String] = []
        var waiting = Array(repeating: 0, count: pools.count), supported = Array(repeating: 0, count: pools.count)
        var inService = Array(repeating: 0, count: pools.count), workload = Array(repeating: 0, count: pools.count)
        for person in persons {
            switch person.place {
            case .waiting: waiting[Int(person.pool)] += 1
            case .frontDesk: if person.ticket != nil { waiting[Int(person.pool)] += 1 }
            case .supported:
                supported[Int(person.pool)] += 1
                workload[Int(person.pool)] += Int(person.workload)
            case .levelOne, .between:
                // At level 1, a person holds no place anywhere.
                if person.ticket != nil || person.inFrontDeskService || person.pool >= 0 {
                    errors.append("a person at level 1 still holds a place in pool \(person.pool)")
                }
            case .referral, .gone: break
            }
            if person.inFrontDeskService { inService[Int(person.pool)] += 1 }
        }
        for p in pools.indices {
            if pools[p].waitingCount != waiting[p] {
                errors.append("pool \(p) (\(poolRole[p].rawValue)) lists \(pools[p].waitingCount) waiting, persons say \(waiting[p])")
            }
            let people = poolRole[p] == .frontDesk ? inService[p] : supported[p]
            if pools[p].people != people {
                errors.append("pool \(p) (\(poolRole[p].rawValue)) has \(pools[p].people) in service, persons say \(people)")
            }
            let taken = poolRole[p] == .frontDesk ? inService[p] : workload[p]
            if pools[p].occupied != taken {
                errors.append("pool \(p) (\(poolRole[p].rawValue)) has \(pools[p].occupied) of its capacity taken, persons say \(taken)")
            }
        }
        let stillIn = persons.reduce(0) { $0 + ($1.place == .gone ? 0 : 1) }
        if created != stillIn + exitedOverall {
            errors.append("\(created) persons created, \(stillIn) still in and \(exitedOverall) gone")
        }
        var inModel = Array(repeating: [0, 0], count: territories.count)
        for person in persons where person.place != .gone {
            inModel[Int(person.territory)][0] += 1
            if person.level == 3 { inModel[Int(person.territory)][1] += 1 }
        }
        for t in territories.indices where [territories[t].inModel, territories[t].atLevel3] != inModel[t] {
            errors.append("territory \(t) counts \(territories[t].inModel) in the model and \(territories[t].atLevel3) at level 3, persons say \(inModel[t][0]) and \(inModel[t][1])")
        }
        return errors
    }
}
