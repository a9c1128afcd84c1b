"""lift on a backend-shaped project: a never-ending service loop and a module that does not import."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.errors import ExitCode


def test_lift_goes_past_service_loops_and_modules_that_do_not_import(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("services")
    code = main(["lift", str(project), "--target", "100", "--budget", "8", "--no-mutation", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code in (ExitCode.OK, ExitCode.GATE_FAILED)  # never 3 because of one module
    steps = {s["path"]: s for s in data["steps"]}
    # the module whose optional dependency is missing is skipped with its reason, and lift goes on
    assert "covlift_fixture_missing_smtp_driver" in (steps["services/mailer.py"]["skipped"] or "")
    # the scheduler's serve() loop was ended through stop(), and its test kept
    written = steps["services/scheduler.py"]["written"]
    assert written, steps["services/scheduler.py"]
    text = (project / written).read_text()
    assert "asyncio.create_task(" in text and ".stop()" in text
    assert data["after"]["percent_covered"] > data["before"]["percent_covered"]
    if code == ExitCode.GATE_FAILED:
        assert data["stopped"] and not data["reached"]


def test_lift_refuses_bad_options_before_anything_runs(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("services")
    for args in (
        ["--target", "101"],
        ["--target", "nan"],
        ["--target", "-1"],
        ["--target", "50", "--budget", "-5"],
        ["--target", "50", "--time-limit", "soon"],
        ["--target", "50", "--engine", "bogus"],
    ):
        assert main(["lift", str(project), *args]) == ExitCode.USAGE_ERROR, args
        assert "error:" in capsys.readouterr().err
    assert not (project / ".covlift").exists()  # nothing was measured
