"""Who calls whom inside one module, to reach private code through its public callers.

A maintainer wants ``gateway.refund(...)``, not ``_refund_body(...)``: the search
looks for a private target's missing lines through the public functions and
methods that call it (directly or through other private helpers), and calls the
private name itself only when nothing public reaches it.
"""

from __future__ import annotations

import ast
from collections import deque


def is_private(qualname: str) -> bool:
    """``_helper``, ``Class._send``, ``_Node.walk``: a part starts with ``_`` and is no dunder."""
    return any(
        part.startswith("_") and not (part.startswith("__") and part.endswith("__"))
        for part in qualname.split(".")
    )


class CallGraph:
    """Calls between the module's own functions and methods, read from its source."""

    def __init__(self, source: str) -> None:
        #: qualname -> qualnames it calls (or reads, for properties)
        self.calls: dict[str, set[str]] = {}
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return
        functions = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
        members = {
            name: {m.name for m in node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}
            for name, node in classes.items()
        }
        bases = {
            name: [b for b in map(_base_name, node.bases) if b in classes] for name, node in classes.items()
        }
        nodes: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.calls[node.name] = _called(node, None, functions, members, bases)
            elif isinstance(node, ast.ClassDef):
                for member in node.body:
                    if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        qualname = f"{node.name}.{member.name}"
                        nodes[qualname] = member
                        self.calls[qualname] = _called(member, node.name, functions, members, bases)
        # a module-level object made of a private class (`rrulestr = _rrulestr()`): calling it is
        # the public way into the class's `__call__`
        for node in tree.body:
            if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
                continue
            made = node.value.func
            cls = made.id if isinstance(made, ast.Name) else None
            if cls is None or "__call__" not in members.get(cls, ()) or not is_private(cls):
                continue
            for target in node.targets:
                if isinstance(target, ast.Name) and not is_private(target.id):
                    self.calls[target.id] = {f"{cls}.__call__"}
        # an inherited method called on a subclass reaches the subclass's overrides of what it
        # calls on self: Email().deserialize(...) runs Email._deserialize, through Field.deserialize
        for cls in classes:
            for name in _inherited(cls, members, bases):
                defining = _defining(cls, name, members, bases)
                if defining is not None and f"{defining}.{name}" in nodes:
                    member = nodes[f"{defining}.{name}"]
                    self.calls[f"{cls}.{name}"] = _called(member, cls, functions, members, bases)

    def all_callers(self, target: str, limit: int = 8) -> list[str]:
        """Every function or method whose calls lead to ``target``, private or not, nearest first:
        in a private module all of them are the package's insides (``toolz._signatures``'s
        ``check_arity`` <- ``_is_arity``, which ``toolz.functoolz.is_arity`` calls)."""
        callers: dict[str, set[str]] = {}
        for caller, callees in self.calls.items():
            for callee in callees:
                callers.setdefault(callee, set()).add(caller)
        found: list[str] = []
        queue = deque([target])
        while queue and len(found) < limit:
            for caller in sorted(callers.get(queue.popleft(), ())):
                if caller != target and caller not in found:
                    found.append(caller)
                    queue.append(caller)
        return found[:limit]

    def public_callers(self, target: str, limit: int = 4) -> list[str]:
        """The nearest public functions or methods whose calls lead to ``target`` (through private
        ones only), nearest first."""
        callers: dict[str, set[str]] = {}
        for caller, callees in self.calls.items():
            for callee in callees:
                callers.setdefault(callee, set()).add(caller)
        found: list[str] = []
        seen = {target}
        queue = deque([target])
        while queue and len(found) < limit:
            current = queue.popleft()
            own = target.split(".")[0]  # the target's own class first: String.deserialize, not Email's
            for caller in sorted(callers.get(current, ()), key=lambda c: (c.split(".")[0] != own, c)):
                if caller in seen:
                    continue
                seen.add(caller)
                if is_private(caller):
                    queue.append(caller)
                else:
                    found.append(caller)
        return found[:limit]


def _base_name(node: ast.expr) -> str | None:
    """``Field`` for ``Field`` and for a generic ``Field[str]``."""
    if isinstance(node, ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _inherited(cls: str, members: dict[str, set[str]], bases: dict[str, list[str]]) -> set[str]:
    """Method names ``cls`` gets from its bases in the module and does not define itself."""
    names: set[str] = set()
    stack, seen = list(bases.get(cls, ())), {cls}
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            names |= members.get(current, set())
            stack.extend(bases.get(current, ()))
    return names - members.get(cls, set())


def _defining(cls: str, attr: str, members: dict[str, set[str]], bases: dict[str, list[str]]) -> str | None:
    """The class of the module that defines ``attr`` for ``cls``: itself, else its bases, depth first."""
    seen: set[str] = set()
    stack = [cls]
    while stack:
        current = stack.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if attr in members.get(current, ()):
            return current
        stack.extend(bases.get(current, ()))
    return None


def _called(
    function: ast.AST,
    owner: str | None,
    functions: set[str],
    members: dict[str, set[str]],
    bases: dict[str, list[str]],
) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(function):
        prefix = _dispatch_prefix(node) if owner else None
        if prefix is not None and owner is not None:  # getattr(self, "_handle_" + name): every handler
            for cls in (owner, *bases.get(owner, ())):
                out |= {f"{cls}.{m}" for m in members.get(cls, ()) if m.startswith(prefix)}
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id in functions:
                out.add(node.id)
            elif node.id in members:
                out.add(f"{node.id}.__init__")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            base = node.value.id
            defining = (
                _defining(owner, node.attr, members, bases) if base in ("self", "cls") and owner else None
            )
            if defining is not None:
                out.add(f"{defining}.{node.attr}")
                if defining != owner:  # inherited: as the owner's own (its overrides of what it calls)
                    out.add(f"{owner}.{node.attr}")
            elif base in members and node.attr in members[base]:
                out.add(f"{base}.{node.attr}")
    return out


def _dispatch_prefix(node: ast.AST) -> str | None:
    """``"_handle_"`` for ``getattr(self, "_handle_" + name)`` (or an f-string that starts so):
    a method dispatching on a name calls each method of that prefix."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"):
        return None
    if len(node.args) < 2 or not (isinstance(node.args[0], ast.Name) and node.args[0].id in ("self", "cls")):
        return None
    name = node.args[1]
    first = name.left if isinstance(name, ast.BinOp) and isinstance(name.op, ast.Add) else None
    if isinstance(name, ast.JoinedStr) and name.values:
        first = name.values[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str) and len(first.value) > 1:
        return first.value
    return None
