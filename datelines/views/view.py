"""The view a share link carries, and the filtering it implies (pure: no Streamlit here).

URL contract: start, end (ISO dates), type (repeatable: ACLED event types, as slugs such as
"battles", plus "not-in-acled"), subtype (repeatable: sub-event type slugs such as "air-drone-strike"),
event (an event id), article (an article id), q (free-text search), checked (1: only events a person
checked), bg (1: the timeline shows the historical background), lat, lon and zoom (the map's view,
all three or none). A `type` that names one of the
plain types of earlier links ("agreement") still opens, mapped to its sub-event types, with a notice.
Anything invalid falls back to the default for that part, with a notice the page shows; nothing raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from datelines.data.tables import LIST_SEPARATOR
from datelines.extract.acled import (
    EVENT_TYPE_GROUPS_BY_SLUG,
    SUB_EVENT_OF_PLAIN_TYPE,
    SUB_EVENT_TYPES,
    SUB_EVENT_TYPES_BY_SLUG,
)
from datelines.extract.taxonomy import EVENT_TYPES

MAX_PARAMETER_LENGTH = 200
MAX_TYPES = 50
KNOWN_KEYS = frozenset(
    {"start", "end", "type", "subtype", "event", "article", "q", "checked", "bg", "lat", "lon", "zoom"}
)
MAX_ZOOM = 18
# Earlier links' plain types -> the sub-event types that now stand for them.
LEGACY_TYPES: dict[str, tuple[str, ...]] = {
    event_type.slug: tuple(sub.slug for sub in SUB_EVENT_TYPES if sub.plain_type == event_type.slug)
    or (SUB_EVENT_OF_PLAIN_TYPE.get(event_type.slug, "other"),)
    for event_type in EVENT_TYPES
}


@dataclass(frozen=True)
class ViewState:
    """What a share link reproduces. Empty means "no restriction"."""

    start: date | None = None
    end: date | None = None
    types: tuple[str, ...] = ()  # EVENT_TYPE_GROUPS slugs
    subtypes: tuple[str, ...] = ()  # SUB_EVENT_TYPES slugs
    event: str | None = None
    article: str | None = None
    query: str = ""
    checked_only: bool = False
    background: bool = False
    map_view: tuple[float, float, int] | None = None  # the map's centre (lat, lon) and zoom, when shared

    def to_query(self) -> dict[str, str | list[str]]:
        """Query parameters for a share link, leaving out what is default."""
        params: dict[str, str | list[str]] = {}
        if self.start:
            params["start"] = self.start.isoformat()
        if self.end:
            params["end"] = self.end.isoformat()
        if self.types:
            params["type"] = list(self.types)
        if self.subtypes:
            params["subtype"] = list(self.subtypes)
        if self.event:
            params["event"] = self.event
        if self.article:
            params["article"] = self.article
        if self.query:
            params["q"] = self.query
        if self.checked_only:
            params["checked"] = "1"
        if self.background:
            params["bg"] = "1"
        if self.map_view:
            lat, lon, zoom = self.map_view
            params.update({"lat": f"{lat:.4f}", "lon": f"{lon:.4f}", "zoom": str(zoom)})
        return params


@dataclass(frozen=True)
class ParsedView:
    state: ViewState
    notices: list[str] = field(default_factory=list)


def _short(value: str) -> str:
    shown = value if len(value) <= 40 else value[:40] + "…"
    return repr(shown)


def _date(name: str, values: list[str], notices: list[str]) -> date | None:
    if not values:
        return None
    value = values[-1]
    if len(values) > 1:
        notices.append(f"'{name}' was given {len(values)} times; the last one is used")
    try:
        if len(value) > 10:
            raise ValueError(value)
        parsed = date.fromisoformat(value)
    except ValueError:
        notices.append(f"'{name}' must be a date like 2023-09-23, not {_short(value)}; ignored")
        return None
    if not 1000 <= parsed.year <= 2999:
        notices.append(f"'{name}' {_short(value)} is out of range; ignored")
        return None
    return parsed


def parse_query(
    params: Mapping[str, list[str]],
    known_types: Iterable[str] = EVENT_TYPE_GROUPS_BY_SLUG,
    known_events: Iterable[str] = (),
    known_articles: Iterable[str] = (),
) -> ParsedView:
    """A ViewState from query parameters (each a list of values), with a notice per fallback."""
    notices: list[str] = []
    unknown = sorted(key for key in params if key not in KNOWN_KEYS)
    if unknown:
        notices.append(f"unknown link parameter(s) ignored: {', '.join(_short(key) for key in unknown[:5])}")
    clean: dict[str, list[str]] = {}
    for key in KNOWN_KEYS:
        values = [str(value) for value in params.get(key, [])]
        too_long = [value for value in values if len(value) > MAX_PARAMETER_LENGTH]
        if too_long:
            notices.append(f"'{key}' is too long ({len(too_long[0]):,} characters); ignored")
            values = [value for value in values if len(value) <= MAX_PARAMETER_LENGTH]
        clean[key] = values
    start = _date("start", clean["start"], notices)
    end = _date("end", clean["end"], notices)
    if start and end and start > end:
        notices.append(f"start {start} is after end {end}; the date filter is ignored")
        start = end = None
    known_type_set = set(known_types)
    types: list[str] = []
    subtypes: list[str] = []
    for value in clean["type"][:MAX_TYPES]:
        if value in known_type_set:
            if value not in types:
                types.append(value)
        elif value in LEGACY_TYPES:
            mapped = LEGACY_TYPES[value]
            subtypes += [slug for slug in mapped if slug not in subtypes]
            notices.append(f"event type {_short(value)} is now the sub-event type(s) {', '.join(mapped)}")
        else:
            notices.append(f"unknown event type {_short(value)} ignored")
    for value in clean["subtype"][:MAX_TYPES]:
        if value not in SUB_EVENT_TYPES_BY_SLUG:
            notices.append(f"unknown sub-event type {_short(value)} ignored")
        elif value not in subtypes:
            subtypes.append(value)
    for key in ("type", "subtype"):
        if len(clean[key]) > MAX_TYPES:
            notices.append(f"only the first {MAX_TYPES} '{key}' values are read")
    event = _member("event", clean["event"], set(known_events), notices)
    article = _member("article", clean["article"], set(known_articles), notices)
    query = clean["q"][-1].strip() if clean["q"] else ""
    checked_only = bool(clean["checked"]) and clean["checked"][-1] == "1"
    if clean["checked"] and clean["checked"][-1] not in ("0", "1"):
        notices.append("'checked' must be 1 (only events a person checked) or 0; ignored")
    background = bool(clean["bg"]) and clean["bg"][-1] == "1"
    if clean["bg"] and clean["bg"][-1] not in ("0", "1"):
        notices.append("'bg' must be 1 (show the historical background) or 0; ignored")
    return ParsedView(
        ViewState(
            start,
            end,
            tuple(types),
            tuple(subtypes),
            event,
            article,
            query,
            checked_only,
            background,
            _map_view(clean["lat"], clean["lon"], clean["zoom"], notices),
        ),
        notices,
    )


def _map_view(
    lats: list[str], lons: list[str], zooms: list[str], notices: list[str]
) -> tuple[float, float, int] | None:
    """The shared map view: a latitude, a longitude and a zoom level, each in range, or none at all."""
    if not (lats or lons or zooms):
        return None
    try:
        lat, lon, zoom = float(lats[-1]), float(lons[-1]), int(zooms[-1])
    except (IndexError, ValueError):
        notices.append("the map view needs 'lat', 'lon' and 'zoom' as numbers; the map frames the events instead")
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 1 <= zoom <= MAX_ZOOM):
        notices.append(
            f"the map view lat {_short(lats[-1])}, lon {_short(lons[-1])}, zoom {_short(zooms[-1])} is out of range "
            f"(latitude -90 to 90, longitude -180 to 180, zoom 1 to {MAX_ZOOM}); the map frames the events instead"
        )
        return None
    return lat, lon, zoom


def _member(name: str, values: list[str], known: set[str], notices: list[str]) -> str | None:
    if not values:
        return None
    value = values[-1]
    if value in known:
        return value
    notices.append(f"no {name} {_short(value)} in this dataset; showing all")
    return None


@dataclass(frozen=True)
class FilterChoices:
    """What the sidebar offers for a dataset: its date range and the types, sub-types and articles present."""

    first: date | None
    last: date | None
    types: frozenset[str]  # ACLED event type names
    subtypes: frozenset[str]  # sub-event type slugs
    articles: tuple[str, ...]

    @classmethod
    def of_events(cls, events: pd.DataFrame, articles: Iterable[str] = ()) -> FilterChoices:
        """The choices of an events frame; `articles` lists the articles to offer (else those events name)."""
        dated = events.dropna(subset=["date_start"])
        offered = list(articles) or events["article_id"].dropna().astype(str).unique()
        return cls(
            None if dated.empty else dated["date_start"].min().date(),
            None if dated.empty else dated["date_end"].fillna(dated["date_start"]).max().date(),
            frozenset(str(name) for name in events["acled_event_type"].dropna().unique()),
            frozenset(str(slug) for slug in events["sub_event_type"].dropna().unique()),
            tuple(sorted(offered)),
        )


# The text a search looks in, each column on its own: a search of the three joined into one text cost 8x
# as much in the event store (1 s over 10M events: joining copies every string) and matched nothing more
# that a reader asks for (only phrases running from one column into the next).
SEARCHED_COLUMNS = ("summary", "site_name", "actors")


def filter_events(events: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """Events that match the view (vectorised): overlapping dates, chosen types, article, text."""
    mask = pd.Series(True, index=events.index)
    if state.start is not None:
        mask &= events["date_end"].fillna(events["date_start"]) >= pd.Timestamp(state.start)
    if state.end is not None:
        mask &= events["date_start"] <= pd.Timestamp(state.end)
    if state.types or state.subtypes:
        # A type with sub-event types chosen is narrowed to them; a type without, taken whole.
        narrowed = {SUB_EVENT_TYPES_BY_SLUG[slug].event_type for slug in state.subtypes}
        whole = [EVENT_TYPE_GROUPS_BY_SLUG[slug].name for slug in state.types]
        mask &= events["acled_event_type"].isin([name for name in whole if name not in narrowed]) | events[
            "sub_event_type"
        ].isin(state.subtypes)
    if state.article:
        mask &= events["article_id"] == state.article
    if state.checked_only and "checked" in events:
        mask &= events["checked"].fillna(False).astype(bool)
    if state.query:  # found in the summary, the place's name or the actors (SEARCHED_COLUMNS)
        needle = state.query.lower()
        found = pd.Series(False, index=events.index)
        for column in SEARCHED_COLUMNS:
            found |= events[column].fillna("").str.lower().str.contains(needle, regex=False)
        mask &= found
    return events[mask.fillna(False)]


# The zoom a place is shown at, by what kind of place it is (a town close up, a country whole).
_ZOOM_BY_KIND = {"continent": 3, "country": 5, "region": 7, "water": 6, "route": 9, "area": 8}
_DEFAULT_PLACE_ZOOM = 11


def locate(
    query: str, places: pd.DataFrame, gazetteer_lookup: Callable[[str], Any] | None = None
) -> tuple[str, float, float, int] | None:
    """Where a place search should take the map: (name, lat, lon, zoom) of a place the articles name
    (by name, as written, or an alias; case does not matter), else of the gazetteer's best match."""
    wanted = query.strip().casefold()
    if not wanted:
        return None
    for column in ("name", "mention", "aliases"):
        if column not in places:
            continue
        texts = places[column].astype(object).fillna("").astype(str).str.casefold()
        hits = places[texts.str.split(LIST_SEPARATOR).apply(lambda names: wanted in names)]
        hits = hits.dropna(subset=["lat", "lon"])
        if not hits.empty:
            row = hits.iloc[0]
            return (
                str(row["name"]),
                float(row["lat"]),
                float(row["lon"]),
                _ZOOM_BY_KIND.get(row["kind"], _DEFAULT_PLACE_ZOOM),
            )
    if gazetteer_lookup is not None:
        found = gazetteer_lookup(query.strip())
        if found is not None:
            return found.name, float(found.lat), float(found.lon), _ZOOM_BY_KIND.get(found.kind, _DEFAULT_PLACE_ZOOM)
    return None
