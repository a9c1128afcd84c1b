"""Config: defaults, then [tool.covlift], then flags; validated once."""

from __future__ import annotations

from pathlib import Path

import pytest

from covlift.config import ConfigWarning, load_config, parse_shard
from covlift.errors import ConfigError, UsageError


def test_layers_apply_in_order(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.covlift]\nper-test-timeout = 30\nstore = "cov.db"\n[tool.covlift.analyze]\nlow = 15\n'
    )
    config = load_config(tmp_path)
    assert config.per_test_timeout == 30 and config.timeout == 3600.0
    assert config.store_url == str(tmp_path / "cov.db")
    assert config.section("analyze") == {"low": 15}
    assert dict(config.section("gate")) == {}
    overridden = load_config(tmp_path, per_test_timeout=5.0, store=None)
    assert overridden.per_test_timeout == 5.0 and overridden.store == "cov.db"


def test_unknown_key_warns(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.covlift]\ntimout = 3\n")
    with pytest.warns(ConfigWarning, match="timout"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.covlift]\ntimeout = -1\n", "positive"),
        ("[tool.covlift]\ntimeout = true\n", "wrong type"),
        ("[tool.covlift]\nanalyze = 3\n", "must be a table"),
        ("[tool.covlift\n", "not valid TOML"),
    ],
)
def test_bad_values_are_config_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


def test_shards_and_workers_are_checked(tmp_path: Path) -> None:
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "2-4", "a/b"):
        with pytest.raises(ConfigError):
            parse_shard(bad)
    with pytest.raises(ConfigError, match="workers"):
        load_config(tmp_path, workers="many")
    assert load_config(tmp_path, workers="auto").workers == "auto"


def test_path_must_be_a_directory(tmp_path: Path) -> None:
    file = tmp_path / "f.py"
    file.write_text("x = 1\n")
    with pytest.raises(UsageError, match="not a directory"):
        load_config(file)
