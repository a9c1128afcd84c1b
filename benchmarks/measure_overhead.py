"""Time plain pytest, pytest-cov (branch) and `covlift measure` on the same projects, interleaved.

Prints, per project, the median wall time of each and its ratio to plain pytest.
Not a test: numbers depend on the machine; only ratios from one run are compared.

Usage:
    python benchmarks/measure_overhead.py [--runs 3] [--example] [PROJECT ...]

PROJECT names come from ../shared/bench/corpus.toml; set them up first with
``bash ../shared/bench/setup.sh PROJECT`` (venvs under $BENCH_CACHE).
--example also times examples/orderdesk with covlift's own interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BENCH = Path(os.environ.get("COVLIFT_BENCH_DIR", REPO.parent / "shared" / "bench"))
sys.path.insert(0, str(BENCH))

import bench  # type: ignore[import-not-found]  # noqa: E402


def _time(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, proc.returncode


def covlift_cmd(python: str, project: Path, pytest_args: list[str]) -> list[str]:
    import shlex

    return [sys.executable, "-m", "covlift", "measure", str(project), "--python", python,
            "--no-store", "--pytest-args", shlex.join(pytest_args)]


def corpus_commands(p: dict) -> tuple[Path, dict[str, str], dict[str, list[str]]]:
    env = bench.env_for(p)
    env["COVERAGE_RCFILE"] = str(bench.covrc(p))  # the same neutral source/omit for every tool
    cmds = {
        "plain": [str(c) for c in bench.pytest_cmd(p, "plain")],
        "pytest-cov": [str(c) for c in bench.pytest_cmd(p, "cov")],
        "covlift": covlift_cmd(str(bench.vpy(p)), bench.pdir(p), list(p["test_args"])),
    }
    return bench.pdir(p), env, cmds


def example_commands() -> tuple[Path, dict[str, str], dict[str, list[str]]]:
    project = REPO / "examples" / "orderdesk"
    base = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    return project, dict(os.environ), {
        "plain": base,
        "pytest-cov": [*base, "--cov=orderdesk", "--cov-branch", "--cov-report="],
        "covlift": covlift_cmd(sys.executable, project, []),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("projects", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--example", action="store_true")
    args = parser.parse_args()
    data = bench.load()
    targets: list[tuple[str, tuple[Path, dict[str, str], dict[str, list[str]]]]] = []
    if args.example:
        targets.append(("examples/orderdesk", example_commands()))
    for p in bench.select(data, args.projects) if args.projects or not args.example else []:
        if not bench.vpy(p).exists():
            print(f"{p['name']}: not set up (run ../shared/bench/setup.sh {p['name']}); skipped")
            continue
        targets.append((p["name"], corpus_commands(p)))
    print(f"{'project':<22}{'plain s':>9}{'pytest-cov s':>14}{'covlift s':>11}{'cov/plain':>11}{'covlift/plain':>15}")
    for name, (cwd, env, cmds) in targets:
        times: dict[str, list[float]] = {k: [] for k in cmds}
        codes: dict[str, set[int]] = {k: set() for k in cmds}
        for _ in range(args.runs):
            for key, cmd in cmds.items():  # interleaved, so drift hits all three alike
                seconds, code = _time(cmd, cwd, env)
                times[key].append(seconds)
                codes[key].add(code)
        med = {k: statistics.median(v) for k, v in times.items()}
        flag = "" if codes["covlift"] == {0} else f"  (covlift exit {sorted(codes['covlift'])})"
        print(f"{name:<22}{med['plain']:>9.2f}{med['pytest-cov']:>14.2f}{med['covlift']:>11.2f}"
              f"{med['pytest-cov'] / med['plain']:>10.2f}x{med['covlift'] / med['plain']:>14.2f}x{flag}")


if __name__ == "__main__":
    main()
