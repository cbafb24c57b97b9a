"""Global sensitivity analysis of dacsim with SALib: Morris screening and Sobol indices.

A problem file names the base scenario, the uncertain parameters with their ranges (as a sweep's
design does: uniform, log_uniform or levels), the method, the sample size and the metrics:

    base: ../balanced-500k.yaml          # relative to the problem file
    replications: 3
    seed: 2026
    method: morris                       # or sobol (Saltelli's sampling, first-order and total indices)
    samples: 10                          # Morris trajectories, or Sobol base samples N (a power of 2)
    levels: 4                            # Morris grid levels (default 4)
    metrics: [coordination_wait_mean_days, unmet_needs_per_100k_per_year, staff_cost_eur_per_year]
    territory: Balanced 500k             # default: all territories together, or the only one
    parameters:
      - {key: "territories[0].readability", uniform: {from: 0.3, to: 0.9}}
      - {key: "territories[0].convergence.dac.coordination.fte_per_100k", log_uniform: {from: 1, to: 5}}
      - {key: "territories[0].support_programme", levels: [light, reinforced, strong]}

Steps (docs/sensitivity.md):
    sensitivity sample PROBLEM --out DIR   # DIR/points.csv, DIR/unit-sample.csv, DIR/sweep.yaml
    sensitivity run DIR [--jobs J]         # dacsim sweep DIR/sweep.yaml --out DIR/results (or a Slurm array)
    sensitivity analyse DIR                # DIR/indices.csv
    sensitivity all PROBLEM --out DIR      # the three in a row

SALib samples the unit hypercube; each parameter's range maps a coordinate u in [0, 1] to a value
(uniform: from + u (to - from); log_uniform: the same in the logarithm; levels: level floor(u n)),
and the indices are computed on the unit coordinates, so Morris' mu* of every parameter is the
effect of moving it across its whole range, in the metric's unit.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

TOTAL = "All territories"  # dacsim's name for the total of a multi-territory scenario
METHODS = ("morris", "sobol")


class ProblemError(Exception):
    """Bad input in a problem file: the message names the file and the key."""


@dataclass
class Parameter:
    key: str
    kind: str  # uniform, log_uniform or levels
    low: float = 0.0
    high: float = 1.0
    levels: tuple = ()

    def value(self, u: float) -> str:
        u = min(max(float(u), 0.0), 1.0)
        if self.kind == "levels":
            return str(self.levels[min(len(self.levels) - 1, int(u * len(self.levels)))])
        if self.kind == "log_uniform":
            x = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        else:
            x = self.low + u * (self.high - self.low)
        return f"{x:.10g}"


@dataclass
class Problem:
    file: Path
    base: str
    replications: int
    seed: int
    method: str
    samples: int
    levels: int
    metrics: list
    territory: str | None
    parameters: list

    @property
    def salib(self) -> dict:
        return {"num_vars": len(self.parameters), "names": [p.key for p in self.parameters],
                "bounds": [[0.0, 1.0]] * len(self.parameters)}

    def to_json(self) -> dict:
        return {"file": str(self.file), "base": self.base, "replications": self.replications, "seed": self.seed,
                "method": self.method, "samples": self.samples, "levels": self.levels, "metrics": self.metrics,
                "territory": self.territory,
                "parameters": [{"key": p.key, "kind": p.kind, "from": p.low, "to": p.high, "levels": list(p.levels)}
                               for p in self.parameters]}

    @staticmethod
    def from_json(data: dict) -> "Problem":
        parameters = [Parameter(p["key"], p["kind"], p["from"], p["to"], tuple(p["levels"])) for p in data["parameters"]]
        return Problem(Path(data["file"]), data["base"], data["replications"], data["seed"], data["method"], data["samples"],
                       data["levels"], data["metrics"], data["territory"], parameters)


def line_of(node, steps) -> int:
    """The line (1-based) of the value at `steps` (keys and indices) in a composed YAML node, or of
    the nearest value above it that exists."""
    line = node.start_mark.line + 1 if node is not None else 1
    for step in steps:
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if k.value == step]
            if not found:
                found = [k for k, v in node.value if k.value == step]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = [node.value[step]]
        else:
            found = []
        if not found:
            break
        node = found[0]
        line = node.start_mark.line + 1
    return line


def read_problem(path: str | Path) -> Problem:
    path = Path(path)
    try:
        text = path.read_text()
        data = yaml.safe_load(text)
        tree = yaml.compose(text)
    except (OSError, yaml.YAMLError) as error:
        raise ProblemError(f"{path}: cannot read it: {error}")
    try:
        return read_problem_data(path, data)
    except ProblemError as error:
        # "file: key.path: message" becomes "file:line: key.path: message", the line of that key's value.
        message = str(error)
        prefix = f"{path}: "
        if message.startswith(prefix):
            key = message[len(prefix):].split(": ", 1)[0]
            steps = []
            for part in key.split("."):
                name, _, rest = part.partition("[")
                steps.append(name)
                if rest:
                    steps.append(int(rest.rstrip("]")))
            message = f"{path}:{line_of(tree, steps)}: " + message[len(prefix):]
        raise ProblemError(message) from None


def read_problem_data(path: Path, data) -> Problem:
    if not isinstance(data, dict):
        raise ProblemError(f"{path}:1: expected a mapping of keys (base, replications, method, samples, metrics, parameters)")
    known = {"base", "replications", "seed", "method", "samples", "levels", "metrics", "territory", "parameters"}
    for key in data:
        if key not in known:
            raise ProblemError(f"{path}: {key}: unknown key; expected one of {', '.join(sorted(known))}")

    def need(key, kind, what):
        if key not in data:
            raise ProblemError(f"{path}: {key}: missing; expected {what}")
        if not isinstance(data[key], kind) or isinstance(data[key], bool):
            raise ProblemError(f"{path}: {key}: expected {what}, found {data[key]!r}")
        return data[key]

    base = need("base", str, "the path of the base scenario, relative to this file")
    replications = need("replications", int, "a number of replications")
    method = need("method", str, "morris or sobol")
    if method not in METHODS:
        raise ProblemError(f"{path}: method: expected morris or sobol, found {method!r}")
    samples = need("samples", int, "a number of samples (Morris trajectories, or Sobol base samples)")
    if samples < 2:
        raise ProblemError(f"{path}: samples: expected at least 2, found {samples}")
    if method == "sobol" and samples & (samples - 1):
        raise ProblemError(f"{path}: samples: Saltelli's sampling needs a power of 2 (such as 64, 128, 256), found {samples}")
    levels = data.get("levels", 4)
    if not isinstance(levels, int) or levels < 2 or levels % 2:
        raise ProblemError(f"{path}: levels: expected an even number of Morris levels, at least 2, found {levels!r}")
    metrics = need("metrics", list, "a list of metric names of dacsim's summary (such as coordination_wait_mean_days)")
    if not metrics or not all(isinstance(m, str) for m in metrics):
        raise ProblemError(f"{path}: metrics: expected a list of metric names, found {metrics!r}")
    seed = data.get("seed", 1)
    parameters = []
    for i, item in enumerate(need("parameters", list, "a list of {key, uniform | log_uniform | levels}")):
        where = f"{path}: parameters[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise ProblemError(f"{where}: expected {{key, uniform: {{from, to}}}}, {{key, log_uniform: {{from, to}}}} or {{key, levels}}")
        ranges = [k for k in ("uniform", "log_uniform", "levels") if k in item]
        extra = set(item) - {"key", "uniform", "log_uniform", "levels"}
        if extra:
            raise ProblemError(f"{where}.{sorted(extra)[0]}: unknown key; expected key, uniform, log_uniform or levels")
        if len(ranges) != 1:
            raise ProblemError(f"{where}: a parameter needs one range: uniform, log_uniform or levels")
        kind = ranges[0]
        if kind == "levels":
            if not isinstance(item["levels"], list) or not item["levels"]:
                raise ProblemError(f"{where}.levels: an empty list of levels; give at least one")
            parameters.append(Parameter(item["key"], kind, levels=tuple(item["levels"])))
            continue
        bounds = item[kind]
        if not isinstance(bounds, dict) or set(bounds) != {"from", "to"}:
            raise ProblemError(f"{where}.{kind}: expected {{from, to}}")
        low, high = bounds["from"], bounds["to"]
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (low, high)):
            raise ProblemError(f"{where}.{kind}: expected numbers from and to")
        if not high > low:
            raise ProblemError(f"{where}.{kind}.to: an empty range: to ({high}) must be above from ({low})")
        if kind == "log_uniform" and low <= 0:
            raise ProblemError(f"{where}.{kind}.from: expected a number above 0, found {low}")
        parameters.append(Parameter(item["key"], kind, float(low), float(high)))
    if not parameters:
        raise ProblemError(f"{path}: parameters: expected at least one parameter")
    keys = [p.key for p in parameters]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            raise ProblemError(f"{path}: parameters[{i}]: the key {key} is given twice")
    territory = data.get("territory")
    return Problem(path, base, replications, seed, method, samples, levels, metrics, territory, parameters)


def unit_sample(problem: Problem) -> np.ndarray:
    if problem.method == "morris":
        from SALib.sample import morris
        return morris.sample(problem.salib, problem.samples, num_levels=problem.levels, seed=problem.seed)
    from SALib.sample import sobol
    return sobol.sample(problem.salib, problem.samples, calc_second_order=False, seed=problem.seed)


def csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def sample(problem: Problem, out: Path) -> int:
    """Writes DIR/points.csv (one column per key path), DIR/unit-sample.csv, DIR/sweep.yaml and DIR/problem.json."""
    out.mkdir(parents=True, exist_ok=True)
    unit = unit_sample(problem)
    lines = [",".join(csv_cell(p.key) for p in problem.parameters)]
    lines += [",".join(csv_cell(p.value(u)) for p, u in zip(problem.parameters, row)) for row in unit]
    (out / "points.csv").write_text("\n".join(lines) + "\n")
    pd.DataFrame(unit, columns=[p.key for p in problem.parameters]).to_csv(out / "unit-sample.csv", index=False, float_format="%.17g")
    # The base as seen from the sweep file: relative when both sit in one tree (a repository), else absolute.
    base_path = problem.file.parent.resolve() / problem.base
    inside = os.path.commonpath([base_path, out.resolve()]) != os.path.sep
    base = problem.base if os.path.isabs(problem.base) else os.path.relpath(base_path, out.resolve()) if inside else str(base_path)
    (out / "sweep.yaml").write_text(
        f"# A {problem.method} design of {len(unit)} points written by scripts/sensitivity from {problem.file}\n"
        f"base: {json.dumps(base)}\nreplications: {problem.replications}\nseed: {problem.seed}\ndesign:\n  points: points.csv\n")
    (out / "problem.json").write_text(json.dumps(problem.to_json(), indent=2) + "\n")
    return len(unit)


def dacsim_binary(given: str | None) -> str:
    if given:
        return given
    if os.environ.get("DACSIM"):
        return os.environ["DACSIM"]
    root = Path(__file__).resolve().parent.parent
    built = root / ".build" / "release" / "dacsim"
    return str(built) if built.exists() else "dacsim"


def run(out: Path, jobs: int | None = None, dacsim: str | None = None) -> None:
    command = [dacsim_binary(dacsim), "sweep", str(out / "sweep.yaml"), "--out", str(out / "results")]
    if jobs:
        command += ["--jobs", str(jobs)]
    print("running: " + " ".join(shlex.quote(c) for c in command), flush=True)
    subprocess.run(command, check=True)


def responses(out: Path, problem: Problem, results: Path | None = None) -> tuple[pd.DataFrame, str]:
    """Per cell and metric, the mean over replications, in cell order; and the territory used."""
    results = results or out / "results"
    summary_file = results / "sweep-summary.csv"
    if not summary_file.exists():
        raise ProblemError(f"{summary_file}: missing; run the sweep (sensitivity run {out}) or merge its shards first")
    summary = pd.read_csv(summary_file)
    territories = list(dict.fromkeys(summary.territory))
    territory = problem.territory or (TOTAL if TOTAL in territories else territories[0])
    if territory not in territories:
        raise ProblemError(f"territory: {territory!r} is not in {summary_file} (it has {', '.join(territories)})")
    rows = summary[summary.territory == territory]
    table = rows.pivot(index="cell", columns="metric", values="mean")
    points = len(pd.read_csv(out / "unit-sample.csv"))
    missing = [m for m in problem.metrics if m not in table.columns]
    if missing:
        raise ProblemError(f"metrics: {missing[0]!r} is not a metric of {summary_file} (it has {', '.join(sorted(table.columns))})")
    if list(table.index) != list(range(points)):
        raise ProblemError(f"{summary_file} has {len(table)} cells where the design has {points}: not this design's results")
    return table[problem.metrics], territory


def analyse(out: Path, results: Path | None = None, resamples: int = 1000, confidence: float = 0.95) -> pd.DataFrame:
    """Morris mu*, mu and sigma, or Sobol S1 and ST, per metric and parameter, with bootstrap intervals: DIR/indices.csv."""
    problem = Problem.from_json(json.loads((out / "problem.json").read_text()))
    unit = pd.read_csv(out / "unit-sample.csv").to_numpy()
    table, territory = responses(out, problem, results)
    rows = []
    for metric in problem.metrics:
        y = table[metric].to_numpy(dtype=float)
        if not np.isfinite(y).all():
            raise ProblemError(f"metric {metric}: some cells have no value (a wait with no admission?); choose another metric")
        if problem.method == "morris":
            from SALib.analyze import morris
            s = morris.analyze(problem.salib, unit, y, num_resamples=resamples, conf_level=confidence,
                               num_levels=problem.levels, seed=problem.seed)
            for i, name in enumerate(problem.salib["names"]):
                half = float(s["mu_star_conf"][i])
                rows.append((metric, territory, name, "mu_star", s["mu_star"][i], s["mu_star"][i] - half, s["mu_star"][i] + half))
                rows.append((metric, territory, name, "mu", s["mu"][i], math.nan, math.nan))
                rows.append((metric, territory, name, "sigma", s["sigma"][i], math.nan, math.nan))
        else:
            from SALib.analyze import sobol
            s = sobol.analyze(problem.salib, y, calc_second_order=False, num_resamples=resamples, conf_level=confidence,
                              seed=problem.seed)
            for i, name in enumerate(problem.salib["names"]):
                for index in ("S1", "ST"):
                    half = float(s[index + "_conf"][i])
                    rows.append((metric, territory, name, index, s[index][i], s[index][i] - half, s[index][i] + half))
    indices = pd.DataFrame(rows, columns=["metric", "territory", "parameter", "index", "value", "ci_low", "ci_high"])
    main = "mu_star" if problem.method == "morris" else "ST"
    ranks = indices[indices["index"] == main].groupby("metric")["value"].rank(ascending=False, method="min")
    indices["rank"] = np.nan
    indices.loc[ranks.index, "rank"] = ranks
    indices["rank"] = indices.groupby(["metric", "parameter"])["rank"].transform("max").astype(int)
    indices.to_csv(out / "indices.csv", index=False, float_format="%.10g")
    return indices


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/sensitivity", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="docs/sensitivity.md explains the steps and the number of runs each method needs.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in [("sample", "write the design's points and a sweep file for dacsim"),
                       ("all", "sample, run the sweep here, and analyse")]:
        command = commands.add_parser(name, help=text)
        command.add_argument("problem", help="the problem file (YAML)")
        command.add_argument("--out", required=True, help="the analysis directory")
        if name == "all":
            command.add_argument("--jobs", type=int, help="replications run at once (dacsim sweep --jobs)")
            command.add_argument("--dacsim", help="the dacsim binary (default: $DACSIM, .build/release/dacsim, or dacsim on the PATH)")
    command = commands.add_parser("run", help="run dacsim sweep on a sampled directory")
    command.add_argument("directory")
    command.add_argument("--jobs", type=int)
    command.add_argument("--dacsim")
    command = commands.add_parser("analyse", help="compute the indices from the sweep's results: DIR/indices.csv")
    command.add_argument("directory")
    command.add_argument("--results", help="the sweep's results directory (default: DIR/results, where run and merge write)")
    args = parser.parse_args(argv)
    try:
        if args.command in ("sample", "all"):
            problem = read_problem(args.problem)
            out = Path(args.out)
            points = sample(problem, out)
            print(f"{problem.method}: {points} points of {len(problem.parameters)} parameters, {problem.replications} replications "
                  f"each ({points * problem.replications} runs): {out}/points.csv and {out}/sweep.yaml")
            if args.command == "sample":
                print(f"next: scripts/sensitivity run {out}   (or, on a cluster: sbatch --array=1-N scripts/slurm/sweep.sbatch "
                      f"{out}/sweep.yaml {out}/results N, then dacsim merge --sweep {out}/sweep.yaml --out {out}/results "
                      f"{out}/results/shard-*), then scripts/sensitivity analyse {out}")
                return 0
            run(out, args.jobs, args.dacsim)
        elif args.command == "run":
            out = Path(args.directory)
            run(out, args.jobs, args.dacsim)
            return 0
        else:
            out = Path(args.directory)
        indices = analyse(out, Path(args.results) if getattr(args, "results", None) else None)
        main_index = "mu_star" if "mu_star" in set(indices["index"]) else "ST"
        shown = indices[indices["index"] == main_index].sort_values(["metric", "rank"])
        print(shown.to_string(index=False))
        print(f"indices written to {out}/indices.csv")
        return 0
    except ProblemError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:
        return error.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
