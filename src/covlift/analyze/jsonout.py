"""Analysis -> the documented ``covlift analyze --json`` document (docs/analyze-plan.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from covlift.analyze.model import Analysis, Factors, FileAnalysis, FunctionGap, PackageSummary

FORMAT = "covlift.analysis/1"
SUMMARY_FORMAT = "covlift.analysis-summary/1"
#: the store document other stages (report's dashboard) read: ``store.get_document(*SUMMARY_DOC)``
SUMMARY_DOC = ("analysis", "latest")


def _factors(f: Factors) -> dict[str, Any]:
    data = asdict(f)
    data["gain_pts"] = round(f.gain_pts, 4)
    data["mocks"] = list(f.mocks)
    return data


def _numbers(x: FileAnalysis | PackageSummary) -> dict[str, Any]:
    return {
        "statements": x.statements,
        "covered_lines": x.covered_lines,
        "branches": x.branches,
        "covered_branches": x.covered_branches,
        "line_percent": x.line_pct,
        "branch_percent": x.branch_pct,
        "percent_covered": x.combined_pct,
    }


def gap_to_dict(g: FunctionGap) -> dict[str, Any]:
    return {
        "name": g.name,
        "start_line": g.start_line,
        "statements": g.statements,
        "missing_lines": list(g.missing),
        "branches": g.branches,
        "missing_branches": [list(a) for a in g.missing_branches],
        "branch_points": g.branch_points,
        "percent_covered": g.covered_pct,
        "score": asdict(g.score),
        "factors": _factors(g.factors),
        "reason": g.reason,
    }


def file_to_dict(f: FileAnalysis) -> dict[str, Any]:
    return {
        "path": f.path,
        "module": f.module,
        "package": f.package,
        "category": f.category,
        "rank": f.rank,
        **_numbers(f),
        "score": asdict(f.score),
        "factors": _factors(f.factors),
        "reason": f.reason,
        "tests": {"action": f.test_action, "existing": list(f.existing_tests)},
        "functions": [gap_to_dict(g) for g in f.functions],
    }


def analysis_to_dict(a: Analysis) -> dict[str, Any]:
    """The whole analysis as plain JSON-able data, with a format tag for consumers."""
    t = a.totals
    return {
        "format": FORMAT,
        "snapshot": {
            "id": a.snapshot_id,
            "created_at": a.created_at,
            "commit": a.commit,
            "branch": a.branch,
        },
        "settings": {
            "low_threshold": a.low_threshold,
            "order": a.order,
            "weights": asdict(a.weights),
            "churn_days": a.churn_days,
            "churn_available": a.churn_available,
        },
        "totals": {
            "files": t.files,
            "statements": t.statements,
            "covered_lines": t.covered_lines,
            "branches": t.branches,
            "covered_branches": t.covered_branches,
            "line_percent": t.line_pct,
            "branch_percent": t.branch_pct,
            "percent_covered": t.combined_pct,
            "tests": a.tests,
        },
        "zero": [
            {
                "path": f.path,
                "statements": f.statements,
                "branches": f.branches,
                "gain_pts": round(f.factors.gain_pts, 4),
            }
            for f in a.zero
        ],
        "low": [
            {
                "path": f.path,
                "percent_covered": f.combined_pct,
                "statements": f.statements,
                "missing_lines": f.missing_lines,
            }
            for f in a.low
        ],
        "packages": [
            {"name": p.name, "files": p.files, **_numbers(p), "zero": p.zero, "low": p.low}
            for p in a.packages
        ],
        "files": [file_to_dict(f) for f in a.files],
    }


def analysis_summary(a: Analysis, *, top: int = 50) -> dict[str, Any]:
    """A compact analysis for the store: lists and packages, the top of the ranking, no gaps."""
    full = analysis_to_dict(a)
    return {
        "format": SUMMARY_FORMAT,
        "snapshot": full["snapshot"],
        "totals": full["totals"],
        "packages": full["packages"],
        "zero": full["zero"],
        "low": full["low"],
        "ranking": [
            {
                "rank": f.rank,
                "path": f.path,
                "package": f.package,
                "percent_covered": f.combined_pct,
                "score": f.score.value,
                "gain_pts": round(f.factors.gain_pts, 4),
                "tests": f.test_action,
                "reason": f.reason,
            }
            for f in a.ranked[:top]
        ],
    }
