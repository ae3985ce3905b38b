"""Events: the filtered events table, with downloads; an event store's, a page at a time."""

import math

import pandas as pd
import streamlit as st

from datelines.data.dataset import store_events
from datelines.data.tables import with_article_columns
from datelines.views.maps import format_interval
from ui.context import Context, context
from ui.widgets import downloads, show_notices

PAGE_ROWS = 100
# The store sorts before it pages: each choice is a column, "-" first for descending.
STORE_ORDERS = {
    "Date, newest first": "-date_start",
    "Date, oldest first": "date_start",
    "Event type": "acled_event_type",
    "Place": "site_name",
    "Fatalities, most first": "-fatalities",
}


def _show(events: pd.DataFrame) -> None:
    table = events.assign(
        when=[
            format_interval(s, e, p)
            for s, e, p in zip(events["date_start"], events["date_end"], events["time_precision"], strict=True)
        ]
    )[
        [
            "id",
            "when",
            "event_label",
            "site_name",
            "actors",
            "summary",
            "evidence",
            "time_text",
            "time_rule",
            "acled_event_type",
            "acled_sub_event_type",
            "type_evidence",
            "actor1",
            "actor2",
            "fatalities",
        ]
    ]
    st.dataframe(
        table.rename(
            columns={
                "event_label": "type",
                "site_name": "place",
                "time_text": "time as written",
                "time_rule": "date rule",
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _store_page(ctx: Context) -> None:
    """A store's matching events, sorted and paged by DuckDB: only the page's rows are read."""
    assert ctx.store is not None
    pages = max(1, math.ceil(ctx.matching / PAGE_ROWS))
    order_column, page_column = st.columns([2, 1])
    order = order_column.selectbox("Sort by", list(STORE_ORDERS), key="events_order")
    if st.session_state.get("events_page", 1) > pages:  # the filters narrowed: back to a page that exists
        st.session_state["events_page"] = pages
    page = int(page_column.number_input(f"Page (of {pages:,})", 1, pages, key="events_page"))
    rows = store_events(ctx.store.page(ctx.view, STORE_ORDERS[order], PAGE_ROWS, (page - 1) * PAGE_ROWS))
    first = (page - 1) * PAGE_ROWS + 1
    st.caption(f"Rows {first:,}–{first + len(rows) - 1:,} of {ctx.matching:,}, sorted and paged by the event store.")
    _show(rows)
    downloads(rows, f"datelines-events-page-{page}", acled=True)
    st.caption(
        "The downloads hold this page. For the whole filtered set, query the store's Parquet files with DuckDB "
        "(see the README's 'Past one machine')."
    )


ctx = context("events")
show_notices(ctx)
st.subheader(f"{ctx.matching:,} of {ctx.total:,} events", anchor=False)
if ctx.matching == 0:
    st.info("No events match these filters. Widen the dates or clear the type filter in the sidebar.")
elif ctx.store is not None:
    _store_page(ctx)
else:
    _show(ctx.events)
    downloads(with_article_columns(ctx.events, ctx.dataset.articles), "datelines-events", acled=True)
