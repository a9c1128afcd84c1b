"""Prices are integers in cents."""

TAX_RATE = 0.2
CODES = {"WELCOME10": 10, "VIP25": 25}


def compute_discount(total: int, code: str | None = None) -> int:
    if total < 0:
        raise ValueError("total must not be negative")
    percent = CODES.get(code or "", 0)
    if total >= 10_000:
        percent += 5
    return total * percent // 100


def apply_tax(amount: int, rate: float = TAX_RATE) -> int:
    return round(amount * (1 + rate))


def parse_price(text: str) -> int:
    text = text.strip().lstrip("$")
    if not text:
        raise ValueError("empty price")
    whole, _, cents = text.partition(".")
    return int(whole) * 100 + int((cents + "00")[:2])


def format_price(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}${cents // 100}.{cents % 100:02d}"
