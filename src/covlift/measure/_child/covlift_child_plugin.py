"""pytest plugin that covlift loads into the project's own interpreter.

It must import nothing but the standard library, pytest and coverage, because
the project's virtualenv need not have covlift installed: covlift puts this
directory on PYTHONPATH and passes ``-p covlift_child_plugin``.

What it does, driven by environment variables set by covlift's parent process:
  COVLIFT_COV      JSON settings for coverage.Coverage; coverage starts at import,
                   before conftest files load, like pytest-cov does.
  COVLIFT_EVENTS   a JSON-lines file; one line per collected set, test start,
                   test finish and coverage flush.  The parent tails it to spot
                   a test that hangs or kills the process, and to know which
                   finished tests' coverage is already safe on disk.
  COVLIFT_SKIP     a file of node ids to deselect (tests already measured, or
                   tests that misbehaved in an earlier attempt).
  COVLIFT_SHARD    "K/N": keep a deterministic 1/N of the selected tests.
  COVLIFT_REPORT   JSON paths and settings: once the session has finished, this
                   process (not an xdist worker) combines the data directory and
                   writes coverage.py's JSON report, then a status file, as the
                   report step covlift would otherwise start a second interpreter
                   for.  A process that dies first writes nothing, and covlift
                   makes the report itself from the data on disk.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import time
from typing import Any, ClassVar, NoReturn

import coverage
import pytest

_settings: dict[str, Any] = json.loads(os.environ.get("COVLIFT_COV", "{}"))
_events_path = os.environ.get("COVLIFT_EVENTS")
_flush_interval = float(_settings.pop("flush_interval", 1.0))
#: record which test ran each line (coverage.py dynamic contexts, like pytest-cov's --cov-context)
_contexts = bool(_settings.pop("contexts", False))
_events = open(_events_path, "a", buffering=1, encoding="utf-8") if _events_path else None  # noqa: SIM115
_report_args: dict[str, Any] | None = (
    json.loads(os.environ["COVLIFT_REPORT"]) if os.environ.get("COVLIFT_REPORT") else None
)
#: the process, directory and environment the report step runs with, whatever the tests changed
_pid, _cwd, _environ = os.getpid(), os.getcwd(), dict(os.environ)


def _emit(**event: Any) -> None:
    if _events is not None:
        event["pid"] = os.getpid()
        _events.write(json.dumps(event) + "\n")


def _sandbox(memory_mb: int) -> None:
    """Validation runs: no network beyond loopback, bounded memory (COVLIFT_SANDBOX)."""
    import sys

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "socket.connect" and len(args) > 1:
            address = args[1]
            host = address[0] if isinstance(address, tuple) and address else ""
            if host and host not in ("127.0.0.1", "::1", "localhost"):
                raise OSError(f"covlift sandbox: network access to {host} is blocked")

    sys.addaudithook(audit)
    try:
        import resource

        limit = memory_mb * 2**20
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


if os.environ.get("COVLIFT_SANDBOX"):
    _sandbox(int(os.environ.get("COVLIFT_SANDBOX_MEMORY_MB", "4096")))

_cov = coverage.Coverage(
    data_file=_settings["data_file"],
    data_suffix=True,
    branch=True,
    source=_settings.get("source"),
    omit=_settings.get("omit"),
    config_file=_settings.get("config_file", True),
)
_cov.start()
try:
    _core = _cov._collector.tracer_name() if _cov._collector else ""
except Exception:
    _core = ""
_emit(e="core", core=_core)


def _save() -> None:
    try:
        _cov.stop()
        _cov.save()
    except Exception:
        pass
    if _report_args is not None and _State.finished and os.getpid() == _pid:
        _write_report(_report_args)


def _branch_mode(data: Any) -> None:
    """Record branch mode even when nothing ran: data without it reports no branches at all,
    so a file no test touched would show 0 branches instead of all of them missing."""
    if not data.has_arcs():
        with contextlib.suppress(coverage.exceptions.DataError):  # line data from elsewhere
            data.add_arcs({})


def _coverage_report(args: dict[str, Any], json_out: str) -> dict[str, Any]:
    """What covlift.measure.interpreter's _REPORT does after a run: combine, then the JSON report."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cov = coverage.Coverage(
            data_file=args["data_file"],
            branch=True,
            source=args.get("source"),
            omit=args.get("omit"),
            config_file=True,
            messages=False,
        )
        cov.combine([args["data_dir"]], keep=True)
        _branch_mode(cov.get_data())
        cov.save()
        cov.json_report(outfile=json_out, ignore_errors=True)
    return {"ok": True}


#: makes the report; covlift_slipcover_hook puts its collector's in place of coverage.py's
_make_report = _coverage_report


def _write_report(args: dict[str, Any]) -> None:
    """The report, then the status saying it is complete; on any error, neither (covlift makes it)."""
    json_out, status = args["json_out"], args["status"]
    try:
        if os.environ != _environ:
            os.environ.clear()
            os.environ.update(_environ)
        os.chdir(_cwd)
        result = _make_report(args, f"{json_out}.partial")
        if result.get("ok"):
            os.replace(f"{json_out}.partial", json_out)
        with open(f"{status}.partial", "w", encoding="utf-8") as fh:
            fh.write(json.dumps(result))
        os.replace(f"{status}.partial", status)
    except Exception:
        pass


atexit.register(_save)

_real_exit = os._exit


def _exit_keeping_coverage(status: int) -> NoReturn:
    """A test calling ``os._exit`` skips atexit: save what the process ran before it goes (only in
    this process, not in a child forked from it, whose data is not ours to write)."""
    if os.getpid() == _pid:
        _save()
    _real_exit(status)


os._exit = _exit_keeping_coverage


def _flush_on_signal(signum: int, frame: Any) -> None:
    """covlift sends SIGUSR1 before it kills a hung test, so what it ran so far is kept."""
    try:
        _cov.get_data()
    finally:
        _emit(e="flush-partial")


if hasattr(signal, "SIGUSR1"):
    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGUSR1, _flush_on_signal)


def _children() -> set[int]:
    """Direct child processes of this process (Linux /proc; empty elsewhere)."""
    pid = os.getpid()
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return {int(p) for p in fh.read().split()}
    except OSError:
        return set()


def _process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8") as fh:
            return fh.read().strip()
    except OSError:
        return "?"


class _State:
    #: the pytest-xdist controller: its workers report tests, it stays quiet
    controller = False
    #: this process ran the session to its end (and is not an xdist worker): it may write the report
    finished = False
    last_flush = time.monotonic()
    children_before: ClassVar[set[int]] = set()
    outcome: ClassVar[dict[str, str]] = {}
    duration: ClassVar[dict[str, float]] = {}
    #: the first failure's one-line message per test (what `validate` shows as the reason)
    detail: ClassVar[dict[str, str]] = {}


def _failure_line(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    message = getattr(crash, "message", None)
    if not message:
        lines = [ln.strip() for ln in str(report.longrepr).splitlines() if ln.strip()]
        message = lines[-1] if lines else ""
    first = " ".join(str(message).split())
    return first[:300]


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    _State.controller = config.pluginmanager.has_plugin("dsession") and not hasattr(config, "workerinput")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip: set[str] = set()
    skip_file = os.environ.get("COVLIFT_SKIP")
    if skip_file and os.path.exists(skip_file):
        with open(skip_file, encoding="utf-8") as fh:
            skip = {line.rstrip("\n") for line in fh if line.strip()}
    shard = os.environ.get("COVLIFT_SHARD")
    keep, drop = [], []
    shuffle_seed = os.environ.get("COVLIFT_SHUFFLE")
    if shuffle_seed:
        import random

        random.Random(int(shuffle_seed)).shuffle(items)
    if shard:
        k, n = (int(x) for x in shard.split("/"))
        ordered = sorted(items, key=lambda it: it.nodeid)
        chosen = {it.nodeid for i, it in enumerate(ordered) if i % n == k - 1}
    for item in items:
        if item.nodeid in skip or (shard and item.nodeid not in chosen):
            drop.append(item)
        else:
            keep.append(item)
    whole = len(items)  # before sharding: a shard of 0 tests from a suite that has some is valid
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    _emit(e="collected", ids=[it.nodeid for it in items], whole=whole)


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed and not _State.controller:
        _emit(e="collect-error", id=report.nodeid, detail=str(report.longrepr)[-2000:])


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    if _State.controller:
        return
    _State.children_before = _children()
    if _contexts:
        _cov.switch_context(nodeid)
    _emit(e="start", id=nodeid, t=time.time())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    yield
    if call.excinfo is not None and call.excinfo.errisinstance(SystemExit):
        code = getattr(call.excinfo.value, "code", None)
        _emit(e="incident", id=item.nodeid, kind="exit", detail=f"called sys.exit({code!r})")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if _State.controller:
        return
    nodeid = report.nodeid
    current = _State.outcome.get(nodeid)
    _State.duration[nodeid] = _State.duration.get(nodeid, 0.0) + report.duration
    wasxfail = hasattr(report, "wasxfail")
    new: str
    if report.when == "call":
        new = ("xfailed" if report.skipped else "xpassed") if wasxfail else report.outcome
    elif report.failed:
        new = "error" if current in (None, "passed") else current
    elif report.skipped:
        new = "xfailed" if wasxfail else "skipped"
    else:
        new = current or "passed"
    _State.outcome[nodeid] = new
    if report.failed and nodeid not in _State.detail:
        _State.detail[nodeid] = _failure_line(report)


def pytest_runtest_logfinish(nodeid: str, location: Any) -> None:
    if _State.controller:
        return
    if _contexts:
        _cov.switch_context("")
    leftover = _children() - _State.children_before
    if leftover:
        names = ", ".join(f"{pid} ({_process_name(pid)})" for pid in sorted(leftover))
        _emit(e="incident", id=nodeid, kind="child-process", detail=f"left running: {names}")
    done: dict[str, Any] = {
        "e": "done",
        "id": nodeid,
        "outcome": _State.outcome.pop(nodeid, "passed"),
        "dur": round(_State.duration.pop(nodeid, 0.0), 6),
    }
    detail = _State.detail.pop(nodeid, "")
    if detail:
        done["detail"] = detail
    _emit(**done)
    now = time.monotonic()
    if now - _State.last_flush >= _flush_interval:
        _cov.get_data()  # writes what the finished tests ran to the data file
        _State.last_flush = now
        _emit(e="flush")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _cov.get_data()
    _emit(e="flush")
    _emit(e="finish", status=int(exitstatus))
    _State.finished = not hasattr(session.config, "workerinput")
