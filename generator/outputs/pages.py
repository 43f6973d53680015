"""The site's Markdown pages: home, providers, countries, changelog, and the hand-written pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..dates import PartialDate
from ..load import split_front_matter
from ..templating import environment, front_matter
from ..model import Atlas, ChangelogEntry, Region
from .feeds import feed_path

LATEST_ON_HOME = 12


@dataclass(frozen=True)
class MonthGroup:
    label: str
    entries: list[ChangelogEntry]


@dataclass(frozen=True)
class YearGroup:
    year: int
    months: list[MonthGroup]


def group_by_month(entries: list[ChangelogEntry]) -> list[YearGroup]:
    """Newest first; dates known only to the year close their year's list."""
    years: dict[int, dict[str, list[ChangelogEntry]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        label = PartialDate(entry.date.year, entry.date.month).human() if entry.date.month else f"{entry.date.year}, month unknown"
        years[entry.date.year][label].append(entry)
    return [YearGroup(year, [MonthGroup(label, items) for label, items in months.items()]) for year, months in years.items()]


def cited_sources(atlas: Atlas, regions: list[Region], entries: list[ChangelogEntry], extra: list[str]) -> list:
    ids = set(extra)
    for region in regions:
        ids |= {region.source, region.announced_source, region.launched_source, region.closed_source, region.zones_source}
    ids |= {e.source for e in entries}
    return sorted((atlas.sources[i] for i in ids if i), key=lambda s: (s.publisher, s.title))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write(atlas: Atlas, out: Path) -> None:
    env = environment()

    def render(template: str, target: str, **context) -> None:
        _write(out / target, env.get_template(template).render(atlas=atlas, **context))

    providers = list(atlas.providers.values())
    figures = {p.id: atlas.figures(p.id) for p in providers}
    render("home.md.j2", "index.md", providers=providers, figures=figures, totals=atlas.totals,
           latest=atlas.changelog[:LATEST_ON_HOME], feed=feed_path())
    render("providers.md.j2", "providers/index.md", providers=providers, figures=figures)
    for provider in providers:
        regions = atlas.regions_by_provider[provider.id]
        entries = atlas.changelog_for(provider=provider.id)
        claim_sources = [c.claim.source for c in atlas.claim_checks(provider.id)]
        render(
            "provider.md.j2", f"providers/{provider.id}.md",
            provider=provider,
            figures=figures[provider.id],
            regions=[r for r in regions if r.status != "announced"],
            announced=[r for r in regions if r.status == "announced"],
            entries=entries,
            checks=atlas.claim_checks(provider.id),
            sources=cited_sources(atlas, regions, entries, [provider.source, *claim_sources, *provider.citations]),
            profile_sources=[atlas.sources[i] for i in provider.citations],
            feed=feed_path(provider=provider.id),
            feed_link=f"../{feed_path(provider=provider.id)}",
        )

    by_continent: dict[str, list] = defaultdict(list)
    for country in sorted(atlas.countries.values(), key=lambda c: c.name):
        by_continent[country.continent].append(country)
    region_counts = {code: len(rs) for code, rs in atlas.regions_by_country.items()}
    active_counts = {code: sum(r.status == "active" for r in rs) for code, rs in atlas.regions_by_country.items()}
    continents = []
    for name in sorted(by_continent):
        members = sorted(by_continent[name], key=lambda c: (-active_counts.get(c.code, 0), -region_counts.get(c.code, 0), c.name))
        continents.append((name, members))
    render("countries.md.j2", "countries/index.md", continents=continents, region_counts=region_counts, active_counts=active_counts)
    for country in atlas.countries.values():
        regions = atlas.regions_by_country.get(country.code, [])
        entries = atlas.changelog_for(country=country.code)
        nearest = [n for p in atlas.absent_providers(country.code) if (n := atlas.nearest(country.code, p))]
        render(
            "country.md.j2", f"countries/{country.slug}.md",
            country=country,
            regions=regions,
            present=sorted({atlas.providers[r.provider].name for r in regions if r.status == "active"}),
            entries=entries,
            nearest=nearest,
            sources=cited_sources(atlas, regions, entries, []),
            feed=feed_path(country=country.code) if entries else "",
            feed_link=f"../{feed_path(country=country.code)}" if entries else "",
        )

    render("changelog.md.j2", "changelog.md", years=group_by_month(atlas.changelog), feed=feed_path(), feed_link=feed_path())
    render("coverage.md.j2", "coverage.md", providers=providers,
           coverage={p.id: atlas.coverage(p.id) for p in providers}, total=atlas.coverage())

    for target, (path, text) in atlas.hand_written.items():
        _write(out / target, with_edit_path(text, path))


def with_edit_path(text: str, path: str) -> str:
    """A hand-written page, its front matter told which file the edit link opens."""
    front, body, _ = split_front_matter(text)
    meta = yaml.safe_load(front) if front.strip() else {}
    return front_matter({**meta, "edit_path": path}) + body
