"""no-project-code, decided from per-test coverage contexts of a real run."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from covlift.audit import audit_paths, load_options
from covlift.audit.no_project_code import judge
from covlift.audit.runner import TestRecord as Record
from covlift.config import load_config

TESTS = """
import json
import pytest
from calc import ops
from calc.ops import Point


@pytest.fixture(scope="session")
def table():
    return ops.build_table(3)


def test_calls_code():
    assert ops.add(1, 2) == 3


def test_stdlib_only():
    assert json.loads("[1]") == [1]


def test_session_fixture_only(table):
    assert table["size"] == 3


def test_session_fixture_again(table):
    assert table["rows"] == [0, 1, 2]


def test_dataclass_fields_only():
    assert Point(1, 2).x == 1


def test_constant_only():
    assert ops.LIMIT.bit_length() == 2


def test_fails_without_code():
    assert json.loads("[]") == [1]


@pytest.mark.skip(reason="not yet")
def test_skipped():
    assert json.loads("[]") == []


@pytest.mark.parametrize("n", [1, 2])
def test_pure_param(n):
    assert n * 2 > n


@pytest.mark.parametrize("n", [0, 5])
def test_mixed_param(n):
    assert (ops.add(n, 1) if n else 1) >= 1


class TestGroup:
    def test_method_without_code(self):
        assert sorted([2, 1]) == [1, 2]


def test_ignored_by_comment():  # covlift: ignore[no-project-code]
    assert "a".upper() == "A"
"""

OPS = """
from dataclasses import dataclass

LIMIT = 3


@dataclass
class Point:
    x: int
    y: int


def add(a, b):
    return a + b


def build_table(size):
    return {"size": size, "rows": list(range(size))}
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = _write(
        tmp_path_factory.mktemp("ctx"),
        {
            "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\n'
            '[tool.covlift.audit]\nselect = ["no-project-code"]\n',
            "calc/__init__.py": "",
            "calc/ops.py": OPS,
            "tests/test_ops.py": TESTS,
        },
    )
    return audit_paths([], load_config(root))


def test_only_passing_tests_that_ran_no_project_line_are_reported(result) -> None:  # type: ignore[no-untyped-def]
    assert sorted(s.test for s in result.smells) == [
        "TestGroup::test_method_without_code",
        "test_constant_only",
        "test_pure_param",
        "test_stdlib_only",
    ]
    assert {s.rule for s in result.smells} == {"no-project-code"}
    assert result.suppressed == 1
    # Point(1, 2) ran no project line (dataclass code is generated), but it builds a project object
    assert "test_dataclass_fields_only" not in {s.test for s in result.smells}


def test_findings_point_at_the_def_line(result) -> None:  # type: ignore[no-untyped-def]
    lines = TESTS.splitlines()
    smell = next(s for s in result.smells if s.test == "test_stdlib_only")
    assert lines[smell.line - 1].startswith("def test_stdlib_only")


def test_runtime_info(result) -> None:  # type: ignore[no-untyped-def]
    runtime = result.runtime
    assert runtime is not None and runtime.skipped_reason == ""
    assert runtime.tests_run == 14
    assert runtime.tests_judged == 12
    assert runtime.project_files == 2  # calc/__init__.py ran at import time, calc/ops.py in tests
    assert runtime.pytest_exit == 1


def test_nothing_is_judged_when_no_project_code_was_measured(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "tests/test_plain.py": "import json\n\ndef test_json():\n    assert json.loads('1') == 1\n",
        },
    )
    config = load_config(root)
    options = load_options(config).with_flags(rules=("no-project-code",))
    result = audit_paths([], config, options)
    assert result.smells == ()
    assert result.runtime is not None and "no project line was measured" in result.runtime.skipped_reason
    assert any("no project line" in note for note in result.notes)


def test_judge_groups_parametrized_cases_and_credits_fixtures() -> None:
    def rec(nodeid: str, outcome: str = "passed", fixtures: tuple[str, ...] = ()) -> Record:
        func = nodeid.split("::")[-1].split("[")[0]
        return Record(nodeid, outcome, "/p/tests/test_a.py", func, None, fixtures)

    records = [
        rec("t::a[1]"),
        rec("t::a[2]"),  # no case ran project code
        rec("t::b[1]"),
        rec("t::b[2]"),  # one case did
        rec("t::c", fixtures=("fixture|x|db",)),  # its shared fixture did
        rec("t::d", outcome="failed"),  # failed: not judged
    ]
    contexts = {"t::b[2]", "fixture|x|db"}
    assert [r.func for r in judge(records, contexts)] == ["a"]


def test_tests_coverage_did_not_watch_are_not_judged(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\naddopts = "-n 2"\n',
            "calc/__init__.py": "",
            "calc/ops.py": OPS,
            "tests/test_ops.py": "import json\nfrom calc import ops\n\n\ndef test_json():\n"
            "    assert json.loads('1') == 1\n\n\ndef test_add():\n    assert ops.add(1, 1) == 2\n",
        },
    )
    config = load_config(root)
    result = audit_paths([], config, load_options(config).with_flags(rules=("no-project-code",)))
    assert result.smells == ()
    assert result.runtime is not None and result.runtime.tests_run == 2
    assert "coverage saw none of the tests" in result.runtime.skipped_reason
