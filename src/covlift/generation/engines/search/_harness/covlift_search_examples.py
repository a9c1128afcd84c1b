"""The targets a request names, and the calls a target's docstring examples show."""

from __future__ import annotations

import ast
import builtins
import copy
import doctest
import inspect
import io
import re
import sys
import tokenize
import types
from typing import Any

from covlift_search_values import Val


def find_targets(module: types.ModuleType, names: list[str]) -> list[tuple[str, Any, Any]]:
    """(qualname, callable, owner class or None) for each requested target that exists."""
    found = []
    for name in names:
        parts = name.split(".")
        obj: Any = module
        owner = None
        try:
            for part in parts:
                owner = obj if isinstance(obj, type) else None
                obj = inspect.getattr_static(obj, part)
        except AttributeError:
            continue
        found.append((name, obj, owner))
    return found


class _Inline(ast.NodeTransformer):
    """Replace names a doctest assigned earlier (``d = {...}``) with their expressions."""

    def __init__(self, env: dict[str, ast.expr]) -> None:
        self.env = env

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if isinstance(node.ctx, ast.Load) and node.id in self.env:
            return copy.deepcopy(self.env[node.id])
        return node


def _calls_of(expr: ast.AST, short: str) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(expr)
        if isinstance(n, ast.Call)
        and (
            (isinstance(n.func, ast.Name) and n.func.id == short)
            or (isinstance(n.func, ast.Attribute) and n.func.attr == short)
        )
    ]


def _calls(expr: ast.AST, short: str) -> bool:
    return bool(_calls_of(expr, short))


def doctest_arguments(
    calls: list[tuple[str, Any]], short: str, sig: inspect.Signature
) -> dict[str, list[Val]]:
    """Literal arguments of the docstring's example calls, by parameter name: the example's
    "2024-W03-5" joins the pool of ``text``, where later passes cut and edit it."""
    found: dict[str, list[Val]] = {}
    for code, _ in calls:
        for call in _calls_of(ast.parse(code), short):
            positional = [
                p.name
                for p in sig.parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ]
            if isinstance(call.func, ast.Attribute) and positional[:1] in (["self"], ["cls"]):
                positional = positional[1:]
            pairs = list(zip(positional, call.args, strict=False))
            star = next((p.name for p in sig.parameters.values() if p.kind == p.VAR_POSITIONAL), None)
            if star is not None:  # merge({1: 'one'}, {2: 'two'}): the extra ones are *dicts' values
                pairs += [(star, node) for node in call.args[len(positional) :]]
            pairs += [
                (k.arg, k.value) for k in call.keywords if k.arg is not None and k.arg in sig.parameters
            ]
            for name, node in pairs:
                if isinstance(node, ast.Starred):
                    break
                try:
                    ast.literal_eval(node)
                except (ValueError, SyntaxError, TypeError):
                    continue
                value = Val(ast.unparse(node))
                if value not in found.setdefault(name, []):
                    found[name].append(value)
    return found


#: calls a target gets per pass to find a telling alternative to a case that returned 0/None/...
ALTERNATIVE_TRIES = 150


def used_imports(imports: frozenset[tuple[str, str]], code: str) -> frozenset[tuple[str, str]]:
    """The imports a test's code still names (after steps were dropped)."""
    names = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))
    return frozenset(
        (module, name)
        for module, name in imports
        if (name and name in names) or (not name and module.split(".")[0] in names)
    )


def doctest_calls(
    func: Any, name: str, module: types.ModuleType
) -> list[tuple[str, frozenset[tuple[str, str]]]]:
    """Calls of the target in its docstring's examples, as single expressions with imports.

    Earlier one-line assignments of the example (``iseven = lambda x: ...``,
    ``d = {1: 2}``) are inlined into the call, so it stands alone as a test; a call
    that needs anything else (a ``def`` above it, an unknown name) is skipped.
    """
    short = name.split(".")[-1]
    try:
        examples = doctest.DocTestParser().get_examples(inspect.getdoc(func) or "")
    except ValueError:
        return []
    examples += _arrow_examples(func, name)
    env: dict[str, ast.expr] = {}
    calls: list[tuple[str, frozenset[tuple[str, str]]]] = []
    for example in examples:
        try:
            tree = ast.parse(example.source.strip())
        except SyntaxError:
            continue
        if len(tree.body) != 1:
            continue
        stmt = tree.body[0]
        expr: ast.expr | None = None
        if isinstance(stmt, ast.FunctionDef):  # `def isvalid(item): k, v = item; return ...`
            as_lambda = _as_lambda(stmt)
            if as_lambda is not None:
                env[stmt.name] = _Inline(env).visit(as_lambda)
            continue
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            expr = _Inline(env).visit(stmt.value)
            env[stmt.targets[0].id] = expr
        elif isinstance(stmt, ast.Expr):
            expr = _Inline(env).visit(stmt.value)
            told = (
                isinstance(expr, ast.Compare)
                and len(expr.ops) == 1
                and isinstance(expr.ops[0], (ast.Is, ast.Eq))
                and example.want.strip() == "True"
            )
            if told and isinstance(expr, ast.Compare) and _calls(expr.left, short):
                expr = expr.left  # `first([0, None]) is None` -> True: the call, whose answer is asserted
        if expr is None or not _calls(expr, short):
            continue
        bound = {n.arg for n in ast.walk(expr) if isinstance(n, ast.arg)}
        bound |= {n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        imports = {(module.__name__, name.split(".")[0])}
        resolvable = True
        for n in ast.walk(expr):
            if not isinstance(n, ast.Name) or n.id in bound or hasattr(builtins, n.id):
                continue
            if hasattr(module, n.id):
                imports.add((_home(getattr(module, n.id), n.id) or module.__name__, n.id))
            else:
                resolvable = False
        code = ast.unparse(expr)
        if resolvable and len(code) <= 400 and (code, frozenset(imports)) not in calls:
            calls.append((code, frozenset(imports)))
            said = _comment(example.source)
            if said:
                COMMENTS[code] = said
    return calls[:12]


def _as_lambda(fn: ast.FunctionDef) -> ast.Lambda | None:
    """A doctest's small helper as the lambda it is: its one ``return``, after at most one
    unpacking of its argument (``k, v = item``) read as ``item[0]``, ``item[1]``); None for
    anything longer."""
    args = fn.args
    if fn.decorator_list or args.defaults or args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs:
        return None
    names = {a.arg for a in args.args}
    body = list(fn.body)
    parts: dict[str, ast.expr] = {}
    if len(body) == 2 and isinstance(body[0], ast.Assign) and len(body[0].targets) == 1:
        target, value = body[0].targets[0], body[0].value
        if not (isinstance(target, ast.Tuple) and isinstance(value, ast.Name) and value.id in names):
            return None
        for i, element in enumerate(target.elts):
            if not isinstance(element, ast.Name):
                return None
            parts[element.id] = ast.Subscript(ast.Name(value.id, ast.Load()), ast.Constant(i), ast.Load())
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return None
    returned = _Inline(parts).visit(copy.deepcopy(body[0].value))
    return ast.fix_missing_locations(ast.Lambda(args=args, body=returned))


def _home(obj: Any, name: str) -> str | None:
    """The module a name the target's module imported comes from (``Decimal``: decimal), when it
    is there under that name; None for the module's own."""
    home = getattr(obj, "__module__", None)
    found = sys.modules.get(home) if isinstance(home, str) else None
    return home if found is not None and getattr(found, name, None) is obj else None


#: ``Decimal("20.00")`` -> ``"20%"`` in a docstring's prose: an input and what it gives
_ARROW = re.compile(r"``([^`]+)``\s*(?:->|→|=>|gives|becomes)\s*``[^`]+``")


def _arrow_examples(func: Any, name: str) -> list[doctest.Example]:
    """The inputs a one-argument function's docstring shows in prose (``"8.875"`` -> ``"8.875%"``),
    as examples calling it with each."""
    if "." in name or not inspect.isfunction(func):
        return []
    try:
        params = [
            p
            for p in inspect.signature(func).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
        ]
    except (TypeError, ValueError):
        return []
    if len(params) != 1:
        return []
    found = []
    for given in _ARROW.findall(inspect.getdoc(func) or ""):
        try:
            ast.parse(given, mode="eval")
        except SyntaxError:
            continue
        found.append(doctest.Example(f"{name}({given})\n", ""))
    return found


#: an example's call -> what its author wrote beside it (``dissoc({'x': 1}, 'y')  # Ignores
#: missing keys``): the behaviour it shows, in the author's words
COMMENTS: dict[str, str] = {}


def _comment(source: str) -> str:
    """The ``# comment`` at the end of an example's line, or ""."""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            return token.string.lstrip("#").strip()
    return ""
