"""The document model: one article, split once, with offsets into its own text.

Every object here is a frozen dataclass that knows its ``start`` and ``end``
character offsets into :attr:`Article.text`, and the invariant
``article.text[x.start:x.end] == x.text`` holds for every paragraph, sentence,
token, quotation and metadata span. Analysers read this model and never split
text on their own, so every finding they report can be pointed at.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property


def fold(text: str) -> str:
    """Case-fold ``text`` for matching, safely for Turkish and curly apostrophes.

    ``"İ".casefold()`` is ``"i"`` followed by U+0307 COMBINING DOT ABOVE; the dot
    is dropped so that "İstanbul" and "istanbul" fold alike. Dotless "ı" folds to
    "i" too, since Turkish upper-case "I" is its capital but English "I" folds to
    "i": "INANILMAZ" and "inanılmaz" then compare equal. The right single quotation
    mark, used as an apostrophe in most edited copy, folds to ``'``. The result is
    for comparison only: offsets always refer to the original text.
    """
    return text.casefold().replace("i\u0307", "i").replace("\u0131", "i").replace("\u2019", "'")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article's text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Token(Span):
    """A word, number or punctuation mark.

    ``norm`` is the folded form used for matching (see :func:`fold`); ``is_word``
    is true for tokens that contain a letter or digit.
    """

    norm: str
    is_word: bool


@dataclass(frozen=True, slots=True)
class Sentence(Span):
    tokens: tuple[Token, ...]

    @property
    def words(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.is_word)


@dataclass(frozen=True, slots=True)
class Paragraph(Span):
    index: int
    sentences: tuple[Sentence, ...]

    @property
    def n_words(self) -> int:
        return sum(1 for s in self.sentences for t in s.tokens if t.is_word)


@dataclass(frozen=True, slots=True)
class Quotation(Span):
    """A quoted stretch, marks included.

    ``close_mark`` is ``None`` when the quotation was never closed; it then ends
    where its paragraph ends (or where an outer quotation closed). ``depth`` is 0
    for a quotation in the running text and 1 or more for one nested inside
    another (the scare-quoted 'East' inside a speaker's words). A quotation that
    runs over a paragraph break (the newsroom convention of re-opening the mark
    on each new paragraph) is one quotation whose span covers the break.
    """

    open_mark: str
    close_mark: str | None
    depth: int

    @property
    def closed(self) -> bool:
        return self.close_mark is not None


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What is known about an article besides its text."""

    id: str | None = None
    source: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    encoding: str = "utf-8"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "source": self.source,
            "outlet": self.outlet,
            "url": self.url,
            "date": self.date,
            "encoding": self.encoding,
        }


@dataclass(frozen=True)
class Article:
    """An article: its normalised text, metadata spans, body paragraphs and quotations.

    ``headline`` is a one-sentence span of the text (the first line when it stands
    alone, or the title given with the article); ``byline`` is the span of the
    author's name only ("Tamilla Hasanova" in "By Tamilla Hasanova"); ``dateline``
    is the place and agency prefix of the first paragraph ("ANKARA (Reuters)").
    None of these is part of the body paragraphs except the dateline.
    """

    text: str
    paragraphs: tuple[Paragraph, ...]
    quotations: tuple[Quotation, ...] = ()
    headline: Sentence | None = None
    byline: Span | None = None
    dateline: Span | None = None
    meta: ArticleMeta = field(default_factory=ArticleMeta)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Body sentences in reading order (the headline is not among them)."""
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @cached_property
    def body(self) -> str:
        """The body paragraphs joined by blank lines: what whole-article metrics read."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @cached_property
    def n_words(self) -> int:
        return sum(p.n_words for p in self.paragraphs)

    @cached_property
    def _outer_quotations(self) -> tuple[tuple[int, ...], tuple[Quotation, ...]]:
        outer = tuple(q for q in self.quotations if q.depth == 0)
        return tuple(q.start for q in outer), outer

    def quotation_at(self, start: int, end: int | None = None) -> Quotation | None:
        """The outermost quotation that contains ``[start, end)``, if any.

        The outermost one decides whose voice a word is in: a scare-quoted word
        inside a speaker's quotation is still the speaker's.
        """
        end = start + 1 if end is None else end
        starts, outer = self._outer_quotations
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and outer[i].start <= start and end <= outer[i].end:
            return outer[i]
        return None
