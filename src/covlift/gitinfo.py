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
    """Commit, branch and dirty flag of the work tree at root, from one ``git status``.

    ``--no-optional-locks``: no index refresh, as this may run while the tests (which may use git) run.
    """
    out = _git(
        root, "--no-optional-locks", "status", "--porcelain=v2", "--branch", "--untracked-files=no", "--", "."
    )
    if out is None:  # not a work tree (or no git)
        return GitInfo()
    headers = dict(line[2:].split(" ", 1) for line in out.splitlines() if line.startswith("# "))
    commit = headers.get("branch.oid")
    branch = headers.get("branch.head")
    return GitInfo(
        commit=commit if commit and commit != "(initial)" else None,
        branch=branch if branch and branch != "(detached)" else None,
        dirty=any(line and not line.startswith("#") for line in out.splitlines()),
    )
