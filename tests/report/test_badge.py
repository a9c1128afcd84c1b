"""The coverage badge: shields colours, widths from Verdana metrics, the command."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.model import Snapshot
from covlift.report.badge import colour_for, coverage_badge, text_width, to_svg
from covlift.store import SqliteStore

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("percent", "name"),
    [
        (100.0, "brightgreen"),
        (90.0, "brightgreen"),
        (89.99, "green"),
        (80.0, "green"),
        (79.9, "yellowgreen"),
        (70.0, "yellowgreen"),
        (65.0, "yellow"),
        (50.0, "orange"),
        (49.9, "red"),
        (0.0, "red"),
        (None, "lightgrey"),
    ],
)
def test_colour_scale(percent: float | None, name: str) -> None:
    assert colour_for(percent)[0] == name


def test_message_never_rounds_up_to_100() -> None:
    assert coverage_badge(99.6).message == "99%"
    assert coverage_badge(99.6, precision=1).message == "99.6%"
    assert coverage_badge(None).message == "unknown"


def test_svg_is_valid_and_sized_by_its_text() -> None:
    short, long = to_svg(coverage_badge(5.0)), to_svg(coverage_badge(55.5, label="branch coverage"))
    widths = []
    for text in (short, long):
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg"
        widths.append(int(root.get("width", "0")))
        labels = [t.text for t in root.iter(f"{SVG}text")]
        assert len(labels) == 4
    assert widths[0] < widths[1]
    assert widths[0] == round(text_width("coverage")) + 10 + round(text_width("5%")) + 10
    assert "<title>branch coverage: 56%</title>" in long
    assert 'fill="#fe7d37"' in long  # orange
    assert text_width("100%") > text_width("99%")


def test_badge_command_writes_the_latest_total(
    tmp_path: Path, make_snapshot: Callable[..., Snapshot], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / ".covlift" / "covlift.db"
    store = SqliteStore(str(db))
    store.save(make_snapshot(9, day=1))
    store.save(make_snapshot(3, day=2))
    store.save(make_snapshot(10, day=3, branch="feature"))
    store.close()
    assert main(["badge", str(tmp_path), "--branch", "main"]) == 0
    badge = (tmp_path / "coverage.svg").read_text()
    assert "coverage: 33%" in badge and "#e05d44" in badge  # (9 + 3) / 36, red
    capsys.readouterr()
    assert (
        main(
            [
                "badge",
                str(tmp_path),
                "--metric",
                "branch",
                "--label",
                "branches",
                "-o",
                str(tmp_path / "b.svg"),
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["percent"] == 50.0
    text = (tmp_path / "b.svg").read_text()
    assert "branches: 50%" in text


def test_badge_json_and_errors(
    tmp_path: Path, make_snapshot: Callable[..., Snapshot], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["badge", str(tmp_path)]) == 2
    assert "no store" in capsys.readouterr().err
    db = tmp_path / "s.db"
    SqliteStore(str(db)).close()
    assert main(["badge", str(tmp_path), "--store", str(db)]) == 2
    assert "no snapshot" in capsys.readouterr().err
    store = SqliteStore(str(db))
    store.save(make_snapshot(10))
    store.close()
    out = tmp_path / "x" / "badge.svg"
    assert main(["badge", str(tmp_path), "--store", str(db), "-o", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["colour"] == "brightgreen" and doc["message"] == "92%"  # (30 + 3) / 36
    assert doc["path"] == str(out) and out.exists()
