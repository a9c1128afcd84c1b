"""The coverage-over-time chart as a list of drawing primitives, and its SVG form.

One layout feeds every output: inline SVG in the HTML dashboard, ``--plot
FILE.svg`` and ``--plot FILE.png`` (rasterised by :mod:`covlift.report.raster`
without any plotting library).  The plan's threshold schedule is drawn as a
dashed step line, so the chart shows where coverage has to be and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path

from covlift.errors import UsageError
from covlift.trend import Trend

#: series colours, colour-blind friendly (Okabe-Ito), in branch order
PALETTE = ("#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000")
THRESHOLD_COLOUR = "#D55E00"
GRID_COLOUR = "#DDDDDD"
TEXT_COLOUR = "#333333"


@dataclass(frozen=True, slots=True)
class Line:
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    radius: float
    colour: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str
    size: float = 11.0
    colour: str = TEXT_COLOUR
    #: start, middle or end, as in SVG's text-anchor
    anchor: str = "start"


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    colour: str


Shape = Line | Dot | Label | Box


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    title: str = ""


def _seconds(stamp: str) -> float:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        moment = datetime.combine(date.fromisoformat(stamp[:10]), datetime.min.time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _tick(seconds: float, span: float) -> str:
    """A date, or date and time when the chart spans less than three days."""
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%m-%d %H:%M") if span < 3 * 86_400 else moment.date().isoformat()


def trend_chart(
    trend: Trend, *, width: int = 800, height: int = 360, title: str = "Coverage over time"
) -> Chart:
    """Lay out the total coverage of each branch over time, with the threshold schedule."""
    left, right, top, bottom = 56.0, 16.0, 36.0, 56.0
    plot_w, plot_h = width - left - right, height - top - bottom
    stamps = [_seconds(p.created_at) for s in trend.series for p in s.points]
    stamps += [_seconds(day) for _, day in trend.thresholds]
    start, end = (min(stamps), max(stamps)) if stamps else (0.0, 1.0)
    if end - start < 1:
        start, end = start - 43_200, end + 43_200
    end += (end - start) * 0.06  # room after the last point or threshold step

    def x_of(seconds: float) -> float:
        return left + plot_w * (seconds - start) / (end - start)

    def y_of(pct: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, pct)) / 100)

    shapes: list[Shape] = [Box(0, 0, width, height, "#FFFFFF")]
    shapes.append(Label(left, 22, title, size=14, anchor="start"))
    for pct in range(0, 101, 20):
        y = y_of(pct)
        shapes.append(Line(((left, y), (left + plot_w, y)), GRID_COLOUR))
        shapes.append(Label(left - 6, y + 4, f"{pct}%", anchor="end"))
    for i in range(5):
        seconds = start + (end - start) * i / 4
        tick = x_of(seconds)
        shapes.append(Line(((tick, top + plot_h), (tick, top + plot_h + 4)), TEXT_COLOUR))
        anchor = "start" if i == 0 else "end" if i == 4 else "middle"
        shapes.append(Label(tick, top + plot_h + 18, _tick(seconds, end - start), anchor=anchor))
    shapes.append(Line(((left, top), (left, top + plot_h), (left + plot_w, top + plot_h)), TEXT_COLOUR))
    if trend.thresholds:
        steps: list[tuple[float, float]] = []
        for percent, day in trend.thresholds:
            step_x, step_y = x_of(_seconds(day)), y_of(percent)
            if steps:
                steps.append((step_x, steps[-1][1]))
            steps.append((step_x, step_y))
        steps.append((left + plot_w, steps[-1][1]))
        shapes.append(Line(tuple(steps), THRESHOLD_COLOUR, width=2, dashed=True))
    legend: list[tuple[str, str, bool]] = []
    for index, series in enumerate(trend.series):
        colour = PALETTE[index % len(PALETTE)]
        points = tuple((x_of(_seconds(p.created_at)), y_of(p.percent_covered)) for p in series.points)
        if len(points) > 1:
            shapes.append(Line(points, colour, width=2))
        for p, (x, y) in zip(series.points, points, strict=True):
            shapes.append(
                Dot(
                    x,
                    y,
                    3,
                    colour,
                    f"{series.branch} #{p.snapshot_id} {p.created_at}: {p.percent_covered:.1f}%",
                )
            )
        legend.append((series.branch, colour, False))
    if trend.thresholds:
        legend.append(("threshold schedule", THRESHOLD_COLOUR, True))
    x = left
    for name, colour, dashed in legend[:8]:
        y = height - 14
        shapes.append(Line(((x, y - 4), (x + 18, y - 4)), colour, width=2, dashed=dashed))
        shapes.append(Label(x + 22, y, name))
        x += 34 + 7 * len(name)
    if not trend.series:
        shapes.append(Label(left + plot_w / 2, top + plot_h / 2, "no snapshots yet", anchor="middle"))
    return Chart(width=width, height=height, shapes=tuple(shapes), title=title)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def to_svg(chart: Chart) -> str:
    """A standalone SVG document (also valid inline in HTML)."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{chart.width}" height="{chart.height}" '
        f'viewBox="0 0 {chart.width} {chart.height}" role="img" aria-label="{escape(chart.title)}" '
        'font-family="DejaVu Sans,Verdana,Arial,sans-serif">',
        f"<title>{escape(chart.title)}</title>",
    ]
    for s in chart.shapes:
        if isinstance(s, Box):
            out.append(
                f'<rect x="{_num(s.x)}" y="{_num(s.y)}" width="{_num(s.width)}" '
                f'height="{_num(s.height)}" fill="{s.colour}"/>'
            )
        elif isinstance(s, Line):
            points = " ".join(f"{_num(x)},{_num(y)}" for x, y in s.points)
            dash = ' stroke-dasharray="6 4"' if s.dashed else ""
            out.append(
                f'<polyline points="{points}" fill="none" stroke="{s.colour}" '
                f'stroke-width="{_num(s.width)}"{dash}/>'
            )
        elif isinstance(s, Dot):
            title = f"<title>{escape(s.title)}</title>" if s.title else ""
            out.append(
                f'<circle cx="{_num(s.x)}" cy="{_num(s.y)}" r="{_num(s.radius)}" '
                f'fill="{s.colour}">{title}</circle>'
            )
        else:
            out.append(
                f'<text x="{_num(s.x)}" y="{_num(s.y)}" font-size="{_num(s.size)}" '
                f'fill="{s.colour}" text-anchor="{s.anchor}">{escape(s.text)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_plot(chart: Chart, path: Path) -> Path:
    """Write the chart as SVG or PNG, chosen by the file's suffix, atomically."""
    from covlift.fsutil import write_atomic_bytes

    suffix = path.suffix.lower()
    if suffix == ".svg":
        write_atomic_bytes(path, to_svg(chart).encode("utf-8"))
    elif suffix == ".png":
        from covlift.report.raster import to_png

        write_atomic_bytes(path, to_png(chart))
    else:
        raise UsageError(f"--plot {path}: give a file name ending in .svg or .png.")
    return path
