"""A CI job in miniature: open the store and save COUNT snapshots as fast as it can.

Run as ``python -m tests.report.writer URL WORKER COUNT``; each snapshot's
commit is ``WORKER:INDEX`` so the test can check that none was lost.
"""

from __future__ import annotations

import sys

from covlift.model import FileCoverage, RunInfo, Snapshot, TestOutcome
from covlift.store import Store, open_store


def open_any(url: str) -> Store:
    if url.startswith("postgresql://"):
        from covlift.store_pg import PostgresStore

        return PostgresStore(url)
    return open_store(url)


def snapshot(worker: str, index: int, files: int = 20) -> Snapshot:
    return Snapshot(
        run=RunInfo(
            created_at="2025-03-01T00:00:00+00:00",
            root="/p",
            branch=f"job-{worker}",
            commit=f"{worker}:{index}",
        ),
        files=tuple(
            FileCoverage(
                path=f"pkg/m{i}.py",
                statements=tuple(range(1, 30)),
                missing=tuple(range(1, 1 + (index + i) % 29)),
                executed_branches=((2, 3),),
                missing_branches=((2, 5),),
            )
            for i in sorted(range(files), key=lambda i: f"pkg/m{i}.py")
        ),
        tests=tuple(TestOutcome(f"tests/test_{i}.py::t", "passed") for i in range(5)),
    )


def main(url: str, worker: str, count: int) -> None:
    store = open_any(url)
    try:
        for index in range(count):
            store.save(snapshot(worker, index))
    finally:
        store.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
