"""Neighbours the search's later passes try: a moved value stays the kind of value it was."""

from __future__ import annotations

import ast
import decimal
import random
import sys
from pathlib import Path

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_literals import Literals
from covlift_search_mutate import Mutator
from covlift_search_values import Val


def _amounts(code: str) -> set[str]:
    mutator = Mutator(Literals(""), random.Random(7), lambda: [])
    moved = set()
    for _ in range(60):
        call = ast.parse(mutator.wild(Val(code)).code, mode="eval").body
        assert isinstance(call, ast.Call) and isinstance(call.args[0], ast.Constant)
        moved.add(call.args[0].value)
    return moved


def test_a_decimal_amount_moves_to_another_amount_with_its_places_never_a_cut_text() -> None:
    moved = _amounts('Decimal("100.00")')
    assert moved == {"0.00", "-100.00", "200.00", "10.00", "101.00"}
    for text in moved:  # every one an amount a shop writes: two places, no ".00"
        assert decimal.Decimal(text).as_tuple().exponent == -2 and text[0] in "-0123456789"
    assert _amounts('Decimal("10")') == {"0", "-10", "20", "1", "11"}
