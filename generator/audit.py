"""What the next audit should read first: per provider, how complete each fact is, and every row a check
flags as doubtful but not wrong.

The checker refuses what is wrong; this lists what is allowed but weaker than it could be, such as a launch
date cited to a news report where the provider publishes its own notes, a code that only an SDK list prints,
coordinates that stand for an area, or a claim whose scope the source leaves unsaid. Each doubt is one line
below, read like the checker's rules: the table, the field it is reported against, what to look at, and the
test that finds the row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .load import Data, Row
from .model import Atlas, Coverage


@dataclass(frozen=True)
class Doubt:
    table: str
    field: str
    note: str  # formatted with the row's values
    applies: Callable[[Row, Atlas], bool]


def _own(atlas: Atlas, provider_id: str, source_id: str) -> bool:
    """Whether the provider itself published the source (its name or its company is the publisher)."""
    source, provider = atlas.sources.get(source_id), atlas.providers.get(provider_id)
    if not source or not provider:
        return False
    return source.publisher.startswith((provider.name, provider.company))


def _publisher(atlas: Atlas, source_id: str) -> str:
    source = atlas.sources.get(source_id)
    return source.publisher if source else ""


DOUBTS: list[Doubt] = [
    Doubt("regions", "launched_source", "launch {launched} is cited to a third-party report ({launched_publisher}); look for the provider's own notes", lambda r, a: bool(r["launched_source"]) and not _own(a, r["provider"], r["launched_source"])),
    Doubt("regions", "announced_source", "announcement {announced} is cited to a third-party report ({announced_publisher}); look for the provider's own notes", lambda r, a: bool(r["announced_source"]) and not _own(a, r["provider"], r["announced_source"])),
    Doubt("regions", "code_source", "code {code} rests on the SDK list alone: no cited page prints it", lambda r, a: bool(r["code"]) and not r["code_source"]),
    Doubt("regions", "coordinates_precision", "coordinates stand for an area ({place}), not a city", lambda r, a: r["coordinates_precision"] == "area"),
    Doubt("regions", "latitude", "no coordinates", lambda r, a: not r["latitude"] and r["status"] != "closed"),
    Doubt("regions", "launched", "opened, but its launch date is unknown", lambda r, a: r["status"] in ("active", "closing", "closed") and not r["launched"]),
    Doubt("regions", "closing_announced", "closing, but the closure notice is undated", lambda r, a: r["status"] == "closing" and not r["closing_announced"]),
    Doubt("claims", "scope", "the claim of {date} gives no scope, so it is compared as worldwide", lambda r, a: not r["scope"]),
    Doubt("providers", "verified", "its regions were last checked against {source}, which prints no date: find a dated version of the list", lambda r, a: not (s := a.sources.get(r["source"])) or s.published is None),
    Doubt("sources", "read_at", "read on a copy ({read_at}), not on the original", lambda r, a: bool(r["read_at"])),
    Doubt("sources", "published", "undated", lambda r, a: not r["published"]),
]


def _values(row: Row, atlas: Atlas) -> dict[str, str]:
    values = dict(row.values)
    values["launched_publisher"] = _publisher(atlas, row["launched_source"])
    values["announced_publisher"] = _publisher(atlas, row["announced_source"])
    values["place"] = ", ".join(part for part in (row["city"], row["country"]) if part)
    return values


def _provider_of(table: str, row: Row, atlas: Atlas, cited_by: dict[str, set[str]]) -> set[str]:
    if table == "sources":
        return cited_by.get(row["id"], set())
    if table == "providers":
        return {row["id"]}
    return {row["provider"]}


def _coverage_line(name: str, c: Coverage) -> str:
    return (
        f"{name}: {c.regions} regions; launch date {c.launch_known} of {c.opened} opened ({c.percent(c.launch_known, of_opened=True)}%); "
        f"announcement date {c.announced_known} ({c.percent(c.announced_known)}%); zone count {c.zones_known} ({c.percent(c.zones_known)}%); "
        f"code {c.code_known} ({c.percent(c.code_known)}%), {c.code_cited} from a cited page; "
        f"coordinates {c.coordinates_any} ({c.percent(c.coordinates_any)}%), {c.coordinates_metro_or_better} at metro precision or better"
    )


def report(data: Data, atlas: Atlas) -> list[str]:
    """The audit as plain text lines: a coverage line per provider, then its doubtful rows as path:line: field: note."""
    cited_by: dict[str, set[str]] = {}
    for table in data.tables.values():
        if table.name == "sources":
            continue
        for row in table.rows:
            for name, value in row.values.items():
                if value and (name == "source" or name.endswith("_source")) and row["provider"]:
                    cited_by.setdefault(value, set()).add(row["provider"])
    doubts: dict[str, list[str]] = {p: [] for p in atlas.providers}
    for doubt in DOUBTS:
        table = data.tables.get(doubt.table)
        for row in table.rows if table else []:
            if doubt.applies(row, atlas):
                line = f"  {table.path}:{row.line}: {doubt.field}: {doubt.note.format_map(_values(row, atlas))}"
                for provider in sorted(_provider_of(doubt.table, row, atlas, cited_by)):
                    doubts.setdefault(provider, []).append(line)
    out = []
    for provider in atlas.providers.values():
        out.append(_coverage_line(provider.id, atlas.coverage(provider.id)))
        out.extend(doubts.get(provider.id, []))
    out.append(_coverage_line("all providers", atlas.coverage()))
    out.append(f"{sum(len(d) for d in doubts.values())} doubtful row(s) to read; none is an error the checker refuses.")
    return out
