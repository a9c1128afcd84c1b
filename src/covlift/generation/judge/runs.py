"""Run test files of the project in its sandbox, shuffled, with per-test coverage contexts.

Every run goes through the one runner (:mod:`covlift.runner`): the tests run in
the sandbox's copy of the project, with the allow-listed environment, a fresh
HOME and TMPDIR, no network, resource limits, and the state guard that names a
test which changes process-wide state.  measure's watched child pytest stops and
reports hangs, crashes and floods; this module adds a seeded shuffle and
coverage.py dynamic contexts so each test's own lines and arcs can be read back,
mapped to the project's own file names.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

from coverage import CoverageData

from covlift.errors import CovliftError
from covlift.measure import CHILD_DIR, child_env
from covlift.measure.interpreter import probe
from covlift.measure.session import SuiteCommand, pytest_argv, run_suite
from covlift.runner import Sandbox
from covlift.types import Arc, LineNo

_RUN_IDS = count(1)


@dataclass(frozen=True, slots=True)
class TestRun:
    """One pytest run: its shuffle seed, each test's outcome and (optionally) its coverage."""

    __test__ = False

    seed: int
    outcomes: dict[str, str]
    #: nodeid -> {absolute project file -> (lines, arcs)}
    coverage: dict[str, dict[str, tuple[frozenset[LineNo], frozenset[Arc]]]]
    output_tail: str
    #: nodeid -> what the test changed in the process (resource limits, handlers, cwd, ...)
    state_changes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: nodeid -> the one-line failure message of a test that did not pass (assertion, exception)
    details: dict[str, str] = field(default_factory=dict)


def run_tests(
    box: Sandbox,
    test_paths: Sequence[Path | str],
    *,
    seed: int | None,
    contexts: bool = False,
    files: Sequence[str] = (),
    per_test_timeout: float = 30.0,
    run_timeout: float = 600.0,
    source: Sequence[str] | None = None,
    extra_args: Sequence[str] = (),
    time_zone: str | None = None,
) -> TestRun:
    """Run pytest on test_paths (all tests when empty) in the sandbox; outcomes and contexts.

    ``test_paths`` and ``files`` are project paths (or pytest arguments); they are
    mapped into the sandbox, and the coverage read back is keyed by project paths.
    ``time_zone`` sets ``TZ`` for the run: a test that passes only in this machine's zone
    fails on a CI runner elsewhere.
    """
    work = box.work / f"run-{next(_RUN_IDS)}"
    (work / "data").mkdir(parents=True)
    settings = {
        "data_file": str(work / "data" / ".coverage"),
        "source": [str(box.sandbox_path(s)) if Path(s).is_absolute() else s for s in source]
        if source
        else None,
        "contexts": contexts,
        "flush_interval": 5.0,
    }
    own = {k: v for k, v in child_env(settings, work, None).items() if k.startswith("COVLIFT_")}
    own["PYTHONPATH"] = str(CHILD_DIR)
    state_log = work / "state.jsonl"
    own["COVLIFT_STATE_GUARD"] = str(state_log)
    if seed is not None:
        own["COVLIFT_SHUFFLE"] = str(seed)
    if time_zone is not None:
        own["TZ"] = time_zone
    args = [str(box.sandbox_path(p)) if Path(p).is_absolute() else str(p) for p in test_paths]
    # pytest-cov started by the project's addopts (`--cov=parse`) would take the tracer from the
    # per-test contexts: every candidate would seem to reach nothing
    argv = pytest_argv(
        box.python,
        [*extra_args, "-p", "covlift_state_guard", *args],
        workers=None,
        no_cov=_has_pytest_cov(box),
    )
    command = box.command(argv)
    env = box.env(own)

    def make_command(attempt: int) -> SuiteCommand:
        return SuiteCommand(
            argv=tuple(command),
            cwd=box.root,
            env=env,
            events=work / "events.jsonl",
            skip_file=work / "skip.txt",
            output=work / f"out-{attempt}.txt",
        )

    suite = run_suite(
        make_command,
        per_test_timeout=per_test_timeout,
        run_timeout=run_timeout,
        max_output_bytes=64 * 2**20,
    )
    outcomes = {t.nodeid: t.outcome for t in suite.tests}
    coverage: dict[str, dict[str, tuple[frozenset[LineNo], frozenset[Arc]]]] = {}
    if contexts:
        inside = {str(box.sandbox_path(f)): f for f in files}
        for nodeid, per_file in _read_contexts(work / "data", list(inside), box.root).items():
            coverage[nodeid] = {inside[f]: seen for f, seen in per_file.items()}
    return TestRun(
        seed=seed or 0,
        outcomes=outcomes,
        coverage=coverage,
        output_tail=suite.output_tail,
        state_changes=_state_changes(state_log),
        details=_failure_details(work),
    )


def _failure_details(tmp: Path) -> dict[str, str]:
    """nodeid -> failure message, from the child's "done" events (of the last attempt: each restart
    after a hung or crashed test starts a new events file)."""
    details: dict[str, str] = {}
    for events in sorted(tmp.glob("events*.jsonl")):
        for line in events.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue  # a line cut short by a killed child
            if isinstance(event, dict) and event.get("e") == "done" and event.get("detail"):
                details[str(event["id"])] = str(event["detail"])
    return details


def _state_changes(path: Path) -> dict[str, tuple[str, ...]]:
    changes: dict[str, tuple[str, ...]] = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return changes
    for line in lines:
        try:
            data = json.loads(line)
            changes[str(data["id"])] = tuple(str(c) for c in data["changed"])
        except (ValueError, KeyError, TypeError):
            continue
    return changes


def _recorded_names(data: CoverageData, root: Path) -> dict[str, str]:
    """Absolute real path -> the name the data file records it under.

    A project with ``relative_files = true`` records names relative to the directory
    the tests ran in (the sandbox's copy); without this mapping none of them would match
    the absolute paths asked for, and every test would seem to reach nothing.
    """
    names: dict[str, str] = {}
    for name in data.measured_files():
        path = Path(name) if Path(name).is_absolute() else root / name
        names[os.path.realpath(path)] = name
    return names


def _has_pytest_cov(box: Sandbox) -> bool:
    """Can the project's interpreter load pytest-cov (whose ``--no-cov`` it then accepts)?"""
    try:
        return probe(box.project, box.python).has_pytest_cov
    except CovliftError:  # no coverage.py or pytest: the run itself says so
        return False


def _read_contexts(
    data_dir: Path, files: Sequence[str], root: Path
) -> dict[str, dict[str, tuple[frozenset[LineNo], frozenset[Arc]]]]:
    result: dict[str, dict[str, tuple[frozenset[LineNo], frozenset[Arc]]]] = {}
    for data_file in sorted(data_dir.glob(".coverage*")):
        data = CoverageData(basename=str(data_file))
        data.read()
        recorded = _recorded_names(data, root)
        wanted = {f: recorded.get(f) or recorded.get(os.path.realpath(f)) for f in files}
        for context in sorted(data.measured_contexts()):
            if not context:
                continue
            data.set_query_contexts([f"^{re.escape(context)}$"])
            per_file = result.setdefault(context, {})
            for filename, name in wanted.items():
                if name is None:
                    continue
                lines = frozenset(data.lines(name) or ())
                arcs = frozenset(data.arcs(name) or ())
                old_lines, old_arcs = per_file.get(filename, (frozenset(), frozenset()))
                per_file[filename] = (old_lines | lines, old_arcs | arcs)
        data.set_query_contexts(None)
    return result
