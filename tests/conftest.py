"""Shared fixtures: the seed article and its extraction (computed once per session)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datelines.extract.article import Article, read_article  # noqa: E402
from datelines.extract.pipeline import Extraction, extract  # noqa: E402

SEED_PATH = ROOT / "seeds" / "karabakh-2023-09-23.txt"


def shared_file(path: Path) -> Path:
    """A development set from ../shared, which CI places beside the clone and a newcomer's machine lacks.
    Scoring against it is the one kind of test that may skip, and says why; nothing else skips."""
    if not path.exists():
        pytest.skip(f"not run: {path} is not here (the development sets live in ../shared beside the clone)")
    return path


@pytest.fixture(scope="session")
def seed_article() -> Article:
    return read_article(SEED_PATH)


@pytest.fixture(scope="session")
def seed_extraction(seed_article: Article) -> Extraction:
    return extract(seed_article, online=False)
