import Foundation

/// Closed-form and exact numerical results for classic queues, against which the engine and
/// the model are verified. Rates are per unit of time; loads are in erlangs (lambda / mu).
public enum Erlang {
    /// Erlang B: the blocking probability of an M/G/c/c loss system with offered load `a`
    /// (it depends on the service distribution only through its mean).
    public static func b(servers c: Int, load a: Double) -> Double {
        precondition(c >= 0 && a > 0)
        // The stable recursion B(k) = a B(k-1) / (k + a B(k-1)).
        var blocking = 1.0
        for k in stride(from: 1, through: c, by: 1) {
            blocking = a * blocking / (Double(k) + a * blocking)
        }
        return blocking
    }

    /// Erlang C: the M/M/c queue (infinite waiting room, FIFO).
    public struct C: Sendable {
        public let servers: Int
        public let arrivalRate: Double
        public let serviceRate: Double

        public init(servers: Int, arrivalRate: Double, serviceRate: Double) {
            precondition(servers >= 1 && arrivalRate > 0 && serviceRate > 0)
            precondition(arrivalRate < Double(servers) * serviceRate, "an M/M/c queue is stable only below load 1")
            self.servers = servers
            self.arrivalRate = arrivalRate
            self.serviceRate = serviceRate
        }

        public var load: Double { arrivalRate / serviceRate }
        /// Server utilisation rho = lambda / (c mu).
        public var utilisation: Double { load / Double(servers) }

        /// The probability that an arrival waits.
        public var probabilityOfWaiting: Double {
            let b = Erlang.b(servers: servers, load: load)
            return b / (1 - utilisation * (1 - b))
        }

        /// Mean wait in queue, Wq = C / (c mu - lambda).
        public var meanWait: Double {
            probabilityOfWaiting / (Double(servers) * serviceRate - arrivalRate)
        }

        /// Mean number waiting, Lq = lambda Wq (Little).
        public var meanQueueLength: Double { arrivalRate * meanWait }

        /// P(Wq > t) = C exp(-(c mu - lambda) t).
        public func probabilityWaitExceeds(_ t: Double) -> Double {
            probabilityOfWaiting * exp(-(Double(servers) * serviceRate - arrivalRate) * t)
        }

        /// The q-quantile of the wait in queue (0 when at least q of arrivals do not wait).
        public func waitQuantile(_ q: Double) -> Double {
            let c = probabilityOfWaiting
            guard 1 - q < c else { return 0 }
            return log(c / (1 - q)) / (Double(servers) * serviceRate - arrivalRate)
        }
    }

    /// Erlang A (Palm): the M/M/c+M queue, where each waiting customer abandons after an
    /// exponential patience of rate `abandonmentRate`. Solved exactly on its birth-death chain,
    /// truncated where the remaining probability is below 1e-15.
    public struct A: Sendable {
        public let servers: Int
        public let arrivalRate: Double
        public let serviceRate: Double
        public let abandonmentRate: Double
        /// The stationary probabilities of the number in system.
        public let distribution: [Double]

        public init(servers: Int, arrivalRate: Double, serviceRate: Double, abandonmentRate: Double) {
            precondition(servers >= 1 && arrivalRate > 0 && serviceRate > 0 && abandonmentRate > 0)
            self.servers = servers
            self.arrivalRate = arrivalRate
            self.serviceRate = serviceRate
            self.abandonmentRate = abandonmentRate
            // Unnormalised p(n) by the balance p(n) death(n) = p(n-1) lambda, stopping once the
            // terms are negligible past the point where deaths outpace births. The weights are
            // rescaled when they grow large, since they reach about e^load before falling.
            var weights = [1.0]
            var total = 1.0
            var n = 0
            while true {
                n += 1
                let death = Double(min(n, servers)) * serviceRate + Double(max(n - servers, 0)) * abandonmentRate
                let next = weights[n - 1] * arrivalRate / death
                weights.append(next)
                total += next
                if next > 1e200 {
                    for i in weights.indices { weights[i] /= 1e200 }
                    total /= 1e200
                }
                if death > arrivalRate && next < 1e-15 * total { break }
            }
            distribution = weights.map { $0 / total }
        }

        /// Mean number waiting.
        public var meanQueueLength: Double {
            distribution.enumerated().reduce(0) { $0 + Double(max($1.offset - servers, 0)) * $1.element }
        }

        /// Mean number in service.
        public var meanBusy: Double {
            distribution.enumerated().reduce(0) { $0 + Double(min($1.offset, servers)) * $1.element }
        }

        /// The share of arrivals who abandon: theta Lq / lambda.
        public var probabilityOfAbandonment: Double { abandonmentRate * meanQueueLength / arrivalRate }

        /// Mean time in queue over all arrivals, served or not: Lq / lambda.
        public var meanWait: Double { meanQueueLength / arrivalRate }

        /// The probability that an arrival waits (PASTA: all servers busy on arrival).
        public var probabilityOfWaiting: Double { distribution[servers...].reduce(0, +) }

        /// Of the arrivals who wait: the probability that their wait, ended by service or cut short
        /// by abandonment, lasts at most `t`, and the probability that the wait they would have had
        /// with infinite patience (the virtual wait, which abandonment censors) exceeds `t`.
        ///
        /// An arrival finding k people waiting ahead is served once those k are gone (each step at
        /// rate c mu + j theta with j still ahead) and a server frees (rate c mu): a sum of
        /// exponentials whose survival S_k(t) solves dS_j/dt = r_j (S_{j-1} - S_j), S_{-1} = 0,
        /// S_j(0) = 1 (integrated by fourth-order Runge-Kutta). Patience is independent of it, so
        /// the wait cut short survives e^(-theta t) S_k(t). Both are averaged over k by PASTA.
        public func waitsOfThoseWhoWait(upTo t: Double) -> (endedWithin: Double, virtualExceeds: Double) {
            let ahead = distribution.count - servers
            let c = Double(servers) * serviceRate
            let rates = (0..<ahead).map { c + Double($0) * abandonmentRate }
            func derivative(_ s: [Double]) -> [Double] {
                s.indices.map { j in rates[j] * ((j > 0 ? s[j - 1] : 0) - s[j]) }
            }
            let steps = max(1000, Int((t * (rates.last ?? c)) * 20))
            let h = t / Double(steps)
            var s = [Double](repeating: 1, count: ahead)
            for _ in 0..<steps {
                let k1 = derivative(s)
                let k2 = derivative(zip(s, k1).map { $0 + h / 2 * $1 })
                let k3 = derivative(zip(s, k2).map { $0 + h / 2 * $1 })
                let k4 = derivative(zip(s, k3).map { $0 + h * $1 })
                for j in s.indices { s[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]) }
            }
            let waiting = probabilityOfWaiting
            let virtual = (0..<ahead).reduce(0) { $0 + distribution[servers + $1] * s[$1] } / waiting
            return (1 - exp(-abandonmentRate * t) * virtual, virtual)
        }
    }

    /// M/G/infinity: the number in service is Poisson with mean lambda E[S].
    public static func infiniteServerMean(arrivalRate: Double, meanService: Double) -> Double {
        arrivalRate * meanService
    }
}
