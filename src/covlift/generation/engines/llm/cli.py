"""The llm engine's command-line options, kept here so ``commands/generate.py`` only hooks them in.

``--model --base-url --provider --max-attempts --max-cost --dry-run --concurrency``
are merged over ``[tool.covlift.llm]`` into one frozen LLMSettings, which
starts the run's session (ledger, cache, client) before the pipeline asks for
the engine by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import click

from covlift.commands._common import print_json, stdout_console
from covlift.config import Config
from covlift.errors import ExitCode, UsageError
from covlift.generation.engines.llm.estimate import estimate
from covlift.generation.engines.llm.ledger import LedgerSummary
from covlift.generation.engines.llm.report import render_estimate, render_ledger
from covlift.generation.engines.llm.session import configure, last_summary
from covlift.generation.engines.llm.settings import PROVIDERS, LLMSettings, require_model, settings_from
from covlift.model import Snapshot

__all__ = ["configure_llm", "dry_run", "llm_ledger", "llm_options", "render_ledger"]

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
    if not settings.dry_run:
        session = configure(settings)
        if session is not None:
            session.get_provider()  # a missing key or SDK is said now, before any measuring
    return settings


def llm_ledger() -> LedgerSummary | None:
    return last_summary()


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
