"""``covlift analyze`` and ``covlift plan`` in-process: outputs, stored plan, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.plan import threshold_in_force
from covlift.store import open_store


@pytest.fixture
def stored_shop(
    measured_shop: Path, shop_copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]
) -> Path:
    """A shop copy whose store holds one snapshot imported from the measured coverage.json."""
    project = shop_copy()
    assert main(["measure", str(project), "--from", str(measured_shop / "coverage.json")]) == 0
    capsys.readouterr()
    return project


def test_analyze_prints_the_lists_and_ranking(stored_shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(stored_shop), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "2 never run" in out
    assert out.index("shop/core/legacy.py") < out.index("shop/api/routes.py")
    assert "Priority: never-run files first, largest first; then the rest by score" in out
    assert "Function gaps" in out
    assert "2 more files" in out
    assert main(["analyze", str(stored_shop), "--top", "3", "--order", "score"]) == 0
    assert "Priority: by score, highest first" in capsys.readouterr().out


def test_analyze_markdown_is_written_and_stable(
    stored_shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(stored_shop), "--markdown"]) == 0
    path = stored_shop / "COVERAGE_PRIORITY_ANALYSIS.md"
    first = path.read_text()
    assert "Wrote" in capsys.readouterr().out
    assert first.startswith("# Coverage priority analysis")
    assert main(["analyze", str(stored_shop), "--markdown"]) == 0
    assert path.read_text() == first, "same snapshot, same file: safe to commit"
    assert not list(stored_shop.glob(".COVERAGE_PRIORITY_ANALYSIS.md.*")), "no temp files left"
    capsys.readouterr()
    assert main(["analyze", str(stored_shop), "--markdown", "--output", "-"]) == 0
    assert capsys.readouterr().out == first


def test_plan_json_equals_the_stored_document(stored_shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "plan",
            str(stored_shop),
            "--target",
            "50",
            "--package",
            "core=40",
            "--per-week",
            "1",
            "--start",
            "2025-01-06",
            "--json",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    doc = json.loads(out)
    store = open_store(str(stored_shop / ".covlift" / "covlift.db"))
    try:
        assert store.get_document("plan", "latest") == doc
    finally:
        store.close()
    assert doc["start"] == "2025-01-06"
    assert [t["status"] for t in doc["targets"]] == ["planned"] * len(doc["targets"])
    assert {t["name"] for t in doc["targets"]} == {"overall", "shop/core"}
    assert threshold_in_force(doc, "2025-01-06") == 20.9
    assert threshold_in_force(doc, "2030-01-01") == 50.0


def test_plan_markdown_and_no_store(stored_shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(stored_shop), "--target", "99", "--markdown", "--no-store"]) == 0
    out = capsys.readouterr().out
    assert "cannot be reached" in out
    text = (stored_shop / "COVERAGE_PLAN.md").read_text()
    assert text.startswith("# Coverage plan") and "overall 99% cannot be reached" in text
    store = open_store(str(stored_shop / ".covlift" / "covlift.db"))
    try:
        assert store.get_document("plan", "latest") is None
    finally:
        store.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "--package", "nope=40"], "no package 'nope'"),
        (["plan", "--thresholds", "25,x"], "--thresholds"),
        (["plan", "--target", "40", "--start", "next week"], "--start"),
        (["plan"], "give a target"),
        (["plan", "--target", "140"], "at most 100"),
        (["analyze", "--low", "100"], "low threshold"),
    ],
)
def test_bad_input_is_a_usage_error(
    stored_shop: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main([args[0], str(stored_shop), *args[1:]]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_from_a_missing_or_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path), "--from", str(tmp_path / "nope.json")]) == 2
    assert "does not exist" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["analyze", str(tmp_path), "--from", str(bad)]) == 2
    assert "coverage" in capsys.readouterr().err


def test_from_a_dot_coverage_data_file(measured_shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["analyze", str(measured_shop), "--from", str(measured_shop / ".coverage"), "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    doc = json.loads(out)
    report = json.loads((measured_shop / "coverage.json").read_text())
    assert doc["totals"]["percent_covered"] == report["totals"]["percent_covered"]


def test_bad_analyze_config_is_a_usage_error(
    shop_copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = shop_copy()
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("low-threshold = 20", 'order = "random"'))
    assert main(["analyze", str(project), "--from", "coverage.json"]) == 2
    assert "order 'random'" in capsys.readouterr().err


def test_no_snapshot_and_no_tests_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mod.py").write_text("x = 1\n")
    code = main(["analyze", str(tmp_path)])
    err = capsys.readouterr().err
    assert code in (2, 3), err
    assert "covlift: error:" in err and "Traceback" not in err


def test_analyze_stores_a_summary_for_the_dashboard(
    stored_shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = stored_shop / ".covlift" / "covlift.db"
    assert main(["analyze", str(stored_shop), "--no-store", "--json"]) == 0
    capsys.readouterr()
    store = open_store(str(db))
    try:
        assert store.get_document("analysis", "latest") is None
    finally:
        store.close()
    assert main(["analyze", str(stored_shop), "--json"]) == 0
    full = json.loads(capsys.readouterr().out)
    store = open_store(str(db))
    try:
        doc = store.get_document("analysis", "latest")
    finally:
        store.close()
    assert doc is not None and doc["format"] == "covlift.analysis-summary/1"
    assert doc["zero"] == full["zero"] and doc["packages"] == full["packages"]
    assert [z["path"] for z in doc["zero"]] == ["shop/core/legacy.py", "shop/api/routes.py"]
    assert [r["path"] for r in doc["ranking"]] == [f["path"] for f in full["files"] if f["rank"] is not None]
