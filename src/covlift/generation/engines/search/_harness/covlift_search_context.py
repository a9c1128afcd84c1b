"""What the project itself offers the search: the values its tests pass (``Observed``), its
conftest fixtures, fresh temporary directories, the routes of its web app."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import pathlib
import re
import shutil
import tempfile
import typing
from typing import Any

from covlift_search_observed import Observed as Observed  # module.py builds it from here
from covlift_search_simplify import span_of
from covlift_search_values import Val, hints_of

#: a quoted text, single or double, with its escapes
_TEXTS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


class TmpPaths:
    """A fresh directory per case, as pytest's tmp_path gives each test (results that depend
    on the path differ between the two runs of a case and get no test); older ones go."""

    def __init__(self) -> None:
        self.recent: list[str] = []

    def fresh(self) -> pathlib.Path:
        while len(self.recent) >= 2:  # the one before stays while its outcome is read
            shutil.rmtree(self.recent.pop(0), ignore_errors=True)
        self.recent.append(tempfile.mkdtemp(prefix="covlift-tmp-"))
        return pathlib.Path(self.recent[-1])

    def remove_all(self) -> None:
        for directory in self.recent:
            shutil.rmtree(directory, ignore_errors=True)
        self.recent.clear()


class Fixtures:
    """The project's conftest fixtures, found by the type they return, built as pytest would.

    A parameter whose type a fixture provides (``repository: Repository`` and a
    ``repository`` fixture returning ``Repository``) gets the fixture's value, and the
    generated test asks pytest for that fixture by name: the project's own setup is
    reused instead of a hand-made stand-in.  Dependencies between fixtures and
    ``tmp_path`` are resolved; fixtures that need other built-ins, take params or
    are not function-scoped are left alone.
    """

    BUILTIN = frozenset({"tmp_path"})

    def __init__(self, conftests: list[str], tmp_paths: TmpPaths | None = None) -> None:
        self.tmp_paths = tmp_paths or TmpPaths()
        self.functions: dict[str, Any] = {}
        self.by_type: dict[Any, list[str]] = {}
        #: class -> factory fixtures that build one (``make_product`` returning Callable[..., Product])
        self.factories: dict[Any, list[str]] = {}
        self._returned: dict[str, str] | None = None
        for index, path in enumerate(conftests):
            try:
                spec = importlib.util.spec_from_file_location(f"_covlift_conftest_{index}", path)
                module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
                spec.loader.exec_module(module)  # type: ignore[union-attr]
            except BaseException:
                continue
            for name, obj in vars(module).items():
                function = self._unwrap(obj)
                if function is not None:
                    self.functions[name] = function
        for name, function in self.functions.items():
            if not self._buildable(name, set()):
                continue
            provided = hints_of(function).get("return")
            origin = typing.get_origin(provided)
            if (
                origin is not None
                and typing.get_args(provided)
                and getattr(origin, "__name__", "")
                in ("Iterator", "Generator", "Iterable", "AsyncIterator", "AsyncGenerator")
            ):
                provided = typing.get_args(provided)[0]
            if isinstance(provided, type) and provided not in (str, int, float, bool, type(None)):
                self.by_type.setdefault(provided, []).append(name)
            elif getattr(typing.get_origin(provided), "__name__", "") == "Callable":
                made = (typing.get_args(provided) or (None, None))[-1]
                if isinstance(made, type) and made not in (str, int, float, bool, type(None)):
                    self.factories.setdefault(made, []).append(name)

    @staticmethod
    def _unwrap(obj: Any) -> Any:
        marker = getattr(obj, "_fixture_function_marker", None) or getattr(
            obj, "_pytestfixturefunction", None
        )
        if marker is None:
            return None
        if getattr(marker, "params", None) or getattr(marker, "scope", "function") not in ("function", None):
            return None
        getter = getattr(obj, "_get_wrapped_function", None)
        if getter is not None:
            return getter()
        wrapped = getattr(obj, "__pytest_wrapped__", None)
        return getattr(wrapped, "obj", obj)

    def _buildable(self, name: str, seen: set[str]) -> bool:
        if name in self.BUILTIN:
            return True
        function = self.functions.get(name)
        if function is None or name in seen or inspect.iscoroutinefunction(function):
            return False
        params = inspect.signature(function).parameters
        return all(self._buildable(p, seen | {name}) for p in params)

    def names(self) -> list[str]:
        return sorted(self.functions)

    def for_type(self, hint: Any) -> list[str]:
        return self.by_type.get(hint, [])

    def made_by(self, cls: Any) -> list[str]:
        """Calls of the factory fixtures that build a cls: ``make_product()``."""
        return [f"{name}()" for name in self.factories.get(cls, [])]

    def used_in(self, code: str) -> set[str]:
        """Fixture names a piece of generated code uses as values (not as keyword names, nor
        words inside a text: ``get_value(obj, "user.name")`` asks for no ``user`` fixture)."""
        try:
            loaded = {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}
        except SyntaxError:  # statements joined on one line: the names outside its texts
            bare = _TEXTS.sub('""', code)
            loaded = set(re.findall(r"(?<![.\w])([A-Za-z_]\w*)\b(?!\s*=[^=])", bare))
        return (set(self.names()) & loaded) | ({"tmp_path"} if "tmp_path" in loaded else set())

    def returned_as(self) -> dict[str, str]:
        """fixture name -> the one expression it returns, as a normal form (``address`` ->
        ``Address(line1="1 Market St", ...)``), for the fixtures that take nothing and only return."""
        if self._returned is None:
            self._returned = {}
            for name, function in self.functions.items():
                if inspect.signature(function).parameters:
                    continue
                try:
                    tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(function)))
                except (OSError, TypeError, SyntaxError):
                    continue
                defined = tree.body[0] if tree.body else None
                body = getattr(defined, "body", [])
                if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                    body = body[1:]  # its docstring
                if len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Call):
                    self._returned[name] = _normal_form(body[0].value)
        return self._returned

    def in_place_of_their_values(self, code: str) -> str:
        """``code`` with each value a fixture returns written as the fixture (``shipping_address=
        address``): the project's own setup, named as its tests name it, instead of a copy."""
        returned = self.returned_as()
        if not returned or not code:
            return code
        by_form = {form: name for name, form in returned.items()}
        try:
            tree = ast.parse(code)
        except SyntaxError:
            return code
        spans: list[tuple[int, int, str]] = []

        def visit(node: ast.AST) -> None:
            if isinstance(node, ast.Call) and _normal_form(node) in by_form:
                spans.append((*span_of(code, node), by_form[_normal_form(node)]))
                return
            for child in ast.iter_child_nodes(node):
                visit(child)

        visit(tree)
        for start, end, name in sorted(spans, reverse=True):
            code = code[:start] + name + code[end:]
        return code

    def build(self, names: set[str], preset: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
        """Fresh values for the named fixtures (and what they depend on), plus teardowns."""
        values: dict[str, Any] = dict(preset)
        teardowns: list[Any] = []

        def get(name: str) -> Any:
            if name in values:
                return values[name]
            if name == "tmp_path":
                values[name] = self.tmp_paths.fresh()
                return values[name]
            function = self.functions[name]
            args = {p: get(p) for p in inspect.signature(function).parameters}
            value = function(**args)
            if inspect.isgenerator(value):
                teardowns.append(value)
                value = next(value)
            values[name] = value
            return value

        for name in sorted(names):
            get(name)
        return values, teardowns


def _normal_form(node: ast.Call) -> str:
    """A call's syntax with its keywords in name order: equal values built alike compare equal."""
    copied = ast.Call(node.func, node.args, sorted(node.keywords, key=lambda k: k.arg or ""))
    return ast.dump(copied, annotate_fields=False)


def walk_routes(app: Any, prefix: str) -> list[tuple[Any, str, list[str]]]:
    """(endpoint, full path, methods) of an ASGI app's routes, through included routers.

    Starlette/FastAPI routes carry their full path; newer FastAPI keeps included
    routers whole (``original_router`` plus an include context with the prefix).
    """
    found: list[tuple[Any, str, list[str]]] = []
    for route in getattr(app, "routes", []) or []:
        original = getattr(route, "original_router", None)
        if original is not None:
            context = getattr(route, "include_context", None)
            found += walk_routes(original, prefix + (getattr(context, "prefix", "") or ""))
            continue
        endpoint, path = getattr(route, "endpoint", None), getattr(route, "path", None)
        methods = sorted(set(getattr(route, "methods", None) or ()) - {"HEAD", "OPTIONS"})
        if endpoint is not None and path and methods:
            found.append((endpoint, prefix + path, methods))
    return found


def plain_literal(value: Val) -> bool:
    """A literal that can go into a URL: a number or a string."""
    try:
        return isinstance(ast.literal_eval(value.code), (int, str)) and not value.imports
    except (ValueError, SyntaxError):
        return False
