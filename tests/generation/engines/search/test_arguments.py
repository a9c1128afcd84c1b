"""What a case's call gives, in the words of a test name: options given, defaults left."""

from __future__ import annotations

import ast

from covlift.generation.engines.search.arguments import (
    argument_kinds,
    emptied,
    input_words,
    left_at_default,
    looked_up,
    optional_given,
    read_by_the_callee,
    setup_keywords,
    starred_count,
)
from covlift.generation.render.behaviour import SourceFacts

SOURCE = """
from dataclasses import dataclass


@dataclass
class Promotion:
    code: str
    description: str = ""


@dataclass
class PercentOff(Promotion):
    percent: int
    max_discount: int | None = None


def chunk_ranges(input_offset, input_size, chunk_size, overlap_size=0, *, align=False):
    return []
"""


def test_an_object_is_said_to_be_built_with_the_options_it_was_given_not_its_required_fields() -> None:
    facts = SourceFacts(SOURCE)
    setup = "percent_off = PercentOff(code='SPRING10', percent=10, description='Spring sale')"
    # `description` comes from the base class; `code` and `percent` are given to every PercentOff
    assert setup_keywords(setup, facts) == "built_with_description"
    assert setup_keywords("percent_off = PercentOff(code='SPRING10', percent=10)", facts) is None


def test_the_options_a_call_gives_and_those_it_leaves_at_their_defaults() -> None:
    facts = SourceFacts(SOURCE)
    call = "list(chunk_ranges(2, 15, 5, 1))"
    assert optional_given(call, facts, "chunk_ranges") == "with_overlap_size"
    # a switch turned off is said so
    assert optional_given("naturaldelta(delta, months=False)", None, "naturaldelta") == "without_months"
    off = "list(chunk_ranges(2, 15, 5, 1, align=False))"
    assert optional_given(off, facts, "chunk_ranges") == "with_overlap_size_and_without_align"
    assert left_at_default(call, facts, "chunk_ranges") == {"align"}
    # **options passed: which ones is not known
    assert left_at_default("chunk_ranges(2, 15, 5, **extra)", facts, "chunk_ranges") is None


def test_what_a_call_was_given_nothing_of_is_said_as_its_parameter() -> None:
    facts = SourceFacts(SOURCE + "\n\ndef average_daily_sales(daily_units, *, window=28):\n    return 0.0\n")
    assert emptied("average_daily_sales([])", facts, "average_daily_sales") == "without_daily_units"
    assert emptied('natural_list("")', None, "natural_list") is None  # no parameter names known
    assert emptied('slug(title="")', None, "slug") == "for_empty_title"
    assert emptied("average_daily_sales([1, 2])", facts, "average_daily_sales") is None


def test_a_lookup_given_one_key_is_said_to_miss_an_unknown_one() -> None:
    facts = SourceFacts(SOURCE + "\n\ndef find_promotion(promotions, code):\n    return None\n")
    assert looked_up('obj.reservation_for_order(order_id="order-1")', None, "x") == "for_an_unknown_order_id"
    assert looked_up('find_promotion([Promotion("SPRING10")], "AUTO")', facts, "find_promotion") == (
        "for_an_unknown_code"
    )
    assert looked_up("days_of_cover(30, 0)", None, "days_of_cover") is None  # no key given
    nested = SourceFacts("def get_in(keys, coll, default=None):\n    return default\n")
    assert looked_up('get_in(["purchase", "total"], order)', nested, "get_in") == "for_missing_keys"


def test_a_condition_on_a_parameter_only_the_private_callee_has_is_not_the_public_calls() -> None:
    facts = SourceFacts(
        """
class Gateway:
    def _send(self, path, *, key=None):
        if key is not None:
            return 1
        return 0

    def authorize(self, order_id, card_token):
        return self._send("/v1", key=order_id)

    def cancel(self, path):
        return self._send(path)
"""
    )
    test = ast.parse("key is not None", mode="eval").body
    assert read_by_the_callee(test, facts, "Gateway._send", "Gateway.authorize")
    on_path = ast.parse("path == '/v1'", mode="eval").body
    assert not read_by_the_callee(on_path, facts, "Gateway._send", "Gateway.cancel")
    assert not read_by_the_callee(test, facts, "Gateway._send", "")


def test_the_values_a_call_gives_a_starred_parameter_are_counted_in_words() -> None:
    facts = SourceFacts("def dissoc(d, *keys, **kwargs):\n    return d\n")
    assert starred_count('dissoc({"x": 1}, "a", "b", "c")', facts, "dissoc") == "with_three_keys"
    assert starred_count('dissoc({"x": 1}, "a")', facts, "dissoc") is None  # one key is the usual


def test_an_inherited_method_is_read_from_the_base_class_that_defines_it() -> None:
    facts = SourceFacts(
        "class Field:\n    def deserialize(self, value, attr=None):\n        return value\n\n\n"
        "class Boolean(Field):\n    pass\n"
    )
    assert facts.inherited("Boolean.deserialize") is facts.functions["Field.deserialize"]
    assert argument_kinds("obj.deserialize([1])", facts, "Boolean.deserialize") == "for_list_value"


def test_an_empty_argument_of_a_one_letter_parameter_is_said_by_what_it_is() -> None:
    facts = SourceFacts("def update_in(d, keys, func, default=None):\n    return d\n")
    assert input_words('update_in({}, ["a"], inc)', facts, "update_in") == "for_an_empty_mapping"
    assert input_words("update_in(d={}, keys=[], func=inc)", facts, "update_in") == (
        "for_an_empty_mapping_and_empty_keys"
    )


def test_the_kind_of_a_value_given_a_one_letter_parameter_is_said_alone() -> None:
    facts = SourceFacts("def dissoc(d, *keys):\n    return d\n")
    assert argument_kinds('dissoc({"a": 1}, "b")', facts, "dissoc") == "for_a_mapping"
