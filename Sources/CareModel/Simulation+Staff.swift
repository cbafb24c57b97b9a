import Engine
import Foundation

extension CareSimulation {
    // MARK: Staff and capacity

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

    mutating func unitProductivity(_ unit: StaffUnit, at time: Double, rampUp: Double) -> Double {
        guard unit.vacantUntil == nil else { return 0 }
        guard rampUp > 0, time - unit.hiredAt < rampUp else { return unit.weight }
        return unit.weight * max(0, time - unit.hiredAt) / rampUp
    }

    mutating func updateCapacities(territory t: Int, at time: Double) {
        let friction = frictionMultiplier(territory: t, at: time)
        let rampUp = territories[t].config.turnover.rampUp
        for d in territoryDevices(t) {
            for team in devices[d].teams {
                let capacity: Int
                if teams[team].role == .frontDesk {
                    capacity = teams[team].units.filter { $0.vacantUntil == nil }.count
                } else {
                    let effective = teams[team].units.reduce(0) { $0 + unitProductivity($1, at: time, rampUp: rampUp) }
                    capacity = Int((effective * friction * teams[team].minutesPerFTE).rounded())
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
        for d in territoryDevices(t) {
            for team in devices[d].teams {
                paid[teams[team].role, default: 0] += teams[team].filledFTE
            }
        }
        for role in Role.allCases { territories[t].paidFTE[role]!.update(paid[role] ?? 0, at: time) }
    }

    /// When quits rise around the convergence: from `before` the DAC opens to `after`, both
    /// shortened by the support programme as it shortens frictions.
    func turnoverPeriod(territory t: Int) -> ClosedRange<Double> {
        let turnover = territories[t].config.turnover
        guard let convergence = territories[t].config.convergence, turnover.convergenceMultiplier != 1 else { return 0...0 }
        let factor = territories[t].config.supportProgramme.durationFactor
        return (convergence.day - turnover.convergenceBefore * factor)...(convergence.day + turnover.convergenceAfter * factor)
    }

    /// While the support programme runs: from the convergence, for the programme's duration.
    func programmePeriod(territory t: Int) -> Range<Double> {
        guard let convergence = territories[t].config.convergence, territories[t].config.supportProgramme != .none else { return 0..<0 }
        return convergence.day..<(convergence.day + config.supportProgrammeDuration)
    }

    /// The date that sets quit rates and hiring delays: a DAC dated before the run has, during the
    /// spin-up, day 0's; one opening later has the spin-up's own (quits may rise in it if it comes soon).
    func staffDate(territory t: Int, at time: Double) -> Double {
        (territories[t].config.convergence?.day ?? 0) < 0 ? max(time, 0) : time
    }

    /// A post stays vacant until a hiring delay drawn now (shortened while the support programme
    /// runs); its new holder then ramps up.
    mutating func vacate(team: Int, unit: Int, at time: Double) {
        let t = teams[team].territory
        let running = programmePeriod(territory: t).contains(staffDate(territory: t, at: time))
        let programme = running ? territories[t].config.supportProgramme.hiringDelayFactor : 1
        let hire = time + max(0, territories[t].config.turnover.hiringDelay.sample(staffStreams[t])) * programme
        teams[team].units[unit].vacantUntil = hire
        schedule(.hire(Int32(team), Int32(unit)), at: hire)
    }

    mutating func scheduleQuit(team: Int, at time: Double) {
        let filled = teams[team].units.filter { $0.vacantUntil == nil }.count
        let t = teams[team].territory
        let turnover = territories[t].config.turnover
        // The periods' ends reschedule everyone's next quit.
        let period = turnoverPeriod(territory: t)
        let now = staffDate(territory: t, at: time)
        let multiplier = period.contains(now) && now < period.upperBound ? turnover.convergenceMultiplier : 1
        let programme = programmePeriod(territory: t).contains(now) ? territories[t].config.supportProgramme.quitsFactor : 1
        let rate = turnover.quitsPerYear * multiplier * programme * Double(filled) / 365.25
        guard rate > 0 else { return }
        let stream = staffStreams[t]
        schedule(.quit(Int32(team), teams[team].stamp), at: time - log(stream.uniform()) / rate)
    }

    mutating func quit(team: Int, at time: Double) {
        let t = teams[team].territory
        let stream = staffStreams[t]
        let filled = teams[team].units.indices.filter { teams[team].units[$0].vacantUntil == nil }
        guard !filled.isEmpty else { return }
        let unit = filled[min(filled.count - 1, Int(stream.uniform() * Double(filled.count)))]
        vacate(team: team, unit: unit, at: time)
        teams[team].stamp &+= 1
        scheduleQuit(team: team, at: time)
        staffChanged(team: team, at: time)
    }
}
