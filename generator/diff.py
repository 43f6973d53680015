"""What changed in the data between two versions, in the atlas's own terms.

Release notes are written from it, and the contributor tooling uses it to describe a pull request:
"+2 regions: aws mx-central-1 (MX), ...; 1 closure; 3 zone counts changed", never raw CSV lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Rows = dict[str, list[dict[str, str]]]  # table name -> rows as read from the CSV files


@dataclass
class DataDiff:
    regions_added: list[dict] = field(default_factory=list)
    regions_removed: list[dict] = field(default_factory=list)
    launched: list[tuple[dict, str]] = field(default_factory=list)  # (region, launch date newly known)
    closed: list[tuple[dict, str]] = field(default_factory=list)  # (region, closure date)
    announced: list[tuple[dict, str]] = field(default_factory=list)  # announcement dates newly known
    status_changed: list[tuple[dict, str, str]] = field(default_factory=list)  # other status moves
    dates_corrected: list[tuple[dict, str, str, str]] = field(default_factory=list)  # (region, field, old, new)
    zones_changed: list[tuple[dict, str, str]] = field(default_factory=list)
    renamed: list[tuple[dict, str, str, str]] = field(default_factory=list)  # (region, field, old, new) for code/name/city/country
    coordinates_changed: list[dict] = field(default_factory=list)
    events_added: list[dict] = field(default_factory=list)
    events_removed: list[dict] = field(default_factory=list)
    claims_added: list[dict] = field(default_factory=list)
    providers_added: list[dict] = field(default_factory=list)
    sources_added: int = 0
    sources_removed: int = 0

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)


def _by(rows: list[dict[str, str]], key: str) -> dict[str, dict[str, str]]:
    return {r[key]: r for r in rows}


def _claim_key(row: dict[str, str]) -> tuple[str, str, str]:
    return (row["provider"], row["date"], row["source"])


def compare(old: Rows, new: Rows) -> DataDiff:
    diff = DataDiff()
    before, after = _by(old.get("regions", []), "id"), _by(new.get("regions", []), "id")
    diff.regions_added = [after[i] for i in after if i not in before]
    diff.regions_removed = [before[i] for i in before if i not in after]
    for region_id in sorted(set(before) & set(after)):
        a, b = before[region_id], after[region_id]
        if a.get("status") != b.get("status"):
            if b.get("status") == "closed":
                diff.closed.append((b, b.get("closed", "")))
            elif b.get("status") == "active" and a.get("status") == "announced":
                diff.launched.append((b, b.get("launched", "")))
            else:
                diff.status_changed.append((b, a.get("status", ""), b.get("status", "")))
        for name, bucket in (("launched", diff.launched), ("announced", diff.announced)):
            if not a.get(name) and b.get(name) and not any(r is b for r, _ in bucket):
                bucket.append((b, b[name]))
        for name in ("announced", "expected", "launched", "closed"):
            if a.get(name) and a.get(name) != b.get(name):
                diff.dates_corrected.append((b, name, a.get(name, ""), b.get(name, "")))
        if a.get("zones") != b.get("zones"):
            diff.zones_changed.append((b, a.get("zones", ""), b.get("zones", "")))
        for name in ("code", "name", "city", "country"):
            if a.get(name) != b.get(name):
                diff.renamed.append((b, name, a.get(name, ""), b.get(name, "")))
        if (a.get("latitude"), a.get("longitude")) != (b.get("latitude"), b.get("longitude")):
            diff.coordinates_changed.append(b)
    events_before, events_after = _by(old.get("events", []), "id"), _by(new.get("events", []), "id")
    diff.events_added = [events_after[i] for i in events_after if i not in events_before]
    diff.events_removed = [events_before[i] for i in events_before if i not in events_after]
    claims_before = {_claim_key(r) for r in old.get("claims", [])}
    diff.claims_added = [r for r in new.get("claims", []) if _claim_key(r) not in claims_before]
    providers_before = _by(old.get("providers", []), "id")
    diff.providers_added = [r for r in new.get("providers", []) if r["id"] not in providers_before]
    sources_before, sources_after = set(_by(old.get("sources", []), "id")), set(_by(new.get("sources", []), "id"))
    diff.sources_added, diff.sources_removed = len(sources_after - sources_before), len(sources_before - sources_after)
    return diff


def _region(row: dict[str, str]) -> str:
    label = row.get("code") or row["id"].removeprefix(row["provider"] + "-")
    return f"{row['provider']} {label} ({row['country']})"


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _list(items: list[str], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def notes(diff: DataDiff) -> list[str]:
    """One line per kind of change, in domain terms; the same lines a release or a pull request shows."""
    lines = []
    if diff.providers_added:
        lines.append(f"+{_plural(len(diff.providers_added), 'provider')}: " + _list([p["name"] for p in diff.providers_added]))
    if diff.regions_added:
        lines.append(f"+{_plural(len(diff.regions_added), 'region')}: " + _list([_region(r) for r in diff.regions_added]))
    if diff.regions_removed:
        lines.append(f"-{_plural(len(diff.regions_removed), 'region')} removed: " + _list([_region(r) for r in diff.regions_removed]))
    if diff.launched:
        lines.append(f"{_plural(len(diff.launched), 'launch', 'launches')} recorded: " + _list([f"{_region(r)} {d or 'date unknown'}" for r, d in diff.launched]))
    if diff.closed:
        lines.append(f"{_plural(len(diff.closed), 'closure')}: " + _list([f"{_region(r)} {d}" for r, d in diff.closed]))
    if diff.announced:
        lines.append(f"{_plural(len(diff.announced), 'announcement date')} found: " + _list([f"{_region(r)} {d}" for r, d in diff.announced]))
    if diff.status_changed:
        lines.append(f"{_plural(len(diff.status_changed), 'status', 'statuses')} changed: " + _list([f"{_region(r)} {a} -> {b}" for r, a, b in diff.status_changed]))
    if diff.dates_corrected:
        lines.append(f"{_plural(len(diff.dates_corrected), 'date')} corrected: " + _list([f"{_region(r)} {f} {a} -> {b or 'unknown'}" for r, f, a, b in diff.dates_corrected]))
    if diff.zones_changed:
        lines.append(f"{_plural(len(diff.zones_changed), 'zone count')} changed: " + _list([f"{_region(r)} {a or 'unknown'} -> {b or 'unknown'}" for r, a, b in diff.zones_changed]))
    if diff.renamed:
        lines.append(f"{_plural(len(diff.renamed), 'name, code or place', 'names, codes or places')} changed: " + _list([f"{_region(r)} {f} {a or 'blank'} -> {b or 'blank'}" for r, f, a, b in diff.renamed]))
    if diff.coordinates_changed:
        lines.append(f"{_plural(len(diff.coordinates_changed), 'region')} moved or placed: " + _list([_region(r) for r in diff.coordinates_changed]))
    if diff.events_added:
        lines.append(f"+{_plural(len(diff.events_added), 'event')}: " + _list([f"{e['provider']} {e['type']} {e['date']}" + (f" ({e['country']})" if e.get("country") else "") for e in diff.events_added]))
    if diff.events_removed:
        lines.append(f"-{_plural(len(diff.events_removed), 'event')} removed: " + _list([e["id"] for e in diff.events_removed]))
    if diff.claims_added:
        lines.append(f"+{_plural(len(diff.claims_added), 'provider claim')}: " + _list([f"{c['provider']} {c['date']}" for c in diff.claims_added]))
    if diff.sources_added or diff.sources_removed:
        lines.append(f"Sources: +{diff.sources_added}, -{diff.sources_removed}")
    return lines or ["No change to the data."]
