"""`ingest`: many articles through the extraction pipeline into an event store, on this machine's
cores (worker processes) or on a Dask cluster.

Resumable: an article whose content hash the store already holds is skipped, and articles are
committed in batches, so a stopped run loses at most the batches in flight. One article that fails
(unreadable, or the pipeline raises) is reported and the rest are kept. Workers get plain records, not
pipeline objects. On this machine each worker writes its own batches and this process only reads the
input and commits what they staged: on two cores, writing here took a tenth of the CPU from the workers.
Dask workers (perhaps on other machines, without the store's disk) send back Arrow tables in the store's
schema, and this process writes them.
Dask is imported only for `engine="dask"` (requirements-ingest.txt); the dashboard never needs it.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import multiprocessing
import os
import queue
import signal
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from datelines.data.eventstore import (
    STORED_EVENT_COLUMNS,
    EventStore,
    EventStoreError,
    Manifest,
    StagedBatch,
    StoreWriter,
    commit_staged,
    records_table,
    store_exists,
    sweep_leftovers,
    writing,
)
from datelines.data.tables import PLACE_COLUMNS, event_records, place_records
from datelines.extract.article import Article, ArticleError, parse_published, read_article, slugify

ARTICLE_SUFFIXES = (".txt", ".md")
BATCH_ARTICLES = 1000  # articles per committed batch: what a stopped run may lose, and one file per month
# Articles per task sent to a worker. Its tables are built without pandas (tasks of 8 extract as fast as
# 64 in one process; pandas' ~16 ms a table made 64 1.45x faster than 16), but each task is a message
# each way: 2,000 articles on two workers ran 1.18-1.30 s in tasks of 64, 1.30-1.33 s in tasks of 16.
TASK_ARTICLES = 64
# A record as it crosses to a worker: id, title, published (ISO or ""), text, source.
Record = tuple[str, str, str, str, str]


class IngestError(ValueError):
    """An ingest that cannot start (no such path, a store that cannot be written: nothing was written) or
    cannot go on (a worker died: the batches committed so far are kept, and a new run resumes); `report`
    is what the run did before it stopped (its articles committed, and those that failed)."""

    report: IngestReport | None = None


@dataclass(frozen=True)
class Outcome:
    """A task's result: the tables of the articles that went through, and why the others failed."""

    records: tuple[Record, ...]
    hashes: tuple[str, ...]
    events: pa.Table  # in the store's schema: made in the worker, so the writing process only writes
    places: pa.Table
    errors: tuple[str, ...] = ()


@dataclass
class IngestReport:
    articles: int = 0
    events: int = 0
    places: int = 0
    already: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        return (
            f"ingested {self.articles:,} article(s): {self.events:,} events, {self.places:,} places "
            f"({rate:.1f} articles/s); {self.already:,} already in the store; {len(self.failures):,} failed"
        )


def content_hash(record: Record) -> str:
    """What makes an article the same article for the store: its text and publication date (the two
    inputs of extraction), not its file name or id."""
    _id, _title, published, text, _source = record
    return hashlib.sha256(f"{published}\n{text}".encode()).hexdigest()


def article_record(article: Article) -> Record:
    """What crosses to a worker for an article: plain values only."""
    published = article.published.isoformat() if article.published else ""
    return (article.id, article.title, published, article.text, article.source)


def record_article(record: Record) -> Article:
    """The article a record carries (as a worker rebuilds it)."""
    identifier, title, published, text, source = record
    return Article(identifier, title, date.fromisoformat(published) if published else None, text, source)


def _jsonl(path: Path) -> Iterator[Record | str]:
    """Articles of a JSONL file ({id, text, published, title} per line); a bad line becomes a failure."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                item = json.loads(line)
                text = item.get("text") if isinstance(item, dict) else None
                if not isinstance(text, str) or not text.strip():
                    raise ValueError("no text")
                published = parse_published(item.get("published"))
            except (ValueError, ArticleError) as error:
                yield f"{where}: not an article ({error})"
                continue
            title = str(item.get("title") or text.strip().splitlines()[0][:120])
            identifier = slugify(str(item.get("id") or title))
            yield (identifier, title, published.isoformat() if published else "", text, str(item.get("source", "")))


def article_records(paths: Iterable[Path]) -> Iterator[Record | str]:
    """Every article under the paths (text files, JSONL files, folders searched for both), in a stable
    order; an article that cannot be read is its error message instead."""
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in (*ARTICLE_SUFFIXES, ".jsonl"))
            yield from article_records(found)
        elif path.suffix.lower() == ".jsonl":
            yield from _jsonl(path)
        else:
            try:
                yield article_record(read_article(path))
            except ArticleError as error:
                yield str(error)


def warm() -> None:
    """Load the gazetteer in this process (a worker's start), once, and keep the garbage collector off
    what exists then: those objects live as long as the process, and each full collection walked them
    all (in a forked worker, copying every page it touched): about a tenth of a worker's time."""
    from datelines.geo.gazetteer import load

    load()
    gc.freeze()


def extract_records(records: Sequence[Record]) -> Outcome:
    """Run the pipeline on a task's articles (in a worker); a failure is reported, never raised."""
    from datelines.extract.pipeline import extract

    events: list[dict[str, Any]] = []
    places: list[dict[str, Any]] = []
    done: list[Record] = []
    errors: list[str] = []
    for record in records:
        try:
            extraction = extract(record_article(record), online=False)
            article_events = [row | {"checked": False} for row in event_records([extraction])]
            article_places = place_records([extraction])
        except Exception as error:  # one bad article must not stop the run: it is reported by name
            errors.append(f"{record[0]}: extraction failed ({type(error).__name__}: {error})")
            continue
        events += article_events
        places += article_places
        done.append(record)
    return Outcome(
        tuple(done),
        tuple(content_hash(record) for record in done),
        records_table(events, STORED_EVENT_COLUMNS),
        records_table(places, PLACE_COLUMNS),
        tuple(errors),
    )


def tasks(records: Iterable[Record], size: int = TASK_ARTICLES) -> Iterator[list[Record]]:
    """The records in lists of `size` (the last may be shorter)."""
    iterator = iter(records)
    while task := list(islice(iterator, size)):
        yield task


@dataclass(frozen=True)
class Staged:
    """A batch of ingested articles written and closed, waiting for its commit."""

    batch: StagedBatch
    articles: int
    events: int
    places: int


def stage(root: Path, outcomes: Sequence[Outcome]) -> Staged:
    """Write tasks' outcomes as one new batch of the store, staged (not yet listed in the manifest)."""
    writer = StoreWriter(root, "a" + uuid.uuid4().hex[:16], sweep=False)
    events = pa.concat_tables([outcome.events for outcome in outcomes])
    places = pa.concat_tables([outcome.places for outcome in outcomes])
    articles = pd.DataFrame(
        [
            (*record[:3], record[4], digest)
            for outcome in outcomes
            for record, digest in zip(outcome.records, outcome.hashes, strict=True)
        ],
        columns=["id", "title", "published", "source", "content_hash"],
    )
    try:
        writer.add_events(events)
        writer.add_places(places)
        writer.add_articles(articles)
        return Staged(writer.close(), len(articles), events.num_rows, places.num_rows)
    except BaseException:
        writer.abort()
        raise


def commit(root: Path, staged: Staged, report: IngestReport) -> None:
    """List a staged batch in the store, and count it as ingested."""
    commit_staged(root, staged.batch, kind="ingest", articles=staged.articles)
    report.articles += staged.articles
    report.events += staged.events
    report.places += staged.places


def _articles(outcomes: Sequence[Outcome]) -> int:
    return sum(len(outcome.records) for outcome in outcomes)


def staged_batches(root: Path, outcomes: Iterable[Outcome]) -> Iterator[Staged]:
    """Tasks' outcomes staged as batches of the store every BATCH_ARTICLES articles (the last may be
    smaller): what a local worker writes, or one process doing a worker's work."""
    pending: list[Outcome] = []
    for outcome in outcomes:
        if outcome.records:
            pending.append(outcome)
        if _articles(pending) >= BATCH_ARTICLES:
            yield stage(root, pending)
            pending = []
    if pending:
        yield stage(root, pending)


class _Sink:
    """Collects the outcomes Dask workers send back and commits them to the store every BATCH_ARTICLES
    articles, on a thread of its own: Parquet writing releases the GIL, so the workers are fed while a
    batch is written."""

    def __init__(self, root: Path, report: IngestReport) -> None:
        self.root, self.report = root, report
        self.pending: list[Outcome] = []
        self._writing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="datelines-store")
        self._written: Future[None] | None = None

    def add(self, outcome: Outcome) -> None:
        self.report.failures.extend(outcome.errors)
        if outcome.records:
            self.pending.append(outcome)
        if _articles(self.pending) >= BATCH_ARTICLES:
            self.flush()

    def flush(self) -> None:
        """Hand the pending outcomes to the writing thread (after the batch before it is written)."""
        self.wait()
        if self.pending:
            self._written = self._writing.submit(self._commit, self.pending)
            self.pending = []

    def wait(self) -> None:
        """Until the batch being written is committed; its error, if any, is raised here."""
        if self._written is not None:
            written, self._written = self._written, None
            written.result()

    def close(self) -> None:
        self.flush()
        self.wait()
        self._writing.shutdown()

    def _commit(self, outcomes: list[Outcome]) -> None:
        commit(self.root, stage(self.root, outcomes), self.report)


def _new_records(paths: list[Path], root: Path, report: IngestReport) -> Iterator[Record]:
    known = EventStore(root).article_hashes() if store_exists(root) else set()
    for item in article_records(paths):
        if isinstance(item, str):
            report.failures.append(item)
            continue
        digest = content_hash(item)
        if digest in known:
            report.already += 1
            continue
        known.add(digest)
        yield item


# What a local worker tells the process that feeds it: its number, then a task's articles done (and
# their failures), a batch staged, that it has finished, or why it could not go on.
Message = tuple[int, str, Any]


def _extract_and_write(number: int, root: Path, todo: Any, done: Any) -> None:
    """Local worker `number`: extracts the tasks it takes from `todo` and writes them as batches of its
    own, staged for the feeding process to commit; stops at None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the feeding process, which stops us

    def extracted() -> Iterator[Outcome]:
        while (task := todo.get()) is not None:
            outcome = extract_records(task)
            done.put((number, "extracted", (len(task), outcome.errors)))
            yield outcome

    try:
        warm()
        for staged in staged_batches(root, extracted()):
            done.put((number, "staged", staged))
        done.put((number, "finished", None))
    except Exception as error:  # the feeding process stops the run and says why; committed batches stay
        done.put((number, "failed", f"{type(error).__name__}: {error}"))


# Forked workers start at once with the modules (and, in a process that has loaded it, the gazetteer) of
# this one; spawned ones would import everything again. Where fork is missing, the platform's default.
_START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else None


class _LocalWorkers:
    """Worker processes fed tasks through a bounded queue (memory does not grow with the input), whose
    messages this process handles as they come: progress, failures, and each staged batch committed."""

    def __init__(self, root: Path, workers: int, report: IngestReport, tick: Callable[[int], None]) -> None:
        self.root, self.report, self.tick = root, report, tick
        context = multiprocessing.get_context(_START_METHOD)
        self.todo = context.Queue(maxsize=2 * workers)
        self.done = context.Queue()
        self.processes = [
            context.Process(target=_extract_and_write, args=(number, root, self.todo, self.done), daemon=True)
            for number in range(workers)
        ]
        self.finished: set[int] = set()

    def run(self, records: Iterator[Record]) -> None:
        for process in self.processes:
            process.start()
        try:
            for task in tasks(records, TASK_ARTICLES):
                self._put(task)
            for _ in self.processes:
                self._put(None)
            while len(self.finished) < len(self.processes):
                self._handle_waiting(block=True)
        finally:
            # Stopped early, tasks may still wait in the queue's pipe for workers that are gone: without
            # this, this process would wait for them to be read before it could exit.
            self.todo.cancel_join_thread()
            for process in self.processes:
                if process.is_alive():
                    process.terminate()
                process.join()

    def _put(self, task: list[Record] | None) -> None:
        """Queue a task, handling what the workers have said meanwhile (batches are committed as they
        are staged, however fast the input comes)."""
        while True:
            try:
                self.todo.put(task, timeout=0.05)
                break
            except queue.Full:
                self._handle_waiting(block=False)
        self._handle_waiting(block=False)

    def _drain(self, block: bool) -> None:
        try:
            message = self.done.get(timeout=0.2) if block else self.done.get_nowait()
            while True:
                self._handle(message)
                message = self.done.get_nowait()
        except queue.Empty:
            pass

    def _handle_waiting(self, block: bool) -> None:
        """Handle the messages that have come (waiting a moment for one if `block`); a worker that ended
        without saying it finished (killed, out of memory, or exited) stops the run."""
        self._drain(block)
        if self._gone():
            self._drain(block=False)  # what a worker said just before it ended is in the pipe by now
            if gone := self._gone():
                raise IngestError(
                    f"a worker process stopped (exit code {gone[0]}); the batches committed so far are kept"
                )

    def _gone(self) -> list[int]:
        return [
            process.exitcode
            for number, process in enumerate(self.processes)
            if process.exitcode is not None and number not in self.finished
        ]

    def _handle(self, message: Message) -> None:
        number, kind, value = message
        if kind == "extracted":
            articles, errors = value
            self.report.failures.extend(errors)
            self.tick(articles)
        elif kind == "staged":
            commit(self.root, value, self.report)
        elif kind == "finished":
            self.finished.add(number)
        else:
            raise IngestError(f"a worker could not go on ({value}); the batches committed so far are kept")


def _collect(outcome: Outcome, sink: _Sink, tick: Callable[[int], None]) -> None:
    sink.add(outcome)
    tick(len(outcome.records) + len(outcome.errors))


def _run_dask(
    records: Iterator[Record], workers: int, scheduler: str | None, sink: _Sink, tick: Callable[[int], None]
) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
        from distributed.diagnostics.plugin import WorkerPlugin
    except ImportError as error:
        raise IngestError("--engine dask needs Dask: pip install -r requirements-ingest.txt") from error

    class Gazetteer(WorkerPlugin):
        """Loads the gazetteer once when each worker starts (and on workers that join later)."""

        def setup(self, worker: Any) -> None:
            warm()

    logging.getLogger("distributed").setLevel(logging.WARNING)  # its start-up chatter is not our progress
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
            )
            client = Client(cluster)
    except OSError as error:
        raise IngestError(f"cannot reach the Dask scheduler {scheduler}: {error}") from error
    try:
        client.register_plugin(Gazetteer(), name="datelines-gazetteer")
        window = max(4, 2 * len(client.scheduler_info().get("workers", {})) or 4)
        queue = as_completed()
        for task in tasks(records):
            queue.add(client.submit(extract_records, task, pure=False))
            if queue.count() >= window:
                _collect(next(queue).result(), sink, tick)
        for future in queue:
            _collect(future.result(), sink, tick)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def ingest(
    paths: list[Path],
    root: Path,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Extract the articles under `paths` into the store at `root`; see the module's docstring."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise IngestError(f"no such file or folder: {', '.join(missing)}; nothing ingested")
    if engine not in ("local", "dask"):
        raise IngestError(f"engine {engine!r} must be local or dask")
    if scheduler and engine != "dask":
        raise IngestError("--scheduler is for --engine dask")
    workers = max(1, workers or os.cpu_count() or 1)
    report = IngestReport()
    started = time.perf_counter()
    done = [0, 0]  # articles extracted, and the hundred last reported

    def tick(articles: int) -> None:
        done[0] += articles
        if progress and done[0] // 100 != done[1]:  # a line per hundred articles
            done[1] = done[0] // 100
            rate = done[0] / (time.perf_counter() - started)
            progress(f"{done[0]:,} articles extracted ({rate:.1f}/s), {len(report.failures):,} failed")

    try:
        with writing(root):
            sweep_leftovers(root, Manifest.read(root))  # what a stopped run left; the writers below never sweep
            records = _new_records(paths, root, report)
            if engine == "dask":
                sink = _Sink(root, report)
                _run_dask(records, workers, scheduler, sink, tick)
                sink.close()
            else:
                _LocalWorkers(root, workers, report, tick).run(records)
    except (EventStoreError, IngestError) as error:
        stopped = error if isinstance(error, IngestError) else IngestError(str(error))
        if report.articles or report.failures:  # stopped midway: what it did is kept, and said
            report.seconds = time.perf_counter() - started
            stopped.report = report
        if stopped is error:
            raise
        raise stopped from error
    report.seconds = time.perf_counter() - started
    return report
