"""``covlift audit`` in-process: formats, exit codes, options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from covlift.cli import main

CLEAN = "from app.core import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n"
SMELLY = (
    CLEAN
    + "\n\ndef test_nothing():\n    add(1, 2)\n\n\ndef test_trivial():\n    add(2, 2)\n    assert True\n"
)


def _project(root: Path, tests: str) -> Path:
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "core.py").write_text("def add(a, b):\n    return a + b\n")
    (root / "tests").mkdir()
    (root / "tests" / "test_core.py").write_text(tests)
    (root / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    return root


def test_clean_project_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, CLEAN)
    assert main(["audit", str(root)]) == 0
    out = capsys.readouterr().out
    assert "No test smells" in out and "1 test in 1 file audited" in out
    assert "no-project-code: 1 passing test judged" in out


def test_findings_exit_one_and_exit_zero_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, SMELLY)
    assert main(["audit", str(root), "--static"]) == 1
    out = capsys.readouterr().out
    assert "[no-assert]" in out and "[assert-cannot-fail]" in out and "fix:" in out
    assert main(["audit", str(root), "--static", "--exit-zero"]) == 0


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, SMELLY)
    assert main(["audit", str(root), "--static", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == 1
    assert data["summary"]["by_rule"] == {"assert-cannot-fail": 1, "no-assert": 1}
    assert {f["test"] for f in data["findings"]} == {"test_nothing", "test_trivial"}
    assert set(data["findings"][0]) == {"path", "line", "test", "rule", "message", "fix"}
    assert data["runtime"] is None and data["flaky"] is None


def test_markdown_to_a_file_and_github_annotations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, SMELLY)
    report = tmp_path / "out" / "audit.md"
    assert main(["audit", str(root), "--static", "--format", "markdown", "-o", str(report)]) == 1
    text = report.read_text()
    assert text.startswith("## covlift audit") and "| `tests/test_core.py` |" in text
    assert capsys.readouterr().out == ""
    assert main(["audit", str(root), "--static", "--format", "github", "--github-prefix", "sub/"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("::warning file=sub/tests/test_core.py,line=") for line in lines)


def test_select_disable_and_tests_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, SMELLY)
    assert (
        main(["audit", str(root), "--static", "--disable", "no-assert", "--disable", "assert-cannot-fail"])
        == 0
    )
    assert (
        main(
            [
                "audit",
                str(root),
                "--select",
                "no-assert",
                "--tests",
                str(root / "tests" / "test_core.py"),
                "--json",
            ]
        )
        == 1
    )
    out = capsys.readouterr().out
    data = json.loads(out[out.index("{") :])
    assert data["rules"] == ["no-assert"]
    assert [f["rule"] for f in data["findings"]] == ["no-assert"]


@pytest.mark.parametrize(
    "args",
    [["--select", "nope"], ["--reruns", "2"], ["--seed", "3"], ["--format", "xml"], ["--tests", "missing"]],
)
def test_usage_errors_exit_two(tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, CLEAN)
    assert main(["audit", str(root), "--static", *args]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_suite_that_cannot_start_is_exit_three(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, CLEAN)
    (root / "pyproject.toml").write_text('[tool.pytest.ini_options]\naddopts = "--no-such-option"\n')
    assert main(["audit", str(root)]) == 3
    assert "could not run the tests" in capsys.readouterr().err
