"""Candidate argument values for a parameter: observed, fixtures, names, hints, literals.

A pool lists typical values first, then edges, then wrong types (``Val.tier``): the
search's first calls and every object it builds for a test use typical values only
(``quantity=2``, ``sku="SKU-001"``), the branches that refuse a value get its edges
as call arguments.
"""

from __future__ import annotations

import ast
import datetime
import decimal
import enum
import functools
import inspect
import math
import random
import re
import types
import typing
from typing import Any

from covlift_search_context import Fixtures, Observed
from covlift_search_domain import (
    GENERIC_DECIMALS,
    GENERIC_EDGES,
    GENERIC_TEXTS,
    decimal_range,
    float_range,
    int_range,
    matches,
    texts,
)
from covlift_search_fakes import boundary
from covlift_search_literals import (
    CALLABLE_ORIGINS,
    CALLABLES,
    INT_BASE,
    INT_EDGES,
    ISO_TEXTS,
    MAP_ORIGINS,
    MOMENTS,
    NAME_HINTS,
    PREDICATE_NAMES,
    PREDICATES,
    SEQ_ORIGINS,
    Literals,
    takes_a_function,
)
from covlift_search_mutate import Mutator
from covlift_search_objects import Builder
from covlift_search_seen import untidy
from covlift_search_values import (
    PAIR,
    TIERS,
    Val,
    as_bytes,
    by_tier,
    is_literal,
    lits,
    one_of,
    str_code,
    to_code,
)

_EMPTY = inspect.Parameter.empty
_GENERIC_CODES = frozenset(str_code(t) for t in GENERIC_TEXTS)
#: the numbers a Decimal of no known meaning gets (prices): not a percent or a threshold
_GENERIC_DECIMAL_CODES = frozenset(f"Decimal({str_code(d)})" for d in GENERIC_DECIMALS)
_DECIMAL = frozenset({("decimal", "Decimal")})
_DATETIME = frozenset({("datetime", "")})


def _says_today(text: str) -> bool:
    """Does the text write today's date (``20261207``, ``2026-12-07``)?"""
    today = datetime.date.today()
    return today.strftime("%Y%m%d") in text or today.isoformat() in text


class Pools:
    """Candidate argument values for a parameter, from the project, names, hints and literals."""

    def __init__(
        self,
        module: types.ModuleType,
        literals: Literals,
        rng: random.Random,
        observed: Observed | None = None,
        fixtures: Fixtures | None = None,
    ) -> None:
        self.module = module
        self.observed = observed or Observed()
        self.fixtures = fixtures or Fixtures([])
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
        self.mutator = Mutator(literals, rng, self.produced_strs)
        self.builder = Builder(self)
        #: code -> tier of the values handed out that are not typical (see ``tier``)
        self._tiers: dict[str, str] = {}
        #: texts the search made by recombining words at random: refused, they read as noise
        self.garbled: set[str] = set()

    def remember(self, value: Any, call: str, imports: frozenset[tuple[str, str]]) -> None:
        """Keep what a successful call returned, for later calls to use as an argument."""
        if isinstance(value, float) and not math.isfinite(value):
            return
        if isinstance(value, (str, bytes, int, float)) and not isinstance(value, (bool, enum.Enum)):
            if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
                return  # "<Parser 'a {} b'>": an object's debugging form is no value a caller passes
            if isinstance(value, str) and _says_today(value):
                return  # "DTSTART:20261207T074652": a reading of the clock, different tomorrow
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
        elif hint is _EMPTY or hint is None or hint is typing.Any:
            kinds = (str, int, float, bytes)
        else:
            return []
        return lits([v for v in self.produced_values if type(v) in kinds], "edge")

    def instances(
        self, cls: type, depth: int, randomized: int = 0, edges: bool = False, as_owner: bool = False
    ) -> list[Val]:
        """Ways to build an instance of cls (``covlift_search_objects``): the project's own first,
        typical values only unless ``edges`` (a call argument may be in an edge state)."""
        return self._noted(self.builder.instances(cls, depth, randomized, edges, as_owner))

    def tier(self, code: str) -> str:
        """The tier of a value (or an object's construction) this pool handed out: "typical",
        "edge" or "wrong-type".  A case whose setup is not typical, or whose arguments hold a
        wrong type, is worth keeping only when it asserts the error that value causes."""
        return self._tiers.get(code, "typical")

    def _noted(self, values: list[Val]) -> list[Val]:
        for v in values:
            if v.tier != "typical" and TIERS.index(v.tier) > TIERS.index(self._tiers.get(v.code, "typical")):
                self._tiers[v.code] = v.tier
        return values

    def typical_instances(self, cls: type) -> list[Val]:
        """Objects of cls in the states ordinary use produces: for a test's setup."""
        return self.builder.instances(cls, 0)

    def produced_strs(self) -> list[str]:
        return [v for v in self.produced_values if isinstance(v, str)]

    def wild(self, value: Val, name: str = "") -> Val:
        """A random neighbour of a literal value (an edge: for calls, not for objects); of a
        parameter that counts digits, places or levels (by ``name``), never a huge number."""
        moved = self.mutator.wild(value, small=bool(_COUNTS_PLACES.search(name)))
        if moved.tier == "wrong-type" and moved.code[:1] in ("'", '"') and moved != value:
            self.garbled.add(moved.code)  # "aDyascii": a word recombined at random
        return moved

    # ------------------------------------------------------------ one parameter

    def for_param(self, param: inspect.Parameter, hint: Any, depth: int = 0, where: str = "") -> list[Val]:
        """The parameter's values: what the project's tests pass it, what its name says in the
        domain, what its hint and default allow; typical first, then edges."""
        if isinstance(hint, str):  # an annotation that did not resolve says nothing usable
            hint = _EMPTY
        hint = _unbound(hint)
        out: list[Val] = _plainest_objects_first(self.observed.get(where, param.name)) if where else []
        out += self.observed.named(param.name, hint, where)
        seen = list(out)
        kind = hint if hint is not _EMPTY and hint is not None else _EMPTY
        if kind is _EMPTY and param.default not in (_EMPTY, None):
            kind = type(param.default)
        domain = self.named(param.name, kind, where)
        # what the module compares the parameter with, and what its own code passes it
        domain += self.module_values(param.name, kind, where)
        out += domain
        if hint in (str, bytes):
            # text the name suggests first ("tzstr": "+02:00"), as the hinted type
            moments = [v for v in self.moments_by_name(param.name) or () if is_literal(v, str)]
            out += moments if hint is str else [b for b in map(as_bytes, moments) if b is not None]
        if hint is not _EMPTY and hint is not None:
            if param.default is not _EMPTY and param.default is not None:  # its author's choice
                written = to_code(param.default)
                out += [written[0]] if written and not written[1] else []
            # a container's elements as the code calls them, else as its name says (skus: a sku)
            elements = self.literals.elements.get(param.name) or _singular(param.name)
            out += self.for_type(hint, depth, elements)
        elif param.default is not _EMPTY:
            default = to_code(param.default)
            if param.default is not None:
                # the default itself (often a module constant) may be the only value of its kind
                consts = [c for c in self.constants if getattr(self.module, c.code, None) == param.default]
                if not consts and default:
                    consts = [default[0]]
                out += consts + self.for_type(type(param.default), depth)
            elif default:  # None usually means "not given": try what the name suggests too
                out.append(default[0])
                out += self.by_name(param.name)
        if not out:  # nothing of the hinted class: what stands in is of the wrong type
            wrong = hint not in (_EMPTY, None, typing.Any, object)
            out += [v.as_tier("wrong-type") if wrong else v for v in self.by_name(param.name)]
        edges = 12
        if any(v.tier == "typical" for v in domain):  # an order id is neither "apple" nor "error"
            keep = {v.code for v in [*seen, *domain]}
            loose = (
                _GENERIC_CODES | {str_code(t) for t in self.literals.strs} | {c.code for c in self.constants}
            )
            out = [v.as_tier("edge") if v.code in loose and v.code not in keep else v for v in out]
            edges = 6  # its own edges first (empty, padded), a few others
        return self._noted(self._ranked(self.retier(param.name, out), edges))

    def module_values(self, name: str, kind: Any, where: str = "") -> list[Val]:
        """Constants the module compares a parameter of this name with (``status == 402``), and
        the literal arguments its own code passes the function (``idempotency_key(o, "capture")``)."""
        wanted: tuple[type, ...] = (str, int) if kind is _EMPTY else (kind,) if kind in (str, int) else ()
        values = [v for v in self.literals.compared_with.get(name, []) if type(v) in wanted]
        func = self._function(where)
        if func is not None:
            try:
                params = [p for p in inspect.signature(func).parameters if p not in ("self", "cls")]
            except (TypeError, ValueError):
                params = []
            at = params.index(name) if name in params else -1
            for slot, node in self.literals.call_arguments.get(where.split(".")[-1], []):
                value = node.value if isinstance(node, ast.Constant) else None
                if slot in (name, at) and isinstance(value, (str, int)) and type(value) in wanted:
                    values += [] if value in values else [value]
        return lits(values)

    def _function(self, where: str) -> Any:
        """The module's function or method of this qualname (None when there is none)."""
        if not where:
            return None
        found: Any = self.module
        for part in where.split("."):
            found = getattr(found, part, None)
            if found is None:
                return None
        return found if callable(found) else None

    @staticmethod
    def _ranked(values: list[Val], edges: int = 12) -> list[Val]:
        """Typical values first (most of the 40 places), then a few edges, then wrong types."""
        ordered = by_tier(values)
        typical = [v for v in ordered if v.tier == "typical"][:28]
        room = 40 - len(typical) if not typical else min(edges, 40 - len(typical))
        return typical + [v for v in ordered if v.tier != "typical"][:room]

    def retier(self, name: str, values: list[Val]) -> list[Val]:
        """Numbers a parameter of this name does not take in ordinary use (a negative quantity,
        a zero timeout) and blank or padded texts are edges, whatever pool they came from."""
        return [
            v.as_tier("edge") if v.tier == "typical" and _is_edge(name, v.code, bool(v.imports)) else v
            for v in values
        ]

    def named(self, name: str, kind: Any, where: str = "") -> list[Val]:
        """Values of the domain the parameter's name suggests, for its kind (str, int, float,
        Decimal; unhinted: what the name says): ``sku`` -> "SKU-001", ``quantity`` -> 2."""
        origin = typing.get_origin(kind)
        if origin is typing.Union or (origin is not None and origin is getattr(types, "UnionType", None)):
            args = [a for a in typing.get_args(kind) if a is not type(None)]
            kind = args[0] if len(args) == 1 else _EMPTY
        out: list[Val] = []
        if kind in (str, _EMPTY):
            good, bad = texts(name, where)
            if not good and matches(name, ("path", "url_path", "route")) and self.literals.http:
                good, bad = [self.literals.url_path], ["", "/"]
            out += lits(good) + lits(bad, "edge")
        if kind is bytes:  # a webhook's payload: the text its name says, encoded
            good, bad = texts(name, where)
            out += lits([t.encode() for t in good]) + lits([t.encode() for t in bad], "edge")
        if kind in (int, _EMPTY) and not (kind is _EMPTY and out):
            ints = int_range(name)
            if ints is not None:
                out += lits(ints[0]) + lits(ints[1], "edge")
        if kind is float:
            floats = float_range(name)
            if floats is not None:
                out += lits(floats[0]) + lits(floats[1], "edge")
        if kind is decimal.Decimal:
            good_d, bad_d = decimal_range(name, self.literals.percent)
            out += [Val(f"Decimal({str_code(s)})", _DECIMAL) for s in good_d]
            out += [Val(f"Decimal({str_code(s)})", _DECIMAL, "edge") for s in bad_d]
        return out

    def constants_of(self, kind: type) -> list[Val]:
        return [c for c in self.constants if type(getattr(self.module, c.code, None)) is kind][:12]

    def moments_by_name(self, name: str) -> list[Val] | None:
        """Dates, times and their texts by parameter name (tdate, start_date, when, tzstr, delta)."""
        lowered = name.lower()
        moments: list[Val] | None = None
        textual = any(t in lowered for t in ("str", "text", "string", "iso"))
        if textual and "tz" in lowered:
            moments = lits(["Z", "+02:00", "-0530", "+00:00", "-00:00", "UTC", "+14", "+2:0"])
        elif textual and any(t in lowered for t in ("date", "time", "dt", "iso")):
            moments = lits(ISO_TEXTS)  # "datestr", "dt_str", "isostring": the text of a moment
        elif (
            "datetime" in lowered
            or lowered in ("dt", "when", "timestamp", "moment")
            or re.fullmatch(r"dt_?(?:start|end|from|to|until|since)", lowered) is not None  # not dtype
            or (lowered in ("after", "before", "since", "until") and self._tells_time())
        ):  # rrule.between(after, before): moments in a module that works with datetimes
            moments = self.for_type(datetime.datetime, 0) + self.for_type(datetime.date, 0)[:2]
        elif "date" in lowered:
            moments = self.for_type(datetime.date, 0) + self.for_type(datetime.datetime, 0)[:2]
        elif lowered.endswith(("delta", "duration", "interval")):
            moments = self.for_type(datetime.timedelta, 0)
        elif lowered.endswith("time") and not lowered.endswith("timeout"):
            moments = self.for_type(datetime.time, 0) + self.for_type(datetime.datetime, 0)[:2]
        if moments and textual and self.literals.bytes_seen:  # a parser of encoded text
            moments += [b for b in map(as_bytes, moments) if b is not None]
        return moments

    def _tells_time(self) -> bool:
        """Does the module work with datetimes (it imports the module or its class)?"""
        return any(getattr(self.module, n, None) in (datetime, datetime.datetime) for n in ("datetime", "dt"))

    def _texts_for(self, name: str) -> list[str]:
        """The module's texts, less those it compares another parameter with: ``count ==
        'repeat'`` makes "repeat" a count's word, no path or key anyone passes (of ``""``, no
        parameter: the texts no parameter owns)."""
        compared = self.literals.compared_with
        owned = {
            v for other, values in compared.items() if other != name for v in values if isinstance(v, str)
        }
        own = set(compared.get(name, ()))
        return [text for text in self.literals.strs if text not in owned or text in own]

    def by_name(self, name: str) -> list[Val]:
        """Values for a parameter without a hint: what its name suggests, else a mix of kinds."""
        lowered = name.lower()
        mixed = lits([1, 0, "apple", 2.5]) + lits(["", None, -1, True], "edge")
        mixed += lits(self._texts_for(name)[:8]) + lits(self.literals.ints[:8])
        mixed += [Val("[1, 2, 3]"), Val("{'a': 1}"), Val("{1, 2}")]
        mixed += [Val("[]", tier="edge"), Val("{}", tier="edge"), Val("set()", tier="edge")]
        mixed += [Val("len", tier="edge")]  # something callable, for code that checks callable(obj)
        mixed += self.constants[:6]
        named = self.named(name, _EMPTY) if name else []
        if lowered in PREDICATE_NAMES:  # `str` keeps every item: a predicate that decides
            return PREDICATES + [v.as_tier("wrong-type") for v in mixed[:4]]
        if lowered in _SOCKET_NAMES or lowered.endswith("_sock"):
            # a connected socket, as a socket library's own tests build one; never a number
            return [_SOCKET] + [v.as_tier("wrong-type") for v in mixed[:2]]
        if takes_a_function(name):
            # a number or a word where a function is called for: only a test of the error it causes
            return CALLABLES + [v.as_tier("wrong-type") for v in mixed[:4]]
        moments = self.moments_by_name(name)
        if moments:
            return named + moments + mixed
        for kind, names in NAME_HINTS.items():
            if lowered in names or any(lowered.endswith("_" + n) for n in names):
                typed = self.for_type(kind, 0)  # a few of the mix early: ``value`` may be a number
                if kind in (list, dict):  # ``dicts``, ``items``: a word or a number is an edge there
                    mixed = [v if _fits_container(kind, v.code) else v.as_tier("edge") for v in mixed]
                return list(dict.fromkeys(named + typed[:16] + mixed[:4] + typed[16:] + mixed[4:]))
        if lowered.startswith(("is_", "has_", "allow", "enable", "use_")) or lowered in (
            "strict",
            "force",
            "verbose",
        ):
            return self.for_type(bool, 0)
        return named + mixed

    # ------------------------------------------------------------ by type

    def for_type(self, hint: Any, depth: int, names: tuple[str, ...] = ()) -> list[Val]:
        """Values of a type; ``names`` are what the code calls a container's elements (keys of
        ``items`` named ``sku`` get SKUs)."""
        if isinstance(hint, typing.TypeVar):
            hint = _unbound(hint)
            if hint is _EMPTY:
                return self.by_name("")
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        known = self.literals
        if hint is type(None):
            return [Val("None")]
        edge = self.edges(hint)
        if edge is not None:
            return edge
        provided = [Val(name) for name in self.fixtures.for_type(hint)] if isinstance(hint, type) else []
        if provided:
            return provided + self.instances(hint, depth)[:2]
        if hint is typing.Any or hint is object:
            return self.by_name("")
        if origin is typing.Annotated:
            return self.for_type(args[0], depth, names)
        if origin is typing.Union or (origin is not None and origin is getattr(types, "UnionType", None)):
            out: list[Val] = []
            for a in args:
                out += self.for_type(a, depth, names)[:12]
            return by_tier(out)
        if origin is typing.Literal:
            return lits(list(args))
        if hint is bool:
            return lits([True, False])
        if hint is int:
            ints = list(dict.fromkeys(INT_BASE + known.ints))
            return lits([i for i in ints if i >= 0]) + self.constants_of(int) + lits(INT_EDGES, "edge")
        if hint is float:
            floats = list(
                dict.fromkeys([1.0, 2.5, 0.5, 100.0, 0.0, *known.floats, *map(float, known.ints[:6])])
            )
            return lits([f for f in floats if f >= 0]) + lits([-1.5, *(f for f in floats if f < 0)], "edge")
        if hint is str:  # a word the module compares one parameter with is that parameter's, offered last
            strs = list(dict.fromkeys([*self._texts_for(""), *GENERIC_TEXTS, *known.strs]))
            return lits(strs) + self.constants_of(str) + lits(list(GENERIC_EDGES), "edge")
        if hint is bytes:
            return lits([b"abc", b"\x00\xff"]) + lits([b""], "edge")
        if hint is decimal.Decimal:
            good, bad = decimal_range("")
            return [Val(f"Decimal({str_code(s)})", _DECIMAL) for s in good] + [
                Val(f"Decimal({str_code(s)})", _DECIMAL, "edge") for s in bad
            ]
        if isinstance(hint, type) and hint in MOMENTS:
            return self.moments(hint)
        if depth > 2:
            return [Val("None")]
        return self.composite(hint, origin, args, depth, names)

    def moments(self, kind: type) -> list[Val]:
        """Typical datetimes all naive or all aware, as the module uses them (no mix in one object)."""
        codes = MOMENTS[kind]
        if kind is not datetime.datetime:
            return [Val(code, _DATETIME) for code in codes]
        naive = [c for c in codes if "tzinfo" not in c]
        aware = [c[:-1] + ", tzinfo=datetime.timezone.utc)" for c in naive[:2]]
        aware += [c for c in codes if "tzinfo" in c]
        good, bad = (aware, naive) if self.literals.aware else (naive, aware)
        return [Val(c, _DATETIME) for c in good] + [Val(c, _DATETIME, "edge") for c in bad]

    def element(self, hint: Any, depth: int, name: str) -> list[Val]:
        """Values of a container's element, by what the code calls it when it has a name."""
        if not name:
            return self.for_type(hint, depth + 1)
        values = self.named(name, hint) + self.observed.named(name, hint) + self.for_type(hint, depth + 1)
        if any(v.tier == "typical" for v in self.named(name, hint)):
            generic = _GENERIC_CODES | _GENERIC_DECIMAL_CODES
            values = [v.as_tier("edge") if v.code in generic else v for v in values]
        return self._ranked(self.retier(name, values))

    def composite(
        self, hint: Any, origin: Any, args: tuple[Any, ...], depth: int, names: tuple[str, ...] = ()
    ) -> list[Val]:
        """Containers, tuples, mappings and callables of values of their element types."""
        first, second = (*names, "", "")[:2]
        if origin is list or hint is list or origin in SEQ_ORIGINS:
            if args and len(names) > 1 and typing.get_origin(args[0]) is tuple:  # list of named pairs
                return self._containers(self.for_type(args[0], depth + 1, names), "[{}]")
            inner = self.element(args[0], depth, first) if args else lits([1, 2, 3, "apple"])
            return self._containers(inner, "[{}]")
        if origin in (set, frozenset) or hint in (set, frozenset):
            inner = self.element(args[0], depth, first) if args else lits([1, 2])
            sets = [Val("{" + v.code + "}", v.imports, v.tier) for v in inner[:4]]
            return [*sets, Val("set()", tier="edge")]
        if origin is tuple or hint is tuple:
            if args and args[-1] is not Ellipsis:
                # a pair read as `for threshold, percent in tiers`: each position by its name
                positions = names if len(names) == len(args) else ("",) * len(args)
                pools = [self.element(a, depth, n) for a, n in zip(args, positions, strict=True)]
                combos = []
                for i in range(min(6, max(len(p) for p in pools))):
                    parts = [p[i % len(p)] for p in pools]
                    code = "(" + ", ".join(v.code for v in parts) + ("," if len(parts) == 1 else "") + ")"
                    combos.append(Val(code, parts[0].join(*parts[1:]), _worst(parts)))
                return by_tier(combos)
            inner = self.for_type(args[0], depth + 1, names) if args else lits([1, "apple"])
            return self._containers(inner, "({},)")
        if origin is dict or hint is dict or origin in MAP_ORIGINS:
            all_keys = self.element(args[0], depth, first) if args else lits(["name", "price"])
            all_vals = self.element(args[1], depth, second) if len(args) > 1 else lits([1, "apple"])
            keys, vals = all_keys[:4], all_vals[:4]
            pairs = [(keys[i], vals[(i + 1) % len(vals)]) for i in range(min(4, len(keys), len(vals)))]
            if keys and vals:  # one entry at its edge: {"SKU-001": 0}, {"": 1}
                pairs += [(keys[0], v) for v in all_vals if v.tier == "edge"][:2]
                pairs += [(k, vals[0]) for k in all_keys if k.tier == "edge"][:1]
            if first:  # {"SKU-001": StockLevel(sku="SKU-001", ...)}: the key is the value's own
                pairs = [(k, _keyed(v, first, k)) for k, v in pairs]
            out = [Val("{" + f"{k.code}: {v.code}" + "}", k.join(v), _worst([k, v])) for k, v in pairs]
            return by_tier([*out, Val("{}", tier="edge")])
        if (origin is not None and origin in CALLABLE_ORIGINS) or hint in CALLABLE_ORIGINS:
            params, result = (args[0], args[1]) if len(args) == 2 else (Ellipsis, None)
            arity = len(params) if isinstance(params, list) else None
            names = (
                ("x", "y", "z")
                if arity is not None and arity <= 3
                else tuple(f"arg{i}" for i in range(arity or 0))
            )
            head = "lambda " + (", ".join(names[: arity or 0]) if arity is not None else "*args, **kwargs")
            returns = self.for_type(result, depth + 1)[:3] if result not in (None, type(None)) else []
            return [Val(f"({head.rstrip()}: {r.code})", r.imports, r.tier) for r in returns or [Val("None")]]
        if isinstance(hint, type):
            return self.instances(hint, depth, edges=True)
        return []

    def edges(self, hint: Any) -> list[Val] | None:
        """Stand-ins for the outside world (``covlift_search_fakes.boundary``): a mocked HTTP
        transport answering what the module expects, an in-memory database, tmp_path."""
        return boundary(hint, self)

    def _containers(self, inner: list[Val], shape: str) -> list[Val]:
        """Containers of the element values: several distinct ones first (one element cannot
        show an order: ``reversed``, ``pop`` of the last), then one each, then empty."""
        out = [Val("()" if shape == "({},)" else shape.replace("{},", "").replace("{}", ""), tier="edge")]
        distinct: list[Val] = []
        for v in dict.fromkeys(v for v in inner if v.tier == "typical"):
            if len(distinct) < 3 and not any(_same_identity(v.code, d.code) for d in distinct):
                distinct.append(v)  # two promotions both SPRING10: no list a shop would hold
        if len(distinct) == 3:
            a, b, c = distinct
            out.append(Val(shape.format(f"{a.code}, {b.code}, {c.code}"), a.join(b, c)))
        for v in [*inner[:5], *[v for v in inner[5:] if v.tier == "edge"][:2]]:
            out.append(Val(shape.format(v.code), v.imports, v.tier))
        if len(inner) >= 2:
            a, b = inner[0], inner[1]
            pair = _worst([a, b])
            out.append(Val(shape.format(f"{a.code}, {b.code}").replace(",,", ","), a.join(b), pair))
            out.append(Val(shape.format(f"{b.code}, {a.code}, {b.code}").replace(",,", ","), a.join(b), pair))
        return by_tier(out)


#: a keyword argument that names which object it is: two elements of one list do not share it
_IDENTITY = re.compile(r"""\b(code|id|sku|slug|key|name|email|username)=("[^"]*"|'[^']*'|\d+)""")


def _same_identity(a: str, b: str) -> bool:
    """Do two constructions give the same identifying field (``code="SPRING10"``)?"""
    return bool(set(_IDENTITY.findall(a)) & set(_IDENTITY.findall(b)))


#: names of parameters that count digits, places, columns or levels: small numbers only
_COUNTS_PLACES = re.compile(r"digit|precision|places|decimal|width|indent|depth|level|prec$|^nd")


_NEGATIVE = re.compile(r"""(?:[(\[{,=:]\s*|["'])-\d""")


def _singular(name: str) -> tuple[str, ...]:
    """``skus`` -> ``("sku",)``: what one element of a container of that name is."""
    one = one_of(name)
    return (one,) if len(name) > 3 and one != name else ()


#: what a parameter named for a socket takes: one end of a connected pair, no network needed
_SOCKET_NAMES = frozenset({"sock", "socket", "client_socket", "server_socket", "conn_sock"})
_SOCKET = Val(f"{PAIR}[0]", frozenset({("socket", "")}))


def _fits_container(kind: type, code: str) -> bool:
    """Is the literal the kind of container the parameter's name asks for?  A mapping passed as
    ``iterable`` (``BarrelList(iterable={"a": 3})``) gives its keys: no one means that."""
    mapping = code.startswith("{") and ":" in code
    if kind is dict:
        return mapping or code == "{}"
    return code[:1] in "[(" or (code.startswith("{") and not mapping)


def _unbound(hint: Any) -> Any:
    """A type variable's bound or constraints (``T: str``), else no hint at all: ``value: _T``
    takes whatever a caller has, not the values of some wrong type."""
    if not isinstance(hint, typing.TypeVar):
        return hint
    if hint.__bound__ is not None:
        return hint.__bound__
    if hint.__constraints__:
        return typing.Union[hint.__constraints__]  # noqa: UP007 (a tuple of types, not a written union)
    return _EMPTY


@functools.lru_cache(maxsize=16384)
def _is_edge(name: str, code: str, imported: bool) -> bool:
    """Is a value written as ``code`` an edge for a parameter of this name?"""
    if untidy(Val(code)):  # an order with a blank coupon: a normaliser's input
        return True
    if imported:  # an object holding a negative number (Money("-3")) is no ordinary setup
        return bool(_NEGATIVE.search(code))
    try:
        plain = ast.literal_eval(code)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    if isinstance(plain, bool):
        return False
    if isinstance(plain, int):
        known = int_range(name)
        return plain < 0 or (known is not None and plain in known[1])
    if isinstance(plain, float):
        return plain < 0 or (float_range(name) is not None and plain == 0)
    if isinstance(plain, str) and _placeholder(name, plain):
        return True  # `Promotion(code="code")`: the parameter's own name, where a value goes
    if isinstance(plain, (str, bytes)):
        return not plain.strip() or plain.strip() != plain  # blank, or padded for a strip()
    return False


def _placeholder(name: str, text: str) -> bool:
    """Is the text only the name of the parameter it is given to (``sku="sku"``, ``code="CODE"``)?"""
    word = text.strip().lower().replace("-", "_").replace(" ", "_")
    return bool(word) and word in (name.lower(), *_singular(name.lower()))


def _keyed(value: Val, field: str, key: Val) -> Val:
    """A constructed value whose ``field`` argument is a plain literal, given the key instead."""
    pattern = rf"\b{re.escape(field)}=(\"[^\"]*\"|-?\d+)"
    if not re.search(pattern, value.code) or not re.fullmatch(r"\"[^\"]*\"|-?\d+", key.code):
        return value
    written = re.sub(pattern, lambda _: f"{field}={key.code}", value.code, count=1)
    return Val(written, value.imports, value.tier)


def _worst(parts: list[Val]) -> str:
    """The tier of a value made of parts: its least ordinary part's."""
    order = ("typical", "edge", "wrong-type")
    return max((p.tier for p in parts), key=order.index, default="typical")


_CONSTRUCTION = re.compile(r"[A-Z]\w*(?:\.\w+)*\(")


def _plainest_objects_first(values: list[Val]) -> list[Val]:
    """The objects the tests passed, shortest construction first, in the places objects held:
    a parser builds ``Trivia(comment="# This part you'll really hate")`` while the tests run,
    and ``Trivia()`` says as much to a reader of a test about something else."""
    objects = sorted((v for v in values if _CONSTRUCTION.match(v.code)), key=lambda v: len(v.code))
    ordered = iter(objects)
    return [next(ordered) if _CONSTRUCTION.match(v.code) else v for v in values]
