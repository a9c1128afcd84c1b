"""The search for one target (a function, method or property): its calls, tried and kept.

Inputs come in this order: the endpoint's requests (a web route), the docstring's
examples, then plans built from each parameter's pool, then random combinations
(later passes: mutated values, longer chains of preparing calls).  A call is kept
when it reaches a wanted line or arc nobody reached before and its outcome gives
the same trustworthy oracle twice.
"""

from __future__ import annotations

import ast
import collections.abc
import contextlib
import functools
import inspect
import keyword
import numbers
import re
import time
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from covlift_search_answers import plumbing_params, restates_a_constant, unpacked_params
from covlift_search_examples import (
    ALTERNATIVE_TRIES,
    COMMENTS,
    doctest_arguments,
    doctest_calls,
    used_imports,
)
from covlift_search_execute import Outcome, is_statement
from covlift_search_fakes import EDGE_FAKES, Patch, another_moment, edges_of
from covlift_search_literals import takes_a_function
from covlift_search_operators import ARITHMETIC, FORM_IMPORTS, has_form, operator_form
from covlift_search_oracle import degenerate, reads_the_calendar, without_optional
from covlift_search_simplify import (
    WRONG_WORD,
    answered_as_asked,
    arguments_of,
    as_callers_type,
    as_the_message_says,
    flags_of,
    garbled_as_word,
    in_time_order,
    inner_calls,
    keys_from_the_list,
    keywords_as_flags,
    keywords_of,
    numbers_as_words,
    passed_arguments,
    simpler_calls,
    text_and_number_disagree,
    time_runs_backwards,
    with_argument,
    with_arguments_replaced,
    with_one_item_more,
    with_typical_besides,
    without_inner_keywords,
    without_keyword,
    words_within,
    zeros_raised,
)
from covlift_search_values import Val, hints_of, is_literal, one_of, public_state, scalar_base, str_code

if TYPE_CHECKING:
    from covlift_search_module import ModuleSearch

Imports = frozenset[tuple[str, str]]
#: public methods by which a class lets a running loop end
STOP_NAMES = ("stop", "shutdown", "close", "aclose", "cancel", "request_stop", "quit", "terminate")
#: (setup code or None, call prefix, imports): one way to reach the callable
Variant = tuple[str | None, str, Imports]


class TargetSearch:
    """Cases for one target; ``wild`` (later passes) mutates values and chains more calls."""

    def __init__(
        self,
        search: ModuleSearch,
        target: dict[str, Any],
        name: str,
        obj: Any,
        owner: Any,
        deadline: float,
        wild: bool = False,
    ) -> None:
        self.search = search
        self.pools = search.pools
        self.rng = search.rng
        self.target = target
        self.name = name
        self.obj = obj
        self.owner = owner
        self.deadline = deadline
        self.wild = wild
        self.wanted_lines = set(target.get("missing_lines", []))
        self.wanted_arcs = {tuple(a) for a in target.get("missing_arcs", [])}
        self.span = set(target.get("lines", []))
        self.reached_lines, self.reached_arcs = search.reached.setdefault(target["name"], (set(), set()))
        self.weak = search.weak.setdefault(target["name"], [])
        self.seen: set[tuple[str | None, tuple[str, ...], str, tuple[Patch, ...]]] = set()
        self.tried = 0
        self.emit: Callable[[dict[str, Any]], None] = lambda event: None
        #: identity cases (``x * 1``) held back while the search looks for a telling one
        self.held: list[tuple[frozenset[int], frozenset[tuple[int, int]], dict[str, Any]]] = []
        #: the code of the values each argument of the call / of the owner's constructor typically takes
        self.typical_arguments: Callable[[int | None, str | None], list[str]] = lambda position, keyword: []
        self._construction: Callable[[int | None, str | None], list[str]] | None = None
        #: each parameter's pool of values, filled by _plan: what a shown option's input is drawn from
        self.arg_pools: dict[str, list[Val]] = {}
        #: calls left out because an option they pass shows nothing and nothing is left without it
        self.unshown: set[tuple[str | None, tuple[str, ...], str]] = set()
        # filled by run()
        self.func: Any = None
        self.edges: list[tuple[str, tuple[str, str]]] = []
        self.params: list[inspect.Parameter] = []
        self.before_star: list[inspect.Parameter] = []

    # ------------------------------------------------------------ the loop

    def run(self, emit: Callable[[dict[str, Any]], None]) -> None:
        self.emit = emit
        try:
            self._run()
        finally:  # an identity case nothing better replaced still covers its lines
            for _, _, event in self.held:
                emit(event)

    def _run(self) -> None:
        emit = self.emit
        emit({"searching": self.target["name"]})
        variants = self.search.call_variants(self.name, self.obj, self.owner, self.wild)
        if variants is None:
            return
        setups, func = variants
        is_property = isinstance(func, tuple)
        self.func = func[0] if is_property else func
        if restates_a_constant(self.func):
            return
        if self.owner is None and self.name in ("__getattr__", "__dir__"):
            return  # a module's lazy attributes: `toolz.__version__` is read, never `__getattr__(...)` called
        self.edges = sorted(edges_of(self.func, self.search.module).items())
        route = self.search.route_of(self.func)
        if route is not None:
            for code, imports in self.search.route_calls(self.func, route):
                if self.done():
                    break
                self.consider(None, code, imports, "route")
            return
        examples = doctest_calls(self.func, self.name, self.search.module)
        for call, call_imports in examples:
            if self.done():
                break
            self.consider(None, call, call_imports, "doctest")
        if is_property:
            for setup, prefix, imports in setups:
                if self.done():
                    break
                self.consider(setup, prefix, imports, "property")
            return
        try:
            sig = inspect.signature(self.func)
        except (TypeError, ValueError):
            return
        plan = self._plan(sig, examples)
        if plan is None:
            return
        pools, star_pool, kw_pool, hints = plan
        self._typical(setups, pools, star_pool, kw_pool)
        self._random(setups, pools, star_pool, kw_pool, hints)

    def done(self) -> bool:
        return (
            self.wanted_lines <= self.reached_lines
            and self.wanted_arcs <= self.reached_arcs
            and (not self.weak or self.tried > ALTERNATIVE_TRIES)
        ) or time.monotonic() > self.deadline

    # ------------------------------------------------------------ inputs

    def _plan(
        self, sig: inspect.Signature, examples: list[tuple[str, Imports]]
    ) -> tuple[dict[str, list[Val]], list[Val], list[tuple[str, list[Val]]], dict[str, Any]] | None:
        """Each parameter's pool, the *args pool and the **kwargs keys; None when a required
        parameter has no value at all."""
        hints = hints_of(self.func)
        params = [p for p in sig.parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if (
            self.owner is not None
            and not isinstance(self.obj, staticmethod)
            and params
            and params[0].name in ("self", "cls")
        ):
            params = params[1:]
        self.params = params
        self.before_star = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        pools = {
            p.name: self.pools.for_param(p, hints.get(p.name, p.annotation), 0, self.name) for p in params
        }
        shown = doctest_arguments(examples, self.name.split(".")[-1], sig)
        for p_name, values in shown.items():
            if p_name in pools:
                pools[p_name] = list(dict.fromkeys([*values, *pools[p_name]]))
        for p in params:
            if not pools[p.name] and p.default is inspect.Parameter.empty:
                pools[p.name] = self.pools.by_name(p.name)
        for name in plumbing_params(self.func):  # left to the function: `sigspec=1` means nothing
            pools[name] = []
        for name in unpacked_params(self.func) & pools.keys():  # a record, not the letters of a word
            pools[name] = [v if not is_literal(v, str) else v.as_tier("wrong-type") for v in pools[name]]
        if (
            self.owner is not None
            and params
            and (
                params[0].name in ("other", "rhs", "that")
                or (
                    self.name.split(".")[-1].startswith("__")
                    and self.name.split(".")[-1] not in _NOT_OPERANDS
                    and len(params) == 1
                )
            )
        ):  # comparisons and operators meet another object of their own class
            pools[params[0].name] = [*self.search.instances_of(self.owner)[:6], *pools[params[0].name]]
            if self.name.split(".")[-1] in ARITHMETIC:  # and arithmetic a plain number first: `integer // 2`
                pools[params[0].name] = [*self._plain_operands(pools[params[0].name]), *pools[params[0].name]]
        # *args: an annotation names the type of each element; a plural name hints at it
        star = next((p for p in sig.parameters.values() if p.kind == p.VAR_POSITIONAL), None)
        star_pool: list[Val] = []
        if star is not None:
            hint = hints.get(star.name, star.annotation)
            if hint is not inspect.Parameter.empty and hint is not None:
                star_pool = self.pools.for_type(hint, 0)
            if not star_pool:
                star_pool = self.pools.by_name(one_of(star.name))
            star_pool = list(dict.fromkeys([*shown.get(star.name, []), *star_pool]))  # the docstring's first
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
        required = [p for p in params if p.default is inspect.Parameter.empty]
        if any(not pools[p.name] for p in required):
            return None
        self.typical_arguments = _typical_of(pools, [p.name for p in self.before_star], star_pool)
        self.arg_pools = pools
        return pools, star_pool, kw_pool, hints

    def _typical_construction(self) -> Callable[[int | None, str | None], list[str]]:
        """What each argument of the owner's constructor typically is (``Date(format=...)``)."""
        if self._construction is None:
            pools: dict[str, list[Val]] = {}
            positional: list[str] = []
            try:
                params = list(inspect.signature(self.owner).parameters.values())
                hints = hints_of(self.owner.__init__)
            except (TypeError, ValueError):
                params, hints = [], {}
            where = f"{getattr(self.owner, '__name__', '')}.__init__"
            for p in params:
                if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                    continue
                pools[p.name] = self.pools.for_param(p, hints.get(p.name, p.annotation), 0, where)
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                    positional.append(p.name)
            self._construction = _typical_of(pools, positional, [])
        return self._construction

    def _takes_text(self, position: int | None, keyword: str | None) -> bool:
        """May the call's parameter at this position (or of this keyword) be text: hinted ``str``,
        ``Any`` or ``object``, a type variable, or not hinted at all?"""
        param = self._parameter(position, keyword)
        if param is None:
            return False
        hint = hints_of(self.func).get(param.name, param.annotation)
        return hint in (str, typing.Any, object, inspect.Parameter.empty) or isinstance(hint, typing.TypeVar)

    def _parameter(self, position: int | None, keyword: str | None) -> inspect.Parameter | None:
        """The parameter an argument goes to, by keyword or by position (None: ``*args``, ``**kwargs``)."""
        if keyword is not None:
            return next((p for p in self.params if p.name == keyword), None)
        if position is not None and position < len(self.before_star):
            return self.before_star[position]
        return None

    def _refused_text(
        self, outcome: Outcome, case: dict[str, Any] | None = None
    ) -> Callable[[int | None, str | None], bool]:
        """``_takes_text``, for the arguments the error may be about: where its message names
        parameters of the call (``bysetpos must be between 1 and 366``), only theirs -- the
        frequency beside it stays a frequency, not ``"invalid"``; and (given the ``case``) only
        an argument whose typical value ends the error: ``set_value({"": 1}, ".", value=1)``
        refuses the path whatever the value, which stays 1."""
        message = str(outcome.exc) if outcome.exc is not None else ""
        named = set(self._named_in(message))
        # `merge_with() got an unexpected keyword argument 'unexpected'`: the error is about a
        # name no parameter has; the arguments beside it stay what callers pass
        foreign = set(re.findall(r"keyword argument '([A-Za-z_]\w*)'", message)) - {
            p.name for p in self.params
        }

        def may_word(position: int | None, keyword: str | None) -> bool:
            if foreign and keyword not in foreign:
                return False
            param = self._parameter(position, keyword)
            return (
                self._takes_text(position, keyword)
                and (not named or (param is not None and param.name in named))
                and (case is None or self._refused_for(case, outcome, position, keyword))
            )

        return may_word

    def _named_in(self, message: str) -> list[str]:
        """The parameters of the call an error message names (``bysetpos must be between ...``)."""
        return [p.name for p in self.params if re.search(rf"\b{re.escape(p.name)}\b", message)]

    def _named_alone(self, outcome: Outcome) -> str | None:
        """The one parameter a refusal's message names (``exit expected callable, not: 1``), if one."""
        if outcome.kind != "raises" or outcome.exc is None:
            return None
        named = self._named_in(str(outcome.exc))
        return named[0] if len(named) == 1 else None

    def _refused_for(
        self, case: dict[str, Any], outcome: Outcome, position: int | None, keyword: str | None
    ) -> bool:
        """Does a typical value of that one argument (of the first two) end the error?  With no
        typical value to try, it may be the one refused."""
        tried = 0
        for code in self.typical_arguments(position, keyword)[:2]:
            variant = with_argument(case["call"], position, keyword, code)
            if variant is None or variant == case["call"]:
                continue
            tried += 1
            attempt = self.search.executor.run({**case, "call": variant})
            if attempt.kind != "raises" or type(attempt.exc) is not type(outcome.exc):
                return True
        return not tried

    def _takes_a_switch(self, keyword: str) -> bool:
        """Does the parameter of this keyword take a switch: its default is True or False, or it is
        no parameter of the signature but goes to ``**kwargs`` (``fuzzy_with_tokens``)?"""
        param = next((p for p in self.params if p.name == keyword), None)
        if param is not None:
            return isinstance(param.default, bool)
        try:
            kinds = [p.kind for p in inspect.signature(self.func).parameters.values()]
        except (TypeError, ValueError):
            return False
        return inspect.Parameter.VAR_KEYWORD in kinds

    def _misuses(self, func: Any, keys: list[str]) -> Callable[[int | None, str | None], list[str]]:
        """For a parameter that takes a collection of words (``only: Sequence[str]``): one word,
        the mistake its callers make (``Schema(only="name")``, not ``Schema(only=1)``), for a
        test of the error that causes; a key of the data the call passes first (``"email"``)."""
        try:
            params = list(inspect.signature(func).parameters.values())
        except (TypeError, ValueError):
            params = []
        params = [
            p
            for p in params
            if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        hints = hints_of(func)
        pools: dict[str, list[Val]] = {}
        for p in params:
            if _takes_words(hints.get(p.name, p.annotation)):
                names = self.pools.literals.elements.get(p.name, ())
                words = self.pools.element(str, 0, names[0] if names else "")
                pools[p.name] = [
                    v for v in [*map(Val, keys), *words] if is_literal(v, str) and v.code not in ('""', "''")
                ]
        positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        return _typical_of(pools, positional, [])

    def _plain_operands(self, pool: list[Val]) -> list[Val]:
        """For an operator of a class that extends a builtin number or text, operands of that
        builtin the way a reader writes them (``2``, ``2.5``), not objects of the class."""
        base = scalar_base(self.owner)
        fallbacks = {int: ["2", "3"], float: ["2.5", "0.5"], str: ['"abc"'], bytes: ['b"abc"']}
        if base not in fallbacks or self.owner is bool:
            return []
        plain = [
            v for v in pool if is_literal(v, base) and not is_literal(v, bool) and v.code not in ("0", "1")
        ]
        fallback = fallbacks[base]  # first: a sign flip or 1 hides what the operator does
        return list(dict.fromkeys([*(Val(code) for code in fallback), *plain[:3]]))

    def _required(self) -> list[inspect.Parameter]:
        return [p for p in self.params if p.default is inspect.Parameter.empty]

    def _base_choice(self, pools: dict[str, list[Val]], offset: int = 0) -> dict[str, Val]:
        return {p.name: pools[p.name][offset % len(pools[p.name])] for p in self._required()}

    def _typical(
        self,
        setups: list[Variant],
        pools: dict[str, list[Val]],
        star_pool: list[Val],
        kw_pool: list[tuple[str, list[Val]]],
    ) -> None:
        """Every value of every pool once, the others at their first value."""
        plans: list[dict[str, Val]] = [self._base_choice(pools, 0), self._base_choice(pools, 1)]
        for p in self.params:
            for v in pools[p.name]:
                choice = self._base_choice(pools, 0)
                choice[p.name] = v
                plans.append(choice)
        star_plans: list[tuple[Val, ...]] = [(v,) for v in star_pool[:6]]
        star_plans += [tuple(star_pool[i : i + 2]) for i in range(0, min(len(star_pool), 6), 2)]
        for setup, prefix, imports in setups:
            for choice in plans:
                if self.done():
                    return
                code, extra = self.call_code(prefix, choice)
                self.consider(setup, code, imports | extra, "hints", wrong=_wrong(choice.values()))
            for star_plan in star_plans:
                if self.done():
                    return
                base = self._base_choice(pools, 0)
                code, extra = self.call_code(prefix, base, star_plan)
                wrong = _wrong([*base.values(), *star_plan])
                self.consider(setup, code, imports | extra, "hints", wrong=wrong)
            for key, values in kw_pool:
                if self.done():
                    return
                base = self._base_choice(pools, 0)
                code, extra = self.call_code(prefix, base, (), [(key, values[0])])
                self.consider(
                    setup, code, imports | extra, "hints", wrong=_wrong([*base.values(), values[0]])
                )

    def _random(
        self,
        setups: list[Variant],
        pools: dict[str, list[Val]],
        star_pool: list[Val],
        kw_pool: list[tuple[str, list[Val]]],
        hints: dict[str, Any],
    ) -> None:
        """Random combinations until done; later passes mutate values and chain preparing calls."""
        rng, wild = self.rng, self.wild
        owner = self.owner
        prep = (
            self.search.preparations(owner, self.name)
            if owner is not None and setups and setups[0][0]
            else []
        )
        required = self._required()
        rounds = 0
        while not self.done() and rounds < 4000:
            rounds += 1
            setup, prefix, imports = rng.choice(setups)
            steps: tuple[str, ...] = ()
            if prep and rng.random() < (0.8 if wild else 0.5):
                chosen = [rng.choice(prep) for _ in range(rng.randint(1, 3 if wild else 2))]
                steps = tuple(code for code, _ in chosen)
                for _, step_imports in chosen:
                    imports = imports | step_imports
            choice = {}
            wrong = False
            for p in self.params:
                if p.default is not inspect.Parameter.empty and rng.random() < 0.4:
                    continue
                if pools[p.name]:
                    value = rng.choice(pools[p.name])
                    produced = self.pools.produced_for(hints.get(p.name, p.annotation)) if wild else []
                    if produced and rng.random() < 0.25:
                        value = rng.choice(produced)
                        # of a parameter whose kind is known (a function), a value it did not offer
                        offered = [v for v in pools[p.name] if v.tier != "wrong-type"]
                        wrong = wrong or (value not in offered and _not_plain(p.name, pools[p.name]))
                        # a text where the parameter is offered datetimes (`after(dt)`): a wrong type too
                        wrong = wrong or not _of_an_offered_kind(value, offered)
                    elif wild and rng.random() < 0.08:  # a wrong type: is it refused on purpose?
                        value = rng.choice(self.pools.by_name(""))
                        wrong = True
                    choice[p.name] = self.pools.wild(value, p.name) if wild and rng.random() < 0.5 else value
            if any(p.name not in choice for p in required):
                continue
            star_values: list[Val] = []
            if star_pool:
                for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
                    value = rng.choice(star_pool)
                    star_values.append(self.pools.wild(value) if wild and rng.random() < 0.3 else value)
            keywords = [
                (k, rng.choice(v))
                for k, v in rng.sample(kw_pool, min(len(kw_pool), 2))
                if v and rng.random() < 0.4
            ]
            code, extra = self.call_code(prefix, choice, star_values, keywords)
            wrong = wrong or _wrong([*choice.values(), *star_values, *(v for _, v in keywords)])
            origin = "random" if not steps else "sequence"
            self.consider(setup, code, imports | extra, origin, steps, wrong=wrong)

    # ------------------------------------------------------------ calls as code

    def call_code(
        self,
        prefix: str,
        choice: dict[str, Val],
        extra: Sequence[Val] = (),
        keywords: Sequence[tuple[str, Val]] = (),
    ) -> tuple[str, Imports]:
        spelled = self._operator_call(prefix, choice, extra, keywords)
        if spelled is not None:
            return spelled
        code, imports = self._positional_and_named(prefix, choice, extra)
        if not keywords:
            return code, imports
        more = ", ".join(f"{k}={v.code}" for k, v in keywords)
        joined = f"{code[:-1]}, {more})" if not code.endswith("()") else f"{code[:-1]}{more})"
        return joined, imports.union(*(v.imports for _, v in keywords))

    def _operator_call(
        self,
        prefix: str,
        choice: dict[str, Val],
        extra: Sequence[Val],
        keywords: Sequence[tuple[str, Val]],
    ) -> tuple[str, Imports] | None:
        """``a & b`` for ``a.__and__(b)``, ``del c[k]`` for ``c.__delitem__(k)``: a special method
        called as user code calls it (None when it has no such form, or needs keywords)."""
        method = self.name.rsplit(".", 1)[-1]
        if self.owner is None or keywords or not has_form(method) or not prefix.endswith("." + method):
            return None
        values: list[Val] = []
        for p in self.params:
            if p.name in choice:
                values.append(choice[p.name])
            elif p.default is inspect.Parameter.empty:
                return None
            else:
                break
        values += list(extra)
        form = operator_form(method, prefix[: -len(method) - 1], [v.code for v in values])
        if form is None:
            return None
        imports: set[tuple[str, str]] = set().union(*(v.imports for v in values)) if values else set()
        if method in FORM_IMPORTS:
            imports.add(FORM_IMPORTS[method])
        return form[0], frozenset(imports)

    def _positional_and_named(
        self, prefix: str, choice: dict[str, Val], extra: Sequence[Val] = ()
    ) -> tuple[str, Imports]:
        parts: list[str] = []
        imports: set[tuple[str, str]] = set()
        if extra and all(p.name in choice for p in self.before_star):
            # *args follow every parameter before them, all passed by position
            for v in [*(choice[p.name] for p in self.before_star), *extra]:
                parts.append(v.code)
                imports |= v.imports
            for p in self.params:
                if p.name in choice and p not in self.before_star:
                    parts.append(f"{p.name}={choice[p.name].code}")
                    imports |= choice[p.name].imports
            return f"{prefix}({', '.join(parts)})", frozenset(imports)
        positional_ok = True
        for p in self.params:
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

    # ------------------------------------------------------------ one call

    def _stand_ins(self) -> tuple[Patch, ...]:
        """One stand-in per edge: each variant in turn first, then at random."""
        picks = []
        for path, edge in self.edges:
            variants = EDGE_FAKES[edge]
            code, imports = (
                variants[self.tried % len(variants)] if self.tried < 8 else self.rng.choice(variants)
            )
            picks.append((path, code, imports))
        return tuple(picks)

    def consider(
        self,
        setup: str | None,
        call: str,
        imports: Imports,
        source: str,
        steps: tuple[str, ...] = (),
        wrong: bool = False,
    ) -> None:
        """Run the call; keep it (emit a case) when it reaches something new with a stable oracle.
        ``wrong``: it passes a value of the wrong type, kept only when the code refuses it."""
        patches = self._stand_ins()
        self.tried += 1
        if steps:  # points earned at 15:00 are not purged at 01:00: the moments in the calls' order
            *earlier, call = in_time_order([*steps, call])
            steps = tuple(earlier)
        if time_runs_backwards(setup, [*steps, call]):  # redeemed before they were earned
            return
        if setup and text_and_number_disagree(setup):  # Integer(34, Trivia(), "8001"): no such item
            return
        key = (setup, steps, call, patches)
        if key in self.seen:
            return
        self.seen.add(key)
        for _, _, patch_imports in patches:
            imports = imports | patch_imports
        case: dict[str, Any] = {
            "setup": setup,
            "steps": list(steps),
            "call": call,
            "imports": sorted(imports),
            "patches": [[path, code, sorted(i)] for path, code, i in patches],
        }
        executor, oracle = self.search.executor, self.search.oracle
        outcome = executor.run(case)
        if outcome.kind == "hang" and setup is not None and (stop := self._stop_hook()):
            case["stop"] = stop  # a service loop: started, then ended through the hook its class offers
            outcome = executor.run(case)
        if outcome.kind == "hang":
            self.search.hangs[self.target["name"]] = self.search.hangs.get(self.target["name"], 0) + 1
            self.emit({"hang": self.target["name"], "call": call, "detail": outcome.detail})
            return
        if outcome.kind not in ("return", "raises") or (wrong and outcome.kind != "raises"):
            return
        if outcome.kind != "raises" and self._garbled_in([setup or "", *steps, call]):
            return  # `Schema(unknown="incl(ude`")` accepted: a word recombined at random means nothing
        told_nothing = outcome.kind == "return" and _nothing_told(outcome.value)
        if (outcome.read_the_clock and (outcome.kind == "raises" or told_nothing)) or (
            outcome.prepared_on_the_clock and told_nothing
        ):
            # `rrule(MINUTELY, byminute=...)` starts now: it raises, or not, by the minute it runs;
            # `rrule(MONTHLY).before(2024)` is None because today is later (a result that tells
            # something beyond the clock, a reservation's order and items, stays)
            return
        if outcome.kind == "return" and not steps:
            plain_call = setup is None and not inspect.iscoroutinefunction(self.func)
            if not selects(self.func, outcome.value):
                self.pools.remember(outcome.value, call if plain_call else "", imports)
        new_lines = (outcome.lines & self.wanted_lines) - self.reached_lines
        new_arcs = (outcome.arcs & self.wanted_arcs) - self.reached_arcs
        if source != "amplified" and outcome.kind == "return" and outcome.value is None:
            # a look-up that found nothing in the list it was given: the same call asking for a
            # key the list holds (find_promotion([Promotion(code="SPRING10")], "SPRING10"))
            for variant in list(keys_from_the_list(call))[:3]:
                if self.done():
                    break
                self.consider(setup, variant, imports, "amplified", steps)
        claim = None
        if not new_lines and not new_arcs:
            # lines already claimed by a case that only returned 0/""/None: a second case
            # with a telling result may pin them where that one kills no mutant
            claim = next((c for c in self.weak if c[0] <= outcome.lines and c[1] <= outcome.arcs), None)
            if claim is None:
                return
            new_lines, new_arcs = set(claim[0]), set(claim[1])
        expect = oracle.expectation(outcome, case, self.func)
        if expect is None or (claim is not None and (degenerate(expect) or self._held_back(outcome, case))):
            return
        if reads_the_calendar(expect, " ".join([setup or "", *steps, call])):
            return  # March 6th of this year: the test would fail next year
        if case.get("stop"):
            expect = self._timing_free(case, expect, outcome)
            if expect is None:
                return
        # (a service loop's checks were already run twice, at two speeds, by _timing_free)
        again = outcome if case.get("stop") else executor.run(case)
        second = expect if case.get("stop") else oracle.expectation(again, case, self.func)
        if second != expect:
            # a response body with ids or timestamps varies; its status code may not
            optional = without_optional(expect)
            if optional and optional.get("checks", True) and without_optional(second) == optional:
                expect = optional
            else:  # a fresh id and the time it was made vary; what it was made for does not
                agreed = oracle.agreed(outcome, again, case, self.func)
                if agreed is None or oracle.agreed(outcome, executor.run(case), case, self.func) != agreed:
                    return  # not deterministic: no trustworthy oracle
                expect = agreed
        if steps:  # a reader should see only the calls the test needs
            steps, outcome = self._fewer_steps(case, outcome, expect, new_lines, new_arcs)
            case["steps"] = list(steps)
        if case["patches"]:  # and only the stand-ins the outcome depends on
            case["patches"], outcome = self._fewer_patches(case, outcome, expect, new_lines, new_arcs)
        plainer = source in ("hints", "random", "sequence") and not case.get("stop")
        if plainer:  # and the values a reader would have picked, where they reach as much
            case, outcome, expect = self._plainer(case, outcome, expect, new_lines, new_arcs)
            shown = self._options_shown(case, outcome, expect, new_lines, new_arcs)
            if shown is None:
                return
            case, outcome, expect = shown
            if claim is None:  # an option left out reaches less: what it still gains
                new_lines = (outcome.lines & self.wanted_lines) - self.reached_lines
                new_arcs = (outcome.arcs & self.wanted_arcs) - self.reached_arcs
            call, setup = case["call"], case["setup"]
        typed = source in ("hints", "random", "sequence", "amplified") and not case.get("stop")
        if typed:  # a key the answer holds, passed as callers type it where the answer stays the same
            case, outcome, expect = self._as_typed(case, outcome, expect, new_lines, new_arcs)
            call = case["call"]
        if steps or len(case["patches"]) < len(patches) or plainer:
            imports = used_imports(
                imports, " ".join([setup or "", *steps, call, *(code for _, code, _ in case["patches"])])
            )
        if claim is not None:
            self.weak.remove(claim)
            self.held = [h for h in self.held if (h[0], h[1]) != claim]
        else:
            self.reached_lines.update(new_lines)
            self.reached_arcs.update(new_arcs)
            if degenerate(expect) or source == "doctest":
                # a docstring example often shows the case that changes least (assoc of a
                # key already there): offer a second case for the same lines; validation
                # keeps whichever pins them against a mutant
                self.weak.append((frozenset(new_lines), frozenset(new_arcs)))
        # a value a conftest fixture returns, written as that fixture (`shipping_address=address`)
        fixtures_for = self.search.fixtures.in_place_of_their_values
        written = (
            fixtures_for(setup or "") or setup,
            tuple(fixtures_for(s) for s in steps),
            fixtures_for(call),
        )
        if written != (setup, tuple(steps), call):
            setup, steps, call = written
            imports = used_imports(
                imports, " ".join([setup or "", *steps, call, *(c for _, c, _ in case["patches"])])
            )
        fixtures = self.search.fixtures.used_in(" ".join([setup or "", *steps, call]))
        event = {
            "case": {
                "target": self.target["name"],
                "fixtures": sorted(fixtures | ({"monkeypatch"} if case["patches"] else set())),
                "patches": case["patches"],
                "setup": setup,
                "steps": list(steps),
                "call": call,
                "statement": is_statement(call),
                "stop": case.get("stop"),
                "stop_awaits": bool(case.get("stop")) and self._stop_awaits(),
                # a private target reached through its public caller: the test is about the caller
                "via": self.name if self.name != self.target["name"] else None,
                # a number's `&` is a bitwise and, not an intersection
                "numeric": isinstance(self.owner, type) and issubclass(self.owner, numbers.Number),
                "imports": sorted(imports),
                "expect": expect,
                "is_async": inspect.iscoroutinefunction(self.func) and source != "route",
                "origin": source if claim is None else f"{source}, alternative",
                # what the docstring's author wrote beside the example (`# Ignores missing keys`)
                "said": COMMENTS.get(call) if source == "doctest" else None,
                "new_lines": sorted(new_lines),
                "new_arcs": sorted(list(a) for a in new_arcs),
                "lines": sorted(outcome.lines & self.span) if self.span else sorted(outcome.lines),
            }
        }
        if claim is None and source != "doctest" and self._held_back(outcome, case):
            # (a docstring's example is the author's choice: `dissoc({'x': 1}, 'y')  # Ignores missing keys`)
            if source == "amplified":
                return  # one item more that still shows nothing: the plainer call stays the fallback
            gained = (frozenset(new_lines), frozenset(new_arcs))
            self.weak.append(gained)
            self.held.append((*gained, event))
            if _passed_back(outcome.value, call):
                # a filter that kept all it was given: the same call given one item more, of
                # a value it may leave out (DSpot's input amplification)
                for variant in with_one_item_more(call):
                    if self.done():
                        break
                    self.consider(setup, variant, imports, "amplified", tuple(steps))
            return
        self.emit(event)

    def _held_back(self, outcome: Outcome, case: dict[str, Any]) -> bool:
        """A case kept only when nothing better reaches its lines: an identity (below), or a
        success that passes a placeholder word (``reserve("The quick brown fox", ...)``)."""
        if self._identity(outcome) or self._echoes_an_argument(outcome, case) or self._of_an_empty(outcome):
            return True
        text = " ".join([case.get("setup") or "", *case.get("steps", ()), case["call"]])
        return outcome.kind == "return" and any(word in text for word in _PLACEHOLDERS)

    @staticmethod
    def _echoes_an_argument(outcome: Outcome, case: dict[str, Any]) -> bool:
        """A result equal to a value the test passed both to build the object and to the call
        (``Constant(constant=1).deserialize(1) == 1``): the test passes whether or not the code
        does its work.  One small number met once may equal the result by the arithmetic itself."""
        value = outcome.value
        if outcome.kind == "return" and isinstance(value, (dict, list, tuple, set, frozenset)) and value:
            # `itemfilter(bool, {"price": 1}) == {"price": 1}`: a filter that kept all it was given
            return _passed_back(value, case["call"])
        if outcome.kind != "return" or isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return False
        seen = 0
        for code in (case.get("setup") or "", case["call"]):
            try:
                tree = ast.parse(code, mode="eval").body if code else None
            except SyntaxError:
                continue
            for node in ast.walk(tree) if tree is not None else ():
                if not isinstance(node, ast.Call):
                    continue
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    try:
                        given = ast.literal_eval(arg)
                    except (ValueError, SyntaxError, TypeError):
                        continue
                    seen += type(given) is type(value) and given == value
        return seen >= 2

    def _of_an_empty(self, outcome: Outcome) -> bool:
        """A comparison of an empty collection (``OrderedSet() == OrderedSet()``): any equality
        says the same of two empties; one with items shows what this one compares."""
        if (
            self.name.rsplit(".", 1)[-1] not in _COMPARISONS
            or outcome.kind != "return"
            or outcome.obj is None
        ):
            return False
        try:
            return len(outcome.obj) == 0
        except Exception:
            return False

    def _identity(self, outcome: Outcome) -> bool:
        """An operator whose result equals the object it was called on (``x * 1``, ``abs`` of a
        positive number, ``round`` of a whole one): its test shows nothing the operator does."""
        if self.name.rsplit(".", 1)[-1] not in ARITHMETIC or outcome.kind != "return" or outcome.obj is None:
            return False
        try:
            return bool(outcome.value == outcome.obj)
        except Exception:
            return False

    def _stop_hook(self) -> str | None:
        """``obj.stop()``: how a coroutine method that runs until told is ended, when its class
        offers a public method for it that takes no arguments."""
        if self.owner is None or not inspect.iscoroutinefunction(self.func):
            return None
        for name in STOP_NAMES:
            member = getattr(self.owner, name, None)
            if member is None or not callable(member):
                continue
            try:
                params = list(inspect.signature(member).parameters.values())[1:]
            except (TypeError, ValueError):
                continue
            if all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
                return f"obj.{name}()"
        return None

    def _timing_free(
        self, case: dict[str, Any], expect: dict[str, Any], outcome: Outcome
    ) -> dict[str, Any] | None:
        """What a service loop's test may assert whatever the machine's speed: the checks that
        hold after a longer run too; when none does, that it returned a value of that type
        (its task ending at all is what the test's wait_for asserts)."""
        if expect.get("kind") != "return":
            return expect
        slower = {**case, "startup_s": 0.15}
        longer = self.search.executor.run(slower)
        other = self.search.oracle.expectation(longer, slower, self.func) or {}
        kept = [c for c in expect["checks"] if c in (other.get("checks") or [])]
        if kept:
            return {**expect, "checks": kept}
        if longer.kind != "return" or type(longer.value) is not type(outcome.value):
            return None
        kind = type(longer.value)
        if kind.__module__ != "builtins" or kind is type(None):
            return None
        check = {
            "what": f"isinstance(result, {kind.__name__})",
            "code": "True",
            "approx": False,
            "imports": [],
            "bare": True,
        }
        return {**expect, "checks": [check]}

    def _stop_awaits(self) -> bool:
        """Is the stop hook a coroutine method (``await client.aclose()``)?"""
        hook = self._stop_hook()
        member = getattr(self.owner, hook[4:-2], None) if hook else None
        return inspect.iscoroutinefunction(member)

    def _fewer_patches(
        self,
        case: dict[str, Any],
        outcome: Outcome,
        expect: dict[str, Any],
        new_lines: set[int],
        new_arcs: set[tuple[int, int]],
    ) -> tuple[list[Any], Outcome]:
        """Drop each monkeypatched stand-in the call does not need: one whose absence changes
        neither what the call reaches nor what the test asserts (a clock the error path never
        reads)."""
        patches = list(case["patches"])
        executor, oracle = self.search.executor, self.search.oracle
        for index in reversed(range(len(patches))):
            trial = patches[:index] + patches[index + 1 :]
            fewer = {**case, "patches": trial}
            attempt = executor.run(fewer)
            # a clock the answer does not depend on (the same at another moment): the real one
            # may be read, as `naturaltime(1, minimum_unit="years")` reads it before refusing
            if (
                (
                    _reaches_as_much(attempt, outcome, new_lines, new_arcs)
                    or (
                        _reaches_as_much(attempt, outcome, new_lines, new_arcs, clock=True)
                        and self._timeless(case, patches, index, expect)
                    )
                )
                and oracle.expectation(attempt, fewer, self.func) == expect
                and oracle.expectation(executor.run(fewer), fewer, self.func) == expect
            ):
                patches, outcome = trial, attempt
        return patches, outcome

    def _timeless(self, case: dict[str, Any], patches: list[Any], index: int, expect: dict[str, Any]) -> bool:
        """Is ``patches[index]`` a clock whose moment the case's answer does not depend on: the
        same expectation with the stand-in answering a moment years away?"""
        other = another_moment(patches[index])
        if other is None:
            return False
        moved = {**case, "patches": [*patches[:index], other, *patches[index + 1 :]]}
        attempt = self.search.executor.run(moved)
        return self.search.oracle.expectation(attempt, moved, self.func) == expect

    def _garbled_in(self, codes: list[str]) -> bool:
        """Does the code pass a word the search recombined at random (``"incl(ude`"``)?"""
        garbled = self.pools.garbled
        if not garbled:
            return False
        written = set()
        for code in garbled:
            with contextlib.suppress(ValueError, SyntaxError):
                written.add(ast.literal_eval(code))
        for code in codes:
            try:
                tree = ast.parse(code)
            except SyntaxError:
                continue
            if any(
                isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in written
                for n in ast.walk(tree)
            ):
                return True
        return False

    def _plainer(
        self,
        case: dict[str, Any],
        outcome: Outcome,
        expect: dict[str, Any],
        new_lines: set[int],
        new_arcs: set[tuple[int, int]],
    ) -> tuple[dict[str, Any], Outcome, dict[str, Any]]:
        """The call with its arbitrary-looking values made plain and the keyword arguments it
        does not need dropped, one at a time, where that reaches the same new lines with an
        oracle as trustworthy (``aot.insert(1, -1)``, not ``aot.insert(-47, -1)``)."""
        executor, oracle = self.search.executor, self.search.oracle
        weak = degenerate(expect)
        if weak:  # nothing from a zero given (`max_redeemable(total, 0) == 0`): a number that shows the work
            for code in zeros_raised(case["call"]):
                found = self._telling(case, outcome, code, new_lines, new_arcs)
                if found is not None:
                    (case, outcome, expect), weak = found, False
                    break
        changed = True
        tries = 0
        visited = {(case["call"], case["setup"])}  # a variant never undoes an earlier one
        while changed and tries < 48:
            changed = False
            # a refused call: a number passed where the code wanted text reads as the malformed
            # text callers send ("invalid"); once there, no plainer value takes its place
            worded = WRONG_WORD in case["call"]
            refused = outcome.kind == "raises"
            # first the keywords the outcome does not need, "invalid" ones too (`default="invalid"`
            # beside the text the parser refuses): the error stays, or the variant is not kept
            variants = [("call", v) for v in simpler_calls(case["call"], values=False)]
            words = numbers_as_words(case["call"], self._refused_text(outcome, case)) if refused else iter(())
            about = _unknown_keyword(outcome) or self._named_alone(outcome)
            if about:  # an unknown keyword, `exit expected callable`: the rest as callers pass it
                typical = with_typical_besides(case["call"], self.typical_arguments, about)
                variants = [("call", typical), *variants] if typical else variants
            variants += [("call", v) for v in words]
            # the call's values; the keywords the object under test was built with
            plainer = simpler_calls(case["call"], keywords=False, settled=self.typical_arguments)
            variants += [("call", v) for v in plainer if not worded or WRONG_WORD in v]
            if case["setup"]:
                variants += [("setup", v) for v in simpler_calls(case["setup"], values=False)]
                variants += [("setup", v) for v in without_inner_keywords(case["setup"])]
            # an argument of another domain than its parameter's: the value it typically takes
            typical_call = with_arguments_replaced(case["call"], self.typical_arguments)
            variants += [("call", v) for v in typical_call if not worded or WRONG_WORD in v]
            if case["setup"] and self.owner is not None:
                built = with_arguments_replaced(case["setup"], self._typical_construction())
                variants += [("setup", v) for v in built]
            if outcome.kind == "raises":  # the mistake callers make: a word where words are wanted
                keys = _dict_keys(case["call"], case["setup"] or "")
                misused = with_arguments_replaced(case["call"], self._misuses(self.func, keys))
                variants += [("call", v) for v in misused]
                if case["setup"] and self.owner is not None:
                    built = with_arguments_replaced(case["setup"], self._misuses(self.owner.__init__, keys))
                    variants += [("setup", v) for v in built]
            if refused:  # a switch given a word or a number that only stands in for True
                variants += [("call", v) for v in keywords_as_flags(case["call"], self._takes_a_switch)]
            if refused and not worded:  # "aDyascii" the search made up, once the noise is gone: "invalid"
                garbled = garbled_as_word(case["call"], self.pools.garbled.__contains__)
                variants += [("call", v) for v in garbled]
            if refused:  # the value the message is about: `frange(..., step=0)` for "step must be non-zero"
                variants += [("call", v) for v in as_the_message_says(case["call"], str(outcome.exc))]
                variants = [("call", v) for v in inner_calls(case["call"])] + variants  # refused inside
            if outcome.sent:  # a mocked server answers the refund of `intent-1` as REFUNDED `intent-1`
                variants = self._answers_as_asked(case, outcome.sent[-1]) + variants
            for field, code in variants:
                tries += 1
                if tries > 48:
                    break
                trial = {**case, field: code}
                if (trial["call"], trial["setup"]) in visited:
                    continue
                if time_runs_backwards(trial["setup"], [*trial["steps"], trial["call"]]):
                    continue  # a plainer moment that comes before what the object has done
                if trial["setup"] and text_and_number_disagree(trial["setup"]):
                    continue  # a plainer value that no longer agrees with the text beside it
                attempt = executor.run(trial)
                if (
                    not _reaches_as_much(attempt, outcome, new_lines, new_arcs)
                    or (attempt.kind == "raises" and type(attempt.exc) is not type(outcome.exc))
                    or self._identity(attempt)
                ):
                    continue
                told = oracle.expectation(attempt, trial, self.func)
                if told is None or (degenerate(told) and not weak):
                    continue
                if oracle.expectation(executor.run(trial), trial, self.func) != told:
                    continue
                case, outcome, expect, changed = trial, attempt, told, True
                visited.add((case["call"], case["setup"]))
                break
        return case, outcome, expect

    def _as_typed(
        self,
        case: dict[str, Any],
        outcome: Outcome,
        expect: dict[str, Any],
        new_lines: set[int],
        new_arcs: set[tuple[int, int]],
    ) -> tuple[dict[str, Any], Outcome, dict[str, Any]]:
        """The case with a key it passes written as a caller types it, where the answer stays the
        same: ``find_promotion(promos, "spring10")`` finding ``SPRING10`` shows the look-up ignores
        case, which passing the exact code does not (DSpot's input amplification, kept only where the
        assertion holds unchanged)."""
        if outcome.kind != "return" or outcome.value is None or isinstance(outcome.value, (str, bytes)):
            return case, outcome, expect
        try:
            held = {v for v in public_state(outcome.value).values() if isinstance(v, str) and v}
        except Exception:  # an object whose attributes cannot be read
            return case, outcome, expect
        executor, oracle = self.search.executor, self.search.oracle
        for variant in as_callers_type(case["call"], held):
            trial = {**case, "call": variant}
            attempt = executor.run(trial)
            if attempt.kind != "return" or not _reaches_as_much(attempt, outcome, new_lines, new_arcs):
                continue
            if oracle.expectation(attempt, trial, self.func) != expect:
                continue
            if oracle.expectation(executor.run(trial), trial, self.func) == expect:
                return trial, attempt, expect
        return case, outcome, expect

    def _answers_as_asked(self, case: dict[str, Any], request: Any) -> list[tuple[str, str]]:
        """The case with its mocked server's answer agreeing with the request (see
        ``answered_as_asked``), in the setup or the call that builds the server."""
        passed = {
            text for code in [case["setup"] or "", *case["steps"], case["call"]] for text in _texts_in(code)
        }
        found: list[tuple[str, str]] = []
        for field in ("setup", "call"):
            if case[field]:
                code = answered_as_asked(
                    case[field], request, passed, lambda name: getattr(self.pools.module, name, None)
                )
                found += [(field, code)] if code is not None else []
        return found

    def _options_shown(
        self,
        case: dict[str, Any],
        outcome: Outcome,
        expect: dict[str, Any],
        new_lines: set[int],
        new_arcs: set[tuple[int, int]],
    ) -> tuple[dict[str, Any], Outcome, dict[str, Any]] | None:
        """The case with every switch it passes (a keyword argument, see ``flags_of``; of a
        refused call, any keyword argument; a flag the object under test was built with) shown
        by what it asserts.

        ``slugify("aaa", lowercase=False)`` answers what ``slugify("aaa")`` answers: the option
        reaches a branch, but the test would pass without it and a reviewer reads it as noise.
        Such an option is first given an input where it matters (another value of one of the
        other arguments, from their pools: ``slugify("This is a test", lowercase=False)``); where
        none is found the option is left out, and the case is kept only if it still reaches
        something new (None: nothing is left)."""
        executor, oracle = self.search.executor, self.search.oracle
        key = (case["setup"], tuple(case["steps"]), case["call"])
        if key in self.unshown:  # the search meets the same plain call again and again
            return None
        # of a refused call every keyword: `default="invalid"` beside the text the parser refuses
        # is noise whatever its value, when the same error follows without it
        options = flags_of(case["call"]) if outcome.kind == "return" else keywords_of(case["call"])
        # and a switch the object under test was built with (`Float(allow_nan=True)`): with
        # `.deserialize(1)` it says nothing of allowing NaN
        built = arguments_of(case["setup"]) if case["setup"] else {}
        flags = [f for f in flags_of(case["setup"] or "") if isinstance(built.get(f), bool)]
        switches = [("call", o) for o in options] + [("setup", o) for o in flags if outcome.kind == "return"]
        for field, option in switches:
            without = {**case, field: without_keyword(case[field], option)}
            bare = executor.run(without)
            if bare.kind == "rejected" or oracle.expectation(bare, without, self.func) != expect:
                continue  # the option shows (or the object cannot be built without it)
            if field == "call" and bare.read_the_clock and not outcome.read_the_clock:
                continue  # `start=` keeps the test off the real clock: that is what it shows
            if field == "call" and self.span and not bare.lines & self.span:
                continue  # it routes the call here (`algorithm="modern"`): the same answer is the point
            found = self._input_showing(case, outcome, option, new_lines, new_arcs, in_setup=field == "setup")
            if found is not None:
                case, outcome, expect = found
                continue
            gained = ((bare.lines & self.wanted_lines) - self.reached_lines) or (
                (bare.arcs & self.wanted_arcs) - self.reached_arcs
            )
            if not gained or bare.kind != outcome.kind:
                self.unshown.add(key)
                return None
            case, outcome = without, bare
        return case, outcome, expect

    def _input_showing(
        self,
        case: dict[str, Any],
        outcome: Outcome,
        option: str,
        new_lines: set[int],
        new_arcs: set[tuple[int, int]],
        in_setup: bool = False,
    ) -> tuple[dict[str, Any], Outcome, dict[str, Any]] | None:
        """A variant of the case, one other argument replaced, that reaches as much and answers
        otherwise than the same call without ``option``: the text it passes with the option's
        own words put in (``stopwords=["foo"]`` meets a title that says foo), or another value
        of the argument's pool.  ``in_setup``: the option is one the object was built with."""
        given = arguments_of(case["call"])
        switch = arguments_of(case["setup"]).get(option) if in_setup else given.get(option)
        words = list(dict.fromkeys(words_within(switch)))[:3]
        texts = [v for slot, v in given.items() if slot != option and isinstance(v, str)]

        def offered(position: int | None, other: str | None) -> list[str]:
            current = given.get(other if other is not None else position if position is not None else "")
            if other == option:  # a list of words: one the text says (`stopwords=["report"]`)
                return _words_of(texts, switch)
            if not isinstance(current, str):
                return pooled(position, other)
            if words:  # the option's own words, said by the text
                told = [f"{current} {' '.join(words)}", *(f"{current} {w}" for w in words)]
            elif isinstance(switch, bool):  # a switch on text: the kinds of text switches tell apart
                told = [current.upper(), f"{current} 2024", f"{current} &amp; more", f"  {current}  "]
            else:
                told = []
            return [str_code(t) for t in told if t != current] + pooled(position, other)

        def pooled(position: int | None, other: str | None) -> list[str]:
            param = self._parameter(position, other)
            if param is None or param.name == option:
                return []
            pool = self.arg_pools.get(param.name, [])
            return [v.code for v in pool if v.tier != "wrong-type" and not v.imports and v.code != "None"][:8]

        for tries, code in enumerate(with_arguments_replaced(case["call"], offered, even_typical=True)):
            if tries >= 24:
                break
            found = self._telling(case, outcome, code, new_lines, new_arcs, unless=option, in_setup=in_setup)
            if found is not None:
                return found
        return None

    def _telling(
        self,
        case: dict[str, Any],
        outcome: Outcome,
        code: str,
        new_lines: set[int],
        new_arcs: set[tuple[int, int]],
        unless: str | None = None,
        in_setup: bool = False,
    ) -> tuple[dict[str, Any], Outcome, dict[str, Any]] | None:
        """The case with ``code`` for its call, when that reaches as much and asserts something
        (not a nothing) that a second run asserts too -- and, with ``unless``, something the
        same call without that keyword does not."""
        executor, oracle = self.search.executor, self.search.oracle
        trial = {**case, "call": code}
        attempt = executor.run(trial)
        if not _reaches_as_much(attempt, outcome, new_lines, new_arcs):
            return None
        told = oracle.expectation(attempt, trial, self.func)
        if told is None or degenerate(told):
            return None
        if unless is not None:  # of the call, or (`in_setup`) of the object under test's construction
            field = "setup" if in_setup else "call"
            without = {**trial, field: without_keyword(trial[field], unless)}
            if oracle.expectation(executor.run(without), without, self.func) == told:
                return None
        if oracle.expectation(executor.run(trial), trial, self.func) != told:
            return None
        return trial, attempt, told

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
        executor, oracle = self.search.executor, self.search.oracle
        for index in reversed(range(len(steps))):
            trial = steps[:index] + steps[index + 1 :]
            shorter = {**case, "steps": list(trial)}
            attempt = executor.run(shorter)
            if (
                new_lines <= attempt.lines
                and new_arcs <= attempt.arcs
                and oracle.expectation(attempt, shorter, self.func) == expect
            ):
                steps, outcome = trial, attempt
        return steps, outcome


def _unknown_keyword(outcome: Outcome) -> str | None:
    """The keyword an error says the function does not take, or None."""
    if outcome.kind != "raises" or outcome.exc is None:
        return None
    found = re.search(r"unexpected keyword arguments?\W+(?:\w+\(\[)?'([A-Za-z_]\w*)'", str(outcome.exc))
    return found.group(1) if found else None


def _typical_of(
    pools: dict[str, list[Val]], positional: list[str], star_pool: list[Val]
) -> Callable[[int | None, str | None], list[str]]:
    """For an argument (by position or keyword): the code of the first typical values of its
    parameter's pool, those of them that need no import."""

    def typical(position: int | None, keyword: str | None) -> list[str]:
        if keyword is not None:
            pool = pools.get(keyword, [])
        elif position is not None and position < len(positional):
            pool = pools.get(positional[position], [])
        else:
            pool = star_pool
        # None is what leaving the argument out says; the search tried that already.  Only the
        # first typical values: where they need an import (datetimes for `dt`), a number further
        # down the pool is no plainer value of that parameter (`UTC.utcoffset(1)`)
        first = [v for v in pool if v.tier == "typical" and v.code != "None"][:2]
        return [v.code for v in first if not v.imports] if first and not first[0].imports else []

    return typical


#: one-argument dunders whose argument is a key, a value to check or a state, not another
#: object of the class (``validator(value)``, ``key in mapping``, ``mapping[key]``)
_NOT_OPERANDS = frozenset(
    (
        "__call__",
        "__getitem__",
        "__delitem__",
        "__contains__",
        "__getattr__",
        "__getattribute__",
        "__delattr__",
        "__missing__",
        "__format__",
        "__reduce_ex__",
        "__setstate__",
        "__class_getitem__",
    )
)


def _words_of(texts: list[str], switch: object) -> list[str]:
    """A list (tuple, set) of words holding one word of the texts, last word first, as code of
    the switch's own kind; none when the switch is no collection of words."""
    if not isinstance(switch, (list, tuple, set, frozenset)) or not all(isinstance(w, str) for w in switch):
        return []
    found = [w for text in texts for w in re.findall(r"[^\W\d_]{3,}", text)]
    codes = []
    for word in list(dict.fromkeys(reversed(found)))[:2]:
        if isinstance(switch, list):
            codes.append(f"[{str_code(word)}]")
        elif isinstance(switch, tuple):
            codes.append(f"({str_code(word)},)")
        else:
            codes.append(f"{{{str_code(word)}}}")
    return codes


def _passed_back(value: Any, call: str) -> bool:
    """Is ``value`` equal to a collection the call passes as one of its arguments?"""
    for arg in passed_arguments(call):
        try:
            given = ast.literal_eval(arg)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        try:
            if type(given) is type(value) and given == value:
                return True
        except Exception:
            continue
    return False


#: the comparisons an empty collection answers as any other empty one would
_COMPARISONS = frozenset({"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"})


def _texts_in(code: str) -> list[str]:
    """The string literals a piece of a case's code spells (``"intent-1"``)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _reaches_as_much(
    attempt: Outcome, outcome: Outcome, lines: set[int], arcs: set[tuple[int, int]], clock: bool = False
) -> bool:
    """Does a variant of a kept case end the same way and reach the lines and branches it gained,
    without reading the real clock where the case did not (`next_run(10)` for `next_run(10, start)`;
    ``clock``: it may, the answer being known not to depend on it)?"""
    reads = attempt.read_the_clock and not outcome.read_the_clock and not clock
    return attempt.kind == outcome.kind and lines <= attempt.lines and arcs <= attempt.arcs and not reads


def _dict_keys(*codes: str) -> list[str]:
    """The text keys of the dicts written in the code (``{"email": ...}``), as code."""
    keys: list[str] = []
    for code in codes:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                texts = [
                    k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
                ]
                keys += [str_code(t) for t in texts]
    return list(dict.fromkeys(keys))


_WORD_COLLECTIONS = (
    list,
    tuple,
    set,
    frozenset,
    collections.abc.Sequence,
    collections.abc.Set,
    collections.abc.Collection,
    collections.abc.Iterable,
)


def _takes_words(hint: Any) -> bool:
    """Is the hint a collection of strings (``list[str]``, ``Sequence[str] | AbstractSet[str] | None``)?"""
    origin = typing.get_origin(hint)
    if origin is typing.Union or (origin is not None and origin is getattr(types, "UnionType", None)):
        return any(_takes_words(a) for a in typing.get_args(hint))
    args = typing.get_args(hint)
    return origin in _WORD_COLLECTIONS and bool(args) and args[0] is str


def _not_plain(name: str, pool: list[Val]) -> bool:
    """Is a number or a word the wrong type for this parameter: it takes a function, its pool
    says some values are of the wrong type, or all it was offered are functions and objects
    (``has_varargs(0)`` where the suite passes ``mul`` and ``map``)?"""
    typed = [v for v in pool if v.tier != "wrong-type"]
    return takes_a_function(name) or _wrong(pool) or not any(is_literal(v, object) for v in typed)


def _nothing_told(value: Any) -> bool:
    """None, False, zero or an empty collection: an answer the clock alone may explain."""
    try:
        return (
            value is None
            or value is False
            or (not isinstance(value, bool) and value in (0, "", b""))
            or (isinstance(value, (list, tuple, set, frozenset, dict)) and not value)
        )
    except Exception:  # an object whose comparison raises
        return False


def _of_an_offered_kind(value: Val, offered: list[Val]) -> bool:
    """Is a value the module returned earlier of a kind the parameter is offered: a number where
    numbers are, text where texts are (not where only datetimes are built)?"""
    kinds = {type(v) for v in map(_literal_value, offered) if v is not _NO_LITERAL}
    kind = _literal_value(value)
    if not offered or kind is _NO_LITERAL:
        return True
    return type(kind) in kinds or (type(kind) is int and float in kinds)


_NO_LITERAL = object()


def _literal_value(value: Val) -> Any:
    try:
        return ast.literal_eval(value.code)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _NO_LITERAL


def _wrong(values: Iterable[Val]) -> bool:
    """Is one of the values of the wrong type for its parameter (``"apple"`` as a function)?"""
    return any(v.tier == "wrong-type" for v in values)


#: generic words the search falls back on where nothing says what a value is: a success that
#: passes one reads as made up, so a case without them is preferred for the same lines
_PLACEHOLDERS = tuple(str_code(t) for t in ("apple", "The quick brown fox"))


def selects(func: Any, value: Any) -> bool:
    """Does ``func`` pick the value out of what it was given (``find_promotion(promotions, code)``)?
    Then it is a lookup, not a way to build one: ``Engine(promotions=[find_promotion([Promotion(...)],
    "AUTO")])`` is no setup a maintainer writes."""
    if type(value).__module__ == "builtins":
        return False
    # the value's class or a base it is given as (a PercentOff out of an `Iterable[Promotion]`)
    names = [cls.__name__ for cls in type(value).__mro__ if cls.__module__ != "builtins"]
    try:
        hints = _parameter_hints(func)  # read once per function: asked after every successful call
    except TypeError:  # an unhashable callable object
        hints = _parameter_hints.__wrapped__(func)
    return any(re.search(rf"\b{re.escape(name)}\b", hint) for hint in hints for name in names)


@functools.lru_cache(maxsize=1024)
def _parameter_hints(func: Any) -> tuple[str, ...]:
    """The hints of a function's parameters, as text."""
    return tuple(repr(hint) for param, hint in hints_of(func).items() if param != "return")
