"""Fixtures for the gate tests (helpers live in gate_helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def no_git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep git from finding a repository above tmp dirs."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(Path("/tmp").resolve()))
