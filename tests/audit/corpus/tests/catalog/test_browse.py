# ruff: noqa
# mypy: ignore-errors
import pytest

from shopkit.cart import Cart
from shopkit.textutil import truncate
from shopkit.users import User


# expect: duplicate-fixture
@pytest.fixture
def sample_cart():
    basket = Cart()
    basket.add("BOOK", 1500)
    basket.add("PEN", 200, 3)
    return basket


# expect: duplicate-fixture
@pytest.fixture
def shopper():
    return User("sam", "sam@example.com")


# expect: clean
@pytest.fixture
def query():
    return "Winter Sale Extravaganza"


# expect: clean
@pytest.fixture(scope="module")
def catalog_user():
    return User("cat", "cat@example.com")


# expect: clean
def test_browse_title(query):
    assert truncate(query, 10) == "Winter ..."


# expect: clean
def test_browse_cart_items(sample_cart):
    assert len(sample_cart) == 4


# expect: clean
def test_browse_shopper_email(shopper):
    assert shopper.email.endswith("@example.com")
    assert shopper.display_name() == "Sam"


# expect: clean
def test_welcome_code_discount(catalog_user):
    assert catalog_user.display_name().startswith("C")
