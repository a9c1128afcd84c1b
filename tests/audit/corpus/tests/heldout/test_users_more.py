# ruff: noqa
# mypy: ignore-errors
"""Held-out batch, second file: mocker-style tests and copies."""
from datetime import datetime
from unittest.mock import MagicMock, call

import pytest

from shopkit import mail, users
from shopkit.orders import Order, cancel
from shopkit.users import create_user, normalize_email, validate_username


# expect: clean
@pytest.fixture
def stocked():
    return {"TEA": 1}


# expect: mocked-unit
def test_normalize_email_strips(mocker):
    normalize = mocker.patch("shopkit.users.normalize_email", return_value="a@b.c")
    assert users.normalize_email("  a@B.C ") == "a@b.c"
    normalize.assert_called_once()
    assert create_user("abc", "x@y.z").email == "a@b.c"


# expect: clean
def test_create_user_calls_normalize(mocker):
    normalize = mocker.patch("shopkit.users.normalize_email", return_value="n@example.com")
    assert users.create_user("nina", "N@EXAMPLE.com").email == "n@example.com"
    normalize.assert_called_once_with("N@EXAMPLE.com")


# expect: over-mocking
def test_cancel_with_everything_patched(mocker):
    mocker.patch("shopkit.payments.refund", return_value="re_1")
    mocker.patch("shopkit.payments.charge_card")
    mocker.patch("shopkit.mail.send_email")
    mocker.patch("shopkit.mail.render_receipt")
    order = cancel(Order("o-11", 300, datetime(2024, 1, 1), "paid", "ch_11"))
    assert order.status == "cancelled"


# expect: clean
def test_send_email_log(monkeypatch):
    sent = []
    monkeypatch.setattr(mail, "SENT", sent)
    mail.send_email("q@example.com", "Q", "body")
    assert sent[0]["subject"] == "Q"


# expect: no-assert
def test_validate_many_usernames():
    for name in ["anna", "bert", "carl_99"]:
        validate_username(name)


# expect: clean
def test_validate_many_usernames_checked():
    for name in ["anna", "bert", "carl_99"]:
        assert validate_username(name) == name


# expect: duplicate-test, no-assert
def test_validate_many_usernames_again():
    for candidate in ["anna", "bert", "carl_99"]:
        validate_username(candidate)


# expect: no-assert
def test_validate_many_usernames_again_original_is_above():
    for name in ["anna", "bert"]:
        validate_username(name)


# expect: skip-without-reason
@pytest.mark.skipif(not hasattr(users, "delete_user"), reason="")
def test_delete_user():
    assert users.delete_user("anna") is True


# expect: clean
@pytest.mark.skipif(not hasattr(users, "delete_user"), reason="delete_user lands in 2.0")
def test_delete_user_reasoned():
    assert users.delete_user("bert") is True


# expect: no-project-code
def test_magicmock_calls():
    m = MagicMock()
    m(1)
    m(2)
    assert m.call_args_list == [call(1), call(2)]


# expect: clean
def test_normalize_email_value():
    assert normalize_email("Zed@EXAMPLE.org") == "Zed@example.org"


# expect: assert-cannot-fail
def test_normalize_email_returns_something():
    email = normalize_email("a@b.c")
    assert email or not email


# expect: clean
def test_normalize_rejects_missing_at():
    with pytest.raises(ValueError, match="invalid email"):
        normalize_email("no-at-sign")
