import gzip

import pytest
from regex_twins import random_texts

from datelines.geo.gazetteer import COLUMNS, GAZETTEER_PATH, load


@pytest.mark.parametrize(
    ("name", "kind", "geometry"),
    [
        ("Nagorno-Karabakh", "region", "Polygon"),
        ("Lachin Corridor", "route", "LineString"),
        ("Gaza Strip", "region", "Polygon"),
        ("Darfur", "region", "Polygon"),
        ("Donbas", "region", "Polygon"),
        ("Crimea", "region", "Polygon"),
        ("West Bank", "region", "Polygon"),
        ("Syunik", "region", "Polygon"),
    ],
)
def test_hand_checked_areas_and_routes_are_in_the_gazetteer(name: str, kind: str, geometry: str) -> None:
    entries = [entry for entry, _t, _s in load().candidates(name) if entry.source == "manual"]
    assert entries, name
    assert entries[0].kind == kind
    assert entries[0].geometry["type"] == geometry


def test_aliases_are_kept() -> None:
    gazetteer = load()
    assert any(e.name == "Khankendi" for e, _t, _s in gazetteer.candidates("Stepanakert"))
    shusha = next(e for e, _t, _s in gazetteer.candidates("Shusha") if e.country_code == "AZ")
    assert {"Shushi", "Şuşa"} <= set(shusha.names)


def test_countries_have_centres_and_demonyms() -> None:
    (armenia,) = [e for e, _t, _s in load().candidates("Armenia") if e.kind == "country"]
    assert 39 < armenia.lat < 41.5 and 43.5 < armenia.lon < 46.5
    assert "Armenian" in armenia.demonyms


def test_file_is_the_documented_format_and_credits_geonames() -> None:
    with gzip.open(GAZETTEER_PATH, "rt", encoding="utf-8") as handle:
        assert handle.readline().rstrip("\n").split("\t") == COLUMNS
    assert len(load()) > 150_000


def test_normalise_turns_exactly_the_regex_non_word_characters_into_spaces() -> None:
    """Offsets in the normalised text are offsets in the text, and a name matches whatever marks surround it."""
    import random
    import re

    from datelines.geo.gazetteer import normalise

    alphabet = "aZ9_ .,;:'’\"“”()-–—/\\&!?\t\n\u00a0éßŞşİı٣中日¾²ⅫÅ\u0301🙂\ud83d$€%#@*+=[]{}<>|~^`"
    generator = random.Random(7)
    for text in random_texts(generator, alphabet, 3000, 40):
        assert normalise(text) == re.sub(r"[^\w ]", " ", text), text
    assert normalise("U.S.-backed “Gaza”") == "U S  backed  Gaza "
    every_ascii = "".join(map(chr, range(128)))  # the all-ASCII path reads a byte table
    assert normalise(every_ascii) == re.sub(r"[^\w ]", " ", every_ascii)
    assert normalise(every_ascii + "é") == re.sub(r"[^\w ]", " ", every_ascii + "é")


def test_towns_and_counties_carry_their_first_level_region() -> None:
    """What lets "Greenfield" in a report from Iowa be the Iowa town."""
    gazetteer = load()
    towns = [entry for entry, _type, _form in gazetteer.candidates("Greenfield") if entry.kind == "settlement"]
    assert any(entry.admin == "Iowa" and abs(entry.lat - 41.31) < 0.1 for entry in towns)
    assert any(entry.admin == "Massachusetts" for entry in towns)
    counties = [entry for entry, _type, _form in gazetteer.candidates("Adams County")]
    assert any(entry.admin == "Iowa" for entry in counties)


def test_names_starting_a_fragment_are_what_a_trie_walk_over_it_finds() -> None:
    """The remembered key lists give, for any fragment, exactly the word-bounded keys the trie's own
    prefix search gives: first words that start few names and many, keys with doubled and trailing spaces."""
    import random

    from datelines.geo.gazetteer import normalise

    gazetteer = load()
    words = ["El", "Fasher", "San", "Pedro", "U", "S", "The", "Hague", "St", "Louis", "New", "York", "Lachin"]
    words += ["Corridor", "Nagorno", "Karabakh", "Port", "Sudan", "Red", "Sea", "North", "Darfur", "backed", "x", ""]
    generator = random.Random(17)
    fragments = ["U S  backed", "St  Louis is", "El Fasher", "The Hague and", normalise("U.S. troops")]
    fragments += [text[:64] for text in random_texts(generator, words, 3000, 6, fewest=1, joiner=" ")]
    checked = 0
    for fragment in fragments:
        first_word = fragment.split(" ", 1)[0]
        if not first_word:
            continue
        is_a_name, starts_longer_names = gazetteer.name_starts(first_word)
        if not starts_longer_names:
            continue
        walked = [key for key in gazetteer._names.prefixes(fragment) if fragment[len(key) : len(key) + 1] in ("", " ")]
        assert gazetteer.names_starting(fragment, first_word, is_a_name) == walked, fragment
        checked += 1
    assert checked > 2000
    # Both ways ran: "San" starts too many keys to list, "Lachin" few.
    assert gazetteer._longer_names["San"] is None and gazetteer._longer_names["Lachin"] is not None


def test_large_counties_named_bare_are_in_and_small_districts_are_not() -> None:
    """News names England's counties bare ("in Kent", "Suffolk police"): large second-level units are kept
    under their bare names; a small district named like its town ("Shusha") would shadow the town."""
    gazetteer = load()
    for name in ("Kent", "Suffolk", "Lincolnshire", "Hampshire"):
        kinds = {(entry.kind, entry.country_code) for entry, _type, _form in gazetteer.candidates(name)}
        assert ("county", "GB") in kinds, name
    assert all(entry.kind != "county" for entry, _type, _form in gazetteer.candidates("Shusha"))


def test_french_compass_names_have_their_english_names() -> None:
    """English news writes "North Kivu" for GeoNames' "Nord Kivu"; "Sud-Est" is no "South Est"."""
    gazetteer = load()
    assert {(entry.kind, entry.country_code) for entry, _t, _f in gazetteer.candidates("North Kivu")} == {
        ("region", "CD")
    }
    assert not gazetteer.candidates("South Est")
