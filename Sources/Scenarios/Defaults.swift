import CareModel

/// The values a scenario inherits where it is silent, each with its unit and provenance: a source
/// in docs/sources.md (by its id), an assumption (no published figure: a value to sweep), or a
/// calibration. docs/defaults.md is generated from these tables (scripts/defaults-doc).
enum Defaults {
    private static func source(_ id: String, _ note: String) -> Provenance { .source(id, note) }
    private static func assumption(_ why: String) -> Provenance { .assumption(why) }
    private static func calibrated(_ file: String, _ note: String) -> Provenance { .calibrated(file: file, note) }

    private static let incidence: [DefaultValue] = {
        // New complex situations per 1,000 inhabitants per year, derived (L) so that, with the default
        // referral probability, requests come to about 250-300 per 100,000 a year and the case mix is close to HdF's.
        // Care model v3 keeps everyone until they leave, so needs that lapsed or were handled in
        // primary care come back too. Palliative needs seldom come back (death comes first): their
        // rows are v2's; the others are v2's times 0.41, which gives v2's requests and case mix
        // at HdF's staffing (about 1,260 a year for 500,000 inhabitants, a sixth of them palliative).
        let rows: [(AgeBand, [Double])] = [
            (.under60, [0.0, 0.25, 0.1025, 0.1435, 0.123, 0.1025]),
            (.from60to74, [0.615, 1.5, 0.328, 0.164, 0.123, 0.082]),
            (.from75, [9.02, 6.0, 0.615, 0.328, 0.205, 0.041]),
        ]
        let pathways: [Pathway] = [.geriatric, .palliative, .chronicDisease, .mentalHealth, .disability, .addiction]
        // Two incidences of people 75+ are fitted by HdF's calibration (docs/calibration.md); the
        // others follow from requests and the case mix.
        let hdf = "scenarios/calibration/hauts-de-france.yaml"
        func provenance(_ band: AgeBand, _ pathway: Pathway) -> Provenance {
            switch (band, pathway) {
            case (.from75, .palliative):
                calibrated(hdf, "inside the 90% interval of the sets fitting HdF's 26% of palliative requests (hdf-2024): "
                           + "median 4.8, 2.6-13.5; docs/calibration.md")
            case (.from75, .geriatric):
                calibrated(hdf, "inside the 90% interval of the sets fitting HdF's requests, their sources and case mix and "
                           + "the Kaiser pyramid's level 3 (hdf-2024, commonwealth-2009, ameli-ald-2016): median 4.5, 3.1-10.6")
            default:
                source("hdf-2024", "derived (L): about 250-300 requests per 100,000 a year and HdF's case mix")
            }
        }
        // The calibrated ones vary over their 90% intervals.
        let intervals: [Pathway: String] = [.palliative: "{uniform: {from: 2.6, to: 13.5}}", .geriatric: "{uniform: {from: 3.1, to: 10.6}}"]
        return rows.flatMap { band, values in
            zip(pathways, values).map { pathway, value in
                let entry = DefaultValue("incidence.\(band.rawValue).\(pathway.rawValue)", "\(value)", "per 1,000 inhabitants a year",
                                         provenance(band, pathway))
                guard band == .from75, let interval = intervals[pathway] else { return entry }
                return entry.within(interval, "the calibration's 90% interval (docs/calibration.md)")
            }
        }
    }()

    static let model = DefaultTable(name: "Scenario", place: "", file: "<model defaults>", values: modelValues)

    private static let modelValues: [DefaultValue] = {
        var values: [DefaultValue] = [
            DefaultValue("name", "unnamed scenario", "text", assumption("a placeholder name"))
                .certain("a label"),
            DefaultValue("holidays", "france", "france, none or a list of dates", assumption("French public holidays: fixed dates, Easter Monday, Ascension, Whit Monday"))
                .certain("the calendar is known"),
        ]
        values += incidence
        values += [
            DefaultValue("seasonality", "[1.15, 1.10, 1.05, 1.0, 0.95, 0.90, 0.85, 0.85, 0.95, 1.0, 1.05, 1.15]",
                         "multipliers of incidence, January first", assumption("a winter peak"))
                .certain("a shape of twelve multipliers, not one quantity: sweep it with a points file"),
            DefaultValue("persons.level3_share", "0.10", "share",
                         calibrated("scenarios/calibration/hauts-de-france.yaml", "inside the 90% interval of the sets fitting 23 people per case manager (caseload-2018): median 0.11, 0.04-0.19; "
                                    + "within the Kaiser pyramid's 3-20% of complex situations (commonwealth-2009)"))
                .within("{uniform: {from: 0.04, to: 0.19}}", "the calibration's 90% interval (docs/calibration.md)"),
            DefaultValue("persons.level2.aggravation_per_year", "0.25", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.125, to: 0.5}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.level2.hospitalisation_per_year", "0.35", "per year",
                         source("paerpa-evaluation", "33% of people 75+ hospitalised at least once in 2010 (M)")),
            DefaultValue("persons.level2.nursing_home_per_year", "0.04", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.02, to: 0.08}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.level2.death_per_year", "0.06", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.03, to: 0.12}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.level2.moving_per_year", "0.02", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.01, to: 0.04}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.level2.recurrence_per_year", "0.3", "per year",
                         source("drees-2019", "30% of hospitalised patients are hospitalised again later in the year: needs come back (assumption)")),
            DefaultValue("persons.level3.easing_per_year", "0.15", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.075, to: 0.3}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.level3.hospitalisation_per_year", "0.6", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.3, to: 1.2}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.level3.nursing_home_per_year", "0.12", "per year",
                         assumption("no figure; case management ends at death or institution (fma-2016)"))
                .within("{log_uniform: {from: 0.06, to: 0.24}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.level3.death_per_year", "0.15", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.075, to: 0.3}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.level3.moving_per_year", "0.01", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.005, to: 0.02}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.level3.recurrence_per_year", "0.5", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.25, to: 1}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.pathways.palliative.death_per_year", "2.0", "per year",
                         assumption("a median survival of ln 2 / 2 = 4 months: \"months, not years\""))
                .within("{log_uniform: {from: 1, to: 4}}", "a median survival of 2 to 8 months"),
            DefaultValue("persons.pathways.palliative.hospitalisation_per_year", "0.8", "per year",
                         assumption("more hospital stays near the end of life"))
                .within("{log_uniform: {from: 0.4, to: 1.6}}", "no figure: within a factor of 2 either way"),
            DefaultValue("persons.unreferred_episode", "{exponential: {mean: 12 months}}", "duration",
                         assumption("no figure: a need left unsupported at level 1 comes to rest after some months; 12 keeps "
                                    + "the people at level 3 inside the Kaiser pyramid's 169-845 per 100,000 (commonwealth-2009, "
                                    + "ameli-ald-2016), which 6 missed (142); HdF's figures leave it free (docs/calibration.md); "
                                    + "plausible 6-18 months"))
                .within("{uniform: {from: 6, to: 18}, unit: months}", "plausible 6-18 months", inside: "exponential.mean"),
            DefaultValue("persons.support_during_stay", "kept", "kept or paused", assumption("support goes on during a hospital stay"))
                .within("{levels: [kept, paused]}", "either rule is plausible; no figure"),
            DefaultValue("persons.hospitalisation_multiplier_unsupported", "1.3", "multiplier",
                         assumption("avoidable hospitalisations are 5.5 times more likely without a GP visit (drees-2023)"))
                .within("{uniform: {from: 1, to: 2}}", "avoidable stays are 5.5 times as likely without a GP visit (drees-2023); all stays far less"),
            DefaultValue("persons.hospitalisation_multiplier_coordinated", "0.95", "multiplier",
                         source("irdes-paerpa", "no significant overall effect of PAERPA on hospitalisation: a small effect, to sweep")),
            DefaultValue("persons.hospitalisation_multiplier_at_rest", "0.6", "multiplier",
                         assumption("between needs a situation is calmer than during one; plausible 0.3-1; checked against "
                                    + "re-hospitalisation within the year near 30% (drees-2019)"))
                .within("{uniform: {from: 0.3, to: 1}}", "plausible 0.3-1"),
            DefaultValue("persons.hospital_stay", "{lognormal: {mean: 12 days, sd: 10 days}}", "duration",
                         source("paerpa-evaluation", "mean stay of people 75+: 12 days (M); the spread is assumed")),
            DefaultValue("primary_care.handles_level2", "0.35", "probability",
                         assumption("a GP in a coordinated team handles a level-2 situation with the team"))
                .within("{uniform: {from: 0.2, to: 0.5}}", "no figure: a wide plausible range"),
            DefaultValue("referral.sources", "{hospital: 0.39, user_carer: 0.19, gp: 0.17, social: 0.16, medico_social: 0.09}",
                         "shares summing to 1", source("hdf-2024", "HdF's requesters, rescaled to sum to 1")),
            DefaultValue("referral.probability", "0.47", "probability",
                         calibrated("scenarios/calibration/hauts-de-france.yaml", "inside the 90% interval (median 0.64, 0.37-0.84) of the sets fitting HdF's 15,200 requests for about 6M "
                                    + "inhabitants in 2024, 253 per 100,000 (hdf-2024), with incidence fitted too; the median of care model v2's fit"))
                .within("{uniform: {from: 0.37, to: 0.84}}", "the calibration's 90% interval (docs/calibration.md)"),
            DefaultValue("referral.reference_gp_per_100k", "85", "GPs per 100,000", assumption("about the national GP density"))
                .certain("the reference of the density effect, whose size is density_elasticity"),
            DefaultValue("referral.density_elasticity", "0.5", "elasticity", assumption("no figure"))
                .within("{uniform: {from: 0, to: 1}}", "no figure: from no effect to proportional"),
            DefaultValue("referral.readability_effect", "0.4", "share", assumption("no figure"))
                .within("{uniform: {from: 0.1, to: 0.7}}", "no figure: a wide plausible range"),
            DefaultValue("referral.delay", "{exponential: {mean: 3 weeks}}", "duration", assumption("no figure"))
                .within("{uniform: {from: 1, to: 6}, unit: weeks}", "no figure: a wide plausible range", inside: "exponential.mean"),
            DefaultValue("referral.misdirection", "0.3", "probability",
                         assumption("wrong first device when the offer is unreadable"))
                .within("{uniform: {from: 0.1, to: 0.5}}", "no figure: a wide plausible range"),
            DefaultValue("referral.reorientation_delay", "{exponential: {mean: 2 weeks}}", "duration", assumption("no figure"))
                .within("{uniform: {from: 1, to: 4}, unit: weeks}", "no figure: a wide plausible range", inside: "exponential.mean"),
        ]
        values += ReferralSource.allCases.map {
            DefaultValue("referral.source_factors.\($0.rawValue)", "1", "multiplier", assumption("no figure tells the sources apart"))
                .within("{log_uniform: {from: 0.67, to: 1.5}}", "no figure: a third less to half as much again")
        }
        values += [
            DefaultValue("referral.discharge_probability", "0.3", "probability",
                         calibrated("scenarios/calibration/hauts-de-france.yaml", "inside the 90% interval of the sets fitting HdF's 35% of requests from hospitals (hdf-2024): "
                                    + "median 0.38, 0.12-0.86, poorly identified"))
                .within("{uniform: {from: 0.12, to: 0.86}}", "the calibration's 90% interval (docs/calibration.md)"),
            DefaultValue("referral.urgent_discharge_share", "0.25", "share",
                         assumption("no figure for the share of hospital requests that cannot wait; plausible 0.1-0.5"))
                .within("{uniform: {from: 0.1, to: 0.5}}", "plausible 0.1-0.5"),
            DefaultValue("outreach.reference_fte_per_100k", "0.35", "FTE per 100,000",
                         source("hdf-2024", "the outreach of HdF's DAC staffing, where requests were calibrated: 1.3 coordination FTE "
                                + "per 100,000 giving 15% of their time to professionals and animation, 1.6 case managers 10% (L)")),
            DefaultValue("outreach.half_saturation_fte_per_100k", "0.35", "FTE per 100,000",
                         assumption("no figure (gp-awareness); half the effects at the reference outreach; plausible 0.1-1"))
                .within("{log_uniform: {from: 0.1, to: 1}}", "plausible 0.1-1"),
            DefaultValue("outreach.referral_gain", "0.5", "relative rise",
                         assumption("no figure of how much being known raises requests (gp-awareness); from no outreach to "
                                    + "saturation; plausible 0-1"))
                .within("{uniform: {from: 0, to: 1}}", "plausible 0-1"),
            DefaultValue("outreach.level_1_gain", "0.3", "relative rise",
                         assumption("no figure of what supported professionals handle themselves; plausible 0-0.6"))
                .within("{uniform: {from: 0, to: 0.6}}", "plausible 0-0.6"),
            DefaultValue("outreach.misdirection_reduction", "0.5", "share",
                         assumption("professionals who know the offer ask the right device; plausible 0-0.8"))
                .within("{uniform: {from: 0, to: 0.8}}", "plausible 0-0.8"),
            DefaultValue("outreach.lag", "12 months", "duration",
                         source("maia-recognition", "a year to lift obstacles, 18 months to be recognised by all (M); plausible 6-24 months"))
                .within("{uniform: {from: 6, to: 24}, unit: months}", "plausible 6-24 months (maia-recognition)"),
            DefaultValue("case_finding.rate_per_year", "2", "per year",
                         assumption("no figure: a case-management team with all its capacity free finds a level-3 need nobody "
                                    + "referred within about six months (through the guichet intégré's partners, maia-criteria); "
                                    + "plausible 0-4"))
                .within("{uniform: {from: 0, to: 4}}", "plausible 0-4"),
            DefaultValue("case_finding.full_rate_at_free_fte_per_100k", "1", "FTE per 100,000",
                         assumption("no figure: case managers with free hours look for the situations partners signal, "
                                    + "so a team finds faster the more free time it has per inhabitant, up to what the "
                                    + "partners signal; 1 is a little under HdF's case-management caseload time wholly free "
                                    + "(1.6 FTE per 100,000, three quarters of it on caseloads: 1.2); plausible 0.5-2"))
                .within("{uniform: {from: 0.5, to: 2}}", "plausible 0.5-2"),
            DefaultValue("targets.target_delay", "30 days", "duration", assumption("no published response-time target"))
                .certain("a target the planner sets"),
            DefaultValue("targets.rupture_wait", "3 months", "duration", assumption("no published figure"))
                .certain("the definition of a rupture"),
        ]
        values += Role.allCases.map {
            DefaultValue("costs_per_fte_per_year.\($0.rawValue)", "85000", "EUR a year",
                         source("hdf-2024", "200 professionals for EUR 17M in 2025: about EUR 85k per professional all-in (L)"))
        }
        values += [
            DefaultValue("support_programme.cost_per_year.none", "0", "EUR a year", assumption("no programme"))
                .certain("the programme's budget, which the planner sets"),
            DefaultValue("support_programme.cost_per_year.light", "100000", "EUR a year",
                         assumption("for scale, PAERPA's funding was about EUR 1M a territory a year (paerpa-funding)"))
                .certain("the programme's budget, which the planner sets"),
            DefaultValue("support_programme.cost_per_year.reinforced", "250000", "EUR a year",
                         assumption("for scale, PAERPA's funding was about EUR 1M a territory a year (paerpa-funding)"))
                .certain("the programme's budget, which the planner sets"),
            DefaultValue("support_programme.cost_per_year.strong", "500000", "EUR a year",
                         assumption("for scale, PAERPA's funding was about EUR 1M a territory a year (paerpa-funding)"))
                .certain("the programme's budget, which the planner sets"),
            DefaultValue("support_programme.duration", "2 years", "duration", assumption("the programme's first two years from the convergence"))
                .certain("the programme's design, which the planner sets"),
            DefaultValue("workload.hours_per_fte_per_year", "1607", "hours a year",
                         source("code-du-travail", "the legal annual working time of a full-time post")),
            DefaultValue("workload.hours_per_month.level_2", "2", "hours a month per situation",
                         source("hdf-2024", "calibrated: HdF's 2024 activity and staffing leave about 2 to 2.5 hours a month "
                                + "for each situation followed for 3 months (L)")),
            DefaultValue("workload.hours_per_month.level_3", "3.5", "hours a month per situation",
                         calibrated("scenarios/calibration/hauts-de-france.yaml", "inside the 90% interval of the sets fitting 23 people per case manager (caseload-2018), "
                                    + "under the cap of about forty (jas-2015): median 3.5, 1.8-6.0"))
                .within("{uniform: {from: 1.8, to: 6.0}}", "the calibration's 90% interval (docs/calibration.md)"),
            DefaultValue("workload.pathways.palliative.hours", "1.5", "multiplier",
                         assumption("end-of-life situations call for more frequent contact"))
                .within("{uniform: {from: 1, to: 2}}", "no figure: a wide plausible range"),
            DefaultValue("workload.intensities.level_2.one_off", "{share: 0.3, hours: 2, duration: 0.25, visits_per_month: 0}",
                         "share, multipliers, visits a month",
                         assumption("DAC support is one-off, sustained or intensive (support-levels), shares not published; "
                                    + "a short burst by telephone; plausible share 0.1-0.5"))
                .certain("shares summing to 1 with multipliers that keep the level's calibrated hours: vary them together with a points file"),
            DefaultValue("workload.intensities.level_2.sustained", "{share: 0.6, hours: 0.7, duration: 1.25, visits_per_month: 0.5}",
                         "share, multipliers, visits a month",
                         assumption("the level's mean hours and duration are kept (calibrated): the three intensities' shares "
                                    + "average the multipliers to about 1"))
                .certain("shares summing to 1 with multipliers that keep the level's calibrated hours: vary them together with a points file"),
            DefaultValue("workload.intensities.level_2.intensive", "{share: 0.1, hours: 2, duration: 1.75, visits_per_month: 1}",
                         "share, multipliers, visits a month",
                         assumption("unstable situations at high risk of rupture; plausible share 0.05-0.2"))
                .certain("shares summing to 1 with multipliers that keep the level's calibrated hours: vary them together with a points file"),
            DefaultValue("workload.intensities.level_3.one_off", "{share: 0, hours: 1, duration: 1, visits_per_month: 0}",
                         "share, multipliers, visits a month", assumption("case management is never one-off"))
                .certain("shares summing to 1 with multipliers that keep the level's calibrated hours: vary them together with a points file"),
            DefaultValue("workload.intensities.level_3.sustained", "{share: 0.7, hours: 0.6, duration: 0.8, visits_per_month: 1}",
                         "share, multipliers, visits a month",
                         source("fma-2016", "case managers spend 57% of their time in the field: a visit a month (assumption); "
                                + "shares average the level's calibrated hours and duration"))
                .certain("shares summing to 1 with multipliers that keep the level's calibrated hours: vary them together with a points file"),
            DefaultValue("workload.intensities.level_3.intensive", "{share: 0.3, hours: 1.5, duration: 1.5, visits_per_month: 2}",
                         "share, multipliers, visits a month", assumption("plausible share 0.2-0.5"))
                .certain("shares summing to 1 with multipliers that keep the level's calibrated hours: vary them together with a points file"),
            DefaultValue("workload.travel.speed_kmh", "50", "km/h", assumption("roads outside towns; plausible 30-70"))
                .within("{uniform: {from: 30, to: 70}}", "plausible 30-70"),
            DefaultValue("workload.travel.reference_radius_km", "25", "km",
                         assumption("the radius of HdF's balanced DAC, where the hours a month were calibrated: the balanced "
                                    + "archetype's"))
                .certain("the radius where the hours were calibrated: a reference, not a quantity"),
        ]
        return values
    }()

    /// What `run` does not say.
    static let run = DefaultTable(name: "Run", place: "run", file: "<run defaults>", values: [
        DefaultValue("warm_up", "0 days", "duration", assumption("no result is discarded unless the scenario says so"))
                .certain("a setting of the run"),
        // The slowest stock, people between two episodes of need, settles with a time constant of
        // about 2.4 years (1 / the sum of its hazards at level 2): after 5 years it is within about 12% of its level.
        DefaultValue("spin_up", "5 years", "duration",
                     assumption("the slowest stock settles within about 12% in 5 years; checked by the staffing scenarios' face-validity test"))
                .certain("a setting of the run"),
        DefaultValue("replications", "10", "replications", assumption("enough for a first look; raise it for intervals"))
                .certain("a setting of the run"),
        DefaultValue("max_replications", "200", "replications",
                     assumption("the cap of a run by precision (run.precision or --precision): a few minutes for a département"))
                .certain("a setting of the run"),
        DefaultValue("seed", "1", "seed", assumption("any seed"))
                .certain("a setting of the run"),
    ])

    /// What each territory inherits under its archetype; devices are written per 100,000
    /// inhabitants (`fte_per_100k`, `staff_per_100k`) so that one archetype fits a territory of any size.
    static let territory = DefaultTable(name: "Territory", place: "territories[]", file: "<territory defaults>", values: territoryValues)

    private static let territoryValues: [DefaultValue] = {
        var values: [DefaultValue] = [
            DefaultValue("growth_per_year.under_60", "-0.002", "per year", assumption("ageing"))
                .within("{uniform: {from: -0.006, to: 0.002}}", "no figure: a wide plausible range"),
            DefaultValue("growth_per_year.from_60_to_74", "0.01", "per year", assumption("ageing"))
                .within("{uniform: {from: 0, to: 0.02}}", "no figure: a wide plausible range"),
            DefaultValue("growth_per_year.from_75", "0.025", "per year", assumption("ageing"))
                .within("{uniform: {from: 0.015, to: 0.035}}", "no figure: a wide plausible range"),
            DefaultValue("gp_per_100k", "85", "GPs per 100,000", assumption("about the national GP density"))
                .certain("a fact of the territory: write the territory's own"),
            DefaultValue("primary_care_coverage", "0.4", "share", assumption("no figure"))
                .within("{uniform: {from: 0.2, to: 0.6}}", "no figure: a wide plausible range"),
            DefaultValue("visit_radius_km", "25", "km",
                         source("fma-2016", "68% of case managers cover a radius over 35 km; a balanced territory's 25 km is an "
                                + "assumption, plausible 15-40"))
                .within("{uniform: {from: 15, to: 40}}", "plausible 15-40 for a balanced territory"),
        ]
        let routing: [(String, String)] = [
            ("gp", "{pta: 0.35, maia: 0.25, clic: 0.15, cta: 0.15, network: 0.10}"),
            ("hospital", "{network: 0.35, pta: 0.30, cta: 0.15, maia: 0.10, clic: 0.10}"),
            ("social", "{clic: 0.50, maia: 0.20, pta: 0.15, cta: 0.15}"),
            ("medico_social", "{maia: 0.40, clic: 0.30, cta: 0.15, pta: 0.15}"),
            ("user_carer", "{clic: 0.45, pta: 0.20, maia: 0.15, cta: 0.15, network: 0.05}"),
        ]
        values += routing.map { source, shares in
            DefaultValue("routing.\(source)", shares, "shares by device kind",
                         assumption("whom each source asks first before convergence, from each device's mission"))
                .certain("shares summing to 1: vary them together with a points file")
        }
        values += [
            DefaultValue("turnover.quits_per_year", "0.15", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.075, to: 0.3}}", "no figure: within a factor of 2 either way"),
            DefaultValue("turnover.hiring_delay", "{exponential: {mean: 4 months}}", "duration", assumption("no figure"))
                .within("{uniform: {from: 2, to: 8}, unit: months}", "no figure: a wide plausible range", inside: "exponential.mean"),
            DefaultValue("turnover.ramp_up", "6 months", "duration", assumption("no figure"))
                .within("{uniform: {from: 3, to: 12}, unit: months}", "no figure: a wide plausible range"),
            DefaultValue("turnover.around_convergence.multiplier", "1.5", "multiplier",
                         assumption("staff leave more while their service merges"))
                .within("{uniform: {from: 1, to: 2.5}}", "no figure: a wide plausible range"),
            DefaultValue("turnover.around_convergence.before", "6 months", "duration", assumption("no figure"))
                .within("{uniform: {from: 3, to: 12}, unit: months}", "no figure: a wide plausible range"),
            DefaultValue("turnover.around_convergence.after", "12 months", "duration", assumption("no figure"))
                .within("{uniform: {from: 6, to: 24}, unit: months}", "no figure: a wide plausible range"),
            DefaultValue("ideal_fte_per_100k.front_desk", "0.9", "FTE per 100,000",
                         source("bretagne", "7.6 staff per 100,000 taken as the ideal, split as the archetypes' DAC (assumption)")),
            DefaultValue("ideal_fte_per_100k.coordination", "3.0", "FTE per 100,000",
                         source("bretagne", "7.6 staff per 100,000 taken as the ideal, split as the archetypes' DAC (assumption)")),
            DefaultValue("ideal_fte_per_100k.case_management", "3.7", "FTE per 100,000",
                         source("bretagne", "7.6 staff per 100,000 taken as the ideal, split as the archetypes' DAC (assumption)")),
        ]
        return values
    }()

    static let frontDesk = DefaultTable(name: "Front desk", place: "front_desk", file: "<front desk defaults>", values: [
        DefaultValue("hours.days", "[mon, tue, wed, thu, fri]", "days of the week", assumption("office days"))
                .certain("opening hours are known"),
        DefaultValue("hours.open", "\"09:00\"", "time of day", assumption("office hours"))
                .certain("opening hours are known"),
        DefaultValue("hours.close", "\"17:00\"", "time of day", assumption("office hours"))
                .certain("opening hours are known"),
        DefaultValue("service", "{lognormal: {mean: 40 min, sd: 30 min}}", "duration", assumption("no figure"))
                .within("{uniform: {from: 20, to: 60}, unit: minutes}", "no figure: a wide plausible range", inside: "lognormal.mean"),
        DefaultValue("resolved_share", "0.25", "share",
                     calibrated("scenarios/calibration/occitanie.yaml",
                                "inside the 90% interval of the sets fitting Occitanie's 20% of requests answered by information "
                                + "and orientation (occitanie-2023): median 0.19, 0.09-0.30; Bretagne's: 0.14, 0.06-0.26 (bretagne)"))
                .within("{uniform: {from: 0.09, to: 0.30}}", "the calibration's 90% interval (docs/calibration.md)"),
    ])

    /// How each FTE's time splits (shares summing to 1): caseloads; information and orientation
    /// (mission 1); support to professionals (mission 3); assessments, home visits included;
    /// territorial animation; management.
    static let coordination = DefaultTable(name: "Coordination", place: "coordination", file: "<caseload defaults>", values: [
        DefaultValue("time", "{caseloads: 0.6, information: 0.1, professionals: 0.1, assessments: 0.1, animation: 0.05, management: 0.05}",
                     "shares of time summing to 1",
                     assumption("a coordination référent also answers mission 1 and 3 requests and assesses new ones"))
                .certain("shares of time summing to 1: a choice of organisation, to sweep"),
        DefaultValue("duration", "{gamma: {mean: 3 months, sd: 2 months}}", "duration", assumption("no figure"))
                .within("{uniform: {from: 2, to: 5}, unit: months}", "no figure: a wide plausible range", inside: "gamma.mean"),
    ])

    static let caseManagement = DefaultTable(name: "Case management", place: "case_management", file: "<caseload defaults>", values: [
        DefaultValue("time", "{caseloads: 0.75, information: 0, professionals: 0.05, assessments: 0.1, animation: 0.05, management: 0.05}",
                     "shares of time summing to 1",
                     source("fma-2016", "57% of their time in the field; with office work for the same people, 75% on caseloads (assumption)")),
        DefaultValue("duration", "{exponential: {mean: 2 years}}", "duration", assumption("until stabilisation"))
                .within("{uniform: {from: 1, to: 3}, unit: years}", "no figure: a wide plausible range", inside: "exponential.mean"),
    ])

    static let frictions = DefaultTable(name: "Convergence", place: "convergence", file: "<friction defaults>", values: [
        DefaultValue("launch.productivity", "0.7", "multiplier", assumption("no figure"))
                .within("{uniform: {from: 0.5, to: 0.9}}", "no figure: a wide plausible range"),
        DefaultValue("launch.recovery", "12 months", "duration", assumption("no figure"))
                .within("{uniform: {from: 6, to: 24}, unit: months}", "no figure: a wide plausible range"),
        DefaultValue("role_conflicts.productivity", "0.9", "multiplier", assumption("no figure"))
                .within("{uniform: {from: 0.8, to: 1}}", "no figure: a wide plausible range"),
        DefaultValue("role_conflicts.duration", "12 months", "duration", assumption("no figure"))
                .within("{uniform: {from: 6, to: 24}, unit: months}", "no figure: a wide plausible range"),
        DefaultValue("information_system.productivity", "0.9", "multiplier", assumption("no figure"))
                .within("{uniform: {from: 0.8, to: 1}}", "no figure: a wide plausible range"),
        DefaultValue("information_system.duration", "18 months", "duration", assumption("no figure"))
                .within("{uniform: {from: 9, to: 30}, unit: months}", "no figure: a wide plausible range"),
        DefaultValue("training.productivity", "0.92", "multiplier", assumption("no figure"))
                .within("{uniform: {from: 0.85, to: 1}}", "no figure: a wide plausible range"),
        DefaultValue("training.duration", "12 months", "duration", assumption("no figure"))
                .within("{uniform: {from: 6, to: 18}, unit: months}", "no figure: a wide plausible range"),
        DefaultValue("readability_after", "0.8", "share", assumption("no figure"))
                .within("{uniform: {from: 0.6, to: 0.95}}", "no figure: a wide plausible range"),
    ])

    /// Every table of defaults, in the order a scenario meets them.
    static let tables = [model, run, territory, frontDesk, coordination, caseManagement, frictions]

    // Devices before convergence and the DAC they become, by maturity archetype (docs/model.md).

    private static let maia = source("maia-teams", "1 pilot and 3 case managers (M) for about 190,000 inhabitants (L): 1.6 case managers per 100,000")
    private static let dac = source("hdf-2024", "HdF's 3.3 staff per 100,000 (L), split so the DAC keeps the MAIA's 1.6 case managers "
                                    + "(assumption: the DAC took over the MAIA teams)")
    private static let devices = assumption("the devices of this kind of territory (docs/model.md), staffed per 100,000 by assumption "
                                            + "(a full MAIA team is 1.6 case managers per 100,000, maia-teams)")
    private static let dacValue =
        "{front_desk: {staff_per_100k: 0.4}, coordination: {fte_per_100k: 1.3}, case_management: {fte_per_100k: 1.6}}"

    private static func archetype(_ archetype: Archetype, _ values: [DefaultValue]) -> DefaultTable {
        DefaultTable(name: "Archetype \(archetype.rawValue)", place: "territories[] with archetype: \(archetype.rawValue)",
                     file: "<archetype \(archetype.rawValue)>", values: values) { .archetype(archetype.rawValue, $0) }
    }

    static let archetypes: [Archetype: DefaultTable] = [
        .desert: archetype(.desert, [
            DefaultValue("gp_per_100k", "60", "GPs per 100,000", assumption("a medical desert"))
                .certain("a fact of the territory: write the territory's own"),
            DefaultValue("visit_radius_km", "45", "km", source("fma-2016", "68% of case managers cover over 35 km; a rural "
                                                              + "desert's visits go farther (assumption)"))
                .within("{uniform: {from: 35, to: 60}}", "plausible 35-60"),
            DefaultValue("readability", "0.3", "share", assumption("no figure"))
                .within("{uniform: {from: 0.15, to: 0.45}}", "no figure: a wide plausible range"),
            DefaultValue("support_programme", "strong", "level", assumption("the least mature territories get the most help"))
                .certain("the programme chosen for this kind of territory"),
            DefaultValue("turnover.quits_per_year", "0.2", "per year", assumption("no figure"))
                .within("{log_uniform: {from: 0.1, to: 0.4}}", "no figure: within a factor of 2 either way"),
            DefaultValue("devices", """
                [{name: MAIA, kind: maia, eligibility: {age_bands: [from_60_to_74, from_75]},
                  case_management: {fte_per_100k: 1.6}}]
                """, "devices", maia)
                .certain("the devices of this kind of territory: a structure, not a quantity"),
            DefaultValue("convergence.dac", "{front_desk: {staff_per_100k: 0.3}, coordination: {fte_per_100k: 1.0}, case_management: {fte_per_100k: 1.6}}",
                         "FTE per 100,000", source("hdf-2024", "below HdF's 3.3 staff per 100,000 (L): a thin DAC (assumption)")),
            DefaultValue("convergence.launch", "{productivity: 0.6, recovery: 18 months}", "multiplier, duration", assumption("no figure"))
                .within("{uniform: {from: 0.4, to: 0.8}}", "no figure: a wide plausible range", inside: "productivity")
                .within("{uniform: {from: 12, to: 24}, unit: months}", "no figure: a wide plausible range", inside: "recovery"),
            DefaultValue("convergence.information_system", "{productivity: 0.85, duration: 24 months}", "multiplier, duration",
                         assumption("no figure"))
                .within("{uniform: {from: 0.7, to: 1}}", "no figure: a wide plausible range", inside: "productivity")
                .within("{uniform: {from: 12, to: 36}, unit: months}", "no figure: a wide plausible range", inside: "duration"),
            DefaultValue("convergence.training", "{productivity: 0.85, duration: 18 months}", "multiplier, duration", assumption("no figure"))
                .within("{uniform: {from: 0.75, to: 0.95}}", "no figure: a wide plausible range", inside: "productivity")
                .within("{uniform: {from: 12, to: 24}, unit: months}", "no figure: a wide plausible range", inside: "duration"),
        ]),
        .medicoSocial: archetype(.medicoSocial, [
            DefaultValue("readability", "0.45", "share", assumption("no figure"))
                .within("{uniform: {from: 0.3, to: 0.6}}", "no figure: a wide plausible range"),
            DefaultValue("visit_radius_km", "35", "km", source("fma-2016", "68% of case managers cover over 35 km (M)"))
                .within("{uniform: {from: 25, to: 50}}", "plausible 25-50"),
            DefaultValue("support_programme", "reinforced", "level", assumption("no figure"))
                .certain("the programme chosen for this kind of territory"),
            DefaultValue("devices", """
                [{name: CLIC, kind: clic, eligibility: {age_bands: [from_60_to_74, from_75]},
                  front_desk: {staff_per_100k: 0.5}, coordination: {fte_per_100k: 0.8}},
                 {name: MAIA, kind: maia, eligibility: {age_bands: [from_60_to_74, from_75]},
                  case_management: {fte_per_100k: 1.2}}]
                """, "devices", devices)
                .certain("the devices of this kind of territory: a structure, not a quantity"),
            DefaultValue("convergence.dac", dacValue, "FTE per 100,000", dac),
        ]),
        .sanitary: archetype(.sanitary, [
            DefaultValue("readability", "0.45", "share", assumption("no figure"))
                .within("{uniform: {from: 0.3, to: 0.6}}", "no figure: a wide plausible range"),
            DefaultValue("visit_radius_km", "15", "km", assumption("large urban départements: short visits; plausible 8-25"))
                .within("{uniform: {from: 8, to: 25}}", "plausible 8-25"),
            DefaultValue("support_programme", "reinforced", "level", assumption("no figure"))
                .certain("the programme chosen for this kind of territory"),
            DefaultValue("devices", """
                [{name: PTA, kind: pta, front_desk: {staff_per_100k: 0.4}, coordination: {fte_per_100k: 1.2}},
                 {name: palliative network, kind: network, eligibility: {pathways: [palliative]},
                  coordination: {fte_per_100k: 0.5}}]
                """, "devices", assumption("the devices of this kind of territory (docs/model.md), staffed per 100,000 by assumption"))
                .certain("the devices of this kind of territory: a structure, not a quantity"),
            DefaultValue("convergence.dac", dacValue, "FTE per 100,000", dac),
        ]),
        .balanced: archetype(.balanced, [
            DefaultValue("readability", "0.5", "share", assumption("no figure"))
                .within("{uniform: {from: 0.35, to: 0.65}}", "no figure: a wide plausible range"),
            DefaultValue("support_programme", "light", "level", assumption("no figure"))
                .certain("the programme chosen for this kind of territory"),
            DefaultValue("devices", """
                [{name: CLIC, kind: clic, eligibility: {age_bands: [from_60_to_74, from_75]},
                  front_desk: {staff_per_100k: 0.3}, coordination: {fte_per_100k: 0.4}},
                 {name: MAIA, kind: maia, eligibility: {age_bands: [from_60_to_74, from_75]},
                  case_management: {fte_per_100k: 1.2}},
                 {name: PTA, kind: pta, front_desk: {staff_per_100k: 0.2}, coordination: {fte_per_100k: 0.9}},
                 {name: palliative network, kind: network, eligibility: {pathways: [palliative]},
                  coordination: {fte_per_100k: 0.4}}]
                """, "devices", devices)
                .certain("the devices of this kind of territory: a structure, not a quantity"),
            DefaultValue("convergence.dac", dacValue, "FTE per 100,000", dac),
            DefaultValue("convergence.launch", "{productivity: 0.8, recovery: 9 months}", "multiplier, duration", assumption("no figure"))
                .within("{uniform: {from: 0.65, to: 0.95}}", "no figure: a wide plausible range", inside: "productivity")
                .within("{uniform: {from: 6, to: 18}, unit: months}", "no figure: a wide plausible range", inside: "recovery"),
        ]),
        .paerpaPilot: archetype(.paerpaPilot, [
            DefaultValue("readability", "0.6", "share", assumption("no figure"))
                .within("{uniform: {from: 0.45, to: 0.75}}", "no figure: a wide plausible range"),
            DefaultValue("visit_radius_km", "30", "km", assumption("mostly rural pilot territories; plausible 20-45"))
                .within("{uniform: {from: 20, to: 45}}", "plausible 20-45"),
            DefaultValue("support_programme", "light", "level", assumption("no figure"))
                .certain("the programme chosen for this kind of territory"),
            DefaultValue("devices", """
                [{name: PAERPA CTA, kind: cta, eligibility: {age_bands: [from_75]},
                  front_desk: {staff_per_100k_aged_75: 4}, coordination: {fte_per_100k_aged_75: 10}},
                 {name: MAIA, kind: maia, eligibility: {age_bands: [from_60_to_74, from_75]},
                  case_management: {fte_per_100k_aged_75: 12}},
                 {name: palliative network, kind: network, eligibility: {pathways: [palliative]},
                  coordination: {fte_per_100k: 0.4}}]
                """, "devices", assumption("the devices of a former PAERPA pilot (docs/model.md); CTA staffing from paerpa-cta; the "
                                           + "CTA and the MAIA, for older people, staffed per 100,000 aged 75+ (0.4, 1.0 and 1.2 per "
                                           + "100,000 inhabitants where 10% are 75+), so that a pilot's older population (10.6-13% "
                                           + "aged 75+, paerpa-evaluation) gets staff in proportion"))
                .certain("the devices of this kind of territory: a structure, not a quantity"),
            DefaultValue("convergence.dac", dacValue, "FTE per 100,000", dac),
            DefaultValue("convergence.launch", "{productivity: 0.85, recovery: 6 months}", "multiplier, duration", assumption("no figure"))
                .within("{uniform: {from: 0.7, to: 1}}", "no figure: a wide plausible range", inside: "productivity")
                .within("{uniform: {from: 3, to: 12}, unit: months}", "no figure: a wide plausible range", inside: "recovery"),
            DefaultValue("convergence.role_conflicts", "{productivity: 0.95, duration: 6 months}", "multiplier, duration", assumption("no figure"))
                .within("{uniform: {from: 0.85, to: 1}}", "no figure: a wide plausible range", inside: "productivity")
                .within("{uniform: {from: 3, to: 12}, unit: months}", "no figure: a wide plausible range", inside: "duration"),
        ]),
    ]
}

extension DefaultTable {
    /// Every table of defaults, in the order a scenario meets them.
    public static var all: [DefaultTable] { Defaults.tables }
    /// The values each archetype gives its territories, in docs/model.md's order.
    public static var archetypes: [DefaultTable] { Archetype.allCases.compactMap { Defaults.archetypes[$0] } }
}
