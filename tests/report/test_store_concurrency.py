"""Two (or more) CI jobs writing at once never lose a snapshot, on either backend."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from tests.report.writer import open_any, snapshot

REPO = Path(__file__).resolve().parents[2]
WORKERS, PER_WORKER = 4, 12


def _run_processes(url: str) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.report.writer", url, f"p{w}", str(PER_WORKER)],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WORKERS)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err


def _run_threads(url: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(WORKERS)

    def job(worker: str) -> None:
        try:
            store = open_any(url)
            barrier.wait()
            try:
                for index in range(PER_WORKER):
                    store.save(snapshot(worker, index))
            finally:
                store.close()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=job, args=(f"t{w}",)) for w in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors


def _check_all_kept(url: str, prefix: str) -> None:
    store = open_any(url)
    try:
        rows = store.history(limit=10_000)
        commits = Counter(r.commit for r in rows if r.commit and r.commit.startswith(prefix))
        expected = {f"{prefix}{w}:{i}" for w in range(WORKERS) for i in range(PER_WORKER)}
        assert set(commits) == expected
        assert all(n == 1 for n in commits.values())
        assert len({r.id for r in rows}) == len(rows)
        for row in rows[:: max(1, len(rows) // 8)]:
            stored = store.get(row.id)
            worker, index = (row.commit or "").split(":")
            assert stored == snapshot(worker, int(index))
    finally:
        store.close()


def test_sqlite_processes_and_threads(tmp_path: Path) -> None:
    url = str(tmp_path / "shared.db")
    open_any(url).close()  # as the first CI job would
    _run_processes(url)
    _run_threads(url)
    _check_all_kept(url, "p")
    _check_all_kept(url, "t")


@pytest.mark.usefixtures("pg_server")
def test_postgres_processes_and_threads(pg_url: str) -> None:
    _run_processes(pg_url)  # the schema is created by whichever job comes first
    _run_threads(pg_url)
    _check_all_kept(pg_url, "p")
    _check_all_kept(pg_url, "t")
