import Randomness

extension CareSimulation {
    // MARK: Level 1: primary care, requests, needs nobody refers, discharges, needs that come back

    /// A need for support arises, new or come back. Level 1 acts first: a GP working in a
    /// coordinated team (ESP, MSP, CPTS) handles part of the level-2 situations with the team
    /// (subsidiarity: no request, and no unmet need; more often where outreach has supported
    /// professionals). Otherwise a professional or the person asks a device, with a probability set
    /// by GP density, readability, outreach and who would ask; or nobody
    /// does, and the need stays at level 1 with no support in place until it comes to rest (not
    /// referred), unless a hospital discharge brings a request first. Every draw is made whatever
    /// the outcome, so that two scenarios sharing a seed draw the same persons.
    mutating func needArises(person: Int, at time: Double, _ stream: RandomStream.Generator) {
        let t = Int(persons[person].territory)
        let source = drawSource(stream)
        let referral = stream.uniform()
        let misdirection = stream.uniform(), routing = stream.uniform()
        let delay = config.referral.delay.sample(stream) * territories[t].referralDelayFactor
        let coordinated = stream.uniform() < territories[t].config.primaryCareCoverage.value(at: max(time, 0))
        let handled = stream.uniform() < config.primaryCare.handlesLevel2 * territories[t].outreachMultipliers.levelOne
        let lapse = config.persons.unreferredEpisode.sample(stream)
        persons[person].urgencyDraw = stream.uniform()
        persons[person].intensityDraw = stream.uniform()
        persons[person].source = source
        persons[person].misdirectionDraw = misdirection
        persons[person].routingDraw = routing
        persons[person].device = -1
        persons[person].pool = -1
        persons[person].asked = false
        persons[person].unmetCounted = false
        if persons[person].level == 2 && coordinated && handled {
            persons[person].place = .levelOne
            endEpisode(person: person, .managedInPrimaryCare, at: time)
            return
        }
        if referral < min(1, territories[t].referralProbability * sourceFactors[source.index]) {
            persons[person].place = .referral
            schedule(.referral(Int32(person), persons[person].generation), at: time + max(0, delay))
        } else {
            persons[person].place = .levelOne
            persons[person].lapsesAt = time + max(0, lapse)
        }
        scheduleLife(person: person, at: time)  // the lapse, if it comes first, is the chain's next event
        scheduleCaseFinding(person: person, at: time)
    }

    /// The end of a hospital stay: support put on hold resumes; with no support in place the
    /// discharge is a rupture, and for a need nobody had referred the hospital asks for support
    /// with a probability (discharge planning).
    mutating func discharge(person: Int, at time: Double) {
        guard persons[person].place != .gone else { return }
        persons[person].inHospital = false
        persons[person].lastDischargeAt = time
        let t = Int(persons[person].territory)
        let asks = lifeStreams[t].uniform()
        switch persons[person].place {
        case .supported:
            guard persons[person].supportPaused else { return }
            persons[person].supportPaused = false
            persons[person].supportEndsAt += time  // it held the support time left
            schedule(.supportEnd(Int32(person), persons[person].stamp), at: persons[person].supportEndsAt)
        case .levelOne:
            rupture(.discharge, person: person)
            guard asks < config.referral.dischargeProbability else { return }
            persons[person].device = -1
            if observing { territories[t].observations.dischargeReferrals += 1 }
            persons[person].source = .hospital
            persons[person].place = .referral
            scheduleLife(person: person, at: time)  // a new chain: the need will not lapse now
            schedule(.referral(Int32(person), persons[person].generation), at: time)
        case .between:
            break  // the need is at rest: nothing was left without support
        default:
            rupture(.discharge, person: person)
        }
    }

    /// Support is over: the person goes back to level 1, where the need may come back.
    mutating func endSupport(person: Int, at time: Double) {
        let t = Int(persons[person].territory)
        if observing { territories[t].observations.supportsCompleted += 1 }
        countSupport(person: person, -1)
        detach(person: person, at: time)
        persons[person].pool = -1
        rest(person: person, supported: true, at: time)
    }

    /// The need comes back: a new episode, through level 1 again. After support it is a
    /// recurrence, counted with the time since support ended.
    mutating func recur(person: Int, at time: Double) {
        let t = Int(persons[person].territory)
        if observing && persons[person].lastNeedSupported {
            territories[t].observations.recurrences += 1
            territories[t].observations.timeBetweenEpisodes.record(time - persons[person].supportEndedAt)
        }
        needArises(person: person, at: time, lifeStreams[t])
    }
}
