"""Ingest: many articles into the event store give what `extract` gives one by one, on local worker
processes and on a Dask cluster alike; a re-run adds nothing; an unreadable article is reported, the rest kept."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from datelines.data import bulk
from datelines.data.bulk import IngestError, article_record, extract_records, ingest, tasks
from datelines.data.eventimport import import_events
from datelines.data.eventstore import EventStore, EventStoreError, store_exists, writing
from datelines.data.synth import write_synthetic
from datelines.data.tables import events_frame, places_frame
from datelines.extract import pipeline
from datelines.extract.article import Article
from datelines.extract.pipeline import extract
from datelines.views.view import ViewState

ARTICLES = [
    Article(
        "khartoum-clashes",
        "Clashes in Khartoum",
        date(2023, 4, 16),
        "KHARTOUM, Sudan - Heavy fighting broke out on Saturday between the army and the Rapid Support Forces "
        "in Khartoum, killing at least 12 civilians. Protesters marched in Omdurman on Sunday.",
    ),
    Article(
        "kharkiv-strike",
        "Strike on Kharkiv",
        date(2024, 5, 20),
        "A Russian missile strike hit a printing house in Kharkiv on Thursday, killing seven people, "
        "officials said. Police arrested two men in Kyiv the same day.",
    ),
    Article(
        "gaza-aid",
        "Aid reaches Gaza",
        date(2024, 3, 9),
        "Aid trucks entered Gaza through the Rafah crossing on Friday. Thousands of people fled Khan Yunis "
        "after an air strike on Wednesday.",
    ),
]
COLUMNS = ["id", "article_id", "date_start", "date_end", "event_type", "sub_event_type", "site_id", "lat", "lon"]


def _write_inputs(folder: Path) -> list[Path]:
    """Two articles in a JSONL file (plus a line that is no article), one as a text file with its metadata,
    and a binary file posing as an article."""
    folder.mkdir()
    lines = [
        json.dumps({"id": a.id, "title": a.title, "published": a.published.isoformat(), "text": a.text})
        for a in ARTICLES[:2]
    ]
    (folder / "batch.jsonl").write_text("\n".join([*lines, '{"id": "broken"']) + "\n", encoding="utf-8")
    last = ARTICLES[2]
    (folder / "nested").mkdir()
    (folder / "nested" / f"{last.id}.txt").write_text(last.text, encoding="utf-8")
    metadata = {"id": last.id, "title": last.title, "published": last.published.isoformat()}
    (folder / "nested" / f"{last.id}.json").write_text(json.dumps(metadata), encoding="utf-8")
    (folder / "nested" / "photo.txt").write_bytes(b"\x89PNG\x00\x00binary")
    return [folder]


def _rows(frame: pd.DataFrame) -> list[tuple]:
    frame = frame[COLUMNS].astype(object).where(frame[COLUMNS].notna(), None)
    return sorted(tuple(str(value) for value in row) for row in frame.itertuples(index=False))


@pytest.fixture(scope="module")
def expected() -> tuple[pd.DataFrame, pd.DataFrame]:
    extractions = [extract(article, online=False) for article in ARTICLES]
    return events_frame(extractions), places_frame(extractions)


def test_local_ingest_equals_extract_article_by_article_and_resumes(
    tmp_path: Path, expected: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    events, places = expected
    assert len(events) >= 4 and set(events["article_id"]) == {a.id for a in ARTICLES}
    paths = _write_inputs(tmp_path / "in")
    lines: list[str] = []
    report = ingest(paths, tmp_path / "store", "local", workers=2, progress=lines.append)
    assert (report.articles, report.events, report.places) == (3, len(events), len(places))
    assert len(report.failures) == 2  # the broken JSONL line and the binary file, by name
    assert any("batch.jsonl:3" in failure for failure in report.failures)
    assert any("photo.txt" in failure and "binary" in failure for failure in report.failures)
    store = EventStore(tmp_path / "store")
    stored = store.page(limit=1000)
    for article in ARTICLES:
        assert _rows(stored[stored["article_id"] == article.id]) == _rows(events[events["article_id"] == article.id])
    assert sorted(store.places()["id"]) == sorted(places["id"])
    assert sorted(store.articles()["id"]) == sorted(a.id for a in ARTICLES)
    again = ingest(paths, tmp_path / "store", "local", workers=2)
    assert (again.articles, again.already) == (0, 3)
    assert store.count() == len(events)


def test_dask_local_cluster_gives_what_the_local_workers_give(
    tmp_path: Path, expected: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    paths = _write_inputs(tmp_path / "in")
    report = ingest(paths, tmp_path / "dask-store", "dask", workers=2)
    assert report.articles == 3 and len(report.failures) == 2
    stored = EventStore(tmp_path / "dask-store").page(limit=1000)
    assert _rows(stored) == _rows(expected[0])


@pytest.mark.parametrize("exit_code", [9, 0])
def test_a_worker_that_dies_stops_the_run_with_a_message_and_a_rerun_completes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exit_code: int
) -> None:
    """A worker killed mid-run (out of memory, say), or one that exits without finishing: the run stops
    with a clear message, what was committed stays, what the worker had staged is swept, and running
    again ingests the rest, nothing twice."""
    real = pipeline.extract

    def dying_on(article: Article, online: bool = False) -> Any:
        if article.id == "kharkiv-strike":
            os._exit(exit_code)  # inherited by the forked worker: it dies there, not here
        return real(article, online=online)

    source = tmp_path / "articles.jsonl"
    lines = [json.dumps({"id": a.id, "published": a.published.isoformat(), "text": a.text}) for a in ARTICLES]
    source.write_text(json.dumps({"id": "textless"}) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(bulk, "TASK_ARTICLES", 1)
    monkeypatch.setattr(bulk, "BATCH_ARTICLES", 1)
    monkeypatch.setattr(pipeline, "extract", dying_on)
    with pytest.raises(
        IngestError, match=rf"a worker process stopped \(exit code {exit_code}\).*committed so far"
    ) as stop:
        ingest([source], tmp_path / "store", "local", workers=1)
    kept = EventStore(tmp_path / "store").articles()["id"].tolist() if (tmp_path / "store").exists() else []
    # What the run did before it stopped goes with the error: the article that failed, those committed.
    assert stop.value.report is not None and stop.value.report.articles == len(kept)
    (failure,) = stop.value.report.failures
    assert failure.endswith("articles.jsonl:1: not an article (no text)")
    monkeypatch.setattr(pipeline, "extract", real)
    again = ingest([source], tmp_path / "store", "local", workers=2)
    assert (again.articles, again.already, len(again.failures)) == (3 - len(kept), len(kept), 1)
    store = EventStore(tmp_path / "store")
    assert sorted(store.articles()["id"]) == sorted(a.id for a in ARTICLES)
    assert not list((tmp_path / "store").glob("**/*.tmp"))


def test_a_worker_that_cannot_write_stops_the_run_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(root: Path, outcomes: Any) -> Any:
        raise OSError("No space left on device")

    monkeypatch.setattr(bulk, "stage", disk_full)
    with pytest.raises(IngestError, match=r"a worker could not go on \(OSError: No space left on device\)"):
        ingest(_write_inputs(tmp_path / "in"), tmp_path / "store", "local", workers=1)


def test_what_workers_said_is_handled_as_tasks_are_queued(tmp_path: Path) -> None:
    """A staged batch is committed (and progress shown) while the input is still being read, not only
    when the queue is full: a run stopped early keeps what was staged before."""
    ticks: list[int] = []
    workers = bulk._LocalWorkers(tmp_path, 2, bulk.IngestReport(), ticks.append)
    workers.done.put((0, "extracted", (64, ())))
    deadline = time.monotonic() + 10
    while workers.done.empty() and time.monotonic() < deadline:  # the message reaches the pipe on a thread
        time.sleep(0.01)
    workers._put([article_record(ARTICLES[0])])  # the queue has room: nothing waits on it
    assert ticks == [64]
    workers.todo.cancel_join_thread()


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    """An import or an ingest already writing to the store: a second one says so and writes nothing
    (its start would sweep the first one's staged files as a crash's leftovers)."""
    acled = tmp_path / "acled.csv"
    write_synthetic(50, acled, acled=True)
    with writing(tmp_path / "store"):
        with pytest.raises(IngestError, match="another import or ingest is writing to") as refused:
            ingest(_write_inputs(tmp_path / "in"), tmp_path / "store", "local", workers=1)
        assert refused.value.report is None  # it never started: no "before it stopped" to print
        with pytest.raises(EventStoreError, match="another import or ingest is writing to"):
            import_events(acled, tmp_path / "store")
    assert not store_exists(tmp_path / "store")
    assert import_events(acled, tmp_path / "store").added == 50  # the lock is let go


def test_bad_arguments_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        ingest([tmp_path / "nowhere"], tmp_path / "store")
    with pytest.raises(IngestError, match="--scheduler is for --engine dask"):
        ingest([tmp_path], tmp_path / "store", "local", scheduler="tcp://127.0.0.1:8786")
    assert not (tmp_path / "store").exists()


def test_one_failing_article_in_a_task_is_reported_and_the_others_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.extract

    def failing_on_bad(article: Article, online: bool = False) -> Any:
        if article.id == "bad":
            raise RuntimeError("boom")
        return real(article, online=online)

    monkeypatch.setattr(pipeline, "extract", failing_on_bad)
    bad = ("bad", "Bad", "2024-05-01", "Shelling hit Kharkiv on Monday.", "")
    outcome = extract_records([article_record(ARTICLES[0]), bad, article_record(ARTICLES[1])])
    assert [record[0] for record in outcome.records] == [ARTICLES[0].id, ARTICLES[1].id]
    assert outcome.errors == ("bad: extraction failed (RuntimeError: boom)",)
    assert set(outcome.events["article_id"].to_pylist()) == {ARTICLES[0].id, ARTICLES[1].id}
    assert [len(task) for task in tasks(range(40), 16)] == [16, 16, 8]


def test_a_run_that_cannot_start_reports_nothing_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask missing: the run stops before any article is read, with no report of a run "stopped midway"."""
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    with pytest.raises(IngestError, match="--engine dask needs Dask") as refused:
        ingest(_write_inputs(tmp_path / "in"), tmp_path / "store", "dask", workers=1)
    assert refused.value.report is None


def test_an_article_dated_before_what_the_store_holds_is_kept_undated(tmp_path: Path) -> None:
    """Dated against a publication date of 1500, an article's events fall before what the store holds
    (1677 to 2262): they are kept undated, with the words that dated them; nothing stops the run."""
    first = ARTICLES[0]
    lines = [
        json.dumps(
            {"id": "old", "published": "1500-03-02", "text": "Yesterday soldiers shot dead 12 villagers in Mumias."}
        ),
        json.dumps({"id": first.id, "published": first.published.isoformat(), "text": first.text}),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest([tmp_path / "in.jsonl"], tmp_path / "store", "local", workers=1)
    assert (report.articles, report.failures) == (2, [])
    old = EventStore(tmp_path / "store").page(ViewState(article="old"))
    assert len(old) == 1 and old["date_start"].isna().all() and old["time_text"].tolist() == ["Yesterday"]
