"""The outside world a target calls (clocks, dice, processes) and the stand-ins a test installs;
the boundaries a parameter takes (an HTTP client, a database, a directory)."""

from __future__ import annotations

import ast
import datetime
import http
import inspect
import json
import re
import textwrap
import types
from typing import TYPE_CHECKING, Any

from covlift_search_domain import texts
from covlift_search_values import SENT, Val

if TYPE_CHECKING:
    from covlift_search_pools import Pools

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

#: the moment each clock stand-in answers, and another one years and months away from it
_MOMENTS = (("2024, 1, 15", "2031, 7, 3"), ("1700000000.0", "1930000000.0"), ("1000.0", "98765.0"))


def another_moment(patch: Patch) -> Patch | None:
    """The clock stand-in answering another moment, years away (None for any other stand-in):
    an answer both moments give does not depend on the clock."""
    target, code, imports = patch
    for now, other in _MOMENTS:
        if now in code and code.startswith("lambda"):
            return target, code.replace(now, other), imports
    return None


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


# ------------------------------------------------------------ boundaries a parameter takes


def boundary(hint: Any, pools: Pools) -> list[Val] | None:
    """Stand-ins for the outside world a parameter takes, made the way a project's tests make
    them: an httpx client on a ``MockTransport`` answering what the module expects (a body of
    its own response model, the status codes it branches on), an in-memory SQLite database,
    pytest's tmp_path.  None when the hint is not such an edge."""
    module = getattr(hint, "__module__", "") or ""
    name = getattr(hint, "__name__", "")
    if module.startswith("httpx") and name in ("Client", "AsyncClient"):
        return [
            Val(
                f"httpx.{name}(transport=httpx.MockTransport("
                f"lambda request: {SENT}.append(request) or {response.code}))",
                response.imports | {("httpx", "")},
            )
            for response in http_responses(pools)
        ]
    if module.startswith("httpx") and name == "Response":
        request = f', request=httpx.Request("GET", "https://api.example.com{pools.literals.url_path}")'
        tail = request if pools.literals.reads_request else ""
        return [
            Val(response.code[:-1] + tail + ")", response.imports | {("httpx", "")})
            for response in http_responses(pools)
        ]
    if module == "sqlite3" and name == "Connection":
        return [Val('sqlite3.connect(":memory:")', frozenset({("sqlite3", "")}))]
    if module in ("pathlib", "os") and name in ("Path", "PurePath", "PathLike"):
        named = json.dumps(file_name(pools))
        return [Val("tmp_path"), Val(f"tmp_path / {named}"), Val('tmp_path / "out" / "report.csv"')]
    return None


#: a file of the format a module reads or writes, by the format's name
_FILES = {
    "toml": "config.toml",
    "json": "data.json",
    "csv": "report.csv",
    "yaml": "config.yaml",
    "ini": "setup.cfg",
}


def file_name(pools: Pools) -> str:
    """The name a test gives the file a module reads or writes: of the format its own texts
    spell (``".toml"``) or its name says (tomlkit's ``toml_file``), else ``data.txt``."""
    for text in pools.literals.strs:
        ext = text.rsplit(".", 1)[-1].lower() if text.startswith(".") or "." in text[-6:] else ""
        for fmt, named in _FILES.items():
            if ext == fmt or (fmt == "yaml" and ext == "yml"):
                return named
    words = set(re.split(r"[._]", pools.module.__name__.lower()))
    return next((named for fmt, named in _FILES.items() if fmt in words or f"{fmt}kit" in words), "data.txt")


def _response_models(module: types.ModuleType) -> list[type]:
    """The module's pydantic models, those it parses responses into first."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        source = ""
    models = [
        cls
        for name, cls in vars(module).items()
        if inspect.isclass(cls)
        and cls.__module__ == module.__name__
        and not name.startswith("_")
        and hasattr(cls, "model_dump")
        and hasattr(cls, "model_fields")
    ]
    return sorted(models, key=lambda cls: f"{cls.__name__}.model_validate" not in source)[:2]


def http_responses(pools: Pools) -> list[Val]:
    """Responses a mocked transport gives: success bodies first (documents the project's tests
    define, dumps of the module's response models), then each error status the module
    compares with, with a body of the shape it reads (``{"error": {"message": ...}}``)."""
    cached: list[Val] | None = getattr(pools, "_http_responses", None)
    if cached is not None:
        return cached
    pools._http_responses = []  # type: ignore[attr-defined]  # a model holding a client: no loop
    strs = set(pools.literals.strs)
    bodies: list[Val] = []
    for document in pools.observed.documents:
        try:
            found = ast.literal_eval(document.code) if document.code.startswith("{") else {}
        except (ValueError, SyntaxError, TypeError):
            found = {}
        if set(found) & strs:
            bodies.append(document)
    for model in _response_models(pools.module):
        for instance in pools.instances(model, 1)[:2]:
            bodies.append(Val(f'{instance.code}.model_dump(mode="json")', instance.imports))
    if not bodies:
        names = [k for k in pools.literals.strs if k.isidentifier()][:6]
        if names:
            bodies.append(Val("{" + ", ".join(f'"{k}": {_text_for(k)}' for k in names) + "}"))
    out = [Val(f"httpx.Response(200, json={b.code})", b.imports) for b in bodies[:4]]
    statuses = [s for s in pools.literals.statuses if s >= 400]
    for status in [*statuses, *(s for s in (404, 500) if s not in statuses)]:
        phrase = http.HTTPStatus(status).phrase if status in _KNOWN_STATUSES else "Error"
        if "error" in strs and "message" in strs:
            body = f', json={{"error": {{"message": "{phrase}"}}}}'
        elif "detail" in strs or "message" in strs:
            body = f', json={{"{"detail" if "detail" in strs else "message"}": "{phrase}"}}'
        else:
            body = ""
        headers = ', headers={"Retry-After": "1"}' if status in (429, 503) and "Retry-After" in strs else ""
        out.append(Val(f"httpx.Response({status}{body}{headers})"))
    if not bodies:
        out.insert(0, Val("httpx.Response(200, json={})"))
    pools._http_responses = out  # type: ignore[attr-defined]
    return out


_KNOWN_STATUSES = frozenset(s.value for s in http.HTTPStatus)


def _text_for(key: str) -> str:
    good, _ = texts(key)
    return f'"{good[0]}"' if good else "1"
