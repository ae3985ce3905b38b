"""One pass over an article's text for the literal words that several modules look for.

Event triggers (taxonomy), site heads (landmarks), date hints (dates) and words of speech (events)
are each a list of keys found wherever they occur. One Aho-Corasick automaton over all of them scans the text once, and the
next module to ask about the same text object is answered from that scan: each module's own pass
had cost nearly as much as the merged one.
"""

from __future__ import annotations

from typing import Final, cast

from ahocorasick_rs import AhoCorasick, Implementation

Occurrence = tuple[int, int, int]  # (offset of the key's set + index of the key in it, start, end)


def case_variants(key: str) -> tuple[str, ...]:
    """A lower-case key as news writes it: as is, capitalised, in title case ("Air Strikes"), in upper case."""
    return tuple(dict.fromkeys((key, key.capitalize(), key.title(), key.upper())))


def is_word_character(character: str) -> bool:
    """What the regex `\\w` matches: a letter or digit in any script, or "_" (the keys' word bounds)."""
    return character.isalnum() or character == "_"


class KeywordSet:
    """The keys one module looks for; `find` gives every occurrence of each, overlapping ones too.

    The sets' keys are numbered one after the other in the one automaton, each set's from its `offset`
    on (a key two sets share is in it twice), so an occurrence the automaton reports belongs to one set
    as it stands: `find` hands out the automaton's own tuples, numbered from `offset`, where renumbering
    them had cost a new tuple and its numbers for each."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = list(keys)
        self.number = len(_SETS)
        self.offset = len(_SET_OF_KEY)
        _SETS.append(self)
        _SET_OF_KEY.extend([self.number] * len(self.keys))
        _FINDER.clear()  # the next scan builds the automaton with these keys too
        _LAST[0] = ("", [])

    def find(self, text: str) -> list[Occurrence]:
        """(`offset` + index of the key, start, end) of every occurrence in `text`, in the order of their ends."""
        return cast(list[Occurrence], _scan(text)[self.number])


_SETS: Final[list[KeywordSet]] = []
_SET_OF_KEY: Final[list[int]] = []  # the number of the set each key of the automaton belongs to
_FINDER: Final[list[AhoCorasick]] = []
# The last text scanned and what was found in it, by set: one assignment, so that another thread sees
# either the old pair or the new one.
_LAST: Final[list[tuple[str, list[list[tuple[int, ...]]]]]] = [("", [])]


def _automaton() -> AhoCorasick:
    if not _FINDER:
        keys = [key for keyword_set in _SETS for key in keyword_set.keys]
        _FINDER.append(AhoCorasick(keys, implementation=Implementation.DFA))
    return _FINDER[0]


def _scan(text: str) -> list[list[tuple[int, ...]]]:
    last_text, last_found = _LAST[0]
    if text is last_text and len(last_found) == len(_SETS):
        return last_found
    found: list[list[tuple[int, ...]]] = [[] for _ in _SETS]
    occurrences = cast(list[tuple[int, ...]], _automaton().find_matches_as_indexes(text, overlapping=True))
    for occurrence in occurrences:  # kept as the tuples they are (a fixed-size tuple type would be unpacked)
        found[_SET_OF_KEY[occurrence[0]]].append(occurrence)
    _LAST[0] = (text, found)
    return found
