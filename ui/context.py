"""Session state shared across pages: the dataset, the view (filters) and the filtered events."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from datelines.data.dataset import Dataset, DatasetError, load_dataset, open_store, store_events
from datelines.data.eventstore import NO_FILTERS, EventStore
from datelines.data.store import articles_dir
from datelines.extract.acled import (
    EVENT_TYPE_GROUPS,
    EVENT_TYPE_GROUPS_BY_NAME,
    EVENT_TYPE_GROUPS_BY_SLUG,
    SUB_EVENT_TYPES,
    SUB_EVENT_TYPES_BY_LABEL,
    SUB_EVENT_TYPES_BY_SLUG,
)
from datelines.geo.gazetteer import load as load_gazetteer
from datelines.views.grid import POINTS_IN_VIEW
from datelines.views.view import FilterChoices, ViewState, filter_events, locate, parse_query
from ui.text import plain

ALL_ARTICLES = "All articles"
MAX_ARTICLE_CHOICES = 5_000  # articles offered in the sidebar (more would only slow the page)
# Widget state is dropped when a page that does not draw the widget runs (Streamlit treats the
# widgets of each page as its own), so the filters' values are also kept under a plain key and
# put back into the widgets on every page.
SAVED_FILTERS = "saved_filters"
DATE_BOUNDS = "date_bounds"  # the dataset's first and last dates, as the date filter last saw them
LINK_MAP_VIEW = "link_map_view"  # a share link's map centre and zoom, kept for the session's first map
SAVED_BACKGROUND = "saved_background"  # the home page's "historical background" switch
TIMELINE_READY = "timeline_ready"  # set one timer tick after a session's first view: the home page draws its timeline
FILTER_KEYS = (
    "filter_start",
    "filter_end",
    "filter_types",
    "filter_subtypes",
    "filter_article",
    "filter_query",
    "filter_checked",
)


@dataclass(frozen=True)
class Context:
    dataset: Dataset  # from an event store: its places and source only (`events` empty)
    view: ViewState
    events: pd.DataFrame  # filtered; from a store only when at most POINTS_IN_VIEW match
    notices: tuple[str, ...] = ()
    store: EventStore | None = None  # an event store opened with --data DIR: pages ask it, view by view
    matching: int = 0  # events the filters match
    total: int = 0  # events in the dataset
    daily: pd.DataFrame | None = None  # a store's matching events per day and type (EventStore.daily)

    @property
    def counted_only(self) -> bool:
        """More events match than were loaded (a large store): pages show counts and pages from SQL."""
        return self.store is not None and self.matching > len(self.events)


def data_path() -> str | None:
    """`streamlit run dashboard.py -- --data PATH`, or DATELINES_DATA=PATH."""
    arguments = sys.argv[1:]
    if "--data" in arguments:
        index = arguments.index("--data")
        if index + 1 < len(arguments):
            return arguments[index + 1]
    return os.environ.get("DATELINES_DATA") or None


@st.cache_resource(show_spinner="Reading articles and geocoding places…")
def cached_dataset(path: str | None, saved_articles: str = "") -> Dataset:
    """Read once per process for a data file or articles folder (cleared when articles change)."""
    return load_dataset(path)


@st.cache_resource(show_spinner="Opening the event store…")
def cached_store(path: str) -> EventStore:
    """One store object per process: it only reads, and each query opens its own cursor."""
    return open_store(Path(path))


def store_version(store: EventStore) -> str:
    """Changes when a writer commits a batch: keys what is derived from the whole store."""
    return f"{store.root}:{store.version()}"


@st.cache_resource(max_entries=4, show_spinner="Reading the event store…")
def _store_summary(version: str, _store: EventStore) -> tuple[Dataset, FilterChoices, int]:
    """A store's places, its description, the sidebar's choices and its size: once per store version."""
    choices = _store.choices()
    total = _store.count()
    dataset = Dataset(
        events=store_events(_store.select(NO_FILTERS, limit=0)),
        places=_store.places(),
        source=f"event store {_store.root.name} ({total:,} events)",
        version=version,
    )
    return dataset, choices, total


@st.cache_resource(max_entries=4, show_spinner=False)
def _frame_choices(version: str, _dataset: Dataset) -> FilterChoices:
    return FilterChoices.of_events(_dataset.events, _dataset.articles)


def store_or_none() -> EventStore | None:
    """The event store `--data DIR` names, else None (a table file or the articles)."""
    path = data_path()
    if not path or not Path(path).is_dir():
        return None
    try:
        return cached_store(path)
    except DatasetError as error:
        st.error(f"Cannot show this dataset: {plain(error)}")
        st.stop()
        raise


def dataset_or_stop() -> Dataset:
    try:
        return cached_dataset(data_path(), str(articles_dir()))
    except DatasetError as error:
        st.error(f"Cannot show this dataset: {plain(error)}")
        st.stop()
        raise


def _date_bounds(choices: FilterChoices) -> tuple[date, date]:
    if choices.first is None or choices.last is None:
        today = date.today()
        return today, today
    return choices.first, choices.last


def _query_dict() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _linked_events(dataset: Dataset, store: EventStore | None) -> list[str]:
    """The link's event ids that the data holds (a store is asked for those ids alone)."""
    linked = st.query_params.get_all("event")[-1:]
    if store is not None:
        return [event for event in linked if not store.event(event).empty]
    return [event for event in linked if (dataset.events["id"] == event).any()]


def initialise_from_link(dataset: Dataset, choices: FilterChoices, store: EventStore | None = None) -> None:
    """Once per session: the share link's view becomes the widgets' starting state."""
    if st.session_state.get("view_initialised"):
        return
    parsed = parse_query(
        _query_dict(),
        known_types=EVENT_TYPE_GROUPS_BY_SLUG,
        known_events=_linked_events(dataset, store),
        known_articles=choices.articles,
    )
    state = parsed.state
    low, high = _date_bounds(choices)
    start = max(low, min(high, state.start)) if state.start else low
    end = max(low, min(high, state.end)) if state.end else high
    st.session_state[SAVED_FILTERS] = {
        "filter_start": min(start, end),
        "filter_end": max(start, end),
        # A sub-event type's own type is chosen with it: the sub-event list offers the chosen types' only.
        "filter_types": [
            group.name
            for group in EVENT_TYPE_GROUPS
            if group.slug in state.types
            or any(SUB_EVENT_TYPES_BY_SLUG[slug].event_type == group.name for slug in state.subtypes)
        ],
        "filter_subtypes": [SUB_EVENT_TYPES_BY_SLUG[slug].label for slug in state.subtypes],
        "filter_article": state.article or ALL_ARTICLES,
        "filter_query": state.query,
        "filter_checked": state.checked_only,
    }
    st.session_state["selected_event"] = state.event
    st.session_state[LINK_MAP_VIEW] = state.map_view
    if "bg" in st.query_params:  # else the page's default (the article's week, or all when undated)
        st.session_state[SAVED_BACKGROUND] = state.background
    st.session_state["link_notices"] = parsed.notices
    st.session_state["view_initialised"] = True


def sidebar_filters(dataset: Dataset, choices: FilterChoices, page: str) -> ViewState:
    """The shared filters (sidebar, on every page) -> the current view."""
    low, high = _date_bounds(choices)
    present_subtypes = choices.subtypes
    type_names = [group.name for group in EVENT_TYPE_GROUPS if group.name in choices.types]
    saved = st.session_state.setdefault(SAVED_FILTERS, {})
    if st.session_state.get("filters_page") != page:  # a page switch: its widgets start afresh
        for key in FILTER_KEYS:
            if key in saved:
                st.session_state[key] = saved[key]
    st.session_state["filters_page"] = page
    _follow_date_bounds(low, high)
    with st.sidebar:
        st.header("Filters")
        # Two single dates, not one range: a typed date applies on Enter or Tab, and half a range never exists.
        st.date_input("From", min_value=low, max_value=high, key="filter_start", help="Events overlapping these dates")
        st.date_input("To", min_value=low, max_value=high, key="filter_end")
        st.multiselect(
            "Event types", type_names, key="filter_types", placeholder="All types", help="ACLED's event types"
        )
        chosen = set(st.session_state.get("filter_types") or type_names)
        sub_labels = [sub.label for sub in SUB_EVENT_TYPES if sub.slug in present_subtypes and sub.event_type in chosen]
        # A sub-event type of a type no longer chosen drops out (a widget value must be one of its options).
        kept = [label for label in st.session_state.get("filter_subtypes") or [] if label in sub_labels]
        if kept != (st.session_state.get("filter_subtypes") or []):
            st.session_state["filter_subtypes"] = kept
        st.multiselect(
            "Sub-event types",
            sub_labels,
            key="filter_subtypes",
            placeholder="All sub-event types",
            help="Narrow the chosen event types to some of their sub-event types; a chosen type with none of its "
            "sub-event types picked stays whole",
        )
        articles = [ALL_ARTICLES, *choices.articles[:MAX_ARTICLE_CHOICES]]
        if st.session_state.get("filter_article") not in articles:
            st.session_state["filter_article"] = ALL_ARTICLES
        st.selectbox("Article", articles, key="filter_article")
        st.text_input("Search summaries, places, actors", key="filter_query")
        st.text_input(
            "Find a place on the map",
            key="place_search",
            on_change=_find_place,
            args=(dataset,),
            placeholder="e.g. Shusha",
            help="Zooms the map to a place the articles name, or to the gazetteer's best match",
        )
        if st.session_state.get(MAP_FOCUS_NOTE):
            st.caption(st.session_state[MAP_FOCUS_NOTE])
        st.toggle("Only events a person checked", key="filter_checked", help="Hide machine drafts")
        st.button("Reset filters", width="stretch", on_click=reset_filters, args=(low, high))
        _enter_applies_dates()
    st.session_state[SAVED_FILTERS] = {key: st.session_state.get(key) for key in FILTER_KEYS}

    start, end = _picked_dates(low, high)
    article = st.session_state.get("filter_article")
    return ViewState(
        start=None if start == low else start,
        end=None if end == high else end,
        types=tuple(
            EVENT_TYPE_GROUPS_BY_NAME[name].slug
            for name in st.session_state.get("filter_types") or []
            if name in EVENT_TYPE_GROUPS_BY_NAME
        ),
        subtypes=tuple(
            SUB_EVENT_TYPES_BY_LABEL[label].slug
            for label in st.session_state.get("filter_subtypes") or []
            if label in SUB_EVENT_TYPES_BY_LABEL
        ),
        event=st.session_state.get("selected_event"),
        article=None if article in (None, ALL_ARTICLES) else article,
        query=(st.session_state.get("filter_query") or "").strip(),
        checked_only=bool(st.session_state.get("filter_checked")),
        background=bool(st.session_state.get(SAVED_BACKGROUND)),
    )


# Streamlit's date field sends a typed date only when it loses focus; Enter in it should apply the date
# too, as in every other field. Installed once per page from a same-origin component frame, as a script
# of the page itself: a listener made in the frame's realm stops being called once Streamlit removes that
# frame (on a page switch), so the page would keep the "installed" mark but lose the behaviour.
_ENTER_BLURS_DATE_FIELDS = """<script>
const page = window.parent;
if (!page.datelinesEnterApplies) {
  page.datelinesEnterApplies = true;
  const script = page.document.createElement('script');
  script.textContent = `
  (() => {
    const applyOutside = () => {  // what a click beside the field does: the field sends its date
      for (const kind of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
        document.body.dispatchEvent(new MouseEvent(kind, {bubbles: true}));
      }
    };
    document.addEventListener('keydown', (event) => {
      const field = event.target.closest && event.target.closest('[data-testid="stDateInput"]');
      if (!field) { return; }
      if (event.key === 'Enter') {
        event.preventDefault(); event.stopPropagation();  // not the picker's own Enter (it opens the calendar)
        event.target.blur();
        applyOutside();
      } else if (event.key === 'Tab') {
        setTimeout(() => { if (!field.contains(document.activeElement)) { applyOutside(); } }, 0);
      }
    }, true);
  })();`;
  page.document.head.appendChild(script);
}
</script>"""


def _enter_applies_dates() -> None:
    components.html(_ENTER_BLURS_DATE_FIELDS, height=0)


MAP_FOCUS = "map_focus"  # (lat, lon, zoom) the place search moved the map to
MAP_FOCUS_NOTE = "map_focus_note"


def _gazetteer_best(name: str) -> Any:
    candidates = load_gazetteer().candidates(name)
    return candidates[0][0] if candidates else None


def _find_place(dataset: Dataset) -> None:
    """The place search's callback: the map goes to the place, or the sidebar says none was found."""
    query = st.session_state.get("place_search") or ""
    found = locate(query, dataset.places, _gazetteer_best)
    if not query.strip():
        st.session_state[MAP_FOCUS_NOTE] = ""
    elif found is None:
        st.session_state[MAP_FOCUS_NOTE] = f"No place called {plain(query.strip())} in the articles or the gazetteer."
    else:
        name, lat, lon, zoom = found
        st.session_state[MAP_FOCUS] = (lat, lon, zoom)
        st.session_state[MAP_FOCUS_NOTE] = f"Map moved to {plain(name)} ({lat:.3f}, {lon:.3f})."


def default_filters(low: date, high: date) -> dict[str, object]:
    """Every filter's value when nothing is chosen: the whole date range, all types, all articles."""
    return {
        "filter_start": low,
        "filter_end": high,
        "filter_types": [],
        "filter_subtypes": [],
        "filter_article": ALL_ARTICLES,
        "filter_query": "",
        "filter_checked": False,
    }


def reset_filters(low: date, high: date) -> None:
    """The Reset button's callback: it runs before the widgets are drawn, so setting their values (not
    deleting them) makes the browser's widgets follow and nothing comes back on the next click."""
    defaults = default_filters(low, high)
    for key, value in defaults.items():
        st.session_state[key] = value
    st.session_state[SAVED_FILTERS] = dict(defaults)
    st.session_state["selected_event"] = None
    st.session_state["link_notices"] = ()


def _picked_dates(low: date, high: date) -> tuple[date, date]:
    """The From and To dates, in order, inside the dataset's range (an empty field means its end)."""
    start = st.session_state.get("filter_start") or low
    end = st.session_state.get("filter_end") or high
    start, end = max(low, min(high, start)), max(low, min(high, end))
    return (start, end) if start <= end else (end, start)


def _follow_date_bounds(low: date, high: date) -> None:
    """An unrestricted date range stays unrestricted when articles are added or removed."""
    previous = st.session_state.get(DATE_BOUNDS)
    st.session_state[DATE_BOUNDS] = (low, high)
    if not previous or previous == (low, high):
        return
    for key, old_edge, new_edge in (("filter_start", previous[0], low), ("filter_end", previous[1], high)):
        current = st.session_state.get(key)
        if current is None:
            continue
        # An edge at the old bound follows the new one; a narrowed edge is clamped into the new range.
        st.session_state[key] = new_edge if current == old_edge else min(max(current, low), high)


PUBLISHED_QUERY = "published_query"  # the query the page last wrote to the address bar


def _as_lists(query: dict) -> dict[str, list[str]]:
    return {key: value if isinstance(value, list) else [value] for key, value in query.items()}


def publish_to_link(state: ViewState) -> None:
    """Keep the address bar equal to the view, so copying it shares exactly this."""
    wanted = state.to_query()
    st.session_state[PUBLISHED_QUERY] = _as_lists(wanted)
    if _query_dict() != _as_lists(wanted):
        st.query_params.from_dict(wanted)


def _followed_a_link() -> bool:
    """Whether the address bar holds a view this session did not write: an in-app link such as
    "Source: …" (a page link with its own query), which opens that view as a shared link does."""
    query = _query_dict()
    published = st.session_state.get(PUBLISHED_QUERY)
    return bool(query) and published is not None and query != published


def _matches(event_id: str, state: ViewState, events: pd.DataFrame, store: EventStore | None) -> bool:
    """Whether the selected event is among those the filters keep (in a large store: that one row, filtered)."""
    loaded = bool((events["id"] == event_id).any())
    if loaded or store is None:
        return loaded
    return not filter_events(store_events(store.event(event_id)), state).empty


def build_context(page: str) -> Context:
    store = store_or_none()
    total = 0
    if store is not None:
        dataset, choices, total = _store_summary(store_version(store), store)
    else:
        dataset = dataset_or_stop()
        choices = _frame_choices(dataset.version, dataset)
    if _followed_a_link():
        st.session_state["view_initialised"] = False
        st.session_state["filters_page"] = None  # the widgets take the link's values
    initialise_from_link(dataset, choices, store)
    state = sidebar_filters(dataset, choices, page)
    daily = None
    if store is None:
        events = filter_events(dataset.events, state)
        matching, total = len(events), len(dataset.events)
    else:
        # Counts from SQL (one scan: per day and type, for the timeline too); the events themselves only
        # when few enough match to draw and list them all.
        daily = store.daily(state)
        matching = int(daily["count"].sum())
        events = (
            store_events(store.select(state, limit=POINTS_IN_VIEW)) if matching <= POINTS_IN_VIEW else dataset.events
        )
    if state.event and not _matches(state.event, state, events, store):
        state = replace(state, event=None)
    publish_to_link(state)
    notices = tuple(st.session_state.get("link_notices", []))
    return Context(dataset, state, events, notices, store, matching, total, daily)


def configure_page() -> None:
    st.set_page_config(page_title="datelines — news on a map and a timeline", layout="wide")


def context(page: str) -> Context:
    """The shared filters (drawn in the sidebar) and the data they select; every page calls this first."""
    configure_page()
    built = build_context(page)
    st.session_state["_context"] = built  # for widget callbacks, which run before the page
    return built
