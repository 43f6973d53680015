"""The site's Markdown pages: home, providers, countries, regions, changelog, coverage, and the hand-written pages.

Each page is told `root`, the way from its own address back to the site's root: tables, maps and charts are
HTML blocks, whose links MkDocs does not rewrite, so they are written relative to the page's final address.
"""

from __future__ import annotations

import calendar
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import charts, closures, maps
from ..drawing import draw, draw_beside
from ..addresses import calendar_path, feed_path
from ..carbon import CarbonYear
from ..load import split_front_matter
from ..model import Atlas, ChangelogEntry, Region, disruptions
from ..places import METRO_KM, Place, Places
from ..paths import address, write_text
from ..problems import DataError, Problem
from ..region_types import TYPES
from ..templating import environment, front_matter

LATEST_ON_HOME = 12
SECTION = "../../"  # from providers/<id>/, countries/<cc>/, regions/<id>/ and changelog/<year>/
INDEX = "../"  # from providers/, countries/ and changelog/


@dataclass(frozen=True)
class Month:
    label: str  # "September 2025", or "2025, month unknown"
    anchor: str
    entries: list[ChangelogEntry]


@dataclass(frozen=True)
class Year:
    year: int
    entries: list[ChangelogEntry]  # dated months first, newest first; entries known only to the year close the list

    @property
    def months(self) -> list[Month]:
        """The year's entries by month, each under its own heading, so that a search for "September 2025" finds them."""
        groups: dict[int | None, list[ChangelogEntry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.date.month, []).append(entry)
        return [Month(f"{calendar.month_name[m]} {self.year}" if m else f"{self.year}, month unknown",
                      f"{calendar.month_name[m].lower()}-{self.year}" if m else f"{self.year}-month-unknown", items)
                for m, items in groups.items()]


def by_year(entries: list[ChangelogEntry]) -> list[Year]:
    years: dict[int, list[ChangelogEntry]] = defaultdict(list)
    for entry in entries:  # newest first
        years[entry.date.year].append(entry)
    # As the methodology says, a change known only to its year closes that year's list.
    return [Year(year, sorted(items, key=lambda e: e.date.month is None)) for year, items in years.items()]


def cited_sources(atlas: Atlas, regions: list[Region], entries: list[ChangelogEntry], extra: list[str]) -> list:
    ids = set(extra)
    for region in regions:
        ids |= {region.source, region.announced_source, region.launched_source, region.closed_source, region.zones_source}
    ids |= {e.source for e in entries}
    return sorted((atlas.sources[i] for i in ids if i), key=lambda s: (s.publisher, s.title, s.id))  # the id settles ties, so every build lists them alike


def options(values: dict[str, str]) -> list[tuple[str, str]]:
    """A filter's choices: (value, words), in the order given."""
    return list(values.items())


def status_options(regions: list[Region]) -> list[tuple[str, str]]:
    present = {r.status for r in regions}
    return [(s, s) for s in ("active", "closing", "announced", "closed") if s in present]


def type_options(regions: list[Region]) -> list[tuple[str, str]]:
    present = {r.type for r in regions}
    return [(t, name) for t, name in TYPES.items() if t in present]


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def in_latin_letters(text: str) -> bool:
    """Written in the Latin alphabet, accents aside: "São Paulo" is, "亚太南部（孟买）" is not."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(_folded(c) for c in letters)


def plain_spelling(*names: str) -> str:
    """The names without accents ("Sao Paulo" for "São Paulo"), so that a search typed without them finds them;
    "" when no name has an accent. A name in another script has no such spelling and is left out."""
    folded = [_folded(n) for n in names if n and in_latin_letters(n) and _folded(n) != n]
    return ", ".join(folded)


def region_search_boost(atlas: Atlas) -> dict[str, float]:
    """Where providers share a code (Alibaba and Huawei reuse AWS's eu-central-1, ap-southeast-1, ...), a search for
    it finds every sharer's page by its title: each gets a small boost by how long its provider has run regions
    (its first known launch), so that the oldest user of the code comes first and the others follow in order."""
    sharing: dict[str, list[Region]] = defaultdict(list)
    for region in atlas.regions.values():
        if region.code:
            sharing[region.code].append(region)
    first = {p: (f.first_launch.sort_key() if (f := atlas.figures(p)).first_launch else (9999, 99, 99)) for p in atlas.providers}
    boosts = {}
    for regions in sharing.values():
        if len(regions) > 1:
            ordered = sorted(regions, key=lambda r: (not r.is_open, first[r.provider], r.provider))
            boosts |= {region.id: round(1 + 0.1 * (len(ordered) - rank), 1) for rank, region in enumerate(ordered)}
    return boosts


@dataclass(frozen=True)
class CarbonRow:
    region: Region
    by_year: dict[int, CarbonYear]
    latest: CarbonYear  # the newest year


def carbon_table(atlas: Atlas) -> list[CarbonRow]:
    """One row per region with carbon figures, greenest in the newest year first."""
    rows = []
    for region_id, years in atlas.carbon.by_region.items():
        rows.append(CarbonRow(atlas.regions[region_id], {y.year: y for y in years}, years[-1]))
    return sorted(rows, key=lambda r: (-(r.latest.carbon_free_energy or -1), r.region.id))


def correction(title: str, provider: str = "", region: str = "", country: str = "") -> dict[str, str]:
    """The URL parameters that open the correction form with this page's subject filled in."""
    fields = {"template": "correction.yml", "title": f"Correction: {title}", "provider": provider, "region": region, "country": country}
    return {key: value for key, value in fields.items() if value}


def write(atlas: Atlas, out: Path) -> None:
    env = environment()

    def render(template: str, target: str, **context) -> None:
        write_text(out, target, env.get_template(template).render(atlas=atlas, **context))

    providers = list(atlas.providers.values())
    places = Places(atlas)
    provider_options = options({p.id: p.name for p in providers})
    figures = {p.id: atlas.figures(p.id) for p in providers}
    dating = {p.id: atlas.coverage(p.id) for p in providers}  # opened regions by what dates them: launch, SDK listing only, neither
    # Charts are drawn in a second process while the pages without one are written; those with one come last.
    chart_of = charts.all_charts(atlas)

    carbon_charts = {r: chart for r in atlas.carbon.by_region if (chart := charts.carbon(atlas, atlas.regions[r]))}
    chart_of.update({chart.name: chart for chart in carbon_charts.values()})
    drawings_ready = draw_beside(list(chart_of.values()))

    region_counts = {code: len(rs) for code, rs in atlas.regions_by_country.items()}
    active_counts = {code: sum(r.is_open for r in rs) for code, rs in atlas.regions_by_country.items()}
    providers_in = {code: len({r.provider for r in rs if r.is_open}) for code, rs in atlas.regions_by_country.items()}
    with_regions = sorted((atlas.countries[c] for c in region_counts), key=lambda c: (-providers_in.get(c.code, 0), -active_counts[c.code], c.name))
    without: dict[str, list] = defaultdict(list)
    for country in sorted(atlas.countries.values(), key=lambda c: c.name):
        if country.code not in region_counts:
            without[country.continent].append(country)
    render("countries.md.j2", "countries/index.md", root=INDEX, with_regions=with_regions, without=sorted(without.items()),
           region_counts=region_counts, active_counts=active_counts, providers_in=providers_in,
           continents=options({c: c for c in sorted({c.continent for c in with_regions})}), map=maps.choropleth(atlas))
    for country in atlas.countries.values():
        regions = atlas.regions_by_country.get(country.code, [])
        entries = atlas.changelog_for(country=country.code)
        nearest = [n for p in atlas.absent_providers(country.code) if (n := atlas.nearest(country.code, p))]
        render(
            "country.md.j2", f"countries/{country.slug}.md",
            root=SECTION,
            country=country,
            correction=correction(country.name, country=country.code),
            regions=regions,
            statuses=status_options(regions),
            types=type_options(regions),
            provider_options=options({p: atlas.providers[p].name for p in dict.fromkeys(r.provider for r in regions)}),
            present=sorted({atlas.providers[r.provider].name for r in regions if r.is_open}),
            entries=entries,
            disruptions=disruptions(entries),
            nearest=nearest,
            sources=cited_sources(atlas, regions, entries, []),
            feed=feed_path(country=country.code) if entries else "",
            calendar=calendar_path(country=country.code) if any(r.status == "announced" and r.expected for r in regions) else "",
            map=maps.country_map(atlas, places, country.code, regions, nearest),
            places=places.in_country(country.code),
        )

    boosts = region_search_boost(atlas)

    def render_region(region: Region, carbon_chart=None) -> None:
        entries = atlas.changelog_of_region(region.id)
        pair = atlas.pairs.of(region.id)
        render(
            "region.md.j2", f"regions/{region.id}.md",
            root=SECTION,
            region=region,
            correction=correction(f"{atlas.providers[region.provider].name} {region.label}", provider=region.provider,
                                  region=region.id, country=region.country),
            provider=atlas.providers[region.provider],
            country=atlas.countries.get(region.country),
            entries=entries,
            disruptions=disruptions(entries),
            equivalents=atlas.equivalents(region),
            map=maps.locator_map(atlas, places, region),
            region_place=places.of_region.get(region.id),
            search_alias=plain_spelling(region.name, region.city),
            search_boost=boosts.get(region.id, 1),
            # A name the sources give only in another script heads the page by its city instead.
            latin_name=region.name if in_latin_letters(region.name) else "",
            sources=cited_sources(atlas, [region], entries, [pair.source] if pair else []),
            pair=pair,
            pair_mutual=atlas.pairs.mutual(region.id),
            paired_by=atlas.pairs.naming(region.id),
            carbon=atlas.carbon.of(region.id),
            carbon_chart=carbon_chart,
        )

    # Regions with a chart of their own are written once the drawings are ready, like the other pages with one.
    for region in atlas.regions.values():
        if region.id not in carbon_charts:
            render_region(region)

    drawings_ready()
    for region_id, chart in carbon_charts.items():
        render_region(atlas.regions[region_id], draw(chart))
    render("carbon.md.j2", "carbon.md", root=INDEX, rows=carbon_table(atlas), years=atlas.carbon.years,
           sources=[atlas.sources[i] for i in atlas.carbon.sources])
    render("home.md.j2", "index.md", root="", providers=providers, figures=figures, totals=atlas.totals,
           latest=atlas.changelog[:LATEST_ON_HOME], feed=feed_path(), dating=dating,
           map=maps.world_map(atlas, places, list(atlas.regions.values()), "World map of every region, coloured by provider", filters=True),
           race=draw(chart_of["race"]), continents=draw(chart_of["continents"]))
    render("providers.md.j2", "providers/index.md", root=INDEX, providers=providers, figures=figures)
    for provider in providers:
        regions = atlas.regions_by_provider[provider.id]
        entries = atlas.changelog_for(provider=provider.id)
        claim_sources = [c.claim.source for c in atlas.claim_checks(provider.id)]
        render(
            "provider.md.j2", f"providers/{provider.id}.md",
            root=SECTION,
            provider=provider,
            checked_against=atlas.sources[provider.source],
            correction=correction(provider.name, provider=provider.id),
            figures=figures[provider.id],
            regions=regions,
            statuses=status_options(regions),
            types=type_options(regions),
            entries=entries,
            disruptions=disruptions(entries),
            checks=atlas.claim_checks(provider.id),
            sources=cited_sources(atlas, regions, entries, [provider.source, *claim_sources, *provider.citations]),
            profile_sources=[atlas.sources[i] for i in provider.citations],
            feed=feed_path(provider=provider.id),
            calendar=calendar_path(provider=provider.id),
            map=maps.world_map(atlas, places, regions, f"World map of {provider.name}'s regions"),
            history=draw(chart_of[provider.id]),
            dating=dating[provider.id],
        )

    years = by_year(atlas.changelog)
    render("changelog.md.j2", "changelog/index.md", root=INDEX, years=years, feed=feed_path(), calendar=calendar_path(), chart=draw(chart_of["changelog"]))
    for index, year in enumerate(years):
        types = options({t: t for t in sorted({e.type for e in year.entries})})
        countries = options({c: atlas.countries[c].name for c in sorted({e.country for e in year.entries if e.country}, key=lambda c: atlas.countries[c].name)})
        render("changelog-year.md.j2", f"changelog/{year.year}.md", root=SECTION, year=year, feed=feed_path(),
               map=maps.year_map(atlas, places, year.entries, year.year),
               newer=years[index - 1].year if index else None, older=years[index + 1].year if index + 1 < len(years) else None,
               filters=[("provider", "Provider", provider_options), ("country", "Country", countries), ("type", "Type", types)])
    render("closures.md.j2", "closures.md", root=INDEX, closures=closures.closures(atlas), feed=feed_path(),
           sites=[e for e in atlas.changelog if e.key in {s.id for s in closures.closed_sites(atlas)}])
    render("coverage.md.j2", "coverage.md", root=INDEX, providers=providers, chart=draw(chart_of["coverage"]),
           coverage={p.id: atlas.coverage(p.id) for p in providers}, total=atlas.coverage(),
           undated_regions={p.id: atlas.sdk.undated(atlas.regions_by_provider[p.id]) for p in providers},
           checked_against={p.id: atlas.sources[p.source] for p in providers})

    write_places(atlas, places, render)

    generated = {address(str(p.relative_to(out))): p.relative_to(out) for p in out.rglob("*.md")}
    for target, (path, text) in atlas.hand_written.items():
        if address(target) in generated:
            raise DataError([Problem(path, 1, "-", f"takes the address of the generated page {generated[address(target)]}; move the page")])
        write_text(out, target, with_edit_path(text, path))


def write_places(atlas: Atlas, places: Places, render) -> None:
    render("places.md.j2", "places/index.md", root=INDEX, places=places.all, metro_km=METRO_KM,
           map=maps.world_map(atlas, places, list(atlas.regions.values()), "World map of every place with a region, coloured by provider"))
    for place in places.all:
        nearest = places.nearest_absent(place)
        render("place.md.j2", f"places/{place.id}.md", root=SECTION, place=place, country=atlas.countries.get(place.country),
               providers=[atlas.providers[p].name for p in place.providers], nearest=nearest, metro_km=METRO_KM,
               boost=search_boost(atlas, place), map=maps.place_map(atlas, places, place, nearest),
               sources=cited_sources(atlas, list(place.regions), [], []))


def search_boost(atlas: Atlas, place: Place) -> float:
    """A city's page comes first when its name is searched; an area named after a country yields to the country's page."""
    if not place.area:
        return 5
    country = atlas.countries.get(place.country)
    return 0.5 if country and place.name == country.name else 1


def with_edit_path(text: str, path: str) -> str:
    """A hand-written page, its front matter told which file the edit link opens."""
    front, body, _ = split_front_matter(text)
    meta = yaml.safe_load(front) if front.strip() else {}
    # str(): adding text to Markup would escape the text, and the page's own Markdown must reach MkDocs as written.
    return str(front_matter({**meta, "edit_path": path})) + body
