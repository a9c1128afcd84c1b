"""One measured file as annotated source lines: run, missing, partial, excluded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from covlift.model import FileCoverage


@dataclass(frozen=True, slots=True)
class SourceLine:
    number: int
    text: str
    #: run, mis (missing), par (partial branch), exc (excluded) or "" (not a statement)
    status: str
    #: for a partial or missing branch line: where it never jumped, coverage.py's wording
    note: str = ""


def _destination(line: int, dest: int) -> str:
    return "exit" if dest < 0 else f"line {dest}"


def branch_notes(f: FileCoverage) -> dict[int, str]:
    """Line -> "didn't jump to line 12, exit" for every line with an untaken branch."""
    missed: dict[int, list[int]] = {}
    for src, dest in f.missing_branches:
        missed.setdefault(src, []).append(dest)
    return {
        line: "didn't jump to " + ", ".join(_destination(line, d) for d in sorted(dests))
        for line, dests in missed.items()
    }


def partial_lines(f: FileCoverage) -> frozenset[int]:
    """Lines that ran but left a branch untaken (missing lines are shown as missing)."""
    missing = set(f.missing)
    return frozenset(src for src, _ in f.missing_branches if src not in missing)


def read_source(root: Path, f: FileCoverage) -> list[str] | None:
    """The file's lines, or None when it is not on disk any more."""
    path = root / f.path
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None


def annotate(f: FileCoverage, lines: list[str]) -> list[SourceLine]:
    """Every source line with its status and branch note."""
    statements, missing, excluded = set(f.statements), set(f.missing), set(f.excluded)
    partial, notes = partial_lines(f), branch_notes(f)
    result = []
    for number, text in enumerate(lines, start=1):
        if number in missing:
            status = "mis"
        elif number in partial:
            status = "par"
        elif number in statements:
            status = "run"
        elif number in excluded:
            status = "exc"
        else:
            status = ""
        result.append(SourceLine(number, text, status, notes.get(number, "")))
    return result
