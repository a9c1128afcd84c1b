"""coverage.json given to --from: a report that is not coverage.py's is exit 2, never a crash."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from covlift.cli import main
from covlift.coverage_json import files_from_coverage_json
from covlift.errors import InputFileError

GOOD = {
    "executed_lines": [1, 2],
    "missing_lines": [4],
    "excluded_lines": [],
    "executed_branches": [[2, 4]],
    "missing_branches": [[2, -1]],
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("executed_lines", "12"),
        ("executed_lines", {"1": 1}),
        ("missing_lines", [1, None]),
        ("missing_lines", [3.5]),
        ("missing_lines", [True]),
        ("executed_lines", [0]),
        ("executed_lines", [10**30]),
        ("executed_branches", [[1, 2, 3]]),
        ("executed_branches", [[1, "x"]]),
        ("missing_branches", [[1, -(10**12)]]),
        ("missing_branches", "abc"),
        ("functions", {"f": {"executed_lines": "x"}}),
    ],
)
def test_wrong_field_types_and_impossible_line_numbers_are_refused(
    tmp_path: Path, field: str, value: Any
) -> None:
    report = {"files": {"pkg/mod.py": {**GOOD, field: value}}}
    with pytest.raises(InputFileError, match=r"the entry for pkg/mod.py is not coverage.py's"):
        files_from_coverage_json(report, tmp_path)


def test_a_good_entry_still_reads(tmp_path: Path) -> None:
    (f,) = files_from_coverage_json({"files": {"pkg/mod.py": GOOD}}, tmp_path)
    assert f.statements == (1, 2, 4) and f.missing == (4,) and f.missing_branches == ((2, -1),)


@pytest.mark.parametrize("command", ["measure", "gate", "analyze"])
def test_the_commands_reading_from_say_one_sentence(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str], command: str
) -> None:
    project = sample_project("basic")
    bad = project.parent / "coverage.json"
    bad.write_text(
        json.dumps({"meta": {"format": 3}, "files": {"shapes/area.py": {**GOOD, "missing_lines": [None]}}})
    )
    code = main([command, str(project), "--from", str(bad)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "is not coverage.py's" in err and "make the report with 'coverage json'." in err
    assert "internal error" not in err
