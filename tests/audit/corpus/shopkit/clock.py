from datetime import date, datetime


def today() -> date:
    return date.today()


def now() -> datetime:
    return datetime.now()


def is_business_hours(moment: datetime) -> bool:
    return moment.weekday() < 5 and 9 <= moment.hour < 17
