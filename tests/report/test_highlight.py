"""The highlight module: the only place where text becomes HTML."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.report.highlight import Mark, json_script, render_spans
from tests.report.pagecheck import PAYLOADS, parse


def test_no_marks_escapes_everything():
    text = "a < b & \"c\" > 'd'\nnext"
    assert render_spans(text, 0, len(text), []) == (
        "a &lt; b &amp; &#34;c&#34; &gt; &#39;d&#39;<br>\nnext"
    )
    assert render_spans(text, 3, 3, [Mark(0, 5, "x")]) == ""


def test_nested_marks():
    text = "0123456789"
    out = render_spans(text, 0, 10, [Mark(2, 5, "inner"), Mark(0, 10, "outer")])
    assert out == '<span class="outer">01<span class="inner">234</span>56789</span>'


def test_overlapping_marks_are_split():
    text = "0123456789"
    out = render_spans(text, 0, 10, [Mark(0, 6, "a"), Mark(3, 9, "b")])
    assert out == (
        '<span class="a">012<span class="b">345</span></span><span class="b">678</span>9'
    )
    parse(out)


def test_a_split_mark_keeps_its_id_and_tab_stop_on_the_first_piece_only():
    text = "0123456789"
    marks = [
        Mark(0, 6, "a"),
        Mark(3, 9, "b", anchor="hit-1", focusable=True, describedby="hit-1-row"),
    ]
    out = render_spans(text, 0, 10, marks)
    assert out == (
        '<span class="a">012<span class="b" id="hit-1" tabindex="0" '
        'aria-describedby="hit-1-row">345</span></span><span class="b">678</span>9'
    )
    with pytest.raises(ValueError):
        Mark(0, 1, "x", anchor='x" onclick="y')
    with pytest.raises(ValueError):
        Mark(0, 1, "x", describedby="Row 1")


def test_loaded_word_in_quotation_in_attribution_with_overlapping_sentence():
    text = "He said “this is a catastrophic deal” and left. Then more."
    quote = (text.index("“"), text.index("”") + 1)
    word = (text.index("catastrophic"), text.index("catastrophic") + len("catastrophic"))
    marks = [
        Mark(0, text.index(" and"), "attribution"),
        Mark(*quote, "quote", "Quotation"),
        Mark(*word, "loaded", "Loaded: catastrophic"),
        Mark(text.index("deal"), text.index("Then") + 4, "hard", "Hard"),
    ]
    out = render_spans(text, 0, len(text), marks)
    page = parse(out)
    assert "".join(page.data) == text
    for i, classes in enumerate(page.char_classes):
        assert classes == {m.css_class for m in marks if m.start <= i < m.end}, (i, text[i])


def test_marks_at_text_start_and_end_and_clipping():
    text = "abcdef"
    out = render_spans(text, 0, 6, [Mark(0, 2, "s"), Mark(4, 6, "e")])
    assert out == '<span class="s">ab</span>cd<span class="e">ef</span>'
    # marks are clipped to the rendered stretch; marks outside it vanish
    out = render_spans(text, 1, 5, [Mark(0, 3, "s"), Mark(3, 6, "e"), Mark(5, 6, "gone")])
    assert out == '<span class="s">bc</span><span class="e">de</span>'


def test_empty_and_adjacent_marks():
    text = "abcdef"
    assert render_spans(text, 0, 6, [Mark(3, 3, "empty")]) == "abcdef"
    out = render_spans(text, 0, 6, [Mark(0, 3, "a"), Mark(3, 6, "b")])
    assert out == '<span class="a">abc</span><span class="b">def</span>'
    # the same stretch twice: the one given first is outermost
    out = render_spans(text, 0, 6, [Mark(1, 2, "x"), Mark(1, 2, "y")])
    assert out == 'a<span class="x"><span class="y">b</span></span>cdef'


def test_mark_attributes_are_escaped_and_checked():
    out = render_spans(
        "abc", 0, 3, [Mark(0, 3, 'x" onclick="alert(1)', '"><script>', (("grade", '"><b>'),))]
    )
    page = parse(out)
    ((tag, attributes),) = page.tags
    assert attributes == {
        "class": 'x" onclick="alert(1)',
        "title": '"><script>',
        "data-grade": '"><b>',
    }
    with pytest.raises(ValueError):
        Mark(0, 1, "x", data=(('a" onclick="x', "1"),))
    with pytest.raises(ValueError):
        Mark(3, 1, "x")
    with pytest.raises(ValueError):
        render_spans("abc", 0, 4, [])


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="ab<>&\"' \n", min_size=0, max_size=30),
    raw=st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from("pqrs")), max_size=8
    ),
    window=st.tuples(st.integers(0, 30), st.integers(0, 30)),
)
def test_any_marks_give_well_formed_html(text, raw, window):
    start, end = sorted(min(w, len(text)) for w in window)
    marks = [
        Mark(min(a, b), max(a, b), f"{cls}{i}", anchor=f"m{i}", focusable=True)
        for i, (a, b, cls) in enumerate(raw)
    ]
    out = render_spans(text, start, end, marks)
    page = parse(out)
    assert "".join(page.data) == text[start:end]
    assert len(page.char_classes) == end - start
    for offset, classes in enumerate(page.char_classes):
        i = start + offset
        assert classes == {m.css_class for m in marks if m.start <= i < m.end}
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))  # an id once, however often its mark is split


@pytest.mark.parametrize("payload", [*PAYLOADS, "</SCRIPT >", "<!-- -->", "\u2028\u2029", "&"])
def test_json_script_cannot_be_broken_out_of(payload):
    data = {"text": f"a {payload} b", "nested": [payload, {"k": payload}]}
    block = json_script(data, "audit-data")
    opening = '<script type="application/json" id="audit-data">'
    assert block.startswith(opening) and block.endswith("</script>")
    inner = block[len(opening) : -len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert "\u2028" not in inner and "\u2029" not in inner
    assert json.loads(inner) == data
    page = parse(f"<div>{block}</div>")
    assert [t for t, _ in page.tags] == ["div", "script"]
    with pytest.raises(ValueError):
        json_script(data, 'x"><script>')
