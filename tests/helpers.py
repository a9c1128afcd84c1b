"""Helpers for covlift's tests: independent coverage.py runs to compare against."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def coverage_py_json(project: Path, source: str, *pytest_args: str) -> dict[str, Any]:
    """Measure the project with plain ``coverage run --branch`` and return its JSON report."""
    data = project.parent / f"{project.name}.coverage"
    out = project.parent / f"{project.name}.coverage.json"
    env_args = ["--data-file", str(data)]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "coverage",
            "run",
            *env_args,
            "--branch",
            f"--source={source}",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *pytest_args,
        ],
        cwd=project,
        capture_output=True,
        check=False,
    )
    subprocess.run(
        [sys.executable, "-m", "coverage", "json", *env_args, "-o", str(out)],
        cwd=project,
        capture_output=True,
        check=True,
    )
    return dict(json.loads(out.read_text()))


def line_and_arc_sets(
    report: dict[str, Any],
) -> dict[str, tuple[frozenset[int], frozenset[int], frozenset[tuple[int, int]], frozenset[tuple[int, int]]]]:
    """path -> (executed lines, missing lines, executed arcs, missing arcs) from a coverage JSON."""
    return {
        path.replace("\\", "/"): (
            frozenset(data["executed_lines"]),
            frozenset(data["missing_lines"]),
            frozenset(tuple(a) for a in data.get("executed_branches", [])),
            frozenset(tuple(a) for a in data.get("missing_branches", [])),
        )
        for path, data in report["files"].items()
    }
