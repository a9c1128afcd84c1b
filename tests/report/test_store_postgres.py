"""The PostgreSQL store against a real server: same behaviour as the SQLite store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.errors import InputFileError, UsageError
from covlift.model import Incident, Snapshot
from covlift.store import SqliteStore, open_store
from covlift.trend import trend, trend_to_dict

psycopg = pytest.importorskip("psycopg", reason="psycopg 3 is not installed (psycopg[binary])")

from covlift.store_pg import PostgresStore  # noqa: E402

MakeSnapshot = Callable[..., Snapshot]


def test_round_trip_of_a_measured_snapshot(pg_url: str, measured: tuple[Path, Snapshot]) -> None:
    _, snapshot = measured
    snapshot = replace(snapshot, incidents=(Incident("tests/t.py::x", "timeout", "120 s"),))
    pg, lite = PostgresStore(pg_url), SqliteStore(":memory:")
    try:
        from_pg, from_lite = pg.save(snapshot), lite.save(snapshot)
        assert from_pg == snapshot
        assert from_pg == from_lite
        assert from_pg.id == 1
        assert pg.get(1).files == snapshot.files
        assert pg.get(1).tests == snapshot.tests
        assert pg.get(1).files[0].regions == snapshot.files[0].regions
    finally:
        pg.close()
        lite.close()


def test_latest_and_history_match_sqlite(pg_url: str, make_snapshot: MakeSnapshot) -> None:
    pg, lite = PostgresStore(pg_url), SqliteStore(":memory:")
    try:
        for store in (pg, lite):
            store.save(make_snapshot(2, branch="main", day=1, tests=3))
            store.save(make_snapshot(5, branch="dev", day=2))
            store.save(make_snapshot(7, branch="main", day=3, shard="1/2"))
        for branch, shards in ((None, False), ("main", False), ("dev", False), ("main", True)):
            ours = pg.latest(branch=branch, include_shards=shards)
            theirs = lite.latest(branch=branch, include_shards=shards)
            assert ours is not None and theirs is not None
            assert ours == theirs and ours.id == theirs.id
        assert pg.latest(branch="nope") is None
        for limit, branch in ((50, None), (50, "main"), (1, None)):
            assert [asdict(r) for r in pg.history(limit=limit, branch=branch)] == [
                asdict(r) for r in lite.history(limit=limit, branch=branch)
            ]
        assert pg.history()[-1].tests == 3
        with pytest.raises(UsageError, match="no snapshot 99"):
            pg.get(99)
    finally:
        pg.close()
        lite.close()


def test_documents_are_replaced_whole(pg_url: str) -> None:
    store = PostgresStore(pg_url)
    try:
        assert store.get_document("plan", "latest") is None
        store.put_document("plan", "latest", {"a": [1, 2], "b": {"c": "ü"}})
        store.put_document("plan", "latest", {"a": [3]})
        store.put_document("gate", "latest", {"passed": False})
        assert store.get_document("plan", "latest") == {"a": [3]}
        assert store.get_document("gate", "latest") == {"passed": False}
    finally:
        store.close()


def test_reopen_keeps_data_and_refuses_a_newer_schema(pg_url: str, make_snapshot: MakeSnapshot) -> None:
    store = PostgresStore(pg_url)
    saved = store.save(make_snapshot(4))
    store.close()
    store = PostgresStore(pg_url)
    assert store.get(saved.id or 0) == saved
    store.close()
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(InputFileError, match="newer covlift"):
        PostgresStore(pg_url)


def test_unreachable_server_is_one_sentence() -> None:
    with pytest.raises(UsageError, match="cannot connect to the PostgreSQL store") as info:
        PostgresStore("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert "check the URL" in str(info.value)


def test_trend_on_postgres_equals_sqlite(pg_url: str, make_snapshot: MakeSnapshot) -> None:
    pg, lite = PostgresStore(pg_url), SqliteStore(":memory:")
    try:
        for store in (pg, lite):
            for day in range(1, 5):
                store.save(make_snapshot(day, branch="main" if day % 2 else "dev", day=day))
        ours, theirs = trend_to_dict(trend(pg)), trend_to_dict(trend(lite))
        ours.pop("generated_at")
        theirs.pop("generated_at")
        assert ours == theirs
        assert len(ours["branches"]) == 2
    finally:
        pg.close()
        lite.close()


def test_commands_accept_a_postgresql_store(
    pg_url: str, make_snapshot: MakeSnapshot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opened = open_store(pg_url)  # a broken postgresql:// dispatch fails here; it never skips
    try:
        assert isinstance(opened, PostgresStore)
    finally:
        opened.close()
    store = PostgresStore(pg_url)
    store.save(make_snapshot(6))
    store.close()
    assert main(["trend", str(tmp_path), "--store", pg_url, "--json"]) == 0
    assert '"covered_lines": 18' in capsys.readouterr().out
    assert main(["badge", str(tmp_path), "--store", pg_url, "-o", str(tmp_path / "b.svg")]) == 0
    assert "58%" in (tmp_path / "b.svg").read_text()
