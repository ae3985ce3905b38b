"""Folium maps that work offline and draw events from one compact data layer.

Every script and stylesheet comes from `static/vendor` (served by Streamlit at /app/static);
a Natural Earth outline layer keeps the map legible when OpenStreetMap tiles cannot load.
Events are one JSON array drawn by a small script (clustered divIcon markers), not one folium
object per event, and all text reaches the page through `textContent`, never as HTML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import folium
import numpy as np
import orjson
import pandas as pd
import xyzservices
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from datelines.extract.acled import EVENT_TYPE_GROUPS, NOT_IN_ACLED

STATIC_URL = "/app/static"
VENDOR = f"{STATIC_URL}/vendor"
LEAFLET_JS = [
    ("leaflet", f"{VENDOR}/leaflet@1.9.3/leaflet.js"),
    ("jquery", f"{VENDOR}/jquery@3.7.1/jquery.min.js"),
]
LEAFLET_CSS = [("leaflet_css", f"{VENDOR}/leaflet@1.9.3/leaflet.css")]
CLUSTER_JS = [("markercluster", f"{VENDOR}/leaflet.markercluster@1.5.3/leaflet.markercluster.js")]
CLUSTER_CSS = [
    ("markercluster_css", f"{VENDOR}/leaflet.markercluster@1.5.3/MarkerCluster.css"),
    ("markercluster_default_css", f"{VENDOR}/leaflet.markercluster@1.5.3/MarkerCluster.Default.css"),
]
FULLSCREEN_JS = [("fullscreen", f"{VENDOR}/leaflet.fullscreen@3.0.0/Control.FullScreen.js")]
FULLSCREEN_CSS = [("fullscreen_css", f"{VENDOR}/leaflet.fullscreen@3.0.0/Control.FullScreen.css")]
BASEMAP_URL = f"{STATIC_URL}/basemap/countries-110m.geojson"
CITIES_URL = f"{STATIC_URL}/basemap/cities.json"
REGIONS_URL = f"{STATIC_URL}/basemap/admin1"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
GROUP_INDEX = {group.name: index for index, group in enumerate(EVENT_TYPE_GROUPS)}
DETAIL_LIMIT = 1000  # above this many events, popups carry type and date only (details of the selected one)
COARSE_ABOVE = 10_000  # coordinates to 1e-3 degrees above this many events
PLACE_LABELS = 30  # up to this many places carry their names on the map
PRECISION_TEXT = {1: "exact place", 2: "near a place / part of a region", 3: "large region or country"}


_JSON_ESCAPES = (
    # Safe inside a <script> element and a JavaScript expression:
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
    # folium re-reads rendered scripts as Jinja templates: no "{{", "{%" or "{#" may survive.
    # In compact JSON these pairs occur only inside strings, where the escape decodes back.
    ("{{", "{\\u007b"),
    ("{%", "{\\u0025"),
    ("{#", "{\\u0023"),
)


def safe_json(value: Any) -> str:
    """JSON that is safe inside a <script> element, a JavaScript expression and a Jinja template."""
    # orjson writes numpy arrays directly (the event columns), ~8x quicker than json + tolist().
    text = orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS).decode()
    for character, escape in _JSON_ESCAPES:
        text = text.replace(character, escape)
    return text


class OfflineMap(folium.Map):
    """A folium Map whose Leaflet and jQuery come from the app itself, not a CDN."""

    default_js = LEAFLET_JS
    default_css = LEAFLET_CSS


class _Verbatim(Element):
    """Rendered text kept as it is (branca's Element would compile it as a Jinja template again)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


@lru_cache(maxsize=64)
def _script_template(body: str) -> Template:
    """Compiled once per script body: Jinja compilation cost ~1.5 ms a script on every rerun."""
    return Template(
        "{% macro script(this, kwargs) %}(function(){\nvar data = {{ this.data_json }};\n"
        + body
        + "\n})();\n{% endmacro %}"
    )


class ScriptLayer(JSCSSMixin, MacroElement):
    """A script macro with JSON arguments; `script` is a Jinja body using `this.data`."""

    def __init__(self, body: str, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.data_json = safe_json(data)
        self._template = _script_template(body)

    def render(self, **kwargs: Any) -> None:
        """Like MacroElement.render, but the rendered script (it holds the data) is not re-parsed.

        branca wraps rendered output in a new Element, which compiles it as a Jinja template: for a
        1.6 MB event layer that lexing was most of a filter change's time.
        """
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{self.get_name()} can only be rendered inside a folium Figure")
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        figure.script.add_child(_Verbatim(self._template.module.script(self, kwargs)), name=self.get_name())


class OfflineBasemap(ScriptLayer):
    """Country outlines from a shipped Natural Earth file, under the tiles (visible when tiles fail), with
    country names and the names of large cities (GeoNames, from the gazetteer) shown by zoom level, and
    each country's regions (Natural Earth admin 1), fetched only once the view is zoomed in on it."""

    def __init__(self) -> None:
        super().__init__(
            """
var map = {{ this._parent.get_name() }};
if (!map.getPane('basemap')) { map.createPane('basemap'); map.getPane('basemap').style.zIndex = 150; }
if (!map.getPane('baselabels')) {
  map.createPane('baselabels'); map.getPane('baselabels').style.zIndex = 160;
  map.getPane('baselabels').style.pointerEvents = 'none';
}
map.getContainer().style.background = '#dfe9f2';
var labels = [];  // [marker, smallest zoom shown, largest zoom shown]
function label(text, lat, lon, style, fromZoom, toZoom) {
  var node = document.createElement('span'); node.textContent = text; node.style.cssText = style;
  var icon = L.divIcon({className: 'datelines-base-label', html: node.outerHTML, iconSize: null});
  labels.push([L.marker([lat, lon], {icon: icon, pane: 'baselabels', interactive: false, keyboard: false}),
               fromZoom, toZoom]);
}
function showLabels() {
  var zoom = map.getZoom();
  labels.forEach(function (entry) {
    var wanted = zoom >= entry[1] && zoom <= entry[2];
    if (wanted && !map.hasLayer(entry[0])) { entry[0].addTo(map); }
    if (!wanted && map.hasLayer(entry[0])) { map.removeLayer(entry[0]); }
  });
}
function ringArea(ring) {
  var area = 0;
  for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) { area += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]); }
  return Math.abs(area / 2);
}
var countryStyle = 'font:600 11px sans-serif;color:#6b6257;letter-spacing:.06em;text-transform:uppercase;'
  + 'white-space:nowrap;text-shadow:0 0 3px #f4f1ea,0 0 3px #f4f1ea;transform:translate(-50%,-50%);display:inline-block';
var cityStyle = 'font:11px sans-serif;color:#333;white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff;'
  + 'display:inline-block;transform:translate(4px,-50%)';
var regionStyle = 'font:italic 10px sans-serif;color:#8a8073;white-space:nowrap;'
  + 'text-shadow:0 0 3px #f4f1ea,0 0 3px #f4f1ea;transform:translate(-50%,-50%);display:inline-block';
function nameFeatures(geojson, style, fromZoom, toZoom) {  // each name at the middle of its largest part
  geojson.features.forEach(function (feature) {
    if (!feature.properties || !feature.properties.name) { return; }
    var polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    var largest = polygons.reduce(function (best, polygon) { return ringArea(polygon[0]) > ringArea(best[0]) ? polygon : best; });
    var bounds = L.latLngBounds(largest[0].map(function (point) { return [point[1], point[0]]; }));
    var centre = bounds.getCenter();
    // a name only from the zoom at which its area is some 60 px across (a degree is 256 * 2^zoom / 360 px)
    var fits = Math.ceil(Math.log2(60 * 360 / 256 / Math.sqrt(ringArea(largest[0]) || 1e-6)));
    label(feature.properties.name, centre.lat, centre.lng, style, Math.max(fromZoom, fits), toZoom);
  });
}
fetch(data.url).then(function (r) { return r.json(); }).then(function (geojson) {
  L.geoJSON(geojson, {pane: 'basemap', interactive: false,
    style: {color: '#8a8a8a', weight: 0.6, fillColor: '#f4f1ea', fillOpacity: 1}}).addTo(map);
  nameFeatures(geojson, countryStyle, 3, 7);
  showLabels();
}).catch(function () {});
var regionLayers = {}, regionIndex = null, REGION_ZOOM = 5;
function showRegions() {  // a country's regions once the view is zoomed in on it, fetched once
  if (!regionIndex) { return; }
  var zoom = map.getZoom(), view = map.getBounds();
  Object.keys(regionIndex).forEach(function (code) {
    var box = regionIndex[code];  // [west, south, east, north]
    if (zoom < REGION_ZOOM || regionLayers[code]
        || !view.intersects(L.latLngBounds([box[1], box[0]], [box[3], box[2]]))) { return; }
    regionLayers[code] = L.layerGroup();
    fetch(data.regions + '/' + code + '.geojson').then(function (r) { return r.json(); }).then(function (geojson) {
      L.geoJSON(geojson, {pane: 'basemap', interactive: false,
        style: {color: '#a39a8c', weight: 0.7, dashArray: '4 3', fill: false}}).addTo(regionLayers[code]);
      nameFeatures(geojson, regionStyle, 6, 10);
      showLabels();
      showRegions();
    }).catch(function () {});
  });
  Object.keys(regionLayers).forEach(function (code) {
    var wanted = zoom >= REGION_ZOOM;
    if (wanted && !map.hasLayer(regionLayers[code])) { regionLayers[code].addTo(map); }
    if (!wanted && map.hasLayer(regionLayers[code])) { map.removeLayer(regionLayers[code]); }
  });
}
fetch(data.regions + '/index.json').then(function (r) { return r.json(); }).then(function (index) {
  regionIndex = index;
  showRegions();
}).catch(function () {});
map.on('moveend', showRegions);
fetch(data.cities).then(function (r) { return r.json(); }).then(function (rows) {
  rows.forEach(function (row) {  // [name, lat, lon, population]: the largest cities first
    var fromZoom = row[3] >= 10000000 ? 3 : (row[3] >= 5000000 ? 4 : (row[3] >= 2000000 ? 5 : 6));
    label('• ' + row[0], row[1], row[2], cityStyle, fromZoom, 11);
  });
  showLabels();
}).catch(function () {});
map.on('zoomend', showLabels);
""",
            {"url": BASEMAP_URL, "cities": CITIES_URL, "regions": REGIONS_URL},
        )


class Fullscreen(ScriptLayer):
    default_js = FULLSCREEN_JS
    default_css = FULLSCREEN_CSS

    def __init__(self) -> None:
        super().__init__(
            "var map = {{ this._parent.get_name() }};\n"
            "if (L.control.fullscreen) { L.control.fullscreen({position: 'topleft'}).addTo(map); }",
            {},
        )


class Legend(ScriptLayer):
    """Event-type colours and what the marker shapes say about precision; text set as text.

    A collapsible box: open on a large map, closed on a small one, and closed whenever a popup opens,
    so it never hides a popup or the markers under it."""

    def __init__(self, types: list[tuple[str, str]]) -> None:
        super().__init__(
            """
var map = {{ this._parent.get_name() }};
var legend = L.control({position: 'bottomright'});
legend.onAdd = function () {
  var box = L.DomUtil.create('details', 'datelines-legend');
  box.style.cssText = 'background:rgba(255,255,255,.92);padding:3px 6px;border-radius:4px;font:11px sans-serif;line-height:15px;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:190px';
  var title = document.createElement('summary'); title.textContent = 'Legend';
  title.style.cssText = 'cursor:pointer;font-weight:bold'; box.appendChild(title);
  data.types.forEach(function (t) {
    var row = document.createElement('div');
    var dot = document.createElement('span');
    dot.style.cssText = 'display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;background:' + t[1];
    row.appendChild(dot); row.appendChild(document.createTextNode(t[0])); box.appendChild(row);
  });
  var place = document.createElement('div');
  var ring = document.createElement('span');
  ring.style.cssText = 'display:inline-block;width:8px;height:8px;border-radius:50%;margin:0 7px 0 1px;background:#fff;border:1.5px solid #222';
  place.appendChild(ring); place.appendChild(document.createTextNode('a place the text names')); box.appendChild(place);
  var note = document.createElement('div');
  note.style.cssText = 'margin-top:4px;color:#555';
  note.textContent = '● exact  ◌ near / part of region  ○ country or large region';
  box.appendChild(note);
  var size = map.getSize();
  box.open = size.x >= 600 && size.y >= 450;
  map.on('popupopen', function () { box.open = false; });
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);
  return box;
};
legend.addTo(map);
// On a narrow screen the page scrolls under the wheel until the map is tapped.
if (map.getSize().x < 600) {
  map.scrollWheelZoom.disable();
  map.on('click', function () { map.scrollWheelZoom.enable(); });
  map.getContainer().addEventListener('mouseleave', function () { map.scrollWheelZoom.disable(); });
}
""",
            {"types": types},
        )


EVENTS_SCRIPT = """
var group = {{ this._parent.get_name() }};
var types = data.types;
var map = window.map;
var cluster = L.markerClusterGroup ? L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 35,
  spiderfyOnMaxZoom: true, showCoverageOnHover: false, zoomToBoundsOnClick: false}) : L.featureGroup();
// A cluster click zooms to its markers' extent, not past street level; markers at one spot fan out.
cluster.on('clusterclick', function (event) {
  var bounds = event.layer.getBounds();
  if (bounds.getNorthEast().distanceTo(bounds.getSouthWest()) < 2000) { event.layer.spiderfy(); return; }
  map.fitBounds(bounds, {padding: [40, 40], maxZoom: 12});
});
if (map && !map.datelinesWatched) {  // a reader who moved the map keeps the view through filter changes
  map.datelinesWatched = true;
  map.on('dragstart', function () { map.datelinesMoved = true; });
  map.getContainer().addEventListener('wheel', function () { map.datelinesMoved = true; }, {passive: true});
  map.getContainer().addEventListener('click', function (event) {  // capture: the controls stop the bubble
    if (event.target.closest && event.target.closest('.leaflet-control-zoom')) { map.datelinesMoved = true; }
  }, true);
}
function line(parent, tag, text, style) {
  if (!text) { return; }
  var node = document.createElement(tag); node.textContent = text;
  if (style) { node.style.cssText = style; }
  parent.appendChild(node);
}
function popupFor(row, detail) {
  var box = document.createElement('div'); box.className = 'datelines-popup'; box.style.maxWidth = '320px';
  line(box, 'b', detail ? detail.l : types[row[2]][0]);
  line(box, 'div', detail ? detail.k : '', 'color:' + types[row[2]][1] + ';font-size:11px');
  line(box, 'div', detail ? detail.d : '', 'color:#444');
  line(box, 'div', detail ? detail.p : '', 'color:#666;font-size:11px');
  if (detail && detail.s !== detail.e) { line(box, 'div', detail.s, 'margin-top:4px'); }
  line(box, 'blockquote', detail ? detail.e : '', 'margin:6px 0 0 0;padding-left:6px;border-left:3px solid #ccc;color:#333;font-style:italic');
  line(box, 'div', detail ? detail.a : '', 'color:#666;font-size:11px;margin-top:4px');
  line(box, 'div', detail ? detail.f : '', 'color:#b71c1c;font-size:12px;margin-top:2px');
  if (detail && detail.r) {  // the source article, opened at this event's sentence
    var source = document.createElement('a');
    source.textContent = 'Source: ' + detail.r;
    source.target = '_blank'; source.rel = 'noopener';  // a new tab: the sandboxed map frame cannot navigate the page
    try {
      var link = new URL('article', window.parent.location.href);
      link.searchParams.set('article', detail.ai); link.searchParams.set('event', detail.i);
      source.href = link.toString();
    } catch (error) { source.removeAttribute('target'); }
    source.style.cssText = 'display:block;margin-top:6px;font-size:12px';
    box.appendChild(source);
  }
  return box;
}
var selected = null;
var columns = data.events;
columns.lat.forEach(function (lat, index) {
  var row = [lat / columns.scale, columns.lon[index] / columns.scale, columns.type[index], columns.precision[index]];
  var colour = types[row[2]][1];
  var precision = row[3];
  var isSelected = data.selected === index;
  var size = isSelected ? 22 : 14;
  var border = precision >= 3 ? '2px solid ' + colour : (precision == 2 ? '2px dashed #333' : '1px solid #fff');
  var fill = precision >= 3 ? 'transparent' : colour;
  var ring = isSelected ? ';box-shadow:0 0 0 3px #000' : '';
  var icon = L.divIcon({className: 'datelines-event', iconSize: [size, size],
    html: '<span style="display:block;width:' + size + 'px;height:' + size + 'px;border-radius:50%;box-sizing:border-box;background:' + fill + ';border:' + border + ring + '"></span>'});
  var marker = L.marker([row[0], row[1]], {icon: icon, riseOnHover: true, zIndexOffset: isSelected ? 1000 : 0});
  var detail = data.details ? data.details[index] : null;
  var tip = document.createElement('span'); tip.textContent = detail ? detail.t : types[row[2]][0];
  marker.bindTooltip(tip);
  marker.bindPopup(function () { return popupFor(row, detail); },
    {autoPanPaddingTopLeft: L.point(60, 20), autoPanPaddingBottomRight: L.point(20, 30)});
  cluster.addLayer(marker);
  if (isSelected) { selected = marker; }
});
group.addLayer(cluster);
window.datelinesEvents = cluster;  // for inspection (and the browser tests)
// After a filter change the map fits the events shown (the first view is framed by the page).
if (map && map.datelinesDrawn && !map.datelinesMoved && !data.keepView && data.selected === null
    && cluster.getLayers().length) {
  map.fitBounds(cluster.getBounds(), {padding: [30, 30], maxZoom: 10});
}
if (map) { map.datelinesDrawn = true; }
if (selected) {
  // Open the popup where the map already is: spiderfy the cluster that hides the marker
  // instead of zooming to the last level (which would lose the reader's context).
  setTimeout(function () {
    var parent = cluster.getVisibleParent ? cluster.getVisibleParent(selected) : null;
    if (parent && parent !== selected && parent.spiderfy) { parent.spiderfy(); }
    if (!parent && cluster.zoomToShowLayer) { cluster.zoomToShowLayer(selected, function () { selected.openPopup(); }); return; }
    setTimeout(function () { selected.openPopup(); }, 300);
  }, 100);
}
"""


class EventMarkers(ScriptLayer):
    """All filtered events as one array: [lat, lon, type index, precision] per event."""

    default_js = CLUSTER_JS
    default_css = CLUSTER_CSS

    def __init__(self, events: pd.DataFrame, selected_event: str | None = None, keep_view: bool = False) -> None:
        drawable = events.dropna(subset=["lat", "lon"])
        # Columns as flat arrays (vectorised, and the smallest JSON): lat, lon, type, precision.
        # Coloured by ACLED event type; one ACLED does not name is drawn as "not in ACLED".
        groups = drawable["acled_event_type"] if "acled_event_type" in drawable else pd.Series("", index=drawable.index)
        if isinstance(groups.dtype, pd.CategoricalDtype) and list(groups.cat.categories) == list(GROUP_INDEX):
            codes = groups.cat.codes.to_numpy(np.int64)  # the dataset's category codes are the legend's order
            type_codes = pd.Series(np.where(codes < 0, len(EVENT_TYPE_GROUPS) - 1, codes), index=groups.index)
        else:
            type_codes = groups.astype(object).map(GROUP_INDEX).fillna(len(EVENT_TYPE_GROUPS) - 1).astype(int)
        precision = pd.to_numeric(drawable["geo_precision"], errors="coerce").fillna(2).clip(1, 3).astype(int)
        # Coordinates as integers (JSON without decimals is shorter and quicker to write):
        # 1e-4 degrees (about 11 m) up to COARSE_ABOVE events, 1e-3 (about 110 m) beyond.
        scale = 10_000 if len(drawable) <= COARSE_ABOVE else 1_000
        columns = {
            "scale": scale,
            "lat": _scaled(drawable["lat"], scale),
            "lon": _scaled(drawable["lon"], scale),
            "type": type_codes.to_numpy(np.int64),
            "precision": precision.to_numpy(np.int64),
        }
        positions = (drawable["id"] == selected_event).to_numpy().nonzero()[0] if selected_event else []
        selected = int(positions[0]) if len(positions) else None
        details = None
        if len(drawable) <= DETAIL_LIMIT:
            details = [_detail(record) for record in drawable.to_dict(orient="records")]
        elif selected is not None:
            details = {selected: _detail(drawable.iloc[selected].to_dict())}
        self.count = len(drawable)
        super().__init__(
            EVENTS_SCRIPT,
            {
                "events": columns,
                "types": [[group.name, group.colour] for group in EVENT_TYPE_GROUPS],
                "details": details,
                "selected": selected,
                "keepView": keep_view,  # a shared map view is kept through filter changes
            },
        )


def _scaled(column: pd.Series, scale: int) -> np.ndarray:
    return np.ascontiguousarray(np.round(column.to_numpy(np.float64) * scale).astype(np.int64))


def _precision(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 2
    return min(3, max(1, number))


def format_interval(start: Any, end: Any, precision: str) -> str:
    """ "23 Sep 2023", "1990–1993 (decade)", "Dec 2022 – Sep 2023 (month)" for a popup or table."""
    if start is None or pd.isna(start):
        return "date unresolved"
    start, end = pd.Timestamp(start), pd.Timestamp(end if end is not None and not pd.isna(end) else start)
    if precision in ("year", "decade", "era"):
        text = f"{start.year}" if start.year == end.year else f"{start.year}–{end.year}"
    elif precision == "month":
        text = (
            start.strftime("%b %Y")
            if (start.year, start.month) == (end.year, end.month)
            else f"{start:%b %Y} – {end:%b %Y}"
        )
    else:
        text = f"{start:%-d %b %Y}" if start == end else f"{start:%-d %b} – {end:%-d %b %Y}"
    return f"{text} ({precision})"


def _deaths(value: Any) -> str:
    """ "Fatalities reported: 6" for a popup; nothing when the text reports none."""
    if value is None or pd.isna(value) or int(value) <= 0:
        return ""
    return f"Fatalities reported: {int(value):,}"


def _detail(record: dict[str, Any]) -> dict[str, str]:
    interval = format_interval(
        record.get("date_start"), record.get("date_end"), str(record.get("time_precision") or "day")
    )
    site = record.get("site_name") or ""
    precision = PRECISION_TEXT.get(_precision(record.get("geo_precision")), "")
    site_text = f"{site} — {precision}" + (
        " (site carried over from an earlier sentence)" if record.get("site_inferred") else ""
    )
    return {
        "t": f"{record.get('event_label') or ''} · {interval}",
        "d": interval,
        "p": site_text if site else precision,
        "s": str(record.get("summary") or ""),
        "e": str(record.get("evidence") or ""),
        "a": f"Actors: {record['actors']}" if record.get("actors") else "",
        "f": _deaths(record.get("fatalities")),
        "l": str(record.get("event_label") or ""),
        "r": str(record.get("article_title") or record.get("article_id") or ""),
        "ai": str(record.get("article_id") or ""),
        "i": str(record.get("id") or ""),
        "k": " · ".join(
            str(part)
            for part in (record.get("acled_event_type"), record.get("acled_sub_event_type"))
            if isinstance(part, str) and part
        )
        + (
            f" (from: {record['type_evidence']})"
            if isinstance(record.get("type_evidence"), str) and record["type_evidence"]
            else ""
        ),
    }


@dataclass(frozen=True, slots=True)
class MapFrame:
    """What the static map needs from a dataset: the view to frame and the types to list.

    Computed once per dataset (quantiles over 100k events cost ~12 ms a rerun), not per filter.
    """

    bounds: tuple[tuple[float, float], tuple[float, float]] | None
    present_types: frozenset[str]


def map_frame(events: pd.DataFrame, places: pd.DataFrame) -> MapFrame:
    points = events[["lat", "lon"]].dropna()
    if points.empty:
        points = places[["lat", "lon"]].dropna()
    bounds = None
    if not points.empty:
        # Frame the events (2% trimmed at each side, so one stray point does not zoom out the world).
        low, high = points.quantile(0.02), points.quantile(0.98)
        pad = 0.3
        bounds = (
            (float(low["lat"]) - pad, float(low["lon"]) - pad),
            (float(high["lat"]) + pad, float(high["lon"]) + pad),
        )
    groups = events["acled_event_type"] if "acled_event_type" in events else pd.Series([None] * len(events))
    # A type ACLED does not name is drawn as "not in ACLED" (EventMarkers), so the legend lists that too.
    present = {str(name) for name in groups.dropna().unique()} | ({NOT_IN_ACLED} if groups.isna().any() else set())
    return MapFrame(bounds, frozenset(present))


# A provider object, not the name "OpenStreetMap": folium looks a name up among ~1,000 providers.
_OSM_TILES = xyzservices.providers.OpenStreetMap.Mapnik


def base_map(frame: MapFrame, view: tuple[float, float, int] | None = None) -> OfflineMap:
    """The static part of the map: view (a shared centre and zoom, else the events framed), tiles,
    offline outlines, legend, fullscreen."""
    if view:
        fmap = OfflineMap(location=[view[0], view[1]], zoom_start=view[2], tiles=None, control_scale=True)
    else:
        fmap = OfflineMap(location=[20.0, 10.0], zoom_start=2, tiles=None, control_scale=True)
    if frame.bounds and not view:
        fmap.fit_bounds([list(frame.bounds[0]), list(frame.bounds[1])], max_zoom=9)
    folium.TileLayer(_OSM_TILES, name="OpenStreetMap tiles (online)", attr=OSM_ATTRIBUTION).add_to(fmap)
    fmap.add_child(OfflineBasemap())
    fmap.add_child(Fullscreen())
    fmap.add_child(Legend([[g.name, g.colour] for g in EVENT_TYPE_GROUPS if g.name in frame.present_types]))
    return fmap


class AreaShapes(ScriptLayer):
    """Areas as polygons and routes as lines (their uncertainty is their extent)."""

    def __init__(self, places: pd.DataFrame) -> None:
        shapes = []
        for record in places.to_dict(orient="records"):
            if record.get("geometry"):
                shapes.append({"g": json.loads(record["geometry"]), "n": f"{record['name']} ({record['kind']})"})
        super().__init__(
            """
var group = {{ this._parent.get_name() }};
data.shapes.forEach(function (shape) {
  var isLine = shape.g.type.indexOf('LineString') >= 0;
  var layer = L.geoJSON(shape.g, {style: isLine ? {color: '#6a3d9a', weight: 4, dashArray: '6 4'}
                                           : {color: '#6a3d9a', weight: 1.5, fillOpacity: 0.08, dashArray: '4 3'}});
  var tip = document.createElement('span'); tip.textContent = shape.n; layer.bindTooltip(tip, {sticky: true});
  group.addLayer(layer);
});
""",
            {"shapes": shapes},
        )


class PlaceDots(ScriptLayer):
    """Every named place as a small white dot with its name (the article's geography)."""

    def __init__(self, places: pd.DataFrame, highlighted: str | None = None) -> None:
        rows = [
            [round(float(r["lat"]), 4), round(float(r["lon"]), 4), f"{r['name']} — {r['kind']}", r["id"] == highlighted]
            for r in places.dropna(subset=["lat", "lon"]).drop_duplicates("id").to_dict(orient="records")
        ]
        super().__init__(
            """
var group = {{ this._parent.get_name() }};
data.rows.forEach(function (row) {
  // White with a dark ring: unlike every event colour (a place, not an event).
  var marker = L.circleMarker([row[0], row[1]], {radius: row[3] ? 9 : 4, color: '#222',
    weight: row[3] ? 3 : 1.5, fillColor: '#fff', fillOpacity: 0.9});
  if (!document.getElementById('datelines-label-style')) {  // names as map lettering, not as boxes
    var sheet = document.createElement('style'); sheet.id = 'datelines-label-style';
    sheet.textContent = '.datelines-place-label{background:transparent;border:0;box-shadow:none;padding:0 2px;'
      + 'font:600 12px sans-serif;color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff}'
      + '.datelines-place-label:before{display:none}';
    document.head.appendChild(sheet);
  }
  // A few places are named on the map itself (the offline map has no other names this close).
  var named = row[3] || data.rows.length <= data.labels;
  var tip = document.createElement('span'); tip.textContent = named && !row[3] ? row[2].split(' — ')[0] : row[2];
  marker.bindTooltip(tip, named ? {permanent: true, direction: 'right', offset: [6, 0], className: 'datelines-place-label', opacity: 0.85} : {});
  group.addLayer(marker);
});
""",
            {"rows": rows, "labels": PLACE_LABELS},
        )


def dynamic_layers(
    events: pd.DataFrame,
    places: pd.DataFrame,
    selected_event: str | None = None,
    highlighted_place: str | None = None,
    keep_view: bool = False,
) -> list[folium.FeatureGroup]:
    """The layers that change with the filters (sent without remounting the map)."""
    event_group = folium.FeatureGroup(name=f"Events ({len(events.dropna(subset=['lat', 'lon'])):,})")
    event_group.add_child(EventMarkers(events, selected_event, keep_view))
    place_group = folium.FeatureGroup(name="Places", show=True)
    place_group.add_child(PlaceDots(places, highlighted_place))
    area_group = folium.FeatureGroup(name="Areas and routes")
    area_group.add_child(AreaShapes(places))
    return [area_group, place_group, event_group]
