"""Fixtures for trend/report tests: a measured sample project, a browser, a PostgreSQL server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from covlift.config import load_config
from covlift.measure import measure
from covlift.model import FileCoverage, RunInfo, Snapshot, TestOutcome
from tests.report.browser import Browser, find_chromium
from tests.report.pgserver import PgServer, find_bindir
from tests.report.sample import write_sample


@pytest.fixture(scope="session")
def measured(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Snapshot]:
    """The sample project and a real snapshot of it (measured once per session)."""
    project = write_sample(tmp_path_factory.mktemp("inv"))
    return project, measure(load_config(project))


@pytest.fixture
def make_snapshot() -> Callable[..., Snapshot]:
    """Build a snapshot from model objects: ``covered`` of 10 lines per file, on ``branch``."""

    def make(
        covered: int = 5,
        *,
        branch: str | None = "main",
        day: int = 1,
        shard: str | None = None,
        paths: tuple[str, ...] = ("app/core/a.py", "app/api/b.py", "app/util.py"),
        tests: int = 2,
    ) -> Snapshot:
        files = tuple(
            FileCoverage(
                path=p,
                statements=tuple(range(1, 11)),
                missing=tuple(range(covered + 1, 11)),
                executed_branches=((1, 2),),
                missing_branches=((1, 3),),
            )
            for p in paths
        )
        run = RunInfo(
            created_at=f"2025-03-{day:02d}T12:00:00+00:00",
            root="/p",
            branch=branch,
            commit=f"{day:040x}",
            shard=shard,
        )
        outcomes = tuple(
            TestOutcome(f"tests/test_x.py::test_{i}", "passed" if i else "failed") for i in range(tests)
        )
        return Snapshot(run=run, files=files, tests=outcomes)

    return make


@pytest.fixture(scope="session")
def chromium_path() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip("headless Chromium is not installed (Debian package 'chromium')")
    return found


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    found = find_chromium()
    if found is None:
        pytest.skip("headless Chromium is not installed (Debian package 'chromium')")
    b = Browser(found, tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries are not installed (Debian package 'postgresql')")
    pytest.importorskip("psycopg", reason="psycopg 3 is not installed (pip 'psycopg[binary]')")
    server = PgServer(bindir)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database on the test server."""
    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50].lower()
    return pg_server.create_database(f"{name}_{id(request) % 100000}")
