"""What the annotated article marks, as plain :class:`~framing.report.highlight.Mark` records.

Each layer of the article view (loaded language, sources and cues, quotations by
speaker, tone, hard sentences, unattributed evaluation) is a list of marks with
CSS classes; the highlight module turns them into nested ``<span>`` elements and
the stylesheet gives each layer its look. Nothing here makes HTML.

Every mark that the page explains carries its explanation in ``data-tip`` (shown
on hover and keyboard focus by CSS alone). Marks that findings and tables link
to carry an ``id``: ``hit-N`` (the N-th loaded hit), ``attr-N`` (attribution N,
from the first to the last of its cue, source and content), ``source-N`` (the
first mention of source N).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .fmt import (
    FORM_LABELS,
    KIND_LABELS,
    SPECIFICITY_LABELS,
    VOICE_LABELS,
    limit,
    num,
    one_line,
    rule_label,
    signed,
    tone,
)
from .highlight import Mark

__all__ = [
    "CATEGORY_COLOURS",
    "SPEAKER_COLOURS",
    "CategoryStyle",
    "Layer",
    "LAYERS",
    "SpeakerStyle",
    "article_marks",
    "category_styles",
    "speaker_styles",
]

# How many distinct category colours and speaker shades the stylesheet defines
# (report.css: .cat-0 … .cat-11, .spk-0 … .spk-5); more categories or speakers
# reuse them in turn, and the category code still tells them apart.
CATEGORY_COLOURS = 12
SPEAKER_COLOURS = 6


@dataclass(frozen=True)
class Layer:
    """A toggle above the article: its checkbox id, label, and whether it starts on."""

    key: str
    label: str
    description: str
    on: bool


LAYERS = (
    Layer("loaded", "Loaded language", "terms from the lexicon, by category", True),
    Layer("sources", "Sources and cues", "who is cited, and the verb that cites them", True),
    Layer("quotes", "Quotations by speaker", "direct and reported speech, shaded", True),
    Layer("unattributed", "Unattributed evaluation", "judgements no one is cited for", False),
    Layer("tone", "Tone by sentence", "VADER compound per sentence", False),
    Layer("hard", "Hard sentences", "grade at or above the threshold", False),
)


@dataclass(frozen=True)
class CategoryStyle:
    """How one loaded-language category looks: a colour slot and a short code.

    The code (two or three letters, shown after every hit) is the cue that does
    not depend on colour.
    """

    id: str
    name: str
    code: str
    colour: int
    bias: str | None
    default_weight: Any
    n_entries: Any

    @property
    def css_class(self) -> str:
        return f"cat-{self.colour}"


@dataclass(frozen=True)
class SpeakerStyle:
    """A source and the shade its quotations get."""

    id: int
    text: str
    kind: str
    shade: int
    anchor: str

    @property
    def css_class(self) -> str:
        return f"spk-{self.shade}"

    @property
    def description(self) -> str:
        return f"{quote_name(self.text)} ({KIND_LABELS.get(self.kind, self.kind)})"


def quote_name(text: str) -> str:
    return f"“{one_line(text)}”"


def _code_for(category_id: str, taken: set[str]) -> str:
    words = [w for w in re.split(r"[_\W]+", category_id) if w]
    if len(words) >= 2:
        base = (words[0][0] + words[1][0]).upper()
    else:
        base = (words[0][:2] if words else "x").upper()
    code, n = base, 2
    while code in taken:
        code = f"{base}{n}"
        n += 1
    taken.add(code)
    return code


def category_styles(data: Mapping[str, Any]) -> dict[str, CategoryStyle]:
    """A style per category, in the lexicon's order (then any category only hits name)."""
    loaded = data.get("loaded") or {}
    categories = list((loaded.get("lexicon") or {}).get("categories") or ())
    known = {c.get("id") for c in categories}
    for h in loaded.get("hits", ()):
        if h.get("category") not in known:
            known.add(h.get("category"))
            categories.append({"id": h.get("category"), "name": h.get("category")})
    styles: dict[str, CategoryStyle] = {}
    taken: set[str] = set()
    for i, c in enumerate(categories):
        cid = str(c.get("id") or "")
        styles[cid] = CategoryStyle(
            cid,
            str(c.get("name") or cid),
            _code_for(cid, taken),
            i % CATEGORY_COLOURS,
            c.get("bias"),
            c.get("default_weight"),
            c.get("n_entries"),
        )
    return styles


def speaker_styles(data: Mapping[str, Any]) -> dict[int, SpeakerStyle]:
    """A shade per source that speaks, in order of first mention."""
    sources = sorted(
        (data.get("sources") or {}).get("sources", ()), key=lambda s: s.get("first_position", 0)
    )
    return {
        s["id"]: SpeakerStyle(
            s["id"], str(s.get("text", "")), str(s.get("kind", "")), i % SPEAKER_COLOURS,
            f"source-{s['id']}",
        )
        for i, s in enumerate(sources)
    }


def hit_tip(hit: Mapping[str, Any], style: CategoryStyle | None) -> str:
    """The explanation of one loaded hit: category, voice, weight, rule, note, neutral."""
    name = style.name if style else str(hit.get("category"))
    code = f" ({style.code})" if style else ""
    lines = [f"{name}{code}: “{one_line(hit.get('text', ''))}”"]
    voice = VOICE_LABELS.get(hit.get("voice"), str(hit.get("voice")))
    status = "negated, not scored" if hit.get("negated") else f"weight {hit.get('weight')}"
    lines.append(f"Voice: {voice} · {status}")
    if hit.get("note"):
        lines.append(one_line(hit["note"]))
    if hit.get("neutral"):
        lines.append(f"Neutral alternative: {one_line(hit['neutral'])}")
    # The entry's file and line; the pattern itself is in the hits table, too long here.
    lines.append(f"Rule: {rule_label(hit.get('rule'))} ({hit.get('match', '')})")
    return "\n".join(lines)


def source_tip(source: Mapping[str, Any], statements: int) -> str:
    kind = source.get("kind", "")
    lines = [f"Source: {quote_name(source.get('text', ''))} — {KIND_LABELS.get(kind, kind)}"]
    spec = source.get("specificity")
    if spec is not None:
        lines.append(f"Specificity {spec} of 4: {SPECIFICITY_LABELS.get(spec, '—')}")
    if source.get("affiliation"):
        lines.append(f"Affiliation: {one_line(source['affiliation'])}")
    lines.append(
        f"{statements} attributed statement{'s' if statements != 1 else ''}, "
        f"{num(source.get('n_quoted_words'))} quoted words"
    )
    if kind in ("anonymous", "vague"):
        lines.append("Not named: the reader cannot check who said it.")
    return "\n".join(lines)


def _span(x: Any) -> tuple[int, int] | None:
    if isinstance(x, Mapping) and isinstance(x.get("start"), int) and isinstance(x.get("end"), int):
        if 0 <= x["start"] < x["end"]:
            return x["start"], x["end"]
    return None


def attribution_extent(a: Mapping[str, Any]) -> tuple[int, int] | None:
    """From the first to the last character of an attribution's cue, source and content."""
    spans = [s for s in (_span(a.get(k)) for k in ("cue", "source", "content", "relay")) if s]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def attribution_anchors(data: Mapping[str, Any]) -> dict[int, str]:
    """The id each attribution is linked by: ``attr-N`` on the mark around all its parts."""
    return {
        i: f"attr-{i}"
        for i, a in enumerate((data.get("sources") or {}).get("attributions", ()))
        if attribution_extent(a)
    }


def article_marks(
    data: Mapping[str, Any],
    categories: Mapping[str, CategoryStyle] | None = None,
    speakers: Mapping[int, SpeakerStyle] | None = None,
) -> list[Mark]:
    """Every mark the article view shows, all layers at once (the CSS switches them).

    Classes: ``loaded cat-K wW`` (+ ``negated``) with ``data-code``; ``source
    kind-KIND``; ``cue form-FORM``; ``relay``; ``quote spk-K`` / ``quote spk-none``
    for direct quotations and ``reported spk-K`` / ``reported agentless`` for
    reported content; ``sentence pos|neg|neu`` (+ ``hard``); ``hard``;
    ``unattributed``; ``headline``; ``dateline``. Marks with an explanation carry
    it in ``data-tip``.
    """
    if categories is None:
        categories = category_styles(data)
    if speakers is None:
        speakers = speaker_styles(data)
    marks: list[Mark] = []
    art = data.get("article") or {}
    sent = data.get("sentiment") or {}
    rd = data.get("readability") or {}
    src = data.get("sources") or {}

    # -- tone and hard sentences (layers "tone" and "hard") --
    threshold = rd.get("threshold")
    hard = {(h["start"], h["end"]): h for h in rd.get("hard_sentences", ()) if _span(h)}

    def hard_tip(h: Mapping[str, Any]) -> str:
        over = f" (threshold {limit(threshold)})" if threshold is not None else ""
        return (
            f"Hard to read: grade {num(h.get('grade'))}{over}; "
            f"{num(h.get('n_words'))} words, {num(h.get('n_syllables'))} syllables"
        )

    for s in sent.get("sentences", ()):
        if not _span(s):
            continue
        compound = s.get("compound")
        classes = ["sentence", tone(compound)]
        tip = f"Sentence {s.get('index', 0) + 1}: tone {signed(compound)} (VADER compound)"
        attrs = [("sentence", str(s.get("index", ""))), ("compound", num(compound, 4))]
        h = hard.pop((s["start"], s["end"]), None)
        if h is not None:
            classes.append("hard")
            tip = f"{tip}\n{hard_tip(h)}"
            attrs.append(("grade", num(h.get("grade"))))
        marks.append(Mark(s["start"], s["end"], " ".join(classes), None, (*attrs, ("tip", tip))))
    for h in hard.values():
        marks.append(
            Mark(h["start"], h["end"], "hard", None,
                 (("grade", num(h.get("grade"))), ("tip", hard_tip(h))))
        )
    headline = sent.get("headline")
    if headline and _span(headline):
        compound = headline.get("compound")
        marks.append(
            Mark(
                headline["start"],
                headline["end"],
                f"headline {tone(compound)}",
                None,
                (("compound", num(compound, 4)),
                 ("tip", f"Headline: tone {signed(compound)} (VADER compound)")),
            )
        )

    # -- unattributed evaluation (layer "unattributed") --
    for u in src.get("unattributed_evaluative_sentences", ()):
        if _span(u):
            terms = ", ".join(f"“{one_line(t)}”" for t in u.get("terms", ()))
            tip = f"Evaluates in the outlet’s own voice, citing no one: {terms}"
            marks.append(Mark(u["start"], u["end"], "unattributed", None, (("tip", tip),)))

    # -- quotations and reported speech, shaded by speaker (layer "quotes") --
    attributions = list(src.get("attributions", ()))
    sources_by_id = {s["id"]: s for s in src.get("sources", ())}
    direct = []  # (content span, speaker id) of direct attributions
    for a in attributions:
        span = _span(a.get("content"))
        if span and a.get("form") == "direct":
            direct.append((span, a.get("source_id")))
    for q in art.get("quotations", ()):
        if q.get("depth", 0) != 0 or not _span(q):
            continue
        speaker = None
        for (cs, ce), sid in direct:
            if cs < q["end"] and ce > q["start"]:
                speaker = sid
                break
        style = speakers.get(speaker) if speaker is not None else None
        never_closed = "" if q.get("close_mark") else " (never closed)"
        if style:
            tip = f"Quotation{never_closed}: the words of {style.description}"
            marks.append(Mark(q["start"], q["end"], f"quote {style.css_class}", None,
                              (("speaker", str(style.id)), ("tip", tip))))
        else:
            tip = f"Quotation{never_closed} with no attributed speaker"
            marks.append(Mark(q["start"], q["end"], "quote spk-none", None, (("tip", tip),)))
    for a in attributions:
        span = _span(a.get("content"))
        if not span or a.get("form") == "direct":
            continue
        style = speakers.get(a.get("source_id")) if a.get("source_id") is not None else None
        cue = one_line((a.get("cue") or {}).get("text", ""))
        if style:
            tip = f"Reported speech ({FORM_LABELS.get(a.get('form'), a.get('form'))}): " \
                  f"attributed to {style.description}"
            css = f"reported {style.css_class}"
        else:
            tip = f"Attributed to no one: “{cue}”"
            css = "reported agentless"
        marks.append(Mark(span[0], span[1], css, None, (("tip", tip),)))

    # -- sources, cues and relays (layer "sources") --
    # Each attribution as a whole (cue, source, content) is one mark with an id, so a
    # finding can link to the statement and the page can highlight all of it; it has
    # no look of its own.
    for i, a in enumerate(attributions):
        extent = attribution_extent(a)
        if extent:
            form = re.sub(r"[^a-z_]", "", str(a.get("form", ""))) or "unknown"
            marks.append(Mark(extent[0], extent[1], f"attribution form-{form}", None,
                              (("attribution", str(i)),), anchor=f"attr-{i}"))
    seen: set[tuple[int, int]] = set()
    first_mention: set[int] = set()
    for a in attributions:
        s = _span(a.get("source"))
        sid = a.get("source_id")
        if s and s not in seen:
            seen.add(s)
            source = sources_by_id.get(sid, {"text": a["source"].get("text", ""), "kind": ""})
            kind = str(source.get("kind", ""))
            anchor = None
            if sid is not None and sid not in first_mention:
                first_mention.add(sid)
                anchor = f"source-{sid}"
            n = len(source.get("attributions", ()))
            marks.append(
                Mark(s[0], s[1], f"source kind-{re.sub(r'[^a-z_]', '', kind) or 'unknown'}",
                     None, (("tip", source_tip(source, n)),), anchor=anchor, focusable=True,
                     describedby=anchor and f"{anchor}-row")
            )
        c = _span(a.get("cue"))
        if c and c not in seen:
            seen.add(c)
            form = str(a.get("form", ""))
            who = sources_by_id.get(sid, {}).get("text") if sid is not None else None
            lines = [f"Attribution cue “{one_line(a['cue'].get('text', ''))}”: "
                     f"{FORM_LABELS.get(form, form)}"]
            lines.append(f"Source: {quote_name(who)}" if who else "Source: no one")
            if _span(a.get("relay")):
                lines.append(f"Relayed through {quote_name(a['relay'].get('text', ''))}")
            marks.append(
                Mark(c[0], c[1], f"cue form-{re.sub(r'[^a-z_]', '', form) or 'unknown'}", None,
                     (("tip", "\n".join(lines)),), focusable=True)
            )
        r = _span(a.get("relay"))
        if r and r not in seen:
            seen.add(r)
            tip = (f"Relay: {quote_name(a['relay'].get('text', ''))} passed these words on; "
                   "the article did not hear them itself")
            marks.append(Mark(r[0], r[1], "relay", None, (("tip", tip),), focusable=True))
    for k, flag in enumerate(src.get("flags", ())):
        for s in flag.get("spans", ()) or ():
            span = _span(s)
            if span:
                tip = f"Flag: {flag.get('title', '')}\n{flag.get('message', '')}"
                marks.append(Mark(span[0], span[1], "flagged", None,
                                  (("flag", str(k)), ("tip", tip))))

    # -- loaded language (layer "loaded") --
    for i, h in enumerate((data.get("loaded") or {}).get("hits", ())):
        if not _span(h):
            continue
        style = categories.get(h.get("category"))
        weight = h.get("weight")
        classes = ["loaded", style.css_class if style else "cat-x"]
        if isinstance(weight, int) and 1 <= weight <= 3:
            classes.append(f"w{weight}")
        if h.get("negated"):
            classes.append("negated")
        marks.append(
            Mark(
                h["start"],
                h["end"],
                " ".join(classes),
                None,
                (("code", style.code if style else "?"), ("tip", hit_tip(h, style))),
                anchor=f"hit-{i}",
                focusable=True,
                describedby=f"hit-{i}-row",
            )
        )

    dateline = (art.get("spans") or {}).get("dateline")
    if dateline and _span(dateline):
        marks.append(Mark(dateline["start"], dateline["end"], "dateline", None,
                          (("tip", "Dateline"),)))
    return marks


def overlapping(marks: Sequence[Mark], start: int, end: int) -> list[Mark]:
    return [m for m in marks if m.start < end and m.end > start]
