"""The throwaway copy of a project that sandboxed code runs in, and its import roots.

Real copies, never hard links: a truncate through a hard link would change the
user's file.  Version control, virtualenvs, caches and build output are left
out; symlinks are copied as symlinks (a write through one that points outside
the copy is refused like any other write outside the sandbox).  ``__pycache__``
is copied: the copy keeps each source's mtime, so the bytecode stays valid, and
the sandboxed run (which writes no bytecode) need not compile the project and
rewrite its tests again -- that alone made marshmallow's suite 1.5x slower.
"""

from __future__ import annotations

import contextlib
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
        path = Path(directory, name)
        if not path.is_dir() or path.is_symlink():
            continue
        if (
            name in SKIPPED_DIRS
            or name.endswith(".egg-info")
            or (path / "pyvenv.cfg").is_file()  # a virtualenv by any name
            or (directory == top and name in BUILD_DIRS and not (path / "__init__.py").is_file())
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
        failed = Path(name)
        with contextlib.suppress(OSError):
            failed.parent.chmod(0o700)
            if failed.is_dir() and not failed.is_symlink():
                failed.chmod(0o700)
                shutil.rmtree(failed, ignore_errors=True)
            else:
                failed.unlink()

    if not path.exists():
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=retry)
    else:
        shutil.rmtree(path, onerror=retry)
