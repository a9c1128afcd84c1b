"""The gate's renderers on one hand-built result: every format says the same thing."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from covlift.gate import GateConfig, evaluate
from covlift.gate.model import DiffCoverage, FileDiffCoverage, GateResult
from covlift.model import FileCoverage, RunInfo, Snapshot
from covlift.report import (
    gate_annotations,
    gate_json,
    gate_junit,
    gate_markdown,
    gate_terminal,
)
from covlift.report.gate_common import format_runs, missing_runs


@pytest.fixture(scope="module")
def result() -> GateResult:
    files = (
        FileCoverage(
            "app/a|b.py",
            tuple(range(1, 11)),
            (4, 5, 6, 9),
            executed_branches=((2, 3),),
            missing_branches=((2, 4), (8, -1)),
        ),
        FileCoverage("app/new.py", (1, 2), (1, 2)),
    )
    snapshot = Snapshot(
        RunInfo(created_at="2026-01-01T00:00:00+00:00", root="/r", commit="0123456789abcdef", branch="feat"),
        files,
    )
    diff = DiffCoverage(
        description="main...HEAD, staged and unstaged changes",
        files=(
            FileDiffCoverage(
                "app/a|b.py",
                "modified",
                (2, 4, 5, 6, 8, 9),
                (2, 4, 5, 6, 8, 9),
                (4, 5, 6, 9),
                executed_branches=((2, 3),),
                missing_branches=((2, 4), (8, -1)),
                credited=((7, 6),),
            ),
            FileDiffCoverage("app/new.py", "added", (1, 2), (1, 2), (1, 2)),
        ),
        unmeasured=("docs/x.md",),
        added=("app/new.py",),
        repo_prefix="svc/",
    )
    return evaluate(
        snapshot, diff, None, GateConfig(fail_under=40, diff_fail_under=80), notes=("a note, 100%",)
    )


def test_missing_runs_follow_statements_not_numbers() -> None:
    # 4 and 6 are consecutive statements when 5 is not one: one run, like coverage.py's "4-6"
    assert missing_runs([1, 4, 6, 8], [4, 6]) == [(4, 6)]
    assert missing_runs([1, 4, 5, 6], [4, 6]) == [(4, 4), (6, 6)]
    assert format_runs([(3, 5), (9, 9)]) == "3-5, 9"


def test_terminal(result: GateResult) -> None:
    text = gate_terminal.render(result)
    assert text.startswith("covlift gate FAILED: 2 of 3 checks failed\n")
    assert "total 47% of 12 statements, 1/3 branches (commit 0123456789 on feat)" in text
    assert "  FAIL  diff-fail-under" in text and "  PASS  fail-under" in text
    assert "app/a|b.py    33%  missing 4-6, 9  untaken 2->4, 8->exit" in text
    assert "not measured: docs/x.md" in text and "note: a note, 100%" in text


def test_markdown(result: GateResult) -> None:
    text = gate_markdown.render(result)
    assert text.splitlines()[0] == "<!-- covlift-gate -->"
    assert "| `app/a\\|b.py` | 6 | 33% | 1/3 | 4-6, 9 | 2->4, 8->exit |" in text
    assert "| `app/new.py` (new) | 2 | 0% |  | 1-2 |  |" in text
    assert "| ❌ | `new-zero-coverage` |" in text


def test_github_annotations(result: GateResult) -> None:
    lines = gate_annotations.render(result, "error").splitlines()
    assert (
        "::error file=svc/app/a|b.py,line=4,endLine=6,title=Uncovered change::"
        "Lines 4-6 changed but not run by any test"
    ) in lines
    assert (
        "::error file=svc/app/a|b.py,line=8,title=Untaken branch::"
        "Line 8 changed; its jump to the exit never ran"
    ) in lines
    assert (
        "::error file=svc/app/a|b.py,line=2,title=Untaken branch::"
        "Line 2 changed; its jump to line 4 never ran"
    ) in lines
    failures = [line for line in lines if line.startswith("::error title=")]
    assert len(failures) == 2
    assert any("%25" in line for line in failures)  # "%" escaped for the runner


def test_junit(result: GateResult) -> None:
    root = ET.fromstring(gate_junit.render(result).split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite is not None
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"fail-under", "diff-fail-under", "new-zero-coverage"}
    failure = cases["diff-fail-under"].find("failure")
    assert failure is not None and "below 80%" in (failure.get("message") or "")
    assert cases["fail-under"].find("failure") is None
    assert suite.get("failures") == "2"


def test_json(result: GateResult) -> None:
    doc = json.loads(gate_json.render(result))
    assert doc["meta"] == {
        "format": 1,
        "tool": "covlift gate",
        "covlift_version": doc["meta"]["covlift_version"],
    }
    assert doc["passed"] is False and doc["snapshot"]["branch"] == "feat"
    (first, second) = doc["diff"]["files"]
    assert first["credited_lines"] == [[7, 6]] and first["partial_lines"] == [2, 8]
    assert first["line_percent"] == pytest.approx(100 * 2 / 6)
    assert second["status"] == "added"
    assert [c["name"] for c in doc["checks"]] == ["fail-under", "diff-fail-under", "new-zero-coverage"]
    assert doc["notes"] == ["a note, 100%"]


def test_markdown_shows_names_as_text_never_as_html(result: GateResult) -> None:
    from dataclasses import replace

    hostile = replace(result, branch="x<img/src=x/onerror=alert(1)>`y", notes=("base <b>main</b>",))
    text = gate_markdown.render(hostile)
    summary = next(line for line in text.splitlines() if line.startswith("total "))
    assert summary.endswith("(commit `0123456789` on `` x<img/src=x/onerror=alert(1)>`y ``)")
    assert "> base &lt;b&gt;main&lt;/b&gt;" in text
    assert text.count("<img") == 1  # only inside that code span
