"""What the source of one module says: complexity, imports and mock-needing libraries.

One ``ast`` walk per file gives every per-function number analyze needs, so a
large project is parsed exactly once.  A file that cannot be read or parsed
yields ``None`` and its factors show as unknown rather than failing the run.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field

#: calls that touch the outside world without an import of their own
_OS_SUBPROCESS = ("system", "popen", "spawn", "exec", "fork", "posix_spawn")


@dataclass(frozen=True, slots=True)
class FunctionFacts:
    """One ``def``: where it is, how complex it is, what outside libraries it uses."""

    name: str
    start_line: int
    complexity: int
    #: source lines of its body, nested defs excluded (coverage.py's region rule)
    lines: frozenset[int]
    mocks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """Everything analyze reads from one module's source."""

    functions: tuple[FunctionFacts, ...]
    #: complexity of code outside any function (module and class bodies)
    module_complexity: int
    #: absolute module names it imports, with ``pkg.name`` for ``from pkg import name``
    imports: frozenset[str]
    #: mock-needing libraries used anywhere in the module, as ``"name (kind)"``
    mocks: tuple[str, ...]

    @property
    def complexity(self) -> int:
        return self.module_complexity + sum(f.complexity for f in self.functions)


@dataclass
class _Scope:
    name: str
    start_line: int
    body: tuple[int, int]
    complexity: int = 1
    names: set[str] = field(default_factory=set)
    direct: set[str] = field(default_factory=set)
    nested: list[tuple[int, int]] = field(default_factory=list)


def _decisions(node: ast.AST) -> int:
    """Decision points a node adds, counted the way radon counts cyclomatic complexity."""
    if isinstance(node, ast.If | ast.IfExp | ast.For | ast.AsyncFor | ast.While):
        return 1
    if isinstance(node, ast.ExceptHandler | ast.match_case):
        return 1
    if isinstance(node, ast.BoolOp):
        return len(node.values) - 1
    if isinstance(node, ast.comprehension):
        return 1 + len(node.ifs)
    return 0


def mock_kind(module: str, libraries: Mapping[str, str]) -> tuple[str, str] | None:
    """(library, kind) when ``module`` or one of its parents is a mock-needing library."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        kind = libraries.get(name)
        if kind is not None:
            return name, kind
    return None


def resolve_relative(module: str | None, level: int, current: str, is_package: bool) -> str | None:
    """The absolute module of ``from <level dots><module> import ...`` inside ``current``."""
    if level == 0:
        return module
    base = current.split(".") if current else []
    if not is_package:
        base = base[:-1]
    if level - 1 > len(base):
        return None
    base = base[: len(base) - (level - 1)]
    parts = [*base, *([module] if module else [])]
    return ".".join(parts) or None


class _Walker:
    def __init__(self, module: str, is_package: bool, libraries: Mapping[str, str]) -> None:
        self.module = module
        self.is_package = is_package
        self.libraries = libraries
        self.imports: set[str] = set()
        self.bound: dict[str, str] = {}  # local name -> "lib (kind)"
        self.file_mocks: set[str] = set()
        self.module_complexity = 1
        self.stack: list[_Scope] = []
        self.qual: list[str] = []
        self.done: list[_Scope] = []

    def note_import(self, target: str, bound_as: str | None) -> None:
        self.imports.add(target)
        hit = mock_kind(target, self.libraries)
        if hit is not None:
            label = f"{hit[0]} ({hit[1]})"
            self.file_mocks.add(label)
            if bound_as is not None:
                self.bound[bound_as] = label

    def visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.visit_function(node)
            return
        if isinstance(node, ast.ClassDef):
            for child in (*node.decorator_list, *node.bases, *node.keywords):
                self.visit(child)
            self.qual.append(node.name)
            for child in node.body:
                self.visit(child)
            self.qual.pop()
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                self.note_import(alias.name, bound)
        elif isinstance(node, ast.ImportFrom):
            base = resolve_relative(node.module, node.level, self.module, self.is_package)
            if base is not None:
                self.note_import(base, None)
                for alias in node.names:
                    if alias.name != "*":
                        self.note_import(f"{base}.{alias.name}", alias.asname or alias.name)
        elif isinstance(node, ast.Name):
            if self.stack:
                self.stack[-1].names.add(node.id)
            if node.id == "open":
                self.use("open (filesystem)")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and node.attr.startswith(_OS_SUBPROCESS)
        ):
            self.use(f"os.{node.attr} (subprocess)")
        added = _decisions(node)
        if added:
            if self.stack:
                self.stack[-1].complexity += added
            else:
                self.module_complexity += added
        for child in ast.iter_child_nodes(node):
            self.visit(child)

    def use(self, label: str) -> None:
        self.file_mocks.add(label)
        if self.stack:
            self.stack[-1].direct.add(label)

    def visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for child in (*node.decorator_list, node.args, *([node.returns] if node.returns else [])):
            self.visit(child)
        body = (node.body[0].lineno, int(node.body[-1].end_lineno or node.body[-1].lineno))
        if self.stack:
            self.stack[-1].nested.append(body)
        self.qual.append(node.name)
        scope = _Scope(name=".".join(self.qual), start_line=node.lineno, body=body)
        self.stack.append(scope)
        for child in node.body:
            self.visit(child)
        self.stack.pop()
        self.qual.pop()
        self.done.append(scope)

    def facts(self) -> SourceFacts:
        functions = []
        for scope in sorted(self.done, key=lambda s: s.start_line):
            lines = set(range(scope.body[0], scope.body[1] + 1))
            for start, end in scope.nested:
                lines.difference_update(range(start, end + 1))
            mocks = {self.bound[n] for n in scope.names if n in self.bound} | scope.direct
            functions.append(
                FunctionFacts(
                    name=scope.name,
                    start_line=scope.start_line,
                    complexity=scope.complexity,
                    lines=frozenset(lines),
                    mocks=tuple(sorted(mocks)),
                )
            )
        return SourceFacts(
            functions=tuple(functions),
            module_complexity=self.module_complexity,
            imports=frozenset(self.imports),
            mocks=tuple(sorted(self.file_mocks)),
        )


def source_facts(
    text: str, module: str, *, is_package: bool, libraries: Mapping[str, str]
) -> SourceFacts | None:
    """Facts of one module's source, or None when it does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    walker = _Walker(module, is_package, libraries)
    try:
        walker.visit(tree)
    except RecursionError:  # pathologically nested expressions: factors stay unknown
        return None
    return walker.facts()


def imported_modules(text: str, module: str, *, is_package: bool) -> frozenset[str] | None:
    """Only the imports of a module (for test files): cheaper than :func:`source_facts`."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = resolve_relative(node.module, node.level, module, is_package)
            if base is not None:
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names if a.name != "*")
    return frozenset(found)
