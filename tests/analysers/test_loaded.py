import textwrap

import pytest

from framing import load_article
from framing.analysers import loaded
from framing.lexicon import example_problems, load_lexicon

BUNDLED = load_lexicon()


def lexicon_with(tmp_path, entries: str, cid: str = "probe"):
    """A lexicon of one probe category written for the test."""
    path = tmp_path / f"{cid}.toml"
    path.write_text(
        textwrap.dedent(f'''
        id = "{cid}"
        name = "Probe"
        description = "Entries written for one test."
        default_weight = 2
        [examples]
        fire = ["zzz"]
        quiet = ["qqq"]
    ''')
        + textwrap.dedent(entries),
        encoding="utf-8",
    )
    return load_lexicon((path,), bundled=False)


def probe_hits(lexicon, text):
    article = load_article(text)
    return [
        (h.text, h.negated) for h in loaded.analyse(article, lexicon).hits if h.category == "probe"
    ]


@pytest.mark.parametrize("category", BUNDLED.categories, ids=lambda c: c.id)
def test_every_category_fires_on_its_fire_examples_and_not_on_its_quiet_ones(category):
    assert example_problems(category, BUNDLED.matcher) == []


def test_bundled_lexicon_is_large_and_every_category_explains_itself():
    assert len(BUNDLED.categories) >= 10
    assert sum(len(c.entries) for c in BUNDLED.categories) >= 300
    for c in BUNDLED.categories:
        assert len(c.description.split()) >= 15, c.id
        assert len(c.fire) >= 3 and len(c.quiet) >= 3, c.id


PROBE = """
[[entries]]
term = "zzz"
match = "phrase"
[[entries]]
term = "bold"
match = "phrase"
exceptions = ["in bold type"]
[[entries]]
term = "brotherly"
match = "phrase"
[[entries]]
term = "architect"
match = "phrase"
[[entries]]
term = "war-torn"
match = "phrase"
[[entries]]
term = "deep ties"
match = "phrase"
[[entries]]
term = "bound by deep ties"
match = "phrase"
[[entries]]
term = "İnanılmaz"
match = "phrase"
[[entries]]
term = "(?:is|are|was) widely (?:seen|regarded) as"
match = "pattern"
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    return lexicon_with(tmp_path_factory.mktemp("lx"), PROBE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An even bolder plan and the boldest yet.", ["bolder", "boldest"]),
        ("Two brotherly nations, and his brother.", ["brotherly"]),
        ("The architects of the deal.", ["architects"]),
        (
            "A war-torn land, a war torn land, a war-\ntorn land.",
            ["war-torn", "war torn", "war-\ntorn"],
        ),
        ("A war, torn apart.", []),
        ("Nations bound by deep ties.", ["bound by deep ties"]),
        ("They share deep ties.", ["deep ties"]),
        ("It was printed in bold type. A bold move.", ["bold"]),
        ("BOLD and Bold.", ["BOLD", "Bold"]),
        ("Bu İNANILMAZ bir an.", ["İNANILMAZ"]),
        ("It is widely seen as a signal.", ["is widely seen as"]),
        ("It was widely regarded\nas wise.", ["was widely regarded\nas"]),
    ],
)
def test_matcher(probe, text, expected):
    assert [t for t, _ in probe_hits(probe, "Headline here\n\n" + text)] == expected


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("It was not a bold move.", True),
        ("It wasn't bold.", True),
        ("Hardly bold.", True),
        ("Not only bold but brave.", False),
        ("Not now, but bold later.", False),
        ("A bold move, not a timid one.", False),
    ],
)
def test_negation_scope(probe, text, negated):
    [(hit, flag)] = probe_hits(probe, "Headline here\n\n" + text)
    assert hit == "bold" and flag is negated


def test_voices_and_densities(probe):
    text = (
        "A bold headline\n\nThe bold plan was praised. “It is a brotherly deal,” she said."
        "\n\nBold again."
    )
    article = load_article(text)
    result = loaded.analyse(article, probe)
    voices = [(h.text, h.voice, h.paragraph) for h in result.hits if h.category == "probe"]
    assert voices == [
        ("bold", "headline", None),
        ("bold", "author", 0),
        ("brotherly", "quote", 0),
        ("Bold", "author", 1),
    ]
    assert [h.text for h in result.headline_hits] == ["bold"]
    n = result.n_words
    assert (n["body"], n["headline"], n["quote"], n["author"]) == (14, 3, 5, 9)
    assert result.per_1000_words["all"] == pytest.approx(1000 * 3 / 14)
    assert result.per_1000_words["by_category"]["probe"] == pytest.approx(1000 * 3 / 14)
    assert result.per_1000_words["by_voice"]["quote"] == pytest.approx(1000 * 1 / 5)
    assert result.per_1000_words["by_voice"]["author"] == pytest.approx(1000 * 2 / 9)
    assert result.weighted_intensity["all"] == pytest.approx(1000 * 6 / 14)
    assert result.outlet_vs_sources["outlet"] == pytest.approx(1000 * 3 / 12)
    assert result.per_paragraph[1].n_hits == 1 and result.per_paragraph[1].n_words == 2
    assert set(result.per_1000_words["by_category"]) == {"probe"}


def test_reported_speech_voice(probe):
    article = load_article("Headline here\n\nShe said the bold plan would work.")
    start = article.text.index("the bold")
    from framing.document import Span

    reported = [Span(start, len(article.text) - 1, article.text[start:-1])]
    [hit] = [
        h for h in loaded.analyse(article, probe, reported=reported).hits if h.category == "probe"
    ]
    assert hit.voice == "reported"


def test_negated_hits_are_listed_but_not_scored(probe):
    result = loaded.analyse(load_article("Headline here\n\nNot a bold move at all."), probe)
    assert [h.negated for h in result.hits if h.category == "probe"] == [True]
    assert result.n_negated >= 1
    assert result.per_1000_words["by_category"]["probe"] == 0


def test_top_terms_count_inflections_under_their_entry(probe):
    result = loaded.analyse(
        load_article("Headline here\n\nBold, bolder, boldest. An architect."), probe
    )
    top = {(t.term, t.count) for t in result.top_terms if t.category == "probe"}
    assert ("bold", 3) in top and ("architect", 1) in top


SEED_TERMS = [
    ("bold", "headline"),
    ("bold", "author"),
    ("landmark", "author"),
    ("significant", "author"),
    ("brotherly", "quote"),
    ("strategic leap", "quote"),
    ("war-torn", "author"),
    ("architect", "author"),
    ("fragmented", "author"),
]


@pytest.mark.parametrize(("word", "voice"), SEED_TERMS)
def test_seed_hits(seed_article, word, voice):
    result = loaded.analyse(seed_article)
    assert any(word in h.text.lower() and h.voice == voice for h in result.hits), [
        (h.text, h.voice) for h in result.hits
    ]


def test_seed_headline_hits_are_kept_apart(seed_article):
    result = loaded.analyse(seed_article)
    assert result.headline_hits and all(h.paragraph is None for h in result.headline_hits)
    assert all(h.paragraph is not None for h in result.hits if h.voice != "headline")
    for h in result.hits:
        assert seed_article.text[h.start : h.end] == h.text


def test_longest_pattern_wins_whatever_the_order(tmp_path):
    lexicon = lexicon_with(
        tmp_path,
        """
        [[entries]]
        term = "zzz"
        match = "phrase"
        [[entries]]
        term = "kind(?:ly)?"
        match = "pattern"
        [[entries]]
        term = "kindly (?:nations?|peoples?)"
        match = "pattern"
        [[entries]]
        term = "flag"
        match = "phrase"
        exceptions = ["workers' flag"]
    """,
    )
    assert probe_hits(lexicon, "Headline here\n\nTwo kindly nations met.") == [
        ("kindly nations", False)
    ]
    assert probe_hits(lexicon, "Headline here\n\nThe workers’ flag flew. A flag.") == [
        ("flag", False)
    ]


PHRASE_PROBE = """
[[entries]]
term = "shameful"
match = "phrase"
[[entries]]
term = "cowardly"
match = "phrase"
[[entries]]
term = "betrayal"
match = "phrase"
[[entries]]
term = "utterly"
match = "phrase"
[[entries]]
term = "thugs"
match = "phrase"
[[entries]]
term = "bold"
match = "phrase"
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bridge: hits three words apart or closer merge, words between included
        ("It was a shameful and cowardly betrayal.", ["shameful and cowardly betrayal"]),
        ("A shameful, cowardly betrayal.", ["shameful", "cowardly betrayal"]),
        # modifier: an adverb or adjective shape takes in the next content word
        ("The plan was utterly inadequate.", ["utterly inadequate"]),
        ("The plan was utterly in tatters.", ["utterly"]),
        ("The shameful episode ended.", ["shameful episode"]),
        # an unsuffixed hit opening a noun phrase modifies what follows ...
        ("It was a bold step.", ["bold step"]),
        # ... unless it is plural: a noun, which takes in its modifier instead
        ("Thugs roamed the streets.", ["Thugs"]),
        ("Hired thugs roamed the streets.", ["Hired thugs"]),
        ("The thugs roamed the streets.", ["thugs"]),
        ("Thugs and hooligans roamed.", ["Thugs and hooligans"]),
        ("Liars or thugs, all of them.", ["Liars or thugs"]),
        # four words between phrases: two phrases; a hyphen does not break a phrase
        ("A shameful act by the brand new cowardly regime.", ["shameful act", "cowardly regime"]),
        ("A war-weary, utterly war-torn land.", ["utterly war-torn"]),
        # an adjective-shaped hit never takes in the word before it
        ("Critics grew shameful of it.", ["shameful"]),
        # a spaced dash is not a hyphen: it ends the phrase
        ("It was shameful - the board resigned.", ["shameful"]),
        # negated hits frame nothing
        ("It was not a bold move.", []),
    ],
)
def test_phrases_grow_from_framing_hits(tmp_path, text, expected):
    lexicon = lexicon_with(tmp_path, PHRASE_PROBE)
    result = loaded.analyse(load_article("Headline here\n\n" + text), lexicon)
    assert [p.text for p in result.phrases] == expected
    full = "Headline here\n\n" + text
    for phrase in result.phrases:
        assert full[phrase.start : phrase.end] == phrase.text
        members = [result.hits[i] for i in phrase.hits]
        assert all(phrase.start <= h.start and h.end <= phrase.end for h in members)


def test_epistemic_hits_do_not_grow_into_phrases(tmp_path):
    path = tmp_path / "stance.toml"
    path.write_text(
        textwrap.dedent('''
        id = "stance"
        name = "Stance"
        description = "Entries written for one test."
        default_weight = 1
        bias = "epistemic"
        [examples]
        fire = ["clearly"]
        quiet = ["qqq"]
        [[entries]]
        term = "clearly"
        match = "phrase"
    '''),
        encoding="utf-8",
    )
    lexicon = load_lexicon((path,), bundled=False)
    result = loaded.analyse(load_article("Headline here\n\nThis is clearly wrong."), lexicon)
    assert [h.text for h in result.hits] == ["clearly"]
    assert result.phrases == ()
