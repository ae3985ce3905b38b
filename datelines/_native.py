"""Load the mypyc-compiled pipeline modules, but only when they were built from these very sources.

`make native` compiles the extraction modules to C with mypyc (2 to 3x faster: docs/performance.md). The result is a
build artefact in build/native/, and a stale one must never stand in for a source edited since:
the build records a digest of its sources, and nothing compiled is loaded unless every source
still matches it and the interpreter is the one it was built for. Otherwise the plain Python
modules load, as they do on a machine with no C compiler. DATELINES_PURE_PYTHON=1 forces them.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import sysconfig
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
NATIVE_DIR = PACKAGE_DIR.parent / "build" / "native"
MANIFEST_PATH = NATIVE_DIR / "manifest.json"
# The hot path of `extract`. Modules that import geopy, pandas or Streamlit stay plain Python.
COMPILED_MODULES = (
    "extract.acled",
    "extract.article",
    "extract.dates",
    "extract.events",
    "extract.keywords",
    "extract.pipeline",
    "extract.places.names",
    "extract.places.offsets",
    "extract.places.sites",
    "extract.places.stage",
    "extract.taxonomy",
    "geo.gazetteer",
)
PURE_PYTHON_VARIABLE = "DATELINES_PURE_PYTHON"

status = "pure Python (not installed yet)"


def source_path(name: str) -> Path:
    """The source file of a compiled module, named relative to the package ("extract.dates")."""
    return PACKAGE_DIR.joinpath(*name.split(".")).with_suffix(".py")


def sources_digest(names: Sequence[str] = COMPILED_MODULES) -> str:
    """A digest of the compiled modules' sources: any edit changes it."""
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        digest.update(source_path(name).read_bytes())
    return digest.hexdigest()


class _CompiledModules(MetaPathFinder):
    """Finds the listed modules (and mypyc's shared library) as extension modules in build/native/."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        file = self.files.get(fullname)
        if file is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(file))
        return importlib.util.spec_from_file_location(fullname, file, loader=loader)


def _unusable_reason(manifest: dict) -> str | None:
    if manifest.get("cache_tag") != sys.implementation.cache_tag:
        return f"built for {manifest.get('cache_tag')}, running {sys.implementation.cache_tag}"
    if manifest.get("platform") != sysconfig.get_platform():
        return f"built for {manifest.get('platform')}, running on {sysconfig.get_platform()}"
    if manifest.get("modules") != list(COMPILED_MODULES) or manifest.get("sources") != sources_digest():
        return "sources changed since `make native`"
    missing = [name for name in manifest.get("files", {}).values() if not (NATIVE_DIR / name).exists()]
    return f"missing {', '.join(missing)}" if missing else None


def install() -> str:
    """Put the compiled modules first on the import path when they are usable; say which code runs."""
    global status
    if os.environ.get(PURE_PYTHON_VARIABLE, "") not in ("", "0"):
        status = f"pure Python ({PURE_PYTHON_VARIABLE} is set)"
        return status
    try:
        manifest = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        status = "pure Python (no compiled build: `make native`)"
        return status
    reason = _unusable_reason(manifest)
    if reason is not None:
        status = f"pure Python ({reason})"
        return status
    if not any(isinstance(finder, _CompiledModules) for finder in sys.meta_path):
        files = {fullname: NATIVE_DIR / name for fullname, name in manifest["files"].items()}
        sys.meta_path.insert(0, _CompiledModules(files))
    status = "compiled with mypyc"
    return status
