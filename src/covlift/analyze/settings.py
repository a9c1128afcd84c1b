"""``[tool.covlift.analyze]``: parsed and checked here, because the stage owns its options."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from covlift.analyze.model import Weights
from covlift.config import Config, ConfigWarning
from covlift.errors import ConfigError

#: libraries whose use means a test will need a mock, a fake or a temp resource, by kind
DEFAULT_MOCK_LIBRARIES: dict[str, tuple[str, ...]] = {
    "network": (
        "socket",
        "ssl",
        "http",
        "urllib",
        "urllib3",
        "requests",
        "httpx",
        "aiohttp",
        "ftplib",
        "smtplib",
        "imaplib",
        "poplib",
        "websockets",
        "websocket",
        "grpc",
        "paramiko",
        "boto3",
        "botocore",
        "xmlrpc",
    ),
    "database": (
        "sqlite3",
        "psycopg",
        "psycopg2",
        "asyncpg",
        "pymysql",
        "MySQLdb",
        "mysql",
        "sqlalchemy",
        "redis",
        "pymongo",
        "motor",
        "aiosqlite",
        "peewee",
        "elasticsearch",
        "cassandra",
        "django.db",
    ),
    "filesystem": ("shutil", "tempfile", "glob", "fcntl", "mmap", "aiofiles", "watchdog"),
    "subprocess": ("subprocess", "multiprocessing", "pexpect", "sh", "plumbum", "pty"),
}

ORDERS = ("zero-first", "score")

_KEYS = {"low-threshold", "order", "weights", "churn-days", "mock-libraries", "top"}
_WEIGHT_KEYS = {"gain", "complexity", "fan-in", "churn", "testability"}


@dataclass(frozen=True, slots=True)
class AnalyzeSettings:
    """What the analyze stage reads from configuration and flags."""

    #: a file with 0 < coverage <= this percent is "low"
    low_threshold: float = 20.0
    #: "zero-first": never-run files first, largest first, then by score; "score": by score only
    order: str = "zero-first"
    weights: Weights = field(default_factory=Weights)
    churn_days: int = 90
    #: library (top-level or dotted module name) -> kind
    mock_libraries: Mapping[str, str] = field(
        default_factory=lambda: {lib: kind for kind, libs in DEFAULT_MOCK_LIBRARIES.items() for lib in libs}
    )
    #: rows shown in the terminal and in the markdown ranking
    top: int = 20


def _number(table: Mapping[str, Any], key: str, where: str, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where} {key} = {value!r} must be a number; fix pyproject.toml.")
    return float(value)


def _warn_unknown(table: Mapping[str, Any], known: set[str], where: str) -> None:
    for key in table:
        if key not in known:
            warnings.warn(
                f"unrecognised option '{key}' in {where} of pyproject.toml; it is ignored.",
                ConfigWarning,
                stacklevel=3,
            )


def _weights(table: Any) -> Weights:
    where = "[tool.covlift.analyze.weights]"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where} must be a table of numbers; fix pyproject.toml.")
    _warn_unknown(table, _WEIGHT_KEYS, where)
    default = Weights()
    values = {
        key.replace("-", "_"): _number(table, key, where, getattr(default, key.replace("-", "_")))
        for key in _WEIGHT_KEYS
    }
    if any(v < 0 for v in values.values()):
        raise ConfigError(f"{where} weights must be zero or positive; fix pyproject.toml.")
    return Weights(**values)


def _mock_libraries(table: Any) -> dict[str, str]:
    where = "[tool.covlift.analyze.mock-libraries]"
    result = dict(AnalyzeSettings().mock_libraries)
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where} must map a kind to a list of module names; fix pyproject.toml.")
    for kind, libs in table.items():
        if not isinstance(libs, list) or not all(isinstance(lib, str) for lib in libs):
            raise ConfigError(f"{where} {kind} must be a list of module names; fix pyproject.toml.")
        result.update({lib: str(kind) for lib in libs})
    return result


def analyze_settings(config: Config, **flags: Any) -> AnalyzeSettings:
    """Defaults, then ``[tool.covlift.analyze]``, then flags (None = not given)."""
    where = "[tool.covlift.analyze]"
    table = config.section("analyze")
    _warn_unknown(table, _KEYS, where)
    low = _number(table, "low-threshold", where, 20.0)
    order = table.get("order", "zero-first")
    top = table.get("top", 20)
    churn_days = table.get("churn-days", 90)
    for key, value in (("top", top), ("churn-days", churn_days)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{where} {key} = {value!r} must be a positive whole number.")
    settings = AnalyzeSettings(
        low_threshold=low,
        order=str(order),
        weights=_weights(table.get("weights", {})),
        churn_days=int(churn_days),
        mock_libraries=_mock_libraries(table.get("mock-libraries", {})),
        top=int(top),
    )
    given = {k: v for k, v in flags.items() if v is not None}
    if given:
        from dataclasses import replace

        settings = replace(settings, **given)
    return check(settings)


def check(settings: AnalyzeSettings) -> AnalyzeSettings:
    """Reject values no ranking could use."""
    if not 0 <= settings.low_threshold < 100:
        raise ConfigError(
            f"low threshold {settings.low_threshold:g} must be at least 0 and under 100; "
            "fix --low or [tool.covlift.analyze] low-threshold."
        )
    if settings.order not in ORDERS:
        raise ConfigError(
            f"order {settings.order!r} is not one of {', '.join(ORDERS)}; "
            "fix --order or [tool.covlift.analyze] order."
        )
    if settings.top < 1:
        raise ConfigError("--top must be a positive whole number.")
    return settings
