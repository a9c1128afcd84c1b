from datetime import date

from shopkit.clock import today
from shopkit.pricing import format_price


def daily_report(totals: list[int], day: date | None = None) -> dict[str, object]:
    day = day or today()
    return {"day": day, "count": len(totals), "revenue": sum(totals),
            "title": f"Sales {day.isoformat()}"}


def format_report(report: dict[str, object]) -> str:
    return f"{report['title']}: {report['count']} orders, {format_price(int(report['revenue']))}"  # type: ignore[call-overload]
