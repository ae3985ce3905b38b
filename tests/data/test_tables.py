import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from datelines.data.eventstore import arrow_table, records_table
from datelines.data.tables import (
    EVENT_COLUMNS,
    PLACE_COLUMNS,
    _sub_event_fields,
    acled_frame,
    event_records,
    events_frame,
    frame_geojson,
    place_records,
    places_frame,
    places_of_events,
    unresolved_places,
    with_article_columns,
    with_sub_event_columns,
    write_frame,
)
from datelines.extract.article import Article, read_article
from datelines.extract.pipeline import extract


def test_frames_have_documented_columns_and_dtypes(seed_extraction) -> None:
    places = places_frame([seed_extraction])
    events = events_frame([seed_extraction])
    assert list(places.columns) == list(PLACE_COLUMNS)
    assert list(events.columns) == list(EVENT_COLUMNS)
    assert str(events["date_start"].dtype).startswith("datetime64")
    assert places["lat"].dtype == "float64"
    assert events["lat"].notna().all(), "every seed event has a site on the map"


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".geojson"])
def test_frames_write_and_read_back(seed_extraction, tmp_path: Path, suffix: str) -> None:
    events = events_frame([seed_extraction])
    path = write_frame(events, tmp_path / f"events{suffix}")
    if suffix == ".csv":
        assert len(pd.read_csv(path)) == len(events)
    elif suffix == ".parquet":
        assert pd.read_parquet(path)["id"].tolist() == events["id"].tolist()
    else:
        collection = json.loads(path.read_text(encoding="utf-8"))
        assert len(collection["features"]) == len(events)
        assert collection["features"][0]["properties"]["date_start"] == str(events["date_start"].iloc[0].date())


def test_unknown_format_is_refused_with_the_name(tmp_path: Path, seed_extraction) -> None:
    with pytest.raises(ValueError, match=r"events\.xlsx"):
        write_frame(events_frame([seed_extraction]), tmp_path / "events.xlsx")


def test_events_export_in_acleds_columns_and_load_back_with_their_sub_event_types(
    seed_extraction, tmp_path: Path
) -> None:
    from datelines.data.dataset import load_table
    from datelines.data.tables import acled_frame
    from datelines.extract.acled import EVENT_TYPE_GROUPS

    events = events_frame([seed_extraction])
    exported = acled_frame(events)
    for column in ("event_type", "sub_event_type", "actor1", "inter1", "actor2", "inter2", "event_date"):
        assert column in exported.columns
    assert set(exported["event_type"]) <= {group.name for group in EVENT_TYPE_GROUPS}  # ACLED's six, not in ACLED
    path = tmp_path / "acled.csv"
    exported.to_csv(path, index=False)
    loaded = load_table(path).events
    assert loaded["sub_event_type"].tolist() == events["sub_event_type"].tolist()
    assert loaded["acled_sub_event_type"].fillna("").tolist() == events["acled_sub_event_type"].fillna("").tolist()


def test_kinds_outside_acled_survive_the_acled_export(tmp_path: Path) -> None:
    from datelines.data.dataset import load_table
    from datelines.data.tables import acled_frame
    from datelines.extract.article import read_article
    from datelines.extract.pipeline import extract

    article = read_article(Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "italy-quake-2024-10-17.txt")
    events = events_frame([extract(article, online=False)])
    assert "natural-disaster" in set(events["sub_event_type"])
    path = tmp_path / "acled.csv"
    acled_frame(events).to_csv(path, index=False)
    loaded = load_table(path).events
    assert loaded["sub_event_type"].tolist() == events["sub_event_type"].tolist()
    assert loaded["acled_event_type"].tolist() == events["acled_event_type"].tolist()


def test_an_area_keeps_its_shape_in_geojson_and_a_town_is_a_point(seed_extraction) -> None:
    places = places_frame([seed_extraction])
    features = frame_geojson(places)["features"]
    kinds = {feature["properties"]["name"]: feature["geometry"]["type"] for feature in features}
    assert kinds["Nagorno-Karabakh"] in ("Polygon", "MultiPolygon")
    assert kinds["Lachin Corridor"] in ("LineString", "MultiLineString")
    assert kinds["Shusha"] == "Point"


def test_the_places_of_filtered_events_are_the_ones_they_name(seed_extraction) -> None:
    events, places = events_frame([seed_extraction]), places_frame([seed_extraction])
    convoy = events[events["summary"].str.contains("Red Cross")]
    named = places_of_events(places, convoy)
    assert "Lachin Corridor" in set(named["name"]) and len(named) < len(places)


def test_the_events_export_names_its_article(seed_extraction) -> None:
    events = events_frame([seed_extraction])
    article = seed_extraction.article
    exported = with_article_columns(events, {article.id: article})
    assert set(exported["article_title"]) == {article.title}
    assert set(exported["article_published"]) == {article.published}
    assert set(acled_frame(exported)["source"]) == {article.title}


def test_fatalities_are_exported_in_acleds_column(tmp_path: Path) -> None:
    from datetime import date

    from datelines.extract.article import Article
    from datelines.extract.pipeline import extract

    text = "Warplanes pounded the village of Kordo on Monday, killing 6 civilians."
    extraction = extract(Article("k", "Kordo", date(2024, 3, 6), text), online=False)
    events = events_frame([extraction])
    assert events["fatalities"].tolist() == [6]
    exported = acled_frame(events)
    assert exported["fatalities"].tolist() == [6]
    path = tmp_path / "acled.csv"
    exported.to_csv(path, index=False)
    from datelines.data.dataset import load_dataset

    assert load_dataset(str(path)).events["fatalities"].tolist() == [6]  # an ACLED file keeps its count


def test_names_the_gazetteer_lacks_are_listed_apart() -> None:
    text = "Gunmen burned the village of Wolokoro near Djibo on Sunday, residents said."
    extraction = extract(Article(id="v", title="v", published=date(2024, 5, 6), text=text))
    unresolved = unresolved_places(places_frame([extraction]))
    assert unresolved["mention"].tolist() == ["Wolokoro"]
    assert "Djibo" in unresolved["source"].iloc[0]


def _fixture_extractions() -> list:
    """Every article the tests keep (the seed and the gold articles' texts), extracted offline."""
    folder = Path(__file__).parents[1] / "fixtures" / "articles"
    return [extract(read_article(path), online=False) for path in sorted(folder.glob("*.txt"))]


def test_an_ingests_arrow_tables_hold_what_the_frames_hold() -> None:
    """Workers write `event_records` to Arrow without pandas: the same rows, types and derived ACLED
    columns as the frames the dashboard makes, and what `with_sub_event_columns` derives for a table."""
    extractions = _fixture_extractions()
    events = events_frame(extractions)
    assert len(events) > 20 and events["inter1"].notna().any() and events["date_end"].notna().any()
    assert records_table(event_records(extractions), EVENT_COLUMNS).equals(arrow_table(events, EVENT_COLUMNS))
    assert records_table(place_records(extractions), PLACE_COLUMNS).equals(
        arrow_table(places_frame(extractions), PLACE_COLUMNS)
    )
    derived = ["sub_event_type", "sub_event_label", "acled_event_type", "acled_sub_event_type", "inter1", "inter2"]
    # The extractor's own sub-event types, derived again as for a loaded table (fallbacks: the test below).
    given = pd.array([event.sub_event for extraction in extractions for event in extraction.events], dtype="string")
    again = with_sub_event_columns(
        events.drop(columns=derived[1:]).assign(sub_event_type=given, inter1=None, inter2=None)
    )
    for column in derived:
        assert again[column].astype(object).where(again[column].notna(), None).tolist() == (
            events[column].astype(object).where(events[column].notna(), None).tolist()
        ), column


@pytest.mark.parametrize(
    ("sub_event", "event_type"),
    [(None, "protest"), ("", "battle"), ("no-such-sub-event", "airstrike"), ("peaceful-protest", "riot"), (None, "x")],
)
def test_a_rows_acled_columns_are_what_a_tables_are(sub_event: str | None, event_type: str) -> None:
    """The row-by-row derivation (ingest workers) and the table one (loaded files) agree, fallbacks too."""
    row = _sub_event_fields(sub_event, event_type)
    table = with_sub_event_columns(pd.DataFrame({"event_type": [event_type], "sub_event_type": [sub_event]}))
    assert row == {column: table[column].iloc[0] for column in row}


def test_a_day_no_table_can_hold_leaves_its_event_undated() -> None:
    """ "In 1571" is a date, but not one a nanosecond timestamp holds: the event is kept undated with the
    words that dated it, and the frame is made (it raised before)."""
    article = Article(
        id="lepanto",
        text="In 1571, the Ottoman fleet was destroyed at Lepanto in a battle that killed thousands. "
        "On Monday, protesters marched in Athens.",
        published=date(2024, 6, 28),
        title="History and today",
    )
    events = events_frame([extract(article, online=False)])
    old = events[events["time_text"] == "In 1571"]
    assert len(old) == 1 and old["date_start"].isna().all() and old["date_end"].isna().all()
    assert events.loc[events["time_text"] == "Monday", "date_start"].tolist() == [pd.Timestamp(2024, 6, 24)]
