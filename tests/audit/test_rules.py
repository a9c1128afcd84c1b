"""Each rule on small sources, through ``audit_source``: the pure check the validator calls."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from covlift.audit import SOURCE_RULES, AuditContext, audit_source
from covlift.errors import ConfigError

FIXTURES = Path(__file__).parent.parent / "fixtures" / "audit_sources"
HEADER = """\
import random, time, unittest
from datetime import date, datetime
from unittest.mock import patch
import pytest
from shop import pricing
from shop.pricing import total
"""


def findings(body: str, **kwargs: object) -> set[tuple[str, str]]:
    source = HEADER + textwrap.dedent(body)
    return {(s.test, s.rule) for s in audit_source(source, "tests/test_x.py", **kwargs)}  # type: ignore[arg-type]


def test_no_assert_and_its_escape_hatches() -> None:
    found = findings("""
        def helper_checks(x):
            assert x

        def test_bare():
            total(1)

        def test_helper():
            helper_checks(total(1))

        def test_raises():
            with pytest.raises(ValueError):
                total(-1)

        def test_mock_assert():
            with patch("shop.pricing.tax") as tax:
                total(1)
            tax.assert_called_once()

        def test_named_check():
            check_invoice(total(1))
    """)
    assert found == {("test_bare", "no-assert")}


def test_project_functions_named_like_checks_are_not_checks() -> None:
    source = "from shop.users import validate_username\n\ndef test_v():\n    validate_username('bob')\n"
    found = audit_source(source, "tests/test_u.py", context=AuditContext(first_party=frozenset({"shop"})))
    assert [(s.test, s.rule) for s in found] == [("test_v", "no-assert")]


def test_assertions_that_cannot_fail() -> None:
    # the input holds `assert True` and its kin: it lives under tests/fixtures, where no test runs it
    found = findings((FIXTURES / "assertions_that_cannot_fail.py").read_text())
    assert {t for t, r in found if r == "assert-cannot-fail"} == {
        "test_true",
        "test_tuple",
        "test_self",
        "test_mock_typo",
    }


def test_swallowed_exceptions_and_the_old_raises_idiom() -> None:
    found = findings("""
        def test_swallows():
            try:
                total(-1)
            except ValueError:
                pass
            assert total(1) == 1

        def test_old_idiom():
            try:
                total(-1)
                pytest.fail("should raise")
            except ValueError:
                pass

        def test_bare_except_catches_fail():
            try:
                total(-1)
                pytest.fail("should raise")
            except:
                pass
    """)
    assert {t for t, r in found if r == "swallowed-exception"} == {
        "test_swallows",
        "test_bare_except_catches_fail",
    }


def test_conditional_assertions_follow_every_path() -> None:
    found = findings("""
        def test_if_only():
            x = total(1)
            if x:
                assert x > 0

        def test_both_branches():
            x = total(1)
            if x:
                assert x > 0
            else:
                assert x == 0

        def test_literal_loop():
            for n in [1, 2]:
                assert total(n) > 0

        def test_unknown_loop():
            for n in pricing.active_codes():
                assert total(n) > 0

        def test_constant_table_loop():
            for n in pricing.CODES:
                assert total(n) > 0

        def test_module_table_filled_later():
            for n in CASES:
                if n is None:
                    continue
                assert total(n) > 0

        CASES = []
        CASES.append(3)

        def test_early_return():
            if not pricing.ENABLED:
                return
            assert total(1) == 1

        def test_local_nonempty_list():
            cases = [1] + [n for n in range(3)]
            for n in cases:
                assert total(n) >= 0
    """)
    assert {t for t, r in found if r == "conditional-assert"} == {
        "test_if_only",
        "test_unknown_loop",
        "test_early_return",
    }


def test_mocked_unit_needs_name_and_call() -> None:
    found = findings("""
        @patch("shop.pricing.total", return_value=3)
        def test_total_with_discount(m):
            assert pricing.total(10) == 3

        @patch("shop.pricing.tax", return_value=3)
        def test_total_uses_tax(m):
            assert pricing.total(10) == 13

        @patch("shop.pricing.total", return_value=3)
        def test_total_is_reported(m):
            report = pricing.report()
            assert report == "3"
    """)
    assert {t for t, r in found if r == "mocked-unit"} == {"test_total_with_discount"}


def test_over_mocking_counts_first_party_only() -> None:
    context = AuditContext(first_party=frozenset({"shop"}))
    source = HEADER + textwrap.dedent("""
        @patch("shop.a.x")
        @patch("shop.b.y")
        @patch("shop.c.z")
        def test_many(x, y, z):
            assert pricing.total(1) == 1

        @patch("time.time")
        @patch("os.getpid")
        @patch("shop.c.z")
        def test_stdlib(a, b, c):
            assert pricing.total(1) == 1
    """)
    found = {(s.test, s.rule) for s in audit_source(source, "tests/test_m.py", context=context)}
    assert ("test_many", "over-mocking") in found
    assert ("test_stdlib", "over-mocking") not in found
    stricter = AuditContext(first_party=frozenset({"shop"}), over_mocking_share=0.9)
    relaxed = {(s.test, s.rule) for s in audit_source(source, "tests/test_m.py", context=stricter)}
    assert ("test_many", "over-mocking") not in relaxed


def test_sleep_random_and_clock() -> None:
    found = findings("""
        def test_sleeps():
            time.sleep(0.1)
            assert total(1) == 1

        def test_polls():
            while not pricing.ready():
                time.sleep(0.01)
            assert total(1) == 1

        def test_random():
            assert total(random.randint(1, 3)) > 0

        def test_seeded():
            random.seed(3)
            assert total(random.randint(1, 3)) > 0

        def test_today():
            assert pricing.day() == date.today()

        def test_injected_now():
            now = datetime.now()
            order = pricing.Order(created=now)
            assert order.created == now
    """)
    assert {(t, r) for t, r in found if r in ("sleep", "unseeded-random", "wall-clock")} == {
        ("test_sleeps", "sleep"),
        ("test_random", "unseeded-random"),
        ("test_today", "wall-clock"),
    }


def test_marks_without_reasons() -> None:
    found = findings("""
        pytestmark = pytest.mark.flaky(reruns=2)

        @pytest.mark.skip
        def test_a():
            assert total(1)

        @pytest.mark.skip(reason="SHOP-1")
        def test_b():
            assert total(1)

        @pytest.mark.xfail(strict=True)
        def test_c():
            assert total(1)

        @pytest.mark.skipif("sys.platform == 'win32'")
        def test_d():
            assert total(1)
    """)
    assert ("", "flaky-mark") in found
    assert {t for t, r in found if r == "skip-without-reason"} == {"test_a", "test_c"}


def test_duplicates_inside_one_file() -> None:
    found = findings("""
        def test_one():
            x = total(1)
            assert x == 1

        def test_two():
            y = total(1)
            assert y == 1

        def test_three():
            y = total(2)
            assert y == 1
    """)
    assert {t for t, r in found if r == "duplicate-test"} == {"test_two"}


def test_rules_filter_and_unknown_rules() -> None:
    body = "def test_a():\n    total(1)\n    assert True\n"
    assert {s.rule for s in audit_source(HEADER + body, "t.py", rules=["no-assert"])} == set()
    assert {s.rule for s in audit_source(HEADER + body, "t.py", rules=["assert-cannot-fail"])} == {
        "assert-cannot-fail"
    }
    with pytest.raises(ConfigError, match="unknown rule"):
        audit_source(body, "t.py", rules=["no-such-rule"])
    assert "no-project-code" not in SOURCE_RULES


def test_audit_source_is_pure_and_reports_fix_and_line() -> None:
    source = HEADER + "\n\ndef test_a():\n    total(1)\n"
    first = audit_source(source, "tests/does/not/exist.py")
    assert first == audit_source(source, "tests/does/not/exist.py")
    (smell,) = first
    assert smell.path == "tests/does/not/exist.py"
    assert smell.line == source.splitlines().index("def test_a():") + 1
    assert smell.fix and smell.message
    with pytest.raises(SyntaxError):
        audit_source("def test_(:\n", "t.py")


def test_unittest_methods_and_helpers_in_base_classes() -> None:
    found = findings("""
        class Base(unittest.TestCase):
            def check_total(self, value):
                self.assertEqual(total(value), value)

        class TestTotals(Base):
            def test_uses_inherited_helper(self):
                self.check_total(1)

            def test_nothing(self):
                total(1)

            def test_trivial(self):
                total(1)
                self.assertTrue(True)
    """)
    assert ("TestTotals::test_nothing", "no-assert") in found
    assert ("TestTotals::test_uses_inherited_helper", "no-assert") not in found
    assert ("TestTotals::test_trivial", "assert-cannot-fail") in found


def test_patterns_learned_from_real_suites_stay_quiet() -> None:
    """Each case is a false positive once found in a real project's tests (see docs/audit.md)."""
    found = findings("""
        import unittest

        totest = {}
        totest["quotes"] = [["in", "out"]]

        def print_mismatch(expected, output):
            raise AssertionError(expected + output)

        class TestParser(unittest.TestCase):
            def setUp(self):
                self.items = ["a", "b"]

            def test_table(self):
                for name, cases in totest.items():
                    for case_input, expected in cases:
                        self.assertEqual(total(case_input), expected)

            def test_eq_alias(self):
                eq = self.assertEqual
                eq(total(1), 1)

            def test_eq(self):
                self.assertTrue(self.s == self.s)

            def test_setup_items(self):
                for item in self.items:
                    self.assertIn(item, "ab")

            def test_help(self):
                output = total(1)
                if output != "expected":
                    print_mismatch("expected", output)

        def test_raise_idiom():
            try:
                total(-1)
                raise Exception("did not raise")
            except ValueError:
                pass

        def test_documented_tolerance():
            try:
                total(10 ** 12)
            except MemoryError:
                pass  # acceptable on 32-bit
            assert total(1) == 1

        def test_literal_syntax():
            assert 0x10 == 16
    """)
    assert found == set()


def test_silently_passing_skips_are_conditional() -> None:
    found = findings("""
        class TestApi(unittest.TestCase):
            def test_json_only(self):
                if pricing.API == "xml":
                    return unittest.skip("json only")  # returns a decorator: nothing is skipped
                self.assertEqual(total(1), 1)
    """)
    assert found == {("TestApi::test_json_only", "conditional-assert")}


def test_capwords_functions_are_not_constructors_when_the_project_says_so() -> None:
    body = "from shop.keys import FindKey, Cart\n\ndef test_k():\n    assert FindKey('a') is not None\n"
    guess = AuditContext(first_party=frozenset({"shop"}))
    known = AuditContext(first_party=frozenset({"shop"}), project_classes=frozenset({"Cart"}))
    assert [s.rule for s in audit_source(body, "t.py", context=guess)] == ["assert-cannot-fail"]
    assert audit_source(body, "t.py", context=known) == []


def test_the_four_smells_the_hostile_corpus_found() -> None:
    """x == x, an unconditional skip, an always-true skipif, an assert guarded inside a loop."""
    found = findings("""
        import sys

        def test_total_is_stable():
            x = total(1)
            assert x == x

        def test_skipped_in_the_body():
            pytest.skip("not ready")
            assert total(1) == 2

        @pytest.mark.skipif(sys.version_info >= (3,), reason="py2 only")
        def test_skipif_always_true():
            assert total(1) == 2

        def test_guarded_in_a_loop():
            for n in [1, 2, 3]:
                if n > 5:
                    assert total(n) > 0

        def test_equality_is_reflexive():
            x = total(2)
            assert x == x

        def test_two_calls_agree():
            assert total(1) == total(1)

        @pytest.mark.skipif(sys.version_info < (3, 12), reason="needs 3.12")
        def test_skipif_on_old_pythons():
            assert total(1) == 2

        def test_skip_under_a_condition():
            if sys.platform == "win32":
                pytest.skip("posix only")
            assert total(1) == 2

        def test_filter_then_assert():
            for n in [1, 2, 30]:
                if n < 5:
                    continue
                assert total(n) > 0
    """)
    assert found == {
        ("test_total_is_stable", "assert-cannot-fail"),
        ("test_skipped_in_the_body", "always-skipped"),
        ("test_skipif_always_true", "always-skipped"),
        ("test_guarded_in_a_loop", "conditional-assert"),
    }
