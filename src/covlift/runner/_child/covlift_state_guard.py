"""pytest plugin: find tests that change process-wide state, put it back, and say which did.

A test that lowers a resource limit, installs a signal handler, changes the
working directory, the environment, ``sys.path``, replaces or removes an
imported module, changes the default socket timeout, the recursion limit,
warning filters, the root logger, the locale, the umask or the decimal context
-- and does not put it back -- breaks every test after it.  This plugin takes a
snapshot before each test and compares after its teardown; for each offending
test it appends ``{"id": nodeid, "changed": [...]}`` as one JSON line to the
file named by ``COVLIFT_STATE_GUARD`` and restores what it can.

Changes made by fixtures of a wider scope (a module fixture that sets an
environment variable for all its tests) are not the test's doing: when a test
sets up or tears down such a fixture, only what the test body changed and its
teardown did not undo counts.  Warning filters are compared around the test
body only, since pytest restores them after every test anyway.

Standard library and pytest only: it runs in the project's interpreter.
Loaded with ``-p covlift_state_guard``; inert when COVLIFT_STATE_GUARD is unset.
"""

from __future__ import annotations

import contextlib
import decimal
import json
import locale
import logging
import os
import signal
import socket
import sys
import warnings
from collections.abc import Callable, Generator
from typing import Any

import pytest

_OUT = os.environ.get("COVLIFT_STATE_GUARD")
_IGNORED_ENV = frozenset({"PYTEST_CURRENT_TEST"})
_LOCALE_CATEGORIES = [
    name
    for name in ("LC_CTYPE", "LC_COLLATE", "LC_TIME", "LC_MONETARY", "LC_NUMERIC", "LC_MESSAGES")
    if hasattr(locale, name)
]
_SIGNALS = (
    [s for s in signal.valid_signals() if s not in (signal.SIGKILL, signal.SIGSTOP)]
    if hasattr(signal, "valid_signals")
    else []
)

State = dict[str, Any]


def _rlimits() -> dict[str, tuple[int, int]]:
    try:
        import resource
    except ImportError:
        return {}
    limits = {}
    for name in dir(resource):
        if name.startswith("RLIMIT_"):
            try:
                limits[name] = resource.getrlimit(getattr(resource, name))
            except (ValueError, OSError):
                continue
    return limits


def _signals() -> dict[int, Any]:
    handlers: dict[int, Any] = {}
    for signum in _SIGNALS:
        try:
            handlers[signum] = signal.getsignal(signum)
        except (ValueError, OSError):
            continue
    return handlers


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:
        return "<deleted>"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _root_logging() -> tuple[int, int, tuple[logging.Handler, ...]]:
    root = logging.getLogger()
    own = tuple(h for h in root.handlers if not type(h).__module__.startswith("_pytest"))
    return root.level, logging.root.manager.disable, own


def _decimal() -> tuple[Any, ...]:
    ctx = decimal.getcontext()
    traps = tuple(sorted(t.__name__ for t, on in ctx.traps.items() if on))
    return ctx.prec, ctx.rounding, ctx.Emin, ctx.Emax, ctx.capitals, ctx.clamp, traps


def _locale() -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for name in _LOCALE_CATEGORIES:
        try:
            values[name] = locale.setlocale(getattr(locale, name), None)
        except locale.Error:
            values[name] = None
    return values


def take() -> State:
    """Everything compared, as plain values (module and handler objects compared by identity)."""
    return {
        "resource limits": _rlimits(),
        "signal handlers": _signals(),
        "working directory": _cwd(),
        "os.environ": {k: v for k, v in os.environ.items() if k not in _IGNORED_ENV},
        "sys.path": list(sys.path),
        "sys.modules": dict(sys.modules),
        "socket default timeout": socket.getdefaulttimeout(),
        "recursion limit": sys.getrecursionlimit(),
        "warnings filters": list(warnings.filters),
        "root logger": _root_logging(),
        "locale": _locale(),
        "decimal context": (_decimal(), decimal.getcontext().copy()),
        "umask": _umask(),
    }


def _dict_changes(
    label: str, before: dict[Any, Any], after: dict[Any, Any], show: Callable[[Any], str]
) -> list[str]:
    changes = []
    for key in before:
        if key not in after:
            changes.append(f"{label}: {show(key)} removed")
        elif after[key] is not before[key] and after[key] != before[key]:
            changes.append(f"{label}: {show(key)} changed")
    changes.extend(f"{label}: {show(key)} added" for key in after if key not in before)
    return changes


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return str(signum)


def differences(before: State, after: State) -> dict[str, list[str]]:
    """aspect -> what changed, in words."""
    found: dict[str, list[str]] = {}
    for aspect in before:
        old, new = before[aspect], after[aspect]
        if aspect == "sys.modules":  # new imports are fine; removing or replacing one is not
            lines = [
                f"sys.modules: {name} {'removed' if name not in new else 'replaced'}"
                for name, module in old.items()
                if new.get(name, _MISSING) is not module
            ]
        elif aspect == "signal handlers":
            lines = _dict_changes("signal handler", old, new, _signal_name)
        elif aspect in ("resource limits", "locale"):
            lines = _dict_changes(aspect, old, new, str)
        elif aspect == "os.environ":
            lines = _dict_changes("os.environ", old, new, str)
        elif aspect == "decimal context":
            lines = ["decimal context changed"] if old[0] != new[0] else []
        elif aspect == "root logger":
            lines = ["root logger level, handlers or logging.disable changed"] if old != new else []
        elif old != new:
            lines = [f"{aspect}: {old!r} -> {new!r}"] if aspect != "sys.path" else ["sys.path changed"]
        else:
            lines = []
        if lines:
            found[aspect] = lines
    return found


_MISSING = object()


def restore(aspect: str, value: Any) -> None:
    """Put one aspect back as it was in a snapshot, as far as that is possible."""
    if aspect == "resource limits":
        import resource

        for name, limits in value.items():
            try:
                if resource.getrlimit(getattr(resource, name)) != limits:
                    resource.setrlimit(getattr(resource, name), limits)
            except (ValueError, OSError):
                pass  # a lowered hard limit cannot be raised again without privileges
    elif aspect == "signal handlers":
        for signum, handler in value.items():
            if handler is not None and signal.getsignal(signum) is not handler:
                with contextlib.suppress(ValueError, OSError):
                    signal.signal(signum, handler)
    elif aspect == "working directory" and value != "<deleted>":
        with contextlib.suppress(OSError):
            os.chdir(value)
    elif aspect == "os.environ":
        for name in [n for n in os.environ if n not in value and n not in _IGNORED_ENV]:
            del os.environ[name]
        os.environ.update(value)
    elif aspect == "sys.path":
        sys.path[:] = value
    elif aspect == "sys.modules":
        for name, module in value.items():
            if sys.modules.get(name, _MISSING) is not module:
                sys.modules[name] = module
    elif aspect == "socket default timeout":
        socket.setdefaulttimeout(value)
    elif aspect == "recursion limit":
        sys.setrecursionlimit(value)
    elif aspect == "root logger":
        level, disable, handlers = value
        root = logging.getLogger()
        root.setLevel(level)
        logging.disable(disable)
        pytest_handlers = [h for h in root.handlers if type(h).__module__.startswith("_pytest")]
        root.handlers[:] = [*handlers, *pytest_handlers]
    elif aspect == "locale":
        for name, setting in value.items():
            if setting is not None:
                with contextlib.suppress(locale.Error):
                    locale.setlocale(getattr(locale, name), setting)
    elif aspect == "decimal context":
        decimal.setcontext(value[1].copy())
    elif aspect == "umask":
        os.umask(value)


def _wider_fixtures(item: pytest.Item) -> list[Any] | None:
    """The item's fixture definitions of a scope wider than function (None: cannot tell)."""
    try:
        definitions = item._fixtureinfo.name2fixturedefs.values()  # type: ignore[attr-defined]
        return [d for defs in definitions for d in defs if getattr(d, "scope", "function") != "function"]
    except AttributeError:
        return None


def _cache_ids(definitions: list[Any]) -> tuple[Any, ...]:
    return tuple(id(getattr(d, "cached_result", None)) for d in definitions)


def _chain(item: Any) -> list[str]:
    return [node.nodeid for node in item.listchain()[:-1]]


class Guard:
    """Snapshots around each test; a report line and a restore for each one that leaks state."""

    def __init__(self, out: str) -> None:
        self.out = out
        self.before: State = {}
        self.after_setup: State = {}
        self.before_teardown: State = {}
        self.setup_crossed = False
        #: the node chain of the previous test: a test that enters a new package or module is judged
        #: on its body only (pytest imports a package's ``__init__`` then, putting its root on sys.path)
        self.last_chain: list[str] | None = None

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_protocol(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> Generator[None, Any, None]:
        self.before, self.after_setup, self.before_teardown = take(), {}, {}
        self.setup_crossed = False
        previous = self.last_chain
        yield
        after = take()
        chain = self.last_chain = _chain(item)
        entered = chain != previous
        crossed = entered or self.setup_crossed or nextitem is None or chain != _chain(nextitem)
        body = (
            differences(self.after_setup, self.before_teardown)
            if self.after_setup and self.before_teardown
            else {}
        )
        baseline = self.after_setup if crossed else self.before
        if not crossed:
            changed = differences(self.before, after)
        elif body:
            kept = differences(self.after_setup, after)
            changed = {aspect: kept[aspect] for aspect in body if aspect in kept}
        else:
            changed = {}
        changed.pop("warnings filters", None)  # pytest restores them after each test: look at the body
        if "warnings filters" in body:
            changed["warnings filters"] = ["warnings filters changed"]
        if not changed:
            return
        for aspect in changed:
            if aspect != "warnings filters":  # pytest puts those back itself
                restore(aspect, baseline[aspect])
        lines = [line for aspect in sorted(changed) for line in changed[aspect]]
        with open(self.out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"id": item.nodeid, "changed": lines}) + "\n")

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, Any, None]:
        wider = _wider_fixtures(item)
        before = _cache_ids(wider) if wider is not None else None
        yield
        self.setup_crossed = wider is None or before != _cache_ids(wider)
        self.after_setup = take()

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, Any, None]:
        self.before_teardown = take()
        yield


def pytest_configure(config: pytest.Config) -> None:
    if _OUT:
        config.pluginmanager.register(Guard(_OUT), "covlift_state_guard_instance")
