"""Stored JSON documents (plan, analysis, gate) -> a tree the templates render generically.

The dashboard does not know each stage's document layout: mappings become
definition lists, lists of mappings become tables (columns are the union of
their keys), other lists become bullet lists.  So a stage can add fields
without touching the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: rows shown per table before "... and N more"
MAX_ROWS = 300
#: nesting depth below which values are shown as compact JSON text
MAX_DEPTH = 4


@dataclass(frozen=True, slots=True)
class Node:
    """One value of a document: kind is scalar, map, table, list or empty."""

    kind: str
    text: str = ""
    items: tuple[tuple[str, Node], ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Node, ...], ...] = ()
    values: tuple[Node, ...] = ()
    more: int = 0


def _scalar(value: Any) -> Node:
    if value is None:
        return Node("scalar", "-")
    if isinstance(value, bool):
        return Node("scalar", "yes" if value else "no")
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
        return Node("scalar", text)
    return Node("scalar", str(value))


def _compact(value: Any) -> str:
    import json

    text = json.dumps(value, separators=(", ", ": "), default=str)
    return text if len(text) <= 200 else text[:197] + "..."


def tree(value: Any, depth: int = 0) -> Node:
    """The render tree of a JSON-like value."""
    if isinstance(value, Mapping):
        if not value:
            return Node("empty")
        if depth >= MAX_DEPTH:
            return Node("scalar", _compact(value))
        return Node("map", items=tuple((str(k), tree(v, depth + 1)) for k, v in value.items()))
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        if not value:
            return Node("empty")
        if depth >= MAX_DEPTH:
            return Node("scalar", _compact(value))
        shown, more = list(value[:MAX_ROWS]), max(0, len(value) - MAX_ROWS)
        if all(isinstance(v, Mapping) for v in shown):
            columns: list[str] = []
            for row in shown:
                columns.extend(str(k) for k in row if str(k) not in columns)
            rows = tuple(
                tuple(tree(row.get(c), depth + 1) if c in row else Node("empty") for c in columns)
                for row in shown
            )
            return Node("table", columns=tuple(columns), rows=rows, more=more)
        if all(not isinstance(v, (Mapping, list, tuple)) for v in shown):
            return Node(
                "scalar",
                ", ".join(_scalar(v).text for v in shown) + (f", ... and {more} more" if more else ""),
            )
        return Node("list", values=tuple(tree(v, depth + 1) for v in shown), more=more)
    return _scalar(value)
