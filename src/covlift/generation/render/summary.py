"""What a function does, in its author's words: the first sentence of its docstring as a name.

``"Apply function to items of dictionary"`` -> ``applies_function_to_items_of_dictionary``.
A test of the ordinary case of a function (no branch condition tells it apart, the result is
just "a mapping") is better named after what the author says the function does than after the
type of what it returned.  Only a summary that starts with a verb, or names the result
(``"The next tier up and ..."`` -> ``returns_the_next_tier_up``), is used.
"""

from __future__ import annotations

import ast
import re

#: verbs that open docstring summaries (imperative, as PEP 257 asks, or third person)
_VERBS = frozenset(
    {
        *("add", "apply", "build", "calculate", "call", "check", "coerce", "combine", "compose"),
        *("compute", "concatenate", "convert", "count", "create", "decode", "deserialize", "drop"),
        *("dump", "encode", "ensure", "escape", "evaluate", "expand", "extract", "filter", "find"),
        *("flatten", "format", "generate", "get", "group", "insert", "interleave", "invert", "iterate"),
        *("join", "load", "make", "map", "merge", "normalize", "pad", "parse", "partition", "pick"),
        *("quote", "read", "reduce", "remove", "render", "replace", "resolve", "return", "reverse"),
        *("round", "select", "serialize", "sort", "split", "strip", "sum", "swap", "take", "transform"),
        *("translate", "truncate", "unpack", "update", "validate", "wrap", "write", "yield", "zip"),
        *("cancel", "charge", "choose", "clear", "close", "copy", "delete", "emit", "fetch", "list"),
        *("mark", "move", "notify", "open", "publish", "record", "refund", "register", "release"),
        *("reserve", "save", "schedule", "send", "start", "stop", "store"),
    }
)
_MAX_WORDS = 10
#: words after which a summary's first word is the verb acting on them
_DETERMINERS = frozenset(
    {"a", "an", "the", "all", "every", "each", "its", "their", "this", "these", "one", "any"}
)
#: first words of a summary that are no verb, whatever follows
_NOT_VERBS = frozenset(
    {"whether", "if", "when", "how", "what", "which", "where", "why", "all", "each", "every", "this", "that"}
    | {"these", "those", "only", "just", "also", "then", "see", "note", "for", "of", "in", "on", "to"}
    | {"with", "from", "by", "as", "at", "no", "not", "one", "same", "true", "false", "none", "new"}
)
#: where a summary may be cut: the words that open a phrase
_BOUNDARIES = frozenset({"with", "and", "by", "that", "which", "for", "from", "when", "if", "into", "using"})


#: words that open a summary naming what the function returns: "The next tier up ...",
#: "Gross amount for a tax-exclusive net price"
_OPENS_A_RESULT = frozenset(
    {
        *("the", "a", "an", "gross", "net", "total", "next", "previous", "first", "last", "current"),
        *("new", "stable", "effective", "remaining", "available", "smallest", "largest", "default"),
        *("plain", "formatted", "readable", "sorted", "canonical", "normalized", "printable", "short"),
        *("full", "human", "json", "csv", "html", "markdown"),
    }
)
#: where the noun phrase of such a summary ends
_PHRASE_ENDS = _BOUNDARIES | {"of", "per", "at", "in", "on", "to", "as", "is", "are", "or", "a", "an", "the"}


def _what_it_returns(words: list[str]) -> str | None:
    """``returns_the_next_tier_up`` for "The next tier up and how much more spend it needs":
    a summary that names the result, as the noun phrase it opens with (two to four words)."""
    if words[0] not in _OPENS_A_RESULT:
        return None
    phrase = words[1:] if words[0] in ("the", "a", "an") else words
    end = next((i for i, w in enumerate(phrase) if w in _PHRASE_ENDS), len(phrase))
    if phrase[end : end + 1] in (["is"], ["are"]):  # "The remap function is used to ...": what it is
        return None
    phrase = phrase[:end]
    return "returns_the_" + "_".join(phrase) if 2 <= len(phrase) <= 4 else None


def third_person(verb: str) -> str:
    """apply -> applies, merge -> merges, match -> matches."""
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return verb + "es"
    return verb + "s"


def summary_phrase(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The docstring's first sentence as snake_case words in the third person, or None."""
    doc = ast.get_docstring(fn)
    if not doc:
        return None
    doc = re.sub(r"\([^)]*\)", "", doc)  # key(s) -> key; "(e.g. 10 kB)" ends no sentence
    sentence = re.split(r"(?<=[.!?:;])\s|\n\s*\n", doc.strip(), maxsplit=1)[0].strip().rstrip(".:;!")
    # "Along the same lines as all() and any(), ``one()`` returns the single object ...": what the
    # function itself does, where the sentence names it before its verb
    own = re.search(rf"(?<=[\s,;])`*{re.escape(fn.name)}(?:\(\))?`*\s+(?=[a-z]+s\s)", sentence)
    if own is not None:
        sentence = sentence[own.end() :]
    # "Splits an iterable on a separator, *sep*, a max of ...", "a list of values, as determined by",
    # "Write rows via a temporary file, so readers never see half a file": the clause before an aside
    clause = re.split(r",\s*(?=\*|as\b|which\b|where\b|so\b)", sentence, maxsplit=1)[0]
    if len(re.findall(r"[A-Za-z]+", clause)) >= 3:
        sentence = clause
    named = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args] if a.arg not in ("self", "cls")]
    # "Split ``t=...,v1=...`` into ...": a piece of code that is no name stands for the one argument
    sentence = re.sub(
        r"``([^`]+)``",
        lambda m: m.group(1) if m.group(1).isidentifier() or len(named) != 1 else named[0],
        sentence,
    )
    sentence = sentence.replace("`", "").replace("*", "")  # ``net`` -> net, *count* -> count
    sentence = re.sub(rf"^{re.escape(fn.name)}(?:\(\))?\s+", "", sentence)  # "flatten() returns ..."
    if len(sentence) > 120 or not re.fullmatch(r"[\w\s,'\-]+", sentence):
        return None
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", sentence)]  # v1 stays v1
    if len(words) < 2:
        return None
    first = words[0]
    params = {a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]}
    if first in _VERBS or (first == fn.name.split("_")[0] and first not in _OPENS_A_RESULT):
        # "Reserve all items ..." of reserve(): the function's own verb, whatever the list holds
        words[0] = third_person(first)
    elif (
        first not in _NOT_VERBS
        and not first.endswith(("s", "ed", "ing"))
        and (words[1] in _DETERMINERS or words[1] in params)
    ):
        # "Spend ``points`` and return their cash value": a word before the function's own
        # parameter or an article is the imperative verb PEP 257 asks for
        words[0] = third_person(first)
    elif not any(first == third_person(verb) for verb in _VERBS if verb[:2] == first[:2]):
        return _what_it_returns(words)
    for i in range(1, len(words) - 1):  # "merges dictionaries and apply ..." -> "and applies"
        if words[i] == "and" and words[i + 1] in _VERBS:
            words[i + 1] = third_person(words[i + 1])
    if "or" in words[3:]:  # "Reserve all items for order_id or nothing at all": the first alternative
        words = words[: words.index("or", 3)]
    if len(words) > _MAX_WORDS:  # cut before a phrase that would not fit
        cuts = [i for i in range(2, _MAX_WORDS + 1) if words[i] in _BOUNDARIES]
        words = words[: cuts[-1]] if cuts else words[:_MAX_WORDS]
        while len(words) > 2 and words[-1].endswith("ed"):  # "an object defined [by ...]": an object
            words.pop()
    while words and words[-1] in _BOUNDARIES | {
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "as",
        "or",
        "any",
        "each",
        "all",
    }:
        words.pop()
    prepositions = _DETERMINERS | _BOUNDARIES | {"of", "in", "to", "on", "at", "as", "over", "per", "between"}
    if len(words) > 3 and words[-1] in params and words[-2] not in prepositions:
        words.pop()  # "the single object in the given iterable *src*": the parameter's name after its noun
    return "_".join(words) if len(words) >= 2 else None


def count_phrase(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """``counts_the_data_rows_written`` of a docstring saying "Returns the number of data rows
    written": what a returned number counts, in the author's words (at most five); else None."""
    doc = (ast.get_docstring(fn) or "").replace("`", "").replace("*", "")
    said = re.search(
        r"\breturns?\s+the\s+(?:number|count)\s+of\s+([A-Za-z][A-Za-z \n]*?)\s*(?:[.,;:(]|$)", doc, re.I
    )
    if said is None:
        return None
    words = [w.lower() for w in said.group(1).split()]
    return "counts_the_" + "_".join(words) if 1 <= len(words) <= 5 else None


def truth_condition(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """``all_values_in_iterable_are_equal`` of "Returns ``True`` when all values in *iterable* are
    equal to one another": when the author says the function answers yes, as a name's words (at
    most six, cut before a phrase that would not fit); None for any other docstring."""
    doc = ast.get_docstring(fn) or ""
    first = re.split(r"(?<=[.!?;])\s|\n\s*\n", doc.strip(), maxsplit=1)[0].replace("`", "").replace("*", "")
    first = re.sub(rf"^{re.escape(fn.name)}(?:\(\))?\s+", "", first)  # "same() returns True when ..."
    said = re.match(r"(?:Returns?|Is|Evaluates to)\s+True\s+(?:if|when|iff)\s+([^,.;:()]+)", first, re.I)
    if said is None:
        return None
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", said.group(1))]
    words = [w for w in words if w not in ("the", "a", "an")]
    if len(words) > 6:  # "all values in iterable are equal to one another": up to the verb's object
        cuts = [i for i in range(2, 7) if words[i] in _BOUNDARIES | {"to", "of", "in", "on"}]
        words = words[: cuts[-1]] if cuts else []
    while words and words[-1] in _BOUNDARIES | {"to", "of", "in", "on", "or", "as"}:
        words.pop()
    return "_".join(words) if 2 <= len(words) <= 6 else None
