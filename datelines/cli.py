"""Command line: `python -m datelines extract PATH... [--published YYYY-MM-DD] [--jsonl]` and tools.

extract's output is a contract: one JSON object for one path, one object per line for several
paths or --jsonl. An unreadable path is reported on stderr, the others are still processed,
and the exit status is 2 at the end.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datelines.data.bulk import IngestReport

EXIT_BAD_INPUT = 2


def _published(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in YYYY-MM-DD form") from error


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m datelines", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="places and events of articles, as JSON")
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    extract.add_argument("--published", type=_published, help="publication date (default: the article's metadata)")
    extract.add_argument("--jsonl", action="store_true", help="one JSON object per line, even for one path")
    extract.add_argument("--online", action="store_true", help="geocode with Nominatim (cached, 1 request/s)")
    commands.add_parser("warm", help="index the gazetteer once, so that later starts are fast")
    commands.add_parser("build-gazetteer", help="rebuild data/gazetteer.tsv.gz from GeoNames (build dependencies)")
    evaluate = commands.add_parser("eval", help="score the extractor against the gold annotations and GeoWebNews")
    evaluate.add_argument("--geobench", type=Path, default=None, help="GeoWebNews JSONL (default ../shared/geobench)")
    evaluate.add_argument(
        "--eventbench", type=Path, default=None, help="CASE 2021 event-type JSONL (or DATELINES_EVENTBENCH)"
    )
    gazetteer = commands.add_parser(
        "gazetteer", help="gazetteer packs: every village of a GeoNames country file (add, list, remove)"
    )
    packs = gazetteer.add_subparsers(dest="pack_command", required=True)
    add = packs.add_parser("add", help="make a pack of GeoNames dumps (KE.zip, allCountries.zip, or their .txt)")
    add.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="dumps, and admin1CodesASCII.txt / admin2Codes.txt"
    )
    packs.add_parser("list", help="the installed packs")
    remove = packs.add_parser("remove", help="uninstall a pack")
    remove.add_argument("name", metavar="NAME", help="as `gazetteer list` shows it (KE)")
    bench = commands.add_parser("bench", help="extraction speed, cold start and memory")
    bench.add_argument("--runs", type=int, default=5)
    bench.add_argument(
        "--pack-places",
        type=int,
        default=1_000_000,
        metavar="N",
        help="villages in the gazetteer-pack figure (0: skip)",
    )
    bench.add_argument("--pack-only", action="store_true", help="only the gazetteer-pack figure")
    synth = commands.add_parser("synth", help="write a synthetic events dataset (benchmarks, tests)")
    synth.add_argument("--events", type=int, required=True, metavar="N")
    synth.add_argument("--out", type=Path, required=True, metavar="PATH", help=".csv or .parquet (our schema)")
    synth.add_argument("--acled", action="store_true", help="write ACLED export columns (CSV) instead")
    synth.add_argument("--seed", type=int, default=7)
    store = commands.add_parser("import-events", help="load events tables (ours or ACLED) into an event store")
    store.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".csv or .parquet, our schema or ACLED's")
    store.add_argument("--store", type=Path, required=True, metavar="DIR", help="the store directory (created)")
    ingest = commands.add_parser("ingest", help="extract many articles into an event store (resumable)")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".txt/.md files, JSONL files, folders")
    ingest.add_argument("--store", type=Path, required=True, metavar="DIR", help="the store directory (created)")
    ingest.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="worker processes here (local) or Dask"
    )
    ingest.add_argument("--workers", type=int, default=None, metavar="N", help="local processes (default: cores)")
    ingest.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT", help="a running Dask scheduler")
    scale = commands.add_parser("bench-scale", help="the event store against the DataFrame path, and ingest speed")
    scale.add_argument("--events", type=int, default=1_000_000, metavar="N")
    scale.add_argument("--ten-million", action="store_true", help="also 10M events (long, ~10 GB of disk)")
    scale.add_argument("--articles", type=int, default=2000, metavar="N", help="articles in the ingest figure")
    scale.add_argument("--runs", type=int, default=7)
    return parser


def _progress(line: str) -> None:
    """One progress line on stderr, rewritten in place on a terminal."""
    end = "\r" if sys.stderr.isatty() else "\n"
    print(f"datelines: {line}", end=end, file=sys.stderr, flush=True)


def _import_events(arguments: argparse.Namespace) -> int:
    """Each file is one batch: a bad file is one line and exit status 2; the others are still imported."""
    from datelines.data.eventimport import EventImportError, import_events
    from datelines.data.eventstore import EventStoreError

    status = 0
    for path in arguments.files:
        try:
            result = import_events(path, arguments.store, _progress)
        except (EventImportError, EventStoreError) as error:
            print(f"datelines: {error}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(result.line())
        if result.skipped:
            print(
                f"datelines: {path.name}: {result.skipped:,} bad row(s) skipped (malformed line, unreadable date, "
                "coordinates out of range, or no id); the other rows were imported",
                file=sys.stderr,
            )
            status = EXIT_BAD_INPUT
    return status


def _ingest(arguments: argparse.Namespace) -> int:
    from datelines.data.bulk import IngestError, ingest

    try:
        report = ingest(
            arguments.paths, arguments.store, arguments.engine, arguments.workers, arguments.scheduler, _progress
        )
    except IngestError as error:
        if error.report is not None:  # stopped midway: what failed, and what was kept, before why
            _ingest_report(error.report, "before it stopped: ")
        print(f"datelines: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    _ingest_report(report)
    return EXIT_BAD_INPUT if report.failures else 0


def _ingest_report(report: IngestReport, prefix: str = "") -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for failure in report.failures:
        print(f"datelines: {failure}", file=sys.stderr)
    print(prefix + report.line())


def _extract(arguments: argparse.Namespace) -> int:
    from datelines.data.serialise import extraction_json
    from datelines.extract.article import ArticleError, read_article
    from datelines.extract.pipeline import extract
    from datelines.geo.geocode import CachedNominatim

    online: CachedNominatim | bool = CachedNominatim() if arguments.online else False
    one_object = len(arguments.paths) == 1 and not arguments.jsonl
    status = 0
    for path in arguments.paths:
        try:
            article = read_article(path, arguments.published)
        except ArticleError as error:
            print(f"datelines: {error}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        if article.published is None:
            print(
                f"datelines: {path}: no publication date (give --published); relative dates stay unresolved",
                file=sys.stderr,
            )
        if not article.text.strip():
            print(f"datelines: {path}: the file is empty; no places or events", file=sys.stderr)
        extraction = extract(article, online)
        for warning in extraction.warnings:
            if not warning.startswith("no publication date"):
                print(f"datelines: {path}: {warning}", file=sys.stderr)
        payload = extraction_json(extraction)
        if one_object:
            print(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            print(json.dumps(payload, ensure_ascii=False))
        sys.stdout.flush()
    return status


def _gazetteer(arguments: argparse.Namespace) -> int:
    """`gazetteer add|list|remove`: a user's mistake is one line on stderr and exit status 2, never a traceback."""
    from datelines.geo import packs
    from datelines.geo.gazetteer import load
    from datelines.paths import packs_dir

    try:
        if arguments.pack_command == "list":
            installed = packs.installed()
            if not installed:
                print(f"no gazetteer packs in {packs_dir()} (add one: python -m datelines gazetteer add KE.zip)")
            for pack in installed:
                print(
                    f"{pack.name}\t{pack.rows:,} places\t{','.join(pack.countries)}\tfrom {pack.source}\tadded {pack.added}"
                )
            return 0
        if arguments.pack_command == "add":
            for pack in packs.add(arguments.files):
                named = f", {pack.unnamed:,} left out (no name in Latin script)" if pack.unnamed else ""
                print(f"added pack {pack.name}: {pack.rows:,} places from {pack.source}{named}")
        else:
            print(f"removed pack {packs.remove(arguments.name).name}")
    except packs.PackError as error:
        print(f"datelines: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"gazetteer ready: {len(load()):,} places (used from the next start of the dashboard or the command)")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="datelines: %(message)s")
    if arguments.command == "extract":
        return _extract(arguments)
    if arguments.command == "warm":
        from datelines.geo.gazetteer import load

        print(f"gazetteer ready: {len(load())} places")
        return 0
    if arguments.command == "build-gazetteer":
        from datelines.geo.gazetteer_build import build

        logging.getLogger().setLevel(logging.INFO)
        print(build())
        return 0
    if arguments.command == "eval":
        from datelines.evaluate import main as evaluate_main
        from datelines.eventbench import main as eventbench_main

        status = evaluate_main(arguments.geobench)
        print()
        return status or eventbench_main(arguments.eventbench)
    if arguments.command == "synth":
        from datelines.data.synth import write_synthetic

        if arguments.events < 0:
            print("datelines: --events must be 0 or more", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(write_synthetic(arguments.events, arguments.out, arguments.acled, arguments.seed))
        return 0
    if arguments.command == "gazetteer":
        return _gazetteer(arguments)
    if arguments.command == "import-events":
        return _import_events(arguments)
    if arguments.command == "ingest":
        return _ingest(arguments)
    if arguments.command == "bench-scale":
        from datelines.bench_scale import main as scale_main

        return scale_main(arguments.events, arguments.ten_million, arguments.articles, arguments.runs)
    if arguments.command == "bench":
        from datelines.bench import main as bench_main

        return bench_main(arguments.runs, arguments.pack_places, arguments.pack_only)
    return 1
