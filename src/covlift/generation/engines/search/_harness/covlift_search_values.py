"""Values written as code: the arguments and expected results of generated tests."""

from __future__ import annotations

import ast
import collections.abc
import dataclasses
import datetime
import decimal
import enum
import functools
import inspect
import math
import re
import sys
import types
import typing
from typing import Any

from covlift_search_callgraph import is_private

#: the list a mocked HTTP transport keeps the requests it answers in (``lambda request:
#: sent.append(request) or httpx.Response(...)``): what the code sent is behaviour a test asserts
SENT = "sent"
#: the connected pair of sockets a test makes first; the code under test gets one end, the other
#: stays open in the test (a peer garbage-collected at once would close the connection)
PAIR = "pair"

#: how a value may be used: "typical" values build objects and make ordinary calls; "edge"
#: values (empty, zero, negative, out of range) go to call arguments, for the branches that
#: refuse them; a "wrong-type" value belongs only in a test that asserts the error it causes
TIERS = ("typical", "edge", "wrong-type")


@dataclasses.dataclass(frozen=True)
class Val:
    """A value written as code, with the imports the code needs and its tier (not part of
    equality: the same code is one value whatever tier a pool gave it)."""

    code: str
    imports: frozenset[tuple[str, str]] = frozenset()  # (module, name); name "" = import module
    tier: str = dataclasses.field(default="typical", compare=False)

    def as_tier(self, tier: str) -> Val:
        return self if self.tier == tier else dataclasses.replace(self, tier=tier)

    def join(self, *others: Val) -> frozenset[tuple[str, str]]:
        out = set(self.imports)
        for o in others:
            out |= o.imports
        return frozenset(out)


def _imp_name(obj: Any) -> tuple[str, str] | None:
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if not module or not qualname or not all(part.isidentifier() for part in qualname.split(".")):
        return None  # locals, lambdas, parametrized generics such as Page[Item]
    top = qualname.split(".")[0]
    return (home_of(module, top), top)


@functools.lru_cache(maxsize=4096)
def home_of(module: str, name: str) -> str:
    """The public module a project's tests import ``name`` from: ``attr`` for ``attr._make``'s
    ``attrs``, the shortest public module of the package that re-exports the very object; the
    module itself when it is public or nothing re-exports it."""
    if not is_private(module):
        return module
    defined = getattr(sys.modules.get(module), name, None)
    if defined is None:
        return module
    if "." not in module and getattr(sys.modules.get(module[1:]), name, None) is defined:
        return module[1:]  # the standard library's C half: operator.add, not _operator.add
    for other in public_modules(module.split(".")[0]):
        if getattr(sys.modules.get(other), name, None) is defined:
            return other
    return module


def public_modules(package: str) -> list[str]:
    """The loaded modules of the package with no private part, the shallowest first."""
    return sorted(
        (
            other
            for other in list(sys.modules)
            if (other == package or other.startswith(package + "."))
            and not any(p.startswith("_") for p in other.split("."))
        ),
        key=lambda other: (other.count("."), other),
    )


def ref_of(obj: Any) -> Val | None:
    """Code that names a class, enum or function importable from its module (a class made at
    run time, ``Schema.from_dict``'s ``GeneratedSchema`` of module ``abc``, is not)."""
    if getattr(obj, "__module__", None) == "builtins":
        return Val(obj.__qualname__)
    imp = _imp_name(obj)
    if imp is None:
        return None
    found: Any = sys.modules.get(imp[0])
    if found is not None:
        for part in obj.__qualname__.split("."):
            found = getattr(found, part, None)
        if found is not obj:
            return None
    return Val(obj.__qualname__, frozenset({imp}))


#: the builtin types written as literals: a subclass of one is another value when passed in
_PLAIN = (str, bytes, int, float, list, dict, set, frozenset, tuple)


def to_code(value: Any, depth: int = 0, as_input: bool = False) -> tuple[Val, bool] | None:
    """(code rebuilding an equal value, needs_approx) or None when it cannot be written.

    ``as_input``: code that builds the value as its author did, to pass it again: a pydantic
    model's fields that were set, a dataclass's fields that differ from their defaults
    (``Order(customer_id=1, lines=[...])``, not its id=None and a clock's created_at)."""
    if depth > 4:
        return None
    if isinstance(value, enum.Enum):  # before str/int: str- and int-valued enums are both
        ref = ref_of(type(value))
        return (Val(f"{ref.code}.{value.name}", ref.imports), False) if ref else None
    if as_input and isinstance(value, _PLAIN) and type(value) not in _PLAIN:
        # tomlkit's String("filecache") is a str and its Array a list, but passing the plain value
        # where one was given builds another state (an Array of bare texts): not its author's input
        return None
    if value is None or (isinstance(value, (bool, int)) and not isinstance(value, enum.Enum)):
        return Val(repr(value)), False
    if value is NotImplemented or value is Ellipsis:  # an operator declining a foreign operand
        return Val(repr(value)), False
    if (inspect.isroutine(value) or inspect.isclass(value)) and not inspect.ismethod(value):
        # len, str, a module's own function or class: named, so equal to itself
        ref = ref_of(value)
        return (ref, False) if ref is not None else None
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return Val(f"float({str(value)!r})"), False
        # a short decimal (1.75, 0.5) is exact in binary floating point: no approx needed,
        # so it can also sit inside a list or dict; 0.30000000000000004 needs pytest.approx
        short = len(repr(value)) <= 8 and abs(value) < 1e6
        return Val(repr(value)), not short and (value != int(value) if abs(value) < 1e15 else True)
    if isinstance(value, (str, bytes)):
        if len(value) > 2000:
            return None
        return Val(str_code(value)), False
    if isinstance(value, enum.Enum):
        ref = ref_of(type(value))
        return (Val(f"{ref.code}.{value.name}", ref.imports), False) if ref else None
    if isinstance(value, decimal.Decimal):
        return Val(f"Decimal({str_code(str(value))})", frozenset({("decimal", "Decimal")})), False
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        text = repr(value)
        if "tzinfo=" in text and "datetime.timezone" not in text:
            return None
        return Val(text, frozenset({("datetime", "")})), False
    if isinstance(value, (list, tuple, set, frozenset)):
        parts = [to_code(v, depth + 1, as_input) for v in value]
        if any(p is None for p in parts) or len(parts) > 50:
            return None
        codes = [p[0] for p in parts if p]
        approx = any(p[1] for p in parts if p)
        if approx:
            return None  # pytest.approx does not nest into arbitrary containers reliably
        inner = ", ".join(c.code for c in codes)
        imports = frozenset().union(*(c.imports for c in codes)) if codes else frozenset()
        if isinstance(value, list):
            return Val(f"[{inner}]", imports), False
        if isinstance(value, tuple):
            if type(value) is not tuple:
                return None
            return Val(f"({inner},)" if len(codes) == 1 else f"({inner})", imports), False
        if not codes:
            return Val("set()" if isinstance(value, set) else "frozenset()"), False
        try:
            ordered = sorted(codes, key=lambda c: c.code)
        except TypeError:
            ordered = codes
        body = "{" + ", ".join(c.code for c in ordered) + "}"
        return Val(body if isinstance(value, set) else f"frozenset({body})", imports), False
    if isinstance(value, dict):
        if type(value) is not dict or len(value) > 50:
            return None
        items = []
        dict_imports: set[tuple[str, str]] = set()
        for k, v in value.items():
            kc, vc = to_code(k, depth + 1, as_input), to_code(v, depth + 1, as_input)
            if kc is None or vc is None or kc[1] or vc[1]:
                return None
            items.append(f"{kc[0].code}: {vc[0].code}")
            dict_imports |= kc[0].imports | vc[0].imports
        return Val("{" + ", ".join(items) + "}", frozenset(dict_imports)), False
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not type(value).__dataclass_params__.eq:  # type: ignore[attr-defined]
            return None
        ref = ref_of(type(value))
        if ref is None:
            return None
        args: list[str] = []
        needed: set[tuple[str, str]] = set(ref.imports)
        for f in dataclasses.fields(value):
            if not f.init or _default_of(f, getattr(value, f.name)):
                continue  # a field at its default: `Promotion(code="SPRING10")`, equal all the same
            c = to_code(getattr(value, f.name), depth + 1, as_input)
            if c is None or c[1]:
                return None
            args.append(f"{f.name}={c[0].code}")
            needed |= c[0].imports
        return Val(f"{ref.code}({', '.join(args)})", frozenset(needed)), False
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict) and hasattr(value, "model_dump"):
        ref = ref_of(type(value))
        if ref is None:
            return None
        args = []
        needed = set(ref.imports)
        chosen = (
            [n for n in fields if n in getattr(value, "model_fields_set", fields)]
            if as_input
            else [n for n in fields if not _model_default(fields[n], getattr(value, n, None))]
        )
        for name in chosen:
            c = to_code(getattr(value, name), depth + 1, as_input)
            if c is None or c[1]:
                return None
            args.append(f"{name}={c[0].code}")
            needed |= c[0].imports
        return Val(f"{ref.code}({', '.join(args)})", frozenset(needed)), False
    return None


def _default_of(field: Any, value: Any) -> bool:
    """Is the dataclass field's value its default (or what its simple default factory makes)?"""
    try:
        if field.default is not dataclasses.MISSING:
            return bool(field.default == value) and type(field.default) is type(value)
        factory = field.default_factory
        if factory in (list, dict, set, frozenset, tuple):
            return bool(factory() == value) and type(value) is factory
    except Exception:
        return False
    return False


def _model_default(field: Any, value: Any) -> bool:
    """Is the pydantic field's value its plain default (``captured_amount=0``)?  Then the model
    built without it is equal: the expected value need not spell it out."""
    try:
        default = field.default
        if field.is_required() or getattr(field, "default_factory", None) is not None:
            return False
        return bool(default == value) and type(default) is type(value)
    except Exception:
        return False


_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}| at 0x|<locals>")


#: a set of strings in a repr ({'a', 'b'}): its order changes with PYTHONHASHSEED
_STRING_SET = re.compile(r"""\{(?:'[^']*'|"[^"]*")(?:, (?:'[^']*'|"[^"]*"))*\}""")


def views_of(value: Any, name: str) -> dict[str, Any]:
    """What a reader can see of an object that keeps its state private: its items
    (``list(obj)`` of a sized container) and its own ``repr``/``str``, keyed by that code."""
    out: dict[str, Any] = {}
    cls = type(value)
    if cls.__module__ == "builtins" or isinstance(value, (types.GeneratorType, type)):
        return out
    try:
        size = len(value) if hasattr(cls, "__len__") else None
        if size is not None and size <= 50 and hasattr(cls, "__iter__"):
            # a container that is written as text (tomlkit's Array): its text first, the items
            # alone do not show what it writes
            out.update(_first_view(value, name, list(TEXT_METHODS)))
            items = list(value)
            # a set-like object iterates strings in an order that changes with the hash seed
            ordered = isinstance(value, collections.abc.Sequence) or all(
                type(i) in (int, bool, type(None)) for i in items
            )
            if ordered and to_code(items) is not None:
                out[f"list({name})"] = items
        if f"list({name})" not in out:  # what it holds, as its own plain form or text shows it
            out.update(_content_views(value, name))
        if size is not None and f"list({name})" not in out:
            out[f"len({name})"] = size
        for view, method in (("repr", repr), ("str", str)):
            if getattr(cls, f"__{view}__") is not getattr(object, f"__{view}__"):
                text = method(value)
                if (
                    isinstance(text, str)
                    and len(text) <= 300
                    and not _ADDRESS.search(text)
                    and not _STRING_SET.search(text)
                ):
                    out[f"{view}({name})"] = text
                break  # str falls back to repr: one of them is enough
    except Exception:  # a broken __len__/__iter__/__repr__ gives no view
        return {}
    return out


#: zero-argument methods that show an object's content as plain data or text, in that order
_CONTENT_METHODS = ("unwrap", "to_dict", "as_dict", "to_list", "as_string", "to_string")


#: of the content methods, those that give the object's text (where layout shows: indentation)
TEXT_METHODS = ("as_string", "to_string")


def _content_views(value: Any, name: str) -> dict[str, Any]:
    """``aot.unwrap() == [{"foo": "bar"}]``: the content an object offers as plain data or text,
    the first such method that gives something writable (more than its length says); and its
    text besides, when it has both (``table.indent(4)`` changes only ``table.as_string()``)."""
    data = _first_view(value, name, [m for m in _CONTENT_METHODS if m not in TEXT_METHODS])
    text = _first_view(value, name, list(TEXT_METHODS))
    return {**data, **text} if data else text


def _first_view(value: Any, name: str, methods: list[str]) -> dict[str, Any]:
    cls = type(value)
    for method in methods:
        member = getattr(cls, method, None)
        if member is None or not callable(member) or getattr(member, "__module__", "") == "builtins":
            continue
        try:
            params = list(inspect.signature(member).parameters.values())[1:]
        except (TypeError, ValueError):
            continue
        if any(p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
            continue
        try:
            shown = getattr(value, method)()
        except Exception:  # a method that needs more than it says: no view
            continue
        written = to_code(shown)
        if written is not None and not written[1] and len(written[0].code) <= 300:
            return {f"{name}.{method}()": shown}
    return {}


def scalar_base(cls: Any) -> type | None:
    """The builtin number or text type a class extends (``int`` for tomlkit's ``Integer``, and for
    ``bool``), or None."""
    if not isinstance(cls, type):
        return None
    return next((b for b in (int, float, complex, str, bytes) if issubclass(cls, b)), None)


def public_state(obj: Any) -> dict[str, Any]:
    """Public attributes of an object that can be written as code."""
    try:
        attrs = vars(obj)
    except TypeError:
        slots = getattr(type(obj), "__slots__", ())
        attrs = {s: getattr(obj, s) for s in slots if isinstance(s, str) and hasattr(obj, s)}
    return {k: v for k, v in attrs.items() if not k.startswith("_") and to_code(v) is not None}


def one_of(name: str) -> str:
    """What one element of ``*funcs`` / ``skus`` is called (``func``, ``sku``); a word that is no
    plural (``status``, ``address``, ``basis``) stays as it is."""
    if len(name) <= 2 or not name.endswith("s") or name.endswith(("ss", "is")):
        return name
    if name.endswith("us") and len(name) != 4:  # status, bonus; skus is a plural
        return name
    return name[:-1]


def is_literal(value: Val, kind: type) -> bool:
    """Is the value's code a literal of this type?"""
    try:
        return isinstance(ast.literal_eval(value.code), kind)
    except (ValueError, SyntaxError):
        return False


def as_bytes(value: Val) -> Val | None:
    """The UTF-8 bytes of a string literal, for code that parses encoded text."""
    try:
        plain = ast.literal_eval(value.code)
    except (ValueError, SyntaxError):
        return None
    return Val(repr(plain.encode())) if isinstance(plain, str) else None


def str_code(value: str | bytes) -> str:
    """repr() with double quotes where that needs no extra escaping, as formatters write it."""
    text = repr(value)
    prefix = "b" if isinstance(value, bytes) else ""
    body = text[len(prefix) :]
    if body.startswith("'") and '"' not in body[1:-1]:
        return prefix + '"' + body[1:-1].replace("\\'", "'") + '"'
    return text


def lits(values: list[Any], tier: str = "typical") -> list[Val]:
    return [Val(str_code(v) if isinstance(v, (str, bytes)) else repr(v), tier=tier) for v in values]


def typical(values: list[Val]) -> list[Val]:
    """The values of a pool that may build an object or make an ordinary call."""
    return [v for v in values if v.tier == "typical"]


def by_tier(values: list[Val]) -> list[Val]:
    """Typical values first, then edges, then wrong types; each group in its own order."""
    return sorted(dict.fromkeys(values), key=lambda v: TIERS.index(v.tier))


def hints_of(obj: Any) -> dict[str, Any]:
    """The parameters' type hints; for one without, the plain type its docstring gives it
    (``data (bytes): ...``, ``:type data: bytes``): boltons documents its types, not annotates."""
    try:
        hints = typing.get_type_hints(obj)
    except Exception:  # one name only imported under TYPE_CHECKING: the others still say their type
        module = sys.modules.get(getattr(obj, "__module__", "") or "")
        namespace = dict(vars(module)) if module else {}
        annotations = getattr(obj, "__annotations__", {}) or {}
        hints = {name: _resolved(kind, namespace) for name, kind in annotations.items()}
    for name, kind in documented_types(obj).items():
        hints.setdefault(name, kind)
    return hints


def _resolved(annotation: Any, namespace: dict[str, Any]) -> Any:
    """A postponed annotation (``"list[Item]"``) evaluated in its function's module's namespace,
    or left as written when it names what only a type checker imports."""
    if not isinstance(annotation, str):
        return annotation
    try:
        return eval(annotation, namespace, {})  # the module's own annotation
    except Exception:
        return annotation


#: the types a docstring may name a parameter's, as written there
_DOCUMENTED = {
    "bytes": bytes,
    "str": str,
    "string": str,
    "int": int,
    "integer": int,
    "float": float,
    "bool": bool,
    "boolean": bool,
    "list": list,
    "dict": dict,
    "tuple": tuple,
    "set": set,
    "callable": collections.abc.Callable,
}
#: ``name (type): ...`` (Google), ``:type name: type`` / ``:param type name:`` (Sphinx)
_DOC_TYPE = re.compile(
    r"^\s*(?P<g>\w+) \((?P<gt>[\w.]+)(?:, optional)?\):"
    r"|:type (?P<s>\w+): (?P<st>[\w.]+)\s*$"
    r"|:param (?P<pt>[\w.]+) (?P<p>\w+):",
    re.MULTILINE,
)


def documented_types(obj: Any) -> dict[str, Any]:
    """Parameter -> the plain type its docstring says it takes, for the parameters it has (read
    once per callable: hints are asked for on every argument the search tries)."""
    try:
        return _documented_once(obj)
    except TypeError:  # a callable that cannot be a cache key
        return _documented(obj)


def _documented(obj: Any) -> dict[str, Any]:
    doc = inspect.getdoc(obj) if callable(obj) else None
    if getattr(obj, "__name__", "") == "__init__":  # a class documents its constructor's arguments
        owner = getattr(obj, "__globals__", {}).get(getattr(obj, "__qualname__", "").split(".")[0])
        doc = "\n".join(filter(None, [doc, inspect.getdoc(owner) if inspect.isclass(owner) else None]))
    if not doc:
        return {}
    try:
        names = set(inspect.signature(obj).parameters)
    except (TypeError, ValueError):
        return {}
    found: dict[str, Any] = {}
    for match in _DOC_TYPE.finditer(doc):
        name = match.group("g") or match.group("s") or match.group("p")
        written = (match.group("gt") or match.group("st") or match.group("pt") or "").lower()
        kind = _DOCUMENTED.get(written)
        if name in names and kind is not None:
            found.setdefault(name, kind)
    return found


_documented_once = functools.cache(_documented)
