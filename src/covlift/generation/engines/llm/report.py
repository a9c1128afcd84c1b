"""Terminal lines for the cost ledger and the dry-run estimate."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from covlift.generation.engines.llm.estimate import CostEstimate
from covlift.generation.engines.llm.ledger import LedgerSummary


def money(value: float | None) -> str:
    return "unknown (no price for the model)" if value is None else f"${value:.4f}"


def render_ledger(summary: LedgerSummary, console: Console) -> None:
    console.print(
        f"llm ({summary.model}): {summary.requests} request(s), {summary.cached} answered from the "
        f"cache, {summary.retries} retried; {summary.input_tokens} input + {summary.output_tokens} "
        f"output tokens; cost {money(summary.cost)}"
        + (f" (cap ${summary.max_cost:g})" if summary.max_cost is not None else ""),
        highlight=False,
    )
    if summary.stopped:
        console.print(f"stopped: {summary.stopped}", highlight=False)


def render_estimate(estimate: CostEstimate, console: Console) -> None:
    table = Table(box=None, header_style="bold", title=f"dry run: {estimate.model}, no request made")
    for name in ("target", "prompt tokens", "expected", "worst case", "note"):
        table.add_column(name, justify="left" if name in ("target", "note") else "right")
    for r in estimate.rows:
        table.add_row(
            r.label,
            str(r.input_tokens),
            "?" if r.expected_cost is None else f"${r.expected_cost:.4f}",
            "?" if r.worst_cost is None else f"${r.worst_cost:.4f}",
            {"cached": "first answer cached", "done": "finished in the checkpoint"}.get(r.status, ""),
        )
    console.print(table)
    console.print(
        f"expected {money(estimate.expected_cost)} (one attempt each), worst case "
        f"{money(estimate.worst_cost)} ({estimate.max_attempts} attempts, {estimate.max_tokens} "
        "output tokens each); tokens estimated at 4 characters each.",
        highlight=False,
    )
