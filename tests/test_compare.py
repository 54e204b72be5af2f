"""framing.compare, baselines and the compare/baseline commands, on a tiny invented corpus."""

from __future__ import annotations

import json
import math
import re
from html import unescape

import numpy as np
import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.compare import Baseline, BaselineError, bootstrap_interval, fightin_words
from framing.report.view import CSP

# One invented event (the Elm Street bridge repair vote in the town of Marlow),
# told by three outlets: neutral wire copy, promotional copy and hostile copy.
WIRE = (
    "Marlow council approves Elm Street bridge repair {i}\n\n"
    "The Marlow council voted 7-2 on Tuesday to approve repairs to the Elm Street bridge, "
    "according to the minutes. The work will cost 4 million dollars.\n\n"
    '"We expect the bridge to reopen in May," said Mayor Ana Ruiz.'
)
PROMO = (
    "Visionary Marlow council delivers historic bridge triumph {i}\n\n"
    "In a landmark and historic move, the visionary Marlow council championed a stunning "
    "plan for the beloved Elm Street bridge. Its brilliant leaders delivered a remarkable "
    "triumph, a splendid zorblat for the proud town.\n\n"
    "Residents are thrilled by the zorblat."
)
HOSTILE = (
    "Marlow council rams through bridge boondoggle {i}\n\n"
    "The reckless Marlow council rammed through a bloated bridge scheme on Tuesday, critics "
    "said. The disastrous plan wastes millions on a crumbling bridge.\n\n"
    "Angry residents slammed the shameful vote."
)
# The planted outlier: wire copy in form, but stuffed with conflict language.
ODD = (
    "Marlow council approves Elm Street bridge repair after threats\n\n"
    "The Marlow council voted on Tuesday amid war, attack, violence, threat and crisis, "
    "officials said. War and attack, crisis and threat, violence.\n\n"
    "Anonymous officials warned of a catastrophic bloody war."
)
HOSTILE_OUTLET = "<script>alert(1)</script>"


def _records():
    recs = []
    for i in range(4):
        recs.append({"id": f"wire-{i}", "outlet": "Wire", "text": WIRE.format(i=i)})
        recs.append({"id": f"promo-{i}", "outlet": "Booster", "text": PROMO.format(i=i)})
    for i in range(3):
        recs.append({"id": f"hostile-{i}", "outlet": HOSTILE_OUTLET, "text": HOSTILE.format(i=i)})
    recs.append({"id": "wire-odd", "outlet": "Wire", "text": ODD})
    return recs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for rec in _records():
        (folder / f"{rec['id']}.json").write_text(json.dumps(rec), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def audits(corpus):
    return [framing.analyze(p) for p in sorted(corpus.glob("*.json"))]


@pytest.fixture(scope="module")
def comparison(audits):
    return framing.compare(audits, by="outlet")


# --------------------------------------------------------------------------- groups


def test_group_means_and_medians_are_exact_on_known_rows():
    rows = [
        {"id": "a", "outlet": "X", "loaded_per_1000": 1.0, "sentiment_article": 0.5},
        {"id": "b", "outlet": "X", "loaded_per_1000": 2.0, "sentiment_article": None},
        {"id": "c", "outlet": "X", "loaded_per_1000": 6.0, "sentiment_article": 0.1},
        {"id": "d", "outlet": "Y", "loaded_per_1000": 10.0, "sentiment_article": -0.2},
        {"id": "e", "outlet": "Y", "loaded_per_1000": 20.0, "sentiment_article": -0.4},
    ]
    cmp = framing.compare(rows)
    g = cmp.groups.set_index(["group", "score"])
    assert g.loc[("X", "loaded_per_1000"), "mean"] == pytest.approx(3.0)
    assert g.loc[("X", "loaded_per_1000"), "median"] == pytest.approx(2.0)
    assert g.loc[("X", "loaded_per_1000"), "n"] == 3
    assert g.loc[("Y", "loaded_per_1000"), "mean"] == pytest.approx(15.0)
    assert g.loc[("Y", "loaded_per_1000"), "median"] == pytest.approx(15.0)
    # A missing value is left out, not counted as zero.
    assert g.loc[("X", "sentiment_article"), "n"] == 2
    assert g.loc[("X", "sentiment_article"), "mean"] == pytest.approx(0.3)
    # A DataFrame of the same rows gives the same table.
    same = framing.compare(pd.DataFrame(rows))
    pd.testing.assert_frame_equal(same.groups, cmp.groups)
    # Rows without text: the vocabulary is skipped and the notes say so.
    assert cmp.distinctive is None
    assert any("distinctive vocabulary skipped" in n for n in cmp.notes)


def test_bootstrap_interval_contains_the_mean_and_is_deterministic():
    x = [1.0, 2.0, 2.5, 4.0, 7.0, 9.5, 3.0]
    low, high = bootstrap_interval(x, rng=1)
    assert low < np.mean(x) < high
    assert (low, high) == bootstrap_interval(x, rng=1)
    assert bootstrap_interval([5.0]) == (5.0, 5.0)
    assert all(math.isnan(v) for v in bootstrap_interval([]))


def test_group_intervals_contain_the_means_and_repeat(audits, comparison):
    g = comparison.groups.dropna(subset=["mean"])
    assert ((g.ci_low <= g["mean"] + 1e-12) & (g["mean"] <= g.ci_high + 1e-12)).all()
    again = framing.compare(audits, by="outlet")
    pd.testing.assert_frame_equal(again.groups, comparison.groups)
    other_seed = framing.compare(audits, by="outlet", seed=7).groups
    assert not other_seed.equals(comparison.groups)  # the seed is really used


def test_groups_and_scores_shape(comparison):
    assert len(comparison.scores) == 12
    assert comparison.group_names() == ["Wire", "Booster", HOSTILE_OUTLET]
    assert set(comparison.groups.columns) == {
        "group", "score", "n", "mean", "median", "ci_low", "ci_high"
    }
    loaded = comparison.groups.set_index(["group", "score"])["mean"]
    assert loaded[("Booster", "loaded_per_1000")] > loaded[("Wire", "loaded_per_1000")]


# --------------------------------------------------------------------------- vocabulary


def test_planted_word_is_distinctive_for_its_group(comparison):
    d = comparison.distinctive
    assert comparison.pair == ("Wire", "Booster")
    z = d.set_index(["group", "term"])["z"]
    assert z[("Booster", "zorblat")] > 1.96
    assert z[("Wire", "zorblat")] < 0
    assert z[("Wire", "zorblat")] == pytest.approx(-z[("Booster", "zorblat")])
    # A word both groups use alike is not distinctive.
    assert abs(z[("Booster", "council")]) < 1.0


def test_fightin_words_is_symmetric_and_uses_the_prior():
    a = ["apple apple pear", "apple kiwi"]
    b = ["pear pear kiwi", "kiwi pear"]
    ab = fightin_words(a, b).set_index("term")
    ba = fightin_words(b, a).set_index("term")
    assert ab.loc["apple", "z"] > 0 > ba.loc["apple", "z"]
    assert ab.loc["apple", "z"] == pytest.approx(-ba.loc["apple", "z"])
    weak = fightin_words(a, b, prior=1.0).set_index("term").loc["apple", "log_odds"]
    strong = fightin_words(a, b, prior=1000.0).set_index("term").loc["apple", "log_odds"]
    assert abs(strong) < abs(weak)  # a stronger prior shrinks


def test_texts_can_be_passed_for_rows(audits):
    rows = [a.to_row() for a in audits]
    texts = {a.to_row()["id"]: a.article.text for a in audits}
    cmp = framing.compare(rows, texts=texts, pair=("Booster", HOSTILE_OUTLET))
    assert cmp.pair == ("Booster", HOSTILE_OUTLET)
    assert cmp.distinctive is not None
    with pytest.raises(ValueError, match="pair"):
        framing.compare(rows, texts=texts, pair=("Booster", "Nobody"))


# --------------------------------------------------------------------------- profiles and map


def test_profiles_side_by_side(comparison):
    p = comparison.profiles
    assert list(p.columns) == ["kind", "feature", "Wire", "Booster", HOSTILE_OUTLET]
    assert "loaded_puffery_per_1000" in set(p.feature)
    assert "sources_share_named_person" in set(p.feature)
    assert not any(f in set(p.feature) for f in ("loaded_author_per_1000", "loaded_per_1000"))
    puffery = p.set_index("feature").loc["loaded_puffery_per_1000"]
    assert puffery["Booster"] > puffery["Wire"]


def test_map_shapes_and_the_planted_outlier(comparison):
    m = comparison.map
    assert m.shape[0] == 12
    assert {"id", "group", "pc1", "pc2", "distance", "outlier", "why"} <= set(m.columns)
    assert np.isfinite(m[["pc1", "pc2"]].to_numpy()).all()
    ev = comparison.explained_variance
    assert len(ev) == 2 and 0 < ev[1] <= ev[0] <= 1
    assert comparison.loadings.shape[0] == 2
    out = comparison.outliers
    assert "wire-odd" in set(out.id)
    top = m.sort_values("distance", ascending=False).iloc[0]
    assert top.id == "wire-odd" and "#1 farthest" in top.why


def test_map_is_skipped_with_too_few_articles():
    rows = [
        {"id": "a", "outlet": "X", "loaded_puffery_per_1000": 1.0},
        {"id": "b", "outlet": "Y", "loaded_puffery_per_1000": 2.0},
    ]
    cmp = framing.compare(rows)
    assert cmp.map is None and any("map skipped" in n for n in cmp.notes)


def test_error_rows_are_left_out():
    rows = pd.DataFrame(
        [
            {"id": "a", "outlet": "X", "loaded_per_1000": 1.0, "error": None},
            {"id": "b", "outlet": None, "loaded_per_1000": None, "error": "b: no such file"},
            {"id": "c", "outlet": "X", "loaded_per_1000": 3.0, "error": None},
        ]
    )
    cmp = framing.compare(rows)
    assert list(cmp.scores.id) == ["a", "c"]
    assert any("1 error row" in n for n in cmp.notes)


# --------------------------------------------------------------------------- baseline


def test_baseline_round_trip_and_monotonic_percentile(audits, tmp_path):
    base = framing.fit_baseline(audits, name="tiny")
    assert base.n == 12
    assert base.lexicon_version == audits[0].to_row()["lexicon_version"]
    assert base.levels == (1, 5, 10, 25, 50, 75, 90, 95, 99)
    assert "loaded_per_1000" in base.percentiles
    path = base.save(tmp_path / "b.json")
    back = Baseline.load(path)
    assert back.percentiles == base.percentiles
    assert (back.n, back.lexicon_version) == (base.n, base.lexicon_version)
    assert back.levels == base.levels
    q = base.percentiles["loaded_per_1000"]
    grid = np.linspace(q[0] - 10, q[-1] + 10, 400)
    values = [back.percentile("loaded_per_1000", v) for v in grid]
    assert all(b >= a for a, b in zip(values, values[1:], strict=False))
    assert values[0] == 0.0 and values[-1] == 100.0
    assert all(0 <= v <= 100 for v in values)


def test_baseline_percentile_is_exact_on_a_simple_corpus():
    rows = [{"id": str(i), "x": float(i)} for i in range(101)]  # 0 … 100
    base = framing.fit_baseline(rows)
    assert base.percentiles["x"] == (1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0)
    assert base.percentile("x", 50.0) == 50.0
    assert base.percentile("x", 60.0) == pytest.approx(60.0)
    assert base.percentile("x", -1.0) == 0.0
    assert base.percentile("x", 100.0) == 100.0
    assert math.isnan(base.percentile("x", None))
    with pytest.raises(KeyError):
        base.percentile("nope", 1.0)


def test_baseline_refuses_mixed_lexicons_and_bad_files(tmp_path):
    rows = [{"id": "a", "x": 1.0, "lexicon_version": "v1"}, {"id": "b", "x": 2.0,
                                                              "lexicon_version": "v2"}]
    with pytest.raises(BaselineError, match="lexicon versions"):
        framing.fit_baseline(rows)
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(BaselineError, match="not a baseline"):
        Baseline.load(bad)
    with pytest.raises(BaselineError, match="cannot be read"):
        Baseline.load(tmp_path / "missing.json")


def test_comparison_with_a_baseline_gives_percentiles(audits):
    base = framing.fit_baseline(audits)
    cmp = framing.compare(audits, baseline=base)
    pct = cmp.percentiles
    assert list(pct.columns[:2]) == ["id", "group"]
    assert "loaded_per_1000" in pct.columns
    assert pct["loaded_per_1000"].between(0, 100).all()
    assert "pct_loaded_per_1000" in cmp.table("articles").columns


# --------------------------------------------------------------------------- output


def test_to_html_is_self_contained_and_escaped(audits, tmp_path):
    cmp = framing.compare(audits, baseline=framing.fit_baseline(audits))
    path = cmp.to_html(tmp_path / "out" / "compare.html")
    html = path.read_text(encoding="utf-8")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert meta and unescape(meta[1]) == CSP
    assert "script-src 'none'" in CSP and "default-src 'none'" in CSP
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", html, re.I)
    assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", html, re.I)
    assert "<svg" in html and "map-table" in html and "zorblat" in html
    assert "percentile" in html
    assert not list(path.parent.glob(".*.tmp"))
    assert cmp.render_html() == html  # deterministic


def test_to_csv_writes_one_row_per_article(comparison, tmp_path):
    path = comparison.to_csv(tmp_path / "c.csv")
    back = pd.read_csv(path)
    assert len(back) == 12 and {"id", "group", "map_pc1"} <= set(back.columns)
    groups = pd.read_csv(comparison.to_csv(tmp_path / "g.csv", table="groups"))
    assert set(groups.columns) >= {"group", "score", "mean", "ci_low"}


# --------------------------------------------------------------------------- CLI


def test_cli_compare_and_baseline_fit(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["baseline", "fit", str(corpus), "-o", str(out / "b.json"), "--jobs", "1"])
    assert code == 0
    assert Baseline.load(out / "b.json").n == 12
    code = main([
        "compare", str(corpus), "--jobs", "1", "--baseline", str(out / "b.json"),
        "--html", str(out / "c.html"), "--csv", str(out / "c.csv"),
    ])
    assert code == 0
    assert (out / "c.html").stat().st_size > 0
    assert len(pd.read_csv(out / "c.csv")) == 12
    stdout = capsys.readouterr().out
    assert "12 articles in 3 group(s) by outlet" in stdout and "zorblat" in stdout


def test_cli_compare_reads_batch_results(corpus, tmp_path, capsys):
    results = tmp_path / "r.jsonl"
    assert main(["batch", str(corpus), "--out", str(results), "--jobs", "1", "--quiet"]) == 0
    code = main(["compare", str(results), "--csv", str(tmp_path / "c.csv")])
    assert code == 0
    out = capsys.readouterr().out
    assert "12 articles" in out and "distinctive vocabulary skipped" in out


def test_cli_compare_errors(corpus, tmp_path, capsys):
    assert main(["compare", str(tmp_path / "missing.txt")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing.txt" in err[0]
    assert main(["compare", str(corpus), "--jobs", "1", "--group-by", "nope"]) == 2
    assert main(["compare"]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert main(["compare", str(corpus), "--jobs", "1", "--baseline", str(bad)]) == 1
    assert main(["baseline", "fit", str(corpus)]) == 2  # -o is required


def test_single_article_report_places_its_scorecard_against_a_baseline(tmp_path):
    from framing.report import render_html

    rows = [
        framing.analyze(f"Headline {i}\n\nThe minister said the {'bold ' * i}plan was good.")
        .to_row()
        for i in range(6)
    ]
    baseline = framing.fit_baseline(rows, name="probe corpus")
    text = "Headline\n\nThe minister said the bold bold bold bold bold plan was good."
    audit = framing.analyze(text)
    page = render_html(audit, baseline=baseline)
    expected = round(baseline.percentile("loaded_per_1000", audit.loaded.per_1000_words["all"]))
    assert f"{expected}th percentile of probe corpus" in page
    assert "No baseline loaded" not in page
    assert "No baseline loaded" in render_html(audit)

    path = tmp_path / "baseline.json"
    baseline.save(path)
    article = tmp_path / "one.txt"
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "page.html"
    args = ["audit", str(article), "--baseline", str(path), "--html", str(out), "--quiet"]
    assert main(args) == 0
    assert f"{expected}th percentile of probe corpus" in out.read_text(encoding="utf-8")
    assert main(["audit", str(article), "--baseline", str(tmp_path / "none.json")]) == 1
