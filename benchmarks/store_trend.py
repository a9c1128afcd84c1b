"""Store 1,000 snapshots of a 279-file project, then time the trend queries.

Prints the time to write the history, and the median time of: the totals-only
trend (``covlift trend --no-packages``, what the dashboard's chart uses), the
full trend with per-package numbers (cold: fills the package cache; warm: the
cache is there), and, as the reference, loading one whole snapshot
(``store.latest()``), with each trend's ratio to that reference.
The target from issue 6: a trend query under 100 ms at 1,000 snapshots.

Not a test: numbers depend on the machine.

Usage:
    python benchmarks/store_trend.py [--snapshots 1000] [--files 279]
        [--postgres URL | --postgres-temp] [--keep DIR]

--postgres-temp starts a throwaway server with the Debian postgresql binaries
(the tests' helper) and benchmarks it next to SQLite.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from covlift.model import FileCoverage, Region, RunInfo, Snapshot, TestOutcome  # noqa: E402
from covlift.store import SqliteStore, Store  # noqa: E402
from covlift.trend import trend  # noqa: E402

PACKAGES = ("core", "api", "tools", "db", "billing", "auth", "jobs", "util")


def project_files(count: int, rng: random.Random) -> list[tuple[str, int]]:
    """(path, number of statements) of a project shaped like a mid-size backend."""
    return [
        (f"acme/{PACKAGES[i % len(PACKAGES)]}/mod_{i:03d}.py", rng.randint(15, 160)) for i in range(count)
    ]


def snapshot(files: list[tuple[str, int]], index: int, total: int, rng: random.Random) -> Snapshot:
    """Snapshot ``index`` of ``total``: coverage drifts up from ~20% to ~80% over time."""
    level = 0.2 + 0.6 * index / max(1, total - 1)
    measured = []
    for path, n in files:
        statements = tuple(range(1, n + 1))
        missing = tuple(line for line in statements if rng.random() > level)
        arcs = [(line, line + 2) for line in range(2, n, 7)]
        executed = tuple(a for a in arcs if rng.random() < level)
        missed = tuple(a for a in arcs if a not in executed)
        regions = tuple(
            Region(
                name=f"f{j}",
                kind="function",
                start_line=start,
                statements=tuple(range(start, min(n, start + 9) + 1)),
                missing=tuple(m for m in missing if start <= m <= start + 9),
            )
            for j, start in enumerate(range(1, n, 10))
        )
        measured.append(
            FileCoverage(
                path=path,
                statements=statements,
                missing=missing,
                executed_branches=executed,
                missing_branches=missed,
                regions=regions,
            )
        )
    branch = "main" if index % 4 else f"feature-{index % 7}"
    run = RunInfo(
        created_at=f"2025-{1 + index // 28 % 12:02d}-{1 + index % 28:02d}T12:00:00+00:00",
        root="/acme",
        commit=f"{index:040x}",
        branch=branch,
        python="3.12",
        coverage_version="7.6",
        covlift_version="0.1.0",
    )
    tests = tuple(TestOutcome(f"tests/test_{i}.py::test_{i}", "passed", 0.01) for i in range(400))
    return Snapshot(run=run, files=tuple(sorted(measured, key=lambda f: f.path)), tests=tests)


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def fill(store: Store, snapshots: int, files: int) -> float:
    rng = random.Random(6)
    layout = project_files(files, rng)
    start = time.perf_counter()
    for index in range(snapshots):
        store.save(snapshot(layout, index, snapshots, rng))
        if index % 100 == 99:
            print(f"  stored {index + 1} snapshots", file=sys.stderr)
    return time.perf_counter() - start


def measure_backend(name: str, store: Store, snapshots: int, files: int) -> None:
    print(f"\n{name}: writing {snapshots} snapshots of {files} files ...", flush=True)
    seconds = fill(store, snapshots, files)
    print(f"  write: {seconds:.1f} s total, {1000 * seconds / snapshots:.1f} ms per snapshot")
    reference = median_ms(lambda: store.latest(), 5)
    totals = median_ms(lambda: trend(store, packages=False), 7)
    start = time.perf_counter()
    cold_result = trend(store)
    cold = 1000 * (time.perf_counter() - start)
    warm = median_ms(lambda: trend(store), 7)
    points = sum(len(s.points) for s in cold_result.series)
    print(
        f"  trend points: {points} in {len(cold_result.series)} branches, "
        f"{len(cold_result.packages)} packages"
    )
    print(f"  load one snapshot (reference):   {reference:8.1f} ms")
    verdict = "under" if totals < 100 else "OVER"
    print(
        f"  trend, totals only:              {totals:8.1f} ms  "
        f"({totals / reference:.2f}x reference; {verdict} the 100 ms target)"
    )
    print(f"  trend with packages, cold cache: {cold:8.1f} ms  ({cold / reference:.1f}x reference)")
    verdict = "under" if warm < 100 else "OVER"
    print(
        f"  trend with packages, warm cache: {warm:8.1f} ms  "
        f"({warm / reference:.2f}x reference; {verdict} the 100 ms target)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshots", type=int, default=1000)
    parser.add_argument("--files", type=int, default=279)
    parser.add_argument("--postgres", default=None, help="an empty PostgreSQL database URL")
    parser.add_argument("--postgres-temp", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="keep the SQLite file here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "covlift.db"
        path.unlink(missing_ok=True)
        store = SqliteStore(str(path))
        try:
            measure_backend("SQLite", store, args.snapshots, args.files)
        finally:
            store.close()
        print(f"  file size: {path.stat().st_size / 2**20:.0f} MiB")
    server = None
    url = args.postgres
    if args.postgres_temp:
        from tests.report.pgserver import PgServer, find_bindir

        bindir = find_bindir()
        if bindir is None:
            print("\nPostgreSQL: skipped, the server binaries are not installed")
            return 0
        server = PgServer(bindir)
        server.start()
        url = server.create_database("bench")
    try:
        if url:
            from covlift.store_pg import PostgresStore

            pg = PostgresStore(url)
            try:
                measure_backend("PostgreSQL", pg, args.snapshots, args.files)
            finally:
                pg.close()
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
