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
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..document import Article, Sentence, Span, Token
from ..lexicon import AttributionLexicon, load_attribution, load_standards, stem
from .base import Result

KINDS = ("named_person", "named_organisation", "media", "anonymous", "vague", "agentless")
VOICE_KINDS = ("named_person", "named_organisation", "anonymous", "vague")
# Tokens that end a source's description when reading leftwards from its cue.
_HARD_BREAKS = frozenset(";:()[]—–\"“”„«»‘’.!?")
_CLAUSE_WORDS = frozenset({"that", "what", "and", "but", "while", "when", "because", "as",
                           "after", "before", "if", "so", "than", "whether", "where", "since"})
_RELATIVE = frozenset({"who", "which", "whose", "whom"})
_DETERMINERS = frozenset({"a", "an", "the", "one", "two", "three", "four", "several", "this",
                          "that", "these", "those", "his", "her", "their", "its", "our"})
_COUNT_WORDS = frozenset({"two", "three", "four", "five", "six", "several", "multiple",
                          "both", "numerous", "dozens", "2", "3", "4", "5", "6"})
_MAX_SOURCE_WORDS = 10


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


def find_attributions(article: Article) -> list[tuple[Attribution, _Described | None]]:
    """Attributions in reading order, each with its source description (before merging)."""
    lexicon = load_attribution()
    found: list[tuple[Attribution, _Described | None]] = []
    for paragraph in article.paragraphs:
        for sentence in paragraph.sentences:
            found.extend(_sentence_attributions(article, sentence, lexicon, found))
        found.extend(_continued_quotes(article, paragraph, found))
    found.sort(key=lambda pair: pair[0].cue.start if pair[0].content is None
               else min(pair[0].cue.start, pair[0].content.start))
    return found


def _span(article: Article, start: int, end: int) -> Span:
    return Span(start, end, article.text[start:end])


def _sentence_attributions(article, sentence: Sentence, lexicon: AttributionLexicon, earlier):
    tokens = sentence.tokens
    out = []
    previous: tuple[_Described, Span] | None = None
    for m in lexicon.matcher.find(tokens):
        kind = m.entry.category
        cue = _span(article, tokens[m.first].start, tokens[m.last].end)
        if article.quotation_at(cue.start, cue.end) is not None:
            continue  # a speaker's own words; the attribution is the quotation's
        if kind == "patterns":
            content = _rest(article, tokens, m.last + 1)
            out.append((Attribution("agentless", cue, None, content, None), None))
        elif kind == "according_to":
            pair = _according_to(article, tokens, m, cue, lexicon, earlier + out)
            if pair:
                out.append(pair)
        elif kind in ("speech", "characterise"):
            if _is_idiom(tokens, m.first, m.last):
                continue
            pair = _speech(article, sentence, m, cue, kind, lexicon, earlier + out, previous)
            if pair:
                out.append(pair)
                previous = pair[1], pair[0].source
    return out


def _is_idiom(tokens, first: int, last: int) -> bool:
    """"That said," and "having said that" concede a point; they quote no one."""
    before = tokens[first - 1].norm if first > 0 else ""
    after = tokens[last + 1].text if last + 1 < len(tokens) else ""
    return (before in ("that", "having") and after in (",", "that")) or tokens[first].norm == "saying"


def _speech(article, sentence, m, cue, kind, lexicon, earlier, previous):
    tokens = sentence.tokens
    if not _used_as_verb(tokens, m.first, m.last):
        return None
    relay = None
    content_from = m.last + 1
    if m.first > 0 and tokens[m.first - 1].text == "," and tokens[m.first].norm.endswith("ing"):
        # ", describing the agreement as …": a participle continues the last speaker.
        if previous is None:
            return None
        described, mention = previous
        content = _rest(article, tokens, content_from)
        return (None if content is None else
                (Attribution("indirect", cue, mention, content, None), described))
    else:
        words = _left_description(tokens, m.first, lexicon)
        inverted = not words
        if inverted:
            words = _right_description(tokens, m.last + 1, lexicon)
            if words:
                content_from = _index_after(tokens, words[-1])
        if not words:
            return None
        described = _describe(article, words, lexicon, earlier)
        if described is None:
            return None
        mention = _span(article, words[0].start, words[-1].end)
        if not inverted and cue.text.lower().startswith(("told", "tell")):
            outlet = _media_after(tokens, m.last + 1, lexicon)
            if outlet:
                relay = _span(article, outlet[0].start, outlet[-1].end)
                content_from = _index_after(tokens, outlet[-1])
    quote = _adjacent_quotation(article, cue, mention)
    if quote is not None:
        return Attribution("direct", cue, mention, quote, None, relay), described
    content = _rest(article, tokens, content_from)
    if content is None:
        return None
    return Attribution("indirect", cue, mention, content, None, relay), described


def _used_as_verb(tokens, first: int, last: int) -> bool:
    """Not "the report", "a call", "long-term" or "post-conflict": cue words used as nouns."""
    before = tokens[first - 1] if first > 0 else None
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if before is not None and before.norm in _DETERMINERS:
        return False
    for neighbour in (before, after):
        if neighbour is not None and neighbour.text in ("-", "\u2010", "\u2011") and (
            neighbour.end == tokens[first].start or neighbour.start == tokens[last].end
        ):
            return False
    return True


def _according_to(article, tokens, m, cue, lexicon, earlier):
    words = []
    for t in tokens[m.last + 1:]:
        if t.text in (",", ";", ":", ".") or len(words) >= _MAX_SOURCE_WORDS:
            break
        words.append(t)
    words = [t for t in words if t.is_word or t.text in ("-", "'", "’", ".")]
    while words and not words[-1].is_word:
        words.pop()
    if not words:
        return None
    described = _describe(article, words, lexicon, earlier)
    if described is None or (described.kind == "vague" and not _names_a_source(words, lexicon)):
        return None  # "according to plan"
    after = _index_after(tokens, words[-1])
    if m.first > 1:  # "…, according to X."
        content = _span(article, tokens[0].start, tokens[m.first - 1].end)
        if tokens[m.first - 1].text == ",":
            content = _span(article, tokens[0].start, tokens[m.first - 2].end)
    else:
        content = _rest(article, tokens, after)
    return Attribution("according_to", cue, described.span, content, None), described


def _names_a_source(words: list[Token], lexicon) -> bool:
    return any(stem(t.norm) in lexicon.vague_heads or t.text[:1].isupper() for t in words)


def _left_description(tokens, first: int, lexicon) -> list[Token]:
    """The words naming the speaker, read leftwards from the cue at ``first``."""
    window: list[Token] = []
    i = first - 1
    while i >= 0:
        t = tokens[i]
        if t.text in _HARD_BREAKS or (t.is_word and t.norm in _CLAUSE_WORDS):
            break
        window.append(t)
        i -= 1
    window.reverse()
    # "X, who asked not to be named, said": the speaker is before the relative clause;
    # "On Monday, the minister said": after the last comma.
    segments: list[list[Token]] = [[]]
    for t in window:
        if t.text == ",":
            segments.append([])
        else:
            segments[-1].append(t)
    segments = [s for s in segments if any(t.is_word for t in s)]
    for segment in reversed(segments):
        if segment[0].norm in _RELATIVE:
            continue
        cut = next((k for k, t in enumerate(segment) if t.norm in _RELATIVE), len(segment))
        words = segment[:cut]
        if 0 < sum(t.is_word for t in words) <= _MAX_SOURCE_WORDS:
            return words
        return []
    return []


def _right_description(tokens, start: int, lexicon) -> list[Token]:
    """The speaker after an inverted cue: '…,” said the minister.'"""
    words: list[Token] = []
    for t in tokens[start:]:
        if t.text in (",", ".", ";", ":", "!", "?") or t.text in _HARD_BREAKS:
            break
        if t.is_word and t.norm in _CLAUSE_WORDS | _RELATIVE:
            break
        words.append(t)
        if len(words) > _MAX_SOURCE_WORDS:
            return []
    return words if any(t.is_word for t in words) else []


def _media_after(tokens, start: int, lexicon) -> list[Token]:
    """The outlet named right after "told" ("told TRT Haber", "told Caliber.Az")."""
    words = []
    for i in range(start, len(tokens)):
        t = tokens[i]
        joined = i + 1 < len(tokens) and tokens[i + 1].start == t.end  # "Caliber.Az"
        if t.text in (",", ";", ":", "!", "?") or (t.is_word and t.norm in _CLAUSE_WORDS):
            break
        if t.text == "." and not joined:
            break
        words.append(t)
    capitalised = [t for t in words if t.is_word]
    if capitalised and all(t.text[:1].isupper() for t in capitalised) and _is_media(words, lexicon):
        return words
    return []


def _is_media(words: Sequence[Token], lexicon) -> bool:
    norms = tuple(t.norm for t in words if t.is_word)
    for outlet in lexicon.media_outlets:
        k = len(outlet)
        if any(norms[i:i + k] == outlet for i in range(len(norms) - k + 1)):
            return True
    caps = [t for t in words if t.is_word and t.text[:1].isupper()]
    return any(stem(t.norm) in lexicon.media_words for t in caps)


def _index_after(tokens, token: Token) -> int:
    for i, t in enumerate(tokens):
        if t.start >= token.end:
            return i
    return len(tokens)


def _rest(article, tokens, start: int) -> Span | None:
    """The reported clause: from ``start`` (after "that" or a colon) to the sentence end."""
    opening_quotes = "“\"‘«"
    while start < len(tokens):
        t = tokens[start]
        if t.norm in ("that", ",", ":") or (not t.is_word and t.text not in opening_quotes):
            start += 1
        else:
            break
    end = len(tokens)
    while end > start and tokens[end - 1].text in ".!?,;:":
        end -= 1
    if end <= start:
        return None
    return _span(article, tokens[start].start, tokens[end - 1].end)


def _adjacent_quotation(article, cue: Span, source: Span) -> Span | None:
    """A depth-0 quotation that this cue introduces or closes, if any."""
    left = min(cue.start, source.start)
    right = max(cue.end, source.end)
    best = None
    for q in article.quotations:
        if q.depth:
            continue
        gap_before = article.text[q.end:left]
        gap_after = article.text[right:q.start]
        if q.end <= left and len(gap_before) <= 3 and gap_before.strip(" ,") == "":
            best = q
        elif q.start >= right and len(gap_after) <= 6 and gap_after.strip(" ,:") in ("", "as"):
            best = best or q
    return None if best is None else _span(article, best.start, best.end)


def _describe(article, words: list[Token], lexicon: AttributionLexicon, earlier) -> _Described | None:
    words = [t for t in words if t.is_word or t.text in ("-", ".", "'", "’")]
    while words and not words[-1].is_word:
        words.pop()
    while words and not words[0].is_word:
        words.pop(0)
    if not words:
        return None
    span = _span(article, words[0].start, words[-1].end)
    norms = [t.norm for t in words if t.is_word]
    if len(norms) == 1 and norms[0] in lexicon.singular_pronouns | lexicon.plural_pronouns:
        return _resolve_pronoun(span, norms[0] in lexicon.plural_pronouns, earlier)
    # The head noun: the last word, unless a descriptor or relative clause follows it
    # ("people familiar with the matter" -> "people").
    head_index = len(words) - 1
    descriptors = [m for m in lexicon.matcher.find(words) if m.entry.category == "descriptors"]
    if descriptors:
        head_index = max(0, descriptors[0].first - 1)
    head = words[head_index]
    head_stem = stem(head.norm)
    body = [t for t in words[:head_index + 1] if t.is_word]
    capitalised = [t for t in body if t.text[:1].isupper() and t.norm not in _DETERMINERS]
    plural = (head.norm.endswith("s") and not head.norm.endswith("ss") and head_stem != head.norm
              or head.norm in ("people", "many", "others", "some"))
    if _is_media(words, lexicon) and head.text[:1].isupper():
        kind = "media"
    elif head.text[:1].isupper() and head_stem not in lexicon.anonymous_heads:
        is_org = any(stem(t.norm) in lexicon.organisation_words for t in capitalised)
        kind = "named_organisation" if is_org else "named_person"
    elif head_stem in lexicon.vague_heads:
        kind = "vague"
    elif head_stem in lexicon.anonymous_heads or head_stem in lexicon.roles:
        kind = "anonymous"
    elif head_stem in lexicon.organisation_words:
        kind = "named_organisation"
    else:
        return None  # "This bold initiative suggests": a thing, not a speaker
    affiliation = _affiliation(article, body, head, kind, lexicon)
    described = _Described(span, words, kind, head_stem, plural, affiliation,
                           _specificity(kind, body, affiliation, lexicon), "")
    described.side = _side(described)
    if kind in ("anonymous", "named_organisation") and norms[0] in ("the", "this", "that"):
        return _same_as_earlier(described, earlier) or described
    return described


def _affiliation(article, body: list[Token], head: Token, kind: str, lexicon) -> Span | None:
    if kind in ("named_person", "media"):
        return None
    caps = [i for i, t in enumerate(body) if t.text[:1].isupper() and t.norm not in _DETERMINERS]
    if not caps:
        return None
    start = body[caps[0]]
    last = body[caps[-1]]
    if kind == "named_organisation" or last is head:
        end = last
    else:
        # "Turkish defense officials": the affiliation runs to the word before the head.
        end = body[body.index(head) - 1] if head in body and body.index(head) > caps[0] else last
    return _span(article, start.start, end.end)


def _specificity(kind: str, body: list[Token], affiliation: Span | None, lexicon) -> int:
    if kind in ("named_person",):
        return 4
    stems = {stem(t.norm) for t in body}
    has_role = bool(stems & lexicon.roles)
    has_org = affiliation is not None or kind in ("named_organisation", "media")
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


def _resolve_pronoun(span: Span, plural: bool, earlier) -> _Described | None:
    for attribution, described in reversed(earlier):
        if described is not None and described.plural == plural and described.kind != "media":
            return described
    return None


def _same_as_earlier(described: _Described, earlier) -> _Described | None:
    """'the ministry source' is the 'senior Turkish Defense Ministry source' met before."""
    content = {t.norm for t in described.words if t.is_word} - _DETERMINERS
    for attribution, other in reversed(earlier):
        if other is None or other.head != described.head:
            continue
        other_words = {t.norm for t in other.words if t.is_word}
        if content <= other_words | {w.rstrip("s") for w in other_words}:
            return other
    return None


def _continued_quotes(article, paragraph, found):
    """Quotations with no cue of their own that continue the speaker just quoted.

    Covers a second quoted sentence after an attributed one in the same paragraph,
    and a quotation that opens a paragraph following an attributed quotation.
    """
    out = []
    attributed = {(a.content.start, a.content.end) for a, _ in found if a.content is not None}
    last_direct = next((pair for pair in reversed(found) if pair[0].form == "direct"), None)
    if last_direct is None:
        return out
    for q in article.quotations:
        if q.depth or not (paragraph.start <= q.start < paragraph.end):
            continue
        if any(a <= q.start and q.end <= b for a, b in attributed):
            continue
        prior = last_direct[0]
        if q.start < prior.content.start:
            continue
        between = article.text[prior.content.end:q.start]
        if len(between) <= 400 and between.count("“") + between.count('"') == 0:
            attribution = Attribution("direct", prior.cue, prior.source, _span(article, q.start, q.end), None)
            out.append((attribution, last_direct[1]))
            attributed.add((q.start, q.end))
    return out


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
    sources = _sources(article, attributions, described_by_id)
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
    affiliations = {_side_of(described_by_id[s.id]) for s in voices}
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


def _side_of(d: _Described) -> str:
    return d.side


def _sources(article, attributions, described) -> list[Source]:
    sources = []
    for sid, d in enumerate(described):
        indices = tuple(i for i, a in enumerate(attributions) if a.source_id == sid)
        quoted = sum(_n_words(attributions[i].content.text) for i in indices
                     if attributions[i].form == "direct" and attributions[i].content is not None)
        sources.append(Source(
            sid, d.span.text, d.kind, d.affiliation.text if d.affiliation else None,
            d.specificity, d.plural, quoted, d.span.start, indices,
        ))
    return sources


def _credited_outlet(article: Article) -> str | None:
    """An outlet credited at a paragraph's end ('…, Caliber.Az.') with no cue of its own."""
    lexicon = load_attribution()
    for p in article.paragraphs:
        tokens = [t for s in p.sentences for t in s.tokens]
        if len(tokens) < 4 or tokens[-1].text != ".":
            continue
        comma = max((i for i, t in enumerate(tokens) if t.text == ","), default=None)
        if comma is None:
            continue
        tail = tokens[comma + 1:-1]
        if tail and all(t.text[:1].isupper() or not t.is_word for t in tail) and _is_media(tail, lexicon):
            return article.text[tail[0].start:tail[-1].end]
    return None


def _relay_chains(attributions, sources, outlet) -> tuple[tuple[str, ...], ...]:
    chains = []
    media_cited = [sources[a.source_id].text for a in attributions
                   if a.source_id is not None and sources[a.source_id].kind == "media"]
    for a in attributions:
        if a.relay is not None and a.source_id is not None:
            chain = (sources[a.source_id].text, a.relay.text, outlet or "this article")
            if chain not in chains:
                chains.append(chain)
    for name in media_cited:
        if not any(name in chain for chain in chains):
            chains.append((name, outlet or "this article"))
    return tuple(chains)


def _unattributed(article, attributions, loaded) -> tuple[dict, ...]:
    if loaded is None:
        return ()
    covered = [(a.cue.start, a.content.end if a.content else a.cue.end) for a in attributions]
    covered += [(min(a.cue.start, a.content.start), a.cue.end) for a in attributions if a.content]
    out = []
    for s in article.sentences:
        hits = [h for h in loaded.hits if s.start <= h.start < s.end and h.voice == "author"
                and not h.negated]
        if not hits:
            continue
        if any(a < s.end and s.start < b for a, b in covered):
            continue
        out.append({"start": s.start, "end": s.end, "terms": [h.text for h in hits]})
    return tuple(out)


def _flags(article, attributions, sources, described, loaded, affiliations) -> tuple[Flag, ...]:
    rules = load_standards()
    flags: list[Flag] = []

    def flag(rule_id: str, message: str, indices=(), spans=()):
        rule = rules[rule_id]
        flags.append(Flag(rule.id, rule.title, message, rule.cites, tuple(indices), tuple(spans)))

    anonymous = [s for s in sources if s.kind == "anonymous"]
    hits = [] if loaded is None else [h for h in loaded.hits if not h.negated]
    for s in anonymous:
        opinion = [i for i in s.attributions if _is_opinion(attributions[i], hits)]
        if opinion:
            flag("anonymous_opinion",
                 f"{s.text!r} is not named, yet characterises rather than informs.", opinion)
        if not _reason_given(article, attributions, s):
            flag("anonymity_unexplained", f"No reason is given for not naming {s.text!r}.",
                 s.attributions)
        d = described[s.id]
        if d.plural and d.head == stem("sources") and not any(
            t.norm in _COUNT_WORDS for t in d.words
        ):
            flag("plural_sources_no_count", f"{s.text!r}: how many sources is not said.",
                 s.attributions)
    directs = [i for i, a in enumerate(attributions) if a.form == "direct"]
    if directs:
        first = attributions[directs[0]]
        if first.source_id is not None and sources[first.source_id].kind == "anonymous":
            flag("anonymous_first_quote",
                 f"The first quotation comes from {sources[first.source_id].text!r}, who is not named.",
                 [directs[0]])
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


def _is_opinion(a: Attribution, hits) -> bool:
    if a.content is None:
        return False
    if a.cue.text.lower().startswith(("describ", "call", "dub", "hail", "brand", "label", "portray")):
        return True
    return any(a.content.start <= h.start and h.end <= a.content.end for h in hits)


def _reason_given(article, attributions, source: Source) -> bool:
    lexicon = load_attribution()
    for i in source.attributions:
        a = attributions[i]
        start = min(x.start for x in (a.cue, a.source, a.content) if x is not None)
        end = max(x.end for x in (a.cue, a.source, a.content) if x is not None)
        for s in article.sentences:
            if s.start < end and start < s.end:
                if any(m.entry.category == "reasons" for m in lexicon.matcher.find(s.tokens)):
                    return True
    return False


def reported_spans(found) -> list[Span]:
    """Content spans of indirect speech: where the loaded analyser's 'reported' voice applies."""
    return [a.content for a, _ in found if a.form in ("indirect", "according_to") and a.content]
