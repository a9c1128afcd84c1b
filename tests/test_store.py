"""The SQLite store: round trips, latest/history queries, documents, concurrent writers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from covlift.errors import InputFileError, UsageError
from covlift.model import FileCoverage, Incident, Region, RunInfo, Snapshot, TestOutcome
from covlift.store import SCHEMA_VERSION, open_store


def _snapshot(branch: str = "main", shard: str | None = None, missing: tuple[int, ...] = (3,)) -> Snapshot:
    region = Region("f", "function", 1, (2, 3), (3,), ((2, 3),), ((2, -1),))
    file = FileCoverage(
        path="pkg/mod.py",
        statements=(1, 2, 3),
        missing=missing,
        executed_branches=((2, 3),),
        missing_branches=((2, -1),),
        excluded=(9,),
        regions=(region,),
    )
    run = RunInfo(
        created_at="2026-11-25T00:00:00+00:00",
        root="/p",
        commit="abc",
        branch=branch,
        python="3.11.7",
        coverage_version="7.17.4",
        covlift_version="0.1.0",
        shard=shard,
    )
    return Snapshot(
        run=run,
        files=(file,),
        tests=(TestOutcome("t::a", "passed", 0.5),),
        incidents=(Incident("t::b", "timeout", "stopped"),),
    )


def test_round_trip_is_exact(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    original = _snapshot()
    saved = store.save(original)
    assert saved.id == 1
    assert saved == original  # id is not part of equality; every field survives
    assert store.get(1).files[0].regions[0].missing_branches == ((2, -1),)


def test_latest_respects_branch_and_shards(tmp_path: Path) -> None:
    store = open_store(":memory:")
    store.save(_snapshot("main"))
    store.save(_snapshot("feature"))
    store.save(_snapshot("main", shard="1/2"))
    latest_main = store.latest(branch="main")
    assert latest_main is not None and latest_main.id == 1
    latest_any = store.latest(include_shards=True)
    assert latest_any is not None and latest_any.id == 3
    assert [h.id for h in store.history(branch="feature")] == [2]
    assert store.latest(branch="nope") is None


def test_documents(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    assert store.get_document("plan", "latest") is None
    store.put_document("plan", "latest", {"steps": [1, 2]})
    store.put_document("plan", "latest", {"steps": [3]})
    assert store.get_document("plan", "latest") == {"steps": [3]}


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    open_store(path).close()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            store = open_store(path)
            for _ in range(10):
                store.save(_snapshot())
            store.close()
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(open_store(path).history(limit=100)) == 40


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION + 1,))
    with pytest.raises(InputFileError, match="newer covlift"):
        open_store(str(path))


def test_unknown_snapshot_and_unsupported_urls(tmp_path: Path) -> None:
    store = open_store(":memory:")
    with pytest.raises(UsageError, match="no snapshot 7"):
        store.get(7)
    with pytest.raises(UsageError, match="unsupported store URL"):
        open_store("mysql://localhost/db")
    with pytest.raises(UsageError, match="directory"):
        open_store(str(tmp_path))


@pytest.mark.parametrize(
    "payload",
    ["{not json", '{"path": "pkg/mod.py"}', '{"path": "a.py", "statements": "123", "missing": []}',
     '{"path": "a.py", "statements": [1, null], "missing": []}', "[]"],
)  # fmt: skip
def test_a_damaged_file_row_is_an_input_error(
    tmp_path: Path, payload: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.db"
    store = open_store(str(path))
    saved = store.save(_snapshot())
    store.close()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE files SET payload = ?", (payload,))
    with pytest.raises(InputFileError, match=f"snapshot {saved.id} in the store .* has a damaged file row"):
        open_store(str(path)).get(saved.id or 0)
    from covlift.cli import main

    assert main(["report", str(tmp_path), "--store", str(path), "--markdown"]) == 2
    assert "damaged file row; measure again, or move the store aside." in capsys.readouterr().err
