"""Numbers said in words, shared by the output of every stage (no rich, so anything may import it)."""

from __future__ import annotations


def count(n: int, word: str, plural: str = "") -> str:
    """``1 file``, ``2 files``, ``1,204 statements``: a number and its noun, agreeing."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"
