"""``covlift audit``: find the tests that give false confidence, and the flaky ones.

Library API (the CLI and the validate/gate stages use only these):

* :func:`audit_source` — static findings for one file's text; pure, cheap
  (the assertion-quality check applied to generated tests);
* :func:`audit_paths` — a whole project: static, cross-file, run-time and ``--flaky``;
* :func:`new_smells` — head findings absent from a base audit, for the gate.
"""

from __future__ import annotations

from covlift.audit.catalog import ALL_RULES, RULES, SOURCE_RULES
from covlift.audit.compare import new_smells
from covlift.audit.engine import audit_paths, audit_source
from covlift.audit.model import AuditResult, FlakyReport, FlakyTest, RuleInfo, RuntimeInfo, Smell
from covlift.audit.settings import AuditOptions, load_options
from covlift.audit.source import AuditContext

__all__ = [
    "ALL_RULES",
    "RULES",
    "SOURCE_RULES",
    "AuditContext",
    "AuditOptions",
    "AuditResult",
    "FlakyReport",
    "FlakyTest",
    "RuleInfo",
    "RuntimeInfo",
    "Smell",
    "audit_paths",
    "audit_source",
    "load_options",
    "new_smells",
]
