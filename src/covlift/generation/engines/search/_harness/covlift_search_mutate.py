"""Neighbours of a value for the later passes of the search: other numbers, edited strings,
a constructor call with one argument moved (Pynguin's mutation operators)."""

from __future__ import annotations

import ast
import decimal
import random
import re
from collections.abc import Callable

from covlift_search_literals import Literals
from covlift_search_values import Val, str_code


class Mutator:
    """Random neighbours of literal values; characters come from the source's own constants."""

    def __init__(
        self, literals: Literals, rng: random.Random, produced_strs: Callable[[], list[str]]
    ) -> None:
        self.literals = literals
        self.rng = rng
        self.produced_strs = produced_strs

    def wild(self, value: Val, small: bool = False) -> Val:
        """A random neighbour of a literal value: other numbers, recombined strings, resized lists.
        A neighbour is an edge: it goes to a call, not into an object built for a result.
        ``small``: the number counts digits or places (``ndigits``), where a billion formats
        for minutes in C code no deadline interrupts."""
        moved = self._neighbour(value)
        if small and _too_big(moved):
            moved = Val(repr(self.rng.randint(-100, 100)))
        if moved == value:
            return value  # with its tier (equal values compare equal whatever their tier)
        if value.tier == "wrong-type" or _garbled_word(value, moved):
            # still no function; a word recombined at random ("exc?udei" for the option
            # "exclude") means something only as what the code refuses, never in a test that
            # expects success (a date string cut to "01" still reads as a time: an edge)
            return moved.as_tier("wrong-type")
        return moved.as_tier("edge")

    def _neighbour(self, value: Val) -> Val:
        try:
            plain = ast.literal_eval(value.code)
        except (ValueError, SyntaxError):
            return self._wild_call(value)
        r = self.rng
        if isinstance(plain, bool):
            return Val(repr(r.random() < 0.5))
        if isinstance(plain, int):
            return Val(
                repr(
                    r.choice(
                        [
                            r.randint(-3, 3),
                            r.randint(-100, 100),
                            r.randint(-(10**6), 10**6),
                            r.randint(-(10**9), 10**9),  # years in seconds, big sizes
                            plain - 1,
                            plain + 1,
                            plain * 2,
                            plain * r.choice([7, 30, 365, 1000]),
                        ]
                    )
                )
            )
        if isinstance(plain, float):
            return Val(repr(round(r.uniform(-1000, 1000), r.choice([0, 1, 2]))))
        if isinstance(plain, str):
            return Val(str_code(self._mutated_str(plain)))
        if isinstance(plain, bytes):
            return Val(repr(self._mutated_str(plain.decode("latin-1")).encode("latin-1", "replace")))
        if isinstance(plain, list) and all(isinstance(e, (int, str, float)) for e in plain):
            elements = plain or [0, "a"]
            size = r.randint(0, 5)
            return Val(repr([r.choice(elements) for _ in range(size)]))
        return value

    def _wild_call(self, value: Val) -> Val:
        """A constructor call with one literal argument moved: ``timedelta(days=1)`` ->
        ``timedelta(days=365)``, ``date(2024, 1, 15)`` -> ``date(2024, 1, 31)``."""
        try:
            call = ast.parse(value.code, mode="eval").body
        except SyntaxError:
            return value
        if not isinstance(call, ast.Call):
            return value
        slots = [a for a in call.args if isinstance(a, ast.Constant)]
        slots += [k.value for k in call.keywords if isinstance(k.value, ast.Constant)]
        slots = [c for c in slots if isinstance(c.value, (int, float, str)) and not isinstance(c.value, bool)]
        if not slots:
            return value
        chosen = self.rng.choice(slots)
        amount = _decimal_text(call, chosen)
        if amount is not None:  # Decimal("100.00"): another amount, never a cut text (".00")
            chosen.value = str(self._moved_amount(amount))
        else:
            chosen.value = ast.literal_eval(self.wild(Val(repr(chosen.value))).code)
        return Val(ast.unparse(call), value.imports)

    def _moved_amount(self, amount: decimal.Decimal) -> decimal.Decimal:
        """A neighbouring amount with the same places: none, the opposite, double, a tenth, one more."""
        moved = self.rng.choice([amount * 0, -amount, amount * 2, amount / 10, amount + 1])
        return moved.quantize(amount) if amount.as_tuple().exponent != moved.as_tuple().exponent else moved

    def _mutated_str(self, plain: str) -> str:
        """Pynguin-style string moves: edit a character, change case, or recombine pieces.

        Characters come from the source's own constants first, so a parser of "IVXLCDM"
        sees numerals and a format checker sees its separators.
        """
        r = self.rng
        alphabet = self.literals.chars or list("aZ09-_.:, ")
        move = r.random()
        if len(plain) > 1 and move < 0.15:
            # a shorter form: cut where the kind of character changes ("2024-W03-1" -> "2024-W03",
            # "2024" -> "20"), the reduced forms a format parser accepts and tells apart
            cuts = [i for i in range(1, len(plain)) if plain[i].isalnum() != plain[i - 1].isalnum()]
            cut = r.choice(cuts) if cuts and r.random() < 0.6 else r.randrange(1, len(plain))
            return plain[:cut] if r.random() < 0.75 else plain[cut:]
        if plain and move < 0.5:
            text = list(plain)
            for _ in range(r.randint(1, 2)):
                i = r.randrange(len(text) + 1)
                kind = r.random()
                if kind < 0.34 and text:
                    del text[min(i, len(text) - 1)]
                elif kind < 0.67 or not text:
                    text.insert(i, r.choice(alphabet))
                else:
                    text[min(i, len(text) - 1)] = r.choice(alphabet)
            return "".join(text)
        if plain and move < 0.62:
            return r.choice([plain.lower(), plain.upper(), plain.swapcase(), plain + plain, plain[::-1]])
        pieces = [*self.literals.strs, *self.produced_strs(), "", " ", "-", "_", ".", ",", ":", "a", "0"]
        return "".join(r.choice(pieces) for _ in range(r.randint(0, 4)))


def _decimal_text(call: ast.Call, chosen: ast.Constant) -> decimal.Decimal | None:
    """The amount of ``Decimal("9.99")`` when ``chosen`` is its text, else None."""
    func = call.func
    named = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if named != "Decimal" or not isinstance(chosen.value, str):
        return None
    try:
        amount = decimal.Decimal(chosen.value)
    except decimal.InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _garbled_word(value: Val, moved: Val) -> bool:
    """Was the value a word (an option, a name: ``"exclude"``) that the mutator recombined?"""
    try:
        before, after = ast.literal_eval(value.code), ast.literal_eval(moved.code)
    except (ValueError, SyntaxError):
        return False
    return isinstance(before, str) and isinstance(after, str) and _WORD.fullmatch(before) is not None


#: an option or a name, not data: letters, with - or _ between them
_WORD = re.compile(r"[A-Za-z]+(?:[-_][A-Za-z]+)*")


def _too_big(value: Val) -> bool:
    """A number literal over a thousand either way."""
    try:
        plain = ast.literal_eval(value.code)
    except (ValueError, SyntaxError):
        return False
    return isinstance(plain, (int, float)) and not isinstance(plain, bool) and abs(plain) > 1000
