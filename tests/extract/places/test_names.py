import pytest
from regex_twins import random_texts

from datelines.extract.places.names import MentionRole, distance_km, find_toponyms


def places(text: str) -> dict[str, tuple[str, str, str]]:
    """mention text -> (canonical name, country code, role) for every mention found."""
    return {m.text: (m.entry.name, m.entry.country_code, m.role) for m in find_toponyms(text)}


@pytest.mark.parametrize(
    ("text", "mention", "name", "country"),
    [
        pytest.param("Trucks left Goris in Armenia for the border.", "Goris", "Goris", "AM", id="goris-not-gori"),
        pytest.param("Reporters gathered in Shusha, Azerbaijan.", "Shusha", "Shusha", "AZ", id="shusha"),
        pytest.param(
            "Residents of Stepanakert, in Azerbaijan, waited.", "Stepanakert", "Khankendi", "AZ", id="alias-stepanakert"
        ),
        pytest.param(
            "KHARTOUM, Sudan (Datelines Wire) — Fighting resumed.", "KHARTOUM", "Khartoum", "SD", id="all-caps-dateline"
        ),
        pytest.param("The talks in Georgia's capital, Tbilisi, resumed.", "Tbilisi", "Tbilisi", "GE", id="capital"),
        pytest.param("Officials in the U.S. said so.", "U.S.", "United States", "US", id="us-abbreviation"),
        pytest.param("Flooding hit California and Oregon.", "California", "California", "US", id="state-not-town"),
        pytest.param("He lives in New York and owns horses.", "New York", "New York City", "US", id="city-of-millions"),
        pytest.param("WASHINGTON—President Biden spoke.", "WASHINGTON", "Washington", "US", id="dateline-em-dash"),
        pytest.param("LONDON The latest on the poisoning.", "LONDON", "London", "GB", id="dateline-bare"),
        pytest.param("SAN DIEGO (AP) - Troops arrived.", "SAN DIEGO", "San Diego", "US", id="dateline-agency"),
        pytest.param("OAKLAND, Calif. (AP) - Perez pitched.", "Calif.", "California", "US", id="ap-state-abbreviation"),
        pytest.param(
            "Protesters marched in Washington, D.C. on Friday.", "Washington, D.C.", "Washington", "US", id="dc"
        ),
        pytest.param("Protesters marched in D.C. on Friday.", "D.C.", "Washington", "US", id="dc-alone"),
        pytest.param(
            "A Nenagh councillor has said he will stand.", "Nenagh", "Nenagh", "IE", id="after-sentence-start-a"
        ),
        pytest.param(
            "The A429 Cirencester junction will close.", "Cirencester", "Cirencester", "GB", id="after-road-number"
        ),
    ],
)
def test_place_is_found_and_resolved(text: str, mention: str, name: str, country: str) -> None:
    found = places(text)
    assert mention in found, found
    assert found[mention][:2] == (name, country)


@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        pytest.param("Hamas said it would respond.", "Hamas", id="hamas-not-hamm"),
        pytest.param("Erdogan spoke to reporters.", "Erdogan", id="person"),
        pytest.param("The Rapid Support Forces shelled the city.", "Rapid", id="organisation-prefix"),
        pytest.param("The White House declined to comment.", "White House", id="white-house-not-casablanca"),
        pytest.param("The may be delays, officials said in May.", "May", id="month"),
        pytest.param("Anar Eivazov told reporters.", "Eivazov", id="unknown-surname"),
        pytest.param("The Ministry of Commerce said so.", "Commerce", id="ministry-of"),
        pytest.param("Advertisers included Johnson & Johnson.", "Johnson", id="firm-with-ampersand"),
        pytest.param("The horse was trained by Mike de Kock. Kock said it would run.", "Kock", id="surname-particle"),
        pytest.param(
            "Gino D. Bassett, 56, was charged. Police said Bassett threatened them.",
            "Bassett",
            id="surname-after-initial",
        ),
    ],
)
def test_non_places_are_not_taken_for_places(text: str, not_a_place: str) -> None:
    assert not any(not_a_place in mention for mention in places(text)), places(text)


def test_demonyms_are_recognised_but_marked() -> None:
    found = places("Russian peacekeepers entered the town.")
    assert found["Russian"] == ("Russia", "RU", MentionRole.DEMONYM)


def test_offsets_index_the_text_exactly() -> None:
    text = "«Şuşa» — also Shusha — lies near Stepanakert."
    for mention in find_toponyms(text):
        assert text[mention.start : mention.end] == mention.text


def test_seed_places_are_found_and_placed_right(seed_extraction) -> None:
    by_name = {place.name: place for place in seed_extraction.places}
    targets = {
        "Shusha": (39.76, 46.75, 15),
        "Lachin Corridor": (39.64, 46.55, 45),
        "Nagorno-Karabakh": (39.85, 46.7, 80),
    }
    for name, (lat, lon, within_km) in targets.items():
        assert name in by_name, sorted(by_name)
        assert distance_km(lat, lon, by_name[name].lat, by_name[name].lon) <= within_km
    for country in ("Azerbaijan", "Armenia", "Russia"):
        assert by_name[country].kind == "country"


def test_a_name_followed_by_region_is_the_region_and_a_possessive_is_no_name() -> None:
    found = {m.text: m.entry for m in find_toponyms("Drones were launched from Russia's Kursk region on Monday.")}
    assert found["Kursk"].kind == "region" and found["Kursk"].country_code == "RU"
    (city,) = find_toponyms("He lives in Kursk.")
    assert city.entry.kind == "settlement"


def test_a_regional_demonym_is_not_a_tiny_town_and_points_at_its_region() -> None:
    text = "The Skripals were found on a bench in the southern English city of Salisbury on March 4."
    mentions = find_toponyms(text)
    english = next(mention for mention in mentions if mention.text == "English")
    salisbury = next(mention for mention in mentions if mention.text == "Salisbury")
    assert english.role == MentionRole.DEMONYM and english.entry.name == "England"
    assert salisbury.entry.country_code == "GB"  # not Harare, once called Salisbury


def test_a_town_far_bigger_than_a_region_of_its_name_wins_without_other_context() -> None:
    text = "The rebels say their campaign will go on until Israel ends the war in Gaza."
    (gaza,) = [mention for mention in find_toponyms(text) if mention.text == "Gaza"]
    assert gaza.entry.country_code == "PS"  # not Gaza province, Mozambique


def test_a_strait_named_with_an_arabic_article_is_one_place() -> None:
    text = "US warplanes struck radar sites near the Bab el-Mandeb Strait on Tuesday."
    names = [mention.entry.name for mention in find_toponyms(text)]
    assert "Bab el-Mandeb" in names and "Al Bāb" not in names


def test_english_news_abbreviates_the_saint_of_a_geonames_name() -> None:
    (county, _florida) = find_toponyms("Tornadoes killed four people in St. Lucie County, Florida.")
    assert county.text == "St. Lucie County" and county.entry.name == "Saint Lucie County"


def test_people_named_like_towns_do_not_pull_a_place_across_the_ocean() -> None:
    text = (
        "Cole Palmer scored for England and Gareth Southgate resigned on Tuesday. "
        "The team flew home to London, where fans gathered outside the team hotel in Windsor."
    )
    (windsor,) = [mention for mention in find_toponyms(text) if mention.text == "Windsor"]
    assert windsor.entry.country_code == "GB"  # not Windsor, Ontario, near Southgate, Michigan


def test_a_lawmakers_place_is_the_state() -> None:
    (new_york,) = find_toponyms("Sen. Chuck Schumer of New York, the majority leader, said the bill would pass.")
    assert new_york.entry.kind == "region"


def test_another_spelling_of_a_town_near_the_articles_places_is_read_without_its_country_named() -> None:
    names = {
        m.text: m.entry.name for m in find_toponyms("Fighting reached Kupiansk, 100 km east of Kharkiv, on Monday.")
    }
    assert names["Kupiansk"] == "Kupyansk"  # "Ukraine" is never written


def test_a_common_word_opening_a_sentence_does_not_say_where_the_article_is() -> None:
    """ "More than 700 firefighters" once put Morez, France among the article's places, and its
    neighbourhood drew "Marathon" to a French town of that alternate name instead of the Greek one."""
    text = (
        "A wildfire near Varnavas, north of Athens, Greece, spread towards Marathon and Penteli on Monday. "
        "More than 700 firefighters battled the flames. Italy and France sent planes."
    )
    (marathon,) = [mention for mention in find_toponyms(text) if mention.text == "Marathon"]
    assert marathon.entry.country_code == "GR"


def test_a_small_town_far_from_all_the_article_names_in_a_country_it_never_names_is_doubted() -> None:
    """Greek Mati is not in the gazetteer; Mati in the Philippines, 9,000 km from every other place, is not it."""
    text = (
        "ATHENS, Greece — A wildfire near Varnavas spread towards Penteli on Monday. "
        "In 2018 a blaze in the seaside town of Mati killed 104 people, and Crete burned in 2021."
    )
    names = [mention.text for mention in find_toponyms(text)]
    assert "Mati" not in names and {"ATHENS", "Varnavas", "Penteli", "Crete"} <= set(names)


def test_a_far_town_in_a_country_the_article_names_stays() -> None:
    text = "Floods hit Varnavas, Penteli and Athens on Monday. In the Philippines, Mati was also flooded."
    assert "Mati" in [mention.text for mention in find_toponyms(text)]


def test_a_town_of_the_region_the_article_names_is_preferred() -> None:
    """Greenfield, Iowa (2,000 people) over the larger Greenfields elsewhere, in a report from Iowa."""
    text = (
        "DES MOINES, Iowa (AP) — A tornado struck Greenfield on Tuesday, "
        "and wind turbines fell near Corning in Adams County."
    )
    places = {mention.text: mention.entry for mention in find_toponyms(text)}
    for name in ("Greenfield", "Corning", "Adams County"):
        assert places[name].admin == "Iowa", name
    assert distance_km(places["Greenfield"].lat, places["Greenfield"].lon, 41.31, -94.46) < 10


def test_a_name_written_without_its_accents_is_still_the_primary_name() -> None:
    (bogota,) = [mention for mention in find_toponyms("Talks resumed in Bogota on Monday.") if mention.text == "Bogota"]
    assert bogota.entry.country_code == "CO" and bogota.name_type == "primary"


def test_a_comma_after_a_name_is_not_read_as_part_of_another_spelling() -> None:
    """ "Kidal'" (a transliteration with a soft sign) is in the gazetteer; "Kidal," in the text is the Malian town."""
    (kidal,) = find_toponyms("In Kidal, which the army recaptured from separatists in Mali, residents fled.")[:1]
    assert kidal.text == "Kidal" and kidal.entry.country_code == "ML"


def test_datelines_are_title_cased_exactly_as_a_substitution_over_the_whole_text_would() -> None:
    """The patterns are tried at line starts only; this checks it changes nothing against `re.sub`."""
    import random

    from datelines.extract.places.names import _DATELINE, _UPPER_LINE, _WIRE_DATELINE, _title_case_datelines

    def title(match) -> str:
        value = match.group(0)
        return value.title() if len(value.title()) == len(value) else value

    pieces = ["KHARTOUM", ", ", "Sudan", " (AP) — ", "\n", "\n\n", "NEW YORK", " & ", "SAN DIEGO", "ß", "İSTANBUL"]
    pieces += [
        "a",
        "HEADLINE WORDS HERE",
        " - ",
        "Text",
        "  ",
        "(",
        "ǅ",
        "ﬁ",
        "1234",
        ".",
        "—",
        " (Reuters)",
        "April 5",
    ]
    generator = random.Random(3)
    for text in random_texts(generator, pieces, 5000, 12):
        expected = _WIRE_DATELINE.sub(title, _UPPER_LINE.sub(title, _DATELINE.sub(title, text)))
        assert _title_case_datelines(text) == expected, repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "By Matthew Daly, The Associated Press. WASHINGTON (AP) — An effort to restrict mercury stalled.",
        "By Carey L. Biron. WASHINGTON, April 5 (Thomson Reuters Foundation) - A landmark law passed.",
        "By JILL COLVIN, Associated Press WASHINGTON (AP) — China vowed to fight the U.S.",
    ],
)
def test_a_wire_dateline_after_a_byline_is_a_place(text: str) -> None:
    from datelines.extract.places.names import _title_case_datelines

    assert ("WASHINGTON", "Washington", "US") in {
        (m.text, m.entry.name, m.entry.country_code) for m in find_toponyms(text)
    }
    # Capitals before any other bracket are no dateline: "NATO (North Atlantic …)" stays as written.
    kept = "Leaders of NATO (North Atlantic Treaty Organization) met in BRUSSELS (the capital)."
    assert _title_case_datelines(kept) == kept


def test_an_institution_or_firm_is_told_from_the_words_around_a_name_as_from_the_text() -> None:
    """The words before and after a name settle most names at once; they must agree with reading the text."""
    import random

    from datelines.extract.places.names import _names_an_institution_or_firm, _next_word, _previous_word

    pieces = ["Ministry", " of ", "of", " & ", "&", "Johnson", " ", "  ", "\t", "Bank", "x", "-", "’", ".", "é"]
    generator = random.Random(8)
    for text in random_texts(generator, pieces, 3000, 10):
        name = "Kyiv"
        text = text + name + "".join(generator.choice(pieces) for _ in range(generator.randint(0, 4)))
        start = text.rindex(name)
        end = start + len(name)
        previous, _gap = _previous_word(text, start)
        following, _after_gap = _next_word(text, end)
        quick = _names_an_institution_or_firm(text, start, end, previous, following)
        assert quick == _names_an_institution_or_firm(text, start, end), repr(text)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("GOMA — Fighting in eastern Congo displaced thousands from Bukavu.", "CD"),
        ("BRAZZAVILLE — Floods hit Congo on Monday, and Pointe-Noire was cut off.", "CG"),
        ("Congo is larger than France.", "CD"),  # the wires' "Congo", with nothing else to go by
    ],
)
def test_a_country_name_two_countries_share_is_read_by_where_the_other_places_are(text: str, country: str) -> None:
    (congo,) = [mention for mention in find_toponyms(text) if mention.text == "Congo"]
    assert congo.entry.kind == "country" and congo.entry.country_code == country


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON — The Senate passed aid for Ukraine, Israel and Taiwan on Tuesday.",
        "The summit in Davos drew leaders from Japan, Brazil and India.",
    ],
)
def test_countries_named_far_away_do_not_strand_a_town(text: str) -> None:
    """Only towns and regions say where an article is; a dateline needs nothing near it."""
    assert len(find_toponyms(text)) == 4


def test_the_word_after_a_name_is_what_the_regex_finds() -> None:
    """`_next_word` scans forwards; it must give the groups of `(\\s*)([\\w’'-]+)` matched at `end` within 40 characters."""
    import random
    import re

    from datelines.extract.places.names import _next_word

    regex = re.compile(r"(\s*)([\w’'-]+)")
    pieces = ["Kelly", " ", "  ", "\n", "\u00a0", "’s", "-", "_", ",", ".", "é", "中", "'", "x" * 30]
    generator = random.Random(9)
    for text in random_texts(generator, pieces, 3000, 12):
        end = generator.randint(0, len(text))
        found = regex.match(text, end, end + 40)
        assert _next_word(text, end) == ((found.group(2), found.group(1)) if found else ("", "")), (text, end)


def test_the_word_before_a_name_is_what_the_regex_finds() -> None:
    """`_previous_word` scans backwards; it must give the groups of `([\\w’'.-]+)(\\s*)$` in the 40 characters
    before `start` (the word and the white space after it), white space and word characters of every kind."""
    import random
    import re

    from datelines.extract.places.names import _previous_word

    regex = re.compile(r"([\w’'.-]+)(\s*)$")
    pieces = ["Kelly", " ", "  ", "\n", "\u00a0", "\x1c", "\u2028", "’s", "-", "_", ",", ".", "é", "中", "'", "Ⅻ"]
    pieces += ["x" * 30, "٣", "\t"]
    generator = random.Random(10)
    found_words = 0
    for text in random_texts(generator, pieces, 3000, 12):
        start = generator.randint(0, len(text))
        found = regex.search(text, max(0, start - 40), start)
        assert _previous_word(text, start) == (found.groups() if found else ("", "")), (text, start)
        found_words += found is not None
    assert found_words > 1000


def test_a_region_noun_after_a_name_is_read_as_its_regex_reads_it() -> None:
    """The letter check in front of the regex may only skip places where the regex cannot match."""
    import random

    from datelines.extract.places.names import _REGION_NOUN_AFTER, _region_noun_after

    pieces = [" region", " regions", " province", " oblast", " governorate", " state", " district", " county"]
    pieces += [" ", "Kursk", ",", ".", " stated", " countyside", " Region", "s", "\n", " r", " c"]
    generator = random.Random(5)
    for text in random_texts(generator, pieces, 3000, 6):
        for end in range(len(text) + 1):
            assert _region_noun_after(text, end) == (_REGION_NOUN_AFTER.match(text, end) is not None), (text, end)


def test_known_non_places_are_found_at_a_word_as_a_trie_walk_would_find_them() -> None:
    """The not-places list is read by first word and cut at the fragment's spaces: the same keys as a trie."""
    import random

    import marisa_trie

    from datelines.extract.places.names import _read_not_places, default_matcher
    from datelines.geo.gazetteer import keys_at_spaces, normalise

    blockers = [normalise(name) for name in _read_not_places()]
    trie = marisa_trie.Trie(blockers)
    words = sorted({word for blocker in blockers for word in blocker.split(" ")})
    matcher = default_matcher()
    generator = random.Random(19)
    checked = 0
    for drawn in random_texts(generator, words, 3000, 5, fewest=1, joiner=" "):
        fragment = drawn[:64]
        first_word = fragment.split(" ", 1)[0]
        walked = [key for key in trie.prefixes(fragment) if fragment[len(key) : len(key) + 1] in ("", " ")]
        listed = matcher._blockers.get(first_word, (frozenset(), frozenset()))
        assert keys_at_spaces(fragment, first_word, first_word in listed[0], listed) == walked, fragment
        checked += bool(walked)
    for blocker in blockers:  # every whole entry, with words after it
        first_word = blocker.split(" ", 1)[0]
        listed = matcher._blockers[first_word]
        assert blocker in keys_at_spaces(blocker + " said", first_word, first_word in listed[0], listed)
    assert checked > 300


def test_nearness_counts_the_other_places_in_a_cell_and_its_eight_neighbours_up_to_two() -> None:
    """The block sums worked out once per article must give what counting the nine cells around a reading gives."""
    import random

    from datelines.extract.places.names import _NEAR_COUNTED, _Neighbourhood

    generator = random.Random(5)
    for _ in range(2000):
        cells = {(generator.randint(0, 5), generator.randint(0, 5)): generator.randint(1, 3) for _ in range(4)}
        neighbourhood = _Neighbourhood(cells)
        cell = (generator.randint(-1, 6), generator.randint(-1, 6))
        own = generator.choice([None, *cells])
        nine = [(cell[0] + dr, cell[1] + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
        others = sum(cells.get(around, 0) for around in nine) - (own in nine)
        assert neighbourhood.nearness_at(cell, own) == min(others, _NEAR_COUNTED), (cells, cell, own)


def test_capitalised_word_starts_are_the_word_starts_with_a_capital_letter() -> None:
    """The byte-table pass over an ASCII text and the word-by-word reading of any other must both give them."""
    import random

    from datelines.extract.places.names import _capitalised_word_starts

    pieces = ["Kyiv", "the", " ", "  ", "A", "a", "Z", "z", "9", "_x", "É", "é", "Şuşa", "ǅ", "İ"]
    generator = random.Random(9)
    for text in random_texts(generator, pieces, 5000, 12):
        expected = [
            at
            for at, character in enumerate(text)
            if (at == 0 or text[at - 1] == " ")
            and ("A" <= character <= "Z" or (ord(character) > 127 and character.isupper()))
        ]
        assert _capitalised_word_starts(text) == expected, repr(text)


def test_the_checks_before_the_region_noun_and_lawmaker_patterns_only_skip_what_they_cannot_match() -> None:
    import random
    import re

    from datelines.extract.places.names import _LAWMAKER_OF, _REGION_NOUN_AFTER, _follows_a_lawmaker, _region_noun_after

    pieces = [" region", " regions", " state", " States", " county", " province", " oblast", " district", "s", " "]
    pieces += ["Sen.", "Rep.", " Chuck", " Schumer", ",", " of ", "D-", "Governor", " Congresswoman", "x", "é"]
    generator = random.Random(14)
    for text in random_texts(generator, pieces, 4000, 10):
        at = generator.randint(0, len(text))
        assert _region_noun_after(text, at) == (_REGION_NOUN_AFTER.match(text, at) is not None), (text, at)
        if " of " in text:  # where a lawmaker's place would start
            at = generator.choice([match.end() for match in re.finditer(" of ", text)])
        expected = _LAWMAKER_OF.search(text, max(0, at - 60), at) is not None
        assert _follows_a_lawmaker(text, at) == expected, (text, at)


def test_a_word_is_capitalised_exactly_when_its_first_character_is_upper_case() -> None:
    """`_is_capitalised` reads A to Z off the code and asks `isupper` of the rest: every code point, as the
    first character of a word and alone."""
    import sys

    from datelines.extract.places.names import _is_capitalised

    wrong = [code for code in range(sys.maxunicode + 1) if _is_capitalised(chr(code) + "a") != chr(code).isupper()]
    assert wrong == []
    assert not _is_capitalised("") and _is_capitalised("É") and not _is_capitalised("émile")


def test_distances_are_the_haversine_of_math_radians_to_the_bit() -> None:
    """`distance_km` avoids generic calls; nearness ties and the 161 km accuracy bound must not move a bit."""
    import math
    import random

    from datelines.extract.places.names import distance_km

    def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
        half_lat = math.radians(lat2 - lat1) / 2
        half_lon = math.radians(lon2 - lon1) / 2
        chord = (
            math.sin(half_lat) ** 2
            + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(half_lon) ** 2
        )
        return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(chord)))

    generator = random.Random(12)
    points = [(generator.uniform(-90, 90), generator.uniform(-180, 180)) for _ in range(3000)]
    points += [(0.0, 0.0), (90.0, 0.0), (-90.0, 180.0), (0.0, 180.0), (0.0, -180.0), (39.75, 46.75), (39.76, 46.75)]
    pairs = [*zip(points, points[1:] + points[:1], strict=True), ((0.0, 0.0), (0.0, 0.0)), ((0.0, 0.0), (0.0, 180.0))]
    for (lat1, lon1), (lat2, lon2) in pairs:
        assert distance_km(lat1, lon1, lat2, lon2) == haversine(lat1, lon1, lat2, lon2), (lat1, lon1, lat2, lon2)


def test_a_surname_elsewhere_does_not_hide_a_town_after_in() -> None:
    text = "Police said Mr Mumias was not at home. A mob lynched a suspected thief in Mumias on Sunday."
    assert [(m.text, m.entry.country_code) for m in find_toponyms(text)] == [("Mumias", "KE")]
    text = "Mr Mumias was not at home. In Mumias, a mob lynched a suspected thief on Sunday."
    assert [(m.text, m.entry.country_code) for m in find_toponyms(text)] == [("Mumias", "KE")]
    assert find_toponyms("Megyn Kelly said that in Kelly's view the show would go on.") == []


def test_a_lone_small_town_far_from_the_reports_other_places_is_not_taken() -> None:
    """The gazetteer has a bare "Rutland" only in Canada (England's is "District of Rutland"): beside
    English towns it is not that. Lincolnshire, once only a village in Illinois here, is the county."""
    text = (
        "BOSTON, Lincolnshire — Farmers drove tractors through Boston, Kirton and Spalding on Saturday, "
        "and more gathered in Louth and Skegness. Rutland has seen many such protests."
    )
    found = {m.text: m.entry for m in find_toponyms(text)}
    assert found["Boston"].country_code == "GB" and "Rutland" not in found
    assert (found["Lincolnshire"].country_code, found["Lincolnshire"].kind) == ("GB", "county")
    assert [m.entry.country_code for m in find_toponyms("Farmers protested in Rutland on Saturday.")] == ["CA"]
