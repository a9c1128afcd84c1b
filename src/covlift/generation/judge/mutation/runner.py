"""Run a test file against mutants, many mutants per child process.

The child is ``_harness.py`` in the project's interpreter, started through the
one runner (:mod:`covlift.runner`: the sandbox's copy of the project as cwd, the
allow-listed environment, a temp HOME, no network), which runs the unmutated baseline first and
then every mutant in memory.  When a mutant makes the tests loop, the child's
watchdog ends it; this side records a timeout (which counts as killed, like
mutmut) and starts a new child for the mutants left.  A child that stops
answering altogether is killed from here after a grace period.  The project's
files are never written: mutants exist only inside the child.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from covlift.errors import CovliftError, NoTestsError, ProjectTestsError, UsageError
from covlift.generation.judge.mutation.model import (
    ERROR,
    INVALID,
    KILLED,
    SURVIVED,
    TIMEOUT,
    BaselineFailedError,
    Mutant,
    MutationResult,
)
from covlift.runner import RunPolicy, Sandbox

HARNESS = Path(__file__).with_name("_harness.py")
BASELINE = "__baseline__"
#: a mutant may take this many times the baseline's time before it counts as looping
TIMEOUT_FACTOR = 4.0
#: how long past a mutant's limit the parent waits before killing a silent child
GRACE_S = 5.0
POLL_S = 0.02
#: the unmutated run may take at least this long (or 3 x timeout_s) before it counts as hung
BASELINE_TIMEOUT_MIN_S = 30.0


@dataclass
class _Attempt:
    """What one child reported: results by id, the mutant it was on, the test it was in."""

    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    current: str | None = None
    current_test: str | None = None
    timed_out: str | None = None
    finished: bool = False
    fatal: dict[str, Any] | None = None

    def apply(self, event: dict[str, Any]) -> None:
        kind = event.get("e")
        if kind == "start":
            self.current, self.current_test = str(event["id"]), None
        elif kind == "test":
            self.current_test = str(event["test"])
        elif kind == "result":
            self.results[str(event["id"])] = event
            self.current = None
        elif kind == "timeout":
            self.timed_out = str(event["id"])
        elif kind == "finish":
            self.finished = True
        elif kind == "fatal":
            self.fatal = event


def run_mutants(
    root: Path,
    python: str,
    module: str,
    test_file: Path,
    mutants: Sequence[Mutant],
    *,
    test_ids: Sequence[str] | None = None,
    timeout_s: float = 10.0,
    stop_on_first: bool = True,
    box: Sandbox | None = None,
) -> list[MutationResult]:
    """Run the tests of ``test_file`` (or just ``test_ids``) against each mutant of ``module``.

    The tests must pass on the unmutated code first, else
    :class:`BaselineFailedError`.  A mutant gets ``timeout_s`` seconds, or
    ``TIMEOUT_FACTOR`` times the baseline's time when that is longer.  With
    ``stop_on_first=False`` every test runs against every mutant, so
    ``killed_by`` names all the tests that notice it (slower; what judging
    several candidate tests at once needs).  The tests run in ``box`` (a sandbox
    of ``root`` the caller already has), else in a sandbox of their own.
    """
    if not mutants:
        return []
    paths = {m.path for m in mutants}
    if len(paths) != 1:
        raise CovliftError(f"run_mutants takes mutants of one module, got {sorted(paths)}.")
    path = next(iter(paths))
    if not _names_same_module(module, path):
        raise UsageError(
            f"the module {module} is not the file {path}; pass the dotted name "
            "under which the tests import that file."
        )
    if box is None:
        if os.sep in python and not Path(python).is_absolute():
            python = str(Path(python).absolute())
        with Sandbox(Path(root), RunPolicy(spawn=False), python=python) as own:
            return run_mutants(
                root,
                python,
                module,
                test_file,
                mutants,
                test_ids=test_ids,
                timeout_s=timeout_s,
                stop_on_first=stop_on_first,
                box=own,
            )
    root = box.root
    python = box.python
    if os.sep in python and not Path(python).is_absolute():
        python = str(Path(python).absolute())  # the child starts in root, not here
    test_path = box.sandbox_path(test_file) if test_file.is_absolute() else root / test_file
    if not test_path.is_file():
        raise UsageError(f"the test file {test_file} does not exist; pass an existing test file.")
    work = Path(tempfile.mkdtemp(prefix="mutation-", dir=box.work))
    request = {
        "root": str(root),
        "module": module,
        "filename": str(root / path),
        "test_file": str(test_path),
        "test_ids": list(test_ids) if test_ids else None,
        "timeout": timeout_s,
        "baseline_timeout": max(3 * timeout_s, BASELINE_TIMEOUT_MIN_S),
        "timeout_factor": TIMEOUT_FACTOR,
        "stop_on_first": stop_on_first,
    }
    return _run_all(box, work, python, request, list(mutants))


def _names_same_module(module: str, path: str) -> bool:
    """``pkg.mod`` names ``[src/]pkg/mod.py``; ``pkg`` names ``[src/]pkg/__init__.py``."""
    stem = path.removesuffix(".py").removesuffix("/__init__")
    dotted = module.replace(".", "/")
    return stem == dotted or stem.endswith("/" + dotted)


def _run_all(
    box: Sandbox, work: Path, python: str, request: dict[str, Any], mutants: list[Mutant]
) -> list[MutationResult]:
    by_id = {m.id: m for m in mutants}  # a mutant given twice runs once
    done: dict[str, MutationResult] = {}
    baseline_done = False
    attempt_no = 0
    while len(done) < len(by_id):
        attempt_no += 1
        pending = [m for m in by_id.values() if m.id not in done]
        request = {
            **request,
            "baseline": not baseline_done,
            "mutants": [{"id": m.id, "source": m.source} for m in pending],
            "results": str(work / f"events-{attempt_no}.jsonl"),
        }
        state, returncode, log = _run_child(box, work, python, request, attempt_no)
        if state.fatal is not None:
            raise UsageError(f"pytest is not installed for {python}; run '{python} -m pip install pytest'.")
        if not baseline_done:
            baseline = state.results.get(BASELINE)
            if baseline is None:
                raise _baseline_crash(state, returncode, log)
            _check_baseline(baseline, log)
            request["timeout"] = float(baseline.get("timeout", request["timeout"]))
            baseline_done = True
        before = len(done)
        for mutant_id, event in state.results.items():
            if mutant_id in by_id:
                done[mutant_id] = classify(by_id[mutant_id], event)
        if state.current is not None and state.current in by_id and state.current not in done:
            mutant = by_id[state.current]
            killed_by = (state.current_test,) if state.current_test else ()
            if state.timed_out == state.current or returncode is None:
                done[mutant.id] = MutationResult(mutant, killed_by, TIMEOUT)
            else:
                done[mutant.id] = MutationResult(
                    mutant, (), ERROR, f"the test process died ({_describe(returncode)})"
                )
        if len(done) == before and len(done) < len(by_id):
            raise ProjectTestsError(
                f"the mutation harness stopped without a result ({_describe(returncode)}): "
                f"{_last_line(log)}; rerun with --debug and report it."
            )
    return [done[m.id] for m in mutants]


def classify(mutant: Mutant, event: dict[str, Any]) -> MutationResult:
    """Turn one harness result event into a :class:`MutationResult`."""
    failed = tuple(str(t) for t in event.get("failed", ()))
    if event.get("import_error"):
        return MutationResult(
            mutant, (), INVALID, f"the mutated module fails to import: {event['import_error']}"
        )
    if event.get("collect_errors"):
        first = event["collect_errors"][0]
        return MutationResult(mutant, (), INVALID, f"collection failed: {first}")
    if event.get("crash"):
        return MutationResult(mutant, (), ERROR, f"the test run ended with {event['crash']}")
    if failed:
        return MutationResult(mutant, failed, KILLED)
    if int(event.get("exit", 0)) not in (0, 1):
        return MutationResult(mutant, (), ERROR, f"pytest exited with code {event['exit']}")
    detail = "" if event.get("served", True) else "the tests never imported the mutated module"
    return MutationResult(mutant, (), SURVIVED, detail)


def _check_baseline(event: dict[str, Any], log: str) -> None:
    failed = tuple(str(t) for t in event.get("failed", ()))
    messages = event.get("messages", {})
    if failed:
        first = failed[0]
        why = f" ({messages[first]})" if messages.get(first) else ""
        raise BaselineFailedError(
            f"{len(failed)} test(s) fail on the unmutated code, e.g. {first}{why}; "
            "fix them (or leave them out) before checking mutants.",
            failed,
        )
    if event.get("collect_errors"):
        raise BaselineFailedError(
            f"the tests do not collect on the unmutated code ({event['collect_errors'][0]}); "
            "fix the import before checking mutants."
        )
    code = int(event.get("exit", 0))
    if code == 5 or int(event.get("ran", 0)) == 0:
        raise NoTestsError(
            "pytest collected no tests to run against the mutants; check the test file and the test ids."
        )
    if code != 0 or event.get("crash"):
        raise BaselineFailedError(
            f"pytest could not run the tests on the unmutated code (exit {code}"
            f"{', ' + event['crash'] if event.get('crash') else ''}): {_last_line(log)}; "
            "run them with pytest to see why."
        )


def _baseline_crash(state: _Attempt, returncode: int | None, log: str) -> ProjectTestsError:
    if state.timed_out == BASELINE or returncode is None:
        test = f" (in {state.current_test})" if state.current_test else ""
        return BaselineFailedError(
            f"the tests did not finish on the unmutated code{test}; fix the hang before checking mutants.",
            (state.current_test,) if state.current_test else (),
        )
    return ProjectTestsError(
        f"the tests could not run on the unmutated code ({_describe(returncode)}): "
        f"{_last_line(log)}; run them with pytest to see why."
    )


def _run_child(
    box: Sandbox,
    work: Path,
    python: str,
    request: dict[str, Any],
    attempt_no: int,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[_Attempt, int | None, str]:
    """One harness process, watched until it ends; returncode None when it had to be killed."""
    request_path = work / f"request-{attempt_no}.json"
    request_path.write_text(json.dumps(request), encoding="utf-8")
    log_path = work / f"log-{attempt_no}.txt"
    events_path = Path(request["results"])
    state, offset = _Attempt(), 0
    last_seen, killed = clock(), False
    with log_path.open("wb") as log:
        try:
            proc = box.popen(
                [python, str(HARNESS), str(request_path)],
                extra_env={"PYTHONHASHSEED": "0", "PYTHONUNBUFFERED": "1"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        except OSError as exc:
            raise UsageError(f"cannot run the interpreter {python} ({exc}); pass --python PATH.") from exc
        try:
            while True:
                exited = proc.poll() is not None
                chunk, offset = _read_from(events_path, offset)
                for line in chunk.splitlines():
                    if line.strip():
                        state.apply(json.loads(line))
                        last_seen = clock()
                if exited:
                    break
                if clock() - last_seen > _silence_limit(request, state):
                    killed = True
                    break
                time.sleep(POLL_S)
        finally:
            _kill_group(proc)
            proc.wait()
    return state, None if killed else proc.returncode, _tail(log_path)


def _silence_limit(request: dict[str, Any], state: _Attempt) -> float:
    """How long the child may go without a word: its own watchdog's limit plus a grace."""
    if request["baseline"] and BASELINE not in state.results:
        return float(request["baseline_timeout"]) + GRACE_S
    baseline = state.results.get(BASELINE, {})
    return float(baseline.get("timeout", request["timeout"])) + GRACE_S


def _read_from(path: Path, offset: int) -> tuple[str, int]:
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            data = fh.read()
    except FileNotFoundError:
        return "", offset
    cut = data.rfind(b"\n") + 1  # complete lines only
    return data[:cut].decode("utf-8", "replace"), offset + cut


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _describe(returncode: int | None) -> str:
    if returncode is None:
        return "it stopped answering and was killed"
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit code {returncode}"


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return data[-limit:].decode("utf-8", "replace")


def _last_line(log: str) -> str:
    lines = [line.strip() for line in log.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no output"
