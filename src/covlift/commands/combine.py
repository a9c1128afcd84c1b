"""``covlift combine``: merge shard snapshots (from this store, or from --json files) into one."""

from __future__ import annotations

import json
from pathlib import Path

import click

from covlift.codec import snapshot_from_dict, snapshot_to_dict
from covlift.commands._common import (
    config_for,
    json_option,
    path_argument,
    print_json,
    stdout_console,
    store_option,
)
from covlift.errors import ExitCode, InputFileError, UsageError
from covlift.measure import combine
from covlift.model import Snapshot
from covlift.report.terminal import render_snapshot
from covlift.store import Store, open_store


def _read_input(path: str) -> list[Snapshot]:
    """Shard snapshots from a ``covlift measure --json`` file or another covlift store."""
    file = Path(path)
    if not file.is_file():
        raise InputFileError(f"{path} does not exist; pass files written by 'covlift measure --json'.")
    if file.read_bytes()[:16].startswith(b"SQLite format 3"):
        other = open_store(str(file))
        try:
            return _latest_shards(other)
        finally:
            other.close()
    try:
        return [snapshot_from_dict(json.loads(file.read_text(encoding="utf-8")))]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputFileError(
            f"{path} is not a snapshot written by 'covlift measure --json' ({exc})."
        ) from None


def _latest_shards(store: Store) -> list[Snapshot]:
    """The newest snapshot of each shard K/N of the newest split in the store."""
    newest: dict[str, Snapshot] = {}
    for summary in store.history(limit=1000):
        if summary.shard and summary.shard not in newest:
            newest[summary.shard] = store.get(summary.id)
    if not newest:
        return []
    latest_n = max(newest.values(), key=lambda s: s.id or 0).run.shard
    n = str(latest_n).split("/")[1]
    return [s for label, s in newest.items() if label.endswith(f"/{n}")]


@click.command("combine")
@path_argument
@click.option(
    "--input",
    "inputs",
    multiple=True,
    type=click.Path(),
    help="A shard snapshot (.json from 'measure --json') or a covlift store; repeatable.",
)
@click.option("--no-store", is_flag=True, help="Do not store the combined snapshot.")
@store_option
@json_option
def command(path: str, inputs: tuple[str, ...], no_store: bool, store: str | None, as_json: bool) -> int:
    """Merge the shard snapshots of one split into a whole-suite snapshot."""
    config = config_for(path, store=store)
    db = open_store(config.store_url)
    try:
        shards = [s for item in inputs for s in _read_input(item)] if inputs else _latest_shards(db)
        if not shards:
            raise UsageError("no shard snapshots found; run 'covlift measure --shard K/N' first.")
        snapshot = combine(shards)
        if not no_store:
            snapshot = db.save(snapshot)
    finally:
        db.close()
    if as_json:
        print_json(snapshot_to_dict(snapshot))
    else:
        render_snapshot(snapshot, stdout_console())
    return ExitCode.OK
