"""What a generated test asserts about a call's outcome, or None when nothing trustworthy can be said.

The public outcome of the behaviour, as a maintainer asserts it: the returned value,
the visible state the call changed, the exception the code raised on purpose and the
stable part of its message.  Not asserted: a ``repr``/``str`` (unless the code under
test is ``__repr__``/``__str__``), a private value, a default the test did not cause,
or the None of a procedure.
"""

from __future__ import annotations

import ast
import contextlib
import datetime
import decimal
import fractions
import functools
import inspect
import json
import os
import sys
import textwrap
import types
from typing import Any

from covlift_search_answers import (
    mutates,
    prepared,
    private_code,
    public_name,
    rebuilt,
    returns_an_answer,
    stable_message,
)
from covlift_search_execute import Outcome
from covlift_search_operators import ARITHMETIC
from covlift_search_seen import WRITTEN_DATE
from covlift_search_values import SENT, TEXT_METHODS, public_state, ref_of, scalar_base, to_code, views_of

#: the code under test is one of these: its text is the behaviour, so repr/str may be asserted
_TEXT_METHODS = frozenset({"__repr__", "__str__", "__format__"})


class Oracle:
    """Judges the outcomes of calls into one source file."""

    def __init__(self, filename: str, source: str) -> None:
        self.filename = filename
        #: every line of a `raise` statement (they may span several lines), and the lines of
        #: the bare ``raise`` statements among them (re-raises of the error being handled)
        lines: set[int] = set()
        bare: set[int] = set()
        with contextlib.suppress(SyntaxError):
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Raise):
                    lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
                    if node.exc is None:
                        bare.add(node.lineno)
        self.raise_lines, self.bare_raise_lines = frozenset(lines), frozenset(bare)
        #: the module under test, whose public markers a result may be (`result is missing`)
        self.module_name = next(
            (
                name
                for name, module in list(sys.modules.items())
                if os.path.realpath(getattr(module, "__file__", None) or "") == filename
            ),
            "",
        )

    def raised_on_purpose(self, exc: BaseException, last_line: int = 0) -> bool:
        """True when the exception leaves the target file from one of its own `raise` statements.

        The innermost frame of the traceback must be in the target file, on a raise
        statement: an error raised inside a library or builtin the code called (say a
        TypeError from a bad argument the search passed on) is not the code's behaviour.
        A bare ``raise`` keeps the traceback of the error it re-raises, so there the last
        line the file ran decides (``except KeyError: if no_default: raise``).
        """
        if last_line and last_line in self.bare_raise_lines:
            return True
        return self._made_here(exc)

    def _made_here(self, exc: BaseException) -> bool:
        """Was the exception made by one of the target file's own `raise` statements?"""
        tb = exc.__traceback__
        innermost = None
        while tb is not None:
            innermost = tb
            tb = tb.tb_next
        return (
            innermost is not None
            and innermost.tb_frame.f_code.co_filename == self.filename
            and innermost.tb_lineno in self.raise_lines
        )

    def agreed(
        self, first: Outcome, second: Outcome, case: dict[str, Any] | None = None, func: Any = None
    ) -> dict[str, Any] | None:
        """What two runs of one call agree on, when their whole answers differ: a reservation
        made with a fresh id and the time of day still has the order and the items it was
        made for (``result.order_id == "OD-1"``), and the stock it set aside.  None when they
        agree on nothing that shows the behaviour."""
        told = [self.expectation(run, case, func) for run in (first, second)]
        if told[0] is None or told[1] is None or told[0].get("kind") != "return" or first.kind != "return":
            return None
        kept = [c for c in told[0]["checks"] if c in told[1]["checks"] and not c.get("optional")]
        whole = any(c["what"] == "result" for c in told[0]["checks"])
        if whole and not any(c["what"] == "result" for c in kept):
            attributes = [_attribute_checks(run.value) for run in (first, second)]
            same = [c for c in attributes[0] if c in attributes[1]]
            kept = same + [c for c in kept if not c["what"].startswith("result")]
        shown = [c for c in kept if c["code"] not in _DEGENERATE]
        return {**told[0], "checks": kept} if shown else None

    def expectation(
        self, outcome: Outcome, case: dict[str, Any] | None = None, func: Any = None
    ) -> dict[str, Any] | None:
        """What the generated test will assert, or None when nothing trustworthy can be said.

        ``case`` is the call that ran (its preparing ``steps`` decide whether what stays the
        same was caused by the test); ``func`` is the function called (its return annotation
        decides whether a None it returns is an answer).
        """
        if outcome.kind == "raises":
            return self._raises(outcome)
        if outcome.kind != "return":
            return None
        value = outcome.value
        if _default_state(func, case):
            return None  # `repr(OrderedSet())`, a pickled `juxt()`: an empty object shows no contract
        if _is_response(value):
            return {"kind": "return", "checks": _response_checks(value)}
        if _round_trip(func, value, outcome.obj):  # pickle gives back an equal object: that is the contract
            return {"kind": "return", "checks": [_bare("result == obj")]}
        text_ok = getattr(func, "__name__", "") in _TEXT_METHODS
        if getattr(func, "__name__", "") == "__repr__" and (
            str(value).startswith("<") or _plain_repr(value) or isinstance(outcome.obj, BaseException)
        ):
            # `<Whitespace '  '>`: a debugging aid; `repr(Bool(True)) == "True"`: the value's own;
            # an error's repr: for a traceback, where its message is the contract
            return None
        checks: list[dict[str, Any]] = []
        if value is not None:
            checks += (
                _hash_checks(value, outcome.obj, func)
                or _result_checks(value, text_ok, self.module_name)
                or _plain_value(value)
            )
            if checks:  # beside what the result is, never instead: `"a" * integer` is a str of 8001 a's
                checks += _kept_type(value, outcome.obj, func)
        elif returns_an_answer(func):
            checks.append(_none_check())
        if outcome.obj is not None and outcome.state_before is not None:
            changed = _state_changes(outcome, text_ok)
            checks += changed[: max(2, 5 - len(checks))]
            if not changed and mutates(func) and prepared(outcome.obj, case):
                # a call that may change the object keeps the state the calls before it made
                # (the same task added twice): what stays is the behaviour, and the test caused it
                checks += _kept_state(outcome.obj)
        if checks and outcome.sent:  # what it asked the server, besides what it made of the answer
            checks += sent_checks(outcome.sent)
        checks += _file_checks(outcome)  # what it wrote under tmp_path: a writer's behaviour
        if not checks:
            return None  # a quiet no-op, or a procedure that changed nothing visible
        if all(c["what"] == "result" for c in checks) and _nothing_from_nothing(func, case, value):
            return None  # `Inventory().reservation_for_order("OD-1") is None`: nothing was there to find
        if _empty_in_empty_out(case, checks):
            return None  # `Engine.from_config([]).promotions == []`: nothing went in, nothing came out
        answered = all(c["what"] == "result" or c.get("kept") for c in checks)  # and the object kept
        if answered and _found_nothing(func, case, value, outcome):
            return None  # `inventory.expire_reservations() == []` with no reservation made
        if getattr(func, "__name__", "") == "__init__" and _echoes(checks, case):
            return None  # `Context(context=1).context == 1`: it keeps what it was given, nothing more
        if getattr(func, "__name__", "") == "__init__" and _defaults_only(
            func, checks, case, value, self.module_name
        ):
            return None  # `BufferedSocket(sock, recvsize=1).rbuf == b""`: what any socket starts with
        if _reads_back(checks, case):
            return None  # `Whitespace(s="\n").value == "\n"`: a getter hands back what it was given
        return {"kind": "return", "checks": checks}

    def _raises(self, outcome: Outcome) -> dict[str, Any] | None:
        exc = outcome.exc
        assert exc is not None
        if not self.raised_on_purpose(exc, outcome.last_line):
            return None
        if isinstance(exc, NotImplementedError) and not str(exc):
            return None  # a base class's stub (`def compute(self): raise NotImplementedError`): no behaviour
        ref = ref_of(type(exc))
        if ref is None or private_code(ref.code):
            return None
        out: dict[str, Any] = {
            "kind": "raises",
            "exc": ref.code,
            "imports": sorted(ref.imports),
            # an error the code lets through (a bare `raise`) keeps Python's wording: its type is the
            # behaviour, its text belongs to the interpreter ('int' object is not subscriptable)
            "message": stable_message(str(exc)) if self._made_here(exc) else "",
        }
        detail = _structured_detail(exc)
        if detail is not None:  # {'name': ['Not a valid string.']}: the error's own field, not its text
            out["checks"] = [detail]
        if outcome.sent:  # the declined payment was asked for: what was sent, asserted after the raise
            out["after"] = sent_checks(outcome.sent)
        return out


def _result_checks(value: Any, text_ok: bool, module_name: str = "") -> list[dict[str, Any]]:
    """The returned value as code; else rebuilt from its repr; else its public attributes;
    else what its items show."""
    check = _check("result", value)
    if check is not None:
        return [check]
    named = public_name(value, module_name)
    if named is not None:  # a marker the module offers (marshmallow's `missing`): that very object
        return [{"what": "result", **named}]
    if isinstance(value, types.GeneratorType):
        return []
    equal = rebuilt(value)
    if equal is not None:
        return [{"what": "result", **equal}]
    views = _checks(*list(_views(value, "result", text_ok).items())[:1])
    if views and _is_container(value):  # a collection is what it holds, not how it keeps it
        return views
    checks = _public_checks(value, 4, module_name)
    if checks and isinstance(value, BaseException):
        # an error handed back (`map_payment_error(response)`): which error is the answer
        ref = ref_of(type(value))
        if ref is not None and not private_code(ref.code):
            checks.insert(0, {**_bare(f"isinstance(result, {ref.code})", sorted(ref.imports)), "error": True})
    return checks or views


def _attribute_checks(value: Any) -> list[dict[str, Any]]:
    """Each public attribute of a returned object, as a check of its own."""
    if value is None or isinstance(value, (str, bytes, int, float, list, tuple, dict, set)):
        return []
    return _public_checks(value, 6)


def _public_checks(value: Any, most: int, module_name: str = "") -> list[dict[str, Any]]:
    """A check of each of the first ``most`` public attributes of a returned object, those its own
    class's ``__init__`` sets first (``RateLimited``'s ``retry_after`` before the ``status_code``
    its base class is always given)."""
    checks: list[dict[str, Any]] = []
    state = public_state(value)
    own = _set_by_own_init(type(value))
    ordered = sorted(state.items(), key=lambda item: item[0] not in own)
    bare = _bare_state(type(value)) if module_name and type(value).__module__ == module_name else None
    if bare is not None:  # `Table.from_data(...).metadata == {}`: what any new table has, not caused
        caused = [(n, a) for n, a in ordered if not (n in bare and _equal(bare[n], a))]
        ordered = caused or ordered
    for name, attr in [(n, a) for n, a in ordered if not _repeats(a, state)][:most]:
        checks += _checks((f"result.{name}", attr))
    return checks


def _bare_state(cls: type) -> dict[str, Any] | None:
    """The public attributes of an object of ``cls`` built with no arguments, when the class can
    be built so (every parameter has a default); else None.  Called only for classes of the
    module under test."""
    try:
        return _bare_state_once(cls)
    except TypeError:  # a class whose metaclass makes it no cache key
        return None


@functools.lru_cache(maxsize=256)
def _bare_state_once(cls: type) -> dict[str, Any] | None:
    if not isinstance(cls, type) or issubclass(cls, BaseException):
        return None
    try:
        params = inspect.signature(cls).parameters.values()
        if any(p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
            return None
        return dict(public_state(cls()))
    except Exception:  # a class that cannot be built bare says nothing of its defaults
        return None


def _set_by_own_init(cls: type) -> frozenset[str]:
    """The attributes ``cls``'s own ``__init__`` (not a base class's) assigns to ``self`` (read once
    per class: every returned object of it asks)."""
    try:
        return _set_once(cls)
    except TypeError:  # a class whose metaclass makes it no cache key
        return _read_own_init(cls)


def _read_own_init(cls: Any) -> frozenset[str]:
    init = cls.__dict__.get("__init__")
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(init))) if inspect.isfunction(init) else None
    except (OSError, TypeError, SyntaxError):
        tree = None
    return frozenset(_self_attributes(tree, ast.Store)) if tree is not None else frozenset()


_set_once = functools.cache(_read_own_init)


def _self_attributes(tree: ast.AST, ctx: type[ast.expr_context]) -> list[str]:
    """The ``self.<name>`` attributes the code assigns (``ast.Store``) or reads (``ast.Load``)."""
    return [
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ctx)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    ]


def _repeats(attr: Any, state: dict[str, Any]) -> bool:
    """Is the attribute a mapping of the object's own other attributes (an error's ``details``
    beside its ``reason`` and ``decline_code``)?  Asserting both says one thing twice."""
    if not isinstance(attr, dict) or not attr:
        return False
    return all(
        isinstance(k, str) and k in state and state[k] is not attr and _same(state[k], v)
        for k, v in attr.items()
    )


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return False


#: value types a class of a project extends to carry more (tomlkit's ``Integer(int)``, ``Date(date)``)
_SCALARS = (
    int,
    float,
    complex,
    str,
    bytes,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    decimal.Decimal,
    fractions.Fraction,
)
#: a zero-argument method that shows such an object as its text (``Integer.as_string()``)
_TEXT_VIEWS = ("as_string", "to_string", "as_text", "to_text")


def _kept_type(value: Any, obj: Any, func: Any) -> list[dict[str, Any]]:
    """For an operator of a class that extends a builtin scalar, the result's type is the
    behaviour: ``Integer(5) + 1`` stays an ``Integer`` (and reads as its text), ``Integer(5) %
    1.5`` falls back to a plain float.  A plain ``== 6`` passes for either."""
    if getattr(func, "__name__", "") not in ARITHMETIC or obj is None:
        return []
    owner = type(obj)
    if owner in _SCALARS or not issubclass(owner, _SCALARS):
        return []
    kind = type(value)
    if kind in _SCALARS:  # the operator gave up the class: `Integer % 2.5` is a float
        if kind.__module__ == "builtins":
            return [_bare(f"type(result) is {kind.__name__}")]
        # datetime.timedelta, spelled as the value's own code spells it
        return [_bare(f"type(result) is {kind.__module__}.{kind.__qualname__}", [(kind.__module__, "")])]
    ref = ref_of(kind)
    if ref is None or private_code(ref.code) or not isinstance(value, _SCALARS):
        return []
    checks = [_bare(f"isinstance(result, {ref.code})", sorted(ref.imports))]
    for name in _TEXT_VIEWS:
        method = getattr(value, name, None)
        if callable(method):
            with contextlib.suppress(Exception):
                text = method()
                check = _check(f"result.{name}()", text) if isinstance(text, str) else None
                if check is not None:
                    checks.append(check)
            break
    return checks


def _hash_checks(value: Any, obj: Any, func: Any) -> list[dict[str, Any]]:
    """``hash(float_) == hash(12.34)``: an object that equals a plain value hashes like it
    (the contract of ``__hash__``), where the number itself means nothing."""
    if getattr(func, "__name__", "") != "__hash__" or obj is None or type(obj) in _SCALARS:
        return []
    base = scalar_base(type(obj))
    unwrap = getattr(obj, "unwrap", None)
    if base is None and not callable(unwrap):
        return []
    with contextlib.suppress(Exception):
        # tomlkit's Bool is no bool: the plain value it unwraps to, when it equals it
        plain = base(obj) if base is not None else unwrap()  # type: ignore[misc]
        base = base or type(plain)
        written = to_code(plain) if type(plain) is base and plain == obj else None
        if written is not None and not written[1] and hash(plain) == value:
            code = written[0]
            return [
                {
                    "what": "result",
                    "code": f"hash({code.code})",
                    "approx": False,
                    "imports": sorted(code.imports),
                }
            ]
    return []


def _plain_value(value: Any) -> list[dict[str, Any]]:
    """``result == 5`` for an int of a class of its own whose repr builds nothing (``<Cents 5c>``)."""
    base = scalar_base(type(value))
    if base is None or type(value) is base or isinstance(value, bool):
        return []
    with contextlib.suppress(Exception):
        check = _check("result", base(value))
        return [check] if check is not None else []
    return []


#: the methods a pickle or copy round trip runs
_ROUND_TRIPS = frozenset(
    {"__reduce__", "__reduce_ex__", "__getstate__", "__setstate__", "__copy__", "__deepcopy__"}
)


def _round_trip(func: Any, value: Any, obj: Any) -> bool:
    """A round trip of an object whose class says what equal means, that gave back an equal copy."""
    if getattr(func, "__name__", "") not in _ROUND_TRIPS or obj is None or value is obj:
        return False
    if type(value) is not type(obj) or "__eq__" not in _defined(type(obj)):
        return False
    try:
        return bool(value == obj)
    except Exception:
        return False


def _defined(cls: type) -> set[str]:
    """The names the class and its bases define, short of ``object``."""
    return {name for klass in cls.__mro__ if klass is not object for name in vars(klass)}


def _bare(what: str, imports: list[Any] | None = None) -> dict[str, Any]:
    """An assertion that is true as it stands: ``assert isinstance(result, Integer)``."""
    return {"what": what, "code": "True", "approx": False, "imports": imports or [], "bare": True}


#: the methods whose answer about an object in its default state says nothing of the class
_CONTRACTS = _TEXT_METHODS | _ROUND_TRIPS


def _default_state(func: Any, case: dict[str, Any] | None) -> bool:
    """Is the call a repr or a round trip of an object built with no arguments and not changed?"""
    return getattr(func, "__name__", "") in _CONTRACTS and _untouched_bare(case)


def _nothing_from_nothing(func: Any, case: dict[str, Any] | None, value: Any) -> bool:
    """Did a method of an object built with no arguments (and not changed since) answer with
    nothing (None, an empty collection or text)?  Its test would show only that an empty object
    is empty: the behaviour the method exists for never ran.  ``bool``/``len`` of one is its
    contract; ``1 in BarrelList()`` being False is any empty container's."""
    name = getattr(func, "__name__", "")
    if name == "__contains__" and value is False and _untouched_bare(case):
        return True
    if name.startswith("__") or not _untouched_bare(case):
        return False
    try:
        return value is None or (isinstance(value, (list, tuple, dict, set, frozenset, str)) and not value)
    except Exception:
        return False


def _found_nothing(func: Any, case: dict[str, Any] | None, value: Any, outcome: Outcome) -> bool:
    """Did a method answer nothing (None, an empty collection or text) only because the
    collections of its object it goes through were empty -- ``next(..., None)`` over no
    reservation, a comprehension over no promotion -- rather than because its code says so
    (``if not history: return None``)?  Its test shows that an object holding none of what the
    query looks for has none of it; the behaviour never ran.  A lookup in a filled collection
    that misses (``shelf.hold_of("MUG")`` of a shelf of tea) is an answer."""
    if getattr(func, "__name__", "").startswith("__") or outcome.obj is None:
        return False
    if not _nothing(value) and not _zero(value):
        return False
    call = _expression((case or {}).get("call") or "")
    given = _arguments(call) if isinstance(call, ast.Call) else []
    if given and all(code in _EMPTY_COLLECTIONS for code in given):
        return False
    parsed = _parsed(func)
    if parsed is None:
        return False
    fn, first_line = parsed
    returned = _reached_return(fn, first_line, outcome.lines)
    if returned is None or returned.value is None or _spelled_empty(returned.value):
        return False
    if _zero(value) and not _totals(returned.value):  # a zero worked out otherwise is an answer
        return False
    gone_through = [inspect.getattr_static(outcome.obj, name, None) for name in _attributes_read(fn)]
    containers = [v for v in gone_through if isinstance(v, (list, tuple, dict, set, frozenset))]
    return bool(containers) and not any(containers)


def _zero(value: Any) -> bool:
    """A number that is zero (not False): what a total over nothing comes to."""
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool) and value == 0


def _totals(said: ast.expr) -> bool:
    """Is the returned expression a total or count (``sum(g.points for g in self.grants ...)``,
    ``len(...)``), zero when what it goes through is empty?"""
    return isinstance(said, ast.Call) and isinstance(said.func, ast.Name) and said.func.id in ("sum", "len")


def _spelled_empty(said: ast.expr) -> bool:
    """Is the returned expression a literal (``None``, ``[]``, ``set()``): the code says so?"""
    if isinstance(said, ast.Constant):
        return True
    if isinstance(said, (ast.List, ast.Tuple, ast.Set)):
        return not said.elts
    if isinstance(said, ast.Dict):
        return not said.keys
    return (
        isinstance(said, ast.Call)
        and not said.args
        and not said.keywords
        and ast.unparse(said.func) in _EMPTY_MAKERS
    )


def _attributes_read(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The ``self.<name>`` attributes the method reads."""
    return list(dict.fromkeys(_self_attributes(fn, ast.Load)))


def _nothing(value: Any) -> bool:
    """None, or an empty collection or text (a zero is a number worked out: an answer)."""
    if value is None:
        return True
    try:
        return isinstance(value, (list, tuple, dict, set, frozenset, str, bytes)) and not value
    except Exception:
        return False


def _parsed(func: Any) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, int] | None:
    """The function's own definition, parsed, and the file line its source starts on."""
    try:
        source, first_line = inspect.getsourcelines(inspect.unwrap(func))
        tree = ast.parse(textwrap.dedent("".join(source)))
    except (OSError, TypeError, SyntaxError, ValueError):
        return None
    first = tree.body[0] if tree.body else None
    if not isinstance(first, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    return first, first_line


def _reached_return(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, first_line: int, lines: set[int]
) -> ast.Return | None:
    """The last ``return`` of ``fn`` (not of a function nested in it) among the lines the call ran."""
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    inner = {
        id(n) for sub in ast.walk(fn) if sub is not fn and isinstance(sub, nested) for n in ast.walk(sub)
    }
    returns = [
        node
        for node in ast.walk(fn)
        if isinstance(node, ast.Return) and id(node) not in inner and node.lineno + first_line - 1 in lines
    ]
    return max(returns, key=lambda node: node.lineno, default=None)


_EMPTY_COLLECTIONS = frozenset({"[]", "{}", "()", "set()", "frozenset()"})
_EMPTY_MAKERS = frozenset({"list", "dict", "set", "frozenset", "tuple", "str", "bytes"})


_EMPTY_CODES = frozenset({"[]", "{}", "()", "''", '""', "set()", "frozenset()", "None", "0", "False"})


def _plain_repr(value: Any) -> bool:
    """Is the text the repr of a plain value (``"True"``, ``"12"``, ``"'a'"``)?  Then the class
    shows the value it wraps: nothing of its own to pin."""
    try:
        ast.literal_eval(str(value))
    except Exception:
        return False
    return True


def _expression(code: str) -> ast.expr | None:
    """The code as one expression, or None when it is not one."""
    try:
        return ast.parse(code, mode="eval").body
    except SyntaxError:
        return None


def _as_code(code: str) -> str | None:
    """The code as ``ast.unparse`` spells it (``'a'`` and ``"a"`` alike), or None."""
    node = _expression(code)
    return ast.unparse(node) if node is not None else None


def _arguments(call: ast.Call) -> list[str]:
    """A call's arguments, positional then keyword values, as code."""
    return [ast.unparse(a) for a in [*call.args, *(k.value for k in call.keywords)]]


def _reads_back(checks: list[dict[str, Any]], case: dict[str, Any] | None) -> bool:
    """Does a call without arguments on the object under test (a getter, ``obj.value``) answer
    exactly a value the object was built with?"""
    case = case or {}
    if case.get("steps") or not case.get("setup"):
        return False
    setup, call = _expression(case["setup"].strip()), _expression(case.get("call") or "")
    if not isinstance(setup, ast.Call) or call is None or (isinstance(call, ast.Call) and _arguments(call)):
        return False
    given = set(_arguments(setup))
    return bool(checks) and all(c["what"] == "result" and _as_code(c["code"]) in given for c in checks)


def _empty_in_empty_out(case: dict[str, Any] | None, checks: list[dict[str, Any]]) -> bool:
    """Was every argument of the call empty, and is every check an empty attribute of the object it
    built?  (``merge({}) == {}`` of a function is an edge a maintainer keeps; an object made from
    nothing, holding nothing, shows nothing of how it is made.)"""
    call = _expression((case or {}).get("call") or "")
    if not isinstance(call, ast.Call) or (case or {}).get("steps"):
        return False
    given = _arguments(call)
    if not given or any(code not in _EMPTY_CODES - {"None", "0", "False"} for code in given):
        return False
    return all(
        check["what"].startswith("result.") and check.get("code", "").strip() in _EMPTY_CODES
        for check in checks
    )


def _untouched_bare(case: dict[str, Any] | None) -> bool:
    """Was the object under test built with no arguments (``Inventory()``) and not changed since?"""
    setup = ((case or {}).get("setup") or "").strip()
    if (case or {}).get("steps"):
        return False
    return bool(setup) and setup.endswith("()") and setup[:-2].replace(".", "").isidentifier()


def _echoes(checks: list[dict[str, Any]], case: dict[str, Any] | None) -> bool:
    """Does each check of a construction only read back an argument the call passed (or count the
    items of a list it passed)?"""
    call = _expression((case or {}).get("call") or "")
    if not isinstance(call, ast.Call):
        return False
    given = set(_arguments(call))
    sizes = {
        str(len(a.elts)) for a in [*call.args, *(k.value for k in call.keywords)] if isinstance(a, ast.List)
    }
    echoed = False
    for check in checks:
        if check["what"] == "len(result)" and check["code"].strip() in sizes:
            echoed = True  # TaxTable(rules=[rule]) holds one: the list it was given, counted
            continue
        code = _as_code(check["code"]) if check["what"].startswith("result.") else None
        if code is None:
            return False
        if code in given:
            echoed = True
        elif code not in _EMPTY_CODES:  # beside what it keeps, only attributes still unset (token=None)
            return False
    return echoed


def _defaults_only(
    func: Any, checks: list[dict[str, Any]], case: dict[str, Any] | None, value: Any, module_name: str = ""
) -> bool:
    """Does each check of a construction show only what any object of the class starts with: an
    empty attribute the call gave nothing of, a parameter it did not pass (``maxsize == 32768``;
    ``timeout == 10`` of ``timeout=_UNSET``: what the class fills in for "not given"), or one it
    passed kept as given (``maxsize=DEFAULT_TIMEOUT``: 10)?  The test passed ``recvsize``; nothing it
    asserts comes from that."""
    call = _expression((case or {}).get("call") or "")
    if not isinstance(call, ast.Call) or not checks:
        return False
    try:
        params = list(inspect.signature(func).parameters.values())[1:]  # without self
    except (TypeError, ValueError):
        return False
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    passed = {k.arg: ast.unparse(k.value) for k in call.keywords if k.arg}
    passed.update(zip(positional, map(ast.unparse, call.args), strict=False))
    defaults = {p.name: p.default for p in params if p.default is not p.empty}
    for check in checks:
        name, code = check["what"].removeprefix("result."), _as_code(check.get("code", ""))
        if not check["what"].startswith("result.") or not name.isidentifier():
            return False
        if name in passed and code != passed[name] and not _names_it(passed[name], value, name, module_name):
            return False  # what it made of an argument (`strict=True`: depth 2)
        if name in passed or code in _EMPTY_CODES | {"b''"}:
            continue  # an argument kept as given; an attribute still empty
        if name in defaults and (
            _equal(getattr(value, name, None), defaults[name]) or _sentinel(defaults[name])
        ):
            continue  # a parameter the call left alone: its default, or what the class fills in for it
        return False
    return True


def _sentinel(default: Any) -> bool:
    """Is a default a marker for "not given" (``_UNSET = object()``), not a value of its own?"""
    plain = (type(None), bool, int, float, str, bytes, tuple, list, dict, frozenset, set)
    return not isinstance(default, plain) and not callable(default) and type(default).__module__ != "enum"


def _names_it(code: str, value: Any, name: str, module_name: str) -> bool:
    """Is ``code`` the name of a module constant whose value the object keeps as ``name``
    (``maxsize=DEFAULT_TIMEOUT`` kept as 10)?"""
    module = sys.modules.get(module_name)
    if module is None or not code.isidentifier() or not hasattr(module, code):
        return False
    return _equal(getattr(module, code), getattr(value, name, None))


def _is_container(value: Any) -> bool:
    """An object of a class that is sized and iterable: its items are its public face."""
    cls = type(value)
    return hasattr(cls, "__len__") and hasattr(cls, "__iter__")


def _state_changes(outcome: Outcome, text_ok: bool) -> list[dict[str, Any]]:
    """The public attributes the call changed (of a dict, the entries it set); else what
    len/iteration of the object show changed.  Of a collection, what it holds first."""
    before = outcome.state_before or {}
    checks: list[dict[str, Any]] = []
    if _is_container(outcome.obj):
        checks = _view_changes(outcome, text_ok)
        if checks:
            return checks
    for name, attr in public_state(outcome.obj).items():
        if name in before and _equal(before[name], attr):
            continue
        entries = _changed_entries(before.get(name), attr, f"obj.{name}")
        checks += entries if entries is not None else _checks((f"obj.{name}", attr))
    return checks or _view_changes(outcome, text_ok)


def _view_changes(outcome: Outcome, text_ok: bool) -> list[dict[str, Any]]:
    """What len/iteration of the object show that the call changed; when only its repr
    changed, that it equals the object its new repr builds."""
    views_before = outcome.views_before
    if views_before is None:
        return []
    changed = [
        (what, seen)
        for what, seen in views_of(outcome.obj, "obj").items()
        if what not in views_before or not _equal(views_before[what], seen)
    ]
    items = next(((what, seen) for what, seen in changed if what.startswith("list(")), None)
    if any(what.endswith(_TEXT_CALLS) for what, _ in changed):  # array.insert: its text, not list(array)
        changed = [(what, seen) for what, seen in changed if not what.startswith(("list(", "len("))]
    else:
        items = None
    if any(what.endswith("()") and not what.endswith(_TEXT_CALLS) for what, _ in changed):
        changed = [(what, seen) for what, seen in changed if not what.endswith(_TEXT_CALLS)]  # data says it
    texts = [what for what, _ in changed if what.startswith(("repr(", "str("))]
    checks = _checks(*[(what, seen) for what, seen in changed if text_ok or what not in texts][:2])
    if not checks and texts:  # state shown only by its repr: the object equals what that builds
        equal = rebuilt(outcome.obj)
        return [{"what": "obj", **equal}] if equal is not None else []
    for check in checks:  # the size before says whether the call added or removed
        was = to_code(views_before.get(check["what"])) if check["what"] in views_before else None
        if was is not None:
            check["before"] = was[0].code
        if items is not None and check["what"].endswith(_TEXT_CALLS):
            # asserted on its text, named by what happened to its items (adds_an_item, empties_it)
            held, had = to_code(items[1]), to_code(views_before.get(items[0]))
            if held is not None and had is not None:
                check["items"], check["items_before"] = held[0].code, had[0].code
    return checks


#: the views that are the object's text: asserted when its data shows no change
_TEXT_CALLS = tuple(f".{method}()" for method in TEXT_METHODS)


def _changed_entries(old: Any, new: Any, what: str) -> list[dict[str, Any]] | None:
    """``what[key] == value`` for the entries a call added to or changed in a dict that has
    others it left alone; None when the whole dict is the better assertion."""
    if type(old) is not dict or type(new) is not dict or set(old) - set(new):
        return None
    keys = [k for k in new if k not in old or not _equal(old[k], new[k])]
    if not keys or len(keys) > 2 or len(keys) == len(new):
        return None
    checks = []
    for key in keys:
        written = to_code(key)
        if written is None or written[1]:
            return None
        check = _check(f"{what}[{written[0].code}]", new[key])
        if check is None:
            return None
        check["imports"] = sorted({*check["imports"], *written[0].imports})
        checks.append(check)
    return checks


def _kept_state(obj: Any) -> list[dict[str, Any]]:
    """What len/iteration of the object show, else its non-empty public containers."""
    kept = _checks(*[(w, v) for w, v in views_of(obj, "obj").items() if w.startswith(("len(", "list("))][:1])
    if not kept:
        filled = [
            (f"obj.{name}", value)
            for name, value in public_state(obj).items()
            if isinstance(value, (list, dict, set, frozenset, tuple)) and value
        ]
        kept = _checks(*filled[:1])
    return [{**check, "kept": True, "before": check["code"]} for check in kept]


def _views(value: Any, name: str, text_ok: bool) -> dict[str, Any]:
    """views_of without repr/str, unless the text is what is being tested."""
    return {w: v for w, v in views_of(value, name).items() if text_ok or not w.startswith(("repr(", "str("))}


def _none_check() -> dict[str, Any]:
    return {"what": "result", "code": "None", "approx": False, "imports": []}


def _structured_detail(exc: BaseException) -> dict[str, Any] | None:
    """When an error's text is the repr of a dict or list it carries (a validation error's
    ``messages``), the assertion on that attribute: a test matches data, not its printed form."""
    text = str(exc)
    for name, value in sorted(vars(exc).items()):
        if name.startswith("_") or not isinstance(value, (dict, list)) or not value or str(value) != text:
            continue
        check = _check(f"excinfo.value.{name}", _plain_containers(value))
        if check is not None:
            return check
    return None


def _plain_containers(value: Any) -> Any:
    """A ``defaultdict`` of lists as the plain dict of lists it equals (what a test writes)."""
    if isinstance(value, dict):
        return {k: _plain_containers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_containers(v) for v in value]
    return value


def _file_checks(outcome: Outcome) -> list[dict[str, Any]]:
    """The content of each text file the call wrote under tmp_path, and what tmp_path holds
    after it (an atomic writer leaves no temporary file behind)."""
    if not outcome.written:
        return []
    checks = []
    for rel, text in sorted(outcome.written.items()):
        checks += _checks((f"({_under_tmp_path(rel)}).read_text()", text))
    if checks and outcome.listing is not None:
        folder = _under_tmp_path(next(iter(outcome.written)).rpartition("/")[0])
        folder = f"({folder})" if " " in folder else folder
        checks += _checks((f"sorted(p.name for p in {folder}.iterdir())", outcome.listing))
    return checks


def _under_tmp_path(rel: str) -> str:
    """``out/report.csv`` -> ``tmp_path / "out" / "report.csv"``."""
    return " / ".join(["tmp_path", *(json.dumps(part) for part in rel.split("/") if part)])


def _check(what: str, value: Any) -> dict[str, Any] | None:
    """The assertion ``what == value`` when value can be written as public code, else None."""
    written = to_code(value)
    if written is None or private_code(written[0].code):
        return None
    code, approx = written
    if len(code.code) > _LONGEST and code.code.lstrip("-").isdigit():
        return None  # `2 ** integer` of 8001: a number no reader checks
    return {"what": what, "code": code.code, "approx": approx, "imports": sorted(code.imports)}


def _checks(*pairs: tuple[str, Any]) -> list[dict[str, Any]]:
    """The assertions of the (what, value) pairs that can be written as code."""
    return [c for c in (_check(what, value) for what, value in pairs) if c is not None]


def sent_checks(sent: list[Any]) -> list[dict[str, Any]]:
    """What the code asked a mocked server: each request's method and path, and the JSON body of
    the last one (``refund(..., reason="damaged")`` sends the reason).  The answer a test double
    gives back proves little; the request it was sent is the code's own doing."""
    try:
        asked = [(str(request.method), str(request.url.path)) for request in sent]
    except AttributeError:
        return []
    checks = _checks((f"[(request.method, request.url.path) for request in {SENT}]", asked))
    try:
        body = json.loads(sent[-1].content) if sent and sent[-1].content else None
    except (ValueError, AttributeError, UnicodeDecodeError):
        body = None
    if isinstance(body, dict) and body:
        found = _check(f"json.loads({SENT}[-1].content)", body)
        if found is not None:
            checks.append({**found, "imports": sorted({*map(tuple, found["imports"]), ("json", "")})})
    return checks


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


def reads_the_calendar(expect: dict[str, Any], code: str, today: datetime.date | None = None) -> bool:
    """Does the expected value hold a date the call took from today's calendar?  ``parse("03-06")``
    answers March 6th of this year: a year the test never wrote, or today's month and day, in the
    answer, and the test fails next year (or tomorrow)."""
    today = today or datetime.date.today()
    for check in expect.get("checks") or ():
        for year, month, day in WRITTEN_DATE.findall(str(check.get("code", ""))):
            y, m, d = int(year), int(month), int(day)
            if y == today.year and year not in code:
                return True
            pieces = (f"{m:02d}-{d:02d}", f"{m}, {d}", f"{m:02d}{d:02d}", f"{m}/{d}", f"{d}/{m}")
            if (m, d) == (today.month, today.day) and not any(p in code for p in pieces):
                return True
    return False


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


#: the most digits an asserted number may have
_LONGEST = 40
#: results that say little: a mutant often returns them too
_DEGENERATE = frozenset({"0", "0.0", "-0.0", '""', "''", 'b""', "[]", "{}", "()", "set()", "None", "False"})


def degenerate(expect: dict[str, Any]) -> bool:
    checks = expect.get("checks") or ()
    return expect.get("kind") == "return" and bool(checks) and all(c["code"] in _DEGENERATE for c in checks)
