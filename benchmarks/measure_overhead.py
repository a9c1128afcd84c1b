"""Time plain pytest, pytest-cov (branch) and `covlift measure` on the same projects, interleaved.

Prints, per project, the median wall time of each and its ratio to plain pytest.
Not a test: numbers depend on the machine; only ratios from one run are compared.

Usage:
    python benchmarks/measure_overhead.py [--runs 3] [--example] [--collector NAME]
                                          [--base-src DIR] [PROJECT ...]

PROJECT names come from ../shared/bench/corpus.toml; set them up first with
``bash ../shared/bench/setup.sh PROJECT`` (venvs under $BENCH_CACHE).
--example also times examples/orderdesk with covlift's own interpreter.
--collector passes ``--collector NAME`` to covlift measure (default: the project's setting).
--base-src also times the covlift whose package is in DIR (another checkout's ``src``,
e.g. a ``git worktree`` of an earlier commit), interleaved with the rest, as "base".
Byte-compile that checkout first (``python -m compileall -q DIR``): the project
environments set PYTHONDONTWRITEBYTECODE, so covlift's own modules are never cached.
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


def covlift_cmd(
    python: str,
    project: Path,
    pytest_args: list[str],
    *,
    collector: str | None = None,
    src: str | None = None,
) -> list[str]:
    import shlex

    if src is None:
        start = [sys.executable, "-m", "covlift"]
    else:  # the covlift package found in src, whatever is installed
        code = (
            f"import runpy, sys; sys.path.insert(0, {src!r}); "
            "runpy.run_module('covlift', run_name='__main__')"
        )
        start = [sys.executable, "-c", code]
    cmd = [*start, "measure", str(project), "--python", python, "--no-store"]
    cmd += ["--pytest-args", shlex.join(pytest_args)]
    return cmd + (["--collector", collector] if collector else [])


def with_covlift(
    cmds: dict[str, list[str]], python: str, project: Path, pytest_args: list[str], args: argparse.Namespace
) -> dict[str, list[str]]:
    cmds["covlift"] = covlift_cmd(python, project, pytest_args, collector=args.collector)
    if args.base_src:
        cmds["base"] = covlift_cmd(python, project, pytest_args, collector=args.collector, src=args.base_src)
    return cmds


def corpus_commands(p: dict, args: argparse.Namespace) -> tuple[Path, dict[str, str], dict[str, list[str]]]:
    env = bench.env_for(p)
    env["COVERAGE_RCFILE"] = str(bench.covrc(p))  # the same neutral source/omit for every tool
    cmds = {
        "plain": [str(c) for c in bench.pytest_cmd(p, "plain")],
        "pytest-cov": [str(c) for c in bench.pytest_cmd(p, "cov")],
    }
    project = bench.pdir(p)
    return project, env, with_covlift(cmds, str(bench.vpy(p)), project, list(p["test_args"]), args)


def example_commands(args: argparse.Namespace) -> tuple[Path, dict[str, str], dict[str, list[str]]]:
    project = REPO / "examples" / "orderdesk"
    base = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    cmds = {"plain": base, "pytest-cov": [*base, "--cov=orderdesk", "--cov-branch", "--cov-report="]}
    return project, dict(os.environ), with_covlift(cmds, sys.executable, project, [], args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("projects", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--example", action="store_true")
    parser.add_argument("--collector", choices=["coverage", "slipcover", "auto"], default=None)
    parser.add_argument("--base-src", default=None, metavar="DIR")
    args = parser.parse_args()
    if args.base_src:
        args.base_src = str(Path(args.base_src).resolve())
    data = bench.load()
    targets: list[tuple[str, tuple[Path, dict[str, str], dict[str, list[str]]]]] = []
    if args.example:
        targets.append(("examples/orderdesk", example_commands(args)))
    for p in bench.select(data, args.projects) if args.projects or not args.example else []:
        if not bench.vpy(p).exists():
            print(f"{p['name']}: not set up (run ../shared/bench/setup.sh {p['name']}); skipped")
            continue
        targets.append((p["name"], corpus_commands(p, args)))
    head = f"{'project':<22}{'plain s':>9}{'pytest-cov s':>14}{'covlift s':>11}{'cov/plain':>11}"
    print(head + f"{'covlift/plain':>15}" + (f"{'base s':>9}{'base/plain':>12}" if args.base_src else ""))
    for name, (cwd, env, cmds) in targets:
        times: dict[str, list[float]] = {k: [] for k in cmds}
        codes: dict[str, set[int]] = {k: set() for k in cmds}
        for _ in range(args.runs):
            for key, cmd in cmds.items():  # interleaved, so drift hits all three alike
                seconds, code = _time(cmd, cwd, env)
                times[key].append(seconds)
                codes[key].add(code)
        med = {k: statistics.median(v) for k, v in times.items()}
        failed = [key for key in ("covlift", "base") if key in codes and codes[key] != {0}]
        flag = "".join(f"  ({key} exit {sorted(codes[key])})" for key in failed)
        base_cols = f"{med['base']:>9.2f}{med['base'] / med['plain']:>11.2f}x" if "base" in med else ""
        print(f"{name:<22}{med['plain']:>9.2f}{med['pytest-cov']:>14.2f}{med['covlift']:>11.2f}"
              f"{med['pytest-cov'] / med['plain']:>10.2f}x{med['covlift'] / med['plain']:>14.2f}x"
              f"{base_cols}{flag}")


if __name__ == "__main__":
    main()
