"""Which measured modules already have tests: augment those files, or start a new one.

A test file tests a module when it imports it (``import a.b.c``, ``from a.b
import c``, ``from a.b.c import x``), or when it is named ``test_<module>.py``
/ ``<module>_test.py`` and does not import a same-named module of another
package instead.  Only the test files' imports are read, never executed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from covlift.analyze.modules import ModuleInfo
from covlift.analyze.source import imported_modules
from covlift.types import RelPath

#: directories never searched for tests
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "env",
        ".env",
        ".tox",
        ".nox",
        "node_modules",
        "build",
        "dist",
        "__pycache__",
        "site-packages",
        ".covlift",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
    }
)


def is_test_file(name: str) -> bool:
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


def find_test_files(root: Path) -> Iterator[RelPath]:
    """Project-relative POSIX paths of pytest-style test files, in a stable order."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        rel = Path(dirpath).relative_to(root)
        for name in sorted(filenames):
            if is_test_file(name):
                yield (rel / name).as_posix()


def _subject(name: str) -> str:
    stem = name[:-3]
    return stem[5:] if stem.startswith("test_") else stem[: -len("_test")]


def existing_tests(
    modules: Mapping[RelPath, ModuleInfo], test_files: Mapping[RelPath, str]
) -> dict[RelPath, tuple[RelPath, ...]]:
    """For every measured path, the test files (given as path -> source text) that test it."""
    by_name = {info.module: path for path, info in modules.items()}
    short: dict[str, set[RelPath]] = {}
    for path, info in modules.items():
        short.setdefault(info.module.rsplit(".", 1)[-1], set()).add(path)
    found: dict[RelPath, set[RelPath]] = {path: set() for path in modules}
    for test_path, text in test_files.items():
        imports = imported_modules(text, "", is_package=False)
        hits = {by_name[name] for name in imports if name in by_name}
        hits.discard(test_path)
        for path in hits:
            found[path].add(test_path)
        same_name = short.get(_subject(PurePosixPath(test_path).name), set())
        imported_same = same_name & hits
        if not imported_same:
            for path in same_name:
                found[path].add(test_path)
    return {path: tuple(sorted(tests)) for path, tests in found.items()}
