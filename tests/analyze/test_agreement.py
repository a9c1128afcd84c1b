"""Exact agreement with coverage.py: zero/low lists and per-package numbers of the shop project.

The independent side is coverage.py itself: its JSON report per file, and a
separate ``coverage json --include 'shop/<package>/*'`` per package, whose
totals are coverage.py's own sums.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from covlift.cli import main
from tests.analyze.conftest import coverage_json

LOW = 20.0


def _analysis_json(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code = main(["analyze", str(project), "--json", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    return dict(json.loads(out))


def _expected_lists(report: dict[str, Any]) -> tuple[list[str], set[str]]:
    zero, low = [], set()
    for path, data in report["files"].items():
        s = data["summary"]
        if s["num_statements"] and s["covered_lines"] == 0:
            zero.append((-s["num_statements"], path))
        elif 0 < s["percent_covered"] <= LOW:
            low.add(path)
    return [p for _, p in sorted(zero)], low


def test_zero_and_low_lists_match_coverage_json(
    measured_shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    got = _analysis_json(measured_shop, capsys, "--from", str(measured_shop / "coverage.json"))
    report = json.loads((measured_shop / "coverage.json").read_text())
    zero, low = _expected_lists(report)
    assert zero, "the sample project must have never-run files for this test to mean anything"
    assert low, "the sample project must have low-coverage files for this test to mean anything"
    assert [z["path"] for z in got["zero"]] == zero
    assert {x["path"] for x in got["low"]} == low
    for entry in got["low"]:
        assert entry["percent_covered"] == report["files"][entry["path"]]["summary"]["percent_covered"]
    assert got["totals"]["percent_covered"] == report["totals"]["percent_covered"]


@pytest.mark.parametrize("package", ["shop/core", "shop/api", "shop/tools"])
def test_package_numbers_match_coverage_include(
    package: str, measured_shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    got = _analysis_json(measured_shop, capsys, "--from", str(measured_shop / "coverage.json"))
    report = coverage_json(measured_shop, tmp_path / "pkg.json", f"--include={package}/*")
    independent = report["totals"]
    row = next(p for p in got["packages"] if p["name"] == package)
    assert row["files"] == len(report["files"])
    assert row["statements"] == independent["num_statements"]
    assert row["covered_lines"] == independent["covered_lines"]
    assert row["branches"] == independent["num_branches"]
    assert row["covered_branches"] == independent["covered_branches"]
    assert row["percent_covered"] == independent["percent_covered"]


def test_files_directly_in_the_top_package_form_their_own_group(
    measured_shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    got = _analysis_json(measured_shop, capsys, "--from", str(measured_shop / "coverage.json"))
    independent = coverage_json(
        measured_shop, tmp_path / "top.json", "--include=shop/__init__.py,shop/util.py"
    )["totals"]
    row = next(p for p in got["packages"] if p["name"] == "shop")
    assert (row["statements"], row["covered_lines"], row["branches"], row["covered_branches"]) == (
        independent["num_statements"],
        independent["covered_lines"],
        independent["num_branches"],
        independent["covered_branches"],
    )
    assert sum(p["files"] for p in got["packages"]) == got["totals"]["files"]


def test_low_threshold_flag_changes_the_low_list(
    measured_shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = json.loads((measured_shop / "coverage.json").read_text())
    got = _analysis_json(measured_shop, capsys, "--from", str(measured_shop / "coverage.json"), "--low", "15")
    expected = {
        p
        for p, d in report["files"].items()
        if d["summary"]["covered_lines"] and 0 < d["summary"]["percent_covered"] <= 15
    }
    assert {x["path"] for x in got["low"]} == expected
    assert len(expected) < len(_expected_lists(report)[1])


def test_the_stored_snapshot_from_covlift_measure_agrees_too(
    measured_shop: Path, shop_copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """No --from and no snapshot: analyze measures (and stores) first, then agrees exactly."""
    project = shop_copy()
    report = json.loads((measured_shop / "coverage.json").read_text())
    got = _analysis_json(project, capsys)
    zero, low = _expected_lists(report)
    assert [z["path"] for z in got["zero"]] == zero
    assert {x["path"] for x in got["low"]} == low
    assert got["snapshot"]["id"] is not None, "the fresh measurement is stored"
    again = _analysis_json(project, capsys)
    assert again["snapshot"]["id"] == got["snapshot"]["id"], "the stored snapshot is reused"
