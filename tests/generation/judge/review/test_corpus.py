"""Precision and recall of every review rule on the labelled corpus: the quality bar of the review."""

from __future__ import annotations

import pytest

from covlift.generation.judge.review import RULES
from covlift.generation.judge.review.model import Finding

from .corpus_score import REAL_PROJECT_TESTS, Score, load_units, mismatches, run_review, score, table

Units = dict[tuple[str, str], frozenset[str]]
Corpus = tuple[Units, list[tuple[str, Finding]], list[Score]]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    units, unlabelled = load_units()
    assert unlabelled == []
    found = run_review()
    scores, strays = score(units, found)
    assert strays == [], "findings on tests without a unit"
    print("\n" + table(scores))
    return units, found, scores


def test_every_rule_has_bad_cases_and_near_miss_good_ones(corpus: Corpus) -> None:
    units, _, scores = corpus
    assert [s.rule for s in scores] == list(RULES)
    assert all(s.positives >= 3 for s in scores), table(scores)
    for rule in RULES:
        rule_file = f"test_{rule.replace('-', '_')}.py"
        near_misses = [u for u, labels in units.items() if u[0] == rule_file and not labels]
        assert len(near_misses) >= 4, rule


@pytest.mark.parametrize("rule", list(RULES))
def test_rule_is_precise_and_finds_what_it_should(corpus: Corpus, rule: str) -> None:
    units, found, scores = corpus
    result = next(s for s in scores if s.rule == rule)
    detail = "\n".join(mismatches(units, found, rule))
    assert result.precision == 1.0, detail
    assert result.recall >= 0.9, detail


def test_a_real_projects_merged_tests_draw_no_finding(corpus: Corpus) -> None:
    units, found, _ = corpus
    real = [u for u in units if u[0].startswith(REAL_PROJECT_TESTS)]
    assert len(real) >= 25  # test functions; most are parametrized over many cases
    assert [(p, f.test, f.rule) for p, f in found if p.startswith(REAL_PROJECT_TESTS)] == []


def test_each_finding_names_the_test_line_and_what_to_do_instead(corpus: Corpus) -> None:
    _, found, _ = corpus
    for path, f in found:
        assert f.line > 1 and f.test.startswith(("test_", "Test")), (path, f)
        assert ";" in f.message and f.message[0].islower(), f.message  # what it does; what is wanted
