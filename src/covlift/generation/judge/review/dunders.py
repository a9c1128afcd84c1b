"""dunder-call: ``x.__and__(y)`` where an operator, builtin, statement or pickle/copy says it.

Allowed: ``super().__x__(...)`` in a test class, and a call whose result is
compared with ``NotImplemented`` (the only way to observe that protocol).
"""

from __future__ import annotations

import ast

from covlift.generation.judge.review.model import Finding
from covlift.generation.judge.review.view import TestView

_BINARY = {
    "add": "+",
    "sub": "-",
    "mul": "*",
    "matmul": "@",
    "truediv": "/",
    "floordiv": "//",
    "mod": "%",
    "pow": "**",
    "lshift": "<<",
    "rshift": ">>",
    "and": "&",
    "or": "|",
    "xor": "^",
}
_COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_PICKLE = "pickle.loads(pickle.dumps(obj))"

SPELLED: dict[str, str] = {
    **{f"__{n}__": f"a {op} b" for n, op in _BINARY.items()},
    **{f"__r{n}__": f"b {op} a" for n, op in _BINARY.items()},
    **{f"__i{n}__": f"a {op}= b" for n, op in _BINARY.items()},
    **{f"__{n}__": f"a {op} b" for n, op in _COMPARE.items()},
    "__neg__": "-a",
    "__pos__": "+a",
    "__invert__": "~a",
    "__abs__": "abs(a)",
    "__contains__": "x in obj",
    "__getitem__": "obj[key]",
    "__setitem__": "obj[key] = value",
    "__delitem__": "del obj[key]",
    "__missing__": "obj[missing_key]",
    "__len__": "len(obj)",
    "__iter__": "iter(obj) or a for loop",
    "__next__": "next(iterator)",
    "__reversed__": "reversed(obj)",
    "__hash__": "hash(obj)",
    "__bool__": "bool(obj) or `if obj:`",
    "__repr__": "repr(obj)",
    "__str__": "str(obj)",
    "__format__": "format(obj, spec) or an f-string",
    "__bytes__": "bytes(obj)",
    "__int__": "int(obj)",
    "__float__": "float(obj)",
    "__complex__": "complex(obj)",
    "__index__": "operator.index(obj)",
    "__round__": "round(obj)",
    "__trunc__": "math.trunc(obj)",
    "__floor__": "math.floor(obj)",
    "__ceil__": "math.ceil(obj)",
    "__call__": "obj(...)",
    "__enter__": "a `with obj:` block",
    "__exit__": "a `with obj:` block",
    "__aenter__": "an `async with obj:` block",
    "__aexit__": "an `async with obj:` block",
    "__await__": "await obj",
    "__aiter__": "async for",
    "__anext__": "async for",
    "__reduce__": _PICKLE,
    "__reduce_ex__": _PICKLE,
    "__getstate__": _PICKLE,
    "__setstate__": _PICKLE,
    "__getnewargs__": _PICKLE,
    "__getnewargs_ex__": _PICKLE,
    "__copy__": "copy.copy(obj)",
    "__deepcopy__": "copy.deepcopy(obj)",
    "__getattr__": "obj.name",
    "__getattribute__": "obj.name",
    "__setattr__": "obj.name = value",
    "__delattr__": "del obj.name",
    "__dir__": "dir(obj)",
    "__sizeof__": "sys.getsizeof(obj)",
    "__class_getitem__": "Cls[T]",
    "__instancecheck__": "isinstance(obj, Cls)",
    "__subclasscheck__": "issubclass(Sub, Cls)",
    "__length_hint__": "operator.length_hint(obj)",
    "__fspath__": "os.fspath(obj)",
}


def _against_not_implemented(view: TestView, call: ast.Call) -> bool:
    parent = view.parents.get(id(call))
    if not isinstance(parent, ast.Compare):
        return False
    sides = [parent.left, *parent.comparators]
    return any(isinstance(s, ast.Name) and s.id == "NotImplemented" for s in sides)


def check(view: TestView) -> list[Finding]:
    out = []
    for node in view.nodes:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        if name not in SPELLED:
            continue
        receiver = node.func.value
        if (
            isinstance(receiver, ast.Call)
            and isinstance(receiver.func, ast.Name)
            and receiver.func.id == "super"
        ):
            continue
        if _against_not_implemented(view, node):
            continue
        out.append(
            view.finding(
                "dunder-call",
                node,
                f"calls {name} explicitly; write {SPELLED[name]}, the way callers use it",
            )
        )
    return out
