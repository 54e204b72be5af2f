"""Helpers shared by the report tests and the browser tests: a strict page parser
and the hostile article, lexicon and file name that every escaping test plants.

Import as ``from tests.report.pagecheck import ...``.
"""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser
from pathlib import Path

import framing
from framing.document import Span

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
# Elements HTML allows to close implicitly never appear in the report, so every
# element must be closed explicitly and in order. SVG elements are self-closed.
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>",
    "{{ 7*7 }}",
    "javascript:alert(1)",
    "<!--",
)
# A file name cannot hold "/", so the file-name payload is the rest of them.
HOSTILE_NAME = '"><img src=x onerror=alert(1)><script>alert(1)<'
HOSTILE_WORD = "zorbification"  # the user lexicon's entry, planted in the article


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
        self.script_text: list[str] = []

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
        if self.stack and self.stack[-1] in ("script", "style"):
            if self.stack[-1] == "script":
                self.script_text.append(data)
            return
        self.data.append(data)
        for element_id in {i for i in self.ids if i}:
            self.text.setdefault(element_id, []).append(data)
        active = frozenset(c for cs in self.classes for c in cs)
        self.char_classes.extend([active] * len(data))

    def text_of(self, element_id: str) -> str:
        return "".join(self.text.get(element_id, []))

    def all_text(self) -> str:
        return "".join(self.data)

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]

    def id_set(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert not page.errors, page.errors
    assert not page.stack, f"unclosed: {page.stack}"
    return page


def data_block(html: str) -> str:
    """The text of the embedded JSON data block, as the HTML parser delimits it."""
    opening = '<script type="application/json" id="audit-data">'
    start = html.index(opening) + len(opening)
    return html[start : html.index("</script>", start)]


# --------------------------------------------------------------------------- hostile input


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string for these characters.
    return json.dumps(text, ensure_ascii=True)


def hostile_files(directory: Path) -> tuple[Path, Path]:
    """An article file with a hostile name, title, body, outlet, URL and date, and a
    user lexicon whose category name, note and neutral alternative are hostile."""
    body = " ".join(PAYLOADS)
    record = {
        "title": f"Headline bold {HOSTILE_WORD} {body}",
        "text": (
            f"First {body} {HOSTILE_WORD} sentence, officials said.\n\n"
            f"Second “quoted {body} {HOSTILE_WORD}” line, a senior source told Reuters.\n"
            f"New line {body} javascript:alert(document.cookie)."
        ),
        "outlet": body,
        "url": "javascript:alert(1)",
        "date": body,
    }
    article = directory / f"{HOSTILE_NAME}.json"
    article.write_text(json.dumps(record), encoding="utf-8")
    lexicon = directory / f"{HOSTILE_NAME}.toml"
    lexicon.write_text(
        "\n".join(
            [
                'id = "hostile_test"',
                f"name = {_toml_string('Hostile ' + body)}",
                f"description = {_toml_string('Planted by the escaping tests: ' + body)}",
                "default_weight = 3",
                "[examples]",
                f"fire = [{_toml_string('A ' + HOSTILE_WORD + ' happened.')}]",
                'quiet = ["Nothing here."]',
                "[[entries]]",
                f"term = {_toml_string(HOSTILE_WORD)}",
                'match = "phrase"',
                f"note = {_toml_string('Note ' + body)}",
                f"neutral = {_toml_string('javascript:alert(1) ' + body)}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return article, lexicon


def hostile_audit(directory: Path):
    """The audit of the hostile article with the hostile lexicon, and a hostile byline.

    The ingest takes only names as a byline, so the byline is set on the Article here.
    """
    path, lexicon = hostile_files(directory)
    article = framing.load_article(path)
    body = " ".join(PAYLOADS)
    text = article.text + "\n\nBy " + body
    start = len(article.text) + len("\n\nBy ")
    article = dataclasses.replace(article, text=text, byline=Span(start, len(text), body))
    return framing.analyze(article, lexicon=[lexicon]), path, lexicon
