import random


def pick_winners(entries: list[str], k: int, rng: random.Random | None = None) -> list[str]:
    rng = rng or random.Random()
    return sorted(rng.sample(entries, k))


def shuffle_deck(cards: list[str], rng: random.Random | None = None) -> list[str]:
    deck = list(cards)
    (rng or random).shuffle(deck)
    return deck


def coupon_code(rng: random.Random | None = None, length: int = 8) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    source = rng or random
    return "".join(source.choice(alphabet) for _ in range(length))
