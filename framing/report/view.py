"""The report's view model: ``audit.to_dict()`` -> frozen dataclasses, no HTML.

In the manner of coverage.py's HTML report, everything the page shows is
computed here first (formatted numbers, labels, sentences, in-page links, chart
geometry), and the autoescaped template only lays it out. Article text is the
one exception that arrives as HTML: :mod:`framing.report.highlight` turns it
into escaped ``Markup`` with its marks, and nothing else here makes markup.

:func:`build_view` reads the serialised results only, so a JSON file written
by ``framing audit --json`` renders the same page as the Audit it came from.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from . import charts
from .charts import Chart, LegendEntry
from .findings import Finding, Link, ScoreCard, key_findings, scorecard, voice_tone
from .fmt import (
    FORM_LABELS,
    KIND_LABELS,
    SPECIFICITY_LABELS,
    VOICE_LABELS,
    duration,
    limit,
    num,
    one_line,
    paragraph_anchor,
    paragraph_label,
    percent,
    plural,
    rule_label,
    shorten,
    signed,
    source_name,
    tone,
)
from .highlight import json_script, render_spans
from .marks import (
    LAYERS,
    CategoryStyle,
    Layer,
    SpeakerStyle,
    article_marks,
    attribution_anchors,
    category_styles,
    overlapping,
    speaker_styles,
)

__all__ = ["CSP", "ReportView", "build_view"]

# No network, no script, no plugin, no form, no base: the page can show itself and
# nothing else. Styles are inline (one <style> element and SVG presentation
# attributes); images could only be data: URIs (there are none today).
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; "
    "script-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; "
    "frame-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)

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
    code: str | None = None
    layer: str = ""


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
class VoiceRow:
    label: str
    n_sentences: str
    n_words: str
    compound: str
    tone: str


@dataclass(frozen=True)
class ToneView:
    chart: Chart
    rows: tuple[ToneRow, ...]
    article: ToneRow
    formula: str
    voices: tuple[VoiceRow, ...]
    voice_formula: str


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
    chart: Chart
    metric_columns: tuple[Column, ...]
    metric_rows: tuple[TableRow, ...]
    count_columns: tuple[Column, ...]
    count_rows: tuple[TableRow, ...]
    hard_sentences: tuple[HardSentenceView, ...]
    threshold: str


@dataclass(frozen=True)
class FlagRef:
    href: str
    title: str
    cites: str


@dataclass(frozen=True)
class SourceRow:
    anchor: str  # the row's id (a mark's aria-describedby points here)
    href: str  # the first mention in the article
    text: str
    kind: str
    kind_class: str
    specificity: str
    affiliation: str
    statements: str
    quoted_words: str
    flags: tuple[FlagRef, ...]


@dataclass(frozen=True)
class AttributionRow:
    number: int
    href: str
    paragraph: str
    form: str
    cue: str
    source: str
    kind: str
    content: str
    relay: str


@dataclass(frozen=True)
class FlagView:
    anchor: str
    title: str
    message: str
    cites: tuple[str, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class KindShare:
    kind: str
    label: str
    count: str
    share: str
    width: str  # the bar's width in percent


@dataclass(frozen=True)
class UnattributedView:
    href: str
    paragraph: str
    terms: str
    html: Markup


@dataclass(frozen=True)
class SourcesView:
    summary: tuple[Fact, ...]
    rows: tuple[SourceRow, ...]
    kinds: tuple[KindShare, ...]
    attributions: tuple[AttributionRow, ...]
    flags: tuple[FlagView, ...]
    relay_chains: tuple[str, ...]
    unattributed: tuple[UnattributedView, ...]
    formulas: tuple[Fact, ...]


@dataclass(frozen=True)
class Swatch:
    """A category's colour slot and code, for a table cell or legend."""

    name: str
    code: str
    css_class: str


@dataclass(frozen=True)
class TermRow:
    label: str
    swatch: Swatch
    voices: str
    count: str
    note: str
    neutral: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class CategoryRow:
    swatch: Swatch
    bias: str
    hits: str
    per_1000: str
    default_weight: str
    n_entries: str


@dataclass(frozen=True)
class VoiceDensityRow:
    label: str
    words: str
    hits: str
    per_1000: str
    intensity: str


@dataclass(frozen=True)
class HitRow:
    anchor: str
    href: str
    number: int
    text: str
    swatch: Swatch
    voice: str
    where: str
    weight: str
    negated: bool
    note: str
    neutral: str
    rule: str


@dataclass(frozen=True)
class PhraseRow:
    text: str
    voice: str
    where: str
    hits: tuple[Link, ...]


@dataclass(frozen=True)
class LoadedView:
    summary: tuple[Fact, ...]
    terms: tuple[TermRow, ...]
    categories: tuple[CategoryRow, ...]
    voices: tuple[VoiceDensityRow, ...]
    chart: Chart
    paragraph_rows: tuple[TableRow, ...]
    phrases: tuple[PhraseRow, ...]
    hits: tuple[HitRow, ...]
    formulas: tuple[Fact, ...]


@dataclass(frozen=True)
class MethodView:
    formulas: tuple[Fact, ...]
    lexicon: tuple[Fact, ...]
    standards: tuple[str, ...]
    limitations: tuple[str, ...]


@dataclass(frozen=True)
class ReportView:
    """Everything the page shows, computed before any HTML is rendered."""

    title: str
    headline: Markup | None
    byline: Markup | None
    facts: tuple[Fact, ...]
    scorecard: tuple[ScoreCard, ...]
    findings: tuple[Finding, ...]
    layers: tuple[Layer, ...]
    legend: tuple[LegendItem, ...]
    categories: tuple[Swatch, ...]
    speakers: tuple[SpeakerStyle, ...]
    paragraphs: tuple[ParagraphView, ...]
    tone: ToneView
    readability: ReadabilityView
    sources: SourcesView
    loaded: LoadedView
    method: MethodView
    sections: tuple[tuple[str, str], ...]
    toolkit: str
    schema_version: str
    data_json: Markup
    baseline_name: str | None = None
    csp: str = CSP


SECTIONS = (
    ("scorecard", "Scorecard"),
    ("findings", "Key findings"),
    ("article", "Article"),
    ("tone", "Tone"),
    ("readability", "Readability"),
    ("sources", "Sources"),
    ("loaded", "Loaded terms"),
    ("method", "Method"),
)

# --------------------------------------------------------------------------- builders

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

LIMITATIONS = (
    "Loaded language is found by a lexicon, not by reading: a listed word used "
    "literally still counts (context rules and exceptions remove the common cases), "
    "and loaded language the lexicon does not list is missed. The scores compare "
    "articles; they do not prove intent.",
    "A word inside a quotation is the speaker’s, not the outlet’s; but choosing whom "
    "to quote, and which of their words, is the outlet’s choice, which no count shows.",
    "Attribution is found by rules over the sentence (cue verbs, “according to”, "
    "agentless phrases). Unusual constructions are missed or misread; every "
    "attribution is marked in the article so it can be checked.",
    "Tone is VADER, a lexicon tuned on social media: it scores words, not stances. "
    "Diplomatic and military vocabulary (“support”, “peace”, “conflict”) moves it "
    "whatever the article argues. Scores are per sentence and paragraph, never one "
    "number for the whole text.",
    "Readability formulas count words, sentences and syllables; long lists and "
    "titles raise the grade without making a text harder to follow, and the formulas "
    "were built for English.",
    "Sourcing flags paraphrase published newsroom standards; a flag says a standard "
    "is not visibly met in the text, not that the reporting is wrong.",
    "No baseline is loaded, so no score is compared with other articles: read the "
    "numbers against each other and against the evidence, not as good or bad.",
)


def _paragraph_numbers(paragraphs: Sequence[Mapping[str, Any]]):
    starts = [p["start"] for p in paragraphs]

    def which(offset: int) -> Mapping[str, Any] | None:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and paragraphs[i]["start"] <= offset < paragraphs[i]["end"]:
            return paragraphs[i]
        return None

    return which


def _swatch(style: CategoryStyle | None, fallback: str) -> Swatch:
    if style is None:
        return Swatch(fallback, "?", "cat-x")
    return Swatch(style.name, style.code, style.css_class)


def _tone_view(data: Mapping[str, Any]) -> ToneView:
    sent = data.get("sentiment") or {}
    paragraphs = list(sent.get("paragraphs", ()))
    sentences = list(sent.get("sentences", ()))
    headline = sent.get("headline")
    article = (sent.get("article") or {}).get("compound")
    by_paragraph: dict[int, list[float]] = {}
    for s in sentences:
        by_paragraph.setdefault(s["paragraph"], []).append(s["compound"])
    rows = []
    if headline:
        rows.append(ToneRow("Headline", "headline", "—", signed(headline["compound"]), "—",
                            tone(headline["compound"])))
    for p in paragraphs:
        rows.append(
            ToneRow(
                f"¶ {p['index'] + 1}",
                f"p{p['index']}",
                num(p.get("n_words")),
                signed(p["compound"]),
                ", ".join(signed(c) for c in by_paragraph.get(p["index"], ())) or "—",
                tone(p["compound"]),
            )
        )
    total = sum(p.get("n_words") or 0 for p in paragraphs)
    article_row = ToneRow(
        "Article", None, num(total), signed(article), "word-weighted mean", tone(article)
    )
    slots = ([("H", None)] if headline else []) + [
        (str(p["index"] + 1), p["compound"]) for p in paragraphs
    ]
    offset = 1 if headline else 0
    slot_of = {p["index"]: i + offset for i, p in enumerate(paragraphs)}
    points = [
        (slot_of[s["paragraph"]], s["compound"], "circle", "pt",
         f"sentence {s.get('index', 0) + 1} (¶ {s['paragraph'] + 1}): {signed(s['compound'])}")
        for s in sentences
        if s.get("paragraph") in slot_of
    ]
    if headline:
        points.append((0, headline["compound"], "diamond", "pt head",
                       f"headline: {signed(headline['compound'])}"))
    lines = []
    if article is not None:
        lines.append((article, "ref avg", f"article (word-weighted): {signed(article)}"))
    legend = [
        LegendEntry("bar", "bar pos", "paragraph ≥ +0.05"),
        LegendEntry("bar", "bar neg", "paragraph ≤ −0.05"),
        LegendEntry("circle", "pt", "sentence"),
    ]
    if headline:
        legend.append(LegendEntry("diamond", "pt head", "headline (H)"))
    if article is not None:
        legend.append(LegendEntry("line", "ref avg", "article, word-weighted"))
    chart = charts.paragraph_chart(
        "chart-tone",
        slots,
        title="Tone by paragraph",
        description=(
            f"Bar chart of tone (VADER compound, from −1 to +1) for each of {len(paragraphs)} "
            "paragraphs, with each sentence as a point"
            + (", the headline as a diamond at H" if headline else "")
            + (f" and the article’s word-weighted tone ({signed(article)}) as a dotted line"
               if article is not None else "")
            + ". The table beside it gives the same numbers."
        ),
        y_label="VADER compound",
        table_id="tone-table",
        y_range=(-1.0, 1.0),
        y_ticks=(-1.0, -0.5, 0.0, 0.5, 1.0),
        bar_class=lambda v: f"bar {tone(v)}",
        bar_label=lambda x, v: f"¶ {x}: {signed(v)}",
        points=points,
        lines=lines,
        legend=legend,
        tick_format=lambda v: f"{v:+g}" if v else "0",
    )
    vt = voice_tone(data)
    voices = tuple(
        VoiceRow(v.label, num(v.n_sentences), num(v.n_words), signed(v.compound), tone(v.compound))
        for v in vt.values()
    )
    from .findings import VOICE_TONE_FORMULA

    formula = (sent.get("article") or {}).get("formula", "")
    return ToneView(chart, tuple(rows), article_row, formula, voices, VOICE_TONE_FORMULA)


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
        return duration(value)
    return num(value, _DIGITS.get(key, 1))


def _readability_view(data: Mapping[str, Any], which) -> ReadabilityView:
    rd = data.get("readability") or {}
    text = data["article"]["text"]
    metrics = rd.get("article") or {}
    counts = rd.get("counts") or {}
    paragraphs = list(rd.get("paragraphs", ()))
    formulas = rd.get("formulas") or {}
    metric_keys = [k for k, v in metrics.items() if isinstance(v, int | float)]
    metric_cols = _columns(READABILITY_METRICS, formulas, metric_keys)
    count_cols = _columns(READABILITY_COUNTS, formulas, list(counts))

    def metric_cells(values: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(_cell(c.key, values.get(c.key)) for c in metric_cols)

    def count_cells(values: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(num(values.get(c.key)) for c in count_cols)

    metric_rows = [TableRow("Article", None, metric_cells(metrics))]
    count_rows = [TableRow("Article", None, count_cells(counts))]
    for p in paragraphs:
        label, anchor = f"¶ {p['index'] + 1}", f"p{p['index']}"
        metric_rows.append(TableRow(label, anchor, metric_cells(p.get("metrics") or {})))
        count_rows.append(TableRow(label, anchor, count_cells(p.get("counts") or {})))
    hard = []
    points = []
    slot_of = {p["index"]: i for i, p in enumerate(paragraphs)}
    for h in rd.get("hard_sentences", ()):
        p = which(h["start"])
        hard.append(
            HardSentenceView(
                p["index"] + 1 if p else None,
                f"p{p['index']}" if p else None,
                num(h.get("grade")),
                num(h.get("n_words")),
                num(h.get("n_syllables")),
                render_spans(text, h["start"], h["end"], ()),
            )
        )
        if p and p["index"] in slot_of and isinstance(h.get("grade"), int | float):
            points.append((slot_of[p["index"]], h["grade"], "circle", "pt",
                           f"hard sentence in ¶ {p['index'] + 1}: grade {num(h['grade'])}"))
    threshold = rd.get("threshold")
    fk = metrics.get("flesch_kincaid_grade")
    lines = []
    if isinstance(threshold, int | float):
        lines.append((threshold, "ref limit", f"hard-sentence threshold: grade {limit(threshold)}"))
    if isinstance(fk, int | float):
        lines.append((fk, "ref avg", f"article: grade {num(fk)}"))
    grades = [
        (str(p["index"] + 1), (p.get("metrics") or {}).get("flesch_kincaid_grade"))
        for p in paragraphs
    ]
    chart = charts.paragraph_chart(
        "chart-grade",
        [(x, v if isinstance(v, int | float) else None) for x, v in grades],
        title="Flesch–Kincaid grade by paragraph",
        description=(
            f"Bar chart of the Flesch–Kincaid grade of each of {len(paragraphs)} paragraphs, "
            "each hard sentence as a point, the hard-sentence threshold as a dashed line and "
            "the article’s grade as a dotted line. The metrics table gives the same numbers."
        ),
        y_label="US school grade",
        table_id="metrics-table",
        bar_class=lambda v: "bar grade over" if isinstance(threshold, int | float)
        and v >= threshold else "bar grade",
        bar_label=lambda x, v: f"¶ {x}: grade {num(v)}",
        points=points,
        lines=lines,
        legend=(
            LegendEntry("bar", "bar grade", "paragraph"),
            LegendEntry("bar", "bar grade over", "paragraph at or over threshold"),
            LegendEntry("circle", "pt", "hard sentence"),
            LegendEntry("line", "ref limit", f"threshold ({limit(threshold)})"),
            LegendEntry("line", "ref avg", "article"),
        ),
        tick_format=lambda v: f"{v:g}",
    )
    summary = (
        Fact("Reading level", str(metrics.get("text_standard_label") or "—")),
        Fact("Flesch–Kincaid grade", num(fk)),
        Fact("Flesch reading ease", num(metrics.get("flesch_reading_ease"))),
        Fact("Words per sentence", num(metrics.get("words_per_sentence"))),
        Fact("Reading time", duration(metrics.get("reading_time"))),
        Fact("Hard sentences", f"{len(hard)} of {num(counts.get('sentences'))}"),
    )
    return ReadabilityView(
        summary,
        chart,
        tuple(metric_cols),
        tuple(metric_rows),
        tuple(count_cols),
        tuple(count_rows),
        tuple(hard),
        limit(threshold),
    )


def _sources_view(data: Mapping[str, Any], which) -> SourcesView:
    src = data.get("sources") or {}
    text = data["article"]["text"]
    attributions = list(src.get("attributions", ()))
    sources = list(src.get("sources", ()))
    by_id = {s["id"]: s for s in sources}
    flags = list(src.get("flags", ()))
    anchors = attribution_anchors(data)

    flag_views = []
    flags_by_attribution: dict[int, list[FlagRef]] = {}
    for k, f in enumerate(flags):
        cites = tuple(one_line(c) for c in f.get("cites", ()))
        # The table names each standard's publisher; the flag list below gives it in full.
        publishers = []
        for c in cites:
            short = c.split(":", 1)[0].strip()
            if short not in publishers:
                publishers.append(short)
        ref = FlagRef(f"#flag-{k}", one_line(f.get("title", "")), "; ".join(publishers))
        links = []
        seen = set()
        for i in f.get("attributions", ()):
            href = "#" + anchors.get(i, "sources")
            if href in seen or i >= len(attributions):
                continue
            seen.add(href)
            cue = one_line((attributions[i].get("cue") or {}).get("text", ""))
            p = which((attributions[i].get("cue") or {}).get("start", -1))
            where = paragraph_label(p["index"]) if p else "—"
            links.append(Link(href, f"#{i + 1} {cue} ({where})"))
            flags_by_attribution.setdefault(i, []).append(ref)
        for s in f.get("spans", ()) or ():
            if isinstance(s, Mapping) and isinstance(s.get("start"), int):
                p = which(s["start"])
                if p:
                    links.append(Link(f"#p{p['index']}", paragraph_label(p["index"])))
        flag_views.append(
            FlagView(f"flag-{k}", ref.title, one_line(f.get("message", "")), cites, tuple(links))
        )

    rows = []
    for s in sorted(sources, key=lambda s: s.get("first_position", 0)):
        refs: list[FlagRef] = []
        for i in s.get("attributions", ()):
            for ref in flags_by_attribution.get(i, ()):
                if ref not in refs:
                    refs.append(ref)
        kind = str(s.get("kind", ""))
        spec = s.get("specificity")
        rows.append(
            SourceRow(
                f"source-{s['id']}-row",
                f"#source-{s['id']}",
                one_line(s.get("text", "")),
                KIND_LABELS.get(kind, kind),
                f"kind-{kind}",
                f"{spec} · {SPECIFICITY_LABELS.get(spec, '—')}" if spec is not None else "—",
                one_line(s.get("affiliation") or "—"),
                num(len(s.get("attributions", ()))),
                num(s.get("n_quoted_words")),
                tuple(refs),
            )
        )

    counts = Counter()
    for a in attributions:
        sid = a.get("source_id")
        counts[(by_id.get(sid) or {}).get("kind", "agentless") if sid is not None
               else "agentless"] += 1
    share = src.get("share_by_kind") or {}
    kinds = tuple(
        KindShare(k, KIND_LABELS.get(k, k), num(counts.get(k, 0)), percent(share.get(k, 0)),
                  f"{100 * (share.get(k) or 0):.1f}")
        for k in (share or KIND_LABELS)
    )

    attribution_rows = []
    for i, a in enumerate(attributions):
        sid = a.get("source_id")
        source = by_id.get(sid) if sid is not None else None
        cue = a.get("cue") or {}
        p = which(cue.get("start", -1))
        content = (a.get("content") or {}).get("text", "")
        attribution_rows.append(
            AttributionRow(
                i + 1,
                "#" + anchors.get(i, "article"),
                paragraph_label(p["index"]) if p else "—",
                FORM_LABELS.get(a.get("form"), str(a.get("form"))),
                one_line(cue.get("text", "")),
                one_line(source.get("text", "")) if source else "no one",
                KIND_LABELS.get(source.get("kind"), "—") if source else KIND_LABELS["agentless"],
                shorten(content, 140) if content else "—",
                one_line((a.get("relay") or {}).get("text", "")) or "—",
            )
        )

    unattributed = []
    for u in src.get("unattributed_evaluative_sentences", ()):
        p = which(u.get("start", -1))
        if not isinstance(u.get("start"), int) or not isinstance(u.get("end"), int):
            continue
        unattributed.append(
            UnattributedView(
                paragraph_anchor(p["index"]) if p else "#article",
                paragraph_label(p["index"]) if p else "—",
                ", ".join(f"“{one_line(t)}”" for t in u.get("terms", ())),
                render_spans(text, u["start"], u["end"], ()),
            )
        )

    speaking = [a for a in attributions if a.get("source_id") is not None]
    summary = (
        Fact("Attributed statements", num(len(attributions))),
        Fact("Distinct sources", num(src.get("n_distinct_sources"))),
        Fact("Distinct affiliations", num(src.get("n_distinct_affiliations"))),
        Fact("Anonymous share", percent(src.get("share_anonymous")) if attributions else "—"),
        Fact("Quoted words from anonymous sources",
             percent(src.get("share_quoted_words_anonymous")) if speaking else "—"),
        Fact("Flags", num(len(flags))),
    )
    formulas = tuple(
        Fact(k.replace("_", " "), one_line(v)) for k, v in (src.get("formulas") or {}).items()
    )
    return SourcesView(
        summary,
        tuple(rows),
        kinds,
        tuple(attribution_rows),
        tuple(flag_views),
        tuple(" → ".join(one_line(c) for c in chain) for chain in src.get("relay_chains", ())),
        tuple(unattributed),
        formulas,
    )


def _loaded_view(data: Mapping[str, Any], styles: Mapping[str, CategoryStyle]) -> LoadedView:
    loaded = data.get("loaded") or {}
    hits = list(loaded.get("hits", ()))
    per = loaded.get("per_1000_words") or {}
    intensity = loaded.get("weighted_intensity") or {}
    n_words = loaded.get("n_words") or {}

    groups: dict[tuple[str, str], list[int]] = {}
    for i, h in enumerate(hits):
        groups.setdefault((str(h.get("category")), str(h.get("term"))), []).append(i)
    terms = []
    for (category, _), indices in groups.items():
        first = hits[indices[0]]
        voices = Counter(VOICE_LABELS.get(hits[i].get("voice"), str(hits[i].get("voice")))
                         for i in indices)
        negated = sum(1 for i in indices if hits[i].get("negated"))
        notes = []
        for i in indices:
            note = one_line(hits[i].get("note") or "")
            if note and note not in notes:
                notes.append(note)
        count = num(len(indices) - negated) + (f" (+{negated} negated)" if negated else "")
        terms.append(
            (
                -(len(indices) - negated),
                indices[0],
                TermRow(
                    one_line(first.get("text", "")).lower(),
                    _swatch(styles.get(category), category),
                    ", ".join(f"{v} ×{c}" if c > 1 else v for v, c in voices.items()),
                    count,
                    " ".join(notes) or "—",
                    one_line(first.get("neutral") or "—"),
                    tuple(
                        Link(f"#hit-{i}", paragraph_label(hits[i].get("paragraph")))
                        for i in indices
                    ),
                ),
            )
        )
    terms.sort(key=lambda t: (t[0], t[1]))

    by_category = per.get("by_category") or {}
    body_counts = Counter(
        h.get("category") for h in hits if not h.get("negated") and h.get("paragraph") is not None
    )
    categories = tuple(
        CategoryRow(
            _swatch(style, cid),
            str(style.bias or "—"),
            num(body_counts.get(cid, 0)),
            num(by_category.get(cid)),
            num(style.default_weight),
            num(style.n_entries),
        )
        for cid, style in styles.items()
    )
    voice_counts = Counter(h.get("voice") for h in hits if not h.get("negated"))
    voices = tuple(
        VoiceDensityRow(
            VOICE_LABELS.get(v, v),
            num(n_words.get(v)),
            num(voice_counts.get(v, 0)),
            num((per.get("by_voice") or {}).get(v)),
            num((intensity.get("by_voice") or {}).get(v)),
        )
        for v in ("headline", "author", "quote", "reported")
    )
    per_paragraph = list(loaded.get("per_paragraph", ()))
    density = per.get("all")
    chart = charts.paragraph_chart(
        "chart-loaded",
        [(str(p["index"] + 1), p.get("per_1000_words")) for p in per_paragraph],
        title="Loaded terms per 1,000 words, by paragraph",
        description=(
            f"Bar chart of loaded-language density in each of {len(per_paragraph)} paragraphs"
            + (f", with the article’s density ({num(density)}) as a dotted line"
               if isinstance(density, int | float) else "")
            + ". The table beside it gives the same numbers."
        ),
        y_label="per 1,000 words",
        table_id="loaded-paragraph-table",
        bar_class=lambda v: "bar loaded-bar",
        bar_label=lambda x, v: f"¶ {x}: {num(v)} per 1,000 words",
        lines=[(density, "ref avg", f"article: {num(density)}")]
        if isinstance(density, int | float) else [],
        legend=(
            LegendEntry("bar", "bar loaded-bar", "paragraph"),
            LegendEntry("line", "ref avg", "article"),
        ),
        tick_format=lambda v: f"{v:g}",
    )
    paragraph_rows = tuple(
        TableRow(
            f"¶ {p['index'] + 1}",
            f"p{p['index']}",
            (num(p.get("n_hits")), num(p.get("n_words")), num(p.get("per_1000_words")),
             num(p.get("weighted_intensity"))),
        )
        for p in per_paragraph
    )
    hit_rows = tuple(
        HitRow(
            f"hit-{i}-row",
            f"#hit-{i}",
            i + 1,
            one_line(h.get("text", "")),
            _swatch(styles.get(h.get("category")), str(h.get("category"))),
            VOICE_LABELS.get(h.get("voice"), str(h.get("voice"))),
            paragraph_label(h.get("paragraph")),
            num(h.get("weight")),
            bool(h.get("negated")),
            one_line(h.get("note") or "—"),
            one_line(h.get("neutral") or "—"),
            f"{rule_label(h.get('rule'))} · {h.get('match', '')}: {h.get('term', '')}",
        )
        for i, h in enumerate(hits)
    )
    phrase_rows = tuple(
        PhraseRow(
            one_line(p.get("text", "")),
            VOICE_LABELS.get(p.get("voice"), str(p.get("voice"))),
            paragraph_label(p.get("paragraph")),
            tuple(Link(f"#hit-{i}", f"#{i + 1}") for i in p.get("hits", ())),
        )
        for p in loaded.get("phrases", ())
    )
    scored = [h for h in hits if not h.get("negated") and h.get("paragraph") is not None]
    ovs = loaded.get("outlet_vs_sources") or {}
    summary = (
        Fact("Loaded terms in the body", num(len(scored))),
        Fact("In the headline", num(sum(1 for h in hits if h.get("voice") == "headline"
                                        and not h.get("negated")))),
        Fact("Per 1,000 words", num(density)),
        Fact("Weighted intensity", num(intensity.get("all"))),
        Fact("Outlet’s voice / sources", f"{num(ovs.get('outlet'))} / {num(ovs.get('sources'))}"),
        Fact("Negated (not scored)", num(loaded.get("n_negated"))),
    )
    formulas = tuple(
        Fact(k.replace("_", " "), one_line(v)) for k, v in (loaded.get("formulas") or {}).items()
    )
    return LoadedView(
        summary,
        tuple(t for _, _, t in terms),
        categories,
        voices,
        chart,
        paragraph_rows,
        phrase_rows,
        hit_rows,
        formulas,
    )


def _method_view(data: Mapping[str, Any], styles: Mapping[str, CategoryStyle]) -> MethodView:
    formulas: list[Fact] = []
    sent = data.get("sentiment") or {}
    if (sent.get("article") or {}).get("formula"):
        formulas.append(Fact("Article tone", one_line(sent["article"]["formula"])))
    from .findings import VOICE_TONE_FORMULA

    formulas.append(Fact("Tone by voice", VOICE_TONE_FORMULA))
    for section, label in (("loaded", "Loaded"), ("sources", "Sources")):
        for k, v in ((data.get(section) or {}).get("formulas") or {}).items():
            formulas.append(Fact(f"{label}: {k.replace('_', ' ')}", one_line(v)))
    fk = ((data.get("readability") or {}).get("formulas") or {}).get("flesch_kincaid_grade")
    if fk:
        formulas.append(Fact("Flesch–Kincaid grade", one_line(fk)))
    lexicon = (data.get("loaded") or {}).get("lexicon") or {}
    n_entries = sum(
        s.n_entries for s in styles.values() if isinstance(s.n_entries, int)
    )
    lexicon_facts = (
        Fact("Lexicon version", str(lexicon.get("version") or "—")),
        Fact("Categories", num(len(lexicon.get("categories") or ()))),
        Fact("Entries", num(n_entries)),
    )
    standards: list[str] = []
    for f in (data.get("sources") or {}).get("flags", ()):
        for c in f.get("cites", ()):
            if one_line(c) not in standards:
                standards.append(one_line(c))
    return MethodView(tuple(formulas), lexicon_facts, tuple(sorted(standards)), LIMITATIONS)


def _legend(styles: Mapping[str, CategoryStyle]) -> tuple[LegendItem, ...]:
    return (
        LegendItem("source kind-named_person", "Named", "a named source (solid box)", None,
                   "sources"),
        LegendItem("source kind-anonymous", "Unnamed", "an anonymous or vague source "
                   "(dashed box, “?”)", None, "sources"),
        LegendItem("source kind-media", "Outlet", "a news outlet cited or relayed (double box)",
                   None, "sources"),
        LegendItem("cue", "said", "the cue that attributes (bold, dotted underline)", None,
                   "sources"),
        LegendItem("quote spk-0", "“…”", "a quotation, shaded by its speaker (below)", None,
                   "quotes"),
        LegendItem("reported spk-0", "reported", "reported speech (a low band in the speaker’s "
                   "shade)", None, "quotes"),
        LegendItem("unattributed", "judgement", "evaluation no one is cited for", None,
                   "unattributed"),
        LegendItem("sentence pos", "positive", "sentence tone ≥ +0.05 (overline)", None, "tone"),
        LegendItem("sentence neg", "negative", "sentence tone ≤ −0.05", None, "tone"),
        LegendItem("hard", "hard", "a sentence at or above the grade threshold", None, "hard"),
    )


def shareable(data: Mapping[str, Any]) -> dict:
    """The results as embedded in the page: paths cut to file names, as the page shows them.

    A report is shared; the folders it was made from (the article's, a user
    lexicon's) are nobody else's business. Everything else is kept as it is.
    """
    out = dict(data)
    article = dict(out.get("article") or {})
    meta = dict(article.get("meta") or {})
    if meta.get("source"):
        meta["source"] = source_name(meta["source"])
    article["meta"] = meta
    out["article"] = article
    loaded = dict(out.get("loaded") or {})
    for key in ("hits", "headline_hits"):
        if key in loaded:
            loaded[key] = [{**h, "rule": rule_label(h.get("rule"))} for h in loaded[key]]
    out["loaded"] = loaded
    return out


# The column of a `framing batch` row (and so of a baseline) that each scorecard
# number is placed against, and how to read that number from the audit's data.
BASELINE_COLUMNS: dict[str, tuple[str, Any]] = {
    "loaded-density": ("loaded_per_1000", lambda d: d["loaded"]["per_1000_words"]["all"]),
    "loaded-intensity": (
        "loaded_weighted_intensity", lambda d: d["loaded"]["weighted_intensity"]["all"]
    ),
    "unnamed-sources": ("sources_share_anonymous", lambda d: d["sources"]["share_anonymous"]),
    "voice-tone": ("sentiment_article", lambda d: d["sentiment"]["article"]["compound"]),
    "readability": (
        "readability_flesch_kincaid_grade",
        lambda d: d["readability"]["article"]["flesch_kincaid_grade"],
    ),
}


def _placed(cards, data: Mapping[str, Any], baseline) -> tuple:
    """Each card with its percentile in ``baseline`` (a framing.compare.Baseline)."""
    placed = []
    known = set(baseline.columns)
    for card in cards:
        column, read = BASELINE_COLUMNS.get(card.key, (None, None))
        if column in known:
            card = replace(
                card,
                baseline_percentile=baseline.percentile(column, read(data)),
                baseline_name=baseline.name or "the baseline",
            )
        placed.append(card)
    return tuple(placed)


def build_view(data: Mapping[str, Any], *, baseline=None) -> ReportView:
    """The view model of the report, from ``audit.to_dict()`` data alone.

    Parameters
    ----------
    data : mapping
        ``Audit.to_dict()``: ``article``, ``sentiment``, ``readability``, ``loaded``,
        ``sources``, ``toolkit`` and ``schema_version``.
    baseline : framing.compare.Baseline, optional
        Corpus percentiles (``framing baseline fit``): each scorecard number is
        placed against it. None loaded: every card says so.

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
    styles = category_styles(data)
    speakers = speaker_styles(data)
    marks = article_marks(data, styles, speakers)

    head = spans.get("headline")
    headline = None
    if head:
        headline = render_spans(
            text, head["start"], head["end"], overlapping(marks, head["start"], head["end"])
        )
    by = spans.get("byline")
    byline = render_spans(text, by["start"], by["end"], ()) if by else None

    sent_paragraphs = {p["index"]: p for p in (data.get("sentiment") or {}).get("paragraphs", ())}
    loaded_paragraphs = {
        p["index"]: p for p in (data.get("loaded") or {}).get("per_paragraph", ())
    }
    paragraph_views = []
    for p in paragraphs:
        sp = sent_paragraphs.get(p["index"], {})
        lp = loaded_paragraphs.get(p["index"], {})
        title = f"Paragraph {p['index'] + 1}"
        if sp:
            title += f": tone {signed(sp.get('compound'))}, {num(sp.get('n_words'))} words"
        if lp:
            title += f", {plural(lp.get('n_hits') or 0, 'loaded term')}"
        paragraph_views.append(
            ParagraphView(
                p["index"],
                p["index"] + 1,
                f"p{p['index']}",
                render_spans(text, p["start"], p["end"], overlapping(marks, p["start"], p["end"])),
                title,
            )
        )

    rd_article = (data.get("readability") or {}).get("article") or {}
    toolkit = data.get("toolkit") or {}
    toolkit_name = f"{toolkit.get('name', 'framing')} {toolkit.get('version', '')}".strip()
    lexicon = (data.get("loaded") or {}).get("lexicon") or {}
    facts = [Fact("Source file", source_name(meta.get("source")) or "—")]
    outlet = meta.get("outlet")
    text_outlet = (data.get("sources") or {}).get("outlet")
    if outlet:
        facts.append(Fact("Outlet", one_line(outlet)))
    elif text_outlet:
        facts.append(Fact("Outlet", f"{one_line(text_outlet)} (credited in the text)"))
    for key, label in (("date", "Date"), ("url", "URL")):
        if meta.get(key):
            facts.append(Fact(label, one_line(str(meta[key]))))
    if art.get("dateline"):
        facts.append(Fact("Dateline", one_line(art["dateline"])))
    facts += [
        Fact("Words", num(art.get("n_words"))),
        Fact("Paragraphs · sentences", f"{num(art.get('n_paragraphs'))} · "
                                       f"{num(art.get('n_sentences'))}"),
        Fact("Reading time", duration(rd_article.get("reading_time"))),
        Fact("Toolkit", toolkit_name),
        Fact(
            "Lexicon",
            f"{lexicon.get('version') or '—'} "
            f"({plural(len(lexicon.get('categories') or ()), 'category', 'categories')})",
        ),
    ]
    title = one_line(art.get("headline") or "") or "Untitled article"
    return ReportView(
        title=title,
        headline=headline,
        byline=byline,
        facts=tuple(facts),
        scorecard=(
            scorecard(data) if baseline is None else _placed(scorecard(data), data, baseline)
        ),
        findings=key_findings(data, styles),
        layers=LAYERS,
        legend=_legend(styles),
        categories=tuple(_swatch(s, s.id) for s in styles.values()),
        speakers=tuple(speakers.values()),
        paragraphs=tuple(paragraph_views),
        tone=_tone_view(data),
        readability=_readability_view(data, which),
        sources=_sources_view(data, which),
        loaded=_loaded_view(data, styles),
        method=_method_view(data, styles),
        sections=SECTIONS,
        toolkit=toolkit_name,
        schema_version=str(data.get("schema_version", "")),
        data_json=json_script(shareable(data), "audit-data"),
        baseline_name=None if baseline is None else (baseline.name or "the baseline"),
    )
