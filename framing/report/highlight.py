"""The only place where text becomes HTML.

Everything the article says reaches the report through :func:`render_spans`,
which walks the text with an offset cursor (in the manner of spaCy's
``displacy``), escapes every gap with :func:`markupsafe.escape` and wraps marked
stretches in ``<span>`` elements. Marks may nest and may overlap: an overlapping
mark is split at the boundaries it crosses, so the output is always well-formed
(a loaded word inside a quotation inside an attribution, a hard sentence that
starts inside a quotation and ends after it).

This module is also the only one that creates :class:`markupsafe.Markup`. One
other thing reaches the page unescaped, through a function here that makes it
safe: the audit's JSON (:func:`json_script`, which escapes every character that
could end the ``<script>`` element or open a comment). The report's charts are
drawn by the autoescaped template from numbers and need no Markup.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Mark", "json_script", "render_spans", "render_text"]

_DATA_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Mark:
    """One stretch of text to wrap in ``<span class=...>``.

    Parameters
    ----------
    start, end : int
        Character offsets into the text given to :func:`render_spans`
        (``start <= end``; an empty mark renders nothing).
    css_class : str
        One or more space-separated class names (escaped on output).
    title : str, optional
        Tooltip text (escaped on output).
    data : tuple of (name, value) pairs
        Rendered as ``data-<name>="<value>"``. Names must match ``[a-z][a-z0-9-]*``
        (they cannot be escaped, so they are checked); values are escaped.
    anchor : str, optional
        The element's ``id``, so that a finding or a table can link to these words.
    focusable : bool
        Adds ``tabindex="0"`` so that keyboard users reach the mark and its tooltip.
    describedby : str, optional
        ``aria-describedby``: the id of the element (a table row) that explains the mark.

    A mark split by an overlap comes out as several ``<span>`` elements; only the
    first carries ``anchor``, ``focusable`` and ``describedby``, so ids stay unique
    and the mark is one stop in the tab order.
    """

    start: int
    end: int
    css_class: str
    title: str | None = None
    data: tuple[tuple[str, str], ...] = ()
    anchor: str | None = None
    focusable: bool = False
    describedby: str | None = None

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int)):
            raise TypeError(f"Mark offsets must be int, not {self.start!r}, {self.end!r}")
        if self.start < 0 or self.end < self.start:
            raise ValueError(
                f"Mark offsets must satisfy 0 <= start <= end, got {self.start}, {self.end}"
            )
        for name, _ in self.data:
            if not _DATA_NAME.match(name):
                raise ValueError(f"Mark data attribute name {name!r} is not [a-z][a-z0-9-]*")
        # Ids are checked, not escaped: an escaped id would no longer match its links.
        for what, value in (("anchor", self.anchor), ("describedby", self.describedby)):
            if value is not None and not _DATA_NAME.match(value):
                raise ValueError(f"Mark {what} {value!r} is not [a-z][a-z0-9-]*")

    def open_tag(self, first: bool = True) -> str:
        parts = [f'<span class="{escape(self.css_class)}"']
        if first and self.anchor:
            parts.append(f' id="{self.anchor}"')
        if first and self.focusable:
            parts.append(' tabindex="0"')
        if first and self.describedby:
            parts.append(f' aria-describedby="{self.describedby}"')
        if self.title:
            parts.append(f' title="{escape(self.title)}"')
        for name, value in self.data:
            parts.append(f' data-{name}="{escape(value)}"')
        parts.append(">")
        return "".join(parts)


def _escape_gap(text: str) -> str:
    """Escape one unmarked stretch; newlines become ``<br>``; lone surrogates U+FFFD."""
    text = _SURROGATE.sub("\ufffd", text)
    return str(escape(text)).replace("\n", "<br>\n")


def render_spans(text: str, start: int, end: int, spans: Iterable[Mark]) -> Markup:
    """Render ``text[start:end]`` as escaped HTML with ``spans`` wrapped in ``<span>``.

    Parameters
    ----------
    text : str
        The whole text the offsets refer to (``Article.text``).
    start, end : int
        The stretch to render; marks are clipped to it and marks outside it ignored.
    spans : iterable of Mark
        In any order. Where marks nest, the one that starts first (then the longer
        one, then the one given first) is outermost; where they overlap without
        nesting, the inner one is closed and reopened at the outer one's end, so
        one mark may come out as several adjacent ``<span>`` elements.

    Returns
    -------
    markupsafe.Markup
        Well-formed HTML: every ``<span>`` opened is closed, in order.
    """
    if not (0 <= start <= end <= len(text)):
        raise ValueError(f"cannot render [{start}, {end}) of a text of {len(text)} characters")
    # (clipped start, -clipped end, order) decides nesting; the mark rides along.
    entries = sorted(
        (max(m.start, start), -min(m.end, end), i, m)
        for i, m in enumerate(spans)
        if m.start < end and m.end > start and m.start < m.end
    )
    bounds = sorted({start, end, *(e[0] for e in entries), *(-e[1] for e in entries)})
    out: list[str] = []
    opened: set[int] = set()  # marks already opened once (by their order in ``spans``)
    stack: list[tuple] = []  # open marks, outermost first
    active: list[tuple] = []  # marks covering the current segment, in nesting order
    next_entry = 0
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [e for e in active if -e[1] > a]
        while next_entry < len(entries) and entries[next_entry][0] == a:
            bisect.insort(active, entries[next_entry])
            next_entry += 1
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        out.append("</span>" * (len(stack) - keep))
        del stack[keep:]
        for entry in active[keep:]:
            out.append(entry[3].open_tag(first=entry[2] not in opened))
            opened.add(entry[2])
            stack.append(entry)
        out.append(_escape_gap(text[a:b]))
    out.append("</span>" * len(stack))
    return Markup("".join(out))


def render_text(text: str) -> Markup:
    """Escape a whole string with no marks (newlines become ``<br>``)."""
    return render_spans(text, 0, len(text), ())


# Inside <script> the HTML parser looks for "</script" and "<!--" (which starts the
# "script data escaped" states); JSON never needs a literal <, > or &, and U+2028/9
# would end a JavaScript string in older engines. Escaping all five keeps the text
# inert whatever it holds.
_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_script(data, element_id: str) -> Markup:
    """``data`` as a ``<script type="application/json">`` data block, safe to inline.

    The block is data, never run (browsers execute no script of that type, and the
    report's CSP forbids scripts anyway); it lets a reader of the page recover the
    full results with any HTML parser. ``<``, ``>`` and ``&`` are written as JSON
    ``\\u`` escapes, so no text in the data (``</script>``, ``<!--``) can end the
    element, and ``json.loads`` of the element's text gives ``data`` back.
    """
    if not _DATA_NAME.match(element_id):
        raise ValueError(f"json_script id {element_id!r} is not [a-z][a-z0-9-]*")
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    text = _SURROGATE.sub("\ufffd", text).translate(_JSON_ESCAPES)
    return Markup(f'<script type="application/json" id="{element_id}">{text}</script>')
