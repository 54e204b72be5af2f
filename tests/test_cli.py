import json
import subprocess
import sys

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing import __version__
from framing.cli import main


def run(*args):
    """Run the real console entry point in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "framing", *map(str, args)], capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def seed_json(seed_path):
    done = run("audit", seed_path, "--json", "-")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_seed_json_has_the_documented_keys(seed_json):
    assert seed_json["schema_version"] == 1
    assert {"article", "sentiment", "readability"} <= set(seed_json)
    article = seed_json["article"]
    assert (
        article["headline"]
        == "Media: Türkiye takes bold step toward Libyan unity with new defence pact"
    )
    assert article["byline"] == "Tamilla Hasanova"
    assert article["n_paragraphs"] == 11 and len(article["paragraphs"]) == 11
    assert {"n_words", "n_sentences", "paragraphs"} <= set(article)
    assert set(article["paragraphs"][0]) == {"index", "start", "end"}
    sentiment = seed_json["sentiment"]
    assert {"headline", "article", "paragraphs", "sentences"} <= set(sentiment)
    readability = seed_json["readability"]
    assert {"article", "paragraphs", "hard_sentences"} <= set(readability)


def test_seed_paragraph_compounds_equal_vader_on_the_paragraph_text(seed_json):
    vader = SentimentIntensityAnalyzer()
    text = seed_json["article"]["text"]
    for p in seed_json["sentiment"]["paragraphs"]:
        paragraph_text = text[p["start"] : p["end"]]
        assert p["compound"] == vader.polarity_scores(paragraph_text)["compound"]


def test_summary_and_report_files(seed_path, tmp_path):
    html, js = tmp_path / "out" / "seed.html", tmp_path / "out" / "seed.json"
    done = run("audit", seed_path, "--html", html, "--json", js)
    assert done.returncode == 0, done.stderr
    assert "Media: Türkiye takes bold step" in done.stdout
    assert "by Tamilla Hasanova" in done.stdout
    assert "11 paragraphs" in done.stdout
    assert "Flesch-Kincaid grade" in done.stdout
    assert str(html) in done.stdout
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    assert json.loads(js.read_text(encoding="utf-8"))["article"]["byline"] == "Tamilla Hasanova"


def test_several_files_write_into_folders(seed_path, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("A calm headline\n\nNothing much happened today.", encoding="utf-8")
    done = run("audit", seed_path, other, "--json", tmp_path / "json", "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert sorted(p.name for p in (tmp_path / "json").iterdir()) == [
        "other.json",
        "turkiye-libya-defence-pact.json",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"\x00\x01\x02binary", "looks binary"), (b"  \n ", "only whitespace")],
)
def test_bad_input_is_one_line_and_exit_1(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    done = run("audit", path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and message in done.stderr and str(path) in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_file_and_directory(tmp_path):
    done = run("audit", tmp_path / "nope.txt", tmp_path)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and "no such file" in lines[0] and "is a directory" in lines[1]


def test_one_bad_file_does_not_stop_the_others(seed_path, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    done = run("audit", bad, seed_path, "--json", "-")
    assert done.returncode == 1
    assert json.loads(done.stdout.splitlines()[0])["article"]["byline"] == "Tamilla Hasanova"


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["audit"]) == 2
    assert main(["frobnicate"]) == 2


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"framing {__version__}"


def test_unwritable_output_is_one_line(seed_path, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run("audit", seed_path, "--json", blocker / "sub" / "out.json")
    assert done.returncode == 1
    assert "cannot write output" in done.stderr and "Traceback" not in done.stderr
