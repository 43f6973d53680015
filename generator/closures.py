"""Closures: the regions a provider has closed or given notice of closing, with their notices and sources.

Why a region closes is what the provider's notice says, so the page quotes no reason of ours: it links each
notice by its own title. Sites that closed without being a region of the atlas (a data centre, a campus) are
events of type "closed", listed beside the regions with their summaries.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import PartialDate
from .model import Atlas, Event, Region


@dataclass(frozen=True)
class Closure:
    region: Region
    notice: PartialDate | None  # when the provider gave notice, if the notice is dated
    closed: PartialDate | None  # None while the region is still closing
    sources: list[str]  # source ids: the notice, then the closure


def closures(atlas: Atlas) -> list[Closure]:
    """Closing regions first (still open, so the most pressing), then closed ones, the latest closure first."""
    found = [Closure(r, r.closing_announced, r.closed, list(dict.fromkeys(s for s in (r.closing_source, r.closed_source) if s)))
             for r in atlas.regions.values() if r.status in ("closing", "closed")]
    return sorted(found, key=lambda c: (c.region.status != "closing", _newest_first(c.closed), c.region.id))


def closed_sites(atlas: Atlas) -> list[Event]:
    """Closures recorded as events that name no region of the atlas (data centres and sites), newest first."""
    return sorted((e for e in atlas.events if e.type == "closed" and not e.region), key=lambda e: e.date.sort_key(), reverse=True)


def _newest_first(date: PartialDate | None) -> tuple[int, int, int]:
    year, month, day = date.sort_key() if date else (0, 0, 0)
    return (-year, -month, -day)
