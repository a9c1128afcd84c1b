"""``covlift report``: terminal, Markdown, JSON and --html on a measured project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.model import Snapshot
from covlift.report.terminal import pct
from covlift.store import SqliteStore


@pytest.fixture
def stored(measured: tuple[Path, Snapshot], tmp_path: Path) -> tuple[Path, Path, Snapshot]:
    project, snapshot = measured
    db = tmp_path / "covlift.db"
    store = SqliteStore(str(db))
    saved = store.save(snapshot)
    store.close()
    return project, db, saved


def test_terminal_table(stored: tuple[Path, Path, Snapshot], capsys: pytest.CaptureFixture[str]) -> None:
    project, db, snapshot = stored
    assert main(["report", str(project), "--store", str(db)]) == 0
    out = capsys.readouterr().out
    total = next(line for line in out.splitlines() if line.strip().startswith("TOTAL"))
    assert total.split()[-1] == pct(snapshot.totals.combined_pct)
    assert all(f.path in out for f in snapshot.files)


def test_markdown(stored: tuple[Path, Path, Snapshot], capsys: pytest.CaptureFixture[str]) -> None:
    project, db, snapshot = stored
    assert main(["report", str(project), "--store", str(db), "--markdown", "--skip-covered"]) == 0
    out = capsys.readouterr().out
    t = snapshot.totals
    assert out.startswith(f"## Coverage {pct(t.combined_pct)}%")
    assert f"| **TOTAL** | **{t.statements}** | **{t.missing}** |" in out
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    assert len(rows) == sum(1 for f in snapshot.files if f.combined_pct < 100)


def test_json_is_the_stored_snapshot(
    stored: tuple[Path, Path, Snapshot], capsys: pytest.CaptureFixture[str]
) -> None:
    project, db, snapshot = stored
    assert main(["report", str(project), "--store", str(db), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["id"] == snapshot.id
    assert doc["totals"]["num_statements"] == snapshot.totals.statements
    assert sorted(f["path"] for f in doc["files"]) == sorted(f.path for f in snapshot.files)


def test_html_with_json_keeps_stdout_machine_readable(
    stored: tuple[Path, Path, Snapshot], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, db, snapshot = stored
    out = tmp_path / "site"
    assert main(["report", str(project), "--store", str(db), "--html", str(out), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["id"] == snapshot.id
    assert "Wrote the dashboard" in captured.err
    assert len(list((out / "files").glob("*.html"))) == len(snapshot.files)


def test_usage_errors(
    stored: tuple[Path, Path, Snapshot], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, db, _ = stored
    assert main(["report", str(project), "--store", str(db), "--markdown", "--json"]) == 2
    assert "choose one" in capsys.readouterr().err
    assert main(["report", str(project), "--store", str(db), "--snapshot", "42"]) == 2
    assert "no snapshot 42" in capsys.readouterr().err
    assert main(["report", str(project), "--store", str(db), "--branch", "nope"]) == 2
    assert "of branch nope" in capsys.readouterr().err
    assert main(["report", str(tmp_path)]) == 2
    assert "no store" in capsys.readouterr().err
