import pytest

from framing import load_article
from framing.segment import find_quotations, paragraph_spans, tokens


def quotes(text):
    """(depth, closed, text) of every quotation, in order."""
    article = load_article(text)
    return [(q.depth, q.closed, q.text) for q in article.quotations]


def test_blank_lines_separate_paragraphs_and_single_newlines_wrap():
    text = "First line\nstill first.\n\nSecond one.\n \nThird."
    spans = paragraph_spans(text)
    assert [text[a:b] for a, b in spans] == ["First line\nstill first.", "Second one.", "Third."]


def test_without_blank_lines_each_line_is_a_paragraph():
    text = "One.\nTwo.\n\tThree.  \n"
    assert [text[a:b] for a, b in paragraph_spans(text)] == ["One.", "Two.", "Three."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Gen. Khalifa Haftar met Lt. Col. Ahmed in Benghazi.",
        "The U.S. and the U.N. disagreed on Jan. 5 about it.",
        "Dr. Smith of Acme Inc. said so at 5 p.m. on Monday.",
    ],
)
def test_abbreviations_do_not_end_sentences(sentence):
    article = load_article(f"{sentence} A second sentence follows here.")
    assert [s.text for s in article.paragraphs[0].sentences] == [
        sentence,
        "A second sentence follows here.",
    ]


def test_tokens_keep_apostrophes_and_decimals_and_split_hyphens():
    text = "Libya’s war-torn 1.13bn don't"
    assert [t.text for t in tokens(text, 0, len(text))] == [
        "Libya’s",
        "war",
        "-",
        "torn",
        "1.13bn",
        "don't",
    ]
    assert tokens(text, 0, 7)[0].norm == "libya's"
    assert [t.is_word for t in tokens(text, 8, 16)] == [True, False, True]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" today.', [(0, True, '"we will win"')]),
        ("He said “we will win” today.", [(0, True, "“we will win”")]),
        ("He said ‘we will win’ today.", [(0, True, "‘we will win’")]),
        ("Il a dit « nous gagnerons » hier.", [(0, True, "« nous gagnerons »")]),
        (
            "“Call it ‘East’ no more,” he said.",
            [(0, True, "“Call it ‘East’ no more,”"), (1, True, "‘East’")],
        ),
    ],
)
def test_quotation_marks_of_each_kind(text, expected):
    assert quotes(text) == expected


def test_apostrophes_are_not_quotation_marks():
    assert quotes("It’s Libya’s time, and the dogs’ bowls are full.") == []


def test_quote_reopened_on_the_next_paragraph_is_one_quotation():
    text = "Intro line here.\n\n“First part of the speech.\n\n“Second part,” she said."
    [(depth, closed, quoted)] = quotes(text)
    assert closed and quoted == "“First part of the speech.\n\n“Second part,”"


def test_quote_closed_in_the_next_paragraph_runs_over_the_break():
    text = "Intro line here.\n\n“First part.\n\nSecond part,” she said."
    assert quotes(text) == [(0, True, "“First part.\n\nSecond part,”")]


def test_unbalanced_quote_ends_with_its_paragraph():
    text = "Intro line here.\n\nHe said “this never closes.\n\nA new paragraph starts."
    assert quotes(text) == [(0, False, "“this never closes.")]


def test_stray_closing_marks_and_hostile_runs_do_not_crash():
    text = '”” ’’ » " ' * 2000 + "\n“" * 500
    article = load_article("Headline words\n\n" + text)
    for q in article.quotations:
        assert article.text[q.start : q.end] == q.text


def test_find_quotations_over_no_blocks():
    assert find_quotations("anything", []) == ()


def test_nesting_deeper_than_three_is_not_read_as_quotations():
    article = load_article("Headline words\n\n" + "“‘«" * 50 + " text")
    assert len(article.quotations) == 3
    assert max(q.depth for q in article.quotations) == 2
