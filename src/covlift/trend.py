"""Coverage over time: the series of stored whole-run snapshots, per git branch.

Totals come from ``store.history`` (denormalised, one query).  Per-package
totals and test outcomes need a snapshot's files, which are costly to load a
thousand times; since snapshots never change, each one's package numbers are
computed once and kept in the store document ``("trend", "packages")``.  The
cache is only derived data: a lost concurrent update is recomputed next time.

``trend_to_dict`` is the documented ``trending.json`` format (docs/report.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from covlift.analyze.modules import module_infos
from covlift.clock import utc_now_iso
from covlift.model import CountedCoverage, FileCoverage, Snapshot, Totals
from covlift.store import SnapshotSummary, Store

#: version of trending.json; bump when a field changes meaning or disappears
FORMAT = "covlift.trend/1"
#: the store document that caches per-snapshot package numbers, and its layout version
CACHE_KIND, CACHE_KEY, CACHE_FORMAT = "trend", "packages", "covlift.trend-cache/1"
#: branch label of snapshots made outside git (or on a detached HEAD)
NO_BRANCH = "(no branch)"
#: history() needs a limit; this is "all of them"
_ALL = 1_000_000


@dataclass(frozen=True, slots=True)
class Counts(CountedCoverage):
    """Statements and branches of one package (or of the whole project) at one point."""

    statements: int
    covered_lines: int
    branches: int
    covered_branches: int

    @classmethod
    def of(cls, totals: Totals) -> Counts:
        return cls(totals.statements, totals.covered_lines, totals.branches, totals.covered_branches)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One snapshot as a point of the series."""

    snapshot_id: int
    created_at: str
    commit: str | None
    dirty: bool
    files: int
    totals: Counts
    tests: int
    #: outcome -> count (passed, failed, ...)
    outcomes: tuple[tuple[str, int], ...]
    #: package group (analyze's first-level subpackages) -> its numbers
    packages: tuple[tuple[str, Counts], ...]

    @property
    def percent_covered(self) -> float:
        return self.totals.combined_pct


@dataclass(frozen=True, slots=True)
class Series:
    """The points of one branch, oldest first."""

    branch: str
    points: tuple[TrendPoint, ...]

    @property
    def latest(self) -> TrendPoint | None:
        return self.points[-1] if self.points else None


@dataclass(frozen=True, slots=True)
class Trend:
    """Every branch's series; the branch with the newest snapshot comes first."""

    series: tuple[Series, ...]
    #: (percent, effective ISO date) of the stored plan's threshold schedule
    thresholds: tuple[tuple[float, str], ...] = ()

    def branch(self, name: str) -> Series | None:
        return next((s for s in self.series if s.branch == name), None)

    @property
    def packages(self) -> tuple[str, ...]:
        """Every package that appears in any point, sorted."""
        names = {name for s in self.series for p in s.points for name, _ in p.packages}
        return tuple(sorted(names))


def package_counts(files: Iterable[FileCoverage]) -> dict[str, Counts]:
    """Per-package numbers of one snapshot, grouped as ``covlift analyze`` groups them."""
    files = list(files)
    groups = module_infos([f.path for f in files])
    members: dict[str, list[FileCoverage]] = {}
    for f in files:
        members.setdefault(groups[f.path].group, []).append(f)
    return {name: Counts.of(Totals.of(fs)) for name, fs in sorted(members.items())}


def _cache_entry(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "outcomes": snapshot.outcome_counts,
        "packages": {
            name: [c.statements, c.covered_lines, c.branches, c.covered_branches]
            for name, c in package_counts(snapshot.files).items()
        },
    }


def _load_cache(store: Store) -> dict[str, Any]:
    doc = store.get_document(CACHE_KIND, CACHE_KEY)
    if not doc or doc.get("format") != CACHE_FORMAT or not isinstance(doc.get("snapshots"), dict):
        return {}
    return dict(doc["snapshots"])


def _point(row: SnapshotSummary, entry: Mapping[str, Any]) -> TrendPoint:
    outcomes = entry.get("outcomes") or {}
    packages = entry.get("packages") or {}
    return TrendPoint(
        snapshot_id=row.id,
        created_at=row.created_at,
        commit=row.commit,
        dirty=row.dirty,
        files=row.files,
        totals=Counts(row.statements, row.covered_lines, row.branches, row.covered_branches),
        tests=row.tests,
        outcomes=tuple(sorted((str(k), int(v)) for k, v in outcomes.items())),
        packages=tuple((str(k), Counts(*(int(x) for x in v))) for k, v in sorted(packages.items())),
    )


def _thresholds(store: Store) -> tuple[tuple[float, str], ...]:
    plan = store.get_document("plan", "latest") or {}
    found = []
    for entry in plan.get("thresholds") or ():
        try:
            found.append((float(entry["percent"]), str(entry["effective"])[:10]))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(sorted(found, key=lambda t: t[1]))


def trend(
    store: Store,
    *,
    branch: str | None = None,
    limit: int | None = None,
    packages: bool = True,
) -> Trend:
    """The series of whole-run snapshots per branch (shards are left out).

    ``limit`` keeps the newest N points of each branch; ``packages=False``
    skips the per-package numbers and so never loads a snapshot.
    """
    rows = [r for r in store.history(limit=_ALL, branch=branch) if r.shard is None]
    by_branch: dict[str, list[SnapshotSummary]] = {}
    for row in rows:  # newest first
        by_branch.setdefault(row.branch or NO_BRANCH, []).append(row)
    if limit is not None:
        by_branch = {name: found[:limit] for name, found in by_branch.items()}
    cache = _load_cache(store) if packages else {}
    missing = [r.id for found in by_branch.values() for r in found if str(r.id) not in cache]
    if packages and missing:
        for snapshot_id in missing:
            cache[str(snapshot_id)] = _cache_entry(store.get(snapshot_id))
        store.put_document(CACHE_KIND, CACHE_KEY, {"format": CACHE_FORMAT, "snapshots": cache})
    series = []
    for name, found in by_branch.items():  # dicts keep insertion order: newest branch first
        if packages:
            points = [_point(r, cache.get(str(r.id), {})) for r in reversed(found)]
        else:
            points = [_point(r, {}) for r in reversed(found)]
        series.append(Series(branch=name, points=tuple(points)))
    return Trend(series=tuple(series), thresholds=_thresholds(store))


def _counts_to_dict(c: Counts) -> dict[str, Any]:
    return {
        "statements": c.statements,
        "covered_lines": c.covered_lines,
        "branches": c.branches,
        "covered_branches": c.covered_branches,
        "line_percent": round(c.line_pct, 4),
        "branch_percent": round(c.branch_pct, 4),
        "percent_covered": round(c.combined_pct, 4),
    }


def point_to_dict(p: TrendPoint) -> dict[str, Any]:
    return {
        "snapshot": p.snapshot_id,
        "created_at": p.created_at,
        "commit": p.commit,
        "dirty": p.dirty,
        "files": p.files,
        **_counts_to_dict(p.totals),
        "tests": p.tests,
        "outcomes": dict(p.outcomes),
        "packages": {name: _counts_to_dict(c) for name, c in p.packages},
    }


def trend_to_dict(t: Trend, *, project: str = "") -> dict[str, Any]:
    """``trending.json``: documented in docs/report.md; ``format`` is its version."""
    return {
        "format": FORMAT,
        "generated_at": utc_now_iso(),
        "project": project,
        "thresholds": [{"percent": pct, "effective": day} for pct, day in t.thresholds],
        "branches": [{"branch": s.branch, "points": [point_to_dict(p) for p in s.points]} for s in t.series],
    }
