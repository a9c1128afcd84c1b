"""covlift's offline search engine, run inside the project's own interpreter.

Standard library only: the project's virtualenv need not have covlift.  The
parent (covlift.generation.engines.search) writes a JSON request and reads JSON cases back:

    python covlift_search_harness.py REQUEST.json RESULT.json

For each target function or method it builds inputs from type hints, defaults,
literals in the source (with boundary neighbours), docstring examples and a
seeded random mix of those, runs each call with a line/arc tracer restricted to
the target file, and keeps the calls that reach target lines or arcs not yet
reached.  For every kept call it records an oracle: the return value (as code
that rebuilds it), the state the call left on the object, or the exception the
code raised on purpose.  Calls run with the network, subprocesses and writes
outside a temp directory blocked, and with a time limit each.
"""

from __future__ import annotations

import ast
import asyncio
import builtins
import collections.abc
import contextlib
import copy
import dataclasses
import datetime
import decimal
import doctest
import enum
import importlib
import importlib.util
import inspect
import io
import json
import keyword
import math
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import textwrap
import threading
import time
import types
import typing
from collections.abc import Sequence
from typing import Any

# ---------------------------------------------------------------- sandbox

_TMP = os.path.realpath(tempfile.gettempdir())
_SANDBOX_ON = False


class Blocked(BaseException):
    """An effect the search may not have (network, subprocess, writing files)."""


class CallTimeout(BaseException):
    """One call ran past its time limit."""


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _SANDBOX_ON:
        return
    if event == "socket.connect":
        address = args[1] if len(args) > 1 else None
        host = address[0] if isinstance(address, tuple) and address else ""
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise Blocked("network")
    elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.fork"):
        raise Blocked("subprocess")
    elif event == "open":
        path, mode = args[0], args[1] if len(args) > 1 else "r"
        writing = isinstance(mode, str) and any(c in mode for c in "wax+")
        if isinstance(args[2] if len(args) > 2 else 0, int) and not isinstance(mode, str):
            writing = bool((args[2] or 0) & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if writing and isinstance(path, (str, bytes, os.PathLike)):
            real = os.path.realpath(os.fsdecode(path))
            if not real.startswith(_TMP):
                raise Blocked("write")
    elif event in ("os.remove", "os.rename", "os.rmdir", "shutil.rmtree", "os.mkdir"):
        path = os.fsdecode(args[0]) if args and isinstance(args[0], (str, bytes, os.PathLike)) else ""
        if path and not os.path.realpath(path).startswith(_TMP):
            raise Blocked("filesystem")


def _on_alarm(signum: int, frame: Any) -> None:
    raise CallTimeout


# ---------------------------------------------------------------- tracing


class Tracer:
    """Lines and arcs executed in one file, coverage.py-style (negative = code entry/exit)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.lines: set[int] = set()
        self.arcs: set[tuple[int, int]] = set()
        #: the last line run in the file: a bare ``raise`` there re-raised on purpose
        self.last_line = 0

    def __call__(self, frame: types.FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename != self.filename:
            return None
        code_start = frame.f_code.co_firstlineno
        last = [-code_start]
        lines, arcs = self.lines, self.arcs

        def local(frame: types.FrameType, event: str, arg: Any) -> Any:
            if event == "line":
                lineno = frame.f_lineno
                lines.add(lineno)
                arcs.add((last[0], lineno))
                last[0] = self.last_line = lineno
            elif event == "return":
                arcs.add((last[0], -code_start))
            return local

        return local


# ---------------------------------------------------------------- values as code


@dataclasses.dataclass(frozen=True)
class Val:
    """A value written as code, with the imports the code needs."""

    code: str
    imports: frozenset[tuple[str, str]] = frozenset()  # (module, name); name "" = import module

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
    return (module, top)


def _ref(obj: Any) -> Val | None:
    """Code that names a class, enum or function importable from its module."""
    if getattr(obj, "__module__", None) == "builtins":
        return Val(obj.__qualname__)
    imp = _imp_name(obj)
    if imp is None:
        return None
    return Val(obj.__qualname__, frozenset({imp}))


def to_code(value: Any, depth: int = 0) -> tuple[Val, bool] | None:
    """(code rebuilding an equal value, needs_approx) or None when it cannot be written."""
    if depth > 4:
        return None
    if isinstance(value, enum.Enum):  # before str/int: str- and int-valued enums are both
        ref = _ref(type(value))
        return (Val(f"{ref.code}.{value.name}", ref.imports), False) if ref else None
    if value is None or (isinstance(value, (bool, int)) and not isinstance(value, enum.Enum)):
        return Val(repr(value)), False
    if value is NotImplemented or value is Ellipsis:  # an operator declining a foreign operand
        return Val(repr(value)), False
    if (inspect.isroutine(value) or inspect.isclass(value)) and not inspect.ismethod(value):
        # len, str, a module's own function or class: named, so equal to itself
        ref = _ref(value)
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
        ref = _ref(type(value))
        return (Val(f"{ref.code}.{value.name}", ref.imports), False) if ref else None
    if isinstance(value, decimal.Decimal):
        return Val(f"Decimal({str(value)!r})", frozenset({("decimal", "Decimal")})), False
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        text = repr(value)
        if "tzinfo=" in text and "datetime.timezone" not in text:
            return None
        return Val(text, frozenset({("datetime", "")})), False
    if isinstance(value, (list, tuple, set, frozenset)):
        parts = [to_code(v, depth + 1) for v in value]
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
            kc, vc = to_code(k, depth + 1), to_code(v, depth + 1)
            if kc is None or vc is None or kc[1] or vc[1]:
                return None
            items.append(f"{kc[0].code}: {vc[0].code}")
            dict_imports |= kc[0].imports | vc[0].imports
        return Val("{" + ", ".join(items) + "}", frozenset(dict_imports)), False
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not type(value).__dataclass_params__.eq:  # type: ignore[attr-defined]
            return None
        ref = _ref(type(value))
        if ref is None:
            return None
        args: list[str] = []
        needed: set[tuple[str, str]] = set(ref.imports)
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            c = to_code(getattr(value, f.name), depth + 1)
            if c is None or c[1]:
                return None
            args.append(f"{f.name}={c[0].code}")
            needed |= c[0].imports
        return Val(f"{ref.code}({', '.join(args)})", frozenset(needed)), False
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict) and hasattr(value, "model_dump"):
        ref = _ref(type(value))
        if ref is None:
            return None
        args = []
        needed = set(ref.imports)
        for name in fields:
            c = to_code(getattr(value, name), depth + 1)
            if c is None or c[1]:
                return None
            args.append(f"{name}={c[0].code}")
            needed |= c[0].imports
        return Val(f"{ref.code}({', '.join(args)})", frozenset(needed)), False
    return None


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
            items = list(value)
            # a set-like object iterates strings in an order that changes with the hash seed
            ordered = isinstance(value, collections.abc.Sequence) or all(
                type(i) in (int, bool, type(None)) for i in items
            )
            if ordered and to_code(items) is not None:
                out[f"list({name})"] = items
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


def public_state(obj: Any) -> dict[str, Any]:
    """Public attributes of an object that can be written as code."""
    try:
        attrs = vars(obj)
    except TypeError:
        slots = getattr(type(obj), "__slots__", ())
        attrs = {s: getattr(obj, s) for s in slots if isinstance(s, str) and hasattr(obj, s)}
    return {k: v for k, v in attrs.items() if not k.startswith("_") and to_code(v) is not None}


# ---------------------------------------------------------------- input pools

INT_BASE = [1, 0, -1, 2, 3, 10, 100]
FLOAT_BASE = [0.0, 1.0, -1.5, 2.5, 100.0]
STR_BASE = ["hello", "", "a", "Hello World", "  padded  ", "123", "a-b_c", "ÄÖü ñ"]
#: moments written as ISO 8601 text, for parameters named like "datestr" or "dt_str"
ISO_TEXTS = [
    "2024-01-15",
    "2024-01-15T12:30:00",
    "2024-01-15T12:30:00+02:00",
    "2024-01-15 12:30:45.123456",
    "20240115T123000Z",
    "2024-W03-1",
    "2024-015",
    "12:30:45.5",
    "2024-01",
    "T12:30",
]

#: typical values of the datetime types: a leap day, the last second of a year, an aware one,
#: a negative duration
MOMENTS: dict[type, tuple[str, ...]] = {
    datetime.datetime: (
        "datetime.datetime(2024, 1, 15, 12, 30)",
        "datetime.datetime(2024, 2, 29, 0, 0)",
        "datetime.datetime(2023, 12, 31, 23, 59, 59)",
        "datetime.datetime(2024, 6, 1, 8, 0, tzinfo=datetime.timezone.utc)",
    ),
    datetime.date: (
        "datetime.date(2024, 1, 15)",
        "datetime.date(2024, 2, 29)",
        "datetime.date(2023, 12, 31)",
        "datetime.date(2024, 3, 1)",
    ),
    datetime.time: (
        "datetime.time(12, 30)",
        "datetime.time(0, 0)",
        "datetime.time(23, 59, 59, 999999)",
        "datetime.time(8, 15, 30, tzinfo=datetime.timezone.utc)",
    ),
    datetime.timedelta: (
        "datetime.timedelta(days=1, seconds=30, microseconds=5)",
        "datetime.timedelta(hours=-3)",
        "datetime.timedelta(seconds=90)",
        "datetime.timedelta(0)",
    ),
}

#: parameters that take a function, and functions that do something with common arguments
CALLABLE_NAMES = frozenset(
    (
        "func",
        "function",
        "fn",
        "f",
        "predicate",
        "pred",
        "callback",
        "cb",
        "factory",
        "transform",
        "mapper",
        "op",
        "binop",
        "handler",
        "hook",
        "default_factory",
        "combine",
        "condition",
    )
)
CALLABLES = [
    Val(code)
    for code in (
        "bool",
        "str",
        "len",
        "(lambda x: x)",
        "(lambda x: not x)",
        "sum",
        "list",
        "dict",
        "max",
        "(lambda *args: None)",
    )
]
NAME_HINTS = {
    int: (
        "n",
        "count",
        "size",
        "index",
        "idx",
        "limit",
        "offset",
        "page",
        "per_page",
        "num",
        "length",
        "width",
        "height",
        "depth",
        "level",
        "max",
        "min",
        "days",
        "hours",
        "minutes",
        "seconds",
        "year",
        "month",
        "day",
        "port",
        "retries",
        "attempts",
        "quantity",
        "qty",
        "step",
    ),
    str: (
        "name",
        "text",
        "s",
        "string",
        "title",
        "slug",
        "value",
        "key",
        "label",
        "word",
        "path",
        "url",
        "prefix",
        "suffix",
        "sep",
        "separator",
        "code",
        "email",
        "message",
        "msg",
        "line",
    ),
    float: ("rate", "ratio", "price", "amount", "factor", "weight", "percent", "score", "x", "y"),
    list: ("items", "values", "rows", "records", "elements", "seq", "lines", "words", "parts"),
    dict: (
        "mapping",
        "data",
        "params",
        "headers",
        "options",
        "config",
        "kwargs",
        "attrs",
        "d",
        "dct",
        "dict",
        "dicts",
        "m",
        "maps",
        "mappings",
    ),
}


class Literals:
    """Constants of the target's source, with boundary neighbours for numbers."""

    def __init__(self, source: str) -> None:
        self.ints: list[int] = []
        self.floats: list[float] = []
        self.strs: list[str] = []
        #: characters of the source's string and bytes constants, for character-level mutation
        self.chars: list[str] = []
        #: the source compares with bytes constants (a parser of encoded text): texts go as bytes too
        self.bytes_seen = False
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant):
                v = node.value
                if isinstance(v, bool):
                    continue
                if isinstance(v, int) and abs(v) < 10**9:
                    self.ints += [v, v - 1, v + 1]
                elif isinstance(v, float):
                    self.floats += [v, v - 0.5, v + 0.5]
                elif isinstance(v, bytes) and len(v) < 40:
                    self.bytes_seen = True
                    try:  # b"IVXLCDM" compared with an encoded argument: the str is the input
                        self.strs.append(v.decode("ascii"))
                    except UnicodeDecodeError:
                        continue
                elif isinstance(v, str) and len(v) < 40 and "\n" not in v and node.col_offset != 4:
                    self.strs.append(v)
        self.ints = list(dict.fromkeys(self.ints))[:30]
        self.chars = sorted({c for text in self.strs for c in text if c.isprintable()})[:60]
        self.floats = list(dict.fromkeys(self.floats))[:15]
        self.strs = list(dict.fromkeys(self.strs))[:30]


def _literal(value: Val, kind: type) -> bool:
    """Is the value's code a literal of this type?"""
    try:
        return isinstance(ast.literal_eval(value.code), kind)
    except (ValueError, SyntaxError):
        return False


def _as_bytes(value: Val) -> Val | None:
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


def _lit(values: list[Any]) -> list[Val]:
    return [Val(str_code(v) if isinstance(v, (str, bytes)) else repr(v)) for v in values]


class Pools:
    """Candidate argument values for a parameter, from hints, names, defaults and literals."""

    def __init__(self, module: types.ModuleType, literals: Literals, rng: random.Random) -> None:
        self.module = module
        self.literals = literals
        self.rng = rng
        #: simple values the module's own functions returned during the search; one
        #: function's output is often another's valid input (to_roman -> from_roman)
        self.produced_values: list[Any] = []
        #: class -> calls that returned an instance of it (factories, classmethods, operators)
        self.factories: dict[type, list[Val]] = {}
        #: the module's named constants (DATE_EXT_COMPLETE = "%Y-%m-%d"), written by name
        self.constants = [
            Val(name, frozenset({(module.__name__, name)}))
            for name, value in sorted(vars(module).items())
            if name.isupper() and not name.startswith("_") and type(value) in (str, int, float)
        ][:40]

    def remember(self, value: Any, call: str, imports: frozenset[tuple[str, str]]) -> None:
        """Keep what a successful call returned, for later calls to use as an argument."""
        if isinstance(value, float) and not math.isfinite(value):
            return
        if isinstance(value, (str, bytes, int, float)) and not isinstance(value, (bool, enum.Enum)):
            short = not isinstance(value, (str, bytes)) or len(value) <= 60
            if short and value not in self.produced_values and len(self.produced_values) < 200:
                self.produced_values.append(value)
            return
        cls = type(value)
        if not call or getattr(cls, "__module__", None) != self.module.__name__ or "tmp_path" in call:
            return
        known = self.factories.setdefault(cls, [])
        if len(known) < 12 and all(v.code != call for v in known):
            known.append(Val(call, imports))

    def produced_for(self, hint: Any) -> list[Val]:
        """Returned values usable where ``hint`` is wanted (any simple value without a hint)."""
        kinds: tuple[type, ...]
        if hint in (str, int, float, bytes):
            kinds = (hint,) if hint is not float else (int, float)
        elif hint is inspect.Parameter.empty or hint is None or hint is typing.Any:
            kinds = (str, int, float, bytes)
        else:
            return []
        return _lit([v for v in self.produced_values if type(v) in kinds])

    def for_param(self, param: inspect.Parameter, hint: Any, depth: int = 0, where: str = "") -> list[Val]:
        out: list[Val] = list(OBSERVED.get((where, param.name), ())) if where else []
        if hint in (str, bytes):
            # text the name suggests first ("tzstr": "+02:00"), as the hinted type
            texts = [v for v in self.moments_by_name(param.name) or () if _literal(v, str)]
            out += texts if hint is str else [b for b in map(_as_bytes, texts) if b is not None]
        if hint is not inspect.Parameter.empty and hint is not None:
            out += self.for_type(hint, depth)
        elif param.default is not inspect.Parameter.empty:
            default = to_code(param.default)
            if param.default is not None:
                # the default itself (often a module constant) may be the only value of its kind
                named = [c for c in self.constants if getattr(self.module, c.code, None) == param.default]
                if not named and default:
                    named = [default[0]]
                out += named + self.for_type(type(param.default), depth)
            elif default:  # None usually means "not given": try what the name suggests too
                out.append(default[0])
                out += self.by_name(param.name)
        if not out:
            out += self.by_name(param.name)
        return list(dict.fromkeys(out))[:40]

    def constants_of(self, kind: type) -> list[Val]:
        return [c for c in self.constants if type(getattr(self.module, c.code, None)) is kind][:12]

    def moments_by_name(self, name: str) -> list[Val] | None:
        """Dates, times and their texts by parameter name (tdate, start_date, when, tzstr, delta)."""
        lowered = name.lower()
        moments: list[Val] | None = None
        textual = any(t in lowered for t in ("str", "text", "string", "iso"))
        if textual and "tz" in lowered:
            moments = _lit(["Z", "+02:00", "-0530", "+00:00", "-00:00", "UTC", "+14", "+2:0"])
        elif textual and any(t in lowered for t in ("date", "time", "dt", "iso")):
            moments = _lit(ISO_TEXTS)  # "datestr", "dt_str", "isostring": the text of a moment
        elif "datetime" in lowered or lowered in ("dt", "when", "timestamp", "moment"):
            moments = self.for_type(datetime.datetime, 0) + self.for_type(datetime.date, 0)[:2]
        elif "date" in lowered:
            moments = self.for_type(datetime.date, 0) + self.for_type(datetime.datetime, 0)[:2]
        elif lowered.endswith(("delta", "duration", "interval")):
            moments = self.for_type(datetime.timedelta, 0)
        elif lowered.endswith("time") and not lowered.endswith("timeout"):
            moments = self.for_type(datetime.time, 0) + self.for_type(datetime.datetime, 0)[:2]
        if moments and textual and self.literals.bytes_seen:  # a parser of encoded text
            moments += [b for b in map(_as_bytes, moments) if b is not None]
        return moments

    def by_name(self, name: str) -> list[Val]:
        lowered = name.lower()
        mixed = (
            _lit([1, 0, "a", "", None, -1, 2.5, True])
            + _lit(self.literals.strs[:8])
            + _lit(self.literals.ints[:8])
        )
        mixed += [
            Val("[]"),
            Val("[1, 2, 3]"),
            Val("{}"),
            Val("{'a': 1}"),
            Val("{1, 2}"),
            Val("set()"),
            Val("len"),
        ]  # something callable, for code that checks callable(obj)
        mixed += self.constants[:6]
        if lowered in CALLABLE_NAMES or lowered.endswith(("_func", "_fn", "_factory", "_key")):
            return CALLABLES + mixed[:4]
        moments = self.moments_by_name(name)
        if moments:
            return moments + mixed
        for kind, names in NAME_HINTS.items():
            if lowered in names or any(lowered.endswith("_" + n) for n in names):
                return list(dict.fromkeys(self.for_type(kind, 0) + mixed))
        if lowered.startswith(("is_", "has_", "allow", "enable", "use_")) or lowered in (
            "strict",
            "force",
            "verbose",
        ):
            return self.for_type(bool, 0)
        return mixed

    def for_type(self, hint: Any, depth: int) -> list[Val]:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        lits = self.literals
        if hint is type(None):
            return [Val("None")]
        edge = self.edges(hint)
        if edge is not None:
            return edge
        provided = [Val(name) for name in FIXTURES.for_type(hint)] if isinstance(hint, type) else []
        if provided:
            return provided + self.instances(hint, depth)[:2]
        if hint is typing.Any or hint is object:
            return self.by_name("")
        if origin is typing.Union or (origin is not None and origin is getattr(types, "UnionType", None)):
            out: list[Val] = []
            for a in args:
                out += self.for_type(a, depth)[:12]
            return out
        if origin is typing.Literal:
            return _lit(list(args))
        if hint is bool:
            return _lit([True, False])
        if hint is int:
            return _lit(list(dict.fromkeys(INT_BASE + lits.ints))) + self.constants_of(int)
        if hint is float:
            return _lit(list(dict.fromkeys(FLOAT_BASE + lits.floats + [float(i) for i in lits.ints[:6]])))
        if hint is str:
            return _lit(list(dict.fromkeys(STR_BASE + lits.strs))) + self.constants_of(str)
        if hint is bytes:
            return _lit([b"", b"abc", b"\x00\xff"])
        if hint is decimal.Decimal:
            return [
                Val(f"Decimal({s!r})", frozenset({("decimal", "Decimal")}))
                for s in ("0", "1", "19.99", "-5", "100.005", "0.01")
            ]
        if isinstance(hint, type) and hint in MOMENTS:
            return [Val(code, frozenset({("datetime", "")})) for code in MOMENTS[hint]]
        if depth > 2:
            return [Val("None")]
        if origin in (list, list) or hint is list or origin in _SEQ_ORIGINS:
            inner = self.for_type(args[0], depth + 1) if args else _lit([1, "a"])
            return self._containers(inner, "[{}]")
        if origin in (set, frozenset) or hint in (set, frozenset):
            inner = self.for_type(args[0], depth + 1) if args else _lit([1, 2])
            return [Val("set()")] + [Val("{" + v.code + "}", v.imports) for v in inner[:4]]
        if origin is tuple or hint is tuple:
            if args and args[-1] is not Ellipsis:
                pools = [self.for_type(a, depth + 1) for a in args]
                combos = []
                for i in range(min(6, max(len(p) for p in pools))):
                    parts = [p[i % len(p)] for p in pools]
                    code = "(" + ", ".join(v.code for v in parts) + ("," if len(parts) == 1 else "") + ")"
                    combos.append(Val(code, parts[0].join(*parts[1:])))
                return combos
            inner = self.for_type(args[0], depth + 1) if args else _lit([1, "a"])
            return self._containers(inner, "({},)")
        if origin in (dict, dict) or hint is dict or origin in _MAP_ORIGINS:
            keys = self.for_type(args[0], depth + 1)[:4] if args else _lit(["a", "b"])
            vals = self.for_type(args[1], depth + 1)[:4] if len(args) > 1 else _lit([1, "x"])
            out = [Val("{}")]
            for i in range(min(4, len(keys), len(vals))):
                k, v = keys[i], vals[(i + 1) % len(vals)]
                out.append(Val("{" + f"{k.code}: {v.code}" + "}", k.join(v)))
            return out
        if (origin is not None and origin in _CALLABLE_ORIGINS) or hint in _CALLABLE_ORIGINS:
            params, result = (args[0], args[1]) if len(args) == 2 else (Ellipsis, None)
            arity = len(params) if isinstance(params, list) else None
            head = "lambda " + (
                ", ".join(f"_{i}" for i in range(arity)) if arity is not None else "*args, **kwargs"
            )
            returns = self.for_type(result, depth + 1)[:3] if result not in (None, type(None)) else []
            return [Val(f"({head.rstrip()}: {r.code})", r.imports) for r in returns or [Val("None")]]
        if isinstance(hint, type):
            return self.instances(hint, depth)
        return []

    def wild(self, value: Val) -> Val:
        """A random neighbour of a literal value: other numbers, recombined strings, resized lists."""
        try:
            plain = ast.literal_eval(value.code)
        except (ValueError, SyntaxError):
            return self._wild_call(value)
        r = self.rng
        if isinstance(plain, bool):
            return Val(repr(r.random() < 0.5))
        if isinstance(plain, int):
            return Val(
                repr(
                    r.choice(
                        [
                            r.randint(-3, 3),
                            r.randint(-100, 100),
                            r.randint(-(10**6), 10**6),
                            r.randint(-(10**9), 10**9),  # years in seconds, big sizes
                            plain - 1,
                            plain + 1,
                            plain * 2,
                            plain * r.choice([7, 30, 365, 1000]),
                        ]
                    )
                )
            )
        if isinstance(plain, float):
            return Val(repr(round(r.uniform(-1000, 1000), r.choice([0, 1, 2]))))
        if isinstance(plain, str):
            return Val(str_code(self._mutated_str(plain)))
        if isinstance(plain, bytes):
            return Val(repr(self._mutated_str(plain.decode("latin-1")).encode("latin-1", "replace")))
        if isinstance(plain, list) and all(isinstance(e, (int, str, float)) for e in plain):
            elements = plain or [0, "a"]
            size = r.randint(0, 5)
            return Val(repr([r.choice(elements) for _ in range(size)]))
        return value

    def _wild_call(self, value: Val) -> Val:
        """A constructor call with one literal argument moved: ``timedelta(days=1)`` ->
        ``timedelta(days=365)``, ``date(2024, 1, 15)`` -> ``date(2024, 1, 31)``."""
        try:
            call = ast.parse(value.code, mode="eval").body
        except SyntaxError:
            return value
        if not isinstance(call, ast.Call):
            return value
        slots = [a for a in call.args if isinstance(a, ast.Constant)]
        slots += [k.value for k in call.keywords if isinstance(k.value, ast.Constant)]
        slots = [c for c in slots if isinstance(c.value, (int, float, str)) and not isinstance(c.value, bool)]
        if not slots:
            return value
        chosen = self.rng.choice(slots)
        moved = ast.literal_eval(self.wild(Val(repr(chosen.value))).code)
        chosen.value = moved
        return Val(ast.unparse(call), value.imports)

    def _mutated_str(self, plain: str) -> str:
        """Pynguin-style string moves: edit a character, change case, or recombine pieces.

        Characters come from the source's own constants first, so a parser of "IVXLCDM"
        sees numerals and a format checker sees its separators.
        """
        r = self.rng
        alphabet = self.literals.chars or list("aZ09-_.:, ")
        move = r.random()
        if len(plain) > 1 and move < 0.15:
            # a shorter form: cut where the kind of character changes ("2024-W03-1" -> "2024-W03",
            # "2024" -> "20"), the reduced forms a format parser accepts and tells apart
            cuts = [i for i in range(1, len(plain)) if plain[i].isalnum() != plain[i - 1].isalnum()]
            cut = r.choice(cuts) if cuts and r.random() < 0.6 else r.randrange(1, len(plain))
            return plain[:cut] if r.random() < 0.75 else plain[cut:]
        if plain and move < 0.5:
            text = list(plain)
            for _ in range(r.randint(1, 2)):
                i = r.randrange(len(text) + 1)
                kind = r.random()
                if kind < 0.34 and text:
                    del text[min(i, len(text) - 1)]
                elif kind < 0.67 or not text:
                    text.insert(i, r.choice(alphabet))
                else:
                    text[min(i, len(text) - 1)] = r.choice(alphabet)
            return "".join(text)
        if plain and move < 0.62:
            return r.choice([plain.lower(), plain.upper(), plain.swapcase(), plain + plain, plain[::-1]])
        pieces = [*self.literals.strs, *self.produced_strs(), "", " ", "-", "_", ".", ",", ":", "a", "0"]
        return "".join(r.choice(pieces) for _ in range(r.randint(0, 4)))

    def produced_strs(self) -> list[str]:
        return [v for v in self.produced_values if isinstance(v, str)]

    def edges(self, hint: Any) -> list[Val] | None:
        """Stand-ins for the outside world: a mocked HTTP transport, an in-memory database, tmp_path.

        The unit under test runs for real; only what it talks to is replaced, in a way the
        generated test can repeat (httpx.MockTransport, sqlite3 ":memory:", pytest's tmp_path).
        """
        module = getattr(hint, "__module__", "") or ""
        name = getattr(hint, "__name__", "")
        if module.startswith("httpx") and name in ("Client", "AsyncClient"):
            keys = [k for k in self.literals.strs if k.isidentifier()][:6]
            bodies = ["{}"]
            if keys:
                bodies.append("{" + ", ".join(f"{str_code(k)}: {str_code('hello')}" for k in keys) + "}")
                bodies.append("{" + ", ".join(f"{str_code(k)}: 1" for k in keys) + "}")
            responses = [f"httpx.Response(200, json={b})" for b in bodies]
            responses += ["httpx.Response(404)", "httpx.Response(500)"]
            return [
                Val(
                    f"httpx.{name}(transport=httpx.MockTransport(lambda request: {r}))",
                    frozenset({("httpx", "")}),
                )
                for r in responses
            ]
        if module == "sqlite3" and name == "Connection":
            return [Val('sqlite3.connect(":memory:")', frozenset({("sqlite3", "")}))]
        if module in ("pathlib", "os") and name in ("Path", "PurePath", "PathLike"):
            return [Val("tmp_path"), Val('tmp_path / "data.txt"'), Val('tmp_path / "out" / "report.csv"')]
        return None

    def _containers(self, inner: list[Val], shape: str) -> list[Val]:
        out = [Val(shape.replace("{},", "").replace("{}", ""))]
        if shape == "({},)":
            out = [Val("()")]
        for v in inner[:5]:
            out.append(Val(shape.format(v.code), v.imports))
        if len(inner) >= 2:
            a, b = inner[0], inner[1]
            out.append(Val(shape.format(f"{a.code}, {b.code}").replace(",,", ","), a.join(b)))
            out.append(Val(shape.format(f"{b.code}, {a.code}, {b.code}").replace(",,", ","), a.join(b)))
        return out

    def instances(self, cls: type, depth: int, randomized: int = 0) -> list[Val]:
        """Ways to build an instance of cls: a conftest fixture, enum members, or constructor calls."""
        ref = _ref(cls)
        if ref is None:
            return []
        fixture_values = [Val(name) for name in FIXTURES.for_type(cls)] + self.factories.get(cls, [])[:4]
        if issubclass(cls, enum.Enum):
            return [Val(f"{ref.code}.{m.name}", ref.imports) for m in cls]
        if inspect.isabstract(cls) or cls.__module__ in ("typing", "collections.abc", "abc"):
            return []
        try:
            sig = inspect.signature(cls)
        except (TypeError, ValueError):
            return []
        hints = _hints(cls.__init__) if not hasattr(cls, "model_fields") else _hints(cls)
        params = [p for p in sig.parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        where = f"{cls.__qualname__}.__init__"
        pools = {p.name: self.for_param(p, hints.get(p.name, p.annotation), depth + 1, where) for p in params}
        out: list[Val] = []
        required = [p for p in params if p.default is inspect.Parameter.empty]
        # enough variants that every value of the first parameter's pool is used once
        # (a mocked transport answering 200, 404 or 500 each gives a different object)
        widest = max((len(pools[p.name]) for p in (required or params)[:1]), default=4)
        for variant in range(min(8, max(4, widest))):
            parts: list[str] = []
            imports = set(ref.imports)
            chosen = required if variant % 2 == 0 else params
            ok = True
            for j, p in enumerate(chosen):
                pool = pools[p.name]
                if not pool:
                    ok = False
                    break
                v = pool[(variant + j) % len(pool)]
                parts.append(f"{p.name}={v.code}" if p.kind != p.POSITIONAL_ONLY else v.code)
                imports |= v.imports
            if ok:
                out.append(Val(f"{ref.code}({', '.join(parts)})", frozenset(imports)))
        # later passes: objects built from values drawn anywhere in the pools, and mutated,
        # not only from their first entries (RomanNumeral(4999), not only RomanNumeral(1))
        for _ in range(randomized if all(pools[p.name] for p in required) else 0):
            parts, imports = [], set(ref.imports)
            for p in required + [p for p in params if p not in required and self.rng.random() < 0.3]:
                if not pools[p.name]:
                    continue
                v = self.rng.choice(pools[p.name])
                v = self.wild(v) if self.rng.random() < 0.3 else v
                parts.append(f"{p.name}={v.code}" if p.kind != p.POSITIONAL_ONLY else v.code)
                imports |= v.imports
            out.append(Val(f"{ref.code}({', '.join(parts)})", frozenset(imports)))
        return list(dict.fromkeys(fixture_values + out))


_SEQ_ORIGINS = tuple(
    getattr(__import__("collections.abc", fromlist=["x"]), n)
    for n in ("Sequence", "Iterable", "Collection", "MutableSequence", "Iterator")
)
_MAP_ORIGINS = tuple(
    getattr(__import__("collections.abc", fromlist=["x"]), n) for n in ("Mapping", "MutableMapping")
)
_CALLABLE_ORIGINS = tuple(getattr(__import__("collections.abc", fromlist=["x"]), n) for n in ("Callable",))


def _hints(obj: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(obj)
    except Exception:
        return dict(getattr(obj, "__annotations__", {}) or {})


# ---------------------------------------------------------------- values the suite uses

#: (function qualname, parameter) -> values the existing tests passed, as code
OBSERVED: dict[tuple[str, str], list[Val]] = {}


class _StopObserving(BaseException):
    pass


def observe_suite(filename: str, test_files: list[str], seconds: float, module: str = "") -> int:
    """Run the tests that use the module once, recording the arguments its functions receive.

    Realistic inputs (the right dictionary keys, a valid order id) often reach lines
    that type-driven values cannot; the search tries them first.  Returns how many
    (function, parameter) pairs got values.
    """
    import pytest

    def profile(frame: types.FrameType, event: str, arg: Any) -> None:
        if event != "call":
            return
        code = frame.f_code
        if code.co_filename == filename:
            qualname = getattr(code, "co_qualname", code.co_name)
        elif code.co_name == "__init__" and module:
            # generated constructors (dataclasses, attrs) live in "<string>", not in the module
            owner = type(frame.f_locals.get("self"))
            if getattr(owner, "__module__", None) != module:
                return
            qualname = f"{owner.__qualname__}.__init__"
        else:
            return
        for name in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]:
            if name in ("self", "cls") or name not in frame.f_locals:
                continue
            bucket = OBSERVED.setdefault((qualname, name), [])
            if len(bucket) >= 12:
                continue
            try:
                written = to_code(frame.f_locals[name])
            except Exception:
                written = None
            if written is not None and not written[1] and written[0] not in bucket:
                bucket.append(written[0])

    def stop(signum: int, frame: Any) -> None:
        raise _StopObserving

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            sys.setprofile(profile)
            pytest.main([*test_files, "-q", "-p", "no:cacheprovider", "-p", "no:randomly"])
    except BaseException:
        pass
    finally:
        sys.setprofile(None)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return sum(1 for values in OBSERVED.values() if values)


# ---------------------------------------------------------------- the project's fixtures


class Fixtures:
    """The project's conftest fixtures, found by the type they return, built as pytest would.

    A parameter whose type a fixture provides (``repository: Repository`` and a
    ``repository`` fixture returning ``Repository``) gets the fixture's value, and the
    generated test asks pytest for that fixture by name: the project's own setup is
    reused instead of a hand-made stand-in.  Dependencies between fixtures and
    ``tmp_path`` are resolved; fixtures that need other built-ins, take params or
    are not function-scoped are left alone.
    """

    BUILTIN = frozenset({"tmp_path"})

    def __init__(self, conftests: list[str]) -> None:
        self.functions: dict[str, Any] = {}
        self.by_type: dict[Any, list[str]] = {}
        for index, path in enumerate(conftests):
            try:
                spec = importlib.util.spec_from_file_location(f"_covlift_conftest_{index}", path)
                module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
                spec.loader.exec_module(module)  # type: ignore[union-attr]
            except BaseException:
                continue
            for name, obj in vars(module).items():
                function = self._unwrap(obj)
                if function is not None:
                    self.functions[name] = function
        for name, function in self.functions.items():
            if not self._buildable(name, set()):
                continue
            provided = _hints(function).get("return")
            origin = typing.get_origin(provided)
            if (
                origin is not None
                and typing.get_args(provided)
                and getattr(origin, "__name__", "")
                in ("Iterator", "Generator", "Iterable", "AsyncIterator", "AsyncGenerator")
            ):
                provided = typing.get_args(provided)[0]
            if isinstance(provided, type) and provided not in (str, int, float, bool, type(None)):
                self.by_type.setdefault(provided, []).append(name)

    @staticmethod
    def _unwrap(obj: Any) -> Any:
        marker = getattr(obj, "_fixture_function_marker", None) or getattr(
            obj, "_pytestfixturefunction", None
        )
        if marker is None:
            return None
        if getattr(marker, "params", None) or getattr(marker, "scope", "function") not in ("function", None):
            return None
        getter = getattr(obj, "_get_wrapped_function", None)
        if getter is not None:
            return getter()
        wrapped = getattr(obj, "__pytest_wrapped__", None)
        return getattr(wrapped, "obj", obj)

    def _buildable(self, name: str, seen: set[str]) -> bool:
        if name in self.BUILTIN:
            return True
        function = self.functions.get(name)
        if function is None or name in seen or inspect.iscoroutinefunction(function):
            return False
        params = inspect.signature(function).parameters
        return all(self._buildable(p, seen | {name}) for p in params)

    def names(self) -> list[str]:
        return sorted(self.functions)

    def for_type(self, hint: Any) -> list[str]:
        return self.by_type.get(hint, [])

    def build(self, names: set[str], preset: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
        """Fresh values for the named fixtures (and what they depend on), plus teardowns."""
        values: dict[str, Any] = dict(preset)
        teardowns: list[Any] = []

        def get(name: str) -> Any:
            if name in values:
                return values[name]
            if name == "tmp_path":
                values[name] = _fresh_tmp_path()
                return values[name]
            function = self.functions[name]
            args = {p: get(p) for p in inspect.signature(function).parameters}
            value = function(**args)
            if inspect.isgenerator(value):
                teardowns.append(value)
                value = next(value)
            values[name] = value
            return value

        for name in sorted(names):
            get(name)
        return values, teardowns


FIXTURES: Fixtures = Fixtures([])


def _walk_routes(app: Any, prefix: str) -> list[tuple[Any, str, list[str]]]:
    """(endpoint, full path, methods) of an ASGI app's routes, through included routers.

    Starlette/FastAPI routes carry their full path; newer FastAPI keeps included
    routers whole (``original_router`` plus an include context with the prefix).
    """
    found: list[tuple[Any, str, list[str]]] = []
    for route in getattr(app, "routes", []) or []:
        original = getattr(route, "original_router", None)
        if original is not None:
            context = getattr(route, "include_context", None)
            found += _walk_routes(original, prefix + (getattr(context, "prefix", "") or ""))
            continue
        endpoint, path = getattr(route, "endpoint", None), getattr(route, "path", None)
        methods = sorted(set(getattr(route, "methods", None) or ()) - {"HEAD", "OPTIONS"})
        if endpoint is not None and path and methods:
            found.append((endpoint, prefix + path, methods))
    return found


def _plain(value: Val) -> bool:
    """A literal that can go into a URL: a number or a string."""
    try:
        return isinstance(ast.literal_eval(value.code), (int, str)) and not value.imports
    except (ValueError, SyntaxError):
        return False


def fixtures_in(code: str) -> set[str]:
    """Fixture names a piece of generated code uses as values (not as keyword names)."""
    return {
        name for name in FIXTURES.names() if re.search(rf"(?<![.\w]){re.escape(name)}\b(?!\s*=[^=])", code)
    } | ({"tmp_path"} if re.search(r"(?<![.\w])tmp_path\b", code) else set())


# ---------------------------------------------------------------- running calls


# ---------------------------------------------------------------- the outside world, called inside

_SUBPROCESS = frozenset({("unittest", "mock"), ("subprocess", "")})


def _completed(returncode: int, stdout: str) -> str:
    return f'subprocess.CompletedProcess(args=[], returncode={returncode}, stdout={stdout}, stderr="")'


_RUN = "mock.create_autospec(subprocess.run, return_value={})"
_DATETIME = frozenset({("datetime", "")})

#: (module, function) the code under test calls -> stand-ins a test installs with monkeypatch:
#: fixed clocks and dice, no sleeping, and autospec'd mocks for processes (answering success,
#: failure, or not found). The unit under test still runs; only its edge is replaced.
EDGE_FAKES: dict[tuple[str, str], list[tuple[str, frozenset[tuple[str, str]]]]] = {
    ("time", "time"): [("lambda: 1700000000.0", frozenset())],
    ("time", "monotonic"): [("lambda: 1000.0", frozenset())],
    ("time", "perf_counter"): [("lambda: 1000.0", frozenset())],
    ("time", "sleep"): [("lambda seconds: None", frozenset())],
    ("random", "random"): [("lambda: 0.25", frozenset()), ("lambda: 0.75", frozenset())],
    ("random", "randint"): [("lambda a, b: a", frozenset()), ("lambda a, b: b", frozenset())],
    ("random", "uniform"): [("lambda a, b: a", frozenset()), ("lambda a, b: b", frozenset())],
    ("random", "choice"): [("lambda seq: seq[0]", frozenset()), ("lambda seq: seq[-1]", frozenset())],
    ("random", "shuffle"): [("lambda seq: None", frozenset())],
    ("uuid", "uuid4"): [("lambda: uuid.UUID(int=1)", frozenset({("uuid", "")}))],
    ("os", "urandom"): [("lambda n: bytes(n)", frozenset())],
    ("secrets", "choice"): [("lambda seq: seq[0]", frozenset()), ("lambda seq: seq[-1]", frozenset())],
    ("secrets", "token_hex"): [("lambda nbytes=None: '0' * 2 * (nbytes or 32)", frozenset())],
    ("secrets", "token_urlsafe"): [("lambda nbytes=None: 'A' * (nbytes or 32)", frozenset())],
    ("subprocess", "run"): [
        (_RUN.format(_completed(0, '"abc1234"')), _SUBPROCESS),
        (_RUN.format(_completed(0, 'b"abc1234"')), _SUBPROCESS),
        (_RUN.format(_completed(1, '""')), _SUBPROCESS),
        (
            'mock.create_autospec(subprocess.run, side_effect=FileNotFoundError("no such program"))',
            _SUBPROCESS,
        ),
    ],
    ("subprocess", "check_output"): [
        ('mock.create_autospec(subprocess.check_output, return_value="abc1234")', _SUBPROCESS),
        ('mock.create_autospec(subprocess.check_output, return_value=b"abc1234")', _SUBPROCESS),
        (
            'mock.create_autospec(subprocess.check_output, side_effect=FileNotFoundError("no such program"))',
            _SUBPROCESS,
        ),
    ],
    ("subprocess", "call"): [
        ("mock.create_autospec(subprocess.call, return_value=0)", _SUBPROCESS),
        ("mock.create_autospec(subprocess.call, return_value=1)", _SUBPROCESS),
    ],
    # the module's own clock wrapper (def _now(): return dt.datetime.now()), by what it returns
    ("clock", "datetime"): [("lambda *args, **kwargs: datetime.datetime(2024, 1, 15, 12, 30)", _DATETIME)],
    ("clock", "datetime-utc"): [
        (
            "lambda *args, **kwargs: datetime.datetime(2024, 1, 15, 12, 30, tzinfo=datetime.timezone.utc)",
            _DATETIME,
        ),
    ],
    ("clock", "date"): [("lambda *args, **kwargs: datetime.date(2024, 1, 15)", _DATETIME)],
    ("subprocess", "check_call"): [
        ("mock.create_autospec(subprocess.check_call, return_value=0)", _SUBPROCESS),
    ],
}

#: (monkeypatch target, stand-in code, imports)
Patch = tuple[str, str, frozenset[tuple[str, str]]]


def _clock_kind(func: Any) -> str | None:
    """ "datetime", "datetime-utc" or "date" when func is a short wrapper of now()/today()
    that takes no arguments, else None."""
    try:
        source = inspect.getsource(func)
        required = [
            p
            for p in inspect.signature(func).parameters.values()
            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
    except (OSError, TypeError, ValueError):
        return None
    if required or source.count("\n") > 12 or not re.search(r"\.(now|utcnow|today)\(", source):
        return None
    try:
        value = func()
    except Exception:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return "datetime"
        return "datetime-utc" if value.utcoffset() == datetime.timedelta(0) else None
    if isinstance(value, datetime.date):
        return "date"
    return None


def edges_of(func: Any, module: types.ModuleType, depth: int = 0) -> dict[str, tuple[str, str]]:
    """The outside-world functions a target calls, itself or through the module's own helpers:
    ``time.sleep(...)`` -> {"time.sleep": ("time", "sleep")}; ``from time import sleep`` ->
    {"pkg.mod.sleep": ("time", "sleep")} (the name the module looks up)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return {}
    found: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = module.__dict__.get(node.value.id)
            if inspect.ismodule(owner) and (owner.__name__, node.attr) in EDGE_FAKES:
                found[f"{owner.__name__}.{node.attr}"] = (owner.__name__, node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            value = module.__dict__.get(node.id)
            key = (getattr(value, "__module__", None) or "", getattr(value, "__name__", ""))
            if key in EDGE_FAKES:
                found[f"{module.__name__}.{node.id}"] = key
            elif inspect.isfunction(value) and value.__module__ == module.__name__:
                clock = _clock_kind(value)
                if clock is not None:
                    found[f"{module.__name__}.{node.id}"] = ("clock", clock)
                elif depth < 2:
                    for path, edge in edges_of(value, module, depth + 1).items():
                        found.setdefault(path, edge)
    return found


@dataclasses.dataclass
class Outcome:
    kind: str  # "return", "raises", "rejected"
    value: Any = None
    exc: BaseException | None = None
    obj: Any = None
    state_before: dict[str, Any] | None = None
    views_before: dict[str, Any] | None = None
    lines: set[int] = dataclasses.field(default_factory=set)
    arcs: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    last_line: int = 0


#: the tmp_path directories of the latest cases (the one before stays while its outcome is read)
_TMP_PATHS: list[str] = []


def _fresh_tmp_path() -> Any:
    """A fresh directory per call, as pytest's tmp_path gives each test (results that depend
    on the path differ between the two runs of a case and get no test); older ones go."""
    import pathlib

    while len(_TMP_PATHS) >= 2:
        shutil.rmtree(_TMP_PATHS.pop(0), ignore_errors=True)
    _TMP_PATHS.append(tempfile.mkdtemp(prefix="covlift-tmp-"))
    return pathlib.Path(_TMP_PATHS[-1])


def _namespace(
    imports: frozenset[tuple[str, str]], module: types.ModuleType, with_tmp_path: bool = False
) -> dict[str, Any]:

    ns: dict[str, Any] = {"__builtins__": builtins}
    if with_tmp_path:
        ns["tmp_path"] = _fresh_tmp_path()
    for mod_name, name in imports:
        mod = importlib.import_module(mod_name)
        if name:  # "from unittest import mock" also imports a submodule
            has = hasattr(mod, name)
            ns[name] = getattr(mod, name) if has else importlib.import_module(f"{mod_name}.{name}")
        else:
            ns[mod_name.split(".")[0]] = importlib.import_module(mod_name.split(".")[0])
    return ns


def run_case(case: dict[str, Any], module: types.ModuleType, filename: str, timeout: float) -> Outcome:
    """Build the arguments afresh, run the call traced and sandboxed, return what happened."""
    global _SANDBOX_ON
    imports = frozenset(tuple(i) for i in case["imports"])
    teardowns: list[Any] = []
    try:
        wanted = fixtures_in(" ".join([case.get("setup") or "", *(case.get("steps") or ()), case["call"]]))
        patch_code = " ".join(code for _, code, _ in case.get("patches") or ())
        ns = _namespace(imports, module, with_tmp_path=bool(wanted) or "tmp_path" in patch_code)
        preset = {"tmp_path": ns["tmp_path"]} if "tmp_path" in ns else {}
        values, teardowns = FIXTURES.build(wanted - {"tmp_path"}, preset)
        ns.update(values)
    except Exception:
        for generator in teardowns:
            generator.close()
        return Outcome("rejected")
    tracer = Tracer(filename)
    sink = io.StringIO()
    outcome: Outcome
    undo: list[tuple[Any, str, Any]] = []
    signal.setitimer(signal.ITIMER_REAL, timeout)
    _SANDBOX_ON = True
    try:
        for path, code, _ in case.get("patches") or ():  # as monkeypatch.setattr(path, code)
            owner_name, attr = path.rsplit(".", 1)
            owner = importlib.import_module(owner_name)
            replacement = eval(code, ns)
            undo.append((owner, attr, getattr(owner, attr)))
            setattr(owner, attr, replacement)
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            obj = None
            before = None
            if case.get("setup"):
                obj = eval(case["setup"], ns)
                ns["obj"] = obj
            # steps only prepare the object: what they reach is not the test's to claim,
            # since nothing asserts it; the call's own lines and arcs are
            for step in case.get("steps") or ():
                value = eval(step, ns)
                if inspect.isawaitable(value):
                    asyncio.run(_await(value))
            views = None
            if obj is not None:
                before = {k: _safe_copy(v) for k, v in public_state(obj).items()}
                views = views_of(obj, "obj")
            sys.settrace(tracer)
            threading.settrace(tracer)  # a web app under a test client runs in other threads
            try:
                value = eval(case["call"], ns)
                if inspect.isawaitable(value):
                    value = asyncio.run(_await(value))
            finally:
                sys.settrace(None)
                threading.settrace(None)
            outcome = Outcome("return", value=value, obj=obj, state_before=before, views_before=views)
    except (Blocked, CallTimeout):
        sys.settrace(None)
        outcome = Outcome("rejected")
    except Exception as exc:  # the code under test raised
        sys.settrace(None)
        outcome = Outcome("raises", exc=exc)
    finally:
        _SANDBOX_ON = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        for owner, attr, original in reversed(undo):
            setattr(owner, attr, original)
    for generator in reversed(teardowns):  # the code after a fixture's yield, as pytest runs it
        try:
            next(generator)
        except StopIteration:
            pass
        except Exception:  # a failing teardown does not change what the call did
            pass
    outcome.lines, outcome.arcs, outcome.last_line = tracer.lines, tracer.arcs, tracer.last_line
    return outcome


async def _await(value: Any) -> Any:
    return await value


def _safe_copy(value: Any) -> Any:
    import copy

    try:
        return copy.deepcopy(value)
    except Exception:
        return value


#: source -> (every line of a `raise` statement, the lines of bare `raise` re-raises)
_RAISE_LINES: dict[str, tuple[frozenset[int], frozenset[int]]] = {}


def _raise_lines(source: str) -> tuple[frozenset[int], frozenset[int]]:
    """Every line that belongs to a `raise` statement (they may span several lines), and the
    lines of the bare ``raise`` statements among them (re-raises of the error being handled)."""
    if source not in _RAISE_LINES:
        lines: set[int] = set()
        bare: set[int] = set()
        try:
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Raise):
                    lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
                    if node.exc is None:
                        bare.add(node.lineno)
        except SyntaxError:
            pass
        _RAISE_LINES[source] = (frozenset(lines), frozenset(bare))
    return _RAISE_LINES[source]


def _raised_on_purpose(
    exc: BaseException, filename: str, source_lines: list[str], last_line: int = 0
) -> bool:
    """True when the exception leaves the target file from one of its own `raise` statements.

    The innermost frame of the traceback must be in the target file, on a raise
    statement: an error raised inside a library or builtin the code called (say a
    TypeError from a bad argument the search passed on) is not the code's behaviour.
    A bare ``raise`` keeps the traceback of the error it re-raises, so there the last
    line the file ran decides (``except KeyError: if no_default: raise``).
    """
    raise_lines, bare_raise_lines = _raise_lines("\n".join(source_lines))
    if last_line and last_line in bare_raise_lines:
        return True
    tb = exc.__traceback__
    innermost = None
    while tb is not None:
        innermost = tb
        tb = tb.tb_next
    if innermost is None or innermost.tb_frame.f_code.co_filename != filename:
        return False
    return innermost.tb_lineno in raise_lines


def expectation(outcome: Outcome, filename: str, source_lines: list[str]) -> dict[str, Any] | None:
    """What the generated test will assert, or None when nothing trustworthy can be said."""
    if outcome.kind == "raises":
        exc = outcome.exc
        assert exc is not None
        if not _raised_on_purpose(exc, filename, source_lines, outcome.last_line):
            return None
        ref = _ref(type(exc))
        if ref is None:
            return None
        message = str(exc)
        if re.search(r"0x[0-9a-f]{6,}", message) or len(message) > 300:
            message = ""
        return {
            "kind": "raises",
            "exc": ref.code,
            "imports": sorted(ref.imports),
            "message": message,
        }
    if outcome.kind != "return":
        return None
    value = outcome.value
    checks: list[dict[str, Any]] = []
    if _is_response(value):
        return {"kind": "return", "checks": _response_checks(value)}
    result_check = _check("result", value)
    if result_check is not None and not (value is None and outcome.obj is not None):
        checks.append(result_check)
    elif value is not None and not isinstance(value, types.GeneratorType):
        for name, attr in list(public_state(value).items())[:4]:
            checks += _checks((f"result.{name}", attr))
        if not checks:  # nothing public: what it shows through len/iteration/repr
            checks += _checks(*list(views_of(value, "result").items())[:2])
    if outcome.obj is not None and outcome.state_before is not None:
        for name, attr in public_state(outcome.obj).items():
            if name in outcome.state_before and _equal(outcome.state_before[name], attr):
                continue
            if len(checks) < 5:
                checks += _checks((f"obj.{name}", attr))
        if not any(c["what"].startswith("obj.") for c in checks) and outcome.views_before is not None:
            changed = [
                (what, seen)
                for what, seen in views_of(outcome.obj, "obj").items()
                if what not in outcome.views_before or not _equal(outcome.views_before[what], seen)
            ]
            checks += _checks(*changed[:2])
        if not checks:
            # a call that changed nothing visible still pins what stays (the size after the
            # same task is added twice, None from a quiet no-op): a mutant that raises, grows
            # the object or returns something fails it; validation drops it if none does
            unchanged = list(views_of(outcome.obj, "obj").items())[:2]
            unchanged = unchanged or [(f"obj.{n}", v) for n, v in list(public_state(outcome.obj).items())[:2]]
            checks += _checks(*unchanged)
            if value is None and all(c["code"] in _DEGENERATE for c in checks):
                checks.insert(0, {"what": "result", "code": "None", "approx": False, "imports": []})
    if not checks:
        return None
    if all(c["code"] == "None" for c in checks) and outcome.obj is None:
        checks[0]["weak"] = True
    return {"kind": "return", "checks": checks}


def _check(what: str, value: Any) -> dict[str, Any] | None:
    """The assertion ``what == value`` when value can be written as code, else None."""
    written = to_code(value)
    if written is None:
        return None
    code, approx = written
    return {"what": what, "code": code.code, "approx": approx, "imports": sorted(code.imports)}


def _checks(*pairs: tuple[str, Any]) -> list[dict[str, Any]]:
    """The assertions of the (what, value) pairs that can be written as code."""
    return [c for c in (_check(what, value) for what, value in pairs) if c is not None]


def _is_response(value: Any) -> bool:
    """An HTTP response from a test client (starlette/httpx/requests)."""
    return all(hasattr(value, name) for name in ("status_code", "json", "headers"))


def _response_checks(response: Any) -> list[dict[str, Any]]:
    """Status code always; the JSON body too, unless it differs between runs (then dropped)."""
    checks: list[dict[str, Any]] = [
        {"what": "result.status_code", "code": str(int(response.status_code)), "approx": False, "imports": []}
    ]
    try:
        body = response.json()
    except Exception:
        return checks
    written = to_code(body)
    if written is not None and not written[1] and len(written[0].code) < 800:
        checks.append(
            {
                "what": "result.json()",
                "code": written[0].code,
                "approx": False,
                "imports": sorted(written[0].imports),
                "optional": True,
            }
        )
    return checks


def without_optional(expect: dict[str, Any] | None) -> dict[str, Any] | None:
    """The expectation without the checks that may be dropped when they vary between runs."""
    if expect is None or "checks" not in expect:
        return expect
    return {**expect, "checks": [c for c in expect["checks"] if not c.get("optional")]}


def _equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return False


# ---------------------------------------------------------------- search


def _targets(module: types.ModuleType, names: list[str]) -> list[tuple[str, Any, Any]]:
    """(qualname, callable, owner class or None) for each requested target that exists."""
    found = []
    for name in names:
        parts = name.split(".")
        obj: Any = module
        owner = None
        try:
            for part in parts:
                owner = obj if isinstance(obj, type) else None
                obj = inspect.getattr_static(obj, part)
        except AttributeError:
            continue
        found.append((name, obj, owner))
    return found


class _Inline(ast.NodeTransformer):
    """Replace names a doctest assigned earlier (``d = {...}``) with their expressions."""

    def __init__(self, env: dict[str, ast.expr]) -> None:
        self.env = env

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if isinstance(node.ctx, ast.Load) and node.id in self.env:
            return copy.deepcopy(self.env[node.id])
        return node


def _calls_of(expr: ast.AST, short: str) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(expr)
        if isinstance(n, ast.Call)
        and (
            (isinstance(n.func, ast.Name) and n.func.id == short)
            or (isinstance(n.func, ast.Attribute) and n.func.attr == short)
        )
    ]


def _calls(expr: ast.AST, short: str) -> bool:
    return bool(_calls_of(expr, short))


def _doctest_arguments(
    calls: list[tuple[str, Any]], short: str, sig: inspect.Signature
) -> dict[str, list[Val]]:
    """Literal arguments of the docstring's example calls, by parameter name: the example's
    "2024-W03-5" joins the pool of ``text``, where later passes cut and edit it."""
    found: dict[str, list[Val]] = {}
    for code, _ in calls:
        for call in _calls_of(ast.parse(code), short):
            positional = [
                p.name
                for p in sig.parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ]
            if isinstance(call.func, ast.Attribute) and positional[:1] in (["self"], ["cls"]):
                positional = positional[1:]
            pairs = list(zip(positional, call.args, strict=False))  # extra ones go to *args
            pairs += [
                (k.arg, k.value) for k in call.keywords if k.arg is not None and k.arg in sig.parameters
            ]
            for name, node in pairs:
                if isinstance(node, ast.Starred):
                    break
                try:
                    ast.literal_eval(node)
                except (ValueError, SyntaxError, TypeError):
                    continue
                value = Val(ast.unparse(node))
                if value not in found.setdefault(name, []):
                    found[name].append(value)
    return found


#: calls a target gets per pass to find a telling alternative to a case that returned 0/None/...
ALTERNATIVE_TRIES = 150

#: results that say little: a mutant often returns them too
_DEGENERATE = frozenset({"0", "0.0", "-0.0", '""', "''", 'b""', "[]", "{}", "()", "set()", "None", "False"})


def _degenerate(expect: dict[str, Any]) -> bool:
    checks = expect.get("checks") or ()
    return expect.get("kind") == "return" and bool(checks) and all(c["code"] in _DEGENERATE for c in checks)


def _used_imports(imports: frozenset[tuple[str, str]], code: str) -> frozenset[tuple[str, str]]:
    """The imports a test's code still names (after steps were dropped)."""
    names = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))
    return frozenset(
        (module, name)
        for module, name in imports
        if (name and name in names) or (not name and module.split(".")[0] in names)
    )


def _doctest_calls(
    func: Any, name: str, module: types.ModuleType
) -> list[tuple[str, frozenset[tuple[str, str]]]]:
    """Calls of the target in its docstring's examples, as single expressions with imports.

    Earlier one-line assignments of the example (``iseven = lambda x: ...``,
    ``d = {1: 2}``) are inlined into the call, so it stands alone as a test; a call
    that needs anything else (a ``def`` above it, an unknown name) is skipped.
    """
    short = name.split(".")[-1]
    try:
        examples = doctest.DocTestParser().get_examples(inspect.getdoc(func) or "")
    except ValueError:
        return []
    env: dict[str, ast.expr] = {}
    calls: list[tuple[str, frozenset[tuple[str, str]]]] = []
    for example in examples:
        try:
            tree = ast.parse(example.source.strip())
        except SyntaxError:
            continue
        if len(tree.body) != 1:
            continue
        stmt = tree.body[0]
        expr: ast.expr | None = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            expr = _Inline(env).visit(stmt.value)
            env[stmt.targets[0].id] = expr
        elif isinstance(stmt, ast.Expr):
            expr = _Inline(env).visit(stmt.value)
        if expr is None or not _calls(expr, short):
            continue
        bound = {n.arg for n in ast.walk(expr) if isinstance(n, ast.arg)}
        bound |= {n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        imports = {(module.__name__, name.split(".")[0])}
        resolvable = True
        for n in ast.walk(expr):
            if not isinstance(n, ast.Name) or n.id in bound or hasattr(builtins, n.id):
                continue
            if hasattr(module, n.id):
                imports.add((module.__name__, n.id))
            else:
                resolvable = False
        code = ast.unparse(expr)
        if resolvable and len(code) <= 400 and (code, frozenset(imports)) not in calls:
            calls.append((code, frozenset(imports)))
    return calls[:12]


class Search:
    def __init__(self, request: dict[str, Any]) -> None:
        self.request = request
        self.module = importlib.import_module(request["module"])
        self.filename = os.path.realpath(self.module.__file__ or "")
        with open(self.filename, encoding="utf-8") as fh:
            self.source = fh.read()
        self.source_lines = self.source.splitlines()
        self.rng = random.Random(request.get("seed", 0))
        self.pools = Pools(self.module, Literals(self.source), self.rng)
        self.timeout = float(request.get("call_timeout", 1.0))
        self.mod_import = (request["module"], "")
        #: target name -> (lines, arcs) reached by the cases kept so far, across passes
        self.reached: dict[str, tuple[set[int], set[tuple[int, int]]]] = {}
        #: target name -> claims of kept cases whose oracle is only 0, "", None, [] ...
        self.weak: dict[str, list[tuple[frozenset[int], frozenset[tuple[int, int]]]]] = {}
        observe = list(request.get("observe") or ())
        if observe:
            seconds = min(30.0, max(2.0, float(request["budget_s"]) * 0.25))
            self.observed = observe_suite(self.filename, observe, seconds, request["module"])

    def run(self) -> list[dict[str, Any]]:
        deadline = time.monotonic() + float(self.request["budget_s"])
        targets = self.request["targets"]
        results: list[dict[str, Any]] = []
        # the first pass tries the typical values; later passes spend what is left of the
        # budget on the targets still missing lines, with mutated values and longer call chains
        for pass_no in range(50):
            open_targets = [t for t in targets if not self._complete(t)]
            if not open_targets or deadline - time.monotonic() <= 0.2:
                break
            for index, target in enumerate(open_targets):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                share = remaining / (len(open_targets) - index)
                found = _targets(self.module, [target["name"]])
                if not found:
                    continue
                name, obj, owner = found[0]
                try:
                    results += self.search_one(
                        target, name, obj, owner, time.monotonic() + share, wild=pass_no > 0
                    )
                except Exception as exc:  # one odd target must not end the module's search
                    print(f"covlift-search: {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return results

    def _complete(self, target: dict[str, Any]) -> bool:
        lines, arcs = self.reached.get(target["name"], (set(), set()))
        wanted_arcs = {tuple(a) for a in target.get("missing_arcs", [])}
        complete = set(target.get("missing_lines", [])) <= lines and wanted_arcs <= arcs
        return complete and not self.weak.get(target["name"])

    def _call_variants(
        self, name: str, obj: Any, owner: Any, wild: bool = False
    ) -> tuple[list[tuple[str | None, str, frozenset[tuple[str, str]]]], Any] | None:
        """(setup code or None, call prefix, imports) ways to reach the callable, and the function."""
        mod_name = self.request["module"]
        short = name.split(".")
        if owner is None:
            func = obj
            if not callable(func) or isinstance(func, type):
                return None
            return [(None, short[-1], frozenset({(mod_name, short[-1])}))], func
        cls_ref = Val(owner.__qualname__, frozenset({(mod_name, short[0])}))
        method = short[-1]
        if isinstance(obj, staticmethod):
            return [(None, f"{cls_ref.code}.{method}", cls_ref.imports)], obj.__func__
        if isinstance(obj, classmethod):
            return [(None, f"{cls_ref.code}.{method}", cls_ref.imports)], obj.__func__
        if isinstance(obj, property):
            getter = obj.fget
            setups = self._instances_of(owner, wild)
            return [(s.code, "obj." + method, s.imports) for s in setups], (getter, "property")
        if not callable(obj):
            return None
        setups = self._instances_of(owner, wild)
        if method == "__init__":
            return [(None, cls_ref.code, cls_ref.imports)], obj
        return [(s.code, "obj." + method, s.imports) for s in setups], obj

    def search_one(
        self,
        target: dict[str, Any],
        name: str,
        obj: Any,
        owner: Any,
        deadline: float,
        wild: bool = False,
    ) -> list[dict[str, Any]]:
        """Cases for one target; ``wild`` (later passes) mutates values and chains more calls."""
        variants = self._call_variants(name, obj, owner, wild)
        if variants is None:
            return []
        setups, func = variants
        is_property = isinstance(func, tuple)
        if is_property:
            func = func[0]
        wanted_lines = set(target.get("missing_lines", []))
        wanted_arcs = {tuple(a) for a in target.get("missing_arcs", [])}
        span = set(target.get("lines", []))
        reached_lines, reached_arcs = self.reached.setdefault(target["name"], (set(), set()))
        weak = self.weak.setdefault(target["name"], [])
        kept: list[dict[str, Any]] = []
        seen_calls: set[tuple[str | None, tuple[str, ...], str, tuple[Patch, ...]]] = set()
        edges = sorted(edges_of(func[0] if isinstance(func, tuple) else func, self.module).items())
        tried = 0

        def stand_ins() -> tuple[Patch, ...]:
            """One stand-in per edge: each variant in turn first, then at random."""
            picks = []
            for path, edge in edges:
                variants = EDGE_FAKES[edge]
                code, imports = variants[tried % len(variants)] if tried < 8 else self.rng.choice(variants)
                picks.append((path, code, imports))
            return tuple(picks)

        def consider(
            setup: str | None,
            call: str,
            imports: frozenset[tuple[str, str]],
            source: str,
            steps: tuple[str, ...] = (),
        ) -> None:
            nonlocal tried
            patches = stand_ins()
            tried += 1
            key = (setup, steps, call, patches)
            if key in seen_calls:
                return
            seen_calls.add(key)
            for _, _, patch_imports in patches:
                imports = imports | patch_imports
            case = {
                "setup": setup,
                "steps": list(steps),
                "call": call,
                "imports": sorted(imports),
                "patches": [[path, code, sorted(i)] for path, code, i in patches],
            }
            outcome = run_case(case, self.module, self.filename, self.timeout)
            if outcome.kind == "rejected":
                return
            if outcome.kind == "return" and not steps:
                plain_call = setup is None and not inspect.iscoroutinefunction(func)
                self.pools.remember(outcome.value, call if plain_call else "", imports)
            new_lines = (outcome.lines & wanted_lines) - reached_lines
            new_arcs = (outcome.arcs & wanted_arcs) - reached_arcs
            claim = None
            if not new_lines and not new_arcs:
                # lines already claimed by a case that only returned 0/""/None: a second case
                # with a telling result may pin them where that one kills no mutant
                claim = next((c for c in weak if c[0] <= outcome.lines and c[1] <= outcome.arcs), None)
                if claim is None:
                    return
                new_lines, new_arcs = set(claim[0]), set(claim[1])
            expect = expectation(outcome, self.filename, self.source_lines)
            if expect is None or (claim is not None and _degenerate(expect)):
                return
            again = run_case(case, self.module, self.filename, self.timeout)
            second = expectation(again, self.filename, self.source_lines)
            if second != expect:
                # a response body with ids or timestamps varies; its status code may not
                expect = without_optional(expect)
                if not expect or not expect.get("checks", True) or without_optional(second) != expect:
                    return  # not deterministic: no trustworthy oracle
            if steps:  # a reader should see only the calls the test needs
                steps, outcome = self._fewer_steps(case, outcome, expect, new_lines, new_arcs)
                case["steps"] = list(steps)
                imports = _used_imports(
                    imports, " ".join([setup or "", *steps, call, *(code for _, code, _ in patches)])
                )
            if claim is not None:
                weak.remove(claim)
            else:
                reached_lines.update(new_lines)
                reached_arcs.update(new_arcs)
                if _degenerate(expect) or source == "doctest":
                    # a docstring example often shows the case that changes least (assoc of a
                    # key already there): offer a second case for the same lines; validation
                    # keeps whichever pins them against a mutant
                    weak.append((frozenset(new_lines), frozenset(new_arcs)))
            kept.append(
                {
                    "target": target["name"],
                    "fixtures": sorted(
                        fixtures_in(" ".join([setup or "", *steps, call]))
                        | ({"monkeypatch"} if patches else set())
                    ),
                    "patches": case["patches"],
                    "setup": setup,
                    "steps": list(steps),
                    "call": call,
                    "imports": sorted(imports),
                    "expect": expect,
                    "is_async": inspect.iscoroutinefunction(func) and source != "route",
                    "origin": source if claim is None else f"{source}, alternative",
                    "new_lines": sorted(new_lines),
                    "new_arcs": sorted(list(a) for a in new_arcs),
                    "lines": sorted(outcome.lines & span) if span else sorted(outcome.lines),
                }
            )

        def done() -> bool:
            return (
                wanted_lines <= reached_lines
                and wanted_arcs <= reached_arcs
                and (not weak or tried > ALTERNATIVE_TRIES)
            ) or time.monotonic() > deadline

        route = self.route_of(func)
        if route is not None:
            for code, imports in self._route_calls(func, route):
                if done():
                    break
                consider(None, code, imports, "route")
            return kept
        examples = _doctest_calls(func, name, self.module)
        for call, call_imports in examples:
            if done():
                break
            consider(None, call, call_imports, "doctest")
        if is_property:
            for setup, prefix, imports in setups:
                if done():
                    break
                consider(setup, prefix, imports, "property")
            return kept
        try:
            sig = inspect.signature(func)
        except (TypeError, ValueError):
            return kept
        hints = _hints(func)
        params = [p for p in sig.parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if (
            owner is not None
            and not isinstance(obj, staticmethod)
            and params
            and params[0].name in ("self", "cls")
        ):
            params = params[1:]
        pools = {p.name: self.pools.for_param(p, hints.get(p.name, p.annotation), 0, name) for p in params}
        for p_name, values in _doctest_arguments(examples, name.split(".")[-1], sig).items():
            if p_name in pools:
                pools[p_name] = list(dict.fromkeys([*values, *pools[p_name]]))
        for p in params:
            if not pools[p.name] and p.default is inspect.Parameter.empty:
                pools[p.name] = self.pools.by_name(p.name)
        if (
            owner is not None
            and params
            and (
                params[0].name in ("other", "rhs", "that")
                or (name.split(".")[-1].startswith("__") and len(params) == 1)
            )
        ):  # comparisons and operators meet another object of their own class
            pools[params[0].name] = [*self._instances_of(owner)[:6], *pools[params[0].name]]
        # *args: an annotation names the type of each element; a plural name hints at it
        star = next((p for p in sig.parameters.values() if p.kind == p.VAR_POSITIONAL), None)
        star_pool: list[Val] = []
        if star is not None:
            hint = hints.get(star.name, star.annotation)
            if hint is not inspect.Parameter.empty and hint is not None:
                star_pool = self.pools.for_type(hint, 0)
            if not star_pool:
                singular = star.name[:-1] if star.name.endswith("s") and len(star.name) > 2 else star.name
                star_pool = self.pools.by_name(singular)
        before_star = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        # **kwargs: keys the module spells out as strings (kw.pop("priority_key")), and one it
        # does not know, to reach the code that refuses unexpected keywords
        kw_pool: list[tuple[str, list[Val]]] = []
        if any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values()):
            taken = {p.name for p in sig.parameters.values()}
            keys = [
                k
                for k in self.pools.literals.strs
                if k.isidentifier() and not keyword.iskeyword(k) and k not in taken
            ][:8]
            kw_pool = [(k, self.pools.by_name(k)) for k in [*keys, "unexpected"]]

        def call_code(
            prefix: str,
            choice: dict[str, Val],
            extra: Sequence[Val] = (),
            keywords: Sequence[tuple[str, Val]] = (),
        ) -> tuple[str, frozenset[tuple[str, str]]]:
            code, imports = positional_and_named(prefix, choice, extra)
            if not keywords:
                return code, imports
            more = ", ".join(f"{k}={v.code}" for k, v in keywords)
            joined = f"{code[:-1]}, {more})" if not code.endswith("()") else f"{code[:-1]}{more})"
            return joined, imports.union(*(v.imports for _, v in keywords))

        def positional_and_named(
            prefix: str, choice: dict[str, Val], extra: Sequence[Val] = ()
        ) -> tuple[str, frozenset[tuple[str, str]]]:
            parts: list[str] = []
            imports: set[tuple[str, str]] = set()
            if extra and all(p.name in choice for p in before_star):
                # *args follow every parameter before them, all passed by position
                for v in [*(choice[p.name] for p in before_star), *extra]:
                    parts.append(v.code)
                    imports |= v.imports
                for p in params:
                    if p.name in choice and p not in before_star:
                        parts.append(f"{p.name}={choice[p.name].code}")
                        imports |= choice[p.name].imports
                return f"{prefix}({', '.join(parts)})", frozenset(imports)
            positional_ok = True
            for p in params:
                if p.name not in choice:
                    positional_ok = False
                    continue
                v = choice[p.name]
                imports |= v.imports
                if p.kind == p.POSITIONAL_ONLY or (
                    p.kind == p.POSITIONAL_OR_KEYWORD
                    and positional_ok
                    and len(parts) < 2
                    and p.default is inspect.Parameter.empty
                ):
                    parts.append(v.code)
                else:
                    positional_ok = False
                    parts.append(f"{p.name}={v.code}")
            return f"{prefix}({', '.join(parts)})", frozenset(imports)

        required = [p for p in params if p.default is inspect.Parameter.empty]
        if any(not pools[p.name] for p in required):
            return kept

        def base_choice(offset: int = 0) -> dict[str, Val]:
            return {p.name: pools[p.name][offset % len(pools[p.name])] for p in required}

        plans: list[dict[str, Val]] = [base_choice(0), base_choice(1)]
        for p in params:
            for v in pools[p.name]:
                choice = base_choice(0)
                choice[p.name] = v
                plans.append(choice)
        star_plans: list[tuple[Val, ...]] = [(v,) for v in star_pool[:6]]
        star_plans += [tuple(star_pool[i : i + 2]) for i in range(0, min(len(star_pool), 6), 2)]
        for setup, prefix, imports in setups:
            for choice in plans:
                if done():
                    return kept
                code, extra = call_code(prefix, choice)
                consider(setup, code, imports | extra, "hints")
            for star_plan in star_plans:
                if done():
                    return kept
                code, extra = call_code(prefix, base_choice(0), star_plan)
                consider(setup, code, imports | extra, "hints")
            for key, values in kw_pool:
                if done():
                    return kept
                code, extra = call_code(prefix, base_choice(0), (), [(key, values[0])])
                consider(setup, code, imports | extra, "hints")
        prep = self._preparations(owner, name) if owner is not None and setups and setups[0][0] else []
        rounds = 0
        while not done() and rounds < 4000:
            rounds += 1
            setup, prefix, imports = self.rng.choice(setups)
            steps: tuple[str, ...] = ()
            if prep and self.rng.random() < (0.8 if wild else 0.5):
                chosen = [self.rng.choice(prep) for _ in range(self.rng.randint(1, 3 if wild else 2))]
                steps = tuple(code for code, _ in chosen)
                for _, step_imports in chosen:
                    imports = imports | step_imports
            choice = {}
            for p in params:
                if p.default is not inspect.Parameter.empty and self.rng.random() < 0.4:
                    continue
                if pools[p.name]:
                    value = self.rng.choice(pools[p.name])
                    produced = self.pools.produced_for(hints.get(p.name, p.annotation)) if wild else []
                    if produced and self.rng.random() < 0.25:
                        value = self.rng.choice(produced)
                    elif wild and self.rng.random() < 0.08:  # a wrong type: is it refused on purpose?
                        value = self.rng.choice(self.pools.by_name(""))
                    choice[p.name] = self.pools.wild(value) if wild and self.rng.random() < 0.5 else value
            if any(p.name not in choice for p in required):
                continue
            star_values: list[Val] = []
            if star_pool:
                for _ in range(self.rng.choice([0, 1, 1, 2, 2, 3])):
                    value = self.rng.choice(star_pool)
                    star_values.append(self.pools.wild(value) if wild and self.rng.random() < 0.3 else value)
            keywords = [
                (k, self.rng.choice(v))
                for k, v in self.rng.sample(kw_pool, min(len(kw_pool), 2))
                if v and self.rng.random() < 0.4
            ]
            code, extra = call_code(prefix, choice, star_values, keywords)
            consider(setup, code, imports | extra, "random" if not steps else "sequence", steps)
        return kept

    def _fewer_steps(
        self,
        case: dict[str, Any],
        outcome: Outcome,
        expect: dict[str, Any],
        new_lines: set[int],
        new_arcs: set[tuple[int, int]],
    ) -> tuple[tuple[str, ...], Outcome]:
        """Drop each preparation step whose absence changes neither what the call reaches
        nor what the test asserts (Pynguin's minimisation, one step at a time)."""
        steps = tuple(case["steps"])
        for index in reversed(range(len(steps))):
            trial = steps[:index] + steps[index + 1 :]
            attempt = run_case({**case, "steps": list(trial)}, self.module, self.filename, self.timeout)
            if (
                new_lines <= attempt.lines
                and new_arcs <= attempt.arcs
                and expectation(attempt, self.filename, self.source_lines) == expect
            ):
                steps, outcome = trial, attempt
        return steps, outcome

    def _instances_of(self, owner: type, wild: bool = False) -> list[Val]:
        """Instances of the class and of its concrete subclasses in the same module.

        A method defined on a base class often does its real work only through the
        hooks a subclass fills in (a priority queue's heap or sorted backend).
        """
        out = list(self.pools.instances(owner, 0, randomized=4 if wild else 0))
        subclasses: list[type] = owner.__subclasses__()
        for sub in subclasses:
            if sub.__module__ == owner.__module__ and not inspect.isabstract(sub):
                out += self.pools.instances(sub, 0)[:4]
        return list(dict.fromkeys(out))

    def route_of(self, func: Any) -> tuple[str, list[str], str] | None:
        """(path, methods, client fixture) when func is an endpoint of the app a conftest client serves."""
        if not hasattr(self, "_routes"):
            self._routes: dict[Any, tuple[str, list[str], str]] = {}
            clients = [
                n
                for t, names in FIXTURES.by_type.items()
                if getattr(t, "__name__", "") == "TestClient"
                for n in names
            ]
            if clients:
                teardowns: list[Any] = []
                try:
                    values, teardowns = FIXTURES.build({clients[0]}, {})
                    for endpoint, path, methods in _walk_routes(values[clients[0]].app, ""):
                        self._routes[endpoint] = (path, methods, clients[0])
                except Exception:
                    pass
                for generator in teardowns:
                    with contextlib.suppress(BaseException):
                        next(generator)
        return self._routes.get(func)

    def _route_calls(
        self, func: Any, route: tuple[str, list[str], str]
    ) -> list[tuple[str, frozenset[tuple[str, str]]]]:
        """Requests through the project's test client that reach the endpoint with varied inputs."""
        path, methods, client = route
        hints = _hints(func)
        try:
            params = list(inspect.signature(func).parameters.values())
        except (TypeError, ValueError):
            return []
        in_path = set(re.findall(r"{(\w+)(?::\w+)?}", path))
        path_pools: dict[str, list[Val]] = {}
        query_pools: dict[str, list[Val]] = {}
        body: tuple[str, list[Val]] | None = None
        for p in params:
            hint = hints.get(p.name, p.annotation)
            if "Depends" in repr(p.default) or "Depends" in repr(getattr(hint, "__metadata__", "")):
                continue  # the app's own dependencies, wired by its fixture
            if p.name in in_path:
                path_pools[p.name] = [v for v in self.pools.for_param(p, hint, 1, "") if _plain(v)][:8]
            elif isinstance(hint, type) and hasattr(hint, "model_fields"):
                body = (p.name, self.pools.instances(hint, 1)[:8])
            elif isinstance(hint, type) and hint in (int, str, float, bool):
                query_pools[p.name] = [v for v in self.pools.for_param(p, hint, 1, "") if _plain(v)][:6]
        if any(not pool for pool in path_pools.values()):
            return []
        calls: list[tuple[str, frozenset[tuple[str, str]]]] = []
        width = max([len(v) for v in path_pools.values()] + [len(body[1]) if body else 1] + [2])
        for method in methods:
            for i in range(min(width, 8)):
                url = path
                for name, pool in path_pools.items():
                    value = ast.literal_eval(pool[i % len(pool)].code)
                    url = re.sub(r"{" + name + r"(?::\w+)?}", str(value), url)
                args = [str_code(url)]
                imports: frozenset[tuple[str, str]] = frozenset()
                if body is not None and body[1]:
                    model = body[1][i % len(body[1])]
                    args.append(f'json={model.code}.model_dump(mode="json")')
                    imports = model.imports
                if query_pools and i % 2:
                    query = ", ".join(
                        f"{str_code(n)}: {pool[i % len(pool)].code}"
                        for n, pool in query_pools.items()
                        if pool
                    )
                    args.append(f"params={{{query}}}")
                calls.append((f"{client}.{method.lower()}({', '.join(args)})", imports))
        return list(dict.fromkeys(calls))

    def _preparations(self, owner: type, target: str) -> list[tuple[str, frozenset[tuple[str, str]]]]:
        """Calls of the class's public methods (the target's own too: the same task added twice)
        that can put an object into a state first."""
        out: list[tuple[str, frozenset[tuple[str, str]]]] = []
        for attr, member in vars(owner).items():
            if attr.startswith("_") or not inspect.isfunction(member):
                continue
            try:
                sig = inspect.signature(member)
            except (TypeError, ValueError):
                continue
            hints = _hints(member)
            params = [
                p
                for p in list(sig.parameters.values())[1:]
                if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.default is p.empty
            ]
            pools = [self.pools.for_param(p, hints.get(p.name, p.annotation), 1)[:6] for p in params]
            if any(not pool for pool in pools):
                continue
            for variant in range(4):
                values = [pool[(variant + i) % len(pool)] for i, pool in enumerate(pools)]
                imports: frozenset[tuple[str, str]] = frozenset().union(*(v.imports for v in values))
                call = f"obj.{attr}({', '.join(v.code for v in values)})"
                if inspect.iscoroutinefunction(member):
                    call, imports = f"asyncio.run({call})", imports | {("asyncio", "")}
                out.append((call, imports))
        return out


def main() -> int:
    request_path, result_path = sys.argv[1], sys.argv[2]
    with open(request_path, encoding="utf-8") as fh:
        request = json.load(fh)
    for entry in reversed(request.get("sys_path", [])):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    signal.signal(signal.SIGALRM, _on_alarm)
    sys.dont_write_bytecode = True
    os.environ.setdefault("HOME", tempfile.mkdtemp(prefix="covlift-home-"))
    global FIXTURES
    FIXTURES = Fixtures(list(request.get("conftests", [])))
    try:
        search = Search(request)
        expected = request.get("file")
        if expected and os.path.realpath(expected) != search.filename:
            with open(result_path, "w", encoding="utf-8") as fh:
                json.dump(
                    {
                        "error": (
                            f"'import {request['module']}' loads {search.filename}, not "
                            f"{expected} (another install of the project comes first); "
                            "install the project from this directory (pip install -e .) "
                            "or put it on PYTHONPATH"
                        )
                    },
                    fh,
                )
            return 0
    except BaseException as exc:
        with open(result_path, "w", encoding="utf-8") as fh:
            json.dump({"error": f"cannot import {request['module']}: {type(exc).__name__}: {exc}"}, fh)
        return 0
    sys.addaudithook(_audit)
    cases = search.run()
    for directory in _TMP_PATHS:
        shutil.rmtree(directory, ignore_errors=True)
    with open(result_path, "w", encoding="utf-8") as fh:
        json.dump({"cases": cases}, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
