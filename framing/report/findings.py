"""The scorecard and the key findings: results turned into plain sentences.

Everything here reads ``audit.to_dict()`` data and returns plain strings (the
template escapes them) with in-page links to the evidence. A finding is only
written when the numbers support it, and says how many of what it counts ("5 of
7"), so a reader can check it against the tables below it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .fmt import (
    SPEAKER_KINDS,
    UNNAMED_KINDS,
    VOICE_LABELS,
    is_number,
    limit,
    listing,
    num,
    one_line,
    paragraph_anchor,
    paragraph_label,
    percent,
    plural,
    quoted,
    signed,
    tone,
    tone_word,
)
from .marks import CategoryStyle, attribution_anchors

__all__ = [
    "Finding",
    "Link",
    "ScoreCard",
    "VoiceTone",
    "key_findings",
    "scorecard",
    "voice_tone",
]

NO_BASELINE = "No baseline loaded: this score is not compared with other articles."
VOICE_TONE_FORMULA = (
    "sum(words[s] * compound[s]) / sum(words[s]) over the body sentences s of each voice; "
    "a sentence is quoted when most of its characters lie inside direct quotations"
)


@dataclass(frozen=True)
class Link:
    """An in-page link to evidence: ``href`` is always ``#id``."""

    href: str
    text: str

    def __post_init__(self) -> None:
        if not self.href.startswith("#"):
            raise ValueError(f"report links stay on the page: {self.href!r}")


@dataclass(frozen=True)
class ScoreCard:
    """One headline number with the sentence that explains it.

    ``baseline_percentile`` (0-100) and ``baseline_name`` are filled once a corpus
    baseline is loaded; until then ``baseline_text`` says plainly that there is none.
    """

    key: str
    title: str
    value: str
    unit: str
    sentence: str
    formula: str
    links: tuple[Link, ...] = ()
    baseline_percentile: float | None = None
    baseline_name: str | None = None
    baseline_text: str = NO_BASELINE
    tone: str = "neu"  # a CSS class for signed scores (pos / neg / neu)


@dataclass(frozen=True)
class Finding:
    topic: str  # "sources" | "headline" | "loaded" | "tone" | "readability"
    text: str
    links: tuple[Link, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class VoiceTone:
    voice: str  # "author" | "quoted"
    label: str
    compound: float | None
    n_sentences: int
    n_words: int
    sentences: tuple[int, ...]  # sentence indices


# --------------------------------------------------------------------------- helpers


def _which_paragraph(data: Mapping[str, Any], offset: int) -> int | None:
    for p in (data.get("article") or {}).get("paragraphs", ()):
        if p["start"] <= offset < p["end"]:
            return p["index"]
    return None


def _scored(hits: Sequence[Mapping[str, Any]], body_only: bool = True) -> list[Mapping]:
    return [
        h
        for h in hits
        if not h.get("negated") and (h.get("paragraph") is not None or not body_only)
    ]


def _hit_links(indices: Sequence[int], hits: Sequence[Mapping[str, Any]], limit: int = 6):
    links = []
    for i in indices[:limit]:
        h = hits[i]
        where = paragraph_label(h.get("paragraph"))
        links.append(Link(f"#hit-{i}", f"{one_line(h.get('text', ''))} ({where})"))
    return tuple(links)


def voice_tone(data: Mapping[str, Any]) -> dict[str, VoiceTone]:
    """The tone of the outlet's own sentences and of quoted sentences.

    VADER scores sentences, not voices; a sentence counts as quoted when most of
    its characters lie inside a direct quotation (outermost quotation marks), and
    each voice's tone is the word-weighted mean of its sentences' compounds.
    """
    art = data.get("article") or {}
    text = art.get("text", "")
    quotes = [
        (q["start"], q["end"]) for q in art.get("quotations", ()) if q.get("depth", 0) == 0
    ]
    groups: dict[str, list[tuple[int, int, float]]] = {"author": [], "quoted": []}
    for s in (data.get("sentiment") or {}).get("sentences", ()):
        length = max(s["end"] - s["start"], 1)
        inside = sum(max(0, min(e, s["end"]) - max(b, s["start"])) for b, e in quotes)
        words = len(text[s["start"] : s["end"]].split())
        voice = "quoted" if 2 * inside > length else "author"
        if is_number(s.get("compound")):
            groups[voice].append((s.get("index", 0), words, s["compound"]))
    out = {}
    for voice, label in (("author", "outlet’s own voice"), ("quoted", "quoted speech")):
        rows = groups[voice]
        total = sum(w for _, w, _ in rows)
        compound = sum(w * c for _, w, c in rows) / total if total else None
        out[voice] = VoiceTone(
            voice, label, compound, len(rows), total, tuple(i for i, _, _ in rows)
        )
    return out


# --------------------------------------------------------------------------- scorecard


def scorecard(data: Mapping[str, Any]) -> tuple[ScoreCard, ...]:
    """Five cards: loaded density, loaded intensity, unnamed attribution, tone by voice,
    readability grade."""
    cards = []
    loaded = data.get("loaded") or {}
    hits = list(loaded.get("hits", ()))
    n_words = (loaded.get("n_words") or {}).get("body") or (data.get("article") or {}).get(
        "n_words"
    )
    per = loaded.get("per_1000_words") or {}
    formulas = loaded.get("formulas") or {}
    body_scored = _scored(hits)
    n = len(body_scored)
    density = per.get("all")
    if n and is_number(density) and density > 0:
        every = f"about one every {1000 / density:.0f} words"
    else:
        every = "none at all"
    ovs = loaded.get("outlet_vs_sources") or {}
    sentence = (
        f"{plural(n, 'loaded term')} in {num(n_words)} body words: {every}. "
        f"In the outlet’s own voice (headline and narration) {num(ovs.get('outlet'))} per "
        f"1,000 words; in quoted and reported speech {num(ovs.get('sources'))}."
    )
    cards.append(
        ScoreCard(
            "loaded-density",
            "Loaded language",
            num(density),
            "per 1,000 words",
            sentence,
            formulas.get("per_1000_words", ""),
            (Link("#loaded", "loaded-terms table"),),
        )
    )
    intensity = (loaded.get("weighted_intensity") or {}).get("all")
    mean_weight = intensity / density if is_number(intensity) and density else None
    strong = sum(1 for h in body_scored if h.get("weight") == 3)
    cards.append(
        ScoreCard(
            "loaded-intensity",
            "Loaded intensity",
            num(intensity),
            "weight per 1,000 words",
            f"Each term weighs 1 (mild) to 3 (strong); these average {num(mean_weight, 2)}, "
            f"and {plural(strong, 'term')} {'is' if strong == 1 else 'are'} strong. "
            "Density counts terms; intensity also counts how hard they push.",
            formulas.get("weighted_intensity", ""),
            (Link("#loaded-categories", "categories"),),
        )
    )

    src = data.get("sources") or {}
    attributions = list(src.get("attributions", ()))
    share = src.get("share_by_kind") or {}
    unnamed_share = sum(share.get(k) or 0 for k in UNNAMED_KINDS) if share else None
    sources = {s["id"]: s for s in src.get("sources", ())}
    kinds = [
        (sources.get(a.get("source_id")) or {}).get("kind", "agentless")
        if a.get("source_id") is not None
        else "agentless"
        for a in attributions
    ]
    n_unnamed = sum(1 for k in kinds if k in UNNAMED_KINDS)
    n_agentless = kinds.count("agentless")
    if attributions:
        sentence = (
            f"{n_unnamed} of {plural(len(attributions), 'attributed statement')} rest on "
            f"sources the reader cannot identify (anonymous or vague)"
        )
        sentence += (
            f", and {n_agentless} on no one at all." if n_agentless else "."
        )
        qw = src.get("share_quoted_words_anonymous")
        if is_number(qw):
            sentence += f" {percent(qw)} of the quoted words come from anonymous sources."
    else:
        sentence = "No attributed statements were found: the article cites no one."
    cards.append(
        ScoreCard(
            "unnamed-sources",
            "Unnamed sources",
            percent(unnamed_share) if attributions else "—",
            "of attributions",
            sentence,
            "attributions whose source is anonymous or vague / all attributions "
            f"({(src.get('formulas') or {}).get('share_by_kind', '')})",
            (Link("#sources", "sources table"),),
        )
    )

    vt = voice_tone(data)
    author, quoted_ = vt["author"], vt["quoted"]
    if quoted_.n_sentences:
        diff = (author.compound or 0) - (quoted_.compound or 0)
        compare = (
            "about the same as" if abs(diff) < 0.1 else "warmer than" if diff > 0 else "cooler than"
        )
        sentence = (
            f"The outlet’s own sentences ({author.n_sentences}) average {signed(author.compound)}, "
            f"{tone_word(author.compound)}; quoted sentences ({quoted_.n_sentences}) average "
            f"{signed(quoted_.compound)}, so the narration is {compare} its sources. "
            "VADER compound, −1 to +1."
        )
        value = f"{signed(author.compound)} / {signed(quoted_.compound)}"
        unit = "author / quoted"
    else:
        sentence = (
            f"No sentence is mostly quotation; the outlet’s own sentences average "
            f"{signed(author.compound)} ({tone_word(author.compound)}). VADER compound, −1 to +1."
        )
        value = signed(author.compound)
        unit = "author voice"
    cards.append(
        ScoreCard(
            "voice-tone",
            "Tone: author vs quoted",
            value,
            unit,
            sentence,
            VOICE_TONE_FORMULA,
            (Link("#tone", "tone by paragraph"),),
            tone=tone(author.compound),
        )
    )

    rd = data.get("readability") or {}
    metrics = rd.get("article") or {}
    grade = metrics.get("flesch_kincaid_grade")
    n_sentences = (rd.get("counts") or {}).get("sentences") or len(
        (data.get("sentiment") or {}).get("sentences", ())
    )
    n_hard = len(rd.get("hard_sentences", ()))
    years = f"about {max(1, round(grade))} years of schooling" if is_number(grade) else "—"
    label = metrics.get("text_standard_label")
    cards.append(
        ScoreCard(
            "readability",
            "Readability grade",
            num(grade),
            "Flesch–Kincaid grade",
            f"Written for readers with {years} (US school grades"
            + (f"; consensus of the formulas: {label}" if label else "")
            + f"). {n_hard} of {plural(n_sentences or 0, 'sentence')} reach grade "
            f"{limit(rd.get('threshold'))} or above.",
            (rd.get("formulas") or {}).get("flesch_kincaid_grade", ""),
            (Link("#readability", "readability per paragraph"),),
        )
    )
    return tuple(cards)


# --------------------------------------------------------------------------- findings


def _source_findings(data, out: list[Finding]) -> None:
    src = data.get("sources") or {}
    attributions = list(src.get("attributions", ()))
    if not attributions:
        out.append(Finding("sources", "The article attributes nothing to anyone: every "
                           "statement is the outlet’s own."))
        return
    anchors = attribution_anchors(data)
    sources = {s["id"]: s for s in src.get("sources", ())}

    def kind_of(a) -> str:
        sid = a.get("source_id")
        return (sources.get(sid) or {}).get("kind", "agentless") if sid is not None else "agentless"

    speaking = [(i, a) for i, a in enumerate(attributions) if kind_of(a) in SPEAKER_KINDS]
    unnamed = [(i, a) for i, a in speaking if kind_of(a) in UNNAMED_KINDS]
    names = []
    for _, a in unnamed:
        name = quoted(sources[a["source_id"]].get("text", ""))
        if name not in names:
            names.append(name)

    def links_for(items) -> tuple[Link, ...]:
        seen, links = set(), []
        for i, a in items:
            href = "#" + anchors.get(i, "sources")
            if href not in seen:
                seen.add(href)
                cue = one_line((a.get("cue") or {}).get("text", "")) or "attribution"
                p = _which_paragraph(data, (a.get("cue") or {}).get("start", 0))
                # numbered as in the attributions table: two may share a cue ("told")
                links.append(Link(href, f"#{i + 1} {cue} ({paragraph_label(p)})"))
        return tuple(links[:6])

    others = len(attributions) - len(speaking)
    other_text = (
        f"; the other {plural(others, 'attribution')} cite{'s' if others == 1 else ''} "
        "a news outlet or no one" if others else ""
    )
    if speaking and len(unnamed) == len(speaking):
        out.append(
            Finding(
                "sources",
                f"Every statement attributed to a person comes from an unnamed source: "
                f"{listing(names)} ({len(unnamed)} of {len(speaking)}{other_text}). "
                "No speaker is named.",
                links_for(unnamed),
            )
        )
    elif unnamed and 2 * len(unnamed) >= len(speaking):
        out.append(
            Finding(
                "sources",
                f"{len(unnamed)} of {len(speaking)} statements attributed to a person come "
                f"from unnamed sources: {listing(names)}.",
                links_for(unnamed),
            )
        )
    elif not speaking:
        out.append(Finding("sources", "No person is quoted or paraphrased; statements are "
                           "attributed only to news outlets or to no one.", links_for(
                               list(enumerate(attributions)))))
    qw = src.get("share_quoted_words_anonymous")
    quoted_words = sum(s.get("n_quoted_words") or 0 for s in sources.values())
    if is_number(qw) and quoted_words:
        if qw >= 0.999:
            out.append(Finding("sources", f"All {quoted_words} quoted words come from "
                               "anonymous sources.", (Link("#sources", "sources table"),)))
        elif qw >= 0.5:
            out.append(Finding("sources", f"{percent(qw)} of the {quoted_words} quoted words "
                               "come from anonymous sources.",
                               (Link("#sources", "sources table"),)))
    for chain in src.get("relay_chains", ()):
        if len(chain) >= 3:
            out.append(
                Finding(
                    "sources",
                    "The quotations reach the reader second-hand: "
                    + " → ".join(quoted(c) for c in chain)
                    + ". The article did not hear them itself.",
                    (Link("#sources", "relay chains"),),
                )
            )
    agentless = [(i, a) for i, a in enumerate(attributions) if kind_of(a) == "agentless"]
    if agentless:
        cues = listing([quoted((a.get("cue") or {}).get("text", "")) for _, a in agentless])
        out.append(
            Finding(
                "sources",
                f"{plural(len(agentless), 'claim')} {'is' if len(agentless) == 1 else 'are'} "
                f"attributed to no one: {cues}.",
                links_for(agentless),
            )
        )
    flags = list(src.get("flags", ()))
    for k, flag in enumerate(flags):
        if flag.get("rule") == "one_sided":
            out.append(Finding("sources", one_line(flag.get("message", "")),
                               (Link(f"#flag-{k}", "flag and the standard it cites"),)))
    if flags:
        counts = Counter(one_line(f.get("title", "")) for f in flags)
        titles = "; ".join(f"{t} (×{c})" if c > 1 else t for t, c in counts.items())
        out.append(
            Finding(
                "sources",
                f"{plural(len(flags), 'sourcing-standard flag')}: {titles}.",
                (Link("#flags", "flags with the standards they cite"),),
            )
        )


def _headline_findings(data, categories: Mapping[str, CategoryStyle], out: list[Finding]) -> None:
    hits = list((data.get("loaded") or {}).get("hits", ()))
    for i, h in enumerate(hits):
        if h.get("voice") != "headline" or h.get("negated"):
            continue
        same = [j for j, b in enumerate(hits) if j != i and b.get("term") == h.get("term")
                and b.get("category") == h.get("category") and b.get("voice") != "headline"]
        word = quoted(h.get("text", ""))
        style = categories.get(h.get("category"))
        cat = f" ({style.name.lower()})" if style else ""
        spoken = [j for j in same if hits[j].get("voice") in ("quote", "reported")]
        if spoken:
            j = spoken[0]
            text = (
                f"The headline’s {word}{cat} comes from a source: the body has it in "
                f"{VOICE_LABELS[hits[j]['voice']]} ({paragraph_label(hits[j].get('paragraph'))})."
            )
        elif same:
            where = listing([paragraph_label(hits[j].get("paragraph")) for j in same])
            text = (
                f"The headline uses {word}{cat}, which the body attributes to no one: the body "
                f"uses it {'once more' if len(same) == 1 else f'{len(same)} more times'}, in the "
                f"outlet’s own voice ({where})."
            )
        else:
            text = (
                f"The headline uses {word}{cat}, which the body never uses or attributes to anyone."
            )
        out.append(Finding("headline", text, _hit_links([i, *same], hits)))


def _loaded_findings(data, categories: Mapping[str, CategoryStyle], out: list[Finding]) -> None:
    loaded = data.get("loaded") or {}
    hits = list(loaded.get("hits", ()))
    body = _scored(hits)
    if not body:
        out.append(Finding("loaded", "No loaded language from the lexicon was found in the body."))
        return
    ovs = loaded.get("outlet_vs_sources") or {}
    outlet, sources = ovs.get("outlet"), ovs.get("sources")
    n_quoted_words = sum((loaded.get("n_words") or {}).get(v) or 0 for v in ("quote", "reported"))
    if is_number(outlet) and is_number(sources) and n_quoted_words:
        if outlet > sources * 1.1:
            out.append(Finding("loaded", f"The outlet’s own voice is more loaded than the "
                               f"speech it reports: {num(outlet)} vs {num(sources)} loaded terms "
                               "per 1,000 words.", (Link("#loaded-voices", "by voice"),)))
        elif sources > outlet * 1.1:
            out.append(Finding("loaded", f"The loaded language comes mostly from the sources: "
                               f"{num(sources)} per 1,000 words in quoted and reported speech vs "
                               f"{num(outlet)} in the outlet’s own voice.",
                               (Link("#loaded-voices", "by voice"),)))
    counts = Counter(h.get("category") for h in body)
    (top, top_n), *_ = counts.most_common(1)
    style = categories.get(top)
    examples = []
    indices = []
    for i, h in enumerate(hits):
        if h in body and h.get("category") == top:
            label = quoted(h.get("text", "").lower())
            if label not in examples:
                examples.append(label)
                indices.append(i)
    name = style.name if style else top
    out.append(
        Finding(
            "loaded",
            f"The most frequent category is {name.lower()}: {top_n} of {len(body)} terms "
            f"({listing(examples[:4])}{', …' if len(examples) > 4 else ''}).",
            _hit_links(indices, hits, 4),
        )
    )
    uns = (data.get("sources") or {}).get("unattributed_evaluative_sentences", ())
    n_sentences = len((data.get("sentiment") or {}).get("sentences", ()))
    if uns:
        terms = []
        for u in uns:
            for t in u.get("terms", ()):
                if quoted(t) not in terms:
                    terms.append(quoted(t))
        links = []
        for u in uns[:6]:
            p = _which_paragraph(data, u["start"])
            links.append(Link(paragraph_anchor(p), paragraph_label(p)))
        out.append(
            Finding(
                "loaded",
                f"{len(uns)} of {plural(n_sentences, 'sentence')} evaluate in the outlet’s own "
                f"voice with no one cited, using {listing(terms[:5])}"
                f"{' and more' if len(terms) > 5 else ''}.",
                tuple(links),
            )
        )
    n_neg = loaded.get("n_negated") or 0
    if n_neg:
        negated = [i for i, h in enumerate(hits) if h.get("negated")]
        words = listing([quoted(hits[i].get("text", "")) for i in negated[:4]])
        out.append(Finding("loaded", f"{plural(n_neg, 'hit')} {'is' if n_neg == 1 else 'are'} "
                           f"negated in the text ({words}) and left out of the scores.",
                           _hit_links(negated, hits)))


def _tone_findings(data, out: list[Finding]) -> None:
    sent = data.get("sentiment") or {}
    paragraphs = list(sent.get("paragraphs", ()))
    if not paragraphs:
        return
    pos = [p for p in paragraphs if tone(p.get("compound")) == "pos"]
    neg = [p for p in paragraphs if tone(p.get("compound")) == "neg"]
    article = (sent.get("article") or {}).get("compound")
    headline = sent.get("headline")
    lo = min(paragraphs, key=lambda p: p.get("compound", 0))
    hi = max(paragraphs, key=lambda p: p.get("compound", 0))
    text = (
        f"The body reads {tone_word(article)} overall ({signed(article)}): "
        f"{len(pos)} of {len(paragraphs)} paragraphs are positive and {len(neg)} negative; "
        f"the most positive is {paragraph_label(hi['index'])} ({signed(hi.get('compound'))}) "
        f"and the most negative {paragraph_label(lo['index'])} ({signed(lo.get('compound'))})."
    )
    if headline:
        text += f" The headline scores {signed(headline.get('compound'))}."
    out.append(
        Finding(
            "tone",
            text,
            (
                Link(paragraph_anchor(hi["index"]), paragraph_label(hi["index"])),
                Link(paragraph_anchor(lo["index"]), paragraph_label(lo["index"])),
            ),
        )
    )


def _readability_findings(data, out: list[Finding]) -> None:
    rd = data.get("readability") or {}
    hard = list(rd.get("hard_sentences", ()))
    n = (rd.get("counts") or {}).get("sentences") or 0
    if not hard:
        return
    worst = max(hard, key=lambda h: h.get("grade") or 0)
    p = _which_paragraph(data, worst["start"])
    out.append(
        Finding(
            "readability",
            f"{len(hard)} of {plural(n, 'sentence')} reach grade {limit(rd.get('threshold'))} "
            f"or above; the hardest ({paragraph_label(p)}, grade {num(worst.get('grade'))}) runs "
            f"to {num(worst.get('n_words'))} words.",
            (
                Link(paragraph_anchor(p), paragraph_label(p)),
                Link("#hard-heading", "hard sentences"),
            ),
        )
    )


def key_findings(
    data: Mapping[str, Any], categories: Mapping[str, CategoryStyle]
) -> tuple[Finding, ...]:
    """Plain sentences generated from the results, sources first, each with its evidence."""
    out: list[Finding] = []
    _source_findings(data, out)
    _headline_findings(data, categories, out)
    _loaded_findings(data, categories, out)
    _tone_findings(data, out)
    _readability_findings(data, out)
    return tuple(out)

