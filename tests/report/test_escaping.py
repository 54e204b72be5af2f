"""Hostile text in every place it can enter the report never becomes markup.

The payloads (<script>alert(1)</script>, "><img src=x onerror=alert(1)>,
</script><script>, {{ 7*7 }}, javascript: URLs, <!--) are planted in the article
body, headline, byline, outlet, date and URL, in the file name, and in a user
lexicon's category name, note and neutral alternative.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import framing
from framing.report import render_html
from framing.report.view import shareable
from tests.report.pagecheck import (
    HOSTILE_NAME,
    HOSTILE_WORD,
    PAYLOADS,
    data_block,
    hostile_audit,
    hostile_files,
    parse,
)

ROOT = Path(__file__).resolve().parents[2]
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "srcset", "poster"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    audit, path, lexicon = hostile_audit(directory)
    html = render_html(audit)
    return audit, path, lexicon, html


def assert_inert(html: str):
    """No element, attribute or URL that could run code or load anything."""
    page = parse(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"img", "iframe", "object", "embed", "link", "base", "form", "image"}
    assert page.attrs("script") == [{"type": "application/json", "id": "audit-data"}]
    for tag, attributes in page.tags:
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            if name in URL_ATTRIBUTES:
                assert value.startswith("#"), (tag, name, value)
            if name == "style":
                assert re.fullmatch(r"(min-)?width: [0-9.]+(%|px)", value), value
    assert "<!--" not in html  # no comment can open, in the text or the data block
    assert not re.search(r'(src|href)="(https?:)?//', html)
    # the data block ends at its own </script>, and holds the data, whole
    data = json.loads(data_block(html))
    assert data["schema_version"] == 1
    return page, data


def test_hostile_text_is_never_markup(hostile):
    audit, path, lexicon, html = hostile
    page, data = assert_inert(html)
    assert data == json.loads(json.dumps(shareable(audit.to_dict())))
    text = page.all_text()
    for payload in PAYLOADS:
        # the literal text survives: headline, paragraphs, byline, outlet, date,
        # and the lexicon's name, note and neutral alternative in the tables
        assert text.count(payload) >= 8, payload
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/script&gt;&lt;script&gt;" in html
    assert "&lt;!--" in html


def test_each_place_holds_the_literal_payloads(hostile):
    audit, path, lexicon, html = hostile
    page = parse(html)
    body = " ".join(PAYLOADS)
    h1 = re.search(r'<h1 id="headline">(.*?)</h1>', html, re.S).group(1)
    assert body in re.sub(r"<[^>]+>", "", h1).replace("&lt;", "<").replace("&gt;", ">").replace(
        "&#34;", '"'
    ).replace("&#39;", "'").replace("&amp;", "&")
    title = html[html.index("<title>") + len("<title>") : html.index("</title>")]
    assert "<" not in title and "&lt;script&gt;" in title
    for element in ("p0", "p1"):
        assert "{{ 7*7 }}" in page.text_of(element) and "49" not in page.text_of(element)
    byline = re.search(r'<p class="byline">(.*?)</p>', html, re.S).group(1)
    assert "<script" not in byline and "&lt;script&gt;" in byline
    facts = page.text_of("headline") + page.all_text()
    assert path.name in facts  # the file name, escaped; never the folder
    assert str(path.parent) not in html
    assert str(lexicon.parent) not in html  # the user lexicon's rule: file name only
    assert f"{lexicon.name}:" in page.text_of("hits-table")
    # the lexicon note and neutral alternative, in the tooltip and the tables
    hits = [a for tag, a in page.tags if tag == "span" and "loaded" in a.get("class", "")]
    planted = [a for a in hits if HOSTILE_WORD in a.get("data-tip", "")]
    assert planted, "the user lexicon's entry fired"
    for a in planted:
        assert f"Note {body}" in a["data-tip"]
        assert f"Neutral alternative: javascript:alert(1) {body}" in a["data-tip"]
    assert f"Note {body}" in page.text_of("terms-table")
    assert f"Hostile {body}" in page.text_of("loaded-categories")
    # the URL is text, never a link
    assert not any((a.get("href") or "").startswith("javascript") for a in page.attrs("a"))
    assert "javascript:alert(1)" in page.all_text()


def test_hostile_file_name_through_the_cli(tmp_path):
    article, lexicon = hostile_files(tmp_path)
    out = tmp_path / f"{HOSTILE_NAME}.html"
    done = subprocess.run(
        [sys.executable, "-m", "framing", "audit", str(article), "--lexicon", str(lexicon),
         "--html", str(out), "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    page, data = assert_inert(html)
    assert data["article"]["meta"]["source"] == article.name
    assert article.name in page.all_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_template_syntax_in_text_is_not_evaluated():
    html = render_html(
        framing.analyze(
            "{{ 7*7 }} {% if true %}yes{% endif %} {# no #} ${7*7} #{7*7}\n\n"
            "{{ config }} {{ self.__init__.__globals__ }}"
        )
    )
    page = parse(html)
    text = page.text_of("headline") + page.text_of("p0") + page.text_of("p1")
    for literal in ("{{ 7*7 }}", "{% if true %}yes{% endif %}", "{# no #}", "{{ config }}",
                    "{{ self.__init__.__globals__ }}"):
        assert literal in text
    assert "49" not in text
