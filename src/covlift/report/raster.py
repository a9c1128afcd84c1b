"""A tiny rasteriser: a :class:`~covlift.report.plot.Chart` to PNG bytes, in pure Python.

Why not matplotlib: it would be covlift's heaviest dependency for one chart,
and a browser is not on every CI runner.  Charts here are lines, dots, boxes
and short labels, which a 2x-supersampled canvas, a 5x7 bitmap font and
zlib draw well enough, deterministically, on any machine.
"""

from __future__ import annotations

import itertools
import math
import struct
import zlib
from operator import add

from covlift.report.plot import Box, Chart, Dot, Line

#: supersampling factor: each output pixel averages SCALE x SCALE canvas pixels
SCALE = 2
#: dash pattern of dashed lines, in output pixels: on, off
DASH = (6.0, 4.0)

# 5x7 glyphs: 7 rows as hex bytes, bit 4 of each the left column; lower case draws as upper.
_FONT = {
    "0": "0E11131519110E",
    "1": "040C040404040E",
    "2": "0E11010204081F",
    "3": "1F02040201110E",
    "4": "02060A121F0202",
    "5": "1F101E0101110E",
    "6": "0608101E11110E",
    "7": "1F010204080808",
    "8": "0E11110E11110E",
    "9": "0E11110F01020C",
    "A": "0E11111F111111",
    "B": "1E11111E11111E",
    "C": "0E11101010110E",
    "D": "1C12111111121C",
    "E": "1F10101E10101F",
    "F": "1F10101E101010",
    "G": "0E11101711110F",
    "H": "1111111F111111",
    "I": "0E04040404040E",
    "J": "0702020202120C",
    "K": "11121418141211",
    "L": "1010101010101F",
    "M": "111B1515111111",
    "N": "11111915131111",
    "O": "0E11111111110E",
    "P": "1E11111E101010",
    "Q": "0E11111115120D",
    "R": "1E11111E141211",
    "S": "0F10100E01011E",
    "T": "1F040404040404",
    "U": "1111111111110E",
    "V": "11111111110A04",
    "W": "1111111515150A",
    "X": "11110A040A1111",
    "Y": "1111110A040404",
    "Z": "1F01020408101F",
    "%": "18190204081303",
    "-": "0000001F000000",
    ".": "00000000000C0C",
    ":": "000C0C000C0C00",
    "/": "00010204081000",
    "_": "0000000000001F",
    "(": "02040808080402",
    ")": "08040202020408",
    "#": "0A0A1F0A1F0A0A",
    "+": "0004041F040400",
    " ": "00000000000000",
    "?": "0E110102040004",
}
_GLYPHS = {char: tuple(bytes.fromhex(rows)) for char, rows in _FONT.items()}


def _rgb(colour: str) -> bytes:
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    return bytes.fromhex(text[:6]) if len(text) >= 6 else b"\x00\x00\x00"


class Canvas:
    """An RGB pixel buffer with just the drawing operations charts use."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(b"\xff" * (width * height * 3))

    def fill(self, x0: int, y0: int, x1: int, y1: int, rgb: bytes) -> None:
        """Fill the half-open rectangle [x0, x1) x [y0, y1), clipped."""
        x0, x1 = max(0, x0), min(self.width, x1)
        y0, y1 = max(0, y0), min(self.height, y1)
        if x0 >= x1:
            return
        run = rgb * (x1 - x0)
        for y in range(y0, y1):
            start = (y * self.width + x0) * 3
            self.pixels[start : start + len(run)] = run

    def segment(
        self,
        a: tuple[float, float],
        b: tuple[float, float],
        width: float,
        rgb: bytes,
        dash_from: float | None,
    ) -> float:
        """Stamp a square brush along a-b; returns the length drawn (for dash phase)."""
        (xa, ya), (xb, yb) = a, b
        length = math.hypot(xb - xa, yb - ya)
        steps = max(1, math.ceil(length * 2))
        half = max(1.0, width) / 2
        period = (DASH[0] + DASH[1]) * SCALE
        for i in range(steps + 1):
            t = i / steps
            if dash_from is not None and (dash_from + t * length) % period >= DASH[0] * SCALE:
                continue
            x, y = xa + (xb - xa) * t, ya + (yb - ya) * t
            self.fill(round(x - half), round(y - half), round(x + half), round(y + half), rgb)
        return length

    def disc(self, cx: float, cy: float, radius: float, rgb: bytes) -> None:
        for dy in range(-math.ceil(radius), math.ceil(radius) + 1):
            dx = math.sqrt(max(0.0, radius * radius - dy * dy))
            self.fill(round(cx - dx), round(cy + dy), round(cx + dx) + 1, round(cy + dy) + 1, rgb)

    def text(self, x: float, baseline: float, text: str, size: float, anchor: str, rgb: bytes) -> None:
        k = max(1, round(size * SCALE / 10))
        advance = 6 * k
        width = advance * len(text) - k
        left = x - (width if anchor == "end" else width / 2 if anchor == "middle" else 0)
        top = round(baseline - 7 * k)
        for index, char in enumerate(text):
            rows = _GLYPHS.get(char.upper(), _GLYPHS["?"])
            gx = round(left) + index * advance
            for row, bits in enumerate(rows):
                for col in range(5):
                    if bits & (0x10 >> col):
                        y = top + row * k
                        self.fill(gx + col * k, y, gx + col * k + k, y + k, rgb)

    def downsampled_rows(self, factor: int) -> list[bytes]:
        """Average factor x factor blocks (the anti-aliasing step)."""
        out_w = self.width // factor
        rows = []
        stride = self.width * 3
        for oy in range(self.height // factor):
            sums = [0] * (out_w * 3)
            for sub in range(factor):
                row = self.pixels[(oy * factor + sub) * stride : (oy * factor + sub + 1) * stride]
                for channel in range(3):
                    for offset in range(factor):
                        start = offset * 3 + channel
                        values = row[start :: factor * 3][:out_w]
                        sums[channel::3] = list(map(add, sums[channel::3], values))
            divisor = factor * factor
            rows.append(bytes(v // divisor for v in sums))
        return rows


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(width: int, height: int, rows: list[bytes]) -> bytes:
    """8-bit RGB PNG of the given rows (no filtering, zlib level 9)."""
    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def to_png(chart: Chart) -> bytes:
    """Draw the chart at SCALE times its size, then average down to its size."""
    canvas = Canvas(chart.width * SCALE, chart.height * SCALE)
    for s in chart.shapes:
        if isinstance(s, Box):
            canvas.fill(
                round(s.x * SCALE),
                round(s.y * SCALE),
                round((s.x + s.width) * SCALE),
                round((s.y + s.height) * SCALE),
                _rgb(s.colour),
            )
        elif isinstance(s, Line):
            drawn = 0.0
            points = [(x * SCALE, y * SCALE) for x, y in s.points]
            for a, b in itertools.pairwise(points):
                drawn += canvas.segment(a, b, s.width * SCALE, _rgb(s.colour), drawn if s.dashed else None)
        elif isinstance(s, Dot):
            canvas.disc(s.x * SCALE, s.y * SCALE, s.radius * SCALE, _rgb(s.colour))
        else:
            canvas.text(s.x * SCALE, s.y * SCALE, s.text, s.size, s.anchor, _rgb(s.colour))
    return encode_png(chart.width, chart.height, canvas.downsampled_rows(SCALE))
