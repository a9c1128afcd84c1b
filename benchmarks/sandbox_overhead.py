"""Time a project's suite plain and through covlift's sandbox in each isolation mode, interleaved.

Prints, per project, the median wall time of plain pytest and of the sandboxed run
(making the sandbox and its copy of the project, the run, removing it) in each mode,
with its ratio to plain pytest, and separately what making the sandbox alone costs.
Not a test: numbers depend on the machine; only ratios from one run are compared.

Usage:
    python benchmarks/sandbox_overhead.py [--runs 5] [--example] [--modes bubblewrap,unshare,audit-hook]
                                          [PROJECT ...]

PROJECT names come from ../shared/bench/corpus.toml (set them up with
``bash ../shared/bench/setup.sh PROJECT``); --example times examples/orderdesk with
covlift's own interpreter; with neither, only ``python -c pass`` is timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from covlift.runner import RunPolicy, Sandbox

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BENCH = Path(os.environ.get("COVLIFT_BENCH_DIR", REPO.parent / "shared" / "bench"))
sys.path.insert(0, str(BENCH))

import bench  # type: ignore[import-not-found]  # noqa: E402

Target = tuple[str, Path, str, list[str], dict[str, str]]  # name, project, python, argv after python, env


def plain(target: Target) -> float:
    _name, project, python, args, env = target
    start = time.perf_counter()
    subprocess.run(
        [python, *args], cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def sandboxed(target: Target, mode: str) -> tuple[float, float, int]:
    """(whole time, of which making the sandbox, exit code)."""
    _name, project, python, args, env = target
    start = time.perf_counter()
    with Sandbox(project, RunPolicy(isolation=mode, pass_env=tuple(env)), python=python, environ=env) as box:
        made = time.perf_counter() - start
        finished = box.run([python, *args], timeout=3600)
    return time.perf_counter() - start, made, finished.returncode


def targets(args: argparse.Namespace) -> list[Target]:
    empty = Path(tempfile.mkdtemp(prefix="covlift-bench-empty-"))
    found: list[Target] = [
        ("python -c pass", empty, sys.executable, ["-c", "pass"], {"PATH": os.environ["PATH"]})
    ]
    if args.example:
        found.append(
            (
                "examples/orderdesk",
                REPO / "examples" / "orderdesk",
                sys.executable,
                ["-m", "pytest", "-p", "no:cacheprovider", "-q"],
                {"PATH": os.environ["PATH"]},
            )
        )
    for p in bench.select(bench.load(), args.projects) if args.projects else []:
        if not bench.vpy(p).exists():
            print(f"{p['name']}: not set up (run ../shared/bench/setup.sh {p['name']}); skipped")
            continue
        env = {k: v for k, v in bench.env_for(p).items() if k == "PATH" or k in p.get("env", {})}
        args_ = ["-m", "pytest", "-p", "no:cacheprovider", *p["test_args"]]
        found.append((p["name"], bench.pdir(p), str(bench.vpy(p)), args_, env))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("projects", nargs="*")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--example", action="store_true")
    parser.add_argument("--modes", default="bubblewrap,unshare,audit-hook")
    args = parser.parse_args()
    modes = args.modes.split(",")
    head = f"{'project':<20}{'plain s':>9}" + "".join(
        f"{m + ' s':>15}{'ratio':>7}{'setup s':>9}" for m in modes
    )
    print(head)
    for target in targets(args):
        times: dict[str, list[float]] = {"plain": [], **{m: [] for m in modes}}
        setup: dict[str, list[float]] = {m: [] for m in modes}
        codes: set[int] = set()
        for _ in range(args.runs):  # interleaved, so drift hits every column alike
            times["plain"].append(plain(target))
            for mode in modes:
                whole, made, code = sandboxed(target, mode)
                times[mode].append(whole)
                setup[mode].append(made)
                codes.add(code)
        med = {k: statistics.median(v) for k, v in times.items()}
        cols = "".join(
            f"{med[m]:>15.3f}{med[m] / med['plain']:>6.2f}x{statistics.median(setup[m]):>9.3f}" for m in modes
        )
        flag = f"  (sandboxed exit codes {sorted(codes)})" if codes - {0} else ""
        print(f"{target[0]:<20}{med['plain']:>9.3f}{cols}{flag}")


if __name__ == "__main__":
    main()
