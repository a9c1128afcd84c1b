"""What a case of a function shows, in words: the branch condition that led to its outcome.

A test is named after the behaviour it pins.  The engine knows the lines a call ran;
the source says which ``return`` or ``raise`` among them ended it and which ``if``
(taken or not) led there.  That condition, said in words (``daily_sales == 0`` ->
``daily_sales_is_zero``), tells two tests of one function apart.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from covlift.generation.render.naming import negated_predicate, snake

#: small numbers in words: a name ending in a number reads like a counter (``_2``)
_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
#: an operator and the one that says the opposite
_NEGATED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
#: comparisons with zero, said as the sign of the left side
_AGAINST_ZERO: dict[type[ast.cmpop], str] = {
    ast.Eq: "is_zero",
    ast.NotEq: "is_not_zero",
    ast.Lt: "is_negative",
    ast.LtE: "is_not_positive",
    ast.Gt: "is_positive",
    ast.GtE: "is_not_negative",
}
_COMPARED: dict[type[ast.cmpop], str] = {
    ast.Eq: "equals",
    ast.NotEq: "differs_from",
    ast.Lt: "below",
    ast.LtE: "at_most",
    ast.Gt: "above",
    ast.GtE: "at_least",
    ast.In: "in",
    ast.NotIn: "not_in",
}
#: comparisons of moments, said as time: ``at >= self.ends_at`` -> at_or_after_ends_at
_IN_TIME: dict[type[ast.cmpop], str] = {
    ast.Lt: "before",
    ast.LtE: "at_or_before",
    ast.Gt: "after",
    ast.GtE: "at_or_after",
}
#: how a clause said in time begins (``before_starts_at``): it needs no ``when_`` before it
IN_TIME_PREFIXES = tuple(f"{word}_" for word in _IN_TIME.values())
#: a parameter that is the moment itself: ``at < starts_at`` reads before_starts_at
_MOMENTS = frozenset({"at", "now", "when", "today", "moment", "date", "time", "timestamp"})
#: names that read as a yes/no flag (``if strict:``), not as a collection (``if not items:``)
_FLAG_PREFIXES = (
    "is_",
    "has_",
    "can_",
    "should_",
    "allow",
    "use_",
    "no_",
    "strict",
    "force",
    "verbose",
    "enabled",
)
MAX_CLAUSE = 40


@dataclass(frozen=True, slots=True)
class Decision:
    """The ``if`` whose branch led to a case's outcome, and whether it was taken."""

    test: ast.expr
    taken: bool
    #: the last line of the ``if`` statement (its body and else)
    end: int = 0

    @property
    def clause(self) -> str | None:
        return clause(self.test, self.taken)

    def encloses(self, other: Decision) -> bool:
        """Is this one only whether an option was given, and was ``other`` decided inside its
        taken body (``if amount > cap:`` within ``if self.max_discount is not None:``)?  Then
        ``other`` says more of what the call did."""
        return self.taken and _optional(self.test) and self.test.lineno < other.test.lineno <= self.end


class SourceFacts:
    """A module's source, parsed once; the functions of it by qualname."""

    def __init__(self, source: str) -> None:
        try:
            self.tree: ast.Module | None = ast.parse(source)
        except SyntaxError:
            self.tree = None
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        #: a class's name -> the fields and ``__init__`` parameters that have a default
        self.optional: dict[str, frozenset[str]] = {}
        #: a class's name -> the names of its bases the module spells
        self.bases: dict[str, list[str]] = {}
        if self.tree is not None:
            self._index(self.tree.body, "")

    def shared_method_names(self) -> frozenset[str]:
        """Method names more than one class of the module defines (``deserialize`` of every
        field): a test of one needs its class in its name, whichever methods are targets."""
        owners: dict[str, set[str]] = {}
        for qualname in self.functions:
            owner, _, name = qualname.rpartition(".")
            if owner:
                owners.setdefault(name, set()).add(owner)
        return frozenset(name for name, where in owners.items() if len(where) > 1)

    def property_names(self) -> frozenset[str]:
        """Methods read as attributes (``@property``, ``@cached_property``): ``money`` of a
        payment intent is the intent's money, said with its class."""
        return frozenset(
            qualname.rpartition(".")[2]
            for qualname, fn in self.functions.items()
            if "." in qualname
            and any(
                ast.unparse(d).rpartition(".")[2] in ("property", "cached_property")
                for d in fn.decorator_list
            )
        )

    def inherited(self, qualname: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The function of that qualname, or the one a base class of the module defines for it
        (``Boolean.deserialize`` is ``Field.deserialize``)."""
        if qualname in self.functions:
            return self.functions[qualname]
        owner, _, name = qualname.rpartition(".")
        queue, seen = list(self.bases.get(owner, ())), set()
        while queue:
            base = queue.pop(0)
            if base in seen:
                continue
            seen.add(base)
            found = self.functions.get(f"{base}.{name}")
            if found is not None:
                return found
            queue += self.bases.get(base, ())
        return None

    def _index(self, body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[prefix + node.name] = node
            elif isinstance(node, ast.ClassDef):
                self.bases[prefix + node.name] = [
                    b.id if isinstance(b, ast.Name) else b.attr
                    for b in node.bases
                    if isinstance(b, (ast.Name, ast.Attribute))
                ]
                declared = _with_defaults(node)
                if declared is not None:  # a dataclass's fields include its bases'
                    bases = [
                        self.optional.get(b.id, frozenset()) for b in node.bases if isinstance(b, ast.Name)
                    ]
                    self.optional[node.name] = declared.union(*bases)
                self._index(node.body, f"{prefix}{node.name}.")

    def decision(
        self, qualname: str, lines: Collection[int], raised: bool, *, plumbing: bool = False
    ) -> Decision | None:
        """The condition that led to the ``raise`` (or ``return``) among ``lines`` that ended
        the call: the innermost ``if`` around it, taken when the statement is in its body.
        ``plumbing``: a condition on what the function computed by calling something counts
        too (``if amount > cap:``) -- the last resort before a counter tells two tests apart."""
        fn = self.functions.get(qualname)
        if fn is None:
            return None
        kind = ast.Raise if raised else ast.Return
        ends = [(stmt, chain) for stmt, chain in _statements(fn.body, ()) if isinstance(stmt, kind)]
        reached = [(stmt, chain) for stmt, chain in ends if stmt.lineno in lines]
        internal = frozenset() if plumbing else _locals(fn)
        if not reached:  # a procedure ran to its end: the last decision on the way
            last = max((line for line in lines if fn.lineno <= line <= (fn.end_lineno or 0)), default=0)
            if not last or raised:
                return None
            return _in_parameters(_last_decision(fn, last + 1, lines, internal), fn)
        stmt, chain = max(reached, key=lambda pair: pair[0].lineno)
        for node, in_body in reversed(chain):
            if isinstance(node, ast.If) and not _reads(node.test, internal):
                return _in_parameters(Decision(node.test, in_body, node.end_lineno or 0), fn)
        return _in_parameters(_last_decision(fn, stmt.lineno, lines, internal), fn)

    def spells(self, text: str) -> bool:
        """Does the module's source write ``text`` out as a string of its own (``_("tomorrow")``)?"""
        if not hasattr(self, "_texts"):
            tree = self.tree or ast.Module(body=[], type_ignores=[])
            self._texts = {
                n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
        return text in self._texts

    def formula(self, qualname: str, lines: Collection[int]) -> str | None:
        """What the ``return`` that ended the call computes, when it is a formula of named
        quantities: ``return on_hand / average_daily_sales`` -> divides_on_hand_by_average_daily_sales."""
        fn = self.functions.get(qualname)
        if fn is None:
            return None
        reached = [s for s, _ in _statements(fn.body, ()) if isinstance(s, ast.Return) and s.lineno in lines]
        last = max(reached, key=lambda stmt: stmt.lineno, default=None)
        return formula_phrase(last.value) if last is not None and last.value is not None else None


def _with_defaults(cls: ast.ClassDef) -> frozenset[str] | None:
    """The fields (``max_discount: Decimal | None = None``) and ``__init__`` parameters of a
    class that have a default: a test that gives one says something by giving it.  None when
    the class declares neither (what it takes is its base's business)."""
    declares = any(
        isinstance(stmt, ast.AnnAssign) or (isinstance(stmt, ast.FunctionDef) and stmt.name == "__init__")
        for stmt in cls.body
    )
    if not declares:
        return None
    names = {
        stmt.target.id
        for stmt in cls.body
        if isinstance(stmt, ast.AnnAssign) and stmt.value is not None and isinstance(stmt.target, ast.Name)
    }
    for stmt in cls.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == "__init__":
            args = stmt.args
            positional = [*args.posonlyargs, *args.args]
            names |= {a.arg for a in positional[len(positional) - len(args.defaults) :]}
            names |= {a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None}
    return frozenset(names)


def parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names of a function's parameters that take one value each (not ``*args``/``**kw``)."""
    return {a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]}


def _in_parameters(decision: Decision | None, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Decision | None:
    if decision is None:
        return None
    return dataclasses.replace(decision, test=_unaliased(decision.test, fn))


def _unaliased(test: ast.expr, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.expr:
    """The condition with each local that only renames a parameter (``use_months = months``)
    said as that parameter: the reader of a test sees the parameter, not the local."""
    params = parameters(fn)
    stores: dict[str, list[ast.AST]] = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            stores.setdefault(node.id, []).append(node)
    aliases = {
        target.id: node.value.id
        for node in ast.walk(fn)
        if isinstance(node, ast.Assign) and len(node.targets) == 1
        and isinstance(node.value, ast.Name) and node.value.id in params
        for target in node.targets
        if isinstance(target, ast.Name) and target.id not in params and len(stores[target.id]) == 1
    }  # fmt: skip
    if not any(isinstance(n, ast.Name) and n.id in aliases for n in ast.walk(test)):
        return test

    class Renamed(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.Name:
            return ast.copy_location(ast.Name(aliases.get(node.id, node.id), node.ctx), node)

    renamed = Renamed().visit(copy.deepcopy(test))
    return renamed if isinstance(renamed, ast.expr) else test


def _locals(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """The names a function computes inside by calling something (``sigspec =
    _signature_or_spec(func)``, ``result = int.__add__(...)``): its plumbing.  A quantity it
    works out from its arguments alone (``shortfall = target - on_hand``) is the domain's."""
    args = fn.args
    params = parameters(fn) | {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    stored = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    worked_out = {
        name.id
        for node in ast.walk(fn)
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None
        if not any(isinstance(n, ast.Call) for n in ast.walk(node.value))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        for name in ast.walk(target)
        if isinstance(name, ast.Name)
    }
    called = {
        name.id
        for node in ast.walk(fn)
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None
        if any(isinstance(n, ast.Call) for n in ast.walk(node.value))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        for name in ast.walk(target)
        if isinstance(name, ast.Name)
    }
    # a parameter the function replaces by what a call gave back (`sigspec = _check(sigspec)`) too
    return frozenset((stored - params - (worked_out - called)) | (params & called))


def _reads(test: ast.expr, names: frozenset[str]) -> bool:
    """Does the condition read one of ``names``?  ``if sigspec is None`` of a ``sigspec`` the
    function computed names nothing the reader of a test passed or sees."""
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(test))


def _last_decision(
    fn: ast.AST, end: int, lines: Collection[int], internal: frozenset[str]
) -> Decision | None:
    """For a statement no ``if`` encloses: the last ``if`` before it the call decided, and
    how (``if daily_sales == 0: return None`` run past -> daily_sales_is_not_zero; of
    ``if self._included is None: ... else: ...`` the branch it ran)."""
    decided = sorted(
        (
            node
            for node in ast.walk(fn)
            if isinstance(node, ast.If)
            and node.test.lineno < end
            and node.test.lineno in lines
            and not _reads(node.test, internal)
        ),
        key=lambda node: node.test.lineno,
        reverse=True,
    )
    passed_by: Decision | None = None
    for node in decided:
        body = node.body[0].lineno in lines
        other = bool(node.orelse) and node.orelse[0].lineno in lines
        if not body and not node.orelse and _exits(node.body):
            # a guard the call got past (`if quantity <= 0: raise ...`) is not what it did:
            # `..._when_quantity_is_positive` names the input check, not the behaviour
            continue
        if not body and not node.orelse and _optional(node.test):
            # an option not given (`if self.max_discount is not None:` skipped) is no event;
            # an earlier decision (`if self.skus:`) says what the call did
            passed_by = passed_by or Decision(node.test, body, node.end_lineno or 0)
            continue
        if body != other or not node.orelse:  # one branch ran (an if without else: which one is known)
            return Decision(node.test, body, node.end_lineno or 0)
    return passed_by


def _optional(test: ast.expr) -> bool:
    """Does the condition ask whether an option was given (``x is not None``, a bare ``x``)?"""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.IsNot):
        right = test.comparators[0]
        return isinstance(right, ast.Constant) and right.value is None
    return isinstance(test, (ast.Name, ast.Attribute))


def _exits(body: list[ast.stmt]) -> bool:
    """Does the block end the call early (``raise``, ``return``)?"""
    return bool(body) and isinstance(body[-1], (ast.Raise, ast.Return))


def _statements(
    body: list[ast.stmt], chain: tuple[tuple[ast.stmt, bool], ...]
) -> Iterator[tuple[ast.stmt, tuple[tuple[ast.stmt, bool], ...]]]:
    """Every statement of a function body (not of nested functions), with the compound
    statements around it and whether it sits in their body (True) or their else (False)."""
    for stmt in body:
        yield stmt, chain
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field, in_body in (("body", True), ("orelse", False), ("finalbody", True)):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                yield from _statements(inner, (*chain, (stmt, in_body)))
        for handler in getattr(stmt, "handlers", ()):
            yield from _statements(handler.body, (*chain, (stmt, True)))
        for case in getattr(stmt, "cases", ()):
            yield from _statements(case.body, (*chain, (stmt, True)))


def clause(test: ast.expr, taken: bool = True) -> str | None:
    """The condition in words, as it held for the case (``taken`` False: its opposite)."""
    if "NotImplemented" in ast.unparse(test):  # an operator's plumbing, not a behaviour
        return None
    said = _said(test, taken)
    if said is None or not said or len(said) > MAX_CLAUSE:
        return None
    if len(re.findall(r"(?:^|(?<=_))(?:not|no)_", said)) > 1:  # value_is_not_true_and_value_is_not_false
        return None
    return said


def _said(test: ast.expr, taken: bool) -> str | None:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _said(test.operand, not taken)
    if isinstance(test, ast.BoolOp):
        if len(test.values) != 2:
            return None
        joins_all = isinstance(test.op, ast.And) == taken  # and-taken / or-not-taken: both held
        if not joins_all:
            return None  # one of them held, and which one is not known
        values = _without_presence_guards(test.values)
        if len(values) == 1:  # `self.starts_at is not None and at < self.starts_at`: the comparison
            return _said(values[0], taken)
        parts = [_said(v, taken) for v in values]
        if any(p is None for p in parts):
            return None
        subjects = {_words(v.left if isinstance(v, ast.Compare) else v) for v in test.values}
        if len(subjects) == 1:  # `value is True or value is False` not taken: what it was not
            return None
        return "_and_".join(p for p in parts if p)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        op = type(test.ops[0])
        if not taken:
            op = _NEGATED[op]
        return _compared(test.left, op, test.comparators[0])
    if isinstance(test, ast.Call) and ast.unparse(test.func) == "isinstance" and len(test.args) == 2:
        subject, kind = _words(test.args[0]), _words(test.args[1])
        if subject and kind:
            return f"{subject}_is_{kind}" if taken else f"{subject}_is_not_{kind}"
        return None
    if isinstance(test, ast.Name) and test.id in ("self", "cls"):  # `if not self:` of a container
        return "not_empty" if taken else "empty"
    if isinstance(test, ast.Call) and not _asks(test):
        return None  # `if not title.strip():` says how, not what: title_strip names nothing
    subject = _words(test)
    if not subject:
        return None
    flag = isinstance(test, ast.Call) or subject.startswith(_FLAG_PREFIXES)
    if taken:
        return subject if flag else f"{subject}_given"
    if flag:  # `not is_collection(x)`: is_not_collection
        return negated_predicate(subject) or f"not_{subject}"
    return f"no_{subject}"


def _without_presence_guards(values: list[ast.expr]) -> list[ast.expr]:
    """The parts of an ``and`` (or an ``or``) beside the checks that a value is there at all
    (``x is not None and x < y``, ``x is None or x < y``): the guard only makes the rest safe."""
    rest = [v for v in values if not _presence_guard(v)]
    if len(rest) != 1:
        return values
    guarded = {ast.unparse(v.left) for v in values if _presence_guard(v) and isinstance(v, ast.Compare)}
    guarded |= {ast.unparse(v) for v in values if _presence_guard(v) and not isinstance(v, ast.Compare)}
    mentioned = {ast.unparse(n) for n in ast.walk(rest[0]) if isinstance(n, (ast.Name, ast.Attribute))}
    return rest if guarded <= mentioned else values


def _presence_guard(test: ast.expr) -> bool:
    """``x is None`` / ``x is not None``, or a bare ``x`` that a later part compares."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        right = test.comparators[0]
        return (
            isinstance(test.ops[0], (ast.Is, ast.IsNot))
            and isinstance(right, ast.Constant)
            and right.value is None
        )
    return isinstance(test, (ast.Name, ast.Attribute))


def _asks(call: ast.Call) -> bool:
    """Is the call a question (``callable(f)``, ``reservation.is_expired(now)``, ``any(...)``)?"""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name in ("callable", "hasattr", "any", "all", "len", "bool") or name.startswith(_FLAG_PREFIXES)


def _compared(left: ast.expr, op: type[ast.cmpop], right: ast.expr) -> str | None:
    subject = _words(left)
    if not subject:
        return None
    if isinstance(right, ast.Constant) and isinstance(right.value, bool) and op in (ast.Is, ast.IsNot):
        # `allow_nan is not False`: allow_nan; `strict is False`: not_strict
        holds = right.value == (op is ast.Is)
        return subject if holds else f"not_{subject}"
    if isinstance(right, ast.Constant):
        value = right.value
        if value is None and op in (ast.Is, ast.Eq):
            return f"{subject}_is_none"
        if value is None and op in (ast.IsNot, ast.NotEq):
            return f"{subject}_is_given"
        if (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and value == 0
            and op in _AGAINST_ZERO
        ):
            return f"{subject}_{_AGAINST_ZERO[op]}"
        if value in ("", b"") and op in (ast.Eq, ast.NotEq):
            return f"{subject}_is_empty" if op is ast.Eq else f"{subject}_is_not_empty"
    if op in (ast.Is, ast.IsNot) and _sentinel(right):  # `default is not _MISSING`
        return f"{subject}_is_given" if op is ast.IsNot else f"no_{subject}"
    if op in (ast.Is, ast.IsNot):
        other = _member(right) or _words(right)  # `currency is Currency.JPY`: currency_is_jpy
        said = f"{subject}_is_{other}" if op is ast.Is else f"{subject}_is_not_{other}"
        return said.replace("_is_not_not_", "_is_")  # `inc is not NotImplemented`
    other = _words(right)
    if not other or op not in _COMPARED:
        return None
    if op in (ast.Eq, ast.NotEq) and isinstance(right, ast.Constant):  # `status == 429`: status_is_429
        return f"{subject}_is_{other}" if op is ast.Eq else f"{subject}_is_not_{other}"
    if op in _IN_TIME and (_timely(subject) or _timely(other)):  # `at < self.starts_at`: before_starts_at
        said = f"{_IN_TIME[op]}_{other}"
        return said if subject in _MOMENTS else f"{subject}_{said}"
    return f"{subject}_{_COMPARED[op]}_{other}"


def _member(expr: ast.expr) -> str:
    """``jpy`` for ``Currency.JPY``: a member of a class, by its own name ('' for anything else)."""
    if not isinstance(expr, ast.Attribute) or not isinstance(expr.value, ast.Name):
        return ""
    owner = expr.value.id
    return snake(expr.attr).lower() if owner[:1].isupper() and not owner.isupper() else ""


def _timely(words: str) -> bool:
    """Does the name say a moment (``starts_at``, ``deadline``, ``now``)?"""
    return words in _MOMENTS or words.endswith(("_at", "_on", "_date", "_time", "deadline"))


def _sentinel(expr: ast.expr) -> bool:
    """A private or constant-named module value compared by identity: a 'nothing given' marker.
    A member of a class (``Currency.JPY``, an enum's) is a value like any other."""
    if isinstance(expr, ast.Attribute):
        owner = expr.value.id if isinstance(expr.value, ast.Name) else ""
        if owner[:1].isupper() and not owner.isupper() and not expr.attr.startswith("_"):
            return False
    name = expr.id if isinstance(expr, ast.Name) else expr.attr if isinstance(expr, ast.Attribute) else ""
    return bool(name) and (name.startswith("_") or (name.isupper() and len(name) > 1))


def _words(expr: ast.expr) -> str:
    """An expression as the words of a name: ``self.expires_at`` -> expires_at,
    ``len(items)`` -> items_length, ``reservation.is_expired(now)`` -> reservation_is_expired."""
    if isinstance(expr, ast.Name):  # `if not kwargs:` says how the call was spelled, not what it did
        return "" if expr.id in ("args", "kwargs", "kw", "kwds", "options") else snake(expr.id)
    if isinstance(expr, ast.Attribute):
        if isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            # a private attribute (`self._map`) is nothing a reader of the test sees
            return "" if expr.attr.startswith("_") else snake(expr.attr)
        owner = _words(expr.value)
        return f"{owner}_{snake(expr.attr)}" if owner else snake(expr.attr)
    if isinstance(expr, ast.Call):
        if isinstance(expr.func, ast.Name) and expr.func.id == "len" and len(expr.args) == 1:
            inner = _words(expr.args[0])
            return f"{inner}_length" if inner else ""
        if isinstance(expr.func, ast.Name) and expr.func.id in _OF_A_VALUE and len(expr.args) == 1:
            inner = _words(expr.args[0])  # abs(step) > 1: the step's size, not "abs"
            return f"{_OF_A_VALUE[expr.func.id]}_{inner}" if inner else ""
        return _words(expr.func)
    if isinstance(expr, ast.Subscript):
        return _words(expr.value)
    if isinstance(expr, ast.Constant):
        value = expr.value
        if isinstance(value, bool) or value is None:
            return str(value).lower()
        if isinstance(value, int) and 0 <= value < len(_NUMBERS):
            return _NUMBERS[value]
        if isinstance(value, (int, float)):
            return snake(str(value).replace("-", "minus_").replace(".", "_point_"))
        if isinstance(value, str):
            return snake(value) if value and len(value) <= 20 else ("empty" if not value else "")
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        inner = _words(expr.operand)
        return f"minus_{inner}" if inner else ""
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)) and len(expr.elts) <= 3:
        parts = [_words(e) for e in expr.elts]
        return "_or_".join(parts) if all(parts) else ""
    return ""


#: builtins that read one value, as the words said before the value's
_OF_A_VALUE = {"abs": "size_of", "round": "rounded"}


#: a formula's operator in words: ``a / b`` divides_a_by_b (not ``+``: of texts and lists it joins)
_FORMULAS: dict[type[ast.operator], str] = {
    ast.Div: "divides_{a}_by_{b}",
    ast.Mult: "multiplies_{a}_by_{b}",
    ast.Sub: "subtracts_{b}_from_{a}",
    ast.Add: "adds_{b}_to_{a}",
}


def formula_phrase(expr: ast.expr) -> str | None:
    """A returned formula of named quantities in words: ``sum(xs) / len(xs)`` is_the_mean_of_xs,
    ``math.ceil(n / size) * size`` rounds_n_up_to_a_multiple_of_size, ``price * quantity``
    multiplies_price_by_quantity; None for anything else (a formula of constants says nothing)."""
    if not isinstance(expr, ast.BinOp):
        return None
    summed, counted = _sole_argument(expr.left, "sum"), _sole_argument(expr.right, "len")
    if isinstance(expr.op, ast.Div) and summed is not None and counted is not None:
        words = _words(summed)
        return f"is_the_mean_of_{words}" if words and words == _words(counted) else None
    rounded = _sole_argument(expr.left, "ceil")
    if isinstance(expr.op, ast.Mult) and isinstance(rounded, ast.BinOp):
        a, b = _quantity(rounded.left), _quantity(rounded.right)
        if a and b and isinstance(rounded.op, ast.Div) and _quantity(expr.right) == b:
            return f"rounds_{a}_up_to_a_multiple_of_{b}"
        return None
    a, b = _quantity(expr.left), _quantity(expr.right)
    if isinstance(expr.op, ast.Add) and (isinstance(expr.left, ast.Name) or isinstance(expr.right, ast.Name)):
        return None  # `len_accum + rel_idx`: a sum of the function's own locals is how, not what
    said = _FORMULAS.get(type(expr.op))
    return said.format(a=a, b=b) if said and a and b and a != b else None


def _sole_argument(expr: ast.expr, function: str) -> ast.expr | None:
    """The argument of a one-argument call of ``function`` (``len(x)``, ``math.ceil(x)``)."""
    if not isinstance(expr, ast.Call) or len(expr.args) != 1 or expr.keywords:
        return None
    func = expr.func
    named = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return expr.args[0] if named == function else None


def _quantity(expr: ast.expr) -> str:
    """A named quantity's words (``on_hand``, ``self.price`` -> price, of a part the object holds
    ``self.box.tare_grams`` -> tare_grams); '' for anything else."""
    if isinstance(expr, ast.Name) or (
        isinstance(expr, ast.Attribute)
        and isinstance(expr.value, ast.Name)
        and expr.value.id in ("self", "cls")
    ):
        return _words(expr)
    if not isinstance(expr, ast.Attribute) or expr.attr.startswith("_"):
        return ""
    held = expr.value
    return snake(expr.attr) if isinstance(held, ast.Attribute) and _quantity(held) else ""
