"""The snapshot a command works on: ``--from FILE``, else the store's latest, else a new one.

``covlift.measure`` is imported lazily so analyze and plan work (with stored
snapshots or ``--from``) even where measuring is unavailable.
"""

from __future__ import annotations

import json
from pathlib import Path

from covlift import __version__
from covlift.clock import utc_now_iso
from covlift.config import Config
from covlift.coverage_json import files_from_coverage_json
from covlift.errors import InputFileError, UsageError
from covlift.model import RunInfo, Snapshot
from covlift.store import open_store

_SQLITE_MAGIC = b"SQLite format 3\x00"


def snapshot_from_json(path: Path, config: Config) -> Snapshot:
    """A snapshot from a ``coverage json`` report made elsewhere."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(
            f"{path} is not a readable coverage JSON report ({exc}); make one with 'coverage json'."
        ) from exc
    meta = report.get("meta", {}) if isinstance(report, dict) else {}
    return Snapshot(
        run=RunInfo(
            created_at=utc_now_iso(),
            root=str(config.root),
            coverage_version=str(meta.get("version", "")),
            covlift_version=__version__,
            branch_measured=bool(meta.get("branch_coverage", True)),
            origin="import",
        ),
        files=files_from_coverage_json(report, config.root),
    )


def snapshot_from_file(path: Path, config: Config) -> Snapshot:
    """``--from``: a coverage.json report or a ``.coverage`` data file."""
    if not path.is_file():
        raise InputFileError(f"{path} does not exist; pass a coverage.json or .coverage file.")
    try:
        from covlift.measure import load_data_file
    except ImportError:
        return _without_measure(path, config)
    return load_data_file(config=config, path=path)


def _without_measure(path: Path, config: Config) -> Snapshot:
    with path.open("rb") as handle:
        head = handle.read(len(_SQLITE_MAGIC))
    if head == _SQLITE_MAGIC:
        raise UsageError(
            f"reading {path.name} data files needs 'covlift measure', which is not available; "
            "convert it with 'coverage json' and pass the JSON to --from."
        )
    return snapshot_from_json(path, config)


def current_snapshot(config: Config, from_file: str | None = None) -> Snapshot:
    """The snapshot to analyse: ``from_file``, the latest stored one, or a new measurement."""
    if from_file is not None:
        return snapshot_from_file(Path(from_file).expanduser(), config)
    store = open_store(config.store_url)
    try:
        latest = store.latest()
    finally:
        store.close()
    if latest is not None:
        return latest
    try:
        from covlift.measure import record
    except ImportError:
        raise UsageError("no snapshot yet; run covlift measure first.") from None
    return record(config)
