# ruff: noqa
# mypy: ignore-errors
import contextlib
import logging
import os
import unittest
from contextlib import suppress

import pytest

from shopkit.cart import Cart
from shopkit.inventory import Inventory, OutOfStock
from shopkit.orders import checkout
from shopkit.payments import PaymentDeclined, charge_card, ledger_balance
from shopkit.pricing import parse_price
from shopkit.users import validate_username
from shopkit.worker import Worker

log = logging.getLogger(__name__)
DECLINED = "4000000000000000"


# expect: swallowed-exception
def test_declined_card_keeps_stock(cart, inventory):
    try:
        checkout(cart, DECLINED, "a@example.com", inventory)
    except PaymentDeclined:
        pass
    assert inventory.available("PEAR") == 2


# expect: swallowed-exception
def test_parse_price_cents():
    try:
        assert parse_price("1.5") == 150
        assert parse_price("0.05") == 5
    except Exception:
        pass


# expect: swallowed-exception
def test_short_username_rejected():
    try:
        validate_username("ab")
        pytest.fail("two letters should be rejected")
    except:
        pass


# expect: swallowed-exception
def test_reserve_out_of_stock_logs(inventory):
    try:
        inventory.reserve("PLUM", 1)
    except OutOfStock as exc:
        print(f"out of stock: {exc}")
    assert inventory.available("PLUM") == 0


# expect: swallowed-exception
def test_negative_amount_rejected():
    try:
        charge_card("4111111111111111", -5)
    except ValueError:
        return
    assert ledger_balance() >= 0


# expect: clean
def test_negative_amount_rejected_or_fail():
    try:
        charge_card("4111111111111111", -5)
    except ValueError:
        return
    assert False, "a negative amount must be rejected"


# expect: swallowed-exception
def test_remove_then_total():
    basket = Cart()
    basket.add("A", 100)
    with suppress(KeyError):
        basket.remove("B")
    assert basket.total() == 100


# expect: swallowed-exception
def test_reserve_logs_failure(inventory):
    try:
        inventory.reserve("APPLE", 50)
    except OutOfStock:
        log.warning("not enough apples")
    assert inventory.available("APPLE") == 10


# expect: swallowed-exception
def test_bad_price_strings():
    for raw in ["abc", "1.x", ""]:
        try:
            parse_price(raw)
        except (ValueError, IndexError):
            ...
    assert parse_price("2") == 200


# expect: swallowed-exception, assert-cannot-fail, conditional-assert
def test_username_with_space():
    try:
        validate_username("ann smith")
    except ValueError:
        assert True


# expect: swallowed-exception
def test_checkout_whole_flow(cart, inventory, card):
    try:
        order = checkout(cart, card, "b@example.com", inventory)
        assert order.status == "paid"
        assert inventory.available("APPLE") == 8
    except Exception:
        pass


# expect: swallowed-exception
def test_username_must_not_start_with_digit():
    try:
        validate_username("9lives")
        pytest.fail("digits first should be rejected")
    except BaseException:
        pass


# expect: swallowed-exception
def test_release_more_than_reserved():
    stock = Inventory({"A": 2})
    with contextlib.suppress(Exception):
        stock.release("A", 5)
        assert stock.available("A") == 2
    assert stock.reserved["A"] == 0


class TestPayments(unittest.TestCase):
    # expect: swallowed-exception
    def test_zero_amount(self):
        try:
            charge_card("4111111111111111", 0)
        except ValueError:
            pass
        self.assertEqual(parse_price("0"), 0)

    # expect: clean
    def test_declined(self):
        with self.assertRaises(PaymentDeclined):
            charge_card(DECLINED, 100)


# expect: clean
def test_declined_card_raises(cart, inventory):
    with pytest.raises(PaymentDeclined):
        checkout(cart, DECLINED, "a@example.com", inventory)


# expect: clean
def test_short_username_rejected_old_style():
    try:
        validate_username("ab")
        pytest.fail("two letters should be rejected")
    except ValueError:
        pass


# expect: clean
def test_negative_total_rejected_else_branch():
    try:
        parse_price("")
    except ValueError:
        pass
    else:
        pytest.fail("an empty price must be rejected")


# expect: clean
def test_negative_amount_message():
    try:
        charge_card("4111111111111111", -1)
        assert False, "should have raised"
    except ValueError as exc:
        assert "positive" in str(exc)


# expect: clean
def test_out_of_stock_is_reported(inventory):
    error = None
    try:
        inventory.reserve("PLUM", 2)
    except OutOfStock as exc:
        error = exc
    assert isinstance(error, OutOfStock)


# expect: clean
def test_export_file_cleanup(tmp_path):
    target = tmp_path / "cart.txt"
    target.write_text(str(Cart().total()))
    assert target.read_text() == "0"
    try:
        target.unlink()
    except FileNotFoundError:
        pass


# expect: clean
def test_worker_stops_in_finally():
    worker = Worker()
    try:
        worker.submit(lambda: parse_price("1"))
    finally:
        worker.stop()
    assert worker.results == [100]


# expect: clean
def test_reserve_failure_is_an_assertion(inventory):
    try:
        inventory.reserve("APPLE", 3)
    except OutOfStock:
        raise AssertionError("ten apples are in stock")
    assert inventory.available("APPLE") == 7


# expect: clean
def test_zoneinfo_dependent_price():
    try:
        import zoneinfo
    except ImportError:
        pytest.skip("zoneinfo is not available")
    assert zoneinfo.ZoneInfo("UTC").key == "UTC"
    assert parse_price("1.00") == 100


# expect: clean
def test_cleanup_temp_export(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("A,1")
    assert parse_price(path.read_text().split(",")[1]) == 100
    with suppress(FileNotFoundError):
        os.remove(path)


# expect: clean
def test_valid_username_does_not_raise():
    try:
        validate_username("valid_name")
    except ValueError:
        pytest.fail("a plain lowercase name is valid")
