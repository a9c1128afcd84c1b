"""no-project-code: tests that, when run, execute no line of the project's own code.

Decided at run time, not from imports: the suite runs once under ``coverage run``
with covlift's plugin switching the coverage context to each test's node id
(setup, call and teardown) and to each shared fixture's key while it is set
up, so project lines run by a module- or session-scoped fixture count for
every test that uses it.  Project code is every measured file under the root
that is not test code (test modules, conftests, and files under the test
directories).

Only tests that passed are judged, and a parametrized test only when none of
its cases ran project code.  A test that calls or builds a project object that
is not patched (``Product(sku="x")``) is never reported even when no project
*line* ran: declarative code — pydantic fields, dataclasses, enums — runs
inside libraries, and testing it is testing the project.  If no project line was measured at all (e.g. the
package is installed into site-packages rather than in editable mode), the rule
decides nothing and says why.
"""

from __future__ import annotations

import ast
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from coverage import CoverageData

from covlift.audit.discover import TestFiles, is_test_module, relpath
from covlift.audit.model import RuntimeInfo
from covlift.audit.rules import Hit
from covlift.audit.rules.mocking import patches
from covlift.audit.runner import Runner, TestRecord, run_process, run_pytest
from covlift.audit.source import ModuleIndex, TestFunc, walk_body
from covlift.config import Config

_RC = """\
[run]
data_file = {data}
source =
    {root}
omit =
    */.venv/*
    */venv/*
    */site-packages/*
    */.tox/*
branch = False
parallel = False
"""


def _is_test_code(path: Path, root: Path, files: TestFiles) -> bool:
    if is_test_module(path) or path.name == "conftest.py":
        return True
    return any(r != root.resolve() and path.is_relative_to(r) for r in files.roots)


def project_contexts(data: CoverageData, root: Path, files: TestFiles) -> tuple[set[str], set[str], int]:
    """Contexts that ran project lines, contexts seen at all, and how many project files ran."""
    contexts: set[str] = set()
    seen: set[str] = set()
    project_files = 0
    for name in data.measured_files():
        by_line = data.contexts_by_lineno(name)
        for names in by_line.values():
            seen.update(names)
        if _is_test_code(Path(name), root, files) or not by_line:
            continue
        project_files += 1
        for names in by_line.values():
            contexts.update(names)
    contexts.discard("")
    return contexts, seen, project_files


def _project_callee(func: ast.expr, index: ModuleIndex) -> str | None:
    """``Name(...)`` or ``module.name(...)`` of an imported first-party name, else None.

    Longer chains (``pkg.__version__.count``) and ALL_CAPS constants (``DEFAULTS.get``)
    are calls on project *data*, which runs no project code.
    """
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        head, attr = func.value.id, func.attr
        if attr.startswith("__") or head.isupper():
            return None
    elif isinstance(func, ast.Name):
        head = func.id
    else:
        return None
    if head not in index.imports:
        return None
    dotted = index.resolve(func)
    return dotted if dotted and index.is_first_party(dotted) else None


def calls_project(test: TestFunc, index: ModuleIndex) -> bool:
    """Whether the test calls (or instantiates) a first-party name it has not patched."""
    patched = {p.target for p in patches(test, index) if p.target}
    for node in walk_body(test.node, into_nested=True):
        if isinstance(node, ast.Call):
            callee = _project_callee(node.func, index)
            if callee is not None and callee not in patched:
                return True
    return False


def judge(
    records: Sequence[TestRecord], contexts: set[str], seen: set[str] | None = None
) -> list[TestRecord]:
    """One record per test function (of several cases) that passed without running project code.

    A case whose own context coverage never saw (its body ran in a process coverage
    was not watching, e.g. a pytest-xdist worker) is not evidence either way.
    """
    groups: dict[tuple[str, str], list[TestRecord]] = defaultdict(list)
    for record in records:
        groups[(record.path, record.qualname)].append(record)
    flagged = []
    for members in groups.values():
        ran_project = any(({m.nodeid, *m.fixtures} & contexts) for m in members)
        passed = [m for m in members if m.outcome == "passed"]
        observed = seen is None or all(m.nodeid in seen for m in passed)
        if passed and observed and not ran_project:
            flagged.append(passed[0])
    return flagged


def find_no_project_code(
    config: Config,
    files: TestFiles,
    modules: Sequence[ModuleIndex],
    runner: Runner = run_process,
) -> tuple[RuntimeInfo, list[tuple[str, Hit, set[int]]]]:
    """Run the suite once under coverage: run info, and (path, hit, suppressing lines) each."""
    root = config.root
    selection = [relpath(r, root) if r != root.resolve() else "." for r in files.roots]
    with tempfile.TemporaryDirectory(prefix="covlift-ctx-") as tmp:
        data_file = Path(tmp) / ".coverage"
        rcfile = Path(tmp) / "coveragerc"
        rcfile.write_text(_RC.format(data=data_file, root=root), encoding="utf-8")
        run = run_pytest(config, selection, rcfile=rcfile, runner=runner)
        if not data_file.exists():
            return RuntimeInfo(
                len(run.records),
                0,
                0,
                run.exit_code,
                "no-project-code: coverage wrote no data, so nothing was judged",
            ), []
        data = CoverageData(basename=str(data_file))
        data.read()
        contexts, seen, project_files = project_contexts(data, root, files)
    judged = [r for r in run.records if r.outcome == "passed" and r.nodeid in seen]
    if run.records and not judged and any(r.outcome == "passed" for r in run.records):
        reason = (
            "no-project-code: coverage saw none of the tests run (pytest-xdist workers or another "
            "coverage tool in the suite?), so nothing was judged"
        )
        return RuntimeInfo(len(run.records), 0, project_files, run.exit_code, reason), []
    if project_files == 0:
        reason = (
            "no-project-code: no project line was measured (is the package installed "
            "non-editable, or outside the project root?), so nothing was judged"
        )
        return RuntimeInfo(len(run.records), 0, 0, run.exit_code, reason), []
    by_path = {m.path: m for m in modules}
    hits: list[tuple[str, Hit, set[int]]] = []
    for record in judge(run.records, contexts, seen):
        rel = relpath(Path(record.path), root)
        module = by_path.get(rel)
        test = next((t for t in module.tests if t.name == record.qualname), None) if module else None
        if module is None or test is None or calls_project(test, module):
            continue
        lines = {test.node.lineno, *(d.lineno for d in test.node.decorator_list)}
        if test.cls is not None:
            lines.add(test.cls.lineno)
        hits.append(
            (
                rel,
                Hit(
                    "no-project-code",
                    test.node.lineno,
                    "passed without executing a single line of the project's code",
                    test.name,
                ),
                lines,
            )
        )
    return RuntimeInfo(len(run.records), len(judged), project_files, run.exit_code), hits
