# ruff: noqa
# mypy: ignore-errors
"""Shared fixtures of the shopkit test suite."""

from unittest import mock

import pytest

from shopkit.cart import Cart
from shopkit.inventory import Inventory
from shopkit.settings import load_settings


class _Mocker:
    """The small part of pytest-mock this suite uses (pytest-mock is not installed here)."""

    def __init__(self):
        self._patches = []
        self.patch = _PatchProxy(self)

    def stopall(self):
        for patcher in reversed(self._patches):
            patcher.stop()


class _PatchProxy:
    def __init__(self, owner):
        self._owner = owner

    def __call__(self, target, *args, **kwargs):
        return self._start(mock.patch(target, *args, **kwargs))

    def object(self, target, attribute, *args, **kwargs):
        return self._start(mock.patch.object(target, attribute, *args, **kwargs))

    def _start(self, patcher):
        self._owner._patches.append(patcher)
        return patcher.start()


# expect: clean
@pytest.fixture
def mocker():
    helper = _Mocker()
    yield helper
    helper.stopall()


# expect: clean
@pytest.fixture
def cart():
    basket = Cart()
    basket.add("APPLE", 120, 2)
    basket.add("PEAR", 90)
    return basket


# expect: clean
@pytest.fixture
def inventory():
    return Inventory({"APPLE": 10, "PEAR": 3, "PLUM": 0})


# expect: clean
@pytest.fixture(scope="session")
def app_settings():
    return load_settings({"SHOP_CURRENCY": "eur", "SHOP_PAGE_SIZE": "50"})


# expect: clean
@pytest.fixture
def card():
    return "4111111111111111"
