"""coverage.py's JSON report (format 2 or 3) -> covlift's FileCoverage values.

The JSON report is coverage.py's documented interchange format; covlift reads
it rather than any terminal or XML output.  Format 3 adds function and class
regions, which become :class:`Region` values; format 2 simply yields none.
"""

from __future__ import annotations

import os
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any

from covlift.errors import InputFileError
from covlift.model import FileCoverage, Region

#: no source file has more lines; a larger number is not a line (coverage.py's exit arcs are negative)
MAX_LINE = 10_000_000


class _BadField(ValueError):
    """A field of one file's entry is not what coverage.py writes."""


def _arcs(values: Any) -> tuple[tuple[int, int], ...]:
    if values is None:
        return ()
    if type(values) is not list:
        raise _BadField("arcs are not a list")
    arcs = tuple(sorted(map(tuple, values)))  # C loops: a large report has ~10^5 arcs
    if arcs:
        ends = tuple(chain.from_iterable(arcs))
        if (
            set(map(len, arcs)) != {2}
            or not set(map(type, ends)) <= {int}
            or min(ends) < -MAX_LINE
            or max(ends) > MAX_LINE
        ):
            raise _BadField("an arc is not a pair of line numbers")
    return arcs


def _lines(values: Any) -> tuple[int, ...]:
    if values is None:
        return ()
    if type(values) is not list or not set(map(type, values)) <= {int}:
        raise _BadField("line numbers are not a list of integers")
    lines = tuple(sorted(values))  # C loops: a large report has ~10^5 of them
    if lines and (lines[0] < 1 or lines[-1] > MAX_LINE):
        raise _BadField(f"line number {lines[0] if lines[0] < 1 else lines[-1]} is out of range")
    return lines


def relative_path(filename: str, root: Path) -> str:
    """A project-relative POSIX path; files outside the root keep their absolute path."""
    prefix = f"{root}{os.sep}"
    if filename.startswith(prefix) and os.sep == "/":  # the common case, without pathlib
        rest = filename[len(prefix) :]
        if rest and "//" not in rest and not any(p in (".", "..") for p in rest.split("/")):
            return rest
    if (
        os.sep == "/"
        and filename
        and filename[0] != "/"
        and "//" not in filename
        and not any(p in (".", "..") for p in filename.split("/"))
    ):  # coverage.py's relative names ("pkg/mod.py") are already what covlift keeps
        return filename
    path = Path(filename)
    if path.is_absolute():
        try:
            path = path.relative_to(root)
        except ValueError:
            rel = os.path.relpath(path, root)
            if rel.startswith(".."):
                return PurePosixPath(path).as_posix()
            path = Path(rel)
    return PurePosixPath(*path.parts).as_posix()


def _regions(data: dict[str, Any]) -> tuple[Region, ...]:
    regions: list[Region] = []
    for plural, kind in (("functions", "function"), ("classes", "class")):
        for name, region in (data.get(plural) or {}).items():
            if not name:  # "" is the code outside any region
                continue
            executed = _lines(region.get("executed_lines"))
            missing = _lines(region.get("missing_lines"))
            regions.append(
                Region(
                    name=name,
                    kind=kind,
                    start_line=int(region.get("start_line") or min(executed + missing, default=0)),
                    statements=tuple(sorted(executed + missing)),
                    missing=missing,
                    executed_branches=_arcs(region.get("executed_branches")),
                    missing_branches=_arcs(region.get("missing_branches")),
                )
            )
    return tuple(sorted(regions, key=lambda r: (r.start_line, r.kind, r.name)))


def files_from_coverage_json(report: dict[str, Any], root: Path) -> tuple[FileCoverage, ...]:
    """Every measured file of a coverage.py JSON report, sorted by path."""
    try:
        files = report["files"]
    except (KeyError, TypeError):
        raise InputFileError(
            "this JSON is not a coverage.py report (no 'files'); make it with 'coverage json'."
        ) from None
    if not isinstance(files, dict):
        raise InputFileError("this JSON's 'files' is not an object; make the report with 'coverage json'.")
    result = []
    for filename, data in files.items():
        try:
            executed = _lines(data.get("executed_lines"))
            missing = _lines(data.get("missing_lines"))
            result.append(
                FileCoverage(
                    path=relative_path(filename, root),
                    statements=tuple(sorted(executed + missing)),
                    missing=missing,
                    excluded=_lines(data.get("excluded_lines")),
                    executed_branches=_arcs(data.get("executed_branches")),
                    missing_branches=_arcs(data.get("missing_branches")),
                    regions=_regions(data),
                )
            )
        except (_BadField, TypeError, ValueError, AttributeError) as exc:
            detail = str(exc) if isinstance(exc, _BadField) else "a field has the wrong type"
            raise InputFileError(
                f"the entry for {filename} is not coverage.py's ({detail}); "
                "make the report with 'coverage json'."
            ) from None
    return tuple(sorted(result, key=lambda f: f.path))
