import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing import load_article
from framing.analysers import sentiment

VADER = SentimentIntensityAnalyzer()


def test_every_paragraph_and_sentence_equals_vader_on_its_text(seed_article):
    result = sentiment.analyse(seed_article)
    assert len(result.paragraphs) == 11
    for p, scored in zip(seed_article.paragraphs, result.paragraphs, strict=True):
        expected = VADER.polarity_scores(p.text)
        assert (scored.start, scored.end, scored.index) == (p.start, p.end, p.index)
        assert scored.compound == expected["compound"]
        assert (scored.pos, scored.neu, scored.neg) == (
            expected["pos"],
            expected["neu"],
            expected["neg"],
        )
    assert len(result.sentences) == len(seed_article.sentences)
    for s, scored in zip(seed_article.sentences, result.sentences, strict=True):
        assert scored.compound == VADER.polarity_scores(s.text)["compound"]


def test_headline_is_scored_on_its_own(seed_article):
    result = sentiment.analyse(seed_article)
    assert result.headline.compound == VADER.polarity_scores(seed_article.headline.text)["compound"]
    assert (result.headline.start, result.headline.end) == (0, len(seed_article.headline.text))


def test_article_score_is_the_word_weighted_mean_of_paragraphs():
    article = load_article(
        "Plain headline here\n\nThis is wonderful, excellent and great news.\n\n"
        "It was a terrible, awful, horrible disaster and people are angry about it now."
    )
    result = sentiment.analyse(article)
    good, bad = result.paragraphs
    assert good.compound > 0.5 and bad.compound < -0.5
    expected = (good.n_words * good.compound + bad.n_words * bad.compound) / (
        good.n_words + bad.n_words
    )
    assert result.article.compound == pytest.approx(expected, abs=1e-12)
    assert (good.n_words, bad.n_words) == (7, 14)


def test_sentences_know_their_paragraph():
    article = load_article("One. Two is here.\n\nThree.")
    result = sentiment.analyse(article)
    assert [(s.index, s.paragraph) for s in result.sentences] == [(0, 0), (1, 0), (2, 1)]
    assert result.headline is None


def test_result_is_plain_json(seed_article):
    import json

    data = sentiment.analyse(seed_article).to_dict()
    assert set(data) == {"headline", "article", "paragraphs", "sentences"}
    assert set(data["paragraphs"][0]) == {
        "index",
        "start",
        "end",
        "compound",
        "pos",
        "neu",
        "neg",
        "n_words",
    }
    json.dumps(data)


NEGATION_AND_IDIOMS = [
    "It was never so good, and not bad at all.",
    "Without doubt the best, but the ending was kind of sad.",
    "The plan isn't great; it is the bomb, a hell of a ride, cut the mustard.",
    "He is not so smart and never this happy; at least it was not the least good.",
    "They yeah right loved it?! Sort of horrible, kind of nice, no good, no no bad.",
    "GREAT news but TERRIBLE timing :) 😀 and the shit hit the fan.",
]


@pytest.mark.parametrize("text", NEGATION_AND_IDIOMS)
def test_linear_vader_scores_equal_stock_vader(text):
    for span in (text, text.lower(), text.upper(), " ".join([text] * 5)):
        assert sentiment._polarity(span) == tuple(
            VADER.polarity_scores(span)[k] for k in ("compound", "pos", "neu", "neg")
        )


def test_over_long_spans_are_scored_in_windows_in_linear_time():
    words = ("good " * 3000 + "bad terrible " * 2000).split()
    compound, pos, neu, neg = sentiment._polarity(" ".join(words))
    windows = [" ".join(words[i : i + 2000]) for i in range(0, len(words), 2000)]
    expected = sum(len(w.split()) * VADER.polarity_scores(w)["compound"] for w in windows) / len(
        words
    )
    assert compound == pytest.approx(expected)
    assert len(windows) == 4


def _vocabulary():
    from vaderSentiment import vaderSentiment as vs

    words = set(vs.NEGATE) | {w for k in vs.BOOSTER_DICT for w in k.split()}
    words |= {w for k in vs.SPECIAL_CASES for w in k.split()}
    words |= {
        "good",
        "bad",
        "GREAT",
        "Terrible",
        "love",
        "hate",
        "so",
        "this",
        "never",
        "without",
        "doubt",
        "least",
        "at",
        "very",
        "but",
        "BUT",
        "no",
        "or",
        "nor",
        "kind",
        "of",
        "!",
        "?",
        ":)",
        "the",
        "plan",
        "isn't",
        "won't",
    }
    return sorted(words)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_vocabulary()), min_size=1, max_size=30))
def test_linear_vader_equals_stock_vader_on_generated_text(words):
    text = " ".join(words)
    assert sentiment._polarity(text) == tuple(
        VADER.polarity_scores(text)[k] for k in ("compound", "pos", "neu", "neg")
    )
