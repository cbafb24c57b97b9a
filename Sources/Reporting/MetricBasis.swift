/// What constrains a metric: a target of one of the bundled calibrations (scenarios/calibration/,
/// fitted to observed figures), or only the model's assumptions. Tables and reports say which, so
/// that a reader knows which numbers the data pin down.
public enum MetricBasis: Sendable {
    case calibrated, assumptions

    /// The metrics a bundled calibration of real figures targets (the M/M/c example aside); a test
    /// checks this list against the calibration files.
    public static let calibratedMetrics: Set<String> = [
        "requests_per_year", "requests_hospital_per_year", "requests_palliative_per_year", "requests_user_carer_per_year",
        "resolved_by_information_per_year", "persons_supported_per_year", "case_management_active_per_fte", "level_3_people_per_100k",
    ]

    public init(metric: String) {
        self = Self.calibratedMetrics.contains(metric) ? .calibrated : .assumptions
    }

    public func label(_ l: Labels) -> String { self == .calibrated ? l(.basisCalibrated) : l(.basisAssumptions) }
}
