import random
import re
from pathlib import Path

import pytest
from regex_twins import assert_finds_what_its_backtracking_twin_finds

from datelines.extract.article import Article
from datelines.extract.pipeline import extract
from datelines.extract.places.names import MentionRole, distance_km, find_toponyms
from datelines.extract.places.sites import (
    _PREFIX,
    _SUFFIX,
    NEAR_PRECISION,
    SITE_PREFIX,
    _head_positions,
    _prefix_matches,
    _site_spans,
    _suffix_matches,
    sentence_bounds,
    with_sites,
)


def sites(text: str) -> dict[str, tuple[str, float, float, str]]:
    """site text -> (kind, lat, lon, source) for every named site found."""
    return {
        m.text: (m.entry.kind, m.entry.lat, m.entry.lon, m.entry.source)
        for m in with_sites(text, find_toponyms(text))
        if m.entry.id.startswith(SITE_PREFIX)
    }


def test_crossing_lies_at_the_town_it_is_named_after() -> None:
    text = "Aid trucks crossed into Sudan from Chad through the Adre crossing on Sunday."
    found = sites(text)
    assert found["Adre crossing"][0] == "crossing"
    assert found["Adre crossing"][3].startswith("at Adre")
    mentions = with_sites(text, find_toponyms(text))
    town = next(m for m in mentions if m.text == "Adre")
    assert town.role == MentionRole.EMBEDDED  # not a second marker for the town


def test_street_lies_in_the_city_of_the_article_not_its_namesake() -> None:
    text = "In Lima, police blocked demonstrators heading along Abancay Avenue toward Congress."
    kind, lat, lon, source = sites(text)["Abancay Avenue"]
    assert kind == "route"
    assert distance_km(lat, lon, -12.05, -77.04) < 15  # Lima, not the Andean town of Abancay
    assert "near Lima" in source


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Families fled El Fasher for the Zamzam camp south of the city.", "Zamzam camp"),
        ("Crowds gathered on Plaza San Martín in Lima on Tuesday.", "Plaza San Martín"),
        ("In Norcia the Basilica of St Benedict collapsed again.", "Basilica of St Benedict"),
        ("He was treated at the city's Saudi Hospital in El Fasher.", "Saudi Hospital"),
        ("Troops in Gaza City withdrew from the Netzarim Corridor.", "Netzarim Corridor"),
    ],
)
def test_named_sites_are_found(text: str, site: str) -> None:
    assert site in sites(text)


@pytest.mark.parametrize(
    "text",
    [
        "An Azerbaijani checkpoint near Lachin stopped the convoy.",  # a demonym names no site
        "Whilst market volatility in London may remain, shares rose.",  # capital only starts the sentence
        "The Catholic Church in Rome condemned the attack.",  # an institution
        "A Gaza hospital in Gaza City was hit.",  # a town and a lower-case noun
        "The street was renamed Franklin. This avenue in Paris marked the border.",  # not across a sentence
    ],
)
def test_phrases_that_name_no_site(text: str) -> None:
    assert sites(text) == {}


def test_a_site_with_no_town_around_it_is_left_off_the_map() -> None:
    assert sites("Crowds gathered on Plaza Mayor at dawn.") == {}


def test_sites_become_places_drawn_as_near_a_town() -> None:
    text = "EL FASHER, Sudan — Shells hit the Zamzam camp on Saturday, aid workers in El Fasher said."
    extraction = extract(Article("t", "t", None, text), online=False)
    camp = next(place for place in extraction.places if place.name == "Zamzam camp")
    assert camp.geo_precision == NEAR_PRECISION
    assert camp.source.startswith("near El Fasher")
    assert any(camp.id in event.place_ids for event in extraction.events)


def test_a_camp_named_after_its_town_answers_to_the_town_name() -> None:
    text = "In the West Bank, thousands have fled the Jenin refugee camp since Tuesday."
    extraction = extract(Article("t", "t", None, text), online=False)
    camp = next(place for place in extraction.places if place.name == "Jenin refugee camp")
    assert "Jenin" in camp.aliases  # a search for the town finds the camp
    assert camp.country_code == "PS" and abs(camp.lat - 32.46) < 0.1  # Jenin in the West Bank, not the Polish village
    assert not any(place.name == "Jenin" for place in extraction.places)  # one marker, not two


def test_a_site_named_again_near_another_town_lies_near_that_town() -> None:
    """Site entries are remembered from one article to the next: a hospital of the same name in a report
    from another city must still lie in that city."""
    for _ in range(2):  # the second round is answered from what the first remembered
        in_khartoum = sites("Shelling hit the Al-Shifa hospital in Khartoum on Monday.")["Al-Shifa hospital"]
        in_gaza = sites("Shelling hit the Al-Shifa hospital in Gaza City on Monday.")["Al-Shifa hospital"]
        assert in_khartoum[1:3] == pytest.approx((15.55, 32.53), abs=0.1)
        assert in_gaza[1:3] == pytest.approx((31.50, 34.47), abs=0.1)
        assert in_gaza[3].startswith("near Gaza City")


def test_a_long_run_of_capitalised_hyphenated_words_is_read_in_passing() -> None:
    # Words joined by hyphens once let the name pattern split them 2^n ways (backtracking).
    text = "-".join(["Ab"] * 60) + " x. " + " ".join(["Cd"] * 3000) + " y"
    assert sites(text) == {}


def test_a_phrase_read_both_as_prefix_and_suffix_site_is_one_site() -> None:
    text = "Crowds filled Plaza Camp in Lima on Monday."
    assert [span[2] for span in _site_spans(text, find_toponyms(text))] == ["Plaza Camp"]


def test_the_windowed_site_search_finds_what_a_full_scan_finds() -> None:
    """The head-anchored windows are an optimisation: they must give exactly the full regex scan's matches."""
    root = Path(__file__).resolve().parents[2]
    texts = [path.read_text(encoding="utf-8") for path in sorted((root / "fixtures" / "articles").glob("*.txt"))]
    words = " ".join(texts).split()
    pieces = ["camp", "Camp", "refugee camp", "Street", "crossing", "Plaza", "(Zamzam", "el-Fasher", "St.", "de", "  "]
    rng = random.Random(7)
    for _ in range(400):
        texts.append(" ".join(rng.choice(words if rng.random() < 0.6 else pieces) for _ in range(rng.randint(1, 50))))
    for text in texts:
        suffix_heads, prefix_heads = _head_positions(text)
        assert [m.span() for m in _suffix_matches(text, suffix_heads)] == [m.span() for m in _SUFFIX.finditer(text)]
        assert [m.span() for m in _prefix_matches(text, prefix_heads)] == [m.span() for m in _PREFIX.finditer(text)]


def testsentence_bounds_read_outwards_are_the_bounds_a_regex_pass_finds() -> None:
    """`sentence_bounds` scans from the site outwards; it must agree with a regex pass from the text's start."""
    breaks = re.compile(r"[.!?]\s|\n")
    pieces = ["Word", " ", ".", "!", "?", "\n", "\t", "\u00a0", "\u2014", "U.S.", "camp", "\r\n", ". ", ".\n"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        position = rng.randint(0, len(text))
        starts = [match.end() for match in breaks.finditer(text, 0, position)]
        following = breaks.search(text, position)
        expected = (starts[-1] if starts else 0), (following.start() if following else len(text))
        assert sentence_bounds(text, position) == expected, (text, position)


def test_the_possessive_site_patterns_find_what_their_backtracking_twins_find() -> None:
    vocabulary = [
        *("Zamzam ", "Camp", " camp", "refugee camp", "el-", "St. ", "Gaza’s ", "de ", "la ", "-", "’", "'", " "),
        *("Plaza ", "Mayor", "Street", "crossing", "the ", "é", "Ébano ", "x", ".", "Abu Shouk "),
    ]
    assert_finds_what_its_backtracking_twin_finds(_SUFFIX, vocabulary, 9)
    assert_finds_what_its_backtracking_twin_finds(_PREFIX, vocabulary, 10)
