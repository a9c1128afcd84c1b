"""The CLI's promises on bad input: one sentence, a documented exit code, nothing modified."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.errors import ExitCode


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".covlift" not in p.parts
    }


def _one_sentence(err: str) -> str:
    """The error, apart from warnings and the header saying which interpreter runs the tests."""
    lines = [
        ln for ln in err.splitlines() if ln.strip() and not ln.startswith(("covlift: warning", "python: "))
    ]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measure", str(tmp_path / "nope")]) == ExitCode.USAGE_ERROR
    assert "does not exist" in _one_sentence(capsys.readouterr().err)


def test_directory_without_a_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    assert main(["measure", str(tmp_path)]) == ExitCode.USAGE_ERROR
    assert "no Python package" in _one_sentence(capsys.readouterr().err)


def test_no_tests_collected(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("no_tests")
    before = _tree(project)
    assert main(["measure", str(project)]) == ExitCode.TESTS_FAILED_TO_RUN
    assert "collected no tests" in _one_sentence(capsys.readouterr().err)
    assert _tree(project) == before


def test_tests_that_fail_to_import(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("broken_import")
    assert main(["measure", str(project)]) == ExitCode.TESTS_FAILED_TO_RUN
    sentence = _one_sentence(capsys.readouterr().err)
    assert "could not be imported" in sentence and "missing_module" in sentence


def test_invalid_toml(sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    project = sample_project("basic")
    (project / "pyproject.toml").write_text("[tool.covlift\nstore = 1\n")
    before = _tree(project)
    assert main(["measure", str(project)]) == ExitCode.USAGE_ERROR
    assert "not valid TOML" in _one_sentence(capsys.readouterr().err)
    assert _tree(project) == before


def test_wrong_type_in_covlift_table(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("basic")
    with (project / "pyproject.toml").open("a") as fh:
        fh.write('\n[tool.covlift]\ntimeout = "soon"\nsurprise = 1\n')
    assert main(["measure", str(project)]) == ExitCode.USAGE_ERROR
    err = capsys.readouterr().err
    assert "unrecognised option 'surprise'" in err
    assert "timeout" in _one_sentence(err)


def test_invalid_coverage_config(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("bad_coverage_config")
    assert main(["measure", str(project)]) == ExitCode.USAGE_ERROR
    assert "coverage configuration is invalid" in _one_sentence(capsys.readouterr().err)


def test_corrupt_data_file(sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    project = sample_project("basic")
    bogus = project / "bogus.coverage"
    bogus.write_bytes(b"SQLite format 3\x00" + b"\x17" * 500)
    assert main(["measure", str(project), "--from", str(bogus)]) == ExitCode.USAGE_ERROR
    assert "could not read" in _one_sentence(capsys.readouterr().err)
    (project / "junk.json").write_text("{not json")
    assert main(["measure", str(project), "--from", str(project / "junk.json")]) == ExitCode.USAGE_ERROR
    assert "neither a coverage.py data file" in _one_sentence(capsys.readouterr().err)


def test_corrupt_store(sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    project = sample_project("basic")
    store = project / "broken.db"
    store.write_bytes(b"this is not sqlite at all" * 100)
    assert main(["history", str(project), "--store", str(store)]) == ExitCode.USAGE_ERROR
    assert "not a covlift database" in _one_sentence(capsys.readouterr().err)
    assert store.read_bytes() == b"this is not sqlite at all" * 100


def test_non_git_directory_is_measured_without_provenance(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("basic")
    inside_git = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=project, capture_output=True, text=True
    ).stdout.strip()
    assert main(["measure", str(project), "--json"]) == ExitCode.OK
    data = json.loads(capsys.readouterr().out)
    if inside_git != "true":
        assert data["run"]["commit"] is None and data["run"]["branch"] is None
    assert data["totals"]["num_statements"] == 38
    assert data["tests"]["counts"] == {"passed": 6, "failed": 1, "skipped": 1}


def test_json_output_and_history(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("basic")
    assert main(["measure", str(project), "--json"]) == ExitCode.OK
    snap = json.loads(capsys.readouterr().out)
    assert snap["id"] == 1
    files = {f["path"]: f for f in snap["files"]}
    assert files["shapes/unused.py"]["summary"]["covered_lines"] == 0
    assert main(["history", str(project), "--json"]) == ExitCode.OK
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [1]
    assert rows[0]["statements"] == 38 and rows[0]["tests"] == 8


def test_table_sorted_by_cover(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("basic")
    assert main(["measure", str(project), "--sort", "cover", "--no-store"]) == ExitCode.OK
    out = capsys.readouterr().out
    order = [ln.split()[0] for ln in out.splitlines() if ln.startswith("shapes/")]
    assert order == ["shapes/unused.py", "shapes/area.py", "shapes/names.py", "shapes/__init__.py"]
    assert "TOTAL" in out and "44.6" in out
    assert not (project / ".covlift" / "covlift.db").exists()


def test_output_off_a_terminal_keeps_brackets_plurals_and_long_lines(
    sample_project: Callable[[str], Path],
) -> None:
    """Rich must not eat [tool.covlift.plan]; "1 file", not "1 files"; no line cut mid-path."""
    import sys

    project = sample_project("basic")
    run = [sys.executable, "-m", "covlift"]
    assert subprocess.run([*run, "measure", str(project)], capture_output=True, check=False).returncode == 0
    out = subprocess.run(
        [*run, "plan", str(project), "--target", "100"], capture_output=True, text=True, check=False
    ).stdout
    note = next(line for line in out.splitlines() if "cannot be reached" in line)
    assert note.endswith(
        "raise [tool.covlift.plan] attainable, or measure more files ([tool.coverage.run] source)."
    )
    small = subprocess.run(
        [*run, "plan", str(project), "--target", "50"], capture_output=True, text=True, check=False
    ).stdout
    assert ": 1 file, ~" in small and "over 1 week (" in small


def test_sigint_stops_covlift_even_when_it_started_with_sigint_ignored(tmp_path: Path) -> None:
    """A background job of a shell script starts with SIGINT ignored; covlift still stops on it."""
    import signal
    import subprocess
    import sys
    import time

    project = tmp_path / "slow"
    (project / "tests").mkdir(parents=True)
    (project / "slow").mkdir()
    (project / "slow" / "__init__.py").write_text("")
    (project / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    (project / "tests" / "test_slow.py").write_text("import time\n\n\ndef test_slow():\n    time.sleep(60)\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "covlift", "measure", str(project), "--no-store"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    events = project / ".covlift"
    deadline = time.monotonic() + 60
    while not events.exists() and time.monotonic() < deadline:  # measuring has begun
        time.sleep(0.2)
    time.sleep(1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"interrupted" in err
