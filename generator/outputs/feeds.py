"""Atom feeds of the changelog: one for everything, one per provider, one per country with entries.

Each folder of feeds also has a sitemap.xml listing them: Material's script looks for one beside every
`<link rel="alternate">` a page advertises, and would log a 404 in every reader's console without it.

Atom requires a full timestamp for each entry. A date the source gives only to the month or year is
stamped with its first day in <updated>, and the title and content say the real precision
("September 2025"); the stored data is never padded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

from ..addresses import feed_path
from ..model import Atlas, ChangelogEntry
from ..paths import write_text
from ..templating import xml_environment



def _tag_authority(site_url: str) -> str:
    return urlsplit(site_url).hostname or "cloud-region-atlas"


def write(atlas: Atlas, out: Path) -> None:
    template = xml_environment().get_template("feed.xml.j2")
    site = atlas.site_url.rstrip("/") + "/"
    authority = _tag_authority(atlas.site_url)

    written: list[str] = []

    def render(path: str, title: str, page: str, entries: list[ChangelogEntry]) -> None:
        written.append(path)
        updated = max((e.date.earliest for e in entries), default=atlas.today)
        write_text(out, path, template.render(atlas=atlas, site=site, authority=authority, path=path, title=title, page=page,
                                              entries=entries, updated=updated, stamp=_stamp))

    render(feed_path(), "Cloud Region Atlas: every change", "changelog/", atlas.changelog)
    for provider in atlas.providers.values():
        render(feed_path(provider=provider.id), f"Cloud Region Atlas: {provider.name}", f"providers/{provider.id}/",
               atlas.changelog_for(provider=provider.id))
    for code, country in atlas.countries.items():
        entries = atlas.changelog_for(country=code)
        if entries:
            render(feed_path(country=code), f"Cloud Region Atlas: {country.name}", f"countries/{country.slug}/", entries)
    sitemap = xml_environment().get_template("feeds-sitemap.xml.j2")
    for folder in sorted({str(Path(path).parent) for path in written}):
        write_text(out, Path(folder) / "sitemap.xml", sitemap.render(site=site, paths=[p for p in written if str(Path(p).parent) == folder]))


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
