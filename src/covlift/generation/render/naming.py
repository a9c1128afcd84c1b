"""Test names that say what behaviour they pin: ``test_<function>_<what>``."""

from __future__ import annotations

import ast
import re

MAX_LEN = 60


def snake(text: str) -> str:
    """CamelCase / punctuation -> snake_case words (``AoT`` -> aot: a short name's last capital
    is part of its one word; ``BuyXGetY`` -> buy_x_get_y)."""
    text = re.sub(r"(?<![A-Za-z])[A-Z][a-z][A-Z](?![A-Za-z])", lambda m: m.group(0).lower(), text)
    # a capital or an acronym before a word: BuyXGetY -> buy_x_get_y, HTTPClient -> http_client
    text = re.sub(r"([A-Z]+)([A-Z][a-z]{2,})", r"\1_\2", text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()
    return re.sub(r"_+", "_", text)


def describe_value(code: str) -> str:
    """A short word for an expected value's code: ``'pentagon'`` -> pentagon, ``[]`` -> empty."""
    stripped = code.strip()
    if stripped in ("[]", "{}", "()", "''", '""', "set()", "frozenset()"):
        return "empty"
    if stripped in ("None", "True", "False"):
        return stripped.lower()
    call = re.fullmatch(r"[\w.]*?(\w+)\((.*)\)", stripped, re.S)
    # datetime.date(2024, 1, 15) -> date_2024_1_15: the type's own name, then its arguments
    words = snake(f"{call.group(1)} {call.group(2)}" if call else stripped)
    if stripped.lstrip("-").replace(".", "", 1).replace("e", "", 1).isdigit() and len(stripped) > 8:
        return "number"
    if len(words) > 24:  # the first words, cut at a word boundary
        words = words[:25].rsplit("_", 1)[0] if "_" in words[:25] else ""
    if not words:
        return "value"
    if words[0].isdigit() or stripped.lstrip("-").replace(".", "", 1).isdigit():
        return "negative_" + words if stripped.startswith("-") else words
    return words


def make_test_name(target: str, what: str, used: set[str]) -> str:
    """``test_<function>_<what>``, shortened and made unique among ``used``."""
    parts = target.split(".")
    owner = snake(parts[-2]) + "_" if len(parts) > 1 else ""
    function = "init" if parts[-1] == "__init__" else snake(parts[-1])
    if what.startswith("returns_"):
        what = "returns_" + describe_value(what.removeprefix("returns_"))
    elif what.startswith("raises_"):
        what = "raises_" + snake(what.removeprefix("raises_"))
    tail = snake(what) or "behaves"
    base = f"test_{owner}{function}_{tail}"
    if len(base) > MAX_LEN:
        base = f"test_{function}_{tail}"
    if len(base) > MAX_LEN:
        base = base[:MAX_LEN].rsplit("_", 1)[0]
    name, n = base, 2
    while name in used:
        name = f"{base}_{n}"
        n += 1
    return name


# ---------------------------------------------------------------- names after the behaviour

#: the longest name a reader takes in at a glance (the review rules flag longer ones)
MAX_NAME = 70
#: words that say nothing in a name
_PLACEHOLDERS = frozenset(
    {"hello", "world", "foo", "bar", "baz", "qux", "spam", "eggs", "dummy", "lorem", "padded"}
)
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_PREPOSITIONS = frozenset({"for", "of", "in", "at", "to", "with", "from", "on", "by", "as"})
_ARTICLES = frozenset({"a", "an", "the"})
_FILLERS = _ARTICLES | {
    "and",
    "must",
    "be",
    "is",
    "are",
    "should",
    "can",
    "will",
    "that",
    "this",
    "which",
    "have",
    "has",
    "was",
    "were",
    "been",
    "its",
    "their",
}
#: operators by their dunder, in the words a test of them uses
_DUNDER_WORDS = {
    "__init__": "",
    "__eq__": "equality",
    "__ne__": "inequality",
    "__lt__": "less_than",
    "__le__": "less_or_equal",
    "__gt__": "greater_than",
    "__ge__": "greater_or_equal",
    "__len__": "length",
    "__contains__": "membership",
    "__iter__": "iteration",
    "__getitem__": "lookup",
    "__setitem__": "assignment",
    "__delitem__": "deletion",
    "__hash__": "hash",
    "__add__": "addition",
    "__sub__": "difference",
    "__mul__": "multiplication",
    "__matmul__": "matrix_multiplication",
    "__truediv__": "division",
    "__floordiv__": "floor_division",
    "__mod__": "modulo",
    "__divmod__": "divmod",
    "__pow__": "power",
    "__lshift__": "left_shift",
    "__rshift__": "right_shift",
    "__and__": "intersection",
    "__or__": "union",
    "__xor__": "symmetric_difference",
    "__neg__": "negation",
    "__pos__": "unary_plus",
    "__invert__": "inversion",
    "__abs__": "absolute_value",
    "__round__": "rounding",
    "__ceil__": "ceiling",
    "__floor__": "floor",
    "__trunc__": "truncation",
    "__call__": "call",
    "__bool__": "truth",
    "__repr__": "repr",
    "__reduce__": "pickle_round_trip",
    "__reduce_ex__": "pickle_round_trip",
    "__getstate__": "pickle_round_trip",
    "__setstate__": "pickle_round_trip",
    "__copy__": "copy",
    "__deepcopy__": "deep_copy",
    "__str__": "str",
}
#: the same operators on numbers: ``a & b`` of two integers is no intersection
_NUMERIC_WORDS = {
    "__sub__": "subtraction",
    "__and__": "bitwise_and",
    "__or__": "bitwise_or",
    "__xor__": "bitwise_xor",
}
#: predicate prefixes and how their negation reads
_NOT_PREDICATE = {"is_": "is_not_", "has_": "has_no_", "can_": "cannot_", "should_": "should_not_"}


def subject_of(target: str, shared: frozenset[str] = frozenset(), numeric: bool = False) -> str:
    """What a test is about: the function, or the method (with its class when the method
    name alone is ambiguous in the module, a predicate, an operator or the constructor).
    ``numeric``: the class is a number, whose ``&`` is a bitwise and."""
    parts = target.split(".")
    name = parts[-1]
    owner = snake(parts[-2]) if len(parts) > 1 else ""
    if name == "__call__" and owner:  # Range(min=0)(5): the test is about the range
        return owner
    if name in _DUNDER_WORDS or (name.startswith("__") and name.endswith("__")):
        words = operator_words(name, numeric)
        return f"{owner}_{words}".strip("_") if owner else words or snake(name)
    method = snake(name)
    if owner and (name in shared or method.startswith(tuple(_NOT_PREDICATE))):
        return f"{owner}_{method}"
    return method


def operator_words(dunder: str, numeric: bool = False) -> str:
    """``__ior__`` -> in_place_union, ``__rsub__`` -> reflected_difference (of numbers:
    reflected_subtraction)."""
    vocabulary = {**_DUNDER_WORDS, **_NUMERIC_WORDS} if numeric else _DUNDER_WORDS
    if dunder in vocabulary:
        return vocabulary[dunder]
    for prefix, words in (("__i", "in_place_"), ("__r", "reflected_")):
        plain = "__" + dunder.removeprefix(prefix)
        if dunder.startswith(prefix) and plain in vocabulary:
            return words + vocabulary[plain]
    return snake(dunder)


def negated_predicate(subject: str) -> str | None:
    """``reservation_is_expired`` -> ``reservation_is_not_expired``; None if not a predicate."""
    for prefix, negation in _NOT_PREDICATE.items():
        head, sep, tail = subject.rpartition(prefix[:-1] + "_")
        if sep and (not head or head.endswith("_")) and tail:
            return f"{head}{negation}{tail}"
    return None


def is_predicate(subject: str) -> bool:
    return negated_predicate(subject) is not None


#: an interval written out in a message: ``(0, 100]``, ``[1, 10)``
INTERVAL = re.compile(r"[\[(]\s*-?\d+(?:\.\d+)?\s*,\s*-?\d+(?:\.\d+)?\s*[\])]")


#: a small number after the words that state a bound: part of the rule, not the data
_BOUND = re.compile(r"\b(at least|at most|more than|less than|fewer than|up to|exceed)\s+(\d)\b(?![.\d])")


def message_phrase(message: str, inputs: frozenset[str] = frozenset()) -> str | None:
    """An exception message as a name, without what the test passed in or a large number:
    "quantity for SKU-1 must be positive" -> quantity_must_be_positive.  None when the
    message is mostly data (more than one value cut out) or says too little."""
    if len(message) > 2 and message[0] == message[-1] and message[0] in "'\"":
        message = message[1:-1]  # a KeyError's message is the repr of its text
    message = _structured(message)
    message = INTERVAL.sub("range", message)  # "percent must be in (0, 100]": in range
    if re.search(r"\bgot an unexpected keyword argument\b", message):  # Python's own TypeError
        return "rejects_an_unknown_keyword"
    expected = _expected(message) or _choices(message)
    if expected is not None:  # "query expected callable, not: 'a=1'": rejects_non_callable_query
        return expected
    head, colon, _data = message.partition(": ")
    if colon and len(re.findall(r"[A-Za-z]+", head)) >= 2:  # "unexpected options: [...]": the words
        message = head
    first, stop, more = message.partition(". ")
    if stop and more.strip() and len(re.findall(r"[A-Za-z]+", first)) >= 2:
        message = (
            first  # "Invalid format. Must be either a valid formatting string, or ...": its first sentence
        )
    text = re.sub(r"<[^<>]*>", "\x00", message)  # an object's repr: "<Schema(many=False)>"
    text = text.replace("  ", " \x00 ")  # an empty string the test passed in
    if text != text.rstrip():
        text = text.rstrip() + " \x00"
    # a bound the message states ("must be at least 1") is the rule, even where the test passed a 1
    text = _BOUND.sub(lambda m: f"{m.group(1)} {_NUMBER_WORDS[int(m.group(2))]}", text)
    for value in sorted(inputs, key=len, reverse=True):
        if value:
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "\x00", text)
    tokens = re.findall(r"'[^']*'|\"[^\"]*\"|\x00|[A-Za-z]+|\d+(?:\.\d+)?", text)
    words: list[str] = []
    cut = 0
    for token in tokens:
        if token.isdigit() and int(token) < len(_NUMBER_WORDS):  # part of the message: "at least 1"
            words.append(_NUMBER_WORDS[int(token)])
            continue
        named = token[0] in "'\"" and re.fullmatch(r"[A-Za-z_]\w*", token[1:-1])
        if named and words[-2:] != ["keyword", "argument"]:  # '"only" should be a list', not the one passed
            words.append(snake(token[1:-1]))  # a name the code wrote, not one the test passed
            continue
        if token == "\x00" or token[0] in "'\"" or token[0].isdigit():
            cut += 1
            if words and words[-1] in _PREPOSITIONS:
                words.pop()
            continue
        if token.lower() in _PLACEHOLDERS:
            cut += 1
            continue
        words.append(snake(token))
    words = [w for w in words if w]
    while words and words[0] in _ARTICLES:
        words.pop(0)
    while words and words[-1] in ("not", "or", "and", "of", "but", "than", "got"):  # "..., not 'x'": cut data
        words.pop()
    if cut > 1 or len(words) < 2:
        return None
    if len(words) > 6:  # a sentence: without its articles ("items must have an associated key")
        words = [w for w in words if w not in _ARTICLES]
    if len(words) > 8:  # a long one: its content words only
        words = [w for w in words if w not in _FILLERS]
    if len(words) > 8:
        return None
    if cut and words[:2] == ["is", "not"] and not tokens[0][:1].isalpha():
        # "1 is not in list": what it says of the value the test passed
        return "rejects_a_value_that_" + "_".join(words)
    return "_".join(words)


_QUOTED = r"(?:'[^']*'|\"[^\"]*\")"
_CHOICES = re.compile(
    rf"(?P<what>[A-Za-z_][\w ]{{0,40}}?) (?:must|should) be (?:one of:? )?"
    rf"\(?{_QUOTED}(?:,? (?:or |and )?{_QUOTED}|, {_QUOTED})+\)?\.?"
)


def _choices(message: str) -> str | None:
    """A value outside the few the code accepts, as what the call refused: "backend must be
    'auto', 'unidecode' or 'anyascii'" -> rejects_an_unknown_backend."""
    found = _CHOICES.fullmatch(message.strip())
    if found is None:
        return None
    what = "_".join(snake(w) for w in found.group("what").split() if w.lower() not in _ARTICLES)
    return f"rejects_an_unknown_{what}" if what else None


#: words that end what a message says was expected: "expected callable, not ...", "... got ..."
_EXPECTED_END = frozenset({"not", "got", "but", "instead", "received", "found"})
#: words in "expected callable value_transform function" that name no argument
_EXPECTED_FILLER = frozenset({"a", "an", "the", "function", "value", "object", "argument", "arg", "type"})


def _expected(message: str) -> str | None:
    """A type error said as "[what] expected TYPE[ what], not X" as what the call refused:
    rejects_non_callable_query, rejects_non_int_size.  None for any other message."""
    words = re.findall(r"[A-Za-z_0-9]+", message.split(":", 1)[0] if ", not" in message else message)
    lowered = [w.lower() for w in words]
    if "expected" not in lowered:
        return None
    at = lowered.index("expected")
    after: list[str] = []
    for word in lowered[at + 1 :]:
        if word in _EXPECTED_END:
            break
        if after or word not in ("a", "an", "the"):
            after.append(word)
    if after[:2] == ["one", "of"] and at <= 2:  # "expected one of 'auto', 'vertical', not 'x'"
        return "rejects_an_unknown_value"
    if not after or at > 2 or len(after) > 4 or not after[0].isidentifier():
        return None
    kind, rest = after[0], [w for w in after[1:] if w not in _EXPECTED_FILLER]
    what = [w for w in lowered[:at] if w not in _EXPECTED_FILLER] or rest
    return snake("_".join(["rejects_non", kind, *what[:2]]))


def _structured(message: str) -> str:
    """A message that is a dict or list of messages (``{'name': ['Not a valid string.']}``,
    a validation error's) as its first field and text: "name Not a valid string."."""
    if message[:1] not in "{[":
        return message
    try:
        value = ast.literal_eval(message)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return message
    words: list[str] = []
    for _ in range(4):
        if isinstance(value, dict) and value:
            key, value = next(iter(value.items()))
            if isinstance(key, str) and not key.startswith("_"):
                words.append(key)
        elif isinstance(value, (list, tuple)) and value:
            value = value[0]
        else:
            break
    if not isinstance(value, str):
        return message
    return " ".join([*(w for w in words if w.lower() not in value.lower()), value])


def exception_phrase(exc: str, builtin: bool) -> str:
    """``OutOfStock`` -> out_of_stock, ``NotFoundError`` -> not_found; a builtin or one-word
    exception is named as raised: raises_value_error."""
    words = snake(exc.rsplit(".", 1)[-1]).split("_")
    core = words[:-1] if words[-1] in ("error", "exception") else words
    if not builtin and len(core) >= 2:
        return "_".join(core)
    return "raises_" + "_".join(words)


#: one-character answers a name can say (a delimiter, a separator)
_CHARACTER_NAMES = {
    "'": "a_single_quote",
    '"': "a_double_quote",
    ",": "a_comma",
    ".": "a_dot",
    ":": "a_colon",
    ";": "a_semicolon",
    "/": "a_slash",
    "\\": "a_backslash",
    "-": "a_dash",
    "_": "an_underscore",
    " ": "a_space",
    "\t": "a_tab",
    "\n": "a_newline",
    "|": "a_pipe",
    "=": "an_equals_sign",
}


def value_phrase(code: str) -> str | None:
    """What an expected value says on its own: is_none, is_true, is_zero, is_empty,
    is_negative; None for a value that is the test's detail, not its behaviour."""
    stripped = code.strip()
    decimal = re.fullmatch(r"Decimal\((['\"])(-?[\d.]+)\1\)", stripped)  # Decimal("0.00"): zero too
    if decimal is not None:
        stripped = decimal.group(2)
    if stripped in ("None", "True", "False"):
        return f"is_{stripped.lower()}"
    member = re.fullmatch(r"[A-Z]\w{2,}\.([A-Z][A-Z0-9_]{3,})", stripped)  # not T.SLB: a word
    if member is not None:  # tier_for_spend(...) == CustomerTier.STANDARD: is_standard
        return f"is_{member.group(1).lower()}"
    if stripped in ("[]", "{}", "()", "set()", "frozenset()"):
        return "is_empty"
    if stripped in ("''", '""', "b''", 'b""'):
        return "is_an_empty_string"
    try:
        character = ast.literal_eval(stripped) if stripped[:1] in "'\"" else None
    except (ValueError, SyntaxError):
        character = None
    if isinstance(character, str) and character in _CHARACTER_NAMES:  # SingleKey(...).delimiter == "'"
        return f"is_{_CHARACTER_NAMES[character]}"
    try:
        number = float(stripped)
    except ValueError:
        return None
    if number == 0:
        return "is_zero"
    return "is_negative" if number < 0 else None


def compose(subject: str, *phrases: str | None) -> str:
    """``test_<subject>_<phrases>``, without a phrase's words that repeat the subject's end
    (``test_code`` + ``code_out_of_range`` -> ``test_code_out_of_range``)."""
    words = subject.split("_")
    for phrase in phrases:
        if not phrase:
            continue
        extra = phrase.split("_")
        for size in range(min(len(words), len(extra)), 0, -1):
            if words[-size:] == extra[:size]:
                extra = extra[size:]
                break
        words += extra
    return "test_" + "_".join(w for w in words if w)


#: "returns a <kind>" before a clause that says when or how
_KIND_BEFORE_CLAUSE = re.compile(
    r"_returns_(?:an?|one|two|three|four|five|six|seven|eight|nine|ten)_(?:[a-z0-9]+_)+?"
    r"(?=(?:when|built_with|with|for|after|before|at_or_\w+?)_)"
)


def fits(name: str) -> bool:
    return len(name) <= MAX_NAME


def shortened(name: str) -> str:
    """A name over the length a reader takes in: its filler words dropped, then cut at a word."""
    if fits(name):
        return name
    # what kind of object came back says least: `..._returns_a_discount_result_when_skus_given`
    # keeps its condition whole
    name = _KIND_BEFORE_CLAUSE.sub("_", name)
    if fits(name):
        return name
    words = [w for w in name.split("_") if w not in _FILLERS]
    whole = len(words)
    while len("_".join(words)) > MAX_NAME and len(words) > 3:
        words.pop()
    opened = [i for i, w in enumerate(words) if w in _CLAUSE_OPENERS and i >= 3]
    if len(words) < whole and opened and len(words) - opened[-1] <= 3:
        words = words[: opened[-1]]  # `..._by_value_when_key` of when_key_filter_is_given: half a clause
    while len(words) > 3 and words[-1] in _DANGLING:  # ..._status_in_400 not ..._in_400_or
        words.pop()
    return "_".join(words)


#: words that open a clause of a name: cut inside one, the whole clause goes
_CLAUSE_OPENERS = frozenset(("when", "if", "for", "with", "without", "after", "before", "unless"))


#: words a name cannot end on: a clause cut there says half of something
_DANGLING = frozenset(
    ("or", "and", "when", "if", "is", "not", "in", "of", "for", "with", "to", "by", "at", "the")
)
