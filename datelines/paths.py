"""Where the repository's folders are. Its own module because compiled modules cannot use `__file__`:
mypyc's build sets it to the extension's place in build/native/, not the package's."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
CACHE_DIR = ROOT / ".cache"
PACKS_VARIABLE = "DATELINES_PACKS_DIR"


def packs_dir() -> Path:
    """Where gazetteer packs live: `DATELINES_PACKS_DIR`, else data/packs/ (gitignored). Read at each call,
    so that tests and a second install can point it elsewhere."""
    configured = os.environ.get(PACKS_VARIABLE, "").strip()
    return Path(configured).expanduser() if configured else DATA_DIR / "packs"
