"""covlift's mutation harness, run inside the project's own interpreter.

Standard library and pytest only: the project's virtualenv need not have
covlift.  The parent (covlift.generation.judge.mutation.runner) writes a JSON request and reads
JSON lines back:

    python _harness.py REQUEST.json

For each mutant it serves the mutated source for the module through a
``sys.meta_path`` finder (compiled under the module's real file name, never
written to disk), forgets every project module so the tests import afresh,
and runs the tests in this process with ``pytest.main``, recording which
failed.  A watchdog thread ends the process when one mutant runs past its
time limit; the parent then starts a new harness for the mutants left.
An optional baseline run (no mutant) comes first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if sys.path and sys.path[0] == str(Path(__file__).resolve().parent):
    sys.path[0] = str(Path.cwd())  # like `python -m pytest`: the project root, not covlift's folder

import gc
import importlib.abc
import importlib.machinery
import importlib.util
import json
import linecache
import threading
import time
import types
from collections.abc import Sequence
from typing import Any, TextIO

TIMEOUT_EXIT = 3


class Events:
    """JSON lines to the results file, flushed one by one so a killed run loses nothing."""

    def __init__(self, path: str) -> None:
        self._fh: TextIO = Path(path).open("a", encoding="utf-8")  # noqa: SIM115 -- lives as long as the process
        self._lock = threading.Lock()

    def emit(self, **event: Any) -> None:
        with self._lock:
            self._fh.write(json.dumps(event) + "\n")
            self._fh.flush()


class MutantFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the current mutant's source for one module name; lets everything else through."""

    def __init__(self, module: str, filename: str) -> None:
        self.module, self.filename = module, filename
        self.source: str | None = None
        self.served = False
        self.import_error = ""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.module or self.source is None:
            return None
        file = Path(self.filename)
        return importlib.util.spec_from_file_location(
            fullname,
            self.filename,
            loader=self,
            submodule_search_locations=[str(file.parent)] if file.name == "__init__.py" else None,
        )

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        assert self.source is not None
        self.served = True
        try:
            code = compile(self.source, self.filename, "exec", dont_inherit=True)
            exec(code, module.__dict__)
        except BaseException as exc:
            self.import_error = self.import_error or f"{type(exc).__name__}: {exc}"[:300]
            raise

    def get_source(self, fullname: str) -> str | None:
        return self.source if fullname == self.module else None

    def use(self, source: str | None) -> None:
        """Serve ``source`` from now on (None: the real module); show it in tracebacks."""
        self.source, self.served, self.import_error = source, False, ""
        if source is None:
            linecache.cache.pop(self.filename, None)
        else:
            lines = source.splitlines(keepends=True)
            linecache.cache[self.filename] = (len(source), None, lines, self.filename)


class Collector:
    """pytest plugin: which tests failed, which is running, whether collection broke."""

    def __init__(self, events: Events, mutant_id: str) -> None:
        self.events, self.mutant_id = events, mutant_id
        self.failed: list[str] = []
        self.messages: dict[str, str] = {}
        self.collect_errors: list[str] = []
        self.ran = 0

    def pytest_configure(self, config: Any) -> None:
        """Run in this process even when addopts asks pytest-xdist for workers.

        Workers would not see the import hook.  xdist reads these options in its own
        pytest_configure, marked trylast so it runs after this one, once its
        cmdline_main has turned ``-n N`` into them.
        """
        option = config.option
        if getattr(option, "dist", "no") != "no" or getattr(option, "tx", None):
            option.dist, option.tx = "no", []
        if getattr(option, "numprocesses", None):
            option.numprocesses = 0

    def pytest_runtest_logstart(self, nodeid: str, location: object) -> None:
        self.ran += 1
        self.events.emit(e="test", id=self.mutant_id, test=nodeid)

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed and report.nodeid not in self.failed:
            self.failed.append(report.nodeid)
            crash = getattr(report.longrepr, "reprcrash", None)
            message = (getattr(crash, "message", "") or str(report.longrepr or "")).strip()
            self.messages[report.nodeid] = message.splitlines()[0][:300] if message else ""

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            text = str(report.longrepr or "").strip().splitlines()
            self.collect_errors.append(f"{report.nodeid}: {text[-1] if text else 'error'}"[:300])


class Watchdog:
    """Ends the process when one run goes past its limit; a pure-Python loop cannot stop it."""

    def __init__(self, events: Events) -> None:
        self.events = events
        self._armed: tuple[str, float] | None = None
        self._cond = threading.Condition()
        threading.Thread(target=self._watch, name="covlift-watchdog", daemon=True).start()

    def arm(self, mutant_id: str, seconds: float) -> None:
        with self._cond:
            self._armed = (mutant_id, time.monotonic() + seconds)
            self._cond.notify()

    def disarm(self) -> None:
        with self._cond:
            self._armed = None
            self._cond.notify()

    def _watch(self) -> None:
        with self._cond:
            while True:
                if self._armed is None:
                    self._cond.wait()
                    continue
                mutant_id, deadline = self._armed
                left = deadline - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                self.events.emit(e="timeout", id=mutant_id)
                os._exit(TIMEOUT_EXIT)


def _forget_project_modules(root: str, module: str) -> None:
    """Drop every module imported from the project (and the mutated package) from sys.modules."""
    root = os.path.realpath(root) + os.sep
    top = module.split(".")[0]
    prefixes = tuple({os.path.realpath(p) + os.sep for p in (sys.prefix, sys.base_prefix)})
    for name, mod in list(sys.modules.items()):
        if name == top or name.startswith(top + "."):
            del sys.modules[name]
            continue
        filename = getattr(mod, "__file__", None)
        if not filename or filename.endswith((".so", ".pyd")) or name == "__main__":
            continue
        real = os.path.realpath(filename)
        if real.startswith(root) and not real.startswith(prefixes) and "site-packages" not in real:
            del sys.modules[name]


def _pytest_args(request: dict[str, Any], baseline: bool) -> list[str]:
    args = list(request["test_ids"] or [request["test_file"]])
    args += [
        "-q",
        "--no-header",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "-o",
        "console_output_style=classic",
    ]
    args += ["--tb=short"] if baseline else ["--tb=no"]
    if request["stop_on_first"] and not baseline:
        args.append("-x")
    if importlib.util.find_spec("pytest_cov") is not None:
        args.append("--no-cov")
    return args


def _run_one(
    pytest: Any,
    request: dict[str, Any],
    finder: MutantFinder,
    events: Events,
    watchdog: Watchdog,
    mutant_id: str,
    source: str | None,
    timeout: float,
) -> dict[str, Any]:
    baseline = source is None
    _forget_project_modules(request["root"], request["module"])
    finder.use(source)
    collector = Collector(events, mutant_id)
    events.emit(e="start", id=mutant_id)
    started = time.monotonic()
    watchdog.arm(mutant_id, timeout)
    try:
        code = int(pytest.main(_pytest_args(request, baseline), plugins=[collector]))
        crash = ""
    except BaseException as exc:  # SystemExit or worse from a mutant: no verdict
        code, crash = -1, f"{type(exc).__name__}: {exc}"[:300]
    finally:
        watchdog.disarm()
        served, import_error = finder.served, finder.import_error
        finder.use(None)
    if not gc.get_freeze_count():
        # pytest collects garbage twice per session; without this each collection walks every
        # object pytest and the project's imports made, which doubles the time per mutant
        gc.collect()
        gc.freeze()
    return {
        "e": "result",
        "id": mutant_id,
        "exit": code,
        "failed": collector.failed,
        "messages": collector.messages,
        "collect_errors": collector.collect_errors,
        "served": served,
        "import_error": import_error,
        "ran": collector.ran,
        "crash": crash,
        "seconds": round(time.monotonic() - started, 4),
    }


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    events = Events(request["results"])
    try:
        import pytest
    except ImportError:
        events.emit(e="fatal", error="no-pytest", detail=sys.executable)
        return 2
    sys.dont_write_bytecode = True
    finder = MutantFinder(request["module"], request["filename"])
    sys.meta_path.insert(0, finder)
    watchdog = Watchdog(events)
    timeout = float(request["timeout"])
    if request["baseline"]:
        result = _run_one(
            pytest,
            request,
            finder,
            events,
            watchdog,
            "__baseline__",
            None,
            float(request["baseline_timeout"]),
        )
        timeout = max(timeout, float(request["timeout_factor"]) * result["seconds"])
        events.emit(**result, timeout=timeout)
        if result["failed"] or result["collect_errors"] or result["exit"] not in (0,):
            return 0
    for mutant in request["mutants"]:
        events.emit(
            **_run_one(pytest, request, finder, events, watchdog, mutant["id"], mutant["source"], timeout)
        )
    events.emit(e="finish")
    return 0


if __name__ == "__main__":
    sys.stdout.flush()
    code = main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # threads a mutant left running must not keep the process alive
