"""private-api: a test names a private function, class, method or attribute of the project.

Allowed (a note, not a finding) only when nothing public reaches that code; a
private attribute read inside an ``assert`` is weak-oracle's to report.
"""

from __future__ import annotations

import ast

from covlift.generation.judge.review.facts import is_private, private_path
from covlift.generation.judge.review.model import Finding
from covlift.generation.judge.review.view import TestView, short

#: underscore names that are public API of the standard library's namedtuple and enum
PUBLIC_UNDERSCORE = frozenset(
    {"_asdict", "_replace", "_fields", "_make", "_field_defaults", "_missing_", "_value_", "_name_"}
)


def _name(node: ast.Name | ast.Attribute) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr


def _called(view: TestView, node: ast.AST) -> bool:
    parent = view.parents.get(id(node))
    return isinstance(parent, ast.Call) and parent.func is node


def _keys(view: TestView, node: ast.Name | ast.Attribute) -> list[str]:
    key = view.resolve(node)
    if key is not None:
        module, _, qual = key.partition(":")
        if f"{module}.{qual}" in view.context.modules or key in view.context.private_values:
            return []  # a private module, or a private value (weak-oracle's when asserted)
        return [key] if private_path(qual) else []
    if not isinstance(node, ast.Attribute):
        return []
    receiver = node.value
    while isinstance(receiver, ast.Attribute | ast.Call | ast.Subscript):
        receiver = receiver.func if isinstance(receiver, ast.Call) else receiver.value
    if isinstance(receiver, ast.Name) and (receiver.id == "self" or receiver.id in view.index.imports):
        return []  # the test class itself, or another library's module (sys._getframe)
    return list(view.context.private_members.get(node.attr, ()))


def check(view: TestView) -> list[Finding]:
    out: list[Finding] = []
    reported: set[str] = set()
    for node in view.nodes:
        if not isinstance(node, ast.Name | ast.Attribute):
            continue
        name = _name(node)
        if not is_private(name) or name in PUBLIC_UNDERSCORE or name in reported:
            continue
        keys = _keys(view, node)
        if not keys:
            continue
        is_data = (
            isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and not _called(view, node)
        )
        if is_data and view.assert_around(node) is not None:
            continue  # asserting a private attribute: weak-oracle
        reported.add(name)
        callers = [view.context.reach.get(k, "") for k in keys]
        caller = next((c for c in callers if c), "")
        what = short(keys[0]) if len(keys) == 1 else name
        if caller:
            out.append(
                view.finding(
                    "private-api",
                    node,
                    f"uses the private {what}; {short(caller)} runs that code, "
                    "so test the behaviour through it",
                )
            )
        else:
            out.append(
                view.finding(
                    "private-api",
                    node,
                    f"uses the private {what} directly: nothing public reaches that code",
                    "note",
                )
            )
    return out
