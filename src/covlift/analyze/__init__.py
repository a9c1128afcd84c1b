"""analyze: which files and functions to test first to raise coverage, and why.

``analyze(snapshot, config) -> Analysis`` ranks every measured file and every
uncovered function by a priority score whose factors are shown beside it;
``current_snapshot(config, from_file)`` picks the snapshot to work on.
"""

from __future__ import annotations

from covlift.analyze.core import analyze, analyze_project, category, packages, rank_files
from covlift.analyze.jsonout import analysis_summary, analysis_to_dict
from covlift.analyze.model import (
    Analysis,
    Factors,
    FileAnalysis,
    FunctionGap,
    PackageSummary,
    Score,
    Weights,
)
from covlift.analyze.settings import AnalyzeSettings, analyze_settings
from covlift.analyze.snapshots import current_snapshot

__all__ = [
    "Analysis",
    "AnalyzeSettings",
    "Factors",
    "FileAnalysis",
    "FunctionGap",
    "PackageSummary",
    "Score",
    "Weights",
    "analysis_summary",
    "analysis_to_dict",
    "analyze",
    "analyze_project",
    "analyze_settings",
    "category",
    "current_snapshot",
    "packages",
    "rank_files",
]
