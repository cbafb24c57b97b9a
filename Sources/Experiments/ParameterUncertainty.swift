import Foundation
import Randomness

/// What parameter uncertainty does to one metric, from n parameter sets each run with the same r
/// replications (common random numbers: replication j of every set draws the same streams).
///
/// - The interval over parameter sets is the 5th to 95th percentile of the sets' means.
/// - The variance of one replication's value splits into the parameters' part and the
///   replications' noise by a two-way random-effects analysis of variance without interaction
///   (sets x replications, replications as blocks, since common random numbers make replication j
///   alike across sets): the parameters' variance is (MS_sets - MS_residual) / r, the noise the mean
///   variance within a set. Without common random numbers' blocks the noise shared by all sets would
///   hide in the sets' means; the residual mean square leaves it out.
/// - Drivers: Spearman's rank correlation between each parameter's values and the sets' means; a
///   parameter drives the metric when its correlation passes the two-sided 5% level of no
///   correlation with Bonferroni's correction for the k parameters tried, z(1 - 0.025 / k) / sqrt(n - 1)
///   over the n sets where the metric has a value (so that among 70 parameters with no effect,
///   none is named in 19 analyses out of 20). A rank needs no model of the response and no more
///   sets than parameters (a regression on 70 parameters would need more than 70 sets).
public struct ParameterUncertainty: Sendable {
    public let mean: Double
    /// Each set's mean over its replications (NaN where the metric has no value).
    public let setMeans: [Double]
    public let low: Double, high: Double
    public let parameterVariance: Double, noiseVariance: Double
    /// The parameters' share of one replication's variance; NaN with one replication (no noise to tell apart).
    public var parameterShare: Double {
        let total = parameterVariance + noiseVariance
        return total > 0 ? parameterVariance / total : .nan
    }
    /// Each parameter's rank correlation with the sets' means (NaN when the metric does not vary).
    public let correlations: [Double]
    public let sets: Int, replications: Int
    /// The sets where the metric has a value (a wait has none where nobody waited).
    public let setsWithValue: Int

    /// The share of sets whose mean is above 0 (for a difference B - A: how often B is higher).
    public var aboveZeroShare: Double {
        let finite = setMeans.filter(\.isFinite)
        return finite.isEmpty ? .nan : Double(finite.filter { $0 > 0 }.count) / Double(finite.count)
    }

    /// The rank correlation a driver must pass (infinite with fewer than 5 sets with a value).
    public var driverThreshold: Double {
        guard setsWithValue >= 5, !correlations.isEmpty else { return .infinity }
        let z = StandardNormal.quantile(1 - 0.025 / Double(correlations.count))
        return z / Double(setsWithValue - 1).squareRoot()
    }

    /// The parameters that drive the metric, strongest first: (index, correlation).
    public var drivers: [(index: Int, correlation: Double)] {
        let threshold = driverThreshold
        return correlations.enumerated().filter { abs($0.element) >= threshold }
            .sorted { abs($0.element) > abs($1.element) || (abs($0.element) == abs($1.element) && $0.offset < $1.offset) }
            .map { ($0.offset, $0.element) }
    }

    /// `values[i][j]`: set i, replication j; `parameters[i][k]`: parameter k's value in set i.
    public init(values: [[Double]], parameters: [[Double]]) {
        let n = values.count, r = values.first?.count ?? 0
        sets = n
        replications = r
        let setMeans = values.map { row -> Double in
            let finite = row.filter(\.isFinite)
            return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        }
        self.setMeans = setMeans
        let finiteMeans = setMeans.filter(\.isFinite)
        mean = finiteMeans.isEmpty ? .nan : finiteMeans.reduce(0, +) / Double(finiteMeans.count)
        low = Self.quantile(finiteMeans, 0.05)
        high = Self.quantile(finiteMeans, 0.95)
        let complete = values.allSatisfy { $0.count == r && $0.allSatisfy(\.isFinite) }
        if complete, n >= 2, r >= 2 {
            let m = mean
            let blockMeans = (0..<r).map { j in values.reduce(0) { $0 + $1[j] } / Double(n) }
            let msSets = Double(r) * setMeans.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
            var residual = 0.0, within = 0.0
            for i in 0..<n {
                for j in 0..<r {
                    let e = values[i][j] - setMeans[i] - blockMeans[j] + m
                    residual += e * e
                    within += (values[i][j] - setMeans[i]) * (values[i][j] - setMeans[i])
                }
            }
            let msResidual = residual / Double((n - 1) * (r - 1))
            parameterVariance = max(0, (msSets - msResidual) / Double(r))
            noiseVariance = within / Double(n * (r - 1))
        } else {
            parameterVariance = .nan
            noiseVariance = .nan
        }
        let usable = setMeans.indices.filter { setMeans[$0].isFinite }
        setsWithValue = usable.count
        let meanRanks = Self.ranks(usable.map { setMeans[$0] })
        let count = parameters.first?.count ?? 0
        // A parameter without a number in every set (a column of words in accepted sets) has no rank correlation.
        correlations = (0..<count).map { k in
            let values = usable.map { parameters[$0][k] }
            return values.allSatisfy(\.isFinite) ? Self.pearson(Self.ranks(values), meanRanks) : .nan
        }
    }

    /// Ranks from 1, ties given their mean rank.
    static func ranks(_ xs: [Double]) -> [Double] {
        let order = xs.indices.sorted { xs[$0] < xs[$1] }
        var ranks = [Double](repeating: 0, count: xs.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && xs[order[j + 1]] == xs[order[i]] { j += 1 }
            for k in i...j { ranks[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        return ranks
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count >= 3 else { return .nan }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
    }

    /// The q-quantile (linear between order statistics, R's type 7); NaN when empty.
    public static func quantile(_ xs: [Double], _ q: Double) -> Double {
        let sorted = xs.sorted()
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
