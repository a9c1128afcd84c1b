"""tests/skips_plugin.py: under COVLIFT_TESTS_NO_SKIP=1 only declared skips pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = """
import pytest

def test_runs():
    assert 1 + 1 == 2

def test_needs_a_browser():
    pytest.skip("headless Chromium is not installed")

@pytest.mark.expected_skip
def test_declared():
    pytest.skip("only on 3.12")

@pytest.mark.xfail(reason="known")
def test_known_failure():
    assert 1 == 2
"""


def _run(tmp_path: Path, *, strict: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    (tmp_path / "test_module_skip.py").write_text(
        'import pytest\npytest.importorskip("no_such_module_here")\n\ndef test_x():\n    pass\n'
    )
    env = {k: v for k, v in os.environ.items() if k != "COVLIFT_TESTS_NO_SKIP"}
    env["PYTHONPATH"] = str(ROOT)
    if strict:
        env["COVLIFT_TESTS_NO_SKIP"] = "1"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rfEs",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "-p",
            "tests.skips_plugin",
            "--continue-on-collection-errors",
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )


def test_unexpected_skips_fail_where_ci_runs_every_test(tmp_path: Path) -> None:
    proc = _run(tmp_path, strict=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAILED test_sample.py::test_needs_a_browser" in proc.stdout
    assert "unexpected skip (headless Chromium is not installed)" in proc.stdout
    assert "ERROR test_module_skip.py" in proc.stdout
    assert "unexpected skip (could not import 'no_such_module_here'" in proc.stdout
    assert "1 failed, 1 passed, 1 skipped, 1 xfailed, 1 error" in proc.stdout


def test_skips_are_reported_not_failed_outside_ci(tmp_path: Path) -> None:
    proc = _run(tmp_path, strict=False)
    assert proc.returncode == 0, proc.stdout
    assert "1 passed, 3 skipped, 1 xfailed" in proc.stdout
