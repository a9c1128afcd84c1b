"""The bundled example (examples/orderdesk): covlift's lists and packages equal coverage.py's.

The example is measured with plain ``coverage run``; the independent side is
coverage.py's own JSON, per file and per package (``--include``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from covlift.cli import main
from tests.analyze.conftest import coverage_json, coverage_run

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "orderdesk"


@pytest.fixture(scope="module")
def measured_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    if not EXAMPLE.is_dir():
        pytest.skip("examples/orderdesk is not there")
    project = tmp_path_factory.mktemp("example") / "orderdesk"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("__pycache__", ".covlift"))
    coverage_run(project)
    coverage_json(project, project / "coverage.json")
    return project


def _analyze(project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = main(["analyze", str(project), "--from", str(project / "coverage.json"), "--json", "--no-store"])
    out = capsys.readouterr().out
    assert code == 0, out
    return dict(json.loads(out))


def test_zero_and_low_lists(measured_example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = _analyze(measured_example, capsys)
    report = json.loads((measured_example / "coverage.json").read_text())
    files = report["files"]
    zero = sorted(
        (
            p
            for p, d in files.items()
            if d["summary"]["num_statements"] and d["summary"]["covered_lines"] == 0
        ),
        key=lambda p: (-files[p]["summary"]["num_statements"], p),
    )
    low = {
        p for p, d in files.items() if d["summary"]["covered_lines"] and d["summary"]["percent_covered"] <= 20
    }
    assert zero and low, "the example is meant to have never-run and low files"
    assert [z["path"] for z in got["zero"]] == zero
    assert {x["path"] for x in got["low"]} == low
    assert got["totals"]["percent_covered"] == report["totals"]["percent_covered"]
    ranked = [f for f in got["files"] if f["rank"] is not None]
    assert [f["path"] for f in ranked[: len(zero)]] == zero, "never-run files rank first"


def test_package_numbers(measured_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = _analyze(measured_example, capsys)
    names = {p["name"] for p in got["packages"]}
    assert {"orderdesk/core", "orderdesk/api", "orderdesk/tools"} <= names
    for row in got["packages"]:
        pattern = "orderdesk/__init__.py" if row["name"] == "orderdesk" else f"{row['name']}/*"
        independent = coverage_json(measured_example, tmp_path / "p.json", f"--include={pattern}")
        t = independent["totals"]
        assert row["files"] == len(independent["files"]), row["name"]
        assert (
            row["statements"],
            row["covered_lines"],
            row["branches"],
            row["covered_branches"],
            row["percent_covered"],
        ) == (
            t["num_statements"],
            t["covered_lines"],
            t["num_branches"],
            t["covered_branches"],
            t["percent_covered"],
        ), row["name"]
