"""A check shared by the tests of modules that write possessive quantifiers into their patterns."""

import random
import re


def assert_finds_what_its_backtracking_twin_finds(pattern: re.Pattern[str], vocabulary: list[str], seed: int) -> None:
    """`pattern` with its possessive runs ("++", "*+") made greedy again must find the same matches in random
    texts drawn from `vocabulary`: possessive runs are only a speed-up where giving back could never help."""
    twin = re.compile(pattern.pattern.replace("++", "+").replace("*+", "*"))
    assert twin.pattern != pattern.pattern
    generator = random.Random(seed)
    for _ in range(5000):
        text = "".join(generator.choice(vocabulary) for _ in range(generator.randint(0, 14)))
        assert [m.regs for m in pattern.finditer(text)] == [m.regs for m in twin.finditer(text)], text
