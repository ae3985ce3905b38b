"""Shared fixtures: the seed article and its extraction (computed once per session)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datelines.article import Article, read_article  # noqa: E402
from datelines.pipeline import Extraction, extract  # noqa: E402

SEED_PATH = ROOT / "seeds" / "karabakh-2023-09-23.txt"


@pytest.fixture(scope="session")
def seed_article() -> Article:
    return read_article(SEED_PATH)


@pytest.fixture(scope="session")
def seed_extraction(seed_article: Article) -> Extraction:
    return extract(seed_article, online=False)
