"""gate --no-new-smells: audit findings a change adds to test files fail the gate."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from covlift.cli import main

SOURCE = "def double(x):\n    return 2 * x\n"
CLEAN = "from app import double\n\n\ndef test_double():\n    assert double(2) == 4\n"
SLEEPY = CLEAN + "\n\ndef test_slow():\n    import time\n    time.sleep(1)\n    assert double(1) == 2\n"
OLD_SMELL = "from app import double\n\n\ndef test_double():\n    double(2)\n"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _repo(tmp_path: Path, test_text: str) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text(SOURCE)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text(test_text)
    (tmp_path / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    _git(tmp_path, "init", "-q")  # not "init -b main": that needs git 2.28
    _git(tmp_path, "symbolic-ref", "HEAD", "refs/heads/main")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    _git(tmp_path, "checkout", "-qb", "feature")
    return tmp_path


def _gate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    assert main(["measure", str(root), "--json"]) == 0
    capsys.readouterr()
    code = main(["gate", str(root), "--compare-branch", "main", "--no-new-smells", "--no-ratchet", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_new_sleepy_test_fails_the_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _repo(tmp_path, CLEAN)
    (root / "tests" / "test_app.py").write_text(SLEEPY)
    code, data = _gate(root, capsys)
    assert code == 1
    check = next(c for c in data["checks"] if c["name"] == "no-new-smells")  # type: ignore[union-attr]
    assert check["passed"] is False and "sleep" in " ".join(check["details"])


def test_a_smell_the_base_already_had_is_not_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _repo(tmp_path, OLD_SMELL)
    (root / "tests" / "test_app.py").write_text(OLD_SMELL + "\n# a comment\n")
    code, data = _gate(root, capsys)
    check = next(c for c in data["checks"] if c["name"] == "no-new-smells")  # type: ignore[union-attr]
    assert check["passed"] is True and code == 0
