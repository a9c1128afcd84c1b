"""Python string literals written the way formatters write them."""

from __future__ import annotations


def string_literal(value: str) -> str:
    """repr() with double quotes where that needs no extra escaping."""
    text = repr(value)
    if text.startswith("'") and '"' not in text[1:-1]:
        return '"' + text[1:-1].replace("\\'", "'") + '"'
    return text
