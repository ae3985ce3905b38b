"""Article: the full text with places and time expressions highlighted; pick one to see it on the map."""

import html

import streamlit as st

from datelines.extract.dates import find_time_expressions
from ui.context import context
from ui.text import plain
from ui.widgets import event_map

_MARKDOWN = str.maketrans({character: f"&#{ord(character)};" for character in "\\`*_{}[]()#+-.!|~$:"})


def _text(value: str) -> str:
    """Article text as inert HTML: escaped, and markdown syntax turned into entities."""
    return html.escape(value).translate(_MARKDOWN)


ctx = context("article")
if not ctx.dataset.articles:
    st.info("This dataset is a table of events, not articles: there is no text to show.")
    st.stop()
article_id = ctx.view.article or sorted(ctx.dataset.articles)[0]
extraction = ctx.dataset.extractions[article_id]
article = extraction.article
st.subheader(plain(article.title), anchor=False)
st.caption(f"Published {article.published or 'date unknown'} · id {article.id}")

spans: list[tuple[int, int, str, str]] = []
for place in extraction.places:
    for mention in place.mentions:
        if mention.end <= mention.start:  # a place added by hand has no span in the text
            continue
        spans.append((mention.start, mention.end, "place", f"{place.name} ({place.kind})"))
for expression in find_time_expressions(article.text, article.published):
    label = (
        f"{expression.date_start} – {expression.date_end} ({expression.precision}, {expression.rule})"
        if expression.resolved
        else expression.rule
    )
    spans.append((expression.start, expression.end, "time", label))
spans.sort()

pieces: list[str] = []
cursor = 0
for start, end, kind, label in spans:
    if start < cursor:
        continue
    pieces.append(_text(article.text[cursor:start]))
    colour = "#ffe08a" if kind == "place" else "#bde3ff"
    pieces.append(
        f'<mark style="background:{colour};padding:0 2px" title="{html.escape(label, quote=True)}">{_text(article.text[start:end])}</mark>'
    )
    cursor = end
pieces.append(_text(article.text[cursor:]))
body = "".join(pieces).replace("\n", "<br>")
st.markdown(
    '<div style="line-height:1.6;max-width:60em"><span style="background:#ffe08a">place</span> '
    '<span style="background:#bde3ff">time</span></div>',
    unsafe_allow_html=True,
)
st.markdown(f'<div style="line-height:1.6;max-width:60em">{body}</div>', unsafe_allow_html=True)

names = {f"{place.mention} → {place.name}": place.id for place in extraction.places}
choice = st.selectbox("Show a place on the map", ["—", *names])
event_map(ctx, height=420, highlighted_place=names.get(choice))
