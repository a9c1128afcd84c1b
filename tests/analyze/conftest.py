"""Fixtures for analyze/plan tests: the ``shop`` sample project, measured for real."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def copy_fixture(name: str, target: Path) -> Path:
    """A fresh copy of tests/analyze/fixtures/NAME at target."""
    shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def coverage_run(project: Path) -> None:
    """``coverage run --branch -m pytest`` in the project, the way a user would."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "coverage",
            "run",
            "--branch",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=project,
        capture_output=True,
        check=True,
    )


def coverage_json(project: Path, out: Path, *extra: str) -> dict[str, Any]:
    """``coverage json`` (with e.g. ``--include``) of the data in the project, parsed."""
    subprocess.run(
        [sys.executable, "-m", "coverage", "json", "-q", "-o", str(out), *extra],
        cwd=project,
        capture_output=True,
        check=True,
    )
    return dict(json.loads(out.read_text()))


@pytest.fixture(scope="session")
def measured_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shop project after one real coverage run, with coverage.json beside it.

    Session-scoped because measuring is the slow part; tests must not modify it
    (use ``shop_copy`` for that).
    """
    project = copy_fixture("shop", tmp_path_factory.mktemp("measured") / "shop")
    coverage_run(project)
    coverage_json(project, project / "coverage.json")
    return project


@pytest.fixture
def shop_copy(tmp_path: Path) -> Callable[[], Path]:
    """A fresh, unmeasured copy of the shop project (coverage data holds absolute paths,
    so a measured copy cannot simply be moved)."""

    def make() -> Path:
        return copy_fixture("shop", tmp_path / "shop")

    return make
