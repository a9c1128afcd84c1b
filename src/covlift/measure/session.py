"""Run the project's pytest suite so that no single test can sink the measurement.

The child pytest process reports every test start, finish and coverage flush
to an events file (see ``_child/covlift_child_plugin.py``).  This module
watches that file and the process:

* a test running past the per-test timeout, or the run flooding its output,
  gets the process group killed;
* a process that dies mid-test (``os._exit``, a segfault, a kill) is noticed;

and in each case the suite is started again without the tests whose coverage
is already safely flushed and without the offender, until every test has
either run or been reported as an :class:`Incident`.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from covlift.measure.reap import TOKEN_VAR, kill_marked
from covlift.model import Incident, TestOutcome

POLL_S = 0.05


@dataclass(frozen=True, slots=True)
class SuiteCommand:
    """How to start one pytest attempt; the skip file lists node ids to leave out."""

    argv: tuple[str, ...]
    cwd: Path
    env: dict[str, str]
    events: Path
    skip_file: Path
    output: Path


@dataclass(frozen=True, slots=True)
class SuiteResult:
    """All attempts together: last outcome per test, incidents, and pytest's last exit code."""

    tests: tuple[TestOutcome, ...]
    incidents: tuple[Incident, ...]
    collected: int
    pytest_exit: int | None
    attempts: int
    collect_errors: tuple[tuple[str, str], ...]
    core: str
    output_tail: str
    #: tests the suite has before sharding: 0 collected of a non-empty suite is an empty shard
    whole: int = 0


@dataclass
class _Attempt:
    """What one child process reported, read from the events file."""

    collected: set[str] = field(default_factory=set)
    running: dict[int, tuple[str, float]] = field(default_factory=dict)  # pid -> (nodeid, start)
    done: dict[str, TestOutcome] = field(default_factory=dict)
    unflushed: dict[int, list[str]] = field(default_factory=dict)  # pid -> done, not yet flushed
    flushed: set[str] = field(default_factory=set)
    incidents: list[Incident] = field(default_factory=list)
    collect_errors: list[tuple[str, str]] = field(default_factory=list)
    crashed: set[str] = field(default_factory=set)
    partial_flushes: int = 0
    finished: bool = False
    core: str = ""
    #: tests the suite has before sharding (and before the skip list)
    whole: int = 0

    def reap_dead_workers(self) -> None:
        """A pytest-xdist worker that died mid-test: xdist goes on, covlift records it."""
        for pid, (nodeid, _) in list(self.running.items()):
            if not _alive(pid):
                del self.running[pid]
                self.crashed.add(nodeid)
                self.done[nodeid] = TestOutcome(nodeid, "crashed", 0.0)
                self.incidents.append(
                    Incident(nodeid, "crashed", "the pytest-xdist worker died in the middle of the test")
                )

    def apply(self, event: dict[str, object]) -> None:
        kind, pid = event.get("e"), int(event.get("pid", 0))  # type: ignore[call-overload]
        if kind == "collected":
            self.collected.update(str(i) for i in event["ids"])  # type: ignore[attr-defined]
            self.whole = max(self.whole, int(event.get("whole", 0)))  # type: ignore[call-overload]
        elif kind == "start":
            self.running[pid] = (str(event["id"]), time.monotonic())
        elif kind == "done":
            nodeid = str(event["id"])
            self.running.pop(pid, None)
            self.done[nodeid] = TestOutcome(nodeid, str(event["outcome"]), float(event["dur"]))  # type: ignore[arg-type]
            self.unflushed.setdefault(pid, []).append(nodeid)
        elif kind == "flush":
            self.flushed.update(self.unflushed.pop(pid, []))
        elif kind == "incident":
            self.incidents.append(Incident(str(event["id"]), str(event["kind"]), str(event["detail"])))
        elif kind == "collect-error":
            self.collect_errors.append((str(event["id"]), str(event["detail"])))
        elif kind == "flush-partial":
            self.partial_flushes += 1
        elif kind == "finish":
            self.finished = True
        elif kind == "core":
            self.core = self.core or str(event.get("core", ""))


class _EventReader:
    """Reads complete lines appended to the events file since the last call."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.partial = ""

    def read(self) -> list[dict[str, object]]:
        try:
            with self.path.open(encoding="utf-8") as fh:
                fh.seek(self.offset)
                chunk = fh.read()
                self.offset = fh.tell()
        except FileNotFoundError:
            return []
        text = self.partial + chunk
        lines = text.split("\n")
        self.partial = lines.pop()
        events = []
        for line in lines:
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
        return events


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"the test process was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"the test process was killed by signal {-code}"
    return f"the test process exited with code {code} in the middle of the test (os._exit?)"


def run_suite(
    make_command: Callable[[int], SuiteCommand],
    *,
    per_test_timeout: float,
    run_timeout: float,
    max_output_bytes: int,
    on_progress: Callable[[int, int], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> SuiteResult:
    """Run attempts until every selected test has run or misbehaved; see the module docstring."""
    deadline = clock() + run_timeout
    outcomes: dict[str, TestOutcome] = {}
    incidents: list[Incident] = []
    safe: set[str] = set()  # tests whose coverage is flushed to disk
    offenders: set[str] = set()
    collected: set[str] = set()
    whole = 0
    collect_errors: dict[str, str] = {}
    core, exit_code, tail, attempt_no = "", None, "", 0
    while True:
        attempt_no += 1
        command = make_command(attempt_no)
        command.skip_file.write_text("\n".join(sorted(safe | offenders)) + "\n", encoding="utf-8")
        state, exit_code, reason = _run_attempt(
            command,
            state_deadline=deadline,
            per_test_timeout=per_test_timeout,
            max_output_bytes=max_output_bytes,
            already=len(safe),
            on_progress=on_progress,
            clock=clock,
        )
        tail = _tail(command.output)
        core = core or state.core
        collected |= state.collected
        whole = max(whole, state.whole)
        for nodeid, detail in state.collect_errors:
            collect_errors.setdefault(nodeid, detail)
        for nodeid, outcome in state.done.items():
            # a test rerun only because its coverage was not yet flushed keeps its first outcome:
            # a failure seen once must not be hidden by a pass on the rerun
            outcomes.setdefault(nodeid, outcome)
        safe |= state.flushed
        incidents.extend(state.incidents)
        offenders |= state.crashed
        running = [nodeid for nodeid, _ in state.running.values()]
        if reason is None and not state.finished and running:
            reason = ("crashed", _describe_exit(exit_code if exit_code is not None else -9))
        for nodeid in running:
            if reason is None:
                break
            offenders.add(nodeid)
            outcomes[nodeid] = TestOutcome(nodeid, reason[0], 0.0)
            incidents.append(Incident(nodeid, reason[0], reason[1]))
        if reason is not None and reason[0] == "run-timeout":
            remaining = sorted(collected - set(outcomes) - offenders)
            shown = ", ".join(remaining[:5]) + (
                f" and {len(remaining) - 5} more" if len(remaining) > 5 else ""
            )
            incidents.append(
                Incident(
                    "",
                    "run-timeout",
                    f"{reason[1]}; {len(remaining)} test(s) did not run"
                    + (f": {shown}" if remaining else ""),
                )
            )
            break
        if reason is None or not running or not (collected - safe - offenders):
            break
    return SuiteResult(
        tests=tuple(outcomes[n] for n in sorted(outcomes)),
        incidents=tuple(dict.fromkeys(incidents)),
        collected=len(collected),
        pytest_exit=exit_code,
        attempts=attempt_no,
        collect_errors=tuple(sorted(collect_errors.items())),
        core=core,
        output_tail=tail,
        whole=whole,
    )


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(max(0, path.stat().st_size - limit))
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _run_attempt(
    command: SuiteCommand,
    *,
    state_deadline: float,
    per_test_timeout: float,
    max_output_bytes: int,
    already: int,
    on_progress: Callable[[int, int], None] | None,
    clock: Callable[[], float],
) -> tuple[_Attempt, int | None, tuple[str, str] | None]:
    """One child pytest process, watched until it ends or is killed."""
    state = _Attempt()
    command.events.unlink(missing_ok=True)
    reader = _EventReader(command.events)
    with command.output.open("wb") as out:
        proc = subprocess.Popen(
            command.argv,
            cwd=command.cwd,
            env=command.env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        reason: tuple[str, str] | None = None
        pause = _Pause(proc)
        try:
            while True:
                exited = proc.poll() is not None
                for event in reader.read():
                    state.apply(event)
                if on_progress is not None:
                    on_progress(
                        already + len(state.flushed) + sum(map(len, state.unflushed.values())),
                        len(state.collected) + already,
                    )
                if exited:
                    break
                if len(state.running) > 1 or (state.running and proc.pid not in state.running):
                    state.reap_dead_workers()
                now = clock()
                for _nodeid, started in state.running.values():
                    if now - started > per_test_timeout:
                        reason = ("timeout", f"still running after {per_test_timeout:g}s; stopped")
                        break
                if reason is None and _output_size(command.output, state.running) > max_output_bytes:
                    reason = (
                        "output-flood",
                        f"wrote more than {max_output_bytes // 2**20} MiB of output; stopped",
                    )
                if reason is None and now > state_deadline:
                    reason = ("run-timeout", "the whole run passed --timeout")
                if reason is not None:
                    if reason[0] != "output-flood":
                        _ask_to_flush(proc, state, reader)
                    _kill_group(proc)
                    proc.wait()
                    for event in reader.read():
                        state.apply(event)
                    break
                pause(POLL_S)
        finally:
            pause.close()
            if proc.poll() is None:
                _kill_group(proc)
                proc.wait()
            _kill_group(proc)  # whatever the tests left running in the group
            token = command.env.get(TOKEN_VAR)
            if token:  # and what left the group (start_new_session=True, setsid, a daemon)
                kill_marked(token)
    return state, proc.returncode, reason


class _Pause:
    """``pause(seconds)``: sleep, but wake up as soon as the process exits (a pidfd on Linux).

    The watcher polls every POLL_S; without this, every run would end up to
    POLL_S after its test process did.
    """

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.fd: int | None = None
        self.poller: Any = None
        try:
            self.fd = os.pidfd_open(proc.pid)
            self.poller = select.poll()
            self.poller.register(self.fd, select.POLLIN)
        except (AttributeError, OSError):  # not Linux, or a kernel before 5.3
            self.close()

    def __call__(self, seconds: float) -> None:
        if self.poller is None:
            time.sleep(seconds)
        else:
            self.poller.poll(seconds * 1000)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
        self.fd, self.poller = None, None


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _size(path: Path | str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def _output_size(output: Path, running: dict[int, tuple[str, float]]) -> int:
    """Bytes written so far, including what pytest captures into its temp files.

    pytest's fd capture points a running test's stdout/stderr at a temp file;
    on Linux /proc/PID/fd/1 and /2 reach it, so a test that floods output is
    caught even when pytest captures it.
    """
    captured = max((_size(f"/proc/{pid}/fd/{fd}") for pid in running for fd in (1, 2)), default=0)
    return max(_size(output), captured)


def _ask_to_flush(
    proc: subprocess.Popen[bytes], state: _Attempt, reader: _EventReader, wait_s: float = 2.0
) -> None:
    """SIGUSR1 the processes running a test, so the child plugin saves their coverage."""
    before = state.partial_flushes
    targets = set(state.running) or {proc.pid}
    for pid in targets:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGUSR1)
    give_up = time.monotonic() + wait_s
    while time.monotonic() < give_up and state.partial_flushes - before < len(targets):
        for event in reader.read():
            state.apply(event)
        time.sleep(POLL_S)


def pytest_argv(python: str, extra: Sequence[str], *, workers: str | None, no_cov: bool) -> tuple[str, ...]:
    """The pytest command line covlift runs in the project."""
    argv = [
        python,
        "-m",
        "pytest",
        "-p",
        "covlift_child_plugin",
        "-p",
        "no:cacheprovider",
        "--continue-on-collection-errors",
        "-q",
        "-rN",
    ]
    if no_cov:
        argv.append("--no-cov")
    if workers:
        argv += ["-n", workers]
    return (*argv, *extra)
