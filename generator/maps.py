"""The atlas's maps as plain objects: which marks go where, in which colour, naming which region.

The world itself is drawn once per scale (outputs/pictures.py writes pictures/world-<scale>.svg); a page's map
is that picture seen through a window (an SVG viewBox) with the page's own marks laid over it, so a map costs
a few hundred bytes per page, not a full render. The templates write the SVG; this module decides what is in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cartography import INHABITED, WORLD, Box, around, outlines, place_point
from .charts import provider_colours
from .model import Atlas, Nearest, Region

BASE_FOLDER = "pictures"
ASPECT = 2.0  # width : height of every cropped map


def base_path(scale: str) -> str:
    return f"{BASE_FOLDER}/world-{scale}.svg"


@dataclass(frozen=True)
class Mark:
    region: str  # region id: the mark links to its page
    x: float
    y: float
    colour: str
    status: str  # active, announced, closed, or "nearest" for another provider's closest region
    title: str  # what hover or a long tap shows


@dataclass(frozen=True)
class Shape:
    """A country drawn on top of the base map: highlighted, or shaded by a figure."""

    code: str
    name: str
    path: str
    shade: int  # 0 = none; the choropleth's class
    title: str


@dataclass(frozen=True)
class Map:
    label: str  # the accessible name of the picture
    box: Box
    base: str  # path of the base picture from the site root, or "" for a map drawn whole (the choropleth)
    radius: float
    marks: list[Mark]
    shapes: list[Shape]
    legend: list[tuple[str, str, str]]  # (status or shade class, colour, words)

    @property
    def world(self) -> Box:
        return WORLD


def _radius(box: Box) -> float:
    return round(box.width / 180, 2)


def region_title(atlas: Atlas, region: Region) -> str:
    place = ", ".join(p for p in (region.city, atlas.countries[region.country].name if region.country in atlas.countries else "") if p)
    return f"{atlas.providers[region.provider].name} {region.label}, {place or 'place unknown'}: {region.status}"


def _marks(atlas: Atlas, regions: list[Region]) -> list[Mark]:
    colours = provider_colours(atlas)
    order = {"closed": 0, "announced": 1, "closing": 2, "active": 2}  # open regions drawn last, on top
    marks = [
        Mark(r.id, *place_point(r.point), colours[r.provider], r.status, region_title(atlas, r))
        for r in regions if r.point
    ]
    return sorted(marks, key=lambda m: order.get(m.status, 3))


def _status_legend(marks: list[Mark]) -> list[tuple[str, str, str]]:
    words = {"active": "active region", "closing": "open, closure announced", "announced": "announced, not yet open", "closed": "closed",
             "nearest": "nearest active region of a provider absent here"}
    present = {m.status for m in marks}
    return [(status, "", words[status]) for status in words if status in present]


def provider_legend(atlas: Atlas, providers: list[str]) -> list[tuple[str, str, str]]:
    colours = provider_colours(atlas)
    return [("provider", colours[p], atlas.providers[p].name) for p in providers]


def world_map(atlas: Atlas, regions: list[Region], label: str) -> Map:
    marks = _marks(atlas, regions)
    providers = list(dict.fromkeys(r.provider for r in regions if r.point))
    return Map(label, INHABITED, base_path("110m"), _radius(WORLD) * 1.3, marks, [],
               provider_legend(atlas, [p for p in atlas.providers if p in providers]) + _status_legend(marks))


def locator_map(atlas: Atlas, region: Region) -> Map | None:
    if not region.point:
        return None
    x, y = place_point(region.point)
    box = Box(x, y, 0, 0).padded(0, 900, ASPECT)
    marks = _marks(atlas, [region])
    # The region's country is outlined, so that the mark reads against a border the reader knows.
    outline = next((o for o in outlines("110m") if o.code == region.country), None)
    country = atlas.countries.get(region.country)
    shapes = [Shape(region.country, country.name if country else region.country, outline.path, 0,
                    country.name if country else region.country)] if outline else []
    return Map(f"Where {region_title(atlas, region)} stands", box, base_path("110m"), _radius(box) * 1.6, marks, shapes, [])


def country_map(atlas: Atlas, code: str, regions: list[Region], nearest: list[Nearest]) -> Map | None:
    country = atlas.countries[code]
    outline = next((o for o in outlines("50m") if o.code == code), None)
    marks = _marks(atlas, regions)
    colours = provider_colours(atlas)
    marks += [Mark(n.region.id, *place_point(n.region.point), colours[n.provider], "nearest",
                   f"{region_title(atlas, n.region)}; {n.distance_km:,} km away") for n in nearest if n.region.point]
    points = [(m.x, m.y) for m in marks]
    if outline:
        points += [(outline.box.x, outline.box.y), (outline.box.x + outline.box.width, outline.box.y + outline.box.height)]
    elif country.reference:
        points.append(place_point(country.reference))
    if not points:
        return None
    box = around(points).padded(40, 300, ASPECT)
    shapes = [Shape(code, country.name, outline.path, 0, country.name)] if outline else []
    providers = list(dict.fromkeys([*(r.provider for r in regions if r.point), *(n.provider for n in nearest)]))
    return Map(f"{country.name} and its neighbourhood, with its regions and the nearest region of each absent provider",
               box, base_path("50m"), _radius(box), marks, shapes,
               provider_legend(atlas, [p for p in atlas.providers if p in providers]) + _status_legend(marks))


def choropleth(atlas: Atlas) -> Map:
    """The world's countries shaded by how many providers have an active region in each."""
    providers_in: dict[str, set[str]] = {}
    for region in atlas.active_regions:
        providers_in.setdefault(region.country, set()).add(region.provider)
    shapes = []
    for outline in outlines("110m"):
        count = len(providers_in.get(outline.code, ()))
        name = atlas.countries[outline.code].name if outline.code in atlas.countries else outline.name
        words = f"{count} of {len(atlas.providers)} providers" if count != 1 else f"1 of {len(atlas.providers)} providers"
        shapes.append(Shape(outline.code.lower(), name, outline.path, count, f"{name}: {words} with an active region"))
    top = max((s.shade for s in shapes), default=0)
    legend = [("shade", str(n), str(n)) for n in range(top + 1)]
    return Map("World map of countries shaded by how many tracked providers have an active region there",
               INHABITED, "", 0, [], shapes, legend)

