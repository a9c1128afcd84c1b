"""A model's answer -> Candidates: one self-contained test function each.

The answer's python code is taken from its fenced blocks (the last, unclosed
one of a truncated answer too).  Each top-level ``test_*`` function becomes a
candidate; the imports it uses become its import lines, and the helpers,
constants and simple fixtures the answer defined at module level are moved
*into* the test, because a candidate is exactly one function.  What cannot be
kept is returned with the reason, so the repair prompt can say it.
"""

from __future__ import annotations

import ast
import builtins
import copy
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

from covlift.generation.model import Candidate, Target
from covlift.generation.render.naming import make_test_name, snake

FENCE = re.compile(r"```[ \t]*([\w+.-]*)[^\n]*\n(.*?)(?:\n[ \t]*```|\Z)", re.DOTALL)
_CODE_START = ("import ", "from ", "def ", "async def ", "@", "class ")
_TOP = re.compile(r"^(?:async\s+def\s|def\s|class\s|@|import\s|from\s)")
_DEF_NAME = re.compile(r"^\s*(?:async\s+)?def\s+(\w+)", re.MULTILINE)
_BUILTINS = set(dir(builtins))
#: modules a test may use without importing them itself
_WELL_KNOWN = ("pytest", "asyncio", "re", "math", "json", "os", "pathlib", "datetime", "decimal")


@dataclass(frozen=True, slots=True)
class Rejected:
    """A piece of an answer that did not become a candidate."""

    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class Parsed:
    """Candidates and rejections from one answer."""

    candidates: tuple[Candidate, ...]
    rejected: tuple[Rejected, ...]
    #: the answer's last code block was cut off
    truncated: bool = False


def extract_code(text: str) -> tuple[str | None, bool]:
    """(python code of the answer, whether a fence was left open) or (None, False)."""
    blocks: list[str] = []
    unclosed = False
    for match in FENCE.finditer(text):
        language = match.group(1).lower()
        if language not in ("", "python", "py", "python3", "pytest"):
            continue
        blocks.append(match.group(2))
        unclosed = not match.group(0).rstrip().endswith("```")
    if blocks:
        return "\n\n".join(blocks), unclosed
    if "```" not in text and text.lstrip().startswith(_CODE_START):
        return text, False
    return None, False


def _chunks(code: str) -> list[tuple[int, str]]:
    """Split code at top-level statements: (first line number - 1, text) per chunk."""
    lines = code.splitlines()
    chunks: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines):
        starts = bool(_TOP.match(line))
        after_decorator = bool(chunks) and chunks[-1][1][-1].startswith("@")
        if (starts and not after_decorator) or not chunks:
            chunks.append((i, [line]))
        else:
            chunks[-1][1].append(line)
    return [(start, "\n".join(body)) for start, body in chunks]


def _module(code: str) -> tuple[list[ast.stmt], list[Rejected]]:
    """The statements that compile; a piece that does not is rejected with the reason."""
    try:
        return ast.parse(code).body, []
    except SyntaxError:
        pass
    body: list[ast.stmt] = []
    rejected: list[Rejected] = []
    for start, text in _chunks(code):
        try:
            tree = ast.parse(text)
        except SyntaxError as exc:
            names = _DEF_NAME.findall(text)
            line = (exc.lineno or 1) + start
            rejected.append(Rejected(names[0] if names else "", f"does not compile: {exc.msg} (line {line})"))
            continue
        ast.increment_lineno(tree, start)
        body.extend(tree.body)
    return body, rejected


def _is_fixture(node: ast.FunctionDef) -> bool:
    for d in node.decorator_list:
        func = d.func if isinstance(d, ast.Call) else d
        if ast.unparse(func) in ("pytest.fixture", "fixture"):
            return True
    return False


def _fixture_problem(node: ast.FunctionDef) -> str:
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(node)):
        return "uses a yield fixture defined in the answer; do the setup inside the test"
    for d in node.decorator_list:
        if isinstance(d, ast.Call) and any(k.arg == "params" for k in d.keywords):
            return "uses a parametrized fixture defined in the answer; use pytest.mark.parametrize"
    return ""


def _loads(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _stores(node: ast.AST) -> set[str]:
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    for n in ast.walk(node):
        if isinstance(n, ast.arg):
            names.add(n.arg)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in n.names)
        elif isinstance(n, ast.ExceptHandler) and n.name:
            names.add(n.name)
    return names


def _params(fn: ast.FunctionDef) -> list[str]:
    a = fn.args
    return [p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]]


class _Answer:
    """The module-level definitions of one answer, by the name they bind."""

    def __init__(self, body: list[ast.stmt], code: str) -> None:
        self.code = code
        self.imports: dict[str, str] = {}
        self.defs: dict[str, ast.stmt] = {}  # constants, helper functions and classes
        self.fixtures: dict[str, ast.FunctionDef] = {}
        self.tests: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] = []
        for node in body:
            if isinstance(node, ast.Import):
                for a in node.names:
                    line = f"import {a.name}" + (f" as {a.asname}" if a.asname else "")
                    self.imports[(a.asname or a.name).split(".")[0]] = line
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module != "__future__":
                for a in node.names:
                    as_ = f" as {a.asname}" if a.asname else ""
                    self.imports[a.asname or a.name] = f"from {node.module} import {a.name}{as_}"
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and (
                node.name.startswith("Test" if isinstance(node, ast.ClassDef) else "test")
            ):
                self.tests.append(node)
            elif isinstance(node, ast.FunctionDef) and _is_fixture(node):
                self.fixtures[node.name] = node
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defs[node.name] = node
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    for n in ast.walk(t):
                        if isinstance(n, ast.Name):
                            self.defs[n.id] = node

    def segment(self, node: ast.AST) -> str:
        lines = self.code.splitlines()
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])  # type: ignore[attr-defined]
        return textwrap.dedent("\n".join(lines[first - 1 : node.end_lineno])) + "\n"  # type: ignore[attr-defined]


def _what(name: str, target: Target) -> str:
    parts = target.name.split(".")
    function = "init" if parts[-1] == "__init__" else snake(parts[-1])
    owner = snake(parts[-2]) + "_" if len(parts) > 1 else ""
    rest = snake(name).removeprefix("test_").removeprefix("test")
    for prefix in (f"{owner}{function}", function):
        if rest == prefix:
            return "behaves"
        if rest.startswith(prefix + "_"):
            return rest[len(prefix) + 1 :]
    return rest or "behaves"


def parse_answer(
    text: str,
    target: Target,
    used: set[str],
    *,
    available: Mapping[str, str] | None = None,
    engine: str = "llm",
) -> Parsed:
    """Candidates from one answer for one target; ``used`` names are avoided and extended.

    ``available`` maps names the test may use without importing them (the
    module's public names, well-known modules) to the import line they need.
    """
    code, truncated = extract_code(text)
    if code is None:
        return Parsed((), (Rejected("", "the answer has no python code block"),), False)
    body, rejected = _module(code)
    answer = _Answer(body, code)
    known = {m: f"import {m}" for m in _WELL_KNOWN}
    known.update(available or {})
    candidates: list[Candidate] = []
    for fn in answer.tests:
        if isinstance(fn, ast.ClassDef):
            rejected.append(Rejected(fn.name, "is a test class; write plain test functions"))
            continue
        if isinstance(fn, ast.AsyncFunctionDef):
            rejected.append(
                Rejected(fn.name, "is an async test; call asyncio.run() in a plain test function")
            )
            continue
        built = _build(fn, answer, known)
        if isinstance(built, Rejected):
            rejected.append(built)
            continue
        source, imports = built
        name = make_test_name(target.name, _what(fn.name, target), used)
        used.add(name)
        source = _rename(source, name)
        try:
            compile(source, f"<{name}>", "exec")
        except SyntaxError as exc:
            rejected.append(Rejected(fn.name, f"does not compile: {exc.msg} (line {exc.lineno})"))
            continue
        candidates.append(
            Candidate(name=name, target=target, body=source, imports=tuple(sorted(imports)), engine=engine)
        )
    if not candidates and not rejected:
        rejected.append(Rejected("", "the answer has no test function"))
    return Parsed(tuple(candidates), tuple(rejected), truncated)


def _rename(source: str, name: str) -> str:
    """The first ``def`` of source renamed to ``name`` (decorators and comments kept)."""
    match = _DEF_NAME.search(source)
    if match is None:
        return source
    return source[: match.start(1)] + name + source[match.end(1) :]


def _build(fn: ast.FunctionDef, answer: _Answer, known: Mapping[str, str]) -> tuple[str, set[str]] | Rejected:
    """(source of the self-contained test, import lines) or why it cannot be made."""
    params = _params(fn)
    fixtures: list[str] = []  # answer fixtures to inline, dependencies first
    defs: list[str] = []
    seen: set[str] = set()
    project_params: list[str] = []

    def need_fixture(name: str) -> Rejected | None:
        if name in fixtures:
            return None
        node = answer.fixtures[name]
        problem = _fixture_problem(node)
        if problem:
            return Rejected(fn.name, problem.replace("a yield fixture", f"the yield fixture '{name}'"))
        for p in _params(node):
            if p in answer.fixtures:
                error = need_fixture(p)
                if error:
                    return error
            elif p not in params and p not in project_params:
                project_params.append(p)  # a project or pytest fixture: the test requests it
        need_names(node)
        fixtures.append(name)
        return None

    def need_names(node: ast.AST) -> None:
        for n in sorted(_loads(node)):
            if n in answer.defs and n not in seen:
                seen.add(n)
                need_names(answer.defs[n])
                defs.append(n)

    for p in params:
        if p in answer.fixtures:
            error = need_fixture(p)
            if error:
                return error
    need_names(fn)
    nodes: list[ast.AST] = [fn, *(answer.defs[d] for d in defs), *(answer.fixtures[f] for f in fixtures)]
    used_names: set[str] = set().union(*(_loads(n) for n in nodes))
    bound = set().union(*(_stores(n) for n in nodes)) | set(answer.defs) | set(answer.fixtures)
    imports = {answer.imports[n] for n in used_names if n in answer.imports}
    for n in used_names - bound - set(answer.imports) - _BUILTINS:
        if n in known:
            imports.add(known[n])
    if not defs and not fixtures:
        return answer.segment(fn), imports
    return _inline(fn, answer, defs, fixtures, project_params), imports


def _inline(
    fn: ast.FunctionDef, answer: _Answer, defs: list[str], fixtures: list[str], project_params: list[str]
) -> str:
    """The test with the answer's helpers, constants and fixtures moved inside it."""
    new = copy.deepcopy(fn)
    inlined = set(fixtures)
    new.args.args = [a for a in new.args.args if a.arg not in inlined]
    new.args.args += [ast.arg(arg=p) for p in project_params]
    prelude: list[ast.stmt] = []
    for node in dict.fromkeys(answer.defs[d] for d in defs):  # an Assign may bind several names
        prelude.append(copy.deepcopy(node))
    for name in fixtures:
        fixture = copy.deepcopy(answer.fixtures[name])
        fixture.name = f"_make_{name}"
        fixture.decorator_list = []
        prelude.append(fixture)
        call = ast.Call(
            ast.Name(fixture.name, ast.Load()), [ast.Name(p, ast.Load()) for p in _params(fixture)], []
        )
        prelude.append(ast.Assign([ast.Name(name, ast.Store())], call, lineno=0))
    body = new.body
    has_docstring = (
        bool(body)
        and isinstance(body[0], ast.Expr)
        and isinstance(getattr(body[0], "value", None), ast.Constant)
        and isinstance(body[0].value.value, str)  # type: ignore[attr-defined]
    )
    at = 1 if has_docstring else 0
    new.body = [*body[:at], *prelude, *body[at:]]
    ast.fix_missing_locations(new)
    return ast.unparse(new) + "\n"
