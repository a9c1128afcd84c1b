"""One parsed test module: its tests, fixtures, helpers and import aliases.

Every rule reads the same :class:`ModuleIndex`, so a file is parsed once.
Tests are found the way pytest's defaults find them (``test*`` functions,
``test*`` methods of ``Test*`` classes without ``__init__`` and of
``unittest.TestCase`` subclasses); fixtures are functions decorated with
``pytest.fixture``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

_FIXTURE_DECORATORS = frozenset(
    {"pytest.fixture", "pytest.yield_fixture", "pytest_asyncio.fixture", "fixture", "yield_fixture"}
)


@dataclass(frozen=True, slots=True)
class AuditContext:
    """What a rule may know beyond one file; all optional, so ``audit_source`` stays pure."""

    #: top-level names of the project's own packages; None = guess from the file's imports
    first_party: frozenset[str] | None = None
    #: names of helper functions/methods, in any test file, that assert
    asserting_helpers: frozenset[str] = frozenset()
    #: names of fixtures, in any test file, that assert (in setup or teardown)
    asserting_fixtures: frozenset[str] = frozenset()
    #: names of every helper defined in the test files (to tell a known non-asserting helper)
    known_helpers: frozenset[str] = frozenset()
    #: over-mocking: share of first-party names a test patches above which it is reported
    over_mocking_share: float = 0.5
    #: over-mocking: fewest first-party patches a test must have to be reported
    over_mocking_min_patches: int = 3
    #: names of the classes the project defines; None = guess classes by their CapWords names
    project_classes: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class TestFunc:
    """A test function or method, or a fixture."""

    node: FunctionNode
    #: "test_x", or "TestCart::test_total" for a method
    name: str
    cls: ast.ClassDef | None
    is_fixture: bool = False

    @property
    def short_name(self) -> str:
        return self.node.name


@dataclass(slots=True)
class ModuleIndex:
    """The parts of a test module the rules need."""

    path: str
    tree: ast.Module
    lines: list[str]
    context: AuditContext
    #: local alias -> dotted name, e.g. {"np": "numpy", "patch": "unittest.mock.patch"}
    imports: dict[str, str] = field(default_factory=dict)
    tests: list[TestFunc] = field(default_factory=list)
    fixtures: list[TestFunc] = field(default_factory=list)
    #: module-level functions that are neither tests nor fixtures
    functions: dict[str, FunctionNode] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    #: module-level ``NAME = <expr>`` assignments
    constants: dict[str, ast.expr] = field(default_factory=dict)

    def resolve(self, node: ast.AST) -> str | None:
        """The dotted name of a Name/Attribute chain with import aliases expanded."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        head = self.imports.get(node.id, node.id)
        return ".".join([head, *reversed(parts)])

    def is_first_party(self, dotted: str) -> bool:
        root = dotted.split(".", 1)[0]
        if self.context.first_party is not None:
            return root in self.context.first_party
        return root in self._guessed_first_party

    @property
    def _guessed_first_party(self) -> frozenset[str]:
        """Without project knowledge: imported top-level names that are not stdlib or test tools."""
        import sys

        roots = {v.split(".", 1)[0] for v in self.imports.values()}
        return frozenset(r for r in roots if r not in sys.stdlib_module_names and r not in _NOT_FIRST_PARTY)


#: well-known third-party roots, never first-party when the project is unknown
_NOT_FIRST_PARTY = frozenset(
    {
        *("pytest", "_pytest", "mock", "pytest_mock", "hypothesis", "freezegun", "time_machine"),
        *("requests", "httpx", "aiohttp", "numpy", "pandas", "django", "flask", "fastapi"),
        *("starlette", "sqlalchemy", "pydantic", "boto3", "botocore", "click", "rich"),
        *("responses", "respx", "faker", "factory", "yaml", "attr", "attrs", "anyio", "trio"),
    }
)


def _is_fixture_decorator(index: ModuleIndex, deco: ast.expr) -> bool:
    target = deco.func if isinstance(deco, ast.Call) else deco
    name = index.resolve(target)
    return name is not None and (name in _FIXTURE_DECORATORS or name.endswith(".fixture"))


def is_fixture(index: ModuleIndex, node: FunctionNode) -> bool:
    return any(_is_fixture_decorator(index, d) for d in node.decorator_list)


def _is_testcase_class(index: ModuleIndex, cls: ast.ClassDef, seen: set[str]) -> bool:
    for base in cls.bases:
        name = index.resolve(base) or ""
        last = name.rsplit(".", 1)[-1]
        if last.endswith("TestCase") or last in ("IsolatedAsyncioTestCase",):
            return True
        local = index.classes.get(last)
        if local is not None and last not in seen:
            seen.add(last)
            if _is_test_class(index, local, seen):
                return True
    return False


def _is_test_class(index: ModuleIndex, cls: ast.ClassDef, seen: set[str] | None = None) -> bool:
    if _is_testcase_class(index, cls, seen if seen is not None else {cls.name}):
        return True
    has_init = any(isinstance(n, ast.FunctionDef) and n.name == "__init__" for n in cls.body)
    return cls.name.startswith("Test") and not has_init


def _collect_imports(tree: ast.Module) -> dict[str, str]:
    imports: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    imports[alias.asname] = alias.name
                else:
                    root = alias.name.split(".", 1)[0]
                    imports.setdefault(root, root)
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                if alias.name != "*":
                    dotted = (
                        f"{module}.{alias.name}"
                        if module and not module.endswith(".")
                        else (f"{module}{alias.name}")
                    )
                    imports[alias.asname or alias.name] = dotted
    return imports


def _class_members(index: ModuleIndex, cls: ast.ClassDef, prefix: str) -> None:
    test_class = _is_test_class(index, cls)
    for item in cls.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            qual = f"{prefix}{cls.name}::{item.name}"
            if is_fixture(index, item):
                index.fixtures.append(TestFunc(item, qual, cls, is_fixture=True))
            elif test_class and item.name.startswith("test"):
                index.tests.append(TestFunc(item, qual, cls))
        elif isinstance(item, ast.ClassDef) and test_class:
            _class_members(index, item, f"{prefix}{cls.name}::")


def index_module(source: str, path: str, context: AuditContext | None = None) -> ModuleIndex:
    """Parse ``source``; raises SyntaxError for code that does not parse."""
    tree = ast.parse(source, filename=path)
    index = ModuleIndex(path=path, tree=tree, lines=source.splitlines(), context=context or AuditContext())
    index.imports = _collect_imports(tree)
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            index.classes[node.name] = node
        elif (
            isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
        ):
            index.constants[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            index.constants[node.target.id] = node.value
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if is_fixture(index, node):
                index.fixtures.append(TestFunc(node, node.name, None, is_fixture=True))
            elif node.name.startswith("test"):
                index.tests.append(TestFunc(node, node.name, None))
            else:
                index.functions[node.name] = node
        elif isinstance(node, ast.ClassDef):
            _class_members(index, node, "")
    return index


def walk_body(node: FunctionNode, *, into_nested: bool = False) -> Iterator[ast.AST]:
    """Every node in a function's body; nested functions, lambdas and classes only on request."""
    stack: list[ast.AST] = list(reversed(node.body))
    while stack:
        current = stack.pop()
        yield current
        if not into_nested and isinstance(
            current, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
        ):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(current))))


def call_name(node: ast.Call) -> str:
    """The last name of a call's target: ``pytest.raises`` -> ``raises``."""
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def snake(name: str) -> str:
    """CamelCase -> camel_case; already-snake names are unchanged."""
    out: list[str] = []
    for i, ch in enumerate(name):
        if (
            ch.isupper()
            and i
            and (not name[i - 1].isupper() or (i + 1 < len(name) and name[i + 1].islower()))
        ):
            out.append("_")
        out.append(ch.lower())
    return "".join(out).replace("__", "_")
