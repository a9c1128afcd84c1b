"""Function-level gaps: each uncovered or partly covered function, and the module-level rest.

coverage.py's regions (JSON format 3) say which statements belong to which
function; for older reports they are rebuilt from the source by the same rule
(``source.regions_from_source``).  Lines outside
every function form one ``(module level)`` gap, so the gaps of a file add up
to exactly its missing lines and arcs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from covlift.analyze.model import MODULE_LEVEL
from covlift.analyze.source import FunctionFacts, SourceFacts
from covlift.model import FileCoverage, Region
from covlift.types import Arc, LineNo


@dataclass(frozen=True, slots=True)
class RawGap:
    """A gap before scoring: its lines, arcs and source facts."""

    name: str
    start_line: LineNo
    statements: int
    missing: tuple[LineNo, ...]
    branches: int
    missing_branches: tuple[Arc, ...]
    complexity: int | None
    mocks: tuple[str, ...]

    @property
    def units(self) -> int:
        """Missing statements plus missing arcs: what covering it adds."""
        return len(self.missing) + len(self.missing_branches)

    @property
    def branch_points(self) -> int:
        return len({a for a, _ in self.missing_branches})


def _lookup(
    facts: SourceFacts | None,
) -> tuple[dict[tuple[str, int], FunctionFacts], dict[str, FunctionFacts]]:
    if facts is None:
        return {}, {}
    exact = {(f.name, f.start_line): f for f in facts.functions}
    by_name = {f.name: f for f in facts.functions}
    return exact, by_name


def function_gaps(file: FileCoverage, regions: Sequence[Region], facts: SourceFacts | None) -> list[RawGap]:
    """The gaps of one file in source order; empty when it is fully covered.

    ``regions`` are the file's function regions (see ``core.function_regions``).
    """
    if not file.missing and not file.missing_branches:
        return []
    exact, by_name = _lookup(facts)
    gaps = []
    in_functions: set[LineNo] = set()
    for region in regions:
        in_functions.update(region.statements)
        if not region.missing and not region.missing_branches:
            continue
        fn = exact.get((region.name, region.start_line)) or by_name.get(region.name)
        gaps.append(
            RawGap(
                name=region.name,
                start_line=region.start_line,
                statements=region.num_statements,
                missing=region.missing,
                branches=region.num_branches,
                missing_branches=region.missing_branches,
                complexity=fn.complexity if fn else None,
                mocks=fn.mocks if fn else (),
            )
        )
    module_missing = tuple(line for line in file.missing if line not in in_functions)
    module_arcs = tuple(a for a in file.missing_branches if a[0] not in in_functions)
    if module_missing or module_arcs:
        statements = sum(1 for line in file.statements if line not in in_functions)
        branches = len(module_arcs) + sum(1 for a in file.executed_branches if a[0] not in in_functions)
        gaps.append(
            RawGap(
                name=MODULE_LEVEL,
                start_line=min((*module_missing, *(a[0] for a in module_arcs))),
                statements=statements,
                missing=module_missing,
                branches=branches,
                missing_branches=module_arcs,
                complexity=facts.module_complexity if facts else None,
                mocks=(),
            )
        )
    return sorted(gaps, key=lambda g: g.start_line)
