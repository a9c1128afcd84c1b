"""Where snapshots, plans and checkpoints live: the only module that writes SQL.

``open_store(url)`` picks a backend: a file path (SQLite, the default
``.covlift/covlift.db``) or ``:memory:`` (tests, and a fake that is real).
Every backend implements :class:`Store`; a PostgreSQL backend can follow by
implementing the same protocol.  Each snapshot is written in one transaction,
so a reader never sees half of one, and an interrupted run leaves none.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

from covlift.codec import file_from_dict, file_to_dict
from covlift.errors import InputFileError, UsageError
from covlift.fsutil import make_state_dir
from covlift.model import FileCoverage, Incident, RunInfo, Snapshot, TestOutcome

#: Version history:
#:   1  snapshots, files, tests, incidents, documents
SCHEMA_VERSION = 1

SCHEMA = """
-- One row per stored schema version; the highest is current.
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One measurement.  Totals are denormalised so trend queries need no joins.
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,          -- ISO 8601 UTC
    root TEXT NOT NULL,
    git_commit TEXT,
    git_branch TEXT,
    dirty INTEGER NOT NULL DEFAULT 0,
    python TEXT NOT NULL,
    coverage_version TEXT NOT NULL,
    covlift_version TEXT NOT NULL,
    core TEXT NOT NULL DEFAULT '',
    branch_measured INTEGER NOT NULL,
    shard TEXT,                        -- 'K/N' for a shard, NULL for a whole run
    origin TEXT NOT NULL,              -- pytest | import | combine
    duration_s REAL NOT NULL,
    pytest_exit INTEGER,
    files INTEGER NOT NULL,
    statements INTEGER NOT NULL,
    covered_lines INTEGER NOT NULL,
    branches INTEGER NOT NULL,
    covered_branches INTEGER NOT NULL,
    percent_covered REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_branch ON snapshots (git_branch, id);

-- Per-file coverage; the line and arc sets are a JSON payload (codec.file_to_dict).
CREATE TABLE IF NOT EXISTS files (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    statements INTEGER NOT NULL,
    covered_lines INTEGER NOT NULL,
    branches INTEGER NOT NULL,
    covered_branches INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, path)
);

CREATE TABLE IF NOT EXISTS tests (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    nodeid TEXT NOT NULL,
    outcome TEXT NOT NULL,
    duration_s REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS tests_snapshot ON tests (snapshot_id);

CREATE TABLE IF NOT EXISTS incidents (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    nodeid TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);

-- Named JSON documents: the latest plan, lift checkpoints, analysis results.
CREATE TABLE IF NOT EXISTS documents (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
"""


@dataclass(frozen=True, slots=True)
class SnapshotSummary:
    """One row of ``covlift history``: provenance and totals, no per-file data."""

    id: int
    created_at: str
    commit: str | None
    branch: str | None
    dirty: bool
    shard: str | None
    origin: str
    files: int
    statements: int
    covered_lines: int
    branches: int
    covered_branches: int
    percent_covered: float
    tests: int


#: snapshot columns both backends read back into a RunInfo, in this order
RUN_COLUMNS = (
    "created_at, root, git_commit, git_branch, dirty, python, coverage_version, covlift_version, "
    "core, branch_measured, shard, origin, duration_s, pytest_exit"
)
#: snapshot columns of a history row, before the test count
SUMMARY_COLUMNS = (
    "id, created_at, git_commit, git_branch, dirty, shard, origin, files, statements, "
    "covered_lines, branches, covered_branches, percent_covered"
)


def snapshot_values(snapshot: Snapshot) -> tuple[Any, ...]:
    """Values for RUN_COLUMNS, then files, statements, covered_lines, branches,
    covered_branches, percent_covered: the snapshot row every backend inserts."""
    run, totals = snapshot.run, snapshot.totals
    return (
        run.created_at,
        run.root,
        run.commit,
        run.branch,
        run.dirty,
        run.python,
        run.coverage_version,
        run.covlift_version,
        run.core,
        run.branch_measured,
        run.shard,
        run.origin,
        run.duration_s,
        run.pytest_exit,
        totals.files,
        totals.statements,
        totals.covered_lines,
        totals.branches,
        totals.covered_branches,
        totals.combined_pct,
    )


def run_from_row(row: Sequence[Any]) -> RunInfo:
    """A RunInfo from a row of RUN_COLUMNS."""
    return RunInfo(
        created_at=row[0],
        root=row[1],
        commit=row[2],
        branch=row[3],
        dirty=bool(row[4]),
        python=row[5],
        coverage_version=row[6],
        covlift_version=row[7],
        core=row[8],
        branch_measured=bool(row[9]),
        shard=row[10],
        origin=row[11],
        duration_s=row[12],
        pytest_exit=row[13],
    )


def summary_from_row(row: Sequence[Any]) -> SnapshotSummary:
    """A history row: SUMMARY_COLUMNS followed by the number of tests."""
    return SnapshotSummary(
        id=int(row[0]),
        created_at=row[1],
        commit=row[2],
        branch=row[3],
        dirty=bool(row[4]),
        shard=row[5],
        origin=row[6],
        files=row[7],
        statements=row[8],
        covered_lines=row[9],
        branches=row[10],
        covered_branches=row[11],
        percent_covered=row[12],
        tests=row[13],
    )


def files_from_payloads(payloads: Iterable[str], where: str, snapshot_id: int) -> tuple[FileCoverage, ...]:
    """The per-file rows of one snapshot; a damaged row is the store's fault, said in one sentence."""
    files = []
    for payload in payloads:
        try:
            file = file_from_dict(json.loads(payload))
            numbers = (*file.statements, *file.missing, *chain.from_iterable(file.executed_branches))
            if not isinstance(file.path, str) or not set(map(type, numbers)) <= {int}:
                raise TypeError("not line numbers")
        except (ValueError, TypeError, KeyError, AttributeError):
            raise InputFileError(
                f"snapshot {snapshot_id} in the store {where} has a damaged file row; "
                "measure again, or move the store aside."
            ) from None
        files.append(file)
    return tuple(files)


class Store(Protocol):
    """What every store backend provides."""

    def save(self, snapshot: Snapshot) -> Snapshot:
        """Store a snapshot in one transaction; return it with its id."""
        ...

    def get(self, snapshot_id: int) -> Snapshot: ...

    def latest(self, *, branch: str | None = None, include_shards: bool = False) -> Snapshot | None: ...

    def history(self, *, limit: int = 50, branch: str | None = None) -> list[SnapshotSummary]: ...

    def put_document(self, kind: str, key: str, body: dict[str, Any]) -> None: ...

    def get_document(self, kind: str, key: str) -> dict[str, Any] | None: ...

    def close(self) -> None: ...


class SqliteStore:
    """The default store: one SQLite file, WAL mode so CI readers do not block writers."""

    def __init__(self, path: str) -> None:
        self.path = path
        #: opened read-only (a checkout or CI cache the user cannot write): readers work, save refuses
        self.read_only = path != ":memory:" and _read_only(Path(path))
        self._lock = threading.Lock()
        try:
            if self.read_only:
                self._con = _connect_read_only(Path(path))
                self._check_version()
                return
            if path != ":memory:":
                make_state_dir(Path(path).parent)
            self._con = sqlite3.connect(path, timeout=30.0, check_same_thread=False)
            self._con.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                self._con.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise InputFileError(
                f"the store {path} is not a covlift database ({exc}); move it aside or pass another --store."
            ) from exc
        except PermissionError as exc:
            raise UsageError(
                f"cannot create the store {path} ({exc.strerror}); pass --store with a writable path, "
                "or --no-store."
            ) from None

    def _check_version(self) -> None:
        row = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            raise sqlite3.DatabaseError("no schema version")
        if int(row[0]) > SCHEMA_VERSION:
            raise InputFileError(
                f"the store {self.path} was written by a newer covlift (schema {row[0]}); upgrade covlift."
            )

    def _migrate(self) -> None:
        with self._con:
            self._con.executescript(SCHEMA)
            row = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self._con.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
                )
            elif int(row[0]) > SCHEMA_VERSION:
                raise InputFileError(
                    f"the store {self.path} was written by a newer covlift "
                    f"(schema {row[0]}); upgrade covlift."
                )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._con:
            self._con.execute("BEGIN IMMEDIATE")
            yield self._con

    def save(self, snapshot: Snapshot) -> Snapshot:
        if self.read_only:
            raise UsageError(
                f"the store {self.path} is read-only; pass --store with a writable file, or --no-store."
            )
        with self._transaction() as con:
            values = snapshot_values(snapshot)
            cur = con.execute(
                f"""INSERT INTO snapshots ({RUN_COLUMNS}, files, statements, covered_lines,
                    branches, covered_branches, percent_covered)
                    VALUES ({", ".join("?" * len(values))})""",
                tuple(int(v) if isinstance(v, bool) else v for v in values),
            )
            snapshot_id = int(cur.lastrowid or 0)
            con.executemany(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        snapshot_id,
                        f.path,
                        f.num_statements,
                        f.covered_lines,
                        f.num_branches,
                        f.covered_branches,
                        json.dumps(file_to_dict(f), separators=(",", ":")),
                    )
                    for f in snapshot.files
                ],
            )
            con.executemany(
                "INSERT INTO tests VALUES (?, ?, ?, ?)",
                [(snapshot_id, t.nodeid, t.outcome, t.duration_s) for t in snapshot.tests],
            )
            con.executemany(
                "INSERT INTO incidents VALUES (?, ?, ?, ?)",
                [(snapshot_id, i.nodeid, i.kind, i.detail) for i in snapshot.incidents],
            )
        return self.get(snapshot_id)

    def get(self, snapshot_id: int) -> Snapshot:
        con = self._con
        row = con.execute(f"SELECT {RUN_COLUMNS} FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        if row is None:
            raise UsageError(f"there is no snapshot {snapshot_id}; run 'covlift history' to list them.")
        run = run_from_row(row)
        files = files_from_payloads(
            (
                payload
                for (payload,) in con.execute(
                    "SELECT payload FROM files WHERE snapshot_id = ? ORDER BY path", (snapshot_id,)
                )
            ),
            self.path,
            snapshot_id,
        )
        tests = tuple(
            TestOutcome(nodeid=n, outcome=o, duration_s=d)
            for n, o, d in con.execute(
                "SELECT nodeid, outcome, duration_s FROM tests WHERE snapshot_id = ? ORDER BY rowid",
                (snapshot_id,),
            )
        )
        incidents = tuple(
            Incident(nodeid=n, kind=k, detail=d)
            for n, k, d in con.execute(
                "SELECT nodeid, kind, detail FROM incidents WHERE snapshot_id = ? ORDER BY rowid",
                (snapshot_id,),
            )
        )
        return Snapshot(id=snapshot_id, run=run, files=files, tests=tests, incidents=incidents)

    def latest(self, *, branch: str | None = None, include_shards: bool = False) -> Snapshot | None:
        clauses, params = [], []
        if branch is not None:
            clauses.append("git_branch = ?")
            params.append(branch)
        if not include_shards:
            clauses.append("shard IS NULL")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        row = self._con.execute(
            f"SELECT id FROM snapshots {where} ORDER BY id DESC LIMIT 1", params
        ).fetchone()
        return None if row is None else self.get(int(row[0]))

    def history(self, *, limit: int = 50, branch: str | None = None) -> list[SnapshotSummary]:
        where, params = ("WHERE git_branch = ?", [branch]) if branch else ("", [])
        rows = self._con.execute(
            f"""SELECT {SUMMARY_COLUMNS.replace("id,", "s.id,", 1)},
                       (SELECT COUNT(*) FROM tests t WHERE t.snapshot_id = s.id)
                FROM snapshots s {where} ORDER BY s.id DESC LIMIT ?""",
            [*params, limit],
        ).fetchall()
        return [summary_from_row(r) for r in rows]

    def put_document(self, kind: str, key: str, body: dict[str, Any]) -> None:
        """Keep a derived document (plan, verdict, cache); a read-only store keeps none, silently:
        each can be made again from the snapshots."""
        from covlift.clock import utc_now_iso

        if self.read_only:
            return
        with self._transaction() as con:
            con.execute(
                "INSERT OR REPLACE INTO documents (kind, key, created_at, body) VALUES (?, ?, ?, ?)",
                (kind, key, utc_now_iso(), json.dumps(body)),
            )

    def get_document(self, kind: str, key: str) -> dict[str, Any] | None:
        row = self._con.execute(
            "SELECT body FROM documents WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def close(self) -> None:
        self._con.close()


def _read_only(path: Path) -> bool:
    """An existing store this process may not write (the file, or its directory for WAL files)."""
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open without writing anything: no WAL switch, no schema script, no -shm file where the
    directory is read-only (``immutable``: nobody can change a file nobody may write)."""
    from urllib.parse import quote

    mode = "ro" if os.access(path.parent, os.W_OK) else "ro&immutable=1"
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    con = sqlite3.connect(uri, uri=True, timeout=30.0, check_same_thread=False)
    con.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # a non-database fails here
    return con


def check_store(url: str) -> None:
    """Open and close the store before a long run, so a corrupt one is exit 2 before anything ran;
    a SQLite store that does not exist yet is not created here (an interrupted run leaves none)."""
    if "://" not in url and url != ":memory:" and not Path(url).exists():
        return
    open_store(url).close()


def open_store(url: str) -> Store:
    """The store behind ``url``: a SQLite path, ``:memory:`` or a ``postgresql://`` URL."""
    if url.startswith(("postgresql://", "postgres://")):
        from covlift.store_pg import PostgresStore

        return PostgresStore(url)
    if "://" in url:
        raise UsageError(f"unsupported store URL {url!r}; give a SQLite file path.")
    if url != ":memory:" and Path(url).is_dir():
        raise UsageError(f"--store {url} is a directory; give a file path such as .covlift/covlift.db.")
    return SqliteStore(url)
