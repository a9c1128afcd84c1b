"""Snapshots from coverage data made elsewhere: a ``.coverage`` file or ``coverage.json``."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from covlift import __version__
from covlift.clock import utc_now_iso
from covlift.config import Config
from covlift.coverage_json import files_from_coverage_json
from covlift.errors import InputFileError
from covlift.gitinfo import git_info
from covlift.measure.interpreter import choose_python, json_report
from covlift.model import RunInfo, Snapshot

SQLITE_MAGIC = b"SQLite format 3\x00"


def load_data_file(config: Config, path: str | Path) -> Snapshot:
    """A snapshot (origin "import", no test outcomes) from a coverage data or JSON file."""
    data_path = Path(path).expanduser()
    if not data_path.is_absolute():
        data_path = Path.cwd() / data_path
    if not data_path.is_file():
        raise InputFileError(f"{path} does not exist; give a .coverage or coverage.json file.")
    head = data_path.read_bytes()[:16]
    if head.startswith(SQLITE_MAGIC):
        with tempfile.TemporaryDirectory(prefix="covlift-import-") as tmp:
            report = json_report(
                config.root,
                choose_python(config.root, config.python),
                data_file=data_path,
                json_out=Path(tmp) / "coverage.json",
            )
        coverage_version = str(report.get("meta", {}).get("version", ""))
    else:
        try:
            report = json.loads(data_path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise InputFileError(
                f"{path} is neither a coverage.py data file nor a coverage.json report; "
                "make one with 'coverage run' or 'coverage json'."
            ) from None
        if not isinstance(report, dict):
            raise InputFileError(f"{path} is not a coverage.json report; make one with 'coverage json'.")
        meta = report.get("meta", {})
        if isinstance(meta, dict) and meta.get("branch_coverage") is False:
            pass  # line-only data is accepted; RunInfo says so
        coverage_version = str(meta.get("version", "")) if isinstance(meta, dict) else ""
    files = files_from_coverage_json(report, config.root)
    meta = report.get("meta", {}) if isinstance(report.get("meta"), dict) else {}
    git = git_info(config.root)
    run = RunInfo(
        created_at=utc_now_iso(),
        root=str(config.root),
        commit=git.commit,
        branch=git.branch,
        dirty=git.dirty,
        coverage_version=coverage_version,
        covlift_version=__version__,
        branch_measured=bool(meta.get("branch_coverage", True)),
        origin="import",
    )
    return Snapshot(run=run, files=files)
