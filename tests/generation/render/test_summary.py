"""A function's docstring summary as the words of a test name."""

from __future__ import annotations

import ast

import pytest

from covlift.generation.render.summary import summary_phrase, third_person, truth_condition


def _phrase(doc: str) -> str | None:
    fn = ast.parse(f"def f(d):\n    {doc!r}\n    return d\n").body[0]
    assert isinstance(fn, ast.FunctionDef)
    return summary_phrase(fn)


@pytest.mark.parametrize(
    ("doc", "phrase"),
    [
        (
            "Apply function to values of dictionary\n\n>>> valmap(sum, {})",
            "applies_function_to_values_of_dictionary",
        ),
        ("Return a new dict with the given key(s) removed.", "returns_a_new_dict_with_the_given_key_removed"),
        (
            "Merge dictionaries and apply function to combined values",
            "merges_dictionaries_and_applies_function_to_combined_values",
        ),
        ("Returns the first element.", "returns_the_first_element"),
        (
            "Return a new dict with new, potentially nested, key value pair and more words",
            "returns_a_new_dict",
        ),
        # a summary that names the result: the noun phrase it opens with
        ("The next tier up and how much more spend it needs; None at the top.", "returns_the_next_tier_up"),
        ("Gross amount for a tax-exclusive ``net`` price.", "returns_the_gross_amount"),
        ("Plain-text pick list for the warehouse printer.", "returns_the_plain_text_pick_list"),
        (  # reStructuredText emphasis, the function's own name before its verb
            "Returns a list of *count* chunks, each with *size* elements.",
            "returns_a_list_of_count_chunks_each_with_size_elements",
        ),
        (
            "``f()`` returns a collapsed list of all the elements.",
            "returns_a_collapsed_list_of_all_the_elements",
        ),
        (  # an example in parentheses ends no sentence
            "Format a number of bytes like a filesize (e.g. 10 kB).\n\nBy default, ...",
            "formats_a_number_of_bytes_like_a_filesize",
        ),
        (  # an aside after a comma ends the phrase
            "Splits an iterable based on a separator, *sep*, a max of *maxsplit* times.",
            "splits_an_iterable_based_on_a_separator",
        ),
        (
            "``f()`` returns a list of unique values, as determined by *key*.",
            "returns_a_list_of_unique_values",
        ),
        (  # cut before "by ...": the participle it leaves dangling goes too
            "Deserialize a data structure to an object defined by this Schema's fields.",
            "deserializes_a_data_structure_to_an_object",
        ),
    ],
)
def test_a_summary_that_starts_with_a_verb_becomes_a_phrase(doc: str, phrase: str) -> None:
    assert _phrase(doc) == phrase


@pytest.mark.parametrize(
    "doc",
    [
        *("The sum of it.", "Deprecated", "See :func:`other` for `x`.", "Return.", "Book incoming goods."),
        "The remap function is used to traverse nested structures.",  # what it is, not what it returns
    ],
)
def test_other_summaries_say_nothing(doc: str) -> None:
    assert _phrase(doc) is None


def test_verbs_in_the_third_person() -> None:
    assert [third_person(v) for v in ("apply", "merge", "match", "pass", "play")] == [
        "applies",
        "merges",
        "matches",
        "passes",
        "plays",
    ]


def test_when_a_function_answers_yes_is_read_from_a_returns_true_docstring() -> None:
    def condition(doc: str) -> str | None:
        fn = ast.parse(f'def f(x):\n    """{doc}"""\n').body[0]
        assert isinstance(fn, ast.FunctionDef)
        return truth_condition(fn)

    assert condition("Return True if the object is a collection.") == "object_is_collection"
    # a long condition is cut before the phrase that would not fit
    assert condition("Returns ``True`` when all values in *iterable* are equal to one another.") == (
        "all_values_in_iterable_are_equal"
    )
    assert condition("Check whether func has keyword arguments.") is None
    # a docstring that opens with the function's own name
    assert condition("``f()`` returns ``True`` when the value is known.") == "value_is_known"


def test_a_first_word_before_an_article_or_a_parameter_is_the_imperative_verb() -> None:
    # orderdesk's redeem: "Spend ``points`` and return their cash value" (was test_redeem_returns_a_money)
    def said(signature: str, doc: str) -> str | None:
        fn = ast.parse(f'def {signature}:\n    """{doc}"""\n').body[0]
        assert isinstance(fn, ast.FunctionDef)
        return summary_phrase(fn)

    assert said("redeem(self, points, at)", "Spend ``points`` and return their cash value.") == (
        "spends_points_and_returns_their_cash_value"
    )
    assert said("tidy(text)", "Tidy the text.") == "tidies_the_text"
    # a noun phrase, a question or a past participle is no verb
    assert said("is_set(flag)", "Whether the flag is set.") is None
    assert said("extract(gross, rate)", "Tax contained in a ``gross`` amount.") is None


def test_a_sentence_that_names_the_function_before_its_verb_is_read_from_there() -> None:
    # boltons' one(): "Along the same lines as builtins, :func:`all` and :func:`any`, ... ``one()``
    # returns the single object in the given iterable *src* that evaluates to ``True``" (was test_one)
    doc = (
        "Along the same lines as builtins, :func:`all` and :func:`any`, and\n    similar to :func:`first`, "
        "``one()`` returns the single object in\n    the given iterable *src* that evaluates to ``True``."
    )
    fn = ast.parse(f'def one(src, default=None, key=None):\n    """{doc}"""\n').body[0]
    assert isinstance(fn, ast.FunctionDef)
    assert summary_phrase(fn) == "returns_the_single_object_in_the_given_iterable"
    # a parameter after a preposition is what the phrase is about: it stays
    fn = ast.parse('def apply(promotions, order):\n    """Choose the discounts for order."""\n').body[0]
    assert isinstance(fn, ast.FunctionDef)
    assert summary_phrase(fn) == "chooses_the_discounts_for_order"
