"""What counts as "checking something": shared by no-assert, conditional-assert and the rest.

Two strengths, because the rules err in opposite directions:

* **strong** — certainly a check: ``assert``, ``pytest.raises``/``warns``,
  ``pytest.fail``, ``self.assert*``, a mock's ``assert_*``, ``raise AssertionError``,
  a helper or fixture known to assert.
* **weak** — possibly a check: a call named ``check_*``/``verify_*``/``expect*``...,
  or a helper imported from test-support code covlift cannot see.

``no-assert`` fires only when neither is present (precision first); the other
rules need a strong assertion before they judge where it sits.
"""

from __future__ import annotations

import ast
from functools import cached_property

from covlift.audit.source import FunctionNode, ModuleIndex, TestFunc, call_name, walk_body

_CHECK_CONTEXTS = frozenset(
    {
        "raises",
        "warns",
        "deprecated_call",
        "assertRaises",
        "assertRaisesRegex",
        "assertWarns",
        "assertWarnsRegex",
        "assertLogs",
        "assertNoLogs",
    }
)
_WEAK_PREFIXES = ("check", "verify", "expect", "ensure", "validate", "must", "should")
_SUPPORT_HINTS = ("test", "conftest", "helper", "support", "util", "fixture", "assert", "check")
_FAIL_NAMES = frozenset({"pytest.fail", "pytest.raises", "pytest.warns", "pytest.deprecated_call"})
_TERMINATORS = frozenset({"pytest.skip", "pytest.xfail", "pytest.exit", "pytest.importorskip"})


class Asserts:
    """Assertion knowledge for one module: local helpers that assert, and call classification."""

    def __init__(self, index: ModuleIndex) -> None:
        self.index = index
        self._alias_cache: dict[int, frozenset[str]] = {}

    @cached_property
    def local_asserting(self) -> frozenset[str]:
        """Module functions ("name") and methods ("Class.name") that assert, transitively."""
        bodies: dict[str, FunctionNode] = dict(self.index.functions)
        # a test may call another test function as a helper (toolz does)
        bodies.update({t.short_name: t.node for t in self.index.tests if t.cls is None})
        for cls in self.index.classes.values():
            for item in cls.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    bodies[f"{cls.name}.{item.name}"] = item
        found: set[str] = set()
        changed = True
        while changed:
            changed = False
            for key, node in bodies.items():
                if key in found:
                    continue
                owner = key.split(".")[0] if "." in key else None
                if any(self._strong_node(n, owner, found) for n in walk_body(node, into_nested=True)):
                    found.add(key)
                    changed = True
        return frozenset(found)

    @cached_property
    def local_asserting_fixtures(self) -> frozenset[str]:
        return frozenset(
            f.short_name
            for f in self.index.fixtures
            if any(self._strong_node(n, None, set(self.local_asserting)) for n in walk_body(f.node))
        )

    # -- classification -------------------------------------------------------------------

    def _strong_node(self, node: ast.AST, owner: str | None, helpers: set[str] | frozenset[str]) -> bool:
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = self.index.resolve(target) or ""
            return name.endswith(("AssertionError", "failureException"))
        if isinstance(node, ast.Call):
            return self._strong_call(node, owner, helpers)
        return False

    def _strong_call(self, call: ast.Call, owner: str | None, helpers: set[str] | frozenset[str]) -> bool:
        name = call_name(call)
        if name.startswith(("assert", "Assert")) or name in _CHECK_CONTEXTS:
            return True
        resolved = self.index.resolve(call.func) or ""
        if resolved in _FAIL_NAMES:
            return True
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in ("self", "cls")
        ):
            if name == "fail" or name.startswith("fail"):
                return True
            if owner is not None and f"{owner}.{name}" in helpers:
                return True
            return (
                any(key.endswith(f".{name}") for key in helpers)
                or name in self.index.context.asserting_helpers
            )
        if isinstance(func, ast.Name):
            return func.id in helpers or func.id in self.index.context.asserting_helpers
        return False

    def strong(self, node: ast.AST, test: TestFunc) -> bool:
        owner = test.cls.name if test.cls is not None else None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in self._aliases(test)
        ):
            return True
        return self._strong_node(node, owner, self.local_asserting)

    def _aliases(self, test: TestFunc) -> frozenset[str]:
        """Local names bound to an assertion: ``eq = self.assertEqual``."""
        key = id(test.node)
        cached = self._alias_cache.get(key)
        if cached is None:
            names: set[str] = set()
            for stmt in walk_body(test.node):
                if (
                    isinstance(stmt, ast.Assign)
                    and isinstance(stmt.value, ast.Attribute)
                    and stmt.value.attr.startswith(("assert", "fail"))
                ):
                    names.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
            cached = self._alias_cache[key] = frozenset(names)
        return cached

    def is_fail_only(self, node: ast.AST) -> bool:
        """A check that can only fail (``self.fail``, ``pytest.fail``, ``raise AssertionError``)."""
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call):
            name = self.index.resolve(node.func) or ""
            return name == "pytest.fail" or (name.startswith("self.") and call_name(node).startswith("fail"))
        return False

    def weak_call(self, call: ast.Call, test: TestFunc) -> bool:
        """A call that may well check something, though covlift cannot prove it.

        Project code is never a check, whatever its name (``validate_username``
        is the unit under test, not an assertion).
        """
        func, name = call.func, call_name(call)
        head = func
        while isinstance(head, ast.Attribute):
            head = head.value
        if (
            isinstance(head, ast.Name)
            and head.id in self.index.imports
            and self.index.is_first_party(self.index.resolve(func) or "")
        ):
            return False
        if _check_like(name):
            return True
        resolved = self.index.resolve(func) or ""
        if name in ("exec", "eval") or resolved.startswith("doctest."):
            return True  # the executed code may assert
        if resolved in ("warnings.simplefilter", "warnings.filterwarnings") and _first_arg(call) == "error":
            return True  # warnings become errors: the test checks that none is raised
        if isinstance(func, ast.Name):
            dotted = self.index.imports.get(func.id)
            if dotted is None or func.id in self.index.context.known_helpers:
                return False
            module = dotted.rsplit(".", 1)[0].lower()
            return dotted.startswith(".") or any(h in module for h in _SUPPORT_HINTS)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
            cls = test.cls
            if cls is None or any(
                isinstance(i, ast.FunctionDef | ast.AsyncFunctionDef) and i.name == name for i in cls.body
            ):
                return False
            # a method inherited from a custom base class may assert
            return any(
                (self.index.resolve(b) or "").rsplit(".", 1)[-1]
                not in ("TestCase", "object", "IsolatedAsyncioTestCase")
                for b in cls.bases
            )
        return False

    def fixture_asserts(self, test: TestFunc) -> bool:
        names = {a.arg for a in test.node.args.args + test.node.args.kwonlyargs}
        return bool(names & (self.local_asserting_fixtures | self.index.context.asserting_fixtures))

    def any_assertion(self, test: TestFunc, *, into_nested: bool = True) -> tuple[bool, bool]:
        """(has a strong assertion, has a weak one) anywhere in the test."""
        strong = weak = False
        for node in walk_body(test.node, into_nested=into_nested):
            if self.strong(node, test):
                strong = True
                break
            if isinstance(node, ast.Call) and self.weak_call(node, test):
                weak = True
            elif isinstance(node, ast.Raise) and node.exc is not None:
                weak = True  # `raise Exception("did not raise")`: the test fails on that path
        return strong, weak

    def stmt_checks(self, stmt: ast.stmt, test: TestFunc) -> bool:
        """Whether executing this simple statement certainly performs a check."""
        if isinstance(stmt, ast.Assert):
            return True
        if isinstance(stmt, ast.With | ast.AsyncWith):
            return any(self._is_check_context(item.context_expr) for item in stmt.items)
        if isinstance(stmt, ast.If) and not stmt.orelse and self.fails(stmt.body, test):
            return True  # "if bad: pytest.fail(...)" is a hand-written assert
        if (
            isinstance(stmt, ast.Try | ast.TryStar)
            and stmt.handlers
            and all(self.fails(h.body, test) for h in stmt.handlers)
        ):
            return True  # "try: act / except E: pytest.fail(...)" checks that E is not raised
        if isinstance(stmt, ast.Expr | ast.Assign | ast.AnnAssign | ast.AugAssign | ast.Return):
            for node in walk_body_expr(stmt):
                if self.strong(node, test) or (isinstance(node, ast.Call) and self.weak_call(node, test)):
                    return True
        return False

    def _is_check_context(self, expr: ast.expr) -> bool:
        return isinstance(expr, ast.Call) and call_name(expr) in _CHECK_CONTEXTS

    def terminates(self, stmt: ast.stmt) -> bool:
        """A statement after which the test certainly stops: raise, pytest.skip/fail, skipTest."""
        if isinstance(stmt, ast.Raise):
            return True
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            name = self.index.resolve(stmt.value.func) or ""
            return (
                name in _TERMINATORS or name == "pytest.fail" or call_name(stmt.value) in ("skipTest", "fail")
            )
        return False

    def fails(self, body: list[ast.stmt], test: TestFunc) -> bool:
        """A block that ends by failing the test."""
        if not body:
            return False
        last = body[-1]
        if isinstance(last, ast.Raise):
            return True
        if isinstance(last, ast.Assert):
            return isinstance(last.test, ast.Constant) and not last.test.value
        if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
            name = self.index.resolve(last.value.func) or ""
            if name == "pytest.fail" or (call_name(last.value) == "fail" and name.startswith("self.")):
                return True
            func = last.value.func
            return isinstance(func, ast.Name) and func.id in self.failing_helpers
        return False

    @cached_property
    def failing_helpers(self) -> frozenset[str]:
        """Module functions that always end by raising (``raise AssertionError(diff)``)."""
        return frozenset(
            name
            for name, node in self.index.functions.items()
            if node.body and isinstance(node.body[-1], ast.Raise)
        )


def _first_arg(call: ast.Call) -> object:
    arg = call.args[0] if call.args else None
    return arg.value if isinstance(arg, ast.Constant) else None


def _check_like(name: str) -> bool:
    """``check``, ``check_total``, ``checkTotal`` — but not ``checkout``."""
    lower = name.lower()
    for prefix in _WEAK_PREFIXES:
        if lower.startswith(prefix):
            rest = name[len(prefix) :]
            return not rest or rest[0] == "_" or rest[0].isupper()
    return False


def walk_body_expr(stmt: ast.stmt) -> list[ast.AST]:
    """Nodes of a simple statement, without descending into lambdas."""
    out: list[ast.AST] = []
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, ast.Lambda):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return out
