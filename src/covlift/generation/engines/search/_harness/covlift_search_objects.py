"""Objects for a test to use: built the way the project builds them, in valid states.

First the project's own ways: a conftest fixture returning the class, the constructions
its tests make (``Observed.built``), calls of the module that returned one.  Then
constructor calls of typical values only: required parameters, one optional parameter
at a time (not every optional parameter with an odd value), and a boundary parameter
(an HTTP client) always, answering as the module expects.  Objects holding an edge
value (``StockLevel(on_hand=-1)``) are offered only as call arguments (``edges=True``),
for the branches that refuse them; a value a pydantic field's constraints refuse
(``Field(ge=0)``, a pattern) is an edge of that field.
"""

from __future__ import annotations

import ast
import contextlib
import datetime
import decimal
import enum
import inspect
import json
import re
import sys
import typing
from typing import TYPE_CHECKING, Any

from covlift_search_answers import only_raises_not_implemented
from covlift_search_values import TIERS, Val, hints_of, one_of, ref_of, typical

if TYPE_CHECKING:
    from covlift_search_pools import Pools


_UNKNOWN = object()


def _plain(value: Val) -> Any:
    """The Python value of a literal (or of ``Decimal("1.5")``), else _UNKNOWN."""
    code = value.code
    match = re.fullmatch(r"Decimal\((['\"])(.*)\1\)", code)
    try:
        return decimal.Decimal(match.group(2)) if match else ast.literal_eval(code)
    except (ValueError, SyntaxError, decimal.InvalidOperation):
        return _UNKNOWN


def _refused_by(metadata: list[Any], plain: Any) -> bool:
    """Does a pydantic field's metadata (annotated_types bounds, lengths, a pattern) refuse it?"""
    for item in metadata:
        for attr, ok in (
            ("ge", lambda bound: plain >= bound),
            ("gt", lambda bound: plain > bound),
            ("le", lambda bound: plain <= bound),
            ("lt", lambda bound: plain < bound),
            ("min_length", lambda bound: len(plain) >= bound),
            ("max_length", lambda bound: len(plain) <= bound),
            ("pattern", lambda bound: re.search(bound, plain) is not None),
        ):
            bound = getattr(item, attr, None)
            if bound is None:
                continue
            try:
                if not ok(bound):
                    return True
            except TypeError:
                continue
    return False


def constrained(cls: type, name: str, values: list[Val]) -> list[Val]:
    """The field's values, those its declared constraints refuse turned into edges."""
    fields = getattr(cls, "model_fields", None)
    field = fields.get(name) if isinstance(fields, dict) else None
    metadata = list(getattr(field, "metadata", None) or ())
    if not metadata:
        return values
    out = []
    for v in values:
        plain = _plain(v)
        refused = v.tier == "typical" and plain is not _UNKNOWN and _refused_by(metadata, plain)
        out.append(v.as_tier("edge") if refused else v)
    return out


def _boundary_hint(pools: Pools, hint: Any) -> bool:
    """Is the parameter an edge of the outside world (an HTTP client, a database, a path)?"""
    args = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
    return any(pools.edges(a) is not None for a in args if a is not inspect.Parameter.empty)


def _is_protocol(cls: type) -> bool:
    return bool(getattr(cls, "_is_protocol", False))


def stubbed(cls: type) -> bool:
    """Is the class abstract by convention: a method it has only raises NotImplementedError
    (``Promotion.compute``), for its subclasses to fill in?  An instance of it given to code
    that calls that method shows nothing; its subclasses stand for it there."""
    try:
        return _STUBBED[cls]
    except (KeyError, TypeError):  # not asked yet; a class whose metaclass cannot be hashed
        found = _stubbed(cls)
    with contextlib.suppress(TypeError):
        _STUBBED[cls] = found
    return found


_STUBBED: dict[type, bool] = {}


def _stubbed(cls: type) -> bool:
    if cls.__module__ in ("builtins", "typing", "abc", "collections.abc", "enum"):
        return False
    for name in dir(cls):
        try:
            member = inspect.getattr_static(cls, name)
        except AttributeError:
            continue
        func = getattr(member, "__func__", member)
        if inspect.isfunction(func) and only_raises_not_implemented(func):
            return True
    return False


#: names of a class's own factories that need no argument
_READY_MADE = ("default", "defaults", "standard", "empty", "new", "create", "builtin", "basic")


def _offered_by_the_class(cls: type, ref: Val) -> list[Val]:
    """Instances a class's own classmethods make with no argument (``TaxTable.default()``):
    valid states its authors filled in, before anything the search puts together."""
    out: list[Val] = []
    for name, member in vars(cls).items():
        if not isinstance(member, classmethod) or name.startswith("_"):
            continue
        try:
            params = list(inspect.signature(member.__func__).parameters.values())[1:]
        except (TypeError, ValueError):
            continue
        if any(
            p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            for p in params
        ):
            continue
        returns = getattr(member.__func__, "__annotations__", {}).get("return")
        said = returns is cls or (isinstance(returns, str) and returns.strip("'\"") in (cls.__name__, "Self"))
        if said or name in _READY_MADE:
            out.append(Val(f"{ref.code}.{name}()", ref.imports))
    return out[:2]


def _package_of(cls: type) -> str:
    """The top package a class was defined in; "" for a class whose ``__module__`` is no text
    (a metaclass's subclass may read it as a descriptor)."""
    module = getattr(cls, "__module__", "")
    return module.split(".")[0] if isinstance(module, str) else ""


def package_subclasses(cls: type) -> list[type]:
    """The public subclasses of ``cls`` its own package defines (``fields.String`` of ``Field``)."""
    package = _package_of(cls)
    subclasses: list[type] = type.__subclasses__(cls)
    return [sub for sub in subclasses if _package_of(sub) == package and not sub.__name__.startswith("_")]


def _implementations(cls: type) -> list[type]:
    """Concrete subclasses of an abstract class, the project's own first (public ones only)."""
    found: list[type] = []
    pending: list[type] = list(type.__subclasses__(cls)) if not _is_protocol(cls) else []
    while pending:
        sub = pending.pop(0)
        pending += type.__subclasses__(sub)
        concrete = not inspect.isabstract(sub) and not stubbed(sub)
        if concrete and not sub.__name__.startswith("_") and sub not in found:
            found.append(sub)
    top = _package_of(cls)
    return sorted(found, key=lambda sub: _package_of(sub) != top)


_STARTS = ("created_at", "starts_at", "start", "start_date", "begin", "valid_from", "opened_at", "since")
_ENDS = (
    "expires_at",
    "ends_at",
    "end",
    "end_date",
    "finish",
    "valid_to",
    "valid_until",
    "closed_at",
    "until",
)


def _in_order(choice: dict[str, Val]) -> dict[str, Val]:
    """A start and an end of the same object in order (nothing expires before it is created)."""
    starts = [n for n in choice if n in _STARTS]
    ends = [n for n in choice if n in _ENDS]
    if len(starts) != 1 or len(ends) != 1:
        return choice
    first, last = choice[starts[0]], choice[ends[0]]
    if not (first.code.startswith("datetime.") and last.code.startswith("datetime.")):
        return choice
    try:
        namespace = {"datetime": datetime}
        swapped = eval(last.code, namespace) < eval(first.code, namespace)
    except Exception:
        return choice
    return {**choice, starts[0]: last, ends[0]: first} if swapped else choice


class Builder:
    """Ways to build an instance of a class, for the pools of one module."""

    def __init__(self, pools: Pools) -> None:
        self.pools = pools
        self._building: set[type] = set()

    def instances(
        self, cls: type, depth: int, randomized: int = 0, edges: bool = False, as_owner: bool = False
    ) -> list[Val]:
        """``as_owner``: the object a method is called on, not a value given to code: a class
        abstract by convention (``stubbed``) is built as itself for its own methods' tests."""
        pools = self.pools
        ref = ref_of(cls)
        if ref is None:
            return []
        known = [Val(name) for name in pools.fixtures.for_type(cls)]
        known += [Val(call) for call in pools.fixtures.made_by(cls)]
        factory = self._by_factory(cls, depth)
        known += factory
        known += _offered_by_the_class(cls, ref)  # TaxTable.default(): a table as its authors fill it
        seen = pools.observed.built(cls)
        # the plainest construction first: Trivia(), not Trivia(comment="# This part you'll really hate")
        seen = sorted(seen, key=lambda v: len(v.code))
        # the subclasses the tests share (`UserSchema()`) stand for a class its suite never builds
        # bare and its package never subclasses; one it builds (`fields.String()`) is itself, and
        # a `Field` has the package's own kinds (`String`), not a test helper (`Uppercased()`)
        if not seen and not package_subclasses(cls):
            known += pools.observed.built_subclasses(cls)
        known += seen
        known += pools.factories.get(cls, [])[:4]
        if issubclass(cls, enum.Enum):
            return [Val(f"{ref.code}.{m.name}", ref.imports) for m in cls]
        if cls.__module__ in ("typing", "collections.abc", "abc", "builtins"):
            return known
        # a storage interface: its implementations; a base class whose hook only raises, too
        stand_ins = not as_owner and stubbed(cls) and bool(_implementations(cls))
        if inspect.isabstract(cls) or _is_protocol(cls) or stand_ins:
            if cls in self._building:
                return known
            self._building.add(cls)
            try:
                for sub in _implementations(cls)[:3]:
                    known += self.instances(sub, depth, 0, edges)[:2]
            finally:
                self._building.discard(cls)
            return list(dict.fromkeys(known))
        if cls in self._building:  # a class whose constructor takes its own kind
            return known
        if factory and not edges:  # built the way its users are told to, not by its constructor
            return list(dict.fromkeys(known))
        try:
            sig = inspect.signature(cls)
        except (TypeError, ValueError):
            return known
        self._building.add(cls)
        try:
            built = self._constructed(cls, ref, sig, depth, randomized, edges)
        finally:
            self._building.discard(cls)
        ordinary = typical(built)
        if not edges:
            built = ordinary or built  # an object in an edge state only when there is no other
        return list(dict.fromkeys(known + built))

    def _by_factory(self, cls: type, depth: int) -> list[Val]:
        """``compose(bool, str)`` for ``Compose``: the function of the class's module named after
        it, the way its users are told to build one, with typical values of its parameters."""
        module = sys.modules.get(cls.__module__)
        snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", cls.__name__).lower()
        for name in dict.fromkeys((cls.__name__.lower(), snake)):
            func = getattr(module, name, None)
            if not inspect.isfunction(func) or name.startswith("_"):
                continue
            ref = ref_of(func)
            if ref is None:
                continue
            try:
                params = list(inspect.signature(func).parameters.values())
            except (TypeError, ValueError):
                return []
            hints = hints_of(func)
            parts: list[Val] = []
            for p in params:
                hint = hints.get(p.name, p.annotation)
                if p.kind == p.VAR_POSITIONAL:  # compose(*funcs): two of what one of them is
                    parts += typical(self.pools.by_name(one_of(p.name)))[:2]
                elif p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                    values = typical(self.pools.for_param(p, hint, depth + 1, func.__qualname__))
                    if not values:
                        return []
                    parts.append(values[0])
            imports = frozenset(ref.imports).union(*(v.imports for v in parts))
            return [Val(f"{ref.code}({', '.join(v.code for v in parts)})", imports)]
        return []

    def _constructed(
        self, cls: type, ref: Val, sig: inspect.Signature, depth: int, randomized: int, edges: bool
    ) -> list[Val]:
        pools = self.pools
        hints = (
            hints_of(getattr(cls, "__init__", None)) if not hasattr(cls, "model_fields") else hints_of(cls)
        )
        params = [p for p in sig.parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        where = f"{cls.__qualname__}.__init__"
        full = {
            p.name: constrained(
                cls, p.name, pools.for_param(p, hints.get(p.name, p.annotation), depth + 1, where)
            )
            for p in params
        }
        good = {name: typical(values) or values for name, values in full.items()}
        required = [p for p in params if p.default is inspect.Parameter.empty]
        # an HTTP client or a database is passed always: without it the object reaches out
        outside = [
            p for p in params if p not in required and _boundary_hint(pools, hints.get(p.name, p.annotation))
        ]
        optional = [p for p in params if p not in required and p not in outside and typical(full[p.name])]
        # enough variants that each value of the first pool (or each answer of a mocked
        # transport: 200, 402, 404...) is used once
        widest = max((len(good[p.name]) for p in [*required[:1], *outside]), default=4)
        out: list[Val] = []
        for variant in range(min(12 if outside else 8, max(4, widest))):
            chosen = [*required, *outside]
            if variant % 2 and optional:
                chosen.append(optional[(variant // 2) % len(optional)])
            # variant k takes every pool's k-th value: the first variant is all first values,
            # and each value of each pool is used (random combinations come in later passes)
            call = self._call(
                ref,
                chosen,
                {p.name: good[p.name][variant % len(good[p.name])] for p in chosen if good[p.name]},
            )
            if call is not None:
                out.append(call)
        if edges:  # one parameter at its edge, the others typical: for the branches that refuse it
            for p in required[:4]:
                bad = [v for v in full[p.name] if v.tier == "edge"][:2]
                for v in bad:
                    choice = {q.name: good[q.name][0] for q in [*required, *outside] if good[q.name]}
                    choice[p.name] = v
                    call = self._call(ref, [*required, *outside], choice)
                    if call is not None:
                        out.append(call)
        # later passes: objects built from values drawn anywhere in the typical pools, some
        # moved to a neighbour that is still ordinary (RomanNumeral(4999), not only (1))
        for _ in range(randomized if all(good[p.name] for p in required) else 0):
            chosen = required + [p for p in optional if pools.rng.random() < 0.3]
            choice = {}
            for p in chosen:
                v = pools.rng.choice(good[p.name])
                if pools.rng.random() < 0.3:
                    moved = pools.retier(p.name, [pools.wild(v).as_tier("typical")])[0]
                    v = moved if moved.tier == "typical" else v
                choice[p.name] = v
            call = self._call(
                ref, [*chosen, *outside], {**{p.name: good[p.name][0] for p in outside}, **choice}
            )
            if call is not None:
                out.append(call)
        return out

    @staticmethod
    def _call(ref: Val, params: list[inspect.Parameter], choice: dict[str, Val]) -> Val | None:
        """``Cls(a=..., b=...)``, tiered by its least ordinary argument; None when one is missing."""
        choice = _in_order(choice)
        number = choice.get("value")
        if "raw" in choice and number is not None and re.fullmatch(r"-?\d+(?:\.\d+)?", number.code):
            # a parsed item's raw text is its value written out: Integer(value=1, raw="1"), not raw="-"
            choice = {**choice, "raw": Val(json.dumps(number.code), tier=choice["raw"].tier)}
        parts: list[str] = []
        imports = set(ref.imports)
        for p in params:
            v = choice.get(p.name)
            if v is None:
                return None
            parts.append(f"{p.name}={v.code}" if p.kind != p.POSITIONAL_ONLY else v.code)
            imports |= v.imports
        tier = max((choice[p.name].tier for p in params), key=TIERS.index, default="typical")
        return Val(f"{ref.code}({', '.join(parts)})", frozenset(imports), tier)
