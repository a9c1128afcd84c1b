"""Which values one target's search may pass and still expect success."""

from __future__ import annotations

import sys
from pathlib import Path

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_target import (
    TargetSearch,
    _not_plain,
    _of_an_offered_kind,
    _typical_of,
    _words_of,
    selects,
)
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


class PercentOff(Promotion):
    pass


def find_promotion(promotions: list[Promotion], code: str) -> Promotion | None:
    return next((p for p in promotions if p.code == code), None)


def promotion_from_code(code: str) -> Promotion:
    return Promotion(code)


def test_a_lookup_among_given_objects_is_no_way_to_build_one() -> None:
    found = find_promotion([Promotion("SPRING10")], "SPRING10")
    assert selects(find_promotion, found)
    assert not selects(promotion_from_code, promotion_from_code("SPRING10"))  # a factory
    assert not selects(find_promotion, "SPRING10")  # a plain value is no object of the project
    # a subclass's object picked out of a list of the base class is picked, not built
    assert selects(find_promotion, find_promotion([PercentOff("SPRING10")], "SPRING10"))


def test_a_plainer_value_is_one_of_the_first_its_parameter_takes() -> None:
    # `dt` takes datetimes (they need an import); the 1 further down the pool is no plainer one
    moments = [Val("datetime.datetime(2024, 1, 1)", frozenset({("datetime", "")})), Val("1")]
    typical = _typical_of({"dt": moments, "count": [Val("None"), Val("2"), Val("3")]}, ["dt"], [])
    assert typical(0, None) == []
    assert typical(None, "count") == ["2", "3"]


def test_a_list_of_words_is_offered_as_one_word_the_text_says() -> None:
    assert _words_of(["Quarterly report"], ("foo",)) == ['("report",)', '("Quarterly",)']
    assert _words_of(["C'est déjà l'été."], ["foo"]) == ['["été"]', '["déjà"]']
    assert _words_of(["Quarterly report"], False) == []  # a switch: no words to offer


def test_a_returned_text_is_no_value_for_a_parameter_offered_datetimes() -> None:
    moments = [Val("datetime.datetime(2024, 1, 1)", frozenset({("datetime", "")}))]
    assert not _of_an_offered_kind(Val('"DTSTART:19970902T090000"'), moments)
    assert _of_an_offered_kind(Val('"2024-01-01"'), [Val('"1997-09-02"'), *moments])
    assert _of_an_offered_kind(Val("3"), [Val("2.5")])  # a whole number where numbers are


def test_a_word_recombined_at_random_is_found_in_a_case_s_code() -> None:
    # marshmallow: `Schema(unknown="incl(ude`").validate(...) == {}` was kept as a passing test
    from types import SimpleNamespace

    search = SimpleNamespace(pools=SimpleNamespace(garbled={"'incl(ude`'"}))
    assert TargetSearch._garbled_in(search, ['Schema(unknown="incl(ude`")', "obj.validate({})"])  # type: ignore[arg-type]
    assert not TargetSearch._garbled_in(search, ['Schema(unknown="include")', "obj.validate({})"])  # type: ignore[arg-type]
