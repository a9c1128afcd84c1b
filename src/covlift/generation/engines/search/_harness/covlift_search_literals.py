"""Typical values by type and by parameter name, and the constants a module's source holds."""

from __future__ import annotations

import ast
import datetime

from covlift_search_values import Val

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


SEQ_ORIGINS = tuple(
    getattr(__import__("collections.abc", fromlist=["x"]), n)
    for n in ("Sequence", "Iterable", "Collection", "MutableSequence", "Iterator")
)


MAP_ORIGINS = tuple(
    getattr(__import__("collections.abc", fromlist=["x"]), n) for n in ("Mapping", "MutableMapping")
)


CALLABLE_ORIGINS = tuple(getattr(__import__("collections.abc", fromlist=["x"]), n) for n in ("Callable",))
