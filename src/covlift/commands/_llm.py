"""The llm engine's command-line options, owned by the commands (generate, lift).

``--model --base-url --provider --max-attempts --max-cost --dry-run --concurrency``
are merged over ``[tool.covlift.llm]`` into one frozen LLMSettings; the command
then builds the run's engine from them (``build_engine``), before anything is
measured, so a bad engine name or a missing key is said at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import click

from covlift.commands._common import print_json, stdout_console
from covlift.config import Config
from covlift.errors import ExitCode, UsageError
from covlift.generation.engines import get_engine
from covlift.generation.engines.base import Engine
from covlift.generation.engines.llm.engine import LLMEngine
from covlift.generation.engines.llm.estimate import estimate
from covlift.generation.engines.llm.ledger import LedgerSummary
from covlift.generation.engines.llm.report import render_estimate, render_ledger
from covlift.generation.engines.llm.settings import PROVIDERS, LLMSettings, require_model, settings_from
from covlift.model import Snapshot

__all__ = ["build_engine", "configure_llm", "dry_run", "llm_ledger", "llm_options", "render_ledger"]

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS = (
    click.option("--model", default=None, help="llm engine: the model name (or [tool.covlift.llm] model)."),
    click.option("--base-url", default=None, help="llm engine: an OpenAI-compatible or Anthropic endpoint."),
    click.option("--provider", type=click.Choice(PROVIDERS), default=None, help="llm engine: wire format."),
    click.option("--max-attempts", type=int, default=None, help="llm engine: rounds per target [3]."),
    click.option("--max-cost", type=float, default=None, help="llm engine: stop before spending more USD."),
    click.option(
        "--dry-run", is_flag=True, default=False, help="llm engine: estimate the cost, ask nothing."
    ),
    click.option("--concurrency", type=int, default=None, help="llm engine: requests in flight [4]."),
)
_NAMES = ("model", "base_url", "provider", "max_attempts", "max_cost", "dry_run", "concurrency")


def llm_options(func: F) -> F:
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


def configure_llm(
    config: Config,
    engine: str,
    flags: Mapping[str, Any],
    *,
    mutate: bool,
    on_event: Callable[[str], None] | None,
) -> LLMSettings | None:
    """Settings for this run when the llm engine is among ``engine``; None otherwise."""
    given = {k: flags.get(k) for k in _NAMES if flags.get(k) not in (None, False)}
    if "llm" not in [e.strip() for e in engine.split(",")]:
        if given:
            names = ", ".join("--" + k.replace("_", "-") for k in given)
            raise UsageError(f"{names} apply to the llm engine; add --engine llm (or search,llm).")
        return None
    settings = settings_from(
        config.section("llm"),
        **given,
        validate_mutation=None if mutate else False,
        on_event=on_event,
    )
    return settings


def _llm_engines(engine: Engine) -> list[LLMEngine]:
    parts = getattr(engine, "engines", [engine])
    return [e for e in parts if isinstance(e, LLMEngine)]


def build_engine(name: str, settings: LLMSettings | None) -> Engine:
    """The run's engine; the llm engine's client is made now, so a missing key or SDK is said
    before any measuring."""
    engine = get_engine(name, {"llm": {"settings": settings}} if settings is not None else None)
    if settings is not None and not settings.dry_run:
        for llm in _llm_engines(engine):
            if llm.session is not None:
                llm.session.get_provider()
    return engine


def llm_ledger(engine: Engine) -> LedgerSummary | None:
    """What the run's llm engine spent, when it has one."""
    for llm in _llm_engines(engine):
        return llm.summary()
    return None


def dry_run(
    config: Config,
    snapshot: Snapshot,
    specs: Sequence[str],
    next_files: int,
    settings: LLMSettings,
    *,
    as_json: bool,
    seed: int,
) -> int:
    """Print what the first prompts would cost; send nothing, write nothing."""

    from covlift.generation.targets import select_targets, worst_files

    require_model(settings)
    chosen = select_targets(config.root, snapshot, list(specs) or worst_files(snapshot, next_files))
    result = estimate(config.root, chosen, settings, seed=seed)
    if as_json:
        print_json({"dry_run": result.to_dict()})
    else:
        render_estimate(result, stdout_console())
    return ExitCode.OK
