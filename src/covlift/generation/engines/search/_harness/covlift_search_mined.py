"""The project's test files read without running them: the values and objects they spell out.

``Product(sku="MUG-01", name="Mug", price="12.50")`` teaches that ``sku`` takes
``"MUG-01"`` and how a Product is built; a fixture's ``{"email": f"customer{n}@example.com"}``
teaches ``email -> "customer1@example.com"``; a module constant ``QUOTES = {...}`` is a
realistic response body.  Only what a test passes outside ``pytest.raises`` counts: the
inputs it expects to be refused are not the idiom.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import io
import os
import tokenize
from typing import TYPE_CHECKING, Any

from covlift_search_seen import from_tests
from covlift_search_values import Val, str_code, to_code

if TYPE_CHECKING:
    from covlift_search_observed import Observed

#: calls a test may spell a value with (besides the project's own classes)
_VALUE_CALLS = frozenset(
    ("Decimal", "date", "datetime", "time", "timedelta", "UUID", "Path", "frozenset", "set")
)


def conftests_near(test_files: list[str]) -> list[str]:
    """The conftest.py files of the test files' directories and their parents (within the cwd)."""
    top = os.path.realpath(os.getcwd())
    found: list[str] = []
    for test_file in test_files:
        directory = os.path.dirname(os.path.realpath(test_file))
        while directory.startswith(top):
            candidate = os.path.join(directory, "conftest.py")
            if os.path.isfile(candidate) and candidate not in found:
                found.append(candidate)
            if directory == top:
                break
            directory = os.path.dirname(directory)
    return found


def _imports(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Local name -> (module, name) of the test file's imports; name "" for a module."""
    names: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.asname is None and alias.name != "*":
                    names[alias.name] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname is None and "." not in alias.name:
                    names[alias.name] = (alias.name, "")
    return names


def _refused(tree: ast.AST) -> set[int]:
    """ids of the nodes a test expects to fail: inside ``with pytest.raises(...)``, and the
    parametrize lists of a test that asserts a raise."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.With, ast.AsyncWith)) and any(
            "raises" in ast.unparse(item.context_expr) for item in node.items
        ):
            for statement in node.body:
                out.update(id(n) for n in ast.walk(statement))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "raises(" in ast.unparse(node):
            for decorator in node.decorator_list:
                if "parametrize" in ast.unparse(decorator):
                    out.update(id(n) for n in ast.walk(decorator))
    return out


class _Render(ast.NodeTransformer):
    """f-strings of simple names become text, as a factory's first call makes it
    (``f"SKU-{n:03d}"`` -> "SKU-001"); anything else makes the expression unusable."""

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        text = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                text += str(part.value)
                continue
            if not isinstance(part, ast.FormattedValue) or not isinstance(part.value, ast.Name):
                raise ValueError("not a simple f-string")
            spec = ast.unparse(part.format_spec)[2:-1] if part.format_spec is not None else ""
            text += format(1, spec)
        return ast.copy_location(ast.Constant(text), node)


_PLAIN_NODES: tuple[type[ast.AST], ...] = (ast.Constant, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.UnaryOp)
_PLAIN_NODES += (ast.USub, ast.Attribute, ast.keyword, ast.Load, ast.expr_context)


def _allowed(node: ast.AST, names: dict[str, tuple[str, str]], package: str) -> set[str] | None:
    """The imported names an expression uses, or None when it is not a plain value."""
    used: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            if sub.id not in names:
                return None
            used.add(sub.id)
        elif isinstance(sub, ast.Call):
            func = sub.func
            head = func.id if isinstance(func, ast.Name) else None
            if head is None or head not in names:
                return None
            module = names[head][0]
            if head not in _VALUE_CALLS and module.split(".")[0] != package:
                return None
        elif not isinstance(sub, _PLAIN_NODES):
            return None
    return used


def _evaluate(code: str, imports: frozenset[tuple[str, str]]) -> tuple[bool, Any]:
    namespace: dict[str, Any] = {}
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for module, name in imports:
                loaded = importlib.import_module(module)
                namespace[name or module] = getattr(loaded, name) if name else loaded
            return True, eval(code, namespace)
    except Exception:
        return False, None


def value_of(node: ast.expr, names: dict[str, tuple[str, str]], package: str) -> tuple[Val, Any] | None:
    """(code, value) of an expression a test spells out, or None when it is not a plain value."""
    try:
        rendered = _Render().visit(ast.fix_missing_locations(ast.parse(ast.unparse(node), mode="eval")))
    except (ValueError, SyntaxError):
        return None
    used = _allowed(rendered.body, names, package)
    if used is None:
        return None
    code = ast.unparse(rendered.body)
    imports = frozenset(names[n] for n in used)
    if from_tests(imports):
        return None
    ok, value = _evaluate(code, imports)
    if not ok:
        return None
    builds_project_object = any(
        isinstance(n, ast.Call) and names[getattr(n.func, "id", "")][0].split(".")[0] == package
        for n in ast.walk(rendered)
    )
    written = None if builds_project_object else to_code(value)
    if written is not None and not written[1]:
        return written[0], value
    return Val(_double_quoted(code), imports), value


def _double_quoted(code: str) -> str:
    """The (one-line) code with its string literals written as formatters write them."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return code
    out, last = [], 0
    for token in tokens:
        if token.type == tokenize.STRING and token.start[0] == 1 and token.end[0] == 1:
            out.append(code[last : token.start[1]])
            out.append(str_code(ast.literal_eval(token.string)))
            last = token.end[1]
    return "".join(out) + code[last:]


def mine(observed: Observed, paths: list[str], package: str) -> None:
    """Record what the test files spell out: keyword arguments, dictionary entries, the
    objects of the project they build, and the JSON documents they define."""
    for path in paths[:60]:
        try:
            with open(path, encoding="utf-8") as fh:
                tree = ast.parse(fh.read())
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
        names = _imports(tree)
        refused = _refused(tree)  # and what a test asserts is an outcome, not an input
        refused.update(
            id(n) for node in ast.walk(tree) if isinstance(node, ast.Assert) for n in ast.walk(node)
        )
        for statement in tree.body:  # QUOTES = {"quotes": [...]}: a document a fake replays
            if isinstance(statement, ast.Assign) and isinstance(statement.value, (ast.Dict, ast.List)):
                found = value_of(statement.value, names, package)
                if found is not None and isinstance(found[1], (dict, list)) and found[1]:
                    observed.documents.append(found[0])
        for node in ast.walk(tree):
            if id(node) in refused:
                continue
            if isinstance(node, ast.Call):
                _mine_call(observed, node, names, package)
            elif isinstance(node, ast.Dict):
                for key, item in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and isinstance(key.value, str)
                        and key.value.isidentifier()
                    ):
                        found = value_of(item, names, package)
                        if found is not None:
                            observed.add(key.value, found[1], found[0])


def _mine_call(observed: Observed, node: ast.Call, names: dict[str, tuple[str, str]], package: str) -> None:
    root = node.func
    while isinstance(root, ast.Attribute):
        root = root.value
    imported = names.get(root.id) if isinstance(root, ast.Name) else None
    if imported is not None and imported[0].split(".")[0] != package:
        return  # pytest.raises(match=...), httpx.Response(json=...): not the project's parameters
    head = node.func.id if isinstance(node.func, ast.Name) else None
    for keyword in node.keywords:
        if keyword.arg:
            found = value_of(keyword.value, names, package)
            if found is not None:
                observed.add(keyword.arg, found[1], found[0], head or "")
    if head is None or head not in names or names[head][0].split(".")[0] != package:
        return
    with contextlib.suppress(Exception):
        called = getattr(importlib.import_module(names[head][0]), names[head][1])
        owner = called.__qualname__ if inspect.isclass(called) else ""
        if owner:
            whole = value_of(node, names, package)
            if whole is None:
                return
            observed.add_construction(called, whole[0])
        bound = inspect.signature(called).bind_partial(*node.args)  # describe("MUG-01") -> sku
        for name, arg in zip(bound.arguments, node.args, strict=False):
            found = value_of(arg, names, package)
            if found is not None:
                observed.add(name, found[1], found[0], owner)
