# ruff: noqa
# mypy: ignore-errors
import json
import os
import re
import unittest
from decimal import ROUND_HALF_UP, Decimal
from unittest.mock import MagicMock

import pytest

import shopkit
from shopkit.cart import Cart, Item
from shopkit.pricing import parse_price
from shopkit.settings import DEFAULTS, load_settings
from tests.helpers import make_cart


# expect: no-project-code
def test_json_roundtrip():
    payload = {"sku": "A", "qty": 2}
    assert json.loads(json.dumps(payload)) == payload


# expect: no-project-code
def test_decimal_rounding_half_up():
    amount = Decimal("1.005").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert amount == Decimal("1.01")


# expect: no-project-code
def test_version_string():
    assert shopkit.__version__.count(".") == 2


# expect: no-project-code
def test_mock_returns_configured_value():
    gateway = MagicMock()
    gateway.charge.return_value = "ch_1"
    assert gateway.charge("4111", 100) == "ch_1"


# expect: clean
def test_item_fields():
    item = Item("A", 100, 2)
    assert item.sku == "A"
    assert item.qty == 2


# expect: no-project-code
def test_sku_pattern():
    assert re.fullmatch(r"[A-Z]{2,8}", "APPLE")


# expect: no-project-code
def test_export_roundtrip(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(["A", "B"]))
    assert json.loads(path.read_text()) == ["A", "B"]


# expect: no-project-code
def test_default_currency():
    assert DEFAULTS["currency"] == "USD"


# expect: no-project-code
def test_env_override(monkeypatch):
    monkeypatch.setenv("SHOP_CURRENCY", "eur")
    assert os.environ["SHOP_CURRENCY"] == "eur"


# expect: no-project-code
@pytest.mark.parametrize("sku", ["A", "BB", "CCC"])
def test_sku_upper(sku):
    assert sku.upper() == sku


class TestStdlibOnly(unittest.TestCase):
    # expect: no-project-code
    def test_sorted_skus(self):
        self.assertEqual(sorted(["PEAR", "APPLE"]), ["APPLE", "PEAR"])

    # expect: clean
    def test_parse_price_in_unittest(self):
        self.assertEqual(parse_price("0.75"), 75)


# expect: clean
def test_settings_currency_from_session(app_settings):
    assert app_settings["currency"] == "EUR"


# expect: clean
def test_settings_page_size_from_session(app_settings):
    assert app_settings["page_size"] == 50


# expect: clean
def test_cart_fixture_items(cart):
    assert [i.sku for i in cart.items] == ["APPLE", "PEAR"]


# expect: clean
def test_item_subtotal():
    assert Item("A", 100, 3).subtotal == 300


# expect: clean
def test_cart_len():
    basket = Cart()
    basket.items.append(Item("A", 10, 4))
    assert len(basket) == 4


# expect: clean
def test_parse_price_rejects_blank():
    with pytest.raises(ValueError):
        parse_price("")


# expect: clean
def test_helper_builds_cart():
    basket = make_cart("A", "B")
    assert [i.sku for i in basket.items] == ["A", "B"]


# expect: clean
def test_load_settings_debug():
    assert load_settings({"SHOP_DEBUG": "1"})["debug"] is True


# expect: clean
@pytest.mark.parametrize("raw", ["1", "2"])
def test_parse_price_units(raw):
    assert parse_price(raw) == int(raw) * 100


# expect: clean
def test_json_of_cart_total():
    basket = Cart()
    basket.add("A", 5)
    assert json.loads(json.dumps({"total": basket.total()})) == {"total": 5}
