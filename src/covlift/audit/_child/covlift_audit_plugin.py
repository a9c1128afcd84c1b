"""pytest plugin that ``covlift audit`` loads into the project's own interpreter.

It imports only the standard library and pytest (coverage only when it is
already running), because the project's virtualenv need not have covlift:
covlift puts this directory on PYTHONPATH and passes ``-p covlift_audit_plugin``.

Driven by environment variables:
  COVLIFT_AUDIT_SEED  shuffle the collected tests with random.Random(seed), after
                      every other plugin has ordered them, so an order can be replayed.
  COVLIFT_AUDIT_OUT   a JSON-lines file: one line per finished test with its outcome,
                      file, line, and the wider-than-function fixtures it used.

When the run is under ``coverage run``, each test's setup, call and teardown are
recorded under the coverage context "<nodeid>", and each module/class/session
fixture's setup under "fixture|<baseid>|<name>", so the parent can tell which
project lines each test (and the shared fixtures it used) executed.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

import pytest

_seed = os.environ.get("COVLIFT_AUDIT_SEED")
_out_path = os.environ.get("COVLIFT_AUDIT_OUT")
_outcomes: dict[str, str] = {}
_items: dict[str, Any] = {}
_context = [""]


def _coverage() -> Any:
    try:
        import coverage
    except ImportError:
        return None
    return coverage.Coverage.current()


def _switch(name: str) -> None:
    cov = _coverage()
    if cov is not None:
        try:
            cov.switch_context(name)
        except Exception:
            return
    _context[0] = name


def _fixture_key(fixturedef: Any) -> str:
    return f"fixture|{getattr(fixturedef, 'baseid', '')}|{fixturedef.argname}"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: Any, config: Any, items: list[Any]) -> None:
    if _seed is not None:
        random.Random(int(_seed)).shuffle(items)


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: Any) -> Any:
    if getattr(fixturedef, "scope", "function") == "function":
        yield
        return
    previous = _context[0]
    _switch(_fixture_key(fixturedef))
    try:
        yield
    finally:
        _switch(previous)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: Any) -> Any:
    _items[item.nodeid] = item
    _switch(item.nodeid)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: Any) -> Any:
    _switch(item.nodeid)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Any:
    _switch(item.nodeid)
    yield
    _switch("")


def pytest_runtest_logreport(report: Any) -> None:
    nodeid = report.nodeid
    current = _outcomes.get(nodeid)
    xfail = hasattr(report, "wasxfail")
    if report.when == "setup":
        if report.failed:
            _outcomes[nodeid] = "error"
        elif report.skipped:
            _outcomes[nodeid] = "xfailed" if xfail else "skipped"
    elif report.when == "call":
        if report.failed:
            _outcomes[nodeid] = "failed"
        elif report.skipped:
            _outcomes[nodeid] = "xfailed" if xfail else "skipped"
        else:
            _outcomes[nodeid] = "xpassed" if xfail else "passed"
    elif report.when == "teardown":
        if report.failed and current in (None, "passed", "xpassed"):
            _outcomes[nodeid] = "error"
        _write(nodeid)


def _wider_fixtures(item: Any) -> list[str]:
    info = getattr(item, "_fixtureinfo", None)
    defs = getattr(info, "name2fixturedefs", {}) or {}
    keys = []
    for name in getattr(item, "fixturenames", ()):
        chain = defs.get(name) or ()
        if chain and getattr(chain[-1], "scope", "function") != "function":
            keys.append(_fixture_key(chain[-1]))
    return keys


def _write(nodeid: str) -> None:
    if not _out_path:
        return
    item = _items.get(nodeid)
    record: dict[str, Any] = {"id": nodeid, "outcome": _outcomes.get(nodeid, "unknown")}
    if item is not None:
        record["path"] = str(getattr(item, "path", "") or getattr(item, "fspath", ""))
        record["func"] = getattr(item, "originalname", None) or getattr(item, "name", "")
        cls = getattr(item, "cls", None)
        record["cls"] = cls.__qualname__.replace(".", "::") if cls is not None else None
        record["fixtures"] = _wider_fixtures(item)
    with open(_out_path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")
