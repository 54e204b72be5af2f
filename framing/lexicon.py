"""Lexicon files: find them, read them, validate them with errors that point at a line.

Lexicons are data (TOML under ``lexicons/``), not code. In an installed wheel they
live inside the package as ``framing/lexicons``; in a source checkout they are the
top-level ``lexicons/`` folder beside the package.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from .document import fold

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


# --------------------------------------------------------------------------- loaded language

MATCH_KINDS = ("phrase", "pattern")
_CATEGORY_KEYS = {
    "id",
    "name",
    "description",
    "default_weight",
    "examples",
    "entries",
    "disabled",
    "mode",
    "bias",
}
# After Recasens et al. (2013): framing bias is a loaded word that colours what it
# names; epistemological bias is a word that presents a claim as more or less
# certain than it is (who "claimed", what "is widely seen as", what is "clearly" so).
BIASES = ("framing", "epistemic")
_ENTRY_KEYS = {"term", "match", "weight", "note", "neutral", "exceptions", "disabled"}
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
# Words longer than this are not words (a URL, a hash, hostile input) and never match.
MAX_WORD_CHARS = 64


@dataclass(frozen=True)
class Entry:
    """One lexicon entry; ``where`` is ``file:line`` of its ``[[entries]]`` table."""

    term: str
    match: str
    category: str
    weight: int
    note: str | None = None
    neutral: str | None = None
    exceptions: tuple[str, ...] = ()
    where: str = ""


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    default_weight: int
    fire: tuple[str, ...]
    quiet: tuple[str, ...]
    entries: tuple[Entry, ...]
    where: str = ""
    bias: str = "framing"


@dataclass(frozen=True)
class CategoryFile:
    """A parsed category file before it is merged: user files may extend or disable."""

    category: Category | None
    id: str
    disabled: bool
    mode: str
    removed_terms: tuple[str, ...]
    name: str


def _entry_lines(source_text: str) -> list[int]:
    return [
        source_text.count("\n", 0, m.start()) + 1
        for m in re.finditer(r"(?m)^\s*\[\[\s*entries\s*\]\]", source_text)
    ]


def parse_category(
    data: dict, source_text: str, name: str, *, partial: bool = False
) -> CategoryFile:
    """Validate one category file's data; ``partial`` allows a user file that extends one.

    Raises
    ------
    LexiconError
        Naming the file, the line and the entry.
    """
    problems: list[str] = []
    unknown = set(data) - _CATEGORY_KEYS
    if unknown:
        problems.append(f"{name}: unknown key(s) {', '.join(sorted(unknown))}")
    cid = data.get("id")
    if not isinstance(cid, str) or not _ID.match(cid):
        raise LexiconError(f"{name}: 'id' must be a lower-case identifier such as 'puffery'")
    disabled = data.get("disabled", False)
    mode = data.get("mode", "extend")
    if not isinstance(disabled, bool):
        problems.append(f"{name}: 'disabled' must be true or false")
    if mode not in ("extend", "replace"):
        problems.append(f'{name}: \'mode\' must be "extend" or "replace", not {mode!r}')
    if disabled:
        _raise(problems)
        return CategoryFile(None, cid, True, mode, (), name)
    required = not partial or mode == "replace"
    fields = {}
    for key, kind in (("name", str), ("description", str), ("default_weight", int)):
        value = data.get(key)
        if value is None:
            if required:
                problems.append(f"{name}: missing field '{key}'")
            continue
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(f"{name}: '{key}' must be a {kind.__name__}")
        fields[key] = value
    bias = data.get("bias", "framing")
    if bias not in BIASES:
        problems.append(f"{name}: 'bias' must be \"framing\" or \"epistemic\", not {bias!r}")
    weight = fields.get("default_weight", 1)
    if isinstance(weight, int) and not 1 <= weight <= 3:
        problems.append(f"{name}: 'default_weight' must be 1, 2 or 3, not {weight}")
    examples = data.get("examples", {})
    if not isinstance(examples, dict):
        problems.append(f"{name}: 'examples' must be a table with 'fire' and 'quiet' lists")
        examples = {}
    for key in ("fire", "quiet"):
        value = examples.get(key)
        if value is None and not required:
            continue
        if not isinstance(value, list) or not value or not all(isinstance(x, str) for x in value):
            problems.append(f"{name}: 'examples.{key}' must be a non-empty list of sentences")
    entries_data = data.get("entries")
    if not isinstance(entries_data, list) or not entries_data:
        if required or entries_data is not None:
            problems.append(f"{name}: needs at least one [[entries]] table")
        entries_data = []
    lines = _entry_lines(source_text)
    entries, removed = [], []
    for i, raw in enumerate(entries_data):
        at = f"{name}:{lines[i]}" if i < len(lines) else name
        entry, problem = _parse_entry(raw, at, cid, weight if isinstance(weight, int) else 1)
        if problem:
            problems.append(problem)
        elif entry is None:
            removed.append(raw["term"])
        else:
            entries.append(entry)
    _raise(problems)
    category = Category(
        cid,
        fields.get("name", ""),
        fields.get("description", ""),
        weight,
        tuple(examples.get("fire", ())),
        tuple(examples.get("quiet", ())),
        tuple(entries),
        name,
        bias,
    )
    return CategoryFile(category, cid, False, mode, tuple(removed), name)


def _raise(problems: list[str]) -> None:
    if problems:
        raise LexiconError("\n".join(problems))


def _parse_entry(
    raw, at: str, category: str, default_weight: int
) -> tuple[Entry | None, str | None]:
    if not isinstance(raw, dict):
        return None, f"{at}: an entry must be a table"
    term = raw.get("term")
    label = f"entry {term!r}" if isinstance(term, str) else "entry"
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        return None, f"{at}: {label}: unknown key(s) {', '.join(sorted(unknown))}"
    if not isinstance(term, str) or not term.strip():
        return None, f"{at}: {label}: missing field 'term'"
    if raw.get("disabled") is True:
        return None, None
    match = raw.get("match")
    if match is None:
        return None, f'{at}: {label}: missing field \'match\' ("phrase" or "pattern")'
    if match not in MATCH_KINDS:
        return None, f'{at}: {label}: unknown match {match!r} (use "phrase" or "pattern")'
    weight = raw.get("weight", default_weight)
    if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 3:
        return None, f"{at}: {label}: 'weight' must be 1, 2 or 3"
    for key in ("note", "neutral"):
        if key in raw and not isinstance(raw[key], str):
            return None, f"{at}: {label}: '{key}' must be a string"
    exceptions = raw.get("exceptions", [])
    if not isinstance(exceptions, list) or not all(
        isinstance(x, str) and x.strip() for x in exceptions
    ):
        return None, f"{at}: {label}: 'exceptions' must be a list of phrases"
    if match == "pattern":
        problem = pattern_problem(term)
        if problem:
            return None, f"{at}: {label}: {problem}"
    elif not phrase_words(term):
        return None, f"{at}: {label}: a phrase needs at least one word"
    entry = Entry(
        term.strip(),
        match,
        category,
        weight,
        raw.get("note") or None,
        raw.get("neutral") or None,
        tuple(exceptions),
        at,
    )
    return entry, None


def phrase_words(phrase: str) -> list[str]:
    """The folded words of a phrase; hyphens and spaces both separate words."""
    return [w for w in re.split(r"[\s\-\u2010\u2011]+", fold(phrase)) if w]


def pattern_problem(pattern: str) -> str | None:
    """Why a pattern is refused, or None: it must compile and match in linear time.

    Refused: backreferences and lookaround (the matcher adds its own word
    boundaries); a quantifier inside another repeated quantifier, as in ``(a+)+``;
    and an unbounded repeat (``*``, ``+``, ``{n,}``) of anything but one character
    or class that cannot match a space, so one repeat cannot run across words.
    Together these bound the work of each match attempt by the length of a word.
    """
    try:
        tree = _sre_parse(pattern)
    except re.error as exc:
        return f"pattern does not compile ({exc})"
    if tree.getwidth()[0] == 0:
        return "the pattern matches an empty string"
    if tree.state.groupdict:
        # Patterns sharing a first word are joined into one expression, where two
        # groups of one name would clash.
        return "named groups are not allowed; use (?:...)"
    return _unsafe(tree, inside_repeat=False)


@lru_cache(maxsize=8192)
def _sre_parse(pattern: str):
    # The stdlib's own parser gives the structure the safety rules are about;
    # it is private but stable across the supported Pythons. Cached: validation
    # and the first-word index both read each pattern's tree.
    from re import _parser  # type: ignore[attr-defined]

    return _parser.parse(pattern)


def _unsafe(items, inside_repeat: bool) -> str | None:
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in items:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, high, sub = av
            repeats = high is c.MAXREPEAT or high > 1
            if repeats and inside_repeat:
                return "nested quantifiers could backtrack catastrophically"
            if high is c.MAXREPEAT and not _single_non_space(sub):
                return (
                    "an unbounded repeat must apply to one character or class that "
                    "cannot match a space (it could backtrack catastrophically)"
                )
            problem = _unsafe(sub, inside_repeat or repeats)
        elif op is c.SUBPATTERN:
            problem = _unsafe(av[-1], inside_repeat)
        elif op is c.BRANCH:
            problem = next((p for alt in av[1] if (p := _unsafe(alt, inside_repeat))), None)
        elif op in (c.GROUPREF, c.GROUPREF_EXISTS):
            problem = "backreferences are not allowed"
        elif op in (c.ASSERT, c.ASSERT_NOT):
            problem = "lookahead and lookbehind are not allowed"
        else:
            problem = None
        if problem:
            return problem
    return None


def _single_non_space(sub) -> bool:
    from re import _constants as c  # type: ignore[attr-defined]

    if len(sub) != 1:
        return False
    op, av = sub[0]
    if op is c.LITERAL:
        return av != 32
    if op is c.NOT_LITERAL:
        return av == 32
    if op is c.IN:
        if any(o is c.NEGATE for o, _ in av):
            return any(
                o is c.LITERAL and v == 32 or o is c.CATEGORY and v is c.CATEGORY_SPACE
                for o, v in av
            )
        for o, v in av:
            if (
                o is c.LITERAL
                and v == 32
                or o is c.CATEGORY
                and v in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD, c.CATEGORY_NOT_DIGIT)
            ):
                return False
            if o is c.RANGE and v[0] <= 32 <= v[1]:
                return False
        return True
    return False


def read_category(
    path: Path | Traversable, name: str | None = None, *, partial: bool = False
) -> CategoryFile:
    name = name or str(path)
    data, text = read_toml(path, name)
    return parse_category(data, text, name, partial=partial)


def bundled_category_files() -> list[CategoryFile]:
    folder = lexicon_root().joinpath("loaded")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return [read_category(f, f"lexicons/loaded/{f.name}") for f in files]


def merge_categories(bundled: list[CategoryFile], user: list[CategoryFile]) -> list[Category]:
    """Apply user files to the bundled categories: add, extend, replace or disable."""
    merged: dict[str, Category] = {f.id: f.category for f in bundled if f.category}
    for f in user:
        base = merged.get(f.id)
        if f.disabled:
            merged.pop(f.id, None)
            continue
        if base is None or f.mode == "replace":
            if base is None and (
                not f.category.name or not f.category.description or not f.category.fire
            ):
                raise LexiconError(
                    f"{f.name}: category {f.id!r} is new, so it needs name, description, "
                    "default_weight, examples and entries"
                )
            merged[f.id] = f.category
            continue
        dropped = {fold(t) for t in f.removed_terms} | {fold(e.term) for e in f.category.entries}
        kept = tuple(e for e in base.entries if fold(e.term) not in dropped)
        merged[f.id] = Category(
            base.id,
            f.category.name or base.name,
            f.category.description or base.description,
            base.default_weight,
            base.fire + f.category.fire,
            base.quiet + f.category.quiet,
            kept + f.category.entries,
            f"{base.where} + {f.name}",
            base.bias,
        )
    return list(merged.values())


_HYPHENS = {"-", "\u2010", "\u2011"}
_APOSTROPHES = {"'", "\u2019"}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) stem of a folded word, cached for the process."""
    return _stemmer().stem(word)


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def _degree_forms(word: str) -> set[str]:
    """Comparative and superlative spellings of a one-word adjective entry."""
    forms = {word + "er", word + "est"}
    if word.endswith("e"):
        forms |= {word + "r", word + "st"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ier", word[:-1] + "iest"}
    if (
        len(word) >= 3
        and word[-1] not in "aeiouwxy"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
    ):
        forms |= {word + word[-1] + "er", word + word[-1] + "est"}
    return forms


_FIRST_WORD_LIMIT = 64


def _first_words(pattern: str) -> frozenset[str] | None:
    """Every word a pattern's match can begin with, or None when that set is open-ended.

    Expands literals, small character classes, alternations, groups and optional
    parts up to the first space; anything else (``\\w+``, ``.``) gives None.
    """
    from re import _constants as c  # type: ignore[attr-defined]

    def expand(items, prefixes: set[str]):
        done: set[str] = set()
        for op, av in items:
            if not prefixes:
                break
            if op is c.LITERAL:
                if av == 32:
                    done |= prefixes
                    prefixes = set()
                else:
                    prefixes = {p + chr(av).lower() for p in prefixes}
            elif op is c.IN and all(o is c.LITERAL and v != 32 for o, v in av):
                prefixes = {p + chr(v).lower() for p in prefixes for _, v in av}
            elif op is c.SUBPATTERN:
                found = expand(av[-1], prefixes)
                if found is None:
                    return None
                done |= found[0]
                prefixes = found[1]
            elif op is c.BRANCH:
                merged: set[str] = set()
                for alternative in av[1]:
                    found = expand(alternative, prefixes)
                    if found is None:
                        return None
                    done |= found[0]
                    merged |= found[1]
                prefixes = merged
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] == 1:
                found = expand(av[2], prefixes)
                if found is None:
                    return None
                done |= found[0]
                prefixes = found[1] | (prefixes if av[0] == 0 else set())
            else:
                return None
            if len(done) + len(prefixes) > _FIRST_WORD_LIMIT:
                return None
        return done, prefixes

    found = expand(_sre_parse(pattern), {""})
    if found is None:
        return None
    words = found[0] | found[1]
    return frozenset(words) if "" not in words else None


@dataclass(frozen=True)
class Match:
    """An entry found over tokens ``first`` to ``last`` (inclusive) of a token sequence."""

    entry: Entry
    first: int
    last: int


class Matcher:
    """Finds lexicon entries in token sequences in time linear in the tokens.

    Phrases live in a trie keyed by Snowball stems, so inflections match; a text
    word may not be shorter than the entry's word less one letter, which keeps
    "brotherly" from matching "brother". Patterns are combined into one regular
    expression run over the words joined by spaces; :func:`pattern_problem`
    guarantees each attempt is bounded by a word's length. Hyphens join words
    like spaces do; any other punctuation, and over-long "words", break phrases.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.trie: dict = {}
        seen: dict[tuple[str, ...], Entry] = {}
        problems = []
        patterns = []
        for entry in entries:
            if entry.match == "pattern":
                patterns.append(entry)
                continue
            words = tuple(phrase_words(entry.term))
            if words in seen:
                other = seen[words]
                problems.append(
                    f"{entry.where}: entry {entry.term!r}: duplicate term, also in "
                    f"{other.where} (category {other.category!r})"
                )
                continue
            seen[words] = entry
            self._add(words, entry)
        for entry in entries:
            words = phrase_words(entry.term) if entry.match == "phrase" else []
            if len(words) == 1:
                for form in _degree_forms(words[0]):
                    if (form,) not in seen:
                        self._add((form,), entry)
        pattern_terms: dict[str, Entry] = {}
        for entry in patterns:
            if entry.term in pattern_terms:
                problems.append(
                    f"{entry.where}: entry {entry.term!r}: duplicate term, also in "
                    f"{pattern_terms[entry.term].where}"
                )
            pattern_terms[entry.term] = entry
        _raise(problems)
        # A pattern is tried only at words it can start with, found by expanding its
        # first word's regular language when that is small; the few patterns whose
        # first word is open-ended are found by one scan of a zero-width lookahead,
        # which sees overlapping starts too. Each is then tried on its own, so the
        # longest match wins rather than the first pattern listed.
        self.pattern_entries = patterns
        # Compiled on first use: most patterns never meet their first word in a
        # given run, and compiling hundreds of them would slow every start-up.
        self.patterns: list[re.Pattern | None] = [None] * len(patterns)
        self.by_first_word: dict[str, list[int]] = {}
        self.any_by_first_word: dict[str, re.Pattern] = {}
        open_ended = []
        for i, entry in enumerate(patterns):
            words = _first_words(entry.term)
            if words is None:
                open_ended.append(i)
            for word in words or ():
                self.by_first_word.setdefault(word, []).append(i)
        self.open_ended = open_ended
        self.open_ended_scan = (
            re.compile(
                r"(?<![^ ])(?=(?:"
                + "|".join(f"(?:{patterns[i].term})" for i in open_ended)
                + r")(?![^ ]))",
                re.IGNORECASE,
            )
            if open_ended
            else None
        )
        self.exceptions = {
            id(e): [tuple(stem(w) for w in phrase_words(x)) for x in e.exceptions]
            for e in entries
            if e.exceptions
        }

    def _add(self, words: tuple[str, ...], entry: Entry) -> None:
        node = self.trie
        for w in words:
            node = node.setdefault(stem(w), {})
        node.setdefault(None, []).append((entry, tuple(len(w) - 1 for w in words), words))

    def find(self, tokens) -> list[Match]:
        """Non-overlapping matches (longest first) over a sequence of tokens."""
        candidates: list[Match] = []
        for run in self.word_runs(tokens):
            keys = [stem(tokens[i].norm) for i in run]
            self._phrases(tokens, run, keys, candidates)
            if self.pattern_entries:
                self._patterns(tokens, run, keys, candidates)
        candidates.sort(key=lambda m: (m.first - m.last, m.first))
        taken: set[int] = set()
        chosen = []
        for m in candidates:
            span = range(m.first, m.last + 1)
            if not any(i in taken for i in span):
                taken.update(span)
                chosen.append(m)
        chosen.sort(key=lambda m: m.first)
        return chosen

    @staticmethod
    def word_runs(tokens) -> list[list[int]]:
        """Indices of the words that phrases may span: punctuation other than joining
        hyphens and possessive apostrophes (both attached to the word before: a
        spaced dash " - " ends a run) ends a run."""
        runs, current = [], []
        for i, t in enumerate(tokens):
            if t.is_word and len(t.text) <= MAX_WORD_CHARS:
                current.append(i)
            elif current and tokens[i - 1].end == t.start and (
                t.text in _HYPHENS or t.text in _APOSTROPHES
            ):
                continue  # "war-torn", and the plural possessive in "workers' rights"
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        return runs

    def _phrases(self, tokens, run, keys, out: list[Match]) -> None:
        for a in range(len(run)):
            node = self.trie
            for b in range(a, len(run)):
                node = node.get(keys[b])
                if node is None:
                    break
                terminals = node.get(None)
                if terminals:
                    entry = self._best(terminals, [tokens[i].norm for i in run[a : b + 1]])
                    if entry and not self._excepted(entry, keys, a, b):
                        out.append(Match(entry, run[a], run[b]))

    @staticmethod
    def _best(terminals, norms: list[str]) -> Entry | None:
        fitting = [
            (words == tuple(norms), sum(map(len, words)), entry)
            for entry, min_lengths, words in terminals
            if all(len(n) >= m for n, m in zip(norms, min_lengths, strict=True))
        ]
        return max(fitting, key=lambda f: f[:2])[2] if fitting else None

    def _patterns(self, tokens, run, keys, out: list[Match]) -> None:
        norms = [tokens[i].norm for i in run]
        first_words = self.by_first_word
        if self.open_ended_scan is None and not any(word in first_words for word in norms):
            return  # most runs: no word a pattern can start with
        starts, cursor = [], 0
        for n in norms:
            starts.append(cursor)
            cursor += len(n) + 1
        joined = " ".join(norms)
        # One combined test per start rules out most starts before any single
        # pattern is tried: it matches when at least one of the word's patterns does.
        tries: dict[int, list[int]] = {
            a: list(first_words[word])
            for a, word in enumerate(norms)
            if word in first_words and self._any_pattern(word).match(joined, starts[a])
        }
        if self.open_ended_scan is not None:
            for m in self.open_ended_scan.finditer(joined):
                tries.setdefault(bisect.bisect_right(starts, m.start()) - 1, []).extend(
                    self.open_ended
                )
        for a, candidates in tries.items():
            for i in candidates:
                found = self._pattern(i).match(joined, starts[a])
                if found and found.end() > starts[a]:
                    b = bisect.bisect_right(starts, found.end() - 1) - 1
                    entry = self.pattern_entries[i]
                    if not self._excepted(entry, keys, a, b):
                        out.append(Match(entry, run[a], run[b]))

    def _any_pattern(self, word: str) -> re.Pattern:
        compiled = self.any_by_first_word.get(word)
        if compiled is None:
            terms = (self.pattern_entries[i].term for i in self.by_first_word[word])
            compiled = self.any_by_first_word[word] = re.compile(
                "|".join(f"(?:{term})(?![^ ])" for term in terms), re.IGNORECASE
            )
        return compiled

    def _pattern(self, i: int) -> re.Pattern:
        compiled = self.patterns[i]
        if compiled is None:
            term = self.pattern_entries[i].term
            compiled = self.patterns[i] = re.compile(rf"(?:{term})(?![^ ])", re.IGNORECASE)
        return compiled

    def _excepted(self, entry: Entry, keys: list[str], a: int, b: int) -> bool:
        for phrase in self.exceptions.get(id(entry), ()):
            k = len(phrase)
            for j in range(max(0, a - k + 1), min(b, len(keys) - k) + 1):
                if tuple(keys[j : j + k]) == phrase:
                    return True
        return False


@dataclass(frozen=True)
class Negation:
    """Negation cues (lexicons/negation.toml) and a test for a hit's scope."""

    cues: frozenset[str]
    suffixes: tuple[str, ...]
    window: int
    not_negating: tuple[tuple[str, ...], ...]

    def negates(self, norms: list[str], at: int) -> bool:
        """Whether a cue stands within ``window`` words before position ``at`` of ``norms``.

        ``norms`` are the folded words of one clause, in order.
        """
        for i in range(max(0, at - self.window), at):
            word = norms[i]
            if word in self.cues or word.endswith(self.suffixes):
                if not any(tuple(norms[i : i + len(p)]) == p for p in self.not_negating):
                    return True
        return False


@lru_cache(maxsize=1)
def load_negation() -> Negation:
    name = "lexicons/negation.toml"
    data, _ = read_toml(lexicon_root().joinpath("negation.toml"), name)
    cues, suffixes = data.get("cues"), data.get("cue_suffixes", [])
    window, phrases = data.get("window"), data.get("not_negating", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise LexiconError(f"{name}: 'cues' must be a list of words")
    if not isinstance(window, int) or window < 1:
        raise LexiconError(f"{name}: 'window' must be a positive number of words")
    return Negation(
        frozenset(fold(c) for c in cues),
        tuple(fold(s) for s in suffixes),
        window,
        tuple(tuple(phrase_words(p)) for p in phrases),
    )


@dataclass(frozen=True)
class PhraseGrammar:
    """How framing hits grow into the phrases they frame (lexicons/phrases.toml)."""

    max_gap: int
    coordinators: frozenset[str]
    modifier_suffixes: tuple[str, ...]
    plural_suffixes: tuple[str, ...]
    not_plural_suffixes: tuple[str, ...]
    function_words: frozenset[str]


@lru_cache(maxsize=1)
def load_phrase_grammar() -> PhraseGrammar:
    name = "lexicons/phrases.toml"
    data, _ = read_toml(lexicon_root().joinpath("phrases.toml"), name)
    return parse_phrase_grammar(data, name)


def parse_phrase_grammar(data: dict, name: str) -> PhraseGrammar:
    lists = {}
    keys = (
        "coordinators", "modifier_suffixes", "plural_suffixes", "not_plural_suffixes",
        "function_words",
    )
    for key in keys:
        value = data.get(key)
        words_only = isinstance(value, list) and all(isinstance(w, str) and w for w in value)
        if not value or not words_only:
            raise LexiconError(f"{name}: '{key}' must be a non-empty list of words")
        lists[key] = [fold(w) for w in value]
    max_gap = data.get("max_gap")
    if not isinstance(max_gap, int) or isinstance(max_gap, bool) or max_gap < 0:
        raise LexiconError(f"{name}: 'max_gap' must be a number of words (0 or more)")
    return PhraseGrammar(
        max_gap,
        frozenset(lists["coordinators"]),
        tuple(lists["modifier_suffixes"]),
        tuple(lists["plural_suffixes"]),
        tuple(lists["not_plural_suffixes"]),
        frozenset(lists["function_words"]),
    )


@dataclass(frozen=True)
class Lexicon:
    """The loaded-language categories in force, compiled, with a content version."""

    categories: tuple[Category, ...]
    matcher: Matcher
    version: str

    def category(self, cid: str) -> Category:
        for c in self.categories:
            if c.id == cid:
                return c
        known = ", ".join(c.id for c in self.categories)
        raise LexiconError(f"no category {cid!r} (known: {known})")


def load_lexicon(user_files: tuple[str | Path, ...] = (), *, bundled: bool = True) -> Lexicon:
    """The bundled loaded-language lexicon, with any user files applied.

    Parameters
    ----------
    user_files : paths of category files
        Each adds a category, extends or replaces the bundled one with its ``id``
        (``mode = "replace"``), disables it (``disabled = true``), or disables single
        entries (an entry with ``disabled = true``).
    bundled : bool
        False to use the user files alone, without the bundled categories.
    """
    stamped = []
    for p in user_files:
        try:
            stamped.append((str(p), Path(p).stat().st_mtime_ns))
        except OSError:
            raise LexiconError(f"{p}: no such lexicon file") from None
    # Keyed by modification time too, so a file edited in a notebook is re-read.
    return _load_lexicon(tuple(stamped), bundled)


@lru_cache(maxsize=8)
def _load_lexicon(user_files: tuple[tuple[str, int], ...], with_bundled: bool) -> Lexicon:
    import hashlib

    bundled = bundled_category_files() if with_bundled else []
    user = [read_category(Path(p), p, partial=with_bundled) for p, _ in user_files]
    categories = merge_categories(bundled, user)
    matcher = Matcher([e for c in categories for e in c.entries])
    digest = hashlib.sha256()
    for c in categories:
        digest.update(repr(c).encode("utf-8"))
    return Lexicon(tuple(categories), matcher, digest.hexdigest()[:12])


def example_problems(category: Category, matcher: Matcher) -> list[str]:
    """Each ``fire`` example must yield a hit of the category; each ``quiet`` one must not.

    Each phrase entry must also fire on its own term: an exception that stems like
    the term itself would otherwise silence the entry everywhere, without a word.
    """
    from .segment import tokens

    problems = []
    for entry in category.entries:
        if entry.match == "phrase" and entry not in {
            m.entry for m in matcher.find(tokens(entry.term, 0, len(entry.term)))
        }:
            problems.append(f"{entry.where}: entry {entry.term!r} does not fire on its own term")
    for kind, sentences in (("fire", category.fire), ("quiet", category.quiet)):
        for sentence in sentences:
            hits = [
                m.entry.term
                for m in matcher.find(tokens(sentence, 0, len(sentence)))
                if m.entry.category == category.id
            ]
            if kind == "fire" and not hits:
                problems.append(
                    f"{category.where}: fire example gives no {category.id!r} hit: {sentence!r}"
                )
            if kind == "quiet" and hits:
                problems.append(f"{category.where}: quiet example fires {hits!r}: {sentence!r}")
    return problems


def _same_file(bundled_name: str, path: Path) -> bool:
    bundled = lexicon_root().joinpath("loaded", Path(bundled_name).name)
    try:
        return Path(str(bundled)).resolve() == path.resolve()
    except OSError:
        return False


def check_lexicon_files(paths) -> list[tuple[Path, list[str], str]]:
    """Validate user category files against the bundled lexicon; run their examples."""
    report = []
    for path in paths:
        path = Path(path)
        # A bundled file being checked stands in for itself rather than extending itself.
        bundled = [f for f in bundled_category_files() if not _same_file(f.name, path)]
        bundled_ids = {f.id for f in bundled}
        try:
            data, text = read_toml(path, str(path))
            partial = data.get("id") in bundled_ids
            parsed = parse_category(data, text, str(path), partial=partial)
            categories = merge_categories(bundled, [parsed])
            matcher = Matcher([e for c in categories for e in c.entries])
        except LexiconError as exc:
            report.append((path, str(exc).splitlines(), ""))
            continue
        if parsed.disabled:
            report.append((path, [], f"disables category {parsed.id!r}"))
            continue
        category = next(c for c in categories if c.id == parsed.id)
        problems = example_problems(category, matcher)
        verb = "extends" if partial and parsed.mode == "extend" else "defines"
        summary = (
            f"{verb} category {parsed.id!r}: {len(parsed.category.entries)} entries, "
            f"{len(category.fire) + len(category.quiet)} examples pass"
        )
        report.append((path, problems, summary))
    return report


# --------------------------------------------------------------------------- attribution


@dataclass(frozen=True)
class AttributionGrammar:
    """The ``[grammar]`` word lists of lexicons/attribution.toml (the file says what each
    is for), folded, and the sets derived from them. ``relay_cues`` holds stems."""

    clause_words: frozenset[str]
    relative_pronouns: frozenset[str]
    determiners: frozenset[str]
    articles: frozenset[str]
    indefinite: frozenset[str]
    definite: frozenset[str]
    count_words: frozenset[str]
    adverbial_openers: frozenset[str]
    between_words: frozenset[str]
    other_function_words: frozenset[str]
    asides: frozenset[str]
    passive_auxiliaries: frozenset[str]
    not_sources: frozenset[str]
    affiliation_prepositions: frozenset[str]
    name_joiners: frozenset[str]
    honorifics: frozenset[str]
    trailing_words: frozenset[str]
    coordinators: frozenset[str]
    plural_words: frozenset[str]
    appositive_articles: frozenset[str]
    relay_cues: frozenset[str]
    # Derived: words that are never part of a name, and words that end a speaker
    # named after its cue ("according to officials who …", "said the minister on Monday").
    function_words: frozenset[str] = field(init=False)
    speaker_ends: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        speaker_ends = self.clause_words | self.relative_pronouns | self.adverbial_openers
        function_words = speaker_ends | self.determiners | self.between_words
        object.__setattr__(self, "speaker_ends", speaker_ends)
        object.__setattr__(self, "function_words", function_words | self.other_function_words)


_GRAMMAR_LISTS = tuple(f.name for f in dataclass_fields(AttributionGrammar) if f.init)
_STEMMED_GRAMMAR_LISTS = frozenset({"relay_cues"})


@dataclass(frozen=True)
class AttributionLexicon:
    """lexicons/attribution.toml compiled: cue and phrase matcher plus word sets (stems)."""

    matcher: Matcher
    anonymous_heads: frozenset[str]
    vague_heads: frozenset[str]
    roles: frozenset[str]
    ranks: frozenset[str]
    organisation_words: frozenset[str]
    media_words: frozenset[str]
    media_outlets: tuple[tuple[str, ...], ...]
    singular_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    characterising: frozenset[tuple[str, ...]]  # the [cues] characterise terms, as stems
    grammar: AttributionGrammar


@lru_cache(maxsize=1)
def load_attribution() -> AttributionLexicon:
    name = "lexicons/attribution.toml"
    data, text = read_toml(lexicon_root().joinpath("attribution.toml"), name)

    def words(table: str, key: str) -> list[str]:
        value = data.get(table, {}).get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise LexiconError(f"{name}: '{table}.{key}' must be a non-empty list of strings")
        return value

    entries = []
    for table, key, match in (
        ("cues", "speech", "phrase"),
        ("cues", "characterise", "phrase"),
        ("cues", "according_to", "phrase"),
        ("anonymity", "reasons", "phrase"),
        ("anonymity", "descriptors", "phrase"),
        ("agentless", "patterns", "pattern"),
    ):
        for term in words(table, key):
            at = where(name, text, term)
            if match == "pattern" and (problem := pattern_problem(term)):
                raise LexiconError(f"{at}: {key} {term!r}: {problem}")
            entries.append(Entry(term, match, key, 1, where=at))

    def stems(key: str) -> frozenset[str]:
        return frozenset(stem(fold(w)) for w in words("sources", key))

    if not isinstance(data.get("grammar"), dict):
        raise LexiconError(f"{name}: needs a [grammar] table of word lists")
    unknown = set(data["grammar"]) - set(_GRAMMAR_LISTS)
    if unknown:
        raise LexiconError(f"{name}: unknown key(s) in [grammar]: {', '.join(sorted(unknown))}")
    grammar = AttributionGrammar(
        **{
            key: frozenset(
                stem(fold(w)) if key in _STEMMED_GRAMMAR_LISTS else fold(w)
                for w in words("grammar", key)
            )
            for key in _GRAMMAR_LISTS
        }
    )

    return AttributionLexicon(
        Matcher(entries),
        stems("anonymous_heads"),
        stems("vague_heads"),
        stems("roles"),
        stems("ranks"),
        stems("organisation_words"),
        stems("media_words"),
        tuple(tuple(phrase_words(o)) for o in words("sources", "media_outlets")),
        frozenset(fold(w) for w in words("sources", "singular_pronouns")),
        frozenset(fold(w) for w in words("sources", "plural_pronouns")),
        frozenset(
            tuple(stem(w) for w in phrase_words(term)) for term in words("cues", "characterise")
        ),
        grammar,
    )


@dataclass(frozen=True)
class StandardRule:
    id: str
    title: str
    rule: str
    cites: tuple[str, ...]


@lru_cache(maxsize=1)
def load_standards() -> dict[str, StandardRule]:
    name = "lexicons/standards.toml"
    data, _ = read_toml(lexicon_root().joinpath("standards.toml"), name)
    rules = {}
    for i, raw in enumerate(data.get("rules", [])):
        missing = [k for k in ("id", "title", "rule", "cites") if k not in raw]
        if missing:
            raise LexiconError(f"{name}: rule {i + 1} misses {', '.join(missing)}")
        rules[raw["id"]] = StandardRule(
            raw["id"], raw["title"], " ".join(raw["rule"].split()), tuple(raw["cites"])
        )
    return rules
