"""Tone: VADER scores per sentence, per paragraph and for the headline.

VADER's compound score is a normalised sum of word valences; over a whole article
the sum grows with length and the score saturates toward -1 or +1. So the article
score here is never VADER on the whole text: it is the mean of the paragraph
compounds, each weighted by its number of words.

Stock VADER lower-cases the whole span once for every sentiment word it meets, so
its time grows with the square of a span's length. The analyser used here replaces
those two checks with ones that read only the three neighbouring words they look
at; the scores are identical (the tests compare it with the stock analyser). A span
of more than ``MAX_SPAN_WORDS`` words (no real sentence or paragraph, but hostile
input can be one unbroken line) is scored as the word-weighted mean of consecutive
windows of that many words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..document import Article
from .base import Result

ARTICLE_FORMULA = "sum(n_words[p] * compound[p]) / sum(n_words[p]) over body paragraphs p"
MAX_SPAN_WORDS = 2000


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
    from vaderSentiment import vaderSentiment as vs

    def nth_before(words, i, k):
        return words[i - k].lower()

    class LinearVader(vs.SentimentIntensityAnalyzer):
        """VADER whose context checks read three neighbours, not the whole lower-cased span."""

        @staticmethod
        def _negation_check(valence, words, start_i, i):
            before = nth_before(words, i, start_i + 1)
            if start_i == 1:
                if nth_before(words, i, 2) == "never" and nth_before(words, i, 1) in ("so", "this"):
                    return valence * 1.25
                if nth_before(words, i, 2) == "without" and nth_before(words, i, 1) == "doubt":
                    return valence
            elif start_i == 2:
                w1, w2, w3 = (nth_before(words, i, k) for k in (1, 2, 3))
                if (w3 == "never" and w2 in ("so", "this")) or w1 in ("so", "this"):
                    return valence * 1.25
                if w3 == "without" and "doubt" in (w2, w1):
                    return valence
            return valence * vs.N_SCALAR if vs.negated([before]) else valence

        @staticmethod
        def _special_idioms_check(valence, words, i):
            w0, w1, w2, w3 = (nth_before(words, i, k) for k in (0, 1, 2, 3))
            for seq in (
                f"{w1} {w0}",
                f"{w2} {w1} {w0}",
                f"{w2} {w1}",
                f"{w3} {w2} {w1}",
                f"{w3} {w2}",
            ):
                if seq in vs.SPECIAL_CASES:
                    valence = vs.SPECIAL_CASES[seq]
                    break
            after = [w.lower() for w in words[i + 1 : i + 3]]
            if after and f"{w0} {after[0]}" in vs.SPECIAL_CASES:
                valence = vs.SPECIAL_CASES[f"{w0} {after[0]}"]
            if len(after) == 2 and f"{w0} {after[0]} {after[1]}" in vs.SPECIAL_CASES:
                valence = vs.SPECIAL_CASES[f"{w0} {after[0]} {after[1]}"]
            for n_gram in (f"{w3} {w2} {w1}", f"{w3} {w2}", f"{w2} {w1}"):
                if n_gram in vs.BOOSTER_DICT:
                    valence = valence + vs.BOOSTER_DICT[n_gram]
            return valence

    return LinearVader()


def _polarity(text: str) -> tuple[float, float, float, float]:
    words = text.split()
    if len(words) <= MAX_SPAN_WORDS:
        s = _vader().polarity_scores(text)
        return s["compound"], s["pos"], s["neu"], s["neg"]
    windows = [words[i : i + MAX_SPAN_WORDS] for i in range(0, len(words), MAX_SPAN_WORDS)]
    scored = [(len(w), _polarity(" ".join(w))) for w in windows]
    return tuple(sum(n * v[k] for n, v in scored) / len(words) for k in range(4))


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
            sentences.append(
                SentenceScores(s.start, s.end, *_polarity(s.text), len(sentences), p.index)
            )
    total_words = sum(p.n_words for p in paragraphs)
    compound = sum(p.n_words * p.compound for p in paragraphs) / total_words if total_words else 0.0
    return SentimentResult(headline, ArticleTone(compound), tuple(paragraphs), tuple(sentences))
