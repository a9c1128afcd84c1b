"""``run_gate``: gather the gate's inputs from the world, then call the pure ``evaluate``.

Inputs: the measurement (the store's latest snapshot, or a coverage.py JSON
report), the change (git, or a diff file), the baseline (the latest stored
snapshot of the base branch) and the plan's threshold for today.  git, the
clock and the plan's schedule function are parameters with production
defaults, so tests pass small real alternatives.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from covlift import __version__
from covlift.background import Background
from covlift.clock import utc_now_iso
from covlift.config import Config
from covlift.errors import InputFileError, UsageError
from covlift.gate.changes import Changes, start_changes
from covlift.gate.diffcov import ReadSource, diff_coverage, source_reader
from covlift.gate.document import KEY, KIND, to_dict
from covlift.gate.model import DiffCoverage, GateResult
from covlift.gate.report_json import load_report
from covlift.gate.settings import GateConfig
from covlift.gate.thresholds import check_percentage
from covlift.gate.verdict import evaluate
from covlift.gitdiff import GitRunner, branch_name, resolve_base, run_git
from covlift.gitinfo import GitInfo, git_info
from covlift.model import FileCoverage, RunInfo, Snapshot

if TYPE_CHECKING:
    from covlift.store import Store

#: the plan's schedule: (plan document, date) -> the threshold in force, or None
ScheduleFn = Callable[[dict[str, Any], date], float | None]


#: the per-file keys of a coverage.py JSON report the gate reads (regions are not needed)
_FILE_KEYS = ("executed_lines", "missing_lines", "excluded_lines", "executed_branches", "missing_branches")


def read_report(path: Path) -> dict[str, Any]:
    """A coverage.py JSON report, checked to be a JSON object."""
    try:
        report = load_report(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputFileError(f"cannot read {path} ({exc.strerror}); check the --from path.") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputFileError(f"{path} is not JSON; make the report with 'coverage json'.") from None
    if not isinstance(report, dict):
        raise InputFileError(f"{path} is not a coverage.py JSON report; use 'coverage json'.")
    return report


def report_files(report: dict[str, Any], root: Path) -> tuple[FileCoverage, ...]:
    """The measured files of a parsed coverage.py JSON report (its regions left out)."""
    lean: Any
    try:
        lean = {name: {k: data[k] for k in _FILE_KEYS if k in data} for name, data in report["files"].items()}
    except (KeyError, TypeError, AttributeError):
        lean = report.get("files")  # let the converter say what is wrong
    from covlift.coverage_json import files_from_coverage_json  # only --from needs it

    return files_from_coverage_json({"files": lean}, root)


def import_run(report: dict[str, Any], root: Path, info: GitInfo) -> RunInfo:
    """The provenance of a snapshot read from a report: the report's coverage.py, git's commit."""
    meta = report.get("meta") or {}
    return RunInfo(
        created_at=utc_now_iso(),
        root=str(root),
        commit=info.commit,
        branch=info.branch,
        dirty=info.dirty,
        coverage_version=str(meta.get("version", "")),
        covlift_version=__version__,
        branch_measured=bool(meta.get("branch_coverage", True)),
        origin="import",
    )


def snapshot_from_json(path: Path, root: Path) -> Snapshot:
    """A Snapshot of a coverage.py JSON report file, with provenance from git."""
    report = read_report(path)
    return Snapshot(run=import_run(report, root, git_info(root)), files=report_files(report, root))


def _open_store(url: str) -> Store | None:
    """The store, or None when its SQLite file does not exist (never create one here)."""
    if url != ":memory:" and "://" not in url and not Path(url).exists():
        return None
    from covlift.store import open_store  # sqlite3 only when there is a store

    return open_store(url)


def _schedule_fn() -> ScheduleFn | None:
    """The plan stage's schedule reader, imported only when a plan exists."""
    try:
        from covlift.plan import threshold_in_force  # type: ignore[import-not-found,attr-defined,unused-ignore]
    except ImportError:
        return None
    fn: ScheduleFn = threshold_in_force
    return fn


def scheduled_threshold(
    store: Store | None, today: date, schedule: ScheduleFn | None
) -> tuple[float | None, str | None]:
    """The plan's threshold for today, and a note when a plan exists but cannot be read."""
    plan = store.get_document("plan", "latest") if store is not None else None
    if plan is None:
        return None, None
    fn = schedule if schedule is not None else _schedule_fn()
    if fn is None:
        return None, "a plan is stored but its schedule cannot be read by this covlift; skipped."
    value = fn(plan, today)
    if value is None:
        return None, None
    return check_percentage("the plan's scheduled threshold", value), None


def _baseline(store: Store | None, branch: str, current: Snapshot) -> Snapshot | None:
    """The latest whole-run snapshot of ``branch`` older than the one being gated."""
    if store is None:
        return None
    for summary in store.history(limit=50, branch=branch):
        if summary.shard is not None:
            continue
        if current.id is not None and summary.id >= current.id:
            continue
        return store.get(summary.id)
    return None


def _baseline_branch(root: Path, gate: GateConfig, diff: DiffCoverage | None, git: GitRunner) -> str:
    if gate.baseline_branch:
        return gate.baseline_branch
    if diff is not None and diff.base:
        return branch_name(root, diff.base, git)
    try:
        return branch_name(root, resolve_base(root, gate.compare_branch, git), git)
    except UsageError:
        return gate.compare_branch or "main"


def run_gate(
    config: Config,
    gate: GateConfig,
    *,
    coverage_json: Path | None = None,
    git: GitRunner = run_git,
    today: date | None = None,
    schedule: ScheduleFn | None = None,
    read_source: ReadSource | None = None,
    record: bool = True,
    diff_job: Background[Changes] | None = None,
) -> GateResult:
    """Measure nothing: read the latest measurement and decide whether it passes.

    ``diff_job`` is the git diff when the caller started it already (``start_changes``).
    The verdict is also stored as the ``("gate", "latest")`` document (for the HTML
    report) when a store exists and ``record`` is true; no store is created for it.
    """
    root = config.root
    store = _open_store(config.store_url)
    # git runs in other processes while this one reads the snapshot: threads only wait
    changes_job = diff_job if diff_job is not None else start_changes(root, gate, git)
    try:
        report = read_report(coverage_json) if coverage_json is not None else None
        files = report_files(report, root) if report is not None else None
        latest = store.latest() if store is not None and report is None else None
        changes, diff_note = changes_job.result()
        if report is not None and files is not None:
            info = (
                GitInfo(commit=changes.head, branch=changes.branch, dirty=changes.dirty)
                if changes is not None and changes.head
                else git_info(root)
            )
            snapshot = Snapshot(run=import_run(report, root, info), files=files)
        elif latest is not None:
            snapshot = latest
        else:
            raise UsageError(
                f"the store {config.store_url} holds no snapshot; run 'covlift measure' "
                "first, or pass --from coverage.json."
            )
        notes: list[str] = []
        threshold, note = scheduled_threshold(store, today or date.today(), schedule)
        notes.extend([note] if note else [])
        notes.extend([diff_note] if diff_note else [])
        diff = (
            None
            if changes is None
            else diff_coverage(snapshot.files, changes, read_source or source_reader(root))
        )
        base: Snapshot | None = None
        if gate.ratchet:
            branch = _baseline_branch(root, gate, diff, git)
            base = _baseline(store, branch, snapshot)
            if base is None:
                notes.append(
                    f"no earlier snapshot of branch '{branch}' in the store; the ratchet "
                    "starts once one is stored (covlift measure on that branch)."
                )
        added_smells: tuple[str, ...] | None = None
        if gate.no_new_smells:
            if changes is None:
                notes.append("--no-new-smells needs a git diff; no smell check was made.")
            else:
                from covlift.gate.smells import smells_added

                added_smells = tuple(smells_added(root, changes, git))
        result = evaluate(
            snapshot,
            diff,
            base,
            replace(gate, schedule_threshold=threshold),
            notes=tuple(notes),
            added_smells=added_smells,
        )
        if store is not None and record:
            store.put_document(KIND, KEY, to_dict(result))
        return result
    finally:
        changes_job.wait()
        if store is not None:
            store.close()
