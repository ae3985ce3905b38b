"""Saved articles and a person's corrections, on disk under data/articles/<id>/.

Each article folder holds `article.txt` (the text as given), `article.json` (id, title,
published, source) and `overrides.json` (corrections kept on top of the machine output, so
re-running the extractor keeps them). Every write goes to a temporary file that is then renamed,
so a crash leaves the previous state readable. A whole dataset exports and imports as one zip.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from datelines.extract.acled import SUB_EVENT_TYPES_BY_SLUG, fits
from datelines.extract.article import Article, ArticleError, decode_text, slugify
from datelines.extract.events import Event, summarise
from datelines.extract.pipeline import Extraction, Mention, Place
from datelines.extract.taxonomy import EVENT_TYPES_BY_SLUG
from datelines.geo.gazetteer import load
from datelines.paths import ROOT

ARTICLES_DIR = ROOT / "data" / "articles"


def articles_dir() -> Path:
    """Where saved articles live: data/articles, or DATELINES_ARTICLES_DIR (tests, other datasets)."""
    return Path(os.environ.get("DATELINES_ARTICLES_DIR") or ARTICLES_DIR)


TEXT_NAME = "article.txt"
METADATA_NAME = "article.json"
OVERRIDES_NAME = "overrides.json"
MAX_ZIP_BYTES = 50 * 1024 * 1024
_ALLOWED_IN_ZIP = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}/(article\.txt|article\.json|overrides\.json)$")


class StoreError(ValueError):
    """A save, import or delete that cannot be done; the message says why, for the user."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


SHORT_ID_WORDS = 6
SHORT_ID_LENGTH = 48


def short_id(title: str, published: date | None = None) -> str:
    """A short, readable article id: the date and the title's first words, cut at a word
    ("2024-05-07-israeli-tanks-seize-rafah-crossing"), never in the middle of one."""
    words = slugify(title).split("-")[:SHORT_ID_WORDS]
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > SHORT_ID_LENGTH:
            break
        slug = f"{slug}-{word}" if slug else word[:SHORT_ID_LENGTH]
    return f"{published.isoformat()}-{slug}" if published else slug


def short_title(text: str, limit: int = 100) -> str:
    """A title from an article's first sentence, without a wire dateline, cut at a word with "…"."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return summarise(sentence, limit)


def unique_id(title: str, root: Path | None = None) -> str:
    root = root or articles_dir()
    base = slugify(title)
    candidate, number = base, 2
    while (root / candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def save_article(article: Article, root: Path | None = None) -> Path:
    """Save text and metadata; the text goes first so a folder with metadata always has its text."""
    root = root or articles_dir()
    if not article.text.strip():
        raise StoreError("the article is empty; nothing was saved")
    folder = root / article.id
    write_atomically(folder / TEXT_NAME, article.text.encode("utf-8"))
    metadata = {
        "id": article.id,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
    }
    write_atomically(folder / METADATA_NAME, json.dumps(metadata, ensure_ascii=False, indent=2).encode("utf-8"))
    return folder


def delete_article(article_id: str, root: Path | None = None) -> None:
    root = root or articles_dir()
    folder = root / article_id
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", article_id) or not folder.is_dir():
        raise StoreError(f"no saved article {article_id!r}")
    shutil.rmtree(folder)


def read_overrides(article_id: str, root: Path | None = None) -> dict[str, Any]:
    root = root or articles_dir()
    path = root / article_id / OVERRIDES_NAME
    if not path.exists():
        return {"events": {}, "removed_places": [], "added_places": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StoreError(f"corrections of {article_id} are unreadable ({error}); the machine draft is shown") from error
    data.setdefault("events", {})
    data.setdefault("removed_places", [])
    data.setdefault("added_places", [])
    return data


def write_overrides(article_id: str, overrides: dict[str, Any], root: Path | None = None) -> None:
    root = root or articles_dir()
    if not (root / article_id / TEXT_NAME).exists():
        raise StoreError(f"save the article {article_id!r} before correcting it")
    write_atomically(
        root / article_id / OVERRIDES_NAME, json.dumps(overrides, ensure_ascii=False, indent=2).encode("utf-8")
    )


def _corrected_event(event: Event, correction: dict[str, Any]) -> Event:
    changes: dict[str, Any] = {}
    sub_event = correction.get("sub_event_type")
    if sub_event in SUB_EVENT_TYPES_BY_SLUG:  # a person's type wins over the machine's reading
        changes["sub_event_type"] = sub_event
        changes["event_type"] = SUB_EVENT_TYPES_BY_SLUG[sub_event].plain_type
        if correction.get("event_type") in EVENT_TYPES_BY_SLUG and fits(sub_event, correction["event_type"]):
            changes["event_type"] = correction["event_type"]
    elif correction.get("event_type") in EVENT_TYPES_BY_SLUG:
        # A correction written before sub-event types names a plain type only: the machine's sub-event type
        # stays where it is one of that type's ("Strike or shelling" keeps an air strike), else the type's own.
        changes["event_type"] = correction["event_type"]
        machine = SUB_EVENT_TYPES_BY_SLUG.get(event.sub_event_type)
        fitting = machine is not None and machine.plain_type == correction["event_type"]
        changes["sub_event_type"] = event.sub_event_type if fitting else ""
    for key in ("date_start", "date_end"):
        if correction.get(key):
            with contextlib.suppress(ValueError):  # a bad date in a hand-edited file: keep the machine's
                changes[key] = date.fromisoformat(str(correction[key])[:10])
    if isinstance(correction.get("place_ids"), list):
        changes["place_ids"] = tuple(str(place_id) for place_id in correction["place_ids"])
    return replace(event, **changes) if changes else event


def _place_from_coordinates(added: dict[str, Any]) -> Place | None:
    try:
        lat, lon = float(added["lat"]), float(added["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    name = str(added.get("name") or added.get("mention") or "place")
    return Place(
        id=f"manual:{slugify(name)}:{lat:.4f},{lon:.4f}",
        name=name,
        mention=str(added.get("mention") or name),
        aliases=(),
        lat=lat,
        lon=lon,
        kind=str(added.get("kind") or "landmark"),
        geo_precision=int(added.get("geo_precision") or 1),
        source=str(added.get("source") or "manual"),
        country_code=str(added.get("country_code") or ""),
        mentions=(Mention(0, 0, str(added.get("mention") or name), "added by hand"),),
    )


def apply_overrides(extraction: Extraction, overrides: dict[str, Any]) -> tuple[Extraction, set[str]]:
    """The extraction with a person's corrections on top, and the ids of events a person checked."""
    removed = set(overrides.get("removed_places", []))
    places = [place for place in extraction.places if place.id not in removed]
    gazetteer = load()
    for added in overrides.get("added_places", []):
        entry = gazetteer.by_id(str(added.get("id", "")))
        if entry is None:
            located = _place_from_coordinates(added)  # found through Nominatim, not in the gazetteer
            if located is not None and all(place.id != located.id for place in places):
                places.append(located)
            continue
        if any(place.id == entry.id for place in places):
            continue
        places.append(
            Place(
                id=entry.id,
                name=entry.name,
                mention=str(added.get("mention") or entry.name),
                aliases=(),
                lat=entry.lat,
                lon=entry.lon,
                kind=entry.kind,
                geo_precision=entry.geo_precision,
                source="manual",
                country_code=entry.country_code,
                mentions=(Mention(0, 0, str(added.get("mention") or entry.name), "added by hand"),),
                geometry=entry.geometry,
            )
        )
    known = {place.id for place in places}
    events: list[Event] = []
    checked: set[str] = set()
    corrections = overrides.get("events", {})
    for event in extraction.events:
        correction = corrections.get(event.id, {})
        if correction.get("deleted"):
            continue
        event = _corrected_event(event, correction)
        event = replace(event, place_ids=tuple(place_id for place_id in event.place_ids if place_id in known))
        if correction.get("checked"):
            checked.add(event.id)
        events.append(event)
    return replace(extraction, places=places, events=events), checked


def merge_events(kept: str, merged: list[str], article_of: dict[str, str], root: Path | None = None) -> None:
    """Merge events two articles report: the others are hidden and point at the kept one."""
    root = root or articles_dir()
    for event_id in merged:
        article_id = article_of.get(event_id)
        if article_id is None or not (root / article_id / TEXT_NAME).exists():
            raise StoreError(f"{event_id} belongs to an article that is not saved (seed articles are read-only)")
    for event_id in merged:
        article_id = article_of[event_id]
        overrides = read_overrides(article_id, root)
        overrides["events"].setdefault(event_id, {}).update({"deleted": True, "merged_into": kept})
        write_overrides(article_id, overrides, root)


def export_zip(root: Path | None = None) -> bytes:
    """Every saved article (text, metadata, corrections) as one zip."""
    root = root or articles_dir()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if root.is_dir():
            for folder in sorted(path for path in root.iterdir() if path.is_dir()):
                for name in (TEXT_NAME, METADATA_NAME, OVERRIDES_NAME):
                    if (folder / name).exists():
                        archive.write(folder / name, f"{folder.name}/{name}")
    return buffer.getvalue()


def import_zip(data: bytes, root: Path | None = None) -> list[str]:
    """Import articles from an exported zip; everything is checked before anything is written."""
    root = root or articles_dir()
    if len(data) > MAX_ZIP_BYTES:
        raise StoreError(f"the zip is {len(data) / 1e6:.0f} MB; the limit is {MAX_ZIP_BYTES // 2**20} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise StoreError("this is not a zip file exported by datelines") from error
    files: dict[str, bytes] = {}
    for member in members:
        if member.is_dir():
            continue
        if not _ALLOWED_IN_ZIP.match(member.filename):
            raise StoreError(f"unexpected file {member.filename!r} in the zip; nothing was imported")
        if member.file_size > MAX_ZIP_BYTES:
            raise StoreError(f"{member.filename} is too large; nothing was imported")
        files[member.filename] = archive.read(member)
    articles = sorted({name.split("/")[0] for name in files})
    for article_id in articles:
        text = files.get(f"{article_id}/{TEXT_NAME}")
        if text is None:
            raise StoreError(f"{article_id} has no {TEXT_NAME}; nothing was imported")
        try:
            decode_text(text, f"{article_id}/{TEXT_NAME}")
            for name in (METADATA_NAME, OVERRIDES_NAME):
                if f"{article_id}/{name}" in files:
                    json.loads(files[f"{article_id}/{name}"].decode("utf-8"))
        except (ArticleError, ValueError) as error:
            raise StoreError(f"{article_id}: {error}; nothing was imported") from error
    for name, content in sorted(files.items(), key=lambda item: not item[0].endswith(TEXT_NAME)):
        write_atomically(root / name, content)
    return articles
