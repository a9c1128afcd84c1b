"""Snapshot <-> plain JSON-able dicts: the one place that knows the field layout.

Used by the store (per-file payload columns) and by ``--json`` output, so the
stored form and the documented JSON schema (docs/json-schema.md) cannot drift.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from covlift.model import FileCoverage, Incident, Region, RunInfo, Snapshot, TestOutcome


def _arcs(values: Any) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in values)


def region_to_dict(region: Region) -> dict[str, Any]:
    return {
        "name": region.name,
        "kind": region.kind,
        "start_line": region.start_line,
        "statements": list(region.statements),
        "missing": list(region.missing),
        "executed_branches": [list(a) for a in region.executed_branches],
        "missing_branches": [list(a) for a in region.missing_branches],
    }


def region_from_dict(data: dict[str, Any]) -> Region:
    return Region(
        name=data["name"],
        kind=data["kind"],
        start_line=int(data["start_line"]),
        statements=tuple(data["statements"]),
        missing=tuple(data["missing"]),
        executed_branches=_arcs(data.get("executed_branches", ())),
        missing_branches=_arcs(data.get("missing_branches", ())),
    )


def file_to_dict(f: FileCoverage) -> dict[str, Any]:
    return {
        "path": f.path,
        "statements": list(f.statements),
        "missing": list(f.missing),
        "excluded": list(f.excluded),
        "executed_branches": [list(a) for a in f.executed_branches],
        "missing_branches": [list(a) for a in f.missing_branches],
        "regions": [region_to_dict(r) for r in f.regions],
        "summary": {
            "num_statements": f.num_statements,
            "covered_lines": f.covered_lines,
            "missing_lines": f.num_missing,
            "num_branches": f.num_branches,
            "covered_branches": f.covered_branches,
            "num_partial_branches": f.num_partial,
            "line_percent": f.line_pct,
            "branch_percent": f.branch_pct,
            "percent_covered": f.combined_pct,
        },
    }


def file_from_dict(data: dict[str, Any]) -> FileCoverage:
    return FileCoverage(
        path=data["path"],
        statements=tuple(data["statements"]),
        missing=tuple(data["missing"]),
        excluded=tuple(data.get("excluded", ())),
        executed_branches=_arcs(data.get("executed_branches", ())),
        missing_branches=_arcs(data.get("missing_branches", ())),
        regions=tuple(region_from_dict(r) for r in data.get("regions", ())),
    )


def snapshot_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    totals = snapshot.totals
    return {
        "id": snapshot.id,
        "run": asdict(snapshot.run),
        "totals": {
            "files": totals.files,
            "num_statements": totals.statements,
            "covered_lines": totals.covered_lines,
            "missing_lines": totals.missing,
            "num_branches": totals.branches,
            "covered_branches": totals.covered_branches,
            "num_partial_branches": totals.partial,
            "line_percent": totals.line_pct,
            "branch_percent": totals.branch_pct,
            "percent_covered": totals.combined_pct,
        },
        "tests": {
            "counts": snapshot.outcome_counts,
            "items": [asdict(t) for t in snapshot.tests],
        },
        "incidents": [asdict(i) for i in snapshot.incidents],
        "files": [file_to_dict(f) for f in snapshot.files],
    }


def snapshot_from_dict(data: dict[str, Any]) -> Snapshot:
    return Snapshot(
        id=data.get("id"),
        run=RunInfo(**data["run"]),
        files=tuple(file_from_dict(f) for f in data["files"]),
        tests=tuple(TestOutcome(**t) for t in data["tests"]["items"]),
        incidents=tuple(Incident(**i) for i in data.get("incidents", ())),
    )
