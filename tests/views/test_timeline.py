from datetime import date

import pandas as pd

from datelines.data.dataset import LABEL_DTYPE, TYPE_DTYPE, load_table
from datelines.data.synth import write_synthetic
from datelines.data.tables import events_frame
from datelines.views.timeline import AGGREGATE_ABOVE, _counts, counts_by_period, counts_spec, timeline_spec


def _synthetic(tmp_path, count: int) -> pd.DataFrame:
    path = tmp_path / "events.parquet"
    write_synthetic(count, path)
    return load_table(path).events


def test_many_events_are_drawn_as_counts_that_add_up(tmp_path) -> None:
    events = _synthetic(tmp_path, AGGREGATE_ABOVE * 3)
    spec = timeline_spec(events, None)
    rows = spec["datasets"]["counts"]
    assert sum(row["events"] for row in rows) == events["date_start"].notna().sum()
    assert len(rows) < len(events) / 3  # counts per month and type, not one mark per event
    assert spec["encoding"]["y"]["title"] == "events per month"
    assert {row["acled_event_type"] for row in rows} <= set(spec["encoding"]["color"]["scale"]["domain"])


def test_a_stores_daily_counts_draw_the_same_bars_as_the_frames(tmp_path) -> None:
    events = _synthetic(tmp_path, AGGREGATE_ABOVE * 2)
    events.loc[events.index[:5], "date_start"] = pd.NaT  # undated: counted in the headline, not on the timeline
    # What EventStore.daily answers: events per day and type, a missing type as NULL, undated days as NaT.
    types = events["acled_event_type"].astype(object)
    daily = (
        pd.DataFrame({"day": events["date_start"].dt.normalize(), "type": types.where(types.notna(), None)})
        .groupby(["day", "type"], dropna=False)
        .size()
        .rename("count")
        .reset_index()
    )
    assert daily["count"].sum() == len(events)
    for frequency in ("M", "W"):
        expected = _counts(events, frequency).sort_values(["period", "acled_event_type"]).reset_index(drop=True)
        got = counts_by_period(daily, frequency).sort_values(["period", "acled_event_type"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)

    def bars(rows: list[dict]) -> list[tuple]:
        return sorted((row["period"], row["acled_event_type"], row["events"]) for row in rows)

    frame_rows = timeline_spec(events, None)["datasets"]["counts"]
    assert bars(counts_spec(counts_by_period(daily, "M"), None, "M")["datasets"]["counts"]) == bars(frame_rows)


def test_weeks_start_on_monday_and_months_on_the_first() -> None:
    events = pd.DataFrame(
        {
            "date_start": pd.to_datetime(["2023-09-23", "2023-09-24", "2023-09-25", pd.NaT]),
            "acled_event_type": ["Battles", "Battles", "Protests", "Battles"],
        }
    )
    weekly = _counts(events, "W").set_index(["period", "acled_event_type"])["events"].to_dict()
    assert weekly == {(pd.Timestamp("2023-09-18"), "Battles"): 2, (pd.Timestamp("2023-09-25"), "Protests"): 1}
    monthly = _counts(events, "M")
    assert set(monthly["period"]) == {pd.Timestamp("2023-09-01")}


def test_a_short_domain_counts_per_week(tmp_path) -> None:
    events = _synthetic(tmp_path, AGGREGATE_ABOVE * 2)
    spec = timeline_spec(events, (date(2023, 1, 1), date(2023, 6, 30)))
    assert spec["encoding"]["y"]["title"] == "events per week"
    assert spec["encoding"]["x"]["scale"]["domain"][0].startswith("2023-01-01")


def test_the_seed_keeps_one_mark_per_event_with_its_selections_on_one_layer(seed_extraction) -> None:
    events = events_frame([seed_extraction])
    spec = timeline_spec(events, None)
    assert len(spec["datasets"]["events"]) == events["date_start"].notna().sum()
    names = [layer["name"] for layer in spec["layer"]]
    assert all(len(param["views"]) == 1 and param["views"][0] in names for param in spec["params"])
    assert all(isinstance(row["date_start"], str) for row in spec["datasets"]["events"])


def test_the_selected_event_is_marked_and_its_id_stays_a_string(seed_extraction) -> None:
    events = events_frame([seed_extraction])
    chosen = events["id"].iloc[0]
    spec = timeline_spec(events, None, selected=chosen)
    points = spec["layer"][1]["encoding"]
    assert points["size"]["condition"]["test"] == f'datum.id === "{chosen}"'
    hostile = timeline_spec(events, None, selected='x" || true || "')
    assert hostile["layer"][1]["encoding"]["size"]["condition"]["test"] == 'datum.id === "x\\" || true || \\""'


def test_an_event_without_a_type_label_is_still_drawn() -> None:
    events = pd.DataFrame(
        {
            "id": ["a", "b"],
            "date_start": pd.to_datetime(["2024-01-01", "2024-01-02"]),
            "date_end": pd.to_datetime(["2024-01-01", None]),
            "time_precision": ["day", "day"],
            "event_type": pd.Series(["battle", None]).astype(TYPE_DTYPE),
            "event_label": pd.Series(["Battle", None]).astype(LABEL_DTYPE),
            "summary": ["x", None],
            "site_name": [None, "y"],
        }
    )
    rows = timeline_spec(events, None)["datasets"]["events"]
    assert [row["event_label"] for row in rows] == ["Battle", ""]
