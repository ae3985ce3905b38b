import random

from regex_twins import random_texts

from datelines.extract.keywords import KeywordSet


def _every_occurrence(keys: list[str], text: str) -> list[tuple[int, int, int]]:
    found = []
    for index, key in enumerate(keys):
        at = text.find(key)
        while at >= 0:
            found.append((index, at, at + len(key)))
            at = text.find(key, at + 1)
    return sorted(found)


def test_each_set_finds_every_occurrence_of_its_keys_in_the_one_pass() -> None:
    camps = KeywordSet(["camp", "Camp", "refugee camp", "day"])
    days = KeywordSet(["day", "Monday", "to", "today", "é"])  # "day" is in both sets
    generator = random.Random(2)
    pieces = ["camp", "Camp", "refugee ", "Mon", "day", "to", "é", " ", "x", "’"]
    for text in random_texts(generator, pieces, 500, 12):
        assert sorted(_numbered_in_its_set(camps, text)) == _every_occurrence(camps.keys, text), text
        assert sorted(_numbered_in_its_set(days, text)) == _every_occurrence(days.keys, text), text


def _numbered_in_its_set(keyword_set: KeywordSet, text: str) -> list[tuple[int, int, int]]:
    return [(key - keyword_set.offset, start, end) for key, start, end in keyword_set.find(text)]


def test_a_set_made_after_a_scan_is_searched_too_and_each_text_gets_its_own_answer() -> None:
    first = KeywordSet(["strike"])
    text = "A strike hit the port; the strike ended."
    assert [start for _index, start, _end in first.find(text)] == [2, 27]
    later = KeywordSet(["port"])
    assert _numbered_in_its_set(later, text) == [(0, 17, 21)]
    assert _numbered_in_its_set(first, "No strikes here.") == [(0, 3, 9)]
    assert _numbered_in_its_set(first, text)[0] == (0, 2, 8)
