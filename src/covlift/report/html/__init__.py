"""``covlift report --html DIR``: a static dashboard that works opened from disk.

Every page is self-contained: CSS, JavaScript and charts are inline, and a
Content-Security-Policy forbids any network request, so the report can be
archived as a CI artefact and opened years later.  Pages: ``index.html``
(totals, trend chart, gate verdict, package and file tables, latest plan and
analysis) and one page per measured file with its annotated source.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from covlift import __version__
from covlift.analyze.modules import module_infos
from covlift.clock import utc_now_iso
from covlift.errors import UsageError
from covlift.model import FileCoverage, Region, Snapshot, Totals
from covlift.report.files import ReportDirectory, check_replaceable
from covlift.report.html.docs import Node, tree
from covlift.report.html.source import annotate, read_source
from covlift.report.plot import to_svg, trend_chart
from covlift.report.terminal import OUTCOME_ORDER, pct
from covlift.store import Store
from covlift.trend import Trend, trend

TEMPLATES = Path(__file__).parent / "templates"
#: the store documents the dashboard shows when present: (kind, key)
GATE_DOC, PLAN_DOC, ANALYSIS_DOC = ("gate", "latest"), ("plan", "latest"), ("analysis", "latest")


@dataclass(frozen=True, slots=True)
class DashboardInputs:
    """Everything the dashboard shows, gathered before anything is written."""

    snapshot: Snapshot
    source_root: Path
    trend: Trend | None = None
    gate: dict[str, Any] | None = None
    plan: dict[str, Any] | None = None
    analysis: dict[str, Any] | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Dashboard:
    """What was written."""

    directory: Path
    index: Path
    #: relative page path of each measured file
    pages: tuple[tuple[str, str], ...]


#: characters of the flattened path kept in a page name (file systems allow 255 bytes per name)
MAX_STEM = 120


def page_name(path: str) -> str:
    """A flat, collision-free file name for a measured file's page (long paths keep their end)."""
    digest = hashlib.sha1(path.encode("utf-8")).hexdigest()[:8]
    stem = path.replace("/", "-").replace("\\", "-")
    if len(stem.encode("utf-8")) > MAX_STEM:
        stem = stem.encode("utf-8")[-MAX_STEM:].decode("utf-8", "ignore").lstrip("-")
    return f"files/{stem}.{digest}.html"


def _numbers(t: Totals) -> dict[str, Any]:
    return {
        "files": t.files,
        "statements": t.statements,
        "missing": t.missing,
        "branches": t.branches,
        "partial": t.partial,
        "missing_branches": t.branches - t.covered_branches,
        "line_pct": pct(t.line_pct),
        "branch_pct": pct(t.branch_pct),
        "cover_pct": pct(t.combined_pct),
        "cover": t.combined_pct,
    }


def _file_row(f: FileCoverage) -> dict[str, Any]:
    return {
        "path": f.path,
        "page": page_name(f.path),
        **_numbers(Totals.of([f])),
        "line": f.line_pct,
        "branch": f.branch_pct,
    }


def _region_row(r: Region) -> dict[str, Any]:
    return {
        "name": r.name,
        "kind": r.kind,
        "line": r.start_line,
        "statements": r.num_statements,
        "missing": len(r.missing),
        "branches": r.num_branches,
        "cover_pct": pct(r.combined_pct),
        "cover": r.combined_pct,
    }


def _packages(files: tuple[FileCoverage, ...]) -> list[dict[str, Any]]:
    infos = module_infos([f.path for f in files])
    groups: dict[str, list[FileCoverage]] = {}
    for f in files:
        groups.setdefault(infos[f.path].group, []).append(f)
    return [{"name": name, **_numbers(Totals.of(fs))} for name, fs in sorted(groups.items())]


def _outcomes(snapshot: Snapshot) -> list[tuple[str, int]]:
    counts = snapshot.outcome_counts
    ordered = [k for k in OUTCOME_ORDER if k in counts] + sorted(set(counts) - set(OUTCOME_ORDER))
    return [(k, counts[k]) for k in ordered]


def _gate(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    if doc is None:
        return None
    passed = doc.get("passed")
    rest = {k: v for k, v in doc.items() if k not in ("passed", "checks")}
    return {
        "verdict": None if passed is None else bool(passed),
        "checks": tree(doc.get("checks") or []),
        "details": tree(rest),
    }


def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["Node"] = Node
    return env


def render_dashboard(inputs: DashboardInputs, directory: Path) -> Dashboard:
    """Write the dashboard for ``inputs`` into ``directory``: its own pages only (see report.files)."""
    from markupsafe import Markup

    check_replaceable(directory)
    snapshot, env = inputs.snapshot, _environment()
    run = snapshot.run
    title = inputs.title or PurePosixPath(run.root).name or "coverage"
    has_points = inputs.trend is not None and any(s.points for s in inputs.trend.series)
    chart = Markup(to_svg(trend_chart(inputs.trend))) if has_points and inputs.trend else None
    common = {
        "title": title,
        "run": run,
        "snapshot_id": snapshot.id,
        "version": __version__,
        "generated_at": utc_now_iso(),
    }
    files = sorted(snapshot.files, key=lambda f: f.path)
    index_html = env.get_template("index.html.j2").render(
        **common,
        root="",
        totals=_numbers(snapshot.totals),
        outcomes=_outcomes(snapshot),
        tests=len(snapshot.tests),
        incidents=snapshot.incidents,
        chart=chart,
        gate=_gate(inputs.gate),
        packages=_packages(snapshot.files),
        files=[_file_row(f) for f in files],
        plan=None if inputs.plan is None else tree(inputs.plan),
        analysis=None if inputs.analysis is None else tree(inputs.analysis),
    )
    out = ReportDirectory(directory)
    try:
        out.write("index.html", index_html)
        page = env.get_template("file.html.j2")
        pages = []
        for f in files:
            name = page_name(f.path)
            lines = read_source(inputs.source_root, f)
            out.write(
                name,
                page.render(
                    **common,
                    root="../",
                    file=_file_row(f),
                    source=None if lines is None else annotate(f, lines),
                    missing=list(f.missing),
                    regions=[_region_row(r) for r in f.regions],
                ),
            )
            pages.append((f.path, name))
    except BaseException:
        out.abandon()
        raise
    out.finish()
    return Dashboard(directory=directory, index=directory / "index.html", pages=tuple(pages))


def gather(store: Store, root: Path, *, snapshot_id: int | None = None) -> DashboardInputs:
    """Read the snapshot (latest whole run by default), its branch's trend and the documents."""
    snapshot = store.get(snapshot_id) if snapshot_id is not None else store.latest()
    if snapshot is None:
        raise UsageError("the store holds no snapshot yet; run 'covlift measure' first.")
    return DashboardInputs(
        snapshot=snapshot,
        source_root=root,
        trend=trend(store, packages=False),
        gate=store.get_document(*GATE_DOC),
        plan=store.get_document(*PLAN_DOC),
        analysis=store.get_document(*ANALYSIS_DOC),
    )


def write_dashboard(
    store: Store, directory: Path, root: Path, *, snapshot_id: int | None = None
) -> Dashboard:
    """Gather from the store and write the dashboard: what ``covlift report --html`` does."""
    return render_dashboard(gather(store, root, snapshot_id=snapshot_id), directory)
