"""The HTML report: structure, escaping, highlighting, atomic writes, determinism."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.document import Span
from framing.report import render_html, write_html
from framing.report.highlight import Mark, render_spans, trusted_svg
from framing.report.html import ReportView, build_view

ROOT = Path(__file__).resolve().parents[2]
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>",
    "{{ 7*7 }}",
    "javascript:alert(1)",
)


class Page(HTMLParser):
    """Parses a page, checks tag balance and collects tags, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text: dict[str, list[str]] = {}  # id of the nearest element with an id -> text
        self.ids: list[str | None] = []
        self.classes: list[list[str]] = []  # class stack per open element
        self.char_classes: list[frozenset[str]] = []  # per character of text data
        self.data: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in VOID:
            return
        self.stack.append(tag)
        self.ids.append(attributes.get("id") or (self.ids[-1] if self.ids else None))
        self.classes.append((attributes.get("class") or "").split())

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        self.ids.pop()
        self.classes.pop()

    def handle_data(self, data):
        self.data.append(data)
        if self.ids and self.ids[-1]:
            self.text.setdefault(self.ids[-1], []).append(data)
        active = frozenset(c for cs in self.classes for c in cs)
        self.char_classes.extend([active] * len(data))

    def text_of(self, element_id: str) -> str:
        return "".join(self.text.get(element_id, []))


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert not page.errors, page.errors
    assert not page.stack, f"unclosed: {page.stack}"
    return page


@pytest.fixture(scope="module")
def seed_audit(seed_path):
    return framing.analyze(seed_path)


@pytest.fixture(scope="module")
def seed_html(seed_audit):
    return render_html(seed_audit)


# --------------------------------------------------------------------------- the seed page


def test_seed_page_structure(seed_audit, seed_html):
    page = parse(seed_html)
    h1 = [i for i, (tag, _) in enumerate(page.tags) if tag == "h1"]
    assert len(h1) == 1
    headline = "Media: Türkiye takes bold step toward Libyan unity with new defence pact"
    h1_html = re.search(r"<h1>(.*?)</h1>", seed_html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", h1_html) == headline
    assert 'class="headline pos" title="Headline tone +0.46 (VADER compound)"' in h1_html
    assert '<p class="byline">By Tamilla Hasanova</p>' in seed_html
    paragraphs = [a["id"] for tag, a in page.tags if tag == "p" and a.get("id", "").startswith("p")]
    assert paragraphs == [f"p{i}" for i in range(11)]
    for i, p in enumerate(seed_audit.article.paragraphs):
        # margin number first, then exactly the paragraph's text
        assert page.text_of(f"p{i}") == f"{i + 1}{p.text}"
    assert "Tamilla" not in "".join(page.text_of(f"p{i}") for i in range(11))


def test_seed_page_chart_and_tables(seed_audit, seed_html):
    page = parse(seed_html)
    svgs = [a for tag, a in page.tags if tag == "svg"]
    assert len(svgs) == 1
    assert svgs[0]["role"] == "img" and "paragraph" in svgs[0]["aria-label"]
    assert seed_html.count("<svg") == 1
    captions = seed_html.count("<caption")
    assert captions == 3 == seed_html.count("<table")
    assert all(a.get("scope") in ("col", "row") for tag, a in page.tags if tag == "th")
    # the tone table has the same numbers as the chart
    for p in seed_audit.sentiment.paragraphs:
        assert (
            f'<a href="#p{p.index}">¶ {p.index + 1}</a></th><td>{p.n_words}</td>'
            f'<td class="score">{p.compound:+.2f}</td>' in seed_html
        )
    # every readability formula is a tooltip
    for formula in seed_audit.readability.to_dict()["formulas"].values():
        assert any(tag == "abbr" and formula in a.get("title", "") for tag, a in page.tags)
    # one metrics row and one counts row for the article and for each paragraph
    rows = [a for tag, a in page.tags if tag == "tr"]
    assert len(rows) == (1 + 1 + 11 + 1) + 2 * (1 + 1 + 11)


def test_seed_page_marks(seed_audit, seed_html):
    page = parse(seed_html)
    d = seed_audit.to_dict()
    spans = [a for tag, a in page.tags if tag == "span"]
    sentences = {
        a["data-sentence"]: float(a["data-compound"]) for a in spans if "data-sentence" in a
    }
    assert sentences == {
        str(s["index"]): pytest.approx(s["compound"], abs=1e-4) for s in d["sentiment"]["sentences"]
    }
    hard = {a["data-grade"] for a in spans if "data-grade" in a}
    assert hard == {f"{h['grade']:.1f}" for h in d["readability"]["hard_sentences"]}
    assert len(d["readability"]["hard_sentences"]) > 0
    chars = zip("".join(page.data), page.char_classes, strict=True)
    quoted = "".join(ch for ch, cls in chars if "quote" in cls)
    for q in d["article"]["quotations"]:
        if q["depth"] == 0:
            assert d["article"]["text"][q["start"] : q["end"]] in quoted
    assert "“It’s time to stop calling Libya ‘East’ and ‘West.’" in quoted


def test_seed_page_is_self_contained(seed_html):
    page = parse(seed_html)
    csp = [
        a["content"]
        for tag, a in page.tags
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(csp) == 1
    assert "default-src 'none'" in csp[0] and "script-src 'none'" in csp[0]
    assert "http://" not in seed_html and "https://" not in seed_html
    assert "src=" not in seed_html.lower()
    assert "<script" not in seed_html.lower() and "<link" not in seed_html.lower()
    assert "@import" not in seed_html
    for _, attributes in page.tags:
        for name, value in attributes.items():
            assert not name.startswith("on")
            if name in ("href", "xlink:href"):
                assert value.startswith("#"), value
    assert all(ref.startswith("#") for ref in re.findall(r"url\(([^)]*)\)", seed_html))
    style = seed_html[seed_html.index("<style>") : seed_html.index("</style>")]
    assert ":root" in style and "@media print" in style and "system-ui" in style


def test_seed_header_facts(seed_html):
    page = parse(seed_html)
    text = "".join(page.data)
    assert "turkiye-libya-defence-pact.txt" in text
    assert f"framing {framing.__version__}" in text
    assert "Reading time" in text and "Words" in text
    assert "/work/" not in seed_html  # only the file name, never the path


@pytest.mark.parametrize(
    "text",
    [
        "One plain sentence.",
        "A. B. C.\n\n“An unclosed quotation runs\n\nover a paragraph break.",
        "x",
    ],
)
def test_small_articles_render(text):
    audit = framing.analyze(text)
    html = render_html(audit)
    page = parse(html)
    assert "<h1>Untitled article</h1>" in html and "<title>Untitled article" in html
    ids = [a["id"] for tag, a in page.tags if tag == "p" and "id" in a]
    assert ids == [f"p{i}" for i in range(len(audit.article.paragraphs))]
    assert html.count("<svg") == 1
    if not audit.readability.to_dict()["hard_sentences"]:
        assert "None: every sentence is at or below grade" in html


def test_view_model_is_plain_dataclasses(seed_audit):
    view = build_view(seed_audit.to_dict())
    assert isinstance(view, ReportView)
    assert dataclasses.is_dataclass(view)
    assert [p.anchor for p in view.paragraphs] == [f"p{i}" for i in range(11)]
    # the page depends on the serialised results only: the dict (even round-tripped
    # through JSON) renders the same page as the Audit
    data = json.loads(seed_audit.to_json())
    assert render_html(data) == render_html(seed_audit)


def test_rendering_is_deterministic(seed_path, seed_html):
    assert render_html(framing.analyze(seed_path)) == seed_html


def test_rendering_is_deterministic_across_processes_without_pyplot(seed_path, seed_html, tmp_path):
    out = tmp_path / "other.html"
    code = (
        "import pathlib, sys, framing; from framing.report import write_html; "
        "write_html(framing.analyze(pathlib.Path(sys.argv[1])), sys.argv[2]); "
        "assert 'matplotlib.pyplot' not in sys.modules"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(seed_path), str(out)],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "123"},
    )
    assert out.read_text(encoding="utf-8") == seed_html


# --------------------------------------------------------------------------- escaping


def hostile_audit(tmp_path: Path):
    body = " ".join(PAYLOADS)
    record = {
        "title": "Headline " + body,
        "text": f"First {body} sentence.\n\nSecond “quoted {body}” line.\nNew line {body}.",
        "outlet": body,
        "url": "javascript:alert(1)",
        "date": body,
    }
    path = tmp_path / '"><img src=x onerror=alert(1)><script>alert(1)<.json'
    path.write_text(json.dumps(record), encoding="utf-8")
    article = framing.load_article(path)
    # The ingest only takes names as a byline, so point one at hostile text here.
    text = article.text + "\n\nBy " + body
    start = len(article.text) + len("\n\nBy ")
    article = dataclasses.replace(article, text=text, byline=Span(start, len(text), body))
    return framing.analyze(article), path


def test_hostile_text_is_never_markup(tmp_path):
    audit, path = hostile_audit(tmp_path)
    html = render_html(audit)
    page = parse(html)
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags and "img" not in tags
    for tag, attributes in page.tags:
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in (value or ""), (tag, name, value)
    for payload in PAYLOADS:
        # the literal text survives, in the headline, the body and the byline
        text = "".join(page.data)
        assert text.count(payload) >= 3 + len(audit.article.paragraphs)
    for element in ("p0", "p1"):
        assert "{{ 7*7 }}" in page.text_of(element) and "49" not in page.text_of(element)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/script&gt;&lt;script&gt;" in html
    assert "line.</span><br>\n<span" in html  # a newline inside a paragraph
    # the file name, outlet, date and URL: escaped text, the URL never a link
    assert path.name in "".join(page.data)
    assert "https://" not in html and "http://" not in html
    assert not any(a.get("href", "#").startswith("javascript") for _, a in page.tags)


def test_hostile_headline_in_title(tmp_path):
    audit, _ = hostile_audit(tmp_path)
    html = render_html(audit)
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<script" not in title[len("<title>") :] and "&lt;script&gt;" in title


# --------------------------------------------------------------------------- highlight


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
    marks = [Mark(min(a, b), max(a, b), f"{cls}{i}") for i, (a, b, cls) in enumerate(raw)]
    out = render_spans(text, start, end, marks)
    page = parse(out)
    assert "".join(page.data) == text[start:end]
    rendered = [c for c in text[start:end]]
    assert len(page.char_classes) == len(rendered)
    for offset, classes in enumerate(page.char_classes):
        i = start + offset
        assert classes == {m.css_class for m in marks if m.start <= i < m.end}


def test_trusted_svg_checks_its_input():
    assert trusted_svg('<svg viewBox="0 0 1 1"></svg>').startswith("<svg")
    for bad in (
        "<svg><script>alert(1)</script></svg>",
        '<svg onload="x"></svg>',
        '<svg><image href="https://example.org/x.png"/></svg>',
        "<div></div>",
        "<svg><foreignObject></foreignObject></svg>",
    ):
        with pytest.raises(ValueError):
            trusted_svg(bad)


# --------------------------------------------------------------------------- writing


def test_write_html_writes_the_page(seed_audit, seed_html, tmp_path):
    target = tmp_path / "audit.html"
    assert write_html(seed_audit, target) == target
    assert target.read_text(encoding="utf-8") == seed_html
    assert os.listdir(tmp_path) == ["audit.html"]
    write_html(seed_audit, str(target))  # overwrite, from a str path
    assert os.listdir(tmp_path) == ["audit.html"]
    nested = tmp_path / "reports" / "2025" / "audit.html"
    write_html(seed_audit, nested)  # missing directories are made
    assert nested.read_text(encoding="utf-8") == seed_html


@pytest.mark.parametrize("fail_in", ["fsync", "replace"])
def test_write_html_is_atomic(seed_audit, tmp_path, monkeypatch, fail_in):
    target = tmp_path / "audit.html"

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, fail_in, boom)
    with pytest.raises(OSError, match="disk full"):
        write_html(seed_audit, target)
    assert os.listdir(tmp_path) == []  # absent, and no temporary file left behind
    monkeypatch.undo()
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(os, fail_in, boom)
    with pytest.raises(OSError):
        write_html(seed_audit, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["audit.html"]


# --------------------------------------------------------------------------- house rules


def test_house_rules_in_the_source():
    package = ROOT / "framing"
    for path in package.rglob("*"):
        if path.suffix not in (".py", ".j2", ".css") or "__pycache__" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"matplotlib\.pyplot|import\s+pyplot", source), path
        if path.name != "highlight.py":
            assert "Markup(" not in source, path
            assert not re.search(r"\|\s*safe\b", source), path
    template = (package / "report" / "templates" / "report.html.j2").read_text(encoding="utf-8")
    assert "http://" not in template and "https://" not in template
