"""swallowed-exception: a try/except (or contextlib.suppress) around the act that lets all pass.

Reported when the handler does nothing that could fail the test (``pass``,
``return``, a log line, a trivial assert) and the guarded block does real work
(anything but cleanup calls), or when a broad handler catches the test's own
``AssertionError``.  The old expected-exception idiom — a ``pytest.fail`` at the
end of the block or in ``else`` — is recognised and left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from covlift.audit.rules import Hit
from covlift.audit.rules._asserts import Asserts
from covlift.audit.rules.assertions import trivial_reason
from covlift.audit.source import ModuleIndex, TestFunc, call_name

#: method names that tear down rather than act; ``remove``/``release``/``cancel`` are acts
_CLEANUP = frozenset(
    {
        *("unlink", "rmdir", "rmtree", "close", "aclose", "shutdown", "stop", "kill"),
        *("terminate", "join", "disconnect", "cleanup", "dispose", "unsubscribe", "detach"),
    }
)
_CLEANUP_FUNCS = frozenset({"os.remove", "os.unlink", "os.rmdir", "os.removedirs", "shutil.rmtree"})
_LOGGERS = ("log", "logger", "logging", "LOG", "LOGGER", "_log", "_logger", "warnings", "traceback")
_BROAD = frozenset({"Exception", "BaseException"})
_OPTIONAL_IMPORT = frozenset({"ImportError", "ModuleNotFoundError"})


def _caught(handler: ast.ExceptHandler, index: ModuleIndex) -> set[str]:
    """Short names of the caught exception types; {"*"} for a bare except."""
    if handler.type is None:
        return {"*"}
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {(index.resolve(t) or "?").rsplit(".", 1)[-1] for t in types}


def _catches_assertion(caught: set[str]) -> bool:
    return bool(caught & ({"*", "AssertionError"} | _BROAD))


def _catches_fail(caught: set[str]) -> bool:
    """pytest.fail raises Failed, a BaseException: only bare/BaseException handlers catch it."""
    return bool(caught & {"*", "BaseException", "Failed", "OutcomeException"})


def _inert(stmt: ast.stmt, test: TestFunc, index: ModuleIndex) -> bool:
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Return):
        return stmt.value is None or isinstance(stmt.value, ast.Constant)
    if isinstance(stmt, ast.Expr):
        value = stmt.value
        if isinstance(value, ast.Constant):
            return True  # a docstring-like string or ...
        if isinstance(value, ast.Call):
            func = value.func
            if isinstance(func, ast.Name) and func.id == "print":
                return True
            root = func
            while isinstance(root, ast.Attribute):
                root = root.value
            return isinstance(root, ast.Name) and root.id in _LOGGERS
    if isinstance(stmt, ast.Assert):
        return trivial_reason(stmt.test, test, index, stmt.lineno) is not None
    return False


def _does_work(body: list[ast.stmt], index: ModuleIndex) -> bool:
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Assert | ast.Await):
                return True
            if isinstance(node, ast.Call):
                cleanup = (index.resolve(node.func) or "") in _CLEANUP_FUNCS or call_name(node) in _CLEANUP
                if not cleanup:
                    return True
    return False


def _ends_in_fail(body: list[ast.stmt], index: ModuleIndex) -> str | None:
    """'fail' (pytest.fail/self.fail), 'assert' (assert False / raise AssertionError) or None."""
    if not body:
        return None
    last = body[-1]
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        name = index.resolve(last.value.func) or ""
        if name == "pytest.fail":
            return "fail"
        if call_name(last.value) == "fail" and name.startswith("self."):
            return "assert"  # unittest's fail raises AssertionError
        if _always_fails(last.value):
            return "assert"  # self.assertEqual(0, 1) / self.assertTrue(False) as a "should not get here"
    if isinstance(last, ast.Assert) and isinstance(last.test, ast.Constant) and not last.test.value:
        return "assert"
    if isinstance(last, ast.Raise) and last.exc is not None:
        target = last.exc.func if isinstance(last.exc, ast.Call) else last.exc
        name = (index.resolve(target) or "").rsplit(".", 1)[-1]
        return "assert" if name == "AssertionError" else f"raise:{name}"
    return None


def _always_fails(call: ast.Call) -> bool:
    name = call_name(call)
    values = []
    for arg in call.args[:2]:
        if not isinstance(arg, ast.Constant):
            return False
        values.append(arg.value)
    if name in ("assertTrue", "assert_") and values:
        return not values[0]
    if name == "assertFalse" and values:
        return bool(values[0])
    return name == "assertEqual" and len(values) == 2 and values[0] != values[1]


def _catches(caught: set[str], raised: str) -> bool:
    """Whether handlers for ``caught`` would catch a ``raise raised(...)`` (by name, conservatively)."""
    return bool(caught & {"*", "BaseException", raised}) or (
        "Exception" in caught and raised != "BaseException"
    )


def _walk_here(stmt: ast.stmt) -> list[ast.AST]:
    """Nodes of a statement, not descending into nested functions or classes."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        out.append(node)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            stack.extend(ast.iter_child_nodes(node))
    return out


def _commented(handler: ast.ExceptHandler, index: ModuleIndex) -> bool:
    """Whether the handler explains itself with a comment (on its lines)."""
    end = getattr(handler, "end_lineno", handler.lineno) or handler.lineno
    return any("#" in line for line in index.lines[handler.lineno - 1 : end])


def _try_hits(
    node: ast.Try | ast.TryStar, test: TestFunc, index: ModuleIndex, asserts: Asserts, after: ast.stmt | None
) -> Iterator[Hit]:
    if not _does_work(node.body, index):
        return
    if after is not None and asserts.fails([after], test):
        return  # the handler falls through into a failure: nothing is swallowed
    own = [n for stmt in node.body for n in _walk_here(stmt)]
    if any(isinstance(n, ast.Raise | ast.Break | ast.Continue | ast.Return) for n in own):
        return  # the block raises on purpose, or searches/retries: not the act being hidden
    either_or = any(asserts.strong(n, test) for n in own)
    if node.orelse and asserts.fails(node.orelse, test):
        return  # try: act / except E: pass / else: pytest.fail(...) is the old raises idiom
    guarded_asserts = any(isinstance(n, ast.Assert) for stmt in node.body for n in ast.walk(stmt))
    ending = _ends_in_fail(node.body, index)
    for handler in node.handlers:
        caught = _caught(handler, index)
        if not all(_inert(s, test, index) for s in handler.body):
            continue
        if caught <= _OPTIONAL_IMPORT:
            continue  # an optional dependency guard, not the code under test
        if either_or and not _catches_assertion(caught):
            continue  # "either it raises E or the checks hold": both outcomes are checked
        if _commented(handler, index):
            continue  # a documented tolerance ("# acceptable on 32-bit"), a decision, not an accident
        if ending is not None and ending.startswith("raise:") and not _catches(caught, ending[6:]):
            continue  # try: act; raise Exception("did not raise") / except E: ... is the raises idiom
        if ending == "fail" and not _catches_fail(caught):
            continue
        if ending == "assert" and not _catches_assertion(caught):
            continue
        what = "any exception" if caught & ({"*"} | _BROAD) else ", ".join(sorted(caught))
        if guarded_asserts and _catches_assertion(caught):
            message = f"the handler for {what} also swallows the test's own AssertionError"
        else:
            message = (
                f"exceptions ({what}) raised by the code under test are swallowed; the test passes either way"
            )
        yield Hit("swallowed-exception", handler.lineno, message)
        return


def _suppress_hits(node: ast.With | ast.AsyncWith, index: ModuleIndex) -> Iterator[Hit]:
    for item in node.items:
        expr = item.context_expr
        if not isinstance(expr, ast.Call) or not _does_work(node.body, index):
            continue
        if (index.resolve(expr.func) or "").endswith("contextlib.suppress"):
            caught = {(index.resolve(a) or "?").rsplit(".", 1)[-1] for a in expr.args}
            what = ", ".join(sorted(caught)) or "nothing"
            yield Hit(
                "swallowed-exception",
                node.lineno,
                f"contextlib.suppress({what}) hides what the code under test raises",
            )
            return


def _blocks(stmts: list[ast.stmt]) -> Iterator[tuple[ast.stmt, ast.stmt | None]]:
    """Every statement of a function body with the statement that follows it in its block."""
    for i, stmt in enumerate(stmts):
        yield stmt, stmts[i + 1] if i + 1 < len(stmts) else None
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                yield from _blocks(inner)
        for handler in getattr(stmt, "handlers", []):
            yield from _blocks(handler.body)
        for case in getattr(stmt, "cases", []):
            yield from _blocks(case.body)


def swallowed_exception(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    for node, after in _blocks(test.node.body):
        if isinstance(node, ast.Try | ast.TryStar):
            yield from _try_hits(node, test, index, asserts, after)
        elif isinstance(node, ast.With | ast.AsyncWith):
            yield from _suppress_hits(node, index)


CHECKS = (("swallowed-exception", swallowed_exception),)
