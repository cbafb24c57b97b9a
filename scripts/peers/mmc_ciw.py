#!/usr/bin/env python3
"""M/M/c throughput benchmark in Ciw, the same model as `dacsim bench`.

lambda = 9/h, mu = 1/h, c = 10, FIFO, starts empty, stops at the Nth arrival.
Prints one line: best-of-R customers per second, plus the simulated mean wait
in queue next to the Erlang C value so a reader can see the model is right.
"""
import argparse
import math
import time

import ciw

LAMBDA, MU, C = 9.0, 1.0, 10


def erlang_c_wq(lam, mu, c):
    """Theoretical mean wait in queue (Wq) of an M/M/c queue, via Erlang C."""
    a, rho = lam / mu, lam / (c * mu)
    top = a**c / math.factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait / (c * mu - lam)


def run_once(n, seed):
    """One replication; returns (seconds spent simulating, waits in queue)."""
    ciw.seed(seed)  # Ciw draws from the global random module
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=LAMBDA)],
        service_distributions=[ciw.dists.Exponential(rate=MU)],
        number_of_servers=[C],
    )  # one node, FIFO is Ciw's default discipline
    sim = ciw.Simulation(network)
    start = time.perf_counter()
    # 'Arrive' stops once n customers have arrived (not once n have left).
    sim.simulate_until_max_customers(n, method="Arrive")
    secs = time.perf_counter() - start
    # Records exist for customers whose service completed; enough for a check.
    return secs, [r.waiting_time for r in sim.get_all_records()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    best, all_waits = math.inf, []
    for seed in range(1, args.repeats + 1):
        secs, waits = run_once(args.customers, seed)
        best = min(best, secs)
        all_waits.extend(waits)
    wq = sum(all_waits) / len(all_waits)
    print(f"{'ciw':<7}M/M/{C} {args.customers} customers: best of {args.repeats} = "
          f"{args.customers / best:.0f} customers/s "
          f"(mean wait {wq:.4f} h, Erlang C {erlang_c_wq(LAMBDA, MU, C):.4f} h)")


if __name__ == "__main__":
    main()
