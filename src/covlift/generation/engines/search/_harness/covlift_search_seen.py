"""A value seen in the project's tests, and whether it may be used again elsewhere.

A value borrowed by parameter name must fit the other parameter's hint, must not be a
clock's reading, a temporary path or an identifier the code generated while the test
ran, and, for names whose meaning depends on the class (``name``, ``id``), must come from
the same class.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib
import inspect
import io
import os
import re
import sys
import tempfile
import types
import typing
from collections.abc import Iterable
from typing import Any

from covlift_search_values import Val

#: names too general to borrow a value across functions by name alone (without a hint)
GENERIC = frozenset(
    (
        *("self", "cls", "args", "kwargs", "value", "values", "data", "obj", "x", "y", "z", "other"),
        *("item", "key", "default", "func", "fn", "f", "callback", "request", "response", "client"),
        *("app", "result", "a", "b", "n", "s", "v", "k", "arg", "kw", "context", "ctx", "node"),
    )
)
#: names whose meaning depends on the class (a product's name, an event's name): borrowed only
#: from the same class
SAME_OWNER = frozenset(
    (
        *("name", "id", "code", "type", "kind", "status", "label", "message", "target", "current"),
        *("total", "items", "lines", "event", "path", "mode", "state", "format", "level", "version"),
        *("title", "text", "description", "payload", "body", "json", "headers", "params", "match"),
        *("src", "source"),  # funcutils' source code, iterutils' iterable: borrowed by name, nonsense
    )
)
#: (written value, its type, the types of its elements: keys and values of a dict, the class
#: whose method received it: "Customer" for Customer.__init__, "" when not known)
Seen = tuple[Val, type, tuple[frozenset[type], ...], str]


def shape(value: Any) -> tuple[frozenset[type], ...]:
    if isinstance(value, dict):
        return (frozenset(map(type, value)), frozenset(map(type, value.values())))
    if isinstance(value, (list, tuple, set, frozenset)):
        return (frozenset(map(type, value)),)
    return ()


#: a generated identifier (a ULID, a hex digest): made by the code while the test ran
_RANDOM = re.compile(r"(?=[A-Z0-9]*\d[A-Z0-9]*[A-Z])(?=[A-Z0-9]*[A-Z][A-Z0-9]*\d)[A-Z0-9]{12,}|[0-9a-f]{24,}")


def spelled(code: str, generated: bool = False) -> bool:
    """Could a test have written this value: no temporary path, no clock's reading of today,
    and (for a value seen while the tests ran) no identifier the code generated."""
    if "pytest-of-" in code or tempfile.gettempdir() + os.sep in code:
        return False
    if "covlift-sandbox-" in code or os.getcwd() + os.sep in code:  # a path into this run's copy
        return False
    if generated and _RANDOM.search(code):
        return False
    return not _near_today(code)


#: a date or datetime written out: ``datetime.date(2026, 12, 8)``
WRITTEN_DATE = re.compile(r"\bdate(?:time)?\((\d{4}), (\d{1,2}), (\d{1,2})\b")
#: how far from today a date seen while the tests ran is taken for a reading of the clock
_CLOCK_DAYS = 45


def _near_today(code: str) -> bool:
    """Does the code write out a day near today (``date.today() + timedelta(days=1)`` seen as
    ``date(2026, 12, 8)``)?  A test asserting "tomorrow" of it fails the day after."""
    today = datetime.date.today()
    for year, month, day in WRITTEN_DATE.findall(code):
        try:
            written = datetime.date(int(year), int(month), int(day))
        except ValueError:
            continue
        if abs((written - today).days) <= _CLOCK_DAYS:
            return True
    return False


def from_tests(imports: Iterable[tuple[str, str]]) -> bool:
    """Does the value import from one of the project's test modules (``from toolz.tests.test_functoolz
    import inc``)?  A new test that borrows another test file's helpers breaks when that file
    changes; a reviewer asks for them defined locally or taken from the library.  A module the
    tests share (``tests/base.py``, ``tests/factories.py``) is there to be imported: not one."""
    for module, _name in imports:
        parts = module.split(".")
        if any(p == "conftest" or p.startswith("test_") or p.endswith("_test") for p in parts):
            return True
    return False


def shared_by_tests(module: str) -> bool:
    """Is the module one the project's tests share (``tests.base``): in a ``tests``/``test``
    package, not a test module itself, not installed."""
    parts = module.split(".")
    if from_tests([(module, "")]) or not any(p in ("tests", "test", "testing") for p in parts[:-1]):
        return False
    file = getattr(sys.modules.get(module), "__file__", None) or ""
    return bool(file) and "site-packages" not in file and "dist-packages" not in file


def owner_of(where: str) -> str:
    """``Customer.__init__`` -> "Customer"; a module-level function -> ""."""
    return where.rsplit(".", 1)[0] if "." in where else ""


def fits(hint: Any, seen: Seen) -> bool:
    """Can a value of this type (and element types) stand where ``hint`` is wanted?"""
    _, kind, elements, _ = seen
    if hint is inspect.Parameter.empty or hint is typing.Any or hint is object:
        return True
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Annotated:
        return fits(args[0], seen)
    if origin is typing.Union or (origin is not None and origin is getattr(types, "UnionType", None)):
        return any(fits(a, seen) for a in args)
    base = origin or hint
    if base is float and kind is int:
        return True
    if not isinstance(base, type) or (kind is bool and base is not bool):
        return False
    try:
        if not issubclass(kind, base):
            return False
    except TypeError:
        return False
    if args and elements and len(args) >= len(elements) and args[-1] is not Ellipsis:
        for wanted, found in zip(args, elements, strict=False):
            if found and not all(fits(wanted, (Val(""), t, (), "")) for t in found):
                return False
    return True


_LITERAL = re.compile(r""""((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'""")


def untidy(call: Val) -> int:
    """How many blank or padded texts a value's code holds (a normalisation test's input)."""
    texts = (m.group(1) if m.group(1) is not None else m.group(2) for m in _LITERAL.finditer(call.code))
    return sum(1 for text in texts if not text.strip() or text != text.strip())


def same(a: Any, b: Any) -> bool:
    try:
        return a is b or (type(a) is type(b) and bool(a == b))
    except Exception:
        return False


def builds(call: Val) -> bool:
    """Does the code run without raising (in a namespace of its imports)?"""
    namespace: dict[str, Any] = {}
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for mod_name, name in call.imports:
                mod = importlib.import_module(mod_name)
                namespace[name or mod_name.split(".")[0]] = getattr(mod, name) if name else mod
            eval(call.code, namespace)
    except Exception:
        return False
    return True


def package_dir(package: str) -> str:
    """The directory of the project's top-level package ('' when unknown)."""
    found = sys.modules.get(package)
    paths: list[str] = list(getattr(found, "__path__", []) or []) if found else []
    if paths:
        return os.path.realpath(paths[0]) + os.sep
    file: str | None = getattr(found, "__file__", None) if found else None
    return os.path.realpath(file) if file else ""
