"""The ``testpaths`` pytest would use for a project, read as pytest finds its configuration.

pytest takes the first of ``pytest.ini``, ``.pytest.ini``, ``pyproject.toml`` (only with
``[tool.pytest.ini_options]``), ``tox.ini`` and ``setup.cfg`` (only with their pytest sections)
that configures it; generation places its tests by it and audit finds the project's tests by it.
"""

from __future__ import annotations

import configparser
import tomllib
from pathlib import Path


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
