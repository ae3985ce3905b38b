import sys

import pytest

from datelines.characters import is_alnum_at, is_space_at, is_upper_at


def test_each_test_answers_as_the_string_method_for_every_character() -> None:
    """Every code point, ASCII read from its code and the rest through the method, inside a text."""
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        text = "a" + character + "b"
        assert is_space_at(text, 1) == character.isspace(), hex(code)
        assert is_alnum_at(text, 1) == character.isalnum(), hex(code)
        assert is_upper_at(text, 1) == character.isupper(), hex(code)


def test_a_position_past_the_end_is_an_error_as_for_indexing() -> None:
    with pytest.raises(IndexError):
        is_space_at("ab", 2)
