"""Turn a path, text or bytes into an :class:`~framing.document.Article`.

The text is decoded (UTF-8 with or without BOM, UTF-16/32 with BOM, or a detected
legacy encoding), normalised to NFC with ``\\n`` line ends, and every offset in the
resulting Article indexes that normalised text. Plain text, Markdown, HTML, JSON
and one-record JSONL are read; the headline, byline and dateline are found and
kept out of (or marked in) the body.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from .document import Article, ArticleMeta, Span
from .segment import find_quotations, make_paragraph, make_sentence, paragraph_spans

DEFAULT_MAX_BYTES = 10_000_000
SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
}


class InputError(ValueError):
    """The input cannot be read as an article; the message says which and why."""


def load_article(source, *, max_bytes: int = DEFAULT_MAX_BYTES, fmt: str | None = None) -> Article:
    """Read one article.

    Parameters
    ----------
    source : Article, os.PathLike, str or bytes
        A path (``pathlib.Path``), the article's text, or its raw bytes. A ``str``
        is text unless it is a single line naming an existing ``.txt``, ``.md``,
        ``.html``, ``.json`` or ``.jsonl`` file; a single line that names such a
        file that does not exist is refused rather than audited as text.
    max_bytes : int
        Inputs larger than this are refused before they are read in full.
    fmt : {"text", "markdown", "html", "json", "jsonl"}, optional
        The format; by default taken from the file suffix, or sniffed for text and bytes.

    Raises
    ------
    InputError
        Empty, binary, undecodable, oversized or otherwise unusable input.
    """
    if isinstance(source, Article):
        return source
    if isinstance(source, str) and _looks_like_path(source):
        if not Path(source).is_file():
            raise InputError(
                f"{source}: no such file (pass a pathlib.Path for files, or the text itself)"
            )
        source = Path(source)
    if isinstance(source, os.PathLike):
        path = Path(source)
        data = _read_file(path, max_bytes)
        return _parse(
            decode(data, str(path)), fmt or SUFFIXES.get(path.suffix.lower(), "text"), str(path)
        )
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        _check_size(len(data), max_bytes, "<bytes>")
        return _parse(decode(data, "<bytes>"), fmt, "<bytes>")
    if isinstance(source, str):
        _check_size(len(source.encode("utf-8", "surrogatepass")), max_bytes, "<text>")
        return _parse((source, "utf-8"), fmt, "<text>")
    raise InputError(f"cannot read an article from a {type(source).__name__}")


def iter_jsonl(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    """Articles of a JSONL corpus one line at a time; a bad line yields its InputError."""
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            name = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                _check_size(len(raw), max_bytes, name)
                yield _from_record(_json_record(decode(raw, name)[0], name), name, "utf-8")
            except InputError as exc:
                yield exc


def _looks_like_path(text: str) -> bool:
    return (
        len(text) < 1024
        and "\n" not in text
        and Path(text.strip()).suffix.lower() in SUFFIXES
        and not any(c.isspace() for c in text.strip())
    )


def _check_size(n: int, max_bytes: int, name: str) -> None:
    if n > max_bytes:
        raise InputError(
            f"{name}: {n / 1e6:.1f} MB is over the {max_bytes / 1e6:g} MB limit for one article "
            "(raise it with --max-bytes)"
        )


def _read_file(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(
            f"{path}: is a directory, not an article (use 'framing batch' for folders)"
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    _check_size(path.stat().st_size if len(data) > max_bytes else len(data), max_bytes, str(path))
    return data


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that do not belong in text (tab, newlines and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes to text, returning ``(text, encoding)``."""
    if not data:
        raise InputError(f"{name}: is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: starts with a {encoding} byte-order mark but is not {encoding}"
                ) from None
    if b"\x00" in data:
        raise InputError(f"{name}: looks binary (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_LEGACY)).best()
    if best is None:
        raise InputError(
            f"{name}: is neither UTF-8 nor text in a legacy encoding that could be detected"
        )
    text = str(best)
    # Short Western texts fit several code pages equally well; name the common one
    # when it reads every byte the same way as the detector's pick.
    if best.encoding != "cp1252" and data.decode("cp1252", errors="replace") == text:
        return text, "cp1252"
    return text, best.encoding


_LEGACY = ("cp1252", "latin_1", "iso8859_15", "cp1250", "cp1251", "mac_roman")


def _normalise(text: str, name: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if _CONTROL.search(text) and len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise InputError(f"{name}: looks binary (it is full of control characters), not text")
    if not text.strip():
        raise InputError(f"{name}: has no text (only whitespace)")
    return text


def _sniff(text: str) -> str:
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<p>", "<div")):
        return "html"
    return "text"


def _parse(decoded: tuple[str, str], fmt: str | None, name: str) -> Article:
    raw, encoding = decoded
    fmt = fmt or _sniff(raw)
    if fmt == "html":
        headline, blocks, meta = _html_blocks(raw, name)
        return _from_parts(
            headline, blocks, ArticleMeta(source=name, encoding=encoding, **meta), name
        )
    if fmt == "json":
        return _from_record(_json_record(raw, name), name, encoding)
    if fmt == "jsonl":
        records = [line for line in raw.splitlines() if line.strip()]
        if len(records) != 1:
            raise InputError(
                f"{name}: holds {len(records)} articles; use 'framing batch' for a corpus"
            )
        return _from_record(_json_record(records[0], name), name, encoding)
    if fmt not in ("text", "markdown"):
        raise InputError(f"{name}: unknown format {fmt!r}")
    return build_article(
        _normalise(raw, name),
        ArticleMeta(source=name, encoding=encoding),
        markdown=fmt == "markdown",
    )


def _json_record(raw: str, name: str) -> dict:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}: invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    if not isinstance(record, dict):
        raise InputError(f"{name}: a JSON article must be an object with a 'text' field")
    if not isinstance(record.get("text"), str):
        raise InputError(f"{name}: a JSON article needs a 'text' field holding a string")
    return record


def _from_record(record: dict, name: str, encoding: str) -> Article:
    def field(key: str) -> str | None:
        value = record.get(key)
        return None if value is None else str(value)

    meta = ArticleMeta(
        id=field("id"),
        source=name,
        outlet=field("outlet"),
        url=field("url"),
        date=field("date"),
        encoding=encoding,
    )
    body = _normalise(record["text"], name)
    title = field("title")
    if title and title.strip():
        title = _normalise(title, name).strip()
        if not body.lstrip().startswith(title):
            body = f"{title}\n\n{body}"
        return build_article(body, meta, headline_given=True)
    return build_article(body, meta)


def _from_parts(headline: str | None, blocks: list[str], meta: ArticleMeta, name: str) -> Article:
    parts = ([headline] if headline else []) + blocks
    text = _normalise("\n\n".join(parts), name)
    return build_article(text, meta, headline_given=bool(headline))


# "By Jane Doe", "By JANE DOE and John Roe", "By A, B and C", "By Jane Doe, Reuters"
# (the agency after a lone comma is not a name). Names are capitalised words,
# initials or particles; a line is only tried when it is short (see _MAX_BYLINE).
_NAME = r"(?:[A-Z][\w'’.-]*|de|da|van|von|der|al|bin|el|la|le)"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,4}}"
_BYLINE = re.compile(
    rf"^(?:by|BY|By)\s+({_NAMES}(?:(?:\s*,\s*{_NAMES})*\s*,?\s*(?:and|&)\s+{_NAMES})?)"
    r"\s*(?:[,|—–-]\s*[^\n]{0,60})?$"
)
_MAX_BYLINE = 120
# "ANKARA, April 5 (Reuters) -", "LONDON (AP) —", "WASHINGTON —".
_DATELINE = re.compile(
    r"^([A-Z][A-Z'’.-]{2,}(?: [A-Z][A-Z'’.-]+){0,3}"
    r"(?:, [A-Z][\w.]+(?: \d{1,2})?)?(?: \([^()\n]{1,40}\))?)"
    r"\s*(?:[—–]|--?)\s"
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


def _is_headline(line: str) -> bool:
    return (
        "\n" not in line and len(line) <= 250 and len(line.split()) <= 30 and line[-1] not in ".,;:"
    )


def build_article(
    text: str,
    meta: ArticleMeta | None = None,
    *,
    markdown: bool = False,
    headline_given: bool = False,
) -> Article:
    """Segment normalised text into an Article, finding headline, byline and dateline."""
    meta = meta or ArticleMeta()
    blocks = paragraph_spans(text)
    if not blocks:
        raise InputError(f"{meta.source or '<text>'}: has no text (only whitespace)")
    headline = None
    first = text[blocks[0][0] : blocks[0][1]]
    if headline_given or (len(blocks) > 1 and _is_headline(first)):
        a, b = blocks.pop(0)
        heading = _MARKDOWN_HEADING.match(text, a) if markdown else None
        headline = make_sentence(text, heading.end() if heading else a, b)
    byline = None
    for i in sorted({0, 1, len(blocks) - 1}):
        if 0 <= i < len(blocks) and len(blocks) > 1:
            a, b = blocks[i]
            m = _BYLINE.match(text[a:b]) if b - a <= _MAX_BYLINE else None
            if m:
                byline = Span(a + m.start(1), a + m.end(1), m.group(1))
                del blocks[i]
                break
    dateline = None
    if blocks:
        a, b = blocks[0]
        m = _DATELINE.match(text[a:b])
        if m:
            dateline = Span(a + m.start(1), a + m.end(1), m.group(1))
    paragraphs = tuple(make_paragraph(text, i, a, b) for i, (a, b) in enumerate(blocks))
    # A quotation never runs from the headline into the body.
    quotations = find_quotations(text, blocks)
    if headline:
        quotations = find_quotations(text, [(headline.start, headline.end)]) + quotations
    return Article(text, paragraphs, quotations, headline, byline, dateline, meta)


_SKIPPED_TAGS = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "noscript",
    "template",
    "svg",
    "form",
    "iframe",
    "object",
    "button",
    "select",
    "head",
    "figure",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "hr",
    "dd",
    "dt",
    "figcaption",
    "address",
}
_VOID_TAGS = {
    "br",
    "hr",
    "img",
    "meta",
    "link",
    "input",
    "area",
    "base",
    "col",
    "embed",
    "source",
    "track",
    "wbr",
}


class _ArticleHTML(HTMLParser):
    """Collects text blocks, the title and the first h1, and a few meta tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.title: list[str] | None = None
        self.title_text = ""
        self.h1: str | None = None
        self.in_h1 = False
        self.meta: dict[str, str] = {}

    def _flush(self) -> None:
        block = " ".join("".join(self.current).split())
        self.current = []
        if block:
            if self.in_h1 and self.h1 is None:
                self.h1 = block
            else:
                self.blocks.append(block)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name") or ""
            wanted = {"og:site_name": "outlet", "og:url": "url", "article:published_time": "date"}
            if key in wanted and attributes.get("content"):
                self.meta.setdefault(wanted[key], attributes["content"])
            return
        if tag == "title":
            self.title = []
            return
        if tag in _SKIPPED_TAGS:
            self.skip_depth += 1
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag):
        if tag == "title" and self.title is not None:
            self.title_text = " ".join("".join(self.title).split())
            self.title = None
            return
        if tag in _SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "h1":
            self.in_h1 = False

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self.title is not None:
            self.title.append(data)
        elif self.skip_depth == 0:
            self.current.append(data)


def _html_blocks(raw: str, name: str) -> tuple[str | None, list[str], dict]:
    parser = _ArticleHTML()
    parser.feed(raw)
    parser.close()
    parser._flush()
    headline = parser.h1 or parser.title_text or None
    if not parser.blocks and not headline:
        raise InputError(f"{name}: the HTML holds no article text")
    if not parser.blocks:
        raise InputError(f"{name}: the HTML holds a title but no article text")
    return headline, parser.blocks, parser.meta
