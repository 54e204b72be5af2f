"""Run the analysers over one article and hold their results: the Audit.

Everything a person sees (report, CLI summary, JSON, frames) is drawn from an
Audit, never from the text directly.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from . import __version__
from .analysers import loaded, readability, sentiment, sources
from .document import Article
from .ingest import DEFAULT_MAX_BYTES, load_article
from .lexicon import Lexicon, load_lexicon, load_standards

SCHEMA_VERSION = 1


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
