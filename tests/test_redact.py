"""Secrets never reach a message: provider bodies and libpq messages go through redact()."""

from __future__ import annotations

import pytest

from covlift.cli import main
from covlift.redact import redact


def test_known_secret_values_and_secret_shapes_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "plain-value-without-shape-123")
    text = redact(
        "key plain-value-without-shape-123 url postgresql://bob:hunter22@db/x "
        "conninfo password=hunter33 host=db header Bearer abcdefghijklmnop key sk-ant-api03-ABCDEFGHIJKLMNOP",
        secrets=["extra-secret"],
    )
    for secret in (
        "plain-value-without-shape-123",
        "hunter22",
        "hunter33",
        "abcdefghijklmnop",
        "sk-ant-api03",
    ):
        assert secret not in text
    assert "postgresql://bob:***@db/x" in text and "password=***" in text and "Bearer ***" in text


def test_ordinary_text_is_unchanged() -> None:
    text = "request refused (400 model 'gpt-4o-mini' does not exist); see https://example.invalid/docs"
    assert redact(text) == text


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://bob:s3cr3tpw@ho st/db",
        "postgresql://bob:s3cr3tpw@[::1/db",
        "postgresql://bob:s3cr%33tpw@ho st/db",
        "postgresql://db/x?password=s3cr3tpw&port=notaport",
    ],
)
def test_a_malformed_postgresql_url_is_reported_without_its_password(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("psycopg", reason="psycopg 3 is not installed (psycopg[binary])")
    assert main(["history", ".", "--store", url]) == 2
    err = capsys.readouterr().err
    assert "cannot connect to the PostgreSQL store" in err
    assert "s3cr3tpw" not in err and "s3cr%33tpw" not in err
