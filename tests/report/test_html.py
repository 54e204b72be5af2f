"""The HTML report: structure, sections, marks, links, self-containment, atomic writes,
determinism. Escaping is in test_escaping.py, the gold file in test_gold.py."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import framing
from framing.report import render_html, write_html
from framing.report.html import ReportView, build_view, render_view
from tests.report.pagecheck import data_block, parse

ROOT = Path(__file__).resolve().parents[2]
HEADLINE = "Media: Türkiye takes bold step toward Libyan unity with new defence pact"


@pytest.fixture(scope="module")
def seed_audit(seed_path):
    return framing.analyze(seed_path)


@pytest.fixture(scope="module")
def seed_data(seed_audit):
    return seed_audit.to_dict()


@pytest.fixture(scope="module")
def seed_html(seed_audit):
    return render_html(seed_audit)


@pytest.fixture(scope="module")
def seed_page(seed_html):
    return parse(seed_html)


# --------------------------------------------------------------------------- sections


def test_seed_page_has_every_section_in_order(seed_page):
    h2 = [page_id for tag, a in seed_page.tags if tag == "h2" for page_id in [a.get("id")]]
    assert h2 == [
        "scorecard-heading",
        "findings-heading",
        "article-heading",
        "tone-heading",
        "readability-heading",
        "sources-heading",
        "loaded-heading",
        "method-heading",
    ]
    sections = [a["id"] for tag, a in seed_page.tags if tag == "section"]
    hrefs = [a["href"] for tag, a in seed_page.tags if tag == "a"]
    start = hrefs.index("#scorecard")
    assert hrefs[start : start + len(sections)] == [f"#{s}" for s in sections]  # the nav
    assert len([t for t, _ in seed_page.tags if t == "h1"]) == 1
    assert len([t for t, _ in seed_page.tags if t == "main"]) == 1


def test_seed_header(seed_audit, seed_html, seed_page):
    h1_html = re.search(r'<h1 id="headline">(.*?)</h1>', seed_html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", h1_html) == HEADLINE
    assert 'class="headline pos"' in h1_html
    assert re.search(r'<span class="loaded cat-\d+ w2" id="hit-0"[^>]*>bold</span>', h1_html)
    assert '<p class="byline">By Tamilla Hasanova</p>' in seed_html
    header = seed_page.all_text()
    for label, value in (
        ("Source file", "turkiye-libya-defence-pact.txt"),
        ("Outlet", "Caliber.Az (credited in the text)"),
        ("Words", str(seed_audit.article.n_words)),
        ("Toolkit", f"framing {framing.__version__}"),
        ("Lexicon", seed_audit.loaded.to_dict()["lexicon"]["version"]),
    ):
        assert label in header and value in header, (label, value)
    assert "Reading time" in header
    assert "/work/" not in seed_html  # only the file name, never the path


def test_seed_paragraphs_are_the_article(seed_audit, seed_page):
    paragraphs = [
        a["id"]
        for tag, a in seed_page.tags
        if tag == "p" and re.fullmatch(r"p\d+", a.get("id", ""))
    ]
    assert paragraphs == [f"p{i}" for i in range(11)]
    for i, p in enumerate(seed_audit.article.paragraphs):
        # margin number first, then exactly the paragraph's text (marks add no text)
        assert seed_page.text_of(f"p{i}") == f"{i + 1}{p.text}"
    assert "Tamilla" not in "".join(seed_page.text_of(f"p{i}") for i in range(11))


def test_scorecard(seed_data, seed_html):
    view = build_view(seed_data)
    keys = [c.key for c in view.scorecard]
    assert keys == [
        "loaded-density", "loaded-intensity", "unnamed-sources", "voice-tone", "readability"
    ]
    loaded = seed_data["loaded"]
    density, intensity = view.scorecard[0], view.scorecard[1]
    assert density.value == f"{loaded['per_1000_words']['all']:.1f}"
    assert intensity.value == f"{loaded['weighted_intensity']['all']:.1f}"
    grade = seed_data["readability"]["article"]["flesch_kincaid_grade"]
    assert view.scorecard[4].value == f"{grade:.1f}"
    share = seed_data["sources"]["share_by_kind"]
    assert view.scorecard[2].value == f"{100 * (share['anonymous'] + share['vague']):.0f}%"
    for card in view.scorecard:
        # a sentence for every score; no baseline yet, and the page says so plainly
        assert card.sentence.endswith(".") and len(card.sentence) > 40
        assert card.baseline_percentile is None
        assert card.baseline_text.startswith("No baseline loaded")
    assert seed_html.count("No baseline loaded: this score is not compared") == 5
    assert "<strong>No baseline loaded</strong>" in seed_html


def test_key_findings_name_the_seed_problems(seed_data):
    view = build_view(seed_data)
    texts = [f.text for f in view.findings]
    joined = "\n".join(texts)
    assert "Every statement attributed to a person comes from an unnamed source" in joined
    assert "“Turkish defense officials”" in joined
    assert "The headline uses “bold” (puffery and praise), which the body attributes to no one" in (
        joined
    )
    assert "The quotations reach the reader second-hand" in joined
    assert "All 5 attributed statements come from one side" in joined
    # every finding is a plain sentence with evidence on the page
    for f in view.findings:
        assert f.text[-1] in ".)", f.text
    assert sum(1 for f in view.findings if f.links) >= len(view.findings) - 1


def test_every_link_stays_on_the_page_and_resolves(seed_page):
    ids = seed_page.id_set()
    hrefs = [a["href"] for tag, a in seed_page.tags if tag == "a"]
    assert hrefs
    for href in hrefs:
        assert href.startswith("#") and href[1:] in ids, href
    for _, a in seed_page.tags:
        for name in ("aria-describedby", "aria-labelledby"):
            for ref in (a.get(name) or "").split():
                assert ref in ids, (name, ref)


def test_ids_are_unique(seed_page):
    ids = [a["id"] for _, a in seed_page.tags if a.get("id")]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- marks


def test_every_loaded_hit_is_marked_and_explained(seed_data, seed_page):
    hits = seed_data["loaded"]["hits"]
    assert hits
    spans = {a["id"]: a for tag, a in seed_page.tags if tag == "span" and a.get("id")}
    rows = {a["id"] for tag, a in seed_page.tags if tag == "tr" and a.get("id")}
    for i, h in enumerate(hits):
        mark = spans[f"hit-{i}"]
        assert "loaded" in mark["class"].split()
        assert mark["tabindex"] == "0"  # keyboard focus shows the explanation
        assert mark["aria-describedby"] == f"hit-{i}-row" and f"hit-{i}-row" in rows
        tip = mark["data-tip"]
        assert h["note"] in tip and h["rule"] in tip
        if h.get("neutral"):
            assert f"Neutral alternative: {h['neutral']}" in tip
        assert re.fullmatch(r"[A-Z]{2}\d*", mark["data-code"])  # the cue that is not colour
        assert ("negated" in mark["class"].split()) == h["negated"]


def test_sources_cues_and_quotes_are_marked(seed_data, seed_page):
    spans = [a for tag, a in seed_page.tags if tag == "span"]
    classes = [set(a.get("class", "").split()) for a in spans]
    src = seed_data["sources"]
    for s in src["sources"]:
        mark = next(a for a in spans if a.get("id") == f"source-{s['id']}")
        assert f"kind-{s['kind']}" in mark["class"]
        assert mark["tabindex"] == "0"
        assert mark["aria-describedby"] == f"source-{s['id']}-row"
    assert any({"source", "kind-anonymous"} <= c for c in classes)
    cues = [a for a in spans if "cue" in a.get("class", "").split() and "data-tip" in a]
    assert {a["data-tip"].split("”")[0].split("“")[1] for a in cues} >= {
        a["cue"]["text"] for a in src["attributions"]
    }
    attributions = {a["id"] for a in spans if "attribution" in a.get("class", "").split()
                    and a.get("id")}
    assert attributions == {f"attr-{i}" for i in range(len(src["attributions"]))}
    speakers = {a.get("data-speaker") for a in spans if "quote" in a.get("class", "").split()}
    assert {str(s["id"]) for s in src["sources"] if s["n_quoted_words"]} <= speakers


def test_overlapping_marks_in_the_seed(seed_audit, seed_page):
    # "brotherly nations" is loaded, inside a quotation, inside the attribution
    # to an anonymous source.
    text = seed_page.all_text()
    start = text.index("brotherly nations")
    for ch in range(start, start + len("brotherly nations")):
        classes = seed_page.char_classes[ch]
        assert {"loaded", "quote", "attribution", "sentence"} <= classes, (ch, classes)
    quoted = "".join(
        ch for ch, cls in zip(text, seed_page.char_classes, strict=True) if "quote" in cls
    )
    assert "“It’s time to stop calling Libya ‘East’ and ‘West.’" in quoted


def test_loaded_word_inside_a_quote_inside_an_attribution():
    text = (
        "Rival plans\n"
        "The minister said “this catastrophic, disgraceful deal is a betrayal” on Monday, "
        "according to Reuters. Critics claimed it was a bold and historic blunder."
    )
    audit = framing.analyze(text)
    html = render_html(audit)
    page = parse(html)  # well-formed, every span closed in order
    body = page.text_of("p0")
    assert body == "1" + audit.article.paragraphs[0].text
    d = audit.to_dict()
    assert d["loaded"]["hits"] and d["sources"]["attributions"]
    chars = page.all_text()
    word = chars.index("catastrophic")
    assert {"loaded", "quote", "attribution"} <= page.char_classes[word]
    ids = [a["id"] for _, a in page.tags if a.get("id", "").startswith("hit-")]
    assert len(ids) == len(set(ids))


def test_layers_are_css_only_toggles(seed_html, seed_page):
    inputs = {a["id"]: a for tag, a in seed_page.tags if tag == "input"}
    assert set(inputs) == {
        "layer-loaded", "layer-sources", "layer-quotes", "layer-unattributed", "layer-tone",
        "layer-hard",
    }
    assert all(a["type"] == "checkbox" for a in inputs.values())
    assert {k for k, a in inputs.items() if "checked" in a} == {
        "layer-loaded", "layer-sources", "layer-quotes"
    }
    labels = {a["for"] for tag, a in seed_page.tags if tag == "label"}
    assert labels == set(inputs)
    style = seed_html[seed_html.index("<style>") : seed_html.index("</style>")]
    for layer in inputs:
        assert f"#{layer}:" in style, layer
    assert "<script>" not in seed_html and "<script " not in seed_html.replace(
        '<script type="application/json" id="audit-data">', ""
    )


# --------------------------------------------------------------------------- charts, tables


def test_charts_are_inline_svg_with_a_name_and_a_table(seed_page, seed_html):
    svgs = seed_page.attrs("svg")
    assert len(svgs) == 3
    ids = seed_page.id_set()
    for svg in svgs:
        assert svg["role"] == "img"
        title, desc = svg["aria-labelledby"].split()
        assert title in ids and desc in ids
        assert seed_page.text_of(desc).endswith("same numbers.")
    for table in ("tone-table", "metrics-table", "loaded-paragraph-table"):
        assert table in ids
    assert seed_html.count("<table") == seed_html.count("<caption")
    assert all(a.get("scope") in ("col", "row") for a in seed_page.attrs("th"))
    assert len([a for tag, a in seed_page.tags if tag == "rect"]) > 20


def test_tone_table_has_the_chart_numbers(seed_audit, seed_html):
    for p in seed_audit.sentiment.paragraphs:
        assert (
            f'<a href="#p{p.index}">¶ {p.index + 1}</a></th><td>{p.n_words}</td>'
            f'<td class="score">{p.compound:+.2f}</td>' in seed_html
        )


def test_sources_and_terms_tables(seed_data, seed_page):
    src = seed_data["sources"]
    rows = [a for tag, a in seed_page.tags if tag == "tr" and a.get("id", "").startswith("source-")]
    assert len(rows) == len(src["sources"])
    text = seed_page.all_text()
    for flag in src["flags"]:
        assert flag["message"] in text
        for cite in flag["cites"]:
            assert cite in text
    assert "a senior Turkish Defense Ministry source → TRT Haber → Caliber.Az" in text
    terms = seed_page.text_of("terms-table")
    for h in seed_data["loaded"]["hits"]:
        assert h["text"].lower() in terms
    for c in seed_data["loaded"]["lexicon"]["categories"]:
        assert c["name"] in seed_page.text_of("loaded-categories")


def test_method_section(seed_data, seed_page):
    text = seed_page.text_of("method")
    assert "Limitations" in text and "No baseline is loaded" in text
    assert seed_data["loaded"]["lexicon"]["version"] in text
    for formula in seed_data["loaded"]["formulas"].values():
        assert formula in text


# --------------------------------------------------------------------------- self-contained


def test_seed_page_is_self_contained(seed_html, seed_page):
    csp = [
        a["content"]
        for tag, a in seed_page.tags
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(csp) == 1
    for directive in ("default-src 'none'", "script-src 'none'", "connect-src 'none'",
                      "base-uri 'none'", "form-action 'none'"):
        assert directive in csp[0]
    assert not re.search(r'(src|href)="(https?:)?//', seed_html)  # the acceptance grep
    assert "http://" not in seed_html and "https://" not in seed_html
    assert not re.search(r"\ssrc=", seed_html)
    assert "<link" not in seed_html.lower() and "@import" not in seed_html
    assert "url(" not in seed_html
    for _, attributes in seed_page.tags:
        for name in attributes:
            assert not name.startswith("on")
    scripts = seed_page.attrs("script")
    assert scripts == [{"type": "application/json", "id": "audit-data"}]
    style = seed_html[seed_html.index("<style>") : seed_html.index("</style>")]
    assert ":root" in style and "@media print" in style and "system-ui" in style
    assert "@media (max-width: 30rem)" in style
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in seed_html


def test_embedded_results_are_the_shareable_audit(seed_audit, seed_html):
    data = json.loads(data_block(seed_html))
    expected = seed_audit.to_dict()
    expected["article"]["meta"]["source"] = "turkiye-libya-defence-pact.txt"
    assert data == json.loads(json.dumps(expected))


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
    assert '<h1 id="headline">Untitled article</h1>' in html and "<title>Untitled article" in html
    ids = [a["id"] for tag, a in page.tags if tag == "p" and re.fullmatch(r"p\d+", a.get("id", ""))]
    assert ids == [f"p{i}" for i in range(len(audit.article.paragraphs))]
    assert html.count("<svg") == 3
    for href in (a["href"] for tag, a in page.tags if tag == "a"):
        assert href[1:] in page.id_set(), href


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


def test_rendering_is_deterministic_across_processes_without_matplotlib(
    seed_path, seed_html, tmp_path
):
    out = tmp_path / "other.html"
    code = (
        "import pathlib, sys, framing; from framing.report import write_html; "
        "write_html(framing.analyze(pathlib.Path(sys.argv[1])), sys.argv[2]); "
        # the report draws its charts itself: importing matplotlib costs 0.3-0.6 s
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(seed_path), str(out)],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "123"},
    )
    assert out.read_text(encoding="utf-8") == seed_html


def test_rendering_is_fast(seed_data):
    # The budget is 0.5 s on top of the analysis for the whole process; rendering
    # itself takes tens of milliseconds, so this only catches a regression.
    render_view(build_view(seed_data))  # templates compiled once per process
    times = []
    for _ in range(3):
        start = time.perf_counter()
        render_view(build_view(seed_data))
        times.append(time.perf_counter() - start)
    assert sorted(times)[1] < 0.5


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


def test_cli_writes_the_report(seed_path, tmp_path):
    out = tmp_path / "seed.html"
    done = subprocess.run(
        [sys.executable, "-m", "framing", "audit", str(seed_path), "--html", str(out), "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    page = parse(out.read_text(encoding="utf-8"))
    assert "Key findings" in page.all_text()


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
            assert "autoescape false" not in source and "markupsafe.Markup" not in source
    for template in (package / "report" / "templates").iterdir():
        text = template.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, template
        assert "url(" not in text, template



def test_framed_phrases_table_lists_each_phrase_with_links_to_its_hits():
    text = (
        "A plan\n"
        "Critics said it was a shameful and cowardly betrayal. The plan was utterly "
        "inadequate <b>indeed</b>."
    )
    audit = framing.analyze(text)
    phrases = [p.text for p in audit.loaded.phrases]
    assert phrases == ["shameful and cowardly betrayal", "utterly inadequate"]
    page = parse(render_html(audit))
    table = page.text_of("phrases-table")
    for phrase in phrases:
        assert phrase in table
    hits = {a["href"] for tag, a in page.tags if tag == "a"}
    for phrase in audit.loaded.phrases:
        assert {f"#hit-{i}" for i in phrase.hits} <= hits
