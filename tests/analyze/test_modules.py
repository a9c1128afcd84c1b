"""Module names, package groups and fan-in from paths alone."""

from __future__ import annotations

from pathlib import Path

from covlift.analyze.modules import TOP_LEVEL, fan_in, module_infos


def test_flat_layout_groups_first_level_subpackages() -> None:
    paths = [
        "orderdesk/__init__.py",
        "orderdesk/cli.py",
        "orderdesk/core/__init__.py",
        "orderdesk/core/pricing.py",
        "orderdesk/api/routers/orders.py",
        "orderdesk/api/__init__.py",
        "orderdesk/api/routers/__init__.py",
    ]
    infos = module_infos(paths)
    assert infos["orderdesk/cli.py"].module == "orderdesk.cli"
    assert infos["orderdesk/cli.py"].group == "orderdesk"
    assert infos["orderdesk/__init__.py"].group == "orderdesk"
    assert infos["orderdesk/core/__init__.py"].module == "orderdesk.core"
    assert infos["orderdesk/core/__init__.py"].is_package
    assert infos["orderdesk/core/pricing.py"].group == "orderdesk/core"
    assert infos["orderdesk/api/routers/orders.py"].module == "orderdesk.api.routers.orders"
    assert infos["orderdesk/api/routers/orders.py"].group == "orderdesk/api"


def test_src_layout_drops_the_non_package_prefix() -> None:
    paths = ["src/app/__init__.py", "src/app/core/__init__.py", "src/app/core/x.py", "manage.py"]
    infos = module_infos(paths)
    assert infos["src/app/core/x.py"].module == "app.core.x"
    assert infos["src/app/core/x.py"].group == "app/core"
    assert infos["manage.py"].module == "manage"
    assert infos["manage.py"].group == TOP_LEVEL


def test_init_files_on_disk_count_when_not_measured(tmp_path: Path) -> None:
    (tmp_path / "lib" / "tools").mkdir(parents=True)
    (tmp_path / "lib" / "__init__.py").write_text("")
    (tmp_path / "lib" / "tools" / "__init__.py").write_text("")
    infos = module_infos(["lib/tools/a.py"], is_file=lambda rel: (tmp_path / rel).is_file())
    assert infos["lib/tools/a.py"].module == "lib.tools.a"
    assert infos["lib/tools/a.py"].group == "lib/tools"


def test_namespace_packages_without_any_init() -> None:
    infos = module_infos(["src/svc/api/routes.py", "svc2/jobs/run.py"])
    assert infos["src/svc/api/routes.py"].module == "svc.api.routes"
    assert infos["src/svc/api/routes.py"].group == "svc/api"
    assert infos["svc2/jobs/run.py"].group == "svc2/jobs"


def test_fan_in_counts_distinct_importing_modules() -> None:
    paths = ["p/__init__.py", "p/a.py", "p/b.py", "p/c.py"]
    infos = module_infos(paths)
    imports = {
        "p/a.py": frozenset({"p.b", "p.b.helper", "os"}),
        "p/b.py": frozenset({"p.c"}),
        "p/c.py": frozenset({"p", "p.b", "p.c"}),  # importing itself does not count
    }
    assert fan_in(imports, infos) == {"p/__init__.py": 1, "p/a.py": 0, "p/b.py": 2, "p/c.py": 1}
