"""Atom feeds of the changelog: one for everything, one per provider, one per country with entries.

Each folder of feeds also has a sitemap.xml listing them: Material's script looks for one beside every
`<link rel="alternate">` a page advertises, and would log a 404 in every reader's console without it.

Atom requires a full timestamp for each entry. A date the source gives only to the month or year is
stamped with its first day in <updated>, and the title and content say the real precision
("September 2025"); the stored data is never padded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..addresses import FEEDS, feed_path
from ..model import Atlas, ChangelogEntry
from ..paths import write_text
from ..templating import environment, xml_environment



def _tag_authority(site_url: str) -> str:
    return urlsplit(site_url).hostname or "cloud-region-atlas"


def write(atlas: Atlas, out: Path) -> None:
    template = xml_environment().get_template("feed.xml.j2")
    site = atlas.site_url.rstrip("/") + "/"
    authority = _tag_authority(atlas.site_url)

    written: list[str] = []
    listed: dict[str, list[Listed]] = {"providers": [], "countries": []}

    def render(path: str, title: str, page: str, entries: list[ChangelogEntry]) -> None:
        written.append(path)
        updated = max((e.date.earliest for e in entries), default=atlas.today)
        write_text(out, path, template.render(atlas=atlas, site=site, authority=authority, path=path, title=title, page=page,
                                              entries=entries, updated=updated, stamp=_stamp))

    render(feed_path(), "Cloud Region Atlas: every change", "changelog/", atlas.changelog)
    for provider in atlas.providers.values():
        entries = atlas.changelog_for(provider=provider.id)
        render(feed_path(provider=provider.id), f"Cloud Region Atlas: {provider.name}", f"providers/{provider.id}/", entries)
        listed["providers"].append(Listed(provider.name, _inside(feed_path(provider=provider.id)), len(entries)))
    for code, country in sorted(atlas.countries.items(), key=lambda item: item[1].name):
        entries = atlas.changelog_for(country=code)
        if entries:
            render(feed_path(country=code), f"Cloud Region Atlas: {country.name}", f"countries/{country.slug}/", entries)
            listed["countries"].append(Listed(country.name, _inside(feed_path(country=code)), len(entries)))
    # The page that lists every feed, so that a reader finds a provider's or a country's without guessing its address.
    write_text(out, f"{FEEDS}/index.md", environment().get_template("feeds.md.j2").render(
        everything=Listed("Every change", _inside(feed_path()), len(atlas.changelog)), **listed))
    sitemap = xml_environment().get_template("feeds-sitemap.xml.j2")
    for folder in sorted({str(Path(path).parent) for path in written}):
        write_text(out, Path(folder) / "sitemap.xml", sitemap.render(site=site, paths=[p for p in written if str(Path(p).parent) == folder]))


@dataclass(frozen=True)
class Listed:
    title: str
    path: str  # from the feeds page
    entries: int


def _inside(path: str) -> str:
    return path.removeprefix(f"{FEEDS}/")


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
