"""Generated tests go where the project's own pytest run collects them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.generation.placement import collected, generated_tests_dir
from covlift.pytest_config import pytest_testpaths


def _project(root: Path, config_file: str, text: str, dirs: tuple[str, ...] = ()) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / config_file).write_text(text, encoding="utf-8")
    for d in dirs:
        (root / d).mkdir(parents=True, exist_ok=True)
    return root


def test_testpaths_are_read_from_each_kind_of_pytest_configuration(tmp_path: Path) -> None:
    assert pytest_testpaths(_project(tmp_path / "a", "pyproject.toml", "[project]\nname='a'\n")) is None
    toml = '[tool.pytest.ini_options]\ntestpaths = ["toolz"]\n'
    assert pytest_testpaths(_project(tmp_path / "b", "pyproject.toml", toml)) == ("toolz",)
    assert pytest_testpaths(_project(tmp_path / "c", "pytest.ini", "[pytest]\ntestpaths = src tests\n")) == (
        "src",
        "tests",
    )
    assert pytest_testpaths(_project(tmp_path / "d", "setup.cfg", "[tool:pytest]\ntestpaths = t\n")) == ("t",)
    assert pytest_testpaths(_project(tmp_path / "e", "tox.ini", "[tox]\nenvlist = py\n")) is None


def test_the_default_moves_under_the_testpaths_only_when_it_would_not_be_collected(tmp_path: Path) -> None:
    assert collected("tests/covlift", None) and collected("tests/covlift", ("tests",))
    assert collected("tests/covlift", (".",)) and not collected("tests/covlift", ("toolz",))
    toolz = _project(
        tmp_path / "toolz",
        "pyproject.toml",
        '[tool.pytest.ini_options]\ntestpaths = ["toolz"]\n',
        ("toolz/tests",),
    )
    assert generated_tests_dir(toolz, "tests/covlift") == "toolz/tests/covlift"
    flat = _project(tmp_path / "flat", "pytest.ini", "[pytest]\ntestpaths = checks\n", ("checks",))
    assert generated_tests_dir(flat, "tests/covlift") == "checks/covlift"
    usual = _project(
        tmp_path / "usual", "pyproject.toml", '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
    )
    assert generated_tests_dir(usual, "tests/covlift") == "tests/covlift"
    assert generated_tests_dir(toolz, "qa/generated") == "qa/generated"  # a setting of the user's is kept


def test_lift_removes_a_file_the_suite_does_not_collect_and_says_so(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("basic")
    with (project / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[tool.covlift]\ntests-dir = "elsewhere/covlift"\n')
    code = main(
        [
            "lift",
            str(project),
            "--target",
            "100",
            "--budget",
            "3",
            "--no-mutation",
            "--max-files",
            "1",
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    [step] = data["steps"]
    assert step["written"] is None and "does not collect" in step["note"], step
    assert not list((project / "elsewhere").rglob("test_*.py"))
    assert code == 1
