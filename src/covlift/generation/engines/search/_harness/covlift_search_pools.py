"""Candidate argument values for a parameter: observed, fixtures, hints, names, literals."""

from __future__ import annotations

import ast
import datetime
import decimal
import enum
import inspect
import math
import random
import types
import typing
from typing import Any

from covlift_search_context import Fixtures, Observed
from covlift_search_literals import (
    CALLABLE_NAMES,
    CALLABLE_ORIGINS,
    CALLABLES,
    FLOAT_BASE,
    INT_BASE,
    ISO_TEXTS,
    MAP_ORIGINS,
    MOMENTS,
    NAME_HINTS,
    SEQ_ORIGINS,
    STR_BASE,
    Literals,
)
from covlift_search_values import Val, as_bytes, hints_of, is_literal, lits, ref_of, str_code, to_code


class Pools:
    """Candidate argument values for a parameter, from hints, names, defaults and literals."""

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
        return lits([v for v in self.produced_values if type(v) in kinds])

    def for_param(self, param: inspect.Parameter, hint: Any, depth: int = 0, where: str = "") -> list[Val]:
        out: list[Val] = list(self.observed.get(where, param.name)) if where else []
        if hint in (str, bytes):
            # text the name suggests first ("tzstr": "+02:00"), as the hinted type
            texts = [v for v in self.moments_by_name(param.name) or () if is_literal(v, str)]
            out += texts if hint is str else [b for b in map(as_bytes, texts) if b is not None]
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
            moments = lits(["Z", "+02:00", "-0530", "+00:00", "-00:00", "UTC", "+14", "+2:0"])
        elif textual and any(t in lowered for t in ("date", "time", "dt", "iso")):
            moments = lits(ISO_TEXTS)  # "datestr", "dt_str", "isostring": the text of a moment
        elif "datetime" in lowered or lowered in ("dt", "when", "timestamp", "moment"):
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

    def by_name(self, name: str) -> list[Val]:
        lowered = name.lower()
        mixed = (
            lits([1, 0, "a", "", None, -1, 2.5, True])
            + lits(self.literals.strs[:8])
            + lits(self.literals.ints[:8])
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
        if origin is typing.Union or (origin is not None and origin is getattr(types, "UnionType", None)):
            out: list[Val] = []
            for a in args:
                out += self.for_type(a, depth)[:12]
            return out
        if origin is typing.Literal:
            return lits(list(args))
        if hint is bool:
            return lits([True, False])
        if hint is int:
            return lits(list(dict.fromkeys(INT_BASE + known.ints))) + self.constants_of(int)
        if hint is float:
            return lits(list(dict.fromkeys(FLOAT_BASE + known.floats + [float(i) for i in known.ints[:6]])))
        if hint is str:
            return lits(list(dict.fromkeys(STR_BASE + known.strs))) + self.constants_of(str)
        if hint is bytes:
            return lits([b"", b"abc", b"\x00\xff"])
        if hint is decimal.Decimal:
            return [
                Val(f"Decimal({s!r})", frozenset({("decimal", "Decimal")}))
                for s in ("0", "1", "19.99", "-5", "100.005", "0.01")
            ]
        if isinstance(hint, type) and hint in MOMENTS:
            return [Val(code, frozenset({("datetime", "")})) for code in MOMENTS[hint]]
        if depth > 2:
            return [Val("None")]
        if origin in (list, list) or hint is list or origin in SEQ_ORIGINS:
            inner = self.for_type(args[0], depth + 1) if args else lits([1, "a"])
            return self._containers(inner, "[{}]")
        if origin in (set, frozenset) or hint in (set, frozenset):
            inner = self.for_type(args[0], depth + 1) if args else lits([1, 2])
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
            inner = self.for_type(args[0], depth + 1) if args else lits([1, "a"])
            return self._containers(inner, "({},)")
        if origin in (dict, dict) or hint is dict or origin in MAP_ORIGINS:
            keys = self.for_type(args[0], depth + 1)[:4] if args else lits(["a", "b"])
            vals = self.for_type(args[1], depth + 1)[:4] if len(args) > 1 else lits([1, "x"])
            out = [Val("{}")]
            for i in range(min(4, len(keys), len(vals))):
                k, v = keys[i], vals[(i + 1) % len(vals)]
                out.append(Val("{" + f"{k.code}: {v.code}" + "}", k.join(v)))
            return out
        if (origin is not None and origin in CALLABLE_ORIGINS) or hint in CALLABLE_ORIGINS:
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
        ref = ref_of(cls)
        if ref is None:
            return []
        fixture_values = [Val(name) for name in self.fixtures.for_type(cls)] + self.factories.get(cls, [])[:4]
        if issubclass(cls, enum.Enum):
            return [Val(f"{ref.code}.{m.name}", ref.imports) for m in cls]
        if inspect.isabstract(cls) or cls.__module__ in ("typing", "collections.abc", "abc"):
            return []
        try:
            sig = inspect.signature(cls)
        except (TypeError, ValueError):
            return []
        hints = hints_of(cls.__init__) if not hasattr(cls, "model_fields") else hints_of(cls)
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
