"""CSV export for spreadsheets and the accounting hand-off.

Values are formatted so that spreadsheet applications do not mangle them:
decimals keep their trailing zeros, datetimes are ISO-8601 in UTC, and cells
that start with ``=``, ``+``, ``-`` or ``@`` are prefixed with a quote to
defuse formula injection.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def format_cell(value: Any) -> str:
    """Render one value as CSV cell text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(format_cell(item) for item in value)
    text = str(value)
    if text.startswith(_FORMULA_PREFIXES) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def iter_csv_lines(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """Yield CSV text line by line (header first); handy for streaming responses."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        unknown = set(row) - set(columns)
        if unknown:
            raise KeyError(f"unexpected columns: {sorted(unknown)}")
        writer.writerow([format_cell(row.get(column)) for column in columns])
        yield buffer.getvalue()


def rows_to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    return "".join(iter_csv_lines(rows, columns))


def write_csv_atomic(path: str | Path, rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> int:
    """Write rows to ``path`` via a temporary file, so readers never see half a file.

    Returns the number of data rows written.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    count = -1
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for line in iter_csv_lines(rows, columns):
                handle.write(line)
                count += 1
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return count


def order_rows(orders: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Flatten orders into one row per line item for accounting."""
    for order in orders:
        for line in order.lines:
            yield {
                "order_id": order.id,
                "created_at": order.created_at,
                "status": order.status,
                "customer_id": order.customer_id,
                "currency": order.currency,
                "sku": line.sku,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "line_total": line.unit_price * line.quantity,
            }


ORDER_COLUMNS = (
    "order_id",
    "created_at",
    "status",
    "customer_id",
    "currency",
    "sku",
    "quantity",
    "unit_price",
    "line_total",
)
