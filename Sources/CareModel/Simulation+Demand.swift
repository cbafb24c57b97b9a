import Foundation
import Randomness

extension CareSimulation {
    // MARK: Level 1: complex situations arise

    /// Inhabitants of age band `band` (its index) in territory `t` at `time` (day 0's during a spin-up).
    mutating func population(_ t: Int, band b: Int, at time: Double) -> Double {
        territories[t].bandPopulation[b] * exp(territories[t].bandLogGrowth[b] * max(time, 0) / 365.25)
    }

    /// Inhabitants of each age band (by index) in territory `t` at `time`.
    mutating func bandPopulations(_ t: Int, at time: Double) -> BandValues {
        BandValues { b in population(t, band: b, at: time) }
    }

    /// Inhabitants of all ages in territory `t` at `time`.
    mutating func totalPopulation(_ t: Int, at time: Double) -> Double {
        (0..<AgeBand.allCases.count).reduce(0) { $0 + population(t, band: $1, at: time) }
    }

    mutating func seasonal(at time: Double) -> Double {
        if time < 0 {
            // A spin-up keeps the seasons, in months of average length before the start.
            let monthsBefore = Int((-time / Self.spinUpMonth).rounded(.up))
            return config.seasonality[((config.startMonth - monthsBefore) % 12 + 12) % 12]
        }
        // The last month start at or before `time`: the month found last time, which the demand's
        // next candidates (in order of time) mostly fall in, else a binary search.
        var lo = seasonMonth
        if monthStarts[lo] > time || (lo + 1 < monthStarts.count && monthStarts[lo + 1] <= time) {
            lo = 0
            var hi = monthStarts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if monthStarts[mid] <= time { lo = mid } else { hi = mid - 1 }
            }
            seasonMonth = lo
        }
        return config.seasonality[(config.startMonth + lo) % 12]
    }

    /// New complex situations per day in territory `t` at `time`, where `people` are its inhabitants
    /// by age band, season included.
    mutating func demandRate(_ t: Int, people: BandValues, at time: Double) -> Double {
        var rate = 0.0
        for b in 0..<AgeBand.allCases.count { rate += people[b] * territories[t].bandIncidence[b] }
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
        var candidate = time
        while true {
            candidate -= log(demandStreams[t].uniform()) / bound
            if candidate > config.horizon { return }
            let people = bandPopulations(t, at: candidate)
            if demandStreams[t].uniform() * bound < demandRate(t, people: people, at: candidate) {
                territories[t].demandPeople = people
                schedule(.demand(Int32(t)), at: candidate)
                return
            }
        }
    }

    /// The stratum of a new situation, in proportion to the strata's rates, given the inhabitants
    /// by age band (`people`) then.
    mutating func drawStratum(_ t: Int, people: BandValues, _ stream: RandomStream.Generator) -> (AgeBand, Pathway) {
        let pathways = Self.pathways.count, strata = territories[t].strataIncidence.count
        // Drawn first, and the incidences read in place: borrowed across a draw (which writes
        // through a pointer), they were retained and released at every new situation.
        let draw = stream.uniform()
        // The cumulative rates on the stack: this runs for every new situation.
        let index = withUnsafeTemporaryAllocation(of: Double.self, capacity: strata) { cumulative in
            var total = 0.0
            for b in 0..<people.count {
                let inhabitants = people[b]
                for i in b * pathways..<(b + 1) * pathways {
                    total += inhabitants * territories[t].strataIncidence[i]
                    cumulative[i] = total
                }
            }
            let u = draw * total
            return cumulative.firstIndex { $0 > u } ?? strata - 1
        }
        return (Self.bands[index / pathways], Self.pathways[index % pathways])
    }

    /// A new complex situation: its stratum and need level, then what level 1 does with it.
    mutating func demand(territory t: Int, at time: Double) {
        // The inhabitants the thinning found at this very time, before it looks at the next candidate.
        let inhabitants = territories[t].demandPeople
        scheduleDemand(territory: t, after: time)
        let (band, pathway) = drawStratum(t, people: inhabitants, demandStreams[t])
        let people = attributeStreams[t]
        let level: UInt8 = people.uniform() < config.persons.level3Share ? 3 : 2
        let person = newPerson(Person(territory: Int32(t), band: band, pathway: pathway, source: .gp, level: level, place: .levelOne), at: time)
        needArises(person: person, at: time, people)
    }

    /// Who asks for support, drawn by the sources' shares (the first with a share when rounding
    /// leaves the draw past them all).
    mutating func drawSource(_ stream: RandomStream.Generator) -> ReferralSource {
        var u = stream.uniform()
        for (i, share) in sourceShares.enumerated() {
            u -= share
            if u < 0 { return Self.sources[i] }
        }
        return Self.sources[sourceShares.firstIndex { $0 > 0 } ?? 0]
    }

    /// A new person takes the slot of one who left, if the territory has one: the persons in
    /// memory are those still in the model (a tenth of those created in a national run), not
    /// everyone since the start. The slot's stamps move on, so that no event pending for whoever
    /// held it before can reach the new person.
    mutating func newPerson(_ person: Person, at time: Double) -> Int {
        let t = Int(person.territory)
        countInModel(territory: t, level: Int(person.level), 1, at: time)
        var person = person
        person.serial = Int32(created)
        created += 1
        // Where the person lives, among the DAC's antennas, on a stream of its own: a scenario
        // without antennas draws nothing, and every other stream draws as it would.
        if territories[t].antennaCumulative.count > 1 {
            // Drawn before the shares are read, which are then read in place (as in `drawStratum`).
            let draw = antennaStreams[t].uniform()
            let antennas = territories[t].antennaCumulative
            let u = draw * antennas[antennas.count - 1]
            person.antenna = UInt8(antennas.firstIndex { $0 > u } ?? antennas.count - 1)
        }
        if let slot = territories[t].freeSlots.popLast() {
            let old = persons[Int(slot)]
            person.stamp = old.stamp &+ 1
            person.lifeStamp = old.lifeStamp &+ 1
            person.generation = old.generation &+ 1
            persons[Int(slot)] = person
            return Int(slot)
        }
        territories[t].members.append(Int32(persons.count))
        persons.append(person)
        return persons.count - 1
    }

    /// A person enters (+1) or leaves (-1) the model, or their level changes (-1 at the old, +1 at
    /// the new): the counts of people in the model and at level 3.
    mutating func countInModel(territory t: Int, level: Int, _ delta: Int, all: Bool = true, at time: Double) {
        if all {
            territories[t].inModel += delta
            territories[t].inModelOverTime.update(Double(territories[t].inModel), at: time)
        }
        if level == 3 {
            territories[t].atLevel3 += delta
            territories[t].atLevel3OverTime.update(Double(territories[t].atLevel3), at: time)
        }
    }

    /// A person who left gives their slot back, once no pool counts them in service.
    mutating func freeSlot(_ person: Int) {
        guard reusesSlots else { return }
        territories[Int(persons[person].territory)].freeSlots.append(Int32(person))
    }
}
