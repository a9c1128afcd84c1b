"""Churn: how many commits touched each file recently.  git is a parameter, not a given.

``git_churn`` is the production source; tests pass another callable with the
same signature, or run it against a real temporary repository.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

#: (project root, days) -> commits per project-relative path, or None without git
ChurnSource = Callable[[Path, int], Mapping[str, int] | None]

_COMMIT = "\x1e"


def parse_log(output: str) -> dict[str, int]:
    """Count commits per path in ``git log --name-only --format=%x1e`` output."""
    counts: Counter[str] = Counter()
    for block in output.split(_COMMIT):
        counts.update({line.strip() for line in block.splitlines() if line.strip()})
    return dict(counts)


def git_churn(root: Path, days: int, *, git: str = "git", timeout: float = 60.0) -> dict[str, int] | None:
    """Commits per file in the last ``days`` days, paths relative to ``root``; None without git."""
    try:
        proc = subprocess.run(
            [
                git,
                "log",
                f"--since={days}.days",
                "--name-only",
                "--relative",
                "--no-renames",
                "--format=%x1e",
                "--",
                ".",
            ],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    return parse_log(proc.stdout)


def no_churn(root: Path, days: int) -> None:
    """A churn source for snapshots whose project is not on disk."""
    return None
