import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import GEONAMES, ROOT, SEED_PATH, geonames_country_zip


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "datelines", "extract", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_one_path_prints_one_object_with_the_contract_fields() -> None:
    result = run(str(SEED_PATH))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["article"] == {
        "id": "karabakh-2023-09-23",
        "title": payload["article"]["title"],
        "published": "2023-09-23",
    }
    place_keys = {
        "id",
        "name",
        "mention",
        "aliases",
        "lat",
        "lon",
        "kind",
        "geo_precision",
        "source",
        "country_code",
        "mentions",
    }
    event_keys = {
        "id",
        "date_start",
        "date_end",
        "time_precision",
        "event_type",
        "place_ids",
        "actors",
        "summary",
        "evidence",
    }
    assert all(place_keys <= set(place) for place in payload["places"])
    assert all(event_keys <= set(event) for event in payload["events"])
    text = SEED_PATH.read_text(encoding="utf-8")
    for place in payload["places"]:
        for mention in place["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    for event in payload["events"]:
        assert text[event["evidence"]["start"] : event["evidence"]["end"]] == event["evidence"]["sentence"]


def test_bad_paths_are_reported_and_the_rest_still_processed(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 in Paris".encode("latin-1"))
    result = run(str(binary), str(tmp_path / "missing.txt"), str(latin), str(SEED_PATH))
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["article"]["id"] for line in lines] == ["karabakh-2023-09-23"]
    assert "binary" in result.stderr and "cannot read" in result.stderr and "not UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_jsonl_and_published_override(tmp_path: Path) -> None:
    article = tmp_path / "note.txt"
    article.write_text("Protesters marched in Lima on Monday.", encoding="utf-8")
    result = run(str(article), "--jsonl", "--published", "2024-08-22")
    (line,) = result.stdout.splitlines()
    payload = json.loads(line)
    assert payload["article"]["published"] == "2024-08-22"
    assert payload["events"][0]["date_start"] == "2024-08-19"


def test_without_a_date_relative_dates_stay_unresolved_and_stderr_says_so(tmp_path: Path) -> None:
    article = tmp_path / "undated.txt"
    article.write_text("Protesters marched in Lima on Monday.", encoding="utf-8")
    result = run(str(article))
    assert "no publication date" in result.stderr
    assert json.loads(result.stdout)["events"][0]["date_start"] is None


def test_empty_and_huge_files_give_messages_not_tracebacks(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * (5 * 1024 * 1024 + 10))
    result = run(str(empty), str(huge), "--published", "2024-01-01")
    assert result.returncode == 2
    assert "empty" in result.stderr and "MB" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["places"] == []


def test_five_megabyte_article_is_processed(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    paragraph = "Shelling hit Kharkiv in Ukraine on Monday, officials said. "
    big.write_text(paragraph * (5 * 1024 * 1024 // len(paragraph) - 10), encoding="utf-8")
    result = run(str(big), "--published", "2024-05-01")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert any(place["name"] == "Kharkiv" for place in payload["places"])


def gazetteer(packs: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m datelines gazetteer ...` (or another command) with its packs in `packs`."""
    return subprocess.run(
        [sys.executable, "-m", "datelines", *arguments],
        cwd=ROOT,
        env={**os.environ, "DATELINES_PACKS_DIR": str(packs)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_gazetteer_pack_is_added_listed_used_by_the_next_extraction_and_removed(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    article = tmp_path / "sosiot.txt"
    article.write_text("Police said the attack happened in the village of Sosiot in Kericho county.", encoding="utf-8")
    assert "no gazetteer packs" in gazetteer(packs, "gazetteer", "list").stdout
    added = gazetteer(packs, "gazetteer", "add", str(geonames_country_zip(tmp_path / "downloads")))
    assert added.returncode == 0, added.stderr
    assert "added pack KE: 7 places from KE.zip" in added.stdout
    listed = gazetteer(packs, "gazetteer", "list").stdout
    assert listed.split("\t") == ["KE", "7 places", "KE", "from KE.zip", f"added {date.today().isoformat()}\n"]
    extracted = gazetteer(packs, "extract", str(article), "--published", "2026-12-07")
    places = {place["name"]: place for place in json.loads(extracted.stdout)["places"]}
    assert (places["Sosiot"]["lat"], places["Sosiot"]["lon"]) == (-0.31667, 35.18333)
    removed = gazetteer(packs, "gazetteer", "remove", "KE")
    assert removed.returncode == 0 and "removed pack KE" in removed.stdout
    assert "no gazetteer packs" in gazetteer(packs, "gazetteer", "list").stdout
    extracted = gazetteer(packs, "extract", str(article), "--published", "2026-12-07")
    places = {place["name"]: place for place in json.loads(extracted.stdout)["places"]}
    assert places["Sosiot"]["id"].startswith("unresolved:")  # back to "somewhere in Kericho county"


def test_bad_gazetteer_files_give_one_line_and_exit_status_2(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    short = tmp_path / "BF.txt"
    short.write_text("2357048\tOuagadougou\tOuagadougou\t12.36566\t-1.53388\n", encoding="utf-8")
    gzipped = tmp_path / "KE.txt"
    gzipped.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")
    cases = [
        (["add", str(tmp_path / "KE.zip")], "KE.zip: no such file"),
        (["add", str(short)], "BF.txt, line 1: 5 columns where a GeoNames dump has 19"),
        (["add", str(gzipped)], "KE.txt: not UTF-8 text, so not a GeoNames dump"),
        (["add", str(GEONAMES / "admin2Codes.txt")], "no GeoNames dump given"),
        (["remove", "KE"], "no pack called 'KE'"),
    ]
    for arguments, message in cases:
        result = gazetteer(packs, "gazetteer", *arguments)
        assert result.returncode == 2, arguments
        (line,) = result.stderr.splitlines()
        assert line.startswith("datelines: ") and message in line, line
    assert not packs.exists() or not list(packs.glob("*.tsv.gz"))


def command(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "datelines", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_import_events_reports_bad_rows_in_one_line_and_is_idempotent(tmp_path: Path) -> None:
    acled = tmp_path / "acled.csv"
    assert command("synth", "--events", "300", "--acled", "--out", str(acled)).returncode == 0
    with acled.open("a", encoding="utf-8") as handle:
        handle.write("x1,not-a-date,1,Battles,Armed clash,,,,,Nowhere,1,2,1,src,notes,0\n")
        handle.write("broken,line\n")
    store = tmp_path / "store"
    first = command("import-events", str(acled), "--store", str(store))
    assert first.returncode == 2
    assert "acled.csv: 300 event(s) added" in first.stdout
    problems = [line for line in first.stderr.splitlines() if "bad row" in line]
    assert problems == [
        "datelines: acled.csv: 2 bad row(s) skipped (malformed line, unreadable date, coordinates out of range, "
        "or no id); the other rows were imported"
    ]
    assert "Traceback" not in first.stderr and "rows read" in first.stderr  # the progress line
    again = command("import-events", str(acled), "--store", str(store))
    assert "already in the store" in again.stdout
    from datelines.data.eventstore import EventStore

    assert EventStore(store).count() == 300


def test_import_events_refuses_a_file_that_is_no_events_table_and_goes_on(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("name,age\nAda,36\n", encoding="utf-8")
    ours = tmp_path / "ours.csv"
    assert command("synth", "--events", "40", "--out", str(ours)).returncode == 0
    result = command(
        "import-events", str(people), str(tmp_path / "missing.csv"), str(ours), "--store", str(tmp_path / "s")
    )
    assert result.returncode == 2
    assert "people.csv is neither our events table" in result.stderr
    assert "missing.csv does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert "ours.csv: 40 event(s) added" in result.stdout


def test_ingest_reports_a_failed_article_keeps_the_rest_and_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(SEED_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01binary")
    store = str(tmp_path / "store")
    first = command("ingest", str(folder), "--store", store, "--workers", "1")
    assert first.returncode == 2, first.stderr
    assert "bad.txt looks like a binary file" in first.stderr and "Traceback" not in first.stderr
    assert "ingested 1 article(s)" in first.stdout and "1 failed" in first.stdout
    again = command("ingest", str(folder / "good.txt"), "--store", store)
    assert (
        again.returncode == 0 and "ingested 0 article(s)" in again.stdout and "1 already in the store" in again.stdout
    )
    nowhere = command("ingest", str(tmp_path / "nowhere"), "--store", store)
    assert nowhere.returncode == 2 and nowhere.stderr.count("\n") == 1 and "no such file" in nowhere.stderr


def test_an_ingest_stopped_midway_says_what_failed_and_what_was_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A worker killed midway: the articles that failed before it, and what was committed, are printed
    with the reason it stopped (the run's report travels with the error: tests/data/test_bulk.py)."""
    from datelines import cli
    from datelines.data import bulk

    def stopped(*_arguments: object, **_options: object) -> bulk.IngestReport:
        error = bulk.IngestError("a worker process stopped (exit code 9); the batches committed so far are kept")
        error.report = bulk.IngestReport(articles=1000, events=2400, places=900, failures=["bad.txt: not UTF-8"])
        raise error

    monkeypatch.setattr(bulk, "ingest", stopped)
    assert cli.main(["ingest", str(tmp_path), "--store", str(tmp_path / "store")]) == 2
    out, err = capsys.readouterr()
    assert "datelines: bad.txt: not UTF-8" in err and "exit code 9" in err and "Traceback" not in err
    assert out.startswith("before it stopped: ingested 1,000 article(s): 2,400 events")
