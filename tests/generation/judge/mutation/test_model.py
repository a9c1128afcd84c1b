"""mutation_score, explain and judge: what a set of results means for one test (pure)."""

from __future__ import annotations

import dataclasses

import pytest

from covlift.generation.judge.mutation import Mutant, MutationResult, explain, judge, mutation_score

M = Mutant("p.py:3:cmp-lt-to-le:0", "p.py", 3, "cmp-lt-to-le", "line 3: `<` -> `<=`", "src")


def result(status: str, *killed_by: str, detail: str = "") -> MutationResult:
    return MutationResult(M, tuple(killed_by), status, detail)


def test_score_counts_timeouts_as_killed_and_leaves_out_invalid_and_error() -> None:
    results = [
        result("killed", "t::a"),
        result("timeout", "t::b"),
        result("survived"),
        result("invalid", detail="x"),
        result("error", detail="y"),
    ]
    assert mutation_score(results) == (2, 3)
    assert [r.killed for r in results] == [True, True, False, False, False]
    assert mutation_score([]) == (0, 0)


def test_explain_is_one_line_naming_the_change_and_the_outcome() -> None:
    assert explain(result("killed", "t::a", "t::b")) == (
        "killed   p.py: line 3: `<` -> `<=` [cmp-lt-to-le] by t::a, t::b"
    )
    assert "while t::b ran (counts as killed)" in explain(result("timeout", "t::b"))
    assert explain(result("survived")).endswith("every test passed")
    assert explain(result("survived", detail="never imported")).endswith("(never imported)")
    assert explain(result("invalid", detail="KeyError")).endswith(": KeyError (not scored)")
    assert all("\n" not in explain(result(s)) for s in ("killed", "error", "timeout"))


def test_mutants_and_results_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        M.line = 4  # type: ignore[misc]
    assert not hasattr(M, "__dict__")


def test_judge_passes_on_a_kill_or_when_no_mutant_applies() -> None:
    assert judge([M], [result("survived"), result("killed", "t::a")]).reason == ("killed 1 of 2 mutants")
    failed = judge([M], [result("survived"), result("invalid")])
    assert not failed.passed and failed.reason.startswith("all 1 mutants survived, e.g. line 3")
    none = judge([], [])
    assert none.passed and "no mutable code" in none.reason
    only_invalid = judge([M], [result("invalid"), result("error")])
    assert only_invalid.passed and "all 2 mutants break" in only_invalid.reason
