"""Loaded framing: words and phrases by which a text frames its story instead of reporting it.

Each hit names the lexicon entry that fired (``rule`` is its file and line), its
category and weight, whose voice it is in, and whether it stands under negation.
Scores are densities per 1,000 words, so articles of any length compare:

- ``per_1000_words.all``: non-negated body hits per 1,000 body words;
- ``per_1000_words.by_category``: the same for each category (zero included);
- ``per_1000_words.by_bias``: the same for framing-bias categories (loaded words that
  colour what they name) and epistemic ones (words that make a claim sound more or
  less certain: "claimed", "is widely seen as", "clearly"), after Recasens et al. 2013;
- ``per_1000_words.by_voice``: hits in a voice per 1,000 words in that voice
  (headline, author, quote, reported);
- ``weighted_intensity``: the sum of the hits' weights (1-3) per 1,000 words;
- ``outlet_vs_sources``: the outlet's own framing (headline and author voice)
  against what its sources said (quotations and reported speech).

Negated hits ("not a bold move") are listed and flagged but left out of every score.

``phrases`` joins framing-bias hits to the phrase they colour, by the rules of
lexicons/phrases.toml: a modifier takes in the word it modifies ("utterly
inadequate"), a noun the word that modifies it ("ritual humiliation"), coordination
its other member ("pathetic and destructive"), and phrases a few words apart merge
("cheap and vulgar ritual humiliation"). Phrases are evidence, not a score:
densities count hits.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from ..document import Article, Sentence, Span, fold
from ..lexicon import (
    BIASES,
    Lexicon,
    Matcher,
    Negation,
    PhraseGrammar,
    load_lexicon,
    load_negation,
    load_phrase_grammar,
)
from .base import Result

VOICES = ("headline", "author", "quote", "reported")
# Punctuation that ends a clause, and with it the scope of a negation cue.
_CLAUSE_BREAKS = frozenset(',;:()[]—–.!?"“”')

FORMULAS = {
    "per_1000_words": "1000 * hits / words (non-negated hits; body words unless by voice)",
    "weighted_intensity": "1000 * sum(weight of each hit) / words",
    "outlet": "1000 * (headline + author hits) / (headline + author words)",
    "sources": "1000 * (quote + reported hits) / (quote + reported words)",
}


@dataclass(frozen=True, slots=True)
class LoadedHit:
    start: int
    end: int
    text: str
    term: str
    match: str
    category: str
    weight: int
    voice: str
    paragraph: int | None
    negated: bool
    rule: str
    note: str | None
    neutral: str | None


@dataclass(frozen=True, slots=True)
class LoadedPhrase:
    """A framed phrase; ``hits`` are the indices of its hits in ``LoadedResult.hits``."""

    start: int
    end: int
    text: str
    hits: tuple[int, ...]
    voice: str
    paragraph: int | None


@dataclass(frozen=True, slots=True)
class ParagraphLoad:
    index: int
    n_hits: int
    n_words: int
    per_1000_words: float
    weighted_intensity: float


@dataclass(frozen=True, slots=True)
class TermCount:
    """How often one entry fired; ``label`` is its term, or a pattern's first matched text."""

    term: str
    label: str
    category: str
    count: int
    voices: dict[str, int]


@dataclass(frozen=True)
class LoadedResult(Result):
    hits: tuple[LoadedHit, ...]
    headline_hits: tuple[LoadedHit, ...]
    phrases: tuple[LoadedPhrase, ...]
    n_words: dict[str, int]
    per_1000_words: dict
    weighted_intensity: dict
    outlet_vs_sources: dict[str, float]
    per_paragraph: tuple[ParagraphLoad, ...]
    top_terms: tuple[TermCount, ...]
    n_negated: int
    lexicon: dict
    formulas: dict[str, str]


def analyse(
    article: Article,
    lexicon: Lexicon | None = None,
    *,
    reported: Sequence[Span] = (),
    top: int = 15,
) -> LoadedResult:
    """Find loaded-framing terms and score their density.

    Parameters
    ----------
    article : Article
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon (:func:`framing.lexicon.load_lexicon`).
    reported : sequence of Span
        Content spans of indirect (reported) speech; hits inside them are in the
        ``reported`` voice. Direct quotations come from the article itself.
    top : int
        How many of the most frequent terms ``top_terms`` lists.
    """
    lexicon = lexicon or load_lexicon()
    negation = load_negation()
    grammar = load_phrase_grammar()
    framing = frozenset(c.id for c in lexicon.categories if c.bias == "framing")
    voice_of = _VoiceFinder(article, reported)
    hits: list[LoadedHit] = []
    phrases: list[LoadedPhrase] = []
    words = Counter()

    def scan(sentence: Sentence, paragraph: int | None, voice) -> list[LoadedHit]:
        found = _sentence_hits(sentence, paragraph, lexicon, negation, voice)
        phrases.extend(_sentence_phrases(sentence, found, len(hits), framing, grammar))
        hits.extend(found)
        return found

    if article.headline is not None:
        scan(article.headline, None, lambda s, e: "headline")
        words["headline"] = len(article.headline.words)
    per_paragraph = []
    for p in article.paragraphs:
        found = []
        for s in p.sentences:
            found += scan(s, p.index, voice_of)
            if voice_of.is_plain(s):
                words["author"] += sum(t.is_word for t in s.tokens)
            else:
                for t in s.words:
                    words[voice_of(t.start, t.end)] += 1
        scored = [h for h in found if not h.negated]
        per_paragraph.append(
            ParagraphLoad(
                p.index,
                len(scored),
                p.n_words,
                _per_1000(len(scored), p.n_words),
                _per_1000(sum(h.weight for h in scored), p.n_words),
            )
        )
    return _result(article, lexicon, hits, phrases, words, tuple(per_paragraph), top)


def _result(article, lexicon, hits, phrases, words, per_paragraph, top) -> LoadedResult:
    scored = [h for h in hits if not h.negated]
    body = [h for h in scored if h.voice != "headline"]
    n_body = article.n_words
    by_voice = Counter(h.voice for h in scored)
    weight_by_voice = Counter()
    for h in scored:
        weight_by_voice[h.voice] += h.weight
    by_category = Counter(h.category for h in body)
    outlet_words = words["headline"] + words["author"]
    source_words = words["quote"] + words["reported"]
    terms = Counter((h.term, h.category) for h in scored)
    voices: dict[tuple[str, str], Counter] = {}
    labels: dict[tuple[str, str], str] = {}
    for h in scored:
        voices.setdefault((h.term, h.category), Counter())[h.voice] += 1
        labels.setdefault((h.term, h.category), h.term if h.match == "phrase" else fold(h.text))
    return LoadedResult(
        hits=tuple(hits),
        headline_hits=tuple(h for h in hits if h.voice == "headline"),
        phrases=tuple(phrases),
        n_words={"body": n_body, **{v: words[v] for v in VOICES}},
        per_1000_words={
            "all": _per_1000(len(body), n_body),
            "by_category": {c.id: _per_1000(by_category[c.id], n_body) for c in lexicon.categories},
            "by_bias": {
                bias: _per_1000(
                    sum(by_category[c.id] for c in lexicon.categories if c.bias == bias), n_body
                )
                for bias in BIASES
            },
            "by_voice": {v: _per_1000(by_voice[v], words[v]) for v in VOICES},
        },
        weighted_intensity={
            "all": _per_1000(sum(h.weight for h in body), n_body),
            "by_voice": {v: _per_1000(weight_by_voice[v], words[v]) for v in VOICES},
        },
        outlet_vs_sources={
            "outlet": _per_1000(by_voice["headline"] + by_voice["author"], outlet_words),
            "sources": _per_1000(by_voice["quote"] + by_voice["reported"], source_words),
        },
        per_paragraph=per_paragraph,
        top_terms=tuple(
            TermCount(term, labels[(term, category)], category, n, dict(voices[(term, category)]))
            for (term, category), n in sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        ),
        n_negated=sum(h.negated for h in hits),
        lexicon={
            "version": lexicon.version,
            "categories": [
                {
                    "id": c.id,
                    "name": c.name,
                    "bias": c.bias,
                    "default_weight": c.default_weight,
                    "n_entries": len(c.entries),
                }
                for c in lexicon.categories
            ],
        },
        formulas=dict(FORMULAS),
    )


def _per_1000(n: float, words: int) -> float:
    return 1000 * n / words if words else 0.0


class _VoiceFinder:
    """Whose voice a body span is in: a direct quotation, reported speech, or the author's.

    Look-ups bisect sorted offsets, so a text with many quotations and many
    sentences costs no more than linear-times-log.
    """

    def __init__(self, article: Article, reported: Sequence[Span]) -> None:
        self.article = article
        spans = sorted((s.start, s.end) for s in reported)
        self.reported_starts = [a for a, _ in spans]
        # The furthest end among the spans that start at or before each one:
        # reported spans may overlap, outer quotations may not.
        self.reported_reach = list(accumulate((b for _, b in spans), max))
        outer = [q for q in article.quotations if q.depth == 0]
        self.quote_starts = [q.start for q in outer]
        self.quote_ends = [q.end for q in outer]

    @staticmethod
    def _reach(starts: list[int], reach: list[int], before: int) -> int:
        """The furthest end of the spans starting before ``before`` (-1 when none do)."""
        i = bisect.bisect_left(starts, before) - 1
        return reach[i] if i >= 0 else -1

    def is_plain(self, sentence: Sentence) -> bool:
        """True when no quotation or reported speech touches the sentence: all author."""
        s, e = sentence.start, sentence.end
        quote_end = self._reach(self.quote_starts, self.quote_ends, e)
        return quote_end <= s and self._reach(self.reported_starts, self.reported_reach, e) <= s

    def __call__(self, start: int, end: int) -> str:
        if self.article.quotation_at(start, end) is not None:
            return "quote"
        if self._reach(self.reported_starts, self.reported_reach, start + 1) >= end:
            return "reported"
        return "author"


def _sentence_hits(
    sentence: Sentence, paragraph, lexicon: Lexicon, negation: Negation, voice_of
) -> list[LoadedHit]:
    tokens = sentence.tokens
    hits = []
    for m in lexicon.matcher.find(tokens):
        first, last = tokens[m.first], tokens[m.last]
        e = m.entry
        hits.append(
            LoadedHit(
                first.start,
                last.end,
                sentence.text[first.start - sentence.start : last.end - sentence.start],
                e.term,
                e.match,
                e.category,
                e.weight,
                voice_of(first.start, last.end),
                paragraph,
                _negated(tokens, m.first, m.last, negation),
                e.where,
                e.note,
                e.neutral,
            )
        )
    return hits


def _sentence_phrases(
    sentence: Sentence,
    hits: list[LoadedHit],
    first_index: int,
    framing: frozenset[str],
    grammar: PhraseGrammar,
) -> list[LoadedPhrase]:
    """The phrases of one sentence's framing hits (``first_index``: the first hit's index)."""
    chosen = [
        (i, h) for i, h in enumerate(hits, first_index) if h.category in framing and not h.negated
    ]
    if not chosen:
        return []
    tokens = sentence.tokens
    # A word's (run, position in run), keyed by where it starts and where it ends,
    # which is how hits give their extent.
    starting_at: dict[int, tuple[int, int]] = {}
    ending_at: dict[int, tuple[int, int]] = {}
    runs = Matcher.word_runs(tokens)
    # A run skips only joining hyphens and apostrophes, so an index gap of two is a
    # compound ("war-torn"), which a phrase takes whole: where each word's compound
    # begins and ends, found in one pass per run so long hyphen chains stay linear.
    compound_start: list[list[int]] = []
    compound_end: list[list[int]] = []
    for r, run in enumerate(runs):
        begins, ends_at = list(range(len(run))), list(range(len(run)))
        for position, i in enumerate(run):
            starting_at[tokens[i].start] = ending_at[tokens[i].end] = (r, position)
            if position and i - run[position - 1] == 2:
                begins[position] = begins[position - 1]
        for position in range(len(run) - 2, -1, -1):
            if run[position + 1] - run[position] == 2:
                ends_at[position] = ends_at[position + 1]
        compound_start.append(begins)
        compound_end.append(ends_at)

    def norm(run: list[int], position: int) -> str | None:
        return tokens[run[position]].norm if 0 <= position < len(run) else None

    def is_content(word: str | None) -> bool:
        return word is not None and word not in grammar.function_words

    extents = []
    for index, hit in chosen:
        r, a = starting_at[hit.start]
        _, b = ending_at[hit.end]
        run = runs[r]
        final_word = norm(run, b)
        modifier = final_word.endswith(grammar.modifier_suffixes)
        plural = final_word.endswith(grammar.plural_suffixes) and not final_word.endswith(
            grammar.not_plural_suffixes
        )
        if is_content(norm(run, b + 1)) and (
            modifier or not plural and not is_content(norm(run, a - 1))
        ):
            b += 1
        elif not modifier and is_content(norm(run, a - 1)):
            a -= 1
        if norm(run, b + 1) in grammar.coordinators and is_content(norm(run, b + 2)):
            b += 2
        if norm(run, a - 1) in grammar.coordinators and is_content(norm(run, a - 2)):
            a -= 2
        a, b = compound_start[r][a], compound_end[r][b]
        extents.append((r, a, b, index, hit))
    extents.sort(key=lambda x: x[:3])
    groups: list[list] = []  # [run, first position, last position, [(hit index, hit)]]
    for r, a, b, index, hit in extents:
        previous = groups[-1] if groups else None
        if previous and previous[0] == r and a <= previous[2] + 1 + grammar.max_gap:
            previous[2] = max(previous[2], b)
            previous[3].append((index, hit))
        else:
            groups.append([r, a, b, [(index, hit)]])
    phrases = []
    for r, a, b, members in groups:
        start, end = tokens[runs[r][a]].start, tokens[runs[r][b]].end
        first_hit = members[0][1]
        phrases.append(
            LoadedPhrase(
                start,
                end,
                sentence.text[start - sentence.start : end - sentence.start],
                tuple(sorted(i for i, _ in members)),
                first_hit.voice,
                first_hit.paragraph,
            )
        )
    return phrases


def _negated(tokens, first: int, last: int, negation: Negation) -> bool:
    before: list[str] = []
    i = first - 1
    while i >= 0 and len(before) < negation.window:
        t = tokens[i]
        if t.text in _CLAUSE_BREAKS:
            break
        if t.is_word:
            before.append(t.norm)
        i -= 1
    before.reverse()
    hit_words = [t.norm for t in tokens[first : last + 1] if t.is_word]
    return negation.negates(before + hit_words, len(before))
