"""Home: the map beside the timeline, the event count and the share link."""

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from datelines.data.dataset import store_events
from datelines.data.eventstore import NO_FILTERS, EventStore
from datelines.views.grid import POINTS_IN_VIEW, MapAnswer
from datelines.views.timeline import (
    AGGREGATE_ABOVE,
    brushed_range,
    count_frequency,
    counts_by_period,
    counts_spec,
    default_domain,
    in_window,
    overview_chart,
    overview_counts_chart,
    picked_event,
    timeline_height,
    timeline_spec,
)
from ui.context import DATE_BOUNDS, SAVED_BACKGROUND, TIMELINE_READY, Context, context, publish_to_link
from ui.text import plain
from ui.widgets import event_map, share_box, show_notices, store_event_map

TIMELINE_KEY = "timeline"
OVERVIEW_KEY = "timeline_overview"
TIMELINE_ARMED = "timeline_armed"
TIMELINE_DELAY_S = 2.0
OVERVIEW_HEIGHT = 100


@st.cache_resource(max_entries=4, show_spinner=False)
def _overview_spec(dataset_version: str, _events: pd.DataFrame) -> dict:
    """The overview strip covers the whole dataset: built once per dataset (schema check skipped)."""
    return overview_chart(_events).to_dict(validate=False)


@st.cache_resource(max_entries=4, show_spinner=False)
def _store_overview_spec(version: str, _store: EventStore) -> dict:
    """A store's overview strip: its events per month, from SQL, once per store version."""
    return overview_counts_chart(counts_by_period(_store.daily(NO_FILTERS), "M")).to_dict(validate=False)


def _overview(ctx: Context) -> dict:
    if ctx.store is not None:
        return _store_overview_spec(ctx.dataset.version, ctx.store)
    return _overview_spec(ctx.dataset.version, ctx.dataset.events)


def _overview_strip(ctx: Context) -> None:
    """The whole date range under the timeline; a drag across it narrows the dates."""
    st.vega_lite_chart(
        spec=_overview(ctx),
        width="stretch",
        # The element's height holds the axis too: without room for it the strip was 0 px high, and a
        # drag across it had nothing to brush.
        height=OVERVIEW_HEIGHT,
        key=OVERVIEW_KEY,
        on_select=_on_overview_brush,
        selection_mode=["brush"],
    )


def _on_timeline_select() -> None:
    event_id = picked_event(st.session_state.get(TIMELINE_KEY))
    if event_id:
        st.session_state["selected_event"] = event_id


def _on_overview_brush() -> None:
    brushed = brushed_range(st.session_state.get(OVERVIEW_KEY))
    if brushed:
        low, high = st.session_state.get(DATE_BOUNDS, brushed)
        st.session_state["filter_start"] = max(low, brushed[0])
        st.session_state["filter_end"] = min(high, brushed[1])


def _timeline(ctx: Context) -> None:
    """Timeline, overview strip and the selected event, beside the map."""
    article = ctx.dataset.articles.get(ctx.view.article) if ctx.view.article else None
    if article is None and ctx.dataset.articles:  # the newest article's week
        article = max(ctx.dataset.articles.values(), key=lambda candidate: candidate.published or date.min)
    published = article.published if article else None
    background = st.toggle(
        "Show historical background",
        value=st.session_state.get(SAVED_BACKGROUND, published is None),
        help="Widen the timeline from the article's week to every dated event",
    )
    st.session_state[SAVED_BACKGROUND] = background
    if background != ctx.view.background:  # the share link carries the switch
        publish_to_link(replace(ctx.view, background=background))
    domain = default_domain(ctx.events, published, background)
    if (ctx.view.start or ctx.view.end) and not background:  # a narrowed date filter is the window
        low, high = st.session_state.get(DATE_BOUNDS, (ctx.view.start, ctx.view.end))
        domain = ((ctx.view.start or low) - timedelta(days=1), (ctx.view.end or high) + timedelta(days=1))
    if ctx.events.dropna(subset=["date_start"]).empty:
        st.info("No dated events match these filters.")
    else:
        st.vega_lite_chart(
            spec=timeline_spec(ctx.events, domain, ctx.view.event),
            width="stretch",
            height=timeline_height(ctx.events, domain) + 40,
            key=TIMELINE_KEY,
            # Counts per period (large datasets) have no single event to pick.
            on_select="ignore" if len(ctx.events) > AGGREGATE_ABOVE else _on_timeline_select,
            selection_mode=None if len(ctx.events) > AGGREGATE_ABOVE else ["pick"],
        )
        _overview_strip(ctx)
        if domain and not background:
            first, last = domain[0] + timedelta(days=1), domain[1] - timedelta(days=1)
            outside = len(ctx.events.dropna(subset=["date_start"])) - len(in_window(ctx.events, domain))
            hint = (
                f" {outside} more {'event lies' if outside == 1 else 'events lie'} outside this window: switch on "
                "the historical background to see them."
                if outside
                else ""
            )
            st.caption(
                f"Showing {first:{'%-d %b' if first.year == last.year else '%-d %b %Y'}} – {last:%-d %b %Y}; "
                f"scroll to zoom, drag to pan. ◇ an event the text gives no date for (the article's week).{hint}"
            )


def _store_timeline(ctx: Context) -> None:
    """More events than can be loaded: events per week or month and type, counted by the store."""
    assert ctx.daily is not None
    low, high = st.session_state.get(DATE_BOUNDS, (ctx.view.start, ctx.view.end))
    domain = ((ctx.view.start or low) - timedelta(days=1), (ctx.view.end or high) + timedelta(days=1))
    frequency = count_frequency(domain)
    counts = counts_by_period(ctx.daily, frequency)
    if counts.empty:
        st.info("No dated events match these filters.")
        return
    st.vega_lite_chart(spec=counts_spec(counts, domain, frequency), width="stretch", height=260, key=TIMELINE_KEY)
    _overview_strip(ctx)
    st.caption("Counted by the event store for the filters; drag across the strip to narrow the dates.")


def _map_caption(answer: MapAnswer | None) -> None:
    if answer is None:
        return
    if answer.cells is not None:
        st.caption(
            f"{answer.in_view:,} events in this view, counted in {len(answer.cells):,} grid cells "
            "(whole cells: those on the edges count their events just outside it too, so a cell's count "
            f"holds as the map pans). Zoom in: at {POINTS_IN_VIEW:,} events or fewer in view, each is drawn."
        )
    else:
        st.caption(f"{answer.in_view:,} events in this view and its edge cells, each drawn.")


def _selected_event(ctx: Context) -> None:
    """The event picked on the map, the timeline or by a link."""
    selected = ctx.events[ctx.events["id"] == ctx.view.event]
    if selected.empty and ctx.store is not None and ctx.view.event:
        selected = store_events(ctx.store.event(ctx.view.event))
    if not selected.empty:
        row = selected.iloc[0]
        with st.container(border=True):
            st.markdown(f"**Selected:** {plain(row['event_label'])} — {plain(row['site_name'] or 'no place')}")
            st.text(row["summary"])
            article = ctx.dataset.articles.get(str(row["article_id"]))
            if article is not None:
                st.page_link(
                    "pages/article.py",
                    label=f"Source: {plain(article.title)}",
                    icon=":material/article:",
                    query_params={"article": article.id, "event": str(row["id"])},
                )
            if st.button("Clear selection"):
                st.session_state["selected_event"] = None
                st.rerun()


@st.fragment(run_every=TIMELINE_DELAY_S)
def _reveal_timeline() -> None:
    """A session's first view draws the map before the timeline.

    The chart library takes over a second of the browser's time, which otherwise holds the map
    back; one tick after the page is drawn, the whole page runs again with the timeline.
    """
    if st.session_state.get(TIMELINE_ARMED):
        st.session_state[TIMELINE_READY] = True
        st.rerun()
    st.session_state[TIMELINE_ARMED] = True


ctx = context("home")
show_notices(ctx)
st.subheader(f"{ctx.matching:,} of {ctx.total:,} events", anchor=False)
how_to_pick = (
    "Click a circle to zoom in on its events."
    if ctx.counted_only
    else "Click a marker or a timeline point to select an event."
)
st.caption(f"Data: {plain(ctx.dataset.source)}. {how_to_pick}")

map_column, timeline_column = st.columns([3, 2], gap="medium")
with map_column:
    if ctx.store is not None:
        _map_caption(store_event_map(ctx))
    else:
        event_map(ctx)
with timeline_column:
    if ctx.counted_only:
        _store_timeline(ctx)
    elif st.session_state.get(TIMELINE_READY):
        _timeline(ctx)
    else:
        st.caption("Drawing the timeline…")
        _reveal_timeline()
    _selected_event(ctx)

with st.expander("Share this view", expanded=False):
    st.caption("The link opens the same dates, types, article, selected event, background switch and map view.")
    share_box()
