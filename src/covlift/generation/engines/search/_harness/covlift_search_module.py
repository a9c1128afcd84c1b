"""The search over one module: passes over its targets until the budget is spent.

The first pass tries the typical values; later passes spend what is left of the
budget on the targets still missing lines, with mutated values and longer call
chains.  Every case is handed to ``emit`` as soon as it is found (the parent keeps
what was found even if this process dies later), and so is every call that ran
past its deadline.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import os
import random
import re
import sys
import time
from collections.abc import Callable
from typing import Any

from covlift_search_callgraph import CallGraph, is_private
from covlift_search_context import Fixtures, Observed, plain_literal, walk_routes
from covlift_search_examples import find_targets
from covlift_search_execute import Executor
from covlift_search_guard import Guard
from covlift_search_literals import Literals
from covlift_search_objects import package_subclasses
from covlift_search_oracle import Oracle
from covlift_search_pools import Pools
from covlift_search_target import TargetSearch
from covlift_search_values import Val, hints_of, home_of, public_modules, str_code

Emit = Callable[[dict[str, Any]], None]


class ModuleSearch:
    """Searches the targets of one module for inputs that reach their missing lines and arcs."""

    def __init__(self, request: dict[str, Any], fixtures: Fixtures, guard: Guard) -> None:
        self.request = request
        self.module = importlib.import_module(request["module"])
        self.filename = os.path.realpath(self.module.__file__ or "")
        with open(self.filename, encoding="utf-8") as fh:
            self.source = fh.read()
        self.rng = random.Random(request.get("seed", 0))
        self.fixtures = fixtures
        self.observed = Observed()
        self.pools = Pools(self.module, Literals(self.source), self.rng, self.observed, fixtures)
        self.timeout = float(request.get("call_timeout", 1.0))
        self.executor = Executor(self.module, self.filename, fixtures, guard, self.timeout)
        self.oracle = Oracle(self.filename, self.source)

        self.graph = CallGraph(self.source)
        #: target name -> (lines, arcs) reached by the cases kept so far, across passes
        self.reached: dict[str, tuple[set[int], set[tuple[int, int]]]] = {}
        #: target name -> claims of kept cases whose oracle is only 0, "", None, [] ...
        self.weak: dict[str, list[tuple[frozenset[int], frozenset[tuple[int, int]]]]] = {}
        #: target name -> calls that ran past their deadline (a target that keeps hanging is left)
        self.hangs: dict[str, int] = {}
        #: ways whose search raised (a bug of the search itself, reported once each)
        self.broken: set[str] = set()
        self._routes: dict[Any, tuple[str, list[str], str]] | None = None
        #: module name -> its public module-level functions (the private module's callers elsewhere)
        self._parsed: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}

    def observe(self) -> None:
        """Record the arguments the project's own tests pass (realistic inputs, tried first)."""
        observe = list(self.request.get("observe") or ())
        if observe:
            seconds = min(30.0, max(5.0, float(self.request["budget_s"]) * 0.25))
            self.observed.observe(self.filename, observe, seconds, self.request["module"])

    def run(self, emit: Emit) -> None:
        deadline = time.monotonic() + float(self.request["budget_s"])
        targets = self.request["targets"]
        for pass_no in range(50):
            open_targets = [t for t in targets if not self._complete(t) and not self._hopeless(t)]
            if not open_targets or deadline - time.monotonic() <= 0.2:
                break
            for index, target in enumerate(open_targets):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                share = remaining / (len(open_targets) - index)
                ways = self.ways_to(target["name"])
                for way, (name, obj, owner) in enumerate(ways):
                    # the target's share of the budget, split among its ways (its public callers)
                    until = time.monotonic() + (share / (len(ways) - way) if way < len(ways) else 0)
                    started = time.monotonic()
                    try:
                        TargetSearch(self, target, name, obj, owner, until, pass_no > 0).run(emit)
                    except Exception as exc:  # one odd target must not end the module's search
                        if name not in self.broken:  # said once: the parent shows it as the reason
                            self.broken.add(name)
                            emit({"broke": name, "why": f"{type(exc).__name__}: {exc}"[:300]})
                    share = max(0.0, share - (time.monotonic() - started))
                    if self._complete(target):
                        break

    def ways_to(self, name: str) -> list[tuple[str, Any, Any]]:
        """(qualname, callable, owner) to call for a target: a private one through its public callers
        when it has any (the test is then about the caller), else the target itself.  The
        functions of a private module (``toolz._signatures``) are reached through the public
        functions of the package that call them (``toolz.functoolz.has_keywords``)."""
        callers = self.graph.public_callers(name) if is_private(name) else []
        if "." not in name and is_private(self.request["module"]):  # the package's public code first
            elsewhere = self._callers_elsewhere(name)
            # no public name in a private module: what leads to it there, and who calls that outside
            for caller in self.graph.all_callers(name) if not elsewhere else ():
                elsewhere += self._callers_elsewhere(caller) if "." not in caller else []
            if elsewhere:
                return list({id(way[1]): way for way in elsewhere}.values())[:4]
        found = find_targets(self.module, callers) if callers else []
        return found or find_targets(self.module, [name])

    def _module_of(self, top: str, obj: Any) -> str:
        """The module a way's function or class comes from: the module under search, or the public
        module of the package whose function calls into it."""
        if getattr(self.module, top, None) is obj or inspect.getattr_static(self.module, top, None) is obj:
            return str(self.request["module"])
        return str(getattr(obj, "__module__", None) or self.request["module"])

    def _functions_of(self, module_name: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
        """The public module-level functions of a module's source, parsed once per search."""
        if module_name not in self._parsed:
            try:
                tree = ast.parse(inspect.getsource(sys.modules[module_name]))
            except (OSError, TypeError, SyntaxError, KeyError):
                tree = ast.Module(body=[], type_ignores=[])
            self._parsed[module_name] = [
                node
                for node in tree.body
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_")
            ]
        return self._parsed[module_name]

    def _callers_elsewhere(self, name: str, limit: int = 4) -> list[tuple[str, Any, Any]]:
        """Public module-level functions of the package's public modules whose body names ``name``."""
        found: list[tuple[str, Any, Any]] = []
        for module_name in sorted(public_modules(self.request["module"].split(".")[0])):
            if len(found) >= limit:
                break
            module = sys.modules.get(module_name)
            for node in self._functions_of(module_name):
                named = any(
                    (isinstance(n, ast.Name) and n.id == name)
                    or (isinstance(n, ast.Attribute) and n.attr == name)
                    for n in ast.walk(node)
                )
                func = getattr(module, node.name, None)
                if named and callable(func) and getattr(func, "__module__", None) == module_name:
                    found.append((node.name, func, None))
        return found[:limit]

    def _complete(self, target: dict[str, Any]) -> bool:
        lines, arcs = self.reached.get(target["name"], (set(), set()))
        wanted_arcs = {tuple(a) for a in target.get("missing_arcs", [])}
        complete = set(target.get("missing_lines", [])) <= lines and wanted_arcs <= arcs
        return complete and not self.weak.get(target["name"])

    def _hopeless(self, target: dict[str, Any]) -> bool:
        """A target whose calls keep running past their deadline (a service loop) is left alone."""
        return self.hangs.get(target["name"], 0) >= 3

    def call_variants(
        self, name: str, obj: Any, owner: Any, wild: bool = False
    ) -> tuple[list[tuple[str | None, str, frozenset[tuple[str, str]]]], Any] | None:
        """(setup code or None, call prefix, imports) ways to reach the callable, and the function."""
        short = name.split(".")
        mod_name = home_of(self._module_of(short[0], owner or obj), short[0])  # `from attr import define`
        if owner is None:
            func = obj
            if not callable(func) or isinstance(func, type):
                return None
            return [(None, short[-1], frozenset({(mod_name, short[-1])}))], func
        cls_ref = Val(owner.__qualname__, frozenset({(mod_name, short[0])}))
        method = short[-1]
        if isinstance(obj, staticmethod):
            return [(None, f"{cls_ref.code}.{method}", cls_ref.imports)], obj.__func__
        if isinstance(obj, classmethod):
            return [(None, f"{cls_ref.code}.{method}", cls_ref.imports)], obj.__func__
        if isinstance(obj, property):
            getter = obj.fget
            setups = self.instances_of(owner, wild)
            return [(s.code, "obj." + method, s.imports) for s in setups], (getter, "property")
        if not callable(obj):
            return None
        setups = self.instances_of(owner, wild)
        if method == "__init__":
            return [(None, cls_ref.code, cls_ref.imports)], obj
        setups = self._as_the_tests_build(owner, method, setups)
        return [(s.code, "obj." + method, s.imports) for s in setups], obj

    def _as_the_tests_build(self, owner: type, method: str, setups: list[Val]) -> list[Val]:
        """A class the suite uses through subclasses it shares (``tests/base.py``'s
        ``UserSchema(Schema)`` rather than a bare ``Schema()``): those first, after the project's
        fixtures, and only those that leave the method as the class has it."""
        observed = self.pools.observed
        subclasses = observed.built_subclasses(owner, method)
        overriding = set(observed.built_subclasses(owner)) - set(subclasses)
        setups = [s for s in setups if s not in overriding]
        # `fields.String()` built bare, or a class the package subclasses itself: not `Uppercased()`
        if not subclasses or observed.built(owner) or package_subclasses(owner):
            return [s for s in setups if s not in subclasses] if subclasses else setups
        ahead = [s for s in setups if s.code in self.fixtures.for_type(owner)]
        return list(dict.fromkeys([*ahead, *subclasses, *setups]))

    def instances_of(self, owner: type, wild: bool = False) -> list[Val]:
        """Instances of the class and of its concrete subclasses in the same module.

        A method defined on a base class often does its real work only through the
        hooks a subclass fills in (a priority queue's heap or sorted backend).
        """
        out = list(self.pools.instances(owner, 0, randomized=4 if wild else 0, as_owner=True))
        subclasses: list[type] = type.__subclasses__(owner)
        for sub in subclasses:
            if sub.__module__ == owner.__module__ and not inspect.isabstract(sub):
                out += self.pools.instances(sub, 0)[:4]
        # the module's own objects of the class (``memoize``, a curried function; ``DEFAULT_RETRY``)
        mod_name = str(self.request["module"])
        out += [
            Val(name, frozenset({(home_of(mod_name, name), name)}))
            for name, value in list(vars(self.module).items())[:400]
            if not name.startswith("_") and type(value) is owner
        ][:3]
        out = list(dict.fromkeys(out))
        # a private class is built the way its users get one (a public factory, a fixture), when any
        # such way is known: ``_ComplementSet(...)`` is not what a maintainer wants to read
        public = [v for v in out if not re.search(r"(?<![\w.])_[A-Za-z]\w*\(", v.code)]
        return public or out

    def route_of(self, func: Any) -> tuple[str, list[str], str] | None:
        """(path, methods, client fixture) when func is an endpoint of the app a conftest client serves."""
        if self._routes is None:
            self._routes = {}
            clients = [
                n
                for t, names in self.fixtures.by_type.items()
                if getattr(t, "__name__", "") == "TestClient"
                for n in names
            ]
            if clients:
                teardowns: list[Any] = []
                try:
                    values, teardowns = self.fixtures.build({clients[0]}, {})
                    for endpoint, path, methods in walk_routes(values[clients[0]].app, ""):
                        self._routes[endpoint] = (path, methods, clients[0])
                except Exception:
                    pass
                for generator in teardowns:
                    with contextlib.suppress(BaseException):
                        next(generator)
        return self._routes.get(func)

    def route_calls(
        self, func: Any, route: tuple[str, list[str], str]
    ) -> list[tuple[str, frozenset[tuple[str, str]]]]:
        """Requests through the project's test client that reach the endpoint with varied inputs."""
        path, methods, client = route
        hints = hints_of(func)
        try:
            params = list(inspect.signature(func).parameters.values())
        except (TypeError, ValueError):
            return []
        in_path = set(re.findall(r"{(\w+)(?::\w+)?}", path))
        path_pools: dict[str, list[Val]] = {}
        query_pools: dict[str, list[Val]] = {}
        body: tuple[str, list[Val]] | None = None
        for p in params:
            hint = hints.get(p.name, p.annotation)
            if "Depends" in repr(p.default) or "Depends" in repr(getattr(hint, "__metadata__", "")):
                continue  # the app's own dependencies, wired by its fixture
            if p.name in in_path:
                path_pools[p.name] = [v for v in self.pools.for_param(p, hint, 1, "") if plain_literal(v)][:8]
            elif isinstance(hint, type) and hasattr(hint, "model_fields"):
                body = (p.name, self.pools.instances(hint, 1)[:8])
            elif isinstance(hint, type) and hint in (int, str, float, bool):
                query_pools[p.name] = [v for v in self.pools.for_param(p, hint, 1, "") if plain_literal(v)][
                    :6
                ]
        if any(not pool for pool in path_pools.values()):
            return []
        calls: list[tuple[str, frozenset[tuple[str, str]]]] = []
        width = max([len(v) for v in path_pools.values()] + [len(body[1]) if body else 1] + [2])
        for method in methods:
            for i in range(min(width, 8)):
                url = path
                for name, pool in path_pools.items():
                    value = ast.literal_eval(pool[i % len(pool)].code)
                    url = re.sub(r"{" + name + r"(?::\w+)?}", str(value), url)
                args = [str_code(url)]
                imports: frozenset[tuple[str, str]] = frozenset()
                if body is not None and body[1]:
                    model = body[1][i % len(body[1])]
                    args.append(f'json={model.code}.model_dump(mode="json")')
                    imports = model.imports
                if query_pools and i % 2:
                    query = ", ".join(
                        f"{str_code(n)}: {pool[i % len(pool)].code}"
                        for n, pool in query_pools.items()
                        if pool
                    )
                    args.append(f"params={{{query}}}")
                calls.append((f"{client}.{method.lower()}({', '.join(args)})", imports))
        return list(dict.fromkeys(calls))

    def preparations(self, owner: type, target: str) -> list[tuple[str, frozenset[tuple[str, str]]]]:
        """Calls of the class's public methods (the target's own too: the same task added twice)
        that can put an object into a state first."""
        out: list[tuple[str, frozenset[tuple[str, str]]]] = []
        for attr, member in vars(owner).items():
            if attr.startswith("_") or not inspect.isfunction(member):
                continue
            try:
                sig = inspect.signature(member)
            except (TypeError, ValueError):
                continue
            hints = hints_of(member)
            params = [
                p
                for p in list(sig.parameters.values())[1:]
                if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.default is p.empty
            ]
            where = f"{owner.__qualname__}.{attr}"
            pools = [self.pools.for_param(p, hints.get(p.name, p.annotation), 1, where) for p in params]
            # a preparing call puts the object into an ordinary state: typical values where there are any
            pools = [([v for v in pool if v.tier == "typical"] or pool)[:6] for pool in pools]
            if any(not pool for pool in pools):
                continue
            for variant in range(4):
                values = [pool[(variant + i) % len(pool)] for i, pool in enumerate(pools)]
                imports: frozenset[tuple[str, str]] = frozenset().union(*(v.imports for v in values))
                call = f"obj.{attr}({', '.join(v.code for v in values)})"
                if inspect.iscoroutinefunction(member):
                    call, imports = f"asyncio.run({call})", imports | {("asyncio", "")}
                out.append((call, imports))
        return out
