"""Back-office endpoints: statistics, exports, housekeeping, build info.

Only mounted when ``ORDERDESK_ENABLE_ADMIN`` is set.
"""

import platform
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from orderdesk import __version__
from orderdesk.api.deps import RepositoryDep, SettingsDep
from orderdesk.core.errors import ValidationFailed
from orderdesk.core.models import OrderStatus
from orderdesk.tools.csv_export import ORDER_COLUMNS, iter_csv_lines, order_rows
from orderdesk.tools.dates import parse_range

router = APIRouter(tags=["admin"])

EXPORT_PAGE_SIZE = 500


@router.get("/stats")
def stats(repository: RepositoryDep, top: Annotated[int, Query(ge=1, le=50)] = 5) -> dict[str, Any]:
    counts = repository.status_counts()
    return {
        "orders": {status.value: count for status, count in counts.items()},
        "open_orders": sum(
            counts[s] for s in (OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.PICKING)
        ),
        "top_products": [{"sku": sku, "units": units} for sku, units in repository.top_products(top)],
        "low_stock": repository.stock_levels(below=5),
    }


@router.get("/sales")
def sales(
    repository: RepositoryDep,
    range_: Annotated[str, Query(alias="range")] = "last_30_days",
    currency: str = "USD",
) -> dict[str, Any]:
    try:
        period = parse_range(range_, datetime.now(timezone.utc).date())
    except ValueError as exc:
        raise ValidationFailed(str(exc), field="range") from exc
    rows = repository.sales_by_day(period.start, period.end, currency=currency.upper())
    total = sum((amount for _, amount in rows), start=0)
    best: tuple[date, Any] | None = max(rows, key=lambda row: row[1], default=None)
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "currency": currency.upper(),
        "total": str(total),
        "days_with_sales": len(rows),
        "best_day": {"date": best[0].isoformat(), "amount": str(best[1])} if best else None,
        "daily": [{"date": day.isoformat(), "amount": str(amount)} for day, amount in rows],
    }


@router.get("/export/orders.csv")
def export_orders(
    repository: RepositoryDep,
    status_filter: Annotated[OrderStatus | None, Query(alias="status")] = None,
) -> StreamingResponse:
    """Stream every order line as CSV, one page of orders at a time."""

    def all_orders():  # type: ignore[no-untyped-def]
        offset = 0
        while True:
            batch = repository.list_orders(status=status_filter, limit=EXPORT_PAGE_SIZE, offset=offset)
            yield from batch
            if len(batch) < EXPORT_PAGE_SIZE:
                return
            offset += EXPORT_PAGE_SIZE

    filename = f"orders-{datetime.now(timezone.utc):%Y%m%d}.csv"
    return StreamingResponse(
        iter_csv_lines(order_rows(all_orders()), ORDER_COLUMNS),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/purge")
def purge(
    repository: RepositoryDep,
    older_than_days: Annotated[int, Query(ge=30)] = 365,
) -> dict[str, int]:
    cutoff = datetime.now(timezone.utc) - timedelta(days=older_than_days)
    removed = {
        status.value: repository.purge_orders(status, cutoff)
        for status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED)
    }
    return removed


def git_revision(cwd: Path | None = None) -> str | None:
    """Short commit hash of the deployed checkout, if it is a git checkout."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=cwd or Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    revision = result.stdout.strip()
    return revision if result.returncode == 0 and revision else None


@router.get("/build-info")
def build_info(settings: SettingsDep) -> dict[str, Any]:
    return {
        "version": __version__,
        "revision": git_revision(),
        "python": sys.version.split()[0],
        "platform": platform.platform(terse=True),
        "environment": settings.environment,
        "database": Path(settings.database_path).name,
    }
