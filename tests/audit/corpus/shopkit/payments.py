class PaymentDeclined(Exception):
    pass


_LEDGER: list[tuple[str, int]] = []


def charge_card(card: str, amount: int) -> str:
    if amount <= 0:
        raise ValueError("amount must be positive")
    if card.endswith("0000"):
        raise PaymentDeclined(card[-4:])
    _LEDGER.append((card[-4:], amount))
    return f"ch_{len(_LEDGER):06d}"


def refund(charge_id: str, amount: int) -> str:
    if not charge_id.startswith("ch_"):
        raise ValueError("unknown charge")
    _LEDGER.append((charge_id, -amount))
    return "re_" + charge_id[3:]


def ledger_balance() -> int:
    return sum(amount for _, amount in _LEDGER)
