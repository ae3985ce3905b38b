"""Articles: reading text and metadata safely, and splitting it into sentences with offsets."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MAX_ARTICLE_BYTES = 5 * 1024 * 1024


class ArticleError(ValueError):
    """An input that cannot be read as an article; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: its text exactly as read, and what is known about it."""

    id: str
    title: str
    published: date | None
    text: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    duplicate_of: int | None = None  # index of an earlier sentence with the same words (a repeated lede)


def slugify(value: str) -> str:
    """A file- and URL-safe id ("Karabakh 2023/09" -> "karabakh-2023-09")."""
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug[:80] or "article"


def parse_published(value: str | None) -> date | None:
    """An ISO date, or None for no value; a clear error for anything else."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise ArticleError(f"publication date {value!r} is not an ISO date (YYYY-MM-DD)") from error


def decode_text(data: bytes, label: str) -> str:
    """UTF-8 text from bytes, refusing binary files and other encodings with a clear message."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{label} is {len(data) / 1e6:.1f} MB; articles are limited to {MAX_ARTICLE_BYTES // 2**20} MB"
        )
    if b"\x00" in data[:4096]:
        raise ArticleError(f"{label} looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleError(f"{label} is not UTF-8 text (byte {error.start}); save it as UTF-8 and try again") from error
    return text.removeprefix("\ufeff")


def read_article(path: Path, published: date | None = None) -> Article:
    """Read `path` and its metadata file (`<stem>.json` beside it) if there is one."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArticleError(f"cannot read {path}: {error.strerror or error}") from error
    text = decode_text(data, str(path))
    metadata: dict = {}
    metadata_path = path.with_suffix(".json")
    if metadata_path.exists() and metadata_path != path:
        try:
            metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ArticleError(f"metadata file {metadata_path} is not valid JSON: {error}") from error
    return Article(
        id=str(metadata.get("id") or slugify(path.stem)),
        title=str(metadata.get("title") or _first_line(text) or path.stem),
        published=published or parse_published(metadata.get("published")),
        text=text,
        source=str(metadata.get("source", "")),
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "st",
        "mt",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jr",
        "sr",
        "rep",
        "sen",
        "gov",
        "pres",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
    ]
)
_SENTENCE_BREAK = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|\n\s*\n|\n")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with exact offsets; lines are hard breaks, abbreviations ("Gen.", "U.S.") are not."""
    sentences: list[Sentence] = []
    seen: dict[str, int] = {}
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        end = match.end()
        if match.group(0)[0] == ".":
            word = re.search(r"([\w.]+)\.$", text[max(start, end - 12) : match.start() + 1])
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        _append_sentence(text, start, end, sentences, seen)
        start = end
    _append_sentence(text, start, len(text), sentences, seen)
    return sentences


def _append_sentence(text: str, start: int, end: int, sentences: list[Sentence], seen: dict[str, int]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 2:
        return
    body = text[start:end]
    key = re.sub(r"\W+", " ", body.lower()).strip()
    sentences.append(Sentence(start, end, body, seen.get(key)))
    seen.setdefault(key, len(sentences) - 1)
