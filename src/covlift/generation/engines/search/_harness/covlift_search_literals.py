"""Typical values by type and by parameter name, and the constants a module's source holds."""

from __future__ import annotations

import ast
import datetime
import io
import re
import tokenize

from covlift_search_values import Val

#: ints for a parameter whose name says nothing: typical first, the negative one is an edge
INT_BASE = [1, 0, 2, 3, 10, 100]
INT_EDGES = [-1]


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


#: parameters whose function decides (keeps an item or not): one that is always true decides nothing
PREDICATE_NAMES = frozenset(("predicate", "pred", "condition", "cond", "filter_func", "keep"))
PREDICATES = [Val(code) for code in ("(lambda x: x % 2 == 0)", "bool", "(lambda x: not x)", "callable")]


def takes_a_function(name: str) -> bool:
    """Does a parameter of this name take a function (``func``, ``key_fn``, ``default_factory``)?"""
    lowered = name.lower()
    return lowered in CALLABLE_NAMES or lowered.endswith(("_func", "_fn", "_factory", "_key"))


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
    list: (
        "items",
        "values",
        "rows",
        "records",
        "elements",
        "seq",
        "lines",
        "words",
        "parts",
        "keys",
        "coll",
        "collection",
        "iterable",
        "sequence",
        "xs",
    ),
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
        "metadata",
        "meta",
        "extra",
        "defaults",
        "overrides",
        "environ",
    ),
}


#: calls whose string arguments are messages for people, not values the code compares
_MESSAGE_CALLS = frozenset(
    ("print", "warn", "debug", "info", "warning", "error", "exception", "critical", "log", "format")
)


#: what only a regular expression's source holds (``(?:``, ``[^``, ``\d``, ``{2,}``): a piece of
#: a pattern the module compiles is no value a caller would pass
_PATTERN_SYNTAX = re.compile(r"\(\?|\[\^|\\[dDwWsSbB.]|\{\d*,\d*\}|\)[*+?]|\][*+?{]")


def _plain_text(value: object) -> bool:
    """A short printable one-line text that is no piece of a regular expression."""
    return (
        isinstance(value, str)
        and len(value) < 40
        and value.isprintable()
        and not _PATTERN_SYNTAX.search(value)
    )


#: calls whose text arguments name a type, not data: ``T = TypeVar("T")``
_TYPE_MAKERS = frozenset(
    ("TypeVar", "NewType", "ParamSpec", "TypeVarTuple", "namedtuple", "NamedTuple", "TypedDict")
)


#: keywords whose text configures how a file or stream is handled, not what goes in it
_SETTINGS = frozenset(
    {"encoding", "errors", "mode", "newline", "suffix", "prefix", "lineterminator", "dialect", "quotechar"}
)


#: a piece of markup the module writes (``"<tr>"``, ``"</td>"``, ``"<br />"``): its output, no input
_MARKUP = re.compile(r"\s*</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>\s*")


def _declarations(tree: ast.AST) -> set[int]:
    """ids of the string constants that name types, exports or keyword arguments (``TypeVar("T")``,
    ``__all__``, ``kwargs.pop("reraise_visit")``) or set how a file is opened (``encoding="utf-8"``,
    ``open(path, "w")``): no one's data."""
    out: set[int] = set()
    # remap(**kwargs) reading kwargs.pop("reraise_visit", True): the key is a keyword's name
    keywords = {
        node.args.kwarg.arg
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.args.kwarg is not None
    }
    for node in ast.walk(tree):
        inside: list[ast.AST] = []
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) in keywords:
            inside = [node.slice]
        if isinstance(node, ast.Compare) and any(
            getattr(c, "id", None) in keywords for c in node.comparators
        ):
            inside = [node.left]  # "reraise_visit" in kwargs
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if isinstance(func, ast.Attribute) and getattr(func.value, "id", None) in keywords:
                inside = list(node.args[:1])  # kwargs.pop("reraise_visit", True)
            if called in _TYPE_MAKERS:
                inside = list(node.args)
            if called in ("getattr", "hasattr", "setattr", "delattr") and len(node.args) >= 2:
                inside = [node.args[1]]  # getattr(obj, "_data_type"): an attribute's name
            inside += [k.value for k in node.keywords if k.arg in _SETTINGS]
            if called in ("open", "fdopen") and len(node.args) >= 2:  # the mode
                inside.append(node.args[1])
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            inside = [node.value]
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            # `_MISSING = make_sentinel(var_name="_MISSING")`: the text names the variable
            names = {getattr(t, "id", None) for t in node.targets}
            inside = [n for n in ast.walk(node.value) if isinstance(n, ast.Constant) and n.value in names]
        for part in inside:
            out.update(id(n) for n in ast.walk(part) if isinstance(n, ast.Constant))
    return out


#: names of the variables and attributes that hold texts for people (``message_min``, ``error``)
_MESSAGE_NAME = re.compile(r"(?i)message|error|msg|template|warning|(?:^|_)help(?:$|_)")


#: a sentence for a reader ("Not a valid URL."), wherever the module keeps it: no one's input
_SENTENCE = re.compile(r"[A-Z][a-z]*(?: [^ .!?]+)+[.!?]")


def _messages(tree: ast.AST) -> set[int]:
    """ids of the string constants that are messages: raised errors' texts, log lines, f-strings."""
    out: set[int] = set()
    for node in ast.walk(tree):
        inside: list[ast.AST] = []
        if isinstance(node, ast.Raise) and node.exc is not None:
            inside = [node.exc]
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in _MESSAGE_CALLS or (called[:1].isupper() and called.endswith(("Error", "Exception"))):
                inside = [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.JoinedStr):
            inside = [node]
        elif isinstance(node, ast.Assert) and node.msg is not None:
            inside = [node.msg]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            named = [t.attr if isinstance(t, ast.Attribute) else getattr(t, "id", "") for t in targets]
            if any(_MESSAGE_NAME.search(n) for n in named):  # default_message = "Not a valid URL."
                inside = [node.value]
        for part in inside:
            out.update(id(n) for n in ast.walk(part) if isinstance(n, ast.Constant))
    return out


def _compared(tree: ast.AST) -> set[int]:
    """ids of the string constants the code compares its inputs with (``==``, ``in``, a
    ``match`` case, a dict key or subscript, ``startswith``): the values that choose branches."""
    out: set[int] = set()
    for node in ast.walk(tree):
        parts: list[ast.AST] = []
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
        elif isinstance(node, ast.Dict):
            parts = [k for k in node.keys if k is not None]
        elif isinstance(node, ast.Subscript):
            parts = [node.slice]
        elif isinstance(node, ast.MatchValue):
            parts = [node.value]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("startswith", "endswith", "get", "pop", "split", "partition", "index")
        ):
            parts = [a for a in node.args if isinstance(a, ast.Constant)]  # d.get("key"), not a URL
        for part in parts:
            out.update(id(n) for n in ast.walk(part) if isinstance(n, ast.Constant))
    return out


_BUILTIN_TYPES = frozenset(("list", "dict", "set", "frozenset", "tuple", "type"))


def _constants(node: ast.AST) -> list[str | int]:
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, (str, int)) and not isinstance(n.value, bool)
    ]


def _subject(node: ast.AST) -> str:
    """The name a comparison is about: ``status``, ``self.status``, ``status.lower()``, ``d[k]``."""
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            break
    return _holder(node) if isinstance(node, ast.expr) else ""


def compared_with(tree: ast.AST) -> dict[str, list[str | int]]:
    """Name -> the constants the code compares it with: ``if status == "paid"`` ->
    {"status": ["paid"]}; ``kind.startswith("x-")``; ``match unit: case "s"``."""
    found: dict[str, list[str | int]] = {}

    def add(name: str, values: list[str | int]) -> None:
        if name:
            bucket = found.setdefault(name, [])
            bucket += [v for v in values if v not in bucket][: 12 - len(bucket)]

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            constants = [c for o in operands if not _subject(o) for c in _constants(o)]
            if (
                len(node.ops) == 1
                and isinstance(node.ops[0], (ast.In, ast.NotIn))
                and _subject(node.comparators[0])
            ):
                # `if "." in key:` a separator a text holds: a dotted path, not the dot alone
                joined = [f"user{c}name" for c in constants if isinstance(c, str) and _separator(c)]
                constants = [*joined, *constants]
            for operand in operands:
                add(_subject(operand), constants)
        elif isinstance(node, ast.Match):
            add(_subject(node.subject), [c for case in node.cases for c in _constants(case.pattern)])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("startswith", "endswith")
        ):
            add(_subject(node.func.value), [c for a in node.args for c in _constants(a)])
    return found


def _separator(text: str) -> bool:
    """One or two characters of punctuation: what joins the parts of a path or a list."""
    return 1 <= len(text) <= 2 and all(not c.isalnum() and not c.isspace() for c in text)


def call_arguments(tree: ast.AST) -> dict[str, list[tuple[int | str, ast.expr]]]:
    """Function name -> the literal arguments the module's own code passes it (by position
    or keyword): ``idempotency_key(order_id, "authorize")`` -> {"idempotency_key": [(1, "authorize")]}."""
    found: dict[str, list[tuple[int | str, ast.expr]]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else _holder(node.func)
        if not name:
            continue
        for index, arg in enumerate(node.args):
            if isinstance(arg, ast.Constant) and not isinstance(arg, ast.Starred):
                found.setdefault(name, []).append((index, arg))
        for keyword in node.keywords:
            if keyword.arg and isinstance(keyword.value, ast.Constant):
                found.setdefault(name, []).append((keyword.arg, keyword.value))
    return found


def _holder(node: ast.expr) -> str:
    """``items`` -> "items"; ``self.levels`` -> "levels"; anything else -> ""."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr
    return ""


#: calls whose result holds the same items as their argument (``sorted(tiers)``)
_SAME_ITEMS = frozenset({"sorted", "reversed", "list", "tuple"})


def element_names(tree: ast.AST) -> dict[str, tuple[str, ...]]:
    """What the code calls the elements of a container: ``for sku, quantity in items.items()``
    -> {"items": ("sku", "quantity")}; ``self.levels[sku]`` -> {"levels": ("sku",)}."""
    found: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            target, source = node.target, node.iter
            method = ""
            if isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) and not source.args:
                method, source = source.func.attr, source.func.value
            elif isinstance(source, ast.Call) and ast.unparse(source.func) in _SAME_ITEMS and source.args:
                source = source.args[0]  # `for threshold, percent in sorted(self.tiers)`: the tiers' items
            holder = _holder(source)
            if not holder:
                continue
            if (
                not method
                and isinstance(target, ast.Tuple)
                and all(isinstance(e, ast.Name) for e in target.elts)
            ):
                # pairs unpacked as they are read: each position of an element is named
                found.setdefault(holder, tuple(e.id for e in target.elts if isinstance(e, ast.Name)))
                continue
            if method == "items" and isinstance(target, ast.Tuple) and len(target.elts) == 2:
                names = tuple(e.id if isinstance(e, ast.Name) else "" for e in target.elts)
                found[holder] = names
            elif method in ("", "keys") and isinstance(target, ast.Name):
                found.setdefault(holder, (target.id,))
            elif method == "values" and isinstance(target, ast.Name):
                found.setdefault(holder, ("", target.id))
        elif (
            isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
        ):
            read = _read_by_key(node.value)  # `weight = unit_weights.get(sku)`: keyed by sku, of weights
            if read is not None:
                found.setdefault(read[0], (read[1], node.targets[0].id))
        elif isinstance(node, ast.keyword) and node.arg and (read := _read_by_key(node.value)) is not None:
            found.setdefault(read[0], (read[1], node.arg))  # `location=locations.get(sku, ...)`
        elif (read := _read_by_key(node)) is not None:  # `self.levels[sku]`, `locations.get(sku, ...)`
            found.setdefault(read[0], (read[1],))
    return found


def _read_by_key(node: ast.AST) -> tuple[str, str] | None:
    """(mapping, key) of ``mapping.get(key[, default])`` or ``mapping[key]`` with a named key."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and 1 <= len(node.args) <= 2
        and isinstance(node.args[0], ast.Name)
    ):
        holder, key = _holder(node.func.value), node.args[0].id
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Name):
        holder, key = _holder(node.value), node.slice.id
    else:
        return None
    if not holder or not holder[0].islower() or holder in _BUILTIN_TYPES:  # not list[str], Mapping[...]
        return None
    return holder, key


class Literals:
    """Constants of the target's source, with boundary neighbours for numbers.

    Strings the code compares with come first; the texts of its error messages and log
    lines are not inputs (an order id of "nothing to reserve" reads as nonsense) and only
    lend their characters to mutation.
    """

    def __init__(self, source: str) -> None:
        self.ints: list[int] = []
        self.floats: list[float] = []
        self.strs: list[str] = []
        #: characters of the source's string and bytes constants, for character-level mutation
        self.chars: list[str] = []
        #: the source compares with bytes constants (a parser of encoded text): texts go as bytes too
        self.bytes_seen = False
        #: HTTP status codes the source compares with (402, 429): the responses a fake should give
        self.statuses: list[int] = []
        #: container name -> what the code calls its elements (keys, values)
        self.elements: dict[str, tuple[str, ...]] = {}
        #: name -> constants the code compares it with; function -> literal arguments it gets
        self.compared_with: dict[str, list[str | int]] = {}
        self.call_arguments: dict[str, list[tuple[int | str, ast.expr]]] = {}
        #: the module talks HTTP (a "path" is then a URL path, not a file)
        self.http = bool(re.search(r"\b(httpx|requests|urllib|aiohttp)\b", source))
        #: the module reads a response's request (``response.request.url``): responses carry one
        self.reads_request = bool(re.search(r"\.request\.", source))
        #: the source divides by a hundred (``base * rate / HUNDRED``): its rates are percentages
        self.percent = bool(re.search(r"/\s*(?:HUNDRED|100)\b(?!\.)", source))
        #: the source works with timezone-aware datetimes: typical datetimes are aware too
        self.aware = bool(re.search(r"timezone\.utc|tzinfo|\bUTC\b|utcnow|ZoneInfo|\btz=", source))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return
        messages, compared = _messages(tree), _compared(tree)
        declared = _declarations(tree)
        self.elements = element_names(tree)
        self.compared_with = compared_with(tree)
        self.call_arguments = call_arguments(tree)
        texts: list[tuple[int, str]] = []  # (0 compared, 1 other, 2 message), text
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant):
                v = node.value
                if isinstance(v, bool):
                    continue
                told = id(node) in messages or (isinstance(v, str) and _SENTENCE.fullmatch(v) is not None)
                rank = 0 if id(node) in compared else 2 if told else 1
                if isinstance(v, int) and abs(v) < 10**9:
                    self.ints += [v, v - 1, v + 1]
                    if 200 <= v < 600 and id(node) in compared and v not in self.statuses:
                        self.statuses.append(v)
                elif isinstance(v, float):
                    self.floats += [v, v - 0.5, v + 0.5]
                elif isinstance(v, bytes) and len(v) < 40:
                    self.bytes_seen = True
                    try:  # b"IVXLCDM" compared with an encoded argument: the str is the input
                        texts.append((rank, v.decode("ascii")))
                    except UnicodeDecodeError:
                        continue
                elif (
                    isinstance(v, str)
                    and _plain_text(v)
                    and node.col_offset != 4
                    and id(node) not in declared
                    and (id(node) in compared or not _MARKUP.fullmatch(v))
                ):
                    texts.append((rank, v))
        # a number the author wrote in a comment is an edge they had in mind ("999999 is
        # 999.999 kB, which formats to 1000.0 kB"): first, before the code's own constants
        self.ints = list(dict.fromkeys([*_commented_numbers(source), *self.ints]))[:30]
        self.chars = sorted({c for _, text in texts for c in text if c.isprintable()})[:60]
        self.floats = list(dict.fromkeys(self.floats))[:15]
        self.strs = list(dict.fromkeys(t for rank, t in sorted(texts, key=lambda x: x[0]) if rank < 2))[:30]
        #: the first URL path the module spells (``"/v1/intents"``): what its requests go to
        spelled = re.search(r"""f?["'](/[a-z0-9_\-]+(?:/[a-z0-9_\-]+)+)""", source)
        self.url_path = spelled.group(1) if spelled else "/v1/orders"
        #: the texts of messages, for code that parses what it printed
        self.messages = list(dict.fromkeys(t for rank, t in texts if rank == 2))[:10]


def _commented_numbers(source: str) -> list[int]:
    """Whole numbers of two to nine digits written in the source's comments."""
    found: list[int] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                found += [int(n) for n in re.findall(r"(?<![\w.\-])\d{2,9}(?![\w.])", token.string)]
    except (tokenize.TokenError, SyntaxError):
        pass
    return found[:6]


SEQ_ORIGINS = tuple(
    getattr(__import__("collections.abc", fromlist=["x"]), n)
    for n in ("Sequence", "Iterable", "Collection", "MutableSequence", "Iterator")
)


MAP_ORIGINS = tuple(
    getattr(__import__("collections.abc", fromlist=["x"]), n) for n in ("Mapping", "MutableMapping")
)


CALLABLE_ORIGINS = tuple(getattr(__import__("collections.abc", fromlist=["x"]), n) for n in ("Callable",))
