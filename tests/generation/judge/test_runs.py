"""Validation runs happen in a sandbox: temp HOME, no network beyond loopback, seeded order."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.errors import ExitCode
from covlift.generation.judge.runs import run_tests
from covlift.runner import Sandbox

NET = """import os
import socket


def fetch():
    socket.create_connection(("93.184.216.34", 80), timeout=2).close()
    return "connected"


def home():
    return os.environ["HOME"]
"""

TESTS = """import os
import socket

from pkg.net import fetch, home


def test_remote_is_blocked():
    assert fetch() == "connected"


def test_loopback_is_allowed():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    socket.create_connection(server.getsockname()).close()
    server.close()
    assert server.fileno() == -1


def test_home_is_a_temp_dir():
    assert home() != os.path.expanduser("~root") and "covlift-sandbox-" in home()
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "net.py").write_text(NET)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_net.py").write_text(TESTS)
    (tmp_path / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    return tmp_path


def test_network_is_blocked_but_loopback_and_temp_home_work(tmp_path: Path) -> None:
    project = _project(tmp_path)
    with Sandbox(project, python=sys.executable) as box:
        run = run_tests(box, ["tests/test_net.py"], seed=3)
    assert run.outcomes == {
        "tests/test_net.py::test_remote_is_blocked": "failed",
        "tests/test_net.py::test_loopback_is_allowed": "passed",
        "tests/test_net.py::test_home_is_a_temp_dir": "passed",
    }
    assert "93.184.216.34" in run.output_tail and "not allowed" in run.output_tail


def test_contexts_give_each_test_its_own_lines(tmp_path: Path) -> None:
    project = _project(tmp_path)
    source = str((project / "pkg" / "net.py").resolve())
    with Sandbox(project, python=sys.executable) as box:
        run = run_tests(box, ["tests/test_net.py"], seed=1, contexts=True, files=[source])
    home_lines = run.coverage["tests/test_net.py::test_home_is_a_temp_dir"][source][0]
    fetch_lines = run.coverage["tests/test_net.py::test_remote_is_blocked"][source][0]
    assert 11 in home_lines and 11 not in fetch_lines  # `return os.environ["HOME"]`
    assert 6 in fetch_lines and 6 not in home_lines  # the connect line


def test_relative_files_projects_report_each_tests_coverage(sample_project: Callable[[str], Path]) -> None:
    """`relative_files = true` records 'src/tally/counter.py'; the absolute path asked for still matches."""
    project = sample_project("parallel_paths")
    source = str((project / "src" / "tally" / "counter.py").resolve())
    with Sandbox(project, python=sys.executable) as box:
        run = run_tests(box, ["tests/test_counter.py"], seed=1, contexts=True, files=[source])
    nodeid = "tests/test_counter.py::test_add_counts_up"
    assert run.outcomes == {nodeid: "passed"}
    lines, arcs = run.coverage[nodeid][source]
    assert {24, 26, 27} <= lines  # Tally.add's body
    assert (24, 26) in arcs  # the amount check taken the valid way


def test_generate_keeps_tests_on_a_parallel_relative_files_project(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """parallel + relative_files + [tool.coverage.paths]: candidates reach the lines the suite missed."""
    project = sample_project("parallel_paths")
    args = ["generate", str(project), "src/tally/counter.py", "--budget", "4", "--no-mutation", "--json"]
    assert main(args) == ExitCode.OK
    data = json.loads(capsys.readouterr().out)
    verdicts = data["modules"][0]["verdicts"]
    kept = [v for v in verdicts if v["accepted"]]
    assert kept, verdicts
    assert not any("reaches no line" in r for v in verdicts for r in v["reasons"])
    assert data["written"] == ["tests/covlift/test_tally_counter.py"]
    assert any(v["target"] == "clamp" and v["new_arcs"] for v in kept)
