"""The view a share link carries, and the filtering it implies (pure: no Streamlit here).

URL contract: start, end (ISO dates), type (repeatable event-type slugs), event (an event id),
article (an article id), q (free-text search). Anything invalid falls back to the default
for that part, with a notice the page shows; nothing raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

MAX_PARAMETER_LENGTH = 200
MAX_TYPES = 50
KNOWN_KEYS = frozenset({"start", "end", "type", "event", "article", "q", "checked"})


@dataclass(frozen=True)
class ViewState:
    """What a share link reproduces. Empty means "no restriction"."""

    start: date | None = None
    end: date | None = None
    types: tuple[str, ...] = ()
    event: str | None = None
    article: str | None = None
    query: str = ""
    checked_only: bool = False

    def to_query(self) -> dict[str, str | list[str]]:
        """Query parameters for a share link, leaving out what is default."""
        params: dict[str, str | list[str]] = {}
        if self.start:
            params["start"] = self.start.isoformat()
        if self.end:
            params["end"] = self.end.isoformat()
        if self.types:
            params["type"] = list(self.types)
        if self.event:
            params["event"] = self.event
        if self.article:
            params["article"] = self.article
        if self.query:
            params["q"] = self.query
        if self.checked_only:
            params["checked"] = "1"
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
    known_types: Iterable[str],
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
    for value in clean["type"][:MAX_TYPES]:
        if value not in known_type_set:
            notices.append(f"unknown event type {_short(value)} ignored")
        elif value not in types:
            types.append(value)
    if len(clean["type"]) > MAX_TYPES:
        notices.append(f"only the first {MAX_TYPES} 'type' values are read")
    event = _member("event", clean["event"], set(known_events), notices)
    article = _member("article", clean["article"], set(known_articles), notices)
    query = clean["q"][-1].strip() if clean["q"] else ""
    checked_only = bool(clean["checked"]) and clean["checked"][-1] == "1"
    if clean["checked"] and clean["checked"][-1] not in ("0", "1"):
        notices.append("'checked' must be 1 (only events a person checked) or 0; ignored")
    return ParsedView(ViewState(start, end, tuple(types), event, article, query, checked_only), notices)


def _member(name: str, values: list[str], known: set[str], notices: list[str]) -> str | None:
    if not values:
        return None
    value = values[-1]
    if value in known:
        return value
    notices.append(f"no {name} {_short(value)} in this dataset; showing all")
    return None


def filter_events(events: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """Events that match the view (vectorised): overlapping dates, chosen types, article, text."""
    mask = pd.Series(True, index=events.index)
    if state.start is not None:
        mask &= events["date_end"].fillna(events["date_start"]) >= pd.Timestamp(state.start)
    if state.end is not None:
        mask &= events["date_start"] <= pd.Timestamp(state.end)
    if state.types:
        mask &= events["event_type"].isin(state.types)
    if state.article:
        mask &= events["article_id"] == state.article
    if state.checked_only and "checked" in events:
        mask &= events["checked"].fillna(False).astype(bool)
    if state.query:
        needle = state.query.lower()
        haystack = (
            events["summary"].fillna("") + " " + events["site_name"].fillna("") + " " + events["actors"].fillna("")
        ).str.lower()
        mask &= haystack.str.contains(needle, regex=False)
    return events[mask.fillna(False)]
