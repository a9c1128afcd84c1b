"""Run one case: build its arguments afresh, call it traced and guarded, report what happened.

Every call has a deadline: a coroutine is awaited through ``asyncio.wait_for`` (a
service loop that never ends is cancelled), other code is interrupted by SIGALRM.
A call that runs past it is a "hang" outcome, reported to the parent, and the
search goes on with the rest of the module.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import copy
import dataclasses
import datetime
import importlib
import inspect
import io
import signal
import socket
import sys
import threading
import time
import types
from typing import Any

from covlift_search_context import Fixtures
from covlift_search_guard import Blocked, CallTimeout, Guard
from covlift_search_values import PAIR, SENT, public_state, views_of


class Tracer:
    """Lines and arcs executed in one file, coverage.py-style (negative = code entry/exit)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.lines: set[int] = set()
        self.arcs: set[tuple[int, int]] = set()
        #: the last line run in the file: a bare ``raise`` there re-raised on purpose
        self.last_line = 0

    def __call__(self, frame: types.FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename != self.filename:
            return None
        code_start = frame.f_code.co_firstlineno
        last = [-code_start]
        lines, arcs = self.lines, self.arcs

        def local(frame: types.FrameType, event: str, arg: Any) -> Any:
            if event == "line":
                lineno = frame.f_lineno
                lines.add(lineno)
                arcs.add((last[0], lineno))
                last[0] = self.last_line = lineno
            elif event == "return":
                arcs.add((last[0], -code_start))
            return local

        return local


#: the builtins that read the real clock (an event loop's ``time.monotonic`` is the loop's own)
_CLOCKS = frozenset(
    {datetime.datetime.now, datetime.datetime.utcnow, datetime.datetime.today, datetime.date.today, time.time}
)


class ClockWatch:
    """A profile hook that notes whether the module under search read the real clock itself
    (an HTTP library's cookie jar reading ``time.time()`` is no behaviour of the module)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.read = False

    def __call__(self, frame: types.FrameType, event: str, arg: Any) -> None:
        if event == "c_call" and not self.read and frame.f_code.co_filename == self.filename:
            with contextlib.suppress(TypeError):  # an unhashable callable
                self.read = arg in _CLOCKS


@dataclasses.dataclass
class Outcome:
    kind: str  # "return", "raises", "rejected" (setup failed), "blocked", "hang"
    value: Any = None
    exc: BaseException | None = None
    obj: Any = None
    state_before: dict[str, Any] | None = None
    views_before: dict[str, Any] | None = None
    lines: set[int] = dataclasses.field(default_factory=set)
    arcs: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    last_line: int = 0
    detail: str = ""
    #: the module read the real clock (``datetime.now()``, ``date.today()``, ``time.time()``)
    #: during the call, and during the setup and steps that prepared it
    read_the_clock: bool = False
    prepared_on_the_clock: bool = False
    #: the requests a mocked HTTP transport of the case answered, in order (None: no such transport)
    sent: list[Any] | None = None
    #: the text files the call wrote under the test's tmp_path (path relative to it -> content),
    #: and what the one folder they are in holds after it (None: no tmp_path, or several folders)
    written: dict[str, str] | None = None
    listing: list[str] | None = None


class Executor:
    """Runs cases of one module: fixtures built as pytest would, effects guarded, calls timed."""

    def __init__(
        self, module: types.ModuleType, filename: str, fixtures: Fixtures, guard: Guard, timeout: float
    ) -> None:
        self.module = module
        self.filename = filename
        self.fixtures = fixtures
        self.guard = guard
        self.timeout = timeout

    def namespace(self, imports: frozenset[tuple[str, str]], with_tmp_path: bool = False) -> dict[str, Any]:
        ns: dict[str, Any] = {"__builtins__": builtins}
        if with_tmp_path:
            ns["tmp_path"] = self.fixtures.tmp_paths.fresh()
        for mod_name, name in imports:
            mod = importlib.import_module(mod_name)
            if name:  # "from unittest import mock" also imports a submodule
                has = hasattr(mod, name)
                ns[name] = getattr(mod, name) if has else importlib.import_module(f"{mod_name}.{name}")
            else:
                ns[mod_name.split(".")[0]] = importlib.import_module(mod_name.split(".")[0])
        return ns

    def run(self, case: dict[str, Any]) -> Outcome:
        """Build the arguments afresh, run the call traced and guarded, return what happened."""
        imports = frozenset(tuple(i) for i in case["imports"])
        teardowns: list[Any] = []
        try:
            code = " ".join([case.get("setup") or "", *(case.get("steps") or ()), case["call"]])
            wanted = self.fixtures.used_in(code)
            patch_code = " ".join(code for _, code, _ in case.get("patches") or ())
            ns = self.namespace(imports, with_tmp_path=bool(wanted) or "tmp_path" in patch_code)
            if f"{SENT}.append" in code:  # a mocked transport keeps what it was sent: a new list each run
                ns[SENT] = []
            if f"{PAIR}[" in code:  # a connected pair of sockets: the code gets one end, the test keeps both
                ns[PAIR] = socket.socketpair()
            preset = {"tmp_path": ns["tmp_path"]} if "tmp_path" in ns else {}
            values, teardowns = self.fixtures.build(wanted - {"tmp_path"}, preset)
            ns.update(values)
        except Exception:
            for generator in teardowns:
                generator.close()
            return Outcome("rejected")
        tracer = Tracer(self.filename)
        outcome = self._call(case, ns, tracer)
        for generator in reversed(teardowns):  # the code after a fixture's yield, as pytest runs it
            with contextlib.suppress(Exception):  # a failing teardown does not change what the call did
                next(generator)
        for end in ns.get(PAIR) or ():
            end.close()
        outcome.lines, outcome.arcs, outcome.last_line = tracer.lines, tracer.arcs, tracer.last_line
        if isinstance(ns.get(SENT), list):
            outcome.sent = list(ns[SENT])
        return outcome

    def _await(self, value: Any) -> Any:
        """Await a coroutine with the deadline; cancelled (a hang) when it runs past it."""
        return asyncio.run(_bounded(value, self.timeout))

    def _call(self, case: dict[str, Any], ns: dict[str, Any], tracer: Tracer) -> Outcome:
        sink = io.StringIO()
        undo: list[tuple[Any, str, Any]] = []
        clock, preparing = ClockWatch(self.filename), ClockWatch(self.filename)
        # the alarm is the backstop for code that is not a coroutine (and for a coroutine that
        # ignores its cancellation); building the object may take longer than the call (an http
        # client loads its certificates): the call's own deadline starts when the call does
        signal.setitimer(signal.ITIMER_REAL, max(5.0, self.timeout * 5))
        self.guard.active = True
        try:
            for path, code, _ in case.get("patches") or ():  # as monkeypatch.setattr(path, code)
                owner_name, attr = path.rsplit(".", 1)
                owner = importlib.import_module(owner_name)
                replacement = eval(code, ns)
                undo.append((owner, attr, getattr(owner, attr)))
                setattr(owner, attr, replacement)
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                obj = None
                before = None
                sys.setprofile(preparing)
                try:
                    if case.get("setup"):
                        obj = eval(case["setup"], ns)
                        ns["obj"] = obj
                    # steps only prepare the object: what they reach is not the test's to claim,
                    # since nothing asserts it; the call's own lines and arcs are
                    for step in case.get("steps") or ():
                        value = eval(step, ns)
                        if inspect.isawaitable(value):
                            self._await(value)
                finally:
                    sys.setprofile(None)
                views = None
                if obj is not None:
                    before = {k: _safe_copy(v) for k, v in public_state(obj).items()}
                    views = views_of(obj, "obj")
                root = ns.get("tmp_path") if "tmp_path" in case["call"] else None
                files_before = _files_under(root) if root is not None else None
                signal.setitimer(signal.ITIMER_REAL, self.timeout * 1.5)
                sys.setprofile(clock)
                threading.setprofile(clock)
                sys.settrace(tracer)
                threading.settrace(tracer)  # a web app under a test client runs in other threads
                try:
                    value = _evaluate(case["call"], ns)
                    if inspect.isawaitable(value) and case.get("stop"):
                        stop, startup = case["stop"], float(case.get("startup_s", STARTUP_S))
                        ended = _until_stopped(value, lambda: _evaluate(stop, ns), self.timeout, startup)
                        value = asyncio.run(ended)
                    elif inspect.isawaitable(value):
                        value = self._await(value)
                finally:
                    sys.settrace(None)
                    sys.setprofile(None)
                    threading.settrace(None)
                    threading.setprofile(None)
                outcome = Outcome(
                    "return",
                    value=value,
                    obj=obj,
                    state_before=before,
                    views_before=views,
                    read_the_clock=clock.read,
                    prepared_on_the_clock=preparing.read,
                )
                if root is not None and files_before is not None:
                    outcome.written, outcome.listing = _written(root, files_before)
                return outcome
        except Blocked as exc:
            sys.settrace(None)
            sys.setprofile(None)
            return Outcome("blocked", detail=str(exc))
        except (CallTimeout, _Hang):
            sys.settrace(None)
            sys.setprofile(None)
            return Outcome("hang", detail=f"ran past its {self.timeout:g} s deadline")
        except Exception as exc:  # the code under test raised
            sys.settrace(None)
            sys.setprofile(None)
            return Outcome("raises", exc=exc, read_the_clock=clock.read, prepared_on_the_clock=preparing.read)
        finally:
            self.guard.active = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            for owner, attr, original in reversed(undo):
                setattr(owner, attr, original)


#: what a test may assert of the files a call wrote: a few small text files
_MOST_FILES, _MOST_BYTES = 3, 2000


def _files_under(root: Any) -> dict[str, bytes | None] | None:
    """Files under ``root`` (relative path -> bytes; None for one too large to read);
    None when there are too many to say anything of."""
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        if len(found) > 20:
            return None
        if path.is_file():
            size = path.stat().st_size
            found[path.relative_to(root).as_posix()] = path.read_bytes() if size <= _MOST_BYTES else None
    return found


def _written(root: Any, before: dict[str, bytes | None]) -> tuple[dict[str, str] | None, list[str] | None]:
    """The text files the call created or changed, and the names ``root`` holds after it
    (a writer that leaves a temporary file behind shows it here)."""
    after = _files_under(root)
    if after is None:
        return None, None
    changed = {rel: data for rel, data in after.items() if rel not in before or before[rel] != data}
    if len(changed) > _MOST_FILES:
        return None, None
    texts: dict[str, str] = {}
    for rel, data in changed.items():
        try:
            text = data.decode("utf-8") if data is not None else None
        except UnicodeDecodeError:
            text = None
        if text is None:
            return None, None
        texts[rel] = text
    folders = {rel.rpartition("/")[0] for rel in texts}
    if len(folders) != 1:
        return texts, None
    folder = root.joinpath(*folders.pop().split("/"))
    return texts, sorted(p.name for p in folder.iterdir())


def is_statement(code: str) -> bool:
    """``del c[k]``, ``c[k] = v``, ``a += b``: code that is a statement, not an expression."""
    try:
        compile(code, "<case>", "eval")
    except SyntaxError:
        return True
    return False


def _evaluate(code: str, ns: dict[str, Any]) -> Any:
    """The value of an expression; None after a statement."""
    if is_statement(code):
        exec(compile(code, "<case>", "exec"), ns)
        return None
    return eval(code, ns)


class _Hang(BaseException):
    """A coroutine was cancelled at its deadline."""


async def _bounded(value: Any, timeout: float) -> Any:
    """The coroutine's result; a task still running at the deadline is cancelled (a hang)."""
    task = asyncio.ensure_future(value)
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        task.cancel()
        await asyncio.wait({task}, timeout=timeout)  # a loop that ignores cancel: the alarm ends it
        raise _Hang
    return task.result()


#: how long a service loop runs before its stop hook is called
STARTUP_S = 0.05


async def _until_stopped(value: Any, stop: Any, timeout: float, startup: float = STARTUP_S) -> Any:
    """Start a service loop, let it run a moment, call its stop hook, wait for it to end (a hang
    when it does not end within the deadline)."""
    task = asyncio.ensure_future(value)
    await asyncio.sleep(startup)
    stopped = stop()
    if inspect.isawaitable(stopped):
        await stopped
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        task.cancel()
        await asyncio.wait({task}, timeout=timeout)
        raise _Hang
    return task.result()


def _safe_copy(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except Exception:
        return value
