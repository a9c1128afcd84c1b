"""Run the rules: over one source text (``audit_source``) or over a project (``audit_paths``)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from covlift.audit.catalog import ALL_RULES, RULES, SOURCE_RULES
from covlift.audit.discover import default_test_paths, find_test_files, first_party, project_classes, relpath
from covlift.audit.model import AuditResult, Smell
from covlift.audit.rules import Asserts, Hit, module_checks, test_checks
from covlift.audit.rules.duplicates import (
    Entry,
    duplicate_fixtures,
    duplicate_tests,
    module_duplicates,
)
from covlift.audit.settings import AuditOptions, check_rules, load_options
from covlift.audit.source import AuditContext, ModuleIndex, TestFunc, index_module
from covlift.audit.suppress import ignored_by_config, parse_suppressions
from covlift.config import Config


@dataclass(frozen=True, slots=True)
class _FileResult:
    smells: tuple[Smell, ...]
    suppressed: int


def _smell(path: str, test: str, hit: Hit) -> Smell:
    return Smell(path, hit.line, test, hit.rule, hit.message, RULES[hit.rule].fix)


def _test_lines(test: TestFunc) -> set[int]:
    lines = {test.node.lineno, *(d.lineno for d in test.node.decorator_list)}
    if test.cls is not None:
        lines |= {test.cls.lineno, *(d.lineno for d in test.cls.decorator_list)}
    return lines


def _unique(
    checks: Iterable[tuple[str, Callable[..., Iterable[Hit]]]], rules: set[str]
) -> list[Callable[..., Iterable[Hit]]]:
    seen: dict[int, Callable[..., Iterable[Hit]]] = {}
    for rule, check in checks:
        if rule in rules:
            seen.setdefault(id(check), check)
    return list(seen.values())


def _audit_index(
    index: ModuleIndex, rules: set[str], *, file_duplicates: bool
) -> tuple[list[tuple[Hit, set[int]]], str]:
    """Raw hits of one module with the lines that may suppress each."""
    asserts = Asserts(index)
    found: list[tuple[Hit, set[int]]] = []
    is_conftest = index.path.rsplit("/", 1)[-1] == "conftest.py"
    if not is_conftest:
        per_test = _unique(test_checks(), rules)
        for test in index.tests:
            for check in per_test:
                for hit in check(test, index, asserts):
                    found.append((replace(hit, test=hit.test or test.name), _test_lines(test) | {hit.line}))
        for check in _unique(module_checks(), rules):
            if check is module_duplicates and not file_duplicates:
                continue
            for hit in check(index, asserts):
                by_name = {t.name: t for t in index.tests}
                lines = {hit.line}
                owner = by_name.get(hit.test or "")
                if owner is not None:
                    lines |= _test_lines(owner)
                found.append((hit, lines))
    return [(h, ls) for h, ls in found if h.rule in rules], index.path


def _finish(
    index: ModuleIndex, found: list[tuple[Hit, set[int]]], options: AuditOptions | None
) -> _FileResult:
    suppressions = parse_suppressions(index.lines)
    kept: dict[tuple[int, str, str], Smell] = {}
    suppressed = 0
    for hit, lines in found:
        if suppressions.covers(hit.rule, lines) or (
            options is not None and ignored_by_config(index.path, hit.rule, options.per_file_ignores)
        ):
            suppressed += 1
            continue
        smell = _smell(index.path, hit.test or "", hit)
        kept.setdefault((smell.line, smell.rule, smell.test), smell)
    return _FileResult(tuple(kept.values()), suppressed)


def audit_source(
    source: str,
    filename: str,
    rules: Iterable[str] | None = None,
    *,
    context: AuditContext | None = None,
) -> list[Smell]:
    """Findings of the static rules for one test file's text: pure, no I/O, no imports.

    ``rules`` defaults to every rule that can be decided from source (all but
    no-project-code); cross-file rules see only this file (duplicate tests inside
    it).  Raises :class:`SyntaxError` for source that does not parse.
    """
    wanted = set(check_rules(list(rules), "audit_source rules") if rules is not None else SOURCE_RULES)
    index = index_module(source, filename, context)
    found, _ = _audit_index(index, wanted, file_duplicates=True)
    result = _finish(index, found, None)
    return sorted(result.smells, key=lambda s: (s.line, s.rule))


# -- whole projects -----------------------------------------------------------------------------


def _read(path: Path, root: Path, notes: list[str]) -> ModuleIndex | None:
    rel = relpath(path, root)
    try:
        return index_module(path.read_text(encoding="utf-8"), rel)
    except (SyntaxError, ValueError) as exc:
        notes.append(f"{rel}: skipped, it does not parse ({exc.__class__.__name__}: {exc})")
    except (OSError, UnicodeDecodeError) as exc:
        notes.append(f"{rel}: skipped, it cannot be read ({exc})")
    return None


def project_context(
    modules: Sequence[ModuleIndex],
    support: Sequence[ModuleIndex],
    root: Path,
    options: AuditOptions,
) -> AuditContext:
    """What every file's rules may know about the others: helpers and fixtures that assert."""
    helpers: set[str] = set()
    known: set[str] = set()
    fixtures: set[str] = set()
    for index in [*modules, *support]:
        asserts = Asserts(index)
        for key in asserts.local_asserting:
            helpers.add(key.rsplit(".", 1)[-1])
        known.update(index.functions)
        for cls in index.classes.values():
            known.update(n.name for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))
        fixtures.update(asserts.local_asserting_fixtures)
    packages = first_party(root)
    return AuditContext(
        first_party=packages,
        project_classes=project_classes(root, packages),
        asserting_helpers=frozenset(helpers),
        asserting_fixtures=frozenset(fixtures),
        known_helpers=frozenset(known),
        over_mocking_share=options.over_mocking_share,
        over_mocking_min_patches=options.over_mocking_min_patches,
    )


def audit_paths(
    paths: Sequence[str | Path],
    config: Config,
    options: AuditOptions | None = None,
) -> AuditResult:
    """Audit the test files under ``paths`` (default: the project's test directories).

    Runs the static rules on every test file, the cross-file duplicate rules, and,
    when enabled, the suite under coverage (no-project-code) and ``--flaky`` reruns.
    """
    from covlift.audit.flaky import find_flaky
    from covlift.audit.no_project_code import find_no_project_code

    root = config.root
    options = options or load_options(config)
    rules = set(options.rules)
    targets = [Path(p) for p in paths] or default_test_paths(root, options.tests)
    files = find_test_files(root, targets, options.exclude)
    notes: list[str] = []
    modules = [m for p in files.tests if (m := _read(p, root, notes)) is not None]
    support = [m for p in files.support if (m := _read(p, root, notes)) is not None]
    context = project_context(modules, support, root, options)
    for module in modules:
        module.context = context

    smells: list[Smell] = []
    suppressed = 0
    by_path = {m.path: m for m in modules}
    pending: dict[str, list[tuple[Hit, set[int]]]] = {m.path: [] for m in modules}
    for module in modules:
        found, _ = _audit_index(module, rules, file_duplicates=False)
        pending[module.path].extend(found)
    collected = [m for m in modules if not m.path.endswith("conftest.py")]
    if "duplicate-test" in rules:
        entries = [Entry(m, t) for m in collected for t in m.tests]
        for path, hit in duplicate_tests(entries):
            pending[path].append((hit, {hit.line}))
    if "duplicate-fixture" in rules:
        entries = [Entry(m, f) for m in modules for f in m.fixtures]
        for path, hit in duplicate_fixtures(entries):
            pending[path].append((hit, {hit.line}))

    runtime = None
    if "no-project-code" in rules and options.run_tests:
        runtime, runtime_hits = find_no_project_code(config, files, collected)
        for path, hit, lines in runtime_hits:
            pending.setdefault(path, []).append((hit, lines))
    for path, found in pending.items():
        if path in by_path:
            result = _finish(by_path[path], found, options)
            smells.extend(result.smells)
            suppressed += result.suppressed

    flaky = find_flaky(config, files, collected, options) if options.flaky else None
    smells.sort(key=lambda s: (s.path, s.line, s.rule, s.test))
    return AuditResult(
        root=str(root),
        smells=tuple(smells),
        files=len(modules),
        tests=sum(len(m.tests) for m in collected),
        rules=tuple(r for r in ALL_RULES if r in rules),
        suppressed=suppressed,
        runtime=runtime,
        flaky=flaky,
        notes=tuple(notes + ([runtime.skipped_reason] if runtime and runtime.skipped_reason else [])),
    )
