"""Corrections made in the Add article and Review tables become the overrides the store applies."""

from datetime import date

from datelines.data.tables import events_frame, places_frame
from datelines.views.corrections import NO_PLACE, TYPE_CHOICES, draft_corrections, draft_events_table


def test_an_unchanged_table_makes_no_correction(seed_extraction) -> None:
    events, places = events_frame([seed_extraction]), places_frame([seed_extraction])
    table, choices = draft_events_table(events, places)
    assert list(table.columns) == ["summary", "type", "date_start", "date_end", "place", "id"]
    assert draft_corrections(table, table.copy(), choices) == {}


def test_a_changed_type_date_and_place_become_one_correction(seed_extraction) -> None:
    events, places = events_frame([seed_extraction]), places_frame([seed_extraction])
    table, choices = draft_events_table(events, places)
    edited = table.copy()
    shusha = next(label for label in choices if label.startswith("Shusha"))
    edited.loc[0, ["type", "date_start", "place"]] = [TYPE_CHOICES["armed-clash"], date(2023, 9, 19), shusha]
    edited.loc[1, "place"] = NO_PLACE
    corrections = draft_corrections(table, edited, choices)
    first, second = table.loc[0, "id"], table.loc[1, "id"]
    assert corrections[first] == {
        "sub_event_type": "armed-clash",
        "event_type": "battle",
        "date_start": "2023-09-19",
        "place_ids": [choices[shusha]],
    }
    assert corrections[second] == {"place_ids": []}
    assert set(corrections) == {first, second}
