"""Time plain pytest, pytest-cov (branch) and `covlift measure` on the same projects, interleaved.

For each project and each interpreter (``--python 3.11,3.12,3.13``; project
venvs from ``corpus_envs``), runs the three ``--runs`` times, round robin over
interpreters and tools, so load drift hits all alike; prints the median wall
time of plain pytest and each tool's ratio to it, the same for CPU time (user +
system of the process tree, which other load on the machine disturbs far less
than wall time), the collector covlift used
(the snapshot's core), and whether covlift's snapshot is identical to the one
``--collector coverage`` gives (every per-file field and the totals; one
extra, untimed run per project and interpreter; ``--no-check`` skips it).

Not a test: numbers depend on the machine; only ratios from one run are compared.

Usage:
    python benchmarks/measure_overhead.py [--runs 3] [--python 3.11,3.12,3.13] [--collector NAME]
                                          [--no-check] [--no-warm-up] [--example] [--base-src DIR]
                                          [PROJECT ...]

Each command runs once untimed first (page cache; covlift's code cache, as any run after the first
has it); --no-warm-up times the first runs too.

PROJECT names come from ../shared/bench/corpus.toml (default: every project set
up); set them up first (see corpus_envs.py).  --example also times
examples/orderdesk with covlift's own interpreter.  --collector passes
``--collector NAME`` to covlift measure (default: auto).  --base-src also times
the covlift whose package is in DIR (another checkout's ``src``, e.g. a ``git
worktree`` of an earlier commit), interleaved with the rest, as "base".  Both
are byte-compiled first, as an installed covlift is.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus_envs  # noqa: E402
from corpus_envs import bench  # noqa: E402

Target = tuple[str, str, Path, dict[str, str], dict[str, list[str]]]  # name, python, cwd, env, commands


def _cpu() -> float:
    """CPU seconds of finished child processes (and theirs): other load disturbs it less than wall time."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds, exit code and stdout of one run."""
    start, start_cpu = time.perf_counter(), _cpu()
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=False
    )
    return time.perf_counter() - start, _cpu() - start_cpu, proc.returncode, proc.stdout


def covlift_cmd(
    python: str, project: Path, pytest_args: list[str], *, collector: str | None, src: str | None = None
) -> list[str]:
    if src is None:
        start = [sys.executable, "-m", "covlift"]
    else:  # the covlift package found in src, whatever is installed
        code = (
            f"import runpy, sys; sys.path.insert(0, {src!r}); "
            "runpy.run_module('covlift', run_name='__main__')"
        )
        start = [sys.executable, "-c", code]
    cmd = [*start, "measure", str(project), "--python", python, "--no-store", "--json"]
    cmd += ["--pytest-args", shlex.join(pytest_args)]
    return cmd + (["--collector", collector] if collector else [])


def with_covlift(
    cmds: dict[str, list[str]], python: str, project: Path, pytest_args: list[str], args: argparse.Namespace
) -> dict[str, list[str]]:
    cmds["covlift"] = covlift_cmd(python, project, pytest_args, collector=args.collector)
    if args.base_src:
        cmds["base"] = covlift_cmd(python, project, pytest_args, collector=args.collector, src=args.base_src)
    return cmds


def corpus_target(p: dict[str, Any], version: str, args: argparse.Namespace) -> Target:
    corpus_envs.use(version)
    env = bench.env_for(p)
    env["COVERAGE_RCFILE"] = str(bench.covrc(p))  # the same neutral source/omit for every tool
    cmds = {
        "plain": [str(c) for c in bench.pytest_cmd(p, "plain")],
        "pytest-cov": [str(c) for c in bench.pytest_cmd(p, "cov")],
    }
    if args.no_pytest_cov:
        del cmds["pytest-cov"]
    project = bench.pdir(p)
    cmds = with_covlift(cmds, str(bench.vpy(p)), project, list(p["test_args"]), args)
    return p["name"], version, project, env, cmds


def example_target(args: argparse.Namespace) -> Target:
    project = REPO / "examples" / "orderdesk"
    base = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    cmds = {"plain": base, "pytest-cov": [*base, "--cov=orderdesk", "--cov-branch", "--cov-report="]}
    version = ".".join(map(str, sys.version_info[:2]))
    return (
        "examples/orderdesk",
        version,
        project,
        dict(os.environ),
        with_covlift(cmds, sys.executable, project, [], args),
    )


def same_as_coverage(target: Target, snapshot: dict[str, Any]) -> str:
    """'yes' when ``--collector coverage`` gives the same files and totals, else 'NO' (or why not known)."""
    _name, _version, cwd, env, cmds = target
    cmd = list(cmds["covlift"])
    if "--collector" in cmd:
        del cmd[cmd.index("--collector") : cmd.index("--collector") + 2]
    _seconds, _cpu_s, code, out = _time([*cmd, "--collector", "coverage"], cwd, env)
    if code != 0:
        return f"coverage exit {code}"
    reference = json.loads(out)
    return (
        "yes"
        if (reference["files"], reference["totals"]) == (snapshot["files"], snapshot["totals"])
        else "NO"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("projects", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", default="3.11,3.12,3.13", help="interpreter versions, comma-separated")
    parser.add_argument("--example", action="store_true")
    parser.add_argument("--collector", choices=["auto", "coverage", "monitoring", "slipcover"], default=None)
    parser.add_argument("--no-check", action="store_true", help="do not compare with --collector coverage")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false", help="time the first runs too")
    parser.add_argument(
        "--no-pytest-cov", action="store_true", help="time plain pytest and covlift only (slow suites)"
    )
    parser.add_argument("--base-src", default=None, metavar="DIR")
    args = parser.parse_args()
    if args.base_src:
        args.base_src = str(Path(args.base_src).resolve())
    versions = args.python.split(",")
    # as an installed covlift is: byte-compiled (the project environments set PYTHONDONTWRITEBYTECODE, so
    # an editable checkout would otherwise be compiled again on every run)
    for src in filter(None, [str(REPO / "src"), args.base_src]):
        subprocess.run([sys.executable, "-m", "compileall", "-q", src], check=True)
    targets: list[list[Target]] = []  # per project: one target per interpreter
    if args.example:
        targets.append([example_target(args)])
    for p in bench.select(bench.load(), args.projects) if args.projects or not args.example else []:
        group = []
        for version in versions:
            corpus_envs.use(version)
            if corpus_envs.ready(p):
                group.append(corpus_target(p, version, args))
            else:
                print(f"{p['name']} ({version}): not set up in {corpus_envs.cache(version)}; skipped")
        if group:
            targets.append(group)
    head = (
        f"{'project':<20}{'python':>7}{'plain s':>9}{'pytest-cov':>12}{'covlift':>9}{'covlift-plain s':>17}"
        f"{'cpu: plain s':>14}{'pytest-cov':>12}{'covlift':>9}  {'collector':<11}{'identical':<10}"
    )
    print(head + (f"{'base':>8}" if args.base_src else ""), flush=True)
    for group in targets:
        times: dict[tuple[str, str], list[float]] = {}
        cpus: dict[tuple[str, str], list[float]] = {}
        codes: dict[tuple[str, str], set[int]] = {}
        last: dict[str, str] = {}
        for _name, _version, cwd, env, cmds in group if args.warm_up else ():
            for cmd in cmds.values():  # untimed: page cache, and covlift's code cache, as on a second run
                _time(cmd, cwd, env)
        for _ in range(args.runs):
            for _name, version, cwd, env, cmds in group:  # interleaved: interpreters and tools alike
                for key, cmd in cmds.items():
                    seconds, cpu, code, out = _time(cmd, cwd, env)
                    times.setdefault((version, key), []).append(seconds)
                    cpus.setdefault((version, key), []).append(cpu)
                    codes.setdefault((version, key), set()).add(code)
                    if key == "covlift":
                        last[version] = out
        for target in group:
            name, version, _cwd, _env, cmds = target
            med = {key: statistics.median(times[(version, key)]) for key in cmds}
            cpu = {key: statistics.median(cpus[(version, key)]) for key in cmds}
            snapshot = json.loads(last[version]) if codes[(version, "covlift")] == {0} else None
            core = snapshot["run"]["core"] if snapshot else f"exit {sorted(codes[(version, 'covlift')])}"
            same = "-" if args.no_check or snapshot is None else same_as_coverage(target, snapshot)
            base = f"{med['base'] / med['plain']:>7.2f}x" if "base" in med else ""
            for both in (med, cpu):
                both.setdefault("pytest-cov", float("nan"))
            print(
                f"{name:<20}{version:>7}{med['plain']:>9.2f}{med['pytest-cov'] / med['plain']:>11.2f}x"
                f"{med['covlift'] / med['plain']:>8.2f}x{med['covlift'] - med['plain']:>17.2f}"
                f"{cpu['plain']:>14.2f}{cpu['pytest-cov'] / cpu['plain']:>11.2f}x"
                f"{cpu['covlift'] / cpu['plain']:>8.2f}x  {core:<11}{same:<10}{base}",
                flush=True,
            )


if __name__ == "__main__":
    main()
