"""Fixtures of the mutation tests: the shop sample project in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.generation.judge.mutation.sample import shop_project


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A fresh copy of the shop project (see sample.py)."""
    return shop_project(tmp_path / "shop_project")
