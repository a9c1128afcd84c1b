"""The test suite's own environment: nothing of the machine's user leaks into the tests."""

from __future__ import annotations

import subprocess
from pathlib import Path


def test_git_reads_no_global_or_system_config(tmp_path: Path) -> None:
    """~/.gitconfig (init.defaultBranch, diff.noprefix, signing, ...) must not change a test."""
    proc = subprocess.run(
        ["git", "config", "--list", "--show-origin"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout == ""


def test_git_commits_as_one_fixed_identity(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "x"], cwd=tmp_path, check=True)
    author = subprocess.run(
        ["git", "log", "-1", "--format=%an <%ae>"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert author == "covlift tests <tests@covlift.invalid>"
