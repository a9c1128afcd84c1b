"""Static audit of someone else's test suite, for reviewing precision by hand (not a test).

    python -m tests.audit.external_scan SRC_DIR PACKAGE [PACKAGE...]

prints every finding of the source rules over SRC_DIR's test_*.py / *_test.py
files, with PACKAGE(s) as first-party, then a count per rule.  This is how the
external numbers in docs/audit.md were produced (boltons, dateutil, toolz,
marshmallow, tomlkit, parse, slugify, docutils, humanize, isodate, schema,
tabulate, CPython's Lib/test, gsutil).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from covlift.audit import AuditContext, audit_source
from covlift.audit.discover import project_classes


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    root = Path(argv[0])
    packages = frozenset(argv[1:])
    context = AuditContext(first_party=packages, project_classes=project_classes(root, packages))
    counts: Counter[str] = Counter()
    files = sorted(p for p in root.rglob("*.py") if p.name.startswith("test_") or p.name.endswith("_test.py"))
    for path in files:
        try:
            smells = audit_source(
                path.read_text(errors="replace"), str(path.relative_to(root)), context=context
            )
        except (SyntaxError, ValueError):
            continue
        for smell in smells:
            counts[smell.rule] += 1
            print(f"{smell.path}:{smell.line} {smell.test} [{smell.rule}] {smell.message}")
    print(f"{len(files)} files, {sum(counts.values())} findings: {dict(counts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
