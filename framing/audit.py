"""Run the analysers over one article and hold their results: the Audit.

Everything a person sees (report, CLI summary, JSON, frames) is drawn from an
Audit, never from the text directly.
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass

from . import __version__
from .analysers import loaded, readability, sentiment, sources
from .document import Article
from .ingest import DEFAULT_MAX_BYTES, load_article
from .lexicon import Lexicon, load_lexicon, load_standards

SCHEMA_VERSION = 1

#: The kinds :meth:`Audit.to_frame` makes, and the first columns of each.
FRAME_KINDS = ("spans", "paragraphs", "summary")
SPAN_COLUMNS = (
    "id", "layer", "start", "end", "text", "label", "voice", "paragraph",
    "attribution", "term", "weight", "negated",
)
PARAGRAPH_COLUMNS = (
    "id", "paragraph", "start", "end", "n_words", "n_sentences",
    "tone", "tone_pos", "tone_neu", "tone_neg",
)


@dataclass(frozen=True)
class Audit:
    """The results of every analyser for one article.

    Attributes
    ----------
    article : Article
        The document model the results point into.
    sentiment : framing.analysers.sentiment.SentimentResult
    readability : framing.analysers.readability.ReadabilityResult
    loaded : framing.analysers.loaded.LoadedResult
    sources : framing.analysers.sources.SourcesResult
    """

    article: Article
    sentiment: sentiment.SentimentResult
    readability: readability.ReadabilityResult
    loaded: loaded.LoadedResult
    sources: sources.SourcesResult

    def article_dict(self) -> dict:
        a = self.article
        return {
            "headline": a.headline.text if a.headline else None,
            "byline": a.byline.text if a.byline else None,
            "dateline": a.dateline.text if a.dateline else None,
            "spans": {
                name: None if span is None else {"start": span.start, "end": span.end}
                for name, span in (
                    ("headline", a.headline),
                    ("byline", a.byline),
                    ("dateline", a.dateline),
                )
            },
            "meta": a.meta.to_dict(),
            "n_words": a.n_words,
            "n_sentences": len(a.sentences),
            "n_paragraphs": len(a.paragraphs),
            "paragraphs": [
                {"index": p.index, "start": p.start, "end": p.end} for p in a.paragraphs
            ],
            "quotations": [
                {
                    "start": q.start,
                    "end": q.end,
                    "open_mark": q.open_mark,
                    "close_mark": q.close_mark,
                    "depth": q.depth,
                }
                for q in a.quotations
            ],
            "text": a.text,
        }

    def to_dict(self) -> dict:
        """Plain JSON data: ``schema_version``, ``toolkit`` and one key per section."""
        return {
            "schema_version": SCHEMA_VERSION,
            "toolkit": {"name": "framing", "version": __version__},
            "article": self.article_dict(),
            "sentiment": self.sentiment.to_dict(),
            "readability": self.readability.to_dict(),
            "loaded": self.loaded.to_dict(),
            "sources": self.sources.to_dict(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_row(self) -> dict:
        """One flat row of scalars for corpus tables (``framing batch``, ``analyze_many``).

        The keys, in a stable order: ``id``, ``source``, ``headline``, ``outlet`` (as
        given, else the outlet the text credits), ``date``, ``url``, ``n_words``,
        ``n_sentences``, ``n_paragraphs``; then each section's scores under its name:
        ``sentiment_article`` and ``sentiment_headline``; ``readability_<metric>``
        for every numeric body metric; ``loaded_per_1000``,
        ``loaded_weighted_intensity``, ``loaded_<category>_per_1000`` for every
        category in force, ``loaded_<voice>_per_1000``, ``loaded_outlet_per_1000``,
        ``loaded_sources_per_1000``, ``loaded_n_hits`` (hits in the scores, headline
        included) and ``loaded_n_negated``; ``sources_n_attributions``,
        ``sources_share_<kind>`` for every source kind,
        ``sources_share_quoted_words_anonymous``, ``sources_n_distinct_sources``,
        ``sources_n_distinct_affiliations``, ``sources_n_flags`` and
        ``sources_flag_<rule>`` (1 when a standards rule is flagged, else 0); last
        ``lexicon_version``. Values are str, int, float or None; a score that is not
        a finite number is None. Every value is read from the results, none recomputed.
        """
        a, lo, so = self.article, self.loaded, self.sources
        row = {
            "id": a.meta.id,
            "source": a.meta.source,
            "headline": a.headline.text if a.headline else None,
            "outlet": so.outlet,
            "date": a.meta.date,
            "url": a.meta.url,
            "n_words": a.n_words,
            "n_sentences": len(a.sentences),
            "n_paragraphs": len(a.paragraphs),
            "sentiment_article": self.sentiment.article.compound,
            "sentiment_headline": (
                self.sentiment.headline.compound if self.sentiment.headline else None
            ),
        }
        for metric, value in self.readability.article.items():
            if isinstance(value, int | float):
                row[f"readability_{metric}"] = value
        row["loaded_per_1000"] = lo.per_1000_words["all"]
        row["loaded_weighted_intensity"] = lo.weighted_intensity["all"]
        for scores in (
            lo.per_1000_words["by_category"],
            lo.per_1000_words["by_voice"],
            lo.outlet_vs_sources,
        ):
            for name, value in scores.items():
                key = f"loaded_{name}_per_1000"
                if key in row:
                    raise ValueError(f"two scores would share the column {key!r}")
                row[key] = value
        row["loaded_n_hits"] = sum(not h.negated for h in lo.hits)
        row["loaded_n_negated"] = lo.n_negated
        row["sources_n_attributions"] = len(so.attributions)
        row["sources_share_anonymous"] = so.share_anonymous
        for kind, share in so.share_by_kind.items():
            row[f"sources_share_{kind}"] = share
        row["sources_share_quoted_words_anonymous"] = so.share_quoted_words_anonymous
        row["sources_n_distinct_sources"] = so.n_distinct_sources
        row["sources_n_distinct_affiliations"] = so.n_distinct_affiliations
        row["sources_n_flags"] = len(so.flags)
        flagged = {f.rule for f in so.flags}
        for rule in load_standards():
            row[f"sources_flag_{rule}"] = int(rule in flagged)
        row["lexicon_version"] = lo.lexicon["version"]
        return {
            k: None if isinstance(v, float) and not math.isfinite(v) else v
            for k, v in row.items()
        }


    # ----------------------------------------------------------------- frames

    def _frame_id(self):
        meta = self.article.meta
        return meta.id if meta.id is not None else meta.source

    def _span_records(self) -> list[dict]:
        art = self.article
        starts = [p.start for p in art.paragraphs]

        def where(start: int) -> int | None:
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and start < art.paragraphs[i].end:
                return art.paragraphs[i].index
            return None

        doc_id = self._frame_id()
        blank = dict.fromkeys(SPAN_COLUMNS)

        def record(layer, start, end, text, label=None, voice=None, **extra):
            return {**blank, "id": doc_id, "layer": layer, "start": start, "end": end,
                    "text": text, "label": label, "voice": voice,
                    "paragraph": where(start), **extra}

        rows = [
            record("loaded", h.start, h.end, h.text, h.category, h.voice,
                   term=h.term, weight=h.weight, negated=h.negated)
            for h in self.loaded.hits
        ]
        rows += [
            record("phrase", p.start, p.end, p.text, "framed phrase", p.voice)
            for p in self.loaded.phrases
        ]
        kinds = {s.id: s.kind for s in self.sources.sources}
        for i, a in enumerate(self.sources.attributions):
            kind = kinds.get(a.source_id, "agentless" if a.form == "agentless" else None)
            rows.append(record("cue", a.cue.start, a.cue.end, a.cue.text, a.form, attribution=i))
            if a.source is not None:
                rows.append(record("source", a.source.start, a.source.end, a.source.text,
                                   kind, attribution=i))
            if a.content is not None:
                voice = "quote" if a.form == "direct" else "reported"
                rows.append(record("content", a.content.start, a.content.end, a.content.text,
                                   a.form, voice, attribution=i))
        for q in art.quotations:
            rows.append(record("quotation", q.start, q.end, art.text[q.start:q.end],
                               "nested" if q.depth else "quotation", "quote"))
        for h in self.readability.hard_sentences:
            rows.append(record("hard_sentence", h.start, h.end, art.text[h.start:h.end],
                               f"grade {h.grade:.1f}"))
        rows.sort(key=lambda r: (r["start"], -r["end"]))
        return rows

    def _paragraph_records(self) -> list[dict]:
        doc_id = self._frame_id()
        tone = {p.index: p for p in self.sentiment.paragraphs}
        read = {p.index: p for p in self.readability.paragraphs}
        load = {p.index: p for p in self.loaded.per_paragraph}
        rows = []
        for p in self.article.paragraphs:
            t, r, lo = tone.get(p.index), read.get(p.index), load.get(p.index)
            row = {
                "id": doc_id,
                "paragraph": p.index,
                "start": p.start,
                "end": p.end,
                "n_words": p.n_words,
                "n_sentences": len(p.sentences),
                "tone": t.compound if t else None,
                "tone_pos": t.pos if t else None,
                "tone_neu": t.neu if t else None,
                "tone_neg": t.neg if t else None,
            }
            for metric, value in (r.metrics if r else {}).items():
                if isinstance(value, int | float):
                    row[f"readability_{metric}"] = value
            row["loaded_n_hits"] = lo.n_hits if lo else 0
            row["loaded_per_1000"] = lo.per_1000_words if lo else None
            row["loaded_weighted_intensity"] = lo.weighted_intensity if lo else None
            rows.append(row)
        return rows

    def to_frame(self, kind: str = "spans"):
        """The results as a tidy :class:`pandas.DataFrame`.

        Parameters
        ----------
        kind : {"spans", "paragraphs", "summary"}
            ``"spans"``: one row per piece of evidence, in reading order (by
            ``start``, the longer span first): each loaded-language hit (``layer``
            ``"loaded"``, ``label`` its category, ``voice`` headline/author/quote/
            reported, with ``term``, ``weight`` and ``negated``); each framed
            ``"phrase"`` the hits grow into (label ``framed phrase``); each attribution's
            ``"cue"`` (label: its form), ``"source"`` (label: the source's kind) and
            ``"content"`` (label: the form; voice quote or reported), which share
            the ``attribution`` number; each ``"quotation"`` (label ``quotation`` or
            ``nested``) and each ``"hard_sentence"`` (label its grade). Columns:
            ``id, layer, start, end, text, label, voice, paragraph, attribution,
            term, weight, negated``; ``text`` is always ``article.text[start:end]``
            and ``paragraph`` is the body paragraph index (null in the headline).

            ``"paragraphs"``: one row per body paragraph: ``id, paragraph, start,
            end, n_words, n_sentences``, VADER ``tone`` (compound) and ``tone_pos``,
            ``tone_neu``, ``tone_neg``; ``readability_<metric>`` for every numeric
            metric; ``loaded_n_hits``, ``loaded_per_1000`` and
            ``loaded_weighted_intensity`` (negated hits left out).

            ``"summary"``: the one row of :meth:`to_row`.

        Returns
        -------
        pandas.DataFrame
            ``id`` is the article's id, else its source (the path it was read from).
        """
        import pandas as pd  # here, so that the CLI does not pay for pandas

        if kind == "spans":
            frame = pd.DataFrame.from_records(self._span_records(), columns=list(SPAN_COLUMNS))
            return frame.astype(
                {"start": "int64", "end": "int64", "paragraph": "Int64", "attribution": "Int64",
                 "weight": "Int64", "negated": "boolean"}
            )
        if kind == "paragraphs":
            rows = self._paragraph_records()
            columns = list(rows[0]) if rows else list(PARAGRAPH_COLUMNS)
            return pd.DataFrame.from_records(rows, columns=columns)
        if kind == "summary":
            return pd.DataFrame([self.to_row()])
        raise ValueError(f"kind must be one of {', '.join(map(repr, FRAME_KINDS))}, not {kind!r}")

    def _repr_html_(self) -> str:
        """The notebook view: headline, scorecard, top findings, annotated article.

        Made by :func:`framing.report.fragment.render_fragment` (autoescaped, no script).
        """
        from .report.fragment import render_fragment

        return render_fragment(self)


def analyze(source, *, max_bytes: int = DEFAULT_MAX_BYTES, lexicon=None) -> Audit:
    """Audit one article.

    Parameters
    ----------
    source : Article, pathlib.Path, str or bytes
        See :func:`framing.load_article`.
    max_bytes : int
        Larger inputs are refused with :class:`framing.InputError`.
    lexicon : Lexicon or sequence of paths, optional
        The loaded-language lexicon, or user category files to apply to the bundled
        one (see :func:`framing.lexicon.load_lexicon`). Default: the bundled lexicon.

    Returns
    -------
    Audit
    """
    if not isinstance(lexicon, Lexicon):
        lexicon = load_lexicon(tuple(lexicon or ()))
    article = load_article(source, max_bytes=max_bytes)
    # Attributions first: the loaded analyser needs to know which words are reported
    # speech, and the sources flags need to know which words are loaded.
    found = sources.find_attributions(article)
    loaded_result = loaded.analyse(article, lexicon, reported=sources.reported_spans(found))
    return Audit(
        article,
        sentiment.analyse(article),
        readability.analyse(article),
        loaded_result,
        sources.analyse(article, loaded_result, found),
    )
