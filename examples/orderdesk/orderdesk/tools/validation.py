"""Validation helpers for user-supplied contact and payment data.

These are deliberately conservative syntactic checks; they never perform
network look-ups (no MX queries, no carrier look-ups).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,63}$")
_E164_RE = re.compile(r"^\+[1-9]\d{6,14}$")
_SKU_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,31}$")

POSTAL_CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    "US": re.compile(r"^\d{5}(?:-\d{4})?$"),
    "CA": re.compile(r"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$"),
    "GB": re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$"),
    "DE": re.compile(r"^\d{5}$"),
    "FR": re.compile(r"^\d{5}$"),
    "NL": re.compile(r"^\d{4} ?[A-Za-z]{2}$"),
    "JP": re.compile(r"^\d{3}-?\d{4}$"),
    "CH": re.compile(r"^\d{4}$"),
}


def is_valid_email(value: str) -> bool:
    """Return True if ``value`` looks like a deliverable e-mail address."""
    if not value or len(value) > 254 or value.count("@") != 1:
        return False
    local, _, domain = value.partition("@")
    if len(local) > 64 or local.startswith(".") or local.endswith(".") or ".." in local:
        return False
    if any(label.startswith("-") or label.endswith("-") for label in domain.split(".")):
        return False
    return _EMAIL_RE.match(value) is not None


def normalize_email(value: str) -> str:
    """Lower-case the domain (and the local part, as most providers do)."""
    cleaned = value.strip()
    if not is_valid_email(cleaned):
        raise ValueError(f"invalid e-mail address: {value!r}")
    return cleaned.lower()


def normalize_phone(value: str, default_country_code: str = "1") -> str:
    """Normalise a phone number to E.164 (``+15551234567``).

    Spaces, dashes, dots and parentheses are removed.  Numbers starting with
    ``00`` are treated as international; numbers without a prefix get
    ``default_country_code``.
    """
    digits = re.sub(r"[\s().-]", "", value)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif not digits.startswith("+"):
        digits = digits.lstrip("0")
        digits = f"+{default_country_code}{digits}"
    if not _E164_RE.match(digits):
        raise ValueError(f"invalid phone number: {value!r}")
    return digits


def is_valid_postal_code(code: str, country: str) -> bool:
    """Check ``code`` against the known format for ``country``.

    Countries without a known pattern accept any non-empty code of at most
    ten characters.
    """
    code = code.strip()
    pattern = POSTAL_CODE_PATTERNS.get(country.upper())
    if pattern is None:
        return 0 < len(code) <= 10
    return pattern.match(code) is not None


def is_valid_sku(value: str) -> bool:
    return _SKU_RE.match(value) is not None


def luhn_valid(number: str) -> bool:
    """Luhn checksum used by card numbers (spaces and dashes are ignored)."""
    digits = re.sub(r"[\s-]", "", number)
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask_card_number(number: str) -> str:
    """Mask all but the last four digits: ``**** **** **** 4242``."""
    digits = re.sub(r"\D", "", number)
    if len(digits) < 4:
        raise ValueError("card number too short")
    masked = "*" * (len(digits) - 4) + digits[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def missing_fields(data: Mapping[str, Any], required: Iterable[str]) -> list[str]:
    """Return the required keys that are absent, None or blank strings."""
    missing = []
    for name in required:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(name)
    return missing


VAT_PATTERNS: dict[str, re.Pattern[str]] = {
    "AT": re.compile(r"^ATU\d{8}$"),
    "BE": re.compile(r"^BE[01]\d{9}$"),
    "CH": re.compile(r"^CHE\d{9}(?:MWST|TVA|IVA)?$"),
    "DE": re.compile(r"^DE\d{9}$"),
    "FR": re.compile(r"^FR[0-9A-HJ-NP-Z]{2}\d{9}$"),
    "GB": re.compile(r"^GB(?:\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$"),
    "NL": re.compile(r"^NL\d{9}B\d{2}$"),
}


def normalize_vat_number(value: str) -> str:
    """Upper-case and strip the separators people type into VAT ids."""
    return re.sub(r"[\s.\-]", "", value).upper()


def _german_check_digit(digits: str) -> int:
    """ISO 7064 MOD 11,10 check digit used by German VAT ids."""
    product = 10
    for char in digits:
        total = (int(char) + product) % 10
        if total == 0:
            total = 10
        product = (2 * total) % 11
    check = 11 - product
    return 0 if check == 10 else check


def vat_number_valid(value: str) -> bool:
    """Check the format and, where the scheme is public, the check digits.

    This decides whether B2B reverse charge may be offered at checkout; the
    authoritative VIES look-up happens later, asynchronously.
    """
    vat = normalize_vat_number(value)
    if len(vat) < 4:
        return False
    pattern = VAT_PATTERNS.get(vat[:2])
    if pattern is None or pattern.match(vat) is None:
        return False
    country, number = vat[:2], vat[2:]
    if country == "BE":
        body, check = int(number[:8]), int(number[8:])
        return 97 - body % 97 == check
    if country == "DE":
        return _german_check_digit(number[:8]) == int(number[8])
    if country == "NL":
        weights = range(9, 1, -1)
        total = sum(int(d) * w for d, w in zip(number[:8], weights, strict=True))
        return total % 11 == int(number[8]) and int(number[8]) != 10
    return True
