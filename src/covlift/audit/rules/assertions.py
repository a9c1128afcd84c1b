"""no-assert, assert-cannot-fail, conditional-assert: does a test check, and can the check fail?"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

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
                cls = (index.resolve(value.func) or "").rsplit(".", 1)[-1]
                if cls[:1].isupper() and not cls.isupper():
                    found = cls
            elif isinstance(value, ast.List | ast.Dict | ast.Set | ast.Tuple | ast.Constant):
                found = "<literal>" if not (isinstance(value, ast.Constant) and value.value is None) else None
    return found


def _compare_reason(node: ast.Compare, test: TestFunc, index: ModuleIndex, line: int) -> str | None:
    if len(node.ops) != 1:
        return None
    op, left, right = node.ops[0], node.left, node.comparators[0]
    ok_l, val_l = _literal(left)
    ok_r, val_r = _literal(right)
    if ok_l and ok_r and type(op) in _CONST_OPS:
        try:
            if _CONST_OPS[type(op)](val_l, val_r):  # type: ignore[operator]
                return "compares two constants"
        except TypeError:
            return None
    if (
        isinstance(op, ast.Eq | ast.Is | ast.LtE | ast.GtE)
        and _pure(left)
        and _pure(right)
        and (ast.dump(left) == ast.dump(right))
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
        if isinstance(left, ast.Call) and (index.resolve(left.func) or "").rsplit(".", 1)[-1][:1].isupper():
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


# -- conditional-assert -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Flow:
    """Whether some path leaves a block unchecked: by falling through, return, break, continue."""

    fall: bool
    ret: bool = False
    brk: bool = False
    cont: bool = False


def _single_assignments(test: TestFunc) -> dict[str, ast.expr]:
    """Names the test assigns exactly once, at its top level, and never rebinds."""
    stored: dict[str, int] = {}
    for node in walk_body(test.node):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            stored[node.id] = stored.get(node.id, 0) + 1
    found: dict[str, ast.expr] = {}
    for stmt in test.node.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name = stmt.targets[0].id
            if stored.get(name) == 1:
                found[name] = stmt.value
    return found


def _nonempty_iterable(
    node: ast.expr, index: ModuleIndex, local: dict[str, ast.expr] | None = None, depth: int = 0
) -> bool:
    """Whether iterating ``node`` certainly yields at least once (literals, constants, ranges...)."""
    if depth > 8:
        return False
    names: dict[str, ast.expr] = dict(index.constants)
    names.update(local or {})

    def again(inner: ast.expr) -> bool:
        return _nonempty_iterable(inner, index, local, depth + 1)

    if isinstance(node, ast.List | ast.Tuple | ast.Set) and node.elts:
        return not all(isinstance(e, ast.Starred) for e in node.elts)
    if isinstance(node, ast.Dict) and node.keys:
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes) and node.value:
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return again(node.left) or again(node.right)
    if isinstance(node, ast.Name):
        bound = names.get(node.id)
        return bound is not None and again(bound)
    if isinstance(node, ast.Call):
        name = call_name(node)
        if name == "range" and node.args:
            ok, value = _literal(node.args[-1] if len(node.args) == 1 else node.args[1])
            start_ok, start = _literal(node.args[0]) if len(node.args) > 1 else (True, 0)
            return ok and start_ok and isinstance(value, int) and isinstance(start, int) and value > start
        if name in ("enumerate", "sorted", "reversed", "list", "tuple") and node.args:
            return again(node.args[0])
        if name == "zip" and node.args:
            return all(again(a) for a in node.args)
        if name in ("items", "keys", "values") and isinstance(node.func, ast.Attribute):
            return again(node.func.value)
    return False


class _Flows:
    def __init__(self, test: TestFunc, index: ModuleIndex, asserts: Asserts) -> None:
        self.test, self.index, self.asserts = test, index, asserts
        self.local = _single_assignments(test)

    def block(self, stmts: list[ast.stmt]) -> _Flow:
        live, ret, brk, cont = True, False, False, False
        for stmt in stmts:
            if not live:
                break
            flow = self.stmt(stmt)
            ret, brk, cont = ret or flow.ret, brk or flow.brk, cont or flow.cont
            live = flow.fall
        return _Flow(live, ret, brk, cont)

    def stmt(self, s: ast.stmt) -> _Flow:
        if self.asserts.stmt_checks(s, self.test) or self.asserts.terminates(s):
            return _Flow(False)
        if isinstance(s, ast.Return):
            return _Flow(False, ret=True)
        if isinstance(s, ast.Break):
            return _Flow(False, brk=True)
        if isinstance(s, ast.Continue):
            return _Flow(False, cont=True)
        if isinstance(s, ast.If):
            body, other = self.block(s.body), self.block(s.orelse)
            ok, value = _literal(s.test)
            if ok:
                body, other = (body, _Flow(False)) if value else (_Flow(False), other)
            return _Flow(
                body.fall or other.fall,
                body.ret or other.ret,
                body.brk or other.brk,
                body.cont or other.cont,
            )
        if isinstance(s, ast.For | ast.AsyncFor | ast.While):
            return self.loop(s)
        if isinstance(s, ast.With | ast.AsyncWith):
            return self.block(s.body)
        if isinstance(s, ast.Try | ast.TryStar):
            return self.try_(s)
        if isinstance(s, ast.Match):
            flows = [self.block(c.body) for c in s.cases]
            exhaustive = any(
                isinstance(c.pattern, ast.MatchAs) and c.pattern.pattern is None and c.guard is None
                for c in s.cases
            )
            return _Flow(
                any(f.fall for f in flows) or not exhaustive,
                any(f.ret for f in flows),
                any(f.brk for f in flows),
                any(f.cont for f in flows),
            )
        return _Flow(True)

    def loop(self, s: ast.For | ast.AsyncFor | ast.While) -> _Flow:
        body = self.block(s.body)
        if isinstance(s, ast.While):
            ok, value = _literal(s.test)
            runs_once = ok and bool(value)
            if runs_once:  # while True: leaves only by break/return
                return _Flow(body.brk, body.ret)
        else:
            runs_once = _nonempty_iterable(s.iter, self.index, self.local)
        normal_exit = (not runs_once) or body.fall or body.cont
        if s.orelse:
            other = self.block(s.orelse)
            return _Flow((normal_exit and other.fall) or body.brk, body.ret or other.ret)
        return _Flow(normal_exit or body.brk, body.ret)

    def try_(self, s: ast.Try | ast.TryStar) -> _Flow:
        # paths through except handlers belong to the swallowed-exception rule
        body = self.block(s.body)
        fall, ret = body.fall, body.ret
        brk, cont = body.brk, body.cont
        if s.orelse and fall:
            other = self.block(s.orelse)
            fall, ret = other.fall, ret or other.ret
        if s.finalbody and not self.block(s.finalbody).fall:
            return _Flow(False)
        return _Flow(fall, ret, brk, cont)


def conditional_assert(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    first = next((n for n in walk_body(test.node) if asserts.strong(n, test)), None)
    if first is None:
        return
    flow = _Flows(test, index, asserts).block(test.node.body)
    if flow.fall or flow.ret:
        line = getattr(first, "lineno", test.node.lineno)
        yield Hit(
            "conditional-assert",
            line,
            "the test can finish without reaching any assertion (if/loop/early return)",
        )


CHECKS = (
    ("no-assert", no_assert),
    ("assert-cannot-fail", assert_cannot_fail),
    ("conditional-assert", conditional_assert),
)
