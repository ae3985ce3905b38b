"""`make bench`: extraction speed (warm, one core), cold start and peak memory of the command.

Speed is measured here, never in tests: machines are noisy, so each figure is a median over
several runs, next to a baseline measured in the same run (bare interpreter start; a plain
regular-expression pass over the same text).
"""

from __future__ import annotations

import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from datelines import _native
from datelines.evaluate import DEFAULT_GEOBENCH
from datelines.extract.article import Article, read_article
from datelines.extract.pipeline import extract
from datelines.paths import PACKS_VARIABLE, ROOT

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


def _measured(command: list[str], environment: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds and peak resident megabytes of `command`, read by a small Python process that starts it: a child
    started from this one would count this process's pages, which the 5 MB article has grown, until it
    replaced them."""
    probe = (
        "import resource, subprocess, sys, time; start = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *command], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    seconds, kilobytes = result.stdout.split()
    return float(seconds), int(kilobytes) / 1024


def cold_start(runs: int) -> tuple[float, float, float]:
    """Median seconds for `extract` on the seed in a new process, the bare interpreter's, and peak MB."""
    seed = str(ROOT / "seeds" / "karabakh-2023-09-23.txt")
    ours = [_timed([sys.executable, "-m", "datelines", "extract", seed]) for _ in range(runs)]
    peak_mb = _measured([sys.executable, "-m", "datelines", "extract", seed])[1]
    bare = [_timed([sys.executable, "-c", "pass"]) for _ in range(runs)]
    return statistics.median(ours), statistics.median(bare), peak_mb


_SYLLABLES = "ka ki ko ku ma mi mo mu na ni no nu ra ri ro ru sa si so su ta ti to tu wa we ya yo ba bo be "
_SYLLABLES += "chu che cha gi go la le lo"


def write_geonames_dump(path: Path, places: int, seed: int = 7) -> Path:
    """A country file in GeoNames' exact dump format (19 tab-separated columns) with `places` populated
    places of one distinct made-up name each (at most two million) (nine in ten with population 0, as most villages), 47 ADM1,
    290 ADM2 and 1,450 ADM3 areas, and admin1CodesASCII.txt and admin2Codes.txt beside it."""
    syllables = _SYLLABLES.split()
    generator = random.Random(seed)
    if places > 2_000_000:  # the admin areas' names are the numbers after two million
        raise ValueError("at most 2,000,000 places")

    def name(number: int) -> str:  # four of the 39 syllables spell the number: 2.3 million distinct names
        parts = []
        for _ in range(4):
            number, digit = divmod(number, len(syllables))
            parts.append(syllables[digit])
        return "".join(parts).capitalize()

    def row(geonameid: int, label: str, feature: str, codes: tuple[str, str, str], population: int) -> str:
        lat, lon = generator.uniform(-4.6, 4.6), generator.uniform(34.0, 41.8)
        fields = [str(geonameid), label, label, "", f"{lat:.5f}", f"{lon:.5f}", *feature.split("."), "KE", ""]
        fields += [*codes, "", str(population), "", str(generator.randint(0, 3000)), "Africa/Nairobi", "2024-01-01"]
        return "\t".join(fields) + "\n"

    counties = [f"{a1:02d}" for a1 in range(1, 48)]
    districts = [(a1, f"{a1}{a2:02d}") for number, a1 in enumerate(counties) for a2 in range(1, 7 + (number < 8))]
    admin1 = {a1: f"{name(2_000_000 + number)} Region" for number, a1 in enumerate(counties)}
    admin2 = {a2: name(2_010_000 + number) for number, (_a1, a2) in enumerate(districts)}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for number, a1 in enumerate(counties):
            out.write(row(50_000_000 + number, admin1[a1], "A.ADM1", (a1, "", ""), 0))
        for number, (a1, a2) in enumerate(districts):
            out.write(row(51_000_000 + number, admin2[a2], "A.ADM2", (a1, a2, ""), 0))
            for a3 in range(1, 6):
                ward = 10 * number + a3
                out.write(row(52_000_000 + ward, name(2_020_000 + ward), "A.ADM3", (a1, a2, f"{a2}{a3:02d}"), 0))
        for number in range(places):
            a1, a2 = districts[number % len(districts)]
            codes = (a1, a2, f"{a2}{number % 5 + 1:02d}")
            out.write(row(60_000_000 + number, name(number), "P.PPL", codes, 0 if number % 10 else 120))
    lines = [f"KE.{a1}\t{label}\t{label}\t{50_000_000 + n}\n" for n, (a1, label) in enumerate(admin1.items())]
    (path.parent / "admin1CodesASCII.txt").write_text("".join(lines), encoding="utf-8")
    lines = [f"KE.{a2[:2]}.{a2}\t{label}\t{label}\t{51_000_000 + n}\n" for n, (a2, label) in enumerate(admin2.items())]
    (path.parent / "admin2Codes.txt").write_text("".join(lines), encoding="utf-8")
    return path


def pack_cold_start(runs: int, places: int = 1_000_000) -> dict[str, float]:
    """Cold start and peak memory of `extract` on the seed with a pack of `places` one-name villages installed
    (built in a temporary folder from a synthetic GeoNames dump), beside the same without it: the first start
    after the pack is added compiles the merged gazetteer, the later ones map the compiled files."""
    seed = str(ROOT / "seeds" / "karabakh-2023-09-23.txt")
    command = [sys.executable, "-m", "datelines", "extract", seed]
    with tempfile.TemporaryDirectory(prefix="datelines-bench-pack-") as work:
        folder = Path(work)
        (folder / "empty").mkdir()
        without = {**os.environ, PACKS_VARIABLE: str(folder / "empty")}
        with_pack = {**os.environ, PACKS_VARIABLE: str(folder / "packs")}
        start = time.perf_counter()
        dump = write_geonames_dump(folder / "downloads" / "KE.txt", places)
        written = time.perf_counter() - start
        adding = _measured([sys.executable, "-m", "datelines", "gazetteer", "add", str(dump)], with_pack)
        shutil.rmtree(folder / "packs" / "compiled")  # `add` compiled it: the first start compiles it again
        first = _measured(command, with_pack)
        later = [_measured(command, with_pack) for _ in range(runs)]
        plain = [_measured(command, without) for _ in range(runs)]
        compiled_mb = sum(path.stat().st_size for path in (folder / "packs" / "compiled").iterdir()) / 1024**2
    return {
        "pack_places": places,
        "dump_written_s": round(written, 2),
        "add_s": round(adding[0], 2),
        "add_peak_mb": round(adding[1], 1),
        "first_start_s": round(first[0], 3),
        "first_start_peak_mb": round(first[1], 1),
        "cold_start_s": round(statistics.median(seconds for seconds, _mb in later), 3),
        "peak_mb": round(statistics.median(mb for _s, mb in later), 1),
        "cold_start_without_pack_s": round(statistics.median(seconds for seconds, _mb in plain), 3),
        "peak_without_pack_mb": round(statistics.median(mb for _s, mb in plain), 1),
        "compiled_files_mb": round(compiled_mb, 1),
    }


def report_pack(runs: int, places: int = 1_000_000) -> int:
    """Print `pack_cold_start` and keep it in bench/results.json."""
    figures = pack_cold_start(runs, places)
    print(
        f"gazetteer pack of {places:,} one-name villages (synthetic GeoNames dump, written in "
        f"{figures['dump_written_s']:.1f} s): `gazetteer add` {figures['add_s']:.1f} s, peak {figures['add_peak_mb']:.0f} MB"
    )
    print(
        f"  first start after it (compiles the merged gazetteer, {figures['compiled_files_mb']:.0f} MB of files): "
        f"{figures['first_start_s']:.2f} s, peak {figures['first_start_peak_mb']:.0f} MB"
    )
    print(
        f"  cold start of `extract` on the seed with the pack: {figures['cold_start_s']:.2f} s (goal <= 1.5 s), "
        f"peak {figures['peak_mb']:.0f} MB (goal <= 400 MB)"
    )
    print(
        f"  the same without the pack: {figures['cold_start_without_pack_s']:.2f} s, "
        f"peak {figures['peak_without_pack_mb']:.0f} MB"
    )
    _save("gazetteer_pack", {"machine": _machine(), "runs": runs, **figures})
    return 0


def _save(key: str, figures: dict) -> None:
    RESULTS_PATH.parent.mkdir(exist_ok=True)
    existing = json.loads(RESULTS_PATH.read_text()) if RESULTS_PATH.exists() else {}
    existing[key] = figures
    RESULTS_PATH.write_text(json.dumps(existing, indent=2) + "\n")


def main(runs: int = 5, pack_places: int = 1_000_000, pack_only: bool = False) -> int:
    print(f"machine: {_machine()}; runs per figure: {runs} (medians); pipeline: {_native.status}")
    if pack_only:
        return report_pack(runs, pack_places)
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
    _save(
        "extraction",
        {
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
        },
    )
    return report_pack(runs, pack_places) if pack_places else 0
