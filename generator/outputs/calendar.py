"""iCalendar feeds of expected openings, under calendar/: every announced region whose source gives an
expected opening, in one calendar for all, one per provider and one per country that has any.

A source that says only "2027" or "October 2026" is drawn as an all-day event spanning that whole year or
month, never as its first day: a reader's calendar then shows the span the source gave, and nothing finer.
Every build gives the same bytes for the same data: DTSTAMP is the data's own day (the atlas's "today"), and
each event's UID is stable across builds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from ..addresses import calendar_path
from ..model import Atlas, Region
from ..paths import write_bytes



def expected(atlas: Atlas) -> list[Region]:
    """Announced regions with an expected opening, soonest first."""
    regions = [r for r in atlas.regions.values() if r.status == "announced" and r.expected]
    return sorted(regions, key=lambda r: (r.expected.sort_key(), r.id))


def _event(atlas: Atlas, region: Region, site: str, authority: str, stamp: dt.datetime) -> Event:
    provider = atlas.providers[region.provider]
    country = atlas.countries.get(region.country)
    place = ", ".join(p for p in (region.city, country.name if country else region.country) if p)
    source = atlas.sources[region.announced_source or region.source]
    event = Event()
    event.add("uid", f"{region.id}/expected@{authority}")
    event.add("dtstamp", stamp)
    event.add("summary", f"{provider.name} {region.label} expected to open ({region.expected.human()})")
    event.add("dtstart", region.expected.earliest)
    event.add("dtend", region.expected.latest + dt.timedelta(days=1))  # all-day events end the day after
    event.add("transp", "TRANSPARENT")
    event.add("location", place)
    event.add("url", f"{site}regions/{region.id}/")
    event.add("description", f"Expected to open in {region.expected.human()}, as {source.publisher} wrote in "
                             f"\u201c{source.title}\u201d ({source.url}). The date is the source's, at its precision: "
                             "the event spans the whole period it names.")
    return event


def _calendar(name: str, events: list[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Cloud Region Atlas//expected openings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def write(atlas: Atlas, out: Path) -> None:
    site = atlas.site_url.rstrip("/") + "/"
    authority = urlsplit(atlas.site_url).hostname or "cloud-region-atlas"
    stamp = dt.datetime.combine(atlas.today, dt.time(), tzinfo=dt.timezone.utc)
    regions = expected(atlas)
    events = {r.id: _event(atlas, r, site, authority, stamp) for r in regions}

    def save(path: str, name: str, chosen: list[Region]) -> None:
        write_bytes(out, path, _calendar(name, [events[r.id] for r in chosen]))

    save(calendar_path(), "Cloud Region Atlas: expected openings", regions)
    for provider in atlas.providers.values():
        save(calendar_path(provider=provider.id), f"Cloud Region Atlas: {provider.name} expected openings",
             [r for r in regions if r.provider == provider.id])
    for code in sorted({r.country for r in regions}):
        save(calendar_path(country=code), f"Cloud Region Atlas: expected openings in {atlas.countries[code].name}",
             [r for r in regions if r.country == code])
