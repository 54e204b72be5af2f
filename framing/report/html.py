"""The HTML audit: serialised results -> view model -> one self-contained page.

Two steps, in the manner of coverage.py's HTML report:

1. :func:`build_view` turns ``audit.to_dict()`` (plain JSON data, nothing else)
   into small frozen dataclasses holding exactly what the page shows: formatted
   numbers, labels, and article text already turned into escaped HTML by
   :mod:`framing.report.highlight`.
2. :func:`render_view` fills the Jinja2 template (autoescaped) with that view.

A new section (loaded language, sources, a scorecard) adds a ``*View``
dataclass, a builder, a field on :class:`ReportView`, its marks in
:func:`article_marks` and a block in the template; nothing here changes shape.

The page is a single file: CSS inlined, charts inlined as SVG, no script, no
external URL, and a Content-Security-Policy that forbids every network load.
"""

from __future__ import annotations

import bisect
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

import jinja2
from markupsafe import Markup

from . import charts
from .highlight import Mark, render_spans, trusted_svg

__all__ = [
    "CSP",
    "ReportView",
    "article_marks",
    "build_view",
    "render_html",
    "render_view",
    "write_html",
]

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; "
    "script-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
)

# VADER's conventional cut-offs for a positive / negative compound.
TONE_CUTOFF = 0.05


# --------------------------------------------------------------------------- view model


@dataclass(frozen=True)
class Fact:
    """One labelled value in a summary list (``<dt>``/``<dd>``)."""

    label: str
    value: str


@dataclass(frozen=True)
class LegendItem:
    """A sample of one kind of mark in the article view, and what it means."""

    css_class: str
    sample: str
    description: str


@dataclass(frozen=True)
class ParagraphView:
    """A body paragraph: ``html`` is its text with every mark, from highlight.py."""

    index: int
    number: int
    anchor: str
    html: Markup
    title: str


@dataclass(frozen=True)
class ToneRow:
    label: str
    anchor: str | None
    n_words: str
    compound: str
    sentences: str
    tone: str


@dataclass(frozen=True)
class ToneView:
    chart: Markup
    chart_label: str
    rows: tuple[ToneRow, ...]
    article: ToneRow
    formula: str


@dataclass(frozen=True)
class Column:
    """A table column: ``help`` is its tooltip (name and formula)."""

    key: str
    short: str
    name: str
    formula: str
    help: str


@dataclass(frozen=True)
class TableRow:
    label: str
    anchor: str | None
    cells: tuple[str, ...]


@dataclass(frozen=True)
class HardSentenceView:
    number: int | None
    anchor: str | None
    grade: str
    n_words: str
    n_syllables: str
    html: Markup


@dataclass(frozen=True)
class ReadabilityView:
    summary: tuple[Fact, ...]
    metric_columns: tuple[Column, ...]
    metric_rows: tuple[TableRow, ...]
    count_columns: tuple[Column, ...]
    count_rows: tuple[TableRow, ...]
    hard_sentences: tuple[HardSentenceView, ...]
    threshold: str


@dataclass(frozen=True)
class ReportView:
    """Everything the page shows, computed before any HTML is rendered."""

    title: str
    headline: Markup | None
    byline: Markup | None
    facts: tuple[Fact, ...]
    legend: tuple[LegendItem, ...]
    paragraphs: tuple[ParagraphView, ...]
    tone: ToneView
    readability: ReadabilityView
    sections: tuple[tuple[str, str], ...]
    toolkit: str
    schema_version: str
    csp: str = CSP


# --------------------------------------------------------------------------- formatting


def _num(value: Any, digits: int = 1) -> str:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    if value != value:  # NaN
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def _signed(value: Any) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool) or value != value:
        return "—"
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text


def _tone(value: Any) -> str:
    if not isinstance(value, int | float) or value != value:
        return "neu"
    return "pos" if value >= TONE_CUTOFF else "neg" if value <= -TONE_CUTOFF else "neu"


def _duration(seconds: Any) -> str:
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds != seconds:
        return "—"
    if seconds < 10:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def _source_name(source: str | None) -> str | None:
    """The file name of a source path ("<text>" and "<bytes>" stay as they are)."""
    if not source:
        return None
    if source.startswith("<"):
        return source
    return PurePath(source.replace("\\", "/")).name or source


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- marks

READABILITY_METRICS: tuple[tuple[str, str, str, int], ...] = (
    # key, short heading, name, decimals
    ("flesch_reading_ease", "FRE", "Flesch reading ease (higher is easier)", 1),
    ("flesch_kincaid_grade", "FKGL", "Flesch–Kincaid grade level", 1),
    ("gunning_fog", "Fog", "Gunning fog index", 1),
    ("smog_index", "SMOG", "SMOG index", 1),
    ("automated_readability_index", "ARI", "Automated readability index", 1),
    ("coleman_liau_index", "CLI", "Coleman–Liau index", 1),
    ("dale_chall_readability_score", "DC", "Dale–Chall readability score", 1),
    ("linsear_write_formula", "LW", "Linsear Write formula", 1),
    ("text_standard", "Std", "Consensus grade (textstat text_standard)", 1),
    ("words_per_sentence", "W/S", "Words per sentence", 1),
    ("syllables_per_word", "Syl/W", "Syllables per word", 2),
    ("reading_time", "Time", "Reading time", 0),
)
READABILITY_COUNTS: tuple[tuple[str, str, str], ...] = (
    ("words", "Words", "Words"),
    ("sentences", "Sentences", "Sentences"),
    ("syllables", "Syllables", "Syllables"),
    ("polysyllables", "Polysyll.", "Polysyllables (words of 3+ syllables)"),
    ("difficult_words", "Difficult", "Difficult words (not on the Dale–Chall easy list)"),
    ("characters", "Chars", "Characters"),
    ("letters", "Letters", "Letters"),
)


def article_marks(data: Mapping[str, Any]) -> list[Mark]:
    """Every mark the article view shows, as plain :class:`Mark` records.

    Sentences (class ``sentence`` plus ``pos``/``neg``/``neu``, index in
    ``data-sentence``, compound in ``data-compound``), hard sentences (``hard``,
    grade in ``data-grade``; merged into the sentence mark when the spans agree),
    outermost quotations (``quote``), the headline (``headline``, with its tone)
    and the dateline (``dateline``).
    """
    marks: list[Mark] = []
    art = data.get("article", {})
    rd = data.get("readability") or {}
    threshold = rd.get("threshold")
    hard = {(h["start"], h["end"]): h for h in rd.get("hard_sentences", ())}

    def hard_title(h: Mapping[str, Any]) -> str:
        over = f" (over {_num(threshold)})" if threshold is not None else ""
        return (
            f"Hard to read: grade {_num(h.get('grade'))}{over}; "
            f"{_num(h.get('n_words'))} words, {_num(h.get('n_syllables'))} syllables"
        )

    for s in (data.get("sentiment") or {}).get("sentences", ()):
        compound = s.get("compound")
        classes = ["sentence", _tone(compound)]
        title = f"Tone {_signed(compound)} (VADER compound)"
        attrs = [("sentence", str(s.get("index", ""))), ("compound", _num(compound, 4))]
        h = hard.pop((s["start"], s["end"]), None)
        if h is not None:
            classes.append("hard")
            title = f"{title}. {hard_title(h)}"
            attrs.append(("grade", _num(h.get("grade"))))
        marks.append(Mark(s["start"], s["end"], " ".join(classes), title, tuple(attrs)))
    headline = (data.get("sentiment") or {}).get("headline")
    if headline:
        compound = headline["compound"]
        marks.append(
            Mark(
                headline["start"],
                headline["end"],
                f"headline {_tone(compound)}",
                f"Headline tone {_signed(compound)} (VADER compound)",
                (("compound", _num(compound, 4)),),
            )
        )
    for h in hard.values():
        marks.append(
            Mark(h["start"], h["end"], "hard", hard_title(h), (("grade", _num(h.get("grade"))),))
        )
    for q in art.get("quotations", ()):
        if q.get("depth", 0) == 0:
            title = "Quotation" if q.get("close_mark") else "Quotation (never closed)"
            marks.append(Mark(q["start"], q["end"], "quote", title))
    dateline = (art.get("spans") or {}).get("dateline")
    if dateline:
        marks.append(Mark(dateline["start"], dateline["end"], "dateline", "Dateline"))
    return marks


def _overlapping(marks: Sequence[Mark], start: int, end: int) -> list[Mark]:
    return [m for m in marks if m.start < end and m.end > start]


# --------------------------------------------------------------------------- builders


def _paragraph_numbers(paragraphs: Sequence[Mapping[str, Any]]):
    starts = [p["start"] for p in paragraphs]

    def which(offset: int) -> Mapping[str, Any] | None:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and paragraphs[i]["start"] <= offset < paragraphs[i]["end"]:
            return paragraphs[i]
        return None

    return which


def _tone_view(data: Mapping[str, Any]) -> ToneView:
    sent = data.get("sentiment") or {}
    paragraphs = sent.get("paragraphs", ())
    sentences = sent.get("sentences", ())
    headline = sent.get("headline")
    article = (sent.get("article") or {}).get("compound")
    by_paragraph: dict[int, list[float]] = {}
    for s in sentences:
        by_paragraph.setdefault(s["paragraph"], []).append(s["compound"])
    rows = []
    if headline:
        rows.append(
            ToneRow(
                "Headline",
                None,
                "—",
                _signed(headline["compound"]),
                "—",
                _tone(headline["compound"]),
            )
        )
    for p in paragraphs:
        rows.append(
            ToneRow(
                f"¶ {p['index'] + 1}",
                f"p{p['index']}",
                _num(p.get("n_words")),
                _signed(p["compound"]),
                ", ".join(_signed(c) for c in by_paragraph.get(p["index"], ())) or "—",
                _tone(p["compound"]),
            )
        )
    total = sum(p.get("n_words") or 0 for p in paragraphs)
    article_row = ToneRow(
        "Article (word-weighted mean)", None, _num(total), _signed(article), "—", _tone(article)
    )
    label = (
        f"Bar chart of tone (VADER compound, from -1 to +1) for each of "
        f"{len(paragraphs)} paragraphs, with each sentence as a point"
        + (", the headline as H" if headline else "")
        + ". The table that follows gives the same numbers."
    )
    svg = charts.sentiment_svg(
        [(p["index"] + 1, p["compound"]) for p in paragraphs],
        [(s["paragraph"] + 1, s["compound"]) for s in sentences],
        headline["compound"] if headline else None,
        article,
        label=label,
    )
    formula = (sent.get("article") or {}).get("formula", "")
    return ToneView(trusted_svg(svg), label, tuple(rows), article_row, formula)


def _columns(specs, formulas: Mapping[str, str], present: Sequence[str]) -> list[Column]:
    cols = []
    for key, short, name, *_ in specs:
        formula = formulas.get(key)
        cols.append(
            Column(key, short, name, formula or "—", f"{name}: {formula}" if formula else name)
        )
    known = {c.key for c in cols}
    for key in present:  # keys a newer analyser adds still show up
        if key not in known and key != "text_standard_label":
            label = key.replace("_", " ")
            formula = formulas.get(key)
            cols.append(
                Column(
                    key, label, label, formula or "—", f"{label}: {formula}" if formula else label
                )
            )
    return cols


_DIGITS = {key: digits for key, _, _, digits in READABILITY_METRICS}


def _cell(key: str, value: Any) -> str:
    if key == "reading_time":
        return _duration(value)
    return _num(value, _DIGITS.get(key, 1))


def _readability_view(data: Mapping[str, Any], which) -> ReadabilityView:
    rd = data.get("readability") or {}
    text = data["article"]["text"]
    metrics = rd.get("article") or {}
    counts = rd.get("counts") or {}
    paragraphs = rd.get("paragraphs", ())
    formulas = rd.get("formulas") or {}
    metric_keys = [k for k, v in metrics.items() if isinstance(v, int | float)]
    metric_cols = _columns(READABILITY_METRICS, formulas, metric_keys)
    count_cols = _columns(READABILITY_COUNTS, formulas, list(counts))

    def metric_cells(values: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(_cell(c.key, values.get(c.key)) for c in metric_cols)

    def count_cells(values: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(_num(values.get(c.key)) for c in count_cols)

    metric_rows = [TableRow("Article", None, metric_cells(metrics))]
    count_rows = [TableRow("Article", None, count_cells(counts))]
    for p in paragraphs:
        label, anchor = f"¶ {p['index'] + 1}", f"p{p['index']}"
        metric_rows.append(TableRow(label, anchor, metric_cells(p.get("metrics") or {})))
        count_rows.append(TableRow(label, anchor, count_cells(p.get("counts") or {})))
    hard = []
    for h in rd.get("hard_sentences", ()):
        p = which(h["start"])
        hard.append(
            HardSentenceView(
                p["index"] + 1 if p else None,
                f"p{p['index']}" if p else None,
                _num(h.get("grade")),
                _num(h.get("n_words")),
                _num(h.get("n_syllables")),
                render_spans(text, h["start"], h["end"], ()),
            )
        )
    summary = (
        Fact("Reading level", str(metrics.get("text_standard_label") or "—")),
        Fact("Flesch reading ease", _num(metrics.get("flesch_reading_ease"))),
        Fact("Words per sentence", _num(metrics.get("words_per_sentence"))),
        Fact("Reading time", _duration(metrics.get("reading_time"))),
        Fact("Hard sentences", f"{len(hard)} of {_num(counts.get('sentences'))}"),
    )
    return ReadabilityView(
        summary,
        tuple(metric_cols),
        tuple(metric_rows),
        tuple(count_cols),
        tuple(count_rows),
        tuple(hard),
        _num(rd.get("threshold")),
    )


LEGEND = (
    LegendItem("sentence pos", "positive sentence", "tone (VADER compound) at least +0.05"),
    LegendItem("sentence neg", "negative sentence", "tone at most -0.05"),
    LegendItem("hard", "hard sentence", "grade above the readability threshold"),
    LegendItem("quote", "quotation", "a direct quotation: the speaker's words, not the outlet's"),
)


def build_view(data: Mapping[str, Any]) -> ReportView:
    """The view model of the report, from ``audit.to_dict()`` data alone.

    Parameters
    ----------
    data : mapping
        ``Audit.to_dict()``: ``article``, ``sentiment``, ``readability``,
        ``toolkit`` and ``schema_version``.

    Returns
    -------
    ReportView
    """
    art = data["article"]
    text = art["text"]
    spans = art.get("spans") or {}
    meta = art.get("meta") or {}
    paragraphs = art.get("paragraphs", ())
    which = _paragraph_numbers(paragraphs)
    marks = article_marks(data)

    head = spans.get("headline")
    headline = None
    if head:
        headline = render_spans(
            text, head["start"], head["end"], _overlapping(marks, head["start"], head["end"])
        )
    by = spans.get("byline")
    byline = render_spans(text, by["start"], by["end"], ()) if by else None

    sent_paragraphs = {p["index"]: p for p in (data.get("sentiment") or {}).get("paragraphs", ())}
    paragraph_views = []
    for p in paragraphs:
        sp = sent_paragraphs.get(p["index"], {})
        title = f"Paragraph {p['index'] + 1}"
        if sp:
            title += f": tone {_signed(sp.get('compound'))}, {_num(sp.get('n_words'))} words"
        paragraph_views.append(
            ParagraphView(
                p["index"],
                p["index"] + 1,
                f"p{p['index']}",
                render_spans(text, p["start"], p["end"], _overlapping(marks, p["start"], p["end"])),
                title,
            )
        )

    rd_article = (data.get("readability") or {}).get("article") or {}
    tone = _tone_view(data)
    headline_tone = (data.get("sentiment") or {}).get("headline")
    toolkit = data.get("toolkit") or {}
    toolkit_name = f"{toolkit.get('name', 'framing')} {toolkit.get('version', '')}".strip()
    facts = [Fact("Source", _source_name(meta.get("source")) or "—")]
    for key, label in (("outlet", "Outlet"), ("date", "Date"), ("url", "URL")):
        if meta.get(key):
            facts.append(Fact(label, str(meta[key])))
    if art.get("dateline"):
        facts.append(Fact("Dateline", _one_line(art["dateline"])))
    facts += [
        Fact("Words", _num(art.get("n_words"))),
        Fact("Paragraphs", _num(art.get("n_paragraphs"))),
        Fact("Sentences", _num(art.get("n_sentences"))),
        Fact("Reading time", _duration(rd_article.get("reading_time"))),
        Fact("Reading level", str(rd_article.get("text_standard_label") or "—")),
        Fact("Tone (word-weighted)", tone.article.compound),
        *([Fact("Headline tone", _signed(headline_tone["compound"]))] if headline_tone else []),
        Fact("Toolkit", toolkit_name),
    ]
    title = _one_line(art.get("headline") or "") or "Untitled article"
    return ReportView(
        title=title,
        headline=headline,
        byline=byline,
        facts=tuple(facts),
        legend=LEGEND,
        paragraphs=tuple(paragraph_views),
        tone=tone,
        readability=_readability_view(data, which),
        sections=(("article", "Article"), ("tone", "Tone"), ("readability", "Readability")),
        toolkit=toolkit_name,
        schema_version=str(data.get("schema_version", "")),
    )


# --------------------------------------------------------------------------- rendering


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The report's Jinja2 environment (made once): autoescaped, strict about undefined names."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("framing", "report/templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "j2", "htm", "xml", "css"),
            default_for_string=True,
            default=True,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_view(view: ReportView) -> str:
    """Fill the page template with ``view``. The CSS is inlined by the template."""
    return environment().get_template("report.html.j2").render(view=view)


def render_html(audit) -> str:
    """The audit as one self-contained HTML page.

    Parameters
    ----------
    audit : framing.Audit or mapping
        An Audit (its ``to_dict()`` is used) or that dict itself.

    Returns
    -------
    str
        The page: deterministic for the same audit.
    """
    data = audit if isinstance(audit, Mapping) else audit.to_dict()
    return render_view(build_view(data))


def write_html(audit, path: str | os.PathLike) -> Path:
    """Write :func:`render_html` to ``path`` atomically.

    The page is written to a temporary file in the same directory and moved
    over ``path`` with :func:`os.replace`, so ``path`` is either absent (or its
    old content) or the complete new page, never a partial one, and no
    temporary file is left behind on failure. Missing parent directories are made.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    path = Path(path)
    data = render_html(audit).encode("utf-8", "replace")
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = directory / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
