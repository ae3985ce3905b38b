"""What a text's character at a position is, for the loops that read a text one character at a time.

Compiled, `ord(text[at])` is a plain read of the character's code, while `text[at].isspace()` first
fetches a one-character string and then calls its method. ASCII is settled by the code; any other
character is asked the method, so each answer is the method's.
"""

from __future__ import annotations


def is_space_at(text: str, at: int) -> bool:
    """`text[at].isspace()`: what the regex `\\s` matches."""
    code = ord(text[at])
    if code < 128:
        return code == 32 or 9 <= code <= 13 or 28 <= code <= 31
    return text[at].isspace()


def is_alnum_at(text: str, at: int) -> bool:
    """`text[at].isalnum()`."""
    code = ord(text[at])
    if code < 128:
        return 97 <= code <= 122 or 65 <= code <= 90 or 48 <= code <= 57
    return text[at].isalnum()


def is_upper_at(text: str, at: int) -> bool:
    """`text[at].isupper()`."""
    code = ord(text[at])
    if code < 128:
        return 65 <= code <= 90
    return text[at].isupper()
