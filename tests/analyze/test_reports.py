"""Markdown reports against recorded gold files, and the JSON documents' documented shape.

The input is a recorded coverage.py JSON of the shop fixture, so the gold files
do not move with the clock or the coverage.py version.  Set
COVLIFT_UPDATE_GOLD=1 to rewrite them after an intended change, then review the diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from covlift.analyze import Analysis, analysis_to_dict, analyze
from covlift.analyze.settings import AnalyzeSettings
from covlift.config import Config
from covlift.coverage_json import files_from_coverage_json
from covlift.model import RunInfo, Snapshot
from covlift.plan import PlanSettings, plan, plan_to_dict
from covlift.report.analysis_md import render_analysis_markdown
from covlift.report.analysis_terminal import render_analysis
from covlift.report.plan_md import render_plan_markdown
from covlift.report.plan_terminal import render_plan

GOLD = Path(__file__).parent / "gold"


def _check_gold(name: str, text: str) -> None:
    path = GOLD / name
    if os.environ.get("COVLIFT_UPDATE_GOLD"):
        path.write_text(text)
    assert text == path.read_text(), f"{name} changed; rerun with COVLIFT_UPDATE_GOLD=1 to accept"


@pytest.fixture
def recorded(shop_copy: Callable[[], Path]) -> tuple[Analysis, Path]:
    project = shop_copy()
    report = json.loads((GOLD / "shop-coverage.json").read_text())
    snapshot = Snapshot(
        id=7,
        run=RunInfo(
            created_at="2025-01-02T03:04:05+00:00",
            root=str(project),
            commit="0123456789abcdef",
            branch="main",
        ),
        files=files_from_coverage_json(report, project),
    )
    analysis = analyze(
        snapshot,
        Config(root=project),
        settings=AnalyzeSettings(),
        churn=lambda r, d: {"shop/core/tax.py": 4, "shop/util.py": 1},
    )
    return analysis, project


def test_analysis_markdown_matches_gold(recorded: tuple[Analysis, Path]) -> None:
    analysis, _ = recorded
    text = render_analysis_markdown(analysis)
    _check_gold("analysis.md", text)
    assert "| 1 | `shop/core/legacy.py` | 36 |" in text


def test_plan_markdown_matches_gold(recorded: tuple[Analysis, Path]) -> None:
    analysis, _ = recorded
    p = plan(
        analysis,
        PlanSettings(target=50.0, packages=(("tools", 60.0),), per_week=1),
        start=date(2025, 1, 6),
    )
    _check_gold("plan.md", render_plan_markdown(p))


def test_analysis_json_shape(recorded: tuple[Analysis, Path]) -> None:
    analysis, _ = recorded
    doc = json.loads(json.dumps(analysis_to_dict(analysis)))
    assert doc["format"] == "covlift.analysis/1"
    assert set(doc) == {
        "format",
        "snapshot",
        "settings",
        "totals",
        "zero",
        "low",
        "packages",
        "files",
    }
    assert doc["snapshot"] == {
        "id": 7,
        "created_at": "2025-01-02T03:04:05+00:00",
        "commit": "0123456789abcdef",
        "branch": "main",
    }
    tax = next(f for f in doc["files"] if f["path"] == "shop/core/tax.py")
    assert set(tax) >= {
        "path",
        "module",
        "package",
        "category",
        "rank",
        "statements",
        "covered_lines",
        "branches",
        "covered_branches",
        "line_percent",
        "branch_percent",
        "percent_covered",
        "score",
        "factors",
        "reason",
        "tests",
        "functions",
    }
    assert tax["factors"]["churn"] == 4
    assert tax["tests"] == {"action": "augment existing", "existing": ["tests/test_tax.py"]}
    gap = tax["functions"][0]
    assert set(gap) == {
        "name",
        "start_line",
        "statements",
        "missing_lines",
        "branches",
        "missing_branches",
        "branch_points",
        "percent_covered",
        "score",
        "factors",
        "reason",
    }
    assert all(len(arc) == 2 for arc in gap["missing_branches"])


def test_plan_json_shape(recorded: tuple[Analysis, Path]) -> None:
    analysis, _ = recorded
    p = plan(analysis, PlanSettings(target=50.0), start=date(2025, 1, 6))
    doc = json.loads(json.dumps(plan_to_dict(p)))
    assert set(doc) == {
        "format",
        "created_at",
        "start",
        "snapshot",
        "settings",
        "baseline",
        "targets",
        "steps",
        "weeks",
        "thresholds",
        "notes",
        "totals",
    }
    assert doc["format"] == "covlift.plan/1"
    step = doc["steps"][0]
    assert set(step) == {
        "step",
        "path",
        "package",
        "week",
        "category",
        "percent_before",
        "gain_units",
        "tests",
        "hours",
        "action",
        "existing_tests",
        "functions",
        "overall_after",
        "packages_after",
        "reaches",
    }
    assert doc["totals"]["files"] == len(doc["steps"])
    assert doc["totals"]["tests"] == sum(s["tests"] for s in doc["steps"])


def test_terminal_renderers_show_the_lists(recorded: tuple[Analysis, Path]) -> None:
    analysis, _ = recorded
    console = Console(record=True, width=200)
    render_analysis(analysis, console, top=3)
    out = console.export_text()
    assert "Never run (2), largest first" in out
    assert "shop/core/legacy.py" in out and "shop/api/routes.py" in out
    assert "2 more files" in out
    console = Console(record=True, width=200)
    render_plan(plan(analysis, PlanSettings(target=99.0), start=date(2025, 1, 6)), console)
    out = console.export_text()
    assert "overall 99%" in out and "cannot be reached" in out
