"""Precision and recall of every rule on the labeled corpus: the quality bar of the audit."""

from __future__ import annotations

import pytest

from covlift.audit.catalog import ALL_RULES
from covlift.audit.model import Smell
from tests.audit.corpus_score import Score, Unit, load_units, mismatches, run_audit, score, table

MIN_PRECISION = 0.95
MIN_RECALL = 0.90

Corpus = tuple[dict[tuple[str, str], Unit], list[Smell], list[Score]]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    units, problems = load_units()
    assert problems == []
    smells = run_audit()
    scores, strays = score(units, smells)
    assert strays == [], "findings on units without a label"
    print("\n" + table(scores))
    return units, smells, scores


def test_every_rule_has_ten_smelly_and_ten_near_miss_clean_cases(corpus: Corpus) -> None:
    _, _, scores = corpus
    assert [s.rule for s in scores] == list(ALL_RULES)
    thin = [
        (s.rule, s.positives, s.near_miss_negatives)
        for s in scores
        if s.positives < 10 or s.near_miss_negatives < 10
    ]
    assert thin == []


@pytest.mark.parametrize("rule", ALL_RULES)
def test_rule_meets_precision_and_recall(corpus: Corpus, rule: str) -> None:
    units, smells, scores = corpus
    result = next(s for s in scores if s.rule == rule)
    detail = "\n".join(mismatches(units, smells, rule))
    assert result.precision >= MIN_PRECISION, detail
    assert result.recall >= MIN_RECALL, detail


def test_the_runtime_rule_judged_the_corpus(corpus: Corpus) -> None:
    _, smells, _ = corpus
    runtime = [s for s in smells if s.rule == "no-project-code"]
    assert {s.path for s in runtime} >= {"tests/test_no_project_code.py", "tests/test_mocked_unit.py"}
    assert all(s.line > 1 for s in runtime)
