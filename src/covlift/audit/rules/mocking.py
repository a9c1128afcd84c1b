"""mocked-unit and over-mocking: what a test replaces with mocks.

Patches are read from ``@patch``/``@patch.object`` decorators (on the test or
its class), ``patch(...)``/``patch.object(...)`` calls, ``mocker.patch*`` and
``monkeypatch.setattr``.  A patch with ``wraps=`` runs the real code and is not
counted.

*mocked-unit* is decided by name, conservatively: the patched attribute must be
what the test is named after (``test_<name>...`` or ``class Test<Name>``) **and**
the test must call it.  *over-mocking* counts first-party targets only.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from covlift.audit.rules import Hit
from covlift.audit.rules._asserts import Asserts
from covlift.audit.source import ModuleIndex, TestFunc, snake, walk_body

_MOCKERS = frozenset({"mocker", "module_mocker", "class_mocker", "package_mocker", "session_mocker"})


@dataclass(frozen=True, slots=True)
class Patch:
    """One replaced name: its owner (module or class, dotted when known) and attribute."""

    owner: str | None
    attr: str
    line: int
    node: ast.Call

    @property
    def target(self) -> str | None:
        return f"{self.owner}.{self.attr}" if self.owner else None


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _kw(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _from_dotted(text: str | None, call: ast.Call) -> Patch | None:
    if not text or "." not in text:
        return None
    owner, attr = text.rsplit(".", 1)
    return Patch(owner, attr, call.lineno, call)


def _from_object(obj: ast.expr, attr: ast.expr | None, call: ast.Call, index: ModuleIndex) -> Patch | None:
    name = _string(attr)
    if name is None:
        return None
    return Patch(index.resolve(obj), name, call.lineno, call)


def patch_of(call: ast.Call, index: ModuleIndex) -> Patch | None:
    """The patch a call makes, or None when it is not a name-replacing patch."""
    if _kw(call, "wraps") is not None:
        return None
    func = call.func
    resolved = index.resolve(func) or ""
    args = call.args
    receiver = func.value if isinstance(func, ast.Attribute) else None
    if isinstance(receiver, ast.Name) and receiver.id in _MOCKERS and isinstance(func, ast.Attribute):
        if func.attr == "patch":
            return _from_dotted(_string(args[0] if args else _kw(call, "target")), call)
        return None
    if (
        isinstance(receiver, ast.Attribute)
        and isinstance(receiver.value, ast.Name)
        and (
            receiver.value.id in _MOCKERS
            and receiver.attr == "patch"
            and isinstance(func, ast.Attribute)
            and func.attr == "object"
            and len(args) >= 2
        )
    ):
        return _from_object(args[0], args[1], call, index)
    if isinstance(receiver, ast.Name) and receiver.id == "monkeypatch" and isinstance(func, ast.Attribute):
        if func.attr != "setattr" or not args:
            return None
        text = _string(args[0])
        if text is not None and len(args) == 2:
            return _from_dotted(text, call)
        return _from_object(args[0], args[1] if len(args) > 1 else None, call, index)
    if resolved.endswith("mock.patch") or resolved == "patch":
        return _from_dotted(_string(args[0] if args else _kw(call, "target")), call)
    if (resolved.endswith("mock.patch.object") or resolved == "patch.object") and len(args) >= 2:
        return _from_object(args[0], args[1], call, index)
    return None


def patches(test: TestFunc, index: ModuleIndex) -> list[Patch]:
    """Every patch the test makes, decorators of its class included."""
    decorators = list(test.node.decorator_list)
    if test.cls is not None:
        decorators += test.cls.decorator_list
    found = [p for d in decorators if isinstance(d, ast.Call) and (p := patch_of(d, index))]
    for node in walk_body(test.node):
        if isinstance(node, ast.Call) and (p := patch_of(node, index)):
            found.append(p)
    return found


def _outside_patches(test: TestFunc, found: list[Patch]) -> Iterator[ast.AST]:
    """Body nodes that are not part of a patch call."""
    skip = {id(p.node) for p in found}
    stack: list[ast.AST] = list(test.node.body)
    while stack:
        node = stack.pop()
        if id(node) in skip:
            continue
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            stack.extend(ast.iter_child_nodes(node))


def _unit_names(test: TestFunc) -> tuple[str, str]:
    stem = test.short_name.removeprefix("test").lstrip("_").lower()
    cls = snake(test.cls.name.removeprefix("Test")) if test.cls is not None else ""
    return stem, cls


def _named_after(attr: str, stem: str, cls: str) -> bool:
    s = snake(attr).strip("_")
    return bool(s) and (stem == s or stem.startswith(s + "_") or cls == s)


def _calls(node: ast.AST, patch: Patch, index: ModuleIndex) -> bool:
    """Whether ``node`` calls the patched name (or, for a class, builds or uses it)."""
    target = node.func if isinstance(node, ast.Call) else None
    if target is None:
        return False
    if isinstance(target, ast.Name):
        return target.id == patch.attr
    if isinstance(target, ast.Attribute):
        if target.attr == patch.attr:
            receiver = index.resolve(target.value)
            known_module = (
                receiver is not None
                and target.value is not None
                and isinstance(target.value, ast.Name)
                and target.value.id in index.imports
            )
            return not known_module or receiver == patch.owner
        inner = target.value
        return patch.attr[:1].isupper() and isinstance(inner, ast.Name) and inner.id == patch.attr
    return False


def mocked_unit(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    found = patches(test, index)
    if not found:
        return
    stem, cls = _unit_names(test)
    body = list(_outside_patches(test, found))
    for patch in found:
        if not _named_after(patch.attr, stem, cls):
            continue
        if any(_calls(node, patch, index) for node in body):
            what = patch.target or patch.attr
            yield Hit(
                "mocked-unit",
                patch.line,
                f"{what} is patched, but it is the unit this test is named after and calls",
            )
            return


def _first_party_refs(test: TestFunc, found: list[Patch], index: ModuleIndex) -> set[str]:
    """First-party names the test uses for real: ``Cart``, ``orders.checkout``..."""
    refs: set[str] = set()
    consumed: set[int] = set()
    nodes = list(_outside_patches(test, found))
    for node in nodes:
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in index.imports
        ):
            dotted = index.resolve(node)
            consumed.add(id(node.value))
            if dotted and index.is_first_party(dotted):
                refs.add(dotted)
    for node in nodes:
        if isinstance(node, ast.Name) and id(node) not in consumed and node.id in index.imports:
            dotted = index.resolve(node)
            if dotted and isinstance(node.ctx, ast.Load) and index.is_first_party(dotted):
                refs.add(dotted)
    return refs


def over_mocking(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    found = patches(test, index)
    context = index.context
    if len(found) < context.over_mocking_min_patches:
        return
    patched = {p.target for p in found if p.target and index.is_first_party(p.target)}
    if len(patched) < context.over_mocking_min_patches:
        return
    real = _first_party_refs(test, found, index) - patched
    share = len(patched) / (len(patched) + max(len(real), 1))
    if share > context.over_mocking_share:
        yield Hit(
            "over-mocking",
            test.node.lineno,
            f"{len(patched)} first-party names patched against {max(len(real), 1)} used for real "
            f"({share:.0%} > {context.over_mocking_share:.0%})",
        )


CHECKS = (("mocked-unit", mocked_unit), ("over-mocking", over_mocking))
