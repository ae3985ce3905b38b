"""The event timeline (Vega-Lite): day events as points, intervals as bars, coloured by type.

The main chart zooms and pans (scale-bound interval), a click selects an event; the overview
strip underneath is brushed to narrow the date range. It opens on the article's week; the
caller widens the domain to show the historical background.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import altair as alt
import numpy as np
import pandas as pd

from datelines.extract.acled import (
    EVENT_TYPE_GROUPS,
    EVENT_TYPE_GROUPS_BY_NAME,
    NOT_IN_ACLED,
)
from datelines.extract.taxonomy import EVENT_TYPES

PICK = "pick"
BRUSH = "brush"
AGGREGATE_ABOVE = 1500  # more events than this are drawn as counts per period, not one mark each
UNDATED_SPACING_HOURS = 5


def timeline_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Columns the chart needs; text fields are data (Vega renders them as text, not HTML)."""
    columns = ["id", "date_start", "date_end", "time_precision", "event_type", "event_label", "summary", "site_name"]
    frame = events.dropna(subset=["date_start"])[columns].copy()
    rules = events.loc[frame.index, "time_rule"] if "time_rule" in events else pd.Series("", index=frame.index)
    # The text gives no date: the event is only known to fall in the article's week. Drawn apart, as an
    # open diamond at the publication date, each a few hours from the last of its type so none hides another.
    frame["undated"] = rules.astype(object).fillna("").astype(str).str.startswith("undated").to_numpy()
    frame["acled_event_type"] = _group_names(events.loc[frame.index])
    frame["date_end"] = frame["date_end"].fillna(frame["date_start"])
    # A bar needs width: a one-day interval ends at the end of its day.
    frame["bar_end"] = frame["date_end"] + pd.Timedelta(days=1)
    frame["is_interval"] = (frame["date_end"] > frame["date_start"]) & ~frame["undated"]
    lane = frame[frame["undated"]].groupby("event_label", observed=True).cumcount()
    frame["undated_at"] = frame["date_end"] + pd.Timedelta(hours=18)
    frame.loc[lane.index, "undated_at"] -= pd.to_timedelta(lane * UNDATED_SPACING_HOURS, unit="h")
    for column in ("summary", "site_name", "event_label"):
        # object first: a categorical column (the dashboard's type labels) cannot take "" as a value
        frame[column] = frame[column].astype(object).fillna("").astype(str)
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
    """Events per period ("W": weeks from Monday, "M": months) and type, counted on integer keys.

    What a chart of tens of thousands of events can show legibly; numpy rather than a pandas
    groupby over strings because it runs on every filter change.
    """
    starts = events["date_start"].to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(starts)
    days = starts[dated].astype("datetime64[D]")
    if frequency == "W":
        periods = days - (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    else:
        periods = days.astype("datetime64[M]").astype("datetime64[D]")
    labels = events["acled_event_type"] if "acled_event_type" in events else _group_names(events)
    if not isinstance(labels.dtype, pd.CategoricalDtype):  # the dashboard's datasets hold it as a category
        labels = labels.astype("category")
    names = np.asarray(["", *labels.cat.categories.astype(str)], dtype=object)  # code -1 (missing) -> ""
    codes = labels.cat.codes.to_numpy(np.int64)[dated] + 1
    keys = periods.astype(np.int64) * len(names) + codes
    unique, counts = np.unique(keys, return_counts=True)
    period_days, label_codes = np.divmod(unique, len(names))
    return pd.DataFrame(
        {
            "period": pd.to_datetime(period_days.astype("datetime64[D]")),
            "acled_event_type": np.where(names[label_codes] == "", NOT_IN_ACLED, names[label_codes]),
            "events": counts,
        }
    )


def _group_names(events: pd.DataFrame) -> pd.Series:
    """Each event's ACLED event type as the legend names it (an unknown one counts as not in ACLED)."""
    names = events["acled_event_type"] if "acled_event_type" in events else pd.Series("", index=events.index)
    return group_names(names)


def group_names(names: pd.Series) -> pd.Series:
    """ACLED event type names as the legend names them: a missing or unknown one is "Not in ACLED"."""
    names = names.astype(object).fillna("").astype(str)
    return names.where(names.isin(list(EVENT_TYPE_GROUPS_BY_NAME)), NOT_IN_ACLED)


def _group_scale(names: set[str]) -> dict:
    """Colours of the ACLED event types present (all when none is), in the legend's order."""
    present = [group for group in EVENT_TYPE_GROUPS if group.name in names] or list(EVENT_TYPE_GROUPS)
    return {"domain": [group.name for group in present], "range": [group.colour for group in present]}


def timeline_spec(events: pd.DataFrame, domain: tuple[date, date] | None, selected: str | None = None) -> dict:
    """The main chart as a Vega-Lite spec: one mark per event, or counts per period above AGGREGATE_ABOVE.

    Written as plain dicts: building it through Altair spent 60-300 ms a filter change in
    schema checks and deep copies.
    """
    if len(events) > AGGREGATE_ABOVE:
        return _aggregated_spec(events, domain)
    return _event_spec(events, domain, selected)


_TOOLTIP = [
    {"field": "event_label", "type": "nominal", "title": "Type"},
    {"field": "date_start", "type": "temporal", "title": "From"},
    {"field": "date_end", "type": "temporal", "title": "To"},
    {"field": "time_precision", "type": "nominal", "title": "Precision"},
    {"field": "site_name", "type": "nominal", "title": "Place"},
    {"field": "summary", "type": "nominal", "title": "Summary"},
]
_VIEWS = ["intervals", "days"]
_RECORD_COLUMNS = [
    "id",
    "date_start",
    "date_end",
    "bar_end",
    "undated_at",
    "is_interval",
    "undated",
    "time_precision",
    "event_label",
    "acled_event_type",
    "summary",
    "site_name",
]


def _x(field: str, domain: tuple[date, date] | None) -> dict:
    x: dict = {"field": field, "type": "temporal", "title": None}
    if domain:
        x["scale"] = {"domain": [pd.Timestamp(domain[0]).isoformat(), pd.Timestamp(domain[1]).isoformat()]}
        # One label format for the window's length: "17 Sep", "Sep 2023" or "2023", never a mix.
        days = (domain[1] - domain[0]).days
        x["axis"] = {"format": "%-d %b" if days <= 62 else ("%b %Y" if days <= 3 * 366 else "%Y"), "labelOverlap": True}
    return x


def in_window(events: pd.DataFrame, domain: tuple[date, date] | None) -> pd.DataFrame:
    """The dated events that overlap the timeline's window (all of them without one)."""
    dated = events.dropna(subset=["date_start"])
    if not domain:
        return dated
    ends = dated["date_end"].fillna(dated["date_start"])
    return dated[(ends >= pd.Timestamp(domain[0])) & (dated["date_start"] <= pd.Timestamp(domain[1]))]


def _colour(names: set[str]) -> dict:
    return {"field": "acled_event_type", "type": "nominal", "legend": None, "scale": _group_scale(names)}


_ZOOM = {"name": "zoom", "select": {"type": "interval", "encodings": ["x"]}, "bind": "scales"}


def _with_data(name: str, rows: list[dict], spec: dict) -> dict:
    """A spec with its rows as a named dataset, as Altair writes it (Streamlit ships it as Arrow);
    `$schema` tells Streamlit's chart element the Vega-Lite version."""
    return {"$schema": alt.SCHEMA_URL, "datasets": {name: rows}, "data": {"name": name}, **spec}


def _event_spec(events: pd.DataFrame, domain: tuple[date, date] | None, selected: str | None) -> dict:
    """Intervals as bars, single days as points, undated events as open diamonds, by type, one row per type
    with an event in the window; scroll zooms, a click picks (selection "pick")."""
    frame = timeline_frame(in_window(events, domain))
    names = set(frame["acled_event_type"])
    for column in ("date_start", "date_end", "bar_end", "undated_at"):
        frame[column] = frame[column].dt.strftime("%Y-%m-%dT%H:%M:%S")
    records = frame[_RECORD_COLUMNS].astype(object).to_dict(orient="records")
    y = {
        "field": "event_label",
        "type": "nominal",
        "title": None,
        "sort": [t.label for t in EVENT_TYPES if t.label in set(frame["event_label"])],
        "axis": {"labelLimit": 150},
    }
    if selected is None:
        stroke: dict = {"condition": {"param": PICK, "value": 2}, "value": 0}
        size: dict = {"value": 110}
    else:
        test = f"datum.id === {json.dumps(selected)}"
        stroke = {"condition": {"test": test, "value": 3}, "value": 0}
        size = {"condition": {"test": test, "value": 260}, "value": 110}
    return _with_data(
        "events",
        records,
        {
            "layer": [
                {
                    "name": _VIEWS[0],
                    "transform": [{"filter": "datum.is_interval"}],
                    "mark": {"type": "bar", "height": 10, "opacity": 0.55, "cornerRadius": 2},
                    "encoding": {
                        "x": _x("date_start", domain),
                        "x2": {"field": "bar_end"},
                        "y": y,
                        "color": _colour(names),
                        "tooltip": _TOOLTIP,
                    },
                },
                {
                    "name": _VIEWS[1],
                    "transform": [{"filter": "!datum.is_interval && !datum.undated"}],
                    "mark": {"type": "circle", "size": 110, "opacity": 0.95, "stroke": "#000"},
                    "encoding": {
                        "x": _x("date_start", domain),
                        "y": y,
                        "color": _colour(names),
                        "tooltip": _TOOLTIP,
                        "strokeWidth": stroke,
                        "size": size,
                    },
                },
                {
                    "name": "undated",
                    "transform": [
                        {"filter": "datum.undated"},
                        {"calculate": "'not in the text: some time in the article\\'s week'", "as": "when"},
                    ],
                    "mark": {"type": "point", "shape": "diamond", "filled": False, "size": 120, "strokeWidth": 2},
                    "encoding": {
                        "x": _x("undated_at", domain),
                        "y": y,
                        "color": _colour(names),
                        "tooltip": [{"field": "when", "type": "nominal", "title": "Date"}, *_TOOLTIP],
                    },
                },
            ],
            "params": [
                # One view each: a selection listed on both layers draws nothing. A click on either
                # layer still reaches "pick" (checked in the browser tests).
                {**_ZOOM, "views": [_VIEWS[0]]},
                {
                    "name": PICK,
                    "select": {"type": "point", "fields": ["id"], "on": "click", "clear": "dblclick"},
                    "views": [_VIEWS[1]],
                },
            ],
            "width": "container",
            "height": timeline_height(events, domain),
        },
    )


def count_frequency(domain: tuple[date, date] | None) -> str:
    """Weeks ("W") for a window of about a year or less, else months ("M")."""
    return "W" if domain and (domain[1] - domain[0]).days <= 370 else "M"


def counts_by_period(daily: pd.DataFrame, frequency: str) -> pd.DataFrame:
    """`EventStore.daily`'s answer (day, type, count) as counts per week from Monday ("W") or month ("M")
    and type, in the columns `counts_spec` draws; undated events are left out, as on the timeline."""
    dated = daily.dropna(subset=["day"])
    days = pd.to_datetime(dated["day"]).dt.normalize()
    if frequency == "W":
        periods = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    else:
        periods = days.dt.to_period("M").dt.to_timestamp()
    names = group_names(dated["type"])
    counts = dated["count"].groupby([periods.to_numpy(), names.to_numpy()]).sum()
    return pd.DataFrame(
        {
            "period": pd.to_datetime(counts.index.get_level_values(0)),
            "acled_event_type": counts.index.get_level_values(1).astype(str),
            "events": counts.to_numpy().astype(int),
        }
    )


def _aggregated_spec(events: pd.DataFrame, domain: tuple[date, date] | None) -> dict:
    frequency = count_frequency(domain)
    return counts_spec(_counts(events, frequency), domain, frequency)


def counts_spec(frame: pd.DataFrame, domain: tuple[date, date] | None, frequency: str) -> dict:
    """Stacked bars of events per period and type (columns period, acled_event_type, events): the timeline
    of more events than can be drawn one by one, however many."""
    rows = [
        {"period": period, "acled_event_type": name, "events": int(count)}
        for period, name, count in zip(
            frame["period"].dt.strftime("%Y-%m-%d"), frame["acled_event_type"], frame["events"], strict=True
        )
    ]
    return _with_data(
        "counts",
        rows,
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": _x("period", domain),
                "y": {
                    "field": "events",
                    "type": "quantitative",
                    "stack": True,
                    "title": f"events per {'week' if frequency == 'W' else 'month'}",
                },
                "color": _colour(set(frame["acled_event_type"])),
                "tooltip": [
                    {"field": "period", "type": "temporal"},
                    {"field": "acled_event_type", "type": "nominal", "title": "Type"},
                    {"field": "events", "type": "quantitative"},
                ],
            },
            "params": [_ZOOM],
            "width": "container",
            "height": 220,
        },
    )


def timeline_height(events: pd.DataFrame, domain: tuple[date, date] | None = None) -> int:
    """Pixels for the main chart: a readable row per event type in the window."""
    return max(160, 30 * in_window(events, domain)["event_type"].nunique())


def overview_chart(events: pd.DataFrame) -> alt.Chart:
    """The whole date range as ticks; brushing it narrows the dates (selection "brush")."""
    if len(events) > AGGREGATE_ABOVE:
        return overview_counts_chart(_counts(events, "M"))
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    frame = timeline_frame(events)
    colour_scale = alt.Scale(**_group_scale(set(frame["acled_event_type"])))
    return (
        alt.Chart(frame)
        .mark_tick(thickness=2, size=14)
        .encode(
            x=alt.X("date_start:T", title="Drag across this strip to narrow the dates"),
            color=alt.Color("acled_event_type:N", scale=colour_scale, legend=None),
            tooltip=[alt.Tooltip("event_label:N", title="Type"), alt.Tooltip("date_start:T", title="From")],
        )
        .add_params(brush)
        .properties(width="container", height=50)
    )


def overview_counts_chart(counts: pd.DataFrame) -> alt.Chart:
    """The overview strip from counts per month (columns period, events; summed over types)."""
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    totals = counts.groupby("period", as_index=False)["events"].sum()
    return (
        alt.Chart(totals)
        .mark_area(color="#888")
        .encode(
            x=alt.X("period:T", title="Drag across this strip to narrow the dates"), y=alt.Y("events:Q", title=None)
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
