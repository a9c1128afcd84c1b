"""Shared fixtures: copies of the sample projects under tests/fixtures, run for real."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.skips_plugin import pytest_configure, pytest_make_collect_report, pytest_runtest_makereport

__all__ = ["pytest_configure", "pytest_make_collect_report", "pytest_runtest_makereport"]

FIXTURES = Path(__file__).parent / "fixtures"

# The user's ~/.gitconfig and /etc/gitconfig must not change what the tests see (a default
# branch name, diff.noprefix, a commit template, signing): every git the tests start, and every
# git covlift starts for them, reads no global or system file and commits as one fixed identity.
os.environ.update(
    GIT_CONFIG_GLOBAL=os.devnull,
    GIT_CONFIG_NOSYSTEM="1",
    GIT_AUTHOR_NAME="covlift tests",
    GIT_AUTHOR_EMAIL="tests@covlift.invalid",
    GIT_COMMITTER_NAME="covlift tests",
    GIT_COMMITTER_EMAIL="tests@covlift.invalid",
)


@pytest.fixture
def sample_project(tmp_path: Path) -> Callable[[str], Path]:
    """Copy tests/fixtures/NAME into a temp dir and return the copy's path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns("__pycache__", ".covlift"))
        return target

    return copy
