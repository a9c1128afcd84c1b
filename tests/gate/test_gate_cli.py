"""``covlift gate`` end to end, in-process, on a real measured project in a git repository."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from covlift.cli import main
from covlift.config import load_config
from covlift.coverage_json import files_from_coverage_json
from covlift.gate import gate_config, run_gate
from covlift.model import RunInfo, Snapshot
from covlift.store import open_store
from tests.gate.gate_helpers import git, init_repo, measure, write

BASE = {
    "pyproject.toml": """
        [tool.coverage.run]
        source = ["shop"]
        branch = true
        """,
    "shop/__init__.py": "",
    "shop/cart.py": """
        def add_item(cart, item, qty=1):
            if qty <= 0:
                raise ValueError("qty")
            cart[item] = cart.get(item, 0) + qty
            return cart


        def count(cart):
            return sum(cart.values())
        """,
    "tests/test_cart.py": """
        import pytest
        from shop.cart import add_item, count


        def test_add_and_count():
            assert count(add_item({}, "a", 2)) == 2


        def test_bad_qty():
            with pytest.raises(ValueError):
                add_item({}, "a", 0)
        """,
}

FEATURE = {
    "shop/cart.py": """
        def add_item(cart, item, qty=1):
            if qty <= 0:
                raise ValueError("qty")
            cart[item] = cart.get(item, 0) + qty
            return cart


        def count(cart):
            return sum(cart.values())


        def discount(total, code):
            if code == "HALF":
                return total / 2
            return total
        """,
    "shop/tax.py": """
        def vat(amount):
            return amount * 0.2
        """,
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = init_repo(tmp_path_factory.mktemp("cli") / "shop", BASE)
    measure(root)
    shutil.copy(root / "coverage.json", root.parent / "base.json")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, FEATURE)
    git(root, "add", "shop")
    git(root, "commit", "-q", "-m", "discount and tax")
    measure(root)
    return root


@pytest.fixture
def repo(project: Path, tmp_path: Path) -> Path:
    """A private copy, so tests may add stores and config."""
    copy = tmp_path / "shop"
    shutil.copytree(project, copy)
    shutil.copy(project.parent / "base.json", tmp_path / "base.json")
    return copy


def snapshot(report_path: Path, root: Path, branch: str) -> Snapshot:
    files = files_from_coverage_json(json.loads(report_path.read_text()), root)
    run = RunInfo(created_at="2026-01-01T00:00:00+00:00", root=str(root), branch=branch, commit="c0ffee")
    return Snapshot(run=run, files=files)


def gate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["gate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_thresholds_pass_fail_and_exit_zero(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = str(repo / "coverage.json")
    total = json.loads(Path(report).read_text())["totals"]["percent_covered"]
    code, out, _ = gate(capsys, str(repo), "--from", report, "--fail-under", "50", "--no-diff")
    assert code == 0 and "PASS  fail-under" in out
    code, out, _ = gate(capsys, str(repo), "--from", report, "--fail-under", "95", "--no-diff")
    assert code == 1 and "FAIL  fail-under" in out
    assert f"exactly {format(total, '.10g')}%" in out
    code, out, _ = gate(capsys, str(repo), "--from", report, "--fail-under", "95", "--no-diff", "--exit-zero")
    assert code == 0 and "FAIL  fail-under" in out


def test_diff_coverage_json_and_annotations(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = gate(
        capsys,
        str(repo),
        "--from",
        str(repo / "coverage.json"),
        "--diff-fail-under",
        "90",
        "--json",
        "--github-annotations",
    )
    assert code == 1
    doc: dict[str, Any] = json.loads(out)
    assert doc["meta"]["format"] == 1 and doc["passed"] is False
    assert doc["diff"]["description"] == "main...HEAD, staged and unstaged changes"
    files = {f["path"]: f for f in doc["diff"]["files"]}
    # discount(): def line ran at import; its body did not.  tax.py never ran at all.
    assert files["shop/cart.py"]["statements"] == [12, 13, 14, 15]
    assert files["shop/cart.py"]["missing_lines"] == [13, 14, 15]
    assert files["shop/tax.py"]["missing_lines"] == [1, 2]
    assert doc["diff"]["totals"]["num_statements"] == 6
    assert doc["diff"]["totals"]["covered_lines"] == 1
    names = {c["name"]: c["passed"] for c in doc["checks"]}
    assert names == {"diff-fail-under": False, "new-zero-coverage": False}
    # annotations go to stderr when stdout carries JSON
    assert "::warning file=shop/cart.py,line=13,endLine=15,title=Uncovered change::" in err
    assert "::warning file=shop/tax.py,line=1,endLine=2,title=Uncovered change::" in err
    assert "::error title=covlift gate diff-fail-under::" in err


def test_markdown_and_junit_reports(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md, junit = tmp_path / "out" / "gate.md", tmp_path / "gate.xml"
    code, out, _ = gate(
        capsys,
        str(repo),
        "--from",
        str(repo / "coverage.json"),
        "--fail-under",
        "10",
        "--diff-fail-under",
        "90",
        "--markdown",
        str(md),
        "--junit-xml",
        str(junit),
    )
    assert code == 1
    assert "diff coverage (main...HEAD, staged and unstaged changes): 17% of 6" in out
    text = md.read_text()
    assert text.startswith("<!-- covlift-gate -->\n### ❌ covlift gate FAILED: 2 of 3 checks")
    assert "| `shop/tax.py` (new) | 2 | 0% |  | 1-2 |  |" in text
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "2"
    failed = {c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None}
    assert failed == {"diff-fail-under", "new-zero-coverage"}


def test_ratchet_against_the_base_branch_in_the_store(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(str(repo / ".covlift" / "covlift.db"))
    base = store.save(snapshot(repo.parent / "base.json", repo, "main"))
    store.save(snapshot(repo / "coverage.json", repo, "feature"))
    store.close()
    code, out, _ = gate(capsys, str(repo), "--json")
    doc = json.loads(out)
    assert code == 1
    assert doc["baseline"]["snapshot_id"] == base.id and doc["baseline"]["branch"] == "main"
    checks = {c["name"]: c for c in doc["checks"]}
    assert not checks["ratchet-total"]["passed"] and not checks["ratchet-files"]["passed"]
    assert checks["ratchet-files"]["details"][0].startswith("shop/cart.py: 100% -> ")
    assert checks["ratchet-packages"]["details"][0].startswith("shop: 100% -> ")
    assert {d["scope"] for d in doc["drops"]} == {"total", "package", "file"}
    # the verdict is kept for the HTML report, as the ("gate", "latest") document
    store = open_store(str(repo / ".covlift" / "covlift.db"))
    stored = store.get_document("gate", "latest")
    store.close()
    assert stored is not None and stored["passed"] is False and stored["checks"] == doc["checks"]
    code, out, _ = gate(capsys, str(repo), "--no-ratchet", "--json")
    assert {c["name"] for c in json.loads(out)["checks"]} == {"new-zero-coverage"}


def test_gating_main_compares_with_the_previous_main_snapshot(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(str(repo / ".covlift" / "covlift.db"))
    first = store.save(snapshot(repo.parent / "base.json", repo, "main"))
    store.save(snapshot(repo.parent / "base.json", repo, "main"))
    store.close()
    code, out, _ = gate(capsys, str(repo), "--no-diff", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["baseline"]["snapshot_id"] == first.id


def test_usage_errors_exit_2(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_git_env: None
) -> None:
    report = str(repo / "coverage.json")
    code, _, err = gate(capsys, str(repo), "--from", report, "--compare-branch", "nope")
    assert code == 2 and "'nope' does not exist" in err
    code, _, err = gate(capsys, str(repo))
    assert code == 2 and "holds no snapshot" in err and "Traceback" not in err
    assert not (repo / ".covlift").exists()  # gating never creates a store
    code, _, err = gate(capsys, str(repo), "--from", report, "--fail-under", "150")
    assert code == 2 and "out of range" in err
    code, _, err = gate(capsys, str(repo), "--from", str(tmp_path / "none.json"))
    assert code == 2 and "cannot read" in err
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    code, _, err = gate(capsys, str(plain), "--from", report, "--diff")
    assert code == 2 and "not inside a git work tree" in err
    code, out, _ = gate(capsys, str(plain), "--from", report, "--fail-under", "10")
    assert code == 0 and "note: diff coverage skipped" in out


def test_settings_from_pyproject(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text()
        + (
            "\n[tool.coverage.report]\nfail_under = 99\nprecision = 1\n"
            "\n[tool.covlift.gate]\ndiff = false\nfail-on-new-zero = false\nbogus = 1\n"
            '\n[tool.covlift.thresholds]\n"shop/cart.py" = 50\n'
        )
    )
    code, out, err = gate(capsys, str(repo), "--from", str(repo / "coverage.json"))
    assert code == 1
    assert "FAIL  fail-under" in out and "PASS  threshold:shop/cart.py" in out
    assert "diff coverage" not in out
    assert "unrecognised option 'bogus' in [tool.covlift.gate]" in err
    code, out, _ = gate(capsys, str(repo), "--from", str(repo / "coverage.json"), "--fail-under", "10")
    assert code == 0  # the flag beats the inherited coverage.py fail_under


def test_the_plans_schedule_for_today(repo: Path) -> None:
    store = open_store(str(repo / ".covlift" / "covlift.db"))
    store.put_document("plan", "latest", {"schedule": [["2026-01-01", 40], ["2026-06-01", 95]]})
    store.save(snapshot(repo / "coverage.json", repo, "feature"))
    store.close()

    def in_force(plan: dict[str, Any], today: date) -> float | None:
        due = [pct for day, pct in plan["schedule"] if date.fromisoformat(day) <= today]
        return float(due[-1]) if due else None

    config = load_config(repo)
    settings = gate_config(config, diff=False, ratchet=False)
    early = run_gate(config, settings, today=date(2026, 3, 1), schedule=in_force)
    late = run_gate(config, settings, today=date(2026, 7, 1), schedule=in_force)
    before = run_gate(config, settings, today=date(2025, 7, 1), schedule=in_force)
    assert [c.name for c in early.checks if c.kind == "schedule"] == ["schedule"]
    assert early.passed and not late.passed
    assert not [c for c in before.checks if c.kind == "schedule"]


def test_diff_file_outside_git(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_git_env: None
) -> None:
    patch = tmp_path / "change.diff"
    patch.write_text(git(repo, "diff", "main...HEAD"))
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    code, out, _ = gate(
        capsys, str(plain), "--from", str(plain / "coverage.json"), "--diff-file", str(patch), "--json"
    )
    doc = json.loads(out)
    assert code == 1  # tax.py is new and never ran
    assert doc["diff"]["description"] == f"the diff in {patch}"
    assert doc["diff"]["totals"]["num_statements"] == 6
    assert doc["snapshot"]["commit"] is None


@pytest.mark.parametrize(
    "content",
    [bytes(range(256)) * 4, b"just some notes\nnot a patch\n", b"@@ -1 +1 @@\n-a\n+b\n"],
)
def test_a_diff_file_that_is_not_a_diff_is_a_usage_error(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    patch = tmp_path / "random.diff"
    patch.write_bytes(content)
    code, out, err = gate(capsys, str(repo), "--from", str(repo / "coverage.json"), "--diff-file", str(patch))
    assert code == 2, out
    assert "100" not in out
    assert "not a unified diff" in err or "hunk before any 'diff --git' header" in err


def test_an_empty_diff_file_is_an_empty_change(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    patch = tmp_path / "empty.diff"
    patch.write_text("")
    code, out, err = gate(
        capsys, str(repo), "--from", str(repo / "coverage.json"), "--diff-file", str(patch), "--json"
    )
    assert code == 0, err
    assert json.loads(out)["diff"]["totals"]["num_statements"] == 0
