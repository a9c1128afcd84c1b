"""Run test files in the project, shuffled, with per-test coverage contexts.

Reuses measure's watched child pytest (hangs, crashes and floods are stopped and
reported), adding a seeded shuffle and coverage.py dynamic contexts so each
test's own lines and arcs can be read back.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coverage import CoverageData

from covlift.measure import child_env
from covlift.measure.session import SuiteCommand, pytest_argv, run_suite
from covlift.types import Arc, LineNo


@dataclass(frozen=True, slots=True)
class TestRun:
    """One pytest run: its shuffle seed, each test's outcome and (optionally) its coverage."""

    __test__ = False

    seed: int
    outcomes: dict[str, str]
    #: nodeid -> {absolute file -> (lines, arcs)}
    coverage: dict[str, dict[str, tuple[frozenset[LineNo], frozenset[Arc]]]]
    output_tail: str
    #: nodeid -> the one-line failure message of a test that did not pass (assertion, exception)
    details: dict[str, str] = field(default_factory=dict)


def run_tests(
    root: Path,
    python: str,
    test_paths: Sequence[Path | str],
    *,
    seed: int | None,
    contexts: bool = False,
    files: Sequence[str] = (),
    per_test_timeout: float = 30.0,
    run_timeout: float = 600.0,
    source: Sequence[str] | None = None,
    extra_args: Sequence[str] = (),
) -> TestRun:
    """Run pytest on test_paths (all tests when empty) and collect outcomes and contexts."""
    with tempfile.TemporaryDirectory(prefix="covlift-validate-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "data").mkdir()
        settings = {
            "data_file": str(tmp / "data" / ".coverage"),
            "source": list(source) if source else None,
            "contexts": contexts,
            "flush_interval": 5.0,
        }
        env = child_env(settings, tmp, None)
        env["HOME"] = str(tmp)
        for name in [n for n in env if n.endswith(("_API_KEY", "_TOKEN", "_SECRET", "_PASSWORD"))]:
            del env[name]  # candidate tests (model-written ones too) never see credentials
        env["COVLIFT_SANDBOX"] = "1"  # network beyond loopback blocked, memory bounded
        if seed is not None:
            env["COVLIFT_SHUFFLE"] = str(seed)
        argv = pytest_argv(python, [*extra_args, *map(str, test_paths)], workers=None, no_cov=False)
        argv = tuple(a for a in argv if a != "--no-cov")

        def make_command(attempt: int) -> SuiteCommand:
            return SuiteCommand(
                argv=argv,
                cwd=root,
                env=env,
                events=tmp / "events.jsonl",
                skip_file=tmp / "skip.txt",
                output=tmp / f"out-{attempt}.txt",
            )

        suite = run_suite(
            make_command,
            per_test_timeout=per_test_timeout,
            run_timeout=run_timeout,
            max_output_bytes=64 * 2**20,
        )
        outcomes = {t.nodeid: t.outcome for t in suite.tests}
        coverage = _read_contexts(tmp / "data", files, root) if contexts else {}
        details = _failure_details(tmp)
    return TestRun(
        seed=seed or 0, outcomes=outcomes, coverage=coverage, output_tail=suite.output_tail, details=details
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


def _recorded_names(data: CoverageData, root: Path) -> dict[str, str]:
    """Absolute real path -> the name the data file records it under.

    A project with ``relative_files = true`` records names relative to the directory
    the tests ran in (the project root); without this mapping none of them would match
    the absolute paths asked for, and every test would seem to reach nothing.
    """
    names: dict[str, str] = {}
    for name in data.measured_files():
        path = Path(name) if Path(name).is_absolute() else root / name
        names[os.path.realpath(path)] = name
    return names


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
