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
from covlift.audit.source import ModuleIndex, TestFunc, call_name, walk_body

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
                cleanup = (index.resolve(node.func) or "") in _CLEANUP_FUNCS or (
                    isinstance(node.func, ast.Attribute) and node.func.attr in _CLEANUP
                )
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
    if isinstance(last, ast.Assert) and isinstance(last.test, ast.Constant) and not last.test.value:
        return "assert"
    if isinstance(last, ast.Raise) and last.exc is not None:
        target = last.exc.func if isinstance(last.exc, ast.Call) else last.exc
        return "assert" if (index.resolve(target) or "").endswith("AssertionError") else "raise"
    return None


def _try_hits(
    node: ast.Try | ast.TryStar, test: TestFunc, index: ModuleIndex, asserts: Asserts
) -> Iterator[Hit]:
    if not _does_work(node.body, index):
        return
    if node.orelse and asserts.fails(node.orelse, test):
        return  # try: act / except E: pass / else: pytest.fail(...) is the old raises idiom
    guarded_asserts = any(isinstance(n, ast.Assert) for stmt in node.body for n in ast.walk(stmt))
    ending = _ends_in_fail(node.body, index)
    for handler in node.handlers:
        caught = _caught(handler, index)
        if not all(_inert(s, test, index) for s in handler.body):
            continue
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


def swallowed_exception(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    for node in walk_body(test.node):
        if isinstance(node, ast.Try | ast.TryStar):
            yield from _try_hits(node, test, index, asserts)
        elif isinstance(node, ast.With | ast.AsyncWith):
            yield from _suppress_hits(node, index)


CHECKS = (("swallowed-exception", swallowed_exception),)
