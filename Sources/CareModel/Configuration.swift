import Randomness

/// Age bands of the population stock.
public enum AgeBand: String, CaseIterable, Sendable, Hashable {
    case under60 = "under_60", from60to74 = "from_60_to_74", from75 = "from_75"

    /// The position in `allCases`, for flat tables read at every event.
    public var index: Int {
        switch self { case .under60: 0; case .from60to74: 1; case .from75: 2 }
    }
}

/// Pathway types of complex situations (HdF case mix, docs/sources.md).
public enum Pathway: String, CaseIterable, Sendable, Hashable {
    case geriatric, palliative, chronicDisease = "chronic_disease", mentalHealth = "mental_health", disability, addiction

    /// The position in `allCases`, for flat tables read at every event.
    public var index: Int {
        switch self {
        case .geriatric: 0
        case .palliative: 1
        case .chronicDisease: 2
        case .mentalHealth: 3
        case .disability: 4
        case .addiction: 5
        }
    }
}

/// Who asks a device for help.
public enum ReferralSource: String, CaseIterable, Sendable, Hashable {
    case gp, hospital, social, medicoSocial = "medico_social", userCarer = "user_carer"

    /// The position in `allCases`, for flat tables read at every referral.
    public var index: Int {
        switch self { case .gp: 0; case .hospital: 1; case .social: 2; case .medicoSocial: 3; case .userCarer: 4 }
    }
}

/// The maturity archetype of a territory (docs/model.md, "Territories and their archetypes").
public enum Archetype: String, CaseIterable, Sendable, Hashable {
    case desert, medicoSocial = "medico-social", sanitary, balanced, paerpaPilot = "paerpa-pilot"
}

/// Kinds of devices before convergence, and the DAC they converge into.
public enum DeviceKind: String, CaseIterable, Sendable, Hashable {
    case clic, maia, pta, cta, network, dac
}

/// Staff roles: front desk (mission 1), coordination support (mission 2), case management (level 3).
public enum Role: String, CaseIterable, Sendable, Hashable {
    case frontDesk = "front_desk", coordination, caseManagement = "case_management"
}

/// The graded territorial support programme: how much it softens convergence frictions.
public enum SupportProgramme: String, CaseIterable, Sendable, Hashable {
    case none, light, reinforced, strong

    /// The share of each friction's depth (1 - productivity) that remains.
    public var depthFactor: Double {
        switch self { case .none: 1; case .light: 0.85; case .reinforced: 0.65; case .strong: 0.45 }
    }
    /// The share of each friction's duration that remains.
    public var durationFactor: Double {
        switch self { case .none: 1; case .light: 0.9; case .reinforced: 0.75; case .strong: 0.6 }
    }
    /// While the programme runs, the share of a hiring delay that remains (help with recruiting:
    /// job descriptions, pooled hiring) and of the quit rate (training, supervision, a clear role).
    public var hiringDelayFactor: Double {
        switch self { case .none: 1; case .light: 0.9; case .reinforced: 0.75; case .strong: 0.6 }
    }
    public var quitsFactor: Double {
        switch self { case .none: 1; case .light: 0.9; case .reinforced: 0.8; case .strong: 0.7 }
    }
}

/// FTE of one role from a date on.
public struct StaffChange: Sendable, Equatable {
    public var day: Double
    public var role: Role
    public var fte: Double
    public init(day: Double, role: Role, fte: Double) {
        self.day = day
        self.role = role
        self.fte = fte
    }
}

public struct FrontDesk: Sendable, Equatable {
    public var staff: Int
    /// Opening hours per weekday (Monday first), in hours of the day.
    public var hours: [[Range<Double>]]
    public var service: Distribution
    /// The share of requests resolved by information and orientation alone.
    public var resolvedShare: Double
    public init(staff: Int, hours: [[Range<Double>]], service: Distribution, resolvedShare: Double) {
        self.staff = staff
        self.hours = hours
        self.service = service
        self.resolvedShare = resolvedShare
    }
}

/// What a caseload role's working time goes to. Only the time for caseloads follows people;
/// the rest (information and orientation, support to professionals, assessments, territorial
/// animation, management) is spent whatever the caseload.
public enum StaffActivity: String, CaseIterable, Sendable, Hashable {
    case caseloads, information, professionals, assessments, animation, management
}

/// A caseload: coordination support (mission 2) or case management (level 3).
public struct Caseload: Sendable, Equatable {
    public var fte: Double
    /// How each FTE's time splits between activities (shares summing to 1).
    public var time: [StaffActivity: Double]
    public var duration: Distribution
    /// Nil: no limit; 0: whoever finds no free place is turned away.
    public var waitListCap: Int?
    /// Nil: nobody abandons the wait list.
    public var patience: Distribution?
    /// Today's state: people already followed and already waiting when the run starts.
    public var initialActive: Int
    public var initialWaiting: Int
    public init(fte: Double, time: [StaffActivity: Double] = [.caseloads: 1], duration: Distribution,
                waitListCap: Int? = nil, patience: Distribution? = nil, initialActive: Int = 0, initialWaiting: Int = 0) {
        self.fte = fte
        self.time = time
        self.duration = duration
        self.waitListCap = waitListCap
        self.patience = patience
        self.initialActive = initialActive
        self.initialWaiting = initialWaiting
    }
}

/// When a device merges into its territory's DAC.
public enum Joining: Sendable, Equatable {
    /// When the DAC opens (the convergence date).
    case withTheDAC
    /// Never: it stays outside the DAC (a CLIC kept by the département council, say).
    case never
    /// At its own date, on or after the DAC opens (staged convergence).
    case on(Double)
}

public struct Device: Sendable, Equatable {
    public var name: String
    public var kind: DeviceKind
    public var joins: Joining = .withTheDAC
    public var ageBands: Set<AgeBand>
    public var pathways: Set<Pathway>
    public var frontDesk: FrontDesk?
    public var coordination: Caseload?
    public var caseManagement: Caseload?
    public var staffChanges: [StaffChange]
    public init(name: String, kind: DeviceKind, ageBands: Set<AgeBand> = Set(AgeBand.allCases),
                pathways: Set<Pathway> = Set(Pathway.allCases), frontDesk: FrontDesk? = nil,
                coordination: Caseload? = nil, caseManagement: Caseload? = nil, staffChanges: [StaffChange] = []) {
        self.name = name
        self.kind = kind
        self.ageBands = ageBands
        self.pathways = pathways
        self.frontDesk = frontDesk
        self.coordination = coordination
        self.caseManagement = caseManagement
        self.staffChanges = staffChanges
    }

    public func accepts(_ band: AgeBand, _ pathway: Pathway) -> Bool {
        ageBands.contains(band) && pathways.contains(pathway)
    }

    /// Staff in one role at the start: front-desk staff on duty, caseload FTE.
    public func initialFTE(_ role: Role) -> Double {
        switch role {
        case .frontDesk: Double(frontDesk?.staff ?? 0)
        case .coordination: coordination?.fte ?? 0
        case .caseManagement: caseManagement?.fte ?? 0
        }
    }
}

/// A productivity multiplier that starts at `productivity` and returns to 1 over `duration` days
/// (linearly when `gradual`, else all at once at the end).
public struct Friction: Sendable, Equatable {
    public var productivity: Double
    public var duration: Double
    public var gradual: Bool
    public init(productivity: Double, duration: Double, gradual: Bool) {
        self.productivity = productivity
        self.duration = duration
        self.gradual = gradual
    }

    /// The multiplier `elapsed` days after convergence, under a support programme.
    public func multiplier(after elapsed: Double, programme: SupportProgramme) -> Double {
        let depth = (1 - productivity) * programme.depthFactor
        let span = duration * programme.durationFactor
        guard elapsed < span, span > 0 else { return 1 }
        return 1 - depth * (gradual ? 1 - elapsed / span : 1)
    }
}

/// Convergence of a territory's devices into one DAC at a date.
public struct Convergence: Sendable, Equatable {
    public var day: Double
    /// The DAC's front desk, caseloads and staffing plan; its eligibility is universal.
    public var dac: Device
    public var launch: Friction
    public var roleConflicts: Friction
    public var informationSystem: Friction
    public var training: Friction
    /// How readable the offer is once there is a single entry point (0 to 1).
    public var readabilityAfter: Double
    /// The DAC's antennas: the share of the territory's inhabitants each serves, with the same share
    /// of the DAC's caseload staff and queues of its own, behind the DAC's one front desk and
    /// readability ([1]: one DAC, one queue per caseload).
    public var antennaShares: [Double]
    public init(day: Double, dac: Device, launch: Friction, roleConflicts: Friction, informationSystem: Friction,
                training: Friction, readabilityAfter: Double, antennaShares: [Double] = [1]) {
        precondition(!antennaShares.isEmpty && antennaShares.count < 256, "one to 255 antennas")
        self.antennaShares = antennaShares
        self.day = day
        self.dac = dac
        self.launch = launch
        self.roleConflicts = roleConflicts
        self.informationSystem = informationSystem
        self.training = training
        self.readabilityAfter = readabilityAfter
    }

    public var frictions: [Friction] { [launch, roleConflicts, informationSystem, training] }
}

public struct Turnover: Sendable, Equatable {
    public var quitsPerYear: Double
    public var hiringDelay: Distribution
    /// Days for a new hire to reach full productivity (linear ramp).
    public var rampUp: Double
    /// Quits multiplied by `convergenceMultiplier` from `convergenceBefore` days before the DAC
    /// opens to `convergenceAfter` days after (a period the support programme shortens).
    public var convergenceMultiplier = 1.0
    public var convergenceBefore = 0.0
    public var convergenceAfter = 0.0
    public init(quitsPerYear: Double, hiringDelay: Distribution, rampUp: Double) {
        self.quitsPerYear = quitsPerYear
        self.hiringDelay = hiringDelay
        self.rampUp = rampUp
    }
}

public struct Territory: Sendable, Equatable {
    public var name: String
    public var archetype: Archetype
    /// Inhabitants at the start, and yearly growth rates, by age band.
    public var population: [AgeBand: Double]
    public var growthPerYear: [AgeBand: Double]
    public var gpPer100k: Double
    /// The share of the population whose GP works in a coordinated primary-care team (ESP, MSP,
    /// CPTS), from the start and then at dates.
    public var primaryCareCoverage: DatedShares
    /// Before convergence, the shares of first contacts each referral source gives each kind of
    /// device (renormalised among the devices that accept the person).
    public var routing: [ReferralSource: [DeviceKind: Double]]
    /// How readable the local offer is before convergence (0 to 1).
    public var readability: Double
    public var devices: [Device]
    public var convergence: Convergence?
    public var supportProgramme: SupportProgramme
    public var turnover: Turnover
    /// The radius, in km, that home visits cover from the team's base (travel time).
    public var visitRadiusKm = 25.0
    /// The policy's ideal staffing per 100,000 inhabitants, by role (the ideal capacity curve).
    public var idealFTEPer100k: [Role: Double]

    public init(name: String, archetype: Archetype, population: [AgeBand: Double], growthPerYear: [AgeBand: Double],
                gpPer100k: Double, primaryCareCoverage: DatedShares, routing: [ReferralSource: [DeviceKind: Double]],
                readability: Double, devices: [Device], convergence: Convergence?, supportProgramme: SupportProgramme,
                turnover: Turnover, idealFTEPer100k: [Role: Double]) {
        self.name = name
        self.archetype = archetype
        self.population = population
        self.growthPerYear = growthPerYear
        self.gpPer100k = gpPer100k
        self.primaryCareCoverage = primaryCareCoverage
        self.routing = routing
        self.readability = readability
        self.devices = devices
        self.convergence = convergence
        self.supportProgramme = supportProgramme
        self.turnover = turnover
        self.idealFTEPer100k = idealFTEPer100k
    }

    /// Summed in a fixed order: a dictionary's order changes from run to run, and so would the last bit.
    public var totalPopulation: Double { AgeBand.allCases.reduce(0) { $0 + (population[$1] ?? 0) } }
}

/// A share that changes at dates: `values[i]` from `days[i]` on (the first also before it).
public struct DatedShares: Sendable, Equatable {
    public var days: [Double]
    public var values: [Double]
    public init(days: [Double], values: [Double]) {
        precondition(!values.isEmpty && days.count == values.count)
        self.days = days
        self.values = values
    }
    public init(_ value: Double) { self.init(days: [0], values: [value]) }

    public func value(at time: Double) -> Double {
        // Most are one share throughout; read at every new need.
        guard values.count > 1 else { return values[0] }
        var result = values[0]
        for (day, value) in zip(days, values) where day <= time { result = value }
        return result
    }
}

/// Hazards per year of a person's life events at one need level.
public struct Hazards: Sendable, Equatable {
    /// Level 2 to 3 (aggravation) at level 2; level 3 to 2 (easing) at level 3.
    public var needChange: Double
    public var hospitalisation: Double
    public var nursingHome: Double
    public var death: Double
    public var moving: Double
    /// After support has ended: a new episode needing support (recurrence).
    public var recurrence: Double
    public init(needChange: Double, hospitalisation: Double, nursingHome: Double, death: Double, moving: Double,
                recurrence: Double = 0) {
        self.needChange = needChange
        self.hospitalisation = hospitalisation
        self.nursingHome = nursingHome
        self.death = death
        self.moving = moving
        self.recurrence = recurrence
    }
}

/// A pathway's own hazards, replacing the level's where given (palliative situations die within
/// months whatever their level).
public struct PathwayHazards: Sendable, Equatable {
    /// Level 2 to 3 (applied at level 2) and level 3 to 2 (applied at level 3).
    public var aggravation: Double?
    public var easing: Double?
    public var hospitalisation: Double?
    public var nursingHome: Double?
    public var death: Double?
    public init(aggravation: Double? = nil, easing: Double? = nil, hospitalisation: Double? = nil, nursingHome: Double? = nil,
                death: Double? = nil) {
        self.aggravation = aggravation
        self.easing = easing
        self.hospitalisation = hospitalisation
        self.nursingHome = nursingHome
        self.death = death
    }

    public func applied(to level: Hazards, level number: Int) -> Hazards {
        var h = level
        h.needChange = (number == 3 ? easing : aggravation) ?? h.needChange
        h.hospitalisation = hospitalisation ?? h.hospitalisation
        h.nursingHome = nursingHome ?? h.nursingHome
        h.death = death ?? h.death
        return h
    }
}

/// What happens to support while its person is in hospital.
public enum SupportDuringStay: String, CaseIterable, Sendable {
    /// The support's end stays where it was: the stay uses up support time.
    case kept
    /// The support's end moves by the length of the stay.
    case paused
}

public struct PersonDynamics: Sendable, Equatable {
    /// The share of new complex situations that need case management (level 3) from the start.
    public var level3Share: Double
    public var level2: Hazards
    public var level3: Hazards
    /// Hospitalisation hazard multipliers: with no support in place, and under coordination.
    public var unsupportedHospitalisation: Double
    public var coordinatedHospitalisation: Double
    /// The hospitalisation multiplier between needs, the need at rest (after support, or after a
    /// need lapsed at level 1).
    public var atRestHospitalisation: Double
    public var hospitalStay: Distribution
    public var supportDuringStay: SupportDuringStay
    /// Pathways whose hazards differ from their level's.
    public var pathways: [Pathway: PathwayHazards]
    /// How long a need left unsupported at level 1 (nobody asked, or a device gave nothing) lasts
    /// before it comes to rest; the person stays in the model.
    public var unreferredEpisode: Distribution
    public init(level3Share: Double, level2: Hazards, level3: Hazards, unsupportedHospitalisation: Double,
                coordinatedHospitalisation: Double, atRestHospitalisation: Double = 1, hospitalStay: Distribution,
                supportDuringStay: SupportDuringStay = .kept,
                pathways: [Pathway: PathwayHazards] = [:], unreferredEpisode: Distribution) {
        self.atRestHospitalisation = atRestHospitalisation
        self.level3Share = level3Share
        self.level2 = level2
        self.level3 = level3
        self.unsupportedHospitalisation = unsupportedHospitalisation
        self.coordinatedHospitalisation = coordinatedHospitalisation
        self.hospitalStay = hospitalStay
        self.supportDuringStay = supportDuringStay
        self.pathways = pathways
        self.unreferredEpisode = unreferredEpisode
    }

    /// The hazards of a person at `level` (2 or 3) on `pathway`.
    public func hazards(level: Int, pathway: Pathway) -> Hazards {
        let base = level == 3 ? level3 : level2
        return pathways[pathway]?.applied(to: base, level: level) ?? base
    }
}

/// Level 1: primary care that handles part of the complex situations itself.
public struct PrimaryCare: Sendable, Equatable {
    /// The probability that a GP working in a coordinated team handles a level-2 situation with
    /// the team, with no request to a device (subsidiarity); level 3 always needs a device.
    public var handlesLevel2: Double
    public init(handlesLevel2: Double) { self.handlesLevel2 = handlesLevel2 }
}

/// Mission 3 (support to professionals) and territorial animation: the caseload staff's time
/// given to them makes the services known and professionals able to cope. What a territory's
/// devices give (their FTE in post times those shares of their time, per 100,000 inhabitants) is
/// followed, with a lag, by how well they are known; that raises the referral probability and the
/// share of level-2 situations a coordinated primary-care team handles itself, and lowers
/// misdirection, each along a saturating curve, relative to the reference level at which the
/// calibrated values hold.
public struct Outreach: Sendable, Equatable {
    /// Outreach FTE per 100,000 inhabitants at which the referral probability, level 1's share
    /// and misdirection are as the scenario writes them.
    public var referenceFTEPer100k: Double
    /// The outreach at which half of each effect's full size is reached.
    public var halfSaturationFTEPer100k: Double
    /// The full size of each effect, from no outreach to saturation: the relative rise of the
    /// referral probability and of level 1's share, the relative fall of misdirection.
    public var referralGain: Double
    public var levelOneGain: Double
    public var misdirectionReduction: Double
    /// Days for how well the services are known to close about 63% of its gap to the outreach
    /// now given (a first-order lag).
    public var lag: Double
    public init(referenceFTEPer100k: Double = 0.35, halfSaturationFTEPer100k: Double = 0.35, referralGain: Double = 0,
                levelOneGain: Double = 0, misdirectionReduction: Double = 0, lag: Double = 365.25) {
        self.referenceFTEPer100k = referenceFTEPer100k
        self.halfSaturationFTEPer100k = halfSaturationFTEPer100k
        self.referralGain = referralGain
        self.levelOneGain = levelOneGain
        self.misdirectionReduction = misdirectionReduction
        self.lag = lag
    }

    /// The share of an effect's full size reached at `known` outreach FTE per 100,000.
    public func response(_ known: Double) -> Double {
        known <= 0 ? 0 : known / (known + max(halfSaturationFTEPer100k, 1e-9))
    }

    /// The multipliers of the referral probability, of level 1's share and of misdirection at
    /// `known` outreach, each 1 at the reference.
    public func multipliers(known: Double) -> (referral: Double, levelOne: Double, misdirection: Double) {
        let s = response(known), r = response(referenceFTEPer100k)
        return ((1 + referralGain * s) / (1 + referralGain * r), (1 + levelOneGain * s) / (1 + levelOneGain * r),
                (1 - misdirectionReduction * s) / (1 - misdirectionReduction * r))
    }
}

public struct Referral: Sendable, Equatable {
    public var sourceShares: [ReferralSource: Double]
    /// The probability that a complex situation is referred at all, at the reference GP density
    /// and with a perfectly readable offer.
    public var probability: Double
    public var referenceGPPer100k: Double
    /// Elasticity of the referral probability (and of the delay, inversely) to GP density.
    public var densityElasticity: Double
    /// How much an unreadable offer lowers the referral probability (0: not at all, 1: to zero).
    public var readabilityEffect: Double
    public var delay: Distribution
    /// The probability of reaching the wrong device when the offer is wholly unreadable.
    public var misdirection: Double
    public var reorientationDelay: Distribution
    /// Multipliers of the referral probability by the source that would ask.
    public var sourceFactors: [ReferralSource: Double]
    /// The probability that a hospital asks for support at the discharge of a person with complex
    /// needs and no support in place.
    public var dischargeProbability: Double
    /// The share of hospital requests that are urgent discharges, admitted before other requests
    /// (with palliative situations); the rest wait like anyone.
    public var urgentDischargeShare: Double
    public init(sourceShares: [ReferralSource: Double], probability: Double, referenceGPPer100k: Double,
                densityElasticity: Double, readabilityEffect: Double, delay: Distribution, misdirection: Double,
                reorientationDelay: Distribution, sourceFactors: [ReferralSource: Double] = [:], dischargeProbability: Double = 0,
                urgentDischargeShare: Double = 0) {
        self.urgentDischargeShare = urgentDischargeShare
        self.sourceFactors = sourceFactors
        self.dischargeProbability = dischargeProbability
        self.sourceShares = sourceShares
        self.probability = probability
        self.referenceGPPer100k = referenceGPPer100k
        self.densityElasticity = densityElasticity
        self.readabilityEffect = readabilityEffect
        self.delay = delay
        self.misdirection = misdirection
        self.reorientationDelay = reorientationDelay
    }

    /// The probability that a situation in `territory` is referred when the offer's readability is
    /// `readability`, before outreach's and the source's factors (and the cap at 1, applied after them).
    public func probability(in territory: Territory, readability: Double) -> Double {
        let density = pow(max(territory.gpPer100k, 1) / referenceGPPer100k, densityElasticity)
        return max(0, probability * density * (1 - readabilityEffect * (1 - readability)))
    }

    /// The factor stretching referral delays where GPs are scarce.
    public func delayFactor(in territory: Territory) -> Double {
        pow(referenceGPPer100k / max(territory.gpPer100k, 1), densityElasticity)
    }
}

/// How intensely a followed situation is supported: a one-off intervention, sustained support,
/// or intensive support for an unstable situation (the DAC's three levels of support).
public enum Intensity: String, CaseIterable, Sendable, Hashable {
    case oneOff = "one_off", sustained, intensive

    /// The position in `allCases`, for flat tables read at every admission.
    public var index: Int {
        switch self { case .oneOff: 0; case .sustained: 1; case .intensive: 2 }
    }
}

/// One intensity of support at a need level: the share of situations that get it, and its
/// multipliers of the level's hours a month and of the support's duration, and its home visits.
public struct IntensityLevel: Sendable, Equatable {
    public var share: Double
    public var hours: Double
    public var duration: Double
    public var visitsPerMonth: Double
    public init(share: Double, hours: Double = 1, duration: Double = 1, visitsPerMonth: Double = 0) {
        self.share = share
        self.hours = hours
        self.duration = duration
        self.visitsPerMonth = visitsPerMonth
    }
}

/// The caseload time a followed situation takes, and what a full-time post gives.
public struct Workload: Sendable, Equatable {
    /// Working hours of one FTE in a year.
    public var hoursPerFTEPerYear: Double
    /// Caseload hours a month one followed situation takes, by need level (2 and 3).
    public var level2HoursPerMonth: Double
    public var level3HoursPerMonth: Double
    /// Multipliers by pathway of those hours and of support durations (1 where absent).
    public var pathwayHours: [Pathway: Double]
    public var pathwayDuration: [Pathway: Double]
    /// By need level (2, then 3), the intensities in `Intensity` order (one sustained intensity, at
    /// the level's hours and durations, unless written).
    public var intensities: [[IntensityLevel]] = Array(repeating: Intensity.allCases.map { IntensityLevel(share: $0 == .sustained ? 1 : 0) },
                                                        count: 2)
    /// Pathways whose shares of the intensities differ from their level's, by level (2, 3), in
    /// `Intensity` order.
    public var pathwayIntensityShares: [Pathway: [Int: [Double]]] = [:]
    /// Home visits: the speed of travel, and the radius visits cover at which `hours_per_month`
    /// were measured (a territory whose visits go farther adds the extra travel).
    public var travelSpeedKmh = 50.0
    public var referenceVisitRadiusKm = 25.0
    public init(hoursPerFTEPerYear: Double = 1607, level2HoursPerMonth: Double = 2, level3HoursPerMonth: Double = 3.5,
                pathwayHours: [Pathway: Double] = [:], pathwayDuration: [Pathway: Double] = [:]) {
        self.hoursPerFTEPerYear = hoursPerFTEPerYear
        self.level2HoursPerMonth = level2HoursPerMonth
        self.level3HoursPerMonth = level3HoursPerMonth
        self.pathwayHours = pathwayHours
        self.pathwayDuration = pathwayDuration
    }

    /// Caseload hours a month a situation of this level and pathway takes.
    public func hoursPerMonth(level: Int, pathway: Pathway) -> Double {
        (level == 3 ? level3HoursPerMonth : level2HoursPerMonth) * (pathwayHours[pathway] ?? 1)
    }

    /// Hours of travel for one home visit, there and back, where visits cover `radius` km: the mean
    /// distance to a point of a disc is two thirds of its radius.
    public func travelHoursPerVisit(radiusKm radius: Double) -> Double { 2 * (2 * radius / 3) / travelSpeedKmh }

    /// Caseload hours a month a situation takes at an intensity, in a territory whose visits cover
    /// `radius` km: the level's hours times the intensity's, and the travel of its visits beyond
    /// (or short of) the reference radius's.
    public func hoursPerMonth(level: Int, pathway: Pathway, intensity: Intensity, radiusKm radius: Double) -> Double {
        let i = intensities[level - 2][intensity.index]
        let travel = i.visitsPerMonth * (travelHoursPerVisit(radiusKm: radius) - travelHoursPerVisit(radiusKm: referenceVisitRadiusKm))
        return max(1.0 / 60, hoursPerMonth(level: level, pathway: pathway) * i.hours + travel)
    }

    /// The shares of the intensities for a level and pathway, in `Intensity` order.
    public func intensityShares(level: Int, pathway: Pathway) -> [Double] {
        pathwayIntensityShares[pathway]?[level] ?? intensities[level - 2].map(\.share)
    }

    /// Caseload hours a month one FTE gives when `share` of its time goes to caseloads.
    public func caseloadHoursPerMonth(perFTE share: Double) -> Double { hoursPerFTEPerYear / 12 * share }
}

/// Everything a run needs, in the model's units: time in days from the start date (day 0).
public struct ModelConfiguration: Sendable, Equatable {
    public var name: String
    public var startWeekday: Int
    /// Holidays as day numbers since the start.
    public var holidays: Set<Int>
    public var horizon: Double
    public var warmUp: Double
    /// New complex situations per 1,000 inhabitants per year.
    public var incidence: [AgeBand: [Pathway: Double]]
    /// Twelve monthly multipliers of incidence, January first (mean 1).
    public var seasonality: [Double]
    /// The month (0 = January) of day 0, to place the seasonal profile.
    public var startMonth: Int
    public var persons: PersonDynamics
    public var primaryCare: PrimaryCare
    public var referral: Referral
    public var outreach = Outreach()
    /// Case finding: the yearly rate at which a level-3 need nobody referred is found by the
    /// case-management team that would take it, when the team's free time is at least
    /// `caseFindingFullRateAt` FTE per 100,000 inhabitants it serves (in proportion below that;
    /// none while anyone waits for it).
    public var caseFindingPerYear = 0.0
    public var caseFindingFullRateAt = 1.0
    /// A wait longer than this is a rupture.
    public var ruptureWait: Double
    /// The target delay for coordination support and case management.
    public var targetDelay: Double
    public var costPerFTEPerYear: [Role: Double]
    /// The territorial support programme's yearly cost per territory, by level, and how long it
    /// runs from the convergence.
    public var supportProgrammeCostPerYear: [SupportProgramme: Double]
    public var supportProgrammeDuration: Double
    public var workload: Workload
    /// Days the model runs before day 0 with day 0's configuration, discarded (0: none).
    public var spinUp: Double = 0
    public var territories: [Territory]

    /// Whether some caseload gives today's counts: people followed or waiting at the start.
    public var givesInitialCounts: Bool {
        territories.contains { territory in
            (territory.devices + (territory.convergence.map { [$0.dac] } ?? [])).contains { device in
                [device.coordination, device.caseManagement].contains { ($0?.initialActive ?? 0) + ($0?.initialWaiting ?? 0) > 0 }
            }
        }
    }

    public init(name: String, startWeekday: Int, holidays: Set<Int>, horizon: Double, warmUp: Double,
                incidence: [AgeBand: [Pathway: Double]], seasonality: [Double], startMonth: Int,
                persons: PersonDynamics, primaryCare: PrimaryCare, referral: Referral, ruptureWait: Double, targetDelay: Double,
                costPerFTEPerYear: [Role: Double], supportProgrammeCostPerYear: [SupportProgramme: Double] = [:],
                supportProgrammeDuration: Double = 0, workload: Workload = Workload(), territories: [Territory]) {
        self.workload = workload
        self.supportProgrammeCostPerYear = supportProgrammeCostPerYear
        self.supportProgrammeDuration = supportProgrammeDuration
        self.name = name
        self.startWeekday = startWeekday
        self.holidays = holidays
        self.horizon = horizon
        self.warmUp = warmUp
        self.incidence = incidence
        self.seasonality = seasonality
        self.startMonth = startMonth
        self.persons = persons
        self.primaryCare = primaryCare
        self.referral = referral
        self.ruptureWait = ruptureWait
        self.targetDelay = targetDelay
        self.costPerFTEPerYear = costPerFTEPerYear
        self.territories = territories
    }
}

import Foundation
