# ruff: noqa
# mypy: ignore-errors
import pytest

from shopkit.cart import Cart
from shopkit.textutil import slugify
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
    return "Summer Sale"


# expect: clean
@pytest.fixture
def catalog_user():
    return User("cat", "cat@example.com")


# expect: clean
def test_search_slug(query):
    assert slugify(query) == "summer-sale"


# expect: clean
def test_sample_cart_total(sample_cart):
    assert sample_cart.total() == 2100


# expect: clean
def test_shopper_name(shopper):
    assert shopper.display_name() == "Sam"


# expect: clean
def test_catalog_user(catalog_user):
    assert catalog_user.display_name() == "Cat"
