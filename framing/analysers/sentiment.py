"""Tone: VADER scores per sentence, per paragraph and for the headline.

VADER's compound score is a normalised sum of word valences; over a whole article
the sum grows with length and the score saturates toward -1 or +1. So the article
score here is never VADER on the whole text: it is the mean of the paragraph
compounds, each weighted by its number of words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..document import Article
from .base import Result

ARTICLE_FORMULA = "sum(n_words[p] * compound[p]) / sum(n_words[p]) over body paragraphs p"


@dataclass(frozen=True, slots=True)
class Scores:
    """VADER's four scores for one span of the text."""

    start: int
    end: int
    compound: float
    pos: float
    neu: float
    neg: float


@dataclass(frozen=True, slots=True)
class ParagraphScores(Scores):
    index: int
    n_words: int


@dataclass(frozen=True, slots=True)
class SentenceScores(Scores):
    index: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class ArticleTone:
    compound: float
    formula: str = ARTICLE_FORMULA


@dataclass(frozen=True)
class SentimentResult(Result):
    headline: Scores | None
    article: ArticleTone
    paragraphs: tuple[ParagraphScores, ...]
    sentences: tuple[SentenceScores, ...]


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _polarity(text: str) -> tuple[float, float, float, float]:
    s = _vader().polarity_scores(text)
    return s["compound"], s["pos"], s["neu"], s["neg"]


def analyse(article: Article) -> SentimentResult:
    """Score the headline, every body paragraph and every body sentence with VADER.

    Parameters
    ----------
    article : Article

    Returns
    -------
    SentimentResult
        ``paragraphs[i].compound`` equals
        ``SentimentIntensityAnalyzer().polarity_scores(paragraph.text)["compound"]``;
        ``article.compound`` is the word-weighted mean of those compounds.
    """
    headline = None
    if article.headline is not None:
        h = article.headline
        headline = Scores(h.start, h.end, *_polarity(h.text))
    paragraphs, sentences = [], []
    for p in article.paragraphs:
        paragraphs.append(ParagraphScores(p.start, p.end, *_polarity(p.text), p.index, p.n_words))
        for s in p.sentences:
            sentences.append(SentenceScores(s.start, s.end, *_polarity(s.text), len(sentences), p.index))
    total_words = sum(p.n_words for p in paragraphs)
    compound = (
        sum(p.n_words * p.compound for p in paragraphs) / total_words if total_words else 0.0
    )
    return SentimentResult(headline, ArticleTone(compound), tuple(paragraphs), tuple(sentences))
