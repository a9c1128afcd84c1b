"""covlift's offline search engine, run inside the project's own interpreter.

Standard library only: the project's virtualenv need not have covlift.  The
parent (covlift.generation.engines.search) writes a JSON request and reads JSON
lines back, written as they are found (so nothing found is lost if this process
is stopped):

    python covlift_search_harness.py REQUEST.json RESULT.jsonl

Lines: ``{"case": {...}}`` per kept case, ``{"hang": target, "call": code}`` per call
that ran past its deadline, ``{"broke": target, "why": error}`` once per target whose
search raised, ``{"error": sentence}`` when the module cannot be searched, and
``{"done": true}`` at the end.

For each target function or method it builds inputs from the project's own tests,
fixtures, type hints, defaults, literals in the source, docstring examples and a
seeded random mix of those, runs each call with a line/arc tracer restricted to the
target file, and keeps the calls that reach target lines or arcs not yet reached.
For every kept call it records an oracle: the return value (as code that rebuilds
it), the state the call left on the object, or the exception the code raised on
purpose.  The modules, in the order they import each other:

    values -> literals -> domain -> fakes -> mined -> observed -> context -> mutate
    -> objects -> pools -> guard -> execute -> answers -> oracle -> examples -> target -> module
    -> harness (this file)
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import IO, Any

from covlift_search_context import Fixtures
from covlift_search_guard import Blocked, Guard, on_alarm


def _writer(out: IO[str]) -> Any:
    def emit(event: dict[str, Any]) -> None:
        out.write(json.dumps(event) + "\n")
        out.flush()

    return emit


def main() -> int:
    request_path, result_path = sys.argv[1], sys.argv[2]
    with open(request_path, encoding="utf-8") as fh:
        request = json.load(fh)
    for entry in reversed(request.get("sys_path", [])):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    for conftest in request.get("conftests", []):  # as pytest does: `from tests.base import ...`
        base = os.path.dirname(os.path.realpath(conftest))
        while os.path.isfile(os.path.join(base, "__init__.py")):
            base = os.path.dirname(base)
        if base not in sys.path:
            sys.path.append(base)
    signal.signal(signal.SIGALRM, on_alarm)
    sys.dont_write_bytecode = True
    with open(result_path, "a", encoding="utf-8") as out:
        emit = _writer(out)
        fixtures = Fixtures(list(request.get("conftests", [])))
        guard = Guard()
        try:
            from covlift_search_module import ModuleSearch

            search = ModuleSearch(request, fixtures, guard)
        except BaseException as exc:
            emit({"error": f"cannot import {request['module']}: {type(exc).__name__}: {exc}"})
            return 0
        expected = request.get("file")
        if expected and os.path.realpath(expected) != search.filename:
            emit(
                {
                    "error": (
                        f"'import {request['module']}' loads {search.filename}, not "
                        f"{expected} (another install of the project comes first); "
                        "install the project from this directory (pip install -e .) "
                        "or put it on PYTHONPATH"
                    )
                }
            )
            return 0
        if request.get("observed_from"):  # the project's tests ran in a process of their own
            search.observed.load(request["observed_from"])
        else:
            search.observed.fork = not request.get("observe_to")
            search.observe()
        if request.get("observe_to"):
            search.observed.save(request["observe_to"])
            emit({"done": True})
            return 0
        guard.install()
        guard.active = True  # the modules the tests share run here: under the same guard as a call
        try:
            search.observed.read_shared(list(request.get("observe") or ()), request["module"].split(".")[0])
        except (
            Exception,
            Blocked,
        ):  # a helper module that does what no call may: its subclasses are not used
            pass
        finally:
            guard.active = False
        try:
            search.run(emit)
        finally:
            fixtures.tmp_paths.remove_all()
        emit({"done": True})
    return 0


if __name__ == "__main__":
    sys.exit(main())
