"""Does slipcover give coverage.py's line and branch results on the corpus, and how fast is it?

For each corpus project (set up with ``bash ../shared/bench/setup.sh NAME``) this
measures the suite four ways, with the neutral source/omit of bench.py's covrc:

* ``coverage``  - ``pytest --cov --cov-branch`` and ``coverage json``: the reference;
* ``slipcover`` - slipcover's own CLI (``python -m slipcover --branch --json``) as bench.py runs it;
* ``covlift/coverage`` and ``covlift/slipcover`` - ``covlift measure --collector coverage|slipcover``
  (a project the slipcover collector refuses is timed with ``--collector auto``, which measures again).

and compares, per file: executed lines, missing lines, executed and missing
branch arcs.  slipcover's own JSON is compared twice: as written, and
"normalized" (exit targets ``0`` read as coverage.py's ``-start``, lines
limited to coverage.py's statements), which leaves only the real model
differences.  Then it times plain pytest and each way, interleaved, and prints
the median of ``--runs`` and its ratio to plain pytest.

Not a test: timings depend on the machine and its load; compare ratios from one run.

Usage:
    python benchmarks/slipcover_equivalence.py [--runs 3] [--no-timing] [PROJECT ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BENCH = Path(os.environ.get("COVLIFT_BENCH_DIR", REPO.parent / "shared" / "bench"))
sys.path.insert(0, str(BENCH))

import bench  # type: ignore[import-not-found]  # noqa: E402

DEFAULT = [
    "python-slugify", "schema", "isodate", "parse", "humanize", "tabulate", "toolz", "marshmallow", "tomlkit",
    "boltons", "python-dateutil", "docutils",
]  # fmt: skip
Arc = tuple[int, int]
FileView = dict[str, set[Any]]  # executed_lines, missing_lines, executed_branches, missing_branches


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _view(
    executed: Iterable[int], missing: Iterable[int], ex_br: Iterable[Any], miss_br: Iterable[Any]
) -> FileView:
    return {
        "executed_lines": set(executed),
        "missing_lines": set(missing),
        "executed_branches": {tuple(a) for a in ex_br},
        "missing_branches": {tuple(a) for a in miss_br},
    }


def reference(p: dict[str, Any], env: dict[str, str], work: Path) -> dict[str, FileView]:
    """coverage.py with branch coverage through pytest-cov, read from ``coverage json``."""
    data, out = work / ".coverage", work / "coverage.json"
    _run([str(c) for c in bench.pytest_cmd(p, "cov")], bench.pdir(p), {**env, "COVERAGE_FILE": str(data)})
    _run(
        [str(bench.vpy(p)), "-m", "coverage", "json", f"--data-file={data}", "-o", str(out)],
        bench.pdir(p),
        env,
    )
    files = json.loads(out.read_text())["files"]
    return {
        name: _view(f["executed_lines"], f["missing_lines"], f["executed_branches"], f["missing_branches"])
        for name, f in files.items()
    }


def slipcover_cli(p: dict[str, Any], env: dict[str, str]) -> dict[str, FileView]:
    """slipcover's own JSON, exactly as bench.py's baseline runs it."""
    _run([str(c) for c in bench.pytest_cmd(p, "slipcover")], bench.pdir(p), env)
    files = json.loads((bench.COV / f"{p['name']}.slipcover.json").read_text())["files"]
    return {
        _relative(name, bench.pdir(p)): _view(
            f["executed_lines"], f["missing_lines"], f["executed_branches"], f["missing_branches"]
        )
        for name, f in files.items()
    }


def _relative(name: str, root: Path) -> str:
    path = Path(name)
    return path.relative_to(root).as_posix() if path.is_absolute() and path.is_relative_to(root) else name


def covlift_cmd(p: dict[str, Any], collector: str) -> list[str]:
    return [
        sys.executable, "-m", "covlift", "measure", str(bench.pdir(p)), "--python", str(bench.vpy(p)),
        "--no-store", "--json", "--collector", collector, "--pytest-args", shlex.join(p["test_args"]),
    ]  # fmt: skip


def covlift(
    p: dict[str, Any], env: dict[str, str], collector: str
) -> tuple[dict[str, FileView], dict[str, Any]]:
    """``covlift measure --collector ...``: per-file views and the whole snapshot (or why it was refused)."""
    proc = _run(covlift_cmd(p, collector), bench.pdir(p), env)
    if "slipcover collector cannot give" in proc.stderr:
        return {}, {"refused": proc.stderr.strip().removeprefix("covlift: error: ")}
    if proc.returncode != 0:
        raise RuntimeError(f"covlift measure --collector {collector} failed: {proc.stderr.strip()[-400:]}")
    snapshot = json.loads(proc.stdout)
    views = {}
    for f in snapshot["files"]:
        missing = set(f["missing"])
        views[f["path"]] = _view(
            set(f["statements"]) - missing, missing, f["executed_branches"], f["missing_branches"]
        )
    return views, snapshot


def normalized(cli: dict[str, FileView], ref: dict[str, FileView]) -> dict[str, FileView]:
    """slipcover's JSON read with coverage.py's conventions: exits as -start, lines limited to statements."""
    out = {}
    for name, view in cli.items():
        statements = ref[name]["executed_lines"] | ref[name]["missing_lines"] if name in ref else set()
        exits = {
            a
            for a in ref.get(name, {}).get("executed_branches", set())
            | ref.get(name, {}).get("missing_branches", set())
            if a[1] < 0
        }
        exit_of = {a[0]: a[1] for a in exits}

        def arc(a: Arc, exit_of: dict[int, int] = exit_of) -> Arc:
            return (a[0], exit_of.get(a[0], 0)) if a[1] == 0 else a

        out[name] = {
            "executed_lines": view["executed_lines"] & statements,
            "missing_lines": view["missing_lines"] & statements,
            "executed_branches": {arc(a) for a in view["executed_branches"]},
            "missing_branches": {arc(a) for a in view["missing_branches"]},
        }
    return out


def compare(ref: dict[str, FileView], other: dict[str, FileView]) -> dict[str, Any]:
    """Differences per field: counts and a few examples (file, item, which side has it)."""
    result: dict[str, Any] = {
        "files_only_ref": sorted(set(ref) - set(other)),
        "files_only_other": sorted(set(other) - set(ref)),
    }
    for field in ("executed_lines", "missing_lines", "executed_branches", "missing_branches"):
        count, examples = 0, []
        for name in sorted(set(ref) & set(other)):
            a, b = ref[name][field], other[name][field]
            for item in sorted(a - b, key=str):
                examples.append(f"{name}:{item} only coverage.py")
            for item in sorted(b - a, key=str):
                examples.append(f"{name}:{item} only other")
            count += len(a ^ b)
        result[field] = (count, examples[:3])
    return result


def identical(diff: dict[str, Any], fields: tuple[str, ...]) -> bool:
    return (
        not diff["files_only_ref"] and not diff["files_only_other"] and all(diff[f][0] == 0 for f in fields)
    )


LINES = ("executed_lines", "missing_lines")
BRANCHES = ("executed_branches", "missing_branches")


def timing(p: dict[str, Any], env: dict[str, str], runs: int, *, refused: bool) -> dict[str, float]:
    """Median wall seconds per mode; a project the slipcover collector refuses is timed with ``auto``."""
    cmds = {
        "plain": [str(c) for c in bench.pytest_cmd(p, "plain")],
        "pytest-cov": [str(c) for c in bench.pytest_cmd(p, "cov")],
        "slipcover": [str(c) for c in bench.pytest_cmd(p, "slipcover")],
        "covlift/coverage": covlift_cmd(p, "coverage"),
        "covlift/slipcover": covlift_cmd(p, "auto" if refused else "slipcover"),
    }
    times: dict[str, list[float]] = {k: [] for k in cmds}
    with tempfile.TemporaryDirectory() as tmp:
        run_env = {**env, "COVERAGE_FILE": str(Path(tmp) / ".coverage")}
        for _ in range(runs):
            for key, cmd in cmds.items():  # interleaved, so load drift hits every mode alike
                start = time.perf_counter()
                subprocess.run(
                    cmd,
                    cwd=bench.pdir(p),
                    env=run_env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=False,
                )
                times[key].append(time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in times.items()}


def _line(label: str, diff: dict[str, Any]) -> str:
    counts = " ".join(
        f"{f.split('_')[0][:4]}-{f.split('_')[1][:2]}={diff[f][0]}" for f in (*LINES, *BRANCHES)
    )
    lines_ok = "yes" if identical(diff, LINES) else "NO"
    branches_ok = "yes" if identical(diff, BRANCHES) else "NO"
    return f"  {label:<22} lines identical: {lines_ok:<4} branches identical: {branches_ok:<4} [{counts}]"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("projects", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    corpus = {p["name"]: p for p in bench.load()["project"]}
    summary = []
    for name in args.projects or DEFAULT:
        p = corpus[name]
        if not bench.vpy(p).exists():
            print(f"{name}: not set up (run ../shared/bench/setup.sh {name}); skipped")
            continue
        env = bench.env_for(p)
        env["COVERAGE_RCFILE"] = str(bench.covrc(p))
        with tempfile.TemporaryDirectory() as tmp:
            ref = reference(p, env, Path(tmp))
        cli = slipcover_cli(p, env)
        by_coverage, snap_cov = covlift(p, env, "coverage")
        by_slipcover, snap_sc = covlift(p, env, "slipcover")
        n_branches = sum(len(v["executed_branches"]) + len(v["missing_branches"]) for v in ref.values())
        n_lines = sum(len(v["executed_lines"]) + len(v["missing_lines"]) for v in ref.values())
        print(f"{name}: {len(ref)} files, {n_lines} statements, {n_branches} branch arcs (coverage.py)")
        rows = {
            "slipcover JSON": compare(ref, cli),
            "slipcover normalized": compare(ref, normalized(cli, ref)),
            "covlift/coverage": compare(ref, by_coverage),  # coverage.py against itself: the suite's noise
        }
        refused = snap_sc.get("refused")
        if not refused:
            rows["covlift/slipcover"] = compare(ref, by_slipcover)
        for label, diff in rows.items():
            print(_line(label, diff))
            for field in (*LINES, *BRANCHES):
                for example in diff[field][1][:2] if label.startswith("slipcover") else diff[field][1]:
                    print(f"      e.g. {field}: {example}")
        if refused:
            print(f"  covlift/slipcover      refused: {refused}")
            verdict = "refused"
        else:
            same = snap_cov["files"] == snap_sc["files"] and snap_cov["totals"] == snap_sc["totals"]
            print(
                "  covlift snapshots (every per-file field, regions, totals) identical: "
                f"{'yes' if same else 'NO'}   cores: {snap_cov['run']['core']} / {snap_sc['run']['core']}"
            )
            verdict = "yes" if same else "NO"
        entry: dict[str, Any] = {"project": name, "identical": verdict}
        if not args.no_timing:
            med = timing(p, env, args.runs, refused=bool(refused))
            entry["times"] = med
            print(
                "  median s (ratio to plain): "
                + "  ".join(f"{k} {v:.2f} ({v / med['plain']:.2f}x)" for k, v in med.items())
            )
        summary.append(entry)
        sys.stdout.flush()
    if not args.no_timing and summary:
        print()
        print(
            f"{'project':<16}{'same':>8}{'plain s':>9}{'pytest-cov':>12}{'slipcover':>11}"
            f"{'covlift/cov':>13}{'covlift/sc':>12}"
        )
        for e in summary:
            t = e["times"]
            print(
                f"{e['project']:<16}{e['identical']:>8}{t['plain']:>9.2f}"
                + "".join(
                    f"{t[k] / t['plain']:>{w}.2f}x"
                    for k, w in (
                        ("pytest-cov", 11),
                        ("slipcover", 10),
                        ("covlift/coverage", 12),
                        ("covlift/slipcover", 11),
                    )
                )
            )


if __name__ == "__main__":
    main()
