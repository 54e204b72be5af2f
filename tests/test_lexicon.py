import pytest

from framing.lexicon import LexiconError, load_abbreviations, parse_abbreviations, read_toml


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
