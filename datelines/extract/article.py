"""Articles: reading text and metadata safely, and splitting it into sentences with offsets."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from datelines.geo.gazetteer import normalise

MAX_ARTICLE_BYTES: Final = 5 * 1024 * 1024


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


# Built afresh for each article and never changed, but not frozen: a frozen dataclass's __init__
# cost 8% of the compiled extraction (callgrind). unsafe_hash keeps the frozen hash. The dataclass
# gives equality, hashing, repr and `replace`; `__init__` is written out because the one dataclasses
# generates is interpreted Python even in the compiled build, and such records are made by the
# hundred per article (the per-article records of the other modules do the same).
@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    start: int
    end: int
    text: str
    duplicate_of: int | None = None  # index of an earlier sentence with the same words (a repeated lede)

    def __init__(self, start: int, end: int, text: str, duplicate_of: int | None = None) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.duplicate_of = duplicate_of


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


_ABBREVIATIONS: Final = frozenset(
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
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
    ]
)
# A sentence ends at [.!?] (then closing quotes) before a capital or digit, or at a line break: every
# break starts with one of `_BREAK_MARKS`. `_break_end` reads what the regex
# `[.!?\n](?:(?<=[.!?])[.!?]*["”’')\]]*(?=\s+["“‘(\[]?[A-Z0-9])|(?<=\n)(?:\s*\n)?)` matches at a mark.
_BREAK_MARKS: Final = ".!?\n"
_CLOSERS: Final = frozenset("\"”’')]")
_OPENERS: Final = frozenset('"“‘([')
_NON_WORDS: Final = re.compile(r"\W+")  # what `_words` reads as no word (a test holds it to this)


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What `pattern.finditer(text)` finds when its matches can only start at `starts` (ascending): each start
    is tried in turn and the next one after a match's end, so none overlap, as `finditer` goes. The caller
    finds the starts cheaply (a head word, an opening word) where the regex engine would try every character."""
    matches = []
    resume_at = 0
    for start in starts:
        if start >= resume_at:
            match = pattern.match(text, start)
            if match:
                matches.append(match)
                resume_at = match.end()
    return matches


def matches_in_windows(pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]) -> list[re.Match[str]]:
    """What `pattern.finditer(text)` finds when each of its matches lies inside one of `windows` ((start, end),
    in order of their starts): overlapping windows are merged, so that no match crosses a searched window's
    edge, and each is searched. The caller proves the windows hold every match."""
    matches: list[re.Match[str]] = []
    merged_start = merged_end = -1
    for start, end in windows:
        if merged_end >= 0 and start <= merged_end:
            merged_end = max(merged_end, end)
            continue
        if merged_end >= 0:
            matches += pattern.finditer(text, merged_start, merged_end)
        merged_start, merged_end = start, end
    if merged_end >= 0:
        matches += pattern.finditer(text, merged_start, merged_end)
    return matches


def occurrences(text: str, word: str) -> list[int]:
    """Every start of `word` in `text`, overlapping ones too: `str.find` runs far quicker than a regex scan."""
    found = []
    at = text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def is_capital_at(text: str, position: int) -> bool:
    """`text[position].isupper()`: A to Z read off the character's code, only other letters asked `isupper`
    (compiled, a method call without a stand-in of mypyc's own costs several times the comparison)."""
    code = ord(text[position])
    return 65 <= code <= 90 or (code >= 128 and text[position].isupper())


def starts_sentence(text: str, position: int) -> bool:
    """Whether `position` opens a sentence: nothing but quotes or a bracket since a full stop or a line break."""
    before = text[max(0, position - 3) : position].rstrip(" \t\"“'‘(")
    return not before or before[-1] in ".!?\n"


def is_abbreviation(word: str) -> bool:
    """ "Gen", "U.S", "W" (an initial): a word whose full stop does not end a sentence ("June 4." does)."""
    return (len(word) == 1 and word.isalpha()) or word.lower() in _ABBREVIATIONS


def _is_a_day_before_its_month(word: str, text: str, end: int) -> bool:
    """ "5. Apr 2018": a day written the European way, not a sentence ending in a number."""
    return len(word) <= 2 and word.isdigit() and _MONTH_NEXT.match(text, end) is not None


_MONTH_NEXT: Final = re.compile(
    r"\s+(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with exact offsets; lines are hard breaks, abbreviations ("Gen.", "U.S.") are not."""
    sentences: list[Sentence] = []
    seen: dict[tuple[int, int], list[int]] = {}
    start = 0
    for mark, end in _breaks(text):
        if end - start < 2:  # a line break right after a full stop: nothing between them
            start = end
            continue
        if text[mark] == ".":
            word = _word_before_dot(text, max(start, end - 12), mark)
            if word and (is_abbreviation(word) or _is_a_day_before_its_month(word, text, end)):
                continue
        _append_sentence(text, start, end, sentences, seen)
        start = end
    _append_sentence(text, start, len(text), sentences, seen)
    return sentences


def _breaks(text: str) -> list[tuple[int, int]]:
    """The spans of the sentence breaks, left to right and none overlapping, as a `finditer` of the
    pattern above gives them. Only the marks every break starts with are read, found by `str.find`."""
    spans = []
    resume_at = 0
    for mark in sorted(at for character in _BREAK_MARKS for at in occurrences(text, character)):
        if mark >= resume_at:
            end = _break_end(text, mark)
            if end >= 0:
                spans.append((mark, end))
                resume_at = end
    return spans


def _break_end(text: str, mark: int) -> int:
    """Where the break that starts at the mark `mark` ends, or -1 when none starts there. Read character
    by character: a regex call costs about 1,000 instructions, most of them before it reads any text.
    No run below could give back a character and still match (the next test would meet that character),
    so reading each run greedily finds what the backtracking engine finds."""
    length = len(text)
    if text[mark] == "\n":  # then any white space, up to its last line break
        end = at = mark + 1
        while at < length and text[at].isspace():
            at += 1
            if text[at - 1] == "\n":
                end = at
        return end
    at = mark + 1
    while at < length and text[at] in ".!?":
        at += 1
    while at < length and text[at] in _CLOSERS:
        at += 1
    end = at  # the rest is looked at, not taken: white space, perhaps an opening quote, a capital or digit
    if at == length or not text[at].isspace():
        return -1
    while at < length and text[at].isspace():
        at += 1
    if at < length and text[at] in _OPENERS:
        at += 1
    return end if at < length and ("A" <= text[at] <= "Z" or "0" <= text[at] <= "9") else -1


def _word_before_dot(text: str, floor: int, dot: int) -> str:
    """The run of word characters and dots right before the full stop at `dot`, from `floor` at most
    ("U.S" in "the U.S."): what the regex `([\\w.]+)\\.$` finds in text[floor:dot + 1], read backwards
    instead of tried at every position of the window."""
    start = dot
    while start > floor and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    return text[start:dot]


def _words(body: str) -> str:
    """What makes two sentences the same: their words, ignoring case, spacing and punctuation. What
    `_NON_WORDS.sub(" ", body.lower()).strip()` gives: `normalise` makes every non-word character a space in a
    few passes of C, where the regex replaced each run in turn."""
    return " ".join(normalise(_lower(body)).split())


# CPython's own `str.lower`: the compiled build's stand-in lower-cases letter by letter and writes a final
# capital sigma as "σ", where CPython writes "ς" (so "ΟΔΟΣ" would not be "οδος").
_lower: Final = str.lower


def _append_sentence(
    text: str, start: int, end: int, sentences: list[Sentence], seen: dict[tuple[int, int], list[int]]
) -> None:
    """Append the trimmed span as a sentence, marked as a duplicate of the first with the same words.

    `seen` files first occurrences under how often "e" and "t" occur: a cheap fingerprint that
    sentences with the same words always share, so `_words` runs only on a collision (0.4 per article
    of the bench's, one of them a real repeat; counting "a" too had cost more than it saved).
    """
    # Trimmed by reading the few white space characters at either end: `strip` would copy the span twice.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 2:
        return
    body = text[start:end]
    # Counted in both cases rather than in a lower-cased copy, which took longer than the counting.
    fingerprint = (body.count("e") + body.count("E"), body.count("t") + body.count("T"))
    earlier = seen.setdefault(fingerprint, [])
    duplicate_of = None
    if earlier:
        words = _words(body)
        duplicate_of = next((index for index in earlier if _words(sentences[index].text) == words), None)
    if duplicate_of is None:
        earlier.append(len(sentences))
    sentences.append(Sentence(start, end, body, duplicate_of))
