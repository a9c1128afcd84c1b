"""Exception messages as the words of a test's name."""

from __future__ import annotations

from covlift.generation.render.naming import MAX_NAME, message_phrase, shortened, snake, value_phrase


def test_a_messages_text_is_named_without_the_quotes_a_key_error_puts_around_it() -> None:
    assert message_phrase("'missing field age'") == "missing_field_age"


def test_a_message_made_of_field_errors_is_named_by_its_first_field_and_text() -> None:
    assert message_phrase("{'name': ['Not a valid string.']}") == "name_not_a_valid_string"
    # a private key (`_schema`) says nothing; a key the text repeats is said once
    assert message_phrase("{'_schema': ['Invalid input type.']}") == "invalid_input_type"
    assert message_phrase("{0: {'unknown': ['Unknown field.']}}") == "unknown_field"


def test_a_short_class_name_with_a_last_capital_is_one_word() -> None:
    assert snake("AoT") == "aot"
    assert snake("AoT.insert") == "aot_insert"
    assert snake("getX") == "get_x"
    assert snake("NaiveDateTime") == "naive_date_time"


def test_a_capital_or_an_acronym_before_a_word_is_a_word_of_its_own() -> None:
    assert snake("BuyXGetY") == "buy_x_get_y"
    assert snake("HTTPClient") == "http_client"
    assert snake("IPv4Address") == "ipv4_address"


def test_a_name_cut_to_length_does_not_end_on_a_word_that_joins_two() -> None:
    name = "test_map_error_message_when_status_equals_429_or_" + "conflicting" * 3
    cut = shortened(name)
    assert len(cut) <= MAX_NAME and cut == "test_map_error_message_when_status_equals_429", cut


def test_a_name_cut_inside_its_last_clause_loses_the_whole_clause() -> None:
    name = "test_bucketize_groups_values_in_src_iterable_by_value_when_key_filter_is_given_twice"
    assert shortened(name) == "test_bucketize_groups_values_in_src_iterable_by_value"


def test_a_message_of_several_sentences_is_named_by_its_first() -> None:
    message = (
        "Invalid format. Must be either a valid formatting string, or a function that accepts value "
        "and returns a string."
    )
    assert message_phrase(message) == "invalid_format"
    assert (
        message_phrase("Expected 1.5 to be an int.") == "expected_to_be_an_int"
    )  # a decimal point ends nothing


def test_a_name_the_code_quotes_is_said_and_an_objects_repr_is_not() -> None:
    assert message_phrase('"exclude" should be a list of strings') == "exclude_should_be_list_of_strings"
    # the value the test passed is no word of the name, quoted or not
    assert (
        message_phrase("Minimum unit 'months' not supported", frozenset({"months"}))
        == "minimum_unit_not_supported"
    )
    message = "Invalid fields for <Schema(many=False)>: OrderedSet(['name', 'age'])."
    assert message_phrase(message) == "invalid_fields"
    # Python's own error for a keyword no parameter takes: what the call refused
    message = "merge_with() got an unexpected keyword argument 'unexpected'"
    assert message_phrase(message) == "rejects_an_unknown_keyword"


def test_a_message_that_starts_with_the_value_passed_says_what_was_refused() -> None:
    assert message_phrase("1 is not in list", frozenset({"1"})) == "rejects_a_value_that_is_not_in_list"
    assert message_phrase("Not a valid date.") == "not_a_valid_date"


def test_a_bound_the_message_states_stays_in_the_name_even_where_the_test_passed_that_number() -> None:
    assert message_phrase("buy and get must be at least 1", frozenset({"1", "0"})) == (
        "buy_and_get_must_be_at_least_one"
    )
    # what the test passed is still cut, and the "got" that led to it
    assert message_phrase("size must be at least 2, got 1", frozenset({"1"})) == "size_must_be_at_least_two"


def test_a_long_name_drops_how_many_objects_of_which_kind_before_its_condition() -> None:
    long = "test_promotion_engine_apply_returns_one_discount_result_when_coupon_code_given_and_valid"
    assert shortened(long) == "test_promotion_engine_apply_when_coupon_code_given_and_valid"


def test_a_one_character_answer_is_said_by_its_name() -> None:
    # tomlkit: `SingleKey(k="server", t=KeyType.Literal).delimiter == "'"` was test_single_key_delimiter
    assert value_phrase('"\'"') == "is_a_single_quote"
    assert value_phrase("','") == "is_a_comma"
    assert value_phrase("'\\n'") == "is_a_newline"
    assert value_phrase("'ab'") is None
