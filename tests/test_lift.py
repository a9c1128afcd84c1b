"""lift on a backend-shaped project: a never-ending service loop and a module that does not import."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.config import load_config
from covlift.errors import ExitCode
from covlift.generation.engines.base import EngineContext
from covlift.generation.model import Candidate, Target
from covlift.generation.policy import Policy
from covlift.lift import lift


def test_lift_goes_past_service_loops_and_modules_that_do_not_import(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("services")
    # one pass over its three modules: the later, longer passes would only repeat the search
    argv = ["--target", "100", "--budget", "8", "--no-mutation", "--max-files", "3", "--json"]
    code = main(["lift", str(project), *argv])
    data = json.loads(capsys.readouterr().out)
    assert code in (ExitCode.OK, ExitCode.GATE_FAILED)  # never 3 because of one module
    steps: dict[str, dict[str, object]] = {}
    for step in data["steps"]:  # a file's first pass
        steps.setdefault(step["path"], step)
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


class _TwoVisits:
    """An engine that proposes one test of shapes.names.plural per visit: the first reaches its
    singular branch, the second its plural one, later visits nothing."""

    name = "scripted"

    def __init__(self) -> None:
        self.budgets: list[float] = []
        self.bodies = [
            "def test_plural_of_one_is_the_name():\n    assert plural('square', 1) == 'square'\n",
            "def test_plural_adds_an_s():\n    assert plural('square', 2) == 'squares'\n",
        ]

    def generate(self, targets: Sequence[Target], context: EngineContext) -> list[Candidate]:
        if targets and targets[0].path == "shapes/names.py":
            self.budgets.append(context.budget_s)
        plural = [t for t in targets if t.name == "plural"]
        if not plural or not self.bodies:
            return []
        body = self.bodies.pop(0)
        name = body.split("(", 1)[0].removeprefix("def ")
        return [Candidate(name, plural[0], body, ("from shapes.names import plural",), self.name)]


def test_lift_searches_again_where_a_pass_found_tests_while_time_is_left(
    sample_project: Callable[[str], Path],
) -> None:
    project = sample_project("basic")
    config = load_config(project)
    policy = Policy.from_config(config, budget_s=5.0, runs=1, mutate=False)
    engine = _TwoVisits()
    events: list[str] = []
    result = lift(config, policy, engine, target=100.0, time_limit_s=900.0, on_event=events.append)
    visits = [s for s in result.steps if s.path == "shapes/names.py"]
    # pass 1 kept the singular test, pass 2 (twice the search budget) the plural one, pass 3
    # nothing; pass 4 searches every file still open once more, longer, and finds nothing either
    assert [s.tests_kept for s in visits] == [1, 1, 0, 0], [(s.path, s.tests_kept) for s in result.steps]
    assert engine.budgets == [5.0, 10.0, 20.0, 40.0]
    assert any(e.startswith("pass 2: 1 file that gained tests") for e in events), events
    assert any(e.startswith("pass 4: every file still open (") for e in events), events
    assert result.stopped == "no ranked file with a reachable gain is left"
    names = result.after.file("shapes/names.py")
    assert names is not None and 13 not in names.missing and 14 not in names.missing


class _SlowRounds(_TwoVisits):
    """_TwoVisits on a clock where each visit of a file costs ``seconds`` (its validation and
    the suite's re-measure, on a large project)."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.now, self.seconds = 0.0, seconds

    def clock(self) -> float:
        return self.now

    def generate(self, targets: Sequence[Target], context: EngineContext) -> list[Candidate]:
        self.now += self.seconds
        return super().generate(targets, context)


def test_lift_does_not_begin_a_file_it_cannot_finish_before_the_time_limit(
    sample_project: Callable[[str], Path],
) -> None:
    project = sample_project("basic")
    config = load_config(project)
    policy = Policy.from_config(config, budget_s=5.0, runs=1, mutate=False)
    engine = _SlowRounds(seconds=300.0)
    result = lift(config, policy, engine, target=100.0, time_limit_s=500.0, clock=engine.clock)
    # the first file took 300 s of a 500 s limit; the 200 s left cannot hold a second one
    assert len(result.steps) == 1, [(s.path, s.seconds) for s in result.steps]
    assert engine.now <= 500.0
    assert result.stopped.startswith("the time limit (8.33333 min) ran out: 200s were left")
    assert not result.reached
