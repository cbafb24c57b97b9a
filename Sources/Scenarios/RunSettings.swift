/// The `run` section of a scenario: when the simulated time starts, how long it lasts, how much
/// of its beginning is discarded, and the experiment's replications and seed.
public struct RunSettings: Sendable, Equatable {
    public var start: CalendarDate
    /// In days: whole days when written as an end date or in whole months or years (calendar
    /// months and years from the start, so "3 years" from 2026-01-01 ends on 2028-12-31 at midnight).
    public var horizon: Double
    /// In days, calendar-exact like the horizon; results before it are discarded.
    public var warmUp: Double
    /// In days: how long the model runs before the start, with the start's configuration, so
    /// that services that exist at the start are in the state they would have reached.
    public var spinUp: Double
    /// Where `spin_up` was written, if it was (a spin-up and today's counts are alternatives).
    public var spinUpLocation: SourceLocation?
    public var replications: Int
    public var seed: UInt64
    /// Replications by precision (`dacsim run`): the half-width allowed as a share of the mean, in
    /// place of a fixed number of replications, and the most it may run.
    public var precision: Double?
    public var maxReplications = 200

    /// The date the warm-up ends and results begin.
    public var resultsStart: CalendarDate { start.adding(days: Int(warmUp.rounded(.down))) }

    public init(start: CalendarDate, horizon: Double, warmUp: Double, spinUp: Double = 0, replications: Int, seed: UInt64) {
        self.start = start
        self.horizon = horizon
        self.warmUp = warmUp
        self.spinUp = spinUp
        self.replications = replications
        self.seed = seed
    }

    /// The replications one experiment may run, wherever they are asked for (scenario, sweep,
    /// command line, baseline): each keeps its results in memory, so a typing error of a few
    /// zeros must be refused, not run until memory runs out.
    public static let replicationRange = 1...100_000

    public static func read(_ field: Field) throws -> RunSettings {
        // What the run does not say, its table of defaults does (Defaults.run).
        var run = try Field(Defaults.run.under(field.value), keyPath: field.keyPath).mapping()
        let start = try run.required("start", "the first simulated day, written YYYY-MM-DD").date()
        let horizonField = run.optional("horizon"), endField = run.optional("end")
        let horizon: Double
        switch (horizonField, endField) {
        case let (horizonField?, endField?):
            let later = horizonField.location.line > endField.location.line ? horizonField : endField
            throw later.error("horizon and end are alternatives: write one of them, not both")
        case let (horizonField?, nil):
            horizon = try horizonField.calendarDuration(from: start)
            guard horizon > 0, horizon <= 200 * Quantity.daysPerYear else {
                throw horizonField.mismatch("a duration longer than zero and at most 200 years")
            }
        case let (nil, endField?):
            // The last simulated day, included: the run ends at midnight after it.
            let end = try endField.date()
            guard end >= start else { throw endField.error("the last day (\(end)) comes before the start (\(start))") }
            horizon = Double(end.days(since: start) + 1)
            guard horizon <= 200 * Quantity.daysPerYear else { throw endField.error("the run would last more than 200 years") }
        case (nil, nil):
            throw ScenarioError(run.field.location, keyPath: run.field.keyPath.isEmpty ? "horizon" : "\(run.field.keyPath).horizon",
                                "missing; expected the simulated duration, such as \"10 years\", or the last day as end: YYYY-MM-DD")
        }
        let warmUpField = run.optional("warm_up")
        // At most the longest horizon: a longer one is wrong anyway, and one of 1e300 years could
        // not be said in whole days below.
        let warmUp = try warmUpField?.calendarDuration(from: start, in: 0...(200 * Quantity.daysPerYear)) ?? 0  // null: none
        if let warmUpField, warmUp >= horizon {
            throw warmUpField.error("the warm-up (\(Int(warmUp)) days) must end before the horizon (\(Int(horizon)) days), or no result would be kept")
        }
        let spinUpField = try run.required("spin_up", "a duration")
        let spinUp = try spinUpField.duration(in: 0...(50 * Quantity.daysPerYear))
        let replications = try run.required("replications", "a number of replications").int("a number of replications", in: Self.replicationRange)
        let seed = try run.required("seed", "a seed").seed()
        let precision = try run.optional("precision")?.double("a share of the mean, such as 0.05", in: 0.001...0.5)
        let maxReplications = try run.required("max_replications", "the most replications a run by precision may take")
            .int("a number of replications", in: 3...Self.replicationRange.upperBound)
        try run.finish()
        var settings = RunSettings(start: start, horizon: horizon, warmUp: warmUp, spinUp: spinUp, replications: replications, seed: seed)
        settings.precision = precision
        settings.maxReplications = maxReplications
        // A default spin-up gives way to today's counts; only a written one conflicts with them.
        settings.spinUpLocation = spinUpField.location.file.hasPrefix("<") ? nil : spinUpField.location
        return settings
    }
}
