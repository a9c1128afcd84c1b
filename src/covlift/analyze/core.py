"""``analyze(snapshot, config) -> Analysis``: which files and functions to test first, and why.

Pure over its inputs: the snapshot, the project's source and test files (read
through ``read_text``) and git churn (through ``churn``).  Both are
parameters, so a snapshot can be analysed without its project on disk and
tests can pass small real alternatives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from covlift.analyze.churn import ChurnSource, git_churn
from covlift.analyze.existing_tests import existing_tests, find_test_files
from covlift.analyze.gaps import RawGap, function_gaps
from covlift.analyze.model import (
    Analysis,
    Factors,
    FileAnalysis,
    FunctionGap,
    PackageSummary,
    Score,
)
from covlift.analyze.modules import ModuleInfo, fan_in, module_infos
from covlift.analyze.scoring import score_reason, scores, zero_reason
from covlift.analyze.settings import AnalyzeSettings, analyze_settings
from covlift.analyze.source import SourceFacts, regions_from_source, source_facts
from covlift.config import Config
from covlift.model import FileCoverage, Region, Snapshot

ReadText = Callable[[Path], str | None]
FindTests = Callable[[Path], Iterable[str]]


def read_text(path: Path) -> str | None:
    """A source file's text, or None when it is gone or unreadable."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def category(f: FileCoverage, low_threshold: float) -> str:
    """zero, low, partial or full: the single place these words are defined."""
    if f.num_statements + f.num_branches == 0:
        return "full"
    if f.covered_lines == 0:
        return "zero"
    pct = f.combined_pct
    if pct <= low_threshold:
        return "low"
    return "full" if pct >= 100.0 else "partial"


def _facts(
    snapshot: Snapshot,
    infos: Mapping[str, ModuleInfo],
    root: Path,
    settings: AnalyzeSettings,
    read: ReadText,
) -> tuple[dict[str, SourceFacts | None], dict[str, list[Region]]]:
    """Source facts and function regions of every file (regions rebuilt only when missing)."""
    facts: dict[str, SourceFacts | None] = {}
    regions: dict[str, list[Region]] = {}
    for f in snapshot.files:
        text = read(root / f.path)
        own = [r for r in f.regions if r.kind == "function"]
        if not own and not f.regions and text is not None and f.statements:
            own = regions_from_source(text, f)
        regions[f.path] = own
        info = infos[f.path]
        facts[f.path] = (
            None
            if text is None
            else source_facts(
                text,
                info.module,
                is_package=info.is_package,
                libraries=settings.mock_libraries,
                file=f,
                regions=own,
            )
        )
    return facts, regions


def _file_factors(
    f: FileCoverage,
    gaps: list[RawGap],
    units: int,
    fan: int,
    churn: int | None,
    facts: SourceFacts | None,
) -> Factors:
    missing_branches = f.num_branches - f.covered_branches
    return Factors(
        gain_pts=100.0 * (f.num_missing + missing_branches) / units if units else 0.0,
        missing_statements=f.num_missing,
        missing_branches=missing_branches,
        complexity=None if facts is None else sum(g.complexity or 0 for g in gaps),
        fan_in=fan,
        churn=churn,
        mocks=() if facts is None else facts.mocks,
    )


def analyze(
    snapshot: Snapshot,
    config: Config,
    *,
    settings: AnalyzeSettings | None = None,
    churn: ChurnSource = git_churn,
    read: ReadText = read_text,
    find_tests: FindTests = find_test_files,
) -> Analysis:
    """Rank the snapshot's files and functions by how much testing them is worth."""
    settings = settings or analyze_settings(config)
    root = config.root
    paths = [f.path for f in snapshot.files]
    infos = module_infos(paths, is_file=lambda rel: (root / rel).is_file())
    facts, regions = _facts(snapshot, infos, root, settings, read)
    fans = fan_in({p: fx.imports for p, fx in facts.items() if fx is not None}, infos)
    churn_map = churn(root, settings.churn_days)
    tests_text = {}
    for test_path in find_tests(root):
        text = read(root / test_path)
        if text is not None:
            tests_text[test_path] = text
    tested = existing_tests(infos, tests_text)
    totals = snapshot.totals
    units = totals.statements + totals.branches

    file_factors: dict[str, Factors] = {}
    raw_gaps: dict[str, list[RawGap]] = {}
    for f in snapshot.files:
        gaps = function_gaps(f, regions[f.path], facts[f.path])
        raw_gaps[f.path] = gaps
        file_churn = None if churn_map is None else int(churn_map.get(f.path, 0))
        file_factors[f.path] = _file_factors(f, gaps, units, fans.get(f.path, 0), file_churn, facts[f.path])

    gap_keys = [(path, g) for path, gaps in raw_gaps.items() for g in gaps]
    gap_factors = [
        Factors(
            gain_pts=100.0 * g.units / units if units else 0.0,
            missing_statements=len(g.missing),
            missing_branches=len(g.missing_branches),
            complexity=g.complexity,
            fan_in=file_factors[path].fan_in,
            churn=file_factors[path].churn,
            mocks=g.mocks,
        )
        for path, g in gap_keys
    ]
    gap_scores = scores(gap_factors, settings.weights)
    scored_gaps: dict[str, list[FunctionGap]] = {p: [] for p in raw_gaps}
    for (path, g), fac, sc in zip(gap_keys, gap_factors, gap_scores, strict=True):
        scored_gaps[path].append(
            FunctionGap(
                path=path,
                name=g.name,
                start_line=g.start_line,
                statements=g.statements,
                missing=g.missing,
                branches=g.branches,
                missing_branches=g.missing_branches,
                branch_points=g.branch_points,
                factors=fac,
                score=sc,
                reason=score_reason(fac, sc, settings.churn_days),
            )
        )

    candidates = [f for f in snapshot.files if raw_gaps[f.path]]
    file_scores = dict(
        zip(
            (f.path for f in candidates),
            scores([file_factors[f.path] for f in candidates], settings.weights),
            strict=True,
        )
    )
    cats = {f.path: category(f, settings.low_threshold) for f in snapshot.files}
    zero_first = settings.order == "zero-first"

    def rank_key(f: FileCoverage) -> tuple[int, int, float, str]:
        if zero_first and cats[f.path] == "zero":
            return (0, -f.num_statements, -file_scores[f.path].value, f.path)
        return (1, 0, -file_scores[f.path].value, f.path)

    ranked = sorted(candidates, key=rank_key)
    zero_count = sum(1 for c in cats.values() if c == "zero")
    results = []
    for rank, f in enumerate(ranked, start=1):
        fac, sc = file_factors[f.path], file_scores[f.path]
        if zero_first and cats[f.path] == "zero":
            reason = zero_reason(f.num_statements, rank, zero_count, fac, settings.churn_days)
        else:
            reason = score_reason(fac, sc, settings.churn_days)
        results.append(
            _file(
                f,
                infos[f.path],
                cats[f.path],
                fac,
                sc,
                rank,
                reason,
                scored_gaps[f.path],
                tested[f.path],
            )
        )
    done = sorted((f for f in snapshot.files if not raw_gaps[f.path]), key=lambda f: f.path)
    for f in done:
        fac = file_factors[f.path]
        results.append(
            _file(
                f,
                infos[f.path],
                cats[f.path],
                fac,
                _no_score(),
                None,
                "fully covered: nothing to add",
                [],
                tested[f.path],
            )
        )
    return Analysis(
        snapshot_id=snapshot.id,
        created_at=snapshot.run.created_at,
        commit=snapshot.run.commit,
        branch=snapshot.run.branch,
        totals=totals,
        tests=len(snapshot.tests),
        low_threshold=settings.low_threshold,
        order=settings.order,
        weights=settings.weights,
        churn_days=settings.churn_days,
        churn_available=churn_map is not None,
        files=tuple(results),
        packages=packages(results),
    )


def _no_score() -> Score:
    return Score(value=0.0, gain=0.0, complexity=0.0, fan_in=0.0, churn=0.0, testability=0.0)


def _file(
    f: FileCoverage,
    info: ModuleInfo,
    cat: str,
    fac: Factors,
    sc: Score,
    rank: int | None,
    reason: str,
    gaps: list[FunctionGap],
    tests: tuple[str, ...],
) -> FileAnalysis:
    return FileAnalysis(
        path=f.path,
        module=info.module,
        package=info.group,
        statements=f.num_statements,
        covered_lines=f.covered_lines,
        branches=f.num_branches,
        covered_branches=f.covered_branches,
        category=cat,
        factors=fac,
        score=sc,
        rank=rank,
        reason=reason,
        functions=tuple(sorted(gaps, key=lambda g: (-g.score.value, g.start_line))),
        existing_tests=tests,
    )


def packages(files: Iterable[FileAnalysis]) -> tuple[PackageSummary, ...]:
    """Per-package totals, sorted by package name."""
    groups: dict[str, list[FileAnalysis]] = {}
    for f in files:
        groups.setdefault(f.package, []).append(f)
    return tuple(
        PackageSummary(
            name=name,
            files=len(members),
            statements=sum(f.statements for f in members),
            covered_lines=sum(f.covered_lines for f in members),
            branches=sum(f.branches for f in members),
            covered_branches=sum(f.covered_branches for f in members),
            zero=sum(1 for f in members if f.category == "zero"),
            low=sum(1 for f in members if f.category == "low"),
        )
        for name, members in sorted(groups.items())
    )


def analyze_project(
    config: Config,
    *,
    from_file: str | None = None,
    settings: AnalyzeSettings | None = None,
    save: bool = False,
) -> Analysis:
    """The analysis of the project's current snapshot (see ``current_snapshot``).

    With ``save``, a compact summary is stored as the document ``("analysis",
    "latest")`` for the report dashboard.
    """
    from covlift.analyze.jsonout import SUMMARY_DOC, analysis_summary
    from covlift.analyze.snapshots import current_snapshot
    from covlift.store import open_store

    result = analyze(current_snapshot(config, from_file), config, settings=settings)
    if save:
        store = open_store(config.store_url)
        try:
            store.put_document(*SUMMARY_DOC, analysis_summary(result))
        finally:
            store.close()
    return result


def rank_files(snapshot: Snapshot, config: Config) -> tuple[str, ...]:
    """Paths with something left to cover, in priority order (what ``lift`` works through)."""
    return tuple(f.path for f in analyze(snapshot, config).ranked)
