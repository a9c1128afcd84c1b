"""Checks that need no run: the candidate compiles and passes covlift's audit rules.

The same rules that judge the project's own tests (covlift.audit: assertions that
can fail, no mocking of the unit under test, no sleeps or unseeded randomness, ...)
judge generated ones.
"""

from __future__ import annotations

import ast

from covlift.audit import audit_source
from covlift.generation.model import Candidate


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
    module = candidate.target.module.rsplit(".", 1)[-1]
    source = "\n".join(candidate.imports) + "\n\n\n" + candidate.body
    smells = audit_source(source, f"tests/covlift/test_{module}.py")
    return [f"audit {s.rule}: {s.message}" for s in smells]
