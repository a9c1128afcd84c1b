"""Which values one target's search may pass and still expect success."""

from __future__ import annotations

import sys
from pathlib import Path

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_target import _not_plain, selects
from covlift_search_values import Val


def test_a_number_is_the_wrong_type_where_only_functions_and_objects_were_offered() -> None:
    # toolz's suite passes has_varargs mul and map: a produced 0 is no function
    assert _not_plain("f", [Val("mul"), Val("map")])
    assert _not_plain("func", [Val("1"), Val("len")])  # the name says a function
    assert _not_plain("value", [Val("len"), Val("'apple'", tier="wrong-type")])
    # a parameter offered numbers and words takes another number well
    assert not _not_plain("count", [Val("1"), Val("Widget()")])


class Promotion:
    def __init__(self, code: str) -> None:
        self.code = code


def find_promotion(promotions: list[Promotion], code: str) -> Promotion | None:
    return next((p for p in promotions if p.code == code), None)


def promotion_from_code(code: str) -> Promotion:
    return Promotion(code)


def test_a_lookup_among_given_objects_is_no_way_to_build_one() -> None:
    found = find_promotion([Promotion("SPRING10")], "SPRING10")
    assert selects(find_promotion, found)
    assert not selects(promotion_from_code, promotion_from_code("SPRING10"))  # a factory
    assert not selects(find_promotion, "SPRING10")  # a plain value is no object of the project
