"""Synthetic events for benchmarks and tests, shaped like conflict data (not like noise).

Events cluster around a few dozen hotspots (real cities of the embedded gazetteer), arrive in
bursts over several years, and follow a skewed type mix close to ACLED's: many battles, strikes
and protests, few agreements. Deterministic for a given seed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from datelines.data.tables import EVENT_COLUMNS, acled_frame, typed_frame, with_sub_event_columns, write_frame
from datelines.extract.taxonomy import EVENT_TYPES_BY_SLUG

# (city, country code) hotspots; coordinates come from the gazetteer, not from this list.
HOTSPOTS = [
    ("Donetsk", "UA"), ("Kharkiv", "UA"), ("Kherson", "UA"), ("Khartoum", "SD"), ("El Fasher", "SD"),
    ("Gaza", "PS"), ("Khan Yunis", "PS"), ("Aleppo", "SY"), ("Idlib", "SY"), ("Mosul", "IQ"),
    ("Kabul", "AF"), ("Mogadishu", "SO"), ("Goma", "CD"), ("Bamako", "ML"), ("Maiduguri", "NG"),
    ("Sanaa", "YE"), ("Aden", "YE"), ("Tripoli", "LY"), ("Port-au-Prince", "HT"), ("Lima", "PE"),
    ("Caracas", "VE"), ("Yangon", "MM"), ("Mandalay", "MM"), ("Shusha", "AZ"), ("Beirut", "LB"),
    ("Dhaka", "BD"), ("Karachi", "PK"), ("Mexico City", "MX"), ("Nairobi", "KE"), ("Addis Ababa", "ET"),
]  # fmt: skip
TYPE_SHARES = {
    "battle": 0.27, "remote-violence": 0.24, "violence-against-civilians": 0.12, "protest": 0.18, "riot": 0.05,
    "agreement": 0.01, "arrest": 0.03, "displacement": 0.03, "humanitarian": 0.02, "territory": 0.02,
    "deployment": 0.01, "disaster": 0.01, "political": 0.01,
}  # fmt: skip


def _hotspot_points() -> list[tuple[str, float, float]]:
    from datelines.geo.gazetteer import load

    gazetteer = load()
    points = []
    for name, country in HOTSPOTS:
        entries = [entry for entry, _t, _s in gazetteer.candidates(name) if entry.country_code == country]
        if entries:
            entry = max(entries, key=lambda candidate: candidate.population)
            points.append((entry.name, entry.lat, entry.lon))
    return points


def synthesise(count: int, seed: int = 7, first_id: int = 0) -> pd.DataFrame:
    """`count` events in our schema (events table columns and dtypes), numbered from `first_id`."""
    random = np.random.default_rng(seed)
    hotspots = _hotspot_points()
    weights = random.pareto(1.2, len(hotspots)) + 0.2
    spot = random.choice(len(hotspots), size=count, p=weights / weights.sum())
    names = np.array([name for name, _lat, _lon in hotspots], dtype=object)[spot]
    centre_lat = np.array([lat for _n, lat, _lon in hotspots])[spot]
    centre_lon = np.array([lon for _n, _lat, lon in hotspots])[spot]
    spread = random.exponential(0.35, count)
    lat = np.clip(centre_lat + random.normal(0, 1, count) * spread, -85, 85).round(4)
    lon = ((centre_lon + random.normal(0, 1, count) * spread + 180) % 360 - 180).round(4)
    # Bursts: each hotspot has a few active periods inside 2018-2024.
    start = pd.Timestamp("2018-01-01")
    days = (pd.Timestamp("2024-12-31") - start).days
    burst_centres = random.integers(0, days, size=(len(hotspots), 4))
    burst = burst_centres[spot, random.integers(0, 4, count)]
    offsets = np.clip(burst + random.normal(0, 60, count).astype(int), 0, days)
    date_start = start + pd.to_timedelta(offsets, unit="D")
    precision = random.choice(["day", "week", "month"], size=count, p=[0.85, 0.1, 0.05])
    length = np.where(precision == "day", 0, np.where(precision == "week", 6, 29))
    slugs = list(TYPE_SHARES)
    shares = np.array(list(TYPE_SHARES.values()))
    types = random.choice(slugs, size=count, p=shares / shares.sum())
    geo_precision = random.choice([1, 2, 3], size=count, p=[0.7, 0.25, 0.05])
    identifiers = [
        f"synth-{index:08d}" if index >= 10**7 else f"synth-{index:07d}" for index in range(first_id, first_id + count)
    ]
    labels = {slug: EVENT_TYPES_BY_SLUG[slug].label for slug in slugs}
    frame = pd.DataFrame(
        {
            "id": identifiers,
            "article_id": "synthetic",
            "date_start": date_start,
            "date_end": date_start + pd.to_timedelta(length, unit="D"),
            "time_precision": precision,
            "event_type": types,
            "event_label": pd.Series(types).map(labels).values,
            "place_ids": "",
            "site_id": None,
            "site_name": names,
            "lat": lat,
            "lon": lon,
            "geo_precision": geo_precision,
            "actors": "",
            "summary": [f"Synthetic {labels[t].lower()} near {n}" for t, n in zip(types, names, strict=True)],
            "evidence": "",
            "evidence_start": None,
            "evidence_end": None,
            "time_text": "",
            "time_rule": "synthetic",
            "site_inferred": False,
            "fatalities": None,
        }
    )
    return typed_frame(with_sub_event_columns(frame)[list(EVENT_COLUMNS)], EVENT_COLUMNS)


SYNTH_CHUNK = 1_000_000  # an ACLED file is written this many events at a time: 10M never sit in memory


def write_synthetic(count: int, out: Path, acled: bool = False, seed: int = 7) -> Path:
    """Synthetic events as a table file (ours), or as an ACLED export written chunk by chunk (each chunk
    its own seed and id range)."""
    if acled:
        temporary = out.with_name(f".{out.name}.tmp")
        for first in range(0, max(count, 1), SYNTH_CHUNK):
            events = synthesise(min(SYNTH_CHUNK, count - first), seed + first // SYNTH_CHUNK, first_id=first)
            acled_frame(events).to_csv(temporary, index=False, header=first == 0, mode="a" if first else "w")
        temporary.replace(out)
        return out
    return write_frame(synthesise(count, seed), out)
