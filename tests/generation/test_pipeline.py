"""generate and lift end to end on real sample projects."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from covlift.cli import main
from covlift.config import load_config
from covlift.errors import ExitCode
from covlift.generation.engines.search import SearchEngine
from covlift.generation.pipeline import check_suite, generate, generate_module, still_there, suite_breakage
from covlift.generation.policy import Policy
from covlift.generation.targets import select_targets
from covlift.lift import CHECKPOINT_KIND, lift
from covlift.measure import measure
from covlift.report.generate_text import lift_to_dict
from covlift.store import open_store


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*.py"))
        if "__pycache__" not in p.parts
    }


def test_generate_writes_a_new_file_that_raises_coverage(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("ledger")
    before_files = _files(project)
    config = load_config(project)
    before = measure(config)
    policy = Policy.from_config(config, budget_s=5, mutate=False)
    result = check_suite(policy, before, generate(policy, before, ["ledger/accounts.py"]))
    assert [p.relative_to(project).as_posix() for p in result.written] == [
        "tests/covlift/test_ledger_accounts.py"  # tests/test_accounts.py exists: no basename clash
    ]
    after_files = _files(project)
    for name, content in before_files.items():
        assert after_files[name] == content  # existing files untouched
    after = measure(config)
    assert after.totals.combined_pct > before.totals.combined_pct + 30
    new_tests = [t for t in after.tests if t.nodeid.startswith("tests/covlift/")]
    assert new_tests and all(t.outcome == "passed" for t in new_tests)
    assert "suite run with seed" in result.suite_note
    # the written file runs under plain pytest too
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/covlift"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout


def test_generate_cli_json_and_bad_target(sample_project: Callable[[str], Path], capsys: object) -> None:
    project = sample_project("ledger")
    code = main(["generate", str(project), "ledger/nope.py", "--budget", "2", "--no-mutation"])
    assert code == ExitCode.USAGE_ERROR
    code = main(
        ["generate", str(project), "ledger/accounts.py::fee_for", "--budget", "3", "--no-mutation", "--json"]
    )
    assert code == ExitCode.OK
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    data = json.loads(out)
    verdicts = data["modules"][0]["verdicts"]
    assert verdicts and {v["target"] for v in verdicts} == {"fee_for"}
    assert all(len(v["new_lines"]) + len(v["new_arcs"]) > 0 for v in verdicts if v["accepted"])
    assert len(data["modules"][0]["seeds"]) == 5


def test_lift_reaches_the_target_and_checkpoints(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("basic")
    config = load_config(project)
    events: list[str] = []
    policy = Policy.from_config(config, budget_s=3, mutate=False)
    result = lift(config, policy, SearchEngine(), target=90, on_event=events.append)
    assert result.before.totals.combined_pct < 50
    assert result.reached and result.after.totals.combined_pct >= 90
    percents = [s.percent_after for s in result.steps]
    assert percents == sorted(percents)  # coverage only rises
    assert any(s.written for s in result.steps)
    # every candidate's verdict is in the result and its JSON; a rejected one always says why
    steps = lift_to_dict(result, project)["steps"]
    verdicts = [v for step in steps for v in step["verdicts"]]
    assert len(verdicts) == sum(s.candidates for s in result.steps) > 0
    assert all(v["reasons"] for v in verdicts if not v["accepted"])
    store = open_store(config.store_url)
    assert store.get_document(CHECKPOINT_KIND, str(project)) == {}  # finished: nothing to resume
    store.put_document(
        CHECKPOINT_KIND,
        str(project),
        {
            "before_id": result.before.id,
            "current_id": result.after.id,
            "done": [s.path for s in result.steps],
        },
    )
    store.close()
    again = lift(config, policy, SearchEngine(), target=95, on_event=events.append)
    assert again.resumed and again.before.id == result.before.id
    assert any("resuming" in e for e in events)


def test_interrupted_lift_leaves_no_partial_files(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("ledger")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "covlift",
            "lift",
            str(project),
            "--target",
            "99",
            "--budget",
            "30",
            "--no-mutation",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 60
    # wait until the search is under way, then stop covlift
    while time.monotonic() < deadline:
        db = project / ".covlift" / "covlift.db"
        if db.exists() and db.stat().st_size > 0 and proc.poll() is None:
            time.sleep(1.5)
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    leftovers = [p.name for p in project.rglob("*") if "candidates" in p.name or p.suffix == ".tmp"]
    assert leftovers == []


def test_a_project_without_tests_starts_from_nothing(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("ledger")
    (project / "tests" / "test_accounts.py").unlink()
    with (project / "pyproject.toml").open("a") as fh:
        fh.write('\n[tool.coverage.run]\nsource_pkgs = ["ledger"]\n')  # never imported by any test
    config = load_config(project)
    baseline = measure(config, allow_no_tests=True)
    assert baseline.tests == ()
    book = baseline.file("ledger/book.py")
    assert book is not None and book.covered_lines == 0 and book.num_statements > 0
    result = generate(Policy.from_config(config, budget_s=3, mutate=False), baseline, ["ledger/book.py"])
    assert result.written
    assert measure(config).file("ledger/book.py").covered_lines > 0  # type: ignore[union-attr]


def _names_project(root: Path) -> Path:
    """A project whose existing test file changes module state when collected; it imports the
    module by a computed name, so the search never sees it: only runs of the suite do."""
    project = root / "names"
    (project / "names").mkdir(parents=True)
    (project / "tests").mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\npythonpath = ["."]\ntestpaths = ["tests"]\n'
    )
    (project / "names" / "__init__.py").write_text("")
    (project / "names" / "registry.py").write_text(
        "NAMES: list[str] = ['ada']\n\n\ndef count() -> int:\n    return len(NAMES)\n\n\n"
        "def shout(word: str) -> str:\n    if not word:\n        raise ValueError('nothing to shout')\n"
        "    return word.upper() + '!'\n"
    )
    (project / "tests" / "test_other.py").write_text(
        "import importlib\n\nimportlib.import_module('names.' + 'registry').NAMES.append('seed')\n\n\n"
        "def test_arithmetic():\n    assert 2 + 2 == 4\n"
    )
    return project


def test_a_new_test_failing_inside_the_suite_is_left_out_of_its_file(tmp_path: Path) -> None:
    """A generated test that passes alone but fails inside the suite is taken out; the file
    keeps the other tests."""
    project = _names_project(tmp_path)
    config = load_config(project)
    before = measure(config)
    policy = Policy.from_config(config, budget_s=3, mutate=False)
    generated = generate(policy, before, ["names/registry.py"])
    assert any("count()" in c.body for c in generated.modules[0].validation.accepted)
    result = check_suite(policy, before, generated)
    [written] = result.written
    text = written.read_text()
    assert "count()" not in text and "shout(" in text
    assert "left out of their files" in result.suite_note and "all passed" in result.suite_note
    dropped = [v for v in result.modules[0].validation.verdicts if "count()" in v.candidate.body]
    assert dropped and all(not v.accepted and "failed inside the suite" in v.reasons for v in dropped)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout


def test_lift_leaves_out_a_test_failing_inside_the_suite(tmp_path: Path) -> None:
    project = _names_project(tmp_path)
    config = load_config(project)
    policy = Policy.from_config(config, budget_s=3, mutate=False)
    result = lift(config, policy, SearchEngine(), target=100, max_files=1)
    [step] = result.steps
    assert step.written is not None and "left out" in step.note, step.note
    text = step.written.read_text()
    assert "count()" not in text and "shout(" in text
    assert result.after.totals.combined_pct > result.before.totals.combined_pct
    assert all(t.outcome == "passed" for t in result.after.tests)


def test_a_candidate_an_earlier_pass_rejected_is_not_validated_again(tmp_path: Path) -> None:
    """lift searches a file again each pass and finds the candidates it rejected before: their
    verdict is remembered, not paid for twice."""
    project = _names_project(tmp_path)
    config = load_config(project)
    before = measure(config)
    policy = Policy.from_config(config, budget_s=3, mutate=False)
    targets = select_targets(project, before, ["names/registry.py"])["names/registry.py"]
    first = generate_module(policy, SearchEngine(), before, "names/registry.py", targets, rejected_before={})
    shout = next(c for c in first.validation.accepted if "shout(" in c.body)
    assert first.written is not None
    first.written.unlink()
    memory = {shout.body.replace(f"def {shout.name}(", "def _(", 1): "passed 3 of 5 runs"}
    events: list[str] = []
    again = generate_module(
        policy,
        SearchEngine(),
        before,
        "names/registry.py",
        targets,
        on_event=events.append,
        rejected_before=memory,
    )
    [verdict] = [v for v in again.validation.verdicts if v.candidate.body == shout.body]
    assert not verdict.accepted and verdict.reasons == ("rejected in an earlier pass: passed 3 of 5 runs",)
    assert verdict.passes == 0  # not run again
    assert any("1 rejected in an earlier pass" in e for e in events), events
    assert again.validation.accepted and all(c.body != shout.body for c in again.validation.accepted)


def test_a_test_file_whose_tests_no_longer_run_counts_as_broken() -> None:
    before = {
        "tests/test_utils/test_style.py::test_bold": "passed",
        "tests/test_params.py::test_repr[<object at 0x1>]": "passed",
        "tests/test_params.py::test_other": "passed",
    }
    after = {
        # tests/covlift/test_utils.py shadowed the tests/test_utils package: its modules vanished
        "tests/test_params.py::test_repr[<object at 0x2>]": "passed",  # an id that changes per run
        "tests/test_params.py::test_other": "passed",
        "tests/covlift/test_utils.py::test_new": "passed",
    }
    worse, failing_new = suite_breakage(before, after, {"tests/covlift/test_utils.py"})
    assert worse == ["tests/test_utils/test_style.py::test_bold"]
    assert failing_new == []


def test_a_test_file_deleted_since_the_last_measure_is_no_test_the_new_files_broke(
    sample_project: Callable[[str], Path],
) -> None:
    """The user deletes covlift's file to have it written anew: the stored snapshot still lists
    its tests, which no run can have; the new file is kept, not removed as a breakage."""
    project = sample_project("ledger")
    config = load_config(project)
    policy = Policy.from_config(config, budget_s=5, mutate=False)
    old = project / "tests" / "covlift" / "test_old.py"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text("def test_old():\n    assert 1 + 1 == 2\n")
    before = measure(config)
    assert any(t.nodeid == "tests/covlift/test_old.py::test_old" for t in before.tests)
    old.unlink()
    result = check_suite(policy, before, generate(policy, before, ["ledger/accounts.py"]))
    assert [p.relative_to(project).as_posix() for p in result.written] == [
        "tests/covlift/test_ledger_accounts.py"
    ]
    assert "changed outcome" not in result.suite_note


def test_outcomes_whose_ids_name_no_file_under_the_root_are_all_kept() -> None:
    outcomes = {"pkg/tests/test_a.py::test_x": "passed"}  # ids relative to another rootdir
    assert still_there(outcomes, Path("/nonexistent-root")) == outcomes
