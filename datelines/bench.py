"""`make bench`: extraction speed (warm, one core), cold start and peak memory of the command.

Speed is measured here, never in tests: machines are noisy, so each figure is a median over
several runs, next to a baseline measured in the same run (bare interpreter start; a plain
regular-expression pass over the same text).
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from datelines.article import read_article
from datelines.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent
RESULTS_PATH = ROOT / "bench" / "results.json"


def _articles() -> list:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
    return [read_article(path) for path in paths]


def _machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = match.group(1).strip() if match else ""
    return f"{os.cpu_count()} cores, {model or platform.processor()}, Python {platform.python_version()}"


def warm_throughput(runs: int, repeat: int = 200) -> tuple[float, float, int]:
    """Median articles per second of the whole extraction, and of a bare regex pass (baseline)."""
    articles = _articles()
    for article in articles:
        extract(article, online=False)  # warm the gazetteer and caches
    word = re.compile(r"\w+")
    ours, baseline = [], []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(repeat // len(articles) + 1):
            for article in articles:
                extract(article, online=False)
        ours.append((repeat // len(articles) + 1) * len(articles) / (time.perf_counter() - start))
        start = time.perf_counter()
        for _ in range(repeat // len(articles) + 1):
            for article in articles:
                word.findall(article.text)
        baseline.append((repeat // len(articles) + 1) * len(articles) / (time.perf_counter() - start))
    size = int(statistics.mean(len(article.text.encode()) for article in articles))
    return statistics.median(ours), statistics.median(baseline), size


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold_start(runs: int) -> tuple[float, float, float]:
    """Median seconds for `extract` on the seed in a new process, the bare interpreter's, and peak MB."""
    seed = str(ROOT / "seeds" / "karabakh-2023-09-23.txt")
    ours = [_timed([sys.executable, "-m", "datelines", "extract", seed]) for _ in range(runs)]
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    bare = [_timed([sys.executable, "-c", "pass"]) for _ in range(runs)]
    return statistics.median(ours), statistics.median(bare), peak_mb


def main(runs: int = 5) -> int:
    print(f"machine: {_machine()}; runs per figure: {runs} (medians)")
    rate, baseline_rate, size = warm_throughput(runs)
    print(f"warm extraction: {rate:,.0f} articles/s on one core (mean article {size:,} bytes; goal >= 1,000)")
    print(
        f"  baseline, a bare \\w+ regex pass over the same text: {baseline_rate:,.0f} articles/s ({baseline_rate / rate:.0f}x ours)"
    )
    cold, bare, peak = cold_start(runs)
    print(f"cold start of `python -m datelines extract` on the seed: {cold:.2f} s (goal <= 1.5 s)")
    print(f"  baseline, bare `python -c pass`: {bare:.2f} s ({cold / bare:.1f}x)")
    print(f"peak memory of that command: {peak:.0f} MB (goal <= 250 MB)")
    RESULTS_PATH.parent.mkdir(exist_ok=True)
    existing = json.loads(RESULTS_PATH.read_text()) if RESULTS_PATH.exists() else {}
    existing["extraction"] = {
        "machine": _machine(),
        "runs": runs,
        "warm_articles_per_s": round(rate, 1),
        "baseline_regex_articles_per_s": round(baseline_rate, 1),
        "mean_article_bytes": size,
        "cold_start_s": round(cold, 3),
        "bare_python_start_s": round(bare, 3),
        "peak_mb": round(peak, 1),
    }
    RESULTS_PATH.write_text(json.dumps(existing, indent=2) + "\n")
    return 0
