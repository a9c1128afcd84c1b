"""skip-without-reason, always-skipped and flaky-mark: marks that hide a test's result.

Looks at test decorators, class decorators, ``pytestmark`` (module and class),
``pytest.param(..., marks=...)`` and ``pytest.skip()``/``pytest.xfail()``/
``self.skipTest()`` calls.  A reason is any non-blank string or a non-literal
expression; ``skipif``/``xfail`` with a *string* condition count as reasoned,
as pytest shows the condition.  always-skipped: a ``skipif`` whose condition is always true
(``True``, ``"1 == 1"``, ``sys.version_info >= (3,)``), or a ``pytest.skip()`` the test body
reaches on every run (a top-level statement, not under ``if``/``try``/``with``/a loop).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import Any

from covlift.audit.rules import Hit
from covlift.audit.rules._asserts import Asserts
from covlift.audit.source import ModuleIndex, TestFunc, walk_body

_FLAKY = ("mark.flaky", "flaky.flaky", "mark.rerun", "mark.retry")


def _reason_given(node: ast.expr | None) -> bool:
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    return True  # a variable or f-string: trust it


def _kw(call: ast.Call, *names: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg in names), None)


def mark_problem(expr: ast.expr, index: ModuleIndex) -> tuple[str, str] | None:
    """(rule, message) when a decorator/mark expression is a smell, else None."""
    call = expr if isinstance(expr, ast.Call) else None
    target = call.func if call is not None else expr
    name = index.resolve(target) or ""
    short = name.rsplit(".", 1)[-1]
    if (
        name.endswith(_FLAKY)
        or name in ("flaky", "flaky.flaky")
        or (name.startswith("tenacity.") and short == "retry")
    ):
        return "flaky-mark", f"@{ast.unparse(expr)} reruns failures instead of fixing them"
    if name.endswith("mark.skip") or name == "unittest.skip":
        reason = (call.args[0] if call.args else _kw(call, "reason")) if call else None
        if not _reason_given(reason):
            return "skip-without-reason", "skipped without a reason"
    elif name.endswith(("mark.skipif", "mark.xfail")):
        if call is None:
            return "skip-without-reason", f"{short} without a reason"
        condition = call.args[0] if call.args else _kw(call, "condition")
        if isinstance(condition, ast.Constant) and isinstance(condition.value, str):
            return None  # pytest shows a string condition as the reason
        if not _reason_given(_kw(call, "reason")):
            return "skip-without-reason", f"{short} without a reason"
    elif name in ("unittest.skipIf", "unittest.skipUnless"):
        reason = call.args[1] if call and len(call.args) > 1 else (_kw(call, "reason") if call else None)
        if not _reason_given(reason):
            return "skip-without-reason", f"{short} without a reason"
    elif name == "unittest.expectedFailure":
        return (
            "skip-without-reason",
            "expectedFailure cannot say why; the failure is hidden without a reason",
        )
    return None


def _always_true(node: ast.expr | None) -> bool:
    """A skipif condition that holds on every run: constants, their comparisons and boolean
    combinations, a string condition of those, and ``sys.version_info`` against Python 3.0."""
    if node is None:
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return False
    ok, value = _constant(node)
    return ok and bool(value)


def _constant(node: ast.expr) -> tuple[bool, object]:
    """(known, value) of an expression whose value cannot change between runs."""
    if isinstance(node, ast.Constant):
        return True, node.value
    if isinstance(node, ast.Tuple):
        parts = [_constant(e) for e in node.elts]
        return all(ok for ok, _ in parts), tuple(v for _, v in parts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        ok, value = _constant(node.operand)
        return ok, not value
    if isinstance(node, ast.BoolOp):
        values = [_constant(v) for v in node.values]
        if not all(ok for ok, _ in values):
            return False, None
        pick = all if isinstance(node.op, ast.And) else any
        return True, pick(bool(v) for _, v in values)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        op, right = node.ops[0], node.comparators[0]
        ok_r, value = _constant(right)
        fn = _COMPARE.get(type(op))
        versions = _VERSIONS.get(ast.unparse(node.left))
        if versions is not None and ok_r and fn is not None:
            # the oldest and newest Python 3 agree: the answer is the same wherever the tests run
            try:
                answers = {bool(fn(v, value)) for v in versions}
            except TypeError:
                return False, None
            return (True, answers.pop()) if len(answers) == 1 else (False, None)
        ok_l, left = _constant(node.left)
        if ok_l and ok_r and fn is not None:
            try:
                return True, fn(left, value)
            except TypeError:
                return False, None
    return False, None


#: what ``sys.version_info`` can be on any Python 3, at its two ends
_VERSIONS: dict[str, tuple[object, ...]] = {
    "sys.version_info": ((3, 0, 0, "alpha", 0), (3, 99, 99, "final", 0)),
    "sys.version_info[0]": (3, 3),
    "sys.version_info.major": (3, 3),
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], object]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}


def _always_skips(expr: ast.expr, index: ModuleIndex) -> str | None:
    """A message when the mark ``expr`` skips the test on every run."""
    if not isinstance(expr, ast.Call):
        return None
    name = index.resolve(expr.func) or ""
    if name.endswith("mark.skipif"):
        condition = expr.args[0] if expr.args else _kw(expr, "condition")
        if _always_true(condition):
            return f"skipif({ast.unparse(condition) if condition else ''}) is true on every run"
    elif name == "unittest.skipIf" and expr.args and _always_true(expr.args[0]):
        return f"skipIf({ast.unparse(expr.args[0])}) is true on every run"
    return None


def _skips_here(stmt: ast.stmt, index: ModuleIndex) -> str | None:
    """What skips the test when ``stmt`` runs: ``pytest.skip()``, ``self.skipTest()``, SkipTest."""
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if isinstance(call, ast.Call):
        if (index.resolve(call.func) or "") == "pytest.skip":
            return "pytest.skip() runs"
        if isinstance(call.func, ast.Attribute) and call.func.attr == "skipTest":
            return "skipTest() runs"
    if isinstance(stmt, ast.Raise) and isinstance(stmt.exc, ast.Call | ast.Name | ast.Attribute):
        target = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
        if (index.resolve(target) or "").endswith("SkipTest"):
            return "SkipTest is raised"
    return None


def _marks_in(expr: ast.expr) -> list[ast.expr]:
    return list(expr.elts) if isinstance(expr, ast.List | ast.Tuple) else [expr]


def _param_marks(deco: ast.expr, index: ModuleIndex) -> Iterator[tuple[int, tuple[str, str]]]:
    """Marks inside pytest.param(..., marks=...) of a parametrize decorator."""
    for node in ast.walk(deco):
        if isinstance(node, ast.Call) and (index.resolve(node.func) or "").endswith("pytest.param"):
            marks = _kw(node, "marks")
            for mark in _marks_in(marks) if marks is not None else []:
                problem = mark_problem(mark, index)
                if problem:
                    yield node.lineno, problem


def _call_problem(call: ast.Call, index: ModuleIndex) -> str | None:
    name = index.resolve(call.func) or ""
    if name in ("pytest.skip", "pytest.xfail"):
        reason = call.args[0] if call.args else _kw(call, "reason", "msg")
        if not _reason_given(reason):
            return f"{name}() without a reason"
    elif (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "skipTest"
        and (not _reason_given(call.args[0] if call.args else _kw(call, "reason")))
    ):
        return "skipTest() without a reason"
    return None


def test_marks(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    for deco in test.node.decorator_list:
        problem = mark_problem(deco, index)
        if problem:
            yield Hit(problem[0], deco.lineno, problem[1])
        for line, (rule, message) in _param_marks(deco, index):
            yield Hit(
                rule,
                line,
                f"a parametrized case is {message.split(' ', 1)[1]}"
                if rule == "skip-without-reason"
                else message,
            )
        always = _always_skips(deco, index)
        if always:
            yield Hit("always-skipped", deco.lineno, always)
    for stmt in test.node.body:  # reached on every run: not under if/try/with/a loop
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if isinstance(call, ast.Call) and (index.resolve(call.func) or "") in (
            "pytest.skip",
            "unittest.skip",
        ):
            yield Hit("always-skipped", stmt.lineno, "pytest.skip() runs on every run; the test never runs")
            break
        if isinstance(stmt, ast.Raise) and isinstance(stmt.exc, ast.Call | ast.Name | ast.Attribute):
            target = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
            if (index.resolve(target) or "").endswith("SkipTest"):
                yield Hit(
                    "always-skipped", stmt.lineno, "SkipTest is raised on every run; the test never runs"
                )
                break
    for node in walk_body(test.node):
        if isinstance(node, ast.Call):
            reason = _call_problem(node, index)
            if reason:
                yield Hit("skip-without-reason", node.lineno, reason)
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call | ast.Name | ast.Attribute):
            exc = node.exc
            target = exc.func if isinstance(exc, ast.Call) else exc
            if (index.resolve(target) or "").endswith("SkipTest") and not (
                isinstance(exc, ast.Call) and exc.args and _reason_given(exc.args[0])
            ):
                yield Hit("skip-without-reason", node.lineno, "SkipTest raised without a reason")


def _pytestmark(body: list[ast.stmt], index: ModuleIndex, test: str) -> Iterator[Hit]:
    for stmt in body:
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in stmt.targets
        ):
            for mark in _marks_in(stmt.value):
                problem = mark_problem(mark, index)
                if problem:
                    yield Hit(problem[0], mark.lineno, f"pytestmark: {problem[1]}", test=test)
                always = _always_skips(mark, index)
                if always:
                    yield Hit("always-skipped", mark.lineno, f"pytestmark: {always}", test=test)


def module_marks(index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    yield from _pytestmark(index.tree.body, index, "")
    classes = {t.cls.name: t.cls for t in index.tests if t.cls is not None}
    for name, cls in classes.items():
        for deco in cls.decorator_list:
            problem = mark_problem(deco, index)
            if problem:
                yield Hit(problem[0], deco.lineno, problem[1], test=name)
            always = _always_skips(deco, index)
            if always:
                yield Hit("always-skipped", deco.lineno, always, test=name)
        yield from _pytestmark(cls.body, index, name)


CHECKS = (("skip-without-reason", test_marks), ("always-skipped", test_marks), ("flaky-mark", test_marks))
MODULE_CHECKS = (
    ("skip-without-reason", module_marks),
    ("always-skipped", module_marks),
    ("flaky-mark", module_marks),
)
