SENT: list[dict[str, str]] = []


def send_email(to: str, subject: str, body: str) -> bool:
    if "@" not in to:
        raise ValueError(f"bad address {to!r}")
    SENT.append({"to": to, "subject": subject, "body": body})
    return True


def render_receipt(order_id: str, total: int) -> str:
    return f"Order {order_id}: total {total / 100:.2f}"
