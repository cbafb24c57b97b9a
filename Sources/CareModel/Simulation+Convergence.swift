import Engine

extension CareSimulation {
    // MARK: Convergence

    /// The convergence frictions' multiplier on a territory's productivity.
    mutating func frictionMultiplier(territory t: Int, at time: Double) -> Double {
        guard territories[t].converged, let convergence = territories[t].config.convergence else { return 1 }
        let programme = territories[t].config.supportProgramme
        // A DAC dated before the run: during the spin-up, day 0's frictions.
        return convergence.frictions.reduce(1) { $0 * $1.multiplier(after: max(time, 0) - convergence.day, programme: programme) }
    }

    /// FTE in post (posts filled) in one role across some devices.
    mutating func staffInPost(devices list: [Int], role: Role) -> Double {
        var fte = 0.0
        for d in list {
            for team in devices[d].teams where teams[team].role == role {
                fte += teams[team].filledFTE
            }
        }
        return fte
    }

    /// A new team's first `kept` FTE of posts are held by staff moving over from the devices
    /// merging now. The next are held for the staff of each device joining later (`held`: the
    /// device, its staff in post, and its date), vacant until it joins. The others are vacant:
    /// each is filled after a drawn hiring delay, and its holder then ramps up.
    mutating func recruit(team: Int, keeping kept: Double, holding held: [(device: Int, fte: Double, day: Double)], at time: Double) {
        var start = 0.0
        for unit in teams[team].units.indices {
            defer { start += teams[team].units[unit].weight }
            guard start + 1e-9 >= kept else { continue }
            var bound = kept
            if let holder = held.first(where: { hold in
                bound += hold.fte
                return start + 1e-9 < bound
            }) {
                teams[team].units[unit].vacantUntil = holder.day
                teams[team].units[unit].heldFor = Int32(holder.device)
                continue
            }
            vacate(team: team, unit: unit, at: time)
        }
        teams[team].stamp &+= 1
        scheduleQuit(team: team, at: time)
    }

    /// The DAC opens: the devices that join it now merge into it, staff, caseloads and wait
    /// lists; the others stay outside until their date, or for good. The frictions start.
    mutating func converge(territory t: Int, at time: Double) {
        let dac = territories[t].dac
        guard dac >= 0, !territories[t].converged else { return }
        let convergence = territories[t].config.convergence!
        territories[t].converged = true
        devices[dac].active = true
        var joining: [Int] = [], later: [(device: Int, day: Double)] = []
        for d in territories[t].devices where devices[d].active {
            switch devices[d].config.joins {
            case .withTheDAC: joining.append(d)
            case .on(let day) where day <= max(time, 0): joining.append(d)
            case .on(let day): later.append((d, day))
            case .never: break
            }
        }
        // A DAC that exists before the run has its staff in post, but for the posts held for the
        // devices joining later; one that opens now takes over the joining devices' staff in
        // post, holds posts for those joining later, and recruits the rest of its posts over time.
        let opensNow = convergence.day >= 0
        for team in devices[dac].teams {
            // The DAC starts with its latest staffing dated at or before the convergence.
            let role = teams[team].role
            let changes = devices[dac].config.staffChanges.filter { $0.role == role }
            // At a DAC split into antennas each antenna's team has its share of the staff, of those
            // moving over and of the posts held.
            let share = teams[team].share
            let fte = (changes.last { $0.day <= max(time, 0) }?.fte ?? devices[dac].config.initialFTE(role)) * share
            staff(team: team, fte: fte, at: time, hiredAt: -.infinity)
            let held = later.map { ($0.device, staffInPost(devices: [$0.device], role: role) * share, $0.day) }
            if opensNow {
                recruit(team: team, keeping: staffInPost(devices: joining, role: role) * share, holding: held, at: time)
            } else if !held.isEmpty {
                recruit(team: team, keeping: max(0, fte - held.reduce(0) { $0 + $1.1 }), holding: held, at: time)
            }
            for (c, change) in devices[dac].config.staffChanges.enumerated() where change.role == role && change.day > max(time, 0) {
                schedule(.staffChange(Int32(team), Int32(c)), at: change.day)
            }
        }
        for (d, day) in later { schedule(.join(Int32(d)), at: day) }
        merge(joining, territory: t, at: time)
        // A DAC that exists before the run brings its own caseloads and wait lists of today.
        if convergence.day < 0 { seedInitialState(device: dac) }
        settle(territory: t, at: time)
        // A DAC that exists before the run has been known for years; one opening now becomes known
        // at outreach's pace.
        updateOutreach(territory: t, at: time, fromScratch: convergence.day < 0)
    }

    /// The DAC is as readable as the share of the former offer it has absorbed (by the devices'
    /// staff at the start) makes it: all of it, the scenario's `readability_after`; devices left
    /// outside keep part of the old maze, and first contacts can still go astray towards them.
    mutating func updateReadability(territory t: Int) {
        guard let convergence = territories[t].config.convergence else { return }
        func staff(_ d: Int) -> Double { Role.allCases.reduce(0) { $0 + devices[d].config.initialFTE($1) } }
        let all = territories[t].devices.reduce(0) { $0 + staff($1) }
        let merged = territories[t].devices.filter { !devices[$0].active }.reduce(0) { $0 + staff($1) }
        territories[t].absorbed = all > 0 ? merged / all : 1
        let before = territories[t].config.readability
        territories[t].readability = before + (convergence.readabilityAfter - before) * territories[t].absorbed
        updateReferral(territory: t)
    }

    /// A device joins the DAC after it opened: its staff take the posts held for them (those
    /// it lacks are recruited), and its people move over.
    mutating func join(device d: Int, at time: Double) {
        let t = devices[d].territory, dac = territories[t].dac
        guard devices[d].active, territories[t].converged else { return }
        for team in devices[dac].teams {
            var bringing = staffInPost(devices: [d], role: teams[team].role) * teams[team].share
            for unit in teams[team].units.indices where teams[team].units[unit].heldFor == Int32(d) {
                teams[team].units[unit].heldFor = -1
                if bringing > 1e-9 {
                    bringing -= teams[team].units[unit].weight
                    teams[team].units[unit].vacantUntil = nil
                    teams[team].units[unit].hiredAt = -.infinity
                } else {
                    vacate(team: team, unit: unit, at: time)
                }
            }
            teams[team].stamp &+= 1
            scheduleQuit(team: team, at: time)
        }
        merge([d], territory: t, at: time)
        settle(territory: t, at: time)
    }

    /// Readability, staff, capacities and admissions after devices merged.
    mutating func settle(territory t: Int, at time: Double) {
        updateReadability(territory: t)
        updateRouting(territory: t)
        updatePaidFTE(territory: t, at: time)
        updateCapacities(territory: t, at: time)
        for d in territories[t].devices + [territories[t].dac] {
            for pool in devicePools(d) { admitWaiting(pool: pool, at: time) }
        }
    }

    /// Devices merge into the DAC: their teams are gone; everyone they support moves to the
    /// DAC's matching caseload with their place, everyone waiting to the DAC's wait lists in the
    /// order their waits began, keeping them.
    mutating func merge(_ merging: [Int], territory t: Int, at time: Double) {
        let dac = territories[t].dac
        for d in merging {
            devices[d].active = false
            for team in devices[d].teams {
                teams[team].units = []
                teams[team].stamp &+= 1
            }
        }
        var waits: [(person: Int, since: Double, priority: Int)] = []
        // The merging devices' people, in order of creation, as persons came: slots are reused,
        // so their order is not that. Picked out before sorting (moving one changes no one
        // else's pool), not sorted with every slot of the territory.
        let moving = territories[t].members.filter { member in
            let old = Int(persons[Int(member)].pool)
            return old >= 0 && merging.contains(poolDevice[old])
        }
        for member in moving.sorted(by: { persons[Int($0)].serial < persons[Int($1)].serial }) {
            let person = Int(member)
            let old = Int(persons[person].pool)
            switch persons[person].place {
            case .supported:
                persons[person].device = Int32(dac)
                // The same caseload at the person's antenna; a DAC lacking it keeps them in the
                // other (support under way is not stopped).
                let antenna = devices[dac].caseloadPools(antenna: persons[person].antenna)
                let same = antenna[poolRole[old] == .coordination ? 0 : 1], other = antenna[poolRole[old] == .coordination ? 1 : 0]
                let target = same >= 0 ? same : other
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
        for (person, since, priority) in waits.sorted(by: { $0.since < $1.since || ($0.since == $1.since && persons[$0.person].serial < persons[$1.person].serial) }) {
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
                // A level-2 wait at a DAC with case management alone: below its criteria.
                endEpisode(person: person, .orientedToLevelOne, at: time)
            }
        }
    }
}
