"""What to measure when the project's coverage config does not say: its own packages."""

from __future__ import annotations

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
