"""Sources analyser: attribution patterns, source kinds and specificity, what is not an
attribution, metrics and standards flags on small articles, the seed, and hostile input.

Every sentence here is written for the test. Each article gets a throwaway headline
line so that the sentence under test is body text.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
from framing import load_article
from framing.analysers import sources

HEAD = "Headline here\n\n"


def analyse(body: str):
    article = load_article(HEAD + body)
    result = sources.analyse(article)
    assert_spans_valid(article, result)
    return result


def rows(result):
    """(form, cue, source, content, relay) of each attribution, as text."""
    return [
        (a.form, a.cue.text, _text(a.source), _text(a.content), _text(a.relay))
        for a in result.attributions
    ]


def _text(span):
    return None if span is None else span.text


def rules(result) -> set[str]:
    return {f.rule for f in result.flags}


def assert_spans_valid(article, result):
    """Every span the result reports is the slice of the article it names."""
    text = article.text
    spans = [s for f in result.flags for s in f.spans]
    for a in result.attributions:
        spans += [a.cue, a.source, a.content, a.relay]
        assert a.form in ("direct", "indirect", "according_to", "agentless")
        assert (a.source_id is None) == (a.form == "agentless")
        if a.source_id is not None:
            assert 0 <= a.source_id < len(result.sources) and a.source is not None
    for span in spans:
        if span is not None:
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text
    for s in result.sources:
        assert s.kind in sources.KINDS and 0 <= s.specificity <= 4
        assert 0 <= s.first_position < len(text)
        assert all(result.attributions[i].source_id == s.id for i in s.attributions)
    for f in result.flags:
        assert all(0 <= i < len(result.attributions) for i in f.attributions)
    for u in result.unattributed_evaluative_sentences:
        assert 0 <= u["start"] < u["end"] <= len(text)
    json.dumps(result.to_dict())


# --------------------------------------------------------------------------- patterns

WIN = "“We will win,”"

PATTERNS = [
    # “…,” CUE SOURCE. and “…,” SOURCE CUE.
    ("“We will win,” said the minister.", [("direct", "said", "the minister", WIN, None)]),
    ("“We will win,” the minister said.", [("direct", "said", "the minister", WIN, None)]),
    (
        '"We will win," Hakan Fidan said.',
        [("direct", "said", "Hakan Fidan", '"We will win,"', None)],
    ),
    (
        "The minister said: “We will win.”",
        [("direct", "said", "The minister", "“We will win.”", None)],
    ),
    # SOURCE CUE (that) …
    (
        "The minister said that the talks had failed.",
        [("indirect", "said", "The minister", "the talks had failed", None)],
    ),
    (
        "The minister replied that the talks had failed.",
        [("indirect", "replied", "The minister", "the talks had failed", None)],
    ),
    (
        "The minister said the talks had failed.",
        [("indirect", "said", "The minister", "the talks had failed", None)],
    ),
    (
        "Acme Corp said in a statement that profits rose.",
        [("indirect", "said", "Acme Corp", "profits rose", None)],
    ),
    (
        "Officials have also said the talks failed.",
        [("indirect", "said", "Officials", "the talks failed", None)],
    ),
    (
        "The minister, speaking on condition of anonymity, said the talks failed.",
        [("indirect", "said", "The minister", "the talks failed", None)],
    ),
    (
        "Officials, however, said the talks failed.",
        [("indirect", "said", "Officials", "the talks failed", None)],
    ),
    (
        "Mr. King, 82, said the talks failed.",
        [("indirect", "said", "Mr. King", "the talks failed", None)],
    ),
    (
        "Rep. Gwen Moore (D-Wis.) said the talks failed.",
        [("indirect", "said", "Rep. Gwen Moore", "the talks failed", None)],
    ),
    # According to SOURCE, … and …, according to SOURCE.
    (
        "According to Reuters, the talks failed.",
        [("according_to", "According to", "Reuters", "the talks failed", None)],
    ),
    (
        "The talks failed, according to Reuters.",
        [("according_to", "according to", "Reuters", "The talks failed", None)],
    ),
    (
        "The talks, according to Reuters, failed on Monday.",
        [
            (
                "according_to",
                "according to",
                "Reuters",
                "The talks, according to Reuters, failed on Monday",
                None,
            )
        ],
    ),
    # …, SOURCE CUE. and …, CUE SOURCE.
    (
        "The talks failed, officials said.",
        [("indirect", "said", "officials", "The talks failed", None)],
    ),
    (
        "The talks failed, said the minister.",
        [("indirect", "said", "the minister", "The talks failed", None)],
    ),
    (
        "The talks failed, Hakan Fidan said on Monday.",
        [("indirect", "said", "Hakan Fidan", "The talks failed", None)],
    ),
    # SOURCE told OUTLET (that) …
    (
        "A senior official told Reuters that the talks failed.",
        [("indirect", "told", "A senior official", "the talks failed", "Reuters")],
    ),
    (
        "A senior official told the BBC the talks failed.",
        [("indirect", "told", "A senior official", "the talks failed", "BBC")],
    ),
    (
        "Hakan Fidan told Reuters: “We will win.”",
        [("direct", "told", "Hakan Fidan", "“We will win.”", "Reuters")],
    ),
    ("“We will win,” Hakan Fidan told the BBC.", [("direct", "told", "Hakan Fidan", WIN, "BBC")]),
    (
        "The talks failed, a source told Reuters.",
        [("indirect", "told", "a source", "The talks failed", "Reuters")],
    ),
    (
        "The minister told reporters the talks failed.",
        [("indirect", "told", "The minister", "the talks failed", None)],
    ),
    # SOURCE described X as …
    (
        "The minister described the deal as a triumph.",
        [("indirect", "described", "The minister", "the deal as a triumph", None)],
    ),
    (
        "The visit marked what officials described as “a new strategic leap” toward peace.",
        [("direct", "described", "officials", "“a new strategic leap”", None)],
    ),
    # Several attributions in one sentence.
    (
        "“We will win,” the minister said, adding: “The enemy is weak.”",
        [
            ("direct", "said", "the minister", WIN, None),
            ("direct", "adding", "the minister", "“The enemy is weak.”", None),
        ],
    ),
    (
        "A senior official said the talks failed, adding that the army was to blame.",
        [
            ("indirect", "said", "A senior official", "the talks failed", None),
            ("indirect", "adding", "A senior official", "the army was to blame", None),
        ],
    ),
    (
        "A senior official said the talks failed and analysts said the army was to blame.",
        [
            ("indirect", "said", "A senior official", "the talks failed", None),
            ("indirect", "said", "analysts", "the army was to blame", None),
        ],
    ),
    (
        "His lawyer said he would not answer questions.",
        [
            ("indirect", "said", "His lawyer", "he would not answer questions", None),
            ("indirect", "answer", "he", "questions", None),
        ],
    ),
    (
        "“We will win,” said the minister, “and we will win soon.”",
        [
            ("direct", "said", "the minister", WIN, None),
            ("direct", "said", "the minister", "“and we will win soon.”", None),
        ],
    ),
    # Agentless: the claim is its clause, or what follows an opening cue.
    (
        "The deal is widely seen as a turning point.",
        [
            (
                "agentless",
                "is widely seen as",
                None,
                "The deal is widely seen as a turning point",
                None,
            )
        ],
    ),
    (
        "It is believed that the deal is fragile.",
        [("agentless", "It is believed", None, "the deal is fragile", None)],
    ),
    (
        "The deal reportedly collapsed.",
        [("agentless", "reportedly", None, "The deal reportedly collapsed", None)],
    ),
    (
        "The deal allegedly broke the law.",
        [("agentless", "allegedly", None, "The deal allegedly broke the law", None)],
    ),
    (
        "The minister is said to be furious.",
        [("agentless", "is said to", None, "The minister is said to be furious", None)],
    ),
    (
        "The deal collapsed, reportedly.",
        [("agentless", "reportedly", None, "The deal collapsed", None)],
    ),
    # A named speaker outranks the hearsay adverb.
    (
        "The minister reportedly said the talks failed.",
        [("indirect", "said", "The minister", "the talks failed", None)],
    ),
]


@pytest.mark.parametrize(("body", "expected"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_patterns(body, expected):
    assert rows(analyse(body)) == expected


def test_relay_is_the_outlet_and_makes_a_chain():
    result = analyse("A senior official told the BBC the talks failed.")
    [a] = result.attributions
    assert a.relay.text == "BBC"
    assert result.relay_chains == (("A senior official", "BBC", "this article"),)


def test_an_outlet_credited_at_a_paragraph_end_closes_the_chain():
    result = analyse("A senior official told Reuters that the talks failed, Caliber.Az.")
    assert rows(result) == [
        ("indirect", "told", "A senior official", "the talks failed", "Reuters")
    ]
    assert result.outlet == "Caliber.Az"
    assert result.relay_chains == (("A senior official", "Reuters", "Caliber.Az"),)


# ----------------------------------------------------------- quotations over paragraphs


@pytest.mark.parametrize(
    ("body", "contents", "ids"),
    [
        pytest.param(
            "“We will win,” said the minister. “The enemy is weak.”\n\n“We have the numbers.”",
            [WIN, "“The enemy is weak.”", "“We have the numbers.”"],
            [0, 0, 0],
            id="a paragraph that is only a quotation",
        ),
        pytest.param(
            "“We will win,” the minister said. “The enemy is weak.\n\n“We have the numbers.”",
            [WIN, "“The enemy is weak.\n\n“We have the numbers.”"],
            [0, 0],
            id="the quote mark re-opened at each paragraph",
        ),
        pytest.param(
            "“We will win,” said the minister.\n\n“We will lose,” said the general."
            "\n\n“We have the numbers.”",
            [WIN, "“We will lose,”", "“We have the numbers.”"],
            [0, 1, 1],
            id="the last speaker quoted goes on",
        ),
        pytest.param(
            "“We will win,” said the minister.\n\nThe talks resumed on Monday."
            "\n\n“We have the numbers.”",
            [WIN],
            [0],
            id="not across a paragraph of narrative",
        ),
        pytest.param(
            "“We will win,” said the minister.\n\nAnalysts said the talks would fail."
            "\n\n“We have the numbers.”",
            [WIN, "the talks would fail"],
            [0, 1],
            id="not past another attribution",
        ),
        pytest.param(
            "“We will win,” said the minister. The so-called “peace plan” was signed.",
            [WIN],
            [0],
            id="not a scare quote inside a sentence",
        ),
    ],
)
def test_continued_quotations(body, contents, ids):
    result = analyse(body)
    assert [a.content.text for a in result.attributions] == contents
    assert [a.source_id for a in result.attributions] == ids


# ------------------------------------------------------------------ one source, one id


@pytest.mark.parametrize(
    ("body", "mentions", "ids"),
    [
        pytest.param(
            "The minister said the talks failed. He said the rebels were to blame.",
            ["The minister", "He"],
            [0, 0],
            id="he",
        ),
        pytest.param(
            "Rebel leaders said the talks failed. They said the army was to blame.",
            ["Rebel leaders", "They"],
            [0, 0],
            id="they",
        ),
        pytest.param(
            "The minister said the talks failed. Analysts said they would resume. "
            "She said the army was to blame.",
            ["The minister", "Analysts", "She"],
            [0, 1, 0],
            id="she skips a plural source",
        ),
        pytest.param(
            "A senior Turkish Defense Ministry source told TRT Haber that the deal was signed. "
            "The ministry source said the navy would train.",
            ["A senior Turkish Defense Ministry source", "The ministry source"],
            [0, 0],
            id="a definite description repeats a source",
        ),
        pytest.param(
            "The Turkish Defense Ministry said the talks failed. "
            "The ministry said the rebels were to blame.",
            ["The Turkish Defense Ministry", "The ministry"],
            [0, 0],
            id="the ministry",
        ),
        pytest.param(
            "Hakan Fidan said the talks failed. Fidan said the rebels were to blame.",
            ["Hakan Fidan", "Fidan"],
            [0, 0],
            id="a surname",
        ),
        pytest.param(
            "Officials said the talks failed. Officials said the rebels were to blame.",
            ["Officials", "Officials"],
            [0, 0],
            id="the same plural",
        ),
        pytest.param(
            "A source said the talks failed. A source said the rebels were to blame.",
            ["A source", "A source"],
            [0, 1],
            id="an indefinite description is a new source",
        ),
        pytest.param(
            "Turkish officials said the talks failed. The official said the rebels were to blame.",
            ["Turkish officials", "The official"],
            [0, 1],
            id="a singular is not a plural",
        ),
    ],
)
def test_source_ids(body, mentions, ids):
    result = analyse(body)
    assert [a.source.text for a in result.attributions] == mentions
    assert [a.source_id for a in result.attributions] == ids
    assert result.n_distinct_sources == len(set(ids))


def test_a_pronoun_with_no_earlier_source_stands_for_a_named_person():
    [source] = analyse("“We will win,” he said.").sources
    assert (source.text, source.kind) == ("he", "named_person")
    [source] = analyse("They say the deal is fragile.").sources
    assert (source.text, source.kind, source.plural) == ("They", "vague", True)


# --------------------------------------------------------------------------- kinds

KINDS = [
    # body, source text, kind, affiliation, specificity, plural
    (
        "Foreign Minister Hakan Fidan said the talks failed.",
        "Foreign Minister Hakan Fidan",
        "named_person",
        None,
        4,
        False,
    ),
    (
        "John Smith, a lawyer, said the deal was illegal.",
        "John Smith, a lawyer",
        "named_person",
        None,
        4,
        False,
    ),
    (
        "Hakan Fidan, Turkey’s foreign minister, said the talks failed.",
        "Hakan Fidan, Turkey’s foreign minister",
        "named_person",
        None,
        4,
        False,
    ),
    ("Mr. King said the talks failed.", "Mr. King", "named_person", None, 4, False),
    (
        "Defense Ministry spokesman Zeki Akturk said the talks failed.",
        "Defense Ministry spokesman Zeki Akturk",
        "named_person",
        None,
        4,
        False,
    ),
    ("The ministry said the talks failed.", "The ministry", "named_organisation", None, 2, False),
    (
        "Acme Corp said in a statement that profits rose.",
        "Acme Corp",
        "named_organisation",
        "Acme Corp",
        2,
        False,
    ),
    (
        "The Bank of England said rates would rise.",
        "The Bank of England",
        "named_organisation",
        "Bank of England",
        2,
        False,
    ),
    ("According to Reuters, the talks failed.", "Reuters", "media", None, 2, False),
    ("TRT Haber reported that the deal was signed.", "TRT Haber", "media", None, 2, False),
    ("State media reported that the deal was signed.", "State media", "media", None, 2, False),
    ("The Economist reported that the deal was fragile.", "The Economist", "media", None, 2, False),
    (
        "A senior Turkish Defense Ministry source said the deal was signed.",
        "A senior Turkish Defense Ministry source",
        "anonymous",
        "Turkish Defense Ministry",
        2,
        False,
    ),
    ("Officials said the deal was signed.", "Officials", "anonymous", None, 0, True),
    (
        "Sources close to the president said the deal was signed.",
        "Sources close to the president",
        "anonymous",
        None,
        0,
        True,
    ),
    (
        "People familiar with the matter said the deal was signed.",
        "People familiar with the matter",
        "anonymous",
        None,
        0,
        True,
    ),
    (
        "A diplomat who asked not to be named said the deal was signed.",
        "A diplomat",
        "anonymous",
        None,
        0,
        False,
    ),
    (
        "A senior official said the deal was signed.",
        "A senior official",
        "anonymous",
        None,
        1,
        False,
    ),
    ("The President said the deal was signed.", "The President", "anonymous", None, 1, False),
    (
        "The Turkish foreign ministry spokesman said the deal was signed.",
        "The Turkish foreign ministry spokesman",
        "anonymous",
        "Turkish foreign ministry",
        3,
        False,
    ),
    (
        "A spokesman for the Turkish Foreign Ministry said the deal was signed.",
        "A spokesman for the Turkish Foreign Ministry",
        "anonymous",
        "Turkish Foreign Ministry",
        3,
        False,
    ),
    (
        "Officials from the Turkish Foreign Ministry said the deal was signed.",
        "Officials from the Turkish Foreign Ministry",
        "anonymous",
        "Turkish Foreign Ministry",
        2,
        True,
    ),
    ("Observers say the deal is fragile.", "Observers", "vague", None, 0, True),
    ("Analysts said the deal was fragile.", "Analysts", "vague", None, 0, True),
    ("Critics argue the deal is unfair.", "Critics", "vague", None, 0, True),
    ("Many believe the deal is unfair.", "Many", "vague", None, 0, True),
    ("Experts say the deal is fragile.", "Experts", "vague", None, 0, True),
    ("Economists say the deal is fragile.", "Economists", "vague", None, 0, True),
    ("The deal is fragile, some say.", "some", "vague", None, 0, True),
]


@pytest.mark.parametrize(
    ("body", "text", "kind", "affiliation", "specificity", "plural"),
    KINDS,
    ids=[k[0] for k in KINDS],
)
def test_kinds(body, text, kind, affiliation, specificity, plural):
    result = analyse(body)
    [source] = result.sources
    assert (source.text, source.kind, source.affiliation) == (text, kind, affiliation)
    assert (source.specificity, source.plural) == (specificity, plural)
    assert result.share_by_kind[kind] == 1.0


@pytest.mark.parametrize(
    "body",
    [
        "The deal is widely seen as a turning point.",
        "It is believed that the deal is fragile.",
        "The deal reportedly collapsed.",
        "The minister is said to be furious.",
    ],
)
def test_agentless_claims_have_no_source(body):
    result = analyse(body)
    assert result.sources == () and result.n_distinct_sources == 0
    [a] = result.attributions
    assert (a.form, a.source, a.source_id) == ("agentless", None, None)
    assert result.share_by_kind["agentless"] == 1.0 and result.share_anonymous == 0.0


def test_specificity_grades_the_identification():
    """A name 4 > a title and an organisation 3 > an organisation 2 > a rank 1 > 'a source' 0."""
    grades = [
        analyse(body).sources[0].specificity
        for body in (
            "Hakan Fidan said the deal was signed.",
            "A Turkish Defense Ministry spokesman said the deal was signed.",
            "A Turkish Defense Ministry source said the deal was signed.",
            "A senior source said the deal was signed.",
            "A source said the deal was signed.",
        )
    ]
    assert grades == [4, 3, 2, 1, 0]


# ------------------------------------------------------------ not attributions

NOT_ATTRIBUTIONS = [
    "That said, the deal is fragile.",
    "Having said that, the deal is fragile.",
    "Needless to say, the deal is fragile.",
    "The talks went according to plan.",
    "According to the plan, the troops will leave.",
    "The so-called deal collapsed.",
    "The self-described experts left.",
    "The ministry lacks sources of funding.",
    "Officials arrived in Ankara on Monday.",
    "The report was published on Monday.",
    "A call for calm went unheeded.",
    "The long-term plan is a post-conflict settlement.",
    "This bold initiative suggests Türkiye is positioning itself.",
    "The agreement states that troops will leave.",
    "The United States signed the deal.",
    "We called the office.",
    "The deal was called off.",
    "She was asked to give a presentation.",
    "The minister declined to say whether the talks failed.",
    "National Guard members, called to service by the governor, are scattered.",
    "Trump cited problems in the Middle East.",
    "Like President Obama, I believe in the good sense of the people.",
    "The reporter left the room.",
]


@pytest.mark.parametrize("body", NOT_ATTRIBUTIONS)
def test_not_attributions(body):
    result = analyse(body)
    assert result.attributions == () and result.sources == ()


# --------------------------------------------------------------------------- metrics

METRICS_ARTICLE = (
    "“We will win,” a senior official said.\n\n"
    "Hakan Fidan said the talks would resume. “The door is open,” he said.\n\n"
    "According to Reuters, the talks failed.\n\n"
    "The deal is widely seen as a turning point."
)


def test_shares_and_counts():
    result = analyse(METRICS_ARTICLE)
    kinds = [
        None if a.source_id is None else result.sources[a.source_id].kind
        for a in result.attributions
    ]
    assert kinds == ["anonymous", "named_person", "named_person", "media", None]
    assert result.share_anonymous == pytest.approx(1 / 5)
    assert result.share_by_kind == pytest.approx(
        {
            "named_person": 2 / 5,
            "named_organisation": 0.0,
            "media": 1 / 5,
            "anonymous": 1 / 5,
            "vague": 0.0,
            "agentless": 1 / 5,
        }
    )
    # Quoted words: three from the official, four from Fidan ("he").
    assert result.share_quoted_words_anonymous == pytest.approx(3 / 7)
    assert [s.n_quoted_words for s in result.sources] == [3, 4, 0]
    assert result.n_distinct_sources == 3
    assert result.n_distinct_affiliations == 2  # the media source is not a side
    assert result.relay_chains == (("Reuters", "this article"),)


def test_an_article_without_attributions_scores_zero():
    result = analyse("The deal was signed on Monday.")
    assert result.attributions == () and result.flags == ()
    assert result.share_anonymous == 0.0 and result.share_quoted_words_anonymous == 0.0
    assert result.n_distinct_sources == result.n_distinct_affiliations == 0


@pytest.mark.parametrize(
    ("body", "n_affiliations", "one_sided"),
    [
        pytest.param(
            "Turkish officials said the talks failed. "
            "The Turkish Defense Ministry said the army was ready.",
            1,
            True,
            id="one affiliation",
        ),
        pytest.param(
            "Turkish officials said the talks failed. Greek officials said the army was to blame.",
            2,
            False,
            id="two sides",
        ),
        pytest.param(
            "Turkish officials said the talks failed.", 1, False, id="one statement is no pattern"
        ),
    ],
)
def test_one_sided_or_balanced(body, n_affiliations, one_sided):
    result = analyse(body)
    assert result.n_distinct_affiliations == n_affiliations
    assert ("one_sided" in rules(result)) is one_sided


@pytest.mark.parametrize(
    ("body", "rule", "raised"),
    [
        ("A senior official said the talks failed.", "anonymity_unexplained", True),
        (
            "A senior official, who was not authorized to speak publicly, said the talks failed.",
            "anonymity_unexplained",
            False,
        ),
        (
            "Speaking on condition of anonymity, a senior official said the talks failed.",
            "anonymity_unexplained",
            False,
        ),
        (
            "A senior official said the talks failed. "
            "The official was not authorized to speak publicly.",
            "anonymity_unexplained",
            False,
        ),
        (
            "A senior official said the talks failed.\n\n"
            "The official was not authorized to speak publicly.",
            "anonymity_unexplained",
            True,
        ),
        ("Hakan Fidan said the talks failed.", "anonymity_unexplained", False),
        ("Sources said the talks failed.", "plural_sources_no_count", True),
        ("Sources close to the president said the talks failed.", "plural_sources_no_count", True),
        ("Two sources said the talks failed.", "plural_sources_no_count", False),
        ("Several sources said the talks failed.", "plural_sources_no_count", False),
        ("Officials said the talks failed.", "plural_sources_no_count", False),
        (
            "“We will win,” a senior official said. “We will lose,” Hakan Fidan said.",
            "anonymous_first_quote",
            True,
        ),
        (
            "“We will lose,” Hakan Fidan said. “We will win,” a senior official said.",
            "anonymous_first_quote",
            False,
        ),
        (
            "A senior official said the talks failed. “We will lose,” Hakan Fidan said.",
            "anonymous_first_quote",
            False,
        ),
    ],
)
def test_flags(body, rule, raised):
    assert (rule in rules(analyse(body))) is raised


def audit_sources(body: str):
    """The sources result of a full audit: the loaded analyser feeds the opinion flags."""
    audit = framing.analyze(HEAD + body)
    assert_spans_valid(audit.article, audit.sources)
    return audit.sources


@pytest.mark.parametrize(
    ("body", "rule", "raised"),
    [
        ("“This is a brotherly deal,” a senior official said.", "anonymous_opinion", True),
        ("“This is a brotherly deal,” Hakan Fidan said.", "anonymous_opinion", False),
        ("A senior official said the deal was a landmark.", "anonymous_opinion", True),
        ("Officials described the deal as a triumph.", "anonymous_opinion", True),
        ("Officials said the deal was signed on Monday.", "anonymous_opinion", False),
        (
            "“It is a landmark deal,” the minister said. The landmark deal was signed on Monday.",
            "quote_restated_as_fact",
            True,
        ),
        (
            "“It is a landmark deal,” the minister said. The deal was signed on Monday.",
            "quote_restated_as_fact",
            False,
        ),
    ],
)
def test_flags_that_read_loaded_words(body, rule, raised):
    assert (rule in rules(audit_sources(body))) is raised


def test_quote_restated_as_fact_points_at_the_writers_words():
    body = "“It is a landmark deal,” the minister said. The landmark deal was signed on Monday."
    result = audit_sources(body)
    [flag] = [f for f in result.flags if f.rule == "quote_restated_as_fact"]
    [span] = flag.spans
    assert span.text == "landmark" and span.start == len(HEAD) + body.rindex("landmark")


def test_unattributed_evaluative_sentences():
    body = "The landmark deal was signed. Officials said the landmark deal would hold."
    result = audit_sources(body)
    assert [(u["start"], u["terms"]) for u in result.unattributed_evaluative_sentences] == [
        (len(HEAD), ["landmark"])
    ]


# --------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed(seed_path):
    audit = framing.analyze(seed_path)
    assert_spans_valid(audit.article, audit.sources)
    return audit


def test_seed_relayed_ministry_source(seed):
    result = seed.sources
    told = [a for a in result.attributions if a.cue.text == "told"]
    assert told[0].source.text == "a senior Turkish Defense Ministry source"
    assert told[0].relay.text == "TRT Haber"
    source = result.sources[told[0].source_id]
    assert (source.kind, source.affiliation) == ("anonymous", "Turkish Defense Ministry")
    assert result.relay_chains[0] == (
        "a senior Turkish Defense Ministry source",
        "TRT Haber",
        "Caliber.Az",
    )
    [declared] = [a for a in result.attributions if a.cue.text == "declared"]
    assert declared.source.text == "the ministry source"
    assert declared.source_id == told[0].source_id


def test_seed_defense_officials_and_media_and_agentless(seed):
    result = seed.sources
    [described] = [a for a in result.attributions if a.cue.text == "described"]
    officials = result.sources[described.source_id]
    assert (officials.text, officials.kind, officials.plural) == (
        "Turkish defense officials",
        "anonymous",
        True,
    )
    assert described.content.text == "“a new strategic leap”"
    [according] = [a for a in result.attributions if a.form == "according_to"]
    assert (according.cue.text, according.source.text) == ("According to", "TRT Haber")
    assert result.sources[according.source_id].kind == "media"
    assert according.content.text.endswith("Khalifa Haftar")  # the credit is not the claim
    [agentless] = [a for a in result.attributions if a.form == "agentless"]
    assert agentless.cue.text == "is widely seen as"


def test_seed_byline_is_not_a_source(seed):
    byline = seed.article.byline
    assert byline is not None and byline.text == "Tamilla Hasanova"
    for a in seed.sources.attributions:
        for span in (a.cue, a.source, a.content):
            assert span is None or span.end <= byline.start or span.start >= byline.end
    assert not any("Tamilla" in s.text for s in seed.sources.sources)


def test_seed_metrics_and_flags(seed):
    result = seed.sources
    assert result.n_distinct_affiliations == 1
    assert result.share_quoted_words_anonymous == 1.0
    assert {"one_sided", "anonymous_opinion", "anonymity_unexplained"} <= rules(result)
    assert result.outlet == "Caliber.Az"


# --------------------------------------------------------------------------- robustness

HOSTILE = [
    "“We will win, said the minister. He left.",
    "He said “we will ‘win, and left.",
    "“He called it ‘a “bold” step,’” she said.",
    '"We will win," he said. "More',
    "”Backwards quotes“ said the minister.",
    "“”“”«»‘’„",
    "officials said the deal was fragile and analysts say it will fail and the minister "
    "told Reuters it is done",
    "“" + "it is a bold and brotherly plan, officials said, " * 200,
    "said said said told according to according to citing",
    ", said the minister.",
    "According to",
    "A senior official told",
    "Rep. Gwen Moore (D-Wis.) said no. Mr. (Smith) said) yes (",
    "officials said " * 500,
    "“We will win,” he said.\n\n“" * 50,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_gives_valid_spans(text):
    for raw in (text, HEAD + text):
        audit = framing.analyze(raw)
        assert_spans_valid(audit.article, audit.sources)


PIECES = [
    "said",
    "told",
    "according to",
    "reportedly",
    "is widely seen as",
    "officials",
    "a senior source",
    "Hakan Fidan",
    "Reuters",
    "the BBC",
    "he",
    "they",
    "who asked not to be named",
    "that",
    ",",
    ".",
    ":",
    "“",
    "”",
    "‘",
    "’",
    '"',
    "(",
    ")",
    "\n\n",
    "Mr.",
    "-",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map(" ".join))
def test_any_mix_of_cues_sources_and_marks_gives_valid_spans(body):
    analyse(body)
