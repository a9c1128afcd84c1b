"""Gate settings: coverage.py's report settings inherited, [tool.covlift.gate] over them,
flags over both, and clear errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from covlift.config import ConfigWarning, load_config
from covlift.errors import ConfigError
from covlift.gate import GateConfig, gate_config
from covlift.gate.diffcov import decode_source
from tests.gate.gate_helpers import write


def settings(root: Path, files: dict[str, str], **flags: object) -> GateConfig:
    write(root, files)
    return gate_config(load_config(root), **flags)


def test_defaults(tmp_path: Path) -> None:
    gate = settings(tmp_path, {})
    assert gate.fail_under is None and gate.precision == 0 and gate.diff == "auto"
    assert gate.ratchet and gate.tolerance == 0 and not gate.diff_asked


def test_coveragerc_wins_over_pyproject_as_in_coverage_py(tmp_path: Path) -> None:
    gate = settings(
        tmp_path,
        {
            ".coveragerc": "[report]\nfail_under = 71.5\nprecision = 2\n",
            "pyproject.toml": "[tool.coverage.report]\nfail_under = 90\n",
        },
    )
    assert (gate.fail_under, gate.precision) == (71.5, 2)
    gate = settings(
        tmp_path / "b",
        {
            "setup.cfg": "[coverage:report]\nfail_under = 60\n",
        },
    )
    assert gate.fail_under == 60


def test_covlift_table_over_coverage_and_flags_over_both(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": (
            "[tool.coverage.report]\nfail_under = 90\nprecision = 1\n"
            '[tool.covlift.gate]\nfail-under = 80\ncompare-branch = "develop"\n'
            "diff-fail-under = 75\ntolerance = 0.5\ndiff = true\n"
        )
    }
    gate = settings(tmp_path, files)
    assert (gate.fail_under, gate.precision, gate.compare_branch) == (80, 1, "develop")
    assert gate.diff == "on" and gate.diff_asked and gate.tolerance == 0.5
    assert gate.diff_options.compare_branch == "develop"
    flagged = gate_config(load_config(tmp_path), fail_under=85.0, diff=False, precision=None)
    assert flagged.fail_under == 85 and flagged.diff == "off" and flagged.precision == 1


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("fail-under = 120", "out of range"),
        ("fail-under = true", "wrong type"),
        ("precision = 11", "0 to 10 decimals"),
        ("tolerance = -1", "zero or more"),
        ('diff = "sometimes"', "true, false or"),
    ],
)
def test_bad_values_are_config_errors(tmp_path: Path, table: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        settings(tmp_path, {"pyproject.toml": f"[tool.covlift.gate]\n{table}\n"})


def test_unknown_gate_keys_warn(tmp_path: Path) -> None:
    with pytest.warns(ConfigWarning, match="'fail_under' in \\[tool.covlift.gate\\]"):
        settings(tmp_path, {"pyproject.toml": "[tool.covlift.gate]\nfail_under = 80\n"})


def test_sources_decode_as_python_reads_them() -> None:
    latin = b"# -*- coding: latin-1 -*-\nx = '\xe9'\n"
    assert decode_source(latin) == "# -*- coding: latin-1 -*-\nx = '\u00e9'\n"
    assert decode_source(b"\xef\xbb\xbfx = 1\r\ny = 2\r") == "x = 1\ny = 2\n"
    assert decode_source("s = 'é'\n".encode()) == "s = 'é'\n"
