"""`make native`: compile the extraction modules with mypyc into build/native/ (build-time only).

The compiled modules load only while their sources match the digest written here (see
datelines/_native.py). A failed build removes the old one and leaves the plain Python modules
in charge: the program works the same, only slower.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

os.environ["DATELINES_PURE_PYTHON"] = "1"  # never load a stale compiled module while building

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datelines._native import COMPILED_MODULES, MANIFEST_PATH, NATIVE_DIR, sources_digest  # noqa: E402

GROUP = "datelines"  # mypyc's shared library is then `datelines__mypyc`

_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify

paths = sys.argv[1].split(",")
c_sources, sys.argv = sys.argv[4], [sys.argv[0], "build_ext", "--build-lib", sys.argv[2], "--build-temp", sys.argv[3]]
setup(
    name="datelines-native",
    packages=[],
    py_modules=[],
    ext_modules=mypycify(["--ignore-missing-imports", *paths], opt_level="3", group_name="{group}", target_dir=c_sources),
)
"""


def build() -> int:
    shutil.rmtree(NATIVE_DIR, ignore_errors=True)  # a half-built or stale build must not survive a failure
    digest = sources_digest()
    with tempfile.TemporaryDirectory(prefix="datelines-native-") as scratch:
        work = Path(scratch)
        setup_script = work / "setup_native.py"
        setup_script.write_text(_SETUP.format(group=GROUP), encoding="utf-8")
        paths = ",".join(f"datelines/{name}.py" for name in COMPILED_MODULES)
        command = [sys.executable, str(setup_script), paths, *(str(work / part) for part in ("lib", "temp", "c"))]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(result.stdout[-4000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
            print("native build failed: the plain Python modules will run (slower, same results)", file=sys.stderr)
            return 1
        NATIVE_DIR.mkdir(parents=True)
        files = {}
        for library in sorted((work / "lib").rglob("*.so")):
            shutil.copy2(library, NATIVE_DIR / library.name)
            module = library.name.split(".", 1)[0]
            fullname = module if module.endswith("__mypyc") else f"datelines.{module}"
            files[fullname] = library.name
    if sources_digest() != digest:
        print("sources changed during the build: run `make native` again", file=sys.stderr)
        return 1
    manifest = {
        "cache_tag": sys.implementation.cache_tag,
        "platform": sysconfig.get_platform(),
        "modules": list(COMPILED_MODULES),
        "sources": digest,
    }
    MANIFEST_PATH.write_text(json.dumps({**manifest, "files": files}, indent=1) + "\n", encoding="utf-8")
    print(f"compiled {len(files) - 1} modules with mypyc into {NATIVE_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(build())
