"""Paragraph, sentence, token and quotation spans over an article's text.

Sentences come from NLTK's Punkt algorithm run untrained, with the project's own
abbreviation list (``lexicons/abbreviations.toml``) instead of a downloaded model.
Tokens come from one linear-time regular expression. Quotation regions are found
by a single left-to-right scan with a stack, so unbalanced or nested marks cost
no more than balanced ones.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from .document import Paragraph, Quotation, Sentence, Token, fold

# A blank line (possibly holding spaces) separates paragraphs.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_LINE = re.compile(r"[^\n]+")

_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u200c\u200d"
# A word: letters or digits, with combining marks and joiners kept inside it, an
# apostrophe between letters ("Libya's", "don't") and a point or comma between
# digits ("1.13", "2,000"). Anything else that is not space is a token of its own,
# so "war-torn" is "war", "-", "torn". No nested quantifiers: linear time.
_TOKEN = re.compile(rf"[^\W_](?:[^\W_]|[{_COMBINING}]|['\u2019](?=[^\W_])|(?<=\d)[.,](?=\d))*|\S")


def paragraph_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Paragraph ``(start, end)`` offsets within ``text[start:end]``, whitespace trimmed.

    When the region holds a blank line anywhere, paragraphs are separated by blank
    lines and single newlines inside them are line wraps (BBC and most wire copy).
    Otherwise each non-empty line is a paragraph (copy pasted from a web page).
    """
    end = len(text) if end is None else end
    region = text[start:end]
    if _BLANK_LINE.search(region):
        pieces, cursor = [], 0
        for m in _BLANK_LINE.finditer(region):
            pieces.append((cursor, m.start()))
            cursor = m.end()
        pieces.append((cursor, len(region)))
    else:
        pieces = [(m.start(), m.end()) for m in _LINE.finditer(region)]
    spans = []
    for a, b in pieces:
        a, b = _trim(region, a, b)
        if a < b:
            spans.append((start + a, start + b))
    return spans


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


@lru_cache(maxsize=1)
def _punkt():
    # Imported here: NLTK's package import costs about a second, and a process
    # that only loads or serialises articles should not pay it.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    from .lexicon import load_abbreviations

    params = PunktParameters()
    params.abbrev_types = set(load_abbreviations())
    return PunktSentenceTokenizer(params)


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence offsets within one paragraph ``text[start:end]``."""
    spans = []
    for a, b in _punkt().span_tokenize(text[start:end]):
        a, b = _trim(text, start + a, start + b)
        if a < b:
            spans.append((a, b))
    return spans


def tokens(text: str, start: int, end: int) -> tuple[Token, ...]:
    """Tokens of ``text[start:end]``, each with its offsets into ``text``."""
    out = []
    for m in _TOKEN.finditer(text, start, end):
        surface = m.group()
        out.append(Token(m.start(), m.end(), surface, fold(surface), surface[0].isalnum()))
    return tuple(out)


def make_sentence(text: str, start: int, end: int) -> Sentence:
    return Sentence(start, end, text[start:end], tokens(text, start, end))


def make_paragraph(text: str, index: int, start: int, end: int) -> Paragraph:
    sentences = tuple(make_sentence(text, a, b) for a, b in sentence_spans(text, start, end))
    return Paragraph(start, end, text[start:end], index, sentences)


# Quotation marks by role. Straight single quotes and the right single quotation
# mark double as apostrophes, so they are read as quotes only where an apostrophe
# cannot be (see _scan).
_DOUBLE_OPEN = "\u201c\u201e\u201f"  # “ „ ‟
_DOUBLE_CLOSE = "\u201d"  # ”
_SINGLE_OPEN = "\u2018\u201a"  # ‘ ‚
_SINGLE_CLOSE = "\u2019"  # ’
_GUILLEMETS = {"\u00ab": "\u00bb", "\u2039": "\u203a"}  # « » ‹ ›
_QUOTE_CHARS = re.compile(r"[\"\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u00ab\u00bb\u2039\u203a]")
# Real copy nests a quotation inside a quotation at most; deeper "nesting" is noise,
# and unclosed nested marks would each span the rest of the paragraph.
MAX_QUOTE_DEPTH = 3
_OPENING_CONTEXT = set(" \t\n([{\u2014\u2013-/\u00a0")


def _family(mark: str) -> str:
    if mark in _DOUBLE_OPEN or mark in _DOUBLE_CLOSE:
        return "curly-double"
    if mark in _SINGLE_OPEN or mark == _SINGLE_CLOSE:
        return "curly-single"
    if mark == '"':
        return "straight-double"
    if mark in "\u00ab\u00bb":
        return "guillemet"
    return "single-guillemet"


def _opens_after(text: str, i: int, block_start: int) -> bool:
    return i == block_start or text[i - 1] in _OPENING_CONTEXT or text[i - 1] in _DOUBLE_OPEN


def _role(text: str, i: int, block_start: int, block_end: int, open_families: set[str]) -> str:
    """'open', 'close' or 'none' for the quotation mark at ``text[i]``."""
    mark = text[i]
    family = _family(mark)
    if mark in _DOUBLE_OPEN or mark in _SINGLE_OPEN or mark in _GUILLEMETS:
        if mark == "\u2018" and i + 1 < block_end and text[i + 1].isdigit():
            return "none"  # the elided century in \u201890s
        return "open"
    if mark == '"':
        if family in open_families:
            return "close"
        return "open" if _opens_after(text, i, block_start) else "none"
    if mark == _SINGLE_CLOSE:
        between_letters = (
            block_start < i < block_end - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
        )
        if between_letters or family not in open_families:
            return "none"
        return "close"
    if mark == _DOUBLE_CLOSE:
        if family in open_families:
            return "close"
        # Some copy uses \u201d for both ends; at a word start it opens.
        nxt_is_text = i + 1 < block_end and not text[i + 1].isspace()
        return "open" if _opens_after(text, i, block_start) and nxt_is_text else "none"
    # \u00bb or \u203a
    return "close" if family in open_families else "none"


def _continues(text: str, next_block: tuple[int, int], family: str) -> int | None:
    """Where the quotation of ``family`` open at a paragraph end goes on, if it does.

    Returns the offset of the re-opening mark at the start of the next paragraph
    (the newsroom convention), or the offset just before the next paragraph when
    that paragraph closes the quotation before opening another of the same kind.
    """
    a, b = next_block
    if a < b and _family(text[a]) == family and text[a] not in _DOUBLE_CLOSE + _SINGLE_CLOSE:
        return a
    if family in ("curly-double", "guillemet"):
        closer = _DOUBLE_CLOSE if family == "curly-double" else "\u00bb"
        openers = _DOUBLE_OPEN if family == "curly-double" else "\u00ab"
        for i in range(a, b):
            if text[i] in openers:
                return None
            if text[i] in closer:
                return a - 1
    return None


def find_quotations(text: str, blocks: Sequence[tuple[int, int]]) -> tuple[Quotation, ...]:
    """Quotation regions over ``blocks`` (paragraph spans in reading order)."""
    found: list[Quotation] = []
    stack: list[tuple[str, int]] = []  # (opening mark, offset)
    # How many quotations of each family are open; kept alongside the stack so that
    # a run of a million opening marks costs no more than a million steps.
    open_count: Counter[str] = Counter()
    skip_at = -1
    for bi, (a, b) in enumerate(blocks):
        for m in _QUOTE_CHARS.finditer(text, a, b):
            i = m.start()
            if i == skip_at:
                continue
            role = _role(text, i, a, b, {f for f, n in open_count.items() if n})
            if role == "open" and len(stack) < MAX_QUOTE_DEPTH:
                stack.append((text[i], i))
                open_count[_family(text[i])] += 1
            elif role == "close":
                family = _family(text[i])
                while stack:
                    mark, at = stack.pop()
                    open_count[_family(mark)] -= 1
                    closed = _family(mark) == family
                    end = i + 1 if closed else i
                    found.append(
                        _quotation(text, at, end, mark, text[i] if closed else None, len(stack))
                    )
                    if closed:
                        break
        if not stack:
            continue
        nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
        goes_on = _continues(text, nxt, _family(stack[0][0])) if nxt else None
        keep = 1 if goes_on is not None else 0
        while len(stack) > keep:
            mark, at = stack.pop()
            open_count[_family(mark)] -= 1
            found.append(_quotation(text, at, b, mark, None, len(stack)))
        skip_at = goes_on if goes_on is not None else -1
    found.sort(key=lambda q: (q.start, -q.end))
    return tuple(found)


def _quotation(
    text: str, start: int, end: int, mark: str, close: str | None, depth: int
) -> Quotation:
    return Quotation(start, end, text[start:end], mark, close, depth)
