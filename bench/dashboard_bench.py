"""`make bench`, dashboard part: filter-change reruns, map bytes, first paint and server memory.

Each figure is a median over repeated runs, beside a baseline measured in the same run: a naive
page that adds one folium.Marker per event, and a bare page with one marker for first paint.
Writes bench/results.json.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results.json"
SIZES = tuple(int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(","))
NAIVE_LIMIT = 10_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
TIMELINE_PAINTED = "[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg"
FILTERS = (["Battle"], ["Protest", "Riot"], [], ["Strike or shelling"])


def measure_reruns(script: str, data: Path, reruns: int) -> dict:
    """Runs in a child process (its own peak memory): first run, then `reruns` filter changes."""
    code = f"""
import json, os, resource, statistics, sys, time
sys.path.insert(0, {str(ROOT)!r})
os.environ["DATELINES_DATA"] = {str(data)!r}
from streamlit.testing.v1 import AppTest
from ui.context import TIMELINE_READY
at = AppTest.from_file({script!r}, default_timeout=600)
at.session_state[TIMELINE_READY] = True  # as after the first view's timer tick: reruns draw the timeline
at.run()
assert not at.exception, [e.value for e in at.exception]
times = []
filters = {FILTERS!r}
for index in range({reruns}):
    at.multiselect[0].set_value(list(filters[index % len(filters)]))
    start = time.perf_counter()
    at.run()
    times.append((time.perf_counter() - start) * 1000)
    assert not at.exception, [e.value for e in at.exception]
at.multiselect[0].set_value([])
at.run()
(component,) = at.get("component_instance")
print(json.dumps({{"rerun_ms": times, "map_bytes": len(component.proto.json_args),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    if output.returncode != 0:
        raise RuntimeError(output.stderr[-2000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(script: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "_stcore/health", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{script.name} did not start")


def first_paint(script: Path, selector: str, runs: int, then: str | None = None) -> tuple[list[float], list[float]]:
    """Seconds from navigation to the first painted marker inside the map iframe, fresh context each run;
    and, when `then` is given, to that element of the page (the timeline, drawn after the map)."""
    from playwright.sync_api import sync_playwright

    process, url = _serve(script)
    times, then_times = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for index in range(runs + 1):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
                    ),
                )
                page = context.new_page()
                start = time.perf_counter()
                page.goto(url)
                page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(selector).first.wait_for(
                    timeout=60_000
                )
                painted = time.perf_counter() - start
                if then:
                    page.locator(then).first.wait_for(timeout=60_000)
                if index:  # the first visit warms the server's caches
                    times.append(painted)
                    if then:
                        then_times.append(time.perf_counter() - start)
                context.close()
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
    return times, then_times


def main(runs: int = 5) -> int:
    from datelines.data.synth import write_synthetic

    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    dashboard = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            data = Path(folder) / f"events-{size}.parquet"
            write_synthetic(size, data)
            ours = measure_reruns(str(ROOT / "dashboard.py"), data, runs)
            row = {
                "rerun_ms_median": round(statistics.median(ours["rerun_ms"]), 1),
                "map_bytes_per_event": round(ours["map_bytes"] / size, 1),
                "server_peak_mb": round(ours["peak_mb"], 1),
            }
            if size <= NAIVE_LIMIT:
                naive = measure_reruns(str(ROOT / "bench" / "naive_page.py"), data, max(2, runs // 2))
                row["naive_rerun_ms_median"] = round(statistics.median(naive["rerun_ms"]), 1)
                row["naive_map_bytes_per_event"] = round(naive["map_bytes"] / size, 1)
                row["naive_server_peak_mb"] = round(naive["peak_mb"], 1)
            else:
                row["naive_rerun_ms_median"] = None
                row["naive_map_bytes_per_event"] = None
            dashboard[str(size)] = row
            speedup = (
                f"{row['naive_rerun_ms_median'] / row['rerun_ms_median']:.0f}x"
                if row["naive_rerun_ms_median"]
                else "n/a"
            )
            print(
                f"N={size:>7,}: rerun {row['rerun_ms_median']:8.1f} ms (naive {row['naive_rerun_ms_median'] or '-':>8} ms, {speedup} faster)"
                f"  map {row['map_bytes_per_event']:6.1f} B/event (naive {row['naive_map_bytes_per_event'] or '-'})"
                f"  server peak {row['server_peak_mb']:.0f} MB"
            )
    ours_paint, timeline_paint = first_paint(
        ROOT / "dashboard.py", ".datelines-event, .marker-cluster", runs, then=TIMELINE_PAINTED
    )
    bare_paint, _ = first_paint(ROOT / "bench" / "bare_page.py", "path.leaflet-interactive", runs)
    dashboard["first_paint_s"] = round(statistics.median(ours_paint), 3)
    dashboard["timeline_paint_s"] = round(statistics.median(timeline_paint), 3)
    dashboard["bare_first_paint_s"] = round(statistics.median(bare_paint), 3)
    dashboard["runs"] = runs
    print(
        f"first paint (seed data, headless chromium): {dashboard['first_paint_s']:.2f} s; bare page with one marker "
        f"{dashboard['bare_first_paint_s']:.2f} s ({dashboard['first_paint_s'] / dashboard['bare_first_paint_s']:.2f}x); "
        f"the timeline, drawn after the map, at {dashboard['timeline_paint_s']:.2f} s"
    )
    from load import run as load_run

    load = load_run(sessions=20, seconds=float(os.environ.get("LOAD_SECONDS", "20")))
    print(
        f"load: {load['sessions']} concurrent sessions, {load['filter_changes']} filter changes, {load['errors']} errors; "
        f"filter change p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms"
    )
    dashboard["load"] = load
    results["dashboard"] = dashboard
    results.update({str(size): dashboard[str(size)] for size in SIZES})
    results["first_paint_s"] = dashboard["first_paint_s"]
    results["bare_first_paint_s"] = dashboard["bare_first_paint_s"]
    results["timeline_paint_s"] = dashboard["timeline_paint_s"]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"wrote {RESULTS.relative_to(ROOT)} (peak memory of this harness: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(os.environ.get("BENCH_RUNS", "5"))))
