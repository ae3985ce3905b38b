"""Admin context and names the gazetteer lacks: sentences written for these tests."""

from datetime import date

from datelines.extract.article import Article
from datelines.extract.pipeline import extract
from datelines.extract.places.context import is_unresolved
from datelines.extract.places.names import distance_km
from datelines.extract.places.stage import find_places


def places(text: str) -> dict[str, tuple[str, str, float, float, int, str]]:
    """mention -> (name, country, lat, lon, precision, source) for every place mention."""
    mentions, _ = find_places(text)
    return {
        m.text: (m.entry.name, m.entry.country_code, m.entry.lat, m.entry.lon, m.entry.geo_precision, m.entry.source)
        for m in mentions
        if m.role == "place"
    }


def test_a_named_state_picks_the_small_town_over_the_famous_one() -> None:
    found = places("Storms damaged homes in Paris, Texas, and in Athens, Ohio, on Sunday.")
    assert found["Paris"][1] == "US" and abs(found["Paris"][2] - 33.66) < 0.2
    assert found["Athens"][1] == "US" and abs(found["Athens"][2] - 39.33) < 0.2


def test_a_named_country_picks_its_namesake() -> None:
    assert places("Fighting in Hyderabad, Pakistan left five dead.")["Hyderabad"][1] == "PK"
    assert places("Traffic stopped in Hyderabad, India on Friday.")["Hyderabad"][1] == "IN"


def test_a_namesake_elsewhere_is_not_taken_when_the_district_says_otherwise() -> None:
    """The gazetteer holds Korla (China) under the name Kurla; Kurla in Mumbai it lacks."""
    found = places("Two people were hurt in Kurla town (Mumbai Suburban, Maharashtra) on Monday.")
    _name, country, lat, lon, precision, source = found["Kurla"]
    assert country == "IN" and distance_km(lat, lon, 19.07, 72.88) < 40
    assert precision == 2 and "not in the gazetteer" in source and "Mumbai" in source


def test_a_village_the_gazetteer_lacks_is_sited_at_the_area_named_with_it() -> None:
    found = places("Residents of Kiptule area of Kericho blocked the road on Friday.")
    assert found["Kiptule"][1] == "KE" and distance_km(*found["Kiptule"][2:4], -0.37, 35.29) < 40
    assert found["Kiptule"][4] == 2
    found = places("Gunmen attacked the villages of Tindiga and Wolokoro near Djibo on Sunday.")
    assert {"Tindiga", "Wolokoro"} <= set(found)
    assert all(distance_km(*found[name][2:4], 14.10, -1.63) < 40 for name in ("Tindiga", "Wolokoro"))


def test_a_suburb_named_with_its_city_is_kept_at_the_city() -> None:
    found = places("Police fired tear gas in Kibera, Nairobi, on Tuesday.")
    assert found["Kibera"][1] == "KE" and distance_km(*found["Kibera"][2:4], -1.29, 36.82) < 40


def test_lists_venues_and_bodies_are_not_villages() -> None:
    found = places("Trips to Saipan, Guam, Alaska and Hawaii were planned.")
    assert not any("not in the gazetteer" in place[5] for place in found.values())
    found = places("He spoke at Loyola University, Los Angeles, and at the Final Four in San Antonio.")
    assert "Loyola University" not in found and "Final Four" not in found
    found = places("Protests spread to Nairobi, Mombasa and Kisumu, Kenya.")
    assert {found[name][0] for name in ("Nairobi", "Mombasa", "Kisumu")} == {"Nairobi", "Mombasa", "Kisumu"}
    found = places("He told Marines in California that the base would stay.")
    assert not any(place[5].startswith("not in the gazetteer") for place in found.values())


def test_an_event_in_a_village_the_gazetteer_lacks_is_sited_near_it() -> None:
    """The event keeps a site: the village's name, drawn at the county, marked as part of a region."""
    text = "KERICHO, Kenya — A mob burned two houses in Kiptule village in Kericho county on Saturday, police said."
    extraction = extract(Article(id="t", title="t", published=date(2024, 3, 4), text=text))
    (event,) = [e for e in extraction.events if "burned" in e.summary]
    site = next(place for place in extraction.places if place.id == event.place_ids[0])
    # Kenya's counties are its first-level regions: drawn as a place somewhere in a region (precision 3)
    assert site.name == "Kiptule" and is_unresolved(site.id) and site.geo_precision == 3
    assert distance_km(site.lat, site.lon, -0.37, 35.29) < 60


def test_a_district_the_gazetteer_lacks_is_kept_as_part_of_its_state() -> None:
    found = places("Police arrested three men in Palamu district of Jharkhand on Friday.")
    assert found["Palamu"][1] == "IN" and found["Palamu"][4] == 3 and "Jharkhand" in found["Palamu"][5]
    assert "Western" not in places("Fighting spread in the Western region of Kenya.")
