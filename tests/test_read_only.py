"""A checkout or store the user cannot write: measuring elsewhere and every reader still work.

The project is bind-mounted read-only (bubblewrap), which holds for root too: the tests run as
root in CI, where file modes alone would not stop a write.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

BWRAP = shutil.which("bwrap")


def _covlift_read_only(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``covlift ARGS`` with ``project`` mounted read-only."""
    if BWRAP is None:
        pytest.skip("bubblewrap is not installed (Debian package 'bubblewrap')")
    return subprocess.run(
        [BWRAP, "--dev-bind", "/", "/", "--ro-bind", str(project), str(project), "--",
         sys.executable, "-m", "covlift", *args],
        capture_output=True, text=True, check=False, timeout=300, cwd=project.parent,
    )  # fmt: skip


@pytest.fixture
def measured(sample_project: Callable[[str], Path]) -> Path:
    project = sample_project("basic")
    proc = subprocess.run(
        [sys.executable, "-m", "covlift", "measure", str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return project


def test_a_read_only_store_serves_every_reader(measured: Path, tmp_path: Path) -> None:
    project = str(measured)
    for args in (
        ("history", project),
        ("trend", project, "--json"),
        ("report", project, "--markdown"),
        ("gate", project, "--no-diff", "--no-ratchet", "--fail-under", "10"),
        ("badge", project, "-o", str(tmp_path / "badge.svg")),
    ):
        proc = _covlift_read_only(measured, *args)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "not a covlift database" not in proc.stderr
    assert (tmp_path / "badge.svg").read_text().startswith("<svg")
    history = _covlift_read_only(measured, "history", project, "--json").stdout
    assert '"id": 1' in history


def test_measuring_a_read_only_checkout_with_the_store_elsewhere(measured: Path, tmp_path: Path) -> None:
    project = str(measured)
    before = sorted(p.relative_to(measured) for p in measured.rglob("*"))
    elsewhere = tmp_path / "elsewhere.db"
    for args in (("--no-store",), ("--store", str(elsewhere))):
        proc = _covlift_read_only(measured, "measure", project, *args)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "TOTAL" in proc.stdout
    assert elsewhere.is_file()
    assert sorted(p.relative_to(measured) for p in measured.rglob("*")) == before


def test_storing_into_a_read_only_store_is_one_sentence(measured: Path) -> None:
    proc = _covlift_read_only(measured, "measure", str(measured))
    assert proc.returncode == 2
    assert "is read-only; pass --store with a writable file, or --no-store." in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_new_state_directory_is_ignored_by_git(measured: Path) -> None:
    assert (measured / ".covlift" / ".gitignore").read_text().splitlines()[-1] == "*"
