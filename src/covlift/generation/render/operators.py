"""Tests of one class's operators that differ only in the operator become one parametrized test.

``integer & 2``, ``integer // 2``, ``integer << 2``, each asserting the result and that it stays
an ``Integer``, read as one behaviour ("arithmetic keeps the type") told ten times; a reviewer
asks for them folded.  They become one test with a row per operator, the operator as the
function the ``operator`` module names for it (``operator.floordiv``), its operand, and the
values its assertions compare with::

    @pytest.mark.parametrize(
        ("operation", "operand", "expected", "text"),
        [pytest.param(operator.floordiv, 2, 4000, "4000", id="floor-division"), ...],
    )
    def test_integer_arithmetic_returns_an_integer(operation, operand, expected, text):
        integer = Integer(value=8001, trivia=Trivia(), raw="8001")
        result = operation(integer, operand)
        assert result == expected
        assert isinstance(result, Integer)
        assert result.as_string() == text
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from covlift.generation.model import Candidate
from covlift.generation.render.naming import operator_words, snake
from covlift.generation.render.parametrize import unique

#: operators by node, as the ``operator`` module names their functions
_BINARY: dict[type[ast.operator], str] = {
    ast.Add: "operator.add",
    ast.Sub: "operator.sub",
    ast.Mult: "operator.mul",
    ast.MatMult: "operator.matmul",
    ast.Div: "operator.truediv",
    ast.FloorDiv: "operator.floordiv",
    ast.Mod: "operator.mod",
    ast.Pow: "operator.pow",
    ast.LShift: "operator.lshift",
    ast.RShift: "operator.rshift",
    ast.BitAnd: "operator.and_",
    ast.BitOr: "operator.or_",
    ast.BitXor: "operator.xor",
}
_UNARY: dict[type[ast.unaryop], str] = {
    ast.USub: "operator.neg",
    ast.UAdd: "operator.pos",
    ast.Invert: "operator.inv",
}
#: the least tests worth folding into one
MIN_GROUP = 3
#: a compared value's placeholder in a group's template
_HOLE = "__covlift_value__"


def _parts(candidate: Candidate) -> tuple[list[ast.stmt], str, str, str, str | None, list[ast.Assert]] | None:
    """(arrange, object name, side, operation, operand, checks) of ``result = <obj> OP <literal>``
    followed by assertions only; None for any other shape."""
    try:
        fn = ast.parse(candidate.body).body[0]
    except (SyntaxError, IndexError):
        return None
    if not isinstance(fn, ast.FunctionDef) or fn.args.args:
        return None
    at = next(
        (
            i
            for i, s in enumerate(fn.body)
            if isinstance(s, ast.Assign) and [ast.unparse(t) for t in s.targets] == ["result"]
        ),
        None,
    )
    if at is None or at == 0:
        return None
    arrange, assign = fn.body[:at], fn.body[at]
    checks = [c for c in fn.body[at + 1 :] if isinstance(c, ast.Assert)]
    assert isinstance(assign, ast.Assign)
    if not checks or len(checks) != len(fn.body) - at - 1:
        return None
    bound = {t.id for s in arrange if isinstance(s, ast.Assign) for t in s.targets if isinstance(t, ast.Name)}
    expr = assign.value
    if isinstance(expr, ast.BinOp) and type(expr.op) in _BINARY:
        left, right = expr.left, expr.right
        if isinstance(left, ast.Name) and left.id in bound and _literal(right):
            return arrange, left.id, "left", _BINARY[type(expr.op)], ast.unparse(right), checks
        if isinstance(right, ast.Name) and right.id in bound and _literal(left):
            return arrange, right.id, "right", _BINARY[type(expr.op)], ast.unparse(left), checks
        return None
    if (
        isinstance(expr, ast.UnaryOp)
        and type(expr.op) in _UNARY
        and isinstance(expr.operand, ast.Name)
        and expr.operand.id in bound
    ):
        return arrange, expr.operand.id, "unary", _UNARY[type(expr.op)], None, checks
    if (
        isinstance(expr, ast.Call)
        and ast.unparse(expr.func) == "abs"
        and len(expr.args) == 1
        and not expr.keywords
        and isinstance(expr.args[0], ast.Name)
        and expr.args[0].id in bound
    ):
        return arrange, expr.args[0].id, "unary", "abs", None, checks
    return None


def _literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return False
    return True


def _template(checks: Sequence[ast.Assert]) -> tuple[str, list[str], set[int]]:
    """The assertions with each compared literal cut out, the literals (as code), and which of
    them were compared with ``pytest.approx`` (a row with a float among exact ones: all approx)."""
    values: list[str] = []
    approximate: set[int] = set()
    lines: list[str] = []
    for check in checks:
        test = check.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
            right = test.comparators[0]
            approx = isinstance(right, ast.Call) and ast.unparse(right.func) == "pytest.approx" and right.args
            inner = right.args[0] if approx and isinstance(right, ast.Call) else right
            if _literal(inner):
                if approx:
                    approximate.add(len(values))
                values.append(ast.unparse(inner))
                lines.append(f"assert {ast.unparse(test.left)} == {_HOLE}")
                continue
        lines.append(ast.unparse(check))
    return "\n".join(lines), values, approximate


def operator_key(candidate: Candidate) -> tuple[str, ...] | None:
    """The key under which candidates fold into one operator test, or None."""
    parts = _parts(candidate)
    if parts is None:
        return None
    arrange, obj, side, _operation, _operand, checks = parts
    template, values, _approximate = _template(checks)
    if not values:
        return None
    owner = candidate.target.name.rsplit(".", 1)[0]
    prelude = "\n".join(ast.unparse(s) for s in arrange)
    return ("operators", owner, prelude, obj, side, template)


def folded(group: Sequence[Candidate], key: tuple[str, ...], used: set[str]) -> str:
    """The source of one parametrized test for a group of operator candidates of one key."""
    _, owner, prelude, obj, side, template = key
    first = _parts(group[0])
    assert first is not None
    rows: list[list[str]] = []
    ids: list[str] = []
    value_count = template.count(_HOLE)
    approximate: set[int] = set()
    for candidate in group:
        parts = _parts(candidate)
        assert parts is not None
        _arrange, _obj, _side, operation, operand, checks = parts
        _, values, approx = _template(checks)
        approximate |= approx
        rows.append([operation, *([operand] if operand is not None else []), *values])
        words = operator_words(candidate.target.name.rsplit(".", 1)[-1], numeric=True)
        ids.append(words.removeprefix("reflected_").replace("_", "-"))
    columns = ["operation", *(["operand"] if side != "unary" else [])]
    value_columns = _value_columns(template, value_count)
    columns += value_columns
    body = template
    for index, column in enumerate(value_columns):
        body = body.replace(_HOLE, f"pytest.approx({column})" if index in approximate else column, 1)
    call = {
        "left": f"operation({obj}, operand)",
        "right": f"operation(operand, {obj})",
        "unary": f"operation({obj})",
    }[side]
    kind = {"left": "arithmetic", "right": "reflected_arithmetic", "unary": "unary_operators"}[side]
    name = unique(f"test_{snake(owner.split('.')[-1])}_{kind}{_shared_tail(group)}", used)
    unique_ids = len(set(ids)) == len(ids)
    cells = [
        f'        pytest.param({", ".join(row)}, id="{case_id}"),'
        if unique_ids
        else f"        ({', '.join(row)}),"
        for row, case_id in zip(rows, ids, strict=True)
    ]
    arrange = "".join(f"    {line}\n" for line in prelude.splitlines())
    asserts = "".join(f"    {line}\n" for line in body.splitlines())
    quoted = ", ".join(f'"{c}"' for c in columns)
    return (
        "@pytest.mark.parametrize(\n"
        f"    ({quoted}),\n"
        "    [\n" + "\n".join(cells) + "\n    ],\n)\n"
        f"def {name}({', '.join(columns)}):\n{arrange}    result = {call}\n{asserts}"
    )


def _value_columns(template: str, count: int) -> list[str]:
    """``expected`` for the result itself, ``text`` for its text (``result.as_string()``)."""
    columns: list[str] = []
    for line in template.splitlines():
        if _HOLE not in line:
            continue
        left = line.removeprefix("assert ").split(" == ")[0]
        if left == "result" and "expected" not in columns:
            columns.append("expected")
        elif left.startswith("result.") and left.endswith("()") and "text" not in columns:
            columns.append("text")
        else:
            columns.append(f"expected_{len(columns) + 1}")
    return columns[:count]


def _shared_tail(group: Sequence[Candidate]) -> str:
    """What the group's names end with in common (``_returns_an_integer``), or ""."""
    tails = [c.name.partition("_returns_")[2] for c in group]
    return f"_returns_{tails[0]}" if tails[0] and len(set(tails)) == 1 else ""
