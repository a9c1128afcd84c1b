"""Provenance from git: commit, branch, dirty flag.  A directory without git is fine here."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GitInfo:
    """What git says about the work tree; all None/False outside a repository."""

    commit: str | None = None
    branch: str | None = None
    dirty: bool = False


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def git_info(root: Path) -> GitInfo:
    """Commit, branch and dirty flag of the work tree at root."""
    if _git(root, "rev-parse", "--is-inside-work-tree") != "true":
        return GitInfo()
    commit = _git(root, "rev-parse", "HEAD")
    branch = _git(root, "symbolic-ref", "--short", "-q", "HEAD")
    # no index refresh: this may run while the tests (which may use git) run
    status = _git(root, "--no-optional-locks", "status", "--porcelain", "--untracked-files=no", "--", ".")
    return GitInfo(commit=commit or None, branch=branch or None, dirty=bool(status))
