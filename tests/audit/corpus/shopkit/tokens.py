import time


def make_token(user_id: int, ttl: float = 3600, now: float | None = None) -> dict[str, float]:
    issued = time.time() if now is None else now
    return {"user": user_id, "issued": issued, "expires": issued + ttl}


def is_expired(token: dict[str, float], now: float | None = None) -> bool:
    return (time.time() if now is None else now) >= token["expires"]


def remaining(token: dict[str, float]) -> float:
    return max(0.0, token["expires"] - time.time())
