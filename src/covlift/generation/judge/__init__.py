"""validate: judge each candidate test on its own, never all-or-nothing.

A candidate is kept only if it
1. compiles, asserts something that can fail, and does not mock the unit it tests;
2. passes every one of ``runs`` runs (default 5) of the candidates, each in a
   different seeded random order;
3. reaches a target line or branch arc the suite did not;
4. fails against at least one mutant of the lines it covers, or no mutant
   applies to those lines (said in its verdict);
5. reaches a line or arc that no candidate kept before it reaches (largest
   gain first; judged after 4, so a test that pins nothing cannot make the
   ones that do look redundant);
6. passes the review rules (REVIEW.md: public API, realistic inputs and states,
   an oracle that matters, realistic boundaries — judged before it runs), and is
   not a duplicate of a test kept before it (only literals differ, same outcome)
   unless rendering turns the two into one parametrized test.
Candidates run through the one runner (:mod:`covlift.runner`), from a file in the
sandbox's copy of the project next to where accepted tests will go, so the
project's conftest fixtures apply; nothing is written into the project.  A
candidate that tried something the sandbox refuses (writing outside it, the
network, starting processes) or that changed process-wide state (resource
limits, signal handlers, cwd, the environment) is never kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from covlift.generation.judge.model import ModuleValidation, Verdict
from covlift.generation.judge.review import (
    Finding,
    ReviewContext,
    candidate_source,
    context_for,
    duplicate_shape,
    review_candidate,
)
from covlift.generation.judge.runs import TestRun, run_tests
from covlift.generation.judge.static import static_problems
from covlift.generation.model import Candidate
from covlift.generation.render import parametrize_key, render_module
from covlift.model import Snapshot
from covlift.runner import RunPolicy, Sandbox

__all__ = ["ModuleValidation", "Verdict", "validate_module", "write_candidates"]

CANDIDATE_PREFIX = "test_covlift_candidates_"
#: the time zone of a candidate's last validation run: Chatham Islands' (+12:45, +13:45 in its
#: summer), written as POSIX rules so that it needs no zoneinfo file in the sandbox
FAR_TIME_ZONE = "CHAST-12:45CHADT,M9.5.0/2:45,M4.1.0/3:45"


def write_candidates(box: Sandbox, tests_dir: str, stem: str, text: str) -> Path:
    """The candidates as a test module inside the sandbox's copy, next to where accepted tests
    will go (so the project's conftest fixtures apply); removed with the sandbox."""
    path = box.root / tests_dir / f"{CANDIDATE_PREFIX}{stem}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _problem(results: Sequence[TestRun], node: str) -> str:
    """What went wrong in the first run the test did not pass: its outcome and failure message."""
    for r in results:
        outcome = r.outcomes.get(node)
        if outcome != "passed":
            detail = r.details.get(node, "")
            return f"{outcome or 'not run'}: {detail}" if detail else (outcome or "not run")
    return "not run"


def _node(path: Path, root: Path, name: str) -> str:
    return f"{path.relative_to(root).as_posix()}::{name}"


def validate_module(
    root: Path,
    python: str,
    snapshot: Snapshot,
    path: str,
    candidates: Sequence[Candidate],
    *,
    tests_dir: str = "tests/covlift",
    runs: int = 5,
    seed: int = 0,
    mutate: bool = True,
    per_test_timeout: float = 30.0,
    run_policy: RunPolicy | None = None,
) -> ModuleValidation:
    """Verdicts for the candidates of one source file (see the module docstring)."""
    baseline = snapshot.file(path)
    missing_lines = set(baseline.missing) if baseline else set()
    missing_arcs = set(baseline.missing_branches) if baseline else set()
    verdicts: dict[str, Verdict] = {}
    runnable = []
    context = review_context(root, snapshot, path, candidates, tests_dir)
    review: dict[str, tuple[Finding, ...]] = {}
    for c in candidates:
        problems = static_problems(c)
        review[c.name] = () if problems else review_candidate(c, context)
        rejects = [f.text for f in review[c.name] if f.severity == "reject"]
        if problems or rejects:
            verdicts[c.name] = Verdict(c, False, (*problems, *rejects), review=review[c.name])
        else:
            runnable.append(c)
    seeds = tuple(seed * 1000 + i + 1 for i in range(runs))
    if not runnable:
        return ModuleValidation(path, tuple(verdicts[c.name] for c in candidates), seeds)
    text = render_module(
        path, runnable[0].target.module.split(".")[0], runnable, parametrize=False, tidy=False
    )
    source_file = str((root / path).resolve())
    stem = Path(path).stem
    # candidates never start processes; the search stands in for subprocess calls
    policy = replace(run_policy or RunPolicy(), spawn=False, network=False)
    with Sandbox(root, policy, python=python) as box:
        test_file = write_candidates(box, tests_dir, stem, text)
        results: list[TestRun] = [
            run_tests(
                box,
                [test_file],
                seed=s,
                contexts=(i == 0),
                files=[source_file],
                per_test_timeout=per_test_timeout,
                # the last run far from this machine's zone: `LOCAL.tzname(None) == "UTC"` holds here only
                time_zone=FAR_TIME_ZONE if 0 < i == len(seeds) - 1 else None,
            )
            for i, s in enumerate(seeds)
        ]
        passes = {
            c.name: sum(r.outcomes.get(_node(test_file, box.root, c.name)) == "passed" for r in results)
            for c in runnable
        }
        covered: dict[str, tuple[set[int], set[tuple[int, int]]]] = {}
        reached_lines: set[int] = set()
        reached_arcs: set[tuple[int, int]] = set()
        gains: dict[str, tuple[set[int], set[tuple[int, int]]]] = {}
        for c in runnable:
            lines, arcs = (
                results[0]
                .coverage.get(_node(test_file, box.root, c.name), {})
                .get(source_file, (frozenset(), frozenset()))
            )
            covered[c.name] = (set(lines), set(arcs))
            gains[c.name] = (set(lines) & missing_lines, set(arcs) & missing_arcs)
        escapes = _escapes(box, results)
        eligible: list[Candidate] = []
        for c in runnable:
            escaped = escapes.get(_node(test_file, box.root, c.name))
            if escaped:
                verdicts[c.name] = Verdict(
                    c, False, escaped, passes=passes[c.name], runs=runs, review=review[c.name]
                )
            elif passes[c.name] < runs:
                outcome = _problem(results, _node(test_file, box.root, c.name))
                verdicts[c.name] = Verdict(
                    c,
                    False,
                    (f"passed {passes[c.name]} of {runs} runs (last problem: {outcome})",),
                    passes=passes[c.name],
                    runs=runs,
                    review=review[c.name],
                )
            elif not gains[c.name][0] and not gains[c.name][1]:
                verdicts[c.name] = Verdict(
                    c,
                    False,
                    ("reaches no line or branch the suite missed",),
                    passes=runs,
                    runs=runs,
                    review=review[c.name],
                )
            else:
                eligible.append(c)
        # mutation before the greedy choice: a test that kills nothing must not stand in for
        # the tests that cover the same lines and do (they would be dropped as redundant)
        unchecked = () if mutate else ("mutation check off (--no-mutation)",)
        for c in eligible:
            verdicts[c.name] = Verdict(c, True, unchecked, passes=runs, runs=runs, review=review[c.name])
        if mutate and eligible:
            _apply_mutation(box, path, test_file, eligible, covered, verdicts)
        by_gain = sorted(
            eligible, key=lambda c: (-_own_gain(c, gains[c.name]), -_gain(gains[c.name]), c.name)
        )
        duplicates = _Duplicates(context, (root / path).read_text(encoding="utf-8"))
        for c in by_gain:
            if not verdicts[c.name].accepted:
                continue
            new_lines = gains[c.name][0] - reached_lines
            new_arcs = gains[c.name][1] - reached_arcs
            if not new_lines and not new_arcs:
                verdicts[c.name] = replace(
                    verdicts[c.name],
                    accepted=False,
                    reasons=("adds nothing beyond the tests kept before it",),
                )
                continue
            duplicate = duplicates.of(c)
            if duplicate is not None:
                verdicts[c.name] = replace(
                    verdicts[c.name],
                    accepted=False,
                    reasons=(duplicate.text,),
                    review=(*verdicts[c.name].review, duplicate),
                )
                continue
            reached_lines |= new_lines
            reached_arcs |= new_arcs
            verdicts[c.name] = replace(
                verdicts[c.name], new_lines=tuple(sorted(new_lines)), new_arcs=tuple(sorted(new_arcs))
            )
    return ModuleValidation(path, tuple(verdicts[c.name] for c in candidates), seeds)


def _gain(gain: tuple[set[int], set[tuple[int, int]]]) -> int:
    return len(gain[0]) + len(gain[1])


def _own_gain(candidate: Candidate, gain: tuple[set[int], set[tuple[int, int]]]) -> int:
    """What a test reaches of the function it is about.  Chosen first: `reserve()` as a test's
    preparing step reaches the lines a test of `reserve` asserts; the test that asserts the
    reservation is kept, not dropped behind the test that only used it on the way."""
    span = set(candidate.target.lines)
    return len(gain[0] & span) + sum(1 for arc in gain[1] if arc[0] in span)


def _escapes(box: Sandbox, results: Sequence[TestRun]) -> dict[str, tuple[str, ...]]:
    """nodeid -> why the test may never be kept: what the sandbox refused it, what process-wide
    state it changed (it would break every test after it inside the suite)."""
    found: dict[str, list[str]] = {}
    for violation in box.violations():
        if violation.test:
            found.setdefault(violation.test, []).append(f"sandbox: tried {violation}")
    for run in results:
        for nodeid, changes in run.state_changes.items():
            found.setdefault(nodeid, []).extend(f"changes process-wide state: {c}" for c in changes)
    return {nodeid: tuple(dict.fromkeys(reasons)) for nodeid, reasons in found.items()}


def review_context(
    root: Path, snapshot: Snapshot, path: str, candidates: Sequence[Candidate], tests_dir: str
) -> ReviewContext:
    """The review's view of the package ``path`` belongs to (read once per project and run)."""
    package = candidates[0].target.module.split(".")[0] if candidates else Path(path).stem
    return context_for(
        root,
        [f.path for f in snapshot.files],
        [package],
        targets=(f"{c.target.module}:{c.target.name}" for c in candidates),
        tests_dir=tests_dir,
    )


class _Duplicates:
    """The first kept test of each duplicate shape; later ones are duplicates of it, unless
    rendering puts both into one parametrized test (the same parametrize key)."""

    def __init__(self, context: ReviewContext, source: str) -> None:
        self.context = context
        self.source = source
        self.kept: dict[str, Candidate] = {}

    def of(self, candidate: Candidate) -> Finding | None:
        shape = duplicate_shape(candidate_source(candidate)[0], self.context)
        if shape is None:
            return None
        first = self.kept.setdefault(shape, candidate)
        if first is candidate:
            return None
        key = parametrize_key(candidate, self.source)
        if key is not None and key == parametrize_key(first, self.source):
            return None
        return Finding(
            "duplicate",
            candidate.name,
            1,
            f"duplicate of {first.name}: only the inputs differ and the outcome is the same; "
            "keep one, or parametrize them",
        )


def _apply_mutation(
    box: Sandbox,
    path: str,
    test_file: Path,
    survivors: Sequence[Candidate],
    covered: dict[str, tuple[set[int], set[tuple[int, int]]]],
    verdicts: dict[str, Verdict],
) -> None:
    """Reject survivors that no mutant of their covered lines can make fail."""
    from covlift.errors import ProjectTestsError
    from covlift.generation.judge.mutation import BaselineFailedError, mutants_for, run_mutants

    source = (box.project / path).read_text(encoding="utf-8")
    target_lines: set[int] = set()
    for c in survivors:
        target_lines |= covered[c.name][0] & set(c.target.lines)
    mutants = mutants_for(source, path, sorted(target_lines), limit=min(30, max(12, 2 * len(survivors))))
    if not mutants:
        for c in survivors:
            verdicts[c.name] = replace(verdicts[c.name], reasons=("no mutant applies to its lines",))
        return
    results = None
    problem = ""
    checked = list(survivors)
    for _attempt in range(4):
        ids = [_node(test_file, box.root, c.name) for c in checked]
        try:
            results = run_mutants(
                box.project,
                box.python,
                checked[0].target.module,
                test_file,
                mutants,
                test_ids=ids,
                stop_on_first=False,  # credit every test that notices a mutant, not just the first
                box=box,
            )
            break
        except BaselineFailedError as exc:
            # a candidate that fails or hangs in the baseline run is its own problem: it is left
            # out, and the others are checked without it
            problem = str(exc)
            bad = {c.name for c in checked if _node(test_file, box.root, c.name) in exc.failed}
            if not bad:
                continue
            for c in checked:
                if c.name in bad:
                    verdicts[c.name] = replace(
                        verdicts[c.name],
                        accepted=False,
                        reasons=(f"fails in the mutation check's run ({exc})",),
                    )
            checked = [c for c in checked if c.name not in bad]
            if not checked:
                return
        except ProjectTestsError as exc:
            problem = str(exc)
    survivors = checked
    if results is None:
        for c in survivors:
            verdicts[c.name] = replace(
                verdicts[c.name],
                accepted=False,
                reasons=(f"the mutation check could not run ({problem})",),
            )
        return
    for c in survivors:
        node = _node(test_file, box.root, c.name)
        # a mutant is "of the lines it covers" when it sits in a statement starting on one of them
        # (coverage.py reports a multi-line statement by its first line); ids are source-determined
        mine_ids = {m.id for m in mutants_for(source, path, sorted(covered[c.name][0]), limit=10_000)}
        mine = [r for r in results if r.mutant.id in mine_ids and r.status not in ("invalid", "error")]
        killed = tuple(r.mutant.id for r in mine if node in r.killed_by)
        if not mine:
            verdicts[c.name] = replace(verdicts[c.name], reasons=("no mutant applies to its lines",))
        elif killed:
            verdicts[c.name] = replace(verdicts[c.name], mutants_killed=killed, mutants_tried=len(mine))
        else:
            verdicts[c.name] = replace(
                verdicts[c.name],
                accepted=False,
                mutants_tried=len(mine),
                reasons=(f"killed none of {len(mine)} mutants of the lines it covers",),
            )
