"""SQLite persistence (stdlib ``sqlite3``, no ORM)."""

from orderdesk.storage.repository import Repository
from orderdesk.storage.schema import connect, migrate

__all__ = ["Repository", "connect", "migrate"]
