"""Where generated tests go: a directory the project's own pytest run collects.

The default is ``tests/covlift``; a project whose pytest configuration limits
``testpaths`` to somewhere else (toolz: ``testpaths = ["toolz"]``, its tests in
``toolz/tests``) would never run tests written there, so they go next to the
project's own tests under the first test path instead.  ``[tool.covlift]
tests-dir`` set to anything else is taken as it is.
"""

from __future__ import annotations

import configparser
import tomllib
from pathlib import Path, PurePosixPath

DEFAULT_TESTS_DIR = "tests/covlift"


def pytest_testpaths(root: Path) -> tuple[str, ...] | None:
    """The ``testpaths`` of the pytest configuration pytest would use in ``root`` (None: unset)."""
    for name, section in (("pytest.ini", "pytest"), (".pytest.ini", "pytest")):
        found = _ini(root / name, section, require=False)
        if found is not _MISSING:
            return found
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            table = {}
        options = table.get("tool", {}).get("pytest", {}).get("ini_options")
        if isinstance(options, dict):
            value = options.get("testpaths")
            if isinstance(value, str):
                return tuple(value.split())
            return tuple(str(v) for v in value) if isinstance(value, list) else None
    for name, section in (("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        found = _ini(root / name, section, require=True)
        if found is not _MISSING:
            return found
    return None


_MISSING: tuple[str, ...] = ("\0",)


def _ini(path: Path, section: str, *, require: bool) -> tuple[str, ...] | None:
    """testpaths of an ini file's section; _MISSING when the file does not configure pytest."""
    if not path.is_file():
        return _MISSING
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError, OSError):
        return _MISSING
    if not parser.has_section(section):
        return _MISSING if require or path.name != "pytest.ini" else None
    value = parser.get(section, "testpaths", fallback=None)
    return tuple(value.split()) if value else None


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
