"""The PostgreSQL store: one history shared by every CI job of a team.

It implements :class:`covlift.store.Store` with the SQLite schema translated
to PostgreSQL (BIGSERIAL ids, BOOLEAN flags, JSONB-free TEXT payloads so both
backends store byte-identical documents).  psycopg 3 is imported only when a
``postgresql://`` URL is opened, so SQLite users never need it.

Concurrency: every snapshot is one transaction and ids come from a sequence,
so jobs writing at once never overwrite each other; schema creation takes a
transaction-level advisory lock so two first runs cannot race on CREATE TABLE.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from covlift.codec import file_to_dict
from covlift.errors import InputFileError, UsageError
from covlift.model import Incident, Snapshot, TestOutcome
from covlift.redact import redact
from covlift.store import (
    RUN_COLUMNS,
    SCHEMA_VERSION,
    SUMMARY_COLUMNS,
    SnapshotSummary,
    files_from_payloads,
    run_from_row,
    snapshot_values,
    summary_from_row,
)

if TYPE_CHECKING:
    import psycopg

#: an arbitrary constant that names covlift's schema lock among advisory locks
_MIGRATION_LOCK = 0x636F766C  # "covl"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS snapshots (
    id BIGSERIAL PRIMARY KEY,
    created_at TEXT NOT NULL,
    root TEXT NOT NULL,
    git_commit TEXT,
    git_branch TEXT,
    dirty BOOLEAN NOT NULL DEFAULT FALSE,
    python TEXT NOT NULL,
    coverage_version TEXT NOT NULL,
    covlift_version TEXT NOT NULL,
    core TEXT NOT NULL DEFAULT '',
    branch_measured BOOLEAN NOT NULL,
    shard TEXT,
    origin TEXT NOT NULL,
    duration_s DOUBLE PRECISION NOT NULL,
    pytest_exit INTEGER,
    files INTEGER NOT NULL,
    statements INTEGER NOT NULL,
    covered_lines INTEGER NOT NULL,
    branches INTEGER NOT NULL,
    covered_branches INTEGER NOT NULL,
    percent_covered DOUBLE PRECISION NOT NULL,
    -- number of test items, so history needs no count over the tests table
    num_tests INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS snapshots_branch ON snapshots (git_branch, id);

CREATE TABLE IF NOT EXISTS files (
    snapshot_id BIGINT NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    statements INTEGER NOT NULL,
    covered_lines INTEGER NOT NULL,
    branches INTEGER NOT NULL,
    covered_branches INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, path)
);

CREATE TABLE IF NOT EXISTS tests (
    snapshot_id BIGINT NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    nodeid TEXT NOT NULL,
    outcome TEXT NOT NULL,
    duration_s DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (snapshot_id, seq)
);

CREATE TABLE IF NOT EXISTS incidents (
    snapshot_id BIGINT NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    nodeid TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, seq)
);

CREATE TABLE IF NOT EXISTS documents (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
"""


def _passwords(url: str) -> list[str]:
    """The password of a URL however malformed the rest is, so a message quoting it can be redacted."""
    from urllib.parse import unquote

    found = re.findall(r"://[^:/@\s]*:([^@\s]+)@", url) + re.findall(r"password=([^&\s]+)", url)
    return [p for secret in found for p in (secret, unquote(secret))]


def _connect(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    try:
        import psycopg
    except ImportError:
        raise UsageError(
            "a postgresql:// store needs psycopg 3; run 'pip install \"psycopg[binary]\"' "
            "or use a SQLite path for --store."
        ) from None
    try:
        return psycopg.connect(url, connect_timeout=30, autocommit=True)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        reason = redact(reason, _passwords(url))
        raise UsageError(
            f"cannot connect to the PostgreSQL store ({reason}); check the URL, "
            "the server and its credentials."
        ) from None


class PostgresStore:
    """A :class:`covlift.store.Store` on a PostgreSQL database given by a libpq URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        #: the URL as messages may show it (no password)
        self._where = redact(url, _passwords(url))
        self._lock = threading.Lock()
        self._con = _connect(url)
        self._migrate()

    def _migrate(self) -> None:
        with self._transaction() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            cur.execute(SCHEMA)
            cur.execute("SELECT value FROM meta WHERE key = 'schema_version'")
            row = cur.fetchone()
            if row is None:
                cur.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', %s)",
                    (str(SCHEMA_VERSION),),
                )
            elif int(row[0]) > SCHEMA_VERSION:
                raise InputFileError(
                    f"the PostgreSQL store was written by a newer covlift (schema {row[0]}); upgrade covlift."
                )

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Cursor[tuple[Any, ...]]]:
        with self._lock, self._con.transaction(), self._con.cursor() as cur:
            yield cur

    def _query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        with self._transaction() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    def save(self, snapshot: Snapshot) -> Snapshot:
        with self._transaction() as cur:
            values = (*snapshot_values(snapshot), len(snapshot.tests))
            cur.execute(
                f"""INSERT INTO snapshots ({RUN_COLUMNS}, files, statements, covered_lines,
                    branches, covered_branches, percent_covered, num_tests)
                    VALUES ({", ".join(["%s"] * len(values))})
                    RETURNING id""",
                values,
            )
            row = cur.fetchone()
            assert row is not None
            snapshot_id = int(row[0])
            with cur.copy(
                "COPY files (snapshot_id, path, statements, covered_lines, branches, "
                "covered_branches, payload) FROM STDIN"
            ) as copy:
                for f in snapshot.files:
                    copy.write_row(
                        (
                            snapshot_id,
                            f.path,
                            f.num_statements,
                            f.covered_lines,
                            f.num_branches,
                            f.covered_branches,
                            json.dumps(file_to_dict(f), separators=(",", ":")),
                        )
                    )
            with cur.copy("COPY tests (snapshot_id, seq, nodeid, outcome, duration_s) FROM STDIN") as copy:
                for seq, t in enumerate(snapshot.tests):
                    copy.write_row((snapshot_id, seq, t.nodeid, t.outcome, t.duration_s))
            with cur.copy("COPY incidents (snapshot_id, seq, nodeid, kind, detail) FROM STDIN") as copy:
                for seq, i in enumerate(snapshot.incidents):
                    copy.write_row((snapshot_id, seq, i.nodeid, i.kind, i.detail))
        return self.get(snapshot_id)

    def get(self, snapshot_id: int) -> Snapshot:
        with self._transaction() as cur:
            cur.execute(
                f"SELECT {RUN_COLUMNS} FROM snapshots WHERE id = %s",
                (snapshot_id,),
            )
            row = cur.fetchone()
            if row is None:
                raise UsageError(f"there is no snapshot {snapshot_id}; run 'covlift history' to list them.")
            cur.execute(
                'SELECT payload FROM files WHERE snapshot_id = %s ORDER BY path COLLATE "C"',
                (snapshot_id,),
            )
            files = files_from_payloads((p for (p,) in cur.fetchall()), self._where, snapshot_id)
            cur.execute(
                "SELECT nodeid, outcome, duration_s FROM tests WHERE snapshot_id = %s ORDER BY seq",
                (snapshot_id,),
            )
            tests = tuple(TestOutcome(nodeid=n, outcome=o, duration_s=d) for n, o, d in cur)
            cur.execute(
                "SELECT nodeid, kind, detail FROM incidents WHERE snapshot_id = %s ORDER BY seq",
                (snapshot_id,),
            )
            incidents = tuple(Incident(nodeid=n, kind=k, detail=d) for n, k, d in cur)
        run = run_from_row(row)
        return Snapshot(id=snapshot_id, run=run, files=files, tests=tests, incidents=incidents)

    def latest(self, *, branch: str | None = None, include_shards: bool = False) -> Snapshot | None:
        clauses, params = [], []
        if branch is not None:
            clauses.append("git_branch = %s")
            params.append(branch)
        if not include_shards:
            clauses.append("shard IS NULL")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._query(f"SELECT id FROM snapshots {where} ORDER BY id DESC LIMIT 1", params)
        return self.get(int(rows[0][0])) if rows else None

    def history(self, *, limit: int = 50, branch: str | None = None) -> list[SnapshotSummary]:
        where, params = ("WHERE git_branch = %s", [branch]) if branch else ("", [])
        rows = self._query(
            f"""SELECT {SUMMARY_COLUMNS}, num_tests
                FROM snapshots {where} ORDER BY id DESC LIMIT %s""",
            [*params, limit],
        )
        return [summary_from_row(r) for r in rows]

    def put_document(self, kind: str, key: str, body: dict[str, Any]) -> None:
        from covlift.clock import utc_now_iso

        with self._transaction() as cur:
            cur.execute(
                """INSERT INTO documents (kind, key, created_at, body) VALUES (%s, %s, %s, %s)
                   ON CONFLICT (kind, key)
                   DO UPDATE SET created_at = EXCLUDED.created_at, body = EXCLUDED.body""",
                (kind, key, utc_now_iso(), json.dumps(body)),
            )

    def get_document(self, kind: str, key: str) -> dict[str, Any] | None:
        rows = self._query("SELECT body FROM documents WHERE kind = %s AND key = %s", (kind, key))
        return dict(json.loads(rows[0][0])) if rows else None

    def close(self) -> None:
        self._con.close()
