"""Notebook-facing views of an Audit: ``to_frame`` and ``_repr_html_``; the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

import framing
from tests.report.pagecheck import PAYLOADS, parse

pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "turkiye-libya-defence-pact.txt"
SAMPLES = ROOT / "seeds" / "samples"


@pytest.fixture(scope="module")
def audit():
    return framing.analyze(SEED)


# --------------------------------------------------------------------------- to_frame


def test_spans_frame_columns_and_counts(audit):
    spans = audit.to_frame("spans")
    assert list(spans.columns[:8]) == [
        "id", "layer", "start", "end", "text", "label", "voice", "paragraph",
    ]
    counts = spans["layer"].value_counts().to_dict()
    attributions = audit.sources.attributions
    assert counts["loaded"] == len(audit.loaded.hits)
    assert counts["phrase"] == len(audit.loaded.phrases)
    assert counts["cue"] == len(attributions)
    assert counts.get("source", 0) == sum(a.source is not None for a in attributions)
    assert counts.get("content", 0) == sum(a.content is not None for a in attributions)
    assert counts["quotation"] == len(audit.article.quotations)
    assert counts["hard_sentence"] == len(audit.readability.hard_sentences)
    assert len(spans) == sum(counts.values())
    assert (spans["id"] == str(SEED)).all()
    # reading order
    assert spans["start"].is_monotonic_increasing


def test_spans_slice_the_text_exactly(audit):
    text = audit.article.text
    spans = audit.to_frame()
    for row in spans.itertuples():
        assert text[row.start : row.end] == row.text, row
    loaded = spans[spans["layer"] == "loaded"]
    assert set(loaded["label"]) <= {c["id"] for c in audit.loaded.lexicon["categories"]}
    assert set(loaded["voice"]) <= {"headline", "author", "quote", "reported"}
    # headline hits have no paragraph; body hits name the paragraph that holds them
    paragraphs = {p.index: p for p in audit.article.paragraphs}
    for row in loaded.itertuples():
        if row.voice == "headline":
            assert pd.isna(row.paragraph)
        else:
            p = paragraphs[row.paragraph]
            assert p.start <= row.start < p.end


def test_attribution_parts_share_a_number(audit):
    spans = audit.to_frame("spans")
    parts = spans.dropna(subset=["attribution"])
    assert set(parts["layer"]) <= {"cue", "source", "content"}
    for i, a in enumerate(audit.sources.attributions):
        cue = parts[(parts["attribution"] == i) & (parts["layer"] == "cue")]
        assert cue["text"].tolist() == [a.cue.text]
        assert cue["label"].tolist() == [a.form]


def test_paragraphs_frame(audit):
    frame = audit.to_frame("paragraphs")
    assert len(frame) == len(audit.article.paragraphs)
    for column in ("paragraph", "start", "end", "n_words", "tone", "loaded_n_hits",
                   "loaded_per_1000", "readability_flesch_kincaid_grade"):
        assert column in frame.columns
    assert frame["paragraph"].tolist() == [p.index for p in audit.article.paragraphs]
    assert frame["tone"].tolist() == [p.compound for p in audit.sentiment.paragraphs]
    body_hits = sum(1 for h in audit.loaded.hits if h.paragraph is not None and not h.negated)
    assert frame["loaded_n_hits"].sum() == body_hits
    assert frame["n_words"].sum() == audit.article.n_words


def test_summary_frame_is_to_row(audit):
    frame = audit.to_frame("summary")
    assert len(frame) == 1
    assert list(frame.columns) == list(audit.to_row())
    assert frame.iloc[0]["loaded_per_1000"] == audit.to_row()["loaded_per_1000"]


def test_unknown_kind_is_refused(audit):
    with pytest.raises(ValueError, match="spans"):
        audit.to_frame("words")


def test_empty_evidence_still_has_columns():
    audit = framing.analyze("The council met on Tuesday. It approved the budget.")
    spans = audit.to_frame("spans")
    assert list(spans.columns[:3]) == ["id", "layer", "start"]
    assert len(audit.to_frame("paragraphs")) == len(audit.article.paragraphs)


# --------------------------------------------------------------------------- _repr_html_


def test_repr_html_shows_the_audit(audit):
    html = audit._repr_html_()
    page = parse(html)
    assert "<script" not in html.lower()
    assert html.lstrip().startswith('<div class="framing-audit">')
    text = page.all_text()
    assert "Türkiye takes bold step" in text
    assert "Tamilla Hasanova" in text
    assert "Annotated article" in text
    assert 'class="loaded' in html  # the marks of highlight.py
    assert not page.attrs("a")  # no link anywhere


def test_repr_html_escapes_hostile_text():
    body = " ".join(PAYLOADS)
    text = (
        "<script>alert(1)</script> \"><img src=x onerror=alert(1)> headline\n\n"
        f"The minister said the bold plan was a {body} landmark.\n\n"
        f"\"{body}\" a senior official said."
    )
    audit = framing.analyze(text)
    assert audit.article.headline is not None
    html = audit._repr_html_()
    page = parse(html)
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert not page.attrs("img") and not page.attrs("script")
    assert all(not k.startswith("on") for _, attrs in page.tags for k in attrs)
    shown = page.all_text()
    assert "<script>alert(1)</script>" in shown  # shown as text, not run
    assert '"><img src=x onerror=alert(1)>' in shown


# --------------------------------------------------------------------------- the sample corpus


@pytest.fixture(scope="module")
def corpus():
    rows = []
    for path in sorted(SAMPLES.glob("*.txt")):
        row = framing.analyze(path).to_row()
        row["framing"] = path.stem.split("-")[0]
        rows.append(row)
    return pd.DataFrame(rows)


def test_sample_corpus_shape(corpus):
    assert 6 <= len(corpus) <= 9
    assert set(corpus["framing"]) == {"wire", "promo", "attack"}
    assert corpus["n_words"].between(140, 320).all()


def test_sample_corpus_has_the_intended_contrast(corpus):
    by = corpus.groupby("framing")
    density = by["loaded_per_1000"].mean()
    anonymous = by["sources_share_anonymous"].mean()
    named = by["sources_share_named_person"].mean()
    tone = by["sentiment_article"].mean()
    for slanted in ("promo", "attack"):
        assert density[slanted] > density["wire"] + 40
        assert anonymous[slanted] > anonymous["wire"]
        assert named[slanted] < named["wire"]
    # every promotional and attack article, not only the means
    wire_max = corpus.loc[corpus["framing"] == "wire", "loaded_per_1000"].max()
    assert (corpus.loc[corpus["framing"] != "wire", "loaded_per_1000"] > wire_max).all()
    assert tone["promo"] > tone["wire"] > tone["attack"]
    categories = by[[
        "loaded_puffery_per_1000", "loaded_kinship_per_1000",
        "loaded_emotive_per_1000", "loaded_labels_per_1000",
    ]].mean()
    assert categories.loc["promo", "loaded_puffery_per_1000"] > 0
    assert categories.loc["promo", "loaded_kinship_per_1000"] > 0
    assert categories.loc["attack", "loaded_emotive_per_1000"] > 0
    assert categories.loc["attack", "loaded_labels_per_1000"] > 0
    assert categories.loc["attack", "loaded_puffery_per_1000"] == 0
    assert categories.loc["promo", "loaded_emotive_per_1000"] == 0
