"""`make bench-scale`: the event store against the in-memory DataFrame at 1M events, and ingest speed.

Measured in one run on the same data, so the ratios hold on any machine: import time and peak memory
(the import runs as its own process), the median filter change server-side (count + timeline + one
page + grid) against `filter_events` on the whole frame, and articles per second through the
local worker processes and Dask against the same work in one process. Writes bench/scale-results.json.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from datelines.paths import ROOT

RESULTS_PATH = ROOT / "bench" / "scale-results.json"
# Filter changes a reader makes: a date window, a type, a search, and their combinations.
STATES: list[dict[str, Any]] = [
    {"start": date(2021, 1, 1), "end": date(2021, 3, 31)},
    {"types": ("battles",)},
    {"start": date(2019, 6, 1), "end": date(2019, 6, 30), "types": ("protests", "riots")},
    {"query": "khartoum"},
    {"start": date(2023, 1, 1), "end": date(2024, 12, 31), "subtypes": ("peaceful-protest",)},
    {"start": date(2018, 1, 1), "end": date(2024, 12, 31)},
    {"types": ("explosions-remote-violence",), "query": "gaza"},
]


def _median_ms(action: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# A child's own peak memory: VmHWM of its address space. (Its ru_maxrss would also carry the peak of the
# process it was forked from, here a benchmark holding a million synthetic rows.)
_PEAK_MB = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) // 1024"
_IMPORT = f"""
import sys
from datelines.cli import main
code = main(sys.argv[1:])
print({_PEAK_MB})
sys.exit(code)
"""


def _import(csv: Path, store: Path) -> dict[str, float]:
    """import-events as its own process: wall time and that process's peak resident memory."""
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", _IMPORT, "import-events", str(csv), "--store", str(store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        raise RuntimeError(f"import-events failed: {child.stderr[-2000:]}")
    peak = int(child.stdout.strip().splitlines()[-1])
    return {"import_s": round(time.perf_counter() - started, 1), "import_peak_mb": peak}


def _queries(store: Any, state: Any) -> None:
    store.count(state)
    store.timeline(state, "month")
    store.page(state, "-date_start", 100, 0)
    store.grid(state, (-60.0, -180.0, 75.0, 180.0), 3)


# The dashboard itself on a store, run by Streamlit's AppTest in a child process (its peak memory is the
# server's, less Streamlit's web server): the first view of a session, then filter changes in the sidebar.
_DASHBOARD_VIEWS = """
import json, statistics, sys, time
from datetime import date
import folium, streamlit, pandas  # what a running server has imported before its first view
from streamlit.testing.v1 import AppTest
import ui.context, ui.widgets

def sent(at):
    (component,) = at.get("component_instance")
    charts = sum(len(d.data.data) for chart in at.get("vega_lite_chart") for d in chart.proto.datasets)
    return len(component.proto.json_args) + charts

at = AppTest.from_file("dashboard.py", default_timeout=600)
started = time.perf_counter()
at.run()
first = time.perf_counter() - started
assert not at.exception, at.exception
result = {"first_view_s": round(first, 2), "first_view_bytes": sent(at)}
changes = [
    lambda: at.multiselect(key="filter_types").set_value(["Battles"]),
    lambda: at.date_input(key="filter_start").set_value(date(2021, 1, 1)),
    lambda: at.date_input(key="filter_end").set_value(date(2021, 6, 30)),
    lambda: at.text_input(key="filter_query").input("khartoum"),
    lambda: at.text_input(key="filter_query").input(""),
    lambda: at.multiselect(key="filter_types").set_value([]),
    lambda: at.date_input(key="filter_start").set_value(date(2018, 1, 1)),
]
times, sizes = [], []
for _ in range(int(sys.argv[1])):
    for change in changes:
        change()
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
        assert not at.exception, at.exception
        sizes.append(sent(at))
result |= {
    "filter_change_ms": round(statistics.median(times) * 1000, 1),
    "largest_view_bytes": max(sizes),
    "peak_mb": PEAK_MB,
}
print(json.dumps(result))
""".replace("PEAK_MB", _PEAK_MB)


def dashboard_views(store: Path, runs: int) -> dict[str, Any]:
    """The home page on `store`, server-side: first view, median filter change, bytes of the map layer and
    charts per view, and the process's peak memory (its own process)."""
    child = subprocess.run(
        [sys.executable, "-c", _DASHBOARD_VIEWS, str(max(1, runs // 3))],
        cwd=ROOT,
        env={**os.environ, "DATELINES_DATA": str(store), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        raise RuntimeError(f"the dashboard benchmark failed: {child.stderr[-2000:]}")
    return {f"dashboard_{key}": value for key, value in json.loads(child.stdout.strip().splitlines()[-1]).items()}


def scale(count: int, runs: int, frame_path: bool = True) -> dict[str, Any]:
    """The store against the DataFrame at `count` ACLED-format synthetic events."""
    from datelines.data.dataset import load_table
    from datelines.data.eventstore import EventStore
    from datelines.data.synth import write_synthetic
    from datelines.views.view import ViewState, filter_events

    states = [ViewState(**state) for state in STATES]
    with tempfile.TemporaryDirectory(prefix="datelines-scale-") as folder:
        csv = write_synthetic(count, Path(folder) / "acled.csv", acled=True)
        result: dict[str, Any] = {"events": count, "csv_mb": round(csv.stat().st_size / 2**20)}
        result |= _import(csv, Path(folder) / "store")
        store = EventStore(Path(folder) / "store")
        assert store.count() == count
        result["store_mb"] = round(sum(p.stat().st_size for p in Path(folder, "store").rglob("*")) / 2**20)
        result["store_filter_change_ms"] = round(
            statistics.median(_median_ms(lambda s=s: _queries(store, s), runs) for s in states), 1
        )
        result["store_count_only_ms"] = round(
            statistics.median(_median_ms(lambda s=s: store.count(s), runs) for s in states), 1
        )
        result |= dashboard_views(Path(folder) / "store", runs)
        if frame_path:
            started = time.perf_counter()
            frame = load_table(csv).events
            result["frame_load_s"] = round(time.perf_counter() - started, 1)
            for state in states:  # the same answers both ways, or the timing compares nothing
                assert store.count(state) == len(filter_events(frame, state)), state
            result["frame_filter_change_ms"] = round(
                statistics.median(_median_ms(lambda s=s: filter_events(frame, s), runs) for s in states), 1
            )
            result["frame_over_store"] = round(result["frame_filter_change_ms"] / result["store_filter_change_ms"], 2)
            del frame
    return result


def _article_records(count: int) -> list[tuple[str, str, str, str, str]]:
    """`count` distinct articles: the seeds and test articles, each copy made unique by a closing line."""
    from datelines.extract.article import read_article

    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt"))
    articles = [read_article(path) for path in paths]
    records = []
    for index in range(count):
        article = articles[index % len(articles)]
        published = (article.published or date(2024, 1, 1)).isoformat()
        text = f"{article.text}\n\nReference {index}."
        records.append((f"{article.id}-{index}", article.title, published, text, ""))
    return records


INGEST_ROUNDS = 5  # the host's speed drifts: each figure is the median of rounds that alternate the engines


def _single_process_ingest(records: list[tuple[str, str, str, str, str]], root: Path) -> None:
    """What an engine does with the articles (extract, tables, batches written and committed), all of it
    in this one process: the baseline the engines' speed is measured against."""
    from datelines.data.bulk import IngestReport, commit, extract_records, staged_batches, tasks

    report = IngestReport()
    for staged in staged_batches(root, map(extract_records, tasks(records))):
        commit(root, staged, report)
    assert report.articles == len(records)


def ingest_speed(count: int) -> dict[str, Any]:
    """Articles per second: the same work in one process (extract, tables, store writes), the local workers
    and Dask on a LocalCluster; also the pipeline alone, and the workers' part without writing; medians
    of rounds in turn."""
    from datelines.data.bulk import extract_records, ingest, record_article, tasks, warm
    from datelines.extract.pipeline import extract

    records = _article_records(count)
    warm()
    rates: dict[str, list[float]] = {
        name: [] for name in ("pipeline_only", "without_writes", "single", "local", "dask")
    }
    with tempfile.TemporaryDirectory(prefix="datelines-ingest-") as folder:
        source = Path(folder) / "articles.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for identifier, title, published, text, _source in records:
                handle.write(json.dumps({"id": identifier, "title": title, "published": published, "text": text}))
                handle.write("\n")
        for round_number in range(INGEST_ROUNDS):
            started = time.perf_counter()
            for record in records:  # the pipeline alone, as `extract` runs it
                extract(record_article(record), online=False)
            rates["pipeline_only"].append(count / (time.perf_counter() - started))
            started = time.perf_counter()  # the workers' part (pipeline and tables), without writing
            for task in tasks(records):
                extract_records(task)
            rates["without_writes"].append(count / (time.perf_counter() - started))
            started = time.perf_counter()
            _single_process_ingest(records, Path(folder) / f"single{round_number}")
            rates["single"].append(count / (time.perf_counter() - started))
            for engine in ("local", "dask"):
                report = ingest([source], Path(folder) / f"{engine}{round_number}", engine)
                assert report.articles == count and not report.failures, report.failures
                rates[engine].append(count / report.seconds)
    medians = {name: statistics.median(values) for name, values in rates.items()}
    result: dict[str, Any] = {"articles": count, "cores": os.cpu_count(), "rounds": INGEST_ROUNDS}
    result |= {f"{name}_per_s": round(rate, 1) for name, rate in medians.items()}
    # Ratios are medians of each round's ratio: a round's single-process run and its engines' runs follow
    # each other within seconds, while the host's speed drifts by 20% over minutes.
    for engine, baseline in (("local", "single"), ("dask", "single"), ("local", "without_writes")):
        ratios = [ran / base for ran, base in zip(rates[engine], rates[baseline], strict=True)]
        result[f"{engine}_over_{baseline}"] = round(statistics.median(ratios), 2)
        result[f"{engine}_over_{baseline}_rounds"] = [round(ratio, 2) for ratio in ratios]
    return result


def main(events: int, ten_million: bool, articles: int, runs: int) -> int:
    results: dict[str, Any] = {"python": sys.version.split()[0], "runs": runs, "scale": [scale(events, runs)]}
    print(json.dumps(results["scale"][-1]), flush=True)
    if ten_million:
        results["scale"].append(scale(10_000_000, runs, frame_path=False))
        print(json.dumps(results["scale"][-1]), flush=True)
    if articles:
        results["ingest"] = ingest_speed(articles)
        print(json.dumps(results["ingest"]), flush=True)
    RESULTS_PATH.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS_PATH.relative_to(ROOT)}")
    return 0
