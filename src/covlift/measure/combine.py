"""Merge shard snapshots into one whole-suite snapshot.

A line is missing from the whole run exactly when every shard missed it, and
likewise a branch arc, so the merge is an intersection of the missing sets
over files measured with the same statements.  Shards must all be present,
from one split (same N), and of the same kind (branch or line), else the
result would silently be partial.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from covlift.clock import utc_now_iso
from covlift.config import parse_shard
from covlift.errors import UsageError
from covlift.model import FileCoverage, Region, Snapshot


def _check_shards(shards: Sequence[Snapshot]) -> None:
    if not shards:
        raise UsageError("no shard snapshots to combine; run 'covlift measure --shard K/N' first.")
    labels = [s.run.shard for s in shards]
    if None in labels:
        raise UsageError("only shard snapshots can be combined; one of them is a whole run.")
    parsed = [parse_shard(str(label)) for label in labels]
    counts = {n for _, n in parsed}
    if len(counts) != 1:
        raise UsageError(f"the shards come from different splits ({sorted(counts)}); combine one split.")
    (total,) = counts
    seen = sorted({k for k, _ in parsed})
    missing = sorted(set(range(1, total + 1)) - set(seen))
    if missing:
        names = ", ".join(f"{k}/{total}" for k in missing)
        raise UsageError(f"shard(s) {names} missing; measure them before combining.")
    if len(parsed) != len(set(parsed)):
        raise UsageError("a shard is given twice; pass each shard once.")
    if len({s.run.branch_measured for s in shards}) != 1:
        raise UsageError("some shards measured branches and some did not; measure all with branches.")
    commits = {s.run.commit for s in shards}
    if len(commits) > 1:
        raise UsageError("the shards were measured at different commits; combine shards of one commit.")


def _merge_region(regions: Sequence[Region]) -> Region:
    first = regions[0]
    missing = set(first.missing)
    missing_arcs = set(first.missing_branches)
    all_arcs = set(first.missing_branches) | set(first.executed_branches)
    for r in regions[1:]:
        missing &= set(r.missing)
        missing_arcs &= set(r.missing_branches)
    return replace(
        first,
        missing=tuple(sorted(missing)),
        missing_branches=tuple(sorted(missing_arcs)),
        executed_branches=tuple(sorted(all_arcs - missing_arcs)),
    )


def _merge_file(versions: Sequence[FileCoverage]) -> FileCoverage:
    first = versions[0]
    for other in versions[1:]:
        if other.statements != first.statements:
            raise UsageError(
                f"{first.path} has different statements in different shards; "
                "measure every shard from the same source."
            )
    missing = set(first.missing)
    missing_arcs = set(first.missing_branches)
    all_arcs = set(first.missing_branches) | set(first.executed_branches)
    for other in versions[1:]:
        missing &= set(other.missing)
        missing_arcs &= set(other.missing_branches)
        all_arcs |= set(other.missing_branches) | set(other.executed_branches)
    by_key: dict[tuple[str, str, int], list[Region]] = {}
    for version in versions:
        for region in version.regions:
            by_key.setdefault((region.kind, region.name, region.start_line), []).append(region)
    return replace(
        first,
        missing=tuple(sorted(missing)),
        missing_branches=tuple(sorted(missing_arcs)),
        executed_branches=tuple(sorted(all_arcs - missing_arcs)),
        regions=tuple(_merge_region(rs) for rs in by_key.values()),
    )


def combine(shards: Sequence[Snapshot]) -> Snapshot:
    """One snapshot equal to measuring the whole suite at once."""
    _check_shards(shards)
    by_path: dict[str, list[FileCoverage]] = {}
    for shard in shards:
        for f in shard.files:
            by_path.setdefault(f.path, []).append(f)
    files = tuple(_merge_file(versions) for _, versions in sorted(by_path.items()))
    tests = tuple(sorted((t for s in shards for t in s.tests), key=lambda t: t.nodeid))
    incidents = tuple(i for s in shards for i in s.incidents)
    first = min(shards, key=lambda s: s.run.created_at)
    run = replace(
        first.run,
        created_at=utc_now_iso(),
        shard=None,
        origin="combine",
        duration_s=max(s.run.duration_s for s in shards),
        pytest_exit=max((s.run.pytest_exit or 0) for s in shards),
        dirty=any(s.run.dirty for s in shards),
    )
    return Snapshot(run=run, files=files, tests=tests, incidents=incidents)
