"""The state guard plugin, run for real in the hostile project's pytest session through the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from covlift.runner import RunPolicy, Sandbox
from tests.runner.conftest import MODES, PYTHON, Listener, digest

PYTEST = [PYTHON, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "-q"]


def guarded_run(project: Path, mode: str, *tests: str) -> tuple[dict[str, list[str]], str]:
    with Sandbox(project, RunPolicy(isolation=mode, spawn=False), python=PYTHON) as box:
        report = box.work / "state.jsonl"
        finished = box.run(
            [*PYTEST, "-p", "covlift_state_guard", *tests],
            extra_env={"COVLIFT_STATE_GUARD": str(report)},
            timeout=120,
        )
        lines = report.read_text().splitlines() if report.exists() else []
    found = {}
    for line in lines:
        data = json.loads(line)
        found[data["id"]] = data["changed"]
    return found, finished.output


@pytest.mark.parametrize("mode", MODES)
def test_each_state_change_is_reported_and_put_back(mode: str, hostile: Path) -> None:
    found, output = guarded_run(hostile, mode, "tests/test_state.py")
    assert found == {
        "tests/test_state.py::test_lowers_cpu_limit": ["resource limits: RLIMIT_CPU changed"],
        "tests/test_state.py::test_installs_alarm_handler": ["signal handler: SIGALRM changed"],
        "tests/test_state.py::test_changes_directory": [
            found["tests/test_state.py::test_changes_directory"][0]
        ],
        "tests/test_state.py::test_sets_environment": ["os.environ: HOSTILE_LEFT_BEHIND added"],
        "tests/test_state.py::test_replaces_module": ["sys.modules: json replaced"],
    }, output
    assert found["tests/test_state.py::test_changes_directory"][0].startswith("working directory: ")
    assert "7 passed" in output  # test_zz_state_is_back saw everything put back


def test_without_the_guard_the_leaks_break_a_later_test(hostile: Path) -> None:
    """Control: the same session without the plugin fails its last test."""
    with Sandbox(hostile, RunPolicy(isolation="audit-hook"), python=PYTHON) as box:
        finished = box.run([*PYTEST, "tests/test_state.py"], timeout=120)
    assert "1 failed, 6 passed" in finished.output, finished.output


def test_a_wider_fixture_is_not_blamed_on_its_tests(hostile: Path) -> None:
    found, output = guarded_run(hostile, "audit-hook", "tests/test_scoped.py")
    assert found == {}, output
    assert "2 passed" in output


def test_the_plugin_is_inert_without_its_variable(hostile: Path) -> None:
    with Sandbox(hostile, RunPolicy(isolation="audit-hook"), python=PYTHON) as box:
        finished = box.run([*PYTEST, "-p", "covlift_state_guard", "tests/test_state.py"], timeout=120)
    assert "1 failed, 6 passed" in finished.output, finished.output


@pytest.mark.parametrize("mode", MODES)
def test_hostile_tests_under_pytest_change_nothing(mode: str, hostile: Path, listener: Listener) -> None:
    before = digest(hostile)
    with Sandbox(hostile, RunPolicy(isolation=mode, spawn=False), python=PYTHON) as box:
        finished = box.run([*PYTEST, "tests/test_hostile.py"], timeout=120)
        kinds = {v.kind for v in box.violations()}
        side_effect = (box.root / "side_effect.txt").read_text()
    assert "3 passed" in finished.output, finished.output
    assert kinds == {"network", "write"}
    assert side_effect == "imported\n"
    assert digest(hostile) == before
    assert listener.received == []


def test_pytest_xdist_workers_are_guarded_too(hostile: Path, listener: Listener) -> None:
    """The tests run in the workers, which the boot script never starts: sitecustomize guards them."""
    before = digest(hostile)
    with Sandbox(hostile, RunPolicy(isolation="audit-hook"), python=PYTHON) as box:
        finished = box.run([*PYTEST, "-n", "2", "tests/test_hostile.py"], timeout=120)
        violations = [str(v) for v in box.violations()]
    assert "3 passed" in finished.output, finished.output
    assert f"network: sendto to {listener.host}:{listener.port('udp')}" in violations
    assert f"write: truncate {hostile}/data/records.csv" in violations
    assert digest(hostile) == before
    assert listener.received == []


def test_pytest_entering_a_package_is_not_blamed_on_its_first_test(tmp_path: Path) -> None:
    """pytest imports a package's ``__init__`` while it sets up the package's first test and puts
    the package's root on sys.path then (toolz's layout: tests under the package, a folder of
    new tests without ``__init__``); every candidate test that came first was rejected for it."""
    (tmp_path / "pkg" / "tests" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "tests" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "tests" / "sub" / "test_a.py").write_text(
        "import sys\n\n\ndef test_first():\n    pass\n\n\n"
        "def test_moves_the_path():\n    sys.path.insert(0, '/nowhere')\n\n\n"
        "def test_last():\n    assert '/nowhere' not in sys.path\n"
    )
    (tmp_path / "pyproject.toml").write_text('[tool.pytest.ini_options]\ntestpaths = ["pkg"]\n')
    found, output = guarded_run(tmp_path, "audit-hook", "pkg/tests/sub/test_a.py")
    assert found == {"pkg/tests/sub/test_a.py::test_moves_the_path": ["sys.path changed"]}, output
    assert "3 passed" in output
