"""Open the store for commands that only read it: never create an empty SQLite file."""

from __future__ import annotations

from pathlib import Path

from covlift.config import Config
from covlift.errors import UsageError
from covlift.store import Store, open_store


def open_existing_store(config: Config) -> Store:
    """The project's store; a missing SQLite file is a usage error, not a new database."""
    url = config.store_url
    if url != ":memory:" and "://" not in url and not Path(url).exists():
        raise UsageError(f"there is no store at {url}; run 'covlift measure' first or pass --store.")
    return open_store(url)
