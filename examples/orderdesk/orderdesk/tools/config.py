"""Application settings loaded from environment variables.

Every setting can be overridden with an ``ORDERDESK_``-prefixed variable,
e.g. ``ORDERDESK_DATABASE_PATH=/var/lib/orderdesk/db.sqlite3``.  A ``.env``
file, if given, provides defaults that real environment variables override.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PREFIX = "ORDERDESK_"
ENVIRONMENTS = ("development", "test", "staging", "production")
LOG_LEVELS = frozenset({"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"})

SECRET_FIELDS = frozenset({"api_key", "shipping_api_key", "payments_api_key"})
_VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting has an invalid value."""


def parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"not a boolean: {value!r}")


def parse_list(value: str) -> tuple[str, ...]:
    """Comma-separated list; blanks are dropped."""
    return tuple(item.strip() for item in value.split(",") if item.strip())


def expand_vars(value: str, known: Mapping[str, str]) -> str:
    """Expand ``${NAME}`` and ``${NAME:-default}`` using ``known``.

    Unknown names without a default expand to the empty string, as in POSIX
    shells.
    """

    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in known and known[name] != "":
            return known[name]
        return default if default is not None else ""

    return _VAR_RE.sub(replace, value)


def load_dotenv(path: str | Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Parse a ``.env`` file: ``KEY=value`` lines, ``#`` comments, optional quotes.

    Double-quoted and unquoted values may refer to earlier keys or to
    ``environ`` with ``${NAME}``; single-quoted values are taken literally.
    """
    environ = os.environ if environ is None else environ
    values: dict[str, str] = {}
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{path}:{number}: expected KEY=value")
        value = value.strip()
        literal = False
        if len(value) >= 2 and value[0] == value[-1] and value[0] in {"'", '"'}:
            literal = value[0] == "'"
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].rstrip()
        if not literal and "${" in value:
            value = expand_vars(value, {**environ, **values})
        values[key.strip()] = value
    return values


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    database_path: str = "orderdesk.sqlite3"
    api_key: str | None = None
    enable_admin: bool = False
    shipping_base_url: str = "https://rates.shipping.example"
    shipping_api_key: str | None = None
    payments_base_url: str = "https://api.payments.example"
    payments_api_key: str | None = None
    http_timeout: float = 5.0
    max_retries: int = 3
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    log_level: str = "INFO"

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    def validate(self) -> Settings:
        """Check cross-field rules; returns ``self`` for chaining."""
        if self.environment not in ENVIRONMENTS:
            raise ConfigError(f"unknown environment {self.environment!r}")
        if self.http_timeout <= 0:
            raise ConfigError("http_timeout must be positive")
        if self.max_retries < 0:
            raise ConfigError("max_retries must not be negative")
        if self.max_retries > 10:
            raise ConfigError("more than 10 retries would hammer struggling upstream services")
        if self.is_production and not self.api_key:
            raise ConfigError("an api_key is required in production")
        if self.is_production and self.database_path == ":memory:":
            raise ConfigError("production cannot use an in-memory database")
        for origin in self.allowed_origins:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise ConfigError(f"invalid CORS origin {origin!r}")
        if "*" in self.allowed_origins and self.is_production:
            raise ConfigError("a wildcard CORS origin is not allowed in production")
        if self.log_level.upper() not in LOG_LEVELS:
            raise ConfigError(f"unknown log level {self.log_level!r}")
        return self

    def redacted(self) -> dict[str, Any]:
        """Settings as a dict that is safe to log: secrets are masked."""
        result: dict[str, Any] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.name in SECRET_FIELDS and value:
                value = f"{value[:2]}***" if len(value) > 8 else "***"
            elif isinstance(value, tuple):
                value = list(value)
            result[spec.name] = value
        return result

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        dotenv: str | Path | None = None,
    ) -> Settings:
        """Build settings from ``environ`` (default: ``os.environ``)."""
        source: dict[str, str] = {}
        if dotenv is not None and Path(dotenv).exists():
            source.update(load_dotenv(dotenv))
        source.update(os.environ if environ is None else environ)
        known = {PREFIX + spec.name.upper() for spec in fields(cls)}
        unknown = sorted(key for key in source if key.startswith(PREFIX) and key not in known)
        if unknown:
            raise ConfigError(f"unknown settings (typo?): {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for spec in fields(cls):
            key = PREFIX + spec.name.upper()
            if key not in source:
                continue
            raw = source[key]
            try:
                values[spec.name] = _coerce(spec.type, raw)
            except ValueError as exc:
                raise ConfigError(f"{key}: {exc}") from exc
        return cls(**values).validate()


def _coerce(annotation: Any, raw: str) -> Any:
    """Convert an environment string to the type named by ``annotation``.

    Annotations are strings here (``from __future__ import annotations``),
    e.g. ``"int"``, ``"str | None"`` or ``"tuple[str, ...]"``.
    """
    text = str(annotation).replace(" ", "")
    optional = text.endswith("|None") or text.startswith("None|")
    if optional:
        if raw.strip() == "" or raw.strip().lower() in {"none", "null"}:
            return None
        text = text.replace("|None", "").replace("None|", "")
    if text == "bool":
        return parse_bool(raw)
    if text == "int":
        value = int(raw.replace("_", ""))
        return value
    if text == "float":
        value = float(raw)
        if value != value:  # NaN
            raise ValueError("NaN is not a valid setting")
        return value
    if text.startswith("tuple"):
        return parse_list(raw)
    if text == "str":
        return raw.strip()
    raise ConfigError(f"unsupported setting type {annotation!r}")
