"""``covlift validate FILE``: the per-test validation applied to any test file.

The file runs as written (its fixtures and parametrize work); every test item
is judged like a generated candidate: the audit rules, the review rules
(REVIEW.md; for a user's file ``duplicate`` and ``unclear-name`` only warn),
passing all runs in random orders, reaching a line or branch the rest of the
suite misses, and failing against a mutant of what it covers.  When the latest
snapshot already includes the file's tests, the baseline is measured again
without the file.  The file itself is never modified.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from covlift.config import Config
from covlift.errors import InputFileError
from covlift.generation.judge.review import Finding, context_for, review_source
from covlift.generation.judge.runs import run_tests
from covlift.generation.targets import import_root_and_module
from covlift.measure import measure
from covlift.measure.interpreter import choose_python
from covlift.model import FileCoverage, Snapshot
from covlift.runner import RunPolicy, Sandbox
from covlift.types import Arc, LineNo

if TYPE_CHECKING:
    from covlift.audit.model import Smell


@dataclass(frozen=True, slots=True)
class TestVerdict:
    """The judgement on one test item of a file."""

    __test__ = False

    nodeid: str
    accepted: bool
    reasons: tuple[str, ...]
    passes: int
    runs: int
    #: project-relative path -> lines / arcs this test reaches that the rest of the suite misses
    new_lines: dict[str, tuple[LineNo, ...]]
    new_arcs: dict[str, tuple[Arc, ...]]
    mutants_killed: int = 0
    mutants_tried: int = 0
    #: the review rules' findings for this test (rejections are also in ``reasons``)
    review: tuple[Finding, ...] = ()

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.review if f.severity != "reject")


@dataclass(frozen=True, slots=True)
class FileValidation:
    path: str
    verdicts: tuple[TestVerdict, ...]
    seeds: tuple[int, ...]
    baseline_note: str

    @property
    def all_accepted(self) -> bool:
        return all(v.accepted for v in self.verdicts)


def validate_file(
    config: Config,
    snapshot: Snapshot,
    file: Path,
    *,
    runs: int = 5,
    seed: int = 0,
    mutate: bool = True,
) -> FileValidation:
    root = config.root
    file = file if file.is_absolute() else (Path.cwd() / file)
    if not file.is_file():
        raise InputFileError(f"{file} does not exist; give a test file of the project.")
    try:
        rel = file.resolve().relative_to(root).as_posix()
    except ValueError:
        raise InputFileError(f"{file} is not inside the project {root}.") from None
    python = choose_python(root, config.python)
    note = f"baseline: snapshot #{snapshot.id}"
    if any(t.nodeid.split("::")[0] == rel for t in snapshot.tests):
        snapshot = measure(config.with_overrides(pytest_args=(*config.pytest_args, "--ignore", rel)))
        note = f"baseline: the suite measured again without {rel}"
    measured = {str((root / f.path).resolve()): f for f in snapshot.files}
    seeds = tuple(seed * 1000 + i + 1 for i in range(runs))
    with Sandbox(root, RunPolicy.from_config(config), python=python) as box:
        results = [
            run_tests(
                box,
                [rel],
                seed=s,
                contexts=(i == 0),
                files=list(measured),
                per_test_timeout=min(config.per_test_timeout, 60.0),
            )
            for i, s in enumerate(seeds)
        ]
        smells = _smells(file, rel)
        findings = _review(config, snapshot, file, rel)
        verdicts = []
        for nodeid in sorted(results[0].outcomes):
            passes = sum(r.outcomes.get(nodeid) == "passed" for r in results)
            reasons: list[str] = []
            if passes < runs:
                detail = next((r.details[nodeid] for r in results if nodeid in r.details), "")
                reasons.append(f"passed {passes} of {runs} runs" + (f" ({detail})" if detail else ""))
            reasons += [
                f"audit {s.rule}: {s.message}"
                for s in smells
                if s.test and nodeid.split("::", 1)[1].split("[")[0].endswith(s.test.split("::")[-1])
            ]
            review = findings.get(nodeid.split("::", 1)[-1].split("[")[0], ())
            reasons += [f.text for f in review if f.severity == "reject"]
            reasons += [f"changes process-wide state: {c}" for c in results[0].state_changes.get(nodeid, ())]
            new_lines: dict[str, tuple[int, ...]] = {}
            new_arcs: dict[str, tuple[tuple[int, int], ...]] = {}
            for filename, (lines, arcs) in results[0].coverage.get(nodeid, {}).items():
                f = measured[filename]
                gained = tuple(sorted(set(lines) & set(f.missing)))
                gained_arcs = tuple(sorted(set(arcs) & set(f.missing_branches)))
                if gained:
                    new_lines[f.path] = gained
                if gained_arcs:
                    new_arcs[f.path] = gained_arcs
            if not new_lines and not new_arcs:
                reasons.append("reaches no line or branch the rest of the suite misses")
            verdicts.append(
                TestVerdict(
                    nodeid, not reasons, tuple(reasons), passes, runs, new_lines, new_arcs, review=review
                )
            )
        if mutate:
            verdicts = _mutation(box, rel, verdicts, results[0].coverage, measured)
    return FileValidation(rel, tuple(verdicts), seeds, note)


def _review(config: Config, snapshot: Snapshot, file: Path, rel: str) -> dict[str, tuple[Finding, ...]]:
    """Review findings per test ("test_x", "TestCart::test_total") of the file."""
    try:
        source = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    packages = {import_root_and_module(config.root, f.path)[1].split(".")[0] for f in snapshot.files}
    paths = [f.path for f in snapshot.files]
    context = context_for(config.root, paths, packages, tests_dir=config.tests_dir, skip=[file])
    out: dict[str, list[Finding]] = {}
    for finding in review_source(source, rel, context, mode="user"):
        out.setdefault(finding.test, []).append(finding)
    return {test: tuple(found) for test, found in out.items()}


def _smells(file: Path, rel: str) -> list[Smell]:
    try:
        from covlift.audit import audit_source
    except ImportError:
        return []
    try:
        return list(audit_source(file.read_text(encoding="utf-8"), rel))
    except SyntaxError:
        return []


def _mutation(
    box: Sandbox,
    rel: str,
    verdicts: list[TestVerdict],
    coverage: dict[str, dict[str, tuple[frozenset[LineNo], frozenset[Arc]]]],
    measured: dict[str, FileCoverage],
) -> list[TestVerdict]:
    from dataclasses import replace

    from covlift.errors import ProjectTestsError
    from covlift.generation.judge.mutation import mutants_for, run_mutants

    by_file: dict[str, set[int]] = {}
    for v in verdicts:
        if v.accepted:
            for path, lines in v.new_lines.items():
                by_file.setdefault(path, set()).update(lines)
    root = box.project
    out = {v.nodeid: v for v in verdicts}
    for path, gained in by_file.items():
        source = (root / path).read_text(encoding="utf-8")
        mutants = mutants_for(source, path, sorted(gained), limit=24)
        if not mutants:
            continue
        _, module = import_root_and_module(root, path)
        ids = [v.nodeid for v in verdicts if v.accepted and path in v.new_lines]
        try:
            results = run_mutants(
                root, box.python, module, Path(rel), mutants, test_ids=ids, stop_on_first=False, box=box
            )
        except ProjectTestsError as exc:
            for nodeid in ids:
                out[nodeid] = replace(
                    out[nodeid], accepted=False, reasons=(f"the mutation check could not run ({exc})",)
                )
            continue
        for nodeid in ids:
            v = out[nodeid]
            nothing: tuple[frozenset[LineNo], frozenset[Arc]] = (frozenset(), frozenset())
            covered = coverage.get(nodeid, {}).get(str((root / path).resolve()), nothing)[0]
            mine_ids = {m.id for m in mutants_for(source, path, sorted(covered), limit=10_000)}
            mine = [r for r in results if r.mutant.id in mine_ids and r.status not in ("invalid", "error")]
            killed = sum(1 for r in mine if nodeid in r.killed_by)
            v = replace(
                v,
                mutants_killed=v.mutants_killed + killed,
                mutants_tried=v.mutants_tried + len(mine),
            )
            out[nodeid] = v
    final = []
    for v in out.values():
        if v.accepted and v.mutants_tried and not v.mutants_killed:
            v = replace(
                v,
                accepted=False,
                reasons=(f"killed none of {v.mutants_tried} mutants of the lines it covers",),
            )
        final.append(v)
    return sorted(final, key=lambda v: v.nodeid)
