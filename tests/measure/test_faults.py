"""Tests that hang, exit, crash, flood or leave processes behind do not sink the run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.config import load_config
from covlift.measure import measure

FAULTS = "tests/test_faults.py::"


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie, or a pid reused by another program, does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z" and b"time.sleep(30)" in cmdline


def _pids(detail: str) -> list[int]:
    """The pids an incident names: 'left running: 1234 (python3)'."""
    return [int(p) for p in re.findall(r"(\d+) \(", detail)]


def test_every_fault_is_reported_and_the_rest_is_measured(
    sample_project: Callable[[str], Path],
) -> None:
    project = sample_project("faulty")
    snapshot = measure(load_config(project, per_test_timeout=3.0))
    outcomes = {t.nodeid.removeprefix(FAULTS): t.outcome for t in snapshot.tests}
    assert outcomes == {
        "test_add": "passed",
        "test_hangs": "timeout",
        "test_exits": "failed",
        "test_hard_exit": "crashed",
        "test_segfault": "crashed",
        "test_floods_output": "output-flood",
        "test_leaves_child_running": "passed",
        "test_leaves_detached_child_running": "passed",
        "test_power": "passed",
    }
    incidents = {(i.nodeid.removeprefix(FAULTS), i.kind) for i in snapshot.incidents}
    assert incidents == {
        ("test_hangs", "timeout"),
        ("test_exits", "exit"),
        ("test_hard_exit", "crashed"),
        ("test_segfault", "crashed"),
        ("test_floods_output", "output-flood"),
        ("test_leaves_child_running", "child-process"),
        ("test_leaves_detached_child_running", "child-process"),
    }
    details = {i.nodeid.removeprefix(FAULTS): i.detail for i in snapshot.incidents}
    assert "SIGSEGV" in details["test_segfault"]
    assert "code 7" in details["test_hard_exit"]
    ops = snapshot.file("calc/ops.py")
    assert ops is not None
    executed = ops.executed
    source = (project / "calc" / "ops.py").read_text().splitlines()
    line_of = {text.strip(): n for n, text in enumerate(source, 1)}
    # tests that ran before, between and after the faults are all measured ...
    assert line_of["return a + b"] in executed  # test_add
    assert line_of["result *= a"] in executed  # test_power, after every fault
    assert line_of["return a * b"] in executed  # test_exits (a failure, not a crash)
    # ... and so is what the hung test ran before it was stopped (flushed on SIGUSR1)
    assert line_of["return a - b"] in executed
    # ... and what the os._exit test ran before it exited (saved on the way out)
    assert line_of["return a / b"] in executed
    # nothing the tests started is left running, in the run's process group or out of it
    left = [pid for i in snapshot.incidents if i.kind == "child-process" for pid in _pids(i.detail)]
    assert len(left) == 2
    assert [pid for pid in left if _alive(pid)] == []


def test_sigterm_mid_run_leaves_nothing_behind(sample_project: Callable[[str], Path], tmp_path: Path) -> None:
    project = sample_project("faulty")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "covlift", "measure", str(project), "--per-test-timeout", "60"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # wait until the hanging test has started (covlift's events file says so), however slow the machine
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(
        '"id": "tests/test_faults.py::test_hangs"' in events.read_text().replace('"id":"', '"id": "')
        for events in temp.glob("covlift-measure-*/events.jsonl")
    ):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    assert list(temp.iterdir()) == []
    assert not (project / ".covlift" / "covlift.db").exists()
    assert list(project.glob(".covlift/*.tmp")) == []


def test_a_busy_loop_under_xdist_is_a_timeout_and_the_rest_is_measured(tmp_path: Path) -> None:
    """Issue 17: under ``-n 2`` a ``while True: pass`` test was reported as an output flood and the
    coverage of its worker was lost."""
    pytest.importorskip("xdist")
    (tmp_path / "calc").mkdir()
    (tmp_path / "calc" / "__init__.py").write_text(
        "def sign(x):\n    if x < 0:\n        return -1\n    return 1\n\n\n"
        "def spin():\n    while True:\n        pass\n"
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_calc.py").write_text(
        "from calc import sign, spin\n\n\n"
        "def test_negative():\n    assert sign(-2) == -1\n\n\n"
        "def test_spins():\n    spin()\n\n\n"
        "def test_positive():\n    assert sign(3) == 1\n"
    )
    snapshot = measure(load_config(tmp_path, workers="2", per_test_timeout=3.0))
    outcomes = {t.nodeid.removeprefix("tests/test_calc.py::"): t.outcome for t in snapshot.tests}
    assert outcomes == {"test_negative": "passed", "test_spins": "timeout", "test_positive": "passed"}
    assert [(i.nodeid, i.kind) for i in snapshot.incidents] == [("tests/test_calc.py::test_spins", "timeout")]
    calc = snapshot.file("calc/__init__.py")
    assert calc is not None
    # the lines the busy test ran before it was stopped are kept, and so are the others'
    assert {3, 4, 9} <= set(calc.executed)
