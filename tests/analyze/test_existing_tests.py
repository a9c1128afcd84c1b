"""Where tests for a module already live: augment them, or start a new file."""

from __future__ import annotations

from pathlib import Path

from covlift.analyze.existing_tests import existing_tests, find_test_files
from covlift.analyze.modules import module_infos

PATHS = [
    "app/__init__.py",
    "app/core/__init__.py",
    "app/core/models.py",
    "app/api/__init__.py",
    "app/api/models.py",
    "app/core/tax.py",
    "app/util.py",
]


def test_found_by_import_and_by_name() -> None:
    infos = module_infos(PATHS)
    tests = {
        "tests/test_tax.py": "import pytest\n",  # name only
        "tests/test_orders.py": "from app.core.models import Order\n",  # import only
        "tests/api/test_views.py": "from app.api import models as m\n",
        "tests/test_misc.py": "import app.util\n",
    }
    found = existing_tests(infos, tests)
    assert found["app/core/tax.py"] == ("tests/test_tax.py",)
    assert found["app/core/models.py"] == ("tests/test_orders.py",)
    assert found["app/api/models.py"] == ("tests/api/test_views.py",)
    assert found["app/util.py"] == ("tests/test_misc.py",)


def test_a_same_named_test_of_another_package_does_not_count() -> None:
    infos = module_infos(PATHS)
    found = existing_tests(infos, {"tests/api/test_models.py": "from app.api.models import X\n"})
    assert found["app/api/models.py"] == ("tests/api/test_models.py",)
    assert found["app/core/models.py"] == ()


def test_a_same_named_test_importing_neither_counts_for_both() -> None:
    infos = module_infos(PATHS)
    found = existing_tests(infos, {"tests/models_test.py": "import json\n"})
    assert found["app/api/models.py"] == ("tests/models_test.py",)
    assert found["app/core/models.py"] == ("tests/models_test.py",)


def test_find_test_files_skips_virtualenvs_and_caches(tmp_path: Path) -> None:
    for rel in [
        "tests/test_a.py",
        "tests/sub/b_test.py",
        "tests/helper.py",
        ".venv/lib/test_x.py",
        "build/test_y.py",
        "pkg.egg-info/test_z.py",
        "node_modules/test_n.py",
        "src/test_inline.py",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    assert list(find_test_files(tmp_path)) == [
        "src/test_inline.py",
        "tests/test_a.py",
        "tests/sub/b_test.py",
    ]
