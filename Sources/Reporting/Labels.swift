/// The language of reports and terminal tables.
public enum Language: String, CaseIterable, Sendable {
    case en, fr
}

/// Every text a report or a terminal table shows, by key: one table per language below, each
/// with every key (a test checks it). `{1}`, `{2}`... stand for the values put in.
public enum Text: String, CaseIterable, Sendable {
    // Page
    case contents, tableBehindChart, subtitleRun, subtitleComparison, subtitleSweep, unknownDate
    // Scenario section
    case scenario, noScenarioCSV, item, value, setting, scenarioName, scenarioFile, firstDay, horizonYears, warmUpYears,
         resultsFrom, targetDelayDays, ruptureWaitDays, costPerFTE, replications, seed, dacsimVersion, territories,
         territoriesOf, territory, archetype, population, aged75, gpsPer100k, devicesBefore, staffBefore, convergenceIntoDAC,
         dacStaff, supportProgramme, staffingPlans, roleFrontDesk, roleCoordination, roleCaseManagement
    // Methods
    case methods, objective, objectiveText, objectiveCompare, objectiveSweep, model, modelText, data, dataText, oneYear,
         years, scenarioHorizon, theFirst, theWarmUp, theWarmUpEnd, experimentText, experimentCompare, experimentSweep, grid, design,
         experimentation, statistics, statisticsText, statisticsCompare, implementation, implementationText, verification,
         verificationText, resultsFiles, resultsFilesText
    // Run report
    case runTitle, aRun, keyResults, keyResultsText, shownNote, markerNote, waitsOverTime, coordinationSupport,
         caseManagement, meanWaitTitle, days, meanWaitCaption, waitListsAndOccupancy, waitingCoordination, waitingCaseManagement,
         people, waitingAtMonthEnd, occupancyCoordination, occupancyCaseManagement, occupancyUnit, occupancyWhat, bandsCaption,
         capacityThroughConvergence, capacityText, capacityOf, month, places, ideal, planned, real, noConvergence,
         convergedBefore, convergesAfter, convergesDuring, capacityCaption, metric, unit, meanCI, convergence, convergenceOf,
         sideBySide, meanWaitCoordination, meanWaitCaseManagement, unmetNeeds, per100kPerYear, ruptures, costPerPerson, eur,
         perTerritoryCaption, equityAcrossTerritories, equityText, highestLowest, gini, equityWaitCoordination,
         equityWaitCaseManagement, equityUnmet, equityCost, resultsByYear, resultsByYearText, forAllTerritories,
         partlyObserved, daysCount, targets, targetsText, year, target, probabilityMet
    // Comparison report
    case comparisonTitle, differences, differencesText, differencesPaired, differencesIndependent, differenceTitle,
         differenceCaption, excludesZero, everyMetric, everyMetricText, showTable, ciOfDifference
    // Sweep report
    case sweepTitle, aSweep, baseScenario, theGrid, gridText, axisKey, values, metricsAgainstAxes, metricsAgainstAxesText,
         allTerritoriesTogether, againstTitle, againstCaption, firstCombinations, noValue, label, heatMapTitle, heatMapCaption,
         heatMapTarget, meetsTarget, heatMapTable, targetsOfSweep, targetsOfSweepText, differencesOverTime,
         differencesOverTimeText, differenceOverTimeTitle, differenceOverTimeCaption, differenceUnit, coordinationWaitList,
         caseManagementWaitList, realCapacity, sharesClipped, heatMapsText
    // Terminal tables and the summary's columns
    case colRequests, colRequestsShort, colCoordinationWait, colCoordinationWaitShort, colCoordinationP90,
         colCoordinationP90Short, colCaseManagementWait, colCaseManagementWaitShort, colCaseManagementP90,
         colCaseManagementP90Short, colCoordinationInTarget, colCoordinationInTargetShort, colCaseManagementInTarget,
         colCaseManagementInTargetShort, colCoordinationOccupancy, colCoordinationOccupancyShort, colCaseManagementOccupancy,
         colCaseManagementOccupancyShort, colUnmet, colUnmetShort, colNotReferred, colNotReferredShort, colRuptures, colRupturesShort, colHospitalisations,
         colHospitalisationsShort, colStaffCost, colStaffCostShort, unitPerYear, unitDays, unitShare, unitThousandEurosPerYear,
         shortLegend, meansOver, meansOverOne, halfWidths, comparisonFooter, metInCount, goalFooter, interval95, probability,
         metIn
    // Design sweeps and warm-up
    case designLatinHypercube, designSobol, designPointsFile, theDesign, designText, parameterKey, lowest, highest,
         distinctValues, metricsAgainstParameters, metricsAgainstText, against, dotsCaption, cell, warmUpTitle, warmUpText,
         series, truncationMonths, settled, cutAt, notSettled, warmUpCaption, andConvergence, meanCIOf
    // Optimisation report
    case subtitleOptimisation, optimisationTitle, anOptimisation, theProblem, problemText, decisionVariables, monotone, yes, no,
         constraints, constraintName, requiredProbability, wholePeriod, recommendation, recommendationText, noRecommendation,
         frontierSection, frontierText, frontierTitle, frontierCaption, frontierSeries, otherCandidates, recommendedMarker,
         everyCandidate, everyCandidateText, candidate, status, objectiveMean, estimatedProbability, onFrontier,
         statusFeasible, statusInfeasible, statusUndecided, statusInfeasibleByMonotonicity, statusCostlierByMonotonicity,
         objectiveOptimisation, experimentOptimisation
    // Calibration
    case subtitleCalibration, objectiveCalibration, experimentCalibration, calibrationTitle, aCalibration, calibrationOutcome,
         calibratedText, unreachableText, noJointFitText, wave, designPoints, nonImplausible, share, targetFits, targetFitsText,
         observed, simulated, fitCaption, fitted, cannotBeMet, notMetTogether, interval90, marginals, marginalsText, prior,
         calibrated, marginalCaption, median
    // Uncertainty
    case uncertaintyMean, uncertaintyInterval, uncertaintyShare, uncertaintyDrivers, uncertaintyTitle, uncertaintySection,
         uncertaintyText, uncertaintyValues, uncertaintyRange, uncertaintyWhy, uncertaintyFrom, uncertaintyPlaces, uncertaintyDotsText,
         uncertaintyMeanDifference, uncertaintyAboveZero, uncertaintyComparisonTitle, uncertaintyComparisonText,
         uncertaintyFromTo, subtitleUncertaintyComparison
    // What constrains a metric
    case basis, basisCalibrated, basisAssumptions, basisLegend, basisWideLegend, uncertaintyGoal, metricInYear
}

/// Texts in one language, looked up by key.
public struct Labels: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    public static let tables: [Language: [Text: String]] = [.en: english, .fr: french]

    /// The text of `key`, with `{1}`, `{2}`... replaced by `values` in order.
    public func callAsFunction(_ key: Text, _ values: String...) -> String {
        var text = Self.tables[language]?[key] ?? Self.english[key] ?? key.rawValue
        for (i, value) in values.enumerated() { text = text.replacingOccurrences(of: "{\(i + 1)}", with: value) }
        return text
    }

    static let english: [Text: String] = [
        .contents: "Contents",
        .tableBehindChart: "Table behind this chart",
        .subtitleRun: "A run of dacsim {1}, results of {2}; report made {3} from {4}",
        .subtitleComparison: "A comparison of dacsim {1}, results of {2}; report made {3} from {4}",
        .subtitleSweep: "A sweep of dacsim {1}, results of {2}; report made {3} from {4}",
        .unknownDate: "an unknown date",
        .scenario: "Scenario",
        .noScenarioCSV: "This results directory has no scenario.csv (it was written by an older dacsim): only the manifest "
            + "describes the scenario. Run it again to have territories, staffing and convergence dates here.",
        .item: "item",
        .value: "value",
        .setting: "setting",
        .scenarioName: "scenario",
        .scenarioFile: "scenario file",
        .firstDay: "first simulated day",
        .horizonYears: "horizon (years)",
        .warmUpYears: "warm-up, discarded (years)",
        .resultsFrom: "results from",
        .targetDelayDays: "target delay (days)",
        .ruptureWaitDays: "a wait longer than this is a rupture (days)",
        .costPerFTE: "cost per FTE, {1} (EUR/yr)",
        .replications: "replications",
        .seed: "seed",
        .dacsimVersion: "dacsim version",
        .territories: "Territories",
        .territoriesOf: "Territories of {1}",
        .territory: "territory",
        .archetype: "archetype",
        .population: "population",
        .aged75: "aged 75+",
        .gpsPer100k: "GPs per 100k",
        .devicesBefore: "devices before convergence",
        .staffBefore: "staff before (front desk / coordination / case management FTE)",
        .convergenceIntoDAC: "convergence into a DAC",
        .dacStaff: "DAC staff (FTE)",
        .supportProgramme: "support programme",
        .staffingPlans: "Staffing plans: {1}",
        .roleFrontDesk: "front desk",
        .roleCoordination: "coordination",
        .roleCaseManagement: "case management",
        .methods: "Methods",
        .objective: "Objective",
        .objectiveText: "To estimate, per territory, the waits for coordination support and case management, caseload "
            + "occupancy, unmet needs, ruptures of care pathways, hospitalisations and staff costs that follow from the "
            + "scenario's devices, staffing and convergence into a DAC{1}",
        .objectiveCompare: ", and the difference between two scenarios.",
        .objectiveSweep: ", and how they change along the sweep's axes.",
        .model: "Model",
        .modelText: "A discrete-event simulation in continuous time (days). Complex situations arise in each territory as a "
            + "non-homogeneous Poisson process (incidence by age band and pathway, seasonality, population growth), sampled by "
            + "thinning; from then on each person is an individual with a need level (coordination support or case management) "
            + "and hazards of changing need, hospitalisation, nursing-home entry, death and moving. Referral depends on GP density "
            + "and on how readable the offer is; before convergence a request may reach the wrong device or no eligible one. "
            + "Devices have a front desk with working hours, caseloads of staff time (each FTE's share of time for caseloads; "
            + "each person followed takes hours a month by need level and pathway), and priority wait lists. Services that "
            + "exist at the start start in the state their configuration would have reached, after a spin-up run before the "
            + "start, or from the counts the scenario gives (manifest.json's initial_state says which). Convergence merges devices into "
            + "one DAC (all at once, or staged, some staying out) with frictions (launch, role conflicts, information system, "
            + "training), recruitment of its new posts and staff turnover rising around it. Every person is accounted for (in service, waiting, or left for a counted reason), "
            + "and this is checked at the end of every replication. The full description is in docs/model.md.",
        .data: "Data",
        .dataText: "Parameter values come from the scenario file (and its defaults and archetype); their sources are cited in "
            + "the file's comments and in docs/model.md, where values with no published figure are marked as assumptions, meant "
            + "to be swept. The scenario file's SHA-256 is recorded in manifest.json.",
        .oneYear: "1 year",
        .years: "{1} years",
        .scenarioHorizon: "the scenario's horizon",
        .theFirst: "the first {1}",
        .theWarmUp: "the warm-up",
        .theWarmUpEnd: "the warm-up's end",
        .experimentText: "{1} independent replications of {2} each, with seed {3}; {4} (warm-up) are discarded and results "
            + "begin on {5}. Every random number comes from a GSL MT19937 stream derived from (seed, replication, territory, "
            + "purpose): demand, persons' attributes, care, life events and staff each have their own.",
        .experimentCompare: " Both scenarios ran on the same streams (common random numbers) unless the seeds above differ, so "
            + "replication r of A and of B see the same arrivals and persons; differences are paired replication by replication.",
        .experimentSweep: " Every cell of the {1} runs with the same seed, so cells share their random streams (common random "
            + "numbers across the {1}).",
        .grid: "grid",
        .design: "design",
        .experimentation: "Experimentation",
        .statistics: "Statistics",
        .statisticsText: "Each metric is computed per replication over the observed period, then summarised by its mean across "
            + "replications and a 95% Student t confidence interval (shown in brackets and as bands or whiskers). Monthly series "
            + "are the mean of each month across replications, with the same interval. Percentiles of waits (p90) are taken within "
            + "each replication, then averaged. Equity ratios (highest over lowest territory, and Gini coefficient) are computed "
            + "within each replication across territories, then summarised the same way. Shares of people within the target "
            + "delay and their intervals are clipped to [0, 1] in charts and tables (a symmetric interval of a share near 0 or 1 "
            + "can pass them; the CSV files keep the interval as computed). A target's probability is the share of replications "
            + "meeting it, with its Wilson score interval.",
        .statisticsCompare: " A difference is starred when its paired interval excludes zero.",
        .implementation: "Implementation",
        .implementationText: "dacsim {1} (Swift, with the GNU Scientific Library for random distributions). The same scenario "
            + "and seed give byte-identical results whatever the number of threads.",
        .verification: "Verification",
        .verificationText: "The engine is tested against queueing theory (Erlang C, B and A, M/G/∞, Little's law) and the "
            + "samplers against their closed forms, with tolerances from replications' confidence intervals (docs/engine.md).",
        .resultsFiles: "Results files",
        .resultsFilesText: "This report reads the CSV files beside its manifest.json in {1}; they hold every number shown here, "
            + "in tidy form for pandas or R.",
        .runTitle: "dacsim report: {1}",
        .aRun: "a run",
        .keyResults: "Key results",
        .keyResultsText: "Means over {1} replications of the observed period, with their 95% confidence interval in brackets.",
        .shownNote: " The {1} most populous of {2} territories are drawn; monthly.csv holds them all.",
        .markerNote: " Dashed lines mark convergence into a DAC.",
        .waitsOverTime: "Waits over time",
        .coordinationSupport: "coordination support",
        .caseManagement: "case management",
        .meanWaitTitle: "Mean wait for {1}, by month of admission",
        .days: "days",
        .meanWaitCaption: "Mean wait of the people admitted to {1} each month, per territory; the band is the 95% confidence "
            + "interval across replications.{2}",
        .waitListsAndOccupancy: "Wait lists and occupancy",
        .waitingCoordination: "People waiting for coordination support",
        .waitingCaseManagement: "People waiting for case management",
        .people: "people",
        .waitingAtMonthEnd: "waiting at the end of each month",
        .occupancyCoordination: "Coordination caseload occupancy",
        .occupancyCaseManagement: "Case-management caseload occupancy",
        .occupancyUnit: "caseload time taken / capacity",
        .occupancyWhat: "caseload time taken by the people supported over the caseload time there is, at the end of each month "
            + "(above 1 when capacity fell below what the people already supported take: nobody is sent away)",
        .bandsCaption: "{1}: {2}, per territory, with 95% confidence bands.{3}",
        .capacityThroughConvergence: "Capacity through convergence",
        .capacityText: "Caseload hours a month in coordination support and case management together (each FTE gives its share "
            + "of time for caseloads; each person followed takes hours by need level). Ideal: what the policy's staffing per "
            + "100,000 inhabitants would give at today's population; planned: the FTE in post or planned, at full productivity; "
            + "real: the hours actually there, after vacancies, ramp-up of new hires and convergence frictions.",
        .capacityOf: "Capacity of {1}",
        .month: "month",
        .places: "caseload hours a month",
        .ideal: "ideal",
        .planned: "planned",
        .real: "real",
        .noConvergence: " The territory does not converge during the run.",
        .convergedBefore: " It converged into a DAC on {1}, before the observed period begins.",
        .convergesAfter: " It converges into a DAC on {1}, after the end of the run.",
        .convergesDuring: " It converges into a DAC on {1} (dashed line).",
        .capacityCaption: "Ideal, planned and real capacity of {1}, monthly means with 95% bands.{2}",
        .metric: "metric",
        .unit: "unit",
        .meanCI: "mean [95% CI]",
        .convergence: "convergence",
        .convergenceOf: "convergence: {1}",
        .sideBySide: "Territories side by side",
        .meanWaitCoordination: "Mean wait for coordination support",
        .meanWaitCaseManagement: "Mean wait for case management",
        .unmetNeeds: "Unmet needs",
        .per100kPerYear: "per 100,000 inhabitants per year",
        .ruptures: "Ruptures of care pathways",
        .costPerPerson: "Staff cost per person supported",
        .eur: "EUR",
        .perTerritoryCaption: "{1} ({2}) per territory: means with 95% intervals.",
        .equityAcrossTerritories: "Equity across territories",
        .equityText: "Computed within each replication across territories, then averaged: the ratio of the highest territory "
            + "to the lowest (1 is equal), and the Gini coefficient (0 is equal, 1 is all in one territory). Where a territory "
            + "has almost no wait, the ratio of waits is huge and unstable from one replication to the next; the Gini "
            + "coefficient is the steadier measure.",
        .highestLowest: "highest / lowest, mean [95% CI]",
        .gini: "Gini, mean [95% CI]",
        .equityWaitCoordination: "mean wait for coordination support",
        .equityWaitCaseManagement: "mean wait for case management",
        .equityUnmet: "unmet needs per 100,000",
        .equityCost: "staff cost per person supported",
        .resultsByYear: "Results by year",
        .resultsByYearText: "Means over the replications of each calendar year's observed days{1}, with their 95% confidence "
            + "interval in brackets; rates are per year of those days. yearly.csv has every metric, year and territory.",
        .forAllTerritories: " for all territories together",
        .partlyObserved: "Partly observed: {1}.",
        .daysCount: "{1} ({2} days)",
        .targets: "Targets",
        .targetsText: "Each target of the scenario in its year: the metric's mean with its 95% interval, and the probability that "
            + "the target is met, the share of replications meeting it, with its 95% Wilson score interval (which stays within "
            + "0 and 1).",
        .year: "year",
        .target: "target",
        .probabilityMet: "probability met [95% interval]",
        .comparisonTitle: "dacsim comparison: {1} against {2}",
        .differences: "Differences, B − A",
        .differencesText: "For each metric, the mean over {1} replications of B's value minus A's, with its 95% confidence "
            + "interval{2}An interval that excludes the vertical line at zero is a difference the replications can tell apart "
            + "from chance (starred in the tables).",
        .differencesPaired: ", paired replication by replication on common random numbers. ",
        .differencesIndependent: " (B ran on other random streams than A). ",
        .differenceTitle: "{1}: B − A",
        .differenceCaption: "{1} ({2}): difference B − A per territory, with its 95% interval.",
        .excludesZero: "excludes 0",
        .everyMetric: "Every metric",
        .everyMetricText: "All metrics of comparison.csv, as they are named there (rates per year unless the name says otherwise).",
        .showTable: "Show the table ({1} rows)",
        .ciOfDifference: "95% CI of B − A",
        .sweepTitle: "dacsim sweep: {1}",
        .aSweep: "a sweep",
        .baseScenario: "base scenario",
        .theGrid: "The grid",
        .gridText: "{1} cells (every combination of the axes' values), {2} replications each, from the sweep file {3}. Each cell "
            + "is the base scenario with these values laid over it.",
        .axisKey: "axis (scenario key)",
        .values: "values",
        .metricsAgainstAxes: "Metrics against each axis",
        .metricsAgainstAxesText: "Results of {1}: means over replications with 95% confidence intervals as whiskers. With several "
            + "axes, each line holds the other axes at the values its legend gives.",
        .allTerritoriesTogether: "all territories together",
        .againstTitle: "{1} against {2}",
        .againstCaption: "{1} ({2}) against {3}, means with 95% intervals.{4}",
        .firstCombinations: " The first {1} of {2} combinations of the other axes are drawn; the table has them all.",
        .noValue: "no value",
        .label: "label",
        .heatMapTitle: "{1} by {2} and {3}",
        .heatMapCaption: "{1} ({2}), means over replications, for each combination of {3} (columns) and {4} (rows): the darker "
            + "the cell, the lower the value.{5}",
        .heatMapTarget: " A check mark shows the cells whose mean meets the target ({1}), a thick line their contour.",
        .meetsTarget: "meets the target: {1}",
        .heatMapTable: "{1} \\ {2}",
        .targetsOfSweep: "Targets",
        .targetsOfSweepText: "The sweep file's targets, over the observed period; the heat maps mark the cells whose mean meets each.",
        .differencesOverTime: "Differences over time, B − A",
        .differencesOverTimeText: "Month by month, B's value minus A's, replication by replication, averaged, with its 95% "
            + "confidence interval as a band: where the band lies above or below the line at zero, B differs from A that month "
            + "beyond chance. comparison-monthly.csv has every monthly metric.",
        .differenceOverTimeTitle: "{1}: B − A by month",
        .differenceOverTimeCaption: "{1} ({2}): monthly difference B − A per territory, with its 95% band; the dark line is "
            + "zero (no difference).{3}",
        .differenceUnit: "B − A ({1})",
        .coordinationWaitList: "people waiting for coordination support",
        .caseManagementWaitList: "people waiting for case management",
        .realCapacity: "real capacity",
        .sharesClipped: "shares within the target delay: the interval's bounds, clipped to [0, 1]",
        .heatMapsText: "Results of {1}: one heat map per metric, the first axis across, the second up; the table under each "
            + "gives every cell's mean with its 95% confidence interval.",
        .colRequests: "requests",
        .colRequestsShort: "requests/yr",
        .colCoordinationWait: "coordination wait, mean",
        .colCoordinationWaitShort: "coord wait d",
        .colCoordinationP90: "coordination wait, p90",
        .colCoordinationP90Short: "coord p90 d",
        .colCaseManagementWait: "case-management wait, mean",
        .colCaseManagementWaitShort: "CM wait d",
        .colCaseManagementP90: "case-management wait, p90",
        .colCaseManagementP90Short: "CM p90 d",
        .colCoordinationInTarget: "coordination within target delay",
        .colCoordinationInTargetShort: "in target",
        .colCaseManagementInTarget: "case management within target delay",
        .colCaseManagementInTargetShort: "CM in target",
        .colCoordinationOccupancy: "coordination occupancy",
        .colCoordinationOccupancyShort: "coord occ",
        .colCaseManagementOccupancy: "case-management occupancy",
        .colCaseManagementOccupancyShort: "CM occ",
        .colUnmet: "unmet needs",
        .colUnmetShort: "unmet/yr",
        .colNotReferred: "not referred (estimate: assumed incidence)",
        .colNotReferredShort: "not referred/yr (est.)",
        .colRuptures: "ruptures",
        .colRupturesShort: "ruptures/yr",
        .colHospitalisations: "hospitalisations",
        .colHospitalisationsShort: "hosp/yr",
        .colStaffCost: "staff cost",
        .colStaffCostShort: "cost kEUR/yr",
        .unitPerYear: "/yr",
        .unitDays: "days",
        .unitShare: "share",
        .unitThousandEurosPerYear: "kEUR/yr",
        .shortLegend: "d: days; coord: coordination support; CM: case management; in target: coordination within the target "
            + "delay; CM in target: case management within it; occ: occupancy",
        .meansOver: "means over {1} replications",
        .meansOverOne: "means over 1 replication",
        .halfWidths: ", ± the half-width of their 95% confidence interval",
        .comparisonFooter: "* the 95% interval of the paired difference excludes zero; pairs share random numbers stream by stream",
        .metInCount: "{1} of {2}",
        .goalFooter: "probability: the share of replications meeting the target in that year (Wilson score interval)",
        .interval95: "95% interval",
        .probability: "probability",
        .metIn: "met in",
        .designLatinHypercube: "a Latin hypercube",
        .designSobol: "a Sobol sequence (GSL)",
        .designPointsFile: "a points file",
        .theDesign: "The design",
        .designText: "{1} cells, the points of {2}{3}, {4} replications each, from the sweep file {5}. Each cell is the base scenario with its point's values laid over it; plan.csv lists them.",
        .parameterKey: "parameter (scenario key)",
        .lowest: "lowest",
        .highest: "highest",
        .distinctValues: "distinct values",
        .metricsAgainstParameters: "Metrics against each parameter",
        .metricsAgainstText: "Results of {1}: each dot is a cell's mean over replications, with its 95% confidence interval as whiskers; the other parameters vary from dot to dot. For which parameters matter most, see scripts/sensitivity (docs/sensitivity.md).",
        .against: "{1} against {2}",
        .dotsCaption: "{1} ({2}) against {3}: one dot per cell, means with 95% intervals.",
        .cell: "cell",
        .warmUpTitle: "Warm-up (MSER-5)",
        .warmUpText: "This run started with no warm-up. Each series below is the monthly mean over replications; MSER-5 (White's marginal standard error rule on batches of five months) chooses the truncation that minimises the squared standard error of the mean of what is kept. The suggested warm-up is the longest truncation of the series that settled: {1} months. The truncation is sought in the first half of the run; a series whose minimum is at that limit has not settled (too short a run, or a change of regime such as a convergence date), and is not counted.",
        .series: "series",
        .truncationMonths: "truncation (months)",
        .settled: "settled",
        .cutAt: "{1}: cut at {2} months",
        .notSettled: " (not settled)",
        .warmUpCaption: "{1}, monthly means with 95% bands from the start of the run; dashed lines mark the truncation MSER-5 found per territory{2}",
        .andConvergence: ", and convergence into a DAC.",
        .meanCIOf: "{1}: mean [95% CI]",
        // Optimisation report
        .subtitleOptimisation: "An optimisation of dacsim {1}, results of {2}; report made {3} from {4}",
        .optimisationTitle: "dacsim optimise: {1}",
        .anOptimisation: "an optimisation",
        .theProblem: "The problem",
        .problemText: "{1} candidates (every combination of the decision variables' values) from the optimisation file {2}; "
            + "{3} were simulated and the others settled by monotonicity. The objective, minimised: {4}.",
        .decisionVariables: "Decision variables",
        .monotone: "monotone",
        .yes: "yes",
        .no: "no",
        .constraints: "Constraints",
        .constraintName: "constraint",
        .requiredProbability: "required probability",
        .wholePeriod: "whole observed period",
        .recommendation: "Recommendation",
        .recommendationText: "The cheapest candidate shown feasible: {1}. {2}: {3} (mean of {4} replications, 95% interval {5}).",
        .noRecommendation: "No candidate within the bounds was shown feasible: even at the upper bounds, a constraint fails. "
            + "The table below gives each candidate simulated.",
        .frontierSection: "Cost and attainment",
        .frontierText: "Each chart places every candidate simulated by its cost and by the share of its replications meeting "
            + "one constraint; the frontier joins the candidates that no cheaper one beats on attainment (the lowest, across "
            + "constraints, of the probability less its requirement).",
        .frontierTitle: "{1}: share of replications meeting it against cost",
        .frontierCaption: "One dot per candidate simulated: its mean {1} and the share of its replications meeting the "
            + "constraint, with its Clopper-Pearson interval; the horizontal line is the required probability ({2}), the "
            + "dashed line the recommendation's cost.",
        .frontierSeries: "frontier",
        .otherCandidates: "other candidates simulated",
        .recommendedMarker: "recommended",
        .everyCandidate: "Every candidate",
        .everyCandidateText: "Each candidate with its status: feasible, infeasible or undecided at the most replications "
            + "(simulated), infeasible by monotonicity (at or below an infeasible one) or costlier by monotonicity (at or "
            + "above a feasible one).",
        .candidate: "candidate",
        .status: "status",
        .objectiveMean: "objective (mean)",
        .estimatedProbability: "{1}: probability [interval]",
        .onFrontier: "frontier",
        .statusFeasible: "feasible",
        .statusInfeasible: "infeasible",
        .statusUndecided: "undecided",
        .statusInfeasibleByMonotonicity: "infeasible by monotonicity",
        .statusCostlierByMonotonicity: "costlier by monotonicity",
        .objectiveOptimisation: ", and the cheapest decision meeting the constraints with their required probabilities.",
        .experimentOptimisation: " Every candidate runs with the same seed (common random numbers). Each takes replications "
            + "in batches (first {1}, then {2} at a time, at most {3}) until a sequential test decides it: exact "
            + "Clopper-Pearson bounds, the error split over constraints and looks (Bonferroni), confidence {4} and "
            + "indifference zone {5} (Batur and Kim's feasibility determination).",
        .subtitleCalibration: "A calibration of dacsim {1}, results of {2}; report made {3} from {4}",
        .objectiveCalibration: ", and which values of the calibrated parameters reproduce the observed targets.",
        .experimentCalibration: " The calibration is history matching in waves without emulation: each wave runs {1} points of a Sobol design (GSL) over the region not yet ruled out, every point with the same seed (common random numbers); a point is ruled out when its implausibility ({3} over targets) exceeds {2}.",
        .calibrationTitle: "dacsim calibration: {1}",
        .aCalibration: "a calibration",
        .calibrationOutcome: "Outcome",
        .calibratedText: "{1} parameter sets are non-implausible after {2} waves (calibration file {3}); each has the same weight. The charts below give each target's fit and each parameter's calibrated range.",
        .unreachableText: "At least one target cannot be met: no point of wave {2} comes within the cut-off of it (calibration file {3}). The fits below show how far the model stays from it; nothing was fitted.",
        .noJointFitText: "Each target is met by some parameter sets, but none meets them all together after {2} waves (calibration file {3}): the model, or the targets' uncertainties, need another look.",
        .wave: "wave",
        .designPoints: "design points",
        .nonImplausible: "non-implausible",
        .share: "share",
        .targetFits: "Target fits",
        .targetFitsText: "For each target: the observed value with its 90% interval (from its standard deviation), and the simulated mean over the accepted parameter sets with the 5th to 95th percentiles of their means (over the last wave's points when nothing was accepted).",
        .observed: "observed",
        .simulated: "simulated",
        .fitCaption: "{1}: observed against simulated, 90% intervals; {2}.",
        .fitted: "fitted",
        .cannotBeMet: "cannot be met",
        .notMetTogether: "not met together with the other targets",
        .interval90: "90% interval",
        .marginals: "Calibrated parameters",
        .marginalsText: "For each parameter: its prior range, and the median and 90% interval (5th to 95th percentiles) of the accepted parameter sets.",
        .prior: "prior",
        .calibrated: "calibrated",
        .marginalCaption: "{1}: prior median and range, calibrated median with its 90% interval.",
        .median: "median",
        .uncertaintyMean: "mean",
        .uncertaintyInterval: "90% over parameter sets",
        .uncertaintyShare: "from parameters",
        .uncertaintyDrivers: "driven most by (rank correlation)",
        .uncertaintyTitle: "Uncertainty of {1}",
        .uncertaintyMeanDifference: "mean B - A",
        .uncertaintyFromTo: "{1} to {2}",
        .basis: "constrained by",
        .metricInYear: "{1} in {2}",
        .uncertaintyGoal: "{1} in {2} (target {3}: met by {4} of sets' means)",
        .basisCalibrated: "calibration",
        .basisAssumptions: "assumptions",
        .basisLegend: "Constrained by: calibration, a target of a calibration to observed figures (scenarios/calibration/, docs/calibration.md); assumptions, values no data pin down (docs/defaults.md).",
        .basisWideLegend: "Calibrated (a target of a calibration to observed figures, docs/calibration.md): {1}; the others follow from assumptions (docs/defaults.md).",
        .subtitleUncertaintyComparison: "Comparison under uncertainty, dacsim {1}: results of {2}, report of {3}, from {4}",
        .uncertaintyAboveZero: "B - A > 0 in (sets)",
        .uncertaintyComparisonTitle: "{2} against {1}, under uncertainty",
        .uncertaintyComparisonText: "{1} parameter sets drawn over the ranges of {2} uncertain values (a Latin hypercube), each run for both scenarios with the same {3} replications (common random numbers), for {4}. For each metric, the difference B - A replication by replication: its mean over every set, the 5th to 95th percentile of the sets' mean differences, the share of sets where B - A is above 0, the share of one replication's variance of the difference that comes from the parameters, and the values whose rank correlation with the sets' mean differences passes the 5% level after Bonferroni's correction. docs/uncertainty.md gives the method.",
        .uncertaintySection: "What the uncertain values do",
        .uncertaintyText: "{1} parameter sets drawn over the ranges of {2} uncertain values (a Latin hypercube), each run with the same {3} replications (common random numbers), for {4}. For each metric: the mean over every set, the 5th to 95th percentile of the sets' means, the share of one replication's variance that comes from the parameters rather than from the replications' noise (a two-way analysis of variance), and the values whose rank correlation with the sets' means passes the 5% level after Bonferroni's correction. docs/uncertainty.md gives the method.",
        .uncertaintyValues: "The uncertain values",
        .uncertaintyRange: "range",
        .uncertaintyWhy: "why",
        .uncertaintyFrom: "from",
        .uncertaintyPlaces: "places",
        .uncertaintyDotsText: "Results of {1} against each metric's two main drivers: each dot is a parameter set's mean over replications, with its 95% confidence interval as whiskers; the other values vary from dot to dot.",
    ]

    static let french: [Text: String] = [
        .contents: "Sommaire",
        .tableBehindChart: "Tableau des valeurs du graphique",
        .subtitleRun: "Une simulation de dacsim {1}, résultats du {2} ; rapport établi le {3} à partir de {4}",
        .subtitleComparison: "Une comparaison de dacsim {1}, résultats du {2} ; rapport établi le {3} à partir de {4}",
        .subtitleSweep: "Un balayage de paramètres de dacsim {1}, résultats du {2} ; rapport établi le {3} à partir de {4}",
        .unknownDate: "une date inconnue",
        .scenario: "Scénario",
        .noScenarioCSV: "Ce dossier de résultats n'a pas de scenario.csv (il a été écrit par une version antérieure de dacsim) : "
            + "seul le manifeste décrit le scénario. Relancez-le pour voir ici territoires, effectifs et dates de convergence.",
        .item: "élément",
        .value: "valeur",
        .setting: "paramètre",
        .scenarioName: "scénario",
        .scenarioFile: "fichier du scénario",
        .firstDay: "premier jour simulé",
        .horizonYears: "horizon (années)",
        .warmUpYears: "période de chauffe, écartée (années)",
        .resultsFrom: "résultats à partir du",
        .targetDelayDays: "délai cible (jours)",
        .ruptureWaitDays: "attente au-delà de laquelle on compte une rupture (jours)",
        .costPerFTE: "coût par ETP, {1} (EUR/an)",
        .replications: "réplications",
        .seed: "graine",
        .dacsimVersion: "version de dacsim",
        .territories: "Territoires",
        .territoriesOf: "Territoires de {1}",
        .territory: "territoire",
        .archetype: "archétype",
        .population: "population",
        .aged75: "75 ans et plus",
        .gpsPer100k: "médecins généralistes pour 100 000",
        .devicesBefore: "dispositifs avant convergence",
        .staffBefore: "effectifs avant (accueil / coordination / gestion de cas, ETP)",
        .convergenceIntoDAC: "convergence en DAC",
        .dacStaff: "effectifs du DAC (ETP)",
        .supportProgramme: "programme d'accompagnement",
        .staffingPlans: "Plans d'effectifs : {1}",
        .roleFrontDesk: "accueil",
        .roleCoordination: "coordination",
        .roleCaseManagement: "gestion de cas",
        .methods: "Méthodes",
        .objective: "Objectif",
        .objectiveText: "Estimer, par territoire, les délais d'attente pour l'appui à la coordination et la gestion de cas, "
            + "l'occupation des files actives, les besoins non couverts, les ruptures de parcours, les hospitalisations et le "
            + "coût des effectifs qui découlent des dispositifs, des effectifs et de la convergence en DAC du scénario{1}",
        .objectiveCompare: ", ainsi que l'écart entre deux scénarios.",
        .objectiveSweep: ", ainsi que leur évolution le long des axes du balayage.",
        .model: "Modèle",
        .modelText: "Une simulation à événements discrets en temps continu (jours). Les situations complexes apparaissent dans "
            + "chaque territoire selon un processus de Poisson non homogène (incidence par tranche d'âge et type de parcours, "
            + "saisonnalité, croissance démographique), tiré par amincissement ; chaque personne est ensuite un individu avec un "
            + "niveau de besoin (appui à la coordination ou gestion de cas) et des risques d'évolution du besoin, "
            + "d'hospitalisation, d'entrée en EHPAD, de décès et de déménagement. L'orientation dépend de la densité de médecins "
            + "généralistes et de la lisibilité de l'offre ; avant la convergence, une demande peut atteindre le mauvais "
            + "dispositif ou aucun dispositif compétent. Les dispositifs ont un accueil aux heures ouvrées, des files actives "
            + "en temps de travail (la part du temps de chaque ETP consacrée aux files actives ; chaque personne suivie prend "
            + "des heures par mois selon son niveau de besoin et son parcours), et des listes d'attente avec priorités. Les "
            + "services qui existent au départ commencent dans l'état que leur configuration aurait atteint, après une "
            + "simulation préalable écartée, ou selon les effectifs donnés par le scénario (initial_state dans manifest.json). La convergence réunit les "
            + "dispositifs en un DAC (d'un coup, ou par étapes, certains restant hors du DAC), avec des frictions (lancement, "
            + "conflits de rôles, système d'information, formation), le recrutement de ses nouveaux postes et une rotation du "
            + "personnel accrue autour de la convergence. Chaque personne est suivie (accompagnée, en attente, ou sortie pour un "
            + "motif compté), ce qui est vérifié à la fin de chaque réplication. La description complète est dans docs/model.md.",
        .data: "Données",
        .dataText: "Les valeurs des paramètres viennent du fichier de scénario (et de ses valeurs par défaut et de son "
            + "archétype) ; leurs sources sont citées dans les commentaires du fichier et dans docs/model.md, où les valeurs sans "
            + "chiffre publié sont signalées comme des hypothèses, à faire varier. Le SHA-256 du fichier de scénario est "
            + "enregistré dans manifest.json.",
        .oneYear: "1 an",
        .years: "{1} ans",
        .scenarioHorizon: "l'horizon du scénario",
        .theFirst: "les premiers {1}",
        .theWarmUp: "la période de chauffe",
        .theWarmUpEnd: "la fin de la période de chauffe",
        .experimentText: "{1} réplications indépendantes de {2} chacune, avec la graine {3} ; {4} (période de chauffe) sont "
            + "écartés et les résultats commencent le {5}. Chaque nombre aléatoire vient d'un flux GSL MT19937 dérivé de "
            + "(graine, réplication, territoire, usage) : la demande, les caractéristiques des personnes, l'accompagnement, les "
            + "événements de vie et le personnel ont chacun le leur.",
        .experimentCompare: " Les deux scénarios utilisent les mêmes flux (nombres aléatoires communs) sauf si les graines "
            + "ci-dessus diffèrent : la réplication r de A et celle de B voient les mêmes arrivées et les mêmes personnes ; les "
            + "écarts sont appariés réplication par réplication.",
        .experimentSweep: " Chaque cellule du {1} utilise la même graine : les cellules partagent leurs flux aléatoires "
            + "(nombres aléatoires communs sur tout le {1}).",
        .grid: "quadrillage",
        .design: "plan d'expérience",
        .experimentation: "Expérimentation",
        .statistics: "Statistiques",
        .statisticsText: "Chaque indicateur est calculé par réplication sur la période observée, puis résumé par sa moyenne sur "
            + "les réplications et un intervalle de confiance de Student à 95 % (entre crochets, et en bandes ou en moustaches). "
            + "Les séries mensuelles sont la moyenne de chaque mois sur les réplications, avec le même intervalle. Les centiles "
            + "d'attente (p90) sont calculés dans chaque réplication, puis moyennés. Les indicateurs d'équité (rapport du "
            + "territoire le plus haut au plus bas, et coefficient de Gini) sont calculés dans chaque réplication entre "
            + "territoires, puis résumés de même. Les parts de personnes dans le délai cible et leurs intervalles sont ramenées à "
            + "[0, 1] dans les graphiques et les tableaux (un intervalle symétrique d'une part proche de 0 ou de 1 peut les "
            + "dépasser ; les fichiers CSV gardent l'intervalle calculé). La probabilité d'atteindre une cible est la part des "
            + "réplications qui l'atteignent, avec son intervalle de score de Wilson.",
        .statisticsCompare: " Un écart est marqué d'une étoile quand son intervalle apparié exclut zéro.",
        .implementation: "Mise en œuvre",
        .implementationText: "dacsim {1} (Swift, avec la GNU Scientific Library pour les lois aléatoires). Le même scénario et "
            + "la même graine donnent des résultats identiques à l'octet près, quel que soit le nombre de fils d'exécution.",
        .verification: "Vérification",
        .verificationText: "Le moteur est testé contre la théorie des files d'attente (Erlang C, B et A, M/G/∞, loi de Little) et "
            + "les tirages contre leurs formes exactes, avec des tolérances tirées des intervalles de confiance des réplications "
            + "(docs/engine.md).",
        .resultsFiles: "Fichiers de résultats",
        .resultsFilesText: "Ce rapport lit les fichiers CSV à côté de son manifest.json dans {1} ; ils contiennent tous les "
            + "nombres montrés ici, en format long pour pandas ou R.",
        .runTitle: "Rapport dacsim : {1}",
        .aRun: "une simulation",
        .keyResults: "Principaux résultats",
        .keyResultsText: "Moyennes sur {1} réplications de la période observée, avec leur intervalle de confiance à 95 % entre "
            + "crochets.",
        .shownNote: " Les {1} territoires les plus peuplés sur {2} sont tracés ; monthly.csv les contient tous.",
        .markerNote: " Les lignes pointillées marquent la convergence en DAC.",
        .waitsOverTime: "Attentes au fil du temps",
        .coordinationSupport: "l'appui à la coordination",
        .caseManagement: "la gestion de cas",
        .meanWaitTitle: "Attente moyenne pour {1}, par mois d'admission",
        .days: "jours",
        .meanWaitCaption: "Attente moyenne des personnes admises chaque mois pour {1}, par territoire ; la bande est "
            + "l'intervalle de confiance à 95 % sur les réplications.{2}",
        .waitListsAndOccupancy: "Listes d'attente et occupation",
        .waitingCoordination: "Personnes en attente d'appui à la coordination",
        .waitingCaseManagement: "Personnes en attente de gestion de cas",
        .people: "personnes",
        .waitingAtMonthEnd: "en attente à la fin de chaque mois",
        .occupancyCoordination: "Occupation des files actives de coordination",
        .occupancyCaseManagement: "Occupation des files actives de gestion de cas",
        .occupancyUnit: "temps de file active pris / capacité",
        .occupancyWhat: "temps de file active pris par les personnes accompagnées rapporté au temps disponible, à la fin de "
            + "chaque mois (au-dessus de 1 quand la capacité est tombée sous ce que prennent les personnes déjà accompagnées : "
            + "personne n'est renvoyé)",
        .bandsCaption: "{1} : {2}, par territoire, avec bandes de confiance à 95 %.{3}",
        .capacityThroughConvergence: "Capacité au fil de la convergence",
        .capacityText: "Heures de file active par mois en appui à la coordination et en gestion de cas réunies (chaque ETP "
            + "y consacre sa part de temps ; chaque personne suivie prend des heures selon son niveau de besoin). Idéale : ce que "
            + "donneraient les effectifs pour 100 000 habitants de la politique, à la population du jour ; prévue : les ETP en "
            + "poste ou prévus, à pleine productivité ; réelle : les heures effectivement disponibles, après postes vacants, "
            + "montée en compétence des recrues et frictions de la convergence.",
        .capacityOf: "Capacité de {1}",
        .month: "mois",
        .places: "heures de file active par mois",
        .ideal: "idéale",
        .planned: "prévue",
        .real: "réelle",
        .noConvergence: " Le territoire ne converge pas pendant la simulation.",
        .convergedBefore: " Il a convergé en DAC le {1}, avant le début de la période observée.",
        .convergesAfter: " Il converge en DAC le {1}, après la fin de la simulation.",
        .convergesDuring: " Il converge en DAC le {1} (ligne pointillée).",
        .capacityCaption: "Capacité idéale, prévue et réelle de {1}, moyennes mensuelles avec bandes à 95 %.{2}",
        .metric: "indicateur",
        .unit: "unité",
        .meanCI: "moyenne [IC 95 %]",
        .convergence: "convergence",
        .convergenceOf: "convergence : {1}",
        .sideBySide: "Territoires côte à côte",
        .meanWaitCoordination: "Attente moyenne pour l'appui à la coordination",
        .meanWaitCaseManagement: "Attente moyenne pour la gestion de cas",
        .unmetNeeds: "Besoins non couverts",
        .per100kPerYear: "pour 100 000 habitants par an",
        .ruptures: "Ruptures de parcours",
        .costPerPerson: "Coût des effectifs par personne accompagnée",
        .eur: "EUR",
        .perTerritoryCaption: "{1} ({2}) par territoire : moyennes avec intervalles à 95 %.",
        .equityAcrossTerritories: "Équité entre territoires",
        .equityText: "Calculés dans chaque réplication entre territoires, puis moyennés : le rapport du territoire le plus haut "
            + "au plus bas (1 : égalité) et le coefficient de Gini (0 : égalité, 1 : tout dans un seul territoire). Quand un "
            + "territoire n'a presque pas d'attente, le rapport des attentes est énorme et instable d'une réplication à l'autre ; "
            + "le coefficient de Gini est la mesure la plus stable.",
        .highestLowest: "plus haut / plus bas, moyenne [IC 95 %]",
        .gini: "Gini, moyenne [IC 95 %]",
        .equityWaitCoordination: "attente moyenne pour l'appui à la coordination",
        .equityWaitCaseManagement: "attente moyenne pour la gestion de cas",
        .equityUnmet: "besoins non couverts pour 100 000",
        .equityCost: "coût des effectifs par personne accompagnée",
        .resultsByYear: "Résultats par année",
        .resultsByYearText: "Moyennes sur les réplications des jours observés de chaque année civile{1}, avec leur intervalle de "
            + "confiance à 95 % entre crochets ; les taux sont annuels, rapportés à ces jours. yearly.csv contient chaque "
            + "indicateur, chaque année et chaque territoire.",
        .forAllTerritories: " pour l'ensemble des territoires",
        .partlyObserved: "Années observées en partie : {1}.",
        .daysCount: "{1} ({2} jours)",
        .targets: "Cibles",
        .targetsText: "Chaque cible du scénario dans son année : la moyenne de l'indicateur avec son intervalle à 95 %, et la "
            + "probabilité que la cible soit atteinte, part des réplications qui l'atteignent, avec son intervalle de score de "
            + "Wilson à 95 % (qui reste entre 0 et 1).",
        .year: "année",
        .target: "cible",
        .probabilityMet: "probabilité d'atteinte [intervalle à 95 %]",
        .comparisonTitle: "Comparaison dacsim : {1} face à {2}",
        .differences: "Écarts, B − A",
        .differencesText: "Pour chaque indicateur, la moyenne sur {1} réplications de la valeur de B moins celle de A, avec son "
            + "intervalle de confiance à 95 %{2}Un intervalle qui exclut la ligne verticale en zéro est un écart que les "
            + "réplications distinguent du hasard (marqué d'une étoile dans les tableaux).",
        .differencesPaired: ", apparié réplication par réplication sur des nombres aléatoires communs. ",
        .differencesIndependent: " (B a utilisé d'autres flux aléatoires que A). ",
        .differenceTitle: "{1} : B − A",
        .differenceCaption: "{1} ({2}) : écart B − A par territoire, avec son intervalle à 95 %.",
        .excludesZero: "exclut 0",
        .everyMetric: "Tous les indicateurs",
        .everyMetricText: "Tous les indicateurs de comparison.csv, sous leur nom dans ce fichier (taux annuels sauf si le nom "
            + "dit autre chose).",
        .showTable: "Afficher le tableau ({1} lignes)",
        .ciOfDifference: "IC 95 % de B − A",
        .sweepTitle: "Balayage dacsim : {1}",
        .aSweep: "un balayage",
        .baseScenario: "scénario de base",
        .theGrid: "La grille",
        .gridText: "{1} cellules (toutes les combinaisons des valeurs des axes), {2} réplications chacune, du fichier de "
            + "balayage {3}. Chaque cellule est le scénario de base avec ces valeurs appliquées.",
        .axisKey: "axe (clé du scénario)",
        .values: "valeurs",
        .metricsAgainstAxes: "Indicateurs selon chaque axe",
        .metricsAgainstAxesText: "Résultats de {1} : moyennes sur les réplications avec intervalles de confiance à 95 % en "
            + "moustaches. Avec plusieurs axes, chaque ligne fixe les autres axes aux valeurs que donne sa légende.",
        .allTerritoriesTogether: "l'ensemble des territoires",
        .againstTitle: "{1} selon {2}",
        .againstCaption: "{1} ({2}) selon {3}, moyennes avec intervalles à 95 %.{4}",
        .firstCombinations: " Les {1} premières des {2} combinaisons des autres axes sont tracées ; le tableau les donne toutes.",
        .noValue: "pas de valeur",
        .label: "libellé",
        .heatMapTitle: "{1} selon {2} et {3}",
        .heatMapCaption: "{1} ({2}), moyennes sur les réplications, pour chaque combinaison de {3} (colonnes) et {4} (lignes) : "
            + "plus la case est sombre, plus la valeur est basse.{5}",
        .heatMapTarget: " Une coche signale les cases dont la moyenne atteint la cible ({1}), un trait épais leur contour.",
        .meetsTarget: "atteint la cible : {1}",
        .heatMapTable: "{1} \\ {2}",
        .targetsOfSweep: "Cibles",
        .targetsOfSweepText: "Les cibles du fichier de balayage, sur la période observée ; les cartes de chaleur signalent les "
            + "cases dont la moyenne atteint chacune.",
        .differencesOverTime: "Écarts au fil du temps, B − A",
        .differencesOverTimeText: "Mois par mois, la valeur de B moins celle de A, réplication par réplication, en moyenne, avec "
            + "son intervalle de confiance à 95 % en bande : là où la bande est au-dessus ou au-dessous de la ligne du zéro, B "
            + "diffère de A ce mois-là au-delà du hasard. comparison-monthly.csv contient chaque indicateur mensuel.",
        .differenceOverTimeTitle: "{1} : B − A par mois",
        .differenceOverTimeCaption: "{1} ({2}) : écart mensuel B − A par territoire, avec sa bande à 95 % ; la ligne foncée est "
            + "le zéro (pas d'écart).{3}",
        .differenceUnit: "B − A ({1})",
        .coordinationWaitList: "personnes en attente d'appui à la coordination",
        .caseManagementWaitList: "personnes en attente de gestion de cas",
        .realCapacity: "capacité réelle",
        .sharesClipped: "parts dans le délai cible : les bornes de l'intervalle, ramenées à [0, 1]",
        .heatMapsText: "Résultats de {1} : une carte de chaleur par indicateur, le premier axe en abscisse, le second en "
            + "ordonnée ; le tableau sous chacune donne la moyenne de chaque case avec son intervalle de confiance à 95 %.",
        .colRequests: "demandes",
        .colRequestsShort: "demandes/an",
        .colCoordinationWait: "attente pour la coordination, moyenne",
        .colCoordinationWaitShort: "att coord j",
        .colCoordinationP90: "attente pour la coordination, p90",
        .colCoordinationP90Short: "coord p90 j",
        .colCaseManagementWait: "attente pour la gestion de cas, moyenne",
        .colCaseManagementWaitShort: "att GC j",
        .colCaseManagementP90: "attente pour la gestion de cas, p90",
        .colCaseManagementP90Short: "GC p90 j",
        .colCoordinationInTarget: "coordination dans le délai cible",
        .colCoordinationInTargetShort: "dans délai",
        .colCaseManagementInTarget: "gestion de cas dans le délai cible",
        .colCaseManagementInTargetShort: "GC dans délai",
        .colCoordinationOccupancy: "occupation de la coordination",
        .colCoordinationOccupancyShort: "occ coord",
        .colCaseManagementOccupancy: "occupation de la gestion de cas",
        .colCaseManagementOccupancyShort: "occ GC",
        .colUnmet: "besoins non couverts",
        .colUnmetShort: "non couverts/an",
        .colNotReferred: "non adressés (estimation : incidence supposée)",
        .colNotReferredShort: "non adressés/an (est.)",
        .colRuptures: "ruptures",
        .colRupturesShort: "ruptures/an",
        .colHospitalisations: "hospitalisations",
        .colHospitalisationsShort: "hosp/an",
        .colStaffCost: "coût des effectifs",
        .colStaffCostShort: "coût kEUR/an",
        .unitPerYear: "/an",
        .unitDays: "jours",
        .unitShare: "part",
        .unitThousandEurosPerYear: "kEUR/an",
        .shortLegend: "j : jours ; coord : appui à la coordination ; GC : gestion de cas ; dans délai : coordination dans le "
            + "délai cible ; GC dans délai : gestion de cas dans ce délai ; occ : occupation",
        .meansOver: "moyennes sur {1} réplications",
        .meansOverOne: "moyennes sur 1 réplication",
        .halfWidths: ", ± la demi-largeur de leur intervalle de confiance à 95 %",
        .comparisonFooter: "* l'intervalle à 95 % de l'écart apparié exclut zéro ; les paires partagent leurs nombres aléatoires "
            + "flux par flux",
        .metInCount: "{1} sur {2}",
        .goalFooter: "probabilité : la part des réplications qui atteignent la cible cette année-là (intervalle de score de Wilson)",
        .interval95: "intervalle à 95 %",
        .probability: "probabilité",
        .metIn: "atteinte dans",
        .designLatinHypercube: "un hypercube latin",
        .designSobol: "une suite de Sobol (GSL)",
        .designPointsFile: "un fichier de points",
        .theDesign: "Le plan d'expérience",
        .designText: "{1} cellules, les points d'{2}{3}, {4} réplications chacune, d'après le fichier de balayage {5}. Chaque cellule est le scénario de base avec les valeurs de son point ; plan.csv les liste.",
        .parameterKey: "paramètre (clé du scénario)",
        .lowest: "plus bas",
        .highest: "plus haut",
        .distinctValues: "valeurs distinctes",
        .metricsAgainstParameters: "Indicateurs selon chaque paramètre",
        .metricsAgainstText: "Résultats de {1} : chaque point est la moyenne d'une cellule sur les réplications, avec son intervalle de confiance à 95 % ; les autres paramètres varient d'un point à l'autre. Pour savoir quels paramètres comptent le plus, voir scripts/sensitivity (docs/sensitivity.md).",
        .against: "{1} selon {2}",
        .dotsCaption: "{1} ({2}) selon {3} : un point par cellule, moyennes avec intervalles à 95 %.",
        .cell: "cellule",
        .warmUpTitle: "Période de chauffe (MSER-5)",
        .warmUpText: "Cette simulation a commencé sans période de chauffe. Chaque série ci-dessous est la moyenne mensuelle sur les réplications ; MSER-5 (règle de l'erreur type marginale de White, sur des lots de cinq mois) choisit la troncature qui minimise le carré de l'erreur type de la moyenne de ce qui est gardé. La période de chauffe suggérée est la plus longue troncature des séries stabilisées : {1} mois. La troncature est cherchée dans la première moitié de la simulation ; une série dont le minimum est à cette limite ne s'est pas stabilisée (simulation trop courte, ou changement de régime comme une date de convergence) et n'est pas comptée.",
        .series: "série",
        .truncationMonths: "troncature (mois)",
        .settled: "stabilisée",
        .cutAt: "{1} : coupure à {2} mois",
        .notSettled: " (non stabilisée)",
        .warmUpCaption: "{1}, moyennes mensuelles avec bandes à 95 % depuis le début de la simulation ; les lignes pointillées marquent la troncature trouvée par MSER-5 pour chaque territoire{2}",
        .andConvergence: ", et la convergence en DAC.",
        .meanCIOf: "{1} : moyenne [IC 95 %]",
        // Optimisation report
        .subtitleOptimisation: "Une optimisation de dacsim {1}, résultats du {2} ; rapport établi le {3} à partir de {4}",
        .optimisationTitle: "Optimisation dacsim : {1}",
        .anOptimisation: "une optimisation",
        .theProblem: "Le problème",
        .problemText: "{1} candidats (toutes les combinaisons des valeurs des variables de décision), du fichier "
            + "d'optimisation {2} ; {3} ont été simulés, les autres tranchés par monotonie. L'objectif, à minimiser : {4}.",
        .decisionVariables: "Variables de décision",
        .monotone: "monotone",
        .yes: "oui",
        .no: "non",
        .constraints: "Contraintes",
        .constraintName: "contrainte",
        .requiredProbability: "probabilité exigée",
        .wholePeriod: "toute la période observée",
        .recommendation: "Recommandation",
        .recommendationText: "Le candidat le moins coûteux dont la faisabilité est établie : {1}. {2} : {3} (moyenne de {4} "
            + "réplications, intervalle à 95 % {5}).",
        .noRecommendation: "Aucun candidat dans les bornes n'est établi faisable : même aux bornes supérieures, une contrainte "
            + "n'est pas tenue. Le tableau ci-dessous donne chaque candidat simulé.",
        .frontierSection: "Coût et atteinte",
        .frontierText: "Chaque graphique place chaque candidat simulé selon son coût et la part de ses réplications qui "
            + "respectent une contrainte ; la frontière relie les candidats qu'aucun moins coûteux ne dépasse en atteinte (la plus "
            + "faible, parmi les contraintes, de la probabilité diminuée de son exigence).",
        .frontierTitle: "{1} : part des réplications qui la respectent selon le coût",
        .frontierCaption: "Un point par candidat simulé : sa moyenne de {1} et la part de ses réplications qui respectent la "
            + "contrainte, avec son intervalle de Clopper-Pearson ; la ligne horizontale est la probabilité exigée ({2}), la "
            + "ligne pointillée le coût de la recommandation.",
        .frontierSeries: "frontière",
        .otherCandidates: "autres candidats simulés",
        .recommendedMarker: "recommandé",
        .everyCandidate: "Tous les candidats",
        .everyCandidateText: "Chaque candidat avec son statut : faisable, infaisable ou indécis au maximum de réplications "
            + "(simulé), infaisable par monotonie (au niveau ou en dessous d'un infaisable) ou plus coûteux par monotonie (au "
            + "niveau ou au-dessus d'un faisable).",
        .candidate: "candidat",
        .status: "statut",
        .objectiveMean: "objectif (moyenne)",
        .estimatedProbability: "{1} : probabilité [intervalle]",
        .onFrontier: "frontière",
        .statusFeasible: "faisable",
        .statusInfeasible: "infaisable",
        .statusUndecided: "indécis",
        .statusInfeasibleByMonotonicity: "infaisable par monotonie",
        .statusCostlierByMonotonicity: "plus coûteux par monotonie",
        .objectiveOptimisation: ", ainsi que la décision la moins coûteuse qui respecte les contraintes avec les probabilités exigées.",
        .experimentOptimisation: " Chaque candidat utilise la même graine (nombres aléatoires communs). Chacun reçoit des "
            + "réplications par lots (d'abord {1}, puis {2} à la fois, au plus {3}) jusqu'à ce qu'un test séquentiel tranche : "
            + "bornes exactes de Clopper-Pearson, erreur répartie entre contraintes et examens (Bonferroni), confiance {4} et "
            + "zone d'indifférence {5} (détermination de faisabilité de Batur et Kim).",
        .subtitleCalibration: "Une calibration de dacsim {1}, résultats du {2} ; rapport établi le {3} à partir de {4}",
        .objectiveCalibration: ", et quelles valeurs des paramètres calibrés reproduisent les cibles observées.",
        .experimentCalibration: " La calibration procède par history matching en vagues, sans émulateur : chaque vague simule {1} points d'un plan de Sobol (GSL) sur la région non encore exclue, chaque point avec la même graine (nombres aléatoires communs) ; un point est exclu quand son invraisemblance ({3} sur les cibles) dépasse {2}.",
        .calibrationTitle: "Calibration dacsim : {1}",
        .aCalibration: "une calibration",
        .calibrationOutcome: "Résultat",
        .calibratedText: "{1} jeux de paramètres sont non invraisemblables après {2} vagues (fichier de calibration {3}) ; chacun a le même poids. Les graphiques ci-dessous donnent l'ajustement de chaque cible et l'intervalle calibré de chaque paramètre.",
        .unreachableText: "Au moins une cible ne peut pas être atteinte : aucun point de la vague {2} n'en approche à moins du seuil (fichier de calibration {3}). Les ajustements ci-dessous montrent l'écart du modèle ; rien n'a été ajusté.",
        .noJointFitText: "Chaque cible est atteinte par certains jeux de paramètres, mais aucun ne les atteint toutes ensemble après {2} vagues (fichier de calibration {3}) : le modèle, ou les incertitudes des cibles, sont à revoir.",
        .wave: "vague",
        .designPoints: "points du plan",
        .nonImplausible: "non invraisemblables",
        .share: "part",
        .targetFits: "Ajustement des cibles",
        .targetFitsText: "Pour chaque cible : la valeur observée avec son intervalle à 90 % (d'après son écart type), et la moyenne simulée sur les jeux de paramètres acceptés avec les 5e et 95e centiles de leurs moyennes (sur les points de la dernière vague quand aucun n'est accepté).",
        .observed: "observé",
        .simulated: "simulé",
        .fitCaption: "{1} : observé et simulé, intervalles à 90 % ; {2}.",
        .fitted: "ajustée",
        .cannotBeMet: "ne peut pas être atteinte",
        .notMetTogether: "non atteinte en même temps que les autres cibles",
        .interval90: "intervalle à 90 %",
        .marginals: "Paramètres calibrés",
        .marginalsText: "Pour chaque paramètre : son intervalle a priori, et la médiane et l'intervalle à 90 % (5e au 95e centile) des jeux de paramètres acceptés.",
        .prior: "a priori",
        .calibrated: "calibré",
        .marginalCaption: "{1} : médiane et intervalle a priori, médiane calibrée avec son intervalle à 90 %.",
        .median: "médiane",
        .uncertaintyMean: "moyenne",
        .uncertaintyInterval: "90 % des jeux de paramètres",
        .uncertaintyShare: "due aux paramètres",
        .uncertaintyDrivers: "surtout due à (corrélation des rangs)",
        .uncertaintyTitle: "Incertitude de {1}",
        .uncertaintyMeanDifference: "moyenne B - A",
        .uncertaintyFromTo: "{1} à {2}",
        .basis: "contraint par",
        .metricInYear: "{1} en {2}",
        .uncertaintyGoal: "{1} en {2} (cible {3} : atteinte par {4} des moyennes des jeux)",
        .basisCalibrated: "calage",
        .basisAssumptions: "hypothèses",
        .basisLegend: "Contraint par : calage, une cible d'un calage sur des chiffres observés (scenarios/calibration/, docs/calibration.md) ; hypothèses, des valeurs qu'aucune donnée ne fixe (docs/defaults.md).",
        .basisWideLegend: "Calés (une cible d'un calage sur des chiffres observés, docs/calibration.md) : {1} ; les autres découlent d'hypothèses (docs/defaults.md).",
        .subtitleUncertaintyComparison: "Comparaison sous incertitude, dacsim {1} : résultats du {2}, rapport du {3}, d'après {4}",
        .uncertaintyAboveZero: "B - A > 0 dans (jeux)",
        .uncertaintyComparisonTitle: "{2} face à {1}, sous incertitude",
        .uncertaintyComparisonText: "{1} jeux de paramètres tirés dans les plages de {2} valeurs incertaines (un hypercube latin), chacun simulé pour les deux scénarios avec les mêmes {3} réplications (nombres aléatoires communs), pour {4}. Pour chaque indicateur, la différence B - A réplication par réplication : sa moyenne sur tous les jeux, du 5e au 95e centile des différences moyennes des jeux, la part des jeux où B - A dépasse 0, la part de la variance d'une réplication de la différence due aux paramètres, et les valeurs dont la corrélation des rangs avec les différences moyennes des jeux passe le seuil de 5 % après correction de Bonferroni. docs/uncertainty.md décrit la méthode.",
        .uncertaintySection: "Ce que font les valeurs incertaines",
        .uncertaintyText: "{1} jeux de paramètres tirés dans les plages de {2} valeurs incertaines (un hypercube latin), chacun simulé avec les mêmes {3} réplications (nombres aléatoires communs), pour {4}. Pour chaque indicateur : la moyenne sur tous les jeux, du 5e au 95e centile des moyennes des jeux, la part de la variance d'une réplication due aux paramètres plutôt qu'au bruit des réplications (une analyse de la variance à deux facteurs), et les valeurs dont la corrélation des rangs avec les moyennes des jeux passe le seuil de 5 % après correction de Bonferroni. docs/uncertainty.md décrit la méthode.",
        .uncertaintyValues: "Les valeurs incertaines",
        .uncertaintyRange: "plage",
        .uncertaintyWhy: "pourquoi",
        .uncertaintyFrom: "origine",
        .uncertaintyPlaces: "emplacements",
        .uncertaintyDotsText: "Résultats de {1} selon les deux principaux déterminants de chaque indicateur : chaque point est la moyenne d'un jeu de paramètres sur les réplications, avec son intervalle de confiance à 95 % ; les autres valeurs varient d'un point à l'autre.",
    ]
}
