"""The ratchet: coverage may only go up, within a tolerance, against the base branch.

Compared against the latest stored snapshot of the base branch: the total,
each package (a file's directory) and each file present in both.  A file that
is new and has statements none of which ran fails on its own rule, since a
new file cannot drop.  Percentages are coverage.py's headline number
(statements and branches together) at the displayed precision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePosixPath

from covlift.gate.model import Drop
from covlift.gate.thresholds import dropped
from covlift.model import FileCoverage, Totals
from covlift.types import RelPath


def package_of(path: RelPath) -> str:
    """A file's package: its directory ("." for top-level files)."""
    return PurePosixPath(path).parent.as_posix()


def package_totals(files: Iterable[FileCoverage]) -> dict[str, Totals]:
    groups: dict[str, list[FileCoverage]] = defaultdict(list)
    for f in files:
        groups[package_of(f.path)].append(f)
    return {name: Totals.of(members) for name, members in groups.items()}


def drops(
    before: tuple[FileCoverage, ...],
    after: tuple[FileCoverage, ...],
    precision: int,
    tolerance: float,
    *,
    lines_only: bool = False,
) -> list[Drop]:
    """Every total, package and file whose coverage fell by more than ``tolerance``.

    ``lines_only`` compares line coverage alone, for a baseline measured with a
    different branch setting (the headline numbers would not be comparable).
    """

    def pct(item: Totals | FileCoverage) -> float:
        return item.line_pct if lines_only else item.combined_pct

    result: list[Drop] = []
    old_total, new_total = pct(Totals.of(before)), pct(Totals.of(after))
    if dropped(old_total, new_total, precision, tolerance):
        result.append(Drop("total", "", old_total, new_total))
    old_packages, new_packages = package_totals(before), package_totals(after)
    for name in sorted(old_packages.keys() & new_packages.keys()):
        old, new = pct(old_packages[name]), pct(new_packages[name])
        if dropped(old, new, precision, tolerance):
            result.append(Drop("package", name, old, new))
    old_files = {f.path: f for f in before}
    for f in after:
        previous = old_files.get(f.path)
        if previous is not None and dropped(pct(previous), pct(f), precision, tolerance):
            result.append(Drop("file", f.path, pct(previous), pct(f)))
    return result


def zero_coverage(files: Iterable[FileCoverage], paths: Iterable[RelPath]) -> list[RelPath]:
    """Those of ``paths`` that are measured, have statements, and ran none of them."""
    wanted = set(paths)
    return sorted(f.path for f in files if f.path in wanted and f.num_statements and not f.covered_lines)
