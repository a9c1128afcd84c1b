"""The audit as JSON (schema in docs/audit.md); ``format`` is bumped on any incompatible change."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from covlift.audit.model import AuditResult

FORMAT = 1


def to_json(result: AuditResult) -> dict[str, Any]:
    flaky = result.flaky
    runtime = result.runtime
    return {
        "format": FORMAT,
        "root": result.root,
        "summary": {
            "findings": len(result.smells),
            "by_rule": result.by_rule,
            "files": result.files,
            "tests": result.tests,
            "suppressed": result.suppressed,
            "flaky": len(flaky.flaky) if flaky else None,
        },
        "rules": list(result.rules),
        "findings": [asdict(s) for s in result.smells],
        "runtime": asdict(runtime) if runtime else None,
        "flaky": None
        if flaky is None
        else {
            "reruns": flaky.reruns,
            "seeds": list(flaky.seeds),
            "tests_seen": flaky.tests_seen,
            "stable": flaky.stable,
            "tests": [
                {
                    **{k: v for k, v in asdict(t).items() if k not in ("failing_seeds", "replays")},
                    "failing_seeds": list(t.failing_seeds),
                    "replays": [{"seed": s, "failed_again": again} for s, again in t.replays],
                }
                for t in flaky.flaky
            ],
        },
        "notes": list(result.notes),
    }
