"""The event timeline (Altair): day events as points, intervals as bars, coloured by type.

The main chart zooms and pans (scale-bound interval), a click selects an event; the overview
strip underneath is brushed to narrow the date range. It opens on the article's week; the
caller widens the domain to show the historical background.
"""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd

from datelines.taxonomy import EVENT_TYPES

PICK = "pick"
BRUSH = "brush"
AGGREGATE_ABOVE = 1500  # more events than this are drawn as counts per period, not one mark each


def timeline_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Columns the chart needs; text fields are data (Vega renders them as text, not HTML)."""
    frame = events.dropna(subset=["date_start"])[
        ["id", "date_start", "date_end", "time_precision", "event_type", "event_label", "summary", "site_name"]
    ].copy()
    frame["date_end"] = frame["date_end"].fillna(frame["date_start"])
    # A bar needs width: a one-day interval ends at the end of its day.
    frame["bar_end"] = frame["date_end"] + pd.Timedelta(days=1)
    frame["is_interval"] = frame["date_end"] > frame["date_start"]
    for column in ("summary", "site_name", "event_label"):
        frame[column] = frame[column].fillna("").astype(str)
    return frame


def default_domain(events: pd.DataFrame, published: date | None, background: bool) -> tuple[date, date] | None:
    """The article's week (publication day and six before), or everything when background is on."""
    if background or published is None:
        dated = events.dropna(subset=["date_start"])
        if dated.empty:
            return None
        return dated["date_start"].min().date() - timedelta(days=30), dated["date_end"].max().date() + timedelta(
            days=30
        )
    return published - timedelta(days=7), published + timedelta(days=1)


def _counts(events: pd.DataFrame, frequency: str) -> pd.DataFrame:
    """Events per period and type: what a chart of tens of thousands of events can show legibly."""
    dated = events.dropna(subset=["date_start"])
    periods = dated["date_start"].dt.to_period(frequency).dt.start_time
    counts = dated.groupby([periods, dated["event_label"].astype(str)], observed=True).size()
    frame = counts.rename("events").reset_index()
    frame.columns = ["period", "event_label", "events"]
    return frame


def _colour_scale(labels: set[str]) -> alt.Scale:
    present = [t for t in EVENT_TYPES if t.label in labels] or list(EVENT_TYPES)
    return alt.Scale(domain=[t.label for t in present], range=[t.colour for t in present])


def timeline_chart(
    events: pd.DataFrame, domain: tuple[date, date] | None, selected: str | None = None
) -> alt.VConcatChart:
    if len(events) > AGGREGATE_ABOVE:
        return _aggregated_timeline(events, domain)
    frame = timeline_frame(events)
    slugs = set(frame["event_type"].dropna().unique())
    present = [t for t in EVENT_TYPES if t.slug in slugs] or list(EVENT_TYPES)
    colour_scale = alt.Scale(domain=[t.label for t in present], range=[t.colour for t in present])
    colour = alt.Color("event_label:N", title="Event type", scale=colour_scale, legend=None)
    x_scale = (
        alt.Scale(domain=[pd.Timestamp(domain[0]).isoformat(), pd.Timestamp(domain[1]).isoformat()])
        if domain
        else alt.Undefined
    )
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    pick = alt.selection_point(name=PICK, fields=["id"], on="click", clear="dblclick")
    tooltip = [
        alt.Tooltip("event_label:N", title="Type"),
        alt.Tooltip("date_start:T", title="From"),
        alt.Tooltip("date_end:T", title="To"),
        alt.Tooltip("time_precision:N", title="Precision"),
        alt.Tooltip("site_name:N", title="Place"),
        alt.Tooltip("summary:N", title="Summary"),
    ]
    y = alt.Y("event_label:N", title=None, sort=[t.label for t in present], axis=alt.Axis(labelLimit=150))
    base = alt.Chart(frame)
    bars = (
        base.transform_filter("datum.is_interval")
        .mark_bar(height=10, opacity=0.55, cornerRadius=2)
        .encode(x=alt.X("date_start:T", title=None, scale=x_scale), x2="bar_end:T", y=y, color=colour, tooltip=tooltip)
    )
    points = (
        base.transform_filter("!datum.is_interval")
        .mark_circle(size=110, opacity=0.95, stroke="#000")
        .encode(
            x=alt.X("date_start:T", title=None, scale=x_scale),
            y=y,
            color=colour,
            tooltip=tooltip,
            strokeWidth=alt.condition(pick, alt.value(2), alt.value(0))
            if selected is None
            else alt.condition(alt.datum.id == selected, alt.value(3), alt.value(0)),
            size=alt.condition(alt.datum.id == selected, alt.value(260), alt.value(110))
            if selected
            else alt.value(110),
        )
    )
    main = (bars + points).add_params(zoom, pick).properties(width="container", height=timeline_height(events))
    return main


def _aggregated_timeline(events: pd.DataFrame, domain: tuple[date, date] | None) -> alt.LayerChart:
    frequency = "W" if domain and (domain[1] - domain[0]).days <= 370 else "M"
    frame = _counts(events, frequency)
    x_scale = (
        alt.Scale(domain=[pd.Timestamp(domain[0]).isoformat(), pd.Timestamp(domain[1]).isoformat()])
        if domain
        else alt.Undefined
    )
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=None, scale=x_scale),
            y=alt.Y("events:Q", title=f"events per {'week' if frequency == 'W' else 'month'}", stack=True),
            color=alt.Color("event_label:N", scale=_colour_scale(set(frame["event_label"].unique())), legend=None),
            tooltip=["period:T", "event_label:N", "events:Q"],
        )
        .add_params(zoom)
        .properties(width="container", height=220)
    )
    return alt.layer(bars)


def timeline_height(events: pd.DataFrame) -> int:
    """Pixels for the main chart: a readable row per event type."""
    return max(160, 30 * events["event_type"].nunique())


def overview_chart(events: pd.DataFrame) -> alt.Chart:
    """The whole date range as ticks; brushing it narrows the dates (selection "brush")."""
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    if len(events) > AGGREGATE_ABOVE:
        counts = _counts(events, "M").groupby("period", as_index=False)["events"].sum()
        return (
            alt.Chart(counts)
            .mark_area(color="#888")
            .encode(
                x=alt.X("period:T", title="Drag across this strip to narrow the dates"), y=alt.Y("events:Q", title=None)
            )
            .add_params(brush)
            .properties(width="container", height=50)
        )
    frame = timeline_frame(events)
    colour_scale = _colour_scale(set(frame["event_label"].unique()))
    return (
        alt.Chart(frame)
        .mark_tick(thickness=2, size=14)
        .encode(
            x=alt.X("date_start:T", title="Drag across this strip to narrow the dates"),
            color=alt.Color("event_label:N", scale=colour_scale, legend=None),
            tooltip=[alt.Tooltip("event_label:N", title="Type"), alt.Tooltip("date_start:T", title="From")],
        )
        .add_params(brush)
        .properties(width="container", height=50)
    )


def picked_event(selection: dict | None) -> str | None:
    """The event id a click on the timeline selected, if any."""
    if not selection:
        return None
    values = (selection.get("selection") or {}).get(PICK) or []
    for value in values:
        if isinstance(value, dict) and value.get("id"):
            return str(value["id"])
    return None


def brushed_range(selection: dict | None) -> tuple[date, date] | None:
    """The date range brushed on the overview strip, if any."""
    if not selection:
        return None
    brush = (selection.get("selection") or {}).get(BRUSH) or {}
    values = brush.get("date_start") or brush.get("period")
    if not values or len(values) != 2:
        return None
    first, second = (
        pd.to_datetime(value, unit="ms") if isinstance(value, (int, float)) else pd.Timestamp(value) for value in values
    )
    return min(first, second).date(), max(first, second).date()
