"""`make native`: compile the extraction modules with mypyc into build/native/ (build-time only).

The compiled modules load only while their sources match the digest written here (see
datelines/_native.py). A failed build removes the old one and leaves the plain Python modules
in charge: the program works the same, only slower.

The C is compiled twice, profile-guided (GCC's PGO): once with counters, which a training run of
`extract` over the repository's own articles fills, then again laid out by what those counters
saw (branches, inlining). `-fprofile-partial-training` keeps code the training never ran as fast
as an unguided build makes it, so an article unlike the training ones loses nothing. Should the
instrumented build, its training or the guided build fail, the unguided build is installed instead.
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

from datelines._native import (  # noqa: E402
    COMPILED_MODULES,
    MANIFEST_PATH,
    NATIVE_DIR,
    PURE_PYTHON_VARIABLE,
    source_path,
    sources_digest,
)

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


# What the instrumented build runs to fill its counters: the repository's own articles (the seed and the gold
# articles, as `make bench` reads them), a few passes each.
_TRAINING = """
import sys
import datelines._native as native
from datelines.bench import _articles
from datelines.extract.pipeline import extract

if not native.status.startswith("compiled"):
    sys.exit("the instrumented build did not load: " + native.status)
articles = _articles()
for _ in range(5):
    for article in articles:
        extract(article, online=False)
print(len(articles))
"""
_INSTRUMENTED = "-fprofile-generate={profile} -fprofile-update=single"
_GUIDED = "-fprofile-use={profile} -fprofile-partial-training -fprofile-correction -Wno-missing-profile"


def build() -> int:
    shutil.rmtree(NATIVE_DIR, ignore_errors=True)  # a half-built or stale build must not survive a failure
    digest = sources_digest()
    with tempfile.TemporaryDirectory(prefix="datelines-native-") as scratch:
        work = Path(scratch)
        profile = work / "profile"
        trained = None
        if _compile(work, _INSTRUMENTED.format(profile=profile)) and _install(work, digest):
            trained = _train()
        shutil.rmtree(NATIVE_DIR, ignore_errors=True)
        guided = bool(trained) and _compile(work, _GUIDED.format(profile=profile))
        if not guided and not _compile(work, ""):  # the unguided build, as before profiles
            print("native build failed: the plain Python modules will run (slower, same results)", file=sys.stderr)
            return 1
        if not _install(work, digest, profile_guided=guided):
            return 1
    print(
        f"compiled {len(COMPILED_MODULES)} modules with mypyc into {NATIVE_DIR.relative_to(ROOT)}"
        + (f", profile-guided by {trained} articles" if guided else ", without profile guidance")
    )
    return 0


def _compile(work: Path, flags: str) -> bool:
    """Generate and compile the C into work/lib, with `flags` added to the C compiler's. The objects go to
    the same place every time: the counters of an instrumented build are filed under their objects' paths."""
    setup_script = work / "setup_native.py"
    setup_script.write_text(_SETUP.format(group=GROUP), encoding="utf-8")
    shutil.rmtree(work / "lib", ignore_errors=True)
    paths = ",".join(str(source_path(name).relative_to(ROOT)) for name in COMPILED_MODULES)
    command = [sys.executable, str(setup_script), paths, *(str(work / part) for part in ("lib", "temp", "c"))]
    environment = {**os.environ, "CFLAGS": f"{os.environ.get('CFLAGS', '')} {flags}".strip()}
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
    return result.returncode == 0


def _install(work: Path, digest: str, profile_guided: bool = False) -> bool:
    """Copy the libraries in work/lib to build/native/ with the manifest that lets datelines load them."""
    if sources_digest() != digest:
        print("sources changed during the build: run `make native` again", file=sys.stderr)
        return False
    NATIVE_DIR.mkdir(parents=True)
    files = {}
    for library in sorted((work / "lib").rglob("*.so")):
        # datelines/extract/dates.cpython-311-x86_64-linux-gnu.so is the module datelines.extract.dates
        parts = library.relative_to(work / "lib").parts
        fullname = ".".join([*parts[:-1], parts[-1].split(".", 1)[0]])
        name = f"{fullname}.{library.name.split('.', 1)[1]}"
        shutil.copy2(library, NATIVE_DIR / name)
        files[fullname] = name
    manifest = {
        "cache_tag": sys.implementation.cache_tag,
        "platform": sysconfig.get_platform(),
        "modules": list(COMPILED_MODULES),
        "sources": digest,
    }
    MANIFEST_PATH.write_text(
        json.dumps({**manifest, "files": files, "profile_guided": profile_guided}, indent=1) + "\n", encoding="utf-8"
    )
    return True


def _train() -> int | None:
    """Run the installed instrumented build over the training articles; how many there were, or None."""
    environment = {key: value for key, value in os.environ.items() if key != PURE_PYTHON_VARIABLE}
    command = [sys.executable, "-c", _TRAINING]
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(result.stderr[-4000:], "profile training failed: building without it", sep="\n", file=sys.stderr)
        return None
    return int(result.stdout.split()[-1])


if __name__ == "__main__":
    sys.exit(build())
