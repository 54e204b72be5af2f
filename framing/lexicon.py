"""Lexicon files: find them, read them, validate them with errors that point at a line.

Lexicons are data (TOML under ``lexicons/``), not code. In an installed wheel they
live inside the package as ``framing/lexicons``; in a source checkout they are the
top-level ``lexicons/`` folder beside the package.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class LexiconError(ValueError):
    """A lexicon file is missing, malformed or invalid; the message names file and line."""


def lexicon_root() -> Traversable:
    """The folder that holds the bundled lexicons."""
    packaged = resources.files("framing").joinpath("lexicons")
    if packaged.is_dir():
        return packaged
    # Editable installs and plain checkouts import the package from the source
    # tree, where the data sits beside it rather than inside it.
    return Path(__file__).resolve().parent.parent / "lexicons"


def read_toml(source: Traversable | Path, name: str | None = None) -> tuple[dict, str]:
    """Parse a TOML file, returning its data and its text (for locating lines later)."""
    name = name or str(source)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{name}: no such lexicon file") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{name}: invalid TOML: {exc}") from None


def line_of(source_text: str, needle: str) -> int | None:
    """1-based line of the first occurrence of ``needle`` as a quoted TOML string."""
    quoted = re.compile(r"(['\"])" + re.escape(needle) + r"\1")
    m = quoted.search(source_text)
    return source_text.count("\n", 0, m.start()) + 1 if m else None


def where(name: str, source_text: str, needle: str) -> str:
    line = line_of(source_text, needle)
    return f"{name}:{line}" if line else name


@lru_cache(maxsize=1)
def load_abbreviations() -> tuple[str, ...]:
    """Abbreviation types for Punkt: lower case, without the final full stop."""
    source = lexicon_root().joinpath("abbreviations.toml")
    return parse_abbreviations(
        *read_toml(source, "lexicons/abbreviations.toml"), "lexicons/abbreviations.toml"
    )


def parse_abbreviations(data: dict, source_text: str, name: str) -> tuple[str, ...]:
    groups = data.get("groups")
    if not isinstance(groups, dict) or not groups:
        raise LexiconError(f"{name}: needs a [groups] table of abbreviation lists")
    types = []
    for group, items in groups.items():
        if not isinstance(items, list):
            raise LexiconError(f"{name}: group {group!r} must be a list of strings")
        for item in items:
            if not isinstance(item, str):
                raise LexiconError(f"{name}: group {group!r} holds {item!r}, which is not a string")
            if not item.endswith(".") or len(item) < 2 or any(c.isspace() for c in item):
                raise LexiconError(
                    f"{where(name, source_text, item)}: abbreviation {item!r} in group "
                    f"{group!r} must be one word that ends in a full stop"
                )
            types.append(item[:-1].lower())
    return tuple(types)
