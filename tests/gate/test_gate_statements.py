"""The multi-line rule, checked line by line against coverage.py's own PythonParser."""

from __future__ import annotations

import textwrap

import pytest
from coverage.parser import PythonParser

from covlift.gate.statements import blocks, continuation_credits

SOURCE = textwrap.dedent('''\
    import os
    x = (1,
         2)


    def f(a,
          b=3):
        """Doc
        string."""
        if (a and
                b):  # comment

            # a comment inside the body
            return [
                i for i in

                range(3)
            ]
        elif a:
            pass
        s = """multi
    line
    string"""
        t = 1 + \\
            2
        y = 1; z = (2,
                    3)
        return f"{a}" \\
            f"{b}"


    @decorator(
        arg=1,
    )
    class C(
        Base,
    ):
        def m(self): return (1,
                             2)


    with (
        open("a") as fa,
        open("b") as fb,
    ):
        pass

    match x:
        case (1,
              2):
            pass
        case _:
            pass
    ''')


@pytest.fixture(scope="module")
def parser() -> PythonParser:
    p = PythonParser(text=SOURCE)
    p.parse_source()
    return p


def expected(parser: PythonParser, first: int, last: int) -> dict[int, int]:
    """coverage.py's answer: block lines whose statement starts above the block."""
    result = {}
    for line in range(first, last + 1):
        start = parser.first_line(line)
        if start < first and start in parser.statements:
            result[line] = start
    return result


def test_every_block_of_up_to_three_lines_agrees_with_coverage(parser: PythonParser) -> None:
    statements = sorted(parser.statements)
    total = SOURCE.count("\n")
    checked = 0
    for size in (1, 2, 3):
        for first in range(1, total - size + 2):
            last = first + size - 1
            got = continuation_credits(list(range(first, last + 1)), statements, lambda: SOURCE)
            assert got == expected(parser, first, last), (first, last)
            checked += bool(got)
    assert checked > 20  # the sample really exercises continuation lines


def test_source_is_read_only_when_a_block_starts_off_a_statement(parser: PythonParser) -> None:
    reads: list[int] = []

    def read() -> str:
        reads.append(1)
        return SOURCE

    statements = sorted(parser.statements)
    assert continuation_credits([1, 2], statements, read) == {}
    assert reads == []
    assert continuation_credits([3], statements, read) == {3: 2}
    assert reads == [1]


def test_unreadable_or_changed_source_credits_nothing(parser: PythonParser) -> None:
    statements = sorted(parser.statements)
    assert continuation_credits([3], statements, lambda: None) == {}
    assert continuation_credits([3], statements, lambda: "x = (\n") == {}


def test_blocks() -> None:
    assert blocks([1, 2, 3, 7, 9, 10]) == [(1, 3), (7, 7), (9, 10)]
    assert blocks([]) == []
