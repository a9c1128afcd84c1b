"""Which collector records what ran: coverage.py's, or one of covlift's that coverage.py then reports.

coverage.py measures branches with a trace function up to Python 3.13 (its
sys.monitoring core measures branches from 3.14 on), which makes a suite run
1.2-8x slower.  covlift has two cheaper collectors of its own: slipcover's
bytecode probes on CPython 3.11, and sys.monitoring LINE events on CPython
3.12 and 3.13.  Both are *collectors* only: coverage.py still decides which
files to measure, parses them, applies exclusions and writes the report;
what they saw is turned into the executed arcs coverage.py's tracer would
have recorded (``_child/covlift_marked_report.py``), so the snapshot is the
one ``--collector coverage`` gives.  When that cannot be guaranteed for a
run, the collector refuses the result and ``auto`` measures again with
coverage.py.

``auto`` (the default) is the fastest exact collector the interpreter has:
monitoring on 3.12 and 3.13, slipcover on 3.11 (when installed), else
coverage.py, whose own sys.monitoring core measures branches on 3.14+.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from covlift.errors import ProjectTestsError, UsageError
from covlift.measure.interpreter import _run_python, child_status, probe_data

COLLECTORS = ("auto", "coverage", "monitoring", "slipcover")
CHILD_DIR = Path(__file__).parent / "_child"
BASE_PLUGIN = "covlift_child_plugin"
#: the pytest plugin that loads each of covlift's own collectors in place of the base plugin
PLUGINS = {"slipcover": "covlift_slipcover_hook", "monitoring": "covlift_monitoring_hook"}

_REPORT = "import sys; sys.path.insert(0, {child!r}); import covlift_marked_report as r; r.main()"


class InexactError(ProjectTestsError):
    """covlift's collector saw something it cannot turn into coverage.py's exact numbers."""


def unavailable_reason(collector: str, root: Path, python: str) -> str | None:
    """Why ``collector`` cannot run in this interpreter, as the end of a sentence; None when it can.

    The answer comes from the interpreter probe (one subprocess, cached; see
    :func:`covlift.measure.interpreter.probe_data`).
    """
    found = probe_data(root, python)
    version = str(found.get("python", "?"))
    cpython = found.get("implementation", "cpython") == "cpython"
    minor = tuple(found.get("version_info") or (0, 0))[:2]
    coverage_ok = str(found.get("coverage_version", "")).startswith("7.")
    if collector == "slipcover":
        if not cpython or minor != (3, 11):
            return f"it runs on CPython 3.11 only and {python} is Python {version}"
        if not str(found.get("slipcover_version", "")).startswith("1.1"):
            have = found.get("slipcover_version", "not installed")
            return f"it needs slipcover 1.1 in {python} (slipcover: {have})"
    elif collector == "monitoring" and (not cpython or minor not in ((3, 12), (3, 13))):
        return f"it runs on CPython 3.12 and 3.13 only and {python} is Python {version}"
    if not coverage_ok:
        return f"it needs coverage.py 7 in {python} (coverage.py: {found.get('coverage_version')})"
    return None


def choose(requested: str, root: Path, python: str) -> str:
    """'coverage', 'slipcover' or 'monitoring' for this run; a named collector that cannot run is an error."""
    if requested not in COLLECTORS:
        raise UsageError(f"unknown collector {requested!r}; use one of {', '.join(COLLECTORS)}.")
    if requested == "coverage":
        return "coverage"
    if requested == "auto":
        for candidate in ("monitoring", "slipcover"):
            if unavailable_reason(candidate, root, python) is None:
                return candidate
        return "coverage"
    reason = unavailable_reason(requested, root, python)
    if reason is None:
        return requested
    if "slipcover 1.1" in reason:
        fix = f"install it with '{python} -m pip install slipcover==1.1.0', or use --collector auto"
    else:
        fix = "use --collector auto (the fastest collector this interpreter has) or --collector coverage"
    raise UsageError(f"the {requested} collector cannot run: {reason}; {fix}.")


def code_cache(root: Path) -> str:
    """Where the collector keeps marked, compiled modules between runs ("" when it cannot)."""
    folder = root / ".covlift" / "code"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only checkout: compile every time
        return ""
    return str(folder)


def plugin_argv(argv: Sequence[str], collector: str) -> tuple[str, ...]:
    """The pytest command line with covlift's child plugin loaded through ``collector``'s hook."""
    plugin = PLUGINS[collector]
    return tuple(plugin if arg == BASE_PLUGIN else arg for arg in argv)


def json_report(
    root: Path,
    python: str,
    *,
    collector: str,
    data_dir: Path,
    data_file: Path,
    json_out: Path,
    source: tuple[str, ...] | None = None,
    omit: tuple[str, ...] = (),
    status: Path | None = None,
) -> dict[str, Any]:
    """The collector's JSON files as a coverage.py data file and JSON report, like interpreter.json_report.

    As there, ``status`` is where the test process says it made the report already.
    """
    result = child_status(status)
    if result is None:
        data_file.unlink(missing_ok=True)  # a report cut short in the test process: start again
        args = {
            "data_dir": str(data_dir),
            "data_file": str(data_file),
            "json_out": str(json_out),
            "source": list(source) if source else None,
            "omit": list(omit) or None,
        }
        result = _run_python(python, _REPORT.format(child=str(CHILD_DIR)), root, json.dumps(args))
    if result.get("error") == "nodata":
        raise ProjectTestsError(
            "no coverage data was collected; check that the tests import the project's code."
        )
    if result.get("error") == "inexact":
        raise InexactError(
            f"the {collector} collector cannot give coverage.py's exact result for this run: "
            f"{result.get('detail')}; rerun with --collector coverage."
        )
    if "error" in result:
        raise InexactError(
            f"the {collector} collector's data could not be reported ({result['error']}: "
            f"{result.get('detail')}); rerun with --collector coverage."
        )
    try:
        return dict(json.loads(json_out.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ProjectTestsError(f"the {collector} collector wrote no readable report ({exc}).") from exc
