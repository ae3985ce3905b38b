"""The map of an event store: counts per grid cell for the view, points once few enough are in it.

A store may hold millions of events; the browser gets what one view needs, never the whole set. Each
pan or zoom asks the store for the events inside the view: past `POINTS_IN_VIEW` they come back as
counts per cell (`EventStore.grid`), sized by count and coloured by the cell's most frequent type;
below it as the events themselves, drawn by the same layers as a small dataset's map. Pure: no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd

from datelines.data.eventstore import WORLD, Bounds, EventStore
from datelines.extract.acled import EVENT_TYPE_GROUPS_BY_NAME
from datelines.views.maps import ScriptLayer
from datelines.views.timeline import group_names
from datelines.views.view import MAX_ZOOM, ViewState

# At most this many events in view are drawn one by one: ~53 bytes each to the browser, so a view of
# points stays under 1 MB however large the store (a view of cells is a few hundred rows).
POINTS_IN_VIEW = 15_000


@dataclass(frozen=True)
class MapWindow:
    """What the map shows: its bounds (south, west, north, east) and zoom."""

    bounds: Bounds = WORLD
    zoom: int = 2


def _longitude(value: float) -> float:
    return (value + 180.0) % 360.0 - 180.0


def window_from_map(reported: dict[str, Any] | None, fallback: MapWindow) -> MapWindow:
    """The view `st_folium` reports (`bounds` with `_southWest`/`_northEast`, `zoom`) in the store's terms:
    latitudes clamped, longitudes wrapped into [-180, 180) (Leaflet's run past ±180 when the world repeats),
    a view wider than the world taken as all of it. Anything missing or malformed gives `fallback`."""
    try:
        corners = (reported or {})["bounds"]
        south, west = float(corners["_southWest"]["lat"]), float(corners["_southWest"]["lng"])
        north, east = float(corners["_northEast"]["lat"]), float(corners["_northEast"]["lng"])
        zoom = int((reported or {})["zoom"])
    except (KeyError, TypeError, ValueError):
        return fallback
    if not south <= north or not west <= east:
        return fallback
    south, north = max(-90.0, south), min(90.0, north)
    if east - west >= 360.0:
        west, east = -180.0, 180.0
    else:
        west, east = _longitude(west), _longitude(east)
        if east == -180.0:
            east = 180.0
    return MapWindow((south, west, north, east), max(0, min(MAX_ZOOM, zoom)))


def window_at(lat: float, lon: float, zoom: int) -> MapWindow:
    """Roughly what a map centred on (lat, lon) at `zoom` shows (a share link's view), until it reports."""
    half_lon = 360.0 / 2**zoom
    return MapWindow(
        (
            max(-90.0, lat - half_lon / 2),
            max(-180.0, lon - half_lon),
            min(90.0, lat + half_lon / 2),
            min(180.0, lon + half_lon),
        ),
        zoom,
    )


def window_around(bounds: tuple[tuple[float, float], tuple[float, float]] | None, zoom: int) -> MapWindow:
    """The window a map framed on `bounds` ((south, west), (north, east)) opens with, before it reports."""
    if bounds is None:
        return MapWindow()
    (south, west), (north, east) = bounds
    return MapWindow((max(-90.0, south), max(-180.0, west), min(90.0, north), min(180.0, east)), zoom)


@dataclass(frozen=True)
class MapAnswer:
    """A view's events: `in_view` of them; `points` when at most `POINTS_IN_VIEW`, else `cells`."""

    window: MapWindow
    in_view: int
    points: pd.DataFrame | None = None
    cells: pd.DataFrame | None = None


def answer_view(
    store: EventStore, filters: ViewState, window: MapWindow, points_up_to: int = POINTS_IN_VIEW
) -> MapAnswer:
    """Points or cells for this view and these filters: the grid (whose counts add up to the events in
    the whole cells the view touches), and those events themselves when few enough."""
    cells = store.grid(filters, window.bounds, window.zoom)
    in_view = int(cells["count"].sum())
    if in_view <= points_up_to:
        return MapAnswer(window, in_view, points=store.select(filters, window.bounds, points_up_to, window.zoom))
    return MapAnswer(window, in_view, cells=cells)


class CountCells(ScriptLayer):
    """Grid cells as circles sized by their count, coloured by their most frequent type, the count written
    in them; a click zooms in on the cell. A note beside the map says that these are counts."""

    def __init__(self, cells: pd.DataFrame) -> None:
        rows = [
            [round(float(lat), 4), round(float(lon), 4), int(count), EVENT_TYPE_GROUPS_BY_NAME[name].colour, name]
            for lat, lon, count, name in zip(
                cells["lat"], cells["lon"], cells["count"], group_names(cells["dominant_type"]), strict=True
            )
        ]
        super().__init__(
            """
var group = {{ this._parent.get_name() }};
var largest = data.rows.reduce(function (most, row) { return Math.max(most, row[2]); }, 1);
function short(n) { return n >= 1e6 ? (n / 1e6).toFixed(1) + 'M' : n >= 1e4 ? Math.round(n / 1e3) + 'k' : String(n); }
data.rows.forEach(function (row) {
  var size = Math.round(22 + 34 * Math.sqrt(row[2] / largest));  // area grows with the count
  var icon = L.divIcon({className: 'datelines-cell', iconSize: [size, size],
    html: '<div style="width:' + size + 'px;height:' + size + 'px;border-radius:50%;background:' + row[3]
      + ';opacity:.85;border:2px solid #fff;box-shadow:0 0 3px rgba(0,0,0,.5);display:flex;align-items:center;'
      + 'justify-content:center;color:#fff;font:600 11px sans-serif;text-shadow:0 0 2px #000"></div>'});
  var marker = L.marker([row[0], row[1]], {icon: icon, keyboard: false});
  marker.on('add', function () { marker.getElement().firstChild.textContent = short(row[2]); });
  var tip = document.createElement('span');
  tip.textContent = row[2].toLocaleString('en') + ' events here, most of them ' + row[4] + ' (click to zoom in)';
  marker.bindTooltip(tip);
  marker.on('click', function () {
    var map = group._map; if (map) { map.setView([row[0], row[1]], Math.min(map.getZoom() + 2, 18)); }
  });
  group.addLayer(marker);
});
var note = L.control({position: 'bottomleft'});
note.onAdd = function () {
  var box = L.DomUtil.create('div', 'datelines-cell-note');
  box.style.cssText = 'background:rgba(255,255,255,.92);padding:3px 6px;border-radius:4px;font:11px sans-serif;'
    + 'max-width:240px;box-shadow:0 1px 4px rgba(0,0,0,.3)';
  box.textContent = 'Circles are counts of events in a grid cell, sized by count and coloured by the most '
    + 'frequent type. Zoom in for single events.';
  return box;
};
function showNote() { if (group._map && !note._map) { note.addTo(group._map); } }
group.on('add', showNote);
showNote();
group.on('remove', function () { note.remove(); });
""",
            {"rows": rows},
        )


def cell_layers(cells: pd.DataFrame) -> list[folium.FeatureGroup]:
    """The layer that replaces the event markers when a view holds too many events to draw one by one."""
    group = folium.FeatureGroup(name=f"Event counts ({int(cells['count'].sum()):,} events in view)")
    group.add_child(CountCells(cells))
    return [group]
