"""Untrusted text (articles, file names, link parameters) shown through Streamlit's markdown."""

from __future__ import annotations

# Every character markdown or HTML could act on becomes a numeric entity: shown literally, never run.
_ACTIVE = str.maketrans({character: f"&#{ord(character)};" for character in "\\`*_{}[]()#+-.!|~$:<>&\"'"})


def plain(value: object) -> str:
    """`value` as inert text for st.markdown, st.warning, st.error, st.caption …"""
    return str(value).translate(_ACTIVE)
