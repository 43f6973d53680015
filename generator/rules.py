"""The atlas's own rules, checked after frictionless has checked types, keys and enums.

Each rule is one line: the table, the field it is reported against, the message a contributor
reads (formatted with the row's values), and the test that finds a row breaking it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from haversine import haversine

from . import guards, schema
from .countries import Country, Point, all_countries, find_place, named_town
from .dates import PartialDate, out_of_order
from .drift import SDK_PACKAGES, UNCOVERED
from .hints import country_hint, date_message, did_you_mean
from .load import Data, Row, Table, split_front_matter
from .mirrors import home_page, host, mirror_host, same_document
from .paths import MAX_ID
from .paths import address as page_address
from .problems import Problem

DATE_FIELDS = {
    "regions": ("announced", "expected", "launched", "closed", "closing_announced"),
    "events": ("date",),
    "claims": ("date",),
    "sources": ("published",),
}
MARKUP = re.compile(r"<[A-Za-z/!?]|javascript:|\{:", re.IGNORECASE)
LIFECYCLE_TYPES = ("announced", "launched", "closed")
DISRUPTED = "disrupted"  # an outage or damage that took a region, or zones of it, out of service
NEAR_CITY_KM = 25  # metro and campus coordinates lie this close to the city the provider names
# Notes the atlas once wrote into titles and publishers instead of copying the document's own words.
CURATION_NOTE = re.compile(
    r"title not read|url from|from the address|republished|\brepost|\bcop(y|ies)\b|crawled|syndicated|reader forum|homepage"
    r"|\((?:[^()]*\b(?:via|Reuters|AFP|AP|Bloomberg|Xinhua|PTI|IANS|EFE|Japanese|Chinese|English)\b[^()]*)\)\s*$",
    re.IGNORECASE,
)
COPY_NOTE = re.compile(r"\bvia\b|\brepost|\bcop(y|ies)\b|syndicated|quoting|citing|\(", re.IGNORECASE)
# A note of ours closing a title, in brackets: a site, edition, language, version or kind of document that we named
# because the document's own title did not say it. Square brackets always are ours ("[...]", "[copy]").
TITLE_NOTE = re.compile(
    r"(\[[^\[\]]*\]"
    r"|\((?:[^()]*\b(?:site|edition|version|docs?|docs source|source|SDK|release note|user guide|API Reference|API参考)\b[^()]*"
    r"|[a-z]{2}(?:-[a-z]+)+-\d+)\))\s*$",
    re.IGNORECASE,
)
TRAILING_BRACKETS = re.compile(r"\(([^()]*)\)\s*$")
LATIN = re.compile(r"^[\x00-\x7f]*$")
YEAR_TOKEN = re.compile(r"^(19|20)\d\d$")
PROFILE_KEYS = ("summary", "also_known_as")  # what a provider profile's front matter holds; the page template reads these
SDK_PROVIDER = {sdk.package: sdk.provider for sdk in SDK_PACKAGES}  # the provider whose region list each SDK package ships
# Ids that name a page the site writes for itself: providers/index.md is the providers' index, and every folder of
# feeds has its sitemap.xml.
RESERVED_IDS = ("index", "sitemap")
# The addresses the generated pages take: a hand-written page at one of them, or inside one of these folders,
# would replace a generated page (or be replaced by one) without a word.
GENERATED_FOLDERS = ("providers", "countries", "regions", "changelog", "downloads", "feeds")  # pages the build writes (api, pictures: no pages)
GENERATED_PAGES = ("", "coverage", "carbon", "closures")  # index.md, coverage.md, carbon.md, closures.md
NAMED = {"providers": ("name", "company"), "regions": ("name", "city"), "sources": ("publisher", "title"), "events": ("summary",)}


@dataclass
class Context:
    today: dt.date
    countries: dict[str, Country]
    tables: dict[str, Table]
    cited_in_profiles: set[str] = field(default_factory=set)

    def rows(self, table: str) -> list[Row]:
        return self.tables[table].rows if table in self.tables else []

    @cached_property
    def _regions_by_id(self) -> dict[str, Row]:
        return {row["id"]: row for row in self.rows("regions")}

    def region(self, region_id: str) -> Row | None:
        return self._regions_by_id.get(region_id)

    @cached_property
    def _sources_by_id(self) -> dict[str, Row]:
        return {row["id"]: row for row in self.rows("sources")}

    def source(self, source_id: str) -> Row | None:
        return self._sources_by_id.get(source_id)

    @cached_property
    def country_names(self) -> dict[str, str]:
        return {code: country.name for code, country in self.countries.items()}

    @cached_property
    def providers_citing_their_own(self) -> set[str]:
        """Providers with at least one region citing the provider's own page (see _own)."""
        return {r["provider"] for r in self.rows("regions") if any(_own(self.source(i), r["provider"], self) for i in _cited(r))}

    @cached_property
    def provider_names(self) -> dict[str, set[str]]:
        return {r["id"]: {r["name"].casefold(), r["company"].casefold()} for r in self.rows("providers")}

    @cached_property
    def own_publishers(self) -> set[str]:
        return set().union(*self.provider_names.values())


def _date(text: str) -> PartialDate | None:
    try:
        return PartialDate.parse(text) if text else None
    except ValueError:
        return None


def _bad_date(text: str) -> bool:
    return bool(text) and _date(text) is None


def _after(row: Row, earlier: str, later: str) -> bool:
    first, second = _date(row[earlier]), _date(row[later])
    return bool(first and second and out_of_order(first, second))


def _future(text: str, today: dt.date) -> bool:
    date = _date(text)
    return bool(date and date.earliest > today)


def _point(row: Row) -> Point | None:
    try:
        return Point(float(row["latitude"]), float(row["longitude"]))
    except ValueError:
        return None


def _precise(row: Row) -> bool:
    return row["coordinates_precision"] in ("metro", "campus") and _point(row) is not None


def _unplaced_city(row: Row, c: Context) -> bool:
    return _precise(row) and find_place(row["city"], row["country"]) is None


def _far_from_city(row: Row, c: Context) -> bool:
    place, point = find_place(row["city"], row["country"]), _point(row)
    if not _precise(row) or place is None or point is None:
        return False
    return haversine((point.latitude, point.longitude), (place["latitude"], place["longitude"])) > NEAR_CITY_KM


def _announced_code(row: Row, c: Context) -> bool:
    return any(r["provider"] == row["provider"] and r["code"] == row["code"] and r["status"] == "announced" for r in c.rows("regions"))


def _country(field: str) -> Callable[[Row, Context], str]:
    return lambda r, c: country_hint(r[field], c.country_names)


def _cited(row: Row) -> list[str]:
    """The source ids a row cites: `source` and every `<fact>_source` column."""
    return [value for name, value in row.values.items() if value and (name == "source" or name.endswith("_source"))]


def _own(source: Row | None, provider: str, c: Context) -> bool:
    """A provider's own page: its publisher is the provider's name or its company's (methodology, "Sources")."""
    return bool(source) and source["publisher"].casefold() in c.provider_names.get(provider, set())


def _disrupted_before_open(row: Row, c: Context) -> bool:
    """A disruption dated before its region opened, or of a region never opened: nothing was in service to lose."""
    region = c.region(row["region"])
    if row["type"] != DISRUPTED or region is None:
        return False
    launched, date = _date(region["launched"]), _date(row["date"])
    return region["status"] == "announced" or bool(launched and date and out_of_order(launched, date))


def _disrupted_after_close(row: Row, c: Context) -> bool:
    region = c.region(row["region"])
    closed, date = (_date(region["closed"]) if region else None), _date(row["date"])
    return row["type"] == DISRUPTED and bool(closed and date and out_of_order(date, closed))


def _expected_passed(row: Row, c: Context) -> bool:
    date = _date(row["expected"])
    return row["status"] == "announced" and bool(date) and date.latest < c.today


def _old_sources(row: Row, c: Context) -> str:
    """The ids of the sources of a still-announced region published more than five years ago."""
    if row["status"] != "announced":
        return ""
    limit = dt.date(c.today.year - 5, c.today.month, min(c.today.day, 28))  # five years, give or take three days
    old = [i for i in dict.fromkeys(_cited(row)) if (s := c.source(i)) and (d := _date(s["published"])) and d.latest < limit]
    return ", ".join(f"{i} ({c.source(i)['published']})" for i in old)


def _only_others(row: Row, c: Context) -> bool:
    sources = [c.source(i) for i in _cited(row)]
    return bool(sources) and all(s and not _own(s, row["provider"], c) for s in sources) and row["provider"] in c.providers_citing_their_own


def _title_note(row: Row, c: Context) -> bool:
    """A title closing on a bracketed note of ours: a TITLE_NOTE, the publisher's own name, or an English gloss of a
    title in another script, e.g. "リージョンとゾーン (Regions and zones)"."""
    title = row["title"]
    if TITLE_NOTE.search(title):
        return True
    closing = TRAILING_BRACKETS.search(title)
    if not closing:
        return False
    note, before = closing.group(1).casefold(), title[: closing.start()]
    publishers = [p.strip().casefold() for p in row["publisher"].split("/") if p.strip()]
    return any(p in note for p in publishers) or (not LATIN.match(before) and bool(LATIN.match(note)))


def _letters(text: str) -> str:
    """Lower-case letters and digits only, accents dropped: "Montréal International" -> "montrealinternational"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]", "", plain.casefold())


def _abbreviates(short: str, name: str) -> bool:
    """`short` keeps, in order, letters of `name` and starts where one of its words starts: "dcd" for
    DatacenterDynamics, "scmp" for South China Morning Post, "computerworld-pt" for Computerworld Portugal."""
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", unicodedata.normalize("NFKD", name))
    letters = _letters(name)
    starts, at = set(), 0
    for word in words:
        found = letters.find(_letters(word), at)
        if found >= 0:
            starts.add(found)
            at = found + len(_letters(word))
    for start in sorted(starts):
        rest = iter(letters[start:])
        if short[:1] == letters[start : start + 1] and all(ch in rest for ch in short):  # each letter after the one before
            return True
    return False


def publisher_part(source_id: str, providers: Iterable[str]) -> str:
    """The publisher an id names: the words after the provider's id (if it starts with one) and before the year,
    as in aws-reuters-2025-chile or scmp-2016-11-22-alibaba-...; "" for an id with no year, which names a document."""
    words = source_id.split("-")
    for provider in sorted(providers, key=len, reverse=True):
        if source_id.startswith(provider + "-"):
            words = words[len(provider.split("-")):]
            break
    year = next((i for i, word in enumerate(words) if YEAR_TOKEN.match(word)), None)
    return "-".join(words[:year]) if year else ""


def _misnamed_publisher(row: Row, c: Context) -> bool:
    """A source id names its publisher, by name or by its site (oregonlive for The Oregonian), unless the provider
    published it: the provider's own pages are named by document."""
    named = publisher_part(row["id"], c.provider_names)
    if not named or row["publisher"].casefold() in c.own_publishers:
        return False
    site = " ".join(host(row["url"]).split("."))
    return not (_abbreviates(_letters(named), row["publisher"]) or _abbreviates(_letters(named), site))


def _outside_country(row: Row, c: Context) -> bool:
    country = c.countries.get(row["country"])
    try:
        point = Point(float(row["latitude"]), float(row["longitude"]))
    except ValueError:
        return False
    return bool(country and country.box and not country.box.contains(point))


@dataclass(frozen=True)
class RowRule:
    table: str
    field: str
    message: str
    broken: Callable[[Row, Context], bool]
    hint: Callable[[Row, Context], str] | None = None  # what would be right, added after the message


RULES: list[RowRule] = [
    # Regions
    RowRule("regions", "country", "'{country}' is not an ISO 3166-1 code", lambda r, c: r["country"] not in c.countries, _country("country")),
    RowRule("regions", "id", "{id} should start with its provider's id, {provider}-", lambda r, c: not r["id"].startswith(r["provider"] + "-")),
    RowRule("regions", "latitude", "latitude and longitude come together", lambda r, c: bool(r["latitude"]) != bool(r["longitude"])),
    RowRule("regions", "coordinates_precision", "is required with coordinates, and only with them", lambda r, c: bool(r["latitude"]) != bool(r["coordinates_precision"])),
    RowRule("regions", "latitude", "{latitude}, {longitude} lies outside {country}", _outside_country),
    RowRule("regions", "launched", "launched {launched} is before announced {announced}", lambda r, c: _after(r, "announced", "launched")),
    RowRule("regions", "closed", "closed {closed} is before launched {launched}", lambda r, c: _after(r, "launched", "closed")),
    RowRule("regions", "closed", "closed {closed} is before announced {announced}", lambda r, c: _after(r, "announced", "closed")),
    RowRule("regions", "closed", "a closed region needs its closure date", lambda r, c: r["status"] == "closed" and not r["closed"]),
    RowRule("regions", "closed", "only a closed region has a closure date (status is {status})", lambda r, c: r["status"] != "closed" and bool(r["closed"])),
    RowRule("regions", "launched", "an announced region has not launched yet: set status to active, or clear the date", lambda r, c: r["status"] == "announced" and bool(r["launched"])),
    RowRule("regions", "expected", "only an announced region has an expected opening", lambda r, c: r["status"] != "announced" and bool(r["expected"])),
    RowRule("regions", "expected", "expected {expected} is before announced {announced}", lambda r, c: _after(r, "announced", "expected")),
    RowRule("regions", "announced_source", "the announcement date needs a source", lambda r, c: bool(r["announced"] or r["expected"]) and not r["announced_source"]),
    RowRule("regions", "launched_source", "the launch date needs a source", lambda r, c: bool(r["launched"]) and not r["launched_source"]),
    RowRule("regions", "closed_source", "the closure date needs a source", lambda r, c: bool(r["closed"]) and not r["closed_source"]),
    RowRule("regions", "zones_source", "names the source of a zone count, so it needs a zone count", lambda r, c: bool(r["zones_source"]) and not r["zones"]),
    RowRule("regions", "announced", "{announced} is after today; only an expected opening may be", lambda r, c: _future(r["announced"], c.today)),
    RowRule("regions", "launched", "{launched} is after today", lambda r, c: _future(r["launched"], c.today)),
    RowRule("regions", "closed", "{closed} is after today", lambda r, c: _future(r["closed"], c.today)),
    RowRule("regions", "code_source", "a code needs a source that prints it: {provider}'s SDK ships no region list to compare, so cite the page", lambda r, c: bool(r["code"]) and not r["code_source"] and r["provider"] in UNCOVERED),
    RowRule("regions", "code_source", "names the source of a code, so it needs a code", lambda r, c: bool(r["code_source"]) and not r["code"]),
    RowRule("regions", "city", "{city} is not a GeoNames place in {country} (towns of 5,000 people or more): metro and campus coordinates need one; use area precision", _unplaced_city),
    RowRule("regions", "latitude", "{latitude}, {longitude} is more than 25 km from {city} as GeoNames places it; metro and campus coordinates lie near the city named", _far_from_city),
    RowRule("regions", "coordinates_precision", "{city} is a GeoNames town, so the region stands there at metro precision, not at area precision", lambda r, c: r["coordinates_precision"] == "area" and bool(r["city"]) and named_town(r["city"], r["country"]) is not None),
    RowRule("regions", "closing_source", "a closing region needs the source of its closure notice", lambda r, c: r["status"] == "closing" and not r["closing_source"]),
    RowRule("regions", "closing_announced", "only a closing or closed region has a closure notice (status is {status})", lambda r, c: bool(r["closing_announced"] or r["closing_source"]) and r["status"] not in ("closing", "closed")),
    RowRule("regions", "closing_source", "the closure notice's date needs a source", lambda r, c: bool(r["closing_announced"]) and not r["closing_source"]),
    RowRule("regions", "closing_announced", "closure notice {closing_announced} is before launched {launched}", lambda r, c: _after(r, "launched", "closing_announced")),
    RowRule("regions", "closed", "closed {closed} is before the closure notice of {closing_announced}", lambda r, c: _after(r, "closing_announced", "closed")),
    RowRule("regions", "closing_announced", "{closing_announced} is after today", lambda r, c: _future(r["closing_announced"], c.today)),
    # Events
    RowRule("events", "country", "'{country}' is not an ISO 3166-1 code", lambda r, c: bool(r["country"]) and r["country"] not in c.countries, _country("country")),
    RowRule("events", "date", "{date} is after today", lambda r, c: _future(r["date"], c.today)),
    RowRule("events", "type", "a region's {type} date lives on its row in regions.csv, not as an event", lambda r, c: bool(r["region"]) and r["type"] in LIFECYCLE_TYPES),
    RowRule("events", "region", "{region} belongs to another provider than {provider}", lambda r, c: bool((reg := c.region(r["region"])) and reg["provider"] != r["provider"])),
    RowRule("events", "country", "{country} is not the country of region {region}", lambda r, c: bool(r["country"] and (reg := c.region(r["region"])) and reg["country"] != r["country"])),
    RowRule("events", "amount_usd", "only an investment has an amount", lambda r, c: bool(r["amount_usd"]) and r["type"] != "investment"),
    RowRule("events", "region", "a disruption names the region it took out of service (one row per region, each citing its source)", lambda r, c: r["type"] == DISRUPTED and not r["region"]),
    RowRule("events", "country", "a disruption names the country of its region", lambda r, c: r["type"] == DISRUPTED and bool(r["region"]) and not r["country"]),
    RowRule("events", "date", "{region} had not opened by {date}: only an open region can be disrupted", _disrupted_before_open),
    RowRule("events", "date", "{region} had closed by {date}: only an open region can be disrupted", _disrupted_after_close),
    # Claims
    RowRule("claims", "date", "{date} is after today", lambda r, c: _future(r["date"], c.today)),
    RowRule("claims", "regions", "a claim needs at least one of regions, zones, countries or data_centres", lambda r, c: not (r["regions"] or r["zones"] or r["countries"] or r["data_centres"])),
    # Known differences from the SDKs' region lists
    RowRule("sdk_exceptions", "region", "{region} belongs to another provider than {provider}", lambda r, c: bool((reg := c.region(r["region"])) and reg["provider"] != r["provider"])),
    RowRule("sdk_exceptions", "code", "{code} is not the code of region {region}", lambda r, c: bool((reg := c.region(r["region"])) and reg["code"] and reg["code"] != r["code"])),
    RowRule("sdk_exceptions", "code", "{code} is the code of an announced {provider} region: an SDK listing it asks whether the region has opened, and no exception may silence that", lambda r, c: r["side"] == "sdk_only" and _announced_code(r, c)),
    # The first SDK release listing each code (sdk_listings.csv, rebuilt by python -m generator sdk-history)
    RowRule("sdk_listings", "package", "{package} is not the SDK whose region list drift reads for {provider}", lambda r, c: SDK_PROVIDER.get(r["package"]) != r["provider"]),
    RowRule("sdk_listings", "release_url", "is not the registry page of {package} {version} (https://pypi.org/project/{package}/{version}/)", lambda r, c: r["release_url"] != f"https://pypi.org/project/{r['package']}/{r['version']}/"),
    RowRule("sdk_listings", "uploaded", "{uploaded} is after today", lambda r, c: _future(r["uploaded"], c.today)),
    # Region pairs and carbon figures: each is the provider's own word about its own regions
    RowRule("pairs", "paired_region", "{region} is paired with itself", lambda r, c: r["paired_region"] == r["region"]),
    RowRule("pairs", "paired_region", "{paired_region} belongs to another provider than {region}: a pair joins two regions of one provider", lambda r, c: bool((a := c.region(r["region"])) and (b := c.region(r["paired_region"])) and a["provider"] != b["provider"])),
    RowRule("pairs", "source", "a region pair is the provider's own: cite its own list of pairs, not {source}", lambda r, c: bool((reg := c.region(r["region"])) and not _own(c.source(r["source"]), reg["provider"], c))),
    RowRule("carbon", "carbon_free_energy", "a year of carbon figures needs carbon_free_energy or grid_intensity", lambda r, c: not (r["carbon_free_energy"] or r["grid_intensity"])),
    RowRule("carbon", "source", "carbon figures are the provider's own: cite its own publication, not {source}", lambda r, c: bool((reg := c.region(r["region"])) and not _own(c.source(r["source"]), reg["provider"], c))),
    # Providers
    RowRule("providers", "headquarters", "'{headquarters}' is not an ISO 3166-1 code", lambda r, c: r["headquarters"] not in c.countries, _country("headquarters")),
    RowRule("providers", "verified", "{verified} is after today", lambda r, c: _future(r["verified"], c.today)),
    # Sources
    RowRule("sources", "published", "{published} is after today", lambda r, c: _future(r["published"], c.today)),
    RowRule("sources", "url", "is on a host that republishes others' articles (generator/mirrors.py): cite the original's address, and put this one in read_at", lambda r, c: bool(mirror_host(r["url"]))),
    RowRule("sources", "url", "is a site's home page, which names no document: cite the page itself", lambda r, c: home_page(r["url"])),
    RowRule("sources", "title", "holds a note of ours, not the document's own title: copy the title as the document gives it", lambda r, c: bool(CURATION_NOTE.search(r["title"]))),
    RowRule("sources", "publisher", "names who published the original, alone: a copy's address goes in read_at", lambda r, c: bool(COPY_NOTE.search(r["publisher"]))),
    RowRule("sources", "read_at", "is the copy's address, so it differs from url; leave it blank when the original was read", lambda r, c: bool(r["read_at"]) and r["read_at"] == r["url"]),
    RowRule("sources", "title", "ends in a note of ours in brackets, not the document's own title: copy the title as the document gives it", _title_note),
    RowRule("sources", "id", "does not name its publisher, {publisher}: an id reads [provider-]publisher-year-subject, so rename it and every row citing it", _misnamed_publisher, lambda r, c: f" (it names '{publisher_part(r['id'], c.provider_names)}')"),
    # Ids name files and pages
    *(RowRule(t, "id", "", lambda r, c: len(r["id"]) > MAX_ID, lambda r, c: f"the id is {len(r['id'])} characters long; at most {MAX_ID} (it names a file)")
      for t in ("providers", "regions", "events", "sources")),
    RowRule("providers", "id", "{id} is a name the site keeps for its own pages (index, sitemap); choose another", lambda r, c: r["id"] in RESERVED_IDS),
    RowRule("regions", "id", "{id} is a name the site keeps for its own pages (index, sitemap); choose another", lambda r, c: r["id"] in RESERVED_IDS),
]


# Shown but not failing: each asks a contributor to look again, and none is certainly wrong.
WARNINGS: list[RowRule] = [
    RowRule("regions", "expected", "warning: still announced, but its expected opening {expected} has passed: if it has opened, set status to active with the launch date and its source", _expected_passed),
    RowRule("regions", "source", "warning: still announced, on sources more than five years old: ", lambda r, c: bool(_old_sources(r, c)), _old_sources),
    RowRule("regions", "source", "warning: cites only reports by other publishers, while other {provider} regions cite the provider's own pages: look for its own announcement or documentation", _only_others),
    *(RowRule(t, f, f"warning: '{{{f}}}' mixes letters of two alphabets in one word (", lambda r, c, f=f: bool(guards.mixed_script(r[f])),
              lambda r, c, f=f: f"{guards.mixed_script(r[f])}): a look-alike letter from another alphabet? Type the name again") for t, fs in NAMED.items() for f in fs),
]


def _date_rules() -> Iterable[RowRule]:
    for table, fields in DATE_FIELDS.items():
        for name in fields:
            # The message is all hint, so that it reads the same as frictionless's pattern check in load.py.
            yield RowRule(table, name, "", lambda r, c, n=name: _bad_date(r[n]), lambda r, c, n=name: date_message(r[n]))


def _row_problems(c: Context, rules: Iterable[RowRule] = ()) -> Iterable[Problem]:
    for rule in rules or [*_date_rules(), *RULES]:
        table = c.tables.get(rule.table)
        for row in c.rows(rule.table):
            if rule.broken(row, c):
                hint = rule.hint(row, c) if rule.hint else ""
                yield Problem(table.path, row.line, rule.field, rule.message.format_map(row.values) + hint)


def _markup_problems(c: Context) -> Iterable[Problem]:
    for table in c.tables.values():
        for row in table.rows:
            for name, value in row.values.items():
                if name != "url" and MARKUP.search(value):
                    yield Problem(table.path, row.line, name, "contains markup (HTML, a script address or an attribute list); write plain text")


def _duplicate_codes(c: Context) -> Iterable[Problem]:
    # Case-insensitively: US-EAST-1 beside us-east-1 is one code written twice, not two regions.
    seen = Counter((r["provider"], r["code"].casefold()) for r in c.rows("regions") if r["code"])
    for row in c.rows("regions"):
        if row["code"] and seen[(row["provider"], row["code"].casefold())] > 1:
            yield Problem(c.tables["regions"].path, row.line, "code", f"{row['code']} is used by more than one {row['provider']} region (letter case aside)")


def _shared_addresses(c: Context) -> Iterable[Problem]:
    first: dict[str, Row] = {}
    for row in c.rows("sources"):
        key = same_document(row["url"])
        if key in first:
            other = first[key]
            yield Problem(c.tables["sources"].path, row.line, "url", f"is the address of {other['id']} (line {other.line}) too: one document is one source, so merge them and cite one id")
        else:
            first[key] = row


def _unused_sources(c: Context) -> Iterable[Problem]:
    used = {
        row[name]
        for table in c.tables.values()
        if table.name != "sources"
        for row in table.rows
        for name in row.values
        if name == "source" or name.endswith("_source")
    } | c.cited_in_profiles
    for row in c.rows("sources"):
        if row["id"] not in used:
            yield Problem(c.tables["sources"].path, row.line, "id", f"{row['id']} is cited by no row; remove it or cite it")


def _profile_problems(source: Data, c: Context) -> Iterable[Problem]:
    providers = {r["id"] for r in c.rows("providers")}
    providers_read = c.tables.get("providers", Table("", "")).readable  # else every profile would look orphaned
    for provider in sorted(providers - set(source.profiles)):
        yield Problem("content/providers", 1, provider, f"has no profile: write content/providers/{provider}.md")
    for provider, profile in source.profiles.items():
        if providers_read and provider not in providers:
            yield Problem(profile.path, 1, "-", f"{provider} is not a provider in datasets/providers.csv{did_you_mean(provider, providers)} (the file is named <provider id>.md)")
        names = profile.meta.get("also_known_as", [])
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            yield Problem(profile.path, profile.line_of("also_known_as"), "also_known_as", "must be a list of names, e.g. also_known_as: [AWS]")
        if not isinstance(profile.meta.get("summary"), str) or not profile.meta["summary"].strip():
            yield Problem(profile.path, profile.line_of("summary"), "summary", "the front matter needs a one-sentence summary: summary: <one sentence in your own words>")
            for key in (str(k) for k in profile.meta if k not in PROFILE_KEYS and did_you_mean(str(k), PROFILE_KEYS)):
                yield Problem(profile.path, profile.line_of(key), key, f"is not a front-matter key{did_you_mean(key, PROFILE_KEYS)}")
        if MARKUP.search(str(profile.meta)):
            yield Problem(profile.path, 2, "front matter", "contains markup (HTML, a script address or an attribute list); write plain text")
    sources = {r["id"] for r in c.rows("sources")}
    for profile in source.profiles.values() if c.tables.get("sources", Table("", "")).readable else []:
        for line, source_id in profile.citations:
            if source_id not in sources:
                yield Problem(profile.path, line, "text", f"cites [{source_id}], which is not an id in sources.csv{did_you_mean(source_id, sources)}")
    texts = [(p.path, p.body_line, p.body) for p in source.profiles.values()]
    texts += [(path, 1, text) for path, text in source.pages.values()]
    for path, first_line, text in texts:
        for offset, line in enumerate(text.split("\n")):
            if MARKUP.search(line):
                yield Problem(path, first_line + offset, "text", "contains markup (HTML, a script address or an attribute list); write Markdown")


SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")) if SEMVER.match(text) else (-1,)


def _citation_line(text: str, key: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _publication_problems(source: Data, today: dt.date) -> Iterable[Problem]:
    """The package version, CITATION.cff and the release manifest must agree, so a release cites what it ships."""
    publication = source.publication
    if publication is None:
        return
    if not SEMVER.match(source.version):
        yield Problem("datasets/datapackage.json", 1, "version", f"{source.version!r} is not a version MAJOR.MINOR.PATCH")
    cited = str(publication.citation.get("version", ""))
    if publication.citation and cited != source.version:
        yield Problem(publication.citation_path, _citation_line(publication.citation_text, "version"), "version",
                      f"is {cited!r} but the data package is {source.version}: keep them in step")
    for key in ("cff-version", "title", "message", "authors", "license"):
        if publication.citation and key not in publication.citation:
            yield Problem(publication.citation_path, 1, key, "is required")
    previous = None
    for index, release in enumerate(publication.releases, start=1):
        where = f"release {index}"
        if not isinstance(release, dict):
            yield Problem(publication.releases_path, 1, where, "must be an object")
            continue
        version, date = str(release.get("version", "")), str(release.get("date", ""))
        if not SEMVER.match(version):
            yield Problem(publication.releases_path, 1, f"{where}: version", f"{version!r} is not MAJOR.MINOR.PATCH")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) or _bad_date(date):
            yield Problem(publication.releases_path, 1, f"{where}: date", f"{date!r} is not a day (YYYY-MM-DD)")
        elif _future(date, today):
            yield Problem(publication.releases_path, 1, f"{where}: date", f"{date} is after today")
        if not SHA256.match(str(release.get("sha256", ""))):
            yield Problem(publication.releases_path, 1, f"{where}: sha256", "must be the 64 hex digits of the zip's SHA-256")
        if not str(release.get("url", "")).startswith("https://"):
            yield Problem(publication.releases_path, 1, f"{where}: url", "must be the https address of the release's zip")
        notes = release.get("notes", [])
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes) or any(MARKUP.search(n) for n in notes):
            yield Problem(publication.releases_path, 1, f"{where}: notes", "must be a list of plain-text lines")
        if previous and _version_key(version) <= _version_key(previous):
            yield Problem(publication.releases_path, 1, f"{where}: version", f"{version} does not come after {previous}")
        previous = version
    if previous and _version_key(source.version) < _version_key(previous):
        yield Problem("datasets/datapackage.json", 1, "version", f"{source.version} is older than the last release, {previous}")


PAGE_KEYS = ("title", "description", "hide")


def _number_problems(source: Data) -> Iterable[Problem]:
    for resource in schema.resources():
        table = source.tables.get(resource.get("name"))
        for column in resource.get("schema", {}).get("fields", []) if table else []:
            if column.get("type") in ("integer", "number"):
                for row in table.rows:
                    if message := guards.number_problem(row[column["name"]], column["type"]):
                        yield Problem(table.path, row.line, column["name"], message)


def _front_matter_problems(source: Data) -> Iterable[Problem]:
    """Front matter reaches the page's <head> through the theme: only the keys the atlas uses, in plain text."""
    documents = [(p.path, p.meta, PROFILE_KEYS) for p in source.profiles.values()]
    documents += [(source.pages[page][0], meta, PAGE_KEYS) for page, meta in source.page_meta.items()]
    for path, meta, allowed in documents:
        for key in meta:
            if key not in allowed:
                yield Problem(path, 2, "front matter", f"{key!r} is not a key the atlas uses here (only {', '.join(allowed)})")
        for text in guards.strings_in(meta):
            if guards.CONTROL.search(text) or MARKUP.search(text):
                yield Problem(path, 2, "front matter", "contains markup or a control character; write plain text")


def _markdown_problems(source: Data) -> Iterable[Problem]:
    """Hand-written Markdown stays within bounds, and every link it renders to is http, https, mailto or relative."""
    texts = [(p.path, p.body_line, p.body) for p in source.profiles.values()]
    for path, text in source.pages.values():
        _, body, body_line = split_front_matter(text)
        texts.append((path, body_line, body))
    for path, first_line, text in texts:
        too_big = guards.size_problems(text, path, first_line)
        yield from too_big or guards.link_problems(text, path, first_line, source.markdown_extensions)


def _page_collisions(source: Data) -> Iterable[Problem]:
    """A hand-written page may not take a generated page's address, nor another hand-written page's."""
    seen: dict[str, str] = {}
    for page, (path, _) in sorted(source.pages.items()):
        address = page_address(page)
        first = address.split("/", 1)[0]
        if address in GENERATED_PAGES or first in GENERATED_FOLDERS:
            yield Problem(path, 1, "-", f"takes the address /{address + '/' if address else ''}, which the generator writes "
                          f"(the home page, {', '.join(GENERATED_PAGES[1:])}, and {', '.join(f + '/' for f in GENERATED_FOLDERS)}); move the page")
        elif address in seen:
            yield Problem(path, 1, "-", f"has the same address, /{address}/, as {seen[address]}; rename one")
        seen.setdefault(address, path)


TABLE_RULES: list[Callable[[Context], Iterable[Problem]]] = [
    _markup_problems,  # nothing a contributor types may run in a reader's browser
    _duplicate_codes,  # region codes are unique per provider
    _unused_sources,  # every source is used
    _shared_addresses,  # one document, one source: no two sources share an address
]


def _context(source: Data, today: dt.date) -> Context:
    return Context(today, all_countries(), source.tables, {i for p in source.profiles.values() for _, i in p.citations})


def warnings(source: Data, today: dt.date) -> list[Problem]:
    """What a contributor should look at again; never a reason to refuse the data."""
    if source.problems or not source.readable:
        return []
    return sorted(set(_row_problems(_context(source, today), WARNINGS)))


def check(source: Data, today: dt.date) -> list[Problem]:
    """Every problem in the data; an empty list means the atlas may be built."""
    context = _context(source, today)
    problems = list(source.problems)
    problems += _number_problems(source)  # a count SQLite cannot store, or an amount JSON cannot write
    problems += _front_matter_problems(source)  # front matter is plain text, with only the keys the atlas uses
    problems += _markdown_problems(source)  # no script address, however it is spelt; no page too big to render
    problems += schema.differences(source.descriptor, "datasets/datapackage.json")  # the tables' schema is the project's
    problems += _page_collisions(source)  # a hand-written page never replaces a generated one
    if not source.readable:
        return sorted(set(problems + list(_profile_problems(source, context))))
    problems += _publication_problems(source, today)
    problems += _row_problems(context)
    for rule in TABLE_RULES:
        problems += rule(context)
    problems += _profile_problems(source, context)
    return sorted(set(problems))
