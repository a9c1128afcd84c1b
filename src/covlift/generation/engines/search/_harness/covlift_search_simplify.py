"""Plainer spellings of a call the search kept: the values a reader would have picked.

Random search finds ``aot.insert(-47, -1)`` where ``aot.insert(1, -1)`` reaches the same
lines; a reviewer reads the odd number as meaningful and asks what it means.  Each literal
that looks arbitrary (a large or negative number, text padded with spaces) is offered a
plainer value, and each keyword argument is offered its absence; the caller keeps a
variant only when it reaches the same new lines and branches with an oracle as good.
"""

from __future__ import annotations

import ast
import datetime
import decimal
import enum
import functools
import json
import math
import re
import typing
from collections.abc import Callable, Iterator

#: numbers a reader takes as "some number", plainest first
_PLAIN_INTS = (1, 2, 0, 3, 10)
_PLAIN_FLOATS = (1.5, 2.0, 0.5)


def simpler_calls(
    call: str,
    values: bool = True,
    keywords: bool = True,
    settled: Callable[[int | None, str | None], list[str]] | None = None,
) -> Iterator[str]:
    """Variants of ``call`` with (``keywords``) one keyword argument dropped or (``values``) one
    arbitrary-looking literal made plain; the plainest first.  ``settled`` gives, by position or
    keyword, the values typical of the call's parameters: a literal inside an argument that is
    one (the 1200 g of ``{"SKU-001": 1200}`` for ``unit_weights``) is the domain's, not noise."""
    try:
        tree = ast.parse(call)
    except SyntaxError:
        return
    lines = call.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(lineno: int, col: int) -> int:
        return starts[lineno - 1] + len(lines[lineno - 1].encode()[:col].decode(errors="ignore"))

    def span(node: ast.AST) -> tuple[int, int]:
        return (
            offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]
            offset(node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
        )

    # the keywords of the call itself, not of a value built inside it (an HTTP answer's
    # `model_dump(mode="json")` is how the body is made, not noise)
    outer = _outer_call(tree)
    if outer is not None and keywords:
        yield from (variant for _, variant in _without_keywords(call, outer, span))
    if not values:
        return
    inner = {  # the 47 of -47, the text of an f-string: part of a literal already seen
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, (ast.UnaryOp, ast.JoinedStr))
        for child in ast.walk(node)
        if child is not node
    }
    if outer is not None and settled is not None:
        for arg, position, keyword in _argument_slots(outer):
            start, end = span(arg)
            if call[start:end] in settled(position, keyword):
                inner.update(id(child) for child in ast.walk(arg))
    for node in ast.walk(tree):  # a moment in year 1: a year a reader knows
        found = _year_of(node)
        if found is not None:
            year, value = found
            inner.add(id(year))  # and 2024 is no arbitrary number
            if not 1970 <= value <= 2100:
                start, end = span(year)
                yield call[:start] + "2024" + call[end:]
    for node in ast.walk(tree):  # `Decimal("19.98")`: an amount a reader picks, `Decimal("20.00")`
        amount = _decimal_text(node)
        if amount is not None:
            inner.update(id(child) for child in ast.walk(node) if child is not node)
            start, end = span(node.args[0])  # type: ignore[attr-defined]
            yield from (call[:start] + _quoted(text) + call[end:] for text in _rounder_amounts(amount))
    for node in ast.walk(tree):  # `timedelta(seconds=61910894, microseconds=1)`: in whole days
        whole = _whole_duration(node)
        if whole is not None:
            inner.update(id(child) for child in ast.walk(node) if child is not node)
            start, end = span(node)
            yield from (call[:start] + code + call[end:] for code in whole)
    for node in ast.walk(tree):
        literal = _literal(node) if id(node) not in inner else None
        if literal is None:
            continue
        start, end = span(literal[0])
        for plain in _plainer(literal[1]):
            yield call[:start] + plain + call[end:]


def with_arguments_replaced(
    call: str, typical: Callable[[int | None, str | None], list[str]], even_typical: bool = False
) -> Iterator[str]:
    """Variants of ``call`` (or of ``name = Class(...)``) with one argument replaced by a value
    its parameter typically takes: ``typical(position, keyword)`` gives those values' code for
    the argument at that position or of that keyword.  A value the search mixed in from
    another domain (``merge_with(2.5, "factory", itemmap=...)``) is offered a typical one
    where the outcome does not depend on it.  An argument already typical is left as it is,
    unless ``even_typical``."""
    try:
        tree = ast.parse(call)
    except SyntaxError:
        return
    if len(tree.body) != 1 or not isinstance(tree.body[0], (ast.Expr, ast.Assign)):
        return
    node = tree.body[0].value
    while isinstance(node, ast.Call) and ast.unparse(node.func) == "asyncio.run" and node.args:
        node = node.args[0]
    if not isinstance(node, ast.Call) or any(isinstance(a, ast.Starred) for a in node.args):
        return
    for value, position, keyword in _argument_slots(node):
        if not any(isinstance(n, ast.Constant) for n in ast.walk(value)):
            continue  # a fixture's object, a factory's call, a function: how the project does it
        current = ast.unparse(value)
        segment = ast.get_source_segment(call, value)
        offered = typical(position, keyword)
        if segment is None or (current in map(_normal, offered) and not even_typical):  # already typical
            continue
        start = _offset(call, value.lineno, value.col_offset)
        end = start + len(segment)
        for code in offered:
            if _normal(code) != current:
                yield call[:start] + code + call[end:]


def _argument_slots(node: ast.Call) -> list[tuple[ast.expr, int | None, str | None]]:
    """(value, position, keyword) of each argument a call passes (not ``**kwargs``)."""
    slots: list[tuple[ast.expr, int | None, str | None]] = [(a, i, None) for i, a in enumerate(node.args)]
    return slots + [(k.value, None, k.arg) for k in node.keywords if k.arg]


def as_the_message_says(call: str, message: str) -> Iterator[str]:
    """Variants of a refused call with one argument made the value its error message is about:
    ``None`` -> ``0`` where it says zero ("step must be non-zero"), a text -> ``None`` where it
    asks for something callable ("enter should be callable", not ``enter="461f00eb"``)."""
    lowered = message.lower()
    for value in passed_arguments(call):
        segment = ast.get_source_segment(call, value)
        if segment is None or not isinstance(value, ast.Constant):
            continue
        if value.value is None and "zero" in lowered:
            yield _with_value(call, value, segment, "0")
        elif isinstance(value.value, str) and "callable" in lowered:
            yield _with_value(call, value, segment, "None")


def with_argument(call: str, position: int | None, keyword: str | None, code: str) -> str | None:
    """The call with the argument at ``position`` (or of ``keyword``) written as ``code``; None
    when the call passes no such argument."""
    outer = _own_call(call)
    if outer is None:
        return None
    if position is not None:
        value = outer.args[position] if position < len(outer.args) else None
    else:
        value = next((k.value for k in outer.keywords if k.arg == keyword), None)
    segment = ast.get_source_segment(call, value) if value is not None else None
    return _with_value(call, value, segment, code) if value is not None and segment is not None else None


def with_typical_besides(
    call: str, typical: Callable[[int | None, str | None], list[str]], keep: str
) -> str | None:
    """The call with every argument but the keyword ``keep`` written as the first value its
    parameter typically takes: ``merge_with(bool, 1, unexpected=True)`` -> ``merge_with(sum, {1: 1},
    unexpected=True)``, for an error about that keyword alone.  None when nothing changes."""
    outer = _own_call(call)
    if outer is None or any(isinstance(a, ast.Starred) for a in outer.args):
        return None
    slots: list[tuple[int | None, str | None]] = [(i, None) for i in range(len(outer.args))]
    slots += [(None, k.arg) for k in outer.keywords if k.arg and k.arg != keep]
    changed = call
    for position, keyword in reversed(slots):  # from the end: earlier offsets stay where they were
        offered = typical(position, keyword)
        replaced = with_argument(changed, position, keyword, offered[0]) if offered else None
        changed = replaced or changed
    return changed if changed != call else None


#: the text a refused call passes where a number stood: it says the value is wrong on purpose
WRONG_WORD = '"invalid"'


def numbers_as_words(call: str, takes_text: Callable[[int | None, str | None], bool]) -> Iterator[str]:
    """Variants of a refused call with one number argument (or one object the search built)
    written as a word that says it is wrong (``ip.deserialize("invalid")``, not
    ``ip.deserialize(1)``; ``TimeDelta(precision="invalid")``), where ``takes_text(position,
    keyword)`` says its parameter may be text: a test of what the code refuses reads best with
    the malformed text its callers send."""
    try:
        tree = ast.parse(call)
    except SyntaxError:
        return
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return
    node = tree.body[0].value
    while isinstance(node, ast.Call) and ast.unparse(node.func) == "asyncio.run" and node.args:
        node = node.args[0]
    if not isinstance(node, ast.Call):
        return
    slots = [(a, i, None) for i, a in enumerate(node.args)] + [(k.value, None, k.arg) for k in node.keywords]
    for value, position, keyword in slots:
        number = isinstance(value, ast.Constant) and type(value.value) in (int, float)
        # an object the search built where a word goes: TimeDelta(precision=TimeDelta(...))
        built = isinstance(value, ast.Call) and ast.unparse(value.func).rsplit(".", 1)[-1][:1].isupper()
        wrong = (number or built) and takes_text(position, keyword)
        segment = ast.get_source_segment(call, value) if wrong else None
        if segment is None:
            continue
        yield _with_value(call, value, segment, WRONG_WORD)


#: what a zero argument is offered when the answer is nothing: a number that shows the work
_SOME = ("10", "100", "1000", "1")


def zeros_raised(call: str) -> Iterator[str]:
    """Variants of a call with one zero argument made a number that shows something
    (``max_redeemable(total, 0) == 0`` whatever the total: ``max_redeemable(total, 10)``)."""
    for argument in passed_arguments(call):
        for value in ast.walk(argument):  # a zero inside what it passes too: Money(Decimal("0"))
            if not isinstance(value, ast.expr):
                continue
            zero = isinstance(value, ast.Constant) and type(value.value) in (int, float) and value.value == 0
            amount = _decimal_text(value)
            segment = ast.get_source_segment(call, value) if zero or amount is not None else None
            if segment is None:
                continue
            if amount is not None:
                if decimal.Decimal(amount) != 0:
                    continue
                places = amount.split(".")[1] if "." in amount else ""
                for some in _SOME:
                    yield _with_value(
                        call, value, segment, f'Decimal("{some}{"." + places if places else ""}")'
                    )
                continue
            for some in _SOME:
                yield _with_value(call, value, segment, some)


def in_time_order(codes: list[str]) -> list[str]:
    """The moments a sequence of calls passes, in the order the calls are made: points earned at
    15:00 are not purged at 01:00 the same day (the clock never runs backwards in a test).  The
    codes come back unchanged when their moments are in order already or cannot be read."""
    found = [
        (index, start, end, moment)
        for index, code in enumerate(codes)
        for start, end, _, moment in _datetimes(code)
    ]
    try:
        order = sorted(range(len(found)), key=lambda k: found[k][3])
    except TypeError:  # naive and aware moments: no order
        return codes
    if order == list(range(len(found))) or all(found[k][3] == found[i][3] for i, k in enumerate(order)):
        return codes
    written = [codes[f[0]][f[1] : f[2]] for f in found]
    out = list(codes)
    for slot in reversed(range(len(found))):  # from the end, so the earlier offsets hold
        index, start, end, _ = found[slot]
        out[index] = out[index][:start] + written[order[slot]] + out[index][end:]
    return out


def time_runs_backwards(setup: str | None, codes: list[str]) -> bool:
    """Does a call happen before what the object was built to have done already (a grant
    ``earned_at`` March, redeemed in January), or a later call before an earlier one?"""
    done = [m for _, _, name, m in _datetimes(setup or "") if name and name.endswith("ed_at")]
    moments = [m for code in codes for _, _, _, m in _datetimes(code)]
    try:
        if done and moments and min(moments) < max(done):
            return True
        return any(moments[i + 1] < moments[i] for i in range(len(moments) - 1))
    except TypeError:  # naive and aware moments: no order
        return False


def _datetimes(code: str) -> list[tuple[int, int, str | None, datetime.datetime]]:
    """The literal datetimes a piece of code passes, in order: (start, end, the keyword each is
    given as, the moment)."""
    if "datetime" not in code:  # asked of every case the search considers
        return []
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    keyword_of = {
        id(k.value): k.arg for node in ast.walk(tree) if isinstance(node, ast.Call) for k in node.keywords
    }
    found: list[tuple[int, int, str | None, datetime.datetime]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in ("datetime.datetime", "datetime"):
            segment = ast.get_source_segment(code, node)
            try:
                moment = eval(segment or "", {"datetime": datetime})  # a literal datetime(...) only
            except Exception:
                continue
            if isinstance(moment, datetime.datetime) and segment is not None:
                start = _offset(code, node.lineno, node.col_offset)
                found.append((start, start + len(segment), keyword_of.get(id(node)), moment))
    return sorted(found, key=lambda f: f[0])


def keywords_as_flags(call: str, flag_like: Callable[[str], bool]) -> Iterator[str]:
    """Variants of a call with one keyword argument that takes a switch (``flag_like(name)``)
    given ``True`` in place of the text or number standing in for it
    (``parse(text, fuzzy_with_tokens=True)``, not ``fuzzy_with_tokens="invalid"``)."""
    outer = _own_call(call)
    for k in outer.keywords if outer is not None else ():
        value = k.value
        plain = (
            isinstance(value, ast.Constant) and not isinstance(value.value, bool) and value.value is not None
        )
        segment = ast.get_source_segment(call, value) if plain and k.arg and flag_like(k.arg) else None
        if segment is None:
            continue
        yield _with_value(call, value, segment, "True")


def garbled_as_word(call: str, garbled: Callable[[str], bool]) -> Iterator[str]:
    """Variants of a refused call with one text argument the search garbled (``backend=
    "aDyascii"``) written as the word that says it is wrong (``backend="invalid"``): the
    reader of a test of what the code refuses should not wonder what the noise means."""
    for value in passed_arguments(call):
        segment = ast.get_source_segment(call, value)
        if segment is None or not isinstance(value, ast.Constant) or not garbled(segment):
            continue
        yield _with_value(call, value, segment, WRONG_WORD)


def _with_value(call: str, value: ast.expr, segment: str, code: str) -> str:
    """The call with the argument ``value`` (written ``segment``) written ``code`` instead."""
    start = _offset(call, value.lineno, value.col_offset)
    return call[:start] + code + call[start + len(segment) :]


def _offset(text: str, lineno: int, col: int) -> int:
    lines = text.splitlines(keepends=True)
    return sum(len(line) for line in lines[: lineno - 1]) + len(
        lines[lineno - 1].encode()[:col].decode(errors="ignore")
    )


def _normal(code: str) -> str:
    try:
        return ast.unparse(ast.parse(code, mode="eval"))
    except SyntaxError:
        return code


def _year_of(node: ast.AST) -> tuple[ast.Constant, int] | None:
    """The year of ``datetime(1, 3, 1)`` / ``date(2024, ...)``."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    year = node.args[0]
    if name not in ("datetime", "date") or not isinstance(year, ast.Constant):
        return None
    value = year.value
    return (year, value) if isinstance(value, int) and not isinstance(value, bool) else None


def _literal(node: ast.AST) -> tuple[ast.AST, object] | None:
    """A number or text literal (``-47`` is a unary minus over 47: the whole of it)."""
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
    ):
        value = node.operand.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return node, -value
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float, str))
        and not isinstance(node.value, bool)
    ):
        return node, node.value
    return None


def _plainer(value: object) -> list[str]:
    """Plainer literals for a value that looks arbitrary; none for one that looks chosen.  Small
    plain numbers first, then the value rounded to one, two, three figures (-3808 -> -4000,
    -3800, -3810): where the code's branches need the size, a round number of that size."""
    if isinstance(value, int):
        if -1 <= value <= 10 or value in (100, 1000):
            return []
        return [repr(v) for v in _PLAIN_INTS] + (["-1"] if value < 0 else []) + _rounded(value)
    if isinstance(value, float):
        if 0 <= value <= 10:
            return []
        plain = [repr(v) for v in _PLAIN_FLOATS] + (["-1.5"] if value < 0 else [])
        return (
            plain
            + [repr(float(r)) for r in map(int, _rounded(round(value)))]
            + [repr(round(value, 1))] * (round(value, 1) != value)
        )
    if isinstance(value, str) and value.strip() and value != value.strip():
        return [_quoted(value.strip())]
    return []


def _decimal_text(node: ast.AST) -> str | None:
    """The text of ``Decimal("19.98")``; None for any other node."""
    if not isinstance(node, ast.Call) or len(node.args) != 1 or node.keywords:
        return None
    if ast.unparse(node.func).rsplit(".", 1)[-1] != "Decimal":
        return None
    arg = node.args[0]
    if not isinstance(arg, ast.Constant) or not isinstance(arg.value, str):
        return None
    return arg.value if re.fullmatch(r"-?\d+(?:\.\d+)?", arg.value) else None


def _rounder_amounts(text: str) -> list[str]:
    """An amount that looks arbitrary (``19.98``, ``12.37``) as round ones with the same places
    (``20.00``, ``10.00``); none for one that looks chosen (``9.99``, ``20``, ``7.25``)."""
    value = decimal.Decimal(text)
    places = len(text.split(".")[1]) if "." in text else 0
    cents = (value * 100) % 100
    if value == value.to_integral_value() or cents in (25, 50, 75, 99) or abs(value) <= 1:
        return []
    out: list[str] = []
    for step in (decimal.Decimal(10), decimal.Decimal(1)):
        rounded = (value / step).to_integral_value(decimal.ROUND_HALF_UP) * step
        if rounded != 0 and rounded != value:
            code = f"{rounded:.{places}f}"
            if code not in out:
                out.append(code)
    return out


def _rounded(value: int) -> list[str]:
    """``value`` to one, two and three significant figures, each once and not itself."""
    digits = len(str(abs(value)))
    out: list[str] = []
    for figures in (1, 2, 3):
        if figures >= digits:
            break
        r = round(value, figures - digits)
        if r not in (0, value) and repr(r) not in out:
            out.append(repr(r))
    return out


#: seconds of each unit a duration is said in, largest first
_UNITS = (("days", 86400), ("hours", 3600), ("minutes", 60), ("seconds", 1))


def _whole_duration(node: ast.AST) -> list[str] | None:
    """``timedelta(seconds=61910894, microseconds=1)`` said in the largest whole unit it holds
    (``timedelta(days=717)``, then ``days=716``, then ``seconds=61910894``); None for any other
    node, or a duration already said in one keyword of whole units."""
    if not isinstance(node, ast.Call) or node.args or not node.keywords:
        return None
    func = ast.unparse(node.func)
    if func.rsplit(".", 1)[-1] != "timedelta":
        return None
    seconds = 0.0
    scale: dict[str, float] = {**dict(_UNITS), "microseconds": 1e-6, "milliseconds": 1e-3, "weeks": 604800}
    amounts: list[float] = []
    for k in node.keywords:
        literal = _literal(k.value)
        amount = literal[1] if literal is not None else None
        if k.arg is None or k.arg not in scale or not isinstance(amount, (int, float)):
            return None
        amounts.append(amount)
        seconds += float(amount) * scale[k.arg]
    whole_units = len(amounts) == 1 and node.keywords[0].arg in dict(_UNITS) and amounts[0] == int(amounts[0])
    if whole_units and abs(amounts[0]) < 1000:  # timedelta(days=21)
        return None
    out: list[str] = []
    unit, size = next(((u, n) for u, n in _UNITS if abs(seconds) >= n), _UNITS[-1])
    for whole in (round(seconds / size), int(seconds / size)):  # the nearest, then the whole part
        code = f"{func}({unit}={whole})"
        if whole and code not in out:
            out.append(code)
    if unit != "seconds" and seconds != int(seconds):  # without the microsecond only
        out.append(f"{func}(seconds={int(seconds)})")
    return out


def _quoted(text: str) -> str:
    """A string literal with double quotes, as formatters write it."""
    code = repr(text)
    if code.startswith("'") and '"' not in text:
        code = '"' + code[1:-1].replace("\\'", "'") + '"'
    return code


def keywords_of(call: str) -> list[str]:
    """The names of the keyword arguments the call itself passes, whatever their values."""
    outer = _own_call(call)
    return [k.arg for k in outer.keywords if k.arg is not None] if outer is not None else []


def flags_of(call: str) -> list[str]:
    """The keyword arguments the call itself passes as a literal other than text: a switch, a
    number or a collection (``slugify(t, lowercase=False, backend="unidecode")`` ->
    ``["lowercase"]``).  A word names what to use, and the same answer from another
    implementation is what its test shows; a switch is shown only by what it changes."""
    outer = _own_call(call)
    names: list[str] = []
    for k in outer.keywords if outer is not None else ():
        try:
            value = ast.literal_eval(k.value)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if k.arg is not None and not isinstance(value, (str, bytes)):
            names.append(k.arg)
    return names


def arguments_of(call: str) -> dict[int | str, object]:
    """The literal arguments of the call itself, by position and by keyword."""
    outer = _own_call(call)
    slots: list[tuple[int | str, ast.expr]] = [(i, a) for i, a in enumerate(outer.args)] if outer else []
    slots += [(k.arg, k.value) for k in outer.keywords if k.arg is not None] if outer else []
    found: dict[int | str, object] = {}
    for slot, node in slots:
        try:
            found[slot] = ast.literal_eval(node)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
    return found


def words_within(value: object) -> list[str]:
    """The texts a literal holds (``[["|", "or"]]`` -> ``["|", "or"]``), in order."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [w for k, v in value.items() for w in (*words_within(k), *words_within(v))]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [w for item in value for w in words_within(item)]
    return []


def without_keyword(call: str, keyword: str) -> str:
    """The call with one of its own keyword arguments left out (the call itself when it has none
    of that name)."""
    outer = _own_call(call)
    if outer is None:
        return call
    span = functools.partial(span_of, call)
    return next((variant for name, variant in _without_keywords(call, outer, span) if name == keyword), call)


#: values an item may have that a filter or a cleaner leaves out
_LEFT_OUT = ("0", '""', "None", "False", "-1")


def with_one_item_more(call: str) -> Iterator[str]:
    """Variants of the call with one item added to a dict or list literal it passes: a key of
    its own given a value a filter may leave out (``{"price": 1}`` -> ``{"price": 1, "stock":
    0}``), or such a value appended to a list."""
    outer = _own_call(call)
    if outer is None:
        return
    for value in [*outer.args, *(k.value for k in outer.keywords)]:
        segment = ast.get_source_segment(call, value)
        if segment is None:
            continue
        inside = segment[1:-1].rstrip().rstrip(",")
        if isinstance(value, ast.List) and value.elts:
            grown = [f"[{inside}, {code}]" for code in _LEFT_OUT]
        elif isinstance(value, ast.Dict) and value.keys:
            keys = {k.value for k in value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
            if len(keys) != len(value.keys):
                continue  # keys that are not all text: no name to add beside them
            key = next((w for w in ("other", "extra", "spare", "more", "rest") if w not in keys), None)
            if key is None:
                continue
            grown = [f'{{{inside}, "{key}": {code}}}' for code in _LEFT_OUT]
        else:
            continue
        yield from (_with_value(call, value, segment, code) for code in grown)


def passed_arguments(call: str) -> list[ast.expr]:
    """The values the call itself passes, positional then keyword."""
    outer = _own_call(call)
    return [*outer.args, *(k.value for k in outer.keywords)] if outer is not None else []


def inner_calls(call: str) -> Iterator[str]:
    """``GUIDerator(size=1)`` of ``GUIDerator(size=GUIDerator(size=1))``: an argument that calls
    the same callable, which refuses before the outer call runs -- the refusal is the inner one's."""
    outer = _own_call(call)
    if outer is None:
        return
    callee = ast.unparse(outer.func)
    for value in passed_arguments(call):
        if isinstance(value, ast.Call) and ast.unparse(value.func) == callee:
            yield ast.unparse(value)


def _own_call(call: str) -> ast.Call | None:
    """The call the code makes itself (see ``_outer_call``); None for code that does not parse."""
    try:
        return _outer_call(ast.parse(call))
    except SyntaxError:
        return None


def _outer_call(tree: ast.Module) -> ast.Call | None:
    """The call a one-expression module makes, inside ``asyncio.run(...)`` when it awaits."""
    outer = tree.body[0].value if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr) else None
    while isinstance(outer, ast.Call) and ast.unparse(outer.func) == "asyncio.run" and outer.args:
        outer = outer.args[0]
    return outer if isinstance(outer, ast.Call) else None


def span_of(text: str, node: ast.AST) -> tuple[int, int]:
    """Where a node's code starts and ends in ``text``, as string offsets."""
    return (
        _offset(text, node.lineno, node.col_offset),  # type: ignore[attr-defined]
        _offset(text, node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
    )


def text_and_number_disagree(code: str) -> bool:
    """Does a call in ``code`` take a number and the text of another number
    (``Integer(34, Trivia(), "8001")``: a parsed item whose value and raw text differ)?  No
    parser builds that object, and a reader takes it for a mistake."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        values = [*node.args, *(k.value for k in node.keywords)]
        literals = [found[1] for found in map(_literal, values) if found is not None]
        numbers = [float(v) for v in literals if isinstance(v, (int, float)) and not isinstance(v, bool)]
        numbers += [n for n in map(_infinite, values) if n is not None]  # Float(float("inf"), ..., "12.34")
        numerals = [a.value for a in values if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        numerals = [t for t in numerals if re.fullmatch(r"[+-]?(?:\d+(?:\.\d+)?|inf|nan)", t.strip())]
        if len(numbers) == 1 and len(numerals) == 1 and not _same_number(float(numerals[0]), numbers[0]):
            return True
    return False


def _infinite(node: ast.expr) -> float | None:
    """``float("inf")``, ``float("-nan")``, ``math.inf``: the number, else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _infinite(node.operand)
        return -inner if inner is not None else None
    if isinstance(node, ast.Attribute) and ast.unparse(node) in ("math.inf", "math.nan"):
        return float(node.attr)
    if (
        isinstance(node, ast.Call)
        and ast.unparse(node.func) == "float"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and node.args[0].value.strip().lstrip("+-").lower() in ("inf", "nan", "infinity")
    ):
        return float(node.args[0].value)
    return None


def _same_number(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def without_inner_keywords(code: str) -> Iterator[str]:
    """Each keyword argument of a call nested in ``code`` left out in turn, the longest first:
    ``Array(value=[], trivia=Trivia(comment="# This part you'll really hate"))`` ->
    ``Array(value=[], trivia=Trivia())``; the outer call's own are ``simpler_calls``', and a
    method's (``.model_dump(mode="json")``) or another module's (``httpx.Response(...)``) stay."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return
    outer = _outer_call(tree)
    inner = [  # objects of classes named as imported, not how an answer's body is made (model_dump)
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and n is not outer
        and n.keywords
        and isinstance(n.func, ast.Name)
        and n.func.id[:1].isupper()
    ]
    found = [
        variant for node in inner for _, variant in _without_keywords(code, node, lambda n: span_of(code, n))
    ]
    yield from sorted(dict.fromkeys(found), key=len)


def _without_keywords(call: str, node: ast.Call, span) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """``f(a, b=1)`` -> ``("b", "f(a)")``: each keyword argument left out in turn."""
    parts = [*node.args, *node.keywords]
    for index, keyword in enumerate(node.keywords):
        if keyword.arg is None:  # **kwargs
            continue
        position = len(node.args) + index
        start, end = span(keyword)
        if position > 0:  # from the end of the argument before it
            start = span(parts[position - 1])[1]
        elif position + 1 < len(parts):  # up to the argument after it
            end = span(parts[position + 1])[0]
        yield keyword.arg, call[:start] + call[end:]


def answered_as_asked(
    code: str, request: object, passed: set[str], model_of: Callable[[str], type | None]
) -> str | None:
    """``code`` with the mocked server's answer made to agree with the request it got.

    The search gives a test double one canned answer (``PaymentIntent(id="payment-intent-1",
    amount=999, currency=Currency.EUR, status=PaymentStatus.AUTHORIZED)``) whatever it is
    asked; a reviewer reads a 1234.50 USD refund of ``intent-1`` answered that way as a server
    no one runs.  Each field of the answer's model (``Model(...).model_dump(...)``) takes the
    value the request sent under its name, an id the path names among the values the test
    passed (``passed``), and an enum field the member the path's last word asks for
    (``/refund``: ``REFUNDED``).  None when nothing changes."""
    try:
        tree = ast.parse(code)
        path = str(request.url.path)  # type: ignore[attr-defined]
        content = request.content  # type: ignore[attr-defined]
        body = json.loads(content) if content else {}
    except (SyntaxError, AttributeError, ValueError, UnicodeDecodeError):
        return None
    body = body if isinstance(body, dict) else {}
    segments = [s for s in path.split("/") if s]
    edits: list[tuple[ast.expr, str]] = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "model_dump"
            and isinstance(node.func.value, ast.Call)
        ):
            continue
        built = node.func.value
        model = model_of(ast.unparse(built.func).split(".")[-1])
        fields = getattr(model, "model_fields", None)
        if not isinstance(fields, dict):
            continue
        for kw in built.keywords:
            field = fields.get(kw.arg) if kw.arg else None
            if field is None or kw.arg is None:
                continue
            asked = _asked_value(kw.arg, kw.value, getattr(field, "annotation", None), body, segments, passed)
            if asked is not None and asked != ast.unparse(kw.value):
                edits.append((kw.value, asked))
    for value, asked in sorted(edits, key=lambda e: (e[0].lineno, e[0].col_offset), reverse=True):
        start, end = span_of(code, value)
        code = code[:start] + asked + code[end:]
    return code if edits else None


def _asked_value(
    key: str,
    value: ast.expr,
    annotation: object,
    body: dict[str, object],
    segments: list[str],
    passed: set[str],
) -> str | None:
    """The code of the value a server answers for ``key`` when asked ``body`` at ``segments``."""
    kinds = [a for a in (typing.get_args(annotation) or (annotation,)) if isinstance(a, type)]
    members = next((k for k in kinds if issubclass(k, enum.Enum)), None)
    prefix = ast.unparse(value.value) if isinstance(value, ast.Attribute) else None
    sent = body.get(key)
    if sent is not None and isinstance(sent, (str, int, float, bool)):
        if members is not None:
            member = next((m for m in members if m.value == sent), None)
            return f"{prefix}.{member.name}" if member is not None and prefix else None
        return repr(sent) if type(sent) in kinds else None
    if (
        (key == "id" or key.endswith("_id"))
        and isinstance(value, ast.Constant)
        and isinstance(value.value, str)
    ):
        named = [s for s in segments if s in passed]
        return repr(named[-1]) if named else None
    if members is not None and prefix:
        verb = next((s for s in reversed(segments) if s.isalpha()), "").lower().rstrip("e")
        member = next((m for m in members if len(verb) >= 4 and m.name.lower().startswith(verb)), None)
        return f"{prefix}.{member.name}" if member is not None else None
    return None


def as_callers_type(call: str, held: set[str]) -> Iterator[str]:
    """``call`` with a text it passes that the result holds (``find_promotion(promos, "SPRING10")``
    answered ``PercentOff(code="SPRING10")``) written as callers type it: lower-case
    (``"spring10"``), then with a dash between its letters and digits (``"spring-10"``)."""
    try:
        tree = ast.parse(call)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in held):
            continue
        text = node.value
        typed = [text.lower()] if text != text.lower() else []
        dashed = re.sub(r"(?<=[A-Za-z])(?=\d)", "-", text.lower())
        typed += [dashed] if dashed not in (text, *typed) else []
        start, end = span_of(call, node)
        yield from (call[:start] + _quoted(variant) + call[end:] for variant in typed)


def keys_from_the_list(call: str) -> Iterator[str]:
    """``call`` with a text it passes replaced by one that an object of a list it passes holds:
    ``find_promotion([Promotion(code="SPRING10")], "WELCOME5")`` found nothing; with
    ``"SPRING10"`` the look-up finds what it exists to find (the key taken from the context the
    call already has, DSpot's input amplification)."""
    passed = passed_arguments(call)  # none of code that makes no call
    held = [
        k.value.value
        for arg in passed
        if isinstance(arg, ast.List)
        for item in arg.elts
        if isinstance(item, ast.Call)
        for k in item.keywords
        if isinstance(k.value, ast.Constant) and isinstance(k.value.value, str) and k.value.value.strip()
    ]
    keys = [arg for arg in passed if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
    for key in keys:
        for text in dict.fromkeys(held):
            if text != key.value:
                start, end = span_of(call, key)
                yield call[:start] + _quoted(text) + call[end:]
