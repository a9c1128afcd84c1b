"""Suppression comments, [tool.covlift.audit] settings, and test-file discovery."""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import pytest

from covlift.audit import audit_paths, audit_source, load_options
from covlift.audit.discover import default_test_paths, find_test_files, first_party
from covlift.audit.suppress import parse_suppressions
from covlift.config import ConfigWarning, load_config
from covlift.errors import ConfigError, UsageError

SMELLY = """\
import time
from app.core import add


def test_sleepy():
    time.sleep(0.01){line_comment}
    assert add(1, 2) == 3


{def_comment}
def test_empty():
    add(1, 2)
"""


def rules(source: str) -> set[tuple[str, str]]:
    return {(s.test, s.rule) for s in audit_source(source, "tests/test_x.py")}


def test_line_and_test_level_comments() -> None:
    plain = SMELLY.format(line_comment="", def_comment="")
    assert rules(plain) == {("test_sleepy", "sleep"), ("test_empty", "no-assert")}
    on_line = SMELLY.format(line_comment="  # covlift: ignore[sleep]", def_comment="")
    assert rules(on_line) == {("test_empty", "no-assert")}
    above = SMELLY.replace("{def_comment}\ndef test_empty():", "def test_empty():  # covlift: ignore")
    assert rules(above.format(line_comment="")) == {("test_sleepy", "sleep")}
    wrong_rule = SMELLY.format(line_comment="  # covlift: ignore[no-assert]", def_comment="")
    assert ("test_sleepy", "sleep") in rules(wrong_rule)


def test_file_level_comment() -> None:
    source = "# covlift: ignore-file[no-assert, sleep]\n" + SMELLY.format(line_comment="", def_comment="")
    assert rules(source) == set()


def test_parse_suppressions() -> None:
    parsed = parse_suppressions(["x = 1  # covlift: ignore[a, b]", "# covlift: ignore", "y"])
    assert parsed.covers("a", [1]) and parsed.covers("b", [1]) and not parsed.covers("c", [1])
    assert parsed.covers("anything", [2])
    assert not parsed.covers("a", [3])


def _project(tmp_path: Path, audit_table: str = "") -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "core.py").write_text("def add(a, b):\n    return a + b\n")
    (tmp_path / "tests" / "legacy").mkdir(parents=True)
    body = SMELLY.format(line_comment="", def_comment="")
    (tmp_path / "tests" / "test_core.py").write_text(body)
    (tmp_path / "tests" / "legacy" / "test_old.py").write_text(body)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "app"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n' + audit_table
    )
    return tmp_path


def test_config_disable_exclude_and_per_file_ignores(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        textwrap.dedent("""
        [tool.covlift.audit]
        disable = ["no-project-code"]
        exclude = ["tests/legacy/**"]
        per-file-ignores = {"tests/test_core.py" = ["sleep"]}
    """),
    )
    result = audit_paths([], load_config(root))
    assert {(s.path, s.rule) for s in result.smells} == {("tests/test_core.py", "no-assert")}
    assert result.suppressed == 1
    assert "no-project-code" not in result.rules
    assert result.runtime is None


def test_select_and_flags(tmp_path: Path) -> None:
    root = _project(tmp_path, '[tool.covlift.audit]\nselect = ["sleep"]\n')
    options = load_options(load_config(root))
    assert options.rules == ("sleep",)
    result = audit_paths([root / "tests" / "legacy"], load_config(root), options)
    assert [(s.path, s.rule) for s in result.smells] == [("tests/legacy/test_old.py", "sleep")]


@pytest.mark.parametrize(
    "table",
    [
        'disable = ["nope"]',
        "over-mocking-share = 2",
        "reruns = 0",
        'run-tests = "yes"',
        "select = 3",
        'per-file-ignores = {"x" = ["nope"]}',
    ],
)
def test_bad_settings_are_config_errors(tmp_path: Path, table: str) -> None:
    root = _project(tmp_path, f"[tool.covlift.audit]\n{table}\n")
    with pytest.raises(ConfigError):
        load_options(load_config(root))


def test_unknown_keys_warn(tmp_path: Path) -> None:
    root = _project(tmp_path, "[tool.covlift.audit]\nthreshold = 3\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_options(load_config(root))
    assert any(issubclass(w.category, ConfigWarning) and "threshold" in str(w.message) for w in caught)


def test_discovery_and_first_party(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "tests" / "helpers.py").write_text("def make(): return 1\n")
    (root / "tests" / "conftest.py").write_text("")
    (root / "src" / "other_pkg").mkdir(parents=True)
    assert default_test_paths(root, []) == [root / "tests"]
    assert default_test_paths(root, ["spec"]) == [root / "spec"]
    files = find_test_files(root, [root / "tests"])
    names = sorted(p.relative_to(root).as_posix() for p in files.tests)
    assert names == ["tests/conftest.py", "tests/legacy/test_old.py", "tests/test_core.py"]
    assert [p.name for p in files.support] == ["helpers.py"]
    assert first_party(root) == {"app", "other_pkg"}
    with pytest.raises(UsageError, match="does not exist"):
        find_test_files(root, [root / "nope"])
