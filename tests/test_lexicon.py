import os
import re
import textwrap

import pytest

from framing.cli import main
from framing.lexicon import (
    LexiconError,
    load_abbreviations,
    load_lexicon,
    parse_abbreviations,
    parse_phrase_grammar,
    pattern_problem,
    read_toml,
)


def test_bundled_abbreviations_load_in_punkt_form():
    types = load_abbreviations()
    assert {"mr", "gen", "lt", "col", "u.s", "u.n", "jan", "feb"} <= set(types)
    assert all(t == t.lower() and not t.endswith(".") for t in types)


def test_invalid_abbreviation_names_file_and_line(tmp_path):
    path = tmp_path / "abbr.toml"
    path.write_text('[groups]\ntitles = [\n  "Mr.",\n  "Doctor",\n]\n', encoding="utf-8")
    data, text = read_toml(path)
    with pytest.raises(LexiconError, match=r"abbr\.toml:4: abbreviation 'Doctor'"):
        parse_abbreviations(data, text, str(path))


def test_malformed_toml_is_a_lexicon_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[groups\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="bad.toml: invalid TOML"):
        read_toml(path)


def test_missing_groups_table(tmp_path):
    with pytest.raises(LexiconError, match="needs a \\[groups\\] table"):
        parse_abbreviations({}, "", "x.toml")


HEADER = """
id = "mine"
name = "Mine"
description = "A user's category."
default_weight = 2
[examples]
fire = ["a zany plan"]
quiet = ["a plan"]
"""


def write(tmp_path, body, header=HEADER, name="mine.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(header) + textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[entries]]\nterm = "zany"\n', r"mine.toml:9: entry 'zany': missing field 'match'"),
        (
            '[[entries]]\nterm = "zany"\nmatch = "regex"\n',
            r"mine.toml:9: entry 'zany': unknown match 'regex'",
        ),
        (
            '[[entries]]\nterm = "zany"\nmatch = "phrase"\n'
            '[[entries]]\nterm = "Zany"\nmatch = "phrase"\n',
            r"mine.toml:12: entry 'Zany': duplicate term, also in .*mine.toml:9",
        ),
        (
            '[[entries]]\nterm = "(zany+)+"\nmatch = "pattern"\n',
            r"mine.toml:9: entry '\(zany\+\)\+': .*backtrack catastrophically",
        ),
        (
            '[[entries]]\nterm = "zany"\nmatch = "phrase"\nweight = 7\n',
            r"entry 'zany': 'weight' must be 1, 2 or 3",
        ),
        (
            '[[entries]]\nterm = "zany"\nmatch = "phrase"\ncolour = "red"\n',
            r"entry 'zany': unknown key\(s\) colour",
        ),
        (
            '[[entries]]\nterm = "(?P<kind>zany) plan"\nmatch = "pattern"\n',
            r"mine.toml:9: entry .*named groups are not allowed",
        ),
        (
            '[[entries]]\nterm = "zany"\nmatch = "phrase"\nexceptions = ["zanies"]\n',
            r"mine.toml:9: entry 'zany' does not fire on its own term",
        ),
    ],
)
def test_check_rejects_bad_entries_naming_file_line_and_entry(tmp_path, capsys, body, message):
    path = write(tmp_path, body)
    assert main(["lexicon", "check", str(path)]) == 1
    assert re.search(message, capsys.readouterr().err)


def test_check_rejects_a_term_that_a_bundled_category_has(tmp_path, capsys):
    term = load_lexicon().categories[0].entries[0].term
    path = write(tmp_path, f'[[entries]]\nterm = "{term}"\nmatch = "phrase"\n')
    assert main(["lexicon", "check", str(path)]) == 1
    assert "duplicate term" in capsys.readouterr().err


def test_check_runs_the_examples(tmp_path, capsys):
    path = write(tmp_path, '[[entries]]\nterm = "plan"\nmatch = "phrase"\n')
    assert main(["lexicon", "check", str(path)]) == 1
    assert "quiet example fires ['plan']" in capsys.readouterr().err
    good = write(tmp_path, '[[entries]]\nterm = "zany"\nmatch = "phrase"\n', name="good.toml")
    assert main(["lexicon", "check", str(good)]) == 0
    assert "defines category 'mine': 1 entries, 2 examples pass" in capsys.readouterr().out


def test_missing_fields_of_a_new_category(tmp_path, capsys):
    path = write(tmp_path, '[[entries]]\nterm = "zany"\nmatch = "phrase"\n', header='id = "mine"\n')
    assert main(["lexicon", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "missing field 'name'" in err and "missing field 'description'" in err


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [
        (r"(?:is|are) widely (?:seen|regarded) as", True),
        (r"claim(?:s|ed|ing)?", True),
        (r"\w+-torn", True),
        (r"[^ ]+ly", True),
        (r"(a+)+", False),
        (r"(\w+\s?)*", False),
        (r"(a|aa)*b", False),
        (r"[a-z ]+", False),
        (r".*", False),
        (r"(a)\1", False),
        (r"(?<=x)y", False),
        (r"x?", False),
        (r"(unclosed", False),
    ],
)
def test_pattern_safety(pattern, ok):
    assert (pattern_problem(pattern) is None) is ok


def test_user_file_extends_overrides_and_disables(tmp_path):
    base = load_lexicon()
    first = base.categories[0]
    victim = first.entries[0].term
    extend = write(
        tmp_path,
        f'''
        id = "{first.id}"
        [[entries]]
        term = "zany"
        match = "phrase"
        [[entries]]
        term = "{victim}"
        disabled = true
    ''',
        header="",
        name="extend.toml",
    )
    lexicon = load_lexicon((extend,))
    terms = {e.term for e in lexicon.category(first.id).entries}
    assert "zany" in terms and victim not in terms
    assert len(terms) == len(first.entries)
    disable = write(tmp_path, f'id = "{first.id}"\ndisabled = true\n', header="", name="off.toml")
    assert first.id not in {c.id for c in load_lexicon((disable,)).categories}


def test_an_edited_user_file_is_reread(tmp_path):
    path = write(tmp_path, '[[entries]]\nterm = "zany"\nmatch = "phrase"\n')
    assert {e.term for e in load_lexicon((path,)).category("mine").entries} == {"zany"}
    path.write_text(path.read_text().replace('"zany"', '"wacky"'), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert {e.term for e in load_lexicon((path,)).category("mine").entries} == {"wacky"}


def test_list_and_show(capsys):
    assert main(["lexicon", "list"]) == 0
    out = capsys.readouterr().out
    lexicon = load_lexicon()
    assert all(c.id in out for c in lexicon.categories)
    assert f"lexicon version {lexicon.version}" in out
    cid = lexicon.categories[0].id
    assert main(["lexicon", "show", cid]) == 0
    assert "fires on:" in capsys.readouterr().out
    assert main(["lexicon", "show", "no_such_category"]) == 1
    assert "no category 'no_such_category'" in capsys.readouterr().err


def test_bundled_phrase_grammar_loads():
    from framing.lexicon import load_phrase_grammar

    grammar = load_phrase_grammar()
    assert "and" in grammar.coordinators and "the" in grammar.function_words
    assert "ly" in grammar.modifier_suffixes and grammar.max_gap >= 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"coordinators": ["and"], "modifier_suffixes": ["ly"], "plural_suffixes": ["s"],
          "not_plural_suffixes": ["ss"], "function_words": []},
         "'function_words' must be a non-empty list of words"),
        ({"coordinators": "and", "modifier_suffixes": ["ly"], "plural_suffixes": ["s"],
          "not_plural_suffixes": ["ss"], "function_words": ["the"]},
         "'coordinators' must be a non-empty list of words"),
        ({"coordinators": ["and"], "modifier_suffixes": ["ly"], "plural_suffixes": ["s"],
          "not_plural_suffixes": ["ss"], "function_words": ["the"],
          "max_gap": -1}, "'max_gap' must be a number of words"),
    ],
)
def test_invalid_phrase_grammar_names_the_file_and_key(data, message):
    with pytest.raises(LexiconError, match=re.escape(f"phrases.toml: {message}")):
        parse_phrase_grammar(data, "phrases.toml")
