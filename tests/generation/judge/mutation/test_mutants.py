"""mutants_for: which changes, on which lines, with which ids and source (pure, no subprocess)."""

from __future__ import annotations

import ast
import difflib

import pytest

from covlift.errors import UsageError
from covlift.generation.judge.mutation import mutants_for
from covlift.generation.judge.mutation.operators import find_sites

SOURCE = '''\
"""Pricing."""
from typing import Optional

LIMIT = 10  # bulk threshold
__version__ = "1.0"


def price(qty: int, unit: float = 2.5) -> float:
    """Total price; a docstring is never mutated."""
    if qty <= 0 or unit < 0:
        raise ValueError("bad quantity")
    total = qty * unit
    if qty >= LIMIT:
        total -= total / 10  # discount
    return round(total, 2)


def spin(n: int) -> int:
    i = 0
    while i < n:
        i += 1
    return i


def label(x: Optional[int]) -> str:
    return (x if x is not None
            else "none")


def flag(a: bool, b: bool) -> bool:
    print("checked")
    return not (a and b)


if __name__ == "__main__":
    print(price(3) + 1)
'''
ALL_LINES = range(1, 40)


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """(old line, new line) pairs that differ; mutants keep the line count."""
    assert len(before.splitlines()) == len(after.splitlines())
    return [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]


def line_of(text: str) -> int:
    return next(i for i, line in enumerate(SOURCE.splitlines(), 1) if text in line)


def test_ids_are_deterministic_and_do_not_depend_on_lines_or_limit() -> None:
    first = mutants_for(SOURCE, "shop/pricing.py", ALL_LINES, limit=100)
    again = mutants_for(SOURCE, "shop/pricing.py", ALL_LINES, limit=100)
    assert [m.id for m in first] == [m.id for m in again]
    assert first == again
    by_id = {m.id: m for m in first}
    assert len(by_id) == len(first)  # unique
    some = mutants_for(SOURCE, "shop/pricing.py", [line_of("while i < n")], limit=3)
    assert some and all(by_id[m.id] == m for m in some)
    assert "shop/pricing.py:20:cmp-lt-to-le:0" in by_id
    # two int constants on one line are numbered in source order
    on_10 = sorted(m.id for m in first if m.line == 10 and m.operator == "const-int-plus-1")
    assert on_10 == [f"shop/pricing.py:10:const-int-plus-1:{n}" for n in (0, 1)]


def test_each_mutant_changes_one_span_and_keeps_comments_and_line_numbers() -> None:
    mutants = mutants_for(SOURCE, "shop/pricing.py", ALL_LINES, limit=100)
    assert len(mutants) > 25
    for mutant in mutants:
        ast.parse(mutant.source)
        diff = changed_lines(SOURCE, mutant.source)
        assert 1 <= len(diff) <= 2, mutant.id  # a multi-line expression may span two lines
        assert mutant.line in {
            i
            for i, (a, b) in enumerate(zip(SOURCE.splitlines(), mutant.source.splitlines(), strict=True), 1)
            if a != b
        }
        assert "# discount" in mutant.source and "# bulk threshold" in mutant.source
        assert mutant.description.startswith(f"line {mutant.line}: `")


@pytest.mark.parametrize(
    ("marker", "operator", "after"),
    [
        ("if qty <= 0 or", "cmp-le-to-lt", "    if qty < 0 or unit < 0:"),
        ("if qty <= 0 or", "bool-or-to-and", "    if qty <= 0 and unit < 0:"),
        ("if qty <= 0 or", "negate-if", "    if not (qty <= 0 or unit < 0):"),
        ("total = qty * unit", "arith-mul-to-div", "    total = qty / unit"),
        ("total -= total / 10", "arith-sub-to-add", "        total += total / 10  # discount"),
        ("total -= total / 10", "arith-div-to-mul", "        total -= total * 10  # discount"),
        ("while i < n", "negate-while", "    while not i < n:"),
        ("i += 1", "arith-add-to-sub", "        i -= 1"),
        ("return round", "return-none", "    return None"),
        ("LIMIT = 10", "const-int-plus-1", "LIMIT = 11  # bulk threshold"),
        ("def price", "const-float-plus-1", "def price(qty: int, unit: float = 3.5) -> float:"),
        ("x is not None", "cmp-isnot-to-is", "    return (x if x is None"),
        ('print("checked")', "remove-call", "    None"),
        ("raise ValueError", "str-empty", "        raise ValueError('')"),
        ("return not (a and b)", "remove-not", "    return a and b"),
        ("return not (a and b)", "bool-and-to-or", "    return not (a or b)"),
    ],
)
def test_operator_rewrites_the_line(marker: str, operator: str, after: str) -> None:
    line = line_of(marker)
    found = [m for m in mutants_for(SOURCE, "p.py", [line], limit=100) if m.operator == operator]
    assert found, f"no {operator} on line {line}"
    assert (SOURCE.splitlines()[line - 1], after) in changed_lines(SOURCE, found[0].source)


def test_only_the_given_lines_are_touched_and_statements_count_by_first_line() -> None:
    lines = {line_of("if qty >= LIMIT"), line_of("return (x if")}
    mutants = mutants_for(SOURCE, "p.py", lines, limit=100)
    assert mutants
    touched = {m.line for m in mutants}
    # the `else "none"` continuation line belongs to the statement starting on a given line
    assert touched == lines | {line_of('else "none"')}
    assert mutants_for(SOURCE, "p.py", [], limit=100) == []
    assert mutants_for(SOURCE, "p.py", ALL_LINES, limit=0) == []


def test_docstrings_annotations_dunders_and_main_guard_are_not_mutated() -> None:
    mutants = mutants_for(SOURCE, "p.py", ALL_LINES, limit=500)
    lines = {m.line for m in mutants}
    assert 1 not in lines and line_of("docstring is never") not in lines
    assert line_of("__version__") not in lines
    assert not lines & {line_of("if __name__"), line_of("print(price(3) + 1)")}
    for mutant in mutants:  # annotations unchanged
        tree = ast.parse(mutant.source)
        fns = {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
        assert ast.unparse(fns["price"].returns) == "float"  # type: ignore[arg-type]
        assert ast.unparse(fns["label"].args.args[0].annotation) == "Optional[int]"  # type: ignore[arg-type]


def test_limit_spreads_across_lines_and_operators() -> None:
    mutants = mutants_for(SOURCE, "p.py", ALL_LINES, limit=12)
    assert len(mutants) == 12
    assert len({m.line for m in mutants}) == 12  # one per line before any second one
    assert len({m.operator for m in mutants}) >= 8
    lines = sorted(m.line for m in mutants)
    assert lines[0] < 10 and lines[-1] > 28  # evenly spaced, not the first 12 lines
    assert [m.line for m in mutants] == lines  # reported in source order
    few_lines = mutants_for(SOURCE, "p.py", [line_of("if qty <= 0 or")], limit=3)
    assert len({m.operator for m in few_lines}) == 3  # different operators on the one line


def test_splice_falls_back_to_unparse_when_the_span_cannot_be_rewritten() -> None:
    # `x -= 1` cannot replace a two-line statement followed by `; y = 2` on its last line
    source = "def f(x):\n    x += (\n        1); y = 2  # note\n    return x, y\n"
    mutants = mutants_for(source, "p.py", [2], limit=10)
    sub = next(m for m in mutants if m.operator == "arith-add-to-sub")
    assert "# note" not in sub.source  # whole-module unparse
    namespace: dict[str, object] = {}
    exec(compile(sub.source, "p.py", "exec"), namespace)
    assert namespace["f"](5) == (4, 2)  # type: ignore[operator]
    # where the splice works, comments survive
    spliced = next(m for m in mutants if m.operator == "const-int-plus-1")
    assert "# note" in spliced.source and "2); y = 2" in spliced.source


def test_multibyte_text_before_the_span_is_handled() -> None:
    source = 'def f(x):\n    return "héllo wörld" if x < 1 else "ü"\n'
    mutants = mutants_for(source, "p.py", [2], limit=20)
    lt = next(m for m in mutants if m.operator == "cmp-lt-to-le")
    assert changed_lines(source, lt.source) == [
        (source.splitlines()[1], '    return "héllo wörld" if x <= 1 else "ü"')
    ]
    diff = "".join(difflib.unified_diff(source.splitlines(True), lt.source.splitlines(True)))
    assert diff.count("\n-") == 1


def test_sites_are_replayable_and_a_syntax_error_is_a_usage_error() -> None:
    sites = find_sites(ast.parse(SOURCE))
    assert sites == find_sites(ast.parse(SOURCE))
    with pytest.raises(UsageError, match="does not parse"):
        mutants_for("def f(:\n", "bad.py", [1])
