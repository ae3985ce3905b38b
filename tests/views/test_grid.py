"""The map of an event store: the view Leaflet reports becomes store bounds; a view with many events gets
cells sized and coloured by their counts, a view with few gets the events themselves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import pandas as pd
import pytest

from datelines.data.eventstore import WORLD, EventStore, StoreWriter, cell_degrees
from datelines.data.synth import synthesise
from datelines.extract.acled import EVENT_TYPE_GROUPS_BY_NAME, NOT_IN_ACLED
from datelines.views.grid import MapWindow, answer_view, cell_layers, window_around, window_at, window_from_map
from datelines.views.view import ViewState


def _reported(south: float, west: float, north: float, east: float, zoom: int) -> dict:
    return {
        "bounds": {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}},
        "zoom": zoom,
    }


def test_the_reported_view_becomes_store_bounds() -> None:
    fallback = MapWindow((1.0, 2.0, 3.0, 4.0), 5)
    assert window_from_map(_reported(10, 20, 30, 40, 6), fallback) == MapWindow((10, 20, 30, 40), 6)
    # Leaflet runs past ±180 when the world repeats: wrapped, and across the antimeridian west > east.
    assert window_from_map(_reported(-10, 170, 10, 200, 5), fallback).bounds == (-10, 170, 10, -160)
    assert window_from_map(_reported(-95, -400, 95, 400, 1), fallback) == MapWindow(WORLD, 1)
    for broken in (None, {}, {"bounds": {}, "zoom": 3}, _reported(30, 20, 10, 40, 6), {"bounds": "x", "zoom": 2}):
        assert window_from_map(broken, fallback) == fallback
    assert window_around(((40.0, 44.0), (41.0, 47.0)), 7) == MapWindow((40.0, 44.0, 41.0, 47.0), 7)
    assert window_around(None, 7) == MapWindow()
    # A share link's centre and zoom, before the map reports: around the centre, clamped to the world.
    assert window_at(40.0, 45.0, 6) == MapWindow((37.1875, 39.375, 42.8125, 50.625), 6)
    assert window_at(80.0, 170.0, 2).bounds == (35.0, 80.0, 90.0, 180.0)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EventStore:
    root: Path = tmp_path_factory.mktemp("store")
    writer = StoreWriter(root, "grid")
    writer.add_events(synthesise(3000, seed=5))
    writer.commit()
    return EventStore(root)


def test_many_events_in_view_are_cells_and_few_are_points(store: EventStore) -> None:
    world = MapWindow(WORLD, 2)
    crowded = answer_view(store, ViewState(), world, points_up_to=500)
    assert crowded.points is None and crowded.in_view == 3000
    assert crowded.cells["count"].sum() == 3000 and len(crowded.cells) < 100
    # Zoomed in on one cell's events: few enough to draw one by one.
    top = crowded.cells.iloc[0]
    close = MapWindow((top["lat"] - 0.5, top["lon"] - 0.5, top["lat"] + 0.5, top["lon"] + 0.5), 9)
    near = answer_view(store, ViewState(), close, points_up_to=int(top["count"]))
    assert near.cells is None and 0 < len(near.points) == near.in_view <= top["count"]
    # The grid cells the view touches, whole: up to a cell past its edges, no further.
    margin = cell_degrees(9)
    assert near.points["lat"].between(top["lat"] - 0.5 - margin, top["lat"] + 0.5 + margin).all()
    assert near.points["lon"].between(top["lon"] - 0.5 - margin, top["lon"] + 0.5 + margin).all()


def _rendered(layers: list[folium.FeatureGroup]) -> str:
    fmap = folium.Map()
    for layer in layers:
        layer.add_to(fmap)
    return fmap.get_root().render()


def test_cells_are_drawn_with_their_counts_and_dominant_colour() -> None:
    cells = pd.DataFrame(
        {
            "lat": [40.0, 10.5],
            "lon": [45.0, -3.25],
            "count": [12_345, 7],
            "dominant_type": ["Battles", None],
        }
    )
    layers = cell_layers(cells)
    assert layers[0].layer_name == "Event counts (12,352 events in view)"
    html = _rendered(layers)
    rows = json.loads(re.search(r'var data = (\{"rows":.*?\]\]\})', html).group(1))["rows"]
    assert rows == [
        [40.0, 45.0, 12345, EVENT_TYPE_GROUPS_BY_NAME["Battles"].colour, "Battles"],
        [10.5, -3.25, 7, EVENT_TYPE_GROUPS_BY_NAME[NOT_IN_ACLED].colour, NOT_IN_ACLED],
    ]
    assert "Circles are counts of events" in html  # the note that says what the circles are
