"""The comparison page's view model: a :class:`~framing.compare.Comparison` -> plain strings.

As for the single-article report, every number is formatted and every chart
coordinate computed here, in Python; the autoescaped template
``compare.html.j2`` only places them. Outlet names, headlines and words from the
articles reach the page only as template values, so they are always escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import __version__
from .charts import _f, _nice_step
from .view import CSP

MAX_ARTICLE_ROWS = 1000
TOP_TERMS = 20
N_COLOURS = 12  # .cat-0 … .cat-11 in report.css


@dataclass(frozen=True)
class Cell:
    text: str
    css_class: str = ""


@dataclass(frozen=True)
class Tick:
    pos: str
    label: str


@dataclass(frozen=True)
class IntervalRow:
    label: str
    y: str
    mean: str
    median: str
    low: str
    high: str
    title: str
    css_class: str


@dataclass(frozen=True)
class IntervalChart:
    """Mean (dot), median (diamond) and 95 % interval (line) of one score per group."""

    id: str
    title: str
    description: str
    table_id: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_ticks: tuple
    rows: tuple


@dataclass(frozen=True)
class ScatterPoint:
    x: str
    y: str
    css_class: str
    label: str
    outlier: bool


@dataclass(frozen=True)
class ScatterChart:
    id: str
    title: str
    description: str
    table_id: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_ticks: tuple
    y_ticks: tuple
    x_label: str
    y_label: str
    points: tuple
    legend: tuple  # (css class, label)


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    header: tuple
    rows: tuple  # tuples of Cell
    note: str = ""


@dataclass(frozen=True)
class TermList:
    group: str
    other: str
    terms: tuple  # (term, count, other_count, z)


@dataclass(frozen=True)
class CompareView:
    title: str
    toolkit: str
    csp: str
    facts: tuple  # (label, value)
    notes: tuple
    charts: tuple
    group_table: Table
    all_groups_table: Table
    distinctive: tuple  # TermList, two or none
    distinctive_note: str
    profiles: Table
    scatter: ScatterChart | None
    map_note: str
    map_table: Table | None
    loadings: tuple  # (component, text)
    outliers: tuple  # (id, group, headline, why)
    articles: Table
    baseline_note: str


def _num(x, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, bool):
        return "yes" if x else ""
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) >= 100):
        return f"{int(x):,}"
    return f"{x:,.{digits}f}"


def _label(column: str) -> str:
    from ..compare import MAIN_SCORES

    names = dict(MAIN_SCORES)
    return names.get(column, column)


def _ticks(lo: float, hi: float) -> list[float]:
    step = _nice_step(hi - lo, 5)
    first = math.ceil(lo / step - 1e-9) * step
    out, v = [], first
    while v <= hi + step * 1e-6 and len(out) < 25:
        out.append(round(v, 10) + 0.0)
        v += step
    return out


def _range(values: list[float]) -> tuple[float, float]:
    present = [v for v in values if v is not None and not math.isnan(v)]
    if not present:
        return 0.0, 1.0
    lo, hi = min(present), max(present)
    if hi - lo <= 1e-9 * max(1.0, abs(lo), abs(hi)):
        lo, hi = lo - 0.5, hi + 0.5
    pad = (hi - lo) * 0.05
    step = _nice_step(hi - lo + 2 * pad)
    return math.floor((lo - pad) / step) * step, math.ceil((hi + pad) / step) * step


def interval_chart(chart_id: str, score: str, stats, colours: dict) -> IntervalChart:
    """One row per group: the interval as a line, the mean as a dot, the median as a diamond."""
    n = len(stats)
    left, width = 170, 640
    right = width - 16
    top, row_h = 12, 30
    bottom = top + row_h * n
    height = bottom + 40
    lo, hi = _range([v for s in stats for v in (s["mean"], s["median"], s["ci_low"], s["ci_high"])])

    def x(v: float) -> str:
        return _f(left + (v - lo) / (hi - lo) * (right - left))

    rows = []
    for i, s in enumerate(stats):
        y = top + row_h * i + row_h / 2
        g = s["group"]
        if s["n"] == 0:
            continue
        rows.append(
            IntervalRow(
                label=g if len(g) <= 24 else g[:23] + "…",
                y=_f(y),
                mean=x(s["mean"]),
                median=x(s["median"]),
                low=x(s["ci_low"]),
                high=x(s["ci_high"]),
                title=(
                    f"{g}: mean {_num(s['mean'])} (95% interval {_num(s['ci_low'])} to "
                    f"{_num(s['ci_high'])}), median {_num(s['median'])}, n = {s['n']}"
                ),
                css_class=colours[g],
            )
        )
    ticks = tuple(Tick(x(v), f"{v:g}") for v in _ticks(lo, hi))
    title = f"{_label(score)} by group"
    return IntervalChart(
        chart_id,
        title,
        "Dot: mean; diamond: median; line: 95% bootstrap interval of the mean. "
        "The table after the charts holds the same numbers.",
        "group-table",
        width,
        height,
        left,
        right,
        top,
        bottom,
        ticks,
        tuple(rows),
    )


def scatter_chart(cmp, colours: dict) -> ScatterChart:
    m = cmp.map
    width, height = 640, 420
    left, right, top, bottom = 56, width - 16, 14, height - 48
    xlo, xhi = _range(list(m.pc1))
    ylo, yhi = _range(list(m.pc2))

    def sx(v):
        return _f(left + (v - xlo) / (xhi - xlo) * (right - left))

    def sy(v):
        return _f(bottom - (v - ylo) / (yhi - ylo) * (bottom - top))

    points = tuple(
        ScatterPoint(
            sx(r.pc1),
            sy(r.pc2),
            colours[r.group],
            f"{r.id} ({r.group}): PC1 {r.pc1:+.2f}, PC2 {r.pc2:+.2f}"
            + (f"; outlier: {r.why}" if r.outlier else ""),
            bool(r.outlier),
        )
        for r in m.itertuples()
    )
    ev = cmp.explained_variance
    return ScatterChart(
        "map-chart",
        "Articles by framing profile (PCA)",
        f"Each article is a point placed by the first two principal components of its "
        f"standardised framing profile (PC1 {ev[0]:.0%}, PC2 {ev[1]:.0%} of the variance). "
        "Ringed points are outliers. The table after the chart lists every point.",
        "map-table",
        width,
        height,
        left,
        right,
        top,
        bottom,
        tuple(Tick(sx(v), f"{v:g}") for v in _ticks(xlo, xhi)),
        tuple(Tick(sy(v), f"{v:g}") for v in _ticks(ylo, yhi)),
        f"PC1 ({ev[0]:.0%} of variance)",
        f"PC2 ({ev[1]:.0%})",
        points,
        tuple((colours[g], g) for g in cmp.group_names()),
    )


def build_compare_view(cmp) -> CompareView:
    from ..compare import MAIN_SCORES

    order = cmp.group_names()
    colours = {g: f"cat-{i % N_COLOURS}" for i, g in enumerate(order)}
    main = [c for c, _ in MAIN_SCORES if c in cmp.scores.columns]
    gt = cmp.groups

    charts, group_rows = [], []
    for k, score in enumerate(main):
        stats = gt[gt.score == score].to_dict("records")
        charts.append(interval_chart(f"chart-{k}", score, stats, colours))
        for s in stats:
            group_rows.append(
                (
                    Cell(_label(score)),
                    Cell(s["group"]),
                    Cell(str(s["n"]), "num"),
                    Cell(_num(s["mean"]), "num"),
                    Cell(_num(s["median"]), "num"),
                    Cell(f"{_num(s['ci_low'])} to {_num(s['ci_high'])}", "num"),
                )
            )
    header = ("score", "group", "n", "mean", "median", "95% interval of the mean")
    group_table = Table("group-table", "Main scores by group", header, tuple(group_rows))
    all_rows = tuple(
        (
            Cell(s["score"]),
            Cell(s["group"]),
            Cell(str(s["n"]), "num"),
            Cell(_num(s["mean"], 3), "num"),
            Cell(_num(s["median"], 3), "num"),
            Cell(f"{_num(s['ci_low'], 3)} to {_num(s['ci_high'], 3)}", "num"),
        )
        for s in gt.to_dict("records")
    )
    all_groups = Table("all-groups-table", "Every score by group", header, all_rows)

    distinctive, dnote = (), ""
    if cmp.distinctive is not None:
        lists = []
        for g, other in (cmp.pair, cmp.pair[::-1]):
            d = cmp.distinctive[cmp.distinctive.group == g].head(TOP_TERMS)
            lists.append(
                TermList(
                    g,
                    other,
                    tuple(
                        (r.term, str(r.count), str(r.other_count), f"{r.z:+.2f}")
                        for r in d.itertuples()
                    ),
                )
            )
        distinctive = tuple(lists)
    else:
        dnote = next((n for n in cmp.notes if n.startswith("distinctive")), "")

    prof = cmp.profiles
    prof_rows = tuple(
        (
            Cell(
                r["feature"].removeprefix("loaded_").removesuffix("_per_1000").replace("_", " ")
                if r["kind"] == "loaded_per_1000"
                else r["feature"].removeprefix("sources_share_").replace("_", " ")
            ),
            Cell("per 1,000 words" if r["kind"] == "loaded_per_1000" else "share of attributions"),
            *(Cell(_num(r[g]), "num") for g in order),
        )
        for r in prof.to_dict("records")
    )
    profiles = Table(
        "profiles-table",
        "Framing profiles by group (group means)",
        ("feature", "unit", *order),
        prof_rows,
    )

    scatter = map_table = None
    loadings, outliers, map_note = (), (), ""
    if cmp.map is not None:
        scatter = scatter_chart(cmp, colours)
        map_table = Table(
            "map-table",
            "Articles on the map",
            ("article", "group", "PC1", "PC2", "distance to group centroid", "outlier"),
            tuple(
                (
                    Cell(r.id),
                    Cell(r.group),
                    Cell(f"{r.pc1:+.2f}", "num"),
                    Cell(f"{r.pc2:+.2f}", "num"),
                    Cell(f"{r.distance:.2f}", "num"),
                    Cell(r.why),
                )
                for r in cmp.map.head(MAX_ARTICLE_ROWS).itertuples()
            ),
        )
        for comp in ("pc1", "pc2"):
            w = cmp.loadings.loc[comp]
            top = w.reindex(w.abs().sort_values(ascending=False).index).head(4)
            loadings += ((comp.upper(), ", ".join(f"{k} {v:+.2f}" for k, v in top.items())),)
        outliers = tuple(
            (r.id, r.group, r.headline or "", r.why) for r in cmp.outliers.itertuples()
        )
    else:
        map_note = next((n for n in cmp.notes if n.startswith("map skipped")), "")

    pct = cmp.percentiles
    header = ["article", "group", "headline", *(_label(c) for c in main)]
    if pct is not None:
        pcols = list(pct.columns[2:])
        header += [f"{_label(c)}: percentile" for c in pcols]
    rows = []
    for i, r in enumerate(cmp.scores.head(MAX_ARTICLE_ROWS).to_dict("records")):
        cells = [Cell(r["id"]), Cell(r["group"]), Cell(r["headline"] or "")]
        cells += [Cell(_num(r[c]), "num") for c in main]
        if pct is not None:
            cells += [Cell(_num(pct.iloc[i][c], 0), "num") for c in pcols]
        rows.append(tuple(cells))
    shown = len(rows)
    articles = Table(
        "articles-table",
        "Articles",
        tuple(header),
        tuple(rows),
        ""
        if shown == len(cmp.scores)
        else f"The first {shown:,} of {len(cmp.scores):,} articles; the CSV holds all.",
    )
    b = cmp.baseline
    baseline_note = (
        f"Percentiles against the baseline “{b.name or 'baseline'}” ({b.n:,} articles, "
        f"lexicon {b.lexicon_version or 'unknown'})."
        if b is not None
        else "No baseline given: articles are not ranked against a corpus."
    )
    facts = (
        ("articles", f"{len(cmp.scores):,}"),
        ("groups", f"{len(order):,}"),
        ("grouped by", cmp.by),
        ("bootstrap", f"{cmp.resamples:,} resamples, seed {cmp.seed}"),
        ("baseline", b.name or "given" if b is not None else "none"),
    )
    return CompareView(
        title=f"Comparison of {len(cmp.scores):,} articles by {cmp.by}",
        toolkit=f"framing {__version__}",
        csp=CSP,
        facts=facts,
        notes=tuple(cmp.notes),
        charts=tuple(charts),
        group_table=group_table,
        all_groups_table=all_groups,
        distinctive=distinctive,
        distinctive_note=dnote,
        profiles=profiles,
        scatter=scatter,
        map_note=map_note,
        map_table=map_table,
        loadings=loadings,
        outliers=outliers,
        articles=articles,
        baseline_note=baseline_note,
    )
