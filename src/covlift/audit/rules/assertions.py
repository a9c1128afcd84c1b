"""no-assert, assert-cannot-fail, conditional-assert: does a test check, and can the check fail?"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from covlift.audit.rules import Hit
from covlift.audit.rules._asserts import Asserts
from covlift.audit.source import ModuleIndex, TestFunc, call_name, walk_body

_MOCK_TYPOS = frozenset(
    {
        "called_once_with",
        "called_with",
        "called_once",
        "has_calls",
        "any_call",
        "not_called",
        "has_been_called",
        "called_once_with_args",
        "awaited_once_with",
    }
)
_SKIP_MARKS = ("skip",)


def _unconditionally_skipped(test: TestFunc, index: ModuleIndex) -> bool:
    for deco in test.node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = index.resolve(target) or ""
        if name.endswith(("mark.skip", "unittest.skip")) or name == "skip":
            return True
    return False


def no_assert(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    if _unconditionally_skipped(test, index):
        return
    params = {a.arg for a in test.node.args.args}
    if "benchmark" in params:
        return  # pytest-benchmark tests measure, they are not meant to assert
    if any(
        "filterwarnings" in ast.unparse(d) and "error" in ast.unparse(d) for d in test.node.decorator_list
    ):
        return  # @pytest.mark.filterwarnings("error"): the test checks that nothing warns
    strong, weak = asserts.any_assertion(test)
    if strong or weak or asserts.fixture_asserts(test):
        return
    if any(isinstance(n, ast.Yield | ast.YieldFrom) for n in walk_body(test.node)):
        return
    yield Hit("no-assert", test.node.lineno, f"{test.short_name} runs code but never checks a result")


# -- assert-cannot-fail ----------------------------------------------------------------------


def _pure(node: ast.expr) -> bool:
    """No calls, so evaluating it twice gives the same value."""
    if isinstance(node, ast.Name | ast.Constant):
        return True
    if isinstance(node, ast.Attribute):
        return _pure(node.value)
    if isinstance(node, ast.Subscript):
        return _pure(node.value) and _pure(node.slice)
    return False


def _truthy_literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant):
        return "a constant" if node.value else None
    if isinstance(node, ast.Tuple) and node.elts:
        return "a non-empty tuple (a parenthesised assert with a message?)"
    if isinstance(node, ast.List | ast.Set) and node.elts:
        return "a non-empty literal"
    if isinstance(node, ast.Dict) and node.keys:
        return "a non-empty literal"
    if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.Constant) and v.value for v in node.values):
        return "a non-empty string"
    if isinstance(node, ast.Lambda):
        return "a function object"
    return None


def _literal(node: ast.expr) -> tuple[bool, object]:
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None


_CONST_OPS: dict[type[ast.cmpop], object] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


def _is_any(node: ast.expr, index: ModuleIndex) -> bool:
    return (index.resolve(node) or "").endswith(("mock.ANY", "mock.mock.ANY")) or (
        isinstance(node, ast.Name) and node.id == "ANY" and "ANY" in index.imports
    )


def _class_called(func: ast.expr, test: TestFunc, index: ModuleIndex) -> str | None:
    """The class name when ``func(...)`` looks like a constructor call: ``Cart``, ``shop.Cart``.

    CapWords without underscores (``UTC_ref`` is a weak reference, not a class),
    and not a name the test itself binds.
    """
    if isinstance(func, ast.Name) and any(
        isinstance(n, ast.Name) and n.id == func.id and isinstance(n.ctx, ast.Store)
        for n in walk_body(test.node)
    ):
        return None
    dotted = index.resolve(func) or ""
    name = dotted.rsplit(".", 1)[-1]
    if isinstance(func, ast.Name) and func.id in index.classes:
        return name
    known = index.context.project_classes
    if known is not None and index.is_first_party(dotted):
        return name if name in known else None  # CapWords functions exist (Google style)
    if name[:1].isupper() and "_" not in name and not name.isupper():
        return name
    return None


def _constructed(name: str, before: int, test: TestFunc, index: ModuleIndex) -> str | None:
    """The class a variable was last built from, by a top-level statement before ``before``."""
    found: str | None = None
    for stmt in test.node.body:
        if stmt.lineno >= before:
            break
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in stmt.targets
        ):
            found = None
            value = stmt.value
            if isinstance(value, ast.Call):
                found = _class_called(value.func, test, index)
            elif isinstance(value, ast.List | ast.Dict | ast.Set | ast.Tuple | ast.Constant):
                found = "<literal>" if not (isinstance(value, ast.Constant) and value.value is None) else None
    return found


_EQUALITY_WORDS = (
    "eq",
    "equal",
    "equals",
    "equality",
    "compare",
    "comparison",
    "comparisons",
    "cmp",
    "reflexive",
    "identity",
    "ordering",
    "hash",
    "richcompare",
)


def _spelling(node: ast.expr, index: ModuleIndex) -> str:
    """The node's source text when it sits on one line, else its unparsed form."""
    line = getattr(node, "lineno", None)
    if line is not None and line == getattr(node, "end_lineno", None) and line <= len(index.lines):
        return str(index.lines[line - 1][node.col_offset : node.end_col_offset])
    return ast.unparse(node)


def _plain_value(node: ast.expr) -> bool:
    """An attribute or item of something other than the test object: ``order.total``, ``r["n"]``."""
    if not isinstance(node, ast.Attribute | ast.Subscript):
        return False
    root: ast.expr = node
    while isinstance(root, ast.Attribute | ast.Subscript):
        root = root.value
    return not (isinstance(root, ast.Name) and root.id in ("self", "cls"))


def _about_equality(test: TestFunc) -> bool:
    words = test.short_name.lower().replace("test", "", 1).strip("_").split("_")
    return any(w in _EQUALITY_WORDS for w in words)


def _compare_reason(node: ast.Compare, test: TestFunc, index: ModuleIndex, line: int) -> str | None:
    if len(node.ops) != 1:
        return None
    op, left, right = node.ops[0], node.left, node.comparators[0]
    ok_l, val_l = _literal(left)
    ok_r, val_r = _literal(right)
    if ok_l and ok_r and type(op) in _CONST_OPS:
        # `0x10 == 16` or r'\t' == '\\t' tests the language's literal syntax; `1 == 1` tests nothing
        if _spelling(left, index) != _spelling(right, index):
            return None
        try:
            if _CONST_OPS[type(op)](val_l, val_r):  # type: ignore[operator]
                return "compares two constants"
        except TypeError:
            return None
    # `x is x` always holds; `x == x` unless __eq__ itself is under test: a test named for
    # equality (test_eq_is_reflexive) or a comparison of `self.thing` (the test object's state)
    same = _pure(left) and _pure(right) and ast.dump(left) == ast.dump(right)
    if same and (
        isinstance(op, ast.Is)
        or (
            isinstance(op, ast.Eq | ast.LtE | ast.GtE)
            and (_plain_value(left) or (isinstance(left, ast.Name) and left.id not in ("self", "cls")))
            and not _about_equality(test)
        )
    ):
        return "compares a value with itself"
    if isinstance(op, ast.Eq) and (_is_any(left, index) or _is_any(right, index)):
        return "compares with mock.ANY, which equals everything"
    if (
        isinstance(left, ast.Call)
        and call_name(left) == "len"
        and isinstance(right, ast.Constant)
        and isinstance(right.value, int)
        and ((isinstance(op, ast.GtE) and right.value <= 0) or (isinstance(op, ast.Gt) and right.value < 0))
    ):
        return "checks that a length is not negative"
    if isinstance(op, ast.IsNot) and isinstance(right, ast.Constant) and right.value is None:
        if isinstance(left, ast.Name) and _constructed(left.id, line, test, index):
            return "checks that a freshly built object is not None"
        if isinstance(left, ast.Call) and _class_called(left.func, test, index):
            return "checks that a freshly built object is not None"
    return None


def trivial_reason(expr: ast.expr, test: TestFunc, index: ModuleIndex, line: int) -> str | None:
    """Why an asserted expression is always true, or None when it can fail."""
    literal = _truthy_literal(expr)
    if literal:
        return f"asserts {literal}, which is always true"
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
        ok, value = _literal(expr.operand)
        if ok and not value:
            return "asserts 'not' of a false constant"
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
        if any(_truthy_literal(v) for v in expr.values):
            return "'or' with a true constant is always true"
        plain = {ast.dump(v) for v in expr.values if _pure(v)}
        if any(
            isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.Not) and ast.dump(v.operand) in plain
            for v in expr.values
        ):
            return "'x or not x' is always true"
    if isinstance(expr, ast.Compare):
        reason = _compare_reason(expr, test, index, line)
        return f"{reason}; it cannot fail" if reason else None
    if isinstance(expr, ast.Call):
        name = call_name(expr)
        if name in _MOCK_TYPOS and isinstance(expr.func, ast.Attribute):
            return f"'{name}' is not a mock assertion; the call returns a truthy Mock"
        if name == "isinstance" and len(expr.args) == 2:
            kind = index.resolve(expr.args[1]) or ""
            if kind in ("object", "builtins.object"):
                return "everything is an instance of object; it cannot fail"
            target = expr.args[0]
            if (
                isinstance(target, ast.Name)
                and _constructed(target.id, line, test, index) == kind.rsplit(".", 1)[-1]
            ):
                return f"the object was just built from {kind}; it cannot fail"
    if isinstance(expr, ast.Name) and expr.id in index.functions:
        return "asserts a function object, which is always true"
    return None


_UNITTEST_TRUE = frozenset({"assertTrue", "assert_", "failUnless"})
_UNITTEST_EQ = frozenset(
    {
        "assertEqual",
        "assertEquals",
        "assertIs",
        "assertLessEqual",
        "assertGreaterEqual",
        "assertCountEqual",
        "assertListEqual",
        "assertDictEqual",
    }
)


def _unittest_reason(call: ast.Call, test: TestFunc, index: ModuleIndex) -> str | None:
    if not (
        isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "self"
    ):
        return None
    name, args = call.func.attr, call.args
    if name in _UNITTEST_TRUE and args:
        return trivial_reason(args[0], test, index, call.lineno)
    if name in _UNITTEST_EQ and len(args) >= 2:
        return trivial_reason(ast.Compare(args[0], [ast.Eq()], [args[1]]), test, index, call.lineno)
    if name == "assertIsNotNone" and args:
        return trivial_reason(
            ast.Compare(args[0], [ast.IsNot()], [ast.Constant(None)]), test, index, call.lineno
        )
    if name == "assertIsInstance" and len(args) == 2:
        return trivial_reason(
            ast.Call(ast.Name("isinstance"), [args[0], args[1]], []), test, index, call.lineno
        )
    return None


def assert_cannot_fail(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    for node in walk_body(test.node):
        reason = None
        if isinstance(node, ast.Assert):
            reason = trivial_reason(node.test, test, index, node.lineno)
        elif isinstance(node, ast.Call):
            reason = _unittest_reason(node, test, index)
        if reason and isinstance(node, ast.Assert | ast.Call):
            yield Hit("assert-cannot-fail", node.lineno, reason)


CHECKS = (
    ("no-assert", no_assert),
    ("assert-cannot-fail", assert_cannot_fail),
)
