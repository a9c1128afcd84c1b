"""Every stage that runs code covlift did not write runs it in the sandbox: hostile code escapes nowhere.

The hostile fixture project's functions and tests each try one escape (secrets over TCP, UDP and
DNS to a listener on a real address, truncating, deleting, renaming and chmod-ing project files,
writing to the real HOME, import-time side effects).  The search calls them, validation and the
mutation check run candidate tests that call them, and a model's repair loop runs them for their
tracebacks; after each, the project is byte-for-byte what it was, the real HOME is empty and
nothing reached the listener.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest

from covlift.config import load_config
from covlift.generation.engines.base import EngineContext
from covlift.generation.engines.search import SearchEngine
from covlift.generation.judge import validate_module
from covlift.generation.judge.gaps import Judge
from covlift.generation.judge.mutation import mutants_for, run_mutants
from covlift.generation.model import Candidate, Target
from covlift.generation.policy import Policy
from covlift.generation.targets import targets_in_file
from covlift.measure import measure
from tests.runner.conftest import Listener, digest

ESCAPES = "src/hostile/escapes.py"
#: what a candidate test does: one escape each, then an assertion that would pass
ATTACKS = (
    "exfil_tcp",
    "exfil_udp",
    "exfil_dns",
    "truncate_data",
    "delete_data",
    "rename_out",
    "rename_in",
    "symlink_in",
    "chmod_data",
    "write_real_home",
    "sibling_prefix",
)


def _project_files(project: Path) -> dict[str, tuple[str, int, str]]:
    """Every entry of the project but covlift's own .covlift/ (its store and data file)."""
    return {k: v for k, v in digest(project).items() if not k.startswith(".covlift")}


def _unharmed(project: Path, before: dict[str, tuple[str, int, str]], listener: Listener, home: Path) -> None:
    assert _project_files(project) == before, "the project changed"
    assert list(home.iterdir()) == [], "something was written to the real HOME"
    assert listener.received == [], listener.received
    assert not (project / "side_effect.txt").exists()


def _target(project: Path, name: str) -> Target:
    source = (project / ESCAPES).read_text().splitlines()
    start = next(i for i, line in enumerate(source, 1) if line.startswith(f"def {name}("))
    return Target(ESCAPES, "hostile.escapes", name, start, (start + 1,), (start + 1,), ())


def _candidates(project: Path) -> list[Candidate]:
    return [
        Candidate(
            name=f"test_{attack}",
            target=_target(project, attack),
            body=f"def test_{attack}():\n    escapes.{attack}()\n    assert escapes.ROOT.name\n",
            imports=("from hostile import escapes",),
            engine="llm",
        )
        for attack in ATTACKS
    ]


@pytest.mark.usefixtures("secrets")
def test_the_search_calls_hostile_functions_in_the_sandbox(
    hostile: Path, listener: Listener, real_home: Path
) -> None:
    before = _project_files(hostile)
    config = load_config(hostile, python=sys.executable)
    snapshot = measure(config, allow_no_tests=True, isolate=True)  # the suite is hostile too
    _unharmed(hostile, before, listener, real_home)
    f = snapshot.file(ESCAPES)
    assert f is not None
    targets = [t for t in targets_in_file(hostile, f) if t.name in ATTACKS]
    policy = Policy(root=hostile, python=sys.executable, budget_s=6)
    SearchEngine().generate(targets, EngineContext(policy=policy))
    _unharmed(hostile, before, listener, real_home)


@pytest.mark.usefixtures("secrets")
def test_validation_rejects_hostile_candidates_and_nothing_escapes(
    hostile: Path, listener: Listener, real_home: Path
) -> None:
    before = _project_files(hostile)
    config = load_config(hostile, python=sys.executable)
    snapshot = measure(config, allow_no_tests=True, isolate=True)
    result = validate_module(hostile, sys.executable, snapshot, ESCAPES, _candidates(hostile), runs=2)
    _unharmed(hostile, before, listener, real_home)
    verdicts = {v.candidate.name: v for v in result.verdicts}
    assert not any(v.accepted for v in verdicts.values()), [v.summary for v in verdicts.values()]
    # the sandbox says what each tried
    assert any("sandbox: tried" in r for r in verdicts["test_exfil_tcp"].reasons), verdicts["test_exfil_tcp"]
    assert any("sandbox: tried" in r for r in verdicts["test_truncate_data"].reasons)


@pytest.mark.usefixtures("secrets")
def test_the_mutation_check_runs_hostile_tests_in_the_sandbox(
    hostile: Path, listener: Listener, real_home: Path
) -> None:
    before = _project_files(hostile)
    source = (hostile / ESCAPES).read_text()
    mutants = mutants_for(source, ESCAPES, list(range(1, len(source.splitlines()) + 1)), limit=4)
    assert mutants
    with contextlib.suppress(Exception):  # the hostile tests may fail on the unmutated code: allowed
        run_mutants(hostile, sys.executable, "hostile.escapes", Path("tests/test_hostile.py"), mutants)
    _unharmed(hostile, before, listener, real_home)


@pytest.mark.usefixtures("secrets")
def test_a_repair_loops_failure_run_is_sandboxed(hostile: Path, listener: Listener, real_home: Path) -> None:
    before = _project_files(hostile)
    policy = Policy(root=hostile, python=sys.executable, per_test_timeout=10)
    details = Judge(policy).failures(_candidates(hostile))
    _unharmed(hostile, before, listener, real_home)
    assert set(details) <= {f"test_{a}" for a in ATTACKS}


def test_the_project_suite_under_isolate_changes_nothing(
    hostile: Path, listener: Listener, real_home: Path, secrets: dict[str, str]
) -> None:
    """`covlift measure --isolate` on the hostile project: its tests truncate, send and import with
    side effects; the checkout is untouched and the canary never leaves."""
    before = _project_files(hostile)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "covlift",
            "measure",
            str(hostile),
            "--isolate",
            "--no-store",
            "--python",
            sys.executable,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert "isolated:" in proc.stderr, proc.stderr
    _unharmed(hostile, before, listener, real_home)
    assert all(value not in proc.stdout + proc.stderr for value in secrets.values())
