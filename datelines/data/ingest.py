"""Turning what a user brings (pasted text, an uploaded file, a URL) into article text.

HTML is cleaned with trafilatura (boilerplate and scripts dropped, title and date read from the
page's metadata). Fetching a URL needs the network; offline it fails with a clear message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

from datelines.extract.article import MAX_ARTICLE_BYTES, ArticleError, decode_text

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class Draft:
    text: str
    title: str = ""
    published: date | None = None
    source: str = ""


def _from_html(html: str | bytes, source: str) -> Draft:
    import trafilatura

    extracted = trafilatura.extract(html, with_metadata=True, output_format="json", include_comments=False)
    if not extracted:
        raise ArticleError(f"no article text found in {source}")
    data = json.loads(extracted)
    published = None
    if data.get("date"):
        try:
            published = date.fromisoformat(str(data["date"])[:10])
        except ValueError:
            published = None
    return Draft(text=data.get("text") or "", title=data.get("title") or "", published=published, source=source)


def from_upload(name: str, data: bytes) -> Draft:
    """A .txt/.md file as text, an .html file cleaned; anything else is refused by name."""
    lowered = name.lower()
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{name} is {len(data) / 1e6:.1f} MB; articles are limited to {MAX_ARTICLE_BYTES // 2**20} MB"
        )
    if lowered.endswith(TEXT_SUFFIXES):
        return Draft(text=decode_text(data, name), source=name)
    if lowered.endswith(HTML_SUFFIXES):
        decode_text(data, name)  # binary or non-UTF-8 files are refused before parsing
        return _from_html(data, name)
    raise ArticleError(f"{name}: only .txt, .md and .html files can be read")


def from_url(url: str, timeout: float = 10.0) -> Draft:
    """Fetch and clean a web page (needs the network)."""
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ArticleError(f"{url!r} is not an http(s) address")
    import trafilatura
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(int(timeout)))
    html = trafilatura.fetch_url(url, config=config)
    if not html:
        raise ArticleError(f"could not fetch {url} (no network, or the site did not answer); paste the text instead")
    return _from_html(html, url)
