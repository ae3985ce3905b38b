"""How many people a clause reports killed, as ACLED's `fatalities` counts them.

The lowest number the text commits to: "at least 12 were killed" is 12; "killing a man" is 1; words
("three soldiers died") and figures ("1,200 people") both count; the wounded do not. ACLED's own
conventions for vague counts: "dozens" is 12, "hundreds" 100. None when the clause reports no deaths.
"""

from __future__ import annotations

import re
from typing import Final

from datelines.extract.dates import NUMBER_WORDS

# The counting words dates read ("two weeks"), without its vague ones, and the rest up to ninety; ACLED's
# own values for vague counts of the dead.
_WORDS: Final = {
    **{word: number for word, number in NUMBER_WORDS.items() if word not in ("several", "a few", "few")},
    **dict(zip("thirteen fourteen sixteen seventeen eighteen nineteen".split(), (13, 14, 16, 17, 18, 19), strict=True)),
    **dict(zip("sixty seventy eighty ninety".split(), (60, 70, 80, 90), strict=True)),
    "a dozen": 12,
    "dozens": 12,
    "hundreds": 100,
    "scores": 20,
}
_NUMBER: Final = (
    r"(\d{1,3}(?:,\d{3})+|\d+|a dozen|dozens|hundreds|scores|"
    + "|".join(sorted((word for word in _WORDS if " " not in word), key=len, reverse=True))
    + r")"
)
_HEDGE: Final = r"(?:(?:at least|some|about|around|nearly|almost|more than|over|up to|as many as)\s+)?"
_PEOPLE: Final = r"(?:[\w-]+\s+){0,3}?"
# "killing 6 civilians", "killed at least 12 people", "left three dead"
_AFTER_VERB: Final = re.compile(
    r"\b(?:kill(?:ed|ing|s)?)\s+" + _HEDGE + _NUMBER + r"\b(?!\s*(?:%|per|km|miles|kilomet))"
    r"(?:\s+" + _PEOPLE + r"(?:dead|people|persons|civilians|soldiers|troops|fighters|militants|rebels|"
    r"police(?:men|officers)?|officers|men|women|children|protesters|demonstrators|villagers|others|of))?",
    re.IGNORECASE,
)
# "12 people were killed", "three soldiers died", "at least 20 dead"
_BEFORE_VERB: Final = re.compile(
    _HEDGE + r"\b" + _NUMBER + r"\s+" + _PEOPLE + r"(?:(?:were|was|have been|had been|are|being)\s+)?"
    r"(?:killed|dead|died|slain|lost their lives|shot dead)\b",
    re.IGNORECASE,
)
_LEFT_DEAD: Final = re.compile(
    r"\b(?:left|leaving)\s+" + _HEDGE + _NUMBER + r"\s+" + _PEOPLE + r"dead\b", re.IGNORECASE
)
_TOLL: Final = re.compile(r"\bdeath toll\b[^.;]{0,40}?\b" + _NUMBER + r"\b", re.IGNORECASE)
_NOT_DEATHS: Final = re.compile(r"\b(?:injured|wounded|hurt|arrested|detained|abducted|missing)\b", re.IGNORECASE)


def _value(word: str) -> int | None:
    word = word.lower()
    if word[0].isdigit():
        return int(word.replace(",", ""))
    return _WORDS.get(word)


_DEATH_WORDS: Final = ("kill", "dead", "died", "death", "slain", "lives")


def reported_deaths(text: str) -> int | None:
    """The deaths a clause reports (the largest count it gives, as a lowest estimate), or None."""
    lowered = text.lower()
    if not any(word in lowered for word in _DEATH_WORDS):  # most clauses: no pattern can match
        return None
    counts: list[int] = []
    for pattern in (_AFTER_VERB, _BEFORE_VERB, _LEFT_DEAD, _TOLL):
        for match in pattern.finditer(text):
            between = match.group(0)
            if pattern is _BEFORE_VERB and _NOT_DEATHS.search(between):
                continue  # "12 people were injured and two killed": not 12 dead
            value = _value(match.group(1))
            if value is not None and value < 1_000_000:
                counts.append(value)
    return max(counts) if counts else None
