import re
from pathlib import Path

import pytest
from regex_twins import random_texts

from datelines.extract.article import ArticleError, decode_text, read_article, split_sentences


def test_repeated_lede_is_marked_duplicate(seed_article) -> None:
    sentences = split_sentences(seed_article.text)
    assert sentences[0].duplicate_of is None
    assert sentences[1].duplicate_of == 0
    assert sum(1 for s in sentences if s.duplicate_of is None) == len(sentences) - 1


def test_duplicates_share_their_words_not_just_their_letters() -> None:
    sentences = split_sentences("Eat tea now. Tea ate now. EAT, tea  now! Then it rained.")
    assert [s.duplicate_of for s in sentences] == [None, None, 0, None]


def test_a_sentence_is_a_duplicate_of_the_first_earlier_one_with_the_same_words() -> None:
    """The fingerprint that files sentences is a shortcut only: marking must be what comparing words gives."""
    import random

    from datelines.extract.article import _words

    pieces = ["Eat tea", "EAT TEA", "eat, tea", "Ate", "tea.", "now", "Now!", "ΟΔΟΣ", "οδος", "İstanbul", "i̇stanbul"]
    pieces += ["Σ", "σ", "ς", "_x", "“", "e", "E", "7", "t"]
    generator = random.Random(2)
    for _ in range(2000):
        bodies = [" ".join(generator.choice(pieces) for _ in range(generator.randint(1, 3))) for _ in range(6)]
        sentences = split_sentences("\n".join(bodies))
        for index, sentence in enumerate(sentences):
            same = [earlier for earlier in range(index) if _words(sentences[earlier].text) == _words(sentence.text)]
            assert sentence.duplicate_of == (same[0] if same else None), [s.text for s in sentences]


def test_the_words_of_a_sentence_are_what_the_regex_substitution_gives() -> None:
    import random

    from datelines.extract.article import _NON_WORDS, _words

    pieces = ["Eat", " ", "  ", "tea", ",", "’", "—", "_x", "İ", "ΟΔΟΣ", "ß", "\u00a0", "\t", "\n", "é", "7", "½", "…"]
    generator = random.Random(12)
    for text in random_texts(generator, pieces, 4000, 12):
        assert _words(text) == _NON_WORDS.sub(" ", text.lower()).strip(), repr(text)


def test_sentence_offsets_and_abbreviations() -> None:
    text = "Lt. Gen. Mais Barhudarov spoke in the U.S. capital. Then he left.\nA new line."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Lt. Gen. Mais Barhudarov spoke in the U.S. capital.",
        "Then he left.",
        "A new line.",
    ]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_metadata_beside_the_text_is_read(seed_article) -> None:
    assert seed_article.id == "karabakh-2023-09-23"
    assert str(seed_article.published) == "2023-09-23"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"\x00\x01\x02binary", "binary", id="binary"),
        pytest.param("caf\u00e9".encode("latin-1"), "not UTF-8", id="latin-1"),
        pytest.param(b"x" * (5 * 1024 * 1024 + 1), "MB", id="too-big"),
    ],
)
def test_bad_bytes_give_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        decode_text(data, "upload")


def test_missing_file_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="cannot read"):
        read_article(tmp_path / "missing.txt")


def test_bad_metadata_date_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "23/09/2023"}', encoding="utf-8")
    with pytest.raises(ArticleError, match="not an ISO date"):
        read_article(tmp_path / "a.txt")


def test_a_time_of_day_does_not_end_the_sentence() -> None:
    (sentence,) = split_sentences("The quake hit at 4:10 p.m. Monday near the town of Anamizu.")
    assert sentence.text.endswith("Anamizu.")


def test_a_sentence_may_end_in_a_one_digit_number_but_not_before_a_month() -> None:
    assert [s.text for s in split_sentences("Counting is set for June 4. In Hyderabad, it rained.")] == [
        "Counting is set for June 4.",
        "In Hyderabad, it rained.",
    ]
    assert len(split_sentences("Posted 5. Apr 2018 by staff. W. Jones wrote it.")) == 2  # a European date, an initial


def test_a_word_that_only_starts_like_a_month_does_not_hold_a_sentence_together() -> None:
    assert len(split_sentences("Talks are scheduled for June 4. Mariupol was shelled again. Mayor Adams spoke.")) == 3


def test_the_word_before_a_full_stop_is_what_the_regex_finds() -> None:
    """`_word_before_dot` reads backwards; it must give the group of `([\\w.]+)\\.$` in the same window."""
    import random
    import re

    from datelines.extract.article import _word_before_dot

    regex = re.compile(r"([\w.]+)\.$")
    pieces = ["U", "S", ".", " ", "Gen", "4", "_", "é", "’", "\n", "-", "中", "x"]
    generator = random.Random(3)
    for drawn in random_texts(generator, pieces, 3000, 20, fewest=1):
        text = drawn + "."
        dot = len(text) - 1
        floor = generator.randint(0, dot + 1)
        found = regex.search(text, floor, dot + 1)
        assert _word_before_dot(text, floor, dot) == (found.group(1) if found else ""), (text, floor)


def test_sentence_breaks_are_the_ones_the_break_pattern_finds() -> None:
    """`_breaks` reads each break from its mark (".", "!", "?" or a line break) character by character; it
    must find what the regex it replaced finds scanning the whole text, white space of every kind included."""
    import random

    from datelines.extract.article import _breaks

    pattern = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|(?<=\n)(?:\s*\n)?)")
    pieces = ["Word", " ", ".", "!", "?", "\n", "\n\n", " \n", "”", ")", "“", "(", "U.S.", "5", "A", "\t", "é", "..."]
    pieces += ["’", "‘", '"', "'", "]", "[", "a", "\u00a0", "\x1c", "\r\n", "\r", "\u2028", "Z", "0", "9"]
    generator = random.Random(8)
    found = 0
    for text in random_texts(generator, pieces, 5000, 25):
        expected = [m.span() for m in pattern.finditer(text)]
        assert _breaks(text) == expected, text
        found += len(expected)
    assert found > 5_000  # the texts do reach the pattern
