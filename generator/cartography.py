"""Where things fall on the atlas's maps: the Equal Earth projection (PROJ, through pyproj) and the world's
country outlines (Natural Earth, vendored from the npm package world-atlas; see vendor/world-atlas/README.md).

Every map shares one frame: projected metres divided by SCALE, y pointing down, so a point placed on one map
falls on the same spot of any other, and a page can lay its own marks over a base map drawn once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
from pyproj import Transformer

from .countries import Point
from .paths import cache_folder

VENDOR = Path(__file__).parent / "vendor" / "world-atlas"
SCALE = 10_000  # projected metres per map unit: the world is about 3,450 x 1,680 units
_TO_EQUAL_EARTH = Transformer.from_crs("EPSG:4326", "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m", always_xy=True)


@dataclass(frozen=True)
class Box:
    """A rectangle of the map frame, as an SVG viewBox."""

    x: float
    y: float
    width: float
    height: float

    @property
    def view_box(self) -> str:
        return f"{self.x:.1f} {self.y:.1f} {self.width:.1f} {self.height:.1f}"

    def padded(self, margin: float, min_width: float, aspect: float) -> Box:
        """Grown by `margin` on each side, at least `min_width` wide, and widened or heightened to `aspect`."""
        width = max(self.width + 2 * margin, min_width)
        height = max(self.height + 2 * margin, width / aspect)
        width = max(width, height * aspect)
        centre_x, centre_y = self.x + self.width / 2, self.y + self.height / 2
        box = Box(centre_x - width / 2, centre_y - height / 2, width, height)
        return box.within(WORLD)

    def within(self, outer: Box) -> Box:
        """Moved (not shrunk, unless larger) so that it lies inside `outer`."""
        width, height = min(self.width, outer.width), min(self.height, outer.height)
        x = min(max(self.x, outer.x), outer.x + outer.width - width)
        y = min(max(self.y, outer.y), outer.y + outer.height - height)
        return Box(x, y, width, height)


def place(longitude: float, latitude: float) -> tuple[float, float]:
    x, y = _TO_EQUAL_EARTH.transform(longitude, latitude)
    return round(x / SCALE, 1), round(-y / SCALE, 1)


def place_point(point: Point) -> tuple[float, float]:
    return place(point.longitude, point.latitude)


def _world_box() -> Box:
    left, _ = place(-180, 0)
    right, _ = place(180, 0)
    _, top = place(0, 90)
    _, bottom = place(0, -90)
    return Box(left, top, right - left, bottom - top)


WORLD = _world_box()
# World maps leave out the far south: no region stands south of 56 degrees, and Antarctica would take a
# fifth of the picture.
INHABITED = Box(WORLD.x, WORLD.y, WORLD.width, place(0, -58)[1] - WORLD.y)


def around(points: list[tuple[float, float]]) -> Box:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


@dataclass(frozen=True)
class Outline:
    """One country's shape in the map frame, as SVG path data, with its bounding box."""

    code: str  # ISO 3166-1 alpha-2, or "" where Natural Earth gives no ISO number (e.g. Kosovo, Northern Cyprus)
    name: str
    path: str
    box: Box


CACHE = cache_folder("outlines")


@cache
def outlines(scale: str) -> tuple[Outline, ...]:
    """Natural Earth's countries at 1:110m or 1:50m, projected. Projecting them takes longer than the rest of a
    page build, so the result is kept in build/.cache under the hash of the geometry file and of this module."""
    source = (VENDOR / f"countries-{scale}.geojson").read_bytes()
    key = hashlib.sha256(source + Path(__file__).read_bytes()).hexdigest()
    cached = CACHE / f"{scale}-{key}.json"
    if cached.exists():
        return tuple(Outline(o["code"], o["name"], o["path"], Box(*o["box"])) for o in json.loads(cached.read_text(encoding="utf-8")))
    collection = json.loads(source)
    projected = tuple(_outline(f) for f in collection["features"] if f.get("geometry") and f["properties"].get("name") != "Antarctica")
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps([{"code": o.code, "name": o.name, "path": o.path,
                                   "box": [o.box.x, o.box.y, o.box.width, o.box.height]} for o in projected]), encoding="utf-8")
    return projected


def _outline(feature: dict) -> Outline:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    parts, placed = [], []
    for polygon in polygons:
        for ring in polygon:
            xs, ys = _TO_EQUAL_EARTH.transform([p[0] for p in ring], [p[1] for p in ring])
            points = [(round(x / SCALE, 1), round(-y / SCALE, 1)) for x, y in zip(xs, ys)]
            placed.extend(points)
            parts.append(_ring_path(_without_repeats(points)))
    country = pycountry.countries.get(numeric=str(feature.get("id", ""))) if feature.get("id") else None
    return Outline(country.alpha_2 if country else "", feature["properties"].get("name", ""), "".join(parts), around(placed))


def _ring_path(points: list[tuple[float, float]]) -> str:
    # A ring that crosses the 180th meridian (Fiji, Chukotka) is drawn as separate runs on either side, not
    # joined by a line across the whole map.
    path, previous = "", None
    for x, y in points:
        jump = previous is None or abs(x - previous[0]) > WORLD.width / 2
        path += f"{'M' if jump else 'L'}{x:g},{y:g}"
        previous = (x, y)
    return path + "Z"


def _without_repeats(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    # At the map's scale many neighbouring vertices round to the same spot; drawing them again adds only bytes.
    kept = [points[0]]
    for point in points[1:]:
        if point != kept[-1]:
            kept.append(point)
    return kept
