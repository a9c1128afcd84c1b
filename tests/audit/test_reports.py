"""Audit renderers on a hand-built result, and new_smells for the gate."""

from __future__ import annotations

import json

from covlift.audit import AuditResult, FlakyReport, FlakyTest, Smell, new_smells
from covlift.report import audit_annotations, audit_json, audit_markdown, audit_terminal

SMELLS = (
    Smell("tests/test_a.py", 3, "test_x", "no-assert", "runs code, checks nothing", "assert on it"),
    Smell("tests/test_a.py", 9, "", "flaky-mark", "pytestmark: a|b, 100%", "fix it: now"),
)
FLAKY = FlakyReport(
    3,
    (5, 6, 7),
    10,
    (
        FlakyTest(
            "tests/test_b.py::test_v",
            "tests/test_b.py",
            4,
            "order-dependent",
            2,
            3,
            0,
            3,
            (5, 7),
            ((5, True), (7, True)),
        ),
    ),
)
RESULT = AuditResult(
    "/p",
    SMELLS,
    files=2,
    tests=10,
    rules=("no-assert", "flaky-mark"),
    suppressed=1,
    flaky=FLAKY,
    notes=("a note",),
)


def test_terminal() -> None:
    text = audit_terminal.render(RESULT)
    assert "tests/test_a.py\n      3  test_x  [no-assert] runs code, checks nothing" in text
    assert "<module>  [flaky-mark]" in text
    assert "2 findings in 1 file (flaky-mark 1, no-assert 1)" in text and "1 suppressed" in text
    assert "order-dependent: failed 2/3 shuffled suite runs (seeds 5, 7) and 0/3 runs alone" in text
    assert "No flake observed in 3 runs for 9 of 10 tests." in text
    assert text.rstrip().endswith("note: a note")


def test_markdown_escapes_pipes() -> None:
    text = audit_markdown.render(RESULT)
    assert "| `flaky-mark` | 1 |" in text
    assert "pytestmark: a\\|b, 100%" in text
    assert "| `tests/test_b.py::test_v` | order-dependent | 2/3 | 0/3 | 5, 7 |" in text


def test_json_round_trips() -> None:
    data = json.loads(json.dumps(audit_json.to_json(RESULT)))
    assert data["summary"] == {
        "findings": 2,
        "by_rule": {"flaky-mark": 1, "no-assert": 1},
        "files": 2,
        "tests": 10,
        "suppressed": 1,
        "flaky": 1,
    }
    assert data["flaky"]["tests"][0]["replays"] == [
        {"seed": 5, "failed_again": True},
        {"seed": 7, "failed_again": True},
    ]
    assert data["flaky"]["stable"] == 9


def test_annotations_escape_properties_and_data() -> None:
    lines = audit_annotations.render(RESULT, prefix="svc/").splitlines()
    assert lines[0] == (
        "::warning file=svc/tests/test_a.py,line=3,title=covlift audit no-assert::"
        "test_x: runs code, checks nothing. Fix: assert on it"
    )
    assert lines[1].endswith("::pytestmark: a|b, 100%25. Fix: fix it: now")
    assert lines[2].startswith(
        "::warning file=svc/tests/test_b.py,line=4,title=covlift audit order-dependent::"
    )
    assert len(lines) == 3


def test_new_smells_ignore_moved_lines() -> None:
    base = [Smell("t.py", 3, "test_a", "sleep", "m", "f")]
    head = [
        Smell("t.py", 30, "test_a", "sleep", "m", "f"),  # moved: not new
        Smell("t.py", 40, "test_a", "no-assert", "m", "f"),  # new rule on an old test
        Smell("t.py", 50, "test_b", "sleep", "m", "f"),  # new test
    ]
    assert [(s.test, s.rule) for s in new_smells(base, head)] == [
        ("test_a", "no-assert"),
        ("test_b", "sleep"),
    ]
    assert new_smells(head, base) == []
