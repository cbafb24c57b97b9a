import Engine

/// How a need's episode ended, or a person's time in the model. Only `nursingHome`, `death` and
/// `moving` take a person out of the model: after any other outcome they stay, with the need at
/// rest (`between`) or, when a device was asked and gave nothing, still unsupported at level 1.
/// Every person is, at any time, either still in the model (at level 1 with a need nobody referred
/// yet, waiting for a referral, at a front desk, on a wait list, supported, or back at level 1
/// between needs) or gone for one of the three reasons that end it.
public enum Outcome: String, CaseIterable, Sendable {
    /// A level-2 situation handled by a coordinated primary-care team: subsidiarity, not an unmet need.
    case managedInPrimaryCare = "managed_in_primary_care"
    case noAnswer = "no_answer"
    /// A level-2 need asked of a device with case management alone: below case management's
    /// criteria, it goes back to level 1 with advice (and is an unmet need).
    case orientedToLevelOne = "oriented_to_level_1"
    case resolvedByInformation = "resolved_by_information"
    case turnedAway = "turned_away"
    case abandoned
    case nursingHome = "nursing_home"
    case death
    case moving

    /// Whether the person leaves the model.
    public var leavesModel: Bool { self == .nursingHome || self == .death || self == .moving }

    /// The position in `allCases`, for counts kept in flat arrays while a run goes.
    public var index: Int {
        switch self {
        case .managedInPrimaryCare: 0
        case .noAnswer: 1
        case .orientedToLevelOne: 2
        case .resolvedByInformation: 3
        case .turnedAway: 4
        case .abandoned: 5
        case .nursingHome: 6
        case .death: 7
        case .moving: 8
        }
    }
}

/// Why a device that was asked gave no support in time: each need is counted once, under the
/// first of these that happens to it, and unmet needs are their sum. A need nobody asked a device
/// about is not among them: it is counted apart (`Observations.notReferred`).
public enum UnmetReason: String, CaseIterable, Sendable {
    case noAnswer = "no_answer"
    /// Asked of case management alone, with a need below its criteria and no coordination support to go to.
    case orientedToLevelOne = "oriented_to_level_1"
    case turnedAway = "turned_away"
    case abandoned
    /// Died, or entered a nursing home, while waiting for a device's answer or a place.
    case diedWaiting = "died_waiting"
    case institutionWhileWaiting = "institution_while_waiting"
    /// Still waiting for a place when the target delay passed (counted then, so a wait still
    /// running at the horizon beyond the target is counted here too).
    case waitedBeyondTarget = "waited_beyond_target"

    /// The position in `allCases`, for counts kept in flat arrays while a run goes.
    public var index: Int {
        switch self {
        case .noAnswer: 0
        case .orientedToLevelOne: 1
        case .turnedAway: 2
        case .abandoned: 3
        case .diedWaiting: 4
        case .institutionWhileWaiting: 5
        case .waitedBeyondTarget: 6
        }
    }
}

public enum RuptureKind: String, CaseIterable, Sendable {
    /// A wait longer than the scenario's threshold.
    case longWait = "long_wait"
    /// A hospital discharge with no support in place.
    case discharge
    /// An aggravation with no support in place.
    case aggravation

    /// The position in `allCases`, for counts kept in flat arrays while a run goes.
    public var index: Int {
        switch self { case .longWait: 0; case .discharge: 1; case .aggravation: 2 }
    }
}

/// Counts made at every event, in flat arrays by each enum's `index`, added to `Observations`
/// when results are taken: a dictionary keyed by one of these enums hashes its name at every count.
struct EventCounts {
    var requests = [Int](repeating: 0, count: ReferralSource.allCases.count)
    var requestsByPathway = [Int](repeating: 0, count: Pathway.allCases.count)
    var outcomes = [Int](repeating: 0, count: Outcome.allCases.count)
    var unmet = [Int](repeating: 0, count: UnmetReason.allCases.count)
    var ruptures = [Int](repeating: 0, count: RuptureKind.allCases.count)
    /// Outcomes of people aged 75+, and hospitalisations (all, avoidable) by age band: population rates.
    var outcomesFrom75 = [Int](repeating: 0, count: Outcome.allCases.count)
    var hospitalisationsByBand = [Int](repeating: 0, count: AgeBand.allCases.count)
    var avoidableByBand = [Int](repeating: 0, count: AgeBand.allCases.count)

    /// Adds the counts to `o`, under keys of their own only when not zero (as counting there would).
    func add(to o: inout Observations) {
        func add<K: CaseIterable & Hashable>(_ counts: [Int], _ table: inout [K: Int]) {
            for (key, count) in zip(K.allCases, counts) where count > 0 { table[key, default: 0] += count }
        }
        add(requests, &o.requests)
        add(requestsByPathway, &o.requestsByPathway)
        add(outcomes, &o.outcomes)
        add(unmet, &o.unmet)
        add(ruptures, &o.ruptures)
        add(outcomesFrom75, &o.outcomesFrom75)
        add(hospitalisationsByBand, &o.hospitalisationsByBand)
        add(avoidableByBand, &o.avoidableHospitalisationsByBand)
    }
}

/// What one territory (or the whole scenario) observed after the warm-up.
public struct Observations: Sendable {
    public var requests: [ReferralSource: Int] = [:]
    /// Requests by the person's pathway: the case mix a device reports.
    public var requestsByPathway: [Pathway: Int] = [:]
    public var firstResponse = Tally()
    /// Every wait for a caseload that ended in the period (admitted, or cut short by death, a
    /// nursing home, abandonment, moving or the end of the need) or was still running at the
    /// horizon, and those of them that ended within the target delay.
    public var allWaits: [Role: CensoredDurations] { byCaseload(caseloadAllWaits) }
    public var allWithinTarget: [Role: Int] { byCaseload(caseloadAllWithinTarget) }
    /// The same over both caseloads, by who asked (`ReferralSource.index`): [waits, within target].
    public var waitsBySource = [[Int]](repeating: [0, 0], count: ReferralSource.allCases.count)
    /// The waits of people admitted only, as reported before censored waits were counted.
    public var waits: [Role: Tally] { byCaseload(caseloadWaits) }
    public var waitQuantiles: [Role: QuantileSketch] { byCaseload(caseloadWaitQuantiles) }
    public var withinTarget: [Role: Int] { byCaseload(caseloadWithinTarget) }
    // The same, kept per caseload (0 coordination, 1 case management): recording a wait, at every
    // admission and every end of a wait, then hashes no role's name and copies no sketch.
    var caseloadAllWaits: [CensoredDurations]
    var caseloadAllWithinTarget = [0, 0]
    var caseloadWaits = [Tally(), Tally()]
    var caseloadWaitQuantiles: [QuantileSketch]
    var caseloadWithinTarget = [0, 0]
    public var outcomes: [Outcome: Int] = [:]
    public var outcomesFrom75: [Outcome: Int] = [:]
    /// Needs that ended (lapsed, or the person died or entered a nursing home) with nobody having
    /// asked a device, in all and of people aged 75+: an estimate resting on assumed incidence and
    /// referral, never an unmet need (most complex situations are rightly handled without a DAC).
    public var notReferred = 0
    public var notReferredFrom75 = 0
    public var hospitalisationsByBand: [AgeBand: Int] = [:]
    public var avoidableHospitalisationsByBand: [AgeBand: Int] = [:]
    /// Hospital stays that began within a year of the person's last discharge.
    public var rehospitalisationsWithinYear = 0
    public var unmet: [UnmetReason: Int] = [:]
    public var ruptures: [RuptureKind: Int] = [:]
    public var hospitalisations = 0
    public var avoidableHospitalisations = 0
    public var personsSupported = 0
    public var escalations = 0
    public var deescalations = 0
    public var misdirected = 0
    /// First contacts with a device that could not offer the person's level, re-oriented to one that could.
    public var reoriented = 0
    public var supportsCompleted = 0
    /// Deaths of people while they were supported (a share of all deaths).
    public var deathsUnderSupport = 0
    /// Requests a hospital made at the discharge of a person with no support in place.
    public var dischargeReferrals = 0
    /// Level-3 needs nobody had referred, found by a case-management team with room (case finding).
    public var foundByCaseFinding = 0
    /// Needs that came back after support ended, the time that took, and how many reached a device again.
    public var recurrences = 0
    public var timeBetweenEpisodes = Tally()
    public var reReferrals = 0

    init() {
        // Waits up to 20 years, to the hour and to two significant digits (quantiles within 1%).
        let sketch = QuantileSketch(resolution: 1.0 / 24, highest: 7305, significantDigits: .two)
        caseloadWaitQuantiles = [sketch, sketch]
        let durations = CensoredDurations(resolution: 1.0 / 24, highest: 7305, significantDigits: .two)
        caseloadAllWaits = [durations, durations]
    }

    /// The caseloads' index in the per-caseload arrays.
    static func caseload(_ role: Role) -> Int {
        switch role {
        case .coordination: 0
        case .caseManagement: 1
        case .frontDesk: preconditionFailure("only caseloads record waits")
        }
    }

    private func byCaseload<T>(_ values: [T]) -> [Role: T] { [.coordination: values[0], .caseManagement: values[1]] }

    /// Adds another period's or territory's observations: counts add up, waits are pooled.
    public mutating func merge(_ x: Observations) {
        for (k, v) in x.requests { requests[k, default: 0] += v }
        for (k, v) in x.requestsByPathway { requestsByPathway[k, default: 0] += v }
        firstResponse.merge(x.firstResponse)
        for c in 0..<2 {
            caseloadWaits[c].merge(x.caseloadWaits[c])
            caseloadWaitQuantiles[c].merge(x.caseloadWaitQuantiles[c])
            caseloadWithinTarget[c] += x.caseloadWithinTarget[c]
            caseloadAllWaits[c].merge(x.caseloadAllWaits[c])
            caseloadAllWithinTarget[c] += x.caseloadAllWithinTarget[c]
        }
        for s in waitsBySource.indices {
            waitsBySource[s][0] += x.waitsBySource[s][0]
            waitsBySource[s][1] += x.waitsBySource[s][1]
        }
        for (k, v) in x.outcomes { outcomes[k, default: 0] += v }
        for (k, v) in x.outcomesFrom75 { outcomesFrom75[k, default: 0] += v }
        for (k, v) in x.hospitalisationsByBand { hospitalisationsByBand[k, default: 0] += v }
        for (k, v) in x.avoidableHospitalisationsByBand { avoidableHospitalisationsByBand[k, default: 0] += v }
        rehospitalisationsWithinYear += x.rehospitalisationsWithinYear
        notReferred += x.notReferred
        notReferredFrom75 += x.notReferredFrom75
        for (k, v) in x.ruptures { ruptures[k, default: 0] += v }
        hospitalisations += x.hospitalisations
        avoidableHospitalisations += x.avoidableHospitalisations
        personsSupported += x.personsSupported
        escalations += x.escalations
        deescalations += x.deescalations
        misdirected += x.misdirected
        for (k, v) in x.unmet { unmet[k, default: 0] += v }
        reoriented += x.reoriented
        supportsCompleted += x.supportsCompleted
        deathsUnderSupport += x.deathsUnderSupport
        dischargeReferrals += x.dischargeReferrals
        foundByCaseFinding += x.foundByCaseFinding
        recurrences += x.recurrences
        timeBetweenEpisodes.merge(x.timeBetweenEpisodes)
        reReferrals += x.reReferrals
    }

    /// An admission after a wait (admitted-only figures).
    mutating func recordAdmittedWait(_ wait: Double, role: Role, target: Double) {
        let c = Self.caseload(role)
        caseloadWaits[c].record(wait)
        caseloadWaitQuantiles[c].record(wait)
        if wait <= target { caseloadWithinTarget[c] += 1 }
    }

    /// A wait that ended, in admission or cut short (censored), counted among all who waited.
    mutating func recordWait(_ wait: Double, censored: Bool, role: Role, source: ReferralSource, target: Double) {
        let c = Self.caseload(role)
        caseloadAllWaits[c].record(wait, censored: censored)
        waitsBySource[source.index][0] += 1
        if wait <= target {
            caseloadAllWithinTarget[c] += 1
            waitsBySource[source.index][1] += 1
        }
    }
}

/// A territory's state at the end of one month.
public struct MonthRecord: Sendable, Equatable {
    public var month: Int
    public var requests = 0
    public var coordinationWaits = Tally()
    public var caseManagementWaits = Tally()
    public var coordinationWaitList = 0
    public var caseManagementWaitList = 0
    public var coordinationOccupied = 0
    public var caseManagementOccupied = 0
    public var coordinationCapacity = 0
    public var caseManagementCapacity = 0
    public var idealCapacity = 0.0
    public var plannedCapacity = 0.0
    public var realCapacity = 0.0
    public var productivity = 1.0
    public var ruptures = 0
    public var hospitalisations = 0
    public var unmet = 0
    public var rightLevel = 0
    public var underServed = 0
    public var overServed = 0
}

/// One territory's results from one replication.
public struct TerritoryResult: Sendable {
    public var name: String
    public var population: Double
    /// Inhabitants aged 75+ at the start, for rates per 1,000 of them.
    public var population75 = 0.0
    public var observations: Observations
    public var months: [MonthRecord]
    /// Time-averaged wait-list lengths, capacity taken and capacity (front desks: staff; caseloads:
    /// minutes a month), and paid FTE, by role.
    public var waitListLength: [Role: Double]
    public var occupied: [Role: Double]
    public var capacity: [Role: Double]
    public var paidFTE: [Role: Double]

    /// Capacity taken over capacity, time-averaged; 0 without capacity. It exceeds 1 when
    /// capacity falls below what the people already supported take: nobody is evicted.
    public func occupancy(_ role: Role) -> Double {
        let c = capacity[role] ?? 0
        return c > 0 ? (occupied[role] ?? 0) / c : 0
    }
    public var staffCost: Double
    /// People supported beyond capacity, time-averaged, by role.
    public var aboveCapacity: [Role: Double] = [:]
    /// What the territorial support programme cost over the observed period.
    public var programmeCost = 0.0
    /// People in service, time-averaged, by role.
    public var people: [Role: Double] = [:]
    /// People in the model (every complex need, at rest or not) and those of them at level 3,
    /// time-averaged.
    public var inModel = [0.0, 0.0]
    /// Caseload staff's FTE given to support to professionals and territorial animation (outreach),
    /// time-averaged from monthly measures.
    public var outreachFTE = 0.0
    /// The observed part of each calendar year, in order: the run's results are their sum (counts)
    /// or their average weighted by days observed (time averages).
    public var years: [YearResult] = []
}

/// A territory's results over the observed part of one calendar year.
public struct YearResult: Sendable {
    /// Calendar years since the year of the run's start (0: the start's year).
    public var index: Int
    /// Days of the year observed: a whole year, or less in the first year after the warm-up and the last.
    public var days: Double
    public var result: TerritoryResult

    public init(index: Int, days: Double, result: TerritoryResult) {
        self.index = index
        self.days = days
        self.result = result
    }
}

/// The results of one replication: every territory, and the invariant's check.
public struct RunResult: Sendable {
    public var territories: [TerritoryResult]
    public var events: Int
    /// People created over the whole run (warm-up included) and where they all are at the end.
    public var created: Int
    public var stillIn: Int
    public var exitedOverall: Int
    /// Breaches of the accounting invariant (empty when every person is where the pools say).
    public var accountingErrors: [String]
}
