import json
import tracemalloc
from pathlib import Path

import pytest

from framing import InputError, load_article
from framing.ingest import iter_jsonl


def test_seed_metadata_and_paragraphs(seed_article):
    assert seed_article.headline.text == (
        "Media: Türkiye takes bold step toward Libyan unity with new defence pact"
    )
    assert seed_article.byline.text == "Tamilla Hasanova"
    assert len(seed_article.paragraphs) == 11
    assert all("Tamilla" not in p.text for p in seed_article.paragraphs)
    assert seed_article.paragraphs[0].text.startswith("In a significant geopolitical move")


def test_byline_after_headline_and_dateline():
    text = (
        "Rebels advance on capital\n\nBy JOHN ROE and Mary-Ann O’Neil, Reuters\n\n"
        "TRIPOLI, April 5 (Reuters) — Fighting spread on Friday.\n\nMore followed."
    )
    article = load_article(text)
    assert article.headline.text == "Rebels advance on capital"
    assert article.byline.text == "JOHN ROE and Mary-Ann O’Neil"
    assert article.dateline.text == "TRIPOLI, April 5 (Reuters)"
    assert [p.text[:8] for p in article.paragraphs] == ["TRIPOLI,", "More fol"]


def test_a_first_sentence_is_not_a_headline():
    article = load_article("The minister said the deal was good.\n\nCritics disagreed.")
    assert article.headline is None
    assert len(article.paragraphs) == 2


def test_markdown_heading_marks_are_not_part_of_the_headline(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# A headline here\n\nBody text goes here.\n", encoding="utf-8")
    article = load_article(path)
    assert article.headline.text == "A headline here"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        ("Türkiye’s café".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "Türkiye’s café".encode(), "utf-8"),
        ("Türkiye’s café".encode("utf-16"), "utf-16"),
        ("Türkiye’s café costs 5€ — “quoted”".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings(tmp_path, encoded, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(encoded)
    article = load_article(path)
    assert article.text.startswith("Türkiye’s café")
    assert article.meta.encoding == encoding


def test_text_is_nfc_with_unix_newlines():
    article = load_article("Cafe\u0301 one.\r\n\r\nSecond paragraph.")
    assert article.text == "Café one.\n\nSecond paragraph."


def test_html_drops_scripts_and_navigation_and_keeps_paragraphs():
    html = """<!doctype html><html><head><title>Site | Story</title>
    <meta property="og:site_name" content="Daily Example"><script>alert(1)</script>
    <style>p{color:red}</style></head><body><nav>Home News</nav>
    <article><h1>Story &amp; headline</h1><p>First <b>bold</b> paragraph.</p>
    <p>Second<br>line.</p><script>var x = "<p>fake</p>";</script></article>
    <footer>Copyright</footer></body></html>"""
    article = load_article(html.encode("utf-8"))
    assert article.headline.text == "Story & headline"
    assert [p.text for p in article.paragraphs] == ["First bold paragraph.", "Second", "line."]
    assert "alert" not in article.text and "fake" not in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.meta.outlet == "Daily Example"


def test_html_title_is_the_headline_without_h1(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<html><head><title>The title</title></head><body><p>Body.</p></body></html>")
    assert load_article(path).headline.text == "The title"


def test_json_record_with_title(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps(
            {
                "id": "x1",
                "title": "A title",
                "text": "Body one.\n\nBody two.",
                "outlet": "Example",
                "date": "2025-04-05",
            }
        )
    )
    article = load_article(path)
    assert article.headline.text == "A title"
    assert article.text == "A title\n\nBody one.\n\nBody two."
    assert (article.meta.id, article.meta.outlet, article.meta.date) == (
        "x1",
        "Example",
        "2025-04-05",
    )
    assert len(article.paragraphs) == 2


def test_jsonl_corpus_yields_errors_in_place(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "One."}\nnot json\n\n{"id": "c", "text": "  "}\n')
    out = list(iter_jsonl(path))
    assert out[0].meta.id == "a"
    assert isinstance(out[1], InputError) and "c.jsonl:2" in str(out[1])
    assert isinstance(out[2], InputError) and "only whitespace" in str(out[2])


def test_jsonl_with_several_records_is_not_one_article(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "One."}\n{"text": "Two."}\n')
    with pytest.raises(InputError, match="holds 2 articles"):
        load_article(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\t\n ", "only whitespace"),
        (bytes(range(256)) * 4, "looks binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50, "control characters"),
        (b'{"title": "no text"}', "needs a 'text' field"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / ("bad.json" if content.startswith(b"{") else "bad.txt")
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        load_article(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_directory_and_missing_path(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        load_article(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "missing.txt")


def test_a_string_naming_a_missing_file_is_refused_not_audited():
    with pytest.raises(InputError, match="no such file"):
        load_article("seeds/does-not-exist.txt")


def test_a_string_naming_a_file_reads_it(seed_path, monkeypatch):
    monkeypatch.chdir(seed_path.parent.parent)
    assert load_article("seeds/turkiye-libya-defence-pact.txt").byline.text == "Tamilla Hasanova"


def test_huge_input_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.write(b"word " * 4_000_000)  # 20 MB
    tracemalloc.start()
    with pytest.raises(InputError, match=r"20\.0 MB is over the 10 MB limit"):
        load_article(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 15_000_000


def test_the_limit_can_be_raised(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Headline\n\n" + "A short sentence here. " * 1000, encoding="utf-8")
    with pytest.raises(InputError, match="over the"):
        load_article(path, max_bytes=1000)
    assert load_article(path, max_bytes=100_000).n_words == 4000


def test_unsupported_source_type():
    with pytest.raises(InputError, match="cannot read an article from a int"):
        load_article(42)


def test_path_like_objects_are_accepted(seed_path):
    assert load_article(Path(str(seed_path))).headline is not None
