"""Reusable page pieces: notices, the map component, downloads."""

from __future__ import annotations

import json

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from datelines.data.tables import acled_frame, frame_geojson
from datelines.views.maps import MapFrame, base_map, dynamic_layers, map_frame
from ui.context import Context
from ui.text import plain

MAP_KEY = "map"


def show_notices(ctx: Context) -> None:
    for notice in ctx.notices:
        st.warning(f"Link: {plain(notice)}", icon="⚠️")
    for warning in ctx.dataset.warnings:
        st.info(plain(warning), icon="ℹ️")


def _events_at(events: pd.DataFrame, lat: float, lon: float) -> pd.DataFrame:
    return events[((events["lat"] - lat).abs() < 1e-3) & ((events["lon"] - lon).abs() < 1e-3)]


def _on_map_click() -> None:
    """A marker click selects the event drawn there (the timeline highlights it, its popup opens)."""
    value = st.session_state.get(MAP_KEY) or {}
    clicked = value.get("last_object_clicked") or {}
    if "lat" not in clicked:
        return
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
        ctx.events,
        places,
        ctx.view.event,
        highlighted_place,
        height,
        MAP_KEY,
    )


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
) -> dict:
    """The offline map: static part from the whole dataset, filtered layers sent without a remount."""
    # Built anew each run: st_folium mutates the map it is given, so a cached one breaks the next session.
    fmap = base_map(frame)
    layers = dynamic_layers(events, places.drop_duplicates("id"), selected_event, highlighted_place)
    return st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=layers,
        layer_control=folium.LayerControl(collapsed=True, position="topleft"),
        returned_objects=["last_object_clicked"],
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
