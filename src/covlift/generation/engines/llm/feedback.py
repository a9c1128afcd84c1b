"""Feedback from validation, for the repair loop and for chained engines.

``validate_module`` is the judge; here it is run on a snapshot made of just the
targets' missing lines, so "gains" mean lines and branches still missing.  A
failing candidate's error text comes from one extra pytest run with short
tracebacks, so the model sees the actual assertion or exception.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from covlift.generation.judge import ModuleValidation, candidate_file, validate_module
from covlift.generation.model import Candidate, Target
from covlift.generation.render import render_module
from covlift.model import FileCoverage, RunInfo, Snapshot
from covlift.types import Arc, LineNo

MAX_ERROR_LINES = 25
_SECTION = re.compile(r"^_{3,} (?:\S+::)?(test\w*)(?:\[.*\])? _{3,}$", re.MULTILINE)
_END = re.compile(r"^(=+ short test summary|=+ \d+ (?:failed|passed|error))", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Policy:
    """How hard the engine-side checks are (the pipeline's own validation is the final word)."""

    tests_dir: str = "tests/covlift"
    runs: int = 2
    mutate: bool = True
    per_test_timeout: float = 30.0
    seed: int = 0


def gap_snapshot(root: Path, targets: Sequence[Target]) -> Snapshot:
    """A snapshot whose only missing lines and arcs are those of the targets."""
    lines: set[LineNo] = set()
    missing: set[LineNo] = set()
    arcs: set[Arc] = set()
    for t in targets:
        lines |= set(t.lines) | set(t.missing_lines)
        missing |= set(t.missing_lines)
        arcs |= set(t.missing_arcs)
    path = targets[0].path if targets else ""
    f = FileCoverage(
        path=path,
        statements=tuple(sorted(lines)),
        missing=tuple(sorted(missing)),
        missing_branches=tuple(sorted(arcs)),
    )
    return Snapshot(run=RunInfo(created_at="", root=str(root), origin="llm-feedback"), files=(f,))


def check(
    root: Path, python: str, targets: Sequence[Target], candidates: Sequence[Candidate], policy: Policy
) -> ModuleValidation:
    """Verdicts for candidates against what the targets still miss."""
    path = targets[0].path if targets else (candidates[0].target.path if candidates else "")
    if not candidates:
        return ModuleValidation(path, (), ())
    return validate_module(
        root,
        python,
        gap_snapshot(root, targets),
        path,
        candidates,
        tests_dir=policy.tests_dir,
        runs=policy.runs,
        seed=policy.seed,
        mutate=policy.mutate,
        per_test_timeout=policy.per_test_timeout,
    )


def reached(validation: ModuleValidation) -> tuple[set[LineNo], set[Arc]]:
    """Lines and arcs the accepted candidates newly reach."""
    lines: set[LineNo] = set()
    arcs: set[Arc] = set()
    for v in validation.verdicts:
        if v.accepted:
            lines |= set(v.new_lines)
            arcs |= set(v.new_arcs)
    return lines, arcs


def still_missing(target: Target, lines: set[LineNo], arcs: set[Arc]) -> Target | None:
    """The target without what was reached; None when nothing is left."""
    left_lines = tuple(n for n in target.missing_lines if n not in lines)
    left_arcs = tuple(a for a in target.missing_arcs if a not in arcs)
    if not left_lines and not left_arcs:
        return None
    return replace(target, missing_lines=left_lines, missing_arcs=left_arcs)


def failure_details(
    root: Path, python: str, candidates: Sequence[Candidate], policy: Policy
) -> dict[str, str]:
    """name -> the tail of its short traceback, from one pytest run of the given candidates."""
    if not candidates:
        return {}
    path = candidates[0].target.path
    first_party = candidates[0].target.module.split(".")[0]
    text = render_module(path, first_party, candidates, parametrize=False, tidy=False)
    env = {k: v for k, v in os.environ.items() if not _secret(k)}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    with candidate_file(root, policy.tests_dir, Path(path).stem + "_why", text) as test_file:
        try:
            proc = subprocess.run(
                [
                    python,
                    "-m",
                    "pytest",
                    "-q",
                    "--tb=short",
                    "-p",
                    "no:cacheprovider",
                    "-p",
                    "no:randomly",
                    str(test_file),
                ],
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                check=False,
                stdin=subprocess.DEVNULL,
                timeout=policy.per_test_timeout * max(1, len(candidates)) + 30,
            )
        except subprocess.TimeoutExpired:
            return {c.name: "the run timed out" for c in candidates}
    return split_failures(proc.stdout)


def split_failures(output: str) -> dict[str, str]:
    """pytest's FAILURES/ERRORS sections by test name, each cut to its last lines."""
    end = _END.search(output)
    text = output[: end.start()] if end else output
    matches = list(_SECTION.finditer(text))
    out: dict[str, str] = {}
    for i, m in enumerate(matches):
        body = text[m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        lines = [ln for ln in body.strip("\n").splitlines() if not set(ln) <= {"_", " ", "="}]
        out.setdefault(m.group(1), "\n".join(lines[-MAX_ERROR_LINES:]))
    return out


def _secret(name: str) -> bool:
    """Environment variables the model-written code must not see."""
    upper = name.upper()
    return upper.endswith(("_API_KEY", "_TOKEN", "_SECRET", "_PASSWORD"))
