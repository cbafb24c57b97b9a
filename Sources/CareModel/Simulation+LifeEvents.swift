import Foundation

extension CareSimulation {
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
}
