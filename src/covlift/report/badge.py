"""A coverage badge: a shields.io "flat" style SVG, made offline.

Text widths come from Verdana's advance widths (the font shields.io measures
with), so the badge looks like one served by shields.io without asking it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from covlift.report.terminal import pct

#: (lowest percent, shields colour name, hex), best first; below the last is red
COLOURS: tuple[tuple[float, str, str], ...] = (
    (90.0, "brightgreen", "#4c1"),
    (80.0, "green", "#97ca00"),
    (70.0, "yellowgreen", "#a4a61d"),
    (60.0, "yellow", "#dfb317"),
    (50.0, "orange", "#fe7d37"),
)
RED = ("red", "#e05d44")
GREY = ("lightgrey", "#9f9f9f")

# Verdana advance widths in font units (2048 per em); unlisted characters use _DEFAULT.
_VERDANA = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789%.- :/_()",
        (
            1229,
            1276,
            1067,
            1276,
            1220,
            720,
            1276,
            1296,
            562,
            676,
            1208,
            562,
            1992,
            1296,
            1243,
            1276,
            1276,
            874,
            1067,
            807,
            1296,
            1208,
            1675,
            1208,
            1208,
            1051,
            1401,
            1405,
            1436,
            1577,
            1294,
            1178,
            1587,
            1540,
            846,
            921,
            1405,
            1145,
            1726,
            1532,
            1612,
            1235,
            1612,
            1424,
            1401,
            1250,
            1499,
            1401,
            2025,
            1404,
            1250,
            1403,
            *([1303] * 10),
            2200,
            745,
            862,
            720,
            745,
            1110,
            1303,
            930,
            930,
        ),
        strict=True,
    )
)
_DEFAULT = 1300


@dataclass(frozen=True, slots=True)
class Badge:
    label: str
    message: str
    colour: str


def colour_for(percent: float | None) -> tuple[str, str]:
    """The shields colour (name, hex) for a coverage percentage; grey when unknown."""
    if percent is None:
        return GREY
    for lowest, name, value in COLOURS:
        if percent >= lowest:
            return name, value
    return RED


def text_width(text: str, font_size: float = 11.0) -> float:
    """Rendered width in pixels of ``text`` in Verdana at ``font_size``."""
    return sum(_VERDANA.get(c, _DEFAULT) for c in text) * font_size / 2048


def coverage_badge(percent: float | None, *, label: str = "coverage", precision: int = 0) -> Badge:
    """The badge for a percentage (None: no data yet)."""
    message = "unknown" if percent is None else f"{pct(percent, precision)}%"
    return Badge(label=label, message=message, colour=colour_for(percent)[1])


def to_svg(badge: Badge) -> str:
    """The flat-style SVG, with an accessible title."""
    label_w = round(text_width(badge.label)) + 10
    message_w = round(text_width(badge.message)) + 10
    width = label_w + message_w
    title = escape(f"{badge.label}: {badge.message}")
    label, message = escape(badge.label), escape(badge.message)
    label_x, message_x = label_w * 5, label_w * 10 + message_w * 5
    label_len, message_len = (label_w - 10) * 10, (message_w - 10) * 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{label_w}" height="20" fill="#555"/>'
        f'<rect x="{label_w}" width="{message_w}" height="20" fill="{badge.colour}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" '
        'text-rendering="geometricPrecision" font-size="110">'
        f'<text aria-hidden="true" x="{label_x}" y="150" fill="#010101" fill-opacity=".3" '
        f'transform="scale(.1)" textLength="{label_len}">{label}</text>'
        f'<text x="{label_x}" y="140" transform="scale(.1)" fill="#fff" '
        f'textLength="{label_len}">{label}</text>'
        f'<text aria-hidden="true" x="{message_x}" y="150" fill="#010101" fill-opacity=".3" '
        f'transform="scale(.1)" textLength="{message_len}">{message}</text>'
        f'<text x="{message_x}" y="140" transform="scale(.1)" fill="#fff" '
        f'textLength="{message_len}">{message}</text></g></svg>\n'
    )
