# ruff: noqa
# mypy: ignore-errors
# expect-module: flaky-mark
import pytest

from shopkit.textutil import slugify

pytestmark = [pytest.mark.flaky(reruns=2), pytest.mark.filterwarnings("ignore")]


# expect: clean
def test_slug_lowercase():
    assert slugify("ABC") == "abc"


# expect: clean
def test_slug_spaces():
    assert slugify("a b c") == "a-b-c"
