"""skip-without-reason and flaky-mark: marks that hide a test's result.

Looks at test decorators, class decorators, ``pytestmark`` (module and class),
``pytest.param(..., marks=...)`` and ``pytest.skip()``/``pytest.xfail()``/
``self.skipTest()`` calls.  A reason is any non-blank string or a non-literal
expression; ``skipif``/``xfail`` with a *string* condition count as reasoned,
as pytest shows the condition.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

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


def module_marks(index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    yield from _pytestmark(index.tree.body, index, "")
    classes = {t.cls.name: t.cls for t in index.tests if t.cls is not None}
    for name, cls in classes.items():
        for deco in cls.decorator_list:
            problem = mark_problem(deco, index)
            if problem:
                yield Hit(problem[0], deco.lineno, problem[1], test=name)
        yield from _pytestmark(cls.body, index, name)


CHECKS = (("skip-without-reason", test_marks), ("flaky-mark", test_marks))
MODULE_CHECKS = (("skip-without-reason", module_marks), ("flaky-mark", module_marks))
