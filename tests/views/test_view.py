from datetime import date

import pandas as pd
import pytest

from datelines.extract.acled import EVENT_TYPE_GROUPS_BY_SLUG
from datelines.views.view import ViewState, filter_events, parse_query

TYPES = list(EVENT_TYPE_GROUPS_BY_SLUG)


def test_valid_link_round_trips() -> None:
    state = ViewState(
        date(2023, 9, 1),
        date(2023, 9, 30),
        ("battles", "riots"),
        ("agreement", "air-drone-strike"),
        "e1",
        "a1",
        "convoy",
        background=True,
        map_view=(39.7581, 46.7528, 11),
    )
    params = {key: value if isinstance(value, list) else [value] for key, value in state.to_query().items()}
    parsed = parse_query(params, TYPES, ["e1"], ["a1"])
    assert parsed.state == state
    assert parsed.notices == []


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        pytest.param({"start": ["2023-13-45"]}, "must be a date", id="bad-date"),
        pytest.param({"start": ["2024-01-01"], "end": ["2023-01-01"]}, "after end", id="start-after-end"),
        pytest.param({"type": ["nonsense"]}, "unknown event type", id="unknown-type"),
        pytest.param({"subtype": ["nonsense"]}, "unknown sub-event type", id="unknown-subtype"),
        pytest.param({"event": ["nope"]}, "no event", id="unknown-event"),
        pytest.param({"zzz": ["1"]}, "unknown link parameter", id="unknown-key"),
        pytest.param({"start": ["9" * 500]}, "too long", id="huge"),
        pytest.param({"start": ["0001-01-01"]}, "out of range", id="year-one"),
        pytest.param({"lat": ["39.7"], "lon": ["46.7"]}, "needs 'lat', 'lon' and 'zoom'", id="view-without-zoom"),
        pytest.param({"lat": ["95"], "lon": ["46.7"], "zoom": ["9"]}, "out of range", id="latitude-95"),
        pytest.param({"lat": ["nan"], "lon": ["46.7"], "zoom": ["9"]}, "out of range", id="latitude-nan"),
        pytest.param({"lat": ["39.7"], "lon": ["46.7"], "zoom": ["40"]}, "out of range", id="zoom-40"),
        pytest.param({"bg": ["yes"]}, "'bg' must be 1", id="bg-word"),
    ],
)
def test_bad_links_fall_back_with_a_notice(params: dict, notice: str) -> None:
    parsed = parse_query(params, TYPES, ["e1"], ["a1"])
    assert any(notice in message for message in parsed.notices), parsed.notices
    assert parsed.state.event is None
    assert parsed.state.map_view is None and parsed.state.background is False


def test_filter_by_overlapping_dates_types_and_text() -> None:
    events = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "article_id": ["x", "x", "y"],
            "date_start": pd.to_datetime(["1990-01-01", "2023-09-20", "2023-09-23"]),
            "date_end": pd.to_datetime(["1993-12-31", "2023-09-20", "2023-09-23"]),
            "event_type": ["political", "agreement", "humanitarian"],
            "acled_event_type": ["Strategic developments", "Strategic developments", "Strategic developments"],
            "sub_event_type": ["other", "agreement", "other"],
            "summary": ["independence", "ceasefire agreed", "Red Cross convoy"],
            "site_name": ["Nagorno-Karabakh", "Shusha", "Lachin Corridor"],
            "actors": ["", "", "Red Cross"],
        }
    )
    assert filter_events(events, ViewState(start=date(1992, 1, 1), end=date(1992, 12, 31)))["id"].tolist() == ["a"]
    assert filter_events(events, ViewState(types=("strategic-developments",)))["id"].tolist() == ["a", "b", "c"]
    assert filter_events(events, ViewState(types=("battles",)))["id"].tolist() == []
    assert filter_events(events, ViewState(subtypes=("agreement",)))["id"].tolist() == ["b"]
    # A type with a sub-event type chosen is narrowed to it; a type with none stays whole.
    both = ViewState(types=("strategic-developments", "battles"), subtypes=("agreement",))
    assert filter_events(events, both)["id"].tolist() == ["b"]
    assert filter_events(events, ViewState(query="red cross"))["id"].tolist() == ["c"]
    assert filter_events(events, ViewState(article="y"))["id"].tolist() == ["c"]


def test_an_earlier_links_plain_type_opens_as_its_sub_event_types_with_a_notice() -> None:
    parsed = parse_query({"type": ["agreement", "remote-violence"]}, TYPES)
    assert parsed.state.types == ()
    assert parsed.state.subtypes[0] == "agreement"
    assert "air-drone-strike" in parsed.state.subtypes and "grenade" in parsed.state.subtypes
    assert any("now the sub-event type" in notice for notice in parsed.notices)


def test_a_place_search_finds_the_articles_places_then_the_gazetteer(seed_extraction) -> None:
    from types import SimpleNamespace

    from datelines.data.tables import places_frame
    from datelines.views.view import locate

    places = places_frame([seed_extraction])
    name, lat, lon, zoom = locate("shusha", places)
    assert abs(lon - 46.75) < 0.1
    assert name == "Shusha" and abs(lat - 39.76) < 0.1 and zoom == 11
    assert locate("Nagorno-Karabakh", places)[3] < 11  # an area is shown whole
    baku = SimpleNamespace(name="Baku", lat=40.38, lon=49.89, kind="settlement")
    assert locate("Baku", places, lambda name: baku)[:3] == ("Baku", 40.38, 49.89)
    assert locate("Atlantis", places, lambda name: None) is None
    assert locate("  ", places) is None
