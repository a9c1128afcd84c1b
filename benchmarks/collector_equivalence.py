"""Do covlift's own collectors give coverage.py's snapshot on the whole corpus, under each interpreter?

For each corpus project and each interpreter (``--python 3.11,3.12,3.13``; the
project venvs come from ``corpus_envs``), this runs ``covlift measure --json``
twice: ``--collector coverage`` (coverage.py's tracer: the reference) and the
collector ``auto`` picks for that interpreter (slipcover on 3.11, monitoring on
3.12 and 3.13), named explicitly so that a refusal shows.  It then compares
the two snapshots: every per-file field (statements, missing lines, executed
and missing branch arcs, function and class regions), the totals, and each
test's outcome.  A difference is printed per file and field.

Not a test, and not a timing (see measure_overhead.py): the machine's load
does not change the verdict.

Usage:
    python benchmarks/collector_equivalence.py [--python 3.12,3.13] [PROJECT ...]
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_envs
from corpus_envs import bench

FAST = {"3.11": "slipcover", "3.12": "monitoring", "3.13": "monitoring"}


def covlift_cmd(p: dict[str, Any], collector: str) -> list[str]:
    return [
        sys.executable, "-m", "covlift", "measure", str(bench.pdir(p)), "--python", str(bench.vpy(p)),
        "--no-store", "--json", "--collector", collector, "--pytest-args", shlex.join(p["test_args"]),
        "--per-test-timeout", "1800",  # a loaded machine must not stop a slow test under the tracer only
    ]  # fmt: skip


def measure(p: dict[str, Any], env: dict[str, str], collector: str) -> tuple[dict[str, Any] | str, float]:
    """The snapshot as JSON, or why covlift gave none; and the wall seconds."""
    start = time.perf_counter()
    proc = subprocess.run(
        covlift_cmd(p, collector), cwd=bench.pdir(p), env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        return f"exit {proc.returncode}: {proc.stderr.strip()[-600:]}", seconds
    return json.loads(proc.stdout), seconds


def differences(ref: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """Every difference between two snapshots, as "file field: detail" lines."""
    out: list[str] = []
    files_a = {f["path"]: f for f in ref["files"]}
    files_b = {f["path"]: f for f in other["files"]}
    for path in sorted(set(files_a) ^ set(files_b)):
        out.append(f"{path}: only in {'coverage' if path in files_a else 'the collector'}'s snapshot")
    for path in sorted(set(files_a) & set(files_b)):
        for field in sorted(set(files_a[path]) | set(files_b[path])):
            a, b = files_a[path].get(field), files_b[path].get(field)
            if a == b:
                continue
            if isinstance(a, list) and isinstance(b, list):
                sa, sb = {json.dumps(x) for x in a}, {json.dumps(x) for x in b}
                only_a, only_b = sorted(sa - sb)[:4], sorted(sb - sa)[:4]
                out.append(f"{path} {field}: only coverage {only_a}, only collector {only_b}")
            else:
                out.append(f"{path} {field}: {a!r} vs {b!r}")
    if ref["totals"] != other["totals"]:
        out.append(f"totals: {ref['totals']} vs {other['totals']}")
    outcomes_a = {t["nodeid"]: t["outcome"] for t in ref["tests"]["items"]}
    outcomes_b = {t["nodeid"]: t["outcome"] for t in other["tests"]["items"]}
    if set(outcomes_a) != set(outcomes_b):  # some suites' parameter ids vary from run to run
        if ref["tests"]["counts"] != other["tests"]["counts"]:
            out.append(f"test outcomes: {ref['tests']['counts']} vs {other['tests']['counts']}")
    elif changed := sorted(n for n in outcomes_a if outcomes_a[n] != outcomes_b[n]):
        examples = [f"{n}: {outcomes_a[n]} vs {outcomes_b[n]}" for n in changed[:3]]
        out.append(f"test outcomes differ for {len(changed)} tests, e.g. {examples}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("projects", nargs="*")
    parser.add_argument("--python", default="3.11,3.12,3.13", help="interpreter versions, comma-separated")
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str, int, int]] = []
    for version in args.python.split(","):
        corpus_envs.use(version)
        for p in bench.select(bench.load(), args.projects):
            if not corpus_envs.ready(p):
                print(f"{p['name']} ({version}): not set up in {corpus_envs.cache(version)}; skipped")
                continue
            env = bench.env_for(p)
            env["COVERAGE_RCFILE"] = str(bench.covrc(p))  # the same neutral source/omit as bench.py
            ref, ref_s = measure(p, env, "coverage")
            fast, fast_s = measure(p, env, FAST[version])
            if isinstance(ref, str):
                verdict, detail = "no reference", [ref]
            elif isinstance(fast, str):
                verdict, detail = "refused", [fast]
            else:
                detail = differences(ref, fast)
                verdict = "NO" if detail else "yes"
            files = len(ref["files"]) if isinstance(ref, dict) else 0
            arcs = (
                sum(len(f["executed_branches"]) + len(f["missing_branches"]) for f in ref["files"])
                if isinstance(ref, dict)
                else 0
            )
            print(
                f"{p['name']:<16} {version}  {FAST[version]:<10} identical: {verdict:<12} "
                f"{files} files, {arcs} branch arcs; coverage {ref_s:.1f}s, {FAST[version]} {fast_s:.1f}s",
                flush=True,
            )
            for line in detail[:12]:
                print(f"    {line}", flush=True)
            rows.append((p["name"], version, FAST[version], verdict, files, arcs))
    print()
    print(f"{'project':<16}{'python':>7}  {'collector':<11}{'identical':<13}{'files':>6}{'arcs':>7}")
    for name, version, collector, verdict, files, arcs in rows:
        print(f"{name:<16}{version:>7}  {collector:<11}{verdict:<13}{files:>6}{arcs:>7}")


if __name__ == "__main__":
    main()
