"""duplicate: tests of one file that differ only in literals and assert the same outcome.

Two tests are duplicates when their code is the same once every literal is blanked,
except what they assert: the expected values compared against, and the exception
and message of ``pytest.raises``.  The first (by line) is the one to keep; the rest
are "duplicate of test_x; parametrize".
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Sequence

from covlift.generation.judge.review.model import Finding
from covlift.generation.judge.review.view import TestView


def _kept_constants(view: TestView) -> set[int]:
    """ids of the literals that state the outcome: expected values, exceptions and messages."""
    kept: set[int] = set()
    for node in view.nodes:
        if isinstance(node, ast.Assert) and isinstance(node.test, ast.Compare):
            for side in node.test.comparators:
                kept |= {id(n) for n in ast.walk(side)}
        elif isinstance(node, ast.Call) and view.raises_call(node) is not None:
            kept |= {id(n) for n in ast.walk(node)}
    return kept


class _Blank(ast.NodeTransformer):
    def __init__(self, keep: set[int]) -> None:
        self.keep = keep

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        operand = node.operand
        if (
            isinstance(node.op, ast.USub | ast.UAdd)
            and isinstance(operand, ast.Constant)
            and id(operand) not in self.keep
        ):
            return ast.Constant(value=type(operand.value).__name__)
        return self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if id(node) in self.keep:
            return node
        return ast.Constant(value=type(node.value).__name__)


def shape(view: TestView) -> str:
    """The test's code with the literals that do not state its outcome blanked."""
    fn = view.test.node
    keep = _kept_constants(view)
    # blank in place on a copy whose constants keep their identity in `keep`
    mapping: dict[int, ast.AST] = {}
    clone = copy.deepcopy(fn, memo={})
    for original, copied in zip(ast.walk(fn), ast.walk(clone), strict=True):
        mapping[id(copied)] = original
    kept = {id(c) for c in ast.walk(clone) if id(mapping[id(c)]) in keep}
    body = [_Blank(kept).visit(stmt) for stmt in clone.body]
    args = ast.dump(clone.args)
    return args + "|" + "|".join(ast.dump(b) for b in body)


def check(views: Sequence[TestView]) -> list[Finding]:
    first: dict[str, TestView] = {}
    out = []
    for view in sorted(views, key=lambda v: v.test.node.lineno):
        key = shape(view)
        if not any(isinstance(n, ast.Assert | ast.With) for n in view.nodes) or _parametrized(view):
            continue  # nothing asserted (audit's), or already one parametrized test per behaviour
        original = first.setdefault(key, view)
        if original is view:
            continue
        out.append(
            view.finding(
                "duplicate",
                view.test.node,
                f"duplicate of {original.name}: only the inputs differ and the outcome is the same; "
                "keep one, or parametrize them",
            )
        )
    return out


def _parametrized(view: TestView) -> bool:
    return any("parametrize" in ast.unparse(d) for d in view.test.node.decorator_list)
