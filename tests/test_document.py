"""The document model's invariant: every span's text is the slice of the article it names."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing import load_article
from framing.document import fold

# Pieces that stress offsets: Turkish dotted/dotless i, combining marks, RTL text,
# zero-width joiners, emoji (astral plane), CRLF, tabs, curly and straight quotes.
TRICKY = [
    "İstanbul",
    "ıi",
    "e\u0301",
    "n\u0303o",
    "שלום",
    "مرحبا",
    "\u200d",
    "\u200c",
    "👩‍👩‍👧",
    "🇹🇷",
    "\r\n",
    "\n\n",
    "\t",
    "“",
    "”",
    "‘",
    "’",
    '"',
    "«",
    "»",
    "—",
    ". ",
    "Dr. ",
    "U.S. ",
    " ",
    "said",
    "Türkiye",
    "war-torn",
    "1.5",
    "\u00a0",
    "\u2028",
]
pieces = st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=12))


def _assert_invariant(article):
    text = article.text
    spans = [article.headline, article.byline, article.dateline, *article.quotations]
    for p in article.paragraphs:
        spans.append(p)
        for s in p.sentences:
            spans.append(s)
            spans.extend(s.tokens)
    if article.headline:
        spans.extend(article.headline.tokens)
    for span in spans:
        if span is not None:
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pieces, min_size=1, max_size=40).map("".join))
def test_offsets_index_the_normalised_text(raw):
    if not raw.strip() or any(ord(c) < 32 and c not in "\t\n\r\x0c" for c in raw):
        return
    try:
        article = load_article(raw)
    except ValueError:
        return  # refused input (empty after normalising, control characters): its own tests
    _assert_invariant(article)


def test_paragraphs_sentences_and_tokens_are_ordered_and_disjoint(seed_article):
    last = -1
    for p in seed_article.paragraphs:
        assert p.start > last
        for s in p.sentences:
            assert p.start <= s.start < s.end <= p.end
            for t in s.tokens:
                assert s.start <= t.start < t.end <= s.end
        last = p.end


def test_fold_survives_turkish_dotted_capital_i():
    assert "İ".lower() != "i"  # the trap: two code points
    assert fold("İstanbul") == fold("istanbul") == "istanbul"
    assert fold("Libya’s") == "libya's"
    assert fold("INANILMAZ") == fold("inanılmaz") == fold("İnanılmaz")


def test_quotation_at_returns_the_outermost_quotation(seed_article):
    text = seed_article.text
    east = text.index("‘East’")
    q = seed_article.quotation_at(east, east + 6)
    assert q is not None and q.depth == 0 and q.text.startswith("“It’s time")
    assert seed_article.quotation_at(text.index("Notably")) is None


def test_body_joins_paragraphs(seed_article):
    assert seed_article.body == "\n\n".join(p.text for p in seed_article.paragraphs)
    assert "By Tamilla" not in seed_article.body
