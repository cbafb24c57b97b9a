import Foundation

extension CareSimulation {
    // MARK: A person's life

    /// The hazards of a person's level and pathway, and their hospitalisation multiplier (with
    /// support in place, with none, or with the need at rest).
    @inline(__always)
    mutating func hazards(_ person: Person) -> (Hazards, Double) {
        let base = hazardTable[(Int(person.level) - 2) * Pathway.allCases.count + person.pathwayIndex]
        let multiplier = person.place == .supported ? config.persons.coordinatedHospitalisation
            : person.place == .between ? config.persons.atRestHospitalisation : config.persons.unsupportedHospitalisation
        return (base, multiplier)
    }

    /// A bound on a person's total hazard per day, whatever their support: during a need, every
    /// life event; between needs, the need's return, hospitalisation, nursing home, death and moving.
    @inline(__always)
    mutating func lifeBound(_ person: Person) -> Double {
        let index = (Int(person.level) - 2) * Pathway.allCases.count + person.pathwayIndex
        return person.place == .between ? betweenBound[index] : episodeBound[index]
    }

    /// Life events come by thinning at the bound of the person's level, pathway and stage:
    /// support, which changes the hospitalisation hazard, needs no rescheduling; a change of
    /// level or of stage (a need ending or coming back) starts a new chain.
    mutating func scheduleLife(person: Int, at time: Double) {
        persons[person].lifeStamp &+= 1
        nextLifeCandidate(person: person, at: time)
    }

    /// For a need nobody referred, the chain's next event is its lapse when that comes first:
    /// one event, not a lapse and a candidate left to fall stale.
    mutating func nextLifeCandidate(person: Int, at time: Double) {
        let bound = lifeBound(persons[person])
        let candidate = bound > 0 ? time - log(lifeStreams[Int(persons[person].territory)].uniform()) / bound : .infinity
        let stamp = persons[person].lifeStamp
        if persons[person].place == .levelOne && persons[person].lapsesAt <= candidate {
            schedule(.episodeEnd(Int32(person), stamp), at: persons[person].lapsesAt)
        } else if candidate.isFinite {
            schedule(.life(Int32(person), stamp), at: candidate)
        }
    }

    mutating func lifeEvent(person: Int, at time: Double) {
        let (h, multiplier) = hazards(persons[person])
        var u = lifeStreams[Int(persons[person].territory)].uniform() * lifeBound(persons[person]) * 365.25
        // A hospital stay holds everything else until the discharge.
        if persons[person].inHospital {
            nextLifeCandidate(person: person, at: time)
            return
        }
        if persons[person].place == .between {
            // The bound is the total here: every candidate is an event.
            let hospitalisation = h.hospitalisation * multiplier
            if u < h.recurrence {
                recur(person: person, at: time)
            } else if u < h.recurrence + hospitalisation {
                hospitalise(person: person, multiplier: multiplier, at: time)
                nextLifeCandidate(person: person, at: time)
            } else if u < h.recurrence + hospitalisation + h.nursingHome {
                leave(person: person, .nursingHome, at: time)
            } else if u < h.recurrence + hospitalisation + h.nursingHome + h.death {
                leave(person: person, .death, at: time)
            } else {
                leave(person: person, .moving, at: time)
            }
            return
        }
        let hospitalisation = h.hospitalisation * multiplier
        let total = h.needChange + hospitalisation + h.nursingHome + h.death + h.moving
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
        case 1: hospitalise(person: person, multiplier: multiplier, at: time)
        case 2: leave(person: person, .nursingHome, at: time)
        case 3: leave(person: person, .death, at: time)
        default: leave(person: person, .moving, at: time)
        }
        guard persons[person].place != .gone else { return }
        if which == 0 {
            scheduleLife(person: person, at: time)
            scheduleCaseFinding(person: person, at: time)  // a need grown to level 3 nobody referred
        } else {
            nextLifeCandidate(person: person, at: time)
        }
    }

    /// A hospital stay: counted (avoidable, for a need with no support in place, for the share of
    /// the hazard support would have averted), support put on hold when the scenario says so, the
    /// discharge scheduled.
    mutating func hospitalise(person: Int, multiplier: Double, at time: Double) {
        let t = Int(persons[person].territory)
        // Drawn whether or not it is needed, so that the stream stays in step across scenarios.
        let avoidable = lifeStreams[t].uniform()
        if observing {
            let band = persons[person].band.index
            territories[t].observations.hospitalisations += 1
            territories[t].counts.hospitalisationsByBand[band] += 1
            territories[t].current.hospitalisations += 1
            if time - persons[person].lastDischargeAt <= 365.25 { territories[t].observations.rehospitalisationsWithinYear += 1 }
            let unsupported = persons[person].place != .supported && persons[person].place != .between
            if unsupported && multiplier > config.persons.coordinatedHospitalisation,
               avoidable < 1 - config.persons.coordinatedHospitalisation / multiplier {
                territories[t].observations.avoidableHospitalisations += 1
                territories[t].counts.avoidableByBand[band] += 1
            }
        }
        persons[person].inHospital = true
        let discharge = time + config.persons.hospitalStay.sample(lifeStreams[t])
        // A need nobody referred does not lapse in hospital: the discharge decides first.
        if persons[person].place == .levelOne { persons[person].lapsesAt = max(persons[person].lapsesAt, discharge) }
        if persons[person].place == .supported && config.persons.supportDuringStay == .paused {
            persons[person].supportPaused = true
            persons[person].supportEndsAt = max(0, persons[person].supportEndsAt - time)  // the support time left
            persons[person].stamp &+= 1  // the support's end waits for the discharge
        }
        schedule(.discharge(Int32(person), persons[person].generation), at: discharge)
    }

    /// Aggravation (2 to 3) or easing (3 to 2): a supported or waiting person moves to the caseload
    /// that fits, at the head of its wait list; an aggravation with no support is a rupture.
    mutating func changeNeed(person: Int, at time: Double) {
        let t = Int(persons[person].territory)
        let place = persons[person].place
        if place == .supported { countSupport(person: person, -1) }
        persons[person].level = persons[person].level == 2 ? 3 : 2
        countInModel(territory: t, level: 3, persons[person].level == 3 ? 1 : -1, all: false, at: time)
        if persons[person].level == 3 && place != .supported { rupture(.aggravation, person: person) }
        guard place == .supported || place == .waiting,
              let target = caseloadPool(for: persons[person]), target != Int(persons[person].pool) else {
            if place == .supported {  // stays where they are, taking the time the new level takes
                countSupport(person: person, 1)
                let pool = Int(persons[person].pool), old = persons[person].workload, new = workload(of: persons[person])
                if new != old {
                    persons[person].workload = new
                    pools[pool].changeWeight(from: Int(old), to: Int(new), at: time)
                    if new < old { admitWaiting(pool: pool, at: time) }
                }
            }
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
