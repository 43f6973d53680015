"""The atlas as typed objects, with the indexes and figures every output shares.

The model reads no files and renders nothing: it is built from rows that rules.py has already
accepted, and answers questions about them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from haversine import haversine

from .carbon import Carbon
from .countries import Country, Point
from .dates import PartialDate
from .load import Data, Publication, Row
from .pairs import Pairs
from .region_types import TYPES, region_type
from .sdk_evidence import BY_SDK, SdkEvidence

# A closing region is still open: it counts as active in every figure until its closure date.
OPEN_STATUSES = ("active", "closing")
# An event of this type took a region, or zones of it, out of service; pages show such events apart as well.
DISRUPTED = "disrupted"
CLAIM_SCOPES = ("worldwide", "mainland_china", "outside_mainland_china")


def _date(text: str) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


def _int(text: str) -> int | None:
    return int(text) if text else None


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    title: str
    publisher: str
    published: PartialDate | None
    read_at: str = ""  # the copy's address when the document was read on a mirror, aggregator or repost


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    company: str
    headquarters: str
    website: str
    source: str
    verified: dt.date
    summary: str
    profile: str  # Markdown written by hand in content/providers/<id>.md
    profile_path: str
    citations: tuple[str, ...] = ()  # source ids the profile cites, in order of first citation
    also_known_as: tuple[str, ...] = ()  # other names readers search for it by ("AWS", "GCP"), from the profile


@dataclass(frozen=True)
class Region:
    id: str
    provider: str
    code: str
    name: str
    city: str
    country: str
    point: Point | None
    coordinates_precision: str
    zones: int | None
    status: str
    announced: PartialDate | None
    expected: PartialDate | None
    launched: PartialDate | None
    closed: PartialDate | None
    partition: str
    operator: str
    facility: str
    source: str
    announced_source: str
    launched_source: str
    closed_source: str
    zones_source: str = ""  # blank: the region's source states the zone count
    code_source: str = ""  # blank: the provider's SDK region list prints the code (checked by drift)
    closing_announced: PartialDate | None = None  # when the provider gave notice of closure
    closing_source: str = ""
    type: str = "public"  # derived from partition and operator: see region_types.py

    @property
    def type_name(self) -> str:
        return TYPES[self.type]

    @property
    def status_source(self) -> str:
        """The source for the region's present status: its closure or closure notice, else its launch, else the list
        that prints its code among the provider's regions (an announcement report would not show it open), else its listing."""
        return ({"closed": self.closed_source, "closing": self.closing_source}.get(self.status) or self.launched_source
                or (self.code_source if self.is_open else "") or self.source)

    @property
    def is_open(self) -> bool:
        """Serving customers now: active, or closing (a closure is announced but not done)."""
        return self.status in OPEN_STATUSES

    @property
    def label(self) -> str:
        """How a region is named in running text: its name and code, whichever are known."""
        return ", ".join(part for part in (self.name or "unnamed region", self.code) if part)

    def active_on(self, day: dt.date) -> bool | None:
        """Open on that day: True, False, or None when the launch date is unknown."""
        if self.closed and self.closed.earliest <= day:
            return False
        if self.launched is None:
            return None if self.status != "announced" else False
        return self.launched.latest <= day

    def announced_on(self, day: dt.date) -> bool | None:
        """Announced and not yet open on that day (for a region not open then): None when the announcement date
        of a still-announced region is unknown."""
        if self.closed and self.closed.earliest <= day:
            return False
        if self.announced is None:
            return None if self.status == "announced" else False
        return self.announced.latest <= day


@dataclass(frozen=True)
class Event:
    id: str
    provider: str
    date: PartialDate
    type: str
    country: str
    region: str
    summary: str
    amount_usd: float | None
    source: str


SCOPE_NAMES = {"worldwide": "worldwide", "mainland_china": "mainland China", "outside_mainland_china": "outside mainland China"}
# The figures a claim can give: its column, then the noun in the singular and the plural.
CLAIM_FIGURES = (("regions", "region", "regions"), ("zones", "zone", "zones"),
                 ("countries", "country", "countries"), ("data_centres", "data centre", "data centres"))


@dataclass(frozen=True)
class Claim:
    provider: str
    date: PartialDate
    regions: int | None
    zones: int | None
    countries: int | None
    qualifier: str
    source: str
    data_centres: int | None = None
    scope: str = ""  # worldwide, mainland_china, outside_mainland_china, or blank when the source does not say

    @property
    def figures(self) -> list[tuple[int, str, str]]:
        """The figures the claim gives, each with its noun in the singular and the plural, in a fixed order."""
        return [(n, one, many) for column, one, many in CLAIM_FIGURES if (n := getattr(self, column)) is not None]

    @property
    def scope_name(self) -> str:
        return SCOPE_NAMES.get(self.scope, "not said")

    @property
    def compared_scope(self) -> str:
        """The regions a claim is compared with: its own scope, or worldwide when the source gives none."""
        return self.scope or "worldwide"

    def counts(self, region: "Region") -> bool:
        """Whether the region lies in the part of the world the claim speaks of (mainland China is CN)."""
        if self.compared_scope == "mainland_china":
            return region.country == "CN"
        if self.compared_scope == "outside_mainland_china":
            return region.country != "CN"
        return True


@dataclass(frozen=True)
class ChangelogEntry:
    """One line of the changelog: a region's lifecycle date, or a stored event."""

    key: str  # stable across builds: "<region id>/<type>" or the event id
    date: PartialDate
    type: str
    provider: str
    country: str
    region: str
    summary: str  # empty for a region's lifecycle date: the templates say it from the type
    source: str
    amount_usd: float | None = None
    # A notice that prints no date of its own (Alibaba's closing notices) is placed at the date of the page that
    # gives it: the notice is at least that old. The pages and feeds say so.
    dated_by_source: bool = False

    @property
    def amount_unsaid(self) -> float | None:
        """The amount in US dollars when the summary does not already give it (most summaries say "USD 1 billion"):
        printed after the summary, it would otherwise read twice."""
        if self.amount_usd is None or _says_amount(self.summary, self.amount_usd):
            return None
        return self.amount_usd

    @property
    def is_disruption(self) -> bool:
        return self.type == DISRUPTED


_SCALES = {"million": 1e6, "billion": 1e9, "bn": 1e9, "m": 1e6}


def _says_amount(summary: str, amount: float) -> bool:
    """True when the summary names this amount in dollars, e.g. "USD 12.7 billion", "US$1.1 billion", "$850 million"."""
    for match in re.finditer(r"(?:USD|US\$|\$)\s?([\d.,]+)\s*(million|billion|bn|m)?\b", summary):
        figure = float(match.group(1).replace(",", "")) * _SCALES.get((match.group(2) or "").lower(), 1)
        if abs(figure - amount) <= amount * 0.01:
            return True
    return False


def disruptions(entries: list[ChangelogEntry]) -> list[ChangelogEntry]:
    """The disruptions among changelog entries, in their order (newest first)."""
    return [e for e in entries if e.is_disruption]


@dataclass(frozen=True)
class Nearest:
    provider: str
    region: Region
    distance_km: int


@dataclass(frozen=True)
class ClaimCheck:
    claim: Claim
    counted_regions: int
    undated_regions: int  # active regions whose launch date is unknown, so they may or may not count
    counted_zones: int
    differs: bool | None  # None: our count cannot tell, as regions that may count publish no zone count
    regions_without_zone_count: int = 0
    counted_announced: int = 0  # regions announced but not open on the claim's date: counted only for an including_announced claim


@dataclass(frozen=True)
class ProviderFigures:
    active_regions: int
    announced_regions: int
    closed_regions: int
    zones: int
    regions_without_zone_count: int
    countries: int
    continents: int
    first_launch: PartialDate | None
    latest_launch: PartialDate | None
    closing_regions: int = 0  # also counted in active_regions: they are still open


@dataclass(frozen=True)
class Coverage:
    """How complete a provider's rows are: how many of its regions have each fact known."""

    regions: int
    opened: int  # active or closed: the regions that have a launch to know
    launch_known: int
    zones_known: int
    country_known: int
    coordinates_metro_or_better: int
    coordinates_any: int
    code_known: int = 0
    code_cited: int = 0  # codes whose own page is cited (code_source); the rest are checked against SDK lists by drift
    announced_known: int = 0
    sdk_dated: int = 0  # opened regions without a launch date whose code an SDK release lists (sdk_evidence.py)

    @property
    def undated(self) -> int:
        """Opened regions with neither a launch date nor an SDK listing."""
        return self.opened - self.launch_known - self.sdk_dated

    def percent(self, count: int, of_opened: bool = False) -> int:
        whole = self.opened if of_opened else self.regions
        return round(100 * count / whole) if whole else 0


@dataclass(frozen=True)
class Release:
    version: str
    date: dt.date
    sha256: str
    url: str
    notes: list[str]


@dataclass(frozen=True)
class Package:
    """The data package as published: its descriptor and every table's rows as text, in file order."""

    descriptor: dict
    tables: dict[str, list[dict[str, str]]]
    license_text: str
    citation: dict

    def fields(self, table: str) -> list[dict]:
        return next(r["schema"]["fields"] for r in self.descriptor["resources"] if r["name"] == table)

    def header(self, table: str) -> list[str]:
        return [f["name"] for f in self.fields(table)]


@dataclass
class Atlas:
    today: dt.date
    countries: dict[str, Country]
    providers: dict[str, Provider]
    regions: dict[str, Region]
    events: list[Event]
    claims: list[Claim]
    sources: dict[str, Source]
    hand_written: dict[str, tuple[str, str]] = field(default_factory=dict)  # site page -> (repository path, Markdown)
    version: str = ""
    package: Package | None = None
    releases: list[Release] = field(default_factory=list)
    site_url: str = ""
    pairs: Pairs = field(default_factory=Pairs)
    carbon: Carbon = field(default_factory=Carbon)
    sdk: SdkEvidence = field(default_factory=SdkEvidence)  # the first SDK release listing each code
    _nearest: dict = field(default_factory=dict, repr=False)  # (country, provider) -> Nearest | None; (lat, lon) -> [Nearest]

    @property
    def released(self) -> Release | None:
        """The manifest's entry for this version, if this version has been released."""
        return next((r for r in self.releases if r.version == self.version), None)

    # Indexes

    @cached_property
    def regions_by_provider(self) -> dict[str, list[Region]]:
        index: dict[str, list[Region]] = defaultdict(list)
        for region in self.regions.values():
            index[region.provider].append(region)
        return {p: sorted(index.get(p, []), key=_region_order) for p in self.providers}

    @cached_property
    def regions_by_country(self) -> dict[str, list[Region]]:
        index: dict[str, list[Region]] = defaultdict(list)
        for region in self.regions.values():
            index[region.country].append(region)
        return {c: sorted(r, key=lambda x: (self.providers[x.provider].name, _region_order(x))) for c, r in index.items()}

    @cached_property
    def active_regions(self) -> list[Region]:
        return [r for r in self.regions.values() if r.is_open]

    @cached_property
    def changelog(self) -> list[ChangelogEntry]:
        """Every lifecycle date of every region and every stored event, newest first."""
        entries = []
        for region in self.regions.values():
            for kind, date, source in (
                ("announced", region.announced, region.announced_source),
                ("launched", region.launched, region.launched_source),
                ("closing", region.closing_announced, region.closing_source),
                ("closed", region.closed, region.closed_source),
            ):
                if date:
                    entries.append(ChangelogEntry(f"{region.id}/{kind}", date, kind, region.provider, region.country, region.id, "", source))
            notice = self.sources.get(region.closing_source)
            if not region.closing_announced and notice and notice.published:
                entries.append(ChangelogEntry(f"{region.id}/closing", notice.published, "closing", region.provider, region.country,
                                              region.id, "", notice.id, dated_by_source=True))
        for event in self.events:
            entries.append(ChangelogEntry(event.id, event.date, event.type, event.provider, event.country, event.region, event.summary, event.source, event.amount_usd))
        return sorted(entries, key=lambda e: (e.date.sort_key(), e.key), reverse=True)

    @cached_property
    def _changelog_index(self) -> dict[tuple[str, str], list[ChangelogEntry]]:
        """Entries by (provider, ""), ("", country) and (provider, country), newest first like the changelog."""
        index: dict[tuple[str, str], list[ChangelogEntry]] = defaultdict(list)
        for entry in self.changelog:
            index[(entry.provider, "")].append(entry)
            if entry.country:
                index[("", entry.country)].append(entry)
                index[(entry.provider, entry.country)].append(entry)
        return index

    def changelog_for(self, provider: str = "", country: str = "") -> list[ChangelogEntry]:
        if not provider and not country:
            return self.changelog
        return list(self._changelog_index.get((provider, country), []))

    # Figures

    def figures(self, provider: str) -> ProviderFigures:
        return self._figures(self.regions_by_provider[provider])

    @cached_property
    def totals(self) -> ProviderFigures:
        return self._figures(list(self.regions.values()))

    def _figures(self, regions: list[Region]) -> ProviderFigures:
        active = [r for r in regions if r.is_open]
        launches = sorted((r.launched for r in active if r.launched), key=PartialDate.sort_key)
        countries = {r.country for r in active}
        return ProviderFigures(
            active_regions=len(active),
            announced_regions=sum(r.status == "announced" for r in regions),
            closed_regions=sum(r.status == "closed" for r in regions),
            closing_regions=sum(r.status == "closing" for r in regions),
            zones=sum(r.zones or 0 for r in active),
            regions_without_zone_count=sum(r.zones is None for r in active),
            countries=len(countries),
            continents=len({self.countries[c].continent for c in countries}),
            first_launch=launches[0] if launches else None,
            latest_launch=launches[-1] if launches else None,
        )

    def coverage(self, provider: str = "") -> Coverage:
        """For one provider, or all of them. Announced regions are left out of the launch share: they have no
        launch to know yet."""
        regions = self.regions_by_provider[provider] if provider else list(self.regions.values())
        opened = [r for r in regions if r.status != "announced"]
        return Coverage(
            regions=len(regions),
            opened=len(opened),
            launch_known=sum(r.launched is not None for r in opened),
            zones_known=sum(r.zones is not None for r in regions),
            country_known=sum(bool(r.country) for r in regions),
            coordinates_metro_or_better=sum(r.coordinates_precision in ("metro", "campus") for r in regions),
            coordinates_any=sum(r.point is not None for r in regions),
            code_known=sum(bool(r.code) for r in regions),
            code_cited=sum(bool(r.code and r.code_source) for r in regions),
            announced_known=sum(r.announced is not None for r in regions),
            sdk_dated=sum(self.sdk.dating(r) == BY_SDK for r in opened),
        )

    def claim_checks(self, provider: str) -> list[ClaimCheck]:
        """Each claim beside the atlas's own count on the claim's date, newest first. Like is compared with like:
        only the regions in the claim's scope count, and a claim that includes announced regions is compared
        with the regions open or announced on its date."""
        checks = []
        regions = self.regions_by_provider[provider]
        for claim in sorted((c for c in self.claims if c.provider == provider), key=lambda c: c.date.sort_key(), reverse=True):
            day = claim.date.latest
            states = [(r, r.active_on(day)) for r in regions if claim.counts(r)]
            counted = [r for r, on in states if on]
            undated = sum(on is None for _, on in states)
            announced = 0
            if claim.qualifier == "including_announced":
                pending = [r.announced_on(day) for r, on in states if on is False]
                announced = sum(p is True for p in pending)
                undated += sum(p is None for p in pending)
            zones = sum(r.zones or 0 for r in counted)
            differs = False
            if claim.regions is not None:
                low = len(counted) + announced
                high = low + undated
                differs = claim.regions > high if claim.qualifier == "at_least" else not low <= claim.regions <= high
            zones_unknown = 0
            if claim.zones is not None:
                # Zones of undated regions may count too; a region without a zone count adds an unknown number.
                maybe = [r for r, on in states if on is not False and r.status != "announced"]
                zones_unknown = sum(r.zones is None for r in maybe)
                high_zones = sum(r.zones or 0 for r in maybe)
                if claim.qualifier != "at_least" and claim.zones < zones:
                    differs = True
                elif claim.zones > high_zones:
                    differs = True if not zones_unknown else (differs or None)
            checks.append(ClaimCheck(claim, len(counted), undated, zones, differs, zones_unknown, announced))
        return checks

    @cached_property
    def _placed_active_regions(self) -> dict[str, dict[tuple[float, float], Region]]:
        """Per provider, its active regions with coordinates, one per distinct point (the first in region order):
        regions sharing a city share a distance, so each point is measured once."""
        placed: dict[str, dict[tuple[float, float], Region]] = {}
        for provider, regions in self.regions_by_provider.items():
            points: dict[tuple[float, float], Region] = {}
            for r in regions:
                if r.is_open and r.point:
                    points.setdefault((r.point.latitude, r.point.longitude), r)
            placed[provider] = points
        return placed

    def nearest(self, country: str, provider: str) -> Nearest | None:
        """The provider's closest active region to the country's reference point (computed once per pair)."""
        key = (country, provider)
        if key not in self._nearest:
            self._nearest[key] = self._measure_nearest(country, provider)
        return self._nearest[key]

    def _measure_nearest(self, country: str, provider: str) -> Nearest | None:
        origin = self.countries[country].reference
        points = self._placed_active_regions[provider]
        if origin is None or not points:
            return None
        start = (origin.latitude, origin.longitude)
        distance, point = min((haversine(start, point), point) for point in points)
        return Nearest(provider, points[point], round(distance))

    def equivalents(self, region: Region) -> list[Nearest]:
        """For each other provider, its active region closest to this one: the "equivalent region" an architect
        looks for when moving or mirroring a deployment."""
        if region.point is None:
            return []
        return [n for n in self._nearest_to_point(region.point.latitude, region.point.longitude) if n.provider != region.provider]

    def _nearest_to_point(self, latitude: float, longitude: float) -> list[Nearest]:
        # Per point, not per region: regions in one city share their neighbours, and pages and the API both ask.
        key = (latitude, longitude)
        if key not in self._nearest:
            self._nearest[key] = self._measure_from(latitude, longitude)
        return self._nearest[key]

    def _measure_from(self, latitude: float, longitude: float) -> list[Nearest]:
        found = []
        for provider, points in self._placed_active_regions.items():
            if points:
                distance, point = min((haversine((latitude, longitude), point), point) for point in points)
                found.append(Nearest(provider, points[point], round(distance)))
        return sorted(found, key=lambda n: n.distance_km)

    @cached_property
    def _changelog_by_region(self) -> dict[str, list[ChangelogEntry]]:
        index: dict[str, list[ChangelogEntry]] = defaultdict(list)
        for entry in self.changelog:
            if entry.region:
                index[entry.region].append(entry)
        return index

    def changelog_of_region(self, region: str) -> list[ChangelogEntry]:
        """Every change that names the region: its own lifecycle dates and the events about it, newest first."""
        return list(self._changelog_by_region.get(region, []))

    def absent_providers(self, country: str) -> list[str]:
        present = {r.provider for r in self.regions_by_country.get(country, []) if r.is_open}
        return [p for p in self.providers if p not in present]


def _region_order(region: Region) -> tuple:
    rank = {"active": 0, "closing": 0, "announced": 1, "closed": 2}[region.status]
    return (rank, region.code or "~", region.id)


def build(loaded: Data, countries: dict[str, Country], today: dt.date) -> Atlas:
    """Turn accepted rows into the model. Call only when rules.check found no problem."""
    rows = {name: table.rows for name, table in loaded.tables.items()}
    sources = {r["id"]: Source(r["id"], r["url"], r["title"], r["publisher"], _date(r["published"]), r["read_at"]) for r in rows["sources"]}
    providers = {}
    for r in rows["providers"]:
        profile = loaded.profiles[r["id"]]
        providers[r["id"]] = Provider(
            r["id"], r["name"], r["company"], r["headquarters"], r["website"], r["source"],
            dt.date.fromisoformat(r["verified"]), profile.meta["summary"].strip(), profile.body.strip(), profile.path,
            tuple(dict.fromkeys(source_id for _, source_id in profile.citations)),
            tuple(str(name) for name in profile.meta.get("also_known_as") or ()),
        )
    names = {p.id: {p.name.casefold(), p.company.casefold()} for p in providers.values()}
    regions = {r["id"]: _region(r, names.get(r["provider"], set())) for r in rows["regions"]}
    events = [
        Event(r["id"], r["provider"], PartialDate.parse(r["date"]), r["type"], r["country"], r["region"], r["summary"],
              float(r["amount_usd"]) if r["amount_usd"] else None, r["source"])
        for r in rows["events"]
    ]
    claims = [
        Claim(r["provider"], PartialDate.parse(r["date"]), _int(r["regions"]), _int(r["zones"]), _int(r["countries"]), r["qualifier"], r["source"],
              _int(r["data_centres"]), r["scope"])
        for r in rows["claims"]
    ]
    publication = loaded.publication or Publication("", {}, "", [], "")
    package = Package(
        loaded.descriptor,
        {name: [dict(r.values) for r in table.rows] for name, table in loaded.tables.items()},
        publication.license_text,
        publication.citation,
    )
    releases = [
        Release(str(r["version"]), dt.date.fromisoformat(r["date"]), r["sha256"], r["url"], list(r.get("notes", [])))
        for r in publication.releases
    ]
    return Atlas(today, countries, providers, regions, events, claims, sources, loaded.pages, loaded.version, package, releases, publication.site_url,
                 pairs=Pairs.from_rows(rows.get("pairs", [])), carbon=Carbon.from_rows(rows.get("carbon", [])),
                 sdk=SdkEvidence.from_rows(rows.get("sdk_listings", [])))

def _region(r: Row, provider_names: set[str]) -> Region:
    point = Point(float(r["latitude"]), float(r["longitude"])) if r["latitude"] else None
    return Region(
        r["id"], r["provider"], r["code"], r["name"], r["city"], r["country"], point, r["coordinates_precision"],
        _int(r["zones"]), r["status"], _date(r["announced"]), _date(r["expected"]), _date(r["launched"]), _date(r["closed"]),
        r["partition"], r["operator"], r["facility"], r["source"], r["announced_source"], r["launched_source"], r["closed_source"], r["zones_source"],
        r["code_source"], _date(r["closing_announced"]), r["closing_source"],
        region_type(r["partition"], r["operator"], provider_names),
    )
