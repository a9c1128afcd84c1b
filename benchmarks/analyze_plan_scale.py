"""How long analyze + plan take on a large backend, and on ten times that.  Not a test.

Builds synthetic snapshots the size of a real large backend (279 files, 55,337
statements, 8,729 tests) and 10x that, with matching source and test files on
disk (so the ast, fan-in and existing-test passes do real work) and a fixed
churn map in place of git.  Each scale runs in its own process so the peak RSS
printed is that of one analyze + plan, not of the whole benchmark.

    .venv/bin/python benchmarks/analyze_plan_scale.py            # both scales
    .venv/bin/python benchmarks/analyze_plan_scale.py --scale 1  # one scale
    .venv/bin/python benchmarks/analyze_plan_scale.py --no-sources

Budgets from issue 4: under 1 s (1x) and under 5 s (10x), under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

FILES, STATEMENTS, TESTS = 279, 55_337, 8_729
SUBPACKAGES = (
    "core",
    "api",
    "tools",
    "storage",
    "billing",
    "auth",
    "reports",
    "jobs",
    "integrations",
    "search",
    "notify",
    "admin",
)
MOCK_IMPORTS = ("import requests", "import sqlite3", "import subprocess", "import shutil")


def _sizes(rng: random.Random, files: int, statements: int) -> list[int]:
    raw = [rng.lognormvariate(0, 0.9) for _ in range(files)]
    scale = statements / sum(raw)
    sizes = [max(4, round(r * scale)) for r in raw]
    sizes[sizes.index(max(sizes))] += statements - sum(sizes)
    return sizes


def _module(rng: random.Random, index: int, size: int, modules: list[str]) -> tuple[str, dict]:
    """Source text and a coverage.py-style file entry with regions for one module."""
    lines = ['"""synthetic module"""']
    statements: list[int] = []
    imports = rng.sample(modules[:index] or modules, k=min(3, index or 1))
    for name in imports:
        lines.append(f"import {name}")
        statements.append(len(lines))
    if rng.random() < 0.3:
        lines.append(rng.choice(MOCK_IMPORTS))
        statements.append(len(lines))
    regions: list[tuple[str, int, list[int], list[tuple[int, int]]]] = []
    remaining = size - len(statements)
    n = 0
    while remaining >= 2:
        body = min(remaining - 2, rng.randint(6, 24))
        lines.append(f"def f{n}(x):")
        def_line = len(lines)
        statements.append(def_line)
        fn_lines: list[int] = []
        fn_arcs: list[tuple[int, int]] = []
        written = 0
        while written < body:
            if written + 2 <= body and rng.random() < 0.25:
                lines.append(f"    if x > {written}:")
                if_line = len(lines)
                lines.append("        x += 1")
                fn_lines += [if_line, if_line + 1]
                fn_arcs += [(if_line, if_line + 1), (if_line, if_line + 2)]
                written += 2
            else:
                lines.append(f"    x = x * {written + 1}")
                fn_lines.append(len(lines))
                written += 1
        lines.append("    return x" if body else "    pass")
        fn_lines.append(len(lines))
        statements += fn_lines
        regions.append((f"f{n}", def_line, fn_lines, fn_arcs))
        remaining -= body + 2
        n += 1
    if remaining == 1:
        lines.append("LAST = 1")
        statements.append(len(lines))
    return "\n".join(lines) + "\n", {"statements": statements, "regions": regions}


def _coverage(rng: random.Random, entry: dict, state: str) -> dict:
    """coverage.json-shaped numbers for one file in a given state."""
    executed, missing, ex_arcs, miss_arcs = set(), set(), [], []
    functions = {}
    region_lines = {ln for _, _, fl, _ in entry["regions"] for ln in fl}
    for line in entry["statements"]:
        if line not in region_lines:
            (missing if state == "zero" else executed).add(line)
    for name, start, fn_lines, fn_arcs in entry["regions"]:
        run = (
            state == "high"
            or (state == "partial" and rng.random() < 0.6)
            or (state == "low" and rng.random() < 0.1)
        )
        f_ex = set(fn_lines) if run else set()
        f_miss = set() if run else set(fn_lines)
        f_ex_arcs = [a for a in fn_arcs if run and rng.random() < 0.7]
        f_miss_arcs = [a for a in fn_arcs if a not in f_ex_arcs]
        executed |= f_ex
        missing |= f_miss
        ex_arcs += f_ex_arcs
        miss_arcs += f_miss_arcs
        functions[name] = {
            "executed_lines": sorted(f_ex),
            "missing_lines": sorted(f_miss),
            "executed_branches": [list(a) for a in f_ex_arcs],
            "missing_branches": [list(a) for a in f_miss_arcs],
            "start_line": start,
        }
    return {
        "executed_lines": sorted(executed),
        "missing_lines": sorted(missing),
        "excluded_lines": [],
        "executed_branches": [list(a) for a in ex_arcs],
        "missing_branches": [list(a) for a in miss_arcs],
        "functions": functions,
        "classes": {},
    }


def build(root: Path, scale: int, seed: int = 4) -> dict:
    """Write sources and tests under root; return the coverage.json report for them."""
    rng = random.Random(seed)
    files = FILES * scale
    sizes = _sizes(rng, files, STATEMENTS * scale)
    paths = [f"app/{SUBPACKAGES[i % len(SUBPACKAGES)]}/mod{i}.py" for i in range(files)]
    modules = [p[:-3].replace("/", ".") for p in paths]
    report: dict = {"meta": {"format": 3, "branch_coverage": True}, "files": {}}
    for sub in SUBPACKAGES:
        (root / "app" / sub).mkdir(parents=True, exist_ok=True)
        (root / "app" / sub / "__init__.py").write_text("")
    (root / "app" / "__init__.py").write_text("")
    states = ["zero"] * 28 + ["low"] * 15 + ["partial"] * 45 + ["high"] * 12
    for i, (path, size) in enumerate(zip(paths, sizes, strict=True)):
        text, entry = _module(rng, i, size, modules)
        (root / path).write_text(text)
        report["files"][path] = _coverage(rng, entry, rng.choice(states))
    tests = root / "tests"
    tests.mkdir()
    per_file = 20
    for t in range(TESTS * scale // per_file + 1):
        target = modules[rng.randrange(files)]
        body = "\n".join(f"def test_{k}():\n    assert {target}.f0(1)\n" for k in range(per_file))
        (tests / f"test_mod{t}.py").write_text(f"import {target}\n\n{body}")
    return report


def run_one(scale: int, sources: bool) -> dict:
    from covlift.analyze import analysis_to_dict, analyze
    from covlift.analyze.settings import AnalyzeSettings
    from covlift.config import Config
    from covlift.coverage_json import files_from_coverage_json
    from covlift.model import RunInfo, Snapshot, TestOutcome
    from covlift.plan import PlanSettings, plan, plan_to_dict
    from covlift.report.analysis_md import render_analysis_markdown

    with tempfile.TemporaryDirectory(prefix="covlift-bench-") as tmp:
        root = Path(tmp)
        report = build(root, scale)
        files = files_from_coverage_json(report, root)
        tests = tuple(
            TestOutcome(f"tests/test_x.py::test_{i}", "passed") for i in range(TESTS * scale)
        )
        snapshot = Snapshot(
            run=RunInfo(created_at="2025-01-01T00:00:00+00:00", root=str(root)),
            files=files,
            tests=tests,
        )
        churn = {f.path: i % 7 for i, f in enumerate(files)}
        config = Config(root=root)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        if sources:
            analysis = analyze(
                snapshot, config, settings=AnalyzeSettings(), churn=lambda r, d: churn
            )
        else:
            analysis = analyze(
                snapshot,
                config,
                settings=AnalyzeSettings(),
                churn=lambda r, d: None,
                read=lambda p: None,
                find_tests=lambda r: (),
            )
        t1 = time.perf_counter()
        result = plan(
            analysis,
            PlanSettings(target=80.0, thresholds=(30.0, 50.0, 80.0)),
            start=date(2025, 1, 6),
        )
        t2 = time.perf_counter()
        json.dumps(analysis_to_dict(analysis))
        json.dumps(plan_to_dict(result))
        render_analysis_markdown(analysis)
        t3 = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t = snapshot.totals
    return {
        "scale": scale,
        "sources": sources,
        "files": t.files,
        "statements": t.statements,
        "branches": t.branches,
        "tests": len(snapshot.tests),
        "coverage": round(t.combined_pct, 2),
        "zero": len(analysis.zero),
        "gaps": len(analysis.functions),
        "plan_steps": len(result.steps),
        "analyze_s": round(t1 - t0, 3),
        "plan_s": round(t2 - t1, 3),
        "analyze_plan_s": round(t2 - t0, 3),
        "render_s": round(t3 - t2, 3),
        "rss_before_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--no-sources", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.scale[0], not args.no_sources)))
        return
    budgets = {1: 1.0, 10: 5.0}
    for scale in args.scale or [1, 10]:
        for sources in [False] if args.no_sources else [False, True]:
            cmd = [sys.executable, __file__, "--child", "--scale", str(scale)]
            if not sources:
                cmd.append("--no-sources")
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            r = json.loads(out)
            budget = budgets.get(scale)
            verdict = (
                ""
                if budget is None
                else (
                    " (within budget)"
                    if r["analyze_plan_s"] < budget and r["peak_rss_mb"] < 500
                    else " (OVER BUDGET)"
                )
            )
            print(
                f"{scale:>2}x {'with sources' if sources else 'snapshot only':<13} "
                f"{r['files']:>5} files {r['statements']:>7,} stmts {r['tests']:>6,} tests "
                f"({r['coverage']}% covered, {r['zero']} never run, {r['gaps']:,} gaps): "
                f"analyze {r['analyze_s']:.3f} s + plan {r['plan_s']:.3f} s = "
                f"{r['analyze_plan_s']:.3f} s (budget {budget} s); renders {r['render_s']:.3f} s; "
                f"peak RSS {r['peak_rss_mb']:.0f} MB{verdict}"
            )


if __name__ == "__main__":
    main()
