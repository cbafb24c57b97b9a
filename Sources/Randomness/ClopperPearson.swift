import CGSL

/// Exact (Clopper-Pearson) one-sided confidence bounds for a binomial proportion, from the beta
/// distribution's quantiles: with `successes` of `trials`, the lower bound at error `alpha` is the
/// alpha-quantile of Beta(x, n - x + 1), the upper bound the (1 - alpha)-quantile of
/// Beta(x + 1, n - x). Each bound holds with probability at least 1 - alpha whatever the true
/// proportion, which is what a sequential feasibility test needs (no normal approximation that
/// fails near 0 or 1).
public enum ClopperPearson {
    public static func lower(successes x: Int, trials n: Int, alpha: Double) -> Double {
        precondition(n >= 1 && (0...n).contains(x) && alpha > 0 && alpha < 1)
        return x == 0 ? 0 : gsl_cdf_beta_Pinv(alpha, Double(x), Double(n - x + 1))
    }

    public static func upper(successes x: Int, trials n: Int, alpha: Double) -> Double {
        precondition(n >= 1 && (0...n).contains(x) && alpha > 0 && alpha < 1)
        return x == n ? 1 : gsl_cdf_beta_Pinv(1 - alpha, Double(x + 1), Double(n - x))
    }
}
