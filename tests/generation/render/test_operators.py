"""A class's operator tests that differ only in the operator fold into one parametrized test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from covlift.generation.model import Candidate, Target
from covlift.generation.render import render_module

ITEMS = """
class Integer(int):
    def __new__(cls, value, raw):
        return int.__new__(cls, value)

    def __init__(self, value, raw):
        self._raw = raw

    def as_string(self):
        return self._raw

    def _new(self, result):
        return Integer(result, str(result))

    def __and__(self, other):
        return self._new(int.__and__(self, other))

    def __floordiv__(self, other):
        return self._new(int.__floordiv__(self, other))

    def __lshift__(self, other):
        return self._new(int.__lshift__(self, other))

    def __neg__(self):
        return self._new(int.__neg__(self))
"""
ARRANGE = '    integer = Integer(8001, "8001")\n'


def _candidate(dunder: str, expression: str, value: str, text: bool = True) -> Candidate:
    name = f"test_integer_{dunder.strip('_')}_returns_an_integer"
    checks = f"    assert result == {value}\n    assert isinstance(result, Integer)\n"
    if text:
        checks += f'    assert result.as_string() == "{value}"\n'
    body = f"def {name}():\n{ARRANGE}    result = {expression}\n{checks}"
    target = Target("pkg/items.py", "pkg.items", f"Integer.{dunder}", 1, (1,), (1,), ())
    return Candidate(name, target, body, ("from pkg.items import Integer",), "search", (1,), ())


def test_operator_tests_of_one_shape_become_one_parametrized_test(tmp_path: Path) -> None:
    candidates = [
        _candidate("__and__", "integer & 2", "0"),
        _candidate("__floordiv__", "integer // 2", "4000"),
        _candidate("__lshift__", "integer << 2", "32004"),
        _candidate("__neg__", "-integer", "-8001", text=False),
    ]
    text = render_module("pkg/items.py", "pkg", candidates, source=ITEMS)
    assert text.count("def test_") == 2, text
    assert "def test_integer_arithmetic_returns_an_integer(operation, operand, expected, text):" in text
    assert 'pytest.param(operator.floordiv, 2, 4000, "4000", id="floor-division")' in text
    assert "result = operation(integer, operand)" in text
    assert "result = -integer" in text  # alone in its shape: left as it was
    # and it runs: four tests (three rows and the negation) pass against the class
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "items.py").write_text(ITEMS)
    (tmp_path / "test_items.py").write_text(text)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and "4 passed" in run.stdout, run.stdout + run.stderr


def test_two_operator_tests_stay_as_they_are() -> None:
    candidates = [
        _candidate("__and__", "integer & 2", "0"),
        _candidate("__floordiv__", "integer // 2", "4000"),
    ]
    text = render_module("pkg/items.py", "pkg", candidates, source=ITEMS)
    assert "parametrize" not in text and text.count("def test_") == 2


def test_a_row_compared_approximately_makes_the_column_approximate() -> None:
    candidates = [
        _candidate("__and__", "integer & 2", "0", text=False),
        _candidate("__floordiv__", "integer // 2", "4000", text=False),
        _candidate("__lshift__", "integer << 2", "pytest.approx(32004.0)", text=False),
    ]
    text = render_module("pkg/items.py", "pkg", candidates, source=ITEMS)
    assert "assert result == pytest.approx(expected)" in text, text
    assert "pytest.param(operator.lshift, 2, 32004.0" in text
