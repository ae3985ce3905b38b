"""Home: the map beside the timeline, the event count and the share link."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from datelines.timeline import (
    AGGREGATE_ABOVE,
    brushed_range,
    default_domain,
    overview_chart,
    picked_event,
    timeline_height,
    timeline_spec,
)
from ui.context import DATE_BOUNDS, context, share_url
from ui.text import plain
from ui.widgets import event_map, show_notices

TIMELINE_KEY = "timeline"
OVERVIEW_KEY = "timeline_overview"


@st.cache_resource(max_entries=4, show_spinner=False)
def _overview_spec(dataset_version: str, _events: pd.DataFrame) -> dict:
    """The overview strip covers the whole dataset: built once per dataset (schema check skipped)."""
    return overview_chart(_events).to_dict(validate=False)


def _on_timeline_select() -> None:
    event_id = picked_event(st.session_state.get(TIMELINE_KEY))
    if event_id:
        st.session_state["selected_event"] = event_id


def _on_overview_brush() -> None:
    brushed = brushed_range(st.session_state.get(OVERVIEW_KEY))
    if brushed:
        low, high = st.session_state.get(DATE_BOUNDS, brushed)
        st.session_state["filter_dates"] = (max(low, brushed[0]), min(high, brushed[1]))


ctx = context("home")
show_notices(ctx)
total = len(ctx.dataset.events)
shown = len(ctx.events)
st.subheader(f"{shown} of {total} events", anchor=False)
st.caption(f"Data: {plain(ctx.dataset.source)}. Click a marker or a timeline point to select an event.")

map_column, timeline_column = st.columns([3, 2], gap="medium")
with map_column:
    event_map(ctx)
with timeline_column:
    article = ctx.dataset.articles.get(ctx.view.article) if ctx.view.article else None
    if article is None and ctx.dataset.articles:  # the newest article's week
        article = max(ctx.dataset.articles.values(), key=lambda candidate: candidate.published or date.min)
    published = article.published if article else None
    background = st.toggle(
        "Show historical background",
        value=published is None,
        help="Widen the timeline from the article's week to every dated event",
    )
    domain = default_domain(ctx.events, published, background)
    if ctx.events.dropna(subset=["date_start"]).empty:
        st.info("No dated events match these filters.")
    else:
        st.vega_lite_chart(
            spec=timeline_spec(ctx.events, domain, ctx.view.event),
            width="stretch",
            height=timeline_height(ctx.events) + 40,
            key=TIMELINE_KEY,
            # Counts per period (large datasets) have no single event to pick.
            on_select="ignore" if len(ctx.events) > AGGREGATE_ABOVE else _on_timeline_select,
            selection_mode=None if len(ctx.events) > AGGREGATE_ABOVE else ["pick"],
        )
        st.vega_lite_chart(
            spec=_overview_spec(ctx.dataset.version, ctx.dataset.events),
            width="stretch",
            key=OVERVIEW_KEY,
            on_select=_on_overview_brush,
            selection_mode=["brush"],
        )
        if domain and not background:
            st.caption(
                f"Showing {domain[0] + timedelta(days=1):%-d %b} – {domain[1] - timedelta(days=1):%-d %b %Y}; scroll to zoom, drag to pan."
            )
    selected = ctx.events[ctx.events["id"] == ctx.view.event]
    if not selected.empty:
        row = selected.iloc[0]
        with st.container(border=True):
            st.markdown(f"**Selected:** {plain(row['event_label'])} — {plain(row['site_name'] or 'no place')}")
            st.text(row["summary"])
            if st.button("Clear selection"):
                st.session_state["selected_event"] = None
                st.rerun()

with st.expander("Share this view", expanded=False):
    st.caption("Copy this link: it opens the same dates, types, article and selected event.")
    st.code(share_url(ctx.view), language=None)
