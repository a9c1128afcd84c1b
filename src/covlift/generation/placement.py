"""Where generated tests go: a directory the project's own pytest run collects.

The default is ``tests/covlift``; a project whose pytest configuration limits
``testpaths`` to somewhere else (toolz: ``testpaths = ["toolz"]``, its tests in
``toolz/tests``) would never run tests written there, so they go next to the
project's own tests under the first test path instead.  ``[tool.covlift]
tests-dir`` set to anything else is taken as it is.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from covlift.pytest_config import pytest_testpaths

DEFAULT_TESTS_DIR = "tests/covlift"


def collected(tests_dir: str, testpaths: tuple[str, ...] | None) -> bool:
    """Would a pytest run with these testpaths collect test files in tests_dir?"""
    if not testpaths:
        return True
    inside = PurePosixPath(tests_dir)
    for path in testpaths:
        base = PurePosixPath(path.strip("/")) if path not in (".", "./") else PurePosixPath(".")
        if str(base) == "." or inside == base or base in inside.parents:
            return True
    return False


def generated_tests_dir(root: Path, configured: str) -> str:
    """The directory generated tests are written to (relative to root)."""
    testpaths = pytest_testpaths(root)
    if configured != DEFAULT_TESTS_DIR or collected(configured, testpaths):
        return configured
    assert testpaths  # collected() is True without them
    first = testpaths[0].strip("/")
    if (root / first).is_file():  # a single test file: nothing beside it is collected either
        return configured
    nested = f"{first}/tests"
    return f"{nested}/covlift" if (root / nested).is_dir() else f"{first}/covlift"
