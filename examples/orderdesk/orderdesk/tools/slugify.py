"""URL-safe slugs for product and category names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

_NON_WORD = re.compile(r"[^a-z0-9]+")

# Characters that NFKD does not decompose into ASCII on its own.
_TRANSLITERATIONS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "&": " and "}
)


def slugify(text: str, *, max_length: int = 80, separator: str = "-") -> str:
    """Turn ``text`` into a lowercase ASCII slug.

    >>> slugify("Crème Brûlée & Tea")
    'creme-brulee-and-tea'

    Slugs are cut at ``max_length`` on a separator boundary where possible,
    so words are not chopped in half.
    """
    if max_length < 1:
        raise ValueError("max_length must be positive")
    text = text.translate(_TRANSLITERATIONS)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub(separator, ascii_text.lower()).strip(separator)
    if len(slug) > max_length:
        cut = slug[:max_length]
        boundary = cut.rfind(separator)
        slug = cut[:boundary] if boundary > 0 else cut
    return slug.strip(separator)


def unique_slug(text: str, existing: Collection[str], *, max_length: int = 80) -> str:
    """Return a slug for ``text`` that is not in ``existing``.

    Collisions get a numeric suffix: ``mug``, ``mug-2``, ``mug-3``, ...
    """
    base = slugify(text, max_length=max_length) or "item"
    if base not in existing:
        return base
    counter = 2
    while True:
        suffix = f"-{counter}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        if candidate not in existing:
            return candidate
        counter += 1
