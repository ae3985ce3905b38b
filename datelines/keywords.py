"""One pass over an article's text for the literal words that several modules look for.

Event triggers (taxonomy), site heads (landmarks), date hints (dates) and words of speech (events)
are each a list of keys found wherever they occur. One Aho-Corasick automaton over all of them scans the text once, and the
next module to ask about the same text object is answered from that scan: each module's own pass
had cost nearly as much as the merged one.
"""

from __future__ import annotations

from typing import Final

from ahocorasick_rs import AhoCorasick, Implementation

Occurrence = tuple[int, int, int]  # (index of the key in its set, start, end)


class KeywordSet:
    """The keys one module looks for; `find` gives every occurrence of each, overlapping ones too."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = list(keys)
        self.number = len(_SETS)
        _SETS.append(self)
        _FINDER.clear()  # the next scan builds the automaton with these keys too
        _LAST[0] = ("", [])

    def find(self, text: str) -> list[Occurrence]:
        """(key index, start, end) of every occurrence in `text`, in the order of their ends."""
        return _scan(text)[self.number]


_SETS: Final[list[KeywordSet]] = []
_FINDER: Final[list[tuple[AhoCorasick, list[list[tuple[int, int]]]]]] = []  # the automaton, and each key's (set, index)
# The last text scanned and what was found in it, by set: one assignment, so that another thread sees
# either the old pair or the new one.
_LAST: Final[list[tuple[str, list[list[Occurrence]]]]] = [("", [])]


def _automaton() -> tuple[AhoCorasick, list[list[tuple[int, int]]]]:
    if not _FINDER:
        owners: dict[str, list[tuple[int, int]]] = {}
        for keyword_set in _SETS:
            for index, key in enumerate(keyword_set.keys):
                owners.setdefault(key, []).append((keyword_set.number, index))
        _FINDER.append((AhoCorasick(list(owners), implementation=Implementation.DFA), list(owners.values())))
    return _FINDER[0]


def _scan(text: str) -> list[list[Occurrence]]:
    last_text, last_found = _LAST[0]
    if text is last_text and len(last_found) == len(_SETS):
        return last_found
    finder, owners = _automaton()
    found: list[list[Occurrence]] = [[] for _ in _SETS]
    for key, start, end in finder.find_matches_as_indexes(text, overlapping=True):
        for number, index in owners[key]:
            found[number].append((index, start, end))
    _LAST[0] = (text, found)
    return found
