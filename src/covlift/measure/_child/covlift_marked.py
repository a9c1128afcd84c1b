"""What covlift's own collectors share: which files, how they are marked, and what ran.

PYTEST_DONT_REWRITE

covlift has two collectors of its own besides coverage.py's tracer: slipcover's
bytecode probes on Python 3.11 (``covlift_slipcover_hook``) and sys.monitoring
LINE events on 3.12 and 3.13 (``covlift_monitoring_hook``).  Both are loaded as
a pytest plugin in place of ``covlift_child_plugin``, which they load with a
stand-in for ``coverage.Coverage`` (``install`` below), so test events,
timeouts, shards and flushing work unchanged.

Which files are measured is still decided by coverage.py (its ``InOrOut``
rules for source, source_pkgs, include, omit and third-party code), from the
same settings.  A measured module is compiled with covlift's branch markers
(``covlift_marks``) by covlift's loader, then handed to the collector.  What
ran is written as JSON (``collector.PID.json`` next to the coverage data file)
for ``covlift_marked_report``, which turns it into a coverage.py data file: at
the end of the session, in this process, when covlift asks for the report
there, else in a process of its own.  Anything a collector cannot measure
exactly (a measured module imported before it started, a test module pytest
rewrites when the rewrite hook cannot be wrapped) is listed in that JSON, and
covlift refuses the result rather than report coverage.py numbers it did not get.

Standard library, pytest and coverage.py only: this runs in the project's interpreter.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import dis
import importlib.util
import json
import os
import sys
import threading
import types
from collections import defaultdict
from importlib import _bootstrap, machinery
from importlib.abc import Loader, MetaPathFinder
from pathlib import Path
from typing import Any

import coverage
import covlift_marks as marks  # type: ignore[import-not-found]

_YIELD_VALUE = dis.opmap["YIELD_VALUE"]


class Matcher:
    """coverage.py's own choice of files to measure, asked once per file."""

    def __init__(self, settings: dict[str, Any]) -> None:
        cov = coverage.Coverage(
            data_file=None,
            branch=True,
            source=settings.get("source"),
            omit=settings.get("omit"),
            config_file=settings.get("config_file", True),
        )
        cov._init()
        try:  # coverage.py's own set-up for start(), less what only its tracer needs
            from coverage.disposition import FileDisposition
            from coverage.inorout import InOrOut

            inorout = InOrOut(
                config=cov.config,
                warn=cov._warn,
                debug=None,
                include_namespace_packages=cov.config.include_namespace_packages,
            )
            inorout.plugins = cov._plugins
            inorout.disp_class = FileDisposition
        except (ImportError, TypeError, AttributeError):  # another coverage.py 7: its own way
            cov._init_for_start()
            assert cov._inorout is not None
            inorout = cov._inorout
        self.inorout = inorout
        self.config = cov.config
        self.decided: dict[str, str | None] = {}
        self._local = threading.local()

    @property
    def deciding(self) -> bool:
        """Is coverage.py deciding in this thread?  What it imports meanwhile is its own business.

        When ``sys.path`` has changed, ``should_trace`` first recomputes its
        matchers, looking up each of ``source_pkgs`` with ``find_spec``.  Under
        coverage.py's tracer those lookups are plain ones; here they would come
        back to the finder and into ``should_trace`` again, and again, until the
        recursion limit.
        """
        return bool(getattr(self._local, "depth", 0))

    def source_filename(self, filename: str | None, module: str | None) -> str | None:
        """The file name coverage.py would record for this file, or None when it would not trace it."""
        if not filename or not filename.endswith(".py"):
            return None
        if filename not in self.decided:
            frame = types.SimpleNamespace(
                f_globals={"__name__": module, "__file__": filename} if module else {}
            )
            self._local.depth = getattr(self._local, "depth", 0) + 1
            try:
                disp = self.inorout.should_trace(filename, frame)  # type: ignore[arg-type]
            finally:
                self._local.depth -= 1
            self.decided[filename] = disp.source_filename if disp.trace else None
        return self.decided[filename]


def _stdlib_dirs() -> tuple[str, ...]:
    stdlib = os.path.dirname(os.__file__)  # sysconfig would cost more than the scan it saves
    return tuple({os.path.join(path, "") for path in (stdlib, os.path.realpath(stdlib))})


class MarkedLoader(Loader):
    """Compiles a measured module with covlift's branch markers and hands it to the collector."""

    def __init__(self, collector: MarkedCollector, orig_loader: Any, origin: str) -> None:
        self.collector = collector
        self.orig_loader = orig_loader
        self.origin = origin

    def __getattr__(self, name: str) -> Any:
        """Everything else a module's ``__loader__`` is asked (get_data, get_source, is_package...)."""
        return getattr(self.orig_loader, name)

    def create_module(self, spec: machinery.ModuleSpec) -> types.ModuleType | None:
        return self.orig_loader.create_module(spec)  # type: ignore[no-any-return]

    def get_code(self, fullname: str) -> types.CodeType:
        """What runpy (``python -m``, ``runpy.run_module``) executes: the collected code too."""
        return self.collector.compiled(Path(self.origin).read_bytes(), self.origin, None)

    def exec_module(self, module: types.ModuleType) -> None:
        code = self.collector.compiled(Path(self.origin).read_bytes(), self.origin, module)
        _bootstrap._call_with_frames_removed(exec, code, module.__dict__)  # type: ignore[attr-defined]

    # Code that walks the stack while a module is imported (warnings' stacklevel, for one) skips
    # importlib's own frames by their file name: this frame stands where importlib's exec_module does.
    exec_module.__code__ = exec_module.__code__.replace(co_filename="<frozen importlib._bootstrap_external>")


class _Finder(MetaPathFinder):
    """Put covlift's loader in front of every plain source file coverage.py would measure."""

    def __init__(self, collector: MarkedCollector) -> None:
        self.collector = collector

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> machinery.ModuleSpec | None:
        if self.collector.matcher.deciding:
            return None  # a lookup coverage.py makes while deciding: left to the other finders
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is None or spec.loader is None:
                continue
            self.collector.claim(spec, fullname)
            return spec
        return None


class CodeCache:
    """Marked, compiled modules kept between runs (``COVLIFT_CODE_CACHE``, in the project's ``.covlift``).

    Parsing, marking and compiling a module costs about as much again as Python's own compile, on every
    run (the tests run without writing bytecode).  An entry is one file per module path, collector and
    interpreter; it is used only while the source, covlift's marking code and the bytecode format are
    the ones it was made from.  Any trouble reading or writing it: compile as without a cache.
    """

    def __init__(self, folder: str | None, collector: str) -> None:
        self.folder = folder
        self.collector = collector
        self._stamp: bytes | None = None

    def stamp(self) -> bytes:
        """What besides the source an entry depends on: the marking code and the bytecode format."""
        if self._stamp is None:
            import hashlib

            digest = hashlib.sha256(importlib.util.MAGIC_NUMBER)
            for path in (__file__, marks.__file__):
                with open(path, "rb") as fh:
                    digest.update(fh.read())
            self._stamp = digest.digest()
        return self._stamp

    def path(self, origin: str) -> str:
        import hashlib

        key = f"{origin}\0{self.collector}\0{sys.implementation.cache_tag}".encode()
        return os.path.join(str(self.folder), hashlib.sha256(key).hexdigest()[:32] + ".bin")

    def load(self, source: bytes, origin: str) -> tuple[types.CodeType, Any] | None:
        if not self.folder:
            return None
        try:
            import hashlib
            import marshal

            with open(self.path(origin), "rb") as fh:
                stamp, digest, code, state = marshal.loads(fh.read())
            if stamp != self.stamp() or digest != hashlib.sha256(source).digest():
                return None
            return (code, state) if isinstance(code, types.CodeType) else None
        except Exception:
            return None

    def store(self, source: bytes, origin: str, code: types.CodeType, state: Any) -> None:
        if not self.folder:
            return
        target = self.path(origin)
        partial = f"{target}.{os.getpid()}.tmp"
        try:
            import hashlib
            import marshal

            with open(partial, "wb") as fh:
                fh.write(marshal.dumps((self.stamp(), hashlib.sha256(source).digest(), code, state)))
            os.replace(partial, target)
        except Exception:
            with contextlib.suppress(Exception):
                os.unlink(partial)


class MarkedCollector:
    """Stands in for ``coverage.Coverage`` inside covlift_child_plugin (same calls it makes).

    A collector says how it compiles a marked module (``instrument``) and what
    ran (``observed``); everything else is shared.
    """

    #: the core name the snapshot records
    core = ""

    def __init__(self, data_file: str, branch: bool = True, **settings: Any) -> None:
        self.out_dir = Path(data_file).parent
        self.matcher = Matcher(settings)
        self.names: dict[str, str] = {}  # code file name -> file name coverage.py would record
        self.escapes: dict[str, set[tuple[int, int]]] = defaultdict(set)
        self.arms: dict[str, set[tuple[int, int]]] = defaultdict(set)  # recorded by ``leave``
        self.fell: set[tuple[int, int]] = set()  # (frame, try line): about to fall into its finally
        self.entered: dict[tuple[int, int], str] = {}  # (frame, try line) -> how its finally was entered
        self.unmeasured: dict[str, str] = {}
        self.lock = threading.RLock()
        self._collector = types.SimpleNamespace(tracer_name=lambda: self.core)
        self._unexecuted: list[str] | None = None
        self._escaped: dict[tuple[int, int], types.CodeType] = {}  # (code id, instruction) seen by escape
        self.cache = CodeCache(os.environ.get("COVLIFT_CODE_CACHE"), self.core)
        self.started = False

    # ----------------------------------------------------------------- what a collector supplies
    def mark(self, tree: ast.Module, filename: str) -> ast.Module:
        """Add the collector's kind of markers to a parsed module."""
        raise NotImplementedError

    def instrument(self, code: types.CodeType, module: types.ModuleType | None) -> types.CodeType:
        """The marked code, made to report what runs."""
        raise NotImplementedError

    def state(self, filename: str) -> Any:
        """What ``mark`` noted about a file besides its code (kept with it in the code cache)."""
        return None

    def restore(self, filename: str, state: Any) -> None:
        """Take back what ``state`` returned, for code that came from the code cache."""

    def observed(self) -> dict[str, tuple[set[int], set[tuple[int, int]]]]:
        """Per code file name: the lines that ran, and the (line, kind) of the markers that ran."""
        raise NotImplementedError

    # ----------------------------------------------------------------- the coverage.Coverage calls
    def start(self) -> None:
        if self.started:
            return
        self.started = True
        stdlib = _stdlib_dirs() if not self._source_in_stdlib() else None
        for name, module in list(sys.modules.items()):
            filename = getattr(module, "__file__", None)
            if not filename or (
                stdlib and name.partition(".")[0] in sys.stdlib_module_names and filename.startswith(stdlib)
            ):
                continue  # the standard library: coverage.py measures it only when a source lies inside it
            if self.matcher.source_filename(filename, getattr(module, "__name__", None)):
                self.unmeasured[str(filename)] = "imported before measurement started"
        builtins.__dict__[marks.ESCAPE_NAME] = self.escape
        builtins.__dict__[marks.FELL_NAME] = self.fell_into
        builtins.__dict__[marks.FINALLY_NAME] = self.finally_starts
        builtins.__dict__[marks.LEAVE_NAME] = self.leave
        sys.meta_path.insert(0, _Finder(self))
        self._wrap_spec_from_file_location()
        self._wrap_pytest_rewrite()

    def _source_in_stdlib(self) -> bool:
        stdlib = _stdlib_dirs()
        config = self.matcher.config
        entries = [*(config.source or ()), *(config.source_pkgs or ())]
        return any(os.path.realpath(entry).startswith(stdlib) for entry in entries) or any(
            name.partition(".")[0] in sys.stdlib_module_names for name in entries
        )

    def stop(self) -> None:
        """Markers stay in place; nothing to switch off."""

    def save(self) -> None:
        self._unexecuted = None  # the last word: look at the source tree again
        self.write()

    def get_data(self) -> None:
        self.write()

    def switch_context(self, new_context: str) -> None:
        """Per-test contexts are not collected here; covlift never asks for them with this collector."""

    # ----------------------------------------------------------------- instrumentation
    def claim(self, spec: machinery.ModuleSpec, fullname: str) -> None:
        """Swap in covlift's loader when coverage.py would measure the spec's file."""
        name = self.matcher.source_filename(spec.origin, fullname)
        if name is None:
            return
        if isinstance(spec.loader, machinery.SourceFileLoader):
            spec.loader = MarkedLoader(self, spec.loader, str(spec.origin))
        elif type(spec.loader).__name__ != "AssertionRewritingHook":  # that one is wrapped below
            self.unmeasured[str(spec.origin)] = f"loaded by {type(spec.loader).__name__}"

    def compiled(
        self,
        source: bytes,
        origin: str,
        module: types.ModuleType | None,
        rewrite: Any = None,
    ) -> types.CodeType:
        """A measured module's code: marked, ``rewrite`` applied to the tree (pytest's), instrumented.

        Marked code is kept in the code cache (see ``CodeCache``) unless pytest rewrote it.
        """
        cached = self.cache.load(source, origin) if rewrite is None else None
        if cached is not None:
            code, state = cached
            self.restore(origin, state)
        else:
            tree = self.mark(ast.parse(source, filename=origin), origin)
            if rewrite is not None:
                rewrite(tree)
            code = compile(tree, origin, "exec", dont_inherit=True)
            if rewrite is None:
                self.cache.store(source, origin, code, self.state(origin))
        name = self.matcher.source_filename(code.co_filename, module.__name__ if module else None)
        if name is not None:
            with self.lock:
                self.names[code.co_filename] = name
        return self.instrument(code, module)

    def escape(self) -> None:
        """Called by the handler around a marked scope: an exception is leaving the frame.

        Code that raises often (validation libraries, parsers) comes here often:
        each place an exception leaves a code object from is looked at once.
        """
        with contextlib.suppress(Exception):
            tb = sys.exc_info()[2]
            if tb is None:
                return
            code = tb.tb_frame.f_code
            key = (id(code), tb.tb_lasti)
            if key in self._escaped:
                return
            self._escaped[key] = code  # kept alive, so its id is not reused
            if code.co_code[tb.tb_lasti] == _YIELD_VALUE:
                return  # thrown in at a yield: coverage.py records no exit for that either
            self.escapes[code.co_filename].add((code.co_firstlineno, tb.tb_lineno))

    def fell_into(self, try_line: int) -> None:
        """The body, else or a handler of the ``try`` at ``try_line`` completed: its finally comes next."""
        self.fell.add((id(sys._getframe(1)), try_line))

    def finally_starts(self, try_line: int, last_line: int) -> None:
        """The finally of the ``try`` on ``try_line``..``last_line`` starts: by falling, raising or a jump."""
        frame = sys._getframe(1)
        key = (id(frame), try_line)
        tb = sys.exc_info()[2]  # on the exception path: the exception in flight, which passed this frame
        raising = tb is not None and tb.tb_frame is frame and try_line <= tb.tb_lineno <= last_line
        self.entered[key] = "fell" if key in self.fell else "raising" if raising else "jump"
        self.fell.discard(key)

    def leave(self, line: int, *try_lines: int) -> None:
        """The implicit else arm of the branch at ``line`` leaves the finally blocks of ``try_lines``."""
        frame = sys._getframe(1)
        ways = {self.entered.get((id(frame), t), "jump") for t in try_lines}
        if ways == {"fell"}:
            kind = marks.ELSE
        elif ways == {"raising"} and len(try_lines) == 1:
            kind = marks.LEAVE_RAISING
        else:
            kind = marks.LEAVE
        self.arms[frame.f_code.co_filename].add((line, kind))

    def _wrap_spec_from_file_location(self) -> None:
        original = importlib.util.spec_from_file_location
        collector = self

        def spec_from_file_location(name: str, location: Any = None, **kwargs: Any) -> Any:
            spec = original(name, location, **kwargs)
            if (
                spec is not None
                and spec.loader is not None
                and not isinstance(spec.loader, MarkedLoader)
                and not collector.matcher.deciding
            ):
                collector.claim(spec, name)
            return spec

        importlib.util.spec_from_file_location = spec_from_file_location

    def _wrap_pytest_rewrite(self) -> None:
        """Test modules pytest rewrites never reach the finder; mark them inside pytest's hook."""
        try:
            import inspect

            from _pytest.assertion import rewrite

            hook = rewrite.AssertionRewritingHook
            params = list(inspect.signature(rewrite.rewrite_asserts).parameters)
            usable = params[:4] == ["mod", "source", "module_path", "config"]
        except Exception:
            return
        original = hook.exec_module
        collector = self

        def exec_module(self: Any, module: types.ModuleType) -> None:
            origin = module.__spec__.origin if module.__spec__ else None
            if collector.matcher.source_filename(origin, module.__name__) is None:
                return original(self, module)
            if not usable:
                collector.unmeasured[str(origin)] = "rewritten by a pytest this collector cannot wrap"
                return original(self, module)
            self._rewritten_names[module.__name__] = Path(str(origin))
            source = Path(str(origin)).read_bytes()

            def rewrite_tree(tree: ast.Module) -> None:
                rewrite.rewrite_asserts(tree, source, str(origin), self.config)

            exec(collector.compiled(source, str(origin), module, rewrite_tree), module.__dict__)
            return None

        # as in MarkedLoader: on the stack, this frame looks like the pytest one it replaces
        exec_module.__code__ = exec_module.__code__.replace(co_filename=rewrite.__file__)
        hook.exec_module = exec_module  # type: ignore[method-assign]

    # ----------------------------------------------------------------- output
    def snapshot(self) -> dict[str, Any]:
        """What ran so far, per file coverage.py would record."""
        observed = self.observed()
        with self.lock:
            files: dict[str, Any] = {}
            for filename in set(self.names) | set(observed):
                name = self.names.get(filename)
                if name is None:
                    continue
                lines, arms = observed.get(filename, (set(), set()))
                files[name] = {
                    "lines": sorted(lines),
                    "branches": sorted(map(list, arms | self.arms.get(filename, set()))),
                    "escapes": sorted(map(list, self.escapes.get(filename, ()))),
                }
            if self._unexecuted is None:  # walks the source tree: once, and again when saving at the end
                self._unexecuted = sorted(
                    path for path, _plugin in self.matcher.inorout.find_possibly_unexecuted_files()
                )
            return {"files": files, "unexecuted": self._unexecuted, "unmeasured": dict(self.unmeasured)}

    def write(self) -> None:
        """Replace this process's JSON file atomically (a kill mid-write leaves the previous one)."""
        target = self.out_dir / f"collector.{os.getpid()}.json"
        partial = target.with_suffix(".tmp")
        with contextlib.suppress(OSError):
            partial.write_text(json.dumps(self.snapshot()), encoding="utf-8")
            partial.replace(target)


def install(collector: type[MarkedCollector], plugin: dict[str, Any]) -> None:
    """Load covlift_child_plugin with ``collector`` as its coverage.Coverage; its hooks into ``plugin``.

    covlift_child_plugin imports coverage and starts it at import: it gets the
    stand-in instead, and makes its report at the end of the session with
    ``covlift_marked_report``.
    """
    stand_in = types.ModuleType("coverage")
    stand_in.Coverage = collector  # type: ignore[attr-defined]
    real_coverage = sys.modules["coverage"]
    sys.modules["coverage"] = stand_in
    try:
        import covlift_child_plugin as base  # type: ignore[import-not-found]
    finally:
        sys.modules["coverage"] = real_coverage
    for name in dir(base):
        if name.startswith("pytest_"):
            plugin[name] = getattr(base, name)

    def marked_report(args: dict[str, Any], json_out: str) -> dict[str, Any]:
        import covlift_marked_report  # type: ignore[import-not-found]

        return covlift_marked_report.report({**args, "json_out": json_out})  # type: ignore[no-any-return]

    base._make_report = marked_report
