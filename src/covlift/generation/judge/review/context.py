"""Build the :class:`ReviewContext` of a project package once: parse, resolve, reach, contracts."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from covlift.generation.judge.review.classes import OwnClass, constructor, merge_classes, own_class
from covlift.generation.judge.review.contracts import module_contracts
from covlift.generation.judge.review.facts import ModuleScan, is_private, scan_module
from covlift.generation.judge.review.model import Contract, ReviewContext, Signature
from covlift.generation.judge.review.reach import Names, compute_reach
from covlift.generation.targets import import_root_and_module

#: a project's idiom is read from at most this many of its test files
MAX_IDIOM_FILES = 400
_SKIP_DIRS = frozenset(
    {".venv", "venv", ".tox", ".nox", ".git", "node_modules", "site-packages", "build", "dist", ".covlift"}
)
_QUOTED = re.compile(r"""(?<![\w])(['"])([^'"\n]{1,80})\1""")


def build_context(
    modules: Iterable[tuple[str, str]],
    *,
    targets: Iterable[str] = (),
    idiom_sources: Iterable[str] = (),
) -> ReviewContext:
    """The context of the given (dotted module name, source) pairs: one package, or several."""
    scans: dict[str, ModuleScan] = {}
    for module, source in modules:
        scan = scan_module(module, source)
        if scan is not None:
            scans[module] = scan
    names = Names(scans)
    own: dict[str, OwnClass] = {}
    for module, scan in scans.items():
        for qual, node in scan.class_nodes.items():
            own[f"{module}:{qual}"] = own_class(scan, qual, node)

    def resolve_base(c: OwnClass, base: str) -> str | None:
        return names.resolve(c.key.partition(":")[0], base.split("[")[0])

    classes, mro = merge_classes(own, resolve_base)
    signatures: dict[str, Signature] = {}
    for module, scan in scans.items():
        for qual, sig in scan.signatures.items():
            signatures[f"{module}:{qual}"] = sig
    for key in classes:
        made = constructor(own, key, mro[key])
        if made is not None:
            signatures[key] = made
    aliases: dict[str, str] = {}
    for module, scan in scans.items():
        for local in scan.imports:
            if not names.defined(module, local):
                resolved = names.resolve(module, local)
                if resolved and not resolved.endswith(":"):
                    aliases[f"{module}:{local}"] = resolved
    reach, members = compute_reach(scans, classes, mro)
    contracts: dict[str, list[Contract]] = {}
    negative: set[str] = set()
    zero: set[str] = set()
    for scan in scans.values():
        found = module_contracts(scan)
        for c in found.contracts:
            contracts.setdefault(c.name, []).append(c)
        negative |= found.handles_negative
        zero |= found.handles_zero
    idiom: set[str] = set()
    for scan in scans.values():
        for doc in scan.docstrings:
            idiom.update(m.group(2) for m in _QUOTED.finditer(doc))
    idiom_texts = list(idiom_sources)
    for source in idiom_texts:
        idiom |= _string_literals(source)
    context = ReviewContext(
        modules=frozenset(scans),
        signatures=MappingProxyType(signatures),
        classes=MappingProxyType(classes),
        ancestry=MappingProxyType({k: tuple(v) for k, v in mro.items()}),
        aliases=MappingProxyType(aliases),
        reach=MappingProxyType(reach),
        private_members=MappingProxyType(members),
        private_values=frozenset(
            f"{m}:{v}"
            for m, scan in scans.items()
            for v in scan.values
            if is_private(v) and not v.startswith("__")
        ),
        sentinels=frozenset(f"{m}:{v}" for m, scan in scans.items() for v in scan.sentinels),
        contracts=MappingProxyType({k: tuple(v) for k, v in contracts.items()}),
        handles_negative=frozenset(negative),
        handles_zero=frozenset(zero),
        idiom=frozenset(s.strip().lower() for s in idiom),
        targets=frozenset(targets),
    )
    return replace(context, fixtures=MappingProxyType(_fixtures(idiom_texts, context)))


def _fixtures(sources: Iterable[str], context: ReviewContext) -> dict[str, str]:
    """Fixture name -> project class, from every fixture of the project's test files and conftests."""
    from covlift.audit.source import index_module
    from covlift.generation.judge.review.view import fixture_type

    found: dict[str, str] = {}
    for source in sources:
        try:
            index = index_module(source, "conftest.py")
        except (SyntaxError, ValueError):
            continue
        for fixture in index.fixtures:
            key = fixture_type(index, fixture, context)
            if key:
                found[fixture.short_name] = key
    return found


def _string_literals(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) <= 80
    }


def package_sources(root: Path, paths: Sequence[str], packages: Iterable[str]) -> list[tuple[str, str]]:
    """(module, source) of the measured ``paths`` whose top-level package is one of ``packages``."""
    wanted = set(packages)
    out: list[tuple[str, str]] = []
    for path in paths:
        if not path.endswith(".py"):
            continue
        _, module = import_root_and_module(root, path)
        if module.split(".")[0] in wanted:
            try:
                out.append((module, (root / path).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return out


def project_test_files(root: Path, exclude_dir: str | None = None) -> Iterator[Path]:
    """The project's test modules and conftests, outside virtualenvs and ``exclude_dir``."""
    excluded = (root / exclude_dir).resolve() if exclude_dir else None
    for directory, dirs, files in os.walk(root):
        here = Path(directory)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in _SKIP_DIRS and not d.startswith(".") and (here / d).resolve() != excluded
        )
        for name in sorted(files):
            if name.endswith(".py") and (
                name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
            ):
                yield here / name


def idiom_sources(test_files: Iterable[Path], skip: Iterable[Path] = ()) -> list[str]:
    """The text of the project's own test files, but ``skip``: where its idiom comes from."""
    skipped = {p.resolve() for p in skip}
    out: list[str] = []
    for file in test_files:
        if len(out) >= MAX_IDIOM_FILES:
            break
        if file.resolve() in skipped:
            continue
        try:
            out.append(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return out


@lru_cache(maxsize=16)
def _cached_context(
    root: str, paths: tuple[str, ...], packages: tuple[str, ...], tests_dir: str | None, skip: tuple[str, ...]
) -> ReviewContext:
    project = Path(root)
    tests = idiom_sources(project_test_files(project, tests_dir), [Path(p) for p in skip])
    return build_context(package_sources(project, paths, packages), idiom_sources=tests)


def context_for(
    root: Path,
    paths: Sequence[str],
    packages: Iterable[str],
    *,
    targets: Iterable[str] = (),
    tests_dir: str | None = None,
    skip: Iterable[Path] = (),
) -> ReviewContext:
    """The context of the measured ``paths`` in ``packages``, the idiom from the project's tests
    (not those under ``tests_dir``, covlift's own output, nor ``skip``); cached per project."""
    base = _cached_context(
        str(root.resolve()),
        tuple(paths),
        tuple(sorted(set(packages))),
        tests_dir,
        tuple(sorted(str(p.resolve()) for p in skip)),
    )
    return replace(base, targets=frozenset(targets))
