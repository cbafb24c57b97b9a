import Foundation

extension CareSimulation {
    // MARK: Outreach: support to professionals and territorial animation (mission 3)

    /// The FTE a territory's active devices give to outreach now: their caseload staff in post
    /// times the shares of their time given to professionals and to territorial animation.
    mutating func outreachFTE(territory t: Int) -> Double {
        var fte = 0.0
        for d in territories[t].devices + (territories[t].dac >= 0 ? [territories[t].dac] : []) where devices[d].active {
            for team in devices[d].teams where teams[team].outreachShare > 0 {
                fte += teams[team].units.reduce(0) { $0 + ($1.vacantUntil == nil ? $1.weight : 0) } * teams[team].outreachShare
            }
        }
        return fte
    }

    /// How well the services are known follows the outreach given per 100,000 inhabitants, with a
    /// first-order lag (measured monthly; `fromScratch`: at its level, as at the run's start after
    /// years at the same staffing); the referral probability, level 1's share and misdirection
    /// follow how well they are known.
    mutating func updateOutreach(territory t: Int, at time: Double, fromScratch: Bool = false) {
        let fte = outreachFTE(territory: t)
        var people = 0.0
        for b in 0..<Self.bands.count { people += population(t, band: b, at: time) }
        let now = people > 0 ? fte / people * 100_000 : 0
        let lag = config.outreach.lag
        let known = territories[t].known
        territories[t].known = fromScratch || lag <= 0 ? now : now + (known - now) * exp(-(time - territories[t].knownAt) / lag)
        territories[t].knownAt = time
        territories[t].outreachMultipliers = config.outreach.multipliers(known: territories[t].known)
        territories[t].outreachOverTime.update(fte, at: time)
        updateReferral(territory: t)
    }
}
