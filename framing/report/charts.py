"""Charts for the report: geometry computed from numbers, drawn as inline SVG.

The report's charts are view-model dataclasses (:class:`Chart`: bars, points,
reference lines and ticks already placed in SVG user units) that the autoescaped
template draws as ``<svg>``. They take numbers and short labels of our own,
never article text, and need no ``Markup``. Drawing them this way costs about a
millisecond where importing matplotlib costs 0.3-0.6 s, which the report's
budget (at most 0.5 s on top of the analysis) cannot afford; and the marks take
their colours from the page's CSS, so the print stylesheet and the legend agree
with the article view.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = [
    "Chart",
    "paragraph_chart",
]

# Blue for positive, orange for negative: distinguishable with the common colour
# vision deficiencies, and both above 3:1 against white.
POSITIVE = "#2166ac"
NEGATIVE = "#b35806"
INK = "#1a1a1a"
MUTED = "#595959"


# --------------------------------------------------------------------------- SVG geometry


@dataclass(frozen=True)
class Tick:
    pos: str  # SVG coordinate along the axis
    label: str


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    css_class: str
    label: str  # the <title> a pointer shows: "¶ 3: +0.42"


@dataclass(frozen=True)
class Point:
    x: str
    y: str
    shape: str  # "circle" | "diamond"
    css_class: str
    label: str


@dataclass(frozen=True)
class RefLine:
    y: str
    css_class: str
    label: str


@dataclass(frozen=True)
class LegendEntry:
    shape: str  # "bar" | "circle" | "diamond" | "line"
    css_class: str
    label: str


@dataclass(frozen=True)
class PlacedEntry:
    x: str
    y: str
    entry: LegendEntry


@dataclass(frozen=True)
class Chart:
    """One chart, ready to draw: everything in SVG user units, formatted as strings.

    ``title`` and ``description`` become the SVG's ``<title>``/``<desc>`` (its
    accessible name and description); ``table_id`` names the table beside the chart
    that holds the same numbers.
    """

    id: str
    title: str
    description: str
    table_id: str | None
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    zero: str  # y of the zero line
    x_label: str
    y_label: str
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]
    points: tuple[Point, ...]
    lines: tuple[RefLine, ...]
    legend: tuple[PlacedEntry, ...]
    total_height: int  # the plot plus the legend rows under it

    @property
    def plot_mid_y(self) -> int:
        return (self.top + self.bottom) // 2

    @property
    def min_width(self) -> int:
        """Never drawn narrower than this (a narrow screen scrolls it), so labels stay legible."""
        return min(self.width, 560)


def _f(x: float) -> str:
    """A coordinate with one decimal: small, stable output."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _nice_step(span: float, target: int = 5) -> float:
    raw = span / max(target, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def paragraph_chart(
    chart_id: str,
    values: Sequence[tuple[str, float | None]],
    *,
    title: str,
    description: str,
    y_label: str,
    table_id: str | None = None,
    y_range: tuple[float, float] | None = None,
    y_ticks: Sequence[float] | None = None,
    bar_class: Callable[[float], str] = lambda v: "bar",
    bar_label: Callable[[str, float], str] = lambda x, v: f"{x}: {v:.2f}",
    points: Sequence[tuple[int, float, str, str, str]] = (),
    lines: Sequence[tuple[float, str, str]] = (),
    legend: Sequence[LegendEntry] = (),
    tick_format: Callable[[float], str] = lambda v: f"{v:g}",
    x_label: str = "paragraph",
) -> Chart:
    """A bar per paragraph (or other category) with optional points and reference lines.

    Parameters
    ----------
    values : sequence of (tick label, value or None)
        One slot per label, left to right; None leaves the slot empty.
    y_range : (low, high), optional
        Default: from 0 (or the lowest value) to the highest value, bars, points
        and lines included, with a little headroom.
    points : sequence of (slot, value, shape, css class, label)
        Markers drawn over the bars; several in one slot are spread sideways in
        the order given. ``shape`` is ``"circle"`` or ``"diamond"``.
    lines : sequence of (value, css class, label)
        Horizontal reference lines across the plot (a threshold, an average).
    """
    if not re.fullmatch(r"[a-z][a-z0-9-]*", chart_id):
        raise ValueError(f"chart id {chart_id!r} is not [a-z][a-z0-9-]*")
    n = len(values)
    width = max(360, min(760, 140 + 46 * n))
    height = 250
    left, right, top, bottom = 56, width - 12, 14, height - 40
    present = [v for _, v in values if v is not None]
    present += [p[1] for p in points] + [line[0] for line in lines]
    if y_range is None:
        lo = min([0.0, *present])
        hi = max([0.0, *present])
        if hi == lo:
            hi = lo + 1.0
        step = _nice_step(hi - lo)
        lo = math.floor(lo / step) * step
        hi = math.ceil(hi * 1.05 / step) * step
        y_range = (lo, hi)
        if y_ticks is None:
            count = round((hi - lo) / step)
            y_ticks = [lo + i * step for i in range(count + 1)]
    lo, hi = y_range
    if y_ticks is None:
        y_ticks = [lo, (lo + hi) / 2, hi]

    def y_of(v: float) -> float:
        v = min(max(v, lo), hi)
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    slot = (right - left) / max(n, 1)
    bar_w = min(36.0, slot * 0.62)

    def x_of(i: int) -> float:
        return left + slot * (i + 0.5)

    zero = y_of(min(max(0.0, lo), hi))
    bars = []
    for i, (label, v) in enumerate(values):
        if v is None:
            continue
        y = y_of(v)
        top_y, h = (y, zero - y) if y <= zero else (zero, y - zero)
        bars.append(
            Bar(
                _f(x_of(i) - bar_w / 2),
                _f(top_y),
                _f(bar_w),
                _f(max(h, 0.0)),
                bar_class(v),
                bar_label(label, v),
            )
        )
    by_slot: dict[int, list[tuple[int, float, str, str, str]]] = {}
    for p in points:
        by_slot.setdefault(p[0], []).append(p)
    dots = []
    for i, group in by_slot.items():
        k = len(group)
        for j, (_, v, shape, css, label) in enumerate(group):
            dx = (bar_w * 0.8) * ((j + 0.5) / k - 0.5) if k > 1 else 0.0
            dots.append(Point(_f(x_of(i) + dx), _f(y_of(v)), shape, css, label))
    # The legend sits under the plot in rows, each entry as wide as its label
    # (about 7.2 units per character at the chart's 13-unit font size).
    placed, x, row = [], 0.0, 0
    for entry in legend:
        w = 26 + 7.2 * len(entry.label)
        if x and x + w > right - left:
            x, row = 0.0, row + 1
        placed_y = height + 10 + 18 * row
        placed.append(PlacedEntry(_f(left + x), _f(placed_y), entry))
        x += w + 14
    total_height = height + (18 * (row + 1) + 8 if legend else 0)
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        table_id=table_id,
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        zero=_f(zero),
        x_label=x_label,
        y_label=y_label,
        x_ticks=tuple(Tick(_f(x_of(i)), label) for i, (label, _) in enumerate(values)),
        y_ticks=tuple(Tick(_f(y_of(v)), tick_format(v)) for v in y_ticks),
        bars=tuple(bars),
        points=tuple(dots),
        lines=tuple(RefLine(_f(y_of(v)), css, label) for v, css, label in lines),
        legend=tuple(placed),
        total_height=total_height,
    )
