#!/usr/bin/env python3
"""M/M/c throughput benchmark in SimPy, the same model as `dacsim bench`.

lambda = 9/h, mu = 1/h, c = 10, FIFO, starts empty, stops at the Nth arrival.
Prints one line: best-of-R customers per second, plus the simulated mean wait
in queue next to the Erlang C value so a reader can see the model is right.
"""
import argparse
import math
import random
import time

import simpy

LAMBDA, MU, C = 9.0, 1.0, 10


def erlang_c_wq(lam, mu, c):
    """Theoretical mean wait in queue (Wq) of an M/M/c queue, via Erlang C."""
    a, rho = lam / mu, lam / (c * mu)
    top = a**c / math.factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait / (c * mu - lam)


def run_once(n, seed):
    """One replication; returns (seconds spent in env.run, waits in queue)."""
    rng = random.Random(seed)  # own stream per replication, no global state
    expo = rng.expovariate
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=C)  # FIFO request queue
    waits = []

    def customer():
        arrived = env.now
        with servers.request() as req:
            yield req
            waits.append(env.now - arrived)
            yield env.timeout(expo(MU))

    def source():
        # Standard idiom: one generator process per customer.
        for _ in range(n):
            yield env.timeout(expo(LAMBDA))
            env.process(customer())

    arrivals = env.process(source())
    start = time.perf_counter()
    env.run(until=arrivals)  # stop at the Nth arrival, like ciw's method='Arrive'
    return time.perf_counter() - start, waits


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
    print(f"{'simpy':<7}M/M/{C} {args.customers} customers: best of {args.repeats} = "
          f"{args.customers / best:.0f} customers/s "
          f"(mean wait {wq:.4f} h, Erlang C {erlang_c_wq(LAMBDA, MU, C):.4f} h)")


if __name__ == "__main__":
    main()
