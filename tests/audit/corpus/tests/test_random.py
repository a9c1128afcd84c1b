# ruff: noqa
# mypy: ignore-errors
import random
import unittest
from random import randint

import pytest

from shopkit.cart import Cart
from shopkit.pricing import CODES, compute_discount, format_price, parse_price
from shopkit.sampling import coupon_code, pick_winners, shuffle_deck

ENTRIES = ["ann", "ben", "cat", "dan", "eve"]


# expect: unseeded-random
def test_pick_two_winners():
    winners = pick_winners(ENTRIES, 2, random.Random())
    assert len(winners) == 2
    assert set(winners) <= set(ENTRIES)


# expect: unseeded-random
def test_shuffled_cart_total_is_stable():
    skus = ["A", "B", "C", "D"]
    random.shuffle(skus)
    basket = Cart()
    for sku in skus:
        basket.add(sku, 100)
    assert basket.total() == 400


# expect: unseeded-random
def test_random_quantity():
    qty = random.randint(1, 5)
    basket = Cart()
    basket.add("A", 100, qty)
    assert len(basket) == qty


# expect: unseeded-random
def test_any_code_gives_discount():
    code = random.choice(list(CODES))
    assert compute_discount(1000, code) > 0


# expect: unseeded-random
def test_format_random_price():
    cents = int(random.random() * 10_000)
    assert parse_price(format_price(cents)) == cents


# expect: unseeded-random
def test_coupon_code_with_fresh_generator():
    code = coupon_code(random.Random())
    assert len(code) == 8
    assert code.isupper() or code.isdigit() or code.isalnum()


# expect: unseeded-random
def test_sampled_entries_are_known():
    sample = random.sample(ENTRIES, 3)
    assert all(pick in ENTRIES for pick in pick_winners(sample, 3, random.Random(1)))


# expect: unseeded-random
def test_uniform_price_rounds():
    amount = round(random.uniform(1, 100), 2)
    assert parse_price(f"{amount:.2f}") == round(amount * 100)


# expect: unseeded-random
def test_system_random_winner():
    winner = pick_winners(ENTRIES, 1, random.SystemRandom())[0]
    assert winner in ENTRIES


# expect: unseeded-random
def test_randint_imported_directly():
    price = randint(100, 999)
    assert format_price(price).startswith("$")


class TestDeck(unittest.TestCase):
    # expect: unseeded-random
    def test_choice_in_deck(self):
        deck = shuffle_deck(["A", "K", "Q"])
        self.assertIn(random.choice(deck), {"A", "K", "Q"})

    # expect: clean
    def test_deck_keeps_cards(self):
        deck = shuffle_deck(["A", "K", "Q"], random.Random(11))
        self.assertEqual(sorted(deck), ["A", "K", "Q"])


# expect: clean
def test_pick_two_winners_seeded():
    winners = pick_winners(ENTRIES, 2, random.Random(42))
    assert winners == pick_winners(ENTRIES, 2, random.Random(42))


# expect: clean
def test_seeded_global_shuffle():
    random.seed(1234)
    skus = ["A", "B", "C"]
    random.shuffle(skus)
    basket = Cart()
    for sku in skus:
        basket.add(sku, 10)
    assert basket.total() == 30


# expect: clean
def test_coupon_code_seeded_generator():
    rng = random.Random(2024)
    assert coupon_code(rng) == coupon_code(random.Random(2024))


# expect: clean
def test_fixed_quantity():
    basket = Cart()
    basket.add("A", 100, 3)
    assert len(basket) == 3


# expect: clean
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_winners_for_seed(seed):
    winners = pick_winners(ENTRIES, 3, random.Random(seed))
    assert len(set(winners)) == 3


# expect: clean
def test_shuffle_deck_keeps_all_cards():
    deck = shuffle_deck(["A", "K", "Q", "J"])
    assert sorted(deck) == ["A", "J", "K", "Q"]


# expect: clean
def test_random_named_but_fixed():
    random_looking = ["Q", "A", "K"]
    assert shuffle_deck(random_looking, random.Random(0)) != []


# expect: clean
def test_every_code_listed():
    assert sorted(CODES) == ["VIP25", "WELCOME10"]
    assert compute_discount(1000, "VIP25") == 250


# expect: clean
def test_seeded_instance_reused():
    rng = random.Random(99)
    first = pick_winners(ENTRIES, 1, rng)
    second = pick_winners(ENTRIES, 1, rng)
    assert len(first) == len(second) == 1
