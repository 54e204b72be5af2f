"""Charts for the report: matplotlib ``Figure`` objects, rendered to inline SVG.

No pyplot: every figure is a :class:`matplotlib.figure.Figure` made here and
dropped when the function returns, so nothing global is created or needs closing.
The chart functions take numbers only (paragraph numbers and scores), never
article text, so no text from an article can reach a chart. :func:`figure_to_svg`
returns a plain ``str``; the report marks it safe only through
:func:`framing.report.highlight.trusted_svg`, which checks it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from html import escape as _attr_escape

import matplotlib
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

__all__ = ["figure_to_svg", "sentiment_figure", "sentiment_svg"]

# Blue for positive, orange for negative: distinguishable with the common colour
# vision deficiencies, and both above 3:1 against white.
POSITIVE = "#2166ac"
NEGATIVE = "#b35806"
INK = "#1a1a1a"
MUTED = "#595959"

_RC = {
    "svg.hashsalt": "framing-report",
    "svg.fonttype": "none",  # text stays text: smaller, selectable, uses the page's fonts
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
}
_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


def sentiment_figure(
    paragraphs: Sequence[tuple[int, float]],
    sentences: Sequence[tuple[int, float]] = (),
    headline: float | None = None,
    article: float | None = None,
) -> Figure:
    """Tone across the article: one bar per paragraph, sentences as points.

    Parameters
    ----------
    paragraphs : sequence of (number, compound)
        The paragraph's number as shown in the report (1-based) and its VADER compound.
    sentences : sequence of (paragraph number, compound)
        Each body sentence's compound, drawn as a point over its paragraph's bar
        (spread sideways in reading order).
    headline : float, optional
        The headline's compound, drawn as a diamond at position ``H`` (x = 0).
    article : float, optional
        The article's word-weighted tone, drawn as a dashed horizontal line.

    Returns
    -------
    matplotlib.figure.Figure
        y runs from -1 to 1 with a zero line; x labels are paragraph numbers only.
    """
    numbers = [n for n, _ in paragraphs]
    width = min(10.0, max(5.0, 0.45 * len(numbers) + 2.0))
    fig = Figure(figsize=(width, 3.2), layout="constrained")
    ax = fig.add_subplot()
    ax.bar(
        numbers,
        [c for _, c in paragraphs],
        width=0.7,
        color=[POSITIVE if c >= 0 else NEGATIVE for _, c in paragraphs],
        alpha=0.85,
        zorder=2,
    )
    by_paragraph: dict[int, list[float]] = {}
    for n, c in sentences:
        by_paragraph.setdefault(n, []).append(c)
    xs, ys = [], []
    for n, scores in by_paragraph.items():
        k = len(scores)
        for j, c in enumerate(scores):
            xs.append(n + (0.5 * (j + 0.5) / k - 0.25 if k > 1 else 0.0))
            ys.append(c)
    if xs:
        ax.scatter(
            xs, ys, s=16, color=INK, marker="o", zorder=3, edgecolors="#ffffff", linewidths=0.6
        )
    ticks, labels = list(numbers), [str(n) for n in numbers]
    if headline is not None:
        ax.scatter([0], [headline], s=46, marker="D", color=INK, zorder=3)
        ticks, labels = [0, *ticks], ["H", *labels]
    if article is not None:
        ax.axhline(article, color=MUTED, linestyle=(0, (4, 3)), linewidth=1, zorder=1)
    ax.axhline(0, color=INK, linewidth=0.8, zorder=1)
    ax.set_ylim(-1.05, 1.05)
    ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    lo = -0.6 if headline is not None else (min(numbers) - 0.6 if numbers else -0.6)
    hi = (max(numbers) + 0.6) if numbers else 0.6
    ax.set_xlim(lo, hi)
    ax.set_xticks(ticks, labels)
    ax.set_xlabel("paragraph")
    ax.set_ylabel("VADER compound")
    ax.grid(axis="y", color="#d9d9d9", linewidth=0.6, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [
        Patch(color=POSITIVE, label="paragraph ≥ 0"),
        Patch(color=NEGATIVE, label="paragraph < 0"),
        Line2D([], [], color=INK, marker="o", linestyle="", markersize=4, label="sentence"),
    ]
    if headline is not None:
        handles.append(
            Line2D([], [], color=INK, marker="D", linestyle="", markersize=5, label="headline (H)")
        )
    if article is not None:
        handles.append(
            Line2D([], [], color=MUTED, linestyle=(0, (4, 3)), label="article (word-weighted)")
        )
    fig.legend(
        handles=handles,
        loc="outside upper center",
        ncols=len(handles) if width >= 7 else 3,
        frameon=False,
        fontsize=8,
    )
    return fig


def figure_to_svg(fig: Figure, *, label: str, prefix: str) -> str:
    """Render ``fig`` as an ``<svg>`` element to inline in HTML.

    The XML prolog, DOCTYPE, namespace declarations (implied in HTML) and
    metadata are dropped, the fixed size gives way to the viewBox so the chart
    scales with the page, the root gets ``role="img"`` and ``aria-label=label``,
    and every ``id`` is prefixed with ``prefix`` so several charts can share a
    page. Output is deterministic (fixed hash salt, no date).
    """
    if not re.fullmatch(r"[a-z][a-z0-9-]*", prefix):
        raise ValueError(f"chart id prefix {prefix!r} is not [a-z][a-z0-9-]*")
    buf = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format="svg", metadata=_METADATA)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    root_end = svg.index(">") + 1
    viewbox = re.search(r'viewBox="([^"]*)"', svg[:root_end])
    root = (
        f'<svg viewBox="{viewbox.group(1) if viewbox else "0 0 100 100"}" '
        f'role="img" aria-label="{_attr_escape(label, quote=True)}" '
        f'class="chart" preserveAspectRatio="xMidYMid meet">'
    )
    body = svg[root_end:]
    body = re.sub(r"<metadata>.*?</metadata>\s*", "", body, flags=re.S)
    # matplotlib's stylesheet says "*{...}"; inline in HTML that would reach the whole page.
    body = body.replace('<style type="text/css">*{', "<style>svg.chart *{")
    body = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', body)
    body = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", body)
    body = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', body)
    return root + body.rstrip() + "\n"


def sentiment_svg(
    paragraphs: Sequence[tuple[int, float]],
    sentences: Sequence[tuple[int, float]] = (),
    headline: float | None = None,
    article: float | None = None,
    *,
    label: str,
) -> str:
    """:func:`sentiment_figure` rendered by :func:`figure_to_svg` (ids prefixed ``tone``)."""
    with matplotlib.rc_context(_RC):
        fig = sentiment_figure(paragraphs, sentences, headline, article)
    return figure_to_svg(fig, label=label, prefix="tone")
