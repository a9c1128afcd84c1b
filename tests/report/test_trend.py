"""trend(): series per branch from the store, the package cache, trending.json, plots."""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.model import Snapshot
from covlift.report.plot import THRESHOLD_COLOUR, to_svg, trend_chart
from covlift.report.raster import to_png
from covlift.store import SqliteStore
from covlift.trend import CACHE_KEY, CACHE_KIND, FORMAT, NO_BRANCH, trend, trend_to_dict

MakeSnapshot = Callable[..., Snapshot]


@pytest.fixture
def store() -> SqliteStore:
    return SqliteStore(":memory:")


def test_series_per_branch_oldest_first_without_shards(
    store: SqliteStore, make_snapshot: MakeSnapshot
) -> None:
    store.save(make_snapshot(2, branch="main", day=1))
    store.save(make_snapshot(4, branch="feature", day=2))
    store.save(make_snapshot(6, branch="main", day=3))
    store.save(make_snapshot(9, branch="main", day=4, shard="1/2"))
    store.save(make_snapshot(7, branch=None, day=5))

    result = trend(store)

    assert [s.branch for s in result.series] == [NO_BRANCH, "main", "feature"]
    main_series = result.branch("main")
    assert main_series is not None
    assert [p.created_at[:10] for p in main_series.points] == ["2025-03-01", "2025-03-03"]
    # 3 files x 10 statements, `covered` of each, plus 1 of 2 branches each
    assert [p.totals.covered_lines for p in main_series.points] == [6, 18]
    assert main_series.points[-1].percent_covered == pytest.approx(100 * (18 + 3) / (30 + 6))
    assert main_series.points[-1].totals.branch_pct == pytest.approx(50.0)


def test_packages_tests_and_outcomes(store: SqliteStore, make_snapshot: MakeSnapshot) -> None:
    store.save(make_snapshot(3, tests=4))
    point = trend(store).series[0].points[0]
    packages = dict(point.packages)
    assert sorted(packages) == ["app", "app/api", "app/core"]
    assert packages["app/core"].statements == 10
    assert packages["app/core"].covered_lines == 3
    assert point.tests == 4
    assert dict(point.outcomes) == {"failed": 1, "passed": 3}


def test_package_numbers_are_cached_once_per_snapshot(
    store: SqliteStore, make_snapshot: MakeSnapshot
) -> None:
    first = store.save(make_snapshot(3))
    trend(store)
    cache = store.get_document(CACHE_KIND, CACHE_KEY)
    assert cache is not None and list(cache["snapshots"]) == [str(first.id)]
    # A cached entry is used as is: prove it by editing it.
    cache["snapshots"][str(first.id)]["packages"] = {"edited": [4, 2, 0, 0]}
    store.put_document(CACHE_KIND, CACHE_KEY, cache)
    second = store.save(make_snapshot(5, day=2))
    result = trend(store)
    points = result.series[0].points
    assert dict(points[0].packages)["edited"].covered_lines == 2
    assert "app/core" in dict(points[1].packages)
    cache = store.get_document(CACHE_KIND, CACHE_KEY)
    assert cache is not None
    assert sorted(cache["snapshots"]) == sorted([str(first.id), str(second.id)])


def test_no_packages_never_loads_a_snapshot(store: SqliteStore, make_snapshot: MakeSnapshot) -> None:
    store.save(make_snapshot(3))
    result = trend(store, packages=False)
    assert result.series[0].points[0].packages == ()
    assert store.get_document(CACHE_KIND, CACHE_KEY) is None


def test_limit_and_branch_filter(store: SqliteStore, make_snapshot: MakeSnapshot) -> None:
    for day in range(1, 6):
        store.save(make_snapshot(day, branch="main", day=day))
    store.save(make_snapshot(1, branch="other", day=6))
    result = trend(store, branch="main", limit=2)
    assert [s.branch for s in result.series] == ["main"]
    assert [p.totals.covered_lines for p in result.series[0].points] == [12, 15]


def test_thresholds_come_from_the_stored_plan(store: SqliteStore, make_snapshot: MakeSnapshot) -> None:
    store.save(make_snapshot(3))
    store.put_document(
        "plan",
        "latest",
        {
            "format": "covlift.plan/1",
            "thresholds": [
                {"percent": 70, "effective": "2025-04-14", "week": 2},
                {"percent": 60, "effective": "2025-04-07", "week": 1},
            ],
        },
    )
    assert trend(store).thresholds == ((60.0, "2025-04-07"), (70.0, "2025-04-14"))


def test_trending_json_format(store: SqliteStore, make_snapshot: MakeSnapshot) -> None:
    store.save(make_snapshot(4, tests=3))
    doc = json.loads(json.dumps(trend_to_dict(trend(store), project="/p")))
    assert doc["format"] == FORMAT
    assert doc["project"] == "/p"
    point = doc["branches"][0]["points"][0]
    assert doc["branches"][0]["branch"] == "main"
    assert point["statements"] == 30 and point["covered_lines"] == 12
    assert point["percent_covered"] == pytest.approx(100 * (12 + 3) / 36, abs=1e-4)
    assert point["tests"] == 3 and point["outcomes"] == {"failed": 1, "passed": 2}
    assert point["packages"]["app/api"]["covered_lines"] == 4
    assert set(point) >= {
        "snapshot",
        "created_at",
        "commit",
        "dirty",
        "files",
        "line_percent",
        "branch_percent",
        "branches",
        "covered_branches",
        "packages",
    }


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0]
        assert zlib.crc32(kind + body) == crc
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 3 + 1
    rows = [raw[i * stride + 1 : (i + 1) * stride] for i in range(height)]
    assert all(raw[i * stride] == 0 for i in range(height))
    return width, height, rows


def test_png_plot_draws_series_and_threshold(store: SqliteStore, make_snapshot: MakeSnapshot) -> None:
    for day, covered in ((1, 2), (5, 5), (9, 8)):
        store.save(make_snapshot(covered, day=day))
    store.put_document("plan", "latest", {"thresholds": [{"percent": 50, "effective": "2025-03-06"}]})
    chart = trend_chart(trend(store), width=400, height=200)
    width, height, rows = _png_pixels(to_png(chart))
    assert (width, height) == (400, 200)
    pixels = {bytes(row[i : i + 3]) for row in rows for i in range(0, len(row), 3)}
    assert bytes.fromhex(THRESHOLD_COLOUR[1:]) in pixels
    assert bytes.fromhex("0072B2") in pixels  # the first series colour
    svg = to_svg(chart)
    assert svg.count("<circle") == 3 and "stroke-dasharray" in svg


def test_trend_command_exports_and_plots(
    tmp_path: Path, make_snapshot: MakeSnapshot, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "covlift.db"
    store = SqliteStore(str(db))
    store.save(make_snapshot(3, day=1))
    store.save(make_snapshot(6, day=2))
    store.close()
    export, svg, png = tmp_path / "trending.json", tmp_path / "t.svg", tmp_path / "t.png"
    code = main(["trend", str(tmp_path), "--store", str(db), "--export", str(export), "--plot", str(svg)])
    assert code == 0
    out = capsys.readouterr().out
    assert "branch main" in out and "+25.0" in out  # (9+3)/36 -> (18+3)/36
    assert json.loads(export.read_text())["branches"][0]["points"][1]["covered_lines"] == 18
    assert svg.read_text().startswith("<svg")
    assert main(["trend", str(tmp_path), "--store", str(db), "--plot", str(png)]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    capsys.readouterr()
    assert main(["trend", str(tmp_path), "--store", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [p["covered_lines"] for p in doc["branches"][0]["points"]] == [9, 18]


def test_trend_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trend", str(tmp_path), "--plot", str(tmp_path / "x.gif")]) == 2
    assert "svg or .png" in capsys.readouterr().err
    assert main(["trend", str(tmp_path)]) == 2
    assert "no store" in capsys.readouterr().err
    assert not (tmp_path / ".covlift").exists()
