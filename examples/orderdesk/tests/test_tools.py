from datetime import date

import pytest

from orderdesk.tools.dates import is_business_day
from orderdesk.tools.pagination import (
    InvalidCursor,
    decode_cursor,
    encode_cursor,
    offset_for,
    paginate,
)
from orderdesk.tools.slugify import slugify, unique_slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Crème Brûlée & Tea", "creme-brulee-and-tea"),
        ("  Straße   Nº 5!! ", "strasse-no-5"),
        ("---", ""),
    ],
)
def test_slugify(text, expected):
    assert slugify(text) == expected


def test_slugify_cuts_on_a_word_boundary():
    assert slugify("organic cotton tote bag", max_length=16) == "organic-cotton"


def test_unique_slug_appends_a_counter():
    assert unique_slug("Mug", set()) == "mug"
    assert unique_slug("Mug", {"mug", "mug-2"}) == "mug-3"
    assert unique_slug("!!!", set()) == "item"


def test_paginate_slices_and_reports_neighbours():
    page = paginate(list(range(45)), page=3, per_page=20)
    assert page.items == list(range(40, 45))
    assert (page.pages, page.has_next, page.has_prev) == (3, False, True)


def test_per_page_is_clamped_and_pages_start_at_one():
    assert offset_for(2, 500) == 100
    with pytest.raises(ValueError):
        offset_for(0, 20)


def test_cursor_round_trip():
    position = {"created_at": "2024-05-01T10:00:00+00:00", "id": "OD-01"}
    cursor = encode_cursor(position)
    assert "=" not in cursor
    assert decode_cursor(cursor) == position


@pytest.mark.parametrize("cursor", ["not base64 !!", encode_cursor({"a": 1})[:-3] + "$", "WzEsMl0"])
def test_decode_cursor_rejects_garbage(cursor):
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor)


def test_weekends_and_holidays_are_not_business_days():
    assert is_business_day(date(2024, 7, 5))  # a Friday
    assert not is_business_day(date(2024, 7, 6))  # Saturday
    assert not is_business_day(date(2024, 7, 4), holidays=[date(2024, 7, 4)])
