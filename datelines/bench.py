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
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from datelines import _native
from datelines.evaluate import DEFAULT_GEOBENCH
from datelines.extract.article import Article, read_article
from datelines.extract.pipeline import extract
from datelines.paths import ROOT

RESULTS_PATH = ROOT / "bench" / "results.json"
_GEOBENCH_PUBLISHED = date(2018, 6, 1)  # the corpus carries no dates; relative dates resolve from this


def _articles() -> list:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt"))
    return [read_article(path) for path in paths]


def _distinct_articles() -> list:
    """The GeoWebNews development texts (real news, median 2 KB), when ../shared is beside the repository:
    each is read once, so no result from an earlier pass over the same text can help."""
    if not DEFAULT_GEOBENCH.exists():
        return []
    articles = []
    with DEFAULT_GEOBENCH.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            record = json.loads(line)
            articles.append(Article(f"gwn-{number}", record.get("title", ""), _GEOBENCH_PUBLISHED, record["text"]))
    return articles


def distinct_throughput() -> tuple[float, int, int] | None:
    """Articles per second over many different articles, each extracted once (after the warm-up)."""
    articles = _distinct_articles()
    if not articles:
        return None
    for article in _articles():
        extract(article, online=False)
    start = time.perf_counter()
    for article in articles:
        extract(article, online=False)
    rate = len(articles) / (time.perf_counter() - start)
    return rate, len(articles), int(statistics.median(len(article.text.encode()) for article in articles))


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


def plain_python_throughput(runs: int) -> float | None:
    """`warm_throughput` of the plain Python modules, in a new process, when the compiled ones run here."""
    if not _native.status.startswith("compiled"):
        return None
    code = f"from datelines.bench import warm_throughput; print(warm_throughput({runs})[0])"
    environment = {**os.environ, _native.PURE_PYTHON_VARIABLE: "1"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    return float(result.stdout) if result.returncode == 0 else None


def long_article_seconds(megabytes: int = 5) -> tuple[float, float]:
    """Seconds to extract one article of `megabytes` written as a single line (the largest accepted), and the
    seconds for a tenth of it: a ratio near 10 says the work grows with the text, not with its square."""
    paragraph = "Shelling hit Kharkiv in Ukraine on Monday, officials said. "
    seconds = []
    for size in (megabytes * 1024 * 1024 // 10, megabytes * 1024 * 1024):
        article = Article("long", "long", date(2024, 5, 1), paragraph * (size // len(paragraph)))
        start = time.perf_counter()
        extract(article, online=False)
        seconds.append(time.perf_counter() - start)
    return seconds[1], seconds[0]


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _peak_mb(command: list[str]) -> float:
    """Peak resident memory of `command`, read by a small Python process that starts it: a child started from
    this one would count this process's pages, which the 5 MB article has grown, until it replaced them."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *command], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return int(result.stdout) / 1024


def cold_start(runs: int) -> tuple[float, float, float]:
    """Median seconds for `extract` on the seed in a new process, the bare interpreter's, and peak MB."""
    seed = str(ROOT / "seeds" / "karabakh-2023-09-23.txt")
    ours = [_timed([sys.executable, "-m", "datelines", "extract", seed]) for _ in range(runs)]
    peak_mb = _peak_mb([sys.executable, "-m", "datelines", "extract", seed])
    bare = [_timed([sys.executable, "-c", "pass"]) for _ in range(runs)]
    return statistics.median(ours), statistics.median(bare), peak_mb


def main(runs: int = 5) -> int:
    print(f"machine: {_machine()}; runs per figure: {runs} (medians); pipeline: {_native.status}")
    rate, baseline_rate, size = warm_throughput(runs)
    print(f"warm extraction: {rate:,.0f} articles/s on one core (mean article {size:,} bytes; goal >= 1,000)")
    plain_rate = plain_python_throughput(runs)
    if plain_rate is not None:
        print(f"  the same modules as plain Python: {plain_rate:,.0f} articles/s (compiled: {rate / plain_rate:.2f}x)")
    print(
        f"  baseline, a bare \\w+ regex pass over the same text: {baseline_rate:,.0f} articles/s ({baseline_rate / rate:.0f}x ours)"
    )
    distinct = distinct_throughput()
    if distinct is None:
        print(f"  distinct articles: {DEFAULT_GEOBENCH} not found; skipped")
    else:
        distinct_rate, count, median_size = distinct
        print(
            f"  {count} different real articles (GeoWebNews dev, median {median_size:,} bytes), each read once: "
            f"{distinct_rate:,.0f} articles/s"
        )
    long_seconds, tenth_seconds = long_article_seconds()
    print(
        f"one 5 MB article on a single line: {long_seconds:.1f} s; a tenth of it {tenth_seconds:.2f} s "
        f"({long_seconds / tenth_seconds:.1f}x for 10x the text)"
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
        "pipeline": _native.status,
        "warm_articles_per_s": round(rate, 1),
        "plain_python_articles_per_s": round(plain_rate, 1) if plain_rate else None,
        "baseline_regex_articles_per_s": round(baseline_rate, 1),
        "mean_article_bytes": size,
        "distinct_articles_per_s": round(distinct[0], 1) if distinct else None,
        "five_mb_article_s": round(long_seconds, 2),
        "cold_start_s": round(cold, 3),
        "bare_python_start_s": round(bare, 3),
        "peak_mb": round(peak, 1),
    }
    RESULTS_PATH.write_text(json.dumps(existing, indent=2) + "\n")
    return 0
