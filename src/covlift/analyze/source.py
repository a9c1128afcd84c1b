"""What the source of one module says: complexity, imports and mock-needing libraries.

Building an ``ast`` for every file of a large project costs seconds, so this
reads the text instead, the way lizard does: strings and comments are blanked
out, then keywords are counted per line.  Cyclomatic complexity is 1 plus the
decision keywords (``if elif for while except and or case``) of a function's
own statements, which equals the radon-style count over the ast (``if``,
``elif``, loops, comprehension ``for``/``if``, ``except``, each extra operand of
``and``/``or``, ``case`` and a case guard's ``if``).  Which line belongs to
which function comes from coverage.py's regions; ``ast`` is used only for
reports without regions.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

from covlift.model import FileCoverage, Region

#: comments and string literals; a prefix (r, b, f, ...) is left in place, which is harmless,
#: and keeps every alternative starting with a literal so the regex engine scans fast
_BLANK = re.compile(
    "|".join(
        (
            r"#[^\n]*",
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',
            r"'(?:[^'\\\n]|\\.)*'",
            r'"(?:[^"\\\n]|\\.)*"',
        )
    ),
    re.DOTALL,
)
_KEYWORDS = re.compile(r"\b(?:if|elif|for|while|except|and|or)\b")
_CASE = re.compile(r"^[ \t]*case\b[^\n]*:[ \t]*$", re.MULTILINE)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n;]+)", re.MULTILINE)
_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n;]+)", re.MULTILINE)
_OPEN = re.compile(r"(?<![\w.])open[ \t]*\(")
_OS_CALL = re.compile(r"\bos\.(system|popen|spawn\w*|exec\w*|fork|posix_spawn\w*)\b")


@dataclass(frozen=True, slots=True)
class FunctionFacts:
    """One function region: how complex its own code is, what outside libraries it uses."""

    name: str
    start_line: int
    complexity: int
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


def blank(text: str) -> str:
    """The source with every string and comment replaced by a space, line numbers kept."""
    return _BLANK.sub(lambda m: " " + "\n" * m.group().count("\n"), text)


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


def _names(clause: str) -> list[tuple[str, str | None]]:
    """``"a.b as c, d"`` -> ``[("a.b", "c"), ("d", None)]``."""
    result = []
    for item in clause.strip().strip("()").replace("\\", " ").split(","):
        words = item.split()
        if not words or not re.fullmatch(r"[\w.*]+", words[0]):
            continue
        alias = words[2] if len(words) == 3 and words[1] == "as" else None
        result.append((words[0], alias))
    return result


def imports_of(clean: str, module: str, *, is_package: bool) -> dict[str, str | None]:
    """Absolute imported module -> the local name it is bound to (None: not bound by name)."""
    found: dict[str, str | None] = {}
    for match in _IMPORT.finditer(clean):
        for name, alias in _names(match.group(1)):
            found[name] = alias or name.split(".")[0]
    for match in _FROM.finditer(clean):
        base = resolve_relative(match.group(2) or None, len(match.group(1)), module, is_package)
        if base is None:
            continue
        found.setdefault(base, None)
        for name, alias in _names(match.group(3)):
            if name != "*":
                found[f"{base}.{name}"] = alias or name
    return found


def imported_modules(text: str, module: str, *, is_package: bool) -> frozenset[str]:
    """Only the imports of a module (used for test files)."""
    return frozenset(imports_of(blank(text), module, is_package=is_package))


def _per_line(pattern: re.Pattern[str], clean: str, counts: list[int]) -> None:
    """Add one to ``counts[line]`` per match; Python work per match, not per line."""
    line, last = 1, 0
    for match in pattern.finditer(clean):
        line += clean.count("\n", last, match.start())
        last = match.start()
        counts[line] += 1


class _Lines:
    """Keyword counts per statement; a statement extends to the line before the next one."""

    def __init__(self, clean: str, file: FileCoverage) -> None:
        last = clean.count("\n") + 1
        counts = [0] * (last + 1)
        _per_line(_KEYWORDS, clean, counts)
        if "case" in clean:
            _per_line(_CASE, clean, counts)
        prefix = list(accumulate(counts))
        starts = sorted({line for line in (*file.statements, *file.excluded) if 0 < line <= last})
        ends = [s - 1 for s in starts[1:]] + ([last] if starts else [])
        self.extents = dict(zip(starts, ends, strict=True))
        self.statement = {s: prefix[max(s, e)] - prefix[s - 1] for s, e in zip(starts, ends, strict=True)}

    def keywords(self, statements: Sequence[int]) -> int:
        get = self.statement.get
        return sum(get(line, 0) for line in statements)


def _mock_lines(clean: str, bound: Mapping[str, str]) -> dict[int, set[str]]:
    """Line -> mock labels used on it (bound names, ``open(``, ``os.system(`` ...)."""
    patterns: list[tuple[re.Pattern[str], str | None]] = []
    if "open" in clean:
        patterns.append((_OPEN, "open (filesystem)"))
    if "os." in clean:
        patterns.append((_OS_CALL, None))
    if bound:
        names = "|".join(re.escape(n) for n in sorted(bound, key=len, reverse=True))
        patterns.append((re.compile(rf"(?<![\w.])(?:{names})\b"), ""))
    used: dict[int, set[str]] = {}
    for pattern, label in patterns:
        if label is not None and not label and not bound:
            continue
        for match in pattern.finditer(clean):
            start = clean.rfind("\n", 0, match.start()) + 1
            if re.match(r"[ \t]*(?:import|from)\b", clean[start : match.start()] or " "):
                continue  # the import statement itself is not a use
            text = f"os.{match.group(1)} (subprocess)" if label is None else label or bound[match.group()]
            used.setdefault(clean.count("\n", 0, match.start()) + 1, set()).add(text)
    return used


def source_facts(
    text: str,
    module: str,
    *,
    is_package: bool,
    libraries: Mapping[str, str],
    file: FileCoverage,
    regions: Sequence[Region],
) -> SourceFacts:
    """Facts of one module, with ``regions`` saying which statement is in which function."""
    clean = blank(text)
    imports = imports_of(clean, module, is_package=is_package)
    bound: dict[str, str] = {}
    file_mocks: set[str] = set()
    for name, local in imports.items():
        hit = mock_kind(name, libraries)
        if hit is not None:
            label = f"{hit[0]} ({hit[1]})"
            file_mocks.add(label)
            if local is not None:
                bound[local] = label
    used = _mock_lines(clean, bound)
    for labels in used.values():
        file_mocks.update(labels)
    counter = _Lines(clean, file)
    functions = []
    in_functions: set[int] = set()
    for region in regions:
        in_functions.update(region.statements)
        mocks: set[str] = set()
        if used:
            for line in region.statements:
                last = counter.extents.get(line, line)
                for number in range(line, max(line, last) + 1):
                    mocks.update(used.get(number, ()))
        functions.append(
            FunctionFacts(
                name=region.name,
                start_line=region.start_line,
                complexity=1 + counter.keywords(region.statements),
                mocks=tuple(sorted(mocks)),
            )
        )
    module_lines = [line for line in file.statements if line not in in_functions]
    return SourceFacts(
        functions=tuple(functions),
        module_complexity=1 + counter.keywords(module_lines),
        imports=frozenset(imports),
        mocks=tuple(sorted(file_mocks)),
    )


def _function_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[int]:
    return set(range(node.body[0].lineno, int(node.body[-1].end_lineno or 0) + 1))


def regions_from_source(text: str, file: FileCoverage) -> list[Region]:
    """Function regions for reports made without them, by coverage.py's own rule.

    A function owns its body's lines minus those of nested functions; only
    statement fields are walked, so this stays cheap.
    """
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    found: list[tuple[str, int, set[int]]] = []

    def walk(node: ast.AST, qual: list[str], owner: set[int] | None) -> None:
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(node, field, ()):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines = _function_lines(child)
                    if owner is not None:
                        owner -= lines
                    found.append((".".join([*qual, child.name]), child.lineno, lines))
                    walk(child, [*qual, child.name], lines)
                elif isinstance(child, ast.ClassDef):
                    walk(child, [*qual, child.name], owner)
                else:
                    walk(child, qual, owner)

    try:
        walk(tree, [], None)
    except RecursionError:
        return []
    statements, missing = set(file.statements), set(file.missing)
    regions = []
    for name, start, lines in found:
        own = lines & statements
        regions.append(
            Region(
                name=name,
                kind="function",
                start_line=start,
                statements=tuple(sorted(own)),
                missing=tuple(sorted(own & missing)),
                executed_branches=tuple(a for a in file.executed_branches if a[0] in own),
                missing_branches=tuple(a for a in file.missing_branches if a[0] in own),
            )
        )
    return sorted(regions, key=lambda r: r.start_line)
