"""Reusable page pieces: notices, the map component, downloads."""

from __future__ import annotations

import json

import folium
import pandas as pd
import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

from datelines.data.dataset import store_events
from datelines.data.eventstore import EventStore
from datelines.data.tables import acled_frame, frame_geojson, with_article_columns
from datelines.extract.acled import EVENT_TYPE_GROUPS
from datelines.views.grid import MapAnswer, answer_view, cell_layers, window_around, window_at, window_from_map
from datelines.views.maps import DETAIL_LIMIT, MapFrame, base_map, dynamic_layers, map_frame
from ui.context import LINK_MAP_VIEW, MAP_FOCUS, Context
from ui.text import plain

MAP_KEY = "map"
MAP_POINTS = "map_points"  # the events a large store's map last drew as points (what a click may select)
LAST_CLICK = "map_last_click"
STORE_SAMPLE = 20_000  # events sampled to frame a store's map (its bounds)


def show_notices(ctx: Context) -> None:
    for notice in ctx.notices:
        st.warning(f"Link: {plain(notice)}", icon="⚠️")
    for warning in ctx.dataset.warnings:
        st.info(plain(warning), icon="ℹ️")


def _events_at(events: pd.DataFrame, lat: float, lon: float) -> pd.DataFrame:
    return events[((events["lat"] - lat).abs() < 1e-3) & ((events["lon"] - lon).abs() < 1e-3)]


def _on_map_click() -> None:
    """A marker click selects the event drawn there (the timeline highlights it, its popup opens).
    The map also reports pans and zooms (a large store's map): a click already handled is not redone."""
    value = st.session_state.get(MAP_KEY) or {}
    clicked = value.get("last_object_clicked") or {}
    if "lat" not in clicked or clicked == st.session_state.get(LAST_CLICK):
        return
    st.session_state[LAST_CLICK] = clicked
    events = st.session_state.get(MAP_POINTS)
    if events is None:
        events = st.session_state["_context"].events
    here = _events_at(events, clicked["lat"], clicked["lng"])
    if not here.empty:
        st.session_state["selected_event"] = here["id"].iloc[0]


def event_map(ctx: Context, height: int = 560, highlighted_place: str | None = None) -> dict:
    places = ctx.dataset.places
    if ctx.view.article:
        places = places[places["article_id"] == ctx.view.article]
    return folium_map(
        _dataset_map_frame(ctx.dataset.version, ctx.dataset.events, ctx.dataset.places),
        _with_titles(ctx),
        places,
        ctx.view.event,
        highlighted_place,
        height,
        MAP_KEY,
        st.session_state.get(LINK_MAP_VIEW),
        st.session_state.get(MAP_FOCUS),
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def _store_map_frame(version: str, _store: EventStore, _places: pd.DataFrame) -> MapFrame:
    """A store's map is framed on a sample of its events (per store version, not per view); its legend
    lists every type, as a rare one may be missing from the sample."""
    frame = map_frame(_store.sample(STORE_SAMPLE), _places)
    return MapFrame(frame.bounds, frozenset(group.name for group in EVENT_TYPE_GROUPS))


def store_event_map(ctx: Context, height: int = 560) -> MapAnswer | None:
    """An event store's map. When few events match it draws them all, as any map does; past that each pan
    or zoom asks the store for the view (st_folium reports bounds and zoom, debounced by 250 ms): counts
    per grid cell, or the events themselves once at most `POINTS_IN_VIEW` are in view."""
    assert ctx.store is not None
    frame = _store_map_frame(ctx.dataset.version, ctx.store, ctx.dataset.places)
    link_view = st.session_state.get(LINK_MAP_VIEW)
    answer = None
    points = ctx.events
    if ctx.counted_only:
        opening = window_around(frame.bounds, 4) if not link_view else window_at(*link_view)
        answer = answer_view(ctx.store, ctx.view, window_from_map(st.session_state.get(MAP_KEY), opening))
        points = store_events(answer.points) if answer.points is not None else None
    st.session_state[MAP_POINTS] = points
    if points is not None:
        layers = dynamic_layers(points, _places_in(ctx, points), ctx.view.event, None, link_view is not None)
    else:
        layers = cell_layers(answer.cells)
    focus = st.session_state.get(MAP_FOCUS)
    st_folium(
        base_map(frame, link_view),
        key=MAP_KEY,
        height=height,
        use_container_width=True,
        feature_group_to_add=layers,
        layer_control=folium.LayerControl(collapsed=True, position="topleft"),
        # Below the threshold nothing reruns on pan, as on any map; above it the view is the query.
        returned_objects=["last_object_clicked", "bounds", "zoom"] if ctx.counted_only else ["last_object_clicked"],
        center=focus[:2] if focus else None,
        zoom=focus[2] if focus else None,
        on_change=_on_map_click,
    )
    return answer


def _places_in(ctx: Context, events: pd.DataFrame) -> pd.DataFrame:
    """The places of a store's drawn events (a store may name hundreds of thousands)."""
    places = ctx.dataset.places
    if places.empty or "article_id" not in places:
        return places
    return places[places["article_id"].isin(events["article_id"].dropna().unique())]


def _with_titles(ctx: Context) -> pd.DataFrame:
    """The filtered events with their article's title, for popups that name their source (only the
    events that get popups with details: up to DETAIL_LIMIT)."""
    if len(ctx.events) > DETAIL_LIMIT or not ctx.dataset.articles:
        return ctx.events
    return with_article_columns(ctx.events, ctx.dataset.articles)


@st.cache_resource(max_entries=4, show_spinner=False)
def _dataset_map_frame(version: str, _events: pd.DataFrame, _places: pd.DataFrame) -> MapFrame:
    """Per dataset load (`version`), not per filter change."""
    return map_frame(_events, _places)


def folium_map(
    frame: MapFrame,
    events: pd.DataFrame,
    places: pd.DataFrame,
    selected_event: str | None = None,
    highlighted_place: str | None = None,
    height: int = 560,
    key: str = MAP_KEY,
    view: tuple[float, float, int] | None = None,
    focus: tuple[float, float, int] | None = None,
) -> dict:
    """The offline map: static part from the whole dataset, filtered layers sent without a remount.
    `view` (a share link's centre and zoom) replaces framing the events; `focus` (a place search's)
    moves the mounted map there."""
    # Built anew each run: st_folium mutates the map it is given, so a cached one breaks the next session.
    fmap = base_map(frame, view)
    layers = dynamic_layers(events, places.drop_duplicates("id"), selected_event, highlighted_place, view is not None)
    return st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=layers,
        layer_control=folium.LayerControl(collapsed=True, position="topleft"),
        returned_objects=["last_object_clicked"],
        center=focus[:2] if focus else None,
        zoom=focus[2] if focus else None,
        on_change=_on_map_click if key == MAP_KEY else None,
    )


def downloads(frame: pd.DataFrame, stem: str, acled: bool = False) -> None:
    """CSV and GeoJSON of a table; for events also ACLED's export columns (`acled`)."""
    left, right, *rest = st.columns(3 if acled else 2)
    if acled:
        rest[0].download_button(
            "Download as ACLED CSV",
            acled_frame(frame).to_csv(index=False).encode("utf-8"),
            f"{stem}-acled.csv",
            "text/csv",
            width="stretch",
            help="ACLED's columns (event_type, sub_event_type, actor1, inter1, ...), to append to an ACLED export",
        )
    left.download_button(
        "Download CSV", frame.to_csv(index=False).encode("utf-8"), f"{stem}.csv", "text/csv", width="stretch"
    )
    right.download_button(
        "Download GeoJSON",
        json.dumps(frame_geojson(frame), ensure_ascii=False).encode("utf-8"),
        f"{stem}.geojson",
        "application/geo+json",
        width="stretch",
    )


# The share box runs in the browser: it reads the address bar (the page keeps it equal to the view) and
# the map's live centre and zoom, so panning never reruns the page. Text is set as text, never as HTML.
_SHARE_BOX = """
<div style="font:14px 'Source Sans Pro',sans-serif;display:flex;gap:8px;align-items:center">
  <input id="link" readonly aria-label="Share link"
    style="flex:1;padding:6px 8px;border:1px solid #ccc;border-radius:6px;font:inherit;min-width:0">
  <button id="copy" type="button" style="padding:6px 12px;border:1px solid #bbb;border-radius:6px;background:#fff;
    font:inherit;cursor:pointer">Copy link</button>
  <span id="done" role="status" style="color:#2e7d32;min-width:4em"></span>
</div>
<script>
const page = window.parent;
const field = document.getElementById('link');
function currentLink() {
  const url = new URL(page.location.href);
  ['lat', 'lon', 'zoom'].forEach((key) => url.searchParams.delete(key));
  const frame = page.document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const map = frame && frame.contentWindow && frame.contentWindow.map;
  if (map && map.getCenter) {
    const centre = map.getCenter();
    url.searchParams.set('lat', centre.lat.toFixed(4));
    url.searchParams.set('lon', centre.lng.toFixed(4));
    url.searchParams.set('zoom', String(map.getZoom()));
  }
  return url.toString();
}
function refresh() { field.value = currentLink(); }
refresh();
setInterval(refresh, 1000);
document.getElementById('copy').addEventListener('click', async () => {
  refresh();
  let copied = false;
  try { await navigator.clipboard.writeText(field.value); copied = true; } catch (error) {
    field.select(); copied = document.execCommand('copy');
  }
  document.getElementById('done').textContent = copied ? 'Copied' : 'Select the link and copy it';
});
</script>
"""


def share_box() -> None:
    """The share link (dates, types, article, event, background, map view) with a copy button."""
    components.html(_SHARE_BOX, height=48)
