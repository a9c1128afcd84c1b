"""What a function's source and a value say about an outcome: whether None is an answer,
whether a method can change its object, the stable part of a message, the code that
rebuilds an object equal to a returned one."""

from __future__ import annotations

import ast
import inspect
import re
import sys
import textwrap
import typing
from typing import Any

#: parts of a message that change between runs: addresses, uuids and hex ids, timestamps
_UNSTABLE = re.compile(
    r"0x[0-9a-fA-F]{4,}|\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b"
    r"|\b[0-9a-f]{16,}\b|\d{4}-\d\d-\d\d[T ]\d\d:\d\d|<[^<>]* object at [^<>]*>"
    r"|\bdict_(?:keys|values|items)\("  # a view's repr: how Python prints it, not the message
    r"|<[A-Za-z_][\w.]*\("  # an object's repr (`<Schema(many=False)>`): it may change, harmlessly
)
#: the shortest stable start of a message worth matching
_MIN_PREFIX = 8


def stable_message(message: str) -> str:
    """The part of an exception message a test can match every run: up to the first address,
    id or timestamp, on its first line ("" when too little of it is stable)."""
    text = message.split("\n", 1)[0]
    unstable = _UNSTABLE.search(text)
    if unstable is not None:
        text = text[: unstable.start()]
    if len(text) > 200:
        text = text[:200].rsplit(" ", 1)[0]
    if text == message:
        return text
    text = text.rstrip(" ([{'\":,=")
    return text if len(text) >= _MIN_PREFIX else ""


def function_node(func: Any) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The function's definition, parsed from its source (None where there is none to read)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return None
    fn = tree.body[0] if tree.body else None
    return fn if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


def restates_a_constant(func: Any) -> bool:
    """Is the function's whole body ``return 2`` (after its docstring)?  Its test could only
    restate the code (``assert item.discriminant == 2``): a reviewer rejects it."""
    fn = function_node(func)
    if fn is None:
        return False
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return False
    value = body[0].value
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):  # return -1
        value = value.operand
    return isinstance(value, ast.Constant) and value.value is not None


def plumbing_params(func: Any) -> frozenset[str]:
    """Optional parameters (default None) the function first hands to a helper and replaces by
    what it gives back (``sigspec, rv = _check_sigspec(sigspec, func)``): a precomputed value
    its own callers pass along, never a value a reader of a test would choose."""
    fn = function_node(func)
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return frozenset()
    if fn is None:
        return frozenset()
    optional = {name for name, p in signature.parameters.items() if p.default is None}
    found = set()
    for node in ast.walk(fn):
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
            continue
        stored = {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        passed = {a.id for a in node.value.args if isinstance(a, ast.Name)}
        found |= optional & stored & passed
    return frozenset(found)


def unpacked_params(func: Any) -> frozenset[str]:
    """Parameters the function unpacks into names (``num_pos, func, exclude, spec = sig``): a
    record of values, which a text only fits by the accident of its letters."""
    fn = function_node(func)
    if fn is None:
        return frozenset()
    params = {a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]}
    return frozenset(
        node.value.id
        for node in ast.walk(fn)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in params
        if any(isinstance(t, (ast.Tuple, ast.List)) for t in node.targets)
    )


def only_raises_not_implemented(func: Any) -> bool:
    """Is the function's whole body (after its docstring) ``raise NotImplementedError``: a hook
    its subclasses fill in?"""
    if "NotImplementedError" not in func.__code__.co_names:
        return False
    fn = function_node(func)
    if fn is None:
        return False
    body = fn.body[1:] if ast.get_docstring(fn) is not None else fn.body
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    raised = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def returns_an_answer(func: Any) -> bool:
    """Whether a None from ``func`` answers something (an Optional lookup), or is just what a
    procedure returns.  Annotated: the annotation says; else: a ``return`` with a value."""
    if func is None:
        return False
    try:
        hints = typing.get_type_hints(func)
    except Exception:
        hints = dict(getattr(func, "__annotations__", {}) or {})
    if "return" in hints:
        hint = hints["return"]
        if isinstance(hint, str):
            spelled = hint.replace(" ", "")
            return spelled not in ("None", "NoReturn") and (
                "None" in spelled.split("|") or "Optional[" in spelled or spelled.startswith("Any")
            )
        if hint is None or hint is type(None):
            return False
        args = typing.get_args(hint)
        return type(None) in args or hint is typing.Any or hint is object
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return False
    return any(isinstance(node, ast.Return) and node.value is not None for node in _own_nodes(tree.body[0]))


def _own_nodes(fn: ast.AST) -> list[ast.AST]:
    """The nodes of a function's body, not those of functions nested in it."""
    out: list[ast.AST] = []
    todo = list(ast.iter_child_nodes(fn))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        out.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return out


#: methods of builtin containers that change them
_MUTATORS = frozenset(
    {
        "append",
        "add",
        "update",
        "pop",
        "popitem",
        "remove",
        "discard",
        "clear",
        "extend",
        "insert",
        "setdefault",
    }
)


def mutates(func: Any) -> bool:
    """Whether a method may change its object: it assigns or deletes through ``self``, calls a
    changing method of one of its containers, or calls another of its own methods."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return False
    fn = tree.body[0]
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or not fn.args.args:
        return False
    me = fn.args.args[0].arg
    for node in _own_nodes(fn):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id == me:
                return True  # another method of the object
            if node.func.attr in _MUTATORS and _rooted_at(owner, me):
                return True
        if any(not isinstance(t, ast.Name) and _rooted_at(t, me) for t in targets):
            return True
    return False


def prepared(obj: Any, case: dict[str, Any] | None) -> bool:
    """Whether a step before the call may have changed the object (calls a changing method)."""
    for step in (case or {}).get("steps") or ():
        for method in re.findall(r"\bobj\.(\w+)\(", step):
            if mutates(getattr(type(obj), method, None)):
                return True
    return False


def _rooted_at(expr: ast.expr, name: str) -> bool:
    while isinstance(expr, (ast.Attribute, ast.Subscript)):
        expr = expr.value
    return isinstance(expr, ast.Name) and expr.id == name


#: builtins a repr may use to spell what an object holds
_REPR_BUILTINS = {"set": set, "frozenset": frozenset, "list": list, "tuple": tuple, "dict": dict}


def rebuilt(value: Any) -> dict[str, Any] | None:
    """``Code(12)`` / ``complement({1, 2})`` for an object whose class compares by value and
    whose repr is code that builds an equal one from its module's public names (the assertion
    then is ``result == Code(12)``: equality, not the text of a repr)."""
    cls: Any = type(value)
    if cls.__eq__ is object.__eq__ or cls.__repr__ is object.__repr__:
        return None
    module = sys.modules.get(cls.__module__)
    if module is None:
        return None
    try:
        text = repr(value)
        tree = ast.parse(text, mode="eval")
    except Exception:
        return None
    if len(text) > 300:
        return None
    namespace: dict[str, Any] = {"__builtins__": {}}
    imports: set[tuple[str, str]] = set()
    for name in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}:
        if name in _REPR_BUILTINS:
            namespace[name] = _REPR_BUILTINS[name]
            continue
        found = getattr(module, name, None)
        if name.startswith("_") or not callable(found):
            return None  # a private helper, or a name the module does not offer
        namespace[name] = found
        imports.add((cls.__module__, name))
    if not imports or any(isinstance(n, ast.Attribute) for n in ast.walk(tree)):
        return None
    try:
        equal = eval(compile(tree, "<repr>", "eval"), namespace) == value
    except Exception:
        return None
    if equal is not True:
        return None
    return {"code": text, "approx": False, "imports": sorted(imports)}


def public_name(value: Any, module_name: str = "") -> dict[str, Any] | None:
    """``missing`` for an object the module under test (or its class's module) offers under a
    public name, a marker such as marshmallow's ``missing``: the assertion is ``result is missing``."""
    cls = type(value)
    if cls.__module__ == "builtins" or isinstance(value, type) or callable(value):
        return None
    for where in dict.fromkeys([module_name, cls.__module__]):
        module = sys.modules.get(where) if where else None
        for name, held in sorted(vars(module).items()) if module is not None else ():
            if held is value and not name.startswith("_"):
                return {"code": name, "approx": False, "imports": [[where, name]], "identity": True}
    return None


def private_code(code: str) -> bool:
    """Code naming a private module value or class (an internal sentinel, a _Marker enum)."""
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError:
        return True
    for node in ast.walk(tree):
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
        if name.startswith("_") and not name.startswith("__"):
            return True
    return False
