from datetime import date

import pytest

from datelines.extract.article import Article
from datelines.extract.pipeline import extract
from datelines.extract.places.names import distance_km
from datelines.extract.places.offsets import OFFSET_PREFIX, SITE_DIRECTION_KM, destination


def _extract(text: str):
    return extract(Article("o", "o", date(2024, 5, 7), text), online=False)


@pytest.mark.parametrize(("bearing", "north", "east"), [(0, True, None), (90, None, True), (225, False, False)])
def test_destination_goes_the_distance_in_the_direction(bearing: int, north: bool | None, east: bool | None) -> None:
    lat, lon = destination(50.0, 36.0, bearing, 15.0)
    assert distance_km(50.0, 36.0, lat, lon) == pytest.approx(15.0, abs=0.05)
    if north is not None:
        assert (lat > 50.0) == north
    if east is not None:
        assert (lon > 36.0) == east


def test_a_village_south_of_a_city_is_drawn_there_and_is_the_event_site() -> None:
    extraction = _extract("Shelling hit a village about 15 km (9 miles) south of Kharkiv on Tuesday.")
    (point,) = [place for place in extraction.places if place.id.startswith(OFFSET_PREFIX)]
    kharkiv = (49.98, 36.25)
    assert distance_km(*kharkiv, point.lat, point.lon) == pytest.approx(15, abs=1.5)
    assert point.lat < kharkiv[0]
    assert point.geo_precision == 2 and "computed from Kharkiv" in point.source
    (event,) = extraction.events
    assert event.place_ids[0] == point.id
    assert not any(place.name == "Kharkiv" for place in extraction.places)  # only the reference


def test_miles_are_converted() -> None:
    extraction = _extract("Drones struck 30 miles northeast of Kyiv on Monday.")
    (point,) = [place for place in extraction.places if place.id.startswith(OFFSET_PREFIX)]
    assert distance_km(50.45, 30.52, point.lat, point.lon) == pytest.approx(48.3, abs=2)


def test_a_distance_from_a_country_is_not_a_place() -> None:
    extraction = _extract("The ship sank 200 km south of Greece on Monday.")
    assert not any(place.id.startswith(OFFSET_PREFIX) for place in extraction.places)


def test_a_site_south_of_the_city_is_drawn_south_of_it_with_the_assumption_named() -> None:
    extraction = _extract(
        "Fighting reached El Fasher on Monday. Others fled to the Zamzam camp south of the city on Tuesday."
    )
    (camp,) = [place for place in extraction.places if place.name == "Zamzam camp"]
    el_fasher = next(place for place in extraction.places if place.name == "El Fasher")
    assert distance_km(el_fasher.lat, el_fasher.lon, camp.lat, camp.lon) == pytest.approx(SITE_DIRECTION_KM, abs=0.5)
    assert camp.lat < el_fasher.lat and camp.lon == pytest.approx(el_fasher.lon, abs=0.01)
    assert camp.source == "south of El Fasher, drawn 10 km from it (distance assumed)"


def test_a_site_west_of_a_named_town_is_moved_from_that_town() -> None:
    extraction = _extract("Trucks waited at the Tine crossing, west of Adre, in Chad on Sunday.")
    (crossing,) = [place for place in extraction.places if place.kind == "crossing"]
    adre = (13.47, 22.2)
    assert crossing.lon < adre[1]
    assert distance_km(*adre, crossing.lat, crossing.lon) == pytest.approx(SITE_DIRECTION_KM, abs=3)


def test_a_direction_without_a_town_after_it_moves_nothing() -> None:
    extraction = _extract("Fighting reached El Fasher on Monday. Families fled to the Zamzam camp south of the river.")
    (camp,) = [place for place in extraction.places if place.name == "Zamzam camp"]
    assert camp.source.startswith("near El Fasher")


def test_a_place_the_gazetteer_lacks_is_named_and_put_where_the_distance_says() -> None:
    extraction = _extract("Russian troops entered Robotyne, 10 km south of Orikhiv, on Tuesday.")
    (robotyne,) = [place for place in extraction.places if place.id.startswith(OFFSET_PREFIX)]
    assert robotyne.name == "Robotyne" and robotyne.mention == "Robotyne"
    assert "10 km south of Orikhiv" in robotyne.source and robotyne.geo_precision == 2
    assert extraction.events[0].place_ids[0] == robotyne.id


def test_a_known_place_given_a_distance_keeps_its_own_point() -> None:
    extraction = _extract("Fighting reached Bakhmut, 100 km east of Kharkiv, on Monday.")
    assert not any(place.id.startswith(OFFSET_PREFIX) for place in extraction.places)
    assert any(place.name == "Bakhmut" for place in extraction.places)


def test_miles_written_as_mi_are_read() -> None:
    for written in ("30 mi", "30mi", "30-mi"):
        extraction = _extract(f"Drones struck {written} northeast of Kyiv on Monday.")
        (point,) = [place for place in extraction.places if place.id.startswith(OFFSET_PREFIX)]
        assert distance_km(50.45, 30.52, point.lat, point.lon) == pytest.approx(48.3, abs=2), written


def test_a_gazetteer_reading_far_from_where_the_text_puts_it_gives_way_to_the_computed_point() -> None:
    """ "Ber" is also an alternate name of Beure, France; the text puts it 50 km east of Timbuktu."""
    extraction = _extract("Jihadists stormed an army camp at Ber, about 50 km east of Timbuktu, on Tuesday.")
    (ber,) = [place for place in extraction.places if place.name == "Ber"]
    assert ber.country_code == "ML" and "computed from Timbuktu" in ber.source
    assert distance_km(16.77, -3.01, ber.lat, ber.lon) == pytest.approx(50, abs=2)
    assert not any(place.country_code == "FR" for place in extraction.places)


def test_a_country_given_a_distance_stays_the_country() -> None:
    extraction = _extract("Gunmen attacked a convoy on Monday in Chad, 30 km west of Adre. Chad has closed the border.")
    assert any(place.name == "Chad" and place.kind == "country" for place in extraction.places)


def test_offset_phrases_searched_before_places_are_the_ones_a_full_scan_finds() -> None:
    """`_offset_matches` searches only before places that "of" precedes; of the full scan's matches it must
    find exactly those that end where a place starts."""
    import random

    from datelines.extract.places.offsets import _OFFSET, _offset_matches

    phrases = ["15 km south of ", "2.5 miles north-east of the ", "30 mi (48 km) Western of\n", "10 km east of The "]
    vocabulary = [
        *("15 ", "2.5 ", "km ", "kilometres ", "miles ", "mi ", "(9 miles) ", "-", "north ", "South ", "east"),
        *("ern ", "of ", "OF ", "the ", "The ", "THE ", "Hague ", "Kharkiv ", "\n", "  ", "x", "é", "10 km ", "Of"),
    ]
    generator = random.Random(3)
    for _ in range(3000):
        pieces = [generator.choice(vocabulary) for _ in range(generator.randint(0, 10))]
        pieces[generator.randint(0, len(pieces)) : 0] = [generator.choice(phrases)]
        text = "".join(pieces)
        starts = sorted({generator.randint(0, len(text)) for _ in range(4)} | {m.end() for m in _OFFSET.finditer(text)})
        expected = [m.span() for m in _OFFSET.finditer(text) if m.end() in starts]
        assert [m.span() for m in _offset_matches(text, starts)] == expected, text


def test_every_place_carries_coordinates_of_five_decimals_at_most() -> None:
    """The tables promise five decimals (about a metre); computed points are rounded where they are made and
    the gazetteer's are written so, which lets `build_places` skip rounding each place again."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    texts = [
        path.read_text(encoding="utf-8") for path in sorted((root / "tests" / "fixtures" / "articles").glob("*.txt"))
    ]
    texts.append(
        "Shelling hit a village about 15.3 km (9 miles) north-east of Kharkiv and the Zamzam camp south of El Fasher."
    )
    places = [place for text in texts for place in _extract(text).places]
    assert any(place.id.startswith(OFFSET_PREFIX) for place in places)
    assert all(place.lat == round(place.lat, 5) and place.lon == round(place.lon, 5) for place in places)
