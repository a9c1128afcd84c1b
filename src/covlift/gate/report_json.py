"""Read coverage.py's JSON report without its function and class regions.

Format 3 reports repeat every line list per function and per class; on a real
project that is about 90 % of the bytes, and the gate never reads it.  Each
file's own data comes first and its regions start at ``], "functions": {``, a
sequence that cannot occur inside a JSON string (the quote would be escaped)
nor elsewhere in the compact layout ``coverage json`` writes.  So each file's
own part is sliced out and decoded alone.

The result is checked against the report's own totals; if anything differs
(pretty-printed JSON, contexts, a plugin's file without regions, a future
layout) the whole report is decoded the ordinary way.  Same answer, always.
"""

from __future__ import annotations

import json
from typing import Any

_REGIONS = '], "functions": {'
_FILE = '{"executed_lines": ['
_DECODER = json.JSONDecoder()


def _sums_match(files: dict[str, Any], totals: dict[str, Any]) -> bool:
    statements = sum(len(f["executed_lines"]) + len(f["missing_lines"]) for f in files.values())
    covered = sum(len(f["executed_lines"]) for f in files.values())
    if statements != totals.get("num_statements") or covered != totals.get("covered_lines"):
        return False
    if "num_branches" in totals:
        hit = sum(len(f.get("executed_branches", ())) for f in files.values())
        miss = sum(len(f.get("missing_branches", ())) for f in files.values())
        return hit == totals.get("covered_branches") and hit + miss == totals["num_branches"]
    return True


def _lean(text: str) -> dict[str, Any] | None:
    meta_at, totals_at = text.find('"meta": '), text.rfind('"totals": ')
    if meta_at < 0 or totals_at < 0 or '"show_contexts": true' in text[:400]:
        return None
    files: dict[str, Any] = {}
    at = text.find(_REGIONS)
    while at >= 0:
        start = text.rfind(_FILE, 0, at)
        quote = max(text.rfind(', "', 0, start) + 2, text.rfind('{"', 0, start) + 1)
        if start < 0 or quote < 1:
            return None
        if text[start - 3 : start] != '": ':
            return None
        key = json.loads(text[quote : start - 2])
        if not isinstance(key, str) or key in files:
            return None
        files[key] = json.loads(text[start : at + 1] + "}")
        at = text.find(_REGIONS, at + 1)
    meta, _ = _DECODER.raw_decode(text, meta_at + 8)
    totals, _ = _DECODER.raw_decode(text, totals_at + 10)
    if not files or not isinstance(totals, dict) or not _sums_match(files, totals):
        return None
    return {"meta": meta, "files": files, "totals": totals}


def load_report(text: str) -> Any:
    """The report as ``json.loads`` gives it, minus regions when that is provably safe."""
    try:
        lean = _lean(text)
    except (ValueError, KeyError, TypeError):
        lean = None
    return lean if lean is not None else json.loads(text)
