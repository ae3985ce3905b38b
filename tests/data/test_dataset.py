from datetime import date
from pathlib import Path

import pytest

from datelines.data import synth
from datelines.data.dataset import DatasetError, load_articles, load_dataset, load_table
from datelines.data.eventimport import import_events
from datelines.data.synth import write_synthetic
from datelines.data.tables import write_frame
from datelines.views.view import ViewState, filter_events


def test_seed_dataset_has_events_and_places(tmp_path: Path) -> None:
    dataset = load_articles([Path(__file__).resolve().parents[2] / "seeds" / "karabakh-2023-09-23.txt"])
    assert len(dataset.events) > 10 and len(dataset.places) >= 5
    assert "karabakh-2023-09-23" in dataset.articles


def test_our_csv_round_trips_into_the_dashboard(seed_extraction, tmp_path: Path) -> None:
    from datelines.data.tables import events_frame

    path = write_frame(events_frame([seed_extraction]), tmp_path / "events.csv")
    dataset = load_table(path)
    assert len(dataset.events) == len(seed_extraction.events)
    assert str(dataset.events["date_start"].dtype).startswith("datetime64")


def test_acled_export_is_read_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,location,latitude,longitude,geo_precision,time_precision,notes,fatalities\n"
        "SDN1,2024-09-16,Explosions/Remote violence,Shelling/artillery/missile attack,RSF,El Fasher,13.63,25.35,1,1,Shelling hit the market.,3\n"
        "SDN2,2024-09-17,Strategic developments,Agreement,SAF,Port Sudan,19.6,37.2,2,2,Talks agreed.,0\n"
        "SDN3,not a date,Protests,Peaceful protest,Civilians,Khartoum,,32.5,1,1,Odd row.,0\n",
        encoding="utf-8",
    )
    dataset = load_table(path)
    assert dataset.events["event_type"].tolist() == ["remote-violence", "agreement", "protest"]
    assert dataset.warnings and "not drawn" in dataset.warnings[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("a,b\n1,2\n", "missing", id="missing-columns"),
        pytest.param("", "cannot read", id="empty"),
    ],
)
def test_bad_tables_give_clear_messages(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=message):
        load_table(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="does not exist"):
        load_table(tmp_path / "nope.csv")


def test_the_dashboard_opens_an_event_store_directory_as_it_opens_the_file(tmp_path: Path) -> None:
    """`--data DIR` on a store that `import-events` filled shows the same events, filters and types."""
    acled_csv = write_synthetic(2000, tmp_path / "acled.csv", acled=True, seed=11)
    import_events(acled_csv, tmp_path / "store")
    from_file, from_store = load_dataset(str(acled_csv)), load_dataset(str(tmp_path / "store"))
    assert from_store.source == "event store store (2,000 events)"
    by_id = from_store.events.set_index("id").sort_index()
    expected = from_file.events.set_index("id").sort_index()
    for column in ("date_start", "lat", "lon", "sub_event_type", "event_label", "summary", "fatalities"):
        assert by_id[column].astype(str).tolist() == expected[column].astype(str).tolist(), column
    for state in (ViewState(types=("battles",)), ViewState(start=date(2022, 1, 1), query="gaza")):
        assert len(filter_events(from_store.events, state)) == len(filter_events(from_file.events, state))


def test_a_directory_that_is_no_store_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="cannot open the event store"):
        load_dataset(str(tmp_path))


def test_a_synthetic_acled_file_written_in_chunks_has_every_event_once(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(synth, "SYNTH_CHUNK", 100)
    events = load_table(synth.write_synthetic(250, tmp_path / "acled.csv", acled=True)).events
    assert len(events) == 250 and events["id"].is_unique
    assert events["date_start"].notna().all() and events["lat"].between(-90, 90).all()
