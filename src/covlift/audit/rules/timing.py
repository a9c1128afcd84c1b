"""sleep, unseeded-random, wall-clock: tests whose outcome depends on time or chance.

* *sleep* — a fixed ``time.sleep``/``asyncio.sleep`` in the test body; a sleep
  inside a polling loop (one that can ``break``/``return``, or a ``while`` on a
  condition) is the recommended fix and is left alone, as is ``sleep(0)``.
* *unseeded-random* — the global ``random``/``numpy.random`` state or an
  unseeded generator, when nothing in the test or module seeds it.
* *wall-clock* — a clock reading that reaches an assertion without having been
  handed to the code under test (``assert report.day == date.today()``,
  ``assert time.time() - start < 1``).  A "now" captured once and passed in
  (``Order(created_at=now)``) is a fixed input, not a dependence.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from covlift.audit.rules import Hit
from covlift.audit.rules._asserts import Asserts, walk_body_expr
from covlift.audit.source import ModuleIndex, TestFunc, call_name, walk_body

_SLEEPS = frozenset(
    {"time.sleep", "asyncio.sleep", "trio.sleep", "anyio.sleep", "gevent.sleep", "eventlet.sleep"}
)
_RANDOM_FUNCS = frozenset(
    {
        *("random", "randint", "randrange", "choice", "choices", "shuffle", "sample", "uniform"),
        *("gauss", "getrandbits", "triangular", "betavariate", "expovariate", "normalvariate"),
        *("lognormvariate", "vonmisesvariate", "paretovariate", "weibullvariate", "randbytes"),
        *("gammavariate", "binomialvariate"),
    }
)
_NUMPY_SAFE = frozenset(
    {
        "seed",
        "default_rng",
        "RandomState",
        "Generator",
        "SeedSequence",
        "PCG64",
        "MT19937",
        "Philox",
        "SFC64",
        "BitGenerator",
        "get_state",
        "set_state",
    }
)
_UNSEEDED_CTORS = frozenset({"random.Random", "numpy.random.default_rng", "numpy.random.RandomState"})
_CLOCKS = frozenset(
    {
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
        "time.time",
        "time.time_ns",
        "time.monotonic",
        "time.monotonic_ns",
        "time.perf_counter",
        "time.perf_counter_ns",
        "arrow.now",
        "arrow.utcnow",
        "pendulum.now",
        "pendulum.today",
    }
)
_CLOCKS_NO_ARGS = frozenset({"time.localtime", "time.gmtime", "time.ctime", "time.asctime"})
_FREEZERS = ("freeze_time", "freezegun.freeze_time", "time_machine.travel", "travel")
_FREEZER_FIXTURES = frozenset({"freezer", "time_machine", "frozen_time", "mock_clock", "fake_clock"})
_TRANSPARENT = frozenset(
    {
        "str",
        "int",
        "float",
        "abs",
        "round",
        "repr",
        "len",
        "bool",
        "format",
        "timedelta",
        "pytest.approx",
        "approx",
        "total_seconds",
        "isoformat",
        "date",
        "time",
        "timestamp",
        "replace",
        "strftime",
        "astimezone",
    }
)


def _decorated(test: TestFunc, index: ModuleIndex, suffixes: tuple[str, ...]) -> bool:
    decorators = list(test.node.decorator_list) + (test.cls.decorator_list if test.cls else [])
    for deco in decorators:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = index.resolve(target) or ""
        if name.endswith(suffixes) or name in suffixes:
            return True
    return False


# -- sleep -------------------------------------------------------------------------------


def _is_poll_loop(loop: ast.For | ast.AsyncFor | ast.While) -> bool:
    if isinstance(loop, ast.While) and not (isinstance(loop.test, ast.Constant) and loop.test.value):
        return True
    return any(isinstance(n, ast.Break | ast.Return) for n in ast.walk(loop))


def _sleeps(stmts: list[ast.stmt], index: ModuleIndex, polling: bool) -> Iterator[ast.Call]:
    for stmt in stmts:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if isinstance(stmt, ast.For | ast.AsyncFor | ast.While):
            inner = polling or _is_poll_loop(stmt)
            yield from _sleeps(stmt.body, index, inner)
            yield from _sleeps(stmt.orelse, index, polling)
            continue
        children = [getattr(stmt, f) for f in ("body", "orelse", "finalbody") if hasattr(stmt, f)]
        children += [h.body for h in getattr(stmt, "handlers", [])]
        children += [c.body for c in getattr(stmt, "cases", [])]
        nested = [s for block in children for s in block]
        if nested:
            yield from _sleeps(nested, index, polling)
        if polling:
            continue
        for node in walk_body_expr(stmt) if not nested else _header_nodes(stmt):
            if isinstance(node, ast.Call) and (index.resolve(node.func) or "") in _SLEEPS:
                arg = node.args[0] if node.args else None
                if isinstance(arg, ast.Constant) and not arg.value:
                    continue  # sleep(0) only yields to the event loop
                yield node


def _header_nodes(stmt: ast.stmt) -> list[ast.AST]:
    headers: list[ast.AST] = []
    for name in ("test", "items", "subject"):
        value = getattr(stmt, name, None)
        if isinstance(value, list):
            headers.extend(n for v in value for n in ast.walk(v))
        elif isinstance(value, ast.AST):
            headers.extend(ast.walk(value))
    return headers


def sleep(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    found = list(_sleeps(test.node.body, index, polling=False))
    if found:
        first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        yield Hit(
            "sleep",
            first.lineno,
            f"{ast.unparse(first)} makes the test slow and timing-dependent{more}",
        )


# -- unseeded-random ---------------------------------------------------------------------


def _seeds(nodes: list[ast.AST], index: ModuleIndex) -> bool:
    for node in nodes:
        if (
            isinstance(node, ast.Call)
            and call_name(node) in ("seed", "seed_instance")
            and (node.args or node.keywords)
        ):
            return True
    return False


def _module_seeds(index: ModuleIndex) -> bool:
    nodes: list[ast.AST] = [
        n
        for stmt in index.tree.body
        if not isinstance(stmt, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        for n in ast.walk(stmt)
    ]
    for fixture in index.fixtures:
        nodes.extend(ast.walk(fixture.node))
    return _seeds(nodes, index)


def _random_call(node: ast.Call, index: ModuleIndex) -> bool:
    name = index.resolve(node.func) or ""
    if name in _UNSEEDED_CTORS:
        return not node.args and not node.keywords
    if name == "random.SystemRandom":
        return True
    module, _, func = name.rpartition(".")
    if module == "random":
        return func in _RANDOM_FUNCS
    if module == "numpy.random":
        return func not in _NUMPY_SAFE
    return False


def unseeded_random(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    if _decorated(test, index, ("given", "hypothesis.given")):
        return  # hypothesis seeds the random module for each example
    nodes = list(walk_body(test.node, into_nested=True))
    calls = [n for n in nodes if isinstance(n, ast.Call) and _random_call(n, index)]
    if not calls or _seeds(nodes, index) or _module_seeds(index):
        return
    yield Hit(
        "unseeded-random",
        calls[0].lineno,
        f"{ast.unparse(calls[0].func)}() draws from an unseeded generator; a failure cannot be replayed",
    )


# -- wall-clock --------------------------------------------------------------------------


def _is_clock(node: ast.AST, index: ModuleIndex) -> bool:
    if not isinstance(node, ast.Call):
        return False
    name = index.resolve(node.func) or ""
    if name in _CLOCKS:
        return True
    if name in _CLOCKS_NO_ARGS:
        return not node.args
    return name == "time.strftime" and len(node.args) == 1


class _Clock:
    """Which names hold clock readings, and which readings were handed to other code."""

    def __init__(self, test: TestFunc, index: ModuleIndex, asserts: Asserts) -> None:
        self.test, self.index, self.asserts = test, index, asserts
        self.derived: set[str] = set()
        self.injected: set[str] = set()

    def touches(self, expr: ast.AST) -> bool:
        """Whether an expression reads the clock or a clock-derived name, outside call arguments."""
        return any(self._touch_nodes(expr, opaque=True))

    def _touch_nodes(self, expr: ast.AST, *, opaque: bool) -> Iterator[ast.AST]:
        if _is_clock(expr, self.index) or (isinstance(expr, ast.Name) and expr.id in self.derived):
            yield expr
            return
        if isinstance(expr, ast.Call):
            yield from self._touch_nodes(expr.func, opaque=opaque)
            transparent = (
                call_name(expr) in _TRANSPARENT or (self.index.resolve(expr.func) or "") in _TRANSPARENT
            )
            if transparent or not opaque:
                for arg in [*expr.args, *(k.value for k in expr.keywords)]:
                    yield from self._touch_nodes(arg, opaque=opaque)
            return
        if isinstance(expr, ast.Lambda):
            return
        for child in ast.iter_child_nodes(expr):
            yield from self._touch_nodes(child, opaque=opaque)

    def _roots(self, expr: ast.AST) -> set[str]:
        return {n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and n.id in self.derived}

    def scan(self) -> list[ast.AST]:
        """Assertions that read the clock, or a reading no code under test was handed."""
        parents: dict[str, set[str]] = {}
        checks: list[tuple[ast.AST, ast.expr]] = []
        inside_checks: set[int] = set()
        for node in walk_body(self.test.node):
            if isinstance(node, ast.Assert):
                checks.append((node, node.test))
            elif isinstance(node, ast.Call) and self.asserts.strong(node, self.test):
                checks.extend((node, a) for a in [*node.args, *(k.value for k in node.keywords)])
            else:
                continue
            inside_checks.update(id(n) for n in ast.walk(node))
        for node in walk_body(self.test.node):
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value:
                self._derive(node, parents)
            elif (
                isinstance(node, ast.Call)
                and id(node) not in inside_checks
                and not _is_clock(node, self.index)
                and call_name(node) not in _TRANSPARENT
            ):
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    self.injected.update(self._roots(arg))
        injected = self._closure(self.injected, parents)
        hits: list[ast.AST] = []
        for node, expr in checks:
            for hit in self._touch_nodes(expr, opaque=False):
                if isinstance(hit, ast.Name) and hit.id in injected:
                    continue
                hits.append(node)
                break
        return hits

    def _derive(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign, parents: dict[str, set[str]]) -> None:
        value = node.value
        assert value is not None
        if not any(self._touch_nodes(value, opaque=True)):
            return
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute | ast.Subscript):
                self.injected.update(self._roots(value) or {"<direct>"})
                continue
            for name in (n for n in ast.walk(target) if isinstance(n, ast.Name)):
                self.derived.add(name.id)
                parents.setdefault(name.id, set()).update(self._roots(value))

    @staticmethod
    def _closure(injected: set[str], parents: dict[str, set[str]]) -> set[str]:
        """Names in the same derivation family as a handed-over name count as handed over.

        ``s = now.strftime(fmt); parse(s)`` hands ``now`` over in another form, so a
        later ``assert parsed == now`` is a round trip, not a clock dependence.
        """
        links: dict[str, set[str]] = {}
        for name, roots in parents.items():
            for root in roots:
                links.setdefault(name, set()).add(root)
                links.setdefault(root, set()).add(name)
        out = set(injected)
        stack = list(injected)
        while stack:
            name = stack.pop()
            for other in links.get(name, ()):
                if other not in out:
                    out.add(other)
                    stack.append(other)
        return out


def _frozen(test: TestFunc, index: ModuleIndex) -> bool:
    if _decorated(test, index, _FREEZERS):
        return True
    if {a.arg for a in test.node.args.args} & _FREEZER_FIXTURES:
        return True
    for node in walk_body(test.node):
        if isinstance(node, ast.Call) and (index.resolve(node.func) or "").endswith(_FREEZERS):
            return True
    return False


def wall_clock(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    if _frozen(test, index):
        return
    hits = _Clock(test, index, asserts).scan()
    if hits:
        line = getattr(hits[0], "lineno", test.node.lineno)
        yield Hit(
            "wall-clock",
            line,
            "an assertion compares a live clock reading; it can fail at a "
            "second, day or year boundary or on a slow machine",
        )


CHECKS = (("sleep", sleep), ("unseeded-random", unseeded_random), ("wall-clock", wall_clock))
