"""A whole report directory swapped in at once (single files: covlift.fsutil.write_atomic)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from covlift.errors import UsageError

#: a file that marks a directory as covlift's, so a rewrite may replace it
MARKER = ".covlift-report"


def check_replaceable(directory: Path) -> None:
    """Refuse to overwrite a non-empty directory that covlift did not write."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file; give a directory for the report.")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise UsageError(
            f"{directory} is not empty and holds no covlift report; choose an empty or new directory."
        )


def replace_directory(built: Path, directory: Path) -> None:
    """Move a fully written ``built`` directory to ``directory``, replacing an old report."""
    check_replaceable(directory)
    (built / MARKER).write_text("written by covlift report --html\n", encoding="utf-8")
    old = None
    if directory.exists():
        old = directory.with_name(f".{directory.name}.old-{os.getpid()}")
        directory.rename(old)
    built.rename(directory)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
