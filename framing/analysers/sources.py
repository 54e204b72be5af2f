"""Sources: who gets to speak, whether they are named, and what newsroom standards say.

An attribution links a cue ("said", "told", "according to", "is widely seen as") to
a source (the words naming the speaker, or none) and a content (the quotation or
the reported clause). Sources are classified by how they are described:

- ``named_person`` and ``named_organisation``: a name is given;
- ``media``: a news outlet cited or relayed ("According to TRT Haber", "told Reuters");
- ``anonymous``: a role noun stands for an unnamed person or group ("a senior
  ministry source", "officials", "people familiar with the matter");
- ``vague``: a crowd noun stands for no identifiable speaker ("observers", "critics");
- ``agentless``: the claim is attributed to no one ("is widely seen as", "reportedly").

``specificity`` grades the identification from 4 (a name) through 3 (a title and an
organisation), 2 (an organisation or country), 1 (a rank or role only) to 0 (a bare
"source"), after the AP's rule to identify a source as specifically as possible.
The rules are heuristics over the document model's tokens (no parser is needed or
downloaded); every attribution carries the spans it was built from.

Choices where usage is ambiguous:

- A name followed by an appositive ("John Smith, a lawyer, said") is one
  ``named_person`` source whose text holds both; an unnamed title ("the minister",
  "the President") is ``anonymous`` with specificity 1 even when the story named the
  person before, since nothing in the words says so.
- A capital at the start of a sentence is not a name: "Analysts said" is vague and
  "Sources said" has no affiliation. A capitalised cue word inside a sentence is part
  of a name ("the United States", "Islamic State"), never a verb.
- "he" or "she" with no earlier source is a ``named_person`` (newsroom style names a
  person before referring back to them); "they" with no earlier plural source is
  ``vague``. Other pronouns ("I", "we", "it") are never sources.
- One source is one description: repeated names and definite descriptions ("the
  ministry source", "Fidan") join the earlier source; a repeated indefinite
  description ("a source") is a new source.
- The content of an agentless claim is its whole clause ("The route is widely seen as
  a signal"), except after an opening cue ("It is believed that …": what follows); a
  named speaker outranks the hearsay adverb ("The minister reportedly said" is the
  minister's). The content of "…, SOURCE said." is the clause before the source. A
  reported clause ends where the next attribution that opens a clause of its own
  begins ("A said X, and B said Y"), takes in one that does not ("His lawyer said he
  would not answer"), and stops before a trailing outlet credit (", Caliber.Az.").
- A passive ("she was asked", "were called") and a participle after a comma with no
  speaker of its own ("Guard members, called to service") are not attributions.
- A quotation with no cue continues the last directly quoted speaker when it opens a
  sentence (or follows the attribution after a comma) in the same or the next
  paragraph, and nothing else is attributed in between.
- The reason for anonymity may be given in the attribution's sentence or the next one.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..document import Article, Quotation, Sentence, Span, Token
from ..lexicon import (
    AttributionGrammar,
    AttributionLexicon,
    load_attribution,
    load_standards,
    phrase_words,
    stem,
)
from .base import Result

KINDS = ("named_person", "named_organisation", "media", "anonymous", "vague", "agentless")
VOICE_KINDS = ("named_person", "named_organisation", "anonymous", "vague")
# Tokens that end a source's description when reading leftwards from its cue.
_HARD_BREAKS = frozenset(";:()[]—–\"“”„«»‘’.!?")
_OPENING_QUOTES = frozenset("“\"‘«„")
_JOINING_MARKS = frozenset({"-", ".", "'", "’", "\u2010", "\u2011"})
# The word lists (clause words, determiners, asides, honorifics, …) are data: the
# [grammar] table of lexicons/attribution.toml, loaded as ``lexicon.grammar``.
_MAX_SOURCE_WORDS = 10
# Tokens read leftwards from a cue: a longer stretch names no one, and the bound
# keeps a sentence of a million cues linear.
_WINDOW = 4 * _MAX_SOURCE_WORDS
# Attributions reported inside another's clause: "A said B told C that …".
_NESTING = 2
# Characters between a content and the cue or source that still count as its place.
_NEAR = 200
# Earlier sources with the same head noun that a definite description is compared to.
_LOOKBACK = 8


@dataclass(frozen=True, slots=True)
class Attribution:
    form: str  # direct | indirect | according_to | agentless
    cue: Span
    source: Span | None
    content: Span | None
    source_id: int | None
    relay: Span | None = None  # the outlet a source "told"


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    text: str
    kind: str
    affiliation: str | None
    specificity: int
    plural: bool
    n_quoted_words: int
    first_position: int
    attributions: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Flag:
    rule: str
    title: str
    message: str
    cites: tuple[str, ...]
    attributions: tuple[int, ...] = ()
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class SourcesResult(Result):
    attributions: tuple[Attribution, ...]
    sources: tuple[Source, ...]
    share_anonymous: float
    share_by_kind: dict[str, float]
    share_quoted_words_anonymous: float
    n_distinct_sources: int
    n_distinct_affiliations: int
    relay_chains: tuple[tuple[str, ...], ...]
    unattributed_evaluative_sentences: tuple[dict, ...]
    flags: tuple[Flag, ...]
    outlet: str | None
    formulas: dict[str, str] = field(default_factory=lambda: dict(FORMULAS))


FORMULAS = {
    "share_anonymous": "attributions whose source is anonymous / all attributions",
    "share_by_kind": "attributions of each source kind / all attributions (agentless included)",
    "share_quoted_words_anonymous": (
        "words inside quotations attributed to anonymous sources / words inside all "
        "attributed quotations"
    ),
    "n_distinct_affiliations": "distinct affiliations (or names) among non-media sources",
}


# --------------------------------------------------------------------------- finding


@dataclass
class _Described:
    """A source description before sources are merged into ids."""

    span: Span
    words: list[Token]
    kind: str
    head: str
    plural: bool
    affiliation: Span | None
    specificity: int
    side: str
    key: tuple[str, ...]  # its words less determiners, for recognising a repetition


@dataclass
class _Memory:
    """Sources met so far, indexed so that each look-up costs the same however many."""

    person: _Described | None = None  # the last singular person ("he", "she")
    group: _Described | None = None  # the last plural source ("they")
    same: dict = field(default_factory=dict)  # (kind, key) -> source
    by_head: dict = field(default_factory=dict)  # head stem -> recent sources
    by_name: dict = field(default_factory=dict)  # a word of a name -> source


@dataclass
class _Context:
    """What reading one article needs besides the sentence at hand."""

    article: Article
    lexicon: AttributionLexicon
    grammar: AttributionGrammar  # the lexicon's function words
    heads: frozenset[str]  # stems of role, anonymous and crowd nouns
    common: frozenset[str]  # those and ranks: capitalised, still not names
    quotes: tuple[Quotation, ...]  # outermost quotations, in order
    quote_starts: list[int]
    quote_ends: list[int]
    memory: _Memory


@dataclass
class _Draft:
    """An attribution before its content is bounded by its neighbours in the sentence."""

    form: str
    cue: Span
    first: int  # index of its leftmost token (source or cue)
    last: int  # index of its rightmost token (cue, source or outlet)
    source: Span | None = None
    described: _Described | None = None
    relay: Span | None = None
    quote: Span | None = None
    after: int | None = None  # where a reported clause after it starts
    before: int | None = None  # where a reported clause before it ends
    prefer_before: bool = False  # what follows the cue is an aside ("said, however,")
    around: bool = False  # the content may be the whole clause around the cue


def find_attributions(article: Article) -> list[tuple[Attribution, _Described | None]]:
    """Attributions in reading order, each with its source description (before merging)."""
    lexicon = load_attribution()
    outer = tuple(q for q in article.quotations if q.depth == 0)
    heads = lexicon.anonymous_heads | lexicon.vague_heads | lexicon.roles
    ctx = _Context(article, lexicon, lexicon.grammar, heads, heads | lexicon.ranks, outer,
                   [q.start for q in outer], [q.end for q in outer], _Memory())
    found: list[tuple[Attribution, _Described | None]] = []
    for sentence in article.sentences:
        found.extend(_sentence_attributions(ctx, sentence))
    return _with_continued_quotes(ctx, found)


def _span(article: Article, start: int, end: int) -> Span:
    return Span(start, end, article.text[start:end])


def _token_span(article: Article, tokens, first: int, last: int) -> Span:
    return _span(article, tokens[first].start, tokens[last].end)


def _sentence_attributions(ctx: _Context, sentence: Sentence):
    tokens = sentence.tokens
    caps = _capitals(ctx, tokens)
    drafts: list[_Draft] = []
    floor = 0  # a source is read no further left than the end of the last speaker's words
    for m in ctx.lexicon.matcher.find(tokens):
        kind = m.entry.category
        if kind in ("reasons", "descriptors") or m.first < floor:
            continue
        cue = _token_span(ctx.article, tokens, m.first, m.last)
        if ctx.article.quotation_at(cue.start, cue.end) is not None:
            continue  # a speaker's own words; the attribution is the quotation's
        if kind == "patterns" or _is_adverb(tokens, m):
            draft = _Draft("agentless", cue, m.first, m.last, after=m.last + 1, before=m.first,
                           around=True)
        elif kind == "according_to":
            if " ".join(t.norm for t in tokens[m.first:m.last + 1]) != m.entry.term:
                continue  # "Trump cited problems": a verb with its own subject, not "citing"
            draft = _according_to(ctx, tokens, m.first, m.last, cue, caps)
        elif _is_idiom(tokens, m.first, m.last) or not _used_as_verb(tokens, m, cue, ctx.grammar):
            continue
        else:
            previous = next((d for d in reversed(drafts) if d.described is not None), None)
            draft = _speech(ctx, tokens, m.first, m.last, cue, kind, caps, previous, floor)
        if draft is None:
            continue
        while drafts and drafts[-1].last >= draft.first:
            drafts.pop()  # "the minister reportedly said": the claim has a source after all
        drafts.append(draft)
        if draft.form != "agentless":
            floor = draft.last + 1
    return _bounded(ctx, tokens, drafts)


def _is_adverb(tokens, m) -> bool:
    """"reportedly" and "allegedly" share a stem with the verbs; they name no one."""
    return tokens[m.last].norm.endswith("ly") and not m.entry.term.endswith("ly")


def _is_idiom(tokens, first: int, last: int) -> bool:
    """"That said," and "having said that" concede a point; they quote no one."""
    before = tokens[first - 1].norm if first > 0 else ""
    after = tokens[last + 1].text if last + 1 < len(tokens) else ""
    return before in ("that", "having") and after in (",", "that")


def _used_as_verb(tokens, m, cue: Span, grammar: AttributionGrammar) -> bool:
    """Not "the report", "a call", "so-called", "the United States", "the announcer":
    cue words in nouns."""
    first, last = m.first, m.last
    if cue.text.casefold().endswith(("er", "ers")) and not m.entry.term.endswith("er"):
        return False
    before = tokens[first - 1] if first > 0 else None
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if before is not None and before.norm in grammar.determiners:
        return False
    if before is not None and before.is_word and tokens[first].text[:1].isupper():
        return False
    for neighbour in (before, after):
        if neighbour is not None and neighbour.text in ("-", "\u2010", "\u2011") and (
            neighbour.end == tokens[first].start or neighbour.start == tokens[last].end
        ):
            return False
    return True


def _capitals(ctx: _Context, tokens) -> Callable[[Token], bool]:
    """Whether a token's capital says 'name' rather than 'a sentence starts here'."""
    openers = {tokens[0].start} if tokens else set()
    for i in range(1, len(tokens)):
        if tokens[i - 1].text in _OPENING_QUOTES or tokens[i - 1].text in "(:—–-":
            openers.add(tokens[i].start)
    first_word = next((t for t in tokens if t.is_word), None)
    if first_word is not None:
        openers.add(first_word.start)

    def capitalised(t: Token) -> bool:
        if not t.text[:1].isupper():
            return False
        return t.start not in openers or not (
            t.norm in ctx.grammar.function_words or stem(t.norm) in ctx.common
        )

    return capitalised


def _speech(ctx, tokens, first, last, cue, kind, caps, previous, floor) -> _Draft | None:
    if first > 0 and tokens[first - 1].text == "," and tokens[first].norm.endswith("ing"):
        # ", describing the agreement as …": a participle continues the last speaker.
        if previous is None:
            return None
        draft = _Draft("indirect", cue, first, last, previous.source, previous.described,
                       after=_past_joiners(tokens, last + 1, kind))
        draft.quote = _quotation_at(ctx, tokens, draft.after)
        draft.form = "indirect" if draft.quote is None else "direct"
        return draft
    a, b = _left_description(ctx, tokens, first, floor)
    described = _describe(ctx, tokens[a:b], caps) if a < b else None
    inverted = described is None
    if inverted:
        if first == 0 or tokens[first - 1].text not in ",”\"’»":
            return None  # an inverted cue follows the statement: '…,” said the minister'
        a, b = _right_description(tokens, last + 1, ctx.grammar)
        described = _describe(ctx, tokens[a:b], caps) if a < b else None
        if described is None:
            return None
    mention = _token_span(ctx.article, tokens, a, b - 1)
    draft = _Draft("indirect", cue, min(a, first), max(b - 1, last), mention, described)
    after = last + 1
    if not inverted and stem(tokens[first].norm) in ctx.grammar.relay_cues:
        end = _addressee(tokens, after, caps)
        draft.relay = _relay(ctx, tokens, after, end, caps)
        after = end
        draft.last = max(draft.last, end - 1)
    draft.quote = _quotation_before(ctx, tokens[draft.first].start)
    if draft.first > 0 and tokens[draft.first - 1].text in (",", "—", "–"):
        draft.before = draft.first - 1
    if not inverted:
        after, adverbial = _past_adverbial(tokens, _past_joiners(tokens, after, kind), ctx.grammar)
        draft.quote = draft.quote or _quotation_at(ctx, tokens, after)
        draft.after = after
        draft.prefer_before = adverbial or (after > last + 1 and tokens[after - 1].text == ",")
    if draft.quote is not None:
        draft.form = "direct"
    return draft


def _past_joiners(tokens, i: int, kind: str) -> int:
    """Past "that", a colon or comma, and the "as" of "described as"."""
    while i < len(tokens) and (tokens[i].text in (",", ":") or tokens[i].norm == "that"
                               or (kind == "characterise" and tokens[i].norm == "as")):
        i += 1
    return i


def _past_adverbial(tokens, i: int, grammar: AttributionGrammar) -> tuple[int, bool]:
    """Past "in a statement that": where the statement starts, and whether only an
    adverbial follows the cue ("said on Monday.")."""
    if i >= len(tokens) or tokens[i].norm not in grammar.adverbial_openers:
        return i, False
    for j in range(i, min(len(tokens), i + _MAX_SOURCE_WORDS)):
        if tokens[j].norm == "that" or tokens[j].text == ":":
            return _past_joiners(tokens, j, "speech"), False
    return i, True


def _quotation_before(ctx: _Context, left: int) -> Span | None:
    """A depth-0 quotation that ends just before ``left`` ('“…,” the minister said')."""
    k = bisect.bisect_right(ctx.quote_ends, left) - 1
    if k < 0:
        return None
    q = ctx.quotes[k]
    gap = ctx.article.text[q.end:left]
    return _span(ctx.article, q.start, q.end) if len(gap) <= 3 and gap.strip(" ,") == "" else None


def _quotation_at(ctx: _Context, tokens, i: int) -> Span | None:
    """The depth-0 quotation that opens at token ``i``, if any."""
    if i >= len(tokens) or tokens[i].text not in _OPENING_QUOTES:
        return None
    k = bisect.bisect_left(ctx.quote_starts, tokens[i].start)
    if k < len(ctx.quotes) and ctx.quote_starts[k] == tokens[i].start:
        q = ctx.quotes[k]
        return _span(ctx.article, q.start, q.end)
    return None


def _according_to(ctx, tokens, first, last, cue, caps) -> _Draft | None:
    start = end = last + 1
    while end < len(tokens) and end - start < _MAX_SOURCE_WORDS:
        t = tokens[end]
        if t.text in (",", ";", ":", "!", "?", "(", ")") or t.norm in ctx.grammar.speaker_ends:
            break
        if t.text == "." and (end == len(tokens) - 1 or tokens[end - 1].end != t.start):
            break  # a full stop, not the one in "Caliber.Az" or "U.S."
        end += 1
    described = _describe(ctx, tokens[start:end], caps)
    if described is None:
        return None  # "according to plan"
    after = _past_joiners(tokens, end, "according_to")
    return _Draft("according_to", cue, first, end - 1, described.span, described,
                  after=after, before=first, around=True)


def _left_description(ctx, tokens, first: int, floor: int) -> tuple[int, int]:
    """Token range of the words naming the speaker, read leftwards from the cue at
    ``first`` down to ``floor`` at most."""
    end = first
    if first > floor and tokens[first - 1].text == ")":  # "Rep. Gwen Moore (D-Wis.) said"
        end = next((k for k in range(first - 2, max(floor - 1, first - _MAX_SOURCE_WORDS), -1)
                    if tokens[k].text == "("), first)
    clause_words = ctx.grammar.clause_words
    i = end - 1
    while i >= floor and first - i <= _WINDOW:
        t = tokens[i]
        joined = t.text == "." and i > 0 and tokens[i - 1].end == t.start  # "Mr.", "U.S."
        if (t.text in _HARD_BREAKS and not joined) or (t.is_word and t.norm in clause_words):
            break
        i -= 1
    if first - i > _WINDOW:
        return first, first  # too far from any break to be a description
    a, b = _last_speaker(ctx, tokens, i + 1, end, tokens[first].norm.endswith("ing"))
    return (a, b) if a < b else (first, first)


def _last_speaker(ctx, tokens, a: int, b: int, cue_ing: bool) -> tuple[int, int]:
    """The speaker among the comma-separated stretches ``tokens[a:b]`` before a cue.

    "X, who asked not to be named, said" and "X, speaking on condition of anonymity,
    said": the speaker is before the aside; "On Monday, the minister said": after the
    last comma; "John Smith, a lawyer, said": the name and its appositive.
    """
    segments: list[tuple[int, int]] = []
    start = a
    for k in range(a, b):
        if tokens[k].text == ",":
            segments.append((start, k))
            start = k + 1
    segments.append((start, b))
    grammar = ctx.grammar
    after_comma = not any(t.is_word for t in tokens[start:b])
    segments = [(s, e) for s, e in segments if any(t.is_word for t in tokens[s:e])]
    aside = False
    for n in range(len(segments) - 1, -1, -1):
        s, e = segments[n]
        opening = next(t for t in tokens[s:e] if t.is_word)
        if (opening.norm in grammar.relative_pronouns or opening.norm.endswith("ing")
                or _is_aside(tokens[s:e], grammar) or opening.norm in grammar.adverbial_openers):
            aside = True  # "X, who …, said", "X, speaking …, said", "X, in a statement, said"
            continue
        e = _trim_between(ctx, tokens, s, _cut_relative(tokens, s, e, grammar), cue_ing)
        if not 0 < sum(t.is_word for t in tokens[s:e]) <= _MAX_SOURCE_WORDS:
            return b, b
        if (n > 0 and _is_appositive(ctx, tokens, s, e)
                and _is_name(tokens, *segments[n - 1], grammar)):
            return segments[n - 1][0], e
        if after_comma and not aside:
            return b, b  # "Guard members, called to service, …": a participle, not a cue
        return s, e
    return b, b


def _is_aside(tokens, grammar: AttributionGrammar) -> bool:
    """'however', 'in turn', or an age: 'Mr. King, 82, said'."""
    return all(t.norm in grammar.asides or t.norm.isdigit() for t in tokens if t.is_word)


def _cut_relative(tokens, s: int, e: int, grammar: AttributionGrammar) -> int:
    """'A diplomat who asked not to be named said': the speaker ends before 'who'."""
    return next((k for k in range(s, e) if tokens[k].norm in grammar.relative_pronouns), e)


def _trim_between(ctx, tokens, s: int, e: int, cue_ing: bool) -> int:
    """'officials have also said', 'the minister reportedly said': drop what stands between;
    nothing is left of 'she was asked', whose subject is not the speaker."""
    grammar = ctx.grammar
    while e > s:
        t = tokens[e - 1]
        adverb = (t.norm.endswith("ly") and len(t.norm) > 4 and not t.text[:1].isupper()
                  and stem(t.norm) not in ctx.common)
        if t.norm in grammar.passive_auxiliaries and not cue_ing:
            return s
        if (t.norm in grammar.between_words or adverb
                or not t.is_word and t.text not in _JOINING_MARKS):
            e -= 1
        else:
            break
    return e


def _is_appositive(ctx, tokens, s: int, e: int) -> bool:
    """'a lawyer', 'the foreign minister', 'Turkey’s foreign minister' after a name."""
    words = [t for t in tokens[s:e] if t.is_word]
    if not words or not (
        words[0].norm in ctx.grammar.appositive_articles or words[0].norm.endswith("'s")
    ):
        return False
    return any(stem(t.norm) in ctx.heads for t in words)


def _is_name(tokens, s: int, e: int, grammar: AttributionGrammar) -> bool:
    """'John Smith', 'Mr. Smith': every word capitalised and none a function word."""
    words = [t for t in tokens[s:e] if t.is_word]
    return 0 < len(words) <= 4 and all(
        t.text[:1].isupper() and t.norm not in grammar.function_words for t in words
    )


def _right_description(tokens, start: int, grammar: AttributionGrammar) -> tuple[int, int]:
    """Token range of the speaker after an inverted cue: '…,” said the minister.'"""
    end = start
    while end < len(tokens):
        t = tokens[end]
        if t.text in (",", ";", ":", "!", "?") or t.text in _HARD_BREAKS and t.text != ".":
            break
        if t.text == "." and not (end > start and tokens[end - 1].end == t.start
                                  and end + 1 < len(tokens)):
            break
        if t.is_word and t.norm in grammar.speaker_ends:
            break
        end += 1
        if end - start > _MAX_SOURCE_WORDS:
            return start, start
    if end < len(tokens) and tokens[end].norm == "to":
        return start, start  # "told his advisers to …": an object, not an inverted speaker
    return (start, end) if any(t.is_word for t in tokens[start:end]) else (start, start)


def _addressee(tokens, start: int, caps) -> int:
    """Where whom a source 'told' ends: '(the) BBC', 'reporters', 'Reuters in an interview that'."""
    for i in range(start, min(len(tokens), start + _MAX_SOURCE_WORDS)):
        if tokens[i].norm == "that" or tokens[i].text == ":" or tokens[i].text in _OPENING_QUOTES:
            return i
    run = _outlet_run(tokens, start, caps)
    if run > start:
        return run
    return start + 1 if start < len(tokens) and tokens[start].is_word else start


def _outlet_run(tokens, start: int, caps) -> int:
    """End of a capitalised run after an optional lower-case 'the' ('the BBC', 'Caliber.Az')."""
    i = start + 1 if start < len(tokens) and tokens[start].text == "the" else start
    end = i
    while end < len(tokens) and end - i < _MAX_SOURCE_WORDS:
        t = tokens[end]
        joined = (t.text in _JOINING_MARKS and end > i and tokens[end - 1].end == t.start
                  and end + 1 < len(tokens) and tokens[end + 1].start == t.end)
        if not (caps(t) or joined or t.is_word and t.text.isupper()):
            break
        end += 1
    return end if end > i else start


def _relay(ctx, tokens, start: int, end: int, caps) -> Span | None:
    """The outlet a source 'told', when the addressee is one ('told the BBC' -> 'BBC')."""
    first = start + 1 if start < end and tokens[start].text == "the" else start
    last = _outlet_run(tokens, start, caps)
    last = min(last, end)
    if last <= first or not _is_media(tokens[first:last], caps, ctx.lexicon):
        return None
    return _token_span(ctx.article, tokens, first, last - 1)


def _is_media(words: Sequence[Token], caps, lexicon) -> bool:
    norms = tuple(t.norm for t in words if t.is_word)
    for outlet in lexicon.media_outlets:
        k = len(outlet)
        if any(norms[i:i + k] == outlet for i in range(len(norms) - k + 1)):
            return True
    return any(caps(t) and stem(t.norm) in lexicon.media_words for t in words)


def _credit_start(tokens, lexicon) -> int | None:
    """Index of the comma before an outlet credited at a sentence's end ('…, Caliber.Az.')."""
    if len(tokens) < 4 or tokens[-1].text != ".":
        return None
    comma = next((i for i in range(len(tokens) - 2, -1, -1) if tokens[i].text == ","), None)
    if comma is None:
        return None
    tail = tokens[comma + 1:-1]
    if tail and all(t.text[:1].isupper() or not t.is_word for t in tail) and _is_media(
        tail, lambda t: t.text[:1].isupper(), lexicon
    ):
        return comma
    return None


# ----------------------------------------------------------------- describing a source


def _describe(ctx: _Context, words: Sequence[Token], caps) -> _Described | None:
    """Classify the words naming a source, or None when they name no speaker."""
    comma = next((i for i, t in enumerate(words) if t.text == ","), len(words))
    core = _trimmed([t for t in words[:comma] if t.is_word or t.text in _JOINING_MARKS])
    everything = _trimmed(list(words))
    if not core:
        return None
    span = _span(ctx.article, everything[0].start, everything[-1].end)
    norms = [t.norm for t in core if t.is_word]
    lexicon, grammar = ctx.lexicon, ctx.grammar
    if len(norms) == 1 and norms[0] in lexicon.singular_pronouns | lexicon.plural_pronouns:
        return _resolve_pronoun(ctx, span, core, norms[0] in lexicon.plural_pronouns)
    if set(norms) <= grammar.not_sources:
        return None
    head_index = _head_index(ctx, core, caps)
    head = core[head_index]
    head_stem = stem(head.norm)
    if head.norm in grammar.not_sources:
        return None  # "the two guides I wrote"
    kind = _kind(ctx, core, head_index, caps)
    if kind is None:
        return None  # "This bold initiative suggests": a thing, not a speaker
    plural = not caps(head) and (
        head.norm.endswith("s") and not head.norm.endswith("ss") and head_stem != head.norm
        or head.norm in grammar.plural_words
    )
    affiliation = _affiliation(ctx, core, head_index, kind, caps)
    # What says who the source is: the head, the words before it and an affiliation
    # after it, not what the source is close to or familiar with.
    who = core[:head_index + 1]
    if head_index + 1 < len(core) and core[head_index + 1].norm in grammar.affiliation_prepositions:
        who = core
    has_org = affiliation is not None or kind in ("named_organisation", "media") or any(
        stem(t.norm) in lexicon.organisation_words for t in who if t is not head
    )
    key = tuple(n for n in norms if n not in grammar.articles)
    described = _Described(span, list(core), kind, head_stem, plural, affiliation,
                           _specificity(kind, who, has_org, lexicon), "", key)
    described.side = _side(described)
    return _remember(ctx.memory, described, norms[0], caps, grammar)


def _trimmed(words: list[Token]) -> list[Token]:
    a, b = 0, len(words)
    while a < b and not words[a].is_word:
        a += 1
    while b > a and not words[b - 1].is_word:
        b -= 1
    return words[a:b]


def _head_index(ctx, words: list[Token], caps) -> int:
    """The head noun: the last word, unless a descriptor or an affiliation follows it
    ("people familiar with the matter", "officials from the ministry")."""
    descriptors = [m for m in ctx.lexicon.matcher.find(words) if m.entry.category == "descriptors"]
    if descriptors:
        return max(0, descriptors[0].first - 1)
    for i in range(1, len(words)):
        before = words[i - 1]
        if (words[i].norm in ctx.grammar.affiliation_prepositions and not caps(before)
                and stem(before.norm) in ctx.heads | ctx.lexicon.organisation_words):
            return i - 1
    return len(words) - 1


def _kind(ctx, words: list[Token], head_index: int, caps) -> str | None:
    lexicon = ctx.lexicon
    head = words[head_index]
    head_stem = stem(head.norm)
    if caps(head) and _is_media(words[:head_index + 1], caps, lexicon):
        return "media"
    before = [t.norm for t in words[:head_index] if t.is_word]
    honorific = bool(before) and before[-1] in ctx.grammar.honorifics
    if caps(head) and (head_stem not in ctx.heads or honorific):  # "Mr. King" is a name
        organisation = _names_organisation(words, head_index, caps, lexicon)
        return "named_organisation" if organisation else "named_person"
    if head_stem in lexicon.vague_heads:
        return "vague"
    if head_stem in lexicon.anonymous_heads or head_stem in lexicon.roles:
        return "anonymous"
    if head_stem in lexicon.organisation_words:
        return "named_organisation"
    if head_stem in lexicon.media_words:
        return "media"  # "state media", "the newspaper"
    return None


def _name_run(words: list[Token], head_index: int, caps, grammar) -> list[Token]:
    """The capitalised name that ends at the head: 'Bank of England', 'Acme Corp'."""
    i = head_index
    while i > 0:
        t = words[i - 1]
        inner = t.norm in grammar.name_joiners and i > 1 and caps(words[i - 2])
        if caps(t) or inner or not t.is_word:
            i -= 1
        else:
            break
    while i < head_index and not caps(words[i]):
        i += 1
    return words[i:head_index + 1]


def _names_organisation(words, head_index, caps, lexicon) -> bool:
    """'Acme Corp' and 'Turkish Defense Ministry' are organisations; in 'Defense Ministry
    Spokesman Zeki Akturk' the name after the title is a person's."""
    run = _name_run(words, head_index, caps, lexicon.grammar)
    titles = [k for k, t in enumerate(run) if t.is_word and stem(t.norm) in lexicon.roles]
    name = run[titles[-1] + 1:] if titles else run
    return any(t.is_word and stem(t.norm) in lexicon.organisation_words for t in name)


def _affiliation(ctx, words: list[Token], head_index: int, kind: str, caps) -> Span | None:
    if kind in ("named_person", "media"):
        return None
    if kind == "named_organisation" and caps(words[head_index]):
        run = _name_run(words, head_index, caps, ctx.grammar)
        return _span(ctx.article, run[0].start, run[-1].end)
    before = [k for k in range(head_index) if caps(words[k])]
    if before:
        # "Turkish defense officials": the affiliation runs to the word before the head.
        return _span(ctx.article, words[before[0]].start, words[head_index - 1].end)
    if (head_index + 1 < len(words)
            and words[head_index + 1].norm in ctx.grammar.affiliation_prepositions):
        after = [k for k in range(head_index + 2, len(words)) if caps(words[k])]
        if after:  # "officials from the Turkish Foreign Ministry"
            return _span(ctx.article, words[after[0]].start, words[after[-1]].end)
    return None


def _specificity(kind: str, words: list[Token], has_org: bool, lexicon) -> int:
    if kind == "named_person":
        return 4
    stems = {stem(t.norm) for t in words if t.is_word}
    has_role = bool(stems & lexicon.roles)
    if has_org and has_role:
        return 3
    if has_org:
        return 2
    if has_role or stems & lexicon.ranks:
        return 1
    return 0


def _side(d: _Described) -> str:
    if d.affiliation is not None:
        return d.affiliation.text.split()[0].casefold()
    return d.span.text.casefold()


def _resolve_pronoun(ctx, span: Span, words, plural: bool) -> _Described:
    """'he said' is the nearest earlier person; with none, someone the story named."""
    memory = ctx.memory
    earlier = memory.group if plural else memory.person
    if earlier is not None:
        return earlier
    kind = "vague" if plural else "named_person"
    pronoun = span.text.casefold()
    described = _Described(span, list(words), kind, pronoun, plural, None,
                           4 if kind == "named_person" else 0, pronoun, (pronoun,))
    return _remember(memory, described, "", lambda t: False, ctx.grammar)


def _remember(memory: _Memory, d: _Described, opening: str, caps, grammar) -> _Described:
    """The earlier source this description repeats, or ``d`` now remembered."""
    same = _repeated(memory, d, opening, caps, grammar)
    if same is not None:
        d = same
    else:
        if opening not in grammar.indefinite or d.plural:
            memory.same.setdefault((d.kind, d.key), d)
        recent = memory.by_head.setdefault(d.head, [])
        recent.append(d)
        del recent[:-_LOOKBACK]
        if d.kind == "named_person":
            for t in d.words:
                if caps(t):
                    memory.by_name[t.norm] = d
    if d.kind in ("named_person", "anonymous") and not d.plural:
        memory.person = d
    if d.plural:
        memory.group = d
    return d


def _repeated(memory: _Memory, d: _Described, opening: str, caps, grammar) -> _Described | None:
    """'the ministry source' after 'a senior Turkish Defense Ministry source'; 'Fidan'
    after 'Hakan Fidan'; 'officials' after 'officials'."""
    if opening in grammar.indefinite and not d.plural:
        return None  # "a source" again may well be another source
    same = memory.same.get((d.kind, d.key))
    if same is not None:
        return same
    if d.kind == "named_person":
        names = [t.norm for t in d.words if caps(t)]
        other = memory.by_name.get(names[-1]) if names else None
        if other is not None and set(names) <= {t.norm for t in other.words}:
            return other
        return None
    if opening not in grammar.definite:
        return None
    content = set(d.key)
    for other in reversed(memory.by_head.get(d.head, ())):
        words = {t.norm for t in other.words if t.is_word}
        if other.plural == d.plural and content <= words | {w.rstrip("s") for w in words}:
            return other
    return None


# ----------------------------------------------------------------- contents and quotes


def _bounded(ctx: _Context, tokens, drafts: list[_Draft]):
    """Attributions from a sentence's drafts, each content bounded by its neighbours."""
    out = []
    end = (_credit_start(tokens, ctx.lexicon) if drafts else None) or len(tokens)
    for k, d in enumerate(drafts):
        lo = drafts[k - 1].last + 1 if k else 0
        hi = _content_end(tokens, drafts, k, end, ctx.grammar)
        content = d.quote or _reported(ctx, tokens, d, lo, max(hi, d.last + 1))
        if content is not None:
            out.append((Attribution(d.form, d.cue, d.source, content, None, d.relay), d.described))
    return out


def _content_end(tokens, drafts: list[_Draft], k: int, end: int, grammar) -> int:
    """Where the clause reported by draft ``k`` may end: at the next attribution that opens
    a clause of its own ("A said X, and B said Y"); one that does not is reported inside
    it ("His lawyer said he would not answer"), up to _NESTING deep, which keeps a
    sentence of a million cues linear."""
    for j in range(k + 1, len(drafts)):
        first = drafts[j].first
        if (j > k + _NESTING or first == 0 or tokens[first - 1].text in ",;:—–"
                or tokens[first - 1].norm in grammar.coordinators):
            return first
    return end


def _reported(ctx, tokens, d: _Draft, lo: int, hi: int) -> Span | None:
    after = None if d.after is None else _stretch(ctx, tokens, d.after, hi)
    before = None if d.before is None else _stretch(ctx, tokens, lo, d.before)
    if d.around:
        # "According to X, …" and "It is believed that …" open their clause: what
        # follows; "…, according to X." closes it: what precedes; mid-clause, all of it.
        if before is None or after is None:
            return after or before
        return _stretch(ctx, tokens, lo, hi)
    if before is not None and (after is None or d.prefer_before):
        return before
    return after


def _stretch(ctx: _Context, tokens, a: int, b: int) -> Span | None:
    """Tokens ``a`` to ``b`` as a content span, without the joining words and marks at its ends."""
    if a < b and tokens[a].norm == "that":
        a += 1
    trailing = ctx.grammar.trailing_words
    while a < b and (tokens[a].norm in trailing
                     or not tokens[a].is_word and tokens[a].text not in _OPENING_QUOTES):
        a += 1
    while b > a and (tokens[b - 1].text in ".!?,;:—–-" or tokens[b - 1].norm in trailing):
        b -= 1
    if b <= a or not any(t.is_word for t in tokens[a:b]):
        return None
    return _token_span(ctx.article, tokens, a, b - 1)


def _with_continued_quotes(ctx: _Context, found):
    """The attributions with quotations that have no cue of their own and continue the
    speaker just quoted: a second quoted sentence after an attributed one, and a
    quotation that opens the next paragraph (however its marks are laid out)."""
    article = ctx.article
    sentence_starts = {s.start for s in article.sentences}
    paragraph_starts = [p.start for p in article.paragraphs]
    out = []
    k = 0
    last = None  # the attribution read last, and where it ends
    reach = -1
    for q in ctx.quotes:
        while k < len(found) and _extent(found[k][0])[0] <= q.start:
            last = found[k]
            reach = max(reach, _extent(last[0])[1])
            out.append(found[k])
            k += 1
        if last is None or q.start < reach or last[0].form != "direct":
            continue
        prior = last[0]
        paragraphs_apart = (bisect.bisect_right(paragraph_starts, q.start)
                            - bisect.bisect_right(paragraph_starts, prior.content.end - 1))
        follows = q.start - reach <= 3 and article.text[reach:q.start].strip(" ,") == ""
        if paragraphs_apart > 1 or not (q.start in sentence_starts or follows):
            continue
        quote = _span(article, q.start, q.end)
        last = (Attribution("direct", prior.cue, prior.source, quote, None), last[1])
        reach = q.end
        out.append(last)
    out.extend(found[k:])
    return out


def _extent(a: Attribution) -> tuple[int, int]:
    """Where an attribution is: its content, cue and source, less a cue and source left
    far behind (a continued quotation's are paragraphs away)."""
    if a.content is None:
        return min(a.cue.start, a.source.start if a.source else a.cue.start), a.cue.end
    parts = [a.content] + [x for x in (a.cue, a.source) if x is not None and (
        a.content.start - _NEAR <= x.start and x.end <= a.content.end + _NEAR)]
    return min(x.start for x in parts), max(x.end for x in parts)


# --------------------------------------------------------------------------- scoring


def analyse(article: Article, loaded=None, found=None) -> SourcesResult:
    """Find attributions, classify their sources, compute shares and standards flags.

    Parameters
    ----------
    article : Article
    loaded : framing.analysers.loaded.LoadedResult, optional
        The loaded-language result for the same article; needed for the flags that
        look at evaluative words (anonymous opinion, claims restated as fact) and
        for ``unattributed_evaluative_sentences``.
    found : list, optional
        The output of :func:`find_attributions` when the caller already has it.
    """
    found = find_attributions(article) if found is None else found
    ids: dict[int, int] = {}
    described_by_id: list[_Described] = []
    attributions = []
    for attribution, described in found:
        sid = None
        if described is not None:
            key = id(described)
            if key not in ids:
                ids[key] = len(described_by_id)
                described_by_id.append(described)
            sid = ids[key]
        attributions.append(_with_source_id(attribution, sid))
    sources = _sources(attributions, described_by_id)
    n = len(attributions)
    kinds = Counter(
        "agentless" if a.source_id is None else sources[a.source_id].kind for a in attributions
    )
    quoted = Counter()
    for a in attributions:
        if a.form == "direct" and a.content is not None and a.source_id is not None:
            quoted[sources[a.source_id].kind] += _n_words(a.content.text)
    total_quoted = sum(quoted.values())
    voices = [s for s in sources if s.kind in VOICE_KINDS]
    affiliations = {described_by_id[s.id].side for s in voices}
    outlet = article.meta.outlet or _credited_outlet(article)
    return SourcesResult(
        attributions=tuple(attributions),
        sources=tuple(sources),
        share_anonymous=kinds["anonymous"] / n if n else 0.0,
        share_by_kind={k: (kinds[k] / n if n else 0.0) for k in KINDS},
        share_quoted_words_anonymous=quoted["anonymous"] / total_quoted if total_quoted else 0.0,
        n_distinct_sources=len(sources),
        n_distinct_affiliations=len(affiliations),
        relay_chains=_relay_chains(attributions, sources, outlet),
        unattributed_evaluative_sentences=_unattributed(article, attributions, loaded),
        flags=_flags(article, attributions, sources, described_by_id, loaded, affiliations),
        outlet=outlet,
    )


def _with_source_id(a: Attribution, sid: int | None) -> Attribution:
    return Attribution(a.form, a.cue, a.source, a.content, sid, a.relay)


def _n_words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def _sources(attributions, described) -> list[Source]:
    indices: list[list[int]] = [[] for _ in described]
    quoted = [0] * len(described)
    for i, a in enumerate(attributions):
        if a.source_id is None:
            continue
        indices[a.source_id].append(i)
        if a.form == "direct" and a.content is not None:
            quoted[a.source_id] += _n_words(a.content.text)
    return [
        Source(sid, d.span.text, d.kind, d.affiliation.text if d.affiliation else None,
               d.specificity, d.plural, quoted[sid], d.span.start, tuple(indices[sid]))
        for sid, d in enumerate(described)
    ]


def _credited_outlet(article: Article) -> str | None:
    """An outlet credited at a paragraph's end ('…, Caliber.Az.') with no cue of its own."""
    lexicon = load_attribution()
    for p in article.paragraphs:
        if not p.sentences:
            continue
        tokens = p.sentences[-1].tokens
        comma = _credit_start(tokens, lexicon)
        if comma is not None:
            return article.text[tokens[comma + 1].start:tokens[-2].end]
    return None


def _relay_chains(attributions, sources, outlet) -> tuple[tuple[str, ...], ...]:
    chains: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    named: set[str] = set()
    for a in attributions:
        if a.relay is not None and a.source_id is not None:
            chain = (sources[a.source_id].text, a.relay.text, outlet or "this article")
            if chain not in seen:
                seen.add(chain)
                named.update(chain)
                chains.append(chain)
    for a in attributions:
        if a.source_id is not None and sources[a.source_id].kind == "media":
            name = sources[a.source_id].text
            if name not in named:
                named.add(name)
                chains.append((name, outlet or "this article"))
    return tuple(chains)


def _unattributed(article, attributions, loaded) -> tuple[dict, ...]:
    if loaded is None:
        return ()
    covered = sorted(_extent(a) for a in attributions)
    hits = sorted((h for h in loaded.hits if h.voice == "author" and not h.negated),
                  key=lambda h: h.start)
    out = []
    c = h = 0
    reach = -1  # the furthest end among attributions starting before this sentence ends
    for s in article.sentences:
        while c < len(covered) and covered[c][0] < s.end:
            reach = max(reach, covered[c][1])
            c += 1
        while h < len(hits) and hits[h].start < s.start:
            h += 1
        terms = []
        while h < len(hits) and hits[h].start < s.end:
            terms.append(hits[h].text)
            h += 1
        if terms and reach <= s.start:
            out.append({"start": s.start, "end": s.end, "terms": terms})
    return tuple(out)


def _flags(article, attributions, sources, described, loaded, affiliations) -> tuple[Flag, ...]:
    rules = load_standards()
    lexicon = load_attribution()
    flags: list[Flag] = []

    def flag(rule_id: str, message: str, indices=(), spans=()):
        rule = rules[rule_id]
        flags.append(Flag(rule.id, rule.title, message, rule.cites, tuple(indices), tuple(spans)))

    hits = [] if loaded is None else sorted((h for h in loaded.hits if not h.negated),
                                            key=lambda h: h.start)
    hit_starts = [h.start for h in hits]
    reasons = _Reasons(article)
    for s in (s for s in sources if s.kind == "anonymous"):
        opinion = [i for i in s.attributions
                   if _is_opinion(attributions[i], hits, hit_starts, lexicon)]
        if opinion:
            flag("anonymous_opinion",
                 f"{s.text!r} is not named, yet characterises rather than informs.", opinion)
        if not any(reasons.near(attributions[i]) for i in s.attributions):
            flag("anonymity_unexplained", f"No reason is given for not naming {s.text!r}.",
                 s.attributions)
        d = described[s.id]
        if d.plural and d.head == stem("sources") and not any(
            t.norm in lexicon.grammar.count_words for t in d.words
        ):
            flag("plural_sources_no_count", f"{s.text!r}: how many sources is not said.",
                 s.attributions)
    directs = [i for i, a in enumerate(attributions) if a.form == "direct"]
    if directs:
        first = attributions[directs[0]]
        if first.source_id is not None and sources[first.source_id].kind == "anonymous":
            flag("anonymous_first_quote",
                 f"The first quotation comes from {sources[first.source_id].text!r}, "
                 "who is not named.", [directs[0]])
    voiced = [i for i, a in enumerate(attributions)
              if a.source_id is not None and sources[a.source_id].kind in VOICE_KINDS]
    if len(voiced) >= 2 and len(affiliations) == 1:
        side = next(iter(affiliations))
        flag("one_sided", f"All {len(voiced)} attributed statements come from one side ({side}).",
             voiced)
    quoted_terms = {h.term for h in hits if h.voice in ("quote", "reported")}
    restated = [h for h in hits if h.voice == "author" and h.term in quoted_terms]
    if restated:
        flag("quote_restated_as_fact",
             "Loaded words a source used come back in the writer's voice: "
             + ", ".join(sorted({h.text for h in restated})) + ".",
             spans=[Span(h.start, h.end, h.text) for h in restated])
    return tuple(flags)


def _is_opinion(a: Attribution, hits, hit_starts: list[int], lexicon) -> bool:
    if a.content is None:
        return False
    if tuple(stem(w) for w in phrase_words(a.cue.text)) in lexicon.characterising:
        return True  # "described as", "called": the source characterises rather than states
    k = bisect.bisect_left(hit_starts, a.content.start)
    while k < len(hits) and hits[k].start < a.content.end:
        if hits[k].end <= a.content.end:
            return True
        k += 1
    return False


class _Reasons:
    """Whether a reason for anonymity is given near an attribution, each sentence read once."""

    def __init__(self, article: Article) -> None:
        self.sentences = article.sentences
        self.starts = [s.start for s in self.sentences]
        self.paragraph = [p.index for p in article.paragraphs for _ in p.sentences]
        self.known: dict[int, bool] = {}

    def near(self, a: Attribution) -> bool:
        """In the attribution's sentences, or the next sentence of the same paragraph."""
        start, end = _extent(a)
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        last = max(first, bisect.bisect_left(self.starts, end) - 1)
        if last + 1 < len(self.sentences) and self.paragraph[last + 1] == self.paragraph[last]:
            last += 1
        return any(self._has_reason(i) for i in range(first, last + 1))

    def _has_reason(self, i: int) -> bool:
        if i not in self.known:
            matches = load_attribution().matcher.find(self.sentences[i].tokens)
            self.known[i] = any(m.entry.category == "reasons" for m in matches)
        return self.known[i]


def reported_spans(found) -> list[Span]:
    """Content spans of indirect speech: where the loaded analyser's 'reported' voice applies."""
    return [a.content for a, _ in found if a.form in ("indirect", "according_to") and a.content]
