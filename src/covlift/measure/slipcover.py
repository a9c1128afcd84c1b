"""The slipcover collector: coverage.py's results from slipcover's cheaper probes (Python 3.11).

coverage.py's trace function makes a suite run 1.4-2.8x slower on Python 3.11,
where its sys.monitoring core does not exist.  slipcover instead rewrites the
measured modules' bytecode with one-shot probes.  covlift uses it as a
*collector* only: coverage.py still decides which files to measure, parses
them, applies exclusions and writes the report; slipcover's observations are
turned into the executed arcs coverage.py's tracer would have recorded (see
``_child/covlift_slipcover_report.py``), so the snapshot is the one
``--collector coverage`` gives.  When that cannot be guaranteed for a run,
``slipcover`` refuses the result and ``auto`` measures again with coverage.py.

Selection: ``--collector coverage`` (default), ``slipcover``, or ``auto``
(slipcover when the project's interpreter can run it, else coverage.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from covlift.errors import InputFileError, ProjectTestsError, UsageError
from covlift.measure.interpreter import _run_python, child_status, probe_data

COLLECTORS = ("coverage", "slipcover", "auto")
CHILD_DIR = Path(__file__).parent / "_child"
HOOK_PLUGIN = "covlift_slipcover_hook"
BASE_PLUGIN = "covlift_child_plugin"
#: what the collector needs in the project's interpreter
NEEDS = "CPython 3.11 with slipcover 1.1 and coverage.py 7"

_REPORT = "import sys; sys.path.insert(0, {child!r}); import covlift_slipcover_report as r; r.main()"


class InexactError(ProjectTestsError):
    """The slipcover collector saw something it cannot turn into coverage.py's exact numbers."""


def unavailable_reason(root: Path, python: str) -> str | None:
    """Why the slipcover collector cannot run in this interpreter, or None when it can.

    The answer comes from the interpreter probe (one subprocess, cached; see
    :func:`covlift.measure.interpreter.probe_data`).
    """
    found = probe_data(root, python)
    if found.get("slipcover_ok"):
        return None
    have = f"Python {found.get('python')}, slipcover {found.get('slipcover_version', 'not installed')}"
    return f"it needs {NEEDS} ({python} has {have})"


def choose(requested: str, root: Path, python: str) -> str:
    """'coverage' or 'slipcover' for this run; an explicit 'slipcover' that cannot run is an error."""
    if requested not in COLLECTORS:
        raise UsageError(f"unknown collector {requested!r}; use one of {', '.join(COLLECTORS)}.")
    if requested == "coverage":
        return "coverage"
    reason = unavailable_reason(root, python)
    if reason is None:
        return "slipcover"
    if requested == "auto":
        return "coverage"
    raise UsageError(
        f"the slipcover collector cannot run: {reason}; install it with "
        f"'{python} -m pip install slipcover==1.1.0' or use --collector coverage."
    )


def plugin_argv(argv: Sequence[str]) -> tuple[str, ...]:
    """The pytest command line with covlift's child plugin loaded through the slipcover hook."""
    return tuple(HOOK_PLUGIN if arg == BASE_PLUGIN else arg for arg in argv)


def json_report(
    root: Path,
    python: str,
    *,
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
            f"the slipcover collector cannot give coverage.py's exact result for this run: "
            f"{result.get('detail')}; rerun with --collector coverage."
        )
    if "error" in result:
        raise InputFileError(
            f"the slipcover collector's data could not be reported ({result['error']}: "
            f"{result.get('detail')}); rerun with --collector coverage."
        )
    try:
        return dict(json.loads(json_out.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ProjectTestsError(f"coverage.py wrote no readable JSON report ({exc}).") from exc
