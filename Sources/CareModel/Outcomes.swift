import Engine

/// Why a person left the model. Every person is, at any time, either still in the model (at level
/// 1 with a need nobody referred yet, waiting for a referral, at a front desk, on a wait list,
/// supported, or back at level 1 between needs) or gone for one of these reasons.
public enum Exit: String, CaseIterable, Sendable {
    /// The need lapsed at level 1 with nobody asking a device (an unmet need).
    case neverReferred = "never_referred"
    /// A level-2 situation handled by a coordinated primary-care team: subsidiarity, not an unmet need.
    case managedInPrimaryCare = "managed_in_primary_care"
    case noAnswer = "no_answer"
    case resolvedByInformation = "resolved_by_information"
    case turnedAway = "turned_away"
    case abandoned
    case nursingHome = "nursing_home"
    case death
    case moving

    /// The position in `allCases`, for counts kept in flat arrays while a run goes.
    public var index: Int {
        switch self {
        case .neverReferred: 0
        case .managedInPrimaryCare: 1
        case .noAnswer: 2
        case .resolvedByInformation: 3
        case .turnedAway: 4
        case .abandoned: 5
        case .nursingHome: 6
        case .death: 7
        case .moving: 8
        }
    }
}

/// Why a need for level 2 or 3 got no support: each is counted once, and unmet needs are their sum.
public enum UnmetReason: String, CaseIterable, Sendable {
    /// Never referred although level 1 could not handle it (the need lapsed, or the person died
    /// or entered a nursing home first).
    case neverReferred = "never_referred"
    case noAnswer = "no_answer"
    case turnedAway = "turned_away"
    case abandoned
    /// Died, or entered a nursing home, while waiting for a device's answer or a place.
    case diedWaiting = "died_waiting"
    case institutionWhileWaiting = "institution_while_waiting"
    /// Still waiting at the horizon, for longer than the rupture threshold.
    case waitingAtHorizon = "waiting_at_horizon"

    /// The position in `allCases`, for counts kept in flat arrays while a run goes.
    public var index: Int {
        switch self {
        case .neverReferred: 0
        case .noAnswer: 1
        case .turnedAway: 2
        case .abandoned: 3
        case .diedWaiting: 4
        case .institutionWhileWaiting: 5
        case .waitingAtHorizon: 6
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
    var exits = [Int](repeating: 0, count: Exit.allCases.count)
    var unmet = [Int](repeating: 0, count: UnmetReason.allCases.count)
    var ruptures = [Int](repeating: 0, count: RuptureKind.allCases.count)

    /// Adds the counts to `o`, under keys of their own only when not zero (as counting there would).
    func add(to o: inout Observations) {
        func add<K: CaseIterable & Hashable>(_ counts: [Int], _ table: inout [K: Int]) {
            for (key, count) in zip(K.allCases, counts) where count > 0 { table[key, default: 0] += count }
        }
        add(requests, &o.requests)
        add(requestsByPathway, &o.requestsByPathway)
        add(exits, &o.exits)
        add(unmet, &o.unmet)
        add(ruptures, &o.ruptures)
    }
}

/// What one territory (or the whole scenario) observed after the warm-up.
public struct Observations: Sendable {
    public var requests: [ReferralSource: Int] = [:]
    /// Requests by the person's pathway: the case mix a device reports.
    public var requestsByPathway: [Pathway: Int] = [:]
    public var firstResponse = Tally()
    public var waits: [Role: Tally] = [:]
    public var waitQuantiles: [Role: QuantileSketch] = [:]
    public var withinTarget: [Role: Int] = [:]
    public var exits: [Exit: Int] = [:]
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
    /// Needs that came back after support ended, the time that took, and how many reached a device again.
    public var recurrences = 0
    public var timeBetweenEpisodes = Tally()
    public var reReferrals = 0

    init() {
        for role in [Role.coordination, .caseManagement] {
            waits[role] = Tally()
            // Waits up to 20 years, to the hour and to three significant digits.
            waitQuantiles[role] = QuantileSketch(resolution: 1.0 / 24, highest: 7305, significantDigits: .two)
            withinTarget[role] = 0
        }
    }

    /// Adds another period's or territory's observations: counts add up, waits are pooled.
    public mutating func merge(_ x: Observations) {
        for (k, v) in x.requests { requests[k, default: 0] += v }
        for (k, v) in x.requestsByPathway { requestsByPathway[k, default: 0] += v }
        firstResponse.merge(x.firstResponse)
        for role in [Role.coordination, .caseManagement] {
            waits[role]!.merge(x.waits[role]!)
            waitQuantiles[role]!.merge(x.waitQuantiles[role]!)
            withinTarget[role, default: 0] += x.withinTarget[role] ?? 0
        }
        for (k, v) in x.exits { exits[k, default: 0] += v }
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
        recurrences += x.recurrences
        timeBetweenEpisodes.merge(x.timeBetweenEpisodes)
        reReferrals += x.reReferrals
    }

    mutating func recordWait(_ wait: Double, role: Role, target: Double) {
        waits[role, default: Tally()].record(wait)
        waitQuantiles[role]?.record(wait)
        if wait <= target { withinTarget[role, default: 0] += 1 }
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
