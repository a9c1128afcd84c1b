"""Rendering: raises-cases of one call that differ only in data become one parametrized test."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from covlift.generation.judge.runs import run_tests
from covlift.generation.model import Candidate, Target
from covlift.generation.pipeline import write_module
from covlift.generation.policy import Policy
from covlift.generation.render import render_module
from covlift.runner import Sandbox

SOURCE = """class InvalidRomanNumeralError(ValueError):
    pass


class RomanNumeral:
    def __init__(self, value):
        self.value = value

    @classmethod
    def from_string(cls, string):
        if not string:
            raise InvalidRomanNumeralError("empty")
        if any(ch not in "ivxlcdm" for ch in string.lower()) or "cxc" in string or "cmc" in string:
            raise InvalidRomanNumeralError(f"Invalid Roman numeral: {string}")
        return cls(len(string))


def parse(text, message="bad"):
    if not text.isdigit():
        raise ValueError(f"{message}: {text}")
    return int(text)


def check(n, re):
    if n < 0:
        raise TypeError("negative")
    return n


def clamp(n):
    if n > 10:
        raise ValueError("out of range")
    return n
"""
IMPORTS = ("import pytest", "import re", "from roman import InvalidRomanNumeralError, RomanNumeral")


def _candidate(
    name: str, target: str, lines: list[str], imports: tuple[str, ...] = IMPORTS, fixtures: str = ""
) -> Candidate:
    body = f"def {name}({fixtures}):\n" + "".join(f"    {line}\n" for line in lines)
    return Candidate(
        name=name,
        target=Target("roman.py", "roman", target, 10, (11, 12, 13), (12,), ()),
        body=body,
        imports=imports,
        engine="test",
    )


def _roman(name: str, value: str, message: str | None = None) -> Candidate:
    match = f", match=re.escape({message!r})" if message is not None else ""
    return _candidate(
        name,
        "RomanNumeral.from_string",
        [
            f"with pytest.raises(InvalidRomanNumeralError{match}):",
            f"    RomanNumeral.from_string({value!r})",
        ],
    )


ROMAN = [
    _roman("test_from_string_raises_invalid_roman_numeral_error", "cxcxl", "Invalid Roman numeral: cxcxl"),
    _roman("test_from_string_raises_invalid_roman_numeral_error_2", "cmcmv", "Invalid Roman numeral: cmcmv"),
    _roman("test_from_string_raises_invalid_roman_numeral_error_3", "abc", "Invalid Roman numeral: abc"),
]

EXPECTED_GROUP = """@pytest.mark.parametrize(
    ("string", "message"),
    [
        ("cxcxl", "Invalid Roman numeral: cxcxl"),
        ("cmcmv", "Invalid Roman numeral: cmcmv"),
        ("abc", "Invalid Roman numeral: abc"),
    ],
)
def test_from_string_raises_invalid_roman_numeral_error(string, message):
    with pytest.raises(InvalidRomanNumeralError, match=re.escape(message)):
        RomanNumeral.from_string(string)
"""


def _tests(text: str) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)}


def _pytest(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "roman.py").write_text(SOURCE)
    (tmp_path / "test_generated.py").write_text(text)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "test_generated.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )


def test_raises_cases_differing_in_data_are_one_parametrized_test(tmp_path: Path) -> None:
    text = render_module("roman.py", "roman", ROMAN, source=SOURCE)
    assert text.endswith("\n\n\n" + EXPECTED_GROUP)  # formatted, one test, rows in candidate order
    assert "import re\n\nimport pytest\n\nfrom roman import InvalidRomanNumeralError, RomanNumeral\n" in text
    proc = _pytest(tmp_path, text)
    assert proc.returncode == 0, proc.stdout
    assert "3 passed" in proc.stdout
    assert (
        "test_from_string_raises_invalid_roman_numeral_error[cmcmv-Invalid Roman numeral: cmcmv] PASSED"
        in proc.stdout
    )


def test_a_wrong_message_row_still_fails(tmp_path: Path) -> None:
    wrong = _roman(
        "test_from_string_raises_invalid_roman_numeral_error_4", "cxcxl", "Invalid Roman numeral: abc"
    )
    proc = _pytest(tmp_path, render_module("roman.py", "roman", [*ROMAN, wrong], source=SOURCE))
    assert proc.returncode == 1
    assert "1 failed, 3 passed" in proc.stdout  # the message column really reaches match=


def test_with_and_without_message_are_separate_and_names_stay_unique(tmp_path: Path) -> None:
    no_message = [  # the first of them holds the plain name the message group would take
        _roman("test_from_string_raises_invalid_roman_numeral_error", "", None),
        _roman("test_from_string_raises_invalid_roman_numeral_error_5", "x1", None),
    ]
    lone = _roman("test_from_string_raises_invalid_roman_numeral_error_6", "", None)
    candidates = [no_message[0], *ROMAN[1:], no_message[1]]
    text = render_module("roman.py", "roman", candidates, source=SOURCE, tidy=False)
    tests = _tests(text)
    assert len(tests) == 2 and text.count("@pytest.mark.parametrize") == 2
    with_message = tests["test_from_string_raises_invalid_roman_numeral_error_2"]
    assert [a.arg for a in with_message.args.args] == ["string", "message"]
    without = tests["test_from_string_raises_invalid_roman_numeral_error"]
    assert [a.arg for a in without.args.args] == ["string"]
    assert "match=" not in ast.unparse(without)
    proc = _pytest(tmp_path, render_module("roman.py", "roman", candidates, source=SOURCE))
    assert proc.returncode == 0 and "4 passed" in proc.stdout, proc.stdout
    # a single case of a shape stays plain, and keeps its name, which a group then avoids
    text = render_module("roman.py", "roman", [lone, *ROMAN[1:]], source=SOURCE, tidy=False)
    assert set(_tests(text)) == {
        "test_from_string_raises_invalid_roman_numeral_error_6",
        "test_from_string_raises_invalid_roman_numeral_error",
    }
    text = render_module(
        "roman.py", "roman", [*ROMAN[1:], _roman(ROMAN[0].name, "", None)], source=SOURCE, tidy=False
    )
    assert set(_tests(text)) == {
        "test_from_string_raises_invalid_roman_numeral_error",  # the plain one, as validated
        "test_from_string_raises_invalid_roman_numeral_error_2",
    }
    plain = _tests(text)["test_from_string_raises_invalid_roman_numeral_error"]
    assert not plain.decorator_list and not plain.args.args


def test_one_message_for_all_rows_stays_in_the_body(tmp_path: Path) -> None:
    imports = ("import pytest", "import re", "from roman import clamp, parse")
    same = [
        _candidate(
            f"test_clamp_raises_value_error_{n}",
            "clamp",
            ["with pytest.raises(ValueError, match=re.escape('out of range')):", f"    clamp({n})"],
            imports,
        )
        for n in (11, 99)
    ]
    regex = [  # a plain match= and a parameter called `message`
        _candidate(
            f"test_parse_raises_value_error_{text}",
            "parse",
            [
                f"with pytest.raises(ValueError, match={f'{word}: {text}'!r}):",
                f"    parse({text!r}, message={word!r})",
            ],
            imports,
        )
        for text, word in (("a", "no"), ("b", "bad"))
    ]
    text = render_module("roman.py", "roman", [*same, *regex], source=SOURCE, tidy=False)
    tests = {name: ast.unparse(t) for name, t in _tests(text).items()}
    assert set(tests) == {"test_clamp_raises_value_error", "test_parse_raises_value_error"}
    clamp_test = tests["test_clamp_raises_value_error"]
    assert "@pytest.mark.parametrize('n', [11, 99])" in clamp_test  # one column: plain values
    assert "pytest.raises(ValueError, match=re.escape('out of range'))" in clamp_test
    parse_test = tests["test_parse_raises_value_error"]
    assert (
        "@pytest.mark.parametrize(('text', 'message', 'expected_message'), "
        "[('a', 'no', 'no: a'), ('b', 'bad', 'bad: b')])" in parse_test
    )
    assert "pytest.raises(ValueError, match=expected_message)" in parse_test  # plain match= stays plain
    assert "parse(text, message=message)" in parse_test  # keyword arguments stay keywords
    proc = _pytest(tmp_path, render_module("roman.py", "roman", [*same, *regex], source=SOURCE))
    assert proc.returncode == 0 and "4 passed" in proc.stdout, proc.stdout


def test_raises_cases_that_cannot_share_a_body_are_not_grouped() -> None:
    imports = ("import pytest", "import re", "from roman import check, parse", *IMPORTS)
    not_groupable = [
        # different exception types
        _candidate(
            "test_parse_raises_value_error",
            "parse",
            ["with pytest.raises(ValueError):", "    parse('x')"],
            imports,
        ),
        _candidate(
            "test_parse_raises_lookup_error",
            "parse",
            ["with pytest.raises(LookupError):", "    parse('y')"],
            imports,
        ),
        # tests that take fixtures
        _candidate(
            "test_from_string_raises_a",
            "RomanNumeral.from_string",
            ["with pytest.raises(InvalidRomanNumeralError):", "    RomanNumeral.from_string('a')"],
            fixtures="tmp_path",
        ),
        _candidate(
            "test_from_string_raises_b",
            "RomanNumeral.from_string",
            ["with pytest.raises(InvalidRomanNumeralError):", "    RomanNumeral.from_string('b')"],
            fixtures="tmp_path",
        ),
        # a parameter named `re` would shadow the module match=re.escape(...) needs
        *(
            _candidate(
                f"test_check_raises_type_error_{-n}",
                "check",
                ["with pytest.raises(TypeError, match=re.escape('negative')):", f"    check({n}, 1)"],
                imports,
            )
            for n in (-1, -2)
        ),
        # more than the call inside the block
        *(
            _candidate(
                f"test_from_string_raises_{v}",
                "RomanNumeral.from_string",
                [
                    "with pytest.raises(InvalidRomanNumeralError):",
                    f"    RomanNumeral.from_string({v!r})",
                    "    print(1)",
                ],
            )
            for v in ("c", "d")
        ),
        # arranged first (setup steps)
        *(
            _candidate(
                f"test_from_string_raises_setup_{v}",
                "RomanNumeral.from_string",
                [
                    f"value = {v!r}",
                    "with pytest.raises(InvalidRomanNumeralError):",
                    "    RomanNumeral.from_string(value)",
                ],
            )
            for v in ("e", "f")
        ),
    ]
    text = render_module("roman.py", "roman", not_groupable, source=SOURCE, tidy=False)
    assert "parametrize" not in text
    assert list(_tests(text)) == [c.name for c in not_groupable]


def test_validation_judges_each_case_and_each_written_row_by_node_id(tmp_path: Path) -> None:
    (tmp_path / "roman.py").write_text(SOURCE)
    (tmp_path / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    (tmp_path / "tests").mkdir()
    source = str((tmp_path / "roman.py").resolve())
    # validate renders candidates unparametrized: one node id per candidate name
    (tmp_path / "tests" / "test_candidates.py").write_text(
        render_module("roman.py", "roman", ROMAN, source=SOURCE, parametrize=False, tidy=False)
    )
    with Sandbox(tmp_path, python=sys.executable) as box:
        run = run_tests(box, ["tests/test_candidates.py"], seed=1, contexts=True, files=[source])
    assert run.outcomes == {f"tests/test_candidates.py::{c.name}": "passed" for c in ROMAN}
    # the written file groups them; each row is its own item with its own coverage
    policy = Policy(root=tmp_path, python=sys.executable, mutate=False)
    written, note = write_module(policy, "roman.py", ROMAN)
    assert written == tmp_path / "tests" / "covlift" / "test_roman.py" and note == ""
    assert written.read_text().endswith(EXPECTED_GROUP)
    with Sandbox(tmp_path, python=sys.executable) as box:
        run = run_tests(box, [written], seed=2, contexts=True, files=[source])
    node = "tests/covlift/test_roman.py::test_from_string_raises_invalid_roman_numeral_error"
    rows = [
        f"{node}[cxcxl-Invalid Roman numeral: cxcxl]",
        f"{node}[cmcmv-Invalid Roman numeral: cmcmv]",
        f"{node}[abc-Invalid Roman numeral: abc]",
    ]
    assert run.outcomes == dict.fromkeys(rows, "passed")
    assert all(14 in run.coverage[row][source][0] for row in rows)  # the raise line, per row


PARSER = """def parse(timestr):
    return _parse(timestr)


def _parse(timestr):
    if "x" in timestr:
        raise ValueError(f"Unknown string format: {timestr}")
    return _build(timestr)


def _build(timestr):
    raise ValueError(f"Unknown string format: {timestr}")
"""


def test_refusals_of_one_public_call_are_one_test_whatever_private_code_raised() -> None:
    # the search reached _parse and _build through parse(): one behaviour, one parametrized test
    def refused(name: str, target: str, text: str) -> Candidate:
        body = (
            f"def {name}():\n"
            f"    with pytest.raises(ValueError, match=re.escape('Unknown string format: {text}')):\n"
            f"        parse('{text}')\n"
        )
        owner = Target("parser.py", "parser", target, 1, (2,), (2,), ())
        imports = ("import re", "import pytest", "from parser import parse")
        return Candidate(name=name, target=owner, body=body, imports=imports, engine="test", subject="parse")

    candidates = [
        refused("test_parse_unknown_string_format", "_parse", "2x"),
        refused("test_parse_unknown_string_format_2", "_build", "2024-"),
    ]
    text = render_module("parser.py", "parser", candidates, source=PARSER)
    assert text.count("def test_") == 1 and "@pytest.mark.parametrize" in text, text


def test_the_parameters_of_an_inherited_method_are_read_from_the_base_that_defines_it() -> None:
    # marshmallow: two refusals of `Boolean().deserialize(...)` (Field's method) stayed two tests,
    # `..._rejects_an_invalid_boolean` and `..._2`, as Boolean defines no deserialize of its own
    from covlift.generation.render.parametrize import param_names

    source = (
        "class Field(Generic[T]):\n    def deserialize(self, value, attr=None):\n        pass\n\n"
        "class Boolean(Field[bool]):\n    def _deserialize(self, value):\n        pass\n"
    )
    assert param_names(source, "Boolean.deserialize") == ["value", "attr"]
    assert param_names(source, "Boolean._deserialize") == ["value"]
    assert param_names(source, "Boolean.missing") is None
