"""Date ranges for reports and business-day arithmetic for delivery estimates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

_RANGE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
_LAST_N_RE = re.compile(r"^last_(\d{1,3})_days$")


@dataclass(frozen=True)
class DateRange:
    """Inclusive range of calendar days."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"range ends ({self.end}) before it starts ({self.start})")

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        return isinstance(day, date) and self.start <= day <= self.end

    def __len__(self) -> int:
        return (self.end - self.start).days + 1

    def days(self) -> Iterator[date]:
        current = self.start
        while current <= self.end:
            yield current
            current += timedelta(days=1)

    def overlaps(self, other: DateRange) -> bool:
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: DateRange) -> DateRange | None:
        if not self.overlaps(other):
            return None
        return DateRange(max(self.start, other.start), min(self.end, other.end))

    def previous(self) -> DateRange:
        """The range of equal length immediately before this one."""
        length = timedelta(days=len(self))
        return DateRange(self.start - length, self.end - length)

    def as_datetimes(self) -> tuple[datetime, datetime]:
        """Half-open UTC ``[start, end)`` bounds for database queries."""
        start = datetime.combine(self.start, datetime.min.time(), tzinfo=timezone.utc)
        end = datetime.combine(self.end + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc)
        return start, end


def month_bounds(day: date) -> DateRange:
    first = day.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    return DateRange(first, next_month - timedelta(days=1))


def week_bounds(day: date) -> DateRange:
    """Monday-to-Sunday week containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    return DateRange(monday, monday + timedelta(days=6))


def parse_range(text: str, today: date) -> DateRange:
    """Parse report ranges such as ``today``, ``last_7_days``, ``this_month``,
    ``last_month`` or ``2024-01-01..2024-01-31``."""
    text = text.strip().lower()
    if text == "today":
        return DateRange(today, today)
    if text == "yesterday":
        yesterday = today - timedelta(days=1)
        return DateRange(yesterday, yesterday)
    if text == "this_week":
        return week_bounds(today)
    if text == "this_month":
        return month_bounds(today)
    if text == "last_month":
        return month_bounds(today.replace(day=1) - timedelta(days=1))
    if text == "year_to_date":
        return DateRange(today.replace(month=1, day=1), today)
    match = _LAST_N_RE.match(text)
    if match:
        count = int(match.group(1))
        if count < 1:
            raise ValueError("last_N_days needs N >= 1")
        return DateRange(today - timedelta(days=count - 1), today)
    match = _RANGE_RE.match(text)
    if match:
        return DateRange(date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2)))
    raise ValueError(f"unrecognised date range {text!r}")


def is_business_day(day: date, holidays: Iterable[date] = ()) -> bool:
    return day.weekday() < 5 and day not in set(holidays)


def add_business_days(start: date, days: int, holidays: Iterable[date] = ()) -> date:
    """Move ``days`` business days forward (or back, if negative)."""
    holiday_set = set(holidays)
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    current = start
    while remaining:
        current += timedelta(days=step)
        if is_business_day(current, holiday_set):
            remaining -= 1
    return current


def business_days_between(start: date, end: date, holidays: Iterable[date] = ()) -> int:
    """Business days in the half-open interval ``(start, end]``."""
    if end < start:
        return -business_days_between(end, start, holidays)
    holiday_set = set(holidays)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_business_day(current, holiday_set):
            count += 1
    return count


def parse_timestamp(value: str) -> datetime:
    """Parse ISO-8601 timestamps, accepting a trailing ``Z``; naive values are UTC."""
    value = value.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def humanize_delta(delta: timedelta) -> str:
    """``timedelta(hours=26)`` -> ``"1 day 2 hours"`` (largest two units)."""
    seconds = int(abs(delta.total_seconds()))
    if seconds < 60:
        return "just now" if seconds < 5 else f"{seconds} seconds"
    units = (("day", 86400), ("hour", 3600), ("minute", 60))
    parts: list[str] = []
    for name, size in units:
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount} {name}{'' if amount == 1 else 's'}")
        if len(parts) == 2:
            break
    text = " ".join(parts)
    return f"in {text}" if delta.total_seconds() < 0 else text
