"""measure() on real sample projects, compared with plain coverage.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.config import load_config
from covlift.measure import combine, load_data_file, measure
from covlift.model import Snapshot
from tests.helpers import coverage_py_json, line_and_arc_sets


def _sets(
    snapshot: Snapshot,
) -> dict[str, tuple[frozenset[int], frozenset[int], frozenset[tuple[int, int]], frozenset[tuple[int, int]]]]:
    return {
        f.path: (
            f.executed,
            frozenset(f.missing),
            frozenset(f.executed_branches),
            frozenset(f.missing_branches),
        )
        for f in snapshot.files
    }


def test_results_equal_plain_coverage_py(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("basic")
    snapshot = measure(load_config(project))
    expected = line_and_arc_sets(coverage_py_json(project, "shapes"))
    assert _sets(snapshot) == expected
    assert snapshot.outcome_counts == {"passed": 6, "failed": 1, "skipped": 1}
    unused = snapshot.file("shapes/unused.py")
    assert unused is not None and unused.covered_lines == 0 and unused.num_statements == 11


def test_regions_come_from_coverage_json(sample_project: Callable[[str], Path]) -> None:
    snapshot = measure(load_config(sample_project("basic")))
    names = snapshot.file("shapes/names.py")
    assert names is not None
    regions = {r.name: r for r in names.regions}
    assert set(regions) == {"classify", "plural"}
    assert regions["plural"].covered_lines == 0 and regions["plural"].num_statements == 3
    assert regions["classify"].missing_branches  # the pentagon branch never ran
    box = {r.name for r in snapshot.file("shapes/unused.py").regions if r.kind == "class"}  # type: ignore[union-attr]
    assert box == {"Box"}


def test_a_suite_that_runs_no_source_still_shows_every_branch(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("basic")
    full = measure(load_config(project)).file("shapes/names.py")
    for test in (project / "tests").glob("test_*.py"):
        test.unlink()
    (project / "tests" / "test_nothing.py").write_text("def test_sum():\n    assert 1 + 1 == 2\n")
    # coverage.py records no branch mode when nothing ran: files would show no branches at all
    bare = measure(load_config(project)).file("shapes/names.py")
    assert full is not None and bare is not None and full.missing_branches
    assert bare.executed_branches == ()
    assert set(bare.missing_branches) == set(full.executed_branches) | set(full.missing_branches)
    classify = next(r for r in bare.regions if r.name == "classify")
    assert classify.missing_branches and not classify.executed_branches


def test_shards_combine_to_the_whole_run(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("basic")
    whole = measure(load_config(project))
    shards = [measure(load_config(project, shard=f"{k}/3")) for k in (1, 2, 3)]
    sizes = sorted(len(s.tests) for s in shards)
    assert sum(sizes) == len(whole.tests) and sizes[-1] - sizes[0] <= 1  # balanced
    assert all(_sets(s) != _sets(whole) for s in shards)  # each shard alone is partial
    combined = combine(shards)
    assert _sets(combined) == _sets(whole)
    assert combined.totals == whole.totals
    assert sorted(t.nodeid for t in combined.tests) == sorted(t.nodeid for t in whole.tests)


def test_shard_selection_is_deterministic(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("basic")
    first = measure(load_config(project, shard="2/3"))
    again = measure(load_config(project, shard="2/3"))
    assert [t.nodeid for t in first.tests] == [t.nodeid for t in again.tests]


def test_xdist_workers_give_the_same_coverage(sample_project: Callable[[str], Path]) -> None:
    pytest.importorskip("xdist")
    project = sample_project("basic")
    serial = measure(load_config(project))
    parallel = measure(load_config(project, workers="2"))
    assert _sets(parallel) == _sets(serial)
    assert parallel.outcome_counts == serial.outcome_counts


def test_import_of_coverage_json_and_data_file(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("basic")
    report = coverage_py_json(project, "shapes")
    expected = line_and_arc_sets(report)
    config = load_config(project)
    from_json = load_data_file(config, project.parent / "basic.coverage.json")
    from_data = load_data_file(config, project.parent / "basic.coverage")
    assert _sets(from_json) == expected
    assert _sets(from_data) == expected
    assert from_json.run.origin == "import" and from_json.tests == ()


def test_measure_leaves_only_its_own_directory(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("basic")
    before = sorted(p.relative_to(project) for p in project.rglob("*") if "__pycache__" not in p.parts)
    measure(load_config(project))
    after = sorted(
        p.relative_to(project)
        for p in project.rglob("*")
        if "__pycache__" not in p.parts and ".covlift" not in p.parts
    )
    assert after == before
    assert (project / ".covlift" / ".coverage").is_file()  # kept for 'coverage html' and friends


def test_unbalanced_quotes_in_pytest_args_are_a_usage_error(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from covlift.cli import main

    project = sample_project("basic")
    assert main(["measure", str(project), "--no-store", "--pytest-args", "-k 'area"]) == 2
    err = capsys.readouterr().err
    assert '--pytest-args "-k \'area" cannot be split (No closing quotation); balance its quotes' in err
    assert not (project / ".covlift").exists()  # nothing ran


def test_a_corrupt_store_is_found_before_the_suite_runs(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from covlift.cli import main

    project = sample_project("basic")
    (project / "tests" / "conftest.py").write_text(
        "from pathlib import Path\n\n\ndef pytest_sessionstart(session):\n"
        "    Path(__file__).with_name('ran.txt').write_text('the suite ran')\n"
    )
    bad = project.parent / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    assert main(["measure", str(project), "--store", str(bad)]) == 2
    assert "is not a covlift database" in capsys.readouterr().err
    assert not (project / "tests" / "ran.txt").exists()  # exit 2: nothing was run


def test_a_module_that_fails_to_import_is_reported_not_dropped(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from covlift.cli import main

    project = sample_project("basic")
    (project / "tests" / "test_broken.py").write_text(
        "import no_such_module_anywhere\n\n\ndef test_x():\n    pass\n"
    )
    (project / "tests" / "test_syntax.py").write_text("def test_y(:\n    pass\n")
    assert main(["measure", str(project), "--no-store"]) == 0
    out = capsys.readouterr().out
    assert "2 test modules could not be collected, so their tests did not run" in out
    assert "collect-error  tests/test_broken.py: ModuleNotFoundError" in out
    assert "collect-error  tests/test_syntax.py:" in out
    snapshot = measure(load_config(project))
    assert {(i.nodeid, i.kind) for i in snapshot.incidents} >= {
        ("tests/test_broken.py", "collect-error"),
        ("tests/test_syntax.py", "collect-error"),
    }


def test_a_source_file_that_does_not_parse_is_reported(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from covlift.cli import main

    project = sample_project("basic")
    (project / "shapes" / "broken.py").write_text("def area(:\n    return 1\n")
    assert main(["measure", str(project), "--no-store"]) == 0
    out = capsys.readouterr().out
    assert "1 source file could not be parsed; not in the table or the totals:" in out
    assert "unparseable    shapes/broken.py: line 1: " in out


def test_the_whole_run_timeout_says_what_did_not_run(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("basic")
    (project / "tests" / "test_0_slow.py").write_text(
        "import time\n\n\ndef test_slow():\n    time.sleep(600)\n"
    )
    snapshot = measure(load_config(project, timeout=20.0, per_test_timeout=300.0))
    (stopped,) = [i for i in snapshot.incidents if i.kind == "run-timeout" and not i.nodeid]
    assert "did not run: tests/" in stopped.detail
    from io import StringIO

    from covlift.commands._common import make_console
    from covlift.report.terminal import render_snapshot

    out = StringIO()
    render_snapshot(snapshot, make_console(out))
    assert "The run passed --timeout and was stopped; what ran before is kept:" in out.getvalue()
    assert "rest of the suite was measured" not in out.getvalue()


def test_an_empty_shard_is_a_valid_empty_shard_snapshot(sample_project: Callable[[str], Path]) -> None:
    """--shard 9/9 of 8 tests selects none: an empty shard of that split, so the split combines."""
    project = sample_project("basic")
    whole = measure(load_config(project))
    assert len(whole.tests) == 8
    shards = [measure(load_config(project, shard=f"{k}/9")) for k in range(1, 10)]
    empty = shards[-1]
    assert empty.tests == () and empty.run.shard == "9/9"
    assert {f.path for f in empty.files} == {f.path for f in whole.files}
    assert empty.totals.covered_lines < whole.totals.covered_lines  # collection imports, no test ran
    combined = combine(shards)
    assert _sets(combined) == _sets(whole) and combined.totals == whole.totals
