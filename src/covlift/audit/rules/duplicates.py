"""duplicate-test and duplicate-fixture: the same code under different names.

Two tests are duplicates when their decorators, parameters and bodies are equal
after local variables are renamed in order of first use and global names are
expanded through the imports (so ``from app.v1 import api`` and ``from app.v2
import api`` differ) and module-level definitions they use are compared too.
Tests in different files count only when the files share a directory (so the
same fixtures apply) and neither file defines its own version of a fixture the
test uses; methods that use ``self`` count only within one class.

A fixture defined with the same body in several files is reported at every copy.
"""

from __future__ import annotations

import ast
import copy
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from covlift.audit.rules import Hit
from covlift.audit.rules._asserts import Asserts
from covlift.audit.source import FunctionNode, ModuleIndex, TestFunc


class _Normalise(ast.NodeTransformer):
    def __init__(self, locals_: dict[str, str], index: ModuleIndex, used: set[str]) -> None:
        self.locals, self.index, self.used = locals_, index, used

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        # compare literals as written: "x" and """x""" or 0x10 and 16 are different tests of a parser
        line = getattr(node, "lineno", None)
        if line is not None and line == getattr(node, "end_lineno", None) and line <= len(self.index.lines):
            text = self.index.lines[line - 1][node.col_offset : node.end_col_offset]
            return ast.copy_location(ast.Constant(f"@src:{text}"), node)
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.locals:
            return ast.copy_location(ast.Name(self.locals[node.id], node.ctx), node)
        if node.id in self.index.imports:
            return ast.copy_location(ast.Name("@" + self.index.imports[node.id], node.ctx), node)
        self.used.add(node.id)
        return node


def _local_names(node: FunctionNode) -> dict[str, str]:
    params = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
    if node.args.vararg:
        params.add(node.args.vararg.arg)
    if node.args.kwarg:
        params.add(node.args.kwarg.arg)
    names: dict[str, str] = {}
    for stmt in node.body:
        for sub in ast.walk(stmt):
            stored: list[str] = []
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                stored.append(sub.id)
            elif isinstance(sub, ast.ExceptHandler) and sub.name:
                stored.append(sub.name)
            for name in stored:
                if name not in params and name not in names:
                    names[name] = f"_v{len(names)}"
    return names


def fingerprint(func: TestFunc, index: ModuleIndex) -> str:
    """A text equal for two functions exactly when they are the same up to names."""
    node = copy.deepcopy(func.node)
    body = node.body
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:] or [ast.Pass()]
    used: set[str] = set()
    normaliser = _Normalise(_local_names(node), index, used)
    parts = [normaliser.visit(copy.deepcopy(d)) for d in node.decorator_list]
    parts += [normaliser.visit(s) for s in body]
    text = "|".join(ast.dump(p) for p in parts)
    args = ",".join(a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs])
    defs = []
    for name in sorted(used):
        definition = index.constants.get(name) or index.functions.get(name) or index.classes.get(name)
        if definition is not None:
            defs.append(f"{name}={ast.dump(definition)}")
    return f"{type(func.node).__name__}({args})" + text + "#" + ";".join(defs)


def _uses_self(func: TestFunc) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "self" for n in ast.walk(func.node))


@dataclass(frozen=True, slots=True)
class Entry:
    """A test or fixture with the file it lives in."""

    index: ModuleIndex
    func: TestFunc

    @property
    def path(self) -> str:
        return self.index.path

    @property
    def line(self) -> int:
        return self.func.node.lineno


def _own_fixture_clash(a: Entry, b: Entry) -> bool:
    params = {x.arg for x in a.func.node.args.args}
    local = {f.short_name for f in a.index.fixtures} | {f.short_name for f in b.index.fixtures}
    return bool(params & local)


def _has_counterpart(entry: Entry) -> bool:
    """unittest "threaded" halves: ``testX`` runs beside ``_testX``, which is where the cases differ."""
    cls = entry.func.cls
    return cls is not None and any(
        isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == "_" + entry.func.short_name
        for n in cls.body
    )


def _same_scope(a: Entry, b: Entry) -> bool:
    if a.func.cls is not None or b.func.cls is not None:
        # methods: only inside one class, whose setUp, marks and bases are shared
        return (
            a.path == b.path and a.func.cls is b.func.cls and not (_has_counterpart(a) or _has_counterpart(b))
        )
    if a.path == b.path:
        return True
    if PurePosixPath(a.path).parent != PurePosixPath(b.path).parent:
        return False
    if _uses_self(a.func) or _uses_self(b.func):
        return False
    return not _own_fixture_clash(a, b)


def duplicate_tests(entries: list[Entry]) -> Iterator[tuple[str, Hit]]:
    """(path, hit) for every test that repeats an earlier one."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[fingerprint(entry.func, entry.index)].append(entry)
    for members in groups.values():
        members.sort(key=lambda e: (e.path, e.line))
        for i, later in enumerate(members):
            original = next((m for m in members[:i] if _same_scope(m, later)), None)
            if original is not None:
                where = (
                    original.func.name
                    if original.path == later.path
                    else f"{original.path}::{original.func.name}"
                )
                yield (
                    later.path,
                    Hit(
                        "duplicate-test",
                        later.line,
                        f"same body as {where} (line {original.line})",
                        later.func.name,
                    ),
                )


def duplicate_fixtures(entries: list[Entry]) -> Iterator[tuple[str, Hit]]:
    """(path, hit) for every copy of a fixture defined identically in more than one file."""
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.func.cls is None:
            groups[(entry.func.short_name, fingerprint(entry.func, entry.index))].append(entry)
    for (name, _), members in groups.items():
        files = sorted({m.path for m in members})
        if len(files) < 2:
            continue
        shared = _shared_conftest(files)
        for member in members:
            if member.path == shared:
                continue  # the copy everyone can see is the one to keep
            others = [f for f in files if f != member.path]
            shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            yield (
                member.path,
                Hit(
                    "duplicate-fixture",
                    member.line,
                    f"fixture '{name}' is also defined, identically, in {shown}",
                    name,
                ),
            )


def _shared_conftest(files: list[str]) -> str | None:
    """A conftest.py among ``files`` whose directory contains every other file, if any."""
    for path in files:
        pure = PurePosixPath(path)
        if pure.name == "conftest.py" and all(
            PurePosixPath(other).parent.is_relative_to(pure.parent) for other in files
        ):
            return path
    return None


def module_duplicates(index: ModuleIndex, asserts: Asserts) -> Iterator[Hit]:
    """Duplicate tests inside one file: what ``audit_source`` can see on its own."""
    for _, hit in duplicate_tests([Entry(index, t) for t in index.tests]):
        yield hit


MODULE_CHECKS = (("duplicate-test", module_duplicates),)
