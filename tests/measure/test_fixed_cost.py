"""What a run costs besides the tests: one interpreter probe, kept between runs, and the
coverage report made by the test process itself - with the same results as before."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.config import load_config
from covlift.measure import child_env, collectors, interpreter, measure

#: makes the test process exit, without its own atexit handlers, once pytest is done
DIES_AT_EXIT = """
import atexit
import posix


def pytest_unconfigure(config):
    # runs before covlift's handler, which was registered first; posix._exit, not os._exit,
    # which covlift's plugin wraps to save coverage on the way out
    atexit.register(posix._exit, 0)
"""


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The helper interpreters covlift starts besides pytest: "probe" or "report"."""
    names: list[str] = []
    original = interpreter._run_python

    def counting(python: str, code: str, root: Path, *args: str) -> dict[str, object]:
        names.append("probe" if code == interpreter._PROBE else "report")
        return original(python, code, root, *args)

    monkeypatch.setattr(interpreter, "_run_python", counting)
    monkeypatch.setattr(collectors, "_run_python", counting)
    return names


def _collectors() -> list[str]:
    """coverage.py, and the collector of covlift's own this interpreter has (if any)."""
    fast = collectors.choose("auto", Path.cwd(), sys.executable)
    return ["coverage", fast] if fast != "coverage" else ["coverage"]


def test_one_probe_then_none_and_no_report_process(
    sample_project: Callable[[str], Path], started: list[str]
) -> None:
    project = sample_project("basic")
    first = measure(load_config(project))
    assert started == ["probe"]
    started.clear()
    for collector in _collectors():
        again = measure(load_config(project), collector=collector)
        assert started == [], collector  # the probe's answer is kept; the test process made the report
        assert again.files == first.files
    assert (project / interpreter.PROBE_CACHE).is_file()
    assert not list(project.glob(".covlift/*.tmp"))


def test_the_kept_probe_follows_config_installs_and_environment(
    tmp_path: Path, started: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'p'\n", encoding="utf-8")
    extra = tmp_path / "extra"
    extra.mkdir()
    monkeypatch.setenv("PYTHONPATH", str(extra))
    python = sys.executable

    def probes() -> int:
        before = started.count("probe")
        interpreter.probe_data(root, python)
        return started.count("probe") - before

    assert probes() == 1
    assert probes() == 0
    (root / ".coverage").write_bytes(b"")  # the project directory changes all the time ...
    assert probes() == 0
    (root / "pytest_cov.py").write_text("", encoding="utf-8")  # ... but this shadows a probed package
    assert probes() == 1
    (root / ".coveragerc").write_text("[run]\nsource = pkg\n", encoding="utf-8")
    assert probes() == 1
    assert interpreter.probe(root, python).source == ("pkg",)
    (root / ".coveragerc").write_text("[run]\nsource = other\n", encoding="utf-8")  # edited in place
    assert probes() == 1
    assert interpreter.probe(root, python).source == ("other",)
    (extra / "pytest_cov").mkdir()  # a package appearing on the path: an install
    assert probes() == 1
    assert probes() == 0
    monkeypatch.setenv("COVERAGE_RCFILE", "other.rc")
    assert probes() == 1
    (root / "other.rc").write_text("[run]\nomit = x.py\n", encoding="utf-8")
    assert probes() == 1
    assert interpreter.probe(root, python).omit == ("x.py",)
    monkeypatch.delenv("COVERAGE_RCFILE")
    assert probes() == 0  # each environment keeps its own answer
    assert interpreter.probe(root, python).omit == ()
    monkeypatch.setenv("COVERAGE_RCFILE", "other.rc")
    assert probes() == 0
    (root / interpreter.PROBE_CACHE).write_text("{not json", encoding="utf-8")
    assert probes() == 1


@pytest.mark.parametrize("collector", _collectors())
def test_a_process_dying_before_its_report_is_reported_from_its_data(
    sample_project: Callable[[str], Path], started: list[str], collector: str
) -> None:
    project = sample_project("basic")
    reference = measure(load_config(project), collector=collector)
    assert "report" not in started
    (project / "tests" / "conftest.py").write_text(textwrap.dedent(DIES_AT_EXIT), encoding="utf-8")
    snapshot = measure(load_config(project), collector=collector)
    assert started[-1] == "report"  # made by covlift, from the data on disk
    assert snapshot.files == reference.files
    assert snapshot.run.core == reference.run.core


#: a pytest plugin (loaded right after covlift's) counting how often coverage.py recomputes its matchers
COUNTING_PLUGIN = """
import os

from coverage import inorout

calls = []
original = inorout.InOrOut.set_matchers_depending_on_syspath


def counting(self):
    calls.append(1)
    return original(self)


inorout.InOrOut.set_matchers_depending_on_syspath = counting


def pytest_sessionfinish(session):
    with open(os.environ["COVLIFT_TEST_COUNT"], "w") as fh:
        fh.write(str(len(calls)))
"""


@pytest.mark.skipif(len(_collectors()) < 2, reason="needs a collector of covlift's own")
def test_own_collector_decides_each_sys_path_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        "pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["tests"]\npythonpath = ["."]\n'
        '[tool.coverage.run]\nsource_pkgs = ["pkg"]\n',
        "pkg/__init__.py": "def one():\n    return 1\n",
        "tests/conftest.py": "",
    }
    for name in "abcd":
        files[f"tests/test_{name}.py"] = (
            f"import sys\nsys.path.append('/nonexistent/{name}')\nfrom pkg import one\n\n\n"
            f"def test_{name}():\n    assert one() == 1\n"
        )
    project = tmp_path / "paths"
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "covlift_counting.py").write_text(COUNTING_PLUGIN, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(plugins))
    count = tmp_path / "count"
    monkeypatch.setenv("COVLIFT_TEST_COUNT", str(count))
    config = load_config(project, pytest_args=["-p", "covlift_counting"])
    by_coverage = measure(config, collector="coverage")
    by_fast = measure(config, collector=_collectors()[1])
    assert by_fast.files == by_coverage.files
    # about once per change of sys.path, not again from inside its own find_spec calls
    # (that recursed until RecursionError, ~100 deep, and made the collector as slow as the tracer)
    assert int(count.read_text()) < 15


def test_an_outer_runs_report_settings_are_not_inherited(
    sample_project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """covlift measuring its own suite: the tests' own covlift runs must not write the outer report."""
    outer = {name: str(tmp_path / "outer" / name) for name in ("data_dir", "data_file", "json_out", "status")}
    (tmp_path / "outer" / "data_dir").mkdir(parents=True)
    monkeypatch.setenv("COVLIFT_REPORT", json.dumps({**outer, "source": None, "omit": None}))
    assert "COVLIFT_REPORT" not in child_env({}, tmp_path, None)
    project = sample_project("basic")
    snapshot = measure(load_config(project))
    assert snapshot.files
    assert sorted(p.name for p in (tmp_path / "outer").iterdir()) == ["data_dir"]


def test_an_outer_validations_sandbox_and_order_are_not_inherited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """covlift's own tests inside a validation run: their nested runs start unsandboxed and in
    file order, as a run started from a shell does (the callers set their own)."""
    monkeypatch.setenv("COVLIFT_SANDBOX", "1")
    monkeypatch.setenv("COVLIFT_SHUFFLE", "3")
    env = child_env({}, tmp_path, None)
    assert "COVLIFT_SANDBOX" not in env and "COVLIFT_SHUFFLE" not in env
