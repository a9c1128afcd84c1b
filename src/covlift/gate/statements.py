"""Changed lines -> the statements they belong to, by coverage.py's own rule.

coverage.py reports a statement that spans several lines on its first line
only, so a diff that changes only a continuation line (an argument, a closing
bracket, the second line of a condition) touches no reported line and
diff-cover skips it (its issues #83 and #270).  covlift credits such a line
to its statement.

How: coverage.py's rule (``coverage.parser.multiline_map_from_tokens``) is
that every line of a logical line — the tokens up to a NEWLINE token — belongs
to the line of its first non-comment token.  Tokenizing every changed file
costs about 9 µs a line in pure Python, so the rule is applied only where it
can change the answer: a block of changed lines whose first line is not a
statement may continue the nearest statement S above it, and only then.  A
statement begins a logical line at the start of its line, outside any string
or bracket, so tokenizing can start at S and stop at its NEWLINE.  The tests
check the result line by line against coverage.py's ``PythonParser``.
``ast`` was not used: its nodes do not say where a compound statement's header
ends, which is exactly the line that decides.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet

from covlift.types import LineNo

#: reads a file's text, or None when it cannot be read
SourceReader = Callable[[], str | None]


def blocks(lines: Sequence[LineNo]) -> list[tuple[LineNo, LineNo]]:
    """Sorted line numbers -> runs of consecutive lines as (first, last)."""
    runs: list[tuple[LineNo, LineNo]] = []
    for line in lines:
        if runs and line == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    return runs


def _split_lines(text: str) -> list[str]:
    """Lines as the tokenizer sees them (only "\\n" ends a line in decoded text)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def logical_line_end(lines: Sequence[str], start: LineNo) -> LineNo | None:
    """The last line of the logical line that begins at ``start``, or None if unreadable."""
    import tokenize  # only lines with strings need it; keep startup lean

    rest = iter(lines[start - 1 :])
    try:
        for tok in tokenize.generate_tokens(lambda: next(rest, "")):
            if tok.type == tokenize.NEWLINE:
                return start - 1 + tok.end[0]
            if tok.type == tokenize.ENDMARKER:
                return None
    except (tokenize.TokenError, SyntaxError):
        return None
    return None


def _plain_end(lines: Sequence[str], start: LineNo, stop: LineNo) -> LineNo | None:
    """The logical line's last line, or ``stop`` if it runs past it, when lines
    ``start..`` hold no string quotes; None when a quote means the tokenizer must decide.

    Without strings, brackets and a trailing backslash alone continue a line, so
    counting them is exact and ~50x cheaper than tokenizing.
    """
    depth = 0
    for number in range(start, min(stop, len(lines)) + 1):
        text = lines[number - 1]
        if '"' in text or "'" in text:
            return None
        code = text.partition("#")[0]
        depth += code.count("(") + code.count("[") + code.count("{")
        depth -= code.count(")") + code.count("]") + code.count("}")
        if depth < 0:
            return None
        if depth == 0 and not code.rstrip("\r\n").endswith("\\"):
            return number
    return stop


def continuation_credits(
    changed: Sequence[LineNo],
    statements: Sequence[LineNo],
    read_source: SourceReader,
    statement_set: AbstractSet[LineNo] | None = None,
) -> dict[LineNo, LineNo]:
    """Changed continuation lines whose statement's first line did not change -> that line.

    ``changed`` and ``statements`` are sorted; the source is read only when needed.
    """
    if statement_set is None:
        statement_set = set(statements)
    candidates: list[tuple[LineNo, LineNo, LineNo]] = []
    for first, last in blocks(changed):
        if first in statement_set:
            continue
        index = bisect_left(statements, first) - 1
        if index >= 0:
            candidates.append((first, last, statements[index]))
    if not candidates:
        return {}
    text = read_source()
    if text is None:
        return {}
    lines = _split_lines(text)
    credits: dict[LineNo, LineNo] = {}
    for first, last, statement in candidates:
        if statement > len(lines):
            continue
        end = _plain_end(lines, statement, last)
        if end is None:
            end = logical_line_end(lines, statement)
        if end is None or end < first:
            continue
        for line in range(first, min(last, end) + 1):
            credits[line] = statement
    return credits
