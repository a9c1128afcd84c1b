# ruff: noqa
# mypy: ignore-errors
import pytest

from shopkit.textutil import slugify, truncate


# expect: skip-without-reason
@pytest.mark.skip
class TestSlugLegacy:
    # expect: clean
    def test_dashes(self):
        assert slugify("a--b") == "a-b"


# expect: skip-without-reason
class TestTruncateLegacy:
    pytestmark = pytest.mark.xfail

    # expect: clean
    def test_ellipsis(self):
        assert truncate("abcdefgh", 6) == "abc..."


# expect: clean
@pytest.mark.skip(reason="slug rules change with SHOP-140")
class TestSlugNext:
    # expect: clean
    def test_unicode(self):
        assert slugify("Ünïcode") == "n-code"


# expect: clean
class TestTruncate:
    # expect: clean
    def test_short_text(self):
        assert truncate("abc", 10) == "abc"
