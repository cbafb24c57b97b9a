import Engine

extension CareSimulation {
    // MARK: Convergence

    /// The convergence frictions' multiplier on a territory's productivity.
    mutating func frictionMultiplier(territory t: Int, at time: Double) -> Double {
        guard territories[t].converged, let convergence = territories[t].config.convergence else { return 1 }
        let programme = territories[t].config.supportProgramme
        // During a spin-up, day 0's frictions.
        return convergence.frictions.reduce(1) { $0 * $1.multiplier(after: max(time, 0) - convergence.day, programme: programme) }
    }

    /// FTE in post (posts filled) in one role across a territory's active devices.
    mutating func staffInPost(territory t: Int, role: Role) -> Double {
        var fte = 0.0
        for d in territories[t].devices where devices[d].active {
            for team in devices[d].teams where teams[team].role == role {
                fte += teams[team].units.reduce(0) { $0 + ($1.vacantUntil == nil ? $1.weight : 0) }
            }
        }
        return fte
    }

    /// Posts of a new team beyond the `keeping` FTE that move over from the merged devices are
    /// vacant: each is filled after a drawn hiring delay, and its holder then ramps up.
    mutating func recruit(team: Int, keeping kept: Double, at time: Double) {
        let t = teams[team].territory
        var start = 0.0
        for unit in teams[team].units.indices {
            defer { start += teams[team].units[unit].weight }
            guard start + 1e-9 >= kept else { continue }
            let hire = time + max(0, territories[t].config.turnover.hiringDelay.sample(staffStreams[t]))
            teams[team].units[unit].vacantUntil = hire
            schedule(.hire(Int32(team), Int32(unit)), at: hire)
        }
        teams[team].stamp &+= 1
        scheduleQuit(team: team, at: time)
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
        // A DAC that exists before the run has its staff in post; one that opens now takes over
        // the merged devices' staff in post, and recruits the rest of its posts over time.
        let opensNow = territories[t].config.convergence!.day > 0
        for team in devices[dac].teams {
            // The DAC starts with its latest staffing dated at or before the convergence.
            let role = teams[team].role
            let changes = devices[dac].config.staffChanges.filter { $0.role == role }
            let fte = changes.last { $0.day <= max(time, 0) }?.fte ?? devices[dac].config.initialFTE(role)
            staff(team: team, fte: fte, at: time, hiredAt: -.infinity)
            if opensNow { recruit(team: team, keeping: staffInPost(territory: t, role: role), at: time) }
            for (c, change) in devices[dac].config.staffChanges.enumerated() where change.role == role && change.day > max(time, 0) {
                schedule(.staffChange(Int32(team), Int32(c)), at: change.day)
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
                pools[old].release(weight: Int(persons[person].workload), at: time)
                pools[target].transferIn(weight: Int(persons[person].workload), at: time)
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
