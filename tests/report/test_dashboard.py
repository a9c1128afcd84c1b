"""The HTML dashboard, loaded in headless Chromium: no errors, no network, right numbers, links."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from covlift.cli import main
from covlift.model import Snapshot, Totals
from covlift.report.html import page_name
from covlift.report.terminal import pct
from covlift.store import SqliteStore
from tests.report.browser import Browser

GATE = {
    "meta": {"format": 1},
    "passed": False,
    "checks": [
        {
            "name": "fail-under",
            "passed": False,
            "actual": 41.5,
            "threshold": 80.0,
            "message": "total coverage 41.5% is below fail-under 80%",
        },
        {"name": "ratchet", "passed": True, "actual": 41.5, "threshold": 41.5, "message": "held"},
    ],
}
PLAN = {
    "format": "covlift.plan/1",
    "start": "2025-03-03",
    "thresholds": [{"percent": 50.0, "effective": "2025-03-10", "week": 1, "reason": "week 1"}],
    "steps": [{"step": 1, "path": "inv/api/views.py", "tests": 2, "hours": 1.0}],
}
ANALYSIS = {"format": "covlift.analysis/1", "files": [{"path": "inv/api/views.py", "priority": 0.93}]}


@pytest.fixture(scope="module")
def site(
    measured: tuple[Path, Snapshot], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Snapshot, Path]:
    """The sample project's dashboard, written by the real command from a real store."""
    project, snapshot = measured
    work = tmp_path_factory.mktemp("site")
    db = work / "covlift.db"
    store = SqliteStore(str(db))
    store.save(replace(snapshot, run=replace(snapshot.run, created_at="2025-03-01T10:00:00+00:00")))
    stored = store.save(snapshot)
    store.put_document("gate", "latest", GATE)
    store.put_document("plan", "latest", PLAN)
    store.put_document("analysis", "latest", ANALYSIS)
    store.close()
    out = work / "html"
    assert main(["report", str(project), "--store", str(db), "--html", str(out)]) == 0
    return out, stored, project


def _rows(browser: Browser, selector: str) -> list[list[str]]:
    rows: Any = browser.evaluate(
        f"Array.from(document.querySelectorAll({selector!r})).filter(r => !r.hidden)"
        ".map(r => Array.from(r.cells).map(c => c.textContent.trim()))"
    )
    return list(rows)


def _expected_row(f: Any) -> list[str]:
    return [
        f.path,
        str(f.num_statements),
        str(f.num_missing),
        str(f.num_branches),
        str(f.num_partial),
        pct(f.line_pct),
        pct(f.branch_pct),
        pct(f.combined_pct),
    ]


def test_every_page_loads_without_errors_or_network(
    site: tuple[Path, Snapshot, Path], browser: Browser
) -> None:
    out, snapshot, _ = site
    pages = [out / "index.html"] + [out / page_name(f.path) for f in snapshot.files]
    for page in pages:
        log = browser.open(page.as_uri())
        assert log.errors == [], (page.name, log.errors)
        assert log.requests and all(u.startswith("file://") for u in log.requests), log.requests
        assert len(log.requests) == 1, f"{page.name} loaded more than itself: {log.requests}"


def test_the_checker_would_see_errors_and_requests(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        "<script>console.error('boom'); missingFunction();</script><img src='http://127.0.0.1:9/pixel.png'>"
    )
    log = browser.open(page.as_uri())
    assert any("boom" in e for e in log.errors)
    assert any("missingFunction" in e for e in log.errors)
    assert "http://127.0.0.1:9/pixel.png" in log.requests


def test_overview_and_file_table_show_the_snapshot(
    site: tuple[Path, Snapshot, Path], browser: Browser
) -> None:
    out, snapshot, _ = site
    browser.open((out / "index.html").as_uri())
    t = snapshot.totals
    cards = browser.evaluate(
        "['total-cover','total-line','total-branch','total-files',"
        "'total-tests'].map(id => document.getElementById(id).textContent)"
    )
    assert cards == [
        f"{pct(t.combined_pct)}%",
        f"{pct(t.line_pct)}%",
        f"{pct(t.branch_pct)}%",
        str(t.files),
        str(len(snapshot.tests)),
    ]
    rows = _rows(browser, "#file-table tbody tr")
    assert rows == [_expected_row(f) for f in sorted(snapshot.files, key=lambda f: f.path)]
    footer = _rows(browser, "#file-table tfoot tr")[0]
    assert footer == [
        "TOTAL",
        str(t.statements),
        str(t.missing),
        str(t.branches),
        str(t.partial),
        pct(t.line_pct),
        pct(t.branch_pct),
        pct(t.combined_pct),
    ]


def test_package_table_sums_the_first_level_subpackages(
    site: tuple[Path, Snapshot, Path], browser: Browser
) -> None:
    out, snapshot, _ = site
    browser.open((out / "index.html").as_uri())
    rows = {r[0]: r for r in _rows(browser, "#package-table tbody tr")}
    assert sorted(rows) == ["inv", "inv/api", "inv/core"]
    core = Totals.of([f for f in snapshot.files if f.path.startswith("inv/core/")])
    assert rows["inv/core"][1:7] == [
        str(core.files),
        str(core.statements),
        str(core.missing),
        str(core.branches),
        str(core.partial),
        pct(core.combined_pct),
    ]


def test_file_table_sorts_and_filters(site: tuple[Path, Snapshot, Path], browser: Browser) -> None:
    out, snapshot, _ = site
    browser.open((out / "index.html").as_uri())
    browser.evaluate("document.querySelectorAll('#file-table th')[7].click()")
    covers = [float(r[7]) for r in _rows(browser, "#file-table tbody tr")]
    assert covers == sorted(covers) and covers[0] < covers[-1]
    browser.evaluate("document.querySelectorAll('#file-table th')[7].click()")
    covers = [float(r[7]) for r in _rows(browser, "#file-table tbody tr")]
    assert covers == sorted(covers, reverse=True)
    browser.evaluate(
        "{ const f = document.getElementById('filter'); f.value = 'CORE';"
        "f.dispatchEvent(new Event('input')); }"
    )
    shown = [r[0] for r in _rows(browser, "#file-table tbody tr")]
    assert sorted(shown) == sorted(f.path for f in snapshot.files if "core" in f.path)
    assert (
        browser.evaluate("document.getElementById('shown').textContent")
        == f"{len(shown)} of {len(snapshot.files)} files"
    )
    browser.evaluate(
        "{ const f = document.getElementById('filter'); f.value = '';"
        "f.dispatchEvent(new Event('input'));"
        "const h = document.getElementById('hide-covered'); h.checked = true;"
        "h.dispatchEvent(new Event('change')); }"
    )
    shown = [r[0] for r in _rows(browser, "#file-table tbody tr")]
    assert sorted(shown) == sorted(f.path for f in snapshot.files if f.combined_pct < 100)


def test_links_lead_to_file_pages_and_back(site: tuple[Path, Snapshot, Path], browser: Browser) -> None:
    out, snapshot, _ = site
    browser.open((out / "index.html").as_uri())
    links = browser.evaluate(
        "Array.from(document.querySelectorAll('#file-table tbody a')).map(a => [a.textContent, a.href])"
    )
    assert sorted(path for path, _ in links) == sorted(f.path for f in snapshot.files)
    for path, href in links:
        log = browser.open(href)
        assert log.errors == []
        assert browser.evaluate("document.getElementById('file-path').textContent") == path
        back = browser.evaluate("document.getElementById('back').href")
        assert back == (out / "index.html").as_uri() + "#files"
    browser.open(back)
    assert browser.evaluate("document.getElementById('file-table') !== null")


def test_file_page_highlights_missing_lines_and_partial_branches(
    site: tuple[Path, Snapshot, Path], browser: Browser
) -> None:
    out, snapshot, _ = site
    for f in snapshot.files:
        browser.open((out / page_name(f.path)).as_uri())
        missing = browser.evaluate(
            "Array.from(document.querySelectorAll('#source tr.mis')).map(r => Number(r.id.slice(1)))"
        )
        partial = browser.evaluate(
            "Array.from(document.querySelectorAll('#source tr.par')).map(r => Number(r.id.slice(1)))"
        )
        assert missing == sorted(f.missing), f.path
        expected_partial = sorted({a for a, _ in f.missing_branches} - set(f.missing))
        assert partial == expected_partial, f.path
        assert browser.evaluate("document.getElementById('file-missing').textContent") == str(f.num_missing)
    stock = snapshot.file("inv/core/stock.py")
    assert stock is not None and stock.regions
    browser.open((out / page_name(stock.path)).as_uri())
    regions = browser.evaluate(
        "Array.from(document.querySelectorAll('#regions tbody tr'))"
        ".map(r => [r.cells[0].textContent, Number(r.cells[4].textContent)])"
    )
    assert regions == [[r.name, len(r.missing)] for r in stock.regions]
    util = snapshot.file("inv/util.py")
    assert util is not None and util.missing_branches  # the sample leaves clamp's branches open
    browser.open((out / page_name("inv/util.py")).as_uri())
    notes = browser.evaluate(
        "Array.from(document.querySelectorAll('#source tr.par td.note')).map(td => td.textContent)"
    )
    assert notes and all(re.fullmatch(r"didn't jump to (line \d+|exit)(, .*)?", n) for n in notes)


def test_gate_verdict_plan_and_analysis(site: tuple[Path, Snapshot, Path], browser: Browser) -> None:
    out, _, _ = site
    browser.open((out / "index.html").as_uri())
    verdict = browser.evaluate("document.getElementById('gate-verdict').textContent.trim()")
    assert verdict == "FAILED"
    gate_text = browser.evaluate("document.getElementById('gate').textContent")
    assert "total coverage 41.5% is below fail-under 80%" in gate_text
    plan_text = browser.evaluate("document.getElementById('plan').textContent")
    assert "2025-03-10" in plan_text and "inv/api/views.py" in plan_text
    assert "0.93" in browser.evaluate("document.getElementById('analysis').textContent")
    assert browser.evaluate("document.querySelectorAll('#trend svg circle').length") == 2


def test_screenshot_is_saved_as_an_artifact(
    site: tuple[Path, Snapshot, Path], browser: Browser, tmp_path: Path
) -> None:
    out, _, _ = site
    browser.open((out / "index.html").as_uri())
    shot = browser.screenshot(tmp_path / "dashboard.png")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert width == 1280 and height > 900  # the whole page, beyond the viewport
    print(f"dashboard screenshot: {shot}")


def test_pages_reference_nothing_outside_the_report(site: tuple[Path, Snapshot, Path]) -> None:
    out, _, _ = site
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 1
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html and "default-src 'none'" in html
        for url in re.findall(r'(?:src|href)="([^"]*)"', html):
            assert not re.match(r"^[a-z]+:", url), (page.name, url)
            assert url.startswith("#") or (page.parent / url.split("#")[0]).resolve().is_file()


def test_rewrite_replaces_the_old_report_and_refuses_foreign_dirs(
    site: tuple[Path, Snapshot, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _, project = site
    db = out.parent / "covlift.db"
    copy = tmp_path / "html"
    shutil.copytree(out, copy)
    stale = copy / "files" / "gone.py.00000000.html"  # a page of a file no longer measured
    stale.write_text("old")
    with (copy / ".covlift-report").open("a", encoding="utf-8") as marker:
        marker.write("files/gone.py.00000000.html\n")  # as covlift listed it when it wrote it
    assert main(["report", str(project), "--store", str(db), "--html", str(copy)]) == 0
    assert not stale.exists() and (copy / "index.html").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    capsys.readouterr()
    assert main(["report", str(project), "--store", str(db), "--html", str(foreign)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (foreign / "notes.txt").read_text() == "keep me"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_file_gone_from_disk_gets_a_page_without_source(
    site: tuple[Path, Snapshot, Path], tmp_path: Path, browser: Browser
) -> None:
    out, snapshot, project = site
    moved = tmp_path / "project"
    shutil.copytree(project, moved)
    (moved / "inv" / "api" / "views.py").unlink()
    html = tmp_path / "html"
    assert main(["report", str(moved), "--store", str(out.parent / "covlift.db"), "--html", str(html)]) == 0
    log = browser.open((html / page_name("inv/api/views.py")).as_uri())
    assert log.errors == []
    views = snapshot.file("inv/api/views.py")
    assert views is not None
    text = browser.evaluate("document.getElementById('no-source').textContent")
    assert ", ".join(str(n) for n in views.missing) in text


def test_a_rewrite_keeps_every_file_the_user_added(site: tuple[Path, Snapshot, Path], tmp_path: Path) -> None:
    """A published dashboard gets CNAME, notes/, ...: covlift writes and removes only its own files."""
    out, snapshot, project = site
    db = out.parent / "covlift.db"
    html = tmp_path / "html"
    assert main(["report", str(project), "--store", str(db), "--html", str(html)]) == 0
    assert html.stat().st_mode & 0o777 == 0o777 & ~_umask()  # not a temp directory's 0700
    (html / "CNAME").write_text("coverage.example.org\n")
    (html / "notes").mkdir()
    (html / "notes" / "why.md").write_text("ours")
    (html / "files" / "extra.html").write_text("ours too")
    assert main(["report", str(project), "--store", str(db), "--html", str(html)]) == 0
    assert (html / "CNAME").read_text() == "coverage.example.org\n"
    assert (html / "notes" / "why.md").read_text() == "ours"
    assert (html / "files" / "extra.html").read_text() == "ours too"
    pages = {p.name for p in (html / "files").iterdir()} - {"extra.html"}
    assert pages == {page_name(f.path).removeprefix("files/") for f in snapshot.files}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_very_long_module_name_gets_a_page(tmp_path: Path) -> None:
    from covlift.model import FileCoverage, RunInfo
    from covlift.report.html import DashboardInputs, render_dashboard

    path = "pkg/" + "m" * 250 + ".py"
    snapshot = Snapshot(
        run=RunInfo(created_at="2026-01-01T00:00:00+00:00", root=str(tmp_path)),
        files=(FileCoverage(path, (1, 2), (2,)),),
    )
    board = render_dashboard(DashboardInputs(snapshot=snapshot, source_root=tmp_path), tmp_path / "html")
    (name,) = (page for _, page in board.pages)
    assert len(Path(name).name.encode()) < 200 and (tmp_path / "html" / name).is_file()
