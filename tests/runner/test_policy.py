"""RunPolicy from the project's configuration: pass-env, isolation, [tool.covlift.sandbox]."""

from __future__ import annotations

from pathlib import Path

import pytest

from covlift.config import load_config
from covlift.errors import ConfigError
from covlift.runner import Limits, RunPolicy


def write_config(root: Path, body: str) -> Path:
    (root / "pyproject.toml").write_text(f"[tool.covlift]\n{body}\n", encoding="utf-8")
    return root


def test_defaults(tmp_path: Path) -> None:
    policy = RunPolicy.from_config(load_config(tmp_path))
    assert policy == RunPolicy()
    assert policy.limits == Limits(memory_mb=4096, cpu_s=None, file_mb=1024, processes=512)


def test_settings_and_overrides(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        'pass-env = ["DJANGO_*", "REDIS_URL"]\nisolation = "kernel"\n'
        "[tool.covlift.sandbox]\nmemory-mb = 8192\ncpu-s = 600\nprocesses = 0\n",
    )
    policy = RunPolicy.from_config(load_config(tmp_path), spawn=False)
    assert policy.pass_env == ("DJANGO_*", "REDIS_URL")
    assert policy.isolation == "kernel"
    assert policy.spawn is False
    assert policy.limits == Limits(memory_mb=8192, cpu_s=600, file_mb=1024, processes=None)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('isolation = "docker"', "isolation = 'docker' is not one of"),
        ('pass-env = "HOME"', "pass-env = 'HOME' has the wrong type"),
        ('pass-env = ["A B"]', "pass-env entry 'A B' is not an environment variable name"),
        ("[tool.covlift.sandbox]\nmemory = 1", "unknown key 'memory' in [tool.covlift.sandbox]"),
        ("[tool.covlift.sandbox]\nmemory-mb = -1", "memory-mb = -1: give a whole number"),
        ('[tool.covlift.sandbox]\nfile-mb = "big"', "file-mb = 'big': give a whole number"),
    ],
)
def test_bad_settings_are_one_clear_sentence(tmp_path: Path, body: str, message: str) -> None:
    write_config(tmp_path, body)
    with pytest.raises(ConfigError, match=None) as caught:
        RunPolicy.from_config(load_config(tmp_path))
    assert message in str(caught.value)
    assert str(caught.value).endswith(".")


def test_a_programming_error_is_not_a_config_error() -> None:
    with pytest.raises(ValueError, match="isolation"):
        RunPolicy(isolation="docker")
    with pytest.raises(ValueError, match="memory_mb"):
        Limits(memory_mb=0)
