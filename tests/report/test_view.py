"""The view model's parts: formatting, chart geometry, styles, colours, findings on
articles unlike the seed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import framing
from framing.report import charts, fmt
from framing.report.findings import key_findings, scorecard, voice_tone
from framing.report.marks import CATEGORY_COLOURS, SPEAKER_COLOURS, category_styles
from framing.report.view import build_view

CSS = (Path(framing.__file__).parent / "report" / "templates" / "report.css").read_text(
    encoding="utf-8"
)


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def f(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def css_vars(pattern: str) -> dict[str, str]:
    return dict(re.findall(pattern, CSS))


def test_colours_meet_wcag_aa():
    root = css_vars(r"--([a-z-]+): (#[0-9a-f]{6});")
    categories = css_vars(r"\.cat-(\d+|x) \{ --cat: (#[0-9a-f]{6}); \}")
    speakers = css_vars(r"\.spk-(\d+|none) \{ --spk: (#[0-9a-f]{6}); \}")
    assert len([k for k in categories if k != "x"]) == CATEGORY_COLOURS
    assert len([k for k in speakers if k != "none"]) == SPEAKER_COLOURS
    backgrounds = [root["paper"], root["tint"], *speakers.values(), "#f7dcdc"]
    # category codes are text: on white and on every shade a quotation may have
    for colour in categories.values():
        for background in backgrounds:
            assert contrast(colour, background) >= 4.5, (colour, background)
    for name in ("ink", "muted", "link"):
        for background in backgrounds:
            assert contrast(root[name], background) >= 4.5, (name, background)
    for name in ("pos", "neg", "anon"):
        assert contrast(root[name], root["paper"]) >= 4.5, name
        assert contrast(root[name], root["tint"]) >= 4.5, name
    assert contrast(root["paper"], root["anon"]) >= 4.5  # the "?" badge
    assert contrast(root["paper"], root["ink"]) >= 4.5  # the tooltip panel
    # chart bars are graphics that carry meaning: 3:1 against the page (WCAG 1.4.11)
    for fill in re.findall(r"svg\.chart \.bar[^{]*\{ fill: (#[0-9a-f]{6}); \}", CSS):
        assert contrast(fill, root["paper"]) >= 3, fill


def test_formatting():
    assert fmt.num(None) == fmt.num(float("nan")) == fmt.num(True) == "—"
    assert fmt.num(1234) == "1,234" and fmt.num(3.14159, 2) == "3.14"
    assert fmt.signed(0.0001) == "0.00" and fmt.signed(-0.5) == "-0.50"
    assert fmt.signed(0.5) == "+0.50"
    assert fmt.limit(16.0) == "16" and fmt.limit(16.5) == "16.5"
    assert fmt.percent(0.714) == "71%"
    assert fmt.tone(0.05) == "pos" and fmt.tone(-0.05) == "neg" and fmt.tone(0.01) == "neu"
    assert fmt.source_name("/a/b/c.txt") == "c.txt" and fmt.source_name("C:\\x\\y.txt") == "y.txt"
    assert fmt.source_name("<text>") == "<text>"
    assert fmt.rule_label("lexicons/loaded/puffery.toml:132") == "lexicons/loaded/puffery.toml:132"
    assert fmt.rule_label("/home/me/words.toml:12") == "words.toml:12"
    assert fmt.rule_label("C:\\me\\words.toml:3") == "words.toml:3"
    assert fmt.rule_label(None) == "—"
    assert fmt.listing(["a", "b", "c"]) == "a, b and c" and fmt.listing(["a"]) == "a"
    assert fmt.shorten("word " * 40, 20).endswith("…")


def test_paragraph_chart_geometry():
    chart = charts.paragraph_chart(
        "chart-x",
        [("1", 0.5), ("2", -0.25), ("3", None)],
        title="T",
        description="D",
        y_label="y",
        y_range=(-1.0, 1.0),
        points=[(0, 0.9, "circle", "pt", "p"), (0, 0.1, "circle", "pt", "q")],
        lines=[(0.0, "ref", "zero")],
        legend=[charts.LegendEntry("bar", "bar", "a long legend label " * 3)] * 3,
    )
    assert len(chart.bars) == 2  # None leaves the slot empty
    zero = float(chart.zero)
    up, down = chart.bars
    assert float(up.y) + float(up.height) == pytest.approx(zero, abs=0.11)
    assert float(down.y) == pytest.approx(zero, abs=0.11)
    assert float(up.height) == pytest.approx(2 * float(down.height), abs=0.2)
    # two points in one slot are spread sideways, in order
    assert float(chart.points[0].x) < float(chart.points[1].x)
    # long legends wrap into rows under the plot, and the chart grows to hold them
    assert len({e.y for e in chart.legend}) == 3 and chart.total_height > chart.height
    with pytest.raises(ValueError):
        charts.paragraph_chart("Bad id", [], title="", description="", y_label="")


def test_chart_without_range_is_padded_to_nice_ticks():
    chart = charts.paragraph_chart(
        "chart-y", [("1", 12.3), ("2", 22.1)], title="", description="", y_label=""
    )
    labels = [t.label for t in chart.y_ticks]
    assert labels[0] == "0" and float(labels[-1]) >= 22.1
    empty = charts.paragraph_chart("chart-z", [], title="", description="", y_label="")
    assert empty.bars == ()


def test_category_codes_are_unique_and_short(seed_path):
    styles = category_styles(framing.analyze(seed_path).to_dict())
    codes = [s.code for s in styles.values()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{2}\d*", c) for c in codes)
    assert styles["puffery"].code == "PU" and styles["reporting_verbs"].code == "RV"


def test_voice_tone_splits_quoted_sentences():
    audit = framing.analyze(
        "The plan is a disaster and a failure.\n\n"
        "“It is a wonderful, excellent plan,” the minister said.\n\n"
        "Officials said nothing."
    )
    vt = voice_tone(audit.to_dict())
    assert vt["quoted"].n_sentences == 1 and vt["quoted"].compound > 0.3
    assert vt["author"].n_sentences == 2 and vt["author"].compound < 0


def test_findings_on_an_article_with_no_sources_and_no_loaded_language():
    data = framing.analyze("The council met on Tuesday.\n\nIt approved the budget.").to_dict()
    cards = scorecard(data)
    assert all(c.sentence for c in cards)
    texts = [f.text for f in key_findings(data, category_styles(data))]
    assert any("attributes nothing to anyone" in t for t in texts)
    assert any("No loaded language" in t for t in texts)
    view = build_view(data)
    assert view.sources.rows == () and view.loaded.terms == ()


def test_findings_with_named_sources():
    data = framing.analyze(
        "Deal signed\n"
        "John Smith, the mayor, said the deal was fair. "
        "Anna Jones, a lawyer, said it was rushed.\n\n"
        "Officials said the city would pay."
    ).to_dict()
    texts = " ".join(f.text for f in key_findings(data, category_styles(data)))
    assert "Every statement attributed to a person comes from an unnamed source" not in texts


def test_baseline_slot_is_empty_until_a_baseline_exists(seed_path):
    view = build_view(framing.analyze(seed_path).to_dict())
    assert view.baseline_name is None
    assert all(c.baseline_percentile is None and c.baseline_name is None for c in view.scorecard)
