"""Article: the full text with places and time expressions highlighted; pick one to see it on the map."""

import html

import streamlit as st
import streamlit.components.v1 as components

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


def _marked(low: int, high: int) -> str:
    """article.text[low:high] as HTML, its place and time spans marked (a span crossing an edge is left plain)."""
    pieces: list[str] = []
    cursor = low
    for start, end, kind, label in spans:
        if start < cursor or start >= high or end > high:
            continue
        pieces.append(_text(article.text[cursor:start]))
        colour = "#ffe08a" if kind == "place" else "#bde3ff"
        pieces.append(
            f'<mark style="background:{colour};padding:0 2px" title="{html.escape(label, quote=True)}">{_text(article.text[start:end])}</mark>'
        )
        cursor = end
    pieces.append(_text(article.text[cursor:high]))
    return "".join(pieces)


# The event a link or the map picked: its sentence is outlined, and the page scrolls to it.
picked = ctx.dataset.events[
    (ctx.dataset.events["id"] == ctx.view.event) & (ctx.dataset.events["article_id"] == article.id)
]
if not picked.empty and not picked["evidence_start"].isna().iloc[0]:
    low, high = int(picked["evidence_start"].iloc[0]), int(picked["evidence_end"].iloc[0])
    body = (
        _marked(0, low)
        + '<span id="datelines-evidence" style="outline:2px solid #d62728;outline-offset:2px;background:#fff4f4">'
        + _marked(low, high)
        + "</span>"
        + _marked(high, len(article.text))
    )
    st.caption(f"Outlined: the sentence of the selected event ({plain(picked['event_label'].iloc[0])}).")
else:
    body = _marked(0, len(article.text))
body = body.replace("\n", "<br>")
st.markdown(
    '<div style="line-height:1.6;max-width:60em"><span style="background:#ffe08a">place</span> '
    '<span style="background:#bde3ff">time</span></div>',
    unsafe_allow_html=True,
)
st.markdown(f'<div style="line-height:1.6;max-width:60em">{body}</div>', unsafe_allow_html=True)
if "datelines-evidence" in body:
    components.html(
        "<script>const e = window.parent.document.getElementById('datelines-evidence');"
        "if (e) { e.scrollIntoView({block: 'center'}); }</script>",
        height=0,
    )

names = {f"{place.mention} → {place.name}": place.id for place in extraction.places}
choice = st.selectbox("Show a place on the map", ["—", *names])
event_map(ctx, height=420, highlighted_place=names.get(choice))
