"""How findings are reported: severity per mode, suppression, the project's idiom, candidates' lines."""

from __future__ import annotations

from dataclasses import replace

import pytest

from covlift.generation.judge.review import RULES, review_candidate, review_source
from covlift.generation.model import Candidate, Target

from .corpus_score import corpus_context

TWINS = """
import datetime as dt

from shopdesk.discounts import Promotion


def test_promotion_is_inactive_before_it_starts_2():
    promotion = Promotion(code="SPRING10", starts_at=dt.datetime(2024, 3, 1))
    assert promotion.is_active(dt.datetime(2024, 2, 1)) is False


def test_promotion_is_inactive_before_it_starts_3():
    promotion = Promotion(code="SPRING10", starts_at=dt.datetime(2024, 5, 1))
    assert promotion.is_active(dt.datetime(2024, 4, 1)) is False
"""


def _rules(findings: tuple[object, ...]) -> list[tuple[str, str, str]]:
    return [(f.test, f.rule, f.severity) for f in findings]  # type: ignore[attr-defined]


def test_duplicates_reject_generated_tests_and_warn_on_a_users() -> None:
    context = corpus_context()
    user = review_source(TWINS, "tests/test_twins.py", context, mode="user")
    generated = review_source(TWINS, "tests/test_twins.py", context, mode="generated")
    assert _rules(user) == [
        ("test_promotion_is_inactive_before_it_starts_2", "unclear-name", "warn"),
        ("test_promotion_is_inactive_before_it_starts_3", "duplicate", "warn"),
        ("test_promotion_is_inactive_before_it_starts_3", "unclear-name", "warn"),
    ]
    assert ("test_promotion_is_inactive_before_it_starts_3", "duplicate", "reject") in _rules(generated)
    assert {r.generated for r in RULES.values()} == {"reject", "warn"}
    assert [r.id for r in RULES.values() if r.user == "warn"] == ["duplicate", "unclear-name"]


def test_a_covlift_ignore_comment_silences_a_finding() -> None:
    source = (
        "from shopdesk.payments import _refund_body\n\n\n"
        "def test_refund_body_is_empty_without_details():  # covlift: ignore[private-api]\n"
        "    assert _refund_body(None, None) == {}\n\n\n"
        "def test_refund_body_keeps_the_reason():\n"
        "    assert _refund_body(None, 'damaged') == {'reason': 'damaged'}\n"
    )
    found = review_source(source, "tests/test_refunds.py", corpus_context())
    assert _rules(found) == [("test_refund_body_keeps_the_reason", "private-api", "reject")]
    assert found[0].line == 9
    assert found[0].text.startswith("review private-api (line 9): uses the private _refund_body; ")


def test_a_placeholder_the_projects_own_tests_use_is_its_idiom() -> None:
    source = (
        "from shopdesk.inventory import Inventory\n\n\n"
        "def test_received_goods_count_as_on_hand():\n"
        "    assert Inventory().receive('foo', 5).on_hand == 5\n"
    )
    context = corpus_context()
    assert _rules(review_source(source, "tests/test_x.py", context)) == [
        ("test_received_goods_count_as_on_hand", "meaningless-input", "reject")
    ]
    idiomatic = replace(context, idiom=context.idiom | {"foo"})
    assert review_source(source, "tests/test_x.py", idiomatic) == ()


def test_a_private_helper_nothing_public_reaches_is_a_note() -> None:
    source = (
        "from shopdesk.cache import LRUCache, _debug_dump\n\n\n"
        "def test_debug_dump_is_empty_for_a_new_cache():\n"
        "    assert _debug_dump(LRUCache(capacity=1)) == ''\n"
    )
    (finding,) = review_source(source, "tests/test_x.py", corpus_context(), mode="generated")
    assert (finding.rule, finding.severity) == ("private-api", "note")
    assert "nothing public reaches" in finding.message


def test_a_candidates_lines_count_from_its_def() -> None:
    target = Target("shopdesk/payments.py", "shopdesk.payments", "_refund_body", 40, (41, 42), (41,), ())
    candidate = Candidate(
        name="test_refund_body_raises_validation_failed",
        target=target,
        body=(
            "def test_refund_body_raises_validation_failed():\n"
            "    with pytest.raises(ValidationFailed):\n"
            "        _refund_body(Money(amount=Decimal('0')), 'hello')\n"
        ),
        imports=(
            "import pytest",
            "from decimal import Decimal",
            "from shopdesk.errors import ValidationFailed",
            "from shopdesk.money import Money",
            "from shopdesk.payments import _refund_body",
        ),
        engine="test",
    )
    found = review_candidate(candidate, corpus_context())
    assert [(f.rule, f.line, f.severity) for f in found] == [
        ("meaningless-input", 3, "reject"),
        ("private-api", 3, "reject"),
    ]
    assert "PaymentGateway.refund runs that code" in found[1].message


def test_a_rule_that_trips_leaves_a_note_and_the_others_still_judge(monkeypatch: pytest.MonkeyPatch) -> None:
    from covlift.generation.judge import review

    def trips(view: object) -> list[object]:
        raise RecursionError("deep")

    monkeypatch.setattr(review, "TEST_RULES", (("private-api", trips), *review.TEST_RULES[1:]))
    source = (
        "from shopdesk.cache import ExpiringCache\n\n\n"
        "def test_len_2():\n    assert ExpiringCache(30).__len__() == 0\n"
    )
    found = review_source(source, "tests/test_x.py", corpus_context())
    assert [(f.rule, f.severity) for f in found] == [
        ("private-api", "note"),
        ("unclear-name", "warn"),
        ("dunder-call", "reject"),
    ]
    assert found[0].message == "could not judge this test (RecursionError('deep'))"
