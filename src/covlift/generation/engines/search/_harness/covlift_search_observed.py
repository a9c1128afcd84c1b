"""The project's idiom, learned from its own tests: the values they pass, the objects they build.

One profiled run of the project's tests records the arguments every function and
constructor *of the project* receives (not only the target file's): by qualname, by
parameter name (``sku -> "SKU-001"``, ``base_url -> "https://rates.test/"``), and each
construction of a project class as the call that rebuilds it.  The test files are
also read without running them (``covlift_search_mined``).  These are the first
values the search tries: a maintainer recognises them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import inspect
import io
import os
import pickle
import re
import select
import signal
import sys
import time
import types
import typing
from typing import Any

from covlift_search_literals import takes_a_function
from covlift_search_mined import conftests_near, mine
from covlift_search_seen import (
    GENERIC,
    SAME_OWNER,
    Seen,
    builds,
    fits,
    from_tests,
    owner_of,
    package_dir,
    same,
    shape,
    shared_by_tests,
    spelled,
    untidy,
)
from covlift_search_values import Val, to_code

_CO_VARARGS, _CO_VARKEYWORDS = inspect.CO_VARARGS, inspect.CO_VARKEYWORDS


def _shared_modules(test_files: list[str]) -> list[str]:
    """The modules beside the test files that are not tests (``tests/base.py``, ``tests/factories.py``)."""
    found: list[str] = []
    for directory in dict.fromkeys(os.path.dirname(os.path.realpath(f)) for f in test_files):
        with contextlib.suppress(OSError):
            for entry in sorted(os.listdir(directory)):
                path = os.path.join(directory, entry)
                if entry.endswith(".py") and entry != "__init__.py" and path not in found:
                    found.append(path)
    return found[:20]


def _module_name(path: str) -> str | None:
    """``tests.base`` for tests/base.py in a package, as pytest's import mode names it."""
    parts = [os.path.splitext(os.path.basename(path))[0]]
    directory = os.path.dirname(path)
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        parts.insert(0, os.path.basename(directory))
        directory = os.path.dirname(directory)
    if len(parts) < 2 or directory not in sys.path:
        return None
    return ".".join(parts)


class _StopObserving(KeyboardInterrupt):
    """The observe budget is spent: pytest ends its session as on Ctrl-C (a BaseException
    raised inside a test would only fail that test, and the run would go on)."""


class Observed:
    """Values the project's tests pass, by (qualname, parameter) in the target file, by
    parameter name anywhere in the project, and the constructions of its classes."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], list[Val]] = {}
        #: parameter name -> values passed to it anywhere in the project
        self.by_name: dict[str, list[Seen]] = {}
        #: "module.Qualname" -> calls that built such an object in a test, valid ones only
        self.constructions: dict[str, list[Val]] = {}
        #: JSON documents the tests define (a response body a fake replays)
        self.documents: list[Val] = []
        #: "module.Qualname" of a subclass the tests share -> (its bases' keys, the names it defines)
        self.lineage: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
        self._default_cache: dict[type, dict[str, Any]] = {}
        self._pending: list[tuple[type, Val, list[tuple[str, Any, Val]]]] = []
        #: values added now were seen while the tests ran (not read from their text)
        self._running = False
        #: run the tests in a forked child; False in a process started only to observe
        self.fork = True

    def get(self, qualname: str, parameter: str) -> list[Val]:
        return self.values.get((qualname, parameter), [])

    def named(self, parameter: str, hint: Any, where: str = "") -> list[Val]:
        """Values passed to a parameter of this name anywhere in the project that fit the hint
        (for a name whose meaning depends on the class, only those its own class received)."""
        if parameter in GENERIC and hint in (inspect.Parameter.empty, typing.Any, object):
            return []
        owner = owner_of(where)
        function = takes_a_function(parameter) and hint is inspect.Parameter.empty
        return [
            seen[0]
            for seen in self.by_name.get(parameter, [])
            if fits(hint, seen)
            and (parameter not in SAME_OWNER or (owner and seen[3] == owner))
            and (not function or _calls(seen[1]))  # a number passed to some func: no function
        ]

    def built(self, cls: type) -> list[Val]:
        """How the project's tests build an instance of cls."""
        return self.constructions.get(f"{cls.__module__}.{cls.__qualname__}", [])

    # ------------------------------------------------------------ recording

    def add(self, name: str, value: Any, written: Val | None = None, owner: str = "") -> None:
        bucket = self.by_name.setdefault(name, [])
        if len(bucket) >= 12:
            return
        seen_running = written is None or self._running
        if written is None:
            try:
                code = to_code(value, as_input=True)
            except Exception:
                return
            if code is None or code[1]:
                return
            written = code[0]
        if not spelled(written.code, generated=seen_running) or from_tests(written.imports):
            return
        if all(seen[0] != written for seen in bucket):
            bucket.append((written, type(value), shape(value), owner))

    def add_construction(self, cls: type, call: Val) -> None:
        key = f"{cls.__module__}.{cls.__qualname__}"
        bucket = self.constructions.setdefault(key, [])
        if len(bucket) < 12 and call not in bucket and not from_tests(call.imports):
            bucket.append(call)
        if key not in self.lineage and shared_by_tests(cls.__module__):
            bases = tuple(f"{b.__module__}.{b.__qualname__}" for b in cls.__mro__[1:])
            own = set().union(*(vars(c) for c in cls.__mro__ if shared_by_tests(c.__module__)))
            self.lineage[key] = (bases, frozenset(own))

    def built_subclasses(self, cls: type, method: str = "") -> list[Val]:
        """How the tests build the subclasses of cls they share (``UserSchema()`` for a
        ``Schema``), those that leave ``method`` as cls has it."""
        base = f"{cls.__module__}.{cls.__qualname__}"
        out: list[Val] = []
        for key, (bases, own) in self.lineage.items():
            if base in bases and method not in own:
                out += self.constructions.get(key, [])[:3]
        return out[:6]

    def read_shared(self, test_files: list[str], package: str) -> None:
        """The subclasses of the package's classes that the modules the tests share define
        (``tests/base.py``'s ``class UserSchema(Schema)``), each built as ``UserSchema()`` when
        that builds: how a suite that never uses a bare ``Schema()`` builds one."""
        text = ""
        for test_file in test_files[:60]:
            with contextlib.suppress(OSError, UnicodeDecodeError), open(test_file, encoding="utf-8") as fh:
                text += fh.read()
        for path in _shared_modules(test_files):
            module = _module_name(path)
            if module is None or from_tests([(module, "")]):
                continue
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    loaded = importlib.import_module(module)
            except BaseException:  # a helper module that does not import here is left alone
                continue
            classes = [
                cls
                for name, cls in vars(loaded).items()
                if isinstance(cls, type) and cls.__module__ == module and not name.startswith("_")
                if self._extends(cls, package) and not inspect.isabstract(cls)
            ]
            # the ones the tests use most first, then the closest to the package's class
            classes.sort(key=lambda c: (-len(re.findall(rf"\b{c.__name__}\b", text)), len(c.__mro__)))
            for cls in classes:
                call = Val(f"{cls.__name__}()", frozenset({(module, cls.__name__)}))
                if builds(call):
                    self.add_construction(cls, call)

    @staticmethod
    def _extends(owner: type, package: str) -> bool:
        """A class of a module the tests share that extends one of the package's classes."""
        if "." in owner.__qualname__ or not shared_by_tests(owner.__module__):
            return False
        return any((b.__module__ or "").split(".")[0] == package for b in owner.__mro__[1:])

    def _record_init(self, owner: type, frame: types.FrameType, names: list[str], extra: str) -> None:
        """A project class being built: kept as the call that rebuilds it, and its arguments by
        name, once the run is over and the call is known to build (``_settle``)."""
        if len(self.constructions.get(f"{owner.__module__}.{owner.__qualname__}", ())) >= 12:
            return
        defaults = self._defaults(owner)
        passed: dict[str, Any] = {n: frame.f_locals[n] for n in names if n in frame.f_locals}
        if extra and isinstance(frame.f_locals.get(extra), dict):
            passed.update(frame.f_locals[extra])  # pydantic: __init__(self, /, **data)
        parts: list[str] = []
        arguments: list[tuple[str, Any, Val]] = []
        imports: set[tuple[str, str]] = {(owner.__module__, owner.__qualname__.split(".")[0])}
        for name, value in passed.items():
            if not isinstance(name, str) or not name.isidentifier():
                return
            if name in defaults and same(defaults[name], value):
                continue  # the default, passed on by a generated __init__
            try:
                written = to_code(value, as_input=True)
            except Exception:
                return
            if written is None or written[1] or not spelled(written[0].code, generated=True):
                return
            arguments.append((name, value, written[0]))
            parts.append(f"{name}={written[0].code}")
            imports |= written[0].imports
        whole = getattr(getattr(owner, "__init__", None), "__code__", None) is frame.f_code
        if whole and "." not in owner.__qualname__ and not owner.__name__.startswith("_"):
            call = Val(f"{owner.__qualname__}({', '.join(parts)})", frozenset(imports))
            self._pending.append((owner, call, arguments))

    def _settle(self) -> None:
        """Keep the constructions that build (not a test's deliberately invalid input), and
        their arguments by name; the project's tidiest ones first."""
        self._running = True
        for owner, call, arguments in self._pending:
            if builds(call):
                self.add_construction(owner, call)
                for name, value, written in arguments:
                    self.add(name, value, written, owner.__qualname__)
        self._pending.clear()
        for key, calls in self.constructions.items():
            self.constructions[key] = sorted((c for c in calls if builds(c)), key=untidy)

    def _defaults(self, owner: type) -> dict[str, Any]:
        """The constructor's defaults (a dataclass field's default_factory called once)."""
        cached = self._default_cache.get(owner)
        if cached is not None:
            return cached
        found: dict[str, Any] = {}
        with contextlib.suppress(Exception):
            for p in inspect.signature(owner).parameters.values():
                if p.default is not p.empty:
                    found[p.name] = p.default
            for f in dataclasses.fields(owner):
                if f.default_factory is not dataclasses.MISSING:
                    found[f.name] = f.default_factory()
        self._default_cache[owner] = found
        return found

    def observe(self, filename: str, test_files: list[str], seconds: float, module: str = "") -> int:
        """Read the tests, then run them once, recording the arguments the project's code receives.

        Realistic inputs (the right dictionary keys, a valid order id) often reach lines
        that type-driven values cannot; the search tries them first.  The run happens in a
        forked child where one may be started: what the tests leave behind (a registry a test
        module fills on import, a patched attribute, a thread) stays there, and the search
        starts from the module as importing it leaves it.  Returns how many (function,
        parameter) pairs got values.
        """
        forked = self.fork and hasattr(os, "fork")
        if not forked or not self._observe_forked(filename, test_files, seconds, module):
            self._observe_here(filename, test_files, seconds, module)
        return sum(1 for values in self.values.values() if values)

    def _observe_forked(self, filename: str, test_files: list[str], seconds: float, module: str) -> bool:
        """False when no child could be started (covlift's sandbox refuses new processes):
        the caller then observes in this process, as before forking was possible."""
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return False
        if pid == 0:  # the child: observe, hand back what it saw, end without cleanup
            os.close(read_end)
            try:
                self._observe_here(filename, test_files, seconds, module)
                data = pickle.dumps(self._portable())
            except BaseException:
                data = b""
            with contextlib.suppress(BaseException), os.fdopen(write_end, "wb") as out:
                out.write(data)
            os._exit(0)
        os.close(write_end)
        chunks: list[bytes] = []
        deadline = time.monotonic() + 2 * seconds + 30
        with os.fdopen(read_end, "rb") as source:
            while time.monotonic() < deadline:
                ready, _, _ = select.select([source], [], [], max(0.0, deadline - time.monotonic()))
                chunk = os.read(source.fileno(), 1 << 16) if ready else b""
                if not chunk:
                    break
                chunks.append(chunk)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
        self._adopt(b"".join(chunks))
        return True

    def save(self, path: str) -> None:
        """What was observed, for the search process (this one ran the tests: it is thrown away)."""
        with open(path, "wb") as out:
            out.write(pickle.dumps(self._portable()))

    def load(self, path: str) -> None:
        """What a process that ran the tests observed (nothing if it wrote nothing)."""
        with contextlib.suppress(OSError), open(path, "rb") as fh:
            self._adopt(fh.read())

    def _adopt(self, data: bytes) -> None:
        with contextlib.suppress(Exception):
            values, by_name, constructions, documents, lineage = pickle.loads(data)
            self.values, self.by_name, self.constructions = values, by_name, constructions
            self.documents, self.lineage = documents, lineage

    def _portable(self) -> tuple[Any, ...]:
        """What was observed, without the entries that cannot cross to the parent (a type
        defined inside a test function)."""
        by_name: dict[str, list[Seen]] = {}
        for name, seen in self.by_name.items():
            for entry in seen:
                with contextlib.suppress(Exception):
                    pickle.dumps(entry)
                    by_name.setdefault(name, []).append(entry)
        return self.values, by_name, self.constructions, self.documents, self.lineage

    def _observe_here(self, filename: str, test_files: list[str], seconds: float, module: str) -> None:
        import pytest

        package = module.split(".")[0]
        root = package_dir(package)
        in_project: dict[str, bool] = {}
        extends: dict[type, bool] = {}
        spent = [False]

        def profile(frame: types.FrameType, event: str, arg: Any) -> None:
            if event != "call":
                return
            if spent[0]:  # the alarm's exception may have been swallowed inside this function
                sys.setprofile(None)
                raise _StopObserving
            code = frame.f_code
            where = code.co_filename
            project = in_project.get(where)
            if project is None:
                project = in_project[where] = bool(root) and os.path.realpath(where).startswith(root)
            if not project and code.co_name != "__init__":
                return  # the common case, kept short: pytest's and libraries' own calls
            count = code.co_argcount + code.co_kwonlyargcount
            names = list(code.co_varnames[:count])
            extra = ""
            if code.co_flags & _CO_VARKEYWORDS:
                extra = code.co_varnames[count + (1 if code.co_flags & _CO_VARARGS else 0)]
            building = False
            if code.co_name == "__init__":
                owner = type(frame.f_locals.get("self"))
                building = (getattr(owner, "__module__", None) or "").split(".")[0] == package
                if not building and extends.setdefault(owner, self._extends(owner, package)):
                    # a subclass the tests share (tests/base.py's UserSchema(Schema)): how the
                    # suite builds the package's class it extends
                    self._record_init(owner, frame, [n for n in names if n != "self"], extra)
                    return
                if building:  # its arguments by name once it is known to build
                    self._record_init(owner, frame, [n for n in names if n != "self"], extra)
                    if where != filename:
                        return
                    qualname = f"{owner.__qualname__}.__init__"
            if not building:
                if not project:
                    return
                qualname = getattr(code, "co_qualname", code.co_name)
            for name in names:
                if name in ("self", "cls") or name not in frame.f_locals:
                    continue
                value = frame.f_locals[name]
                if not building:
                    self.add(name, value, None, owner_of(qualname))
                if where != filename:
                    continue
                bucket = self.values.setdefault((qualname, name), [])
                if len(bucket) >= 12:
                    continue
                try:
                    written = to_code(value, as_input=True)
                except Exception:
                    written = None
                if (
                    written is not None
                    and not written[1]
                    and written[0] not in bucket
                    and spelled(written[0].code)
                ):
                    bucket.append(written[0])

        def stop(signum: int, frame: Any) -> None:
            spent[0] = True
            raise _StopObserving

        class _Budget:
            """Profiles the tests once collected, for ``seconds``; ends the session after the
            running test once they are spent."""

            @staticmethod
            def pytest_collection_finish(session: Any) -> None:
                remaining = signal.getitimer(signal.ITIMER_REAL)[0]
                signal.setitimer(signal.ITIMER_REAL, max(0.001, min(remaining, seconds)))
                sys.setprofile(profile)

            @staticmethod
            def pytest_runtest_logfinish(nodeid: str, location: Any) -> None:
                if spent[0]:
                    raise _StopObserving

        previous = signal.signal(signal.SIGALRM, stop)
        # reading and collecting the tests may take as long again; running them gets ``seconds``
        signal.setitimer(signal.ITIMER_REAL, 2 * seconds)
        sink = io.StringIO()
        try:
            with contextlib.suppress(Exception):  # reading the tests is part of the budget too
                mine(self, [*conftests_near(test_files), *test_files], package)
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                pytest.main(
                    [*test_files, "-q", "-p", "no:cacheprovider", "-p", "no:randomly"], plugins=[_Budget()]
                )
        except BaseException:
            pass
        finally:
            sys.setprofile(None)
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        self._settle()


def _calls(kind: type) -> bool:
    """Are values of this type callable (functions, classes, objects with ``__call__``)?"""
    return any("__call__" in vars(k) for k in kind.__mro__)
