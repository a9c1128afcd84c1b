"""Shared fixtures: copies of the sample projects under tests/fixtures, run for real."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def sample_project(tmp_path: Path) -> Callable[[str], Path]:
    """Copy tests/fixtures/NAME into a temp dir and return the copy's path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns("__pycache__", ".covlift"))
        return target

    return copy
