"""Events: the filtered events table, with downloads."""

import streamlit as st

from datelines.data.tables import with_article_columns
from datelines.views.maps import format_interval
from ui.context import context
from ui.widgets import downloads, show_notices

ctx = context("events")
show_notices(ctx)
events = ctx.events
st.subheader(f"{len(events)} of {len(ctx.dataset.events)} events", anchor=False)
if events.empty:
    st.info("No events match these filters. Widen the dates or clear the type filter in the sidebar.")
else:
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
    downloads(with_article_columns(events, ctx.dataset.articles), "datelines-events", acled=True)
