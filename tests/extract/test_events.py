from datetime import date
from pathlib import Path

import pytest
from regex_twins import assert_finds_what_its_backtracking_twin_finds, random_texts

from datelines.extract import taxonomy
from datelines.extract.acled import SUB_EVENT_TYPES, SUB_EVENT_TYPES_BY_SLUG, sub_event_of
from datelines.extract.article import Article
from datelines.extract.pipeline import extract
from datelines.extract.taxonomy import EVENT_TYPES, EVENT_TYPES_BY_SLUG, classify, trigger_hits


def test_seed_events_carry_the_dates_a_reader_expects(seed_extraction) -> None:
    intervals = {(e.date_start, e.date_end) for e in seed_extraction.events}
    assert (date(2023, 9, 23), date(2023, 9, 23)) in intervals  # announced on Saturday
    assert (date(2023, 9, 20), date(2023, 9, 20)) in intervals  # agreed on Wednesday
    assert (date(2020, 1, 1), date(2020, 12, 31)) in intervals  # in 2020
    assert (date(1990, 1, 1), date(1993, 12, 31)) in intervals  # since the early 1990s


def test_repeated_lede_makes_one_event(seed_extraction, seed_article) -> None:
    lede = seed_article.text.split("\n")[0]
    assert sum(1 for e in seed_extraction.events if e.evidence.sentence == lede) == 1


def test_evidence_offsets_point_at_the_sentence(seed_extraction, seed_article) -> None:
    for event in seed_extraction.events:
        assert seed_article.text[event.evidence.start : event.evidence.end] == event.evidence.sentence


def test_lede_event_is_sited_in_nagorno_karabakh_with_named_actors(seed_extraction) -> None:
    places = {place.id: place for place in seed_extraction.places}
    first = seed_extraction.events[0]
    assert places[first.place_ids[0]].name == "Nagorno-Karabakh"
    assert "Russian peacekeepers" in first.actors
    assert first.event_type == "disarmament"


def test_ceasefire_and_blockade_are_typed(seed_extraction) -> None:
    by_date = {(e.date_start, e.event_type) for e in seed_extraction.events}
    assert (date(2023, 9, 20), "agreement") in by_date
    blockade = [e for e in seed_extraction.events if e.event_type == "blockade"]
    assert blockade and blockade[0].time_precision == "month"
    assert blockade[0].date_end - blockade[0].date_start > (date(2023, 9, 1) - date(2023, 1, 1))


def test_two_dated_clauses_give_two_events() -> None:
    text = "Nagorno-Karabakh, which was part of the Azerbaijan SSR during the Soviet era, has been independent since the early 1990s."
    events = extract(Article("t", "t", date(2023, 9, 23), text), online=False).events
    assert [e.time_precision for e in events] == ["era", "decade"]


def test_a_clause_is_sited_at_its_own_place_not_the_dateline_city() -> None:
    text = (
        "KHARTOUM, Sudan (Datelines Wire) — Shelling hit a market in El Fasher on Monday, and aid convoys "
        "waiting at the Adre crossing from Chad were turned back on Tuesday, officials said."
    )
    extraction = extract(Article("s", "s", date(2024, 9, 17), text), online=False)
    names = {place.id: place.name for place in extraction.places}
    assert [names[event.place_ids[0]] for event in extraction.events] == ["El Fasher", "Adre crossing"]


def test_the_dateline_city_is_not_the_site_when_the_sentence_names_another_place() -> None:
    text = "BEIRUT (AP) — Israeli airstrikes hit several villages in southern Lebanon on Sunday."
    (event,) = extract(Article("b", "b", date(2025, 4, 14), text), online=False).events
    assert event.place_ids[0] == "geonames:272103"  # Lebanon, not Beirut


def _sites(text: str, published: date) -> list[str]:
    extraction = extract(Article("s", "s", published, text), online=False)
    names = {place.id: place.name for place in extraction.places}
    return [names[event.place_ids[0]] for event in extraction.events]


def test_a_country_named_as_the_subject_is_the_site_not_the_last_town_abroad() -> None:
    text = (
        "In neighbouring India, six people were killed in Kolkata on Sunday. "
        "Bangladesh's disaster minister said on Monday that 800,000 people had been evacuated."
    )
    assert _sites(text, date(2024, 5, 27)) == ["Kolkata", "Bangladesh"]


def test_a_country_that_only_brokered_a_deal_leaves_the_site_where_it_was() -> None:
    text = "Fighting broke out in Kharkiv on Tuesday. A ceasefire brokered by Turkey took effect on Wednesday."
    assert _sites(text, date(2023, 9, 23)) == ["Kharkiv", "Kharkiv"]


def test_a_sentence_naming_no_place_keeps_the_last_town_not_a_country_named_in_passing() -> None:
    text = (
        "Police in Kuala Lumpur detained 12 protesters on Thursday. "
        "Mahathir, Asia's longest-serving leader, retired in 2003. "
        "The opposition called a rally for Saturday."
    )
    assert _sites(text, date(2018, 4, 6))[-1] == "Kuala Lumpur"


def test_a_clause_keeps_the_opening_of_its_sentence() -> None:
    text = (
        "Cyclone Remal slammed into the coasts of Bangladesh and India's West Bengal state on Sunday night, "
        "killing at least 16 people, officials said Monday."
    )
    first = extract(Article("c", "c", date(2024, 5, 27), text), online=False).events[0]
    assert first.summary.startswith("Cyclone Remal slammed into the coasts of Bangladesh")
    assert first.event_type == "disaster"


def test_where_officials_spoke_is_not_where_the_event_happened() -> None:
    text = (
        "Shelling hit a market in El Fasher on Monday, and aid convoys waiting at the Adre crossing "
        "were turned back on Tuesday, officials said in Port Sudan."
    )
    assert _sites(text, date(2024, 9, 17)) == ["El Fasher", "Adre crossing"]


def test_the_dateline_city_is_the_site_when_the_sentence_names_only_countries_it_is_not_in() -> None:
    text = "WASHINGTON (AP) — The Senate passed a $95 billion aid package for Ukraine and Israel on Tuesday."
    assert _sites(text, date(2024, 2, 13)) == ["Washington"]


def test_earthquake_article_gets_disaster_type() -> None:
    text = "A magnitude 6.1 earthquake struck central Italy on Thursday, damaging buildings in Norcia."
    (event,) = extract(Article("q", "q", date(2024, 10, 17), text), online=False).events
    assert event.event_type == "disaster"
    assert event.date_start == date(2024, 10, 17)


def test_text_without_dates_or_places_gives_empty_tables() -> None:
    extraction = extract(Article("n", "n", date(2024, 1, 1), "nothing to see here, just words."), online=False)
    assert extraction.places == [] and extraction.events == []


@pytest.mark.parametrize("published", [date(1, 1, 2), date(9999, 12, 30)])
def test_a_publication_date_at_the_calendar_edge_gives_events_not_a_traceback(published: date) -> None:
    text = "Protesters marched in Lima. Police detained 12 people 99999 days later, three years ago."
    events = extract(Article("e", "e", published, text), online=False).events
    assert events and all(event.date_start is None or event.date_start <= event.date_end for event in events)


def test_every_plain_type_stands_for_an_acled_sub_event_type() -> None:
    slugs = [event_type.slug for event_type in EVENT_TYPES]
    # A reader's list: the plain types of ACLED's sub-event types and of the kinds outside ACLED, no more.
    assert len(slugs) == len(set(slugs)) <= 22
    assert {sub.plain_type for sub in SUB_EVENT_TYPES} <= set(slugs)
    assert all(sub_event_of("", slug) in SUB_EVENT_TYPES_BY_SLUG for slug in slugs)
    assert classify("Protesters marched on parliament")[0] is EVENT_TYPES_BY_SLUG["protest"]


def test_triggers_match_leftmost_longest_at_word_starts() -> None:
    text = "Air strikes hit the town; aid workers fled the fighting and a cease-fire was agreed."
    found = [(text[start:end], EVENT_TYPES[index].slug) for start, end, index in trigger_hits(text)]
    assert found == [
        ("Air strikes", "remote-violence"),  # the phrase, not "strikes" alone
        ("fled", "displacement"),  # "aid workers" is not aid
        ("fighting", "battle"),  # a stem runs to the end of its word
        ("cease-fire", "agreement"),
        ("agreed", "agreement"),
    ]


def _leftmost_longest_by_definition(text: str) -> list[tuple[int, int]]:
    """Trigger spans as the taxonomy defines them, key by key at every word start (slow, plain)."""

    def is_word_character(character: str) -> bool:
        return character.isalnum() or character == "_"

    spans, position = [], 0
    while position < len(text):
        best = -1
        if not (position and is_word_character(text[position - 1])):
            for key, is_stem in zip(taxonomy._KEYS, taxonomy._KEY_IS_STEM, strict=True):
                written = text[position : position + len(key)]
                if written in (key, key.capitalize(), key.title(), key.upper()):
                    end = position + len(key)
                    if is_stem:
                        while end < len(text) and is_word_character(text[end]):
                            end += 1
                    elif end < len(text) and is_word_character(text[end]):
                        continue
                    best = max(best, end)
        if best >= 0:
            spans.append((position, best))
            position = best
        else:
            position += 1
    return spans


@pytest.mark.parametrize("name", ["seed", "gold"])
def test_the_automaton_finds_the_triggers_the_definition_does(name: str) -> None:
    root = Path(__file__).resolve().parents[2]
    folder = root / "seeds" if name == "seed" else root / "tests" / "fixtures" / "articles"
    paths = sorted(folder.glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in paths]
    texts.append("Air-strikes, fighter jets; re-fighting “fighters’” ﬁghting İstanbul cease-fire's war-torn towards")
    texts.append("AIR STRIKES, Air Strikes, Air strikes, air Strikes, aIr strikes, FIGHTing; Cease-Fire, WAR-TORN")
    for text in texts:
        assert taxonomy.trigger_spans(text) == _leftmost_longest_by_definition(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Peruvian police detained 37 people during the protests in Lima on Thursday.", "arrest"),
        ("Israeli troops seized the Gaza side of the crossing during an offensive in May.", "territory"),
        ("The railway operator suspended trains between Cuzco and Machu Picchu on Wednesday.", "disruption"),
        ("Security forces opened fire on demonstrators in Juliaca on January 9.", "violence-against-civilians"),
        ("A boat carrying 60 people capsized off Lampedusa on Tuesday.", "disaster"),
        ("Aid workers from the Red Cross reached the town on Monday.", "humanitarian"),
        ("A series of tornadoes tore through southwest Iowa on Tuesday, officials said.", "disaster"),
        ("A twister with winds of up to 175 mph struck Greenfield around 3:45 p.m.", "disaster"),
        ("China launched military drills around Taiwan on Monday, sending warships and fighter jets.", "deployment"),
        ("Mali's junta, which seized power in coups in 2020 and 2021, expelled French troops.", "political"),
    ],
)
def test_the_word_that_tells_what_happened_types_the_event(text: str, slug: str) -> None:
    event_type, _words = classify(text)
    assert event_type is not None and event_type.slug == slug


@pytest.mark.parametrize(
    "text",
    [
        "More than 700 firefighters battled the flames north of Athens on Monday.",
        "Italy sent firefighting planes to Evia on Tuesday.",
        "Crews were still fighting the blaze near Marathon on Monday.",
    ],
)
def test_fighting_a_fire_is_not_a_battle(text: str) -> None:
    event_type, words = classify(text)
    assert event_type is None or event_type.slug != "battle", words


def test_a_firefight_is_a_battle() -> None:
    event_type, _words = classify("Two soldiers died in a firefight with militants on Monday.")
    assert event_type is not None and event_type.slug == "battle"


def test_a_trigger_word_inside_a_name_is_not_a_happening() -> None:
    event_type, words = classify("Jordan Bardella, leader of the National Rally, met voters in Paris on Thursday.")
    assert event_type is None or event_type.slug != "protest", words


def test_a_sentence_naming_no_place_keeps_the_town_not_the_building() -> None:
    text = (
        "Floods hit Porto Alegre on Sunday, forcing the closure of Salgado Filho International Airport. "
        "More than 538,000 people have been displaced, officials said on Monday."
    )
    assert _sites(text, date(2024, 5, 12))[-1] == "Porto Alegre"


@pytest.mark.parametrize(
    "lede",
    [
        "KHARTOUM, Sudan (Datelines Wire) — Shelling hit a market in El Fasher on Monday.",
        "TAMPA, Fla. (AP) — Shelling hit a market in El Fasher on Monday.",
        "(Reuters) - Shelling hit a market in El Fasher on Monday.",
    ],
)
def test_a_summary_starts_after_the_wire_dateline(lede: str) -> None:
    (event,) = extract(Article("w", "w", date(2024, 9, 17), lede), online=False).events
    assert event.summary.startswith("Shelling hit a market")


def test_a_limit_in_time_is_not_a_second_happening() -> None:
    text = "Kobakhidze announced in Tbilisi on Thursday that Georgia would not open talks with Brussels until 2028."
    extraction = extract(Article("until", "", date(2024, 12, 2), text), online=False)
    assert [(event.date_start, event.time_text) for event in extraction.events] == [(date(2024, 11, 28), "on Thursday")]


def test_a_country_the_clause_puts_the_happening_in_beats_a_town_of_another_clause() -> None:
    text = (
        "GOMA, Democratic Republic of Congo (AP) — Health workers in eastern Congo began vaccinating people "
        "on Saturday, two weeks after the first doses arrived in Kinshasa."
    )
    assert _sites(text, date(2024, 10, 6))[0] == "Democratic Republic of the Congo"


def test_speakers_named_after_their_words_are_the_ones_finditer_finds() -> None:
    """`_SAID_PERSON` is tried only where "said", "told" or "according to" stands; it must find what running
    it over the whole clause finds. A clause's words of speech are those of the article's that lie inside it."""
    import random
    from operator import itemgetter

    from datelines.extract.article import occurrences
    from datelines.extract.events import (
        _OPENING_SAID_PERSON,
        _SAID_PERSON,
        _SPEECH,
        _SPEECH_WORDS,
        _speakers_after_their_words,
        _speech_words,
    )

    vocabulary = [
        *("said ", "told ", "according to ", "aforesaid ", "Said ", "saidJohn ", ", ", ". ", "’s ", "-"),
        *("John ", "Smith ", "Dr. ", "Ana ", "O’Neil ", "the ", "minister ", "Gen. ", "Kyiv ", "x", "é"),
    ]
    generator = random.Random(21)
    for text in random_texts(generator, vocabulary, 3000, 16):
        speech = sorted(_SPEECH.find(text), key=itemgetter(1))
        words = _speech_words(speech, [start for _index, start, _end in speech], 0, len(text))
        openings = [at for word, at in words if word in _OPENING_SAID_PERSON]
        assert _speakers_after_their_words(text, openings) == [m.group(1) for m in _SAID_PERSON.finditer(text)], text
        start = generator.randint(0, len(text))
        end = generator.randint(start, len(text))
        inside = _speech_words(speech, [at for _index, at, _end in speech], start, end)
        assert sorted(inside) == sorted(
            (word, at) for word in _SPEECH_WORDS for at in occurrences(text[start:end], word)
        ), (text, start, end)


def test_speakers_named_before_their_words_are_the_ones_finditer_finds() -> None:
    """`_PERSON_SAID` is searched only in windows that end at a word of speech; it must find what running it over
    the whole clause finds, with names of one to three words, comma clauses up to 80 characters and speech words
    inside other words."""
    import random
    from operator import itemgetter

    from datelines.extract.events import (
        _CLOSING_PERSON_SAID,
        _PERSON_SAID,
        _SPEECH,
        _speakers_before_their_words,
        _speech_words,
    )

    vocabulary = [
        *(" said", " told", " emphasised", " emphasized", " emphasis", " warned", " added", "unsaid", "Said", " "),
        *("John", " Smith", "Dr.", " Ana", " O’Neil", " the", ", ", ",", " Gen.", " Mary-Jo", "é", "x", "\n"),
        *(", a minister who was sacked in May", ", who " + "lasted " * 10, ", " + "word " * 15 + "and"),
        *("," + "q" * length + "," for length in (2, 3, 60, 79, 80, 81)),  # the comma clause's bounds
        *(", " + "q" * length + "," for length in (78, 79, 80)),
    ]
    generator = random.Random(31)
    for text in random_texts(generator, vocabulary, 4000, 24):
        speech = sorted(_SPEECH.find(text), key=itemgetter(1))
        words = _speech_words(speech, [start for _index, start, _end in speech], 0, len(text))
        closings = [at for word, at in words if word in _CLOSING_PERSON_SAID]
        expected = [match.group(1) for match in _PERSON_SAID.finditer(text)]
        assert _speakers_before_their_words(text, closings) == expected, text


def test_single_spacing_is_what_split_and_join_give() -> None:
    import random
    import sys

    from datelines.extract.events import _single_spaced

    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert all(not character.isprintable() for character in spaces if character != " ")  # what the check assumes
    pieces = ["word", " ", "  ", "é", "—", ",", "\x00", "\x7f", "~", *spaces]
    generator = random.Random(4)
    for text in random_texts(generator, pieces, 3000, 12):
        assert _single_spaced(text) == " ".join(text.split()), repr(text)


def test_the_possessive_speaker_patterns_find_what_their_backtracking_twins_find() -> None:
    from datelines.extract.events import _PERSON_SAID, _SAID_PERSON

    vocabulary = [
        *("John ", "Smith", " ", "Dr. ", "said", "told ", "according to ", ", ", "a, b, ", "Gen. ", "’s ", "’"),
        *("O’Neil", "Ana-Maria ", "emphasized ", "é", "ABC ", "x", "-", "'", ".", "the ", "Kyiv "),
    ]
    assert_finds_what_its_backtracking_twin_finds(_PERSON_SAID, vocabulary, 6)
    assert_finds_what_its_backtracking_twin_finds(_SAID_PERSON, vocabulary, 7)


def test_the_clause_boundary_pattern_finds_what_its_plain_alternation_finds() -> None:
    import random
    import re

    from datelines.extract.events import _CLAUSE_BOUNDARY, _clause_boundaries

    plain = re.compile(r"[,;:—–]\s+|\s+(?:and|but|while|whereas|although|as)\s+")
    pieces = [",", ";", ":", "—", "–", " ", "  ", "\n", "\u00a0", "and", "but", "as", "was", "band", "x", "while", "é"]
    pieces += ["whereas", "although", "asas", "andand", "\t"]
    generator = random.Random(14)
    for text in random_texts(generator, pieces, 5000, 14):
        assert [m.span() for m in _CLAUSE_BOUNDARY.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        assert _clause_boundaries(text) == [match.start() for match in _CLAUSE_BOUNDARY.finditer(text)], repr(text)


def test_items_are_grouped_by_the_sentence_their_start_falls_in_whatever_their_order() -> None:
    import random
    from bisect import bisect_right

    from datelines.extract.article import split_sentences
    from datelines.extract.events import _by_sentence

    text = "One. Two two.\n\nThree three three!  Four? Five."
    sentences = split_sentences(text)
    starts = [sentence.start for sentence in sentences]

    def by_search(item_starts: list[int]) -> list[list[int]]:
        groups: list[list[int]] = [[] for _ in sentences]
        for number, start in enumerate(item_starts):
            index = bisect_right(starts, start) - 1
            if index >= 0 and start < sentences[index].end:
                groups[index].append(number)
        return groups

    generator = random.Random(15)
    for _ in range(2000):
        item_starts = [generator.randint(0, len(text)) for _ in range(generator.randint(0, 12))]
        if generator.random() < 0.7:
            item_starts.sort()
        assert _by_sentence(sentences, list(range(len(item_starts))), item_starts) == by_search(item_starts)


def test_the_dateline_check_never_skips_a_lead_the_regex_would_remove() -> None:
    """`summarise` tries the dateline regex only where the cheap check allows: it must allow every match."""
    import random

    from datelines.extract.events import _DATELINE_LEAD, _may_open_with_a_dateline

    pieces = ["KHARTOUM", "EL FASHER", ", ", "Sudan", " (AP) ", "(Reuters)", "—", "–", "-", " ", "The", "A", "AB"]
    pieces += ["U.S.", "’", "&", "x", "Ab", "É", "\n", "1"]
    generator = random.Random(9)
    matched = 0
    for text in random_texts(generator, pieces, 5000, 6):
        if _DATELINE_LEAD.match(text):
            matched += 1
            assert _may_open_with_a_dateline(text), repr(text)
    assert matched > 500  # the texts do reach the pattern


def test_the_check_before_the_actor_pattern_only_skips_what_it_cannot_match() -> None:
    import random

    from datelines.extract.events import _ACTOR_AFTER_DEMONYM, _may_name_an_actor

    pieces = [" ", "\t", "\u00a0", "army", "Armed ", "forces", "ſeparatist", "SEPARATISTS", "air force", "mılitary"]
    pieces += ["Police", "x", "arm", "prime minister", "residents", "é", "-", "’s"]
    generator = random.Random(15)
    for text in random_texts(generator, pieces, 4000, 8):
        at = generator.randint(0, len(text))
        if _ACTOR_AFTER_DEMONYM.match(text, at, at + 40):
            assert _may_name_an_actor(text, at), (text, at)


def test_the_first_trigger_of_a_span_is_where_bisect_puts_it() -> None:
    """`classify_hits` starts from the first hit at or after the span's start; a hit missed there would
    drop a trigger from the clause's type."""
    import random
    from bisect import bisect_left

    from datelines.extract.taxonomy import _first_hit_from

    generator = random.Random(11)
    for _ in range(2000):
        starts = sorted(generator.sample(range(60), generator.randint(0, 12)))
        hits = [(start, start + generator.randint(1, 5), generator.randint(0, 9)) for start in starts]
        start = generator.randint(-1, 62)
        assert _first_hit_from(hits, start) == bisect_left(hits, (start,)), (hits, start)


def test_a_trigger_after_a_capitalised_word_is_inside_a_name_whatever_its_first_letter() -> None:
    """`_inside_a_name` reads A to Z off the code: it must agree with `isupper` on every letter a trigger may
    start with, and a name in front is needed either way."""
    from datelines.extract.taxonomy import _inside_a_name

    for letter in "AZaz" + "ÉŞİıßΣσЖж":
        assert _inside_a_name(f"National {letter}ally", 9) == letter.isupper(), letter
        assert not _inside_a_name(f"the {letter}ally", 4), letter


def test_a_clause_lists_each_actor_once_in_the_order_named() -> None:
    from datelines.extract.events import _actors

    few = ["Hamas", "the Red Cross", "Hamas", "UN", "the Red Cross"]
    assert _actors("", [], 0, few, []) == ("Hamas", "the Red Cross", "UN")
    many = [f"Group {number % 7}" for number in range(30)]
    assert _actors("", [], 0, many, []) == tuple(f"Group {number}" for number in range(7))
    assert _actors("", [], 0, [], []) == ()


def test_a_place_is_where_it_happened_after_in_at_or_near_whatever_comes_between() -> None:
    """`_locative` settles most mentions by the last word before them; it must answer what reading every
    word back from the mention (past "the" and "southern") answers."""
    import random

    from datelines.extract.events import _BEFORE_A_PLACE, LOCATIVE_WORDS, _locative
    from datelines.extract.places.names import ToponymMention, find_toponyms

    gaza = find_toponyms("Gaza")[0]

    def read_back(window: str) -> bool:
        for word in reversed(window.split()):
            if word.lower() not in _BEFORE_A_PLACE:
                return word.lower() in LOCATIVE_WORDS
        return False

    pieces = ["in", "In", "near", "the", "THE", "southern", "greater", "fighting", "(in", " ", "  ", "\n", "\u00a0"]
    generator = random.Random(13)
    hits = 0
    for prefix in random_texts(generator, pieces, 3000, 10, joiner=" "):
        mention = ToponymMention(len(prefix), len(prefix) + 4, "Gaza", gaza.entry, gaza.name_type, gaza.role)
        text = prefix + "Gaza"
        expected = read_back(text[max(0, len(prefix) - 24) : len(prefix)])
        assert _locative(text, mention) == expected, repr(prefix)
        hits += expected
    assert hits > 300


def test_a_dateline_alone_is_not_an_event() -> None:
    text = "Addis Ababa, 20 November. Police have seized 50 rifles and a grenade launcher in Debre Berhan town."
    events = extract(Article("d", "d", date(2024, 11, 21), text), online=False).events
    assert [event.sub_event for event in events] == ["disrupted-weapons-use"]
