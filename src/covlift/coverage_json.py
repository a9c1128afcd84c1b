"""coverage.py's JSON report (format 2 or 3) -> covlift's FileCoverage values.

The JSON report is coverage.py's documented interchange format; covlift reads
it rather than any terminal or XML output.  Format 3 adds function and class
regions, which become :class:`Region` values; format 2 simply yields none.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any

from covlift.errors import InputFileError
from covlift.model import FileCoverage, Region


def _arcs(values: Any) -> tuple[tuple[int, int], ...]:
    arcs = tuple(sorted(map(tuple, values or ())))  # C loops: a large report has ~10^5 arcs
    if arcs and not (len(arcs[0]) == 2 and type(arcs[0][0]) is int and type(arcs[-1][1]) is int):
        return tuple(sorted((int(a), int(b)) for a, b in values))  # not coverage.py's own ints
    return arcs


def _lines(values: Any) -> tuple[int, ...]:
    return tuple(sorted(map(int, values or ())))  # map: a large report has ~10^5 of them


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
    result = []
    for filename, data in files.items():
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
    return tuple(sorted(result, key=lambda f: f.path))
