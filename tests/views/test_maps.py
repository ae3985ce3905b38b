import json
import re
from pathlib import Path

import folium
import pandas as pd
from streamlit_folium import _get_map_string

from datelines.data.tables import events_frame, places_frame
from datelines.views.maps import EventMarkers, base_map, dynamic_layers, format_interval, map_frame, safe_json


def test_safe_json_cannot_close_a_script_or_template() -> None:
    hostile = "</script><script>alert(1)</script> `${alert(2)}` \u2028"
    encoded = safe_json({"s": hostile})
    assert "</script" not in encoded and "<" not in encoded and "\u2028" not in encoded
    assert "`" in encoded  # harmless: the data sits in a JSON expression, never in a template literal


def test_map_and_layers_load_nothing_from_a_cdn(seed_extraction) -> None:
    events, places = events_frame([seed_extraction]), places_frame([seed_extraction])
    fmap = base_map(map_frame(events, places))
    for layer in dynamic_layers(events, places):
        fmap.add_child(layer)
    html = fmap.get_root().render()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links and all(link.startswith("/app/static/") for link in links if not link.startswith("#")), links
    assert "cdn" not in " ".join(links)


def test_events_are_one_data_layer_with_every_filtered_event(seed_extraction) -> None:
    events = events_frame([seed_extraction])
    layer = EventMarkers(events)
    folium.FeatureGroup().add_child(layer)
    assert layer.count == len(events)
    script = layer._template.module.script(layer)
    assert script.count("L.marker(") == 1  # one marker constructor, looped over the data array


def test_popup_text_is_set_as_text_not_html(seed_extraction) -> None:
    events = events_frame([seed_extraction]).assign(summary="<img src=x onerror=alert(1)>")
    layer = EventMarkers(events)
    folium.FeatureGroup().add_child(layer)
    script = layer._template.module.script(layer)
    assert "innerHTML" not in script and "textContent" in script
    assert "<img" not in script


def test_interval_formatting() -> None:
    assert format_interval(pd.Timestamp("2023-09-23"), pd.Timestamp("2023-09-23"), "day") == "23 Sep 2023 (day)"
    assert format_interval(pd.Timestamp("1990-01-01"), pd.Timestamp("1993-12-31"), "decade") == "1990–1993 (decade)"
    assert format_interval(None, None, "day") == "date unresolved"


def test_streamlit_folium_renders_the_map(seed_extraction) -> None:
    fmap = base_map(map_frame(events_frame([seed_extraction]), places_frame([seed_extraction])))
    fmap.get_root().render()
    assert "L.map" in _get_map_string(fmap)


def test_text_cannot_become_a_jinja_template() -> None:
    import json

    hostile = "{{ 7*7 }} {% for x in y %} {# c #} {{{"
    encoded = safe_json({"s": hostile, "nested": {"a": [{"b": 1}]}})
    assert "{{" not in encoded and "{%" not in encoded and "{#" not in encoded
    assert json.loads(encoded)["s"] == hostile


def test_event_text_is_not_evaluated_by_folium(seed_extraction) -> None:
    events = events_frame([seed_extraction]).assign(summary="{{ 7*7 }}", evidence="{{ 7*7 }}")
    fmap = base_map(map_frame(events, places_frame([seed_extraction])))
    for layer in dynamic_layers(events, places_frame([seed_extraction])):
        fmap.add_child(layer)
    html = fmap.get_root().render()
    assert "{\\u007b 7*7 }}" in html


def test_every_region_file_the_map_may_fetch_is_shipped_and_in_its_box() -> None:
    """The offline map fetches ``admin1/<code>.geojson`` for each index entry in view: none may be missing."""
    folder = Path(__file__).resolve().parents[2] / "static" / "basemap" / "admin1"
    index = json.loads((folder / "index.json").read_text())
    assert {"arm", "aze", "ken", "bfa", "ind", "syr"} <= set(index)
    for code, (west, south, east, north) in index.items():
        regions = json.loads((folder / f"{code}.geojson").read_text())
        unnamed = [f for f in regions["features"] if not f["properties"]["name"]]
        assert len(regions["features"]) >= 2 and len(unnamed) <= 1, code  # Natural Earth leaves a sliver unnamed
        first = regions["features"][0]["geometry"]["coordinates"]
        lon, lat = first[0][0] if regions["features"][0]["geometry"]["type"] == "Polygon" else first[0][0][0]
        assert west <= lon <= east and south <= lat <= north, code
