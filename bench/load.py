"""20 concurrent dashboard sessions changing filters for a bounded time (parallel AppTest runs).

Each session is its own process running the real app script; reported: errors seen and the
p50/p95 of a filter change. Used by `make bench` and, briefly, by the test suite.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILTERS = (["Disarmament"], ["Agreement or ceasefire", "Blockade or closure"], [], ["Political status"])


def session(seconds: float, max_changes: int) -> dict:
    """One user: open the app, then change the type filter until time or changes run out."""
    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    from ui.context import TIMELINE_READY

    errors: list[str] = []
    latencies: list[float] = []
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.session_state[TIMELINE_READY] = True  # as after the first view's timer tick: the timeline is drawn
    app.run()
    errors += [str(error.value) for error in app.exception]
    deadline = time.monotonic() + seconds
    changes = 0
    while time.monotonic() < deadline and changes < max_changes and not errors:
        app.multiselect[0].set_value(list(FILTERS[changes % len(FILTERS)]))
        start = time.perf_counter()
        app.run()
        latencies.append((time.perf_counter() - start) * 1000)
        errors += [str(error.value) for error in app.exception]
        changes += 1
    return {"latencies": latencies, "errors": errors}


def run(sessions: int = 20, seconds: float = 20.0, max_changes: int = 1000) -> dict:
    with ProcessPoolExecutor(max_workers=sessions) as pool:
        results = list(pool.map(session, [seconds] * sessions, [max_changes] * sessions))
    latencies = sorted(latency for result in results for latency in result["latencies"])
    errors = [error for result in results for error in result["errors"]]
    return {
        "sessions": sessions,
        "filter_changes": len(latencies),
        "errors": len(errors),
        "error_examples": errors[:3],
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
    }


if __name__ == "__main__":
    result = run(int(os.environ.get("LOAD_SESSIONS", "20")), float(os.environ.get("LOAD_SECONDS", "20")))
    print(json.dumps(result))
