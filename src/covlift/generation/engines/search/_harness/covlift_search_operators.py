"""Special methods called the way code calls them: ``a & b``, ``x in c``, ``del c[k]``, ``len(c)``.

A reviewer rejects ``obj.__and__(other)``; the search calls a dunder method through
its operator, builtin or statement instead, so the test it keeps reads like
user code and exercises the same dispatch a user's code goes through.
"""

from __future__ import annotations

from collections.abc import Sequence

#: binary operators: ``obj OP arg``
BINARY = {
    "__add__": "+",
    "__sub__": "-",
    "__mul__": "*",
    "__matmul__": "@",
    "__truediv__": "/",
    "__floordiv__": "//",
    "__mod__": "%",
    "__pow__": "**",
    "__lshift__": "<<",
    "__rshift__": ">>",
    "__and__": "&",
    "__xor__": "^",
    "__or__": "|",
    "__eq__": "==",
    "__ne__": "!=",
    "__lt__": "<",
    "__le__": "<=",
    "__gt__": ">",
    "__ge__": ">=",
}
#: reflected operators: ``arg OP obj``
REFLECTED = {
    f"__r{name[2:]}": op
    for name, op in BINARY.items()
    if name[2:-2] not in ("eq", "ne", "lt", "le", "gt", "ge")
}
#: in-place operators, a statement: ``obj OP= arg``
IN_PLACE = {
    f"__i{name[2:]}": op
    for name, op in BINARY.items()
    if name[2:-2] not in ("eq", "ne", "lt", "le", "gt", "ge")
}
#: one-argument forms: the object goes where ``{}`` is
UNARY = {
    "__neg__": "-{}",
    "__pos__": "+{}",
    "__invert__": "~{}",
    "__abs__": "abs({})",
    "__len__": "len({})",
    "__bool__": "bool({})",
    "__hash__": "hash({})",
    "__repr__": "repr({})",
    "__str__": "str({})",
    "__int__": "int({})",
    "__float__": "float({})",
    "__complex__": "complex({})",
    "__iter__": "list({})",
    "__reversed__": "list(reversed({}))",
    "__next__": "next({})",
    "__copy__": "copy.copy({})",
    "__deepcopy__": "copy.deepcopy({})",
    "__reduce__": "pickle.loads(pickle.dumps({}))",
    "__reduce_ex__": "pickle.loads(pickle.dumps({}))",
    "__getstate__": "pickle.loads(pickle.dumps({}))",
    "__setstate__": "pickle.loads(pickle.dumps({}))",
}
#: the modules a form needs
FORM_IMPORTS = {
    "__copy__": ("copy", ""),
    "__deepcopy__": ("copy", ""),
    "__reduce__": ("pickle", ""),
    "__reduce_ex__": ("pickle", ""),
    "__getstate__": ("pickle", ""),
    "__setstate__": ("pickle", ""),
}


def has_form(method: str) -> bool:
    return (
        method in BINARY
        or method in REFLECTED
        or method in IN_PLACE
        or method in UNARY
        or method
        in (
            "__contains__",
            "__getitem__",
            "__setitem__",
            "__delitem__",
            "__call__",
            "__format__",
            "__round__",
        )
    )


def operator_form(method: str, obj: str, args: Sequence[str]) -> tuple[str, bool] | None:
    """(code, is_statement) calling ``obj.method(*args)`` the way user code does, or None."""
    n = len(args)
    if method in UNARY:
        # __deepcopy__(memo), __reduce_ex__(protocol), __setstate__(state): the round trip passes them
        return UNARY[method].format(obj), False
    if method in BINARY and n == 1:
        return f"{obj} {BINARY[method]} {args[0]}", False
    if method in REFLECTED and n == 1:
        return f"{args[0]} {REFLECTED[method]} {obj}", False
    if method in IN_PLACE and n == 1:
        return f"{obj} {IN_PLACE[method]}= {args[0]}", True
    if method == "__contains__" and n == 1:
        return f"{args[0]} in {obj}", False
    if method == "__getitem__" and n == 1:
        return f"{obj}[{args[0]}]", False
    if method == "__setitem__" and n == 2:
        return f"{obj}[{args[0]}] = {args[1]}", True
    if method == "__delitem__" and n == 1:
        return f"del {obj}[{args[0]}]", True
    if method == "__call__":
        return f"{obj}({', '.join(args)})", False
    if method == "__format__" and n == 1:
        return f"format({obj}, {args[0]})", False
    if method == "__round__" and n <= 1:
        return f"round({obj}{', ' + args[0] if args else ''})", False
    return None


#: the operators whose result a class of its own may keep (``Integer + 1`` stays an ``Integer``)
ARITHMETIC = frozenset(
    {
        *(m for m, op in BINARY.items() if op not in ("==", "!=", "<", "<=", ">", ">=")),
        *REFLECTED,
        "__neg__",
        "__pos__",
        "__invert__",
        "__abs__",
        "__round__",
        "__ceil__",
        "__floor__",
        "__trunc__",
    }
)
