"""A person's corrections to events, as tables to edit and the changes they make (pure: no Streamlit).

The Add article page edits the machine's draft before saving, the Review page a saved article: both
show an event's type as "event type: sub-event type", its dates and its place by name, and turn the
edited rows into the overrides `data.store.apply_overrides` reads.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from datelines.data.tables import LIST_SEPARATOR
from datelines.extract.acled import SUB_EVENT_TYPES, SUB_EVENT_TYPES_BY_SLUG

TYPE_CHOICES: dict[str, str] = {sub.slug: f"{sub.event_type}: {sub.label}" for sub in SUB_EVENT_TYPES}
SLUG_OF_CHOICE: dict[str, str] = {label: slug for slug, label in TYPE_CHOICES.items()}
NO_PLACE = "— no place"


def place_choices(places: pd.DataFrame) -> dict[str, str]:
    """A label per place ("Rafah (town, PS)") -> its id; labels are unique within the article."""
    choices: dict[str, str] = {}
    for record in places.drop_duplicates("id").to_dict(orient="records"):
        label = (
            f"{record['name']} ({record['kind']}{', ' + record['country_code'] if record.get('country_code') else ''})"
        )
        while label in choices:
            label += " ·"
        choices[label] = str(record["id"])
    return choices


def draft_events_table(events: pd.DataFrame, places: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The events as an editable table (summary, type, from, to, place, id) and the place choices."""
    choices = place_choices(places)
    label_of = {place_id: label for label, place_id in choices.items()}
    first_place = events["place_ids"].fillna("").astype(str).str.split(LIST_SEPARATOR).str[0]
    table = pd.DataFrame(
        {
            "summary": events["summary"].astype(str),
            "type": events["sub_event_type"].astype(str).map(TYPE_CHOICES),
            "date_start": pd.to_datetime(events["date_start"]).dt.date,
            "date_end": pd.to_datetime(events["date_end"]).dt.date,
            "place": first_place.map(label_of).fillna(NO_PLACE),
            "id": events["id"].astype(str),
        }
    )
    return table.reset_index(drop=True), choices


def event_changes(before: dict[str, Any], after: dict[str, Any], choices: dict[str, str]) -> dict[str, Any]:
    """What a person changed in one row: the sub-event type (and its plain type), dates, the place."""
    change: dict[str, Any] = {}
    if after.get("type") and after["type"] != before.get("type"):
        sub_event = SLUG_OF_CHOICE.get(after["type"], "other")
        change["sub_event_type"] = sub_event
        change["event_type"] = SUB_EVENT_TYPES_BY_SLUG[sub_event].plain_type
    for key in ("date_start", "date_end"):
        value = after.get(key)
        if value is not None and not pd.isna(value) and str(value) != str(before.get(key)):
            change[key] = str(value)[:10]
    if after.get("place") and after["place"] != before.get("place"):
        change["place_ids"] = [] if after["place"] == NO_PLACE else [choices[after["place"]]]
    return change


def draft_corrections(original: pd.DataFrame, edited: pd.DataFrame, choices: dict[str, str]) -> dict[str, Any]:
    """Event id -> the changes made to it in the edited table (events left as they were are absent)."""
    before = original.set_index("id").to_dict(orient="index")
    corrections = {}
    for row in edited.to_dict(orient="records"):
        change = event_changes(before.get(row["id"], {}), row, choices)
        if change:
            corrections[row["id"]] = change
    return corrections
