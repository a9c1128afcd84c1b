"""What to measure when the project's coverage config does not say: its own packages."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from covlift.errors import UsageError

#: directories that are never the project's product code
NOT_SOURCE = frozenset(
    {
        "tests",
        "test",
        "testing",
        "docs",
        "doc",
        "examples",
        "example",
        "benchmarks",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "scripts",
    }
)
#: top-level files that are tooling, not product code
NOT_SOURCE_FILES = frozenset({"setup.py", "conftest.py", "noxfile.py", "tasks.py", "fabfile.py"})


def _is_candidate_dir(path: Path) -> bool:
    return (
        path.is_dir()
        and not path.name.startswith((".", "_"))
        and path.name not in NOT_SOURCE
        and not path.name.endswith(".egg-info")
        and (path / "__init__.py").is_file()
    )


#: omitted when covlift measures a whole root directory of top-level modules
ROOT_OMIT = (
    "tests/*",
    "test/*",
    "*/tests/*",
    "test_*.py",
    "*_test.py",
    "conftest.py",
    "setup.py",
    "noxfile.py",
    ".venv/*",
    "venv/*",
    "docs/*",
    "examples/*",
)


def find_source(root: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(source, omit): the project's packages as paths relative to root.

    A project of top-level modules only (``schema.py``) is measured as the root
    directory with tests and tooling omitted.

    Looks in ``src/`` first (the src layout), then at the root.  Raises a
    UsageError naming the fix when there is nothing to measure.
    """
    src = root / "src"
    found: list[str] = []
    if src.is_dir():
        found = [f"src/{p.name}" for p in sorted(src.iterdir()) if _is_candidate_dir(p)]
    if not found:
        found = [p.name for p in sorted(root.iterdir()) if _is_candidate_dir(p)]
    if found:
        return tuple(found), ()
    modules = [
        p for p in root.glob("*.py") if p.name not in NOT_SOURCE_FILES and not p.name.startswith("test")
    ]
    if not modules:
        raise UsageError(
            f"no Python package found in {root}; point covlift at a project directory "
            "or set [tool.coverage.run] source in its pyproject.toml."
        )
    return (".",), ROOT_OMIT


def unparseable_sources(root: Path, sources: Iterable[str], measured: Iterable[str]) -> list[tuple[str, str]]:
    """(path, reason) of the .py files under the measured source directories that coverage.py left
    out of its report because they do not parse: they would vanish from the table and the totals."""
    seen = set(measured)
    found = []
    for entry in sources:
        top = (root / entry).resolve()
        if not top.is_dir():
            continue  # a package name (source_pkgs) or a single module: coverage.py reports those
        for path in sorted(top.rglob("*.py")):
            rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            if rel in seen or any(
                part.startswith(".") or part in NOT_SOURCE for part in Path(rel).parts[:-1]
            ):
                continue
            try:
                compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
            except SyntaxError as exc:
                found.append((rel, f"line {exc.lineno}: {exc.msg}; fix it to have it measured"))
            except (OSError, ValueError):
                continue
    return found
