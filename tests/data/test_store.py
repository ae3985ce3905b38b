import json
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT

from datelines.data.dataset import article_paths, load_articles
from datelines.data.store import (
    StoreError,
    delete_article,
    export_zip,
    import_zip,
    read_overrides,
    save_article,
    write_overrides,
)
from datelines.extract.article import Article

TEXT = "Protesters marched in Lima, Peru, on Monday. Police arrested 37 people in Arequipa on Tuesday."


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATELINES_ARTICLES_DIR", str(tmp_path))
    return tmp_path


def test_saved_article_joins_the_dataset_and_corrections_survive_a_rerun(folder: Path) -> None:
    save_article(Article("peru-test", "Peru test", date(2024, 8, 22), TEXT))
    dataset = load_articles(article_paths())
    events = dataset.events[dataset.events["article_id"] == "peru-test"]
    assert len(events) == 2
    first = events["id"].iloc[0]
    write_overrides(
        "peru-test",
        {"events": {first: {"event_type": "riot", "checked": True}}, "removed_places": [], "added_places": []},
    )
    again = load_articles(article_paths())  # the extractor runs again from the text
    corrected = again.events.set_index("id").loc[first]
    assert corrected["event_type"] == "riot" and bool(corrected["checked"])
    assert not again.events.set_index("id").loc[events["id"].iloc[1], "checked"]


def test_a_persons_sub_event_type_wins_and_an_old_plain_type_correction_is_migrated(folder: Path) -> None:
    save_article(Article("peru-test", "Peru test", date(2024, 8, 22), TEXT))
    events = load_articles(article_paths()).events
    first, second = events[events["article_id"] == "peru-test"]["id"].iloc[:2]
    write_overrides(
        "peru-test",
        {
            "events": {
                first: {"sub_event_type": "excessive-force-against-protesters"},
                second: {"event_type": "agreement"},  # written before sub-event types existed
            },
            "removed_places": [],
            "added_places": [],
        },
    )
    assert read_overrides("peru-test")["events"][second] == {"event_type": "agreement"}  # the file is left as written
    corrected = load_articles(article_paths()).events.set_index("id")
    assert corrected.loc[first, "acled_sub_event_type"] == "Excessive force against protesters"
    assert corrected.loc[first, "event_type"] == "protest"
    assert (corrected.loc[second, "event_type"], corrected.loc[second, "acled_sub_event_type"]) == (
        "agreement",
        "Agreement",
    )


def test_removed_and_added_places(folder: Path) -> None:
    save_article(Article("peru-test", "Peru test", date(2024, 8, 22), TEXT))
    places = load_articles(article_paths()).places
    lima = places[places["name"] == "Lima"]["id"].iloc[0]
    write_overrides(
        "peru-test",
        {"events": {}, "removed_places": [lima], "added_places": [{"id": "area:Lake_Titicaca", "mention": "Titicaca"}]},
    )
    after = load_articles(article_paths()).places
    assert lima not in set(after["id"])
    assert "Lake Titicaca" in set(after["name"])


def test_export_then_import_round_trips(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    save_article(Article("peru-test", "Peru test", date(2024, 8, 22), TEXT))
    write_overrides("peru-test", {"events": {"x": {"checked": True}}, "removed_places": [], "added_places": []})
    archive = export_zip()
    delete_article("peru-test")
    assert not (folder / "peru-test").exists()
    assert import_zip(archive) == ["peru-test"]
    assert read_overrides("peru-test")["events"] == {"x": {"checked": True}}


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        pytest.param(b"not a zip", "not a zip", id="not-zip"),
        pytest.param("zip-slip", "unexpected file", id="zip-slip"),
    ],
)
def test_bad_imports_write_nothing(folder: Path, payload: bytes | str, message: str) -> None:
    if payload == "zip-slip":
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("../../evil.txt", "x")
        payload = buffer.getvalue()
    with pytest.raises(StoreError, match=message):
        import_zip(payload)
    assert list(folder.iterdir()) == []


def test_empty_article_is_not_saved(folder: Path) -> None:
    with pytest.raises(StoreError, match="empty"):
        save_article(Article("empty", "Empty", None, "   "))
    assert list(folder.iterdir()) == []


def test_a_save_killed_half_way_leaves_the_previous_state_readable(folder: Path) -> None:
    save_article(Article("peru-test", "Peru test", date(2024, 8, 22), TEXT))
    write_overrides("peru-test", {"events": {"a": {"checked": True}}, "removed_places": [], "added_places": []})
    # A child process writes a huge correction file through the same atomic writer and is killed mid-write.
    code = (
        "import os, sys; sys.path.insert(0, sys.argv[1]);"
        "from datelines.data.store import write_atomically; from pathlib import Path;"
        "write_atomically(Path(sys.argv[2]), b'{' + b' ' * 400_000_000 + b'}')"
    )
    target = folder / "peru-test" / "overrides.json"
    child = subprocess.Popen([sys.executable, "-c", code, str(ROOT), str(target)])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list(target.parent.glob(".overrides.json.tmp-*")):
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert json.loads(target.read_text(encoding="utf-8"))["events"] == {"a": {"checked": True}}
    assert read_overrides("peru-test")["events"] == {"a": {"checked": True}}


def test_events_two_articles_report_can_be_merged(folder: Path) -> None:
    save_article(Article("first", "First", date(2024, 8, 22), TEXT))
    save_article(Article("second", "Second", date(2024, 8, 22), TEXT))
    dataset = load_articles(article_paths())
    kept = dataset.events[dataset.events["article_id"] == "first"]["id"].iloc[0]
    duplicate = dataset.events[dataset.events["article_id"] == "second"]["id"].iloc[0]
    from datelines.data.store import merge_events

    merge_events(kept, [duplicate], dict(zip(dataset.events["id"], dataset.events["article_id"], strict=True)))
    after = load_articles(article_paths())
    assert kept in set(after.events["id"]) and duplicate not in set(after.events["id"])
    places = after.places
    from datelines.data.tables import places_across_articles

    merged = places_across_articles(places)
    lima = merged[merged["name"] == "Lima"].iloc[0]
    assert lima["articles"] == "first; second" and lima["mention_count"] == 2


def test_a_place_added_from_nominatim_coordinates(folder: Path) -> None:
    save_article(Article("peru-test", "Peru test", date(2024, 8, 22), TEXT))
    write_overrides(
        "peru-test",
        {
            "events": {},
            "removed_places": [],
            "added_places": [{"name": "Plaza San Martín", "lat": -12.0515, "lon": -77.0345, "source": "nominatim"}],
        },
    )
    places = load_articles(article_paths()).places
    plaza = places[places["name"] == "Plaza San Martín"].iloc[0]
    assert plaza["source"] == "nominatim" and abs(plaza["lat"] + 12.05) < 0.01


def test_a_new_articles_id_is_short_readable_and_dated() -> None:
    from datelines.data.store import short_id, short_title

    text = (
        "Israeli tanks seized the Rafah crossing on the Gaza side of the border with Egypt on Tuesday morning, "
        "cutting off the main route for aid into the enclave. Officials said more."
    )
    title = short_title(text)
    assert title.endswith("…") and len(title) <= 101 and not title[:-1].endswith(" ")
    assert short_id(title, date(2024, 5, 7)) == "2024-05-07-israeli-tanks-seized-the-rafah-crossing"
    assert short_id("Quake", None) == "quake"
    assert short_title("GOMA (Datelines Wire) — Rebels shelled the town of Sake on Monday.") == (
        "Rebels shelled the town of Sake on Monday."
    )
    assert all(len(short_id("word " * 40, date(2024, 1, 1)).split("-")[3:]) <= 6 for _ in range(1))
