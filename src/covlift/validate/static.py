"""Checks that need no run: the candidate compiles, asserts behaviour, and mocks no unit.

When covlift's audit rules are installed (covlift.audit), they are applied too:
the same rules that judge the project's own tests judge generated ones.
"""

from __future__ import annotations

import ast

from covlift.generate.model import Candidate

_TRIVIAL = (ast.Constant,)


def _asserts(fn: ast.FunctionDef) -> list[ast.AST]:
    found: list[ast.AST] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Assert):
            found.append(node)
        elif isinstance(node, ast.With):
            for item in node.items:
                ctx = item.context_expr
                if isinstance(ctx, ast.Call) and ast.unparse(ctx.func) in (
                    "pytest.raises",
                    "pytest.warns",
                ):
                    found.append(node)
    return found


def _cannot_fail(node: ast.AST) -> bool:
    if not isinstance(node, ast.Assert):
        return False
    test = node.test
    if isinstance(test, _TRIVIAL):
        return True
    if isinstance(test, ast.Compare) and len(test.comparators) == 1:
        left, right = ast.unparse(test.left), ast.unparse(test.comparators[0])
        return left == right
    return False


def static_problems(candidate: Candidate) -> list[str]:
    """Reasons to reject a candidate before running it; empty when it may run."""
    try:
        tree = ast.parse(candidate.body)
        compile(tree, f"<{candidate.name}>", "exec")
    except SyntaxError as exc:
        return [f"does not compile: {exc.msg} (line {exc.lineno})"]
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if len(functions) != 1 or not functions[0].name.startswith("test"):
        return ["is not exactly one test function"]
    audited = _audit_rules(candidate)
    if audited is not None:
        return audited
    return _builtin_rules(candidate, functions[0])


def _builtin_rules(candidate: Candidate, fn: ast.FunctionDef) -> list[str]:
    """The minimum when covlift.audit is not installed: asserts that can fail, no mocked unit."""
    problems = []
    checks = _asserts(fn)
    if not checks:
        problems.append("asserts nothing")
    elif all(_cannot_fail(c) for c in checks):
        problems.append("its assertions cannot fail")
    target_name = candidate.target.name.split(".")[-1]
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in (
            "patch",
            "mock.patch",
            "unittest.mock.patch",
            "monkeypatch.setattr",
            "patch.object",
            "mock.patch.object",
        ):
            text = ast.unparse(node)
            if target_name in text:
                problems.append(f"mocks the unit under test ({target_name})")
    return problems


def _audit_rules(candidate: Candidate) -> list[str] | None:
    """The audit's findings as reasons, or None when covlift.audit is unavailable."""
    try:
        from covlift.audit import audit_source  # the same rules that judge the project's tests
    except ImportError:
        return None
    module = candidate.target.module.rsplit(".", 1)[-1]
    source = "\n".join(candidate.imports) + "\n\n\n" + candidate.body
    smells = audit_source(source, f"tests/covlift/test_{module}.py")
    return [f"audit {s.rule}: {s.message}" for s in smells]
