"""The throwaway copy of a project that sandboxed code runs in, and its import roots.

Real copies, never hard links: a truncate through a hard link would change the
user's file.  Version control, virtualenvs, caches and build output are left
out; symlinks are copied as symlinks (a write through one that points outside
the copy is refused like any other write outside the sandbox).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

#: directory names never copied, wherever they are
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "node_modules",
        "__pycache__",
        ".covlift",
        ".eggs",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)
#: top-level build output, unless it is a Python package of the project
BUILD_DIRS = frozenset({"build", "dist"})


def _skipped(directory: str, names: list[str], top: str) -> set[str]:
    skipped = set()
    for name in names:
        path = os.path.join(directory, name)
        if not os.path.isdir(path) or os.path.islink(path):
            continue
        if (
            name in SKIPPED_DIRS
            or name.endswith(".egg-info")
            or os.path.isfile(os.path.join(path, "pyvenv.cfg"))  # a virtualenv by any name
            or (directory == top and name in BUILD_DIRS and not os.path.isfile(os.path.join(path, "__init__.py")))
        ):
            skipped.add(name)
    return skipped


def copy_project(project: Path, target: Path) -> None:
    """Copy ``project`` to ``target`` (which must not exist), leaving out SKIPPED_DIRS and build output."""
    top = str(project)
    shutil.copytree(
        project,
        target,
        symlinks=True,
        ignore=lambda directory, names: _skipped(directory, names, top),
        copy_function=shutil.copy2,
    )


def import_roots(root: Path) -> tuple[Path, ...]:
    """Where the project's own modules import from: the root, and ``src`` in a src layout."""
    src = root / "src"
    return (root, src) if src.is_dir() else (root,)


def remove_tree(path: Path) -> None:
    """Remove ``path`` even where the sandboxed code made directories read-only."""

    def retry(function: object, name: str, _exc: object) -> None:
        parent = os.path.dirname(name)
        try:
            os.chmod(parent, 0o700)
            if os.path.isdir(name) and not os.path.islink(name):
                os.chmod(name, 0o700)
                shutil.rmtree(name, ignore_errors=True)
            else:
                os.unlink(name)
        except OSError:
            pass

    if not path.exists():
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=retry)
    else:
        shutil.rmtree(path, onerror=retry)
