import CareModel
import Foundation
import Randomness

/// A scenario file read, merged with its base files and defaults, and checked: ready to run.
public struct Scenario: Sendable {
    public let file: String
    /// Every file read to build the scenario: the one named, then the bases it extends.
    public let sources: [SourceFile]
    public let name: String
    public let run: RunSettings
    public let model: ModelConfiguration
    /// The day on which each calendar month starts, from day 0 past the horizon, and its label (YYYY-MM).
    public let monthStarts: [Double]
    public let monthLabels: [String]
    /// The planner's targets by year (`targets.goals`), whose probability of being met results give.
    public let goals: [Goal]

    /// How the services that exist at the start are filled: by a spin-up, by the counts the
    /// scenario gives (`initial_active`, `initial_waiting`), or not at all (they start empty).
    public var initialState: String {
        if model.spinUp > 0 { return String(format: "spin-up of %g years", model.spinUp / Quantity.daysPerYear) }
        return model.givesInitialCounts ? "counts given in the scenario" : "empty"
    }

    /// Reads and validates a scenario file; every mistake is one `ScenarioError`.
    public static func load(file: String) throws -> Scenario {
        let (document, sources) = try ScenarioValue.loadWithSources(file: file)
        return try read(document, file: file, sources: sources)
    }

    /// One hash of every file behind the scenario: it changes when the file or any base it extends does.
    public var sourcesHash: String { SourceFile.chainHash(sources) }

    /// The scenario a document describes, every default and archetype value laid under what it
    /// writes: the tree the reader reads, and `dacsim show` prints. A value it cannot place (a
    /// territory with no valid archetype, a section that is not a mapping) is left as written, for
    /// the reader to report.
    public static func resolved(_ document: ScenarioValue) -> ScenarioValue {
        var root = Defaults.model.under(document)
        root.update("run") { Defaults.run.under($0) }
        root.update("territories") { territories in
            territories.updateItems { territory in
                guard case .mapping(let pairs) = territory.content,
                      let written = pairs.first(where: { $0.key == "archetype" })?.value,
                      case .scalar(let name) = written.content, let archetype = Archetype(rawValue: name) else { return territory }
                var merged = Defaults.territory.under(Defaults.archetypes[archetype]!.tree).overridden(by: territory)
                merged.update("devices") { $0.updateItems(resolvedDevice) }
                merged.update("convergence") { convergence in
                    var merged = Defaults.frictions.under(convergence)
                    merged.update("dac", resolvedDevice)
                    return merged
                }
                return merged
            }
        }
        return root
    }

    /// A device with the defaults of its front desk and caseloads.
    static func resolvedDevice(_ device: ScenarioValue) -> ScenarioValue {
        var device = device
        device.update("front_desk") { Defaults.frontDesk.under($0) }
        device.update("coordination") { Defaults.coordination.under($0) }
        device.update("case_management") { Defaults.caseManagement.under($0) }
        return device
    }

    public static func read(_ document: ScenarioValue, file: String, sources: [SourceFile] = []) throws -> Scenario {
        var root = try Field(resolved(document), keyPath: "").mapping()
        let name = try root.optional("name")?.name() ?? "unnamed scenario"
        _ = try root.optional("description")?.string()
        let run = try RunSettings.read(root.required("run", "the run settings (start, horizon, warm_up...)"))
        let context = Context(start: run.start, horizon: run.horizon)
        let holidays = try readHolidays(root.optional("holidays"), context)
        let incidence = try readIncidence(root.required("incidence", "incidence per 1,000 per year"))
        let seasonalityField = try root.required("seasonality", "twelve monthly multipliers")
        let seasonality = try seasonalityField.list().map { try $0.double("a multiplier", in: 0...(.infinity)) }
        guard seasonality.count == 12 else { throw seasonalityField.mismatch("twelve monthly multipliers, January first") }
        guard seasonality.contains(where: { $0 > 0 }) else { throw seasonalityField.error("at least one month must have demand") }
        let persons = try readPersons(root.required("persons", "person dynamics"))
        var primary = try root.required("primary_care", "what level 1 handles itself").mapping()
        let primaryCare = PrimaryCare(handlesLevel2: try primary.required("handles_level2", "a probability").share("a probability"))
        try primary.finish()
        let referral = try readReferral(root.required("referral", "referral settings"))
        let outreach = try readOutreach(root.required("outreach", "what support to professionals and territorial animation change"))
        var finding = try root.required("case_finding", "how fast a case-management team with room finds level-3 needs nobody referred").mapping()
        let caseFinding = try finding.required("rate_per_year", "a rate per year").perYear()
        let fullRateAt = try finding.required("full_rate_at_free_fte_per_100k",
                                              "free case-management FTE per 100,000 inhabitants")
            .double("FTE per 100,000", in: 0.001...100)
        try finding.finish()
        var targets = try root.required("targets", "target_delay and rupture_wait").mapping()
        let targetDelay = try targets.required("target_delay", "the target delay, such as \"30 days\"").duration()
        let ruptureWait = try targets.required("rupture_wait", "the wait that counts as a rupture").duration()
        let goalsField = targets.optional("goals")
        try targets.finish()
        let costs = try readRoleValues(root.required("costs_per_fte_per_year", "yearly cost per FTE by role"),
                                       "a yearly cost in euros")
        var programme = try root.required("support_programme", "the support programme's costs and duration").mapping()
        var programmeCosts: [SupportProgramme: Double] = [:]
        var levels = try programme.required("cost_per_year", "a yearly cost in euros per territory by level").mapping()
        for level in SupportProgramme.allCases {
            programmeCosts[level] = try levels.optional(level.rawValue)?.double("a yearly cost in euros", in: 0...1e10) ?? 0
        }
        try levels.finish()
        let programmeDuration = try programme.required("duration", "how long the programme runs from the convergence").duration()
        try programme.finish()
        let workload = try readWorkload(root.required("workload", "caseload hours by level and working hours per FTE"))
        let territoriesField = try root.required("territories", "a list of territories")
        let territoryFields = try territoriesField.list()
        guard !territoryFields.isEmpty else { throw territoriesField.mismatch("at least one territory") }
        var territories: [Territory] = []
        for field in territoryFields {
            let territory = try readTerritory(field, context)
            if territories.contains(where: { $0.name == territory.name }) {
                throw field.error("a second territory named \"\(territory.name)\"; names must differ")
            }
            territories.append(territory)
        }
        // The uncertain values' block is read by Uncertainty; a mistake in it is reported here too,
        // not only when a run draws from it.
        if root.optional(Uncertainty.key) != nil { _ = try Uncertainty.of(document, file: file, checkingRanges: false) }
        try root.finish()
        let goals = try goalsField.map { try Goal.read($0, run: run, territories: territories.map(\.name)) } ?? []

        var monthStarts: [Double] = [0], labels: [String] = []
        var (year, month, _) = run.start.components
        labels.append(String(format: "%04d-%02d", year, month))
        while monthStarts.last! < run.horizon {
            month += 1
            if month > 12 { month = 1; year += 1 }
            monthStarts.append(Double(CalendarDate(year: year, month: month, day: 1).days(since: run.start)))
            labels.append(String(format: "%04d-%02d", year, month))
        }
        var model = ModelConfiguration(
            name: name, startWeekday: run.start.weekday, holidays: holidays, horizon: run.horizon, warmUp: run.warmUp,
            incidence: incidence, seasonality: seasonality, startMonth: run.start.components.month - 1,
            persons: persons, primaryCare: primaryCare, referral: referral, ruptureWait: ruptureWait, targetDelay: targetDelay,
            costPerFTEPerYear: costs, supportProgrammeCostPerYear: programmeCosts, supportProgrammeDuration: programmeDuration, workload: workload,
            territories: territories)
        // Today's counts, where the scenario gives them, are the state at the start: no spin-up then.
        if model.givesInitialCounts, run.spinUp > 0, let location = run.spinUpLocation {
            throw ScenarioError(location, keyPath: "run.spin_up", "a spin-up and today's counts (initial_active, initial_waiting) "
                                + "are alternatives: write spin_up: 0 days, or leave the counts out")
        }
        model.spinUp = model.givesInitialCounts ? 0 : run.spinUp
        model.outreach = outreach
        model.caseFindingPerYear = caseFinding
        model.caseFindingFullRateAt = fullRateAt
        return Scenario(file: file, sources: sources, name: name, run: run, model: model, monthStarts: monthStarts,
                        monthLabels: labels, goals: goals)
    }

    struct Context {
        let start: CalendarDate
        let horizon: Double
        func day(_ field: Field) throws -> Double { Double(try field.date().days(since: start)) }
    }

    // MARK: Sections

    static func readHolidays(_ field: Field?, _ context: Context) throws -> Set<Int> {
        guard let field else { return [] }
        if case .scalar(let word) = field.value.content {
            guard word == "france" || word == "none" else { throw field.mismatch("france, none or a list of dates") }
            return word == "none" ? [] : frenchHolidays(from: context.start, days: context.horizon)
        }
        return Set(try field.list().map { try $0.date().days(since: context.start) })
    }

    /// Public holidays in France: fixed dates, Easter Monday, Ascension and Whit Monday.
    static func frenchHolidays(from start: CalendarDate, days: Double) -> Set<Int> {
        var result = Set<Int>()
        let first = start.components.year, last = start.adding(days: Int(days) + 1).components.year
        for year in first...last {
            let fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
            for (m, d) in fixed { result.insert(CalendarDate(year: year, month: m, day: d).days(since: start)) }
            // Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
            let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4
            let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
            let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451
            let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
            let easter = CalendarDate(year: year, month: month, day: day).days(since: start)
            result.formUnion([easter + 1, easter + 39, easter + 50])
        }
        return result
    }

    static func readIncidence(_ field: Field) throws -> [AgeBand: [Pathway: Double]] {
        var bands = try field.mapping()
        var result: [AgeBand: [Pathway: Double]] = [:]
        for band in AgeBand.allCases {
            var pathways = try bands.required(band.rawValue, "incidence by pathway for this age band").mapping()
            var row: [Pathway: Double] = [:]
            for pathway in Pathway.allCases {
                row[pathway] = try pathways.optional(pathway.rawValue)?.double("new situations per 1,000 per year", in: 0...1000) ?? 0
            }
            try pathways.finish()
            result[band] = row
        }
        try bands.finish()
        return result
    }

    static func readHazards(_ field: Field, needChange: String) throws -> Hazards {
        var h = try field.mapping()
        func rate(_ key: String) throws -> Double { try h.required(key, "a rate per year").perYear() }
        let hazards = Hazards(needChange: try rate(needChange), hospitalisation: try rate("hospitalisation_per_year"),
                              nursingHome: try rate("nursing_home_per_year"), death: try rate("death_per_year"),
                              moving: try rate("moving_per_year"), recurrence: try rate("recurrence_per_year"))
        try h.finish()
        return hazards
    }

    /// Each pathway's own hazards, where they differ from the level's.
    static func readPathwayHazards(_ field: Field?) throws -> [Pathway: PathwayHazards] {
        guard let field else { return [:] }
        var m = try field.mapping()
        var result: [Pathway: PathwayHazards] = [:]
        for pathway in Pathway.allCases {
            guard let entry = m.optional(pathway.rawValue) else { continue }
            var h = try entry.mapping()
            result[pathway] = PathwayHazards(
                aggravation: try h.optional("aggravation_per_year")?.perYear(),
                easing: try h.optional("easing_per_year")?.perYear(),
                hospitalisation: try h.optional("hospitalisation_per_year")?.perYear(),
                nursingHome: try h.optional("nursing_home_per_year")?.perYear(),
                death: try h.optional("death_per_year")?.perYear())
            try h.finish()
        }
        try m.finish()
        return result
    }

    static func readPersons(_ field: Field) throws -> PersonDynamics {
        var p = try field.mapping()
        let result = PersonDynamics(
            level3Share: try p.required("level3_share", "the share needing case management").share(),
            level2: try readHazards(p.required("level2", "hazards at need level 2"), needChange: "aggravation_per_year"),
            level3: try readHazards(p.required("level3", "hazards at need level 3"), needChange: "easing_per_year"),
            unsupportedHospitalisation: try p.required("hospitalisation_multiplier_unsupported", "a multiplier")
                .double("a multiplier", in: 0...100),
            coordinatedHospitalisation: try p.required("hospitalisation_multiplier_coordinated", "a multiplier")
                .double("a multiplier", in: 0...100),
            atRestHospitalisation: try p.required("hospitalisation_multiplier_at_rest", "a multiplier")
                .double("a multiplier", in: 0...100),
            hospitalStay: try p.required("hospital_stay", "a distribution of stays").durationDistribution(),
            supportDuringStay: try p.required("support_during_stay", "kept or paused").choice(),
            pathways: try readPathwayHazards(p.optional("pathways")),
            unreferredEpisode: try p.required("unreferred_episode", "a distribution of durations").durationDistribution())
        try p.finish()
        return result
    }

    static func readReferral(_ field: Field) throws -> Referral {
        var r = try field.mapping()
        let sourcesField = try r.required("sources", "shares of requests by source")
        var sources = try sourcesField.mapping()
        var shares: [ReferralSource: Double] = [:]
        for source in ReferralSource.allCases { shares[source] = try sources.optional(source.rawValue)?.share() ?? 0 }
        try sources.finish()
        let total = shares.values.reduce(0, +)
        guard abs(total - 1) < 1e-6 else { throw sourcesField.error("the shares must sum to 1 (they sum to \(total))") }
        let result = Referral(
            sourceShares: shares,
            probability: try r.required("probability", "a probability").share("a probability"),
            referenceGPPer100k: try r.required("reference_gp_per_100k", "a GP density").double("a density", in: 0.1...10_000),
            densityElasticity: try r.required("density_elasticity", "an elasticity").double("an elasticity", in: 0...10),
            readabilityEffect: try r.required("readability_effect", "a share").share(),
            delay: try r.required("delay", "a distribution of delays").durationDistribution(),
            misdirection: try r.required("misdirection", "a probability").share("a probability"),
            reorientationDelay: try r.required("reorientation_delay", "a distribution of delays").durationDistribution(),
            sourceFactors: try readSourceFactors(r.required("source_factors", "a multiplier per referral source")),
            dischargeProbability: try r.required("discharge_probability", "a probability").share("a probability"),
            urgentDischargeShare: try r.required("urgent_discharge_share", "a share").share())
        try r.finish()
        return result
    }

    static func readOutreach(_ field: Field) throws -> Outreach {
        var m = try field.mapping()
        func density(_ key: String) throws -> Double {
            try m.required(key, "outreach FTE per 100,000 inhabitants").double("FTE per 100,000", in: 0...100)
        }
        let result = Outreach(
            referenceFTEPer100k: try density("reference_fte_per_100k"),
            halfSaturationFTEPer100k: try m.required("half_saturation_fte_per_100k", "outreach FTE per 100,000 inhabitants")
                .double("FTE per 100,000", in: 0.001...100),
            referralGain: try m.required("referral_gain", "a relative rise").double("a relative rise", in: 0...10),
            levelOneGain: try m.required("level_1_gain", "a relative rise").double("a relative rise", in: 0...10),
            misdirectionReduction: try m.required("misdirection_reduction", "a share").double("a share below 1", in: 0...0.95),
            lag: try m.required("lag", "a duration").duration())
        try m.finish()
        return result
    }

    static func readSourceFactors(_ field: Field) throws -> [ReferralSource: Double] {
        var m = try field.mapping()
        var result: [ReferralSource: Double] = [:]
        for source in ReferralSource.allCases {
            result[source] = try m.optional(source.rawValue)?.double("a multiplier", in: 0...100) ?? 1
        }
        try m.finish()
        return result
    }

    /// A share, constant, or changing at dates: a list of `{date, share}` in date order.
    static func readDatedShare(_ field: Field, _ context: Context) throws -> DatedShares {
        guard case .sequence = field.value.content else { return DatedShares(try field.share()) }
        var days: [Double] = [], values: [Double] = []
        for item in try field.list() {
            var m = try item.mapping()
            let dateField = try m.required("date", "the date the share takes effect")
            let day = try context.day(dateField)
            if let last = days.last, day <= last { throw dateField.error("dates must follow each other in order") }
            days.append(day)
            values.append(try m.required("share", "a share").share())
            try m.finish()
        }
        guard !days.isEmpty else { throw field.mismatch("a share, or a list of {date, share}") }
        return DatedShares(days: days, values: values)
    }

    /// Shares of first contacts by source and device kind; each source's must sum to 1, and a
    /// share the scenario itself writes may only name a kind of device the territory has.
    static func readRouting(_ field: Field, devices: [Device]) throws -> [ReferralSource: [DeviceKind: Double]] {
        var m = try field.mapping()
        var result: [ReferralSource: [DeviceKind: Double]] = [:]
        let present = Set(devices.map(\.kind))
        let kinds = DeviceKind.allCases.filter { $0 != .dac }
        for source in ReferralSource.allCases {
            let sourceField = try m.required(source.rawValue, "shares by device kind (\(kinds.map(\.rawValue).joined(separator: ", ")))")
            var k = try sourceField.mapping()
            var shares: [DeviceKind: Double] = [:]
            for kind in kinds {
                guard let share = k.optional(kind.rawValue) else { continue }
                shares[kind] = try share.share()
                if shares[kind]! > 0 && !present.contains(kind) && !share.location.file.hasPrefix("<") {
                    let names = devices.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
                    throw share.error("no device of kind \(kind.rawValue) in this territory (its devices: \(names.isEmpty ? "none" : names))")
                }
            }
            try k.finish()
            let total = kinds.reduce(0) { $0 + (shares[$1] ?? 0) }
            guard abs(total - 1) < 1e-6 else { throw sourceField.error("the shares must sum to 1 (they sum to \(total))") }
            result[source] = shares
        }
        try m.finish()
        return result
    }

    static func readRoleValues(_ field: Field, _ what: String) throws -> [Role: Double] {
        var m = try field.mapping()
        var result: [Role: Double] = [:]
        for role in Role.allCases { result[role] = try m.optional(role.rawValue)?.double(what, in: 0...(.infinity)) ?? 0 }
        try m.finish()
        return result
    }

    /// A value per age band; `whole` says what is expected when only whole numbers make sense (people).
    static func readBands(_ field: Field, _ what: String, in range: ClosedRange<Double>, whole: String? = nil) throws -> [AgeBand: Double] {
        var m = try field.mapping()
        var result: [AgeBand: Double] = [:]
        for band in AgeBand.allCases {
            let value = try m.required(band.rawValue, what)
            result[band] = try value.double(what, in: range)
            if let whole, result[band]!.rounded() != result[band]! { throw value.mismatch(whole) }
        }
        try m.finish()
        return result
    }

    static func readTerritory(_ field: Field, _ context: Context) throws -> Territory {
        var peek = try field.mapping()
        let archetype = try peek.required("archetype", "one of \(Archetype.allCases.map(\.rawValue).joined(separator: ", "))")
            .choice(Archetype.self)
        var t = try field.mapping()
        let nameField = try t.required("name", "the territory's name")
        let name = try nameField.name()
        guard name != TerritoryResult.totalName else {
            throw nameField.error("\"\(name)\" names the total of a scenario's territories; choose another name")
        }
        _ = t.optional("archetype")
        let population = try readBands(t.required("population", "inhabitants by age band"), "a number of inhabitants",
                                       in: 0...1e9, whole: "a whole number of inhabitants")
        let totalPopulation = AgeBand.allCases.reduce(0) { $0 + population[$1]! }
        guard totalPopulation > 0 else { throw t.field.error("the territory has no inhabitants") }
        let growth = try readBands(t.required("growth_per_year", "yearly growth by age band"), "a yearly growth rate",
                                   in: -0.5...0.5)
        let devicesField = try t.required("devices", "the devices before convergence")
        var devices: [Device] = []
        for item in try devicesField.list() {
            let device = try readDevice(item, population: population, context, kindRequired: true)
            guard !devices.contains(where: { $0.name == device.name }) else {
                throw item.error("a second device named \"\(device.name)\" in this territory; give each device its own name")
            }
            devices.append(device)
        }
        var convergence: Convergence?
        if let convergenceField = t.optional("convergence") {
            convergence = try readConvergence(convergenceField, population: population, context)
        }
        guard !devices.isEmpty || convergence != nil else {
            throw devicesField.error("a territory with no device and no convergence has nobody to answer; add a device or a convergence date")
        }
        // A device joins the DAC when it opens or later, never before it exists.
        for (item, device) in zip(try devicesField.list(), devices) {
            guard case .on(let day) = device.joins else { continue }
            var reader = try item.mapping()
            let field = reader.optional("joins")!
            guard let convergence else { throw field.error("a device joins a DAC: the territory needs a convergence") }
            guard day >= convergence.day else {
                throw field.error("the device would join before the DAC opens (\(Int(convergence.day)) days from the start); join on or after its date")
            }
        }
        let result = Territory(
            name: name, archetype: archetype, population: population, growthPerYear: growth,
            gpPer100k: try t.required("gp_per_100k", "GPs per 100,000").double("a density", in: 0...10_000),
            primaryCareCoverage: try readDatedShare(t.required("primary_care_coverage", "a share, or a list of {date, share}"), context),
            routing: try readRouting(t.required("routing", "shares of first contacts by source and device kind"), devices: devices),
            readability: try t.required("readability", "a share").share("readability"),
            devices: devices, convergence: convergence,
            supportProgramme: try t.required("support_programme", "a programme").choice(SupportProgramme.self),
            turnover: try readTurnover(t.required("turnover", "staff turnover")),
            idealFTEPer100k: try readRoleValues(t.required("ideal_fte_per_100k", "ideal FTE per 100,000 by role"),
                                                "FTE per 100,000"))
        var territory = result
        territory.visitRadiusKm = try t.required("visit_radius_km", "the radius in km home visits cover")
            .double("a radius in km", in: 0...1000)
        try t.finish()
        return territory
    }

    static func readTurnover(_ field: Field) throws -> Turnover {
        var m = try field.mapping()
        var result = Turnover(quitsPerYear: try m.required("quits_per_year", "a rate per year").perYear(),
                              hiringDelay: try m.required("hiring_delay", "a distribution of delays").durationDistribution(),
                              rampUp: try m.required("ramp_up", "a duration").duration())
        var around = try m.required("around_convergence", "a multiplier of quits, and how long before and after the DAC opens it holds").mapping()
        result.convergenceMultiplier = try around.required("multiplier", "a multiplier of quits").double("a multiplier", in: 0...100)
        result.convergenceBefore = try around.required("before", "how long before the DAC opens").duration(in: 0...(50 * Quantity.daysPerYear))
        result.convergenceAfter = try around.required("after", "how long after the DAC opens").duration(in: 0...(50 * Quantity.daysPerYear))
        try around.finish()
        try m.finish()
        return result
    }

    /// `fte` as written, `fte_per_100k` scaled to the territory's inhabitants, or
    /// `fte_per_100k_aged_75` scaled to its inhabitants aged 75+ (staffing in proportion to the
    /// older population, where most complex situations arise).
    static func readStaff(_ m: inout MappingReader, key: String, population: [AgeBand: Double]) throws -> Double {
        let written = [(key, nil), ("\(key)_per_100k", Scenario.total(population) / 100_000),
                       ("\(key)_per_100k_aged_75", (population[.from75] ?? 0) / 100_000)]
            .compactMap { (name: String, scale: Double?) in m.optional(name).map { ($0, scale) } }
        if written.count > 1 {
            let fields = written.map(\.0), lastLine = fields.map(\.location.line).max()!
            let later = fields.last { $0.location.line == lastLine }!
            let names = fields.map { $0.keyPath.split(separator: ".").last.map(String.init) ?? key }
            throw later.error("\(names[0]) and \(names[1]) are alternatives: write one of them, not both")
        }
        guard let (field, scale) = written.first else {
            throw ScenarioError(m.field.location, keyPath: m.field.keyPath.isEmpty ? key : "\(m.field.keyPath).\(key)",
                                "missing; expected \(key), \(key)_per_100k or \(key)_per_100k_aged_75")
        }
        // An absolute number (no scale), or one per 100,000 scaled to the inhabitants it counts.
        guard let scale else { return try field.double("a number of FTE", in: 0...100_000) }
        return try field.double("FTE per 100,000", in: 0...1000) * scale
    }

    /// Inhabitants of all ages, summed in a fixed order.
    static func total(_ population: [AgeBand: Double]) -> Double { AgeBand.allCases.reduce(0) { $0 + (population[$1] ?? 0) } }

    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    static func readFrontDesk(_ field: Field, population: [AgeBand: Double]) throws -> FrontDesk {
        var m = try field.mapping()
        let staff = try readStaff(&m, key: "staff", population: population)
        var hours = try m.required("hours", "opening hours").mapping()
        let daysField = try hours.required("days", "days of the week")
        let days = try daysField.list().map { day -> Int in
            let word = try day.string()
            guard let index = weekdays.firstIndex(of: word) else { throw day.mismatch("one of \(weekdays.joined(separator: ", "))") }
            return index
        }
        func clock(_ key: String) throws -> Double {
            let f = try hours.required(key, "a time written HH:MM")
            let parts = try f.string().split(separator: ":")
            guard parts.count == 2, let h = Int(parts[0]), let mi = Int(parts[1]), (0...24).contains(h), (0..<60).contains(mi),
                  Double(h) + Double(mi) / 60 <= 24 else { throw f.mismatch("a time written HH:MM") }
            return Double(h) + Double(mi) / 60
        }
        guard !days.isEmpty else { throw daysField.mismatch("at least one day of the week") }
        let open = try clock("open"), closeField = hours.optional("close")
        let close = try clock("close")
        guard open < close else { throw closeField!.error("closes before it opens") }
        try hours.finish()
        let result = FrontDesk(staff: staff > 0 ? max(1, Int(staff.rounded())) : 0,
                               hours: (0..<7).map { days.contains($0) ? [open..<close] : [] },
                               service: try m.required("service", "a distribution of service times").durationDistribution(),
                               resolvedShare: try m.required("resolved_share", "a share").share())
        try m.finish()
        return result
    }

    /// Shares of working time by activity; they must sum to 1. Written in a scenario, the mapping
    /// replaces the default whole.
    static func readStaffTime(_ field: Field) throws -> [StaffActivity: Double] {
        var m = try field.mapping()
        var shares: [StaffActivity: Double] = [:]
        for activity in StaffActivity.allCases { shares[activity] = try m.optional(activity.rawValue)?.share() ?? 0 }
        try m.finish()
        let total = shares.values.reduce(0, +)
        guard abs(total - 1) < 1e-6 else { throw field.error("the shares of time must sum to 1 (they sum to \(String(format: "%g", total)))") }
        return shares
    }

    static func readWorkload(_ field: Field) throws -> Workload {
        var w = try field.mapping()
        var hours = try w.required("hours_per_month", "caseload hours a month per followed situation, by level").mapping()
        func perMonth(_ key: String) throws -> Double {
            try hours.required(key, "hours a month").double("a number of hours a month", in: 0.01...744)
        }
        var workload = Workload(
            hoursPerFTEPerYear: try w.required("hours_per_fte_per_year", "the working hours of one FTE in a year")
                .double("a number of hours a year", in: 1...8784),
            level2HoursPerMonth: try perMonth("level_2"), level3HoursPerMonth: try perMonth("level_3"))
        try hours.finish()
        if let pathwaysField = w.optional("pathways") {
            var pathways = try pathwaysField.mapping()
            for pathway in Pathway.allCases {
                guard var factors = try pathways.optional(pathway.rawValue)?.mapping() else { continue }
                workload.pathwayHours[pathway] = try factors.optional("hours")?.double("a multiplier", in: 0.01...100)
                workload.pathwayDuration[pathway] = try factors.optional("duration")?.double("a multiplier", in: 0.01...100)
                if let sharesField = factors.optional("intensity_shares") {
                    var levels = try sharesField.mapping()
                    for level in [2, 3] {
                        guard let shares = levels.optional("level_\(level)") else { continue }
                        workload.pathwayIntensityShares[pathway, default: [:]][level] = try readIntensityShares(shares)
                    }
                    try levels.finish()
                }
                try factors.finish()
            }
            try pathways.finish()
        }
        var intensities = try w.required("intensities", "support intensities by need level (level_2, level_3)").mapping()
        workload.intensities = try ["level_2", "level_3"].map { level in
            let levelField = try intensities.required(level, "the intensities one_off, sustained and intensive")
            var m = try levelField.mapping()
            let result = try Intensity.allCases.map { intensity -> IntensityLevel in
                var i = try m.required(intensity.rawValue, "{share, hours, duration, visits_per_month}").mapping()
                let level = IntensityLevel(share: try i.required("share", "a share").share(),
                                           hours: try i.required("hours", "a multiplier").double("a multiplier", in: 0.01...100),
                                           duration: try i.required("duration", "a multiplier").double("a multiplier", in: 0.01...100),
                                           visitsPerMonth: try i.required("visits_per_month", "home visits a month")
                                               .double("a number of visits a month", in: 0...100))
                try i.finish()
                return level
            }
            try m.finish()
            let total = result.reduce(0) { $0 + $1.share }
            guard abs(total - 1) < 1e-6 else { throw levelField.error("the intensities' shares must sum to 1 (they sum to \(String(format: "%g", total)))") }
            return result
        }
        try intensities.finish()
        var travel = try w.required("travel", "the speed of travel and the reference radius of home visits").mapping()
        workload.travelSpeedKmh = try travel.required("speed_kmh", "a speed in km/h").double("a speed in km/h", in: 1...200)
        workload.referenceVisitRadiusKm = try travel.required("reference_radius_km", "a radius in km").double("a radius in km", in: 0...1000)
        try travel.finish()
        try w.finish()
        return workload
    }

    /// Shares of the three intensities, summing to 1, in `Intensity` order.
    static func readIntensityShares(_ field: Field) throws -> [Double] {
        var m = try field.mapping()
        let shares = try Intensity.allCases.map { try m.optional($0.rawValue)?.share() ?? 0 }
        try m.finish()
        let total = shares.reduce(0, +)
        guard abs(total - 1) < 1e-6 else { throw field.error("the intensities' shares must sum to 1 (they sum to \(String(format: "%g", total)))") }
        return shares
    }

    static func readCaseload(_ field: Field, population: [AgeBand: Double]) throws -> Caseload {
        var m = try field.mapping()
        let fte = try readStaff(&m, key: "fte", population: population)
        let result = Caseload(
            fte: fte,
            time: try readStaffTime(m.required("time", "how each FTE's time splits between caseloads and other work")),
            duration: try m.required("duration", "a distribution of support durations").durationDistribution(),
            waitListCap: try m.optional("wait_list_cap")?.int("a number of places", in: 0...Int.max),
            patience: try m.optional("patience")?.durationDistribution(),
            initialActive: try m.optional("initial_active")?.int("a number of people", in: 0...10_000_000) ?? 0,
            initialWaiting: try m.optional("initial_waiting")?.int("a number of people", in: 0...10_000_000) ?? 0)
        try m.finish()
        return result
    }

    static func readDevice(_ field: Field, population: [AgeBand: Double], _ context: Context, kindRequired: Bool) throws -> Device {
        var m = try field.mapping()
        let kind: DeviceKind = kindRequired
            ? try m.required("kind", "one of \(DeviceKind.allCases.map(\.rawValue).joined(separator: ", "))").choice()
            : .dac
        let name = try m.optional("name")?.name() ?? kind.rawValue.uppercased()
        var device = Device(name: name, kind: kind)
        if let eligibilityField = m.optional("eligibility") {
            guard kindRequired else { throw eligibilityField.error("a DAC is open to everyone: remove its eligibility") }
            var e = try eligibilityField.mapping()
            // An empty list would make a device nobody may reach: a mistake, not a policy.
            if let bands = e.optional("age_bands") {
                let list = try bands.list()
                guard !list.isEmpty else { throw bands.mismatch("at least one age band (leave the key out for all ages)") }
                device.ageBands = Set(try list.map { try $0.choice(AgeBand.self) })
            }
            if let pathways = e.optional("pathways") {
                let list = try pathways.list()
                guard !list.isEmpty else { throw pathways.mismatch("at least one pathway (leave the key out for all pathways)") }
                device.pathways = Set(try list.map { try $0.choice(Pathway.self) })
            }
            try e.finish()
        }
        device.frontDesk = try m.optional("front_desk").map { try readFrontDesk($0, population: population) }
        device.coordination = try m.optional("coordination").map {
            try readCaseload($0, population: population)
        }
        device.caseManagement = try m.optional("case_management").map {
            try readCaseload($0, population: population)
        }
        if device.frontDesk == nil && device.coordination == nil && device.caseManagement == nil {
            throw field.error("a device needs a front_desk, a coordination or a case_management")
        }
        if let joinsField = m.optional("joins") {
            guard kindRequired else { throw joinsField.error("the DAC itself does not join; joins is for the devices that merge into it") }
            if case .scalar(let text) = joinsField.value.content, text.contains("-") {
                let day = try context.day(joinsField)
                guard day < context.horizon else { throw joinsField.error("falls after the end of the run") }
                device.joins = .on(day)
            } else {
                device.joins = try joinsField.bool() ? .withTheDAC : .never
            }
        }
        if let staffing = m.optional("staffing") {
            device.staffChanges = try staffing.list().map { item in
                var c = try item.mapping()
                let dayField = try c.required("date", "the date the staffing changes")
                let day = try context.day(dayField)
                guard day < context.horizon else { throw dayField.error("falls after the end of the run") }
                guard day >= 0 else {
                    throw dayField.error("falls before the run starts; write the staff in post at the start as the device's fte")
                }
                let role = try c.required("role", "a role").choice(Role.self)
                let fte = try c.required("fte", "the new FTE").double("a number of FTE", in: 0...100_000)
                try c.finish()
                let offered = role == .frontDesk ? device.frontDesk != nil
                    : role == .coordination ? device.coordination != nil : device.caseManagement != nil
                guard offered else { throw item.error("the device has no \(role.rawValue) to staff") }
                return StaffChange(day: day, role: role, fte: fte)
            }
        }
        try m.finish()
        return device
    }

    static func readFriction(_ field: Field, durationKey: String, gradual: Bool) throws -> Friction {
        var m = try field.mapping()
        let result = Friction(productivity: try m.required("productivity", "a multiplier").double("a multiplier", in: 0.01...1),
                              duration: try m.required(durationKey, "a duration").duration(), gradual: gradual)
        try m.finish()
        return result
    }

    static func readConvergence(_ field: Field, population: [AgeBand: Double], _ context: Context) throws -> Convergence? {
        var m = try field.mapping()
        let written = m.optional("date")
        // `date: none` says so explicitly: this territory stays fragmented, whatever its archetype.
        if let written, case .scalar("none") = written.value.content { return nil }
        guard let dateField = written else {
            // An archetype's DAC waits for a date; but a convergence the scenario itself writes
            // without one is a mistake (a misspelt date, say), not a wish to stay fragmented.
            let written = m.remaining().filter { !$0.field.location.file.hasPrefix("<") }
            if let first = written.first {
                throw first.field.error("a convergence needs a date: add date: YYYY-MM-DD (or remove the convergence)")
            }
            return nil
        }
        let day = try context.day(dateField)
        let dacField = try m.required("dac", "the DAC's front desk and caseloads")
        let dac = try readDevice(dacField, population: population, context, kindRequired: false)
        guard dac.coordination != nil || dac.caseManagement != nil else {
            throw dacField.error("the DAC needs a coordination or a case_management caseload to take over the devices' caseloads")
        }
        let result = Convergence(
            day: day, dac: dac,
            launch: try readFriction(m.required("launch", "launch latency"), durationKey: "recovery", gradual: true),
            roleConflicts: try readFriction(m.required("role_conflicts", "role conflicts"), durationKey: "duration", gradual: false),
            informationSystem: try readFriction(m.required("information_system", "a missing information system"),
                                                durationKey: "duration", gradual: false),
            training: try readFriction(m.required("training", "missing training"), durationKey: "duration", gradual: false),
            readabilityAfter: try m.required("readability_after", "a share").share("readability"),
            antennaShares: try readAntennas(m.optional("antennas"), population: total(population)))
        try m.finish()
        return result
    }

    /// A DAC's antennas: `{population_per_antenna: N}` (as many equal antennas as make each about
    /// N inhabitants, at least one), or a list of `{name, population_share}` whose shares sum to 1.
    static func readAntennas(_ field: Field?, population: Double) throws -> [Double] {
        guard let field else { return [1] }
        if case .sequence = field.value.content {
            var shares: [Double] = [], names: [String] = []
            for item in try field.list() {
                var a = try item.mapping()
                let nameField = try a.required("name", "the antenna's name")
                let name = try nameField.name()
                guard !names.contains(name) else { throw nameField.error("a second antenna named \"\(name)\"; give each its own name") }
                names.append(name)
                let share = try a.required("population_share", "the share of the territory's inhabitants it serves")
                shares.append(try share.double("a share above 0", in: 1e-6...1))
                try a.finish()
            }
            guard (1...255).contains(shares.count) else { throw field.mismatch("a list of 1 to 255 antennas") }
            let sum = shares.reduce(0, +)
            guard abs(sum - 1) < 1e-6 else { throw field.error("the antennas' population shares must sum to 1 (they sum to \(String(format: "%g", sum)))") }
            return shares
        }
        var m = try field.mapping()
        let size = try m.required("population_per_antenna", "the inhabitants an antenna serves, about")
            .double("a number of inhabitants", in: 1000...1e9)
        try m.finish()
        let count = min(255, max(1, Int((population / size).rounded())))
        return Array(repeating: 1 / Double(count), count: count)
    }
}
