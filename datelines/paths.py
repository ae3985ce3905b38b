"""Where the repository's folders are. Its own module because compiled modules cannot use `__file__`:
mypyc's build sets it to the extension's place in build/native/, not the package's."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
CACHE_DIR = ROOT / ".cache"
