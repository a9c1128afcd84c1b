"""Where a project's tests are, and which top-level packages are its own (first-party)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from covlift.errors import UsageError
from covlift.pytest_config import pytest_testpaths

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".venv",
        "venv",
        "env",
        ".env",
        ".tox",
        ".nox",
        "node_modules",
        "__pycache__",
        "build",
        "dist",
        "site-packages",
        ".eggs",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".covlift",
    }
)
_NOT_PACKAGES = frozenset(
    {
        "setup",
        "conftest",
        "noxfile",
        "tasks",
        "manage",
        "fabfile",
        "docs",
        "tests",
        "test",
        "testing",
        "examples",
        "scripts",
        "benchmarks",
    }
)


@dataclass(frozen=True, slots=True)
class TestFiles:
    """Files to audit: test modules and conftests, plus support modules (for their helpers)."""

    roots: tuple[Path, ...]
    tests: tuple[Path, ...]
    support: tuple[Path, ...]


def is_test_module(path: Path) -> bool:
    name = path.name
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


def default_test_paths(root: Path, configured: Sequence[str]) -> list[Path]:
    """Configured paths, else pytest's testpaths, else tests/ or test/, else the root."""
    names = list(configured) or list(pytest_testpaths(root) or ())
    if names:
        return [root / n for n in names]
    found = [root / n for n in ("tests", "test") if (root / n).is_dir()]
    return found or [root]


def _walk(directory: Path) -> Iterator[Path]:
    for entry in sorted(directory.iterdir()):
        if entry.is_dir():
            if entry.name not in SKIP_DIRS and not entry.name.endswith(".egg-info"):
                yield from _walk(entry)
        elif entry.suffix == ".py":
            yield entry


def find_test_files(root: Path, paths: Sequence[Path], exclude: Sequence[str] = ()) -> TestFiles:
    """Test modules, conftests and support modules under ``paths``; excluded globs dropped."""
    tests: list[Path] = []
    support: list[Path] = []
    roots: list[Path] = []
    for given in paths:
        path = given if given.is_absolute() else root / given
        if not path.exists():
            raise UsageError(f"{path} does not exist; pass an existing test file or directory.")
        roots.append(path.resolve())
        for file in [path] if path.is_file() else _walk(path):
            rel = relpath(file, root)
            if any(fnmatch(rel, glob) for glob in exclude):
                continue
            if is_test_module(file) or file.name == "conftest.py" or path.is_file():
                tests.append(file.resolve())
            elif path != root:
                support.append(file.resolve())
    return TestFiles(tuple(roots), tuple(dict.fromkeys(tests)), tuple(dict.fromkeys(support)))


def relpath(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def first_party(root: Path) -> frozenset[str]:
    """Top-level packages and modules of the project (in root and in src/), and its dist name."""
    names: set[str] = set()
    for base in (root, root / "src"):
        if not base.is_dir():
            continue
        for entry in base.iterdir():
            if entry.name.startswith((".", "_")) or entry.name in SKIP_DIRS:
                continue
            if entry.is_dir() and ((entry / "__init__.py").exists() or base.name == "src"):
                names.add(entry.name)
            elif entry.suffix == ".py":
                names.add(entry.stem)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            project = {}
        if isinstance(project.get("name"), str):
            names.add(project["name"].replace("-", "_").lower())
    return frozenset(n for n in names if n not in _NOT_PACKAGES and n.isidentifier())


def project_classes(root: Path, packages: frozenset[str]) -> frozenset[str]:
    """Names of the classes defined in the project's own packages (a cheap parse, no import)."""
    import ast

    names: set[str] = set()
    for base in (root, root / "src"):
        for package in packages:
            target = base / package
            files = [target.with_suffix(".py")] if target.with_suffix(".py").is_file() else []
            if target.is_dir():
                files += list(_walk(target))
            for file in files:
                try:
                    tree = ast.parse(file.read_text(encoding="utf-8"))
                except (SyntaxError, ValueError, OSError, UnicodeDecodeError):
                    continue
                names.update(
                    n.name
                    for n in ast.walk(tree)
                    if isinstance(n, ast.ClassDef)
                    # a class with its own __new__ may return anything: not a plain constructor
                    and not any(isinstance(m, ast.FunctionDef) and m.name == "__new__" for m in n.body)
                )
    return frozenset(names)
