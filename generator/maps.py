"""The atlas's maps as plain objects: which marks go where, in which colour, naming which region.

The world itself is drawn once per scale (outputs/pictures.py writes pictures/world-<scale>.svg); a page's map
is that picture seen through a window (an SVG viewBox) with the page's own marks laid over it, so a map costs
a few hundred bytes per page, not a full render. The templates write the SVG; this module decides what is in it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from .cartography import INHABITED, WORLD, Box, around, outlines, place_point
from .charts import provider_colours
from .model import Atlas, Nearest, Region
from .places import Place, Places
from .region_types import TYPES

BASE_FOLDER = "pictures"
ASPECT = 2.0  # width : height of every cropped map


def base_path(scale: str) -> str:
    return f"{BASE_FOLDER}/world-{scale}.svg"


# How wide a phone shows a map (390 px less the page's margins), and how much larger marks are drawn there than
# on a desktop (atlas.css scales them): a mark's invisible hit circle is sized so that it is at least 24 px across
# there, as a finger needs.
PHONE_MAP_PX = 358
PHONE_MARK_SCALE = 2.2
HIT_PX = 13  # radius: 26 px across, a little more than the 24 px a finger needs

# A changelog entry's type, as the status its mark is drawn with on a year's map.
CHANGE_STATUS = {"announced": "announced", "launched": "active", "closing": "closing", "closed": "closed"}


@dataclass(frozen=True)
class Slice:
    """One region in a place's mark: a wedge of the disc in its provider's colour, drawn by its status."""

    region: str
    provider: str
    colour: str
    status: str  # active, closing, announced, closed, or "nearest" for another provider's closest region
    year: str  # the year it opened, "" when not open or not known: the home map's year filter reads it
    path: str  # the wedge around the mark's centre, or "" when the region is the whole disc
    type: str = "public"  # the region's type (region_types.py): the home map's type filter reads it


@dataclass(frozen=True)
class Mark:
    """One place on a map: a disc divided among the regions shown there, linking to the place's page."""

    place: str  # place id: the mark links to its page
    x: float
    y: float
    radius: float
    area: bool  # the point stands for a state or a country the providers name, not a city
    slices: list[Slice]
    title: str  # what hover or a long tap shows: the place and every region in it

    @property
    def count(self) -> int:
        return len(self.slices)

    @property
    def region(self) -> str:
        return self.slices[0].region


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
    filters: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)  # (key, label, options)
    zoom: bool = True  # pan and zoom where scripts run

    @property
    def world(self) -> Box:
        return WORLD

    @property
    def hit_radius(self) -> float:
        """The invisible circle a tap lands on, in map units, before atlas.css scales marks for a phone."""
        return round(HIT_PX * self.box.width / PHONE_MAP_PX / PHONE_MARK_SCALE, 1)


def _radius(box: Box) -> float:
    return round(box.width / 180, 2)


def region_title(atlas: Atlas, region: Region) -> str:
    place = ", ".join(p for p in (region.city, atlas.countries[region.country].name if region.country in atlas.countries else "") if p)
    return f"{atlas.providers[region.provider].name} {region.label}, {place or 'place unknown'}: {region.status}"


def _wedges(count: int, radius: float) -> list[str]:
    """Equal wedges of a disc of that radius around (0, 0), clockwise from the top; one region is the whole disc."""
    if count == 1:
        return [""]
    paths = []
    for i in range(count):
        a, b = 2 * math.pi * i / count, 2 * math.pi * (i + 1) / count
        x1, y1 = radius * math.sin(a), -radius * math.cos(a)
        x2, y2 = radius * math.sin(b), -radius * math.cos(b)
        large = 1 if b - a > math.pi else 0
        paths.append(f"M0,0L{x1:.2f},{y1:.2f}A{radius:g},{radius:g} 0 {large} 1 {x2:.2f},{y2:.2f}Z")
    return paths


def _size(count: int) -> float:
    # A place with more regions is drawn larger, but never so large that it hides its neighbours.
    return min(1 + 0.12 * (count - 1), 1.9)


def _opened_year(region: Region) -> str:
    return str(region.launched.year) if region.launched and region.status != "announced" else ""


def _place_marks(atlas: Atlas, places: Places, shown: list[tuple[Region, str]], radius: float, words: dict[str, str] | None = None) -> list[Mark]:
    """One mark per place among the regions shown, each with the status it is drawn with."""
    colours = provider_colours(atlas)
    by_place: dict[str, list[tuple[Region, str]]] = {}
    for region, status in shown:
        if region.point and region.id in places.of_region:
            by_place.setdefault(places.of_region[region.id].id, []).append((region, status))
    rank = {"active": 0, "closing": 0, "announced": 1, "nearest": 1, "closed": 2}
    provider_order = {p: i for i, p in enumerate(atlas.providers)}
    marks = []
    for place_id, found in by_place.items():
        place = places.by_id[place_id]
        found.sort(key=lambda pair: (provider_order[pair[0].provider], rank.get(pair[1], 3), pair[0].code, pair[0].id))
        r = round(radius * _size(len(found)), 2)
        slices = [Slice(region.id, region.provider, colours[region.provider], status, _opened_year(region), path, region.type)
                  for (region, status), path in zip(found, _wedges(len(found), r))]
        x, y = place_point(place.point)
        country = atlas.countries[place.country].name if place.country in atlas.countries else place.country
        where = f"{place.name}, {country}" if place.name != country else country
        if place.area:
            where += " (the providers name no city: the mark stands for the area)"
        lines = [f"{atlas.providers[region.provider].name} {region.label}: {(words or {}).get(status) or _status_words(status)}" for region, status in found]
        title = f"{where}: {len(found)} region{'s' if len(found) != 1 else ''}\n" + "\n".join(lines)
        marks.append(Mark(place_id, x, y, r, place.area, slices, title))
    cities = [m for m in marks if not m.area]
    marks = [_around(m, cities) if m.area else m for m in marks]
    # Areas first, then the larger places: a small place is drawn over a large neighbour, so both can be seen.
    return sorted(marks, key=lambda m: (not m.area, -m.count, m.place))


def _around(area: Mark, cities: list[Mark]) -> Mark:
    """An area's mark, grown to ring a city's mark it would otherwise hide under (drawn beneath it)."""
    under = max((c.radius for c in cities if math.dist((c.x, c.y), (area.x, area.y)) < c.radius), default=0)
    if not under:
        return area
    radius = round(area.radius + under, 2)
    return replace(area, radius=radius, slices=[replace(s, path=p) for s, p in zip(area.slices, _wedges(area.count, radius))])


def _status_words(status: str) -> str:
    return {"nearest": "nearest open region of a provider absent here", "closing": "open, closure announced"}.get(status, status)


STATUS_WORDS = {"active": "active region", "closing": "open, closure announced", "announced": "announced, not yet open", "closed": "closed",
                "nearest": "nearest active region of a provider absent here"}


def _year_words(year: int) -> dict[str, str]:
    return {"active": f"opened in {year}", "closing": f"closure announced in {year}", "announced": f"announced in {year}",
            "closed": f"closed in {year}"}


def _status_legend(marks: list[Mark], words: dict[str, str] = STATUS_WORDS) -> list[tuple[str, str, str]]:
    present = {s.status for m in marks for s in m.slices}
    legend = [(status, "", words[status]) for status in words if status in present]
    if any(m.count > 1 for m in marks):
        legend.append(("count", "", "regions in one place, one slice each"))
    if any(m.area for m in marks):
        legend.append(("area", "", "the providers name only a state or country"))
    return legend


def provider_legend(atlas: Atlas, providers: list[str]) -> list[tuple[str, str, str]]:
    colours = provider_colours(atlas)
    return [("provider", colours[p], atlas.providers[p].name) for p in providers]


def _filters(atlas: Atlas, marks: list[Mark]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    slices = [s for m in marks for s in m.slices]
    providers = [(p, atlas.providers[p].name) for p in atlas.providers if any(s.provider == p for s in slices)]
    statuses = [(s, _status_words(s)) for s in ("active", "closing", "announced", "closed") if any(x.status == s for x in slices)]
    years = [(y, y) for y in sorted({s.year for s in slices if s.year}, reverse=True)]
    types = [(t, name) for t, name in TYPES.items() if any(s.type == t for s in slices)]
    return [("provider", "Provider", providers), ("status", "Status", statuses), ("year", "Opened in", years), ("type", "Type", types)]


def world_map(atlas: Atlas, places: Places, regions: list[Region], label: str, filters: bool = False) -> Map:
    radius = _radius(WORLD) * 1.3
    marks = _place_marks(atlas, places, [(r, r.status) for r in regions], radius)
    providers = list(dict.fromkeys(r.provider for r in regions if r.point))
    return Map(label, INHABITED, base_path("110m"), radius, marks, [],
               provider_legend(atlas, [p for p in atlas.providers if p in providers]) + _status_legend(marks),
               _filters(atlas, marks) if filters else [])


def year_map(atlas: Atlas, places: Places, entries: list, year: int) -> Map | None:
    """The regions announced, opened, given notice of closure or closed in a year, each as what happened to it."""
    shown = [(atlas.regions[e.region], CHANGE_STATUS[e.type]) for e in entries
             if e.type in CHANGE_STATUS and e.region in atlas.regions and e.key.startswith(e.region + "/")]
    if not shown:
        return None
    radius = _radius(WORLD) * 1.3
    marks = _place_marks(atlas, places, shown, radius, _year_words(year))
    providers = list(dict.fromkeys(r.provider for r, _ in shown if r.point))
    legend = _status_legend(marks, _year_words(year))
    return Map(f"World map of the regions announced, opened or closed in {year}", INHABITED, base_path("110m"), radius, marks, [],
               provider_legend(atlas, [p for p in atlas.providers if p in providers]) + legend)


def locator_map(atlas: Atlas, places: Places, region: Region) -> Map | None:
    if not region.point:
        return None
    x, y = place_point(region.point)
    box = Box(x, y, 0, 0).padded(0, 900, ASPECT)
    radius = _radius(box) * 1.6
    marks = _place_marks(atlas, places, [(region, region.status)], radius)
    # The region's country is outlined, so that the mark reads against a border the reader knows.
    outline = next((o for o in outlines("110m") if o.code == region.country), None)
    country = atlas.countries.get(region.country)
    shapes = [Shape(region.country, country.name if country else region.country, outline.path, 0,
                    country.name if country else region.country)] if outline else []
    return Map(f"Where {region_title(atlas, region)} stands", box, base_path("110m"), radius, marks, shapes, [], zoom=False)


def place_map(atlas: Atlas, places: Places, place: Place, nearest: list[Nearest]) -> Map:
    """A place and the nearest open region of each provider absent from it."""
    shown = [(r, r.status) for r in place.regions] + [(n.region, "nearest") for n in nearest if n.region.point]
    points = [place_point(r.point) for r, _ in shown if r.point]
    box = around(points).padded(40, 700, ASPECT)
    radius = _radius(box) * 2  # a close-up: few marks, drawn large enough to see every slice
    marks = _place_marks(atlas, places, shown, radius)
    providers = list(dict.fromkeys(r.provider for r, _ in shown))
    return Map(f"{place.name} and the nearest region of each provider absent there", box, base_path("50m"), radius, marks, [],
               provider_legend(atlas, [p for p in atlas.providers if p in providers]) + _status_legend(marks))


def country_map(atlas: Atlas, places: Places, code: str, regions: list[Region], nearest: list[Nearest]) -> Map | None:
    country = atlas.countries[code]
    outline = next((o for o in outlines("50m") if o.code == code), None)
    shown = [(r, r.status) for r in regions] + [(n.region, "nearest") for n in nearest if n.region.point]
    points = [place_point(r.point) for r, _ in shown if r.point]
    # An outline that crosses the 180th meridian (the United States' Aleutians, Russia, Fiji) spans the whole
    # world's width: framing it would shrink the country's own marks to a corner, so frame the marks instead.
    if outline and outline.box.width < WORLD.width / 2:
        points += [(outline.box.x, outline.box.y), (outline.box.x + outline.box.width, outline.box.y + outline.box.height)]
    elif country.reference:
        points.append(place_point(country.reference))
    if not points:
        return None
    box = around(points).padded(40, 300, ASPECT)
    radius = _radius(box)
    marks = _place_marks(atlas, places, shown, radius)
    shapes = [Shape(code, country.name, outline.path, 0, country.name)] if outline else []
    providers = list(dict.fromkeys([*(r.provider for r in regions if r.point), *(n.provider for n in nearest)]))
    return Map(f"{country.name} and its neighbourhood, with its regions and the nearest region of each absent provider",
               box, base_path("50m"), radius, marks, shapes,
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

