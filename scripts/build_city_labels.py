"""Write static/basemap/cities.json: the labels of the offline map's cities, from the shipped gazetteer.

The offline base layer has country outlines only; a reader needs a few names to know where a map is.
Kept: every settlement of 1,000,000 people or more, and each country's largest settlement, as
[name, lat, lon, population] rows (GeoNames, CC BY 4.0, like the gazetteer they come from).
Run: `python scripts/build_city_labels.py` (the Makefile's `make vendor` runs it too).
"""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "data" / "gazetteer.tsv.gz"
OUTPUT = ROOT / "static" / "basemap" / "cities.json"
MILLION = 1_000_000


def city_rows() -> list[list]:
    largest: dict[str, tuple[int, list]] = {}
    kept: dict[str, list] = {}
    with gzip.open(GAZETTEER, "rt", encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            if record["kind"] != "settlement" or not record["population"]:
                continue
            population = int(record["population"])
            row = [record["name"], round(float(record["lat"]), 3), round(float(record["lon"]), 3), population]
            if population >= MILLION:
                kept[record["id"]] = row
            country = record["country_code"]
            if country and population > largest.get(country, (-1, []))[0]:
                largest[country] = (population, row)
    rows = {tuple(row[:3]): row for row in [*kept.values(), *(row for _population, row in largest.values())]}
    return sorted(rows.values(), key=lambda row: -row[3])


def main() -> None:
    rows = city_rows()
    OUTPUT.write_text(json.dumps(rows, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(rows)} cities")


if __name__ == "__main__":
    main()
