"""Answers cached by prompt hash, and finished targets as a checkpoint.

Both live under the project's ``.covlift/llm-cache/`` as one JSON file per key,
written atomically, so an interrupted run resumes without paying twice: a
prompt already answered is not sent again, and a target already finished is not
even re-validated.  Only prompts' hashes, answers and usage are stored — never a
key or a request header.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from covlift.fsutil import write_atomic
from covlift.generation.engines.llm.settings import LLMSettings
from covlift.generation.model import Target

CACHE_DIR = ".covlift/llm-cache"


def digest(data: Any) -> str:
    """A stable hash of JSON-able data."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class LLMCache:
    """Responses by prompt hash and finished targets by target hash."""

    def __init__(self, directory: Path, *, enabled: bool = True) -> None:
        self.directory = directory
        self.enabled = enabled

    @classmethod
    def for_project(cls, root: Path, *, enabled: bool = True) -> LLMCache:
        return cls(root / CACHE_DIR, enabled=enabled)

    def _file(self, kind: str, key: str) -> Path:
        return self.directory / kind / key[:2] / f"{key}.json"

    def _read(self, kind: str, key: str) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        path = self._file(kind, key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent or damaged: ask again
        return data if isinstance(data, dict) else None

    def _write(self, kind: str, key: str, data: dict[str, Any]) -> None:
        if self.enabled:
            write_atomic(self._file(kind, key), json.dumps(data, indent=1, sort_keys=True))

    def response(self, key: str) -> dict[str, Any] | None:
        return self._read("responses", key)

    def save_response(self, key: str, data: dict[str, Any]) -> None:
        self._write("responses", key, data)

    def finished(self, key: str) -> dict[str, Any] | None:
        return self._read("checkpoint", key)

    def save_finished(self, key: str, data: dict[str, Any]) -> None:
        self._write("checkpoint", key, data)


def request_key(settings: LLMSettings, payload: dict[str, Any]) -> str:
    """The cache key of a request: provider, model, endpoint and the whole neutral request."""
    s = settings
    return digest({"provider": s.provider, "model": s.model, "base_url": s.base_url, "request": payload})


def target_key(settings: LLMSettings, source_hash: str, target: Target, seed: int) -> str:
    """The checkpoint key of a target: unchanged source, gaps, model and attempts."""
    s = settings
    return digest(
        {
            "provider": s.provider,
            "model": s.model,
            "base_url": s.base_url,
            "max_attempts": s.max_attempts,
            "source": source_hash,
            "path": target.path,
            "name": target.name,
            "lines": list(target.missing_lines),
            "arcs": [list(a) for a in target.missing_arcs],
            "seed": seed,
        }
    )
