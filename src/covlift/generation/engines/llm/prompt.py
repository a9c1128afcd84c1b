"""What the model is told: one prompt per target, and what went wrong on a repair round.

A target is the smallest enclosing function or method.  Its prompt has the
numbered source (missing lines marked), the class header for a method, the
exact missing lines and branches, the import to use, the project's conftest
fixtures, an existing test of the module as a style example, and the rules the
validator will apply (assert behaviour; mock only the external edge).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from covlift.generation.engines.llm.lookup import project_files
from covlift.generation.model import Target
from covlift.types import Arc

MAX_EXAMPLE_LINES = 40
MAX_HEADER_LINES = 30
MAX_FIXTURES = 30

SYSTEM = """You write pytest tests that a careful reviewer would keep, for code of an existing Python \
project that its test suite does not run yet. Every test you write is run 5 times in random order, \
measured, audited and mutation-tested; tests that fail any check are thrown away.

Rules:
- Write plain test functions (no classes), named test_<function>_<what it checks>, small and independent.
- Every test asserts the behaviour it drives: returned values, raised exceptions (pytest.raises with \
match=), changed state. No test without an assertion, no assertion that cannot fail.
- Call the real code under test. Never mock, patch or stub the function or class under test; mock only \
the external edge (network, clock, randomness, subprocesses, third-party services) with monkeypatch or \
unittest.mock.
- Tests are deterministic and pass on every run in any order; use tmp_path for files.
- Import the project's code as shown; use only the standard library, pytest and the project's own \
dependencies. You may use the project's fixtures (listed) and pytest's (tmp_path, monkeypatch, capsys).
- Aim at the lines and branches listed as not run yet; one behaviour per test.
- Answer with exactly one ```python code block holding the imports and the test functions, nothing else."""

TOOL_NOTE = "If you need to see a definition, call lookup_definition with its name."


@dataclass(frozen=True, slots=True)
class ModuleContext:
    """What every prompt for one source module shares."""

    path: str
    module: str
    source: str
    #: the module's own import statements
    imports: tuple[str, ...] = ()
    #: importable top-level name -> the import line for it
    public: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: "name(params) -- first docstring line" of the project's conftest fixtures
    fixtures: tuple[str, ...] = ()
    #: one existing test of this module (or of the project), as a style example
    example: str = ""


def module_context(root: Path, path: str, module: str) -> ModuleContext:
    source = (root / path).read_text(encoding="utf-8")
    try:
        tree = ast.parse(source)
    except SyntaxError:
        tree = ast.Module(body=[], type_ignores=[])
    imports = tuple(
        ast.get_source_segment(source, n) or ""
        for n in tree.body
        if isinstance(n, ast.Import) or (isinstance(n, ast.ImportFrom) and n.module != "__future__")
    )
    public: dict[str, str] = {}
    for n in tree.body:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            public[n.name] = f"from {module} import {n.name}"
    files = project_files(root)
    return ModuleContext(
        path=path,
        module=module,
        source=source,
        imports=tuple(i for i in imports if i),
        public=MappingProxyType(public),
        fixtures=tuple(_fixtures(root, files)),
        example=_example(files, module),
    )


def _fixtures(root: Path, files: Sequence[Path]) -> list[str]:
    out: list[str] = []
    for path in files:
        if path.name != "conftest.py":
            continue
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
        where = path.relative_to(root).as_posix()
        for node in tree.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            decorators = [ast.unparse(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list]
            if not any(d in ("pytest.fixture", "fixture") for d in decorators):
                continue
            params = ", ".join(a.arg for a in node.args.args if a.arg != "request")
            returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
            doc = (ast.get_docstring(node) or "").strip().splitlines()
            out.append(f"{node.name}({params}){returns}" + (f"  # {doc[0]}" if doc else "") + f"  [{where}]")
    return out[:MAX_FIXTURES]


def _first_test(text: str) -> str:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return ""
    lines = text.splitlines()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            body = lines[start - 1 : node.end_lineno]
            if len(body) <= MAX_EXAMPLE_LINES:
                imports = [ln for ln in lines if ln.startswith(("import ", "from "))]
                return "\n".join([*imports, "", "", *body])
    return ""


def _example(files: Sequence[Path], module: str) -> str:
    tests = [p for p in files if p.name.startswith("test_") or p.name.endswith("_test.py")]
    parent, _, leaf = module.rpartition(".")
    pattern = re.compile(
        rf"^\s*(from\s+{re.escape(module)}\s+import|import\s+{re.escape(module)}\b"
        + (rf"|from\s+{re.escape(parent)}\s+import\s+.*\b{re.escape(leaf)}\b" if parent else "")
        + ")",
        re.MULTILINE,
    )
    texts = []
    for p in tests:
        try:
            texts.append(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    for text in sorted(texts, key=lambda t: not pattern.search(t)):  # tests of this module first
        example = _first_test(text)
        if example:
            return example
    return ""


def describe_arc(arc: Arc) -> str:
    start, end = arc
    return f"{start}->exit" if end < 0 else f"{start}->{end}"


def _node(tree: ast.Module, qualname: str) -> tuple[ast.AST | None, ast.ClassDef | None]:
    body: list[ast.stmt] = tree.body
    node: ast.AST | None = None
    owner: ast.ClassDef | None = None
    for part in qualname.split("."):
        if isinstance(node, ast.ClassDef):
            owner = node
        node = next(
            (
                n
                for n in body
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.name == part
            ),
            None,
        )
        if node is None:
            return None, None
        body = getattr(node, "body", [])
    return node, owner


def _numbered(lines: Sequence[str], start: int, end: int, missing: set[int]) -> str:
    width = len(str(end))
    return "\n".join(
        f"{'>>' if n in missing else '  '}{n:>{width}} | {lines[n - 1]}" for n in range(start, end + 1)
    )


def _class_header(lines: Sequence[str], owner: ast.ClassDef) -> str:
    start = min([owner.lineno, *(d.lineno for d in owner.decorator_list)])
    end = owner.lineno
    for stmt in owner.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if stmt.name == "__init__" and isinstance(stmt, ast.FunctionDef):
                end = stmt.body[0].lineno - 1 if stmt.body else stmt.lineno
            break
        end = stmt.end_lineno or stmt.lineno
    end = min(end, start + MAX_HEADER_LINES - 1)
    return _numbered(lines, start, end, set())


def segment(ctx: ModuleContext, target: Target) -> tuple[str, str, bool]:
    """(numbered source of the target, numbered class header or "", is async)."""
    lines = ctx.source.splitlines()
    try:
        tree = ast.parse(ctx.source)
    except SyntaxError:
        tree = ast.Module(body=[], type_ignores=[])
    node, owner = _node(tree, target.name)
    missing = set(target.missing_lines)
    if node is None:  # fall back to the region's own lines
        start, end = target.start_line, max((*target.lines, target.start_line))
        return _numbered(lines, start, min(end, len(lines)), missing), "", False
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])  # type: ignore[attr-defined]
    end = node.end_lineno or start  # type: ignore[attr-defined]
    header = _class_header(lines, owner) if owner is not None else ""
    return _numbered(lines, start, end, missing), header, isinstance(node, ast.AsyncFunctionDef)


def target_prompt(ctx: ModuleContext, target: Target, *, tools: bool) -> str:
    """The first message about one target."""
    source, header, is_async = segment(ctx, target)
    top = target.name.split(".")[0]
    kind = "method" if "." in target.name else "function"
    parts = [
        f"Target: `{target.path}::{target.name}` ({kind} in module {ctx.module})",
        "",
        "Import it like this:",
        f"    {ctx.public.get(top, f'from {ctx.module} import {top}')}",
    ]
    others = [n for n in ctx.public if n != top]
    if others:
        parts.append(f"Also importable from {ctx.module}: {', '.join(others)}")
    if ctx.imports:
        parts += ["", "The module's own imports (its external edges):", *(f"    {i}" for i in ctx.imports)]
    if header:
        parts += ["", f"Class header of {target.name.rsplit('.', 1)[0]}:", header]
    parts += [
        "",
        'Source (line numbers as in the file; ">>" marks lines the test suite never runs):',
        source,
        "",
        what_is_missing(target),
    ]
    if is_async:
        parts.append("It is a coroutine function: run it with asyncio.run(...) inside a plain test.")
    if ctx.fixtures:
        parts += ["", "The project's fixtures (conftest.py):", *(f"    {f}" for f in ctx.fixtures)]
    if ctx.example:
        parts += ["", "An existing test of the project, for style:", "```python", ctx.example, "```"]
    parts += ["", "Write tests that run the missing lines and branches."]
    if tools:
        parts.append(TOOL_NOTE)
    return "\n".join(parts)


def what_is_missing(target: Target) -> str:
    text = []
    if target.missing_lines:
        text.append("lines " + ", ".join(map(str, target.missing_lines)))
    if target.missing_arcs:
        text.append("branches " + ", ".join(describe_arc(a) for a in target.missing_arcs))
    return f"Not run yet in {target.name}: " + ("; ".join(text) or "nothing") + "."


def repair_prompt(
    attempt: int,
    max_attempts: int,
    outcomes: Sequence[tuple[str, str]],
    remaining: Target | None,
    *,
    truncated: bool,
) -> str:
    """The next message of a conversation: what happened to each test, and what is still missing."""
    parts = [f"Attempt {attempt} of {max_attempts}. Your tests were checked:"]
    parts += [f"- {name or '(answer)'}: {detail}" for name, detail in outcomes] or ["- (no test found)"]
    if truncated:
        parts.append("Your answer was cut off at the token limit: write fewer, shorter tests.")
    if remaining is not None:
        parts += ["", what_is_missing(remaining)]
    parts += [
        "",
        "Write new tests only for what is still missing or was rejected, fixing the problems above; "
        "do not repeat kept tests. Answer with one ```python code block.",
    ]
    return "\n".join(parts)
