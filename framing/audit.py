"""Run the analysers over one article and hold their results: the Audit.

Everything a person sees (report, CLI summary, JSON, frames) is drawn from an
Audit, never from the text directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import __version__
from .analysers import loaded, readability, sentiment, sources
from .document import Article
from .ingest import DEFAULT_MAX_BYTES, load_article
from .lexicon import Lexicon, load_lexicon

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
