"""Checks shared by the tests that hold a quick path to the plain one it replaced (a regex, a scan, a copy):
random texts built from pieces that reach the cases, and a possessive pattern's backtracking twin."""

import random
import re
from collections.abc import Iterator, Sequence


def random_texts(
    generator: random.Random, pieces: Sequence[str], count: int, most: int, fewest: int = 0, joiner: str = ""
) -> Iterator[str]:
    """`count` texts, each `fewest` to `most` pieces drawn from `pieces` and joined by `joiner`. The caller
    may draw from `generator` between texts."""
    for _ in range(count):
        yield joiner.join(generator.choice(pieces) for _ in range(generator.randint(fewest, most)))


def assert_finds_what_its_backtracking_twin_finds(pattern: re.Pattern[str], vocabulary: list[str], seed: int) -> None:
    """`pattern` with its possessive runs ("++", "*+") made greedy again must find the same matches in random
    texts drawn from `vocabulary`: possessive runs are only a speed-up where giving back could never help."""
    twin = re.compile(pattern.pattern.replace("++", "+").replace("*+", "*"))
    assert twin.pattern != pattern.pattern
    for text in random_texts(random.Random(seed), vocabulary, 5000, 14):
        assert [m.regs for m in pattern.finditer(text)] == [m.regs for m in twin.finditer(text)], text
