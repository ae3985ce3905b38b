"""Shared fixtures: the seed article and its extraction (computed once per session), the dataset the
dashboard opens on, and the browser the browser tests drive."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The suite tests the embedded gazetteer: packs a developer installed in data/packs/ stay out of it (and out of
# the commands the tests start), and the pack tests use folders of their own.
os.environ["DATELINES_PACKS_DIR"] = tempfile.mkdtemp(prefix="datelines-tests-no-packs-")
atexit.register(shutil.rmtree, os.environ["DATELINES_PACKS_DIR"], True)

from datelines.data.dataset import Dataset, article_paths, load_articles  # noqa: E402
from datelines.extract.article import Article, read_article  # noqa: E402
from datelines.extract.pipeline import Extraction, extract  # noqa: E402

SEED_PATH = ROOT / "seeds" / "karabakh-2023-09-23.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


GEONAMES = ROOT / "tests" / "fixtures" / "geonames"  # a small KE.txt in GeoNames' dump format, and its code lists


def geonames_country_zip(folder: Path) -> Path:
    """KE.zip as GeoNames serves it (the data file and a readme), the code lists beside it, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / "KE.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(GEONAMES / "KE.txt", "KE.txt")
        out.writestr("readme.txt", "readme for GeoNames Gazetteer extract files\n")
    for codes in ("admin1CodesASCII.txt", "admin2Codes.txt"):
        shutil.copy(GEONAMES / codes, folder / codes)
    return archive


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


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The seed articles, as the dashboard opens on them."""
    return load_articles(article_paths())


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Debian's chromium driven by Playwright (it cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
