"""Compact text for line and arc sets, the way coverage.py's report prints them."""

from __future__ import annotations

from collections.abc import Iterable

from covlift.types import Arc, LineNo


def format_lines(lines: Iterable[LineNo]) -> str:
    """``[1, 2, 3, 7, 9, 10]`` -> ``"1-3, 7, 9-10"``."""
    ordered = sorted(set(lines))
    spans: list[str] = []
    start = prev = None
    for line in ordered:
        if prev is not None and line == prev + 1:
            prev = line
            continue
        if start is not None:
            spans.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = line
    if start is not None:
        spans.append(str(start) if start == prev else f"{start}-{prev}")
    return ", ".join(spans)


def format_arcs(arcs: Iterable[Arc]) -> str:
    """``[(4, 6), (9, -1)]`` -> ``"4->6, 9->exit"``."""
    return ", ".join(f"{a}->{b if b > 0 else 'exit'}" for a, b in sorted(set(arcs)))


def shorten(text: str, limit: int) -> str:
    """Cut long range lists for tables; full lists stay in JSON."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(", ", 1)[0] + ", …"
