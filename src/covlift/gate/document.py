"""The gate's result as a JSON document: ``--json`` output and the stored ``("gate", "latest")``
document the HTML report reads (schema in docs/gate.md; ``meta.format`` is its version)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from covlift import __version__
from covlift.gate.model import DiffCoverage, FileDiffCoverage, GateResult
from covlift.model import Totals

#: the store document the gate writes: ``store.get_document(KIND, KEY)``
KIND, KEY = "gate", "latest"

#: bump when a field changes meaning or disappears; adding fields keeps the number
FORMAT = 1


def totals_to_dict(t: Totals) -> dict[str, Any]:
    return {
        "files": t.files,
        "num_statements": t.statements,
        "covered_lines": t.covered_lines,
        "missing_lines": t.missing,
        "num_branches": t.branches,
        "covered_branches": t.covered_branches,
        "num_partial_branches": t.partial,
        "line_percent": t.line_pct,
        "branch_percent": t.branch_pct,
        "percent_covered": t.combined_pct,
    }


def file_to_dict(f: FileDiffCoverage) -> dict[str, Any]:
    return {
        "path": f.path,
        "status": f.status,
        "changed_lines": list(f.changed_lines),
        "statements": list(f.statements),
        "missing_lines": list(f.missing),
        "partial_lines": list(f.partial_lines),
        "executed_branches": [list(a) for a in f.executed_branches],
        "missing_branches": [list(a) for a in f.missing_branches],
        "credited_lines": [list(pair) for pair in f.credited],
        "num_statements": f.num_statements,
        "covered_lines": f.covered_lines,
        "num_branches": f.num_branches,
        "covered_branches": f.covered_branches,
        "line_percent": f.line_pct,
        "branch_percent": f.branch_pct,
    }


def diff_to_dict(diff: DiffCoverage) -> dict[str, Any]:
    return {
        "description": diff.description,
        "base": diff.base,
        "num_changed_lines": diff.num_changed_lines,
        "totals": totals_to_dict(diff.totals),
        "files": [file_to_dict(f) for f in diff.files],
        "no_statements": list(diff.no_statements),
        "unmeasured": list(diff.unmeasured),
        "added": list(diff.added),
        "deleted": list(diff.deleted),
    }


def to_dict(result: GateResult) -> dict[str, Any]:
    return {
        "meta": {"format": FORMAT, "tool": "covlift gate", "covlift_version": __version__},
        "passed": result.passed,
        "precision": result.precision,
        "snapshot": {"commit": result.commit, "branch": result.branch},
        "totals": totals_to_dict(result.totals),
        "checks": [{**asdict(c), "details": list(c.details)} for c in result.checks],
        "diff": None if result.diff is None else diff_to_dict(result.diff),
        "baseline": None if result.baseline is None else asdict(result.baseline),
        "drops": [asdict(d) for d in result.drops],
        "notes": list(result.notes),
    }
