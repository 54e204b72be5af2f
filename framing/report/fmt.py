"""Number and label formatting for the report: plain strings, never HTML.

Every value the page shows goes through one of these, so a missing or NaN value
always reads "—" and a score always has the same number of decimals wherever it
appears (scorecard, findings, tables, charts).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

# VADER's conventional cut-offs for a positive / negative compound.
TONE_CUTOFF = 0.05

KIND_LABELS = {
    "named_person": "named person",
    "named_organisation": "named organisation",
    "media": "news outlet",
    "anonymous": "anonymous",
    "vague": "vague",
    "agentless": "no one (agentless)",
}
SPECIFICITY_LABELS = {
    4: "a name",
    3: "title and organisation",
    2: "organisation or country",
    1: "rank or role only",
    0: "a bare “source”",
}
VOICE_LABELS = {
    "headline": "headline",
    "author": "outlet’s own voice",
    "quote": "direct quotation",
    "reported": "reported speech",
}
FORM_LABELS = {
    "direct": "direct quotation",
    "indirect": "reported speech",
    "according_to": "“according to”",
    "agentless": "agentless (no one)",
}
# Kinds where a statement is pinned on someone the reader cannot identify.
UNNAMED_KINDS = ("anonymous", "vague")
# Kinds that stand for a speaker (a news outlet relays; an agentless claim has none).
SPEAKER_KINDS = ("named_person", "named_organisation", "anonymous", "vague")


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def num(value: Any, digits: int = 1) -> str:
    if not is_number(value):
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def limit(value: Any) -> str:
    """A threshold as it was set: 16, not 16.0; 16.5 stays 16.5."""
    return f"{value:g}" if is_number(value) else "—"


def signed(value: Any) -> str:
    if not is_number(value):
        return "—"
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text


def tone(value: Any) -> str:
    """``pos``, ``neg`` or ``neu`` by VADER's cut-offs (a CSS class, never shown)."""
    if not is_number(value):
        return "neu"
    return "pos" if value >= TONE_CUTOFF else "neg" if value <= -TONE_CUTOFF else "neu"


def tone_word(value: Any) -> str:
    return {"pos": "positive", "neg": "negative", "neu": "neutral"}[tone(value)]


def percent(value: Any) -> str:
    if not is_number(value):
        return "—"
    return f"{100 * value:.0f}%"


def duration(seconds: Any) -> str:
    if not is_number(seconds):
        return "—"
    if seconds < 10:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def quoted(text: str) -> str:
    """Article words as they are cited in a sentence of the report."""
    return f"“{one_line(text)}”"


def listing(items: Sequence[str], conjunction: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def source_name(source: str | None) -> str | None:
    """The file name of a source path ("<text>" and "<bytes>" stay as they are).

    Only the name: a report is shared, and the folder it was made in is nobody's business.
    """
    if not source:
        return None
    if source.startswith("<"):
        return source
    return PurePath(source.replace("\\", "/")).name or source


def rule_label(rule: str | None) -> str:
    """A lexicon rule ``path:line`` as the report shows it.

    Bundled rules (``lexicons/loaded/puffery.toml:132``) stay as they are; a user
    file given by an absolute path shows its file name only, as source files do.
    """
    if not rule:
        return "—"
    path, sep, line = str(rule).rpartition(":")
    if not sep or not line.isdigit():
        path, line = str(rule), ""
    if PurePath(path.replace("\\", "/")).is_absolute() or path.startswith(("~", "..")) or (
        len(path) > 2 and path[1] == ":"
    ):
        path = source_name(path) or path
    return f"{path}:{line}" if line else path


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def shorten(text: str, width: int = 90) -> str:
    text = one_line(text)
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0]
    return cut + "…"


def paragraph_label(index: int | None) -> str:
    return "headline" if index is None else f"¶ {index + 1}"


def paragraph_anchor(index: int | None) -> str:
    return "#headline" if index is None else f"#p{index}"
