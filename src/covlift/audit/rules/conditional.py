"""conditional-assert: a test that can finish without reaching any of its assertions.

Every path through the test body is followed: ``if`` without an asserting
``else``, a loop over something that may be empty, ``match`` without a
wildcard, and an early ``return`` each leave a path with no check.  Paths
through ``except`` handlers belong to swallowed-exception.

A loop counts as running at least once when its iterable is provably
non-empty: literals and module constants, slices of them, ``range(3)``,
``zip``/``enumerate``/``itertools.product`` of such, comprehensions without
filters, names bound once to such values (``+=`` keeps them non-empty),
``parametrize`` arguments whose every case is non-empty, a module helper that
returns a literal, and names a guard proved non-empty (``if not rows:
pytest.skip(...)``).  A loop whose header itself calls an asserting helper
(``for key in _keys()`` where ``_keys`` asserts) is a check.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from covlift.audit.rules import Hit
from covlift.audit.rules._asserts import Asserts
from covlift.audit.source import ModuleIndex, TestFunc, call_name, walk_body

_DATA_METHODS = frozenset(
    {"items", "keys", "values", "split", "splitlines", "strip", "lstrip", "rstrip", "copy", "lower", "upper"}
)
_PASS_THROUGH = frozenset({"enumerate", "sorted", "reversed", "list", "tuple", "set", "iter", "frozenset"})


def _literal(node: ast.expr) -> tuple[bool, object]:
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None


@dataclass(frozen=True, slots=True)
class _Flow:
    """Whether some path leaves a block unchecked: by falling through, return, break, continue."""

    fall: bool
    ret: bool = False
    brk: bool = False
    cont: bool = False


def _single_assignments(test: TestFunc) -> dict[str, ast.expr]:
    """Names bound once at the test's top level; ``name += more`` keeps a list non-empty."""
    stored: dict[str, int] = {}
    grown: set[int] = set()
    for node in walk_body(test.node):
        if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
            grown.add(id(node.target))
    for node in walk_body(test.node):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and id(node) not in grown:
            stored[node.id] = stored.get(node.id, 0) + 1
    found: dict[str, ast.expr] = {}
    for stmt in test.node.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name = stmt.targets[0].id
            if stored.get(name) == 1:
                found[name] = stmt.value
    return found


def _param_values(test: TestFunc, index: ModuleIndex) -> dict[str, list[ast.expr]]:
    """For each ``parametrize``d argument, its value in every case (when all are literal)."""
    values: dict[str, list[ast.expr]] = {}
    for deco in test.node.decorator_list:
        if not (isinstance(deco, ast.Call) and (index.resolve(deco.func) or "").endswith("parametrize")):
            continue
        if len(deco.args) < 2:
            continue
        names_node, cases = deco.args[0], deco.args[1]
        ok, names = _literal(names_node)
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",") if n.strip()]
        if not ok or not isinstance(names, list | tuple) or not isinstance(cases, ast.List | ast.Tuple):
            continue
        columns: list[list[ast.expr]] = [[] for _ in names]
        complete = True
        for case in cases.elts:
            if isinstance(case, ast.Call) and call_name(case) == "param":
                items = list(case.args)
            elif len(names) == 1:
                items = [case]
            elif isinstance(case, ast.Tuple | ast.List):
                items = list(case.elts)
            else:
                complete = False
                break
            if len(items) != len(names):
                complete = False
                break
            for column, item in zip(columns, items, strict=True):
                column.append(item)
        if complete:
            values.update({str(n): column for n, column in zip(names, columns, strict=True)})
    return values


class NonEmpty:
    """Decides whether an iterable expression certainly yields at least once.

    Test-authored data — module-level tables (however they are built), class
    attributes, module helper functions, names imported from test-support code —
    is taken to be non-empty unless it is visibly an empty literal; what the test
    computes at run time from fixtures or the code under test is not.
    """

    def __init__(self, test: TestFunc, index: ModuleIndex) -> None:
        self.index = index
        self.test = test
        self.local = _single_assignments(test)
        self.params = _param_values(test, index)
        self.known: set[str] = set()
        self.grown = _module_grown(index)

    def _table(self, name: str, value: ast.expr | None, depth: int) -> bool:
        """A module- or class-level name: literal -> its contents; built any other way -> data."""
        if name in self.grown:
            return True
        if value is None:
            return False
        if isinstance(value, ast.List | ast.Tuple | ast.Set | ast.Dict | ast.Constant):
            return self(value, depth + 1)
        return True

    def __call__(self, node: ast.expr, depth: int = 0) -> bool:
        if depth > 10:
            return False

        def again(inner: ast.expr) -> bool:
            return self(inner, depth + 1)

        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return any(not isinstance(e, ast.Starred) for e in node.elts)
        if isinstance(node, ast.Dict):
            return bool(node.keys)
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str | bytes) and bool(node.value)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return again(node.left) or again(node.right)
        if isinstance(node, ast.Subscript):
            if isinstance(node.slice, ast.Slice):
                return self._slice(node, depth)
            return self._row(node.value, depth)
        if isinstance(node, ast.Name):
            return self._name(node.id, depth)
        if isinstance(node, ast.Attribute):
            if node.attr.isupper():
                return True  # MODULE.CONSTANT_TABLE: data fixed before the run
            return isinstance(node.value, ast.Name) and self._attribute(node, depth)
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            return all(not g.ifs and again(g.iter) for g in node.generators)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        return False

    def _row(self, table: ast.expr, depth: int) -> bool:
        """``TABLE[key]``: a row of built test data, or of a literal whose rows are all non-empty."""
        elements = self._elements(table, depth)
        if elements is not None:
            return bool(elements) and all(self(e, depth + 1) for e in elements)
        if isinstance(table, ast.Name) and isinstance(self.index.constants.get(table.id), ast.Dict):
            values = self.index.constants[table.id].values  # type: ignore[attr-defined]
            return table.id in self.grown or (bool(values) and all(self(v, depth + 1) for v in values))
        return isinstance(table, ast.Name) and (table.id in self.grown or self._name(table.id, depth))

    def _name(self, name: str, depth: int) -> bool:
        if name in self.known:
            return True
        if name in self.params:
            return all(self(v, depth + 1) for v in self.params[name])
        if name in self.local:
            return self(self.local[name], depth + 1)
        if name in self.index.constants or name in self.grown:
            return self._table(name, self.index.constants.get(name), depth)
        dotted = self.index.imports.get(name)
        return dotted is not None and not self.index.is_first_party(dotted) and _support_module(dotted)

    def _attribute(self, node: ast.Attribute, depth: int) -> bool:
        owner = node.value.id  # type: ignore[attr-defined]
        cls = self.test.cls if owner in ("self", "cls") else self.index.classes.get(owner)
        if cls is None:
            return False
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.attr for t in stmt.targets
            ):
                return self._table(node.attr, stmt.value, depth)
        # self.items = [...] in setUp / setup_method: test data too
        for method in cls.body:
            if isinstance(method, ast.FunctionDef) and method.name in ("setUp", "setup_method", "setUpClass"):
                for stmt in method.body:
                    if isinstance(stmt, ast.Assign) and any(
                        isinstance(t, ast.Attribute) and t.attr == node.attr for t in stmt.targets
                    ):
                        return self._table(node.attr, stmt.value, depth)
        return False

    def _elements(self, node: ast.expr, depth: int) -> list[ast.expr] | None:
        if isinstance(node, ast.List | ast.Tuple) and not any(isinstance(e, ast.Starred) for e in node.elts):
            return list(node.elts)
        if isinstance(node, ast.Name) and depth < 10:
            bound = self.local.get(node.id) or self.index.constants.get(node.id)
            return self._elements(bound, depth + 1) if bound is not None else None
        return None

    def _slice(self, node: ast.Subscript, depth: int) -> bool:
        elements = self._elements(node.value, depth)
        bounds = []
        part_slice = node.slice
        assert isinstance(part_slice, ast.Slice)
        for part in (part_slice.lower, part_slice.upper, part_slice.step):
            ok, value = _literal(part) if part is not None else (True, None)
            if not ok or not (value is None or isinstance(value, int)):
                return False
            bounds.append(value)
        if elements is None or bounds[2] == 0:
            return False
        return bool(range(len(elements))[slice(*bounds)])

    def _int(self, node: ast.expr, depth: int) -> int | None:
        """A small integer expression: literals, len() of known literals, + and -."""
        ok, value = _literal(node)
        if ok and isinstance(value, int):
            return value
        if isinstance(node, ast.Call) and call_name(node) == "len" and node.args:
            elements = self._elements(node.args[0], depth)
            if elements is not None:
                return len(elements)
            if isinstance(node.args[0], ast.Name) and isinstance(
                self.local.get(node.args[0].id), ast.Constant
            ):
                text = self.local[node.args[0].id].value  # type: ignore[attr-defined]
                return len(text) if isinstance(text, str | bytes) else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
            left, right = self._int(node.left, depth), self._int(node.right, depth)
            if left is not None and right is not None:
                return left + right if isinstance(node.op, ast.Add) else left - right
        return None

    def _static(self, node: ast.expr) -> bool:
        """Fixed before the test runs: literals, module constants, imported names, arithmetic of them."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            if node.id in self.local:
                return self._static(self.local[node.id])
            return node.id in self.index.constants or node.id in self.index.imports
        if isinstance(node, ast.Attribute):
            return self._static(node.value)
        if isinstance(node, ast.BinOp):
            return self._static(node.left) and self._static(node.right)
        if isinstance(node, ast.UnaryOp):
            return self._static(node.operand)
        if isinstance(node, ast.Call) and call_name(node) == "len" and node.args:
            return self._static(node.args[0])
        return False

    def _range(self, node: ast.Call, depth: int) -> bool:
        args = node.args
        if not args or len(args) > 3:
            return False
        start = self._int(args[0], depth) if len(args) >= 2 else 0
        stop = self._int(args[1] if len(args) >= 2 else args[0], depth)
        step = self._int(args[2], depth) if len(args) == 3 else 1
        if start is not None and stop is not None and step:
            return bool(range(start, stop, step))
        # bounds fixed before the run (constants, imported limits): the loop is test data,
        # not something the code under test can empty
        return all(self._static(a) for a in args)

    def _call(self, node: ast.Call, depth: int) -> bool:
        name = call_name(node)
        resolved = self.index.resolve(node.func) or ""

        def again(inner: ast.expr) -> bool:
            return self(inner, depth + 1)

        if name == "range":
            return self._range(node, depth)
        if name in _PASS_THROUGH and node.args:
            return again(node.args[0])
        if name == "zip" or resolved == "itertools.product":
            return bool(node.args) and all(again(a) for a in node.args)
        if resolved in ("itertools.permutations", "itertools.chain") and node.args:
            return any(again(a) for a in node.args) if name == "chain" else again(node.args[0])
        if isinstance(node.func, ast.Attribute) and name in _DATA_METHODS:
            return again(node.func.value)  # TABLE.items(), TEXT.strip().splitlines(), ...
        # a test-module helper, or a method of the test class, builds test data
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
            cls = self.test.cls
            return cls is not None and any(
                isinstance(m, ast.FunctionDef) and m.name == func.attr for m in cls.body
            )
        return isinstance(func, ast.Name) and func.id in self.index.functions

    def bind(self, target: ast.expr, iterable: ast.expr) -> set[str]:
        """Loop targets that are non-empty on every iteration (``for flag, values in TABLE``)."""
        elements = self._elements(iterable, 0)
        if elements is None and self(iterable):
            # rows of a test-authored table (built, not literal): their parts are test data too
            return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        if not elements:
            return set()
        if isinstance(target, ast.Name):
            return {target.id} if all(self(e) for e in elements) else set()
        bound: set[str] = set()
        if isinstance(target, ast.Tuple) and all(
            isinstance(e, ast.Tuple | ast.List) and len(e.elts) == len(target.elts) for e in elements
        ):
            for i, item in enumerate(target.elts):
                if isinstance(item, ast.Name) and all(self(e.elts[i]) for e in elements):  # type: ignore[attr-defined]
                    bound.add(item.id)
        return bound


def _module_grown(index: ModuleIndex) -> set[str]:
    """Module-level names filled after their definition: ``totest["x"] = [...]``, ``CASES.append(...)``."""
    grown: set[str] = set()
    stack: list[ast.stmt] = list(index.tree.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                    grown.add(target.value.id)
        elif (
            isinstance(stmt, ast.AugAssign)
            and isinstance(stmt.target, ast.Name)
            and isinstance(stmt.op, ast.Add)
        ):
            grown.add(stmt.target.id)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            func = stmt.value.func
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.attr in ("append", "extend", "update", "add", "insert", "setdefault")
            ):
                grown.add(func.value.id)
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                stack.extend(inner)
    return grown


def _support_module(dotted: str) -> bool:
    """A name imported from test-support code: relative, or a module named like tests/data/fixtures."""
    module = dotted.rsplit(".", 1)[0].lower()
    return dotted.startswith(".") or any(h in module for h in ("test", "conftest", "data", "fixture", "case"))


def _guarded_name(test: ast.expr) -> str | None:
    """``not rows`` / ``len(rows) == 0`` / ``not len(rows)``: the name a false test proves non-empty."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = test.operand
        if isinstance(inner, ast.Call) and call_name(inner) == "len" and inner.args:
            inner = inner.args[0]
        return inner.id if isinstance(inner, ast.Name) else None
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq | ast.LtE)
        and isinstance(test.left, ast.Call)
        and call_name(test.left) == "len"
        and test.left.args
        and isinstance(test.left.args[0], ast.Name)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == 0
    ):
        return test.left.args[0].id
    return None


class _Flows:
    def __init__(self, test: TestFunc, index: ModuleIndex, asserts: Asserts) -> None:
        self.test, self.index, self.asserts = test, index, asserts
        self.nonempty = NonEmpty(test, index)

    def block(self, stmts: list[ast.stmt]) -> _Flow:
        live, ret, brk, cont = True, False, False, False
        for stmt in stmts:
            if not live:
                break
            flow = self.stmt(stmt)
            ret, brk, cont = ret or flow.ret, brk or flow.brk, cont or flow.cont
            live = flow.fall
            if isinstance(stmt, ast.If) and not stmt.orelse and not self.block(stmt.body).fall:
                guarded = _guarded_name(stmt.test)
                if guarded:
                    self.nonempty.known.add(guarded)
        return _Flow(live, ret, brk, cont)

    def _header_checks(self, s: ast.stmt) -> bool:
        headers: list[ast.AST] = []
        for field in ("iter", "test", "subject"):
            value = getattr(s, field, None)
            if isinstance(value, ast.AST):
                headers.append(value)
        headers += [item.context_expr for item in getattr(s, "items", [])]
        # strong checks only: a context manager from a support module is rarely an assertion
        return any(self.asserts.strong(n, self.test) for header in headers for n in ast.walk(header))

    def stmt(self, s: ast.stmt) -> _Flow:
        if self.asserts.stmt_checks(s, self.test) or self.asserts.terminates(s) or self._header_checks(s):
            return _Flow(False)
        if isinstance(s, ast.Return):
            return _Flow(False, ret=True)
        if isinstance(s, ast.Break):
            return _Flow(False, brk=True)
        if isinstance(s, ast.Continue):
            return _Flow(False, cont=True)
        if isinstance(s, ast.If):
            body, other = self.block(s.body), self.block(s.orelse)
            ok, value = _literal(s.test)
            if ok:
                body, other = (body, _Flow(False)) if value else (_Flow(False), other)
            return _Flow(
                body.fall or other.fall, body.ret or other.ret, body.brk or other.brk, body.cont or other.cont
            )
        if isinstance(s, ast.For | ast.AsyncFor | ast.While):
            return self.loop(s)
        if isinstance(s, ast.With | ast.AsyncWith):
            return self.block(s.body)
        if isinstance(s, ast.Try | ast.TryStar):
            return self.try_(s)
        if isinstance(s, ast.Match):
            flows = [self.block(c.body) for c in s.cases]
            exhaustive = any(
                isinstance(c.pattern, ast.MatchAs) and c.pattern.pattern is None and c.guard is None
                for c in s.cases
            )
            return _Flow(
                any(f.fall for f in flows) or not exhaustive,
                any(f.ret for f in flows),
                any(f.brk for f in flows),
                any(f.cont for f in flows),
            )
        return _Flow(True)

    def loop(self, s: ast.For | ast.AsyncFor | ast.While) -> _Flow:
        if isinstance(s, ast.While):
            body = self.block(s.body)
            ok, value = _literal(s.test)
            if ok and value:  # while True: leaves only by break/return
                return _Flow(body.brk, body.ret)
            checks = False
        else:
            bound = self.nonempty.bind(s.target, s.iter) - self.nonempty.known
            self.nonempty.known |= bound
            body = self.block(s.body)
            # a loop over rows that certainly exist checks something if its body can and no row
            # falls through it unchecked: `if row.deprecated: continue` before the assert filters
            # (fine), `if n > 5: assert ...` guards the assert (every n may pass it by)
            checks = self.nonempty(s.iter) and self._can_check(s.body) and not body.fall
            self.nonempty.known -= bound
        normal_exit = not checks
        if s.orelse:
            other = self.block(s.orelse)
            return _Flow((normal_exit and other.fall) or body.brk, body.ret or other.ret)
        return _Flow(normal_exit or body.brk, body.ret)

    def _can_check(self, body: list[ast.stmt]) -> bool:
        """Some path through ``body`` reaches a check outside any loop that may run zero times."""
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            if isinstance(stmt, ast.For | ast.AsyncFor):
                if self._checks_in(list(ast.walk(stmt.iter))):
                    return True
                if self.nonempty(stmt.iter):
                    bound = self.nonempty.bind(stmt.target, stmt.iter) - self.nonempty.known
                    self.nonempty.known |= bound
                    inner = self._can_check(stmt.body)
                    self.nonempty.known -= bound
                    if inner:
                        return True
                continue
            if isinstance(stmt, ast.While):
                ok, value = _literal(stmt.test)
                if (ok and value and self._can_check(stmt.body)) or self._checks_in(
                    list(ast.walk(stmt.test))
                ):
                    return True
                continue
            nested = [getattr(stmt, f, None) for f in ("body", "orelse", "finalbody")]
            nested += [h.body for h in getattr(stmt, "handlers", [])] + [
                c.body for c in getattr(stmt, "cases", [])
            ]
            blocks = [b for b in nested if isinstance(b, list)]
            if blocks:
                own = [n for f in ("test", "subject", "items") for n in _walk_field(stmt, f)]
                if self._checks_in(own) or any(self._can_check(b) for b in blocks):
                    return True
            elif self._checks_in(list(walk_body_stmt(stmt))):
                return True
        return False

    def _checks_in(self, nodes: list[ast.AST]) -> bool:
        return any(
            self.asserts.strong(n, self.test)
            or (isinstance(n, ast.Call) and self.asserts.weak_call(n, self.test))
            for n in nodes
        ) or any(
            isinstance(n, ast.With | ast.AsyncWith) and self.asserts.stmt_checks(n, self.test) for n in nodes
        )

    def try_(self, s: ast.Try | ast.TryStar) -> _Flow:
        body = self.block(s.body)
        fall, ret = body.fall, body.ret
        if s.orelse and fall:
            other = self.block(s.orelse)
            fall, ret = other.fall, ret or other.ret
        if s.finalbody and not self.block(s.finalbody).fall:
            return _Flow(False)
        return _Flow(fall, ret, body.brk, body.cont)


def _walk_field(stmt: ast.stmt, field: str) -> list[ast.AST]:
    value = getattr(stmt, field, None)
    if isinstance(value, list):
        return [n for v in value for n in ast.walk(v)]
    return list(ast.walk(value)) if isinstance(value, ast.AST) else []


def walk_body_stmt(stmt: ast.stmt) -> Iterator[ast.AST]:
    """A statement's nodes without nested functions, lambdas or classes."""
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            stack.extend(ast.iter_child_nodes(node))


def conditional_assert(test: TestFunc, index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    checks = [n for n in walk_body(test.node) if asserts.strong(n, test)]
    if not checks or all(asserts.is_fail_only(n) for n in checks):
        return  # no check, or only `if bad: self.fail()` style checks that pass by not running
    first = checks[0]
    flow = _Flows(test, index, asserts).block(test.node.body)
    if flow.fall or flow.ret:
        line = getattr(first, "lineno", test.node.lineno)
        yield Hit(
            "conditional-assert",
            line,
            "the test can finish without reaching any assertion (if/loop/early return)",
        )


CHECKS = (("conditional-assert", conditional_assert),)
