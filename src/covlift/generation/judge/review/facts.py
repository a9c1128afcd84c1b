"""Facts of one project module from its AST: signatures, classes, imports, and private references.

Nothing is imported or run; a module that does not parse contributes nothing.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from covlift.generation.judge.review.model import Param, Signature

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
#: decorators that hand a function to a framework (a route, a hook, a command): it is called from outside
_REGISTRATION = frozenset(
    {
        *("register", "route", "get", "post", "put", "delete", "patch", "websocket", "command", "group"),
        *("hookimpl", "receiver", "connect", "task", "listens_for", "on", "handler", "subscribe"),
        *("callback", "fixture", "app", "api_view", "event", "validator", "field_validator"),
    }
)


def is_private(name: str) -> bool:
    """``_x`` is private; ``__x__`` (a protocol method) and ``x`` are not."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_path(qual: str) -> bool:
    return any(is_private(part) for part in qual.split("."))


@dataclass
class Refs:
    """Private names one unit of code (a def, a class body, a module body) uses."""

    names: set[str] = field(default_factory=set)  # bare names: module defs or imported names
    self_attrs: set[str] = field(default_factory=set)  # self._x / cls._x
    qualified: set[tuple[str, str]] = field(default_factory=set)  # Outer._Node, util._helper
    attrs: set[str] = field(default_factory=set)  # other._x on any other receiver


@dataclass
class ModuleScan:
    """Everything read from one module; joined with the others by ``context.build_context``."""

    module: str
    signatures: dict[str, Signature] = field(default_factory=dict)
    #: local name -> dotted name it was imported as ("pkg.util._helper")
    imports: dict[str, str] = field(default_factory=dict)
    #: qual of every def/class (and "" for the module body) -> the private names it uses
    refs: dict[str, Refs] = field(default_factory=dict)
    #: quals of defs and classes; their enclosing class (for self._x), if any
    owner_class: dict[str, str] = field(default_factory=dict)
    #: class qual -> base names as written
    bases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: defs registered by a decorator (routes, hooks): reached from outside the module
    registered: set[str] = field(default_factory=set)
    exported: set[str] = field(default_factory=set)  # names in __all__
    values: set[str] = field(default_factory=set)  # module-level non-def names
    sentinels: set[str] = field(default_factory=set)  # ... made as markers: object(), Sentinel(...)
    docstrings: list[str] = field(default_factory=list)
    functions: dict[str, FunctionNode] = field(default_factory=dict)
    class_nodes: dict[str, ast.ClassDef] = field(default_factory=dict)


def dotted(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except (ValueError, TypeError):  # pragma: no cover - unparse of a valid tree
        return ""


def params_of(args: ast.arguments, *, drop_first: bool) -> tuple[Param, ...]:
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    out = [
        Param(a.arg, dotted(a.annotation) if a.annotation else None, dotted(d) if d else None, "positional")
        for a, d in zip(positional, defaults, strict=True)
    ]
    if drop_first and out:
        out = out[1:]
    if args.vararg:
        out.append(Param(args.vararg.arg, None, None, "varargs"))
    for a, kd in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        out.append(
            Param(
                a.arg, dotted(a.annotation) if a.annotation else None, dotted(kd) if kd else None, "keyword"
            )
        )
    if args.kwarg:
        out.append(Param(args.kwarg.arg, None, None, "varkw"))
    return tuple(out)


def own_nodes(node: ast.AST) -> list[ast.AST]:
    """Nodes of a def's body, not descending into nested classes (their own units)."""
    out: list[ast.AST] = []
    stack = list(ast.iter_child_nodes(node))
    while stack:
        current = stack.pop()
        out.append(current)
        if not isinstance(current, ast.ClassDef):
            stack.extend(ast.iter_child_nodes(current))
    return out


def _returns_value(node: FunctionNode) -> bool:
    for n in own_nodes(node):
        if isinstance(n, ast.Yield | ast.YieldFrom):
            return True
        if (
            isinstance(n, ast.Return)
            and n.value is not None
            and not (isinstance(n.value, ast.Constant) and n.value.value is None)
        ):
            return True
    return False


def decorator_names(node: FunctionNode | ast.ClassDef) -> list[str]:
    names = []
    for d in node.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        names.append(dotted(target))
    return names


def _refs(nodes: list[ast.AST]) -> Refs:
    refs = Refs()
    for n in nodes:
        if isinstance(n, ast.Name) and is_private(n.id):
            refs.names.add(n.id)
        elif isinstance(n, ast.Attribute) and is_private(n.attr):
            if isinstance(n.value, ast.Name) and n.value.id in ("self", "cls"):
                refs.self_attrs.add(n.attr)
            elif isinstance(n.value, ast.Name):
                refs.qualified.add((n.value.id, n.attr))
            refs.attrs.add(n.attr)
        elif (
            isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name)
            and n.value.id not in ("self", "cls")
        ):
            refs.qualified.add((n.value.id, n.attr))  # Outer.Inner -> Inner may be private further down
    return refs


def _self_root(node: ast.AST) -> str | None:
    """``self.a``, ``self.a[k]``, ``self.a.b`` -> "a"."""
    while isinstance(node, ast.Subscript | ast.Attribute):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            return node.attr
        node = node.value
    return None


def touched(method: FunctionNode) -> tuple[set[str], set[str]]:
    """(attributes a method assigns or may mutate, self-methods it calls)."""
    attrs: set[str] = set()
    calls: set[str] = set()
    for n in own_nodes(method):
        targets: list[ast.AST] = []
        if isinstance(n, ast.Assign):
            targets = list(n.targets)
        elif isinstance(n, ast.AugAssign | ast.AnnAssign):
            targets = [n.target]
        elif isinstance(n, ast.Delete):
            targets = list(n.targets)
        elif isinstance(n, ast.Call):
            func = n.func
            if isinstance(func, ast.Attribute):
                if isinstance(func.value, ast.Name) and func.value.id == "self":
                    calls.add(func.attr)
                else:
                    root = _self_root(func.value)
                    if root:
                        attrs.add(root)  # self.items.append(...)
            if isinstance(func, ast.Name) and func.id == "setattr":
                attrs.add("*")
            targets = [a for a in n.args if _self_root(a)]  # passed on: may be changed there
        for t in targets:
            for element in t.elts if isinstance(t, ast.Tuple | ast.List) else [t]:
                root = _self_root(element)
                if root:
                    attrs.add(root)
    return attrs, calls


class _Scanner:
    def __init__(self, module: str, tree: ast.Module) -> None:
        self.scan = ModuleScan(module)
        self.tree = tree

    def run(self) -> ModuleScan:
        scan = self.scan
        if ast.get_docstring(self.tree):
            scan.docstrings.append(ast.get_docstring(self.tree) or "")
        self._imports()
        module_level: list[ast.AST] = []
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self._function(node, "", None)
                module_level.extend(n for d in node.decorator_list for n in ast.walk(d))
                module_level.extend(
                    n for d in (*node.args.defaults, *node.args.kw_defaults) if d for n in ast.walk(d)
                )
            elif isinstance(node, ast.ClassDef):
                self._class(node, "")
                module_level.extend(n for d in [*node.decorator_list, *node.bases] for n in ast.walk(d))
            else:
                module_level.extend(ast.walk(node))
                self._module_values(node)
        scan.refs[""] = _refs(module_level)
        return scan

    def _imports(self) -> None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = self.scan.module.split(".")
                    anchor = parts[: len(parts) - node.level] if len(parts) >= node.level else []
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:
                    if alias.name != "*":
                        self.scan.imports[alias.asname or alias.name] = (
                            f"{base}.{alias.name}" if base else alias.name
                        )
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.scan.imports[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0]
                    )

    def _module_values(self, node: ast.stmt) -> None:
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            return
        targets = list(node.targets) if isinstance(node, ast.Assign) else [node.target]
        for t in targets:
            if not isinstance(t, ast.Name):
                continue
            self.scan.values.add(t.id)
            value = node.value
            made = dotted(value.func).rsplit(".", 1)[-1].lower() if isinstance(value, ast.Call) else ""
            marker = any(
                w in t.id.lower() for w in ("missing", "sentinel", "unset", "notset", "marker", "nothing")
            )
            if made == "object" or "sentinel" in made or "marker" in made or (marker and made):
                self.scan.sentinels.add(t.id)
            if t.id == "__all__" and isinstance(node.value, ast.List | ast.Tuple):
                self.scan.exported |= {
                    e.value
                    for e in node.value.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                }

    def _function(self, node: FunctionNode, prefix: str, cls: str | None) -> None:
        qual = f"{prefix}{node.name}"
        decorators = decorator_names(node)
        static = any(d.endswith("staticmethod") for d in decorators)
        key = f"{self.scan.module}:{qual}"
        self.scan.signatures[qual] = Signature(
            key,
            params_of(node.args, drop_first=cls is not None and not static),
            dotted(node.returns) if node.returns else None,
            _returns_value(node),
            node.lineno,
        )
        self.scan.functions[qual] = node
        self.scan.refs[qual] = _refs(own_nodes(node))
        if cls is not None:
            self.scan.owner_class[qual] = cls
        if any(
            d.rsplit(".", 1)[-1] in _REGISTRATION or d.rsplit(".", 1)[-1].startswith("register")
            for d in decorators
        ):
            self.scan.registered.add(qual)
        if ast.get_docstring(node):
            self.scan.docstrings.append(ast.get_docstring(node) or "")

    def _class(self, node: ast.ClassDef, prefix: str) -> None:
        qual = f"{prefix}{node.name}"
        self.scan.class_nodes[qual] = node
        self.scan.bases[qual] = tuple(dotted(b) for b in node.bases)
        if ast.get_docstring(node):
            self.scan.docstrings.append(ast.get_docstring(node) or "")
        body_nodes: list[ast.AST] = []
        for item in node.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                self._function(item, f"{qual}.", qual)
                body_nodes.extend(n for d in item.decorator_list for n in ast.walk(d))
            elif isinstance(item, ast.ClassDef):
                self._class(item, f"{qual}.")
                self.scan.owner_class[f"{qual}.{item.name}"] = qual
            else:
                body_nodes.extend(ast.walk(item))
        self.scan.refs[qual] = _refs(body_nodes)


def scan_module(module: str, source: str) -> ModuleScan | None:
    """The facts of one module's source, or None when it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    return _Scanner(module, tree).run()


_TIMEDELTA_SECONDS = {
    "weeks": 604800.0,
    "days": 86400.0,
    "hours": 3600.0,
    "minutes": 60.0,
    "seconds": 1.0,
    "milliseconds": 0.001,
    "microseconds": 1e-6,
}


def number(node: ast.expr) -> float | None:
    """The value of a numeric literal, ``-1``, or a literal ``timedelta(...)`` (in seconds)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = number(node.operand)
        return -inner if inner is not None else None
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        return float(node.value)
    if isinstance(node, ast.Call) and ast.unparse(node.func).rsplit(".", 1)[-1] == "timedelta":
        total = 0.0
        positional = ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"]
        pairs = [(positional[i], a) for i, a in enumerate(node.args) if i < len(positional)]
        pairs += [(k.arg, k.value) for k in node.keywords if k.arg]
        for unit, arg in pairs:
            value = number(arg)
            if value is None or unit not in _TIMEDELTA_SECONDS:
                return None
            total += value * _TIMEDELTA_SECONDS[unit]
        return total
    return None
