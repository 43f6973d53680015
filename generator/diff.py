"""What changed in the data between two versions, in the atlas's own terms.

Release notes are written from it, and the contributor tooling uses it to describe a pull request:
"+2 regions: aws mx-central-1 (MX), ...; 1 closure; 3 zone counts changed", never raw CSV lines.
Beneath those lines, every changed cell of every table (whatever tables datapackage.json lists) and the text
difference of every other changed file under datasets/ and content/: nothing a pull request changes goes unsaid.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .hints import iso_country_names
from .model import CLAIM_FIGURES, SCOPE_NAMES
from .snapshot import Snapshot

Rows = dict[str, list[dict[str, str]]]  # table name -> rows as read from the CSV files
Citer = tuple[str, str, str]  # (provider, country, region id) of a row citing a source


MAX_ROW_CHANGES = 300  # rows listed cell by cell; the rest are counted
MAX_DIFF_LINES = 80  # lines of one file's text difference
MAX_LINE = 240  # characters of one line or value shown


@dataclass
class RowChange:
    """One row added, removed or changed in a table, with the cells that differ (column, before, after)."""

    table: str
    key: str  # the row's primary key, "aws-eu-west-1" or "aws, 2025-03, aws-2025-source"
    kind: str  # "added", "removed" or "changed"
    cells: list[tuple[str, str, str]]


@dataclass
class FileChange:
    """A file under datasets/ or content/ added, removed or changed, with its text difference (bounded)."""

    path: str
    kind: str  # "added", "removed", "changed", or "changed in form only" for a table whose rows are the same
    lines: list[str]  # unified difference, without its two header lines
    left_out: int = 0  # lines of the difference not shown


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
    # For the per-provider and per-country view: each added or removed source with the rows citing it.
    sources_cited: list[tuple[dict, list[Citer]]] = field(default_factory=list)
    sources_uncited: list[tuple[dict, list[Citer]]] = field(default_factory=list)
    provider_names: dict[str, str] = field(default_factory=dict)
    region_countries: dict[str, str] = field(default_factory=dict)
    rows: list[RowChange] = field(default_factory=list)  # every table, every column
    files: list[FileChange] = field(default_factory=list)  # every other file of datasets/ and content/

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__ if name not in ("provider_names", "region_countries"))

    @property
    def rows_by_table(self) -> dict[str, list[RowChange]]:
        grouped: dict[str, list[RowChange]] = defaultdict(list)
        for change in self.rows:
            grouped[change.table].append(change)
        return dict(grouped)


def _by(rows: list[dict[str, str]], key: str) -> dict[str, dict[str, str]]:
    return {r[key]: r for r in rows}


def _claim_key(row: dict[str, str]) -> tuple[str, str, str]:
    return (row["provider"], row["date"], row["source"])


def compare(old: Rows, new: Rows, keys: dict[str, list[str]] | None = None) -> DataDiff:
    """The difference of two versions' tables; `keys` gives each table's primary key (default: its id column)."""
    diff = DataDiff()
    diff.rows = row_changes(old, new, keys or {})
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
    diff.sources_cited = [(r, _citers(new, r["id"])) for r in new.get("sources", []) if r["id"] not in sources_before]
    diff.sources_uncited = [(r, _citers(old, r["id"])) for r in old.get("sources", []) if r["id"] not in sources_after]
    diff.provider_names = {r["id"]: r["name"] for r in [*old.get("providers", []), *new.get("providers", [])]}
    diff.region_countries = {r["id"]: r["country"] for r in [*old.get("regions", []), *new.get("regions", [])]}
    return diff


def compare_versions(old: Snapshot, new: Snapshot) -> DataDiff:
    """Every table, every column and every file of two versions (a pull request's base and its head)."""
    keys = {**new.keys, **old.keys}  # a table the base already has keeps the base's key
    diff = compare(old.tables, new.tables, keys)
    tables_changed = {change.table for change in diff.rows}
    read_as_table = {path: name for version in (old, new) for name, path in version.paths.items()}
    for path in sorted(set(old.files) | set(new.files)):
        before, after = old.files.get(path), new.files.get(path)
        if before == after:
            continue
        table = read_as_table.get(path)
        both_tables = table and table in old.tables and table in new.tables and old.paths.get(table) == new.paths.get(table) == path
        if both_tables and table in tables_changed:
            continue  # its rows say it, cell by cell
        kind = "added" if before is None else "removed" if after is None else "changed in form only" if both_tables else "changed"
        diff.files.append(_file_change(path, kind, before or b"", after or b""))
    return diff


def row_changes(old: Rows, new: Rows, keys: dict[str, list[str]]) -> list[RowChange]:
    found = []
    for table in sorted(set(old) | set(new)):
        before, after = old.get(table, []), new.get(table, [])
        key = keys.get(table) or (["id"] if any("id" in row for row in [*before, *after]) else [])
        ours, theirs = _keyed(before, key), _keyed(after, key)
        for name in theirs:
            if name not in ours:
                found.append(RowChange(table, name, "added", [(c, "", v) for c, v in theirs[name].items() if v]))
        for name in ours:
            if name not in theirs:
                found.append(RowChange(table, name, "removed", [(c, v, "") for c, v in ours[name].items() if v]))
            else:
                a, b = ours[name], theirs[name]
                cells = [(c, a.get(c, ""), b.get(c, "")) for c in dict.fromkeys([*a, *b]) if a.get(c, "") != b.get(c, "")]
                if cells:
                    found.append(RowChange(table, name, "changed", cells))
    return found


def _keyed(rows: list[dict[str, str]], key: list[str]) -> dict[str, dict[str, str]]:
    """Rows by their key; without a key the whole row is its key, and a repeated key is told apart by its count."""
    keyed: dict[str, dict[str, str]] = {}
    for row in rows:
        name = ", ".join(row.get(k, "") for k in key) if key else ", ".join(row.values())
        unique, count = name, 1
        while unique in keyed:
            count += 1
            unique = f"{name} (#{count})"
        keyed[unique] = row
    return keyed


def _file_change(path: str, kind: str, before: bytes, after: bytes) -> FileChange:
    old_lines, new_lines = _text_lines(before), _text_lines(after)
    lines = list(difflib.unified_diff(old_lines, new_lines, lineterm="", n=2))[2:]
    return FileChange(path, kind, lines[:MAX_DIFF_LINES], max(len(lines) - MAX_DIFF_LINES, 0))


def _text_lines(raw: bytes) -> list[str]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [f"({len(raw):,} bytes, not UTF-8 text)"]
    return [_short(line) for line in text.replace("\r\n", "\n").split("\n")] if text else []


def _short(text: str) -> str:
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 1] + "…"


def _citers(tables: Rows, source_id: str) -> list[Citer]:
    """Who cites a source: the provider, country and region of every row naming it."""
    found = []
    for name, rows in tables.items():
        for row in rows:
            if any(value == source_id for key, value in row.items() if key == "source" or key.endswith("_source")):
                region = row.get("id", "") if name == "regions" else row.get("region", "")
                found.append((row.get("id", "") if name == "providers" else row.get("provider", ""), row.get("country", ""), region))
    return sorted(set(found))


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
    for table, rows in diff.rows_by_table.items():
        counts = [f"{_plural(n, 'row')} {kind}" for kind in ("added", "removed", "changed") if (n := sum(r.kind == kind for r in rows))]
        changed = _list([f"{r.key} ({', '.join(c for c, _, _ in r.cells)})" for r in rows if r.kind == "changed"])
        lines.append(f"{table}: {', '.join(counts)}" + (f" ({changed})" if changed else ""))
    if diff.files:
        lines.append(f"{_plural(len(diff.files), 'file')} of datasets/ or content/ {'changes' if len(diff.files) == 1 else 'change'}: " + _list([f"{f.path} ({f.kind})" for f in diff.files]))
    return lines or ["No change to the data."]


@dataclass(frozen=True)
class Change:
    """One thing a reader will see change, placed on the provider's and the country's pages."""

    provider: str
    country: str  # ISO 3166-1 alpha-2, or "" when the change belongs to no one country
    region: str  # the region's id when the change is about one region (its page exists after the change)
    subject: str  # "aws mx-central-1 (MX)": the region, event or claim it is about
    what: str  # "added: active, launched 2025-01-14"
    linked: bool = True  # False for a region removed: it has no page any more


def _region_change(row: dict[str, str], what: str, linked: bool = True) -> Change:
    return Change(row["provider"], row.get("country", ""), row["id"], _region(row), what, linked)


def _added(row: dict[str, str]) -> str:
    facts = [] if row.get(row.get("status", "")) else [row.get("status", "")]  # "announced 2020-12-07" says it once
    for name in ("announced", "expected", "launched", "closed"):
        if row.get(name):
            facts.append(f"{name} {row[name]}")
    zones = row.get("zones", "")
    if zones:
        facts.append(_plural(int(zones), "zone") if zones.isdecimal() else f"zones {zones}")
    return "added: " + ", ".join(f for f in facts if f)


def changes(diff: DataDiff) -> list[Change]:
    """Every change, one per region, event, claim or source, in the order a reader would look for them."""
    found: list[Change] = []
    found += [Change(p["id"], "", "", p["name"], "provider added") for p in diff.providers_added]
    found += [_region_change(r, _added(r)) for r in diff.regions_added]
    found += [_region_change(r, "removed", linked=False) for r in diff.regions_removed]
    found += [_region_change(r, f"launched {d or '(date unknown)'}") for r, d in diff.launched]
    found += [_region_change(r, f"closed {d}") for r, d in diff.closed]
    found += [_region_change(r, f"announcement date {d} recorded") for r, d in diff.announced]
    found += [_region_change(r, f"status {a} -> {b}") for r, a, b in diff.status_changed]
    found += [_region_change(r, f"{f} {a} -> {b or 'unknown'}") for r, f, a, b in diff.dates_corrected]
    found += [_region_change(r, f"zones {a or 'unknown'} -> {b or 'unknown'}") for r, a, b in diff.zones_changed]
    found += [_region_change(r, f"{f} {a or 'blank'} -> {b or 'blank'}") for r, f, a, b in diff.renamed]
    found += [_region_change(r, "moved or placed on the map") for r in diff.coordinates_changed]
    for event, sign in [*((e, "+") for e in diff.events_added), *((e, "-") for e in diff.events_removed)]:
        country = event.get("country") or diff.region_countries.get(event.get("region", ""), "")
        verb = "event added" if sign == "+" else "event removed"
        found.append(Change(event["provider"], country, event.get("region", ""), f"{event['type']} {event['date']}", f"{verb}: {event.get('summary', '')}"))
    for claim in diff.claims_added:
        figures = [_plural(int(claim[k]), one, many) for k, one, many in CLAIM_FIGURES if claim.get(k, "").isdecimal()]
        qualifier = "at least " if claim.get("qualifier") == "at_least" else ""
        scope = f" ({SCOPE_NAMES.get(claim['scope'], claim['scope'])})" if claim.get("scope") else ""
        found.append(Change(claim["provider"], "", "", f"claim of {claim['date']}", f"claim added: {qualifier}{', '.join(figures)}{scope}"))
    for rows, verb in ((diff.sources_cited, "source added"), (diff.sources_uncited, "source removed")):
        for source, citers in rows:
            what = f"{verb}: {source.get('title', '')} ({source.get('publisher', '')}{', ' + source['published'] if source.get('published') else ''})"
            for provider, country in sorted({(p, c or diff.region_countries.get(r, "")) for p, c, r in citers}) or [("", "")]:
                found.append(Change(provider, country, "", source["id"], what))
    return found


@dataclass
class Group:
    key: str  # provider id or ISO code
    name: str
    changes: list[Change]


def by_provider(diff: DataDiff) -> list[Group]:
    grouped: dict[str, list[Change]] = defaultdict(list)
    for change in changes(diff):
        grouped[change.provider].append(change)
    return [Group(p, diff.provider_names.get(p, p) if p else "No provider", grouped[p]) for p in sorted(grouped, key=lambda p: (not p, p))]


def by_country(diff: DataDiff) -> list[Group]:
    names = iso_country_names()
    grouped: dict[str, list[Change]] = defaultdict(list)
    for change in changes(diff):
        if change.country:
            grouped[change.country].append(change)
    return [Group(c, names.get(c, c), grouped[c]) for c in sorted(grouped, key=lambda c: names.get(c, c))]


def lines(diff: DataDiff) -> list[str]:
    """The plain-text report: the summary, what changes on each provider's and each country's page, then every
    changed cell and every changed file."""
    out = [f"- {line}" for line in notes(diff)]
    if diff.empty:
        return out
    for title, groups in (("By provider", by_provider(diff)), ("By country", by_country(diff))):
        if groups:
            out += ["", f"{title}:"]
        for group in groups:
            out.append(f"  {group.name} ({group.key}):" if group.key else f"  {group.name}:")
            out += [f"    - {c.subject}: {c.what}" for c in group.changes]
    for table, rows in diff.rows_by_table.items():
        out += ["", f"{table}:"]
        for row in rows:
            out.append(f"  {row.kind} {row.key}:")
            out += [f"    {column}: {_short(a) or '(blank)'} -> {_short(b) or '(blank)'}" if row.kind == "changed" else f"    {column}: {_short(a or b)}"
                    for column, a, b in row.cells]
    for change in diff.files:
        out += ["", f"{change.path} ({change.kind}):", *(f"  {line}" for line in change.lines)]
        if change.left_out:
            out.append(f"  ... and {_plural(change.left_out, 'more line')}")
    return out


# A page is linked only when its key could be a page's name; an odd key from an unchecked pull request is shown, not linked.
_PAGE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_COMMENT = 60_000  # characters; GitHub keeps at most 65,536 in a comment


def _page(base: str, folder: str, key: str) -> str:
    return f"{base}{folder}/{key}/" if _PAGE_NAME.fullmatch(key) else ""


def markdown(diff: DataDiff, base_url: str) -> str:
    """The same report as Markdown for a pull request comment, linking the preview's changed pages. Every value is
    an inline code span and every file difference a fenced block, so nothing in the data mentions, links or formats."""
    from .templating import comment_environment

    base = base_url.rstrip("/") + "/"

    def entries(group: Group) -> list[dict]:
        return [{"subject": c.subject, "what": c.what, "url": _page(base, "regions", c.region) if c.region and c.linked else ""} for c in group.changes]

    providers = [{"name": g.name, "url": _page(base, "providers", g.key) if g.key else "", "changes": entries(g)} for g in by_provider(diff)]
    countries = [{"name": g.name, "url": _page(base, "countries", g.key.lower()), "changes": entries(g)} for g in by_country(diff)]
    listed, rows_left_out = diff.rows[:MAX_ROW_CHANGES], max(len(diff.rows) - MAX_ROW_CHANGES, 0)
    tables = defaultdict(list)
    for row in listed:
        tables[row.table].append(row)
    text = comment_environment().get_template("diff-comment.md.j2").render(
        summary=notes(diff), empty=diff.empty, providers=providers, countries=countries,
        tables=dict(tables), rows_left_out=rows_left_out, files=diff.files,
    )
    return _bounded(text, MAX_COMMENT)


def _bounded(text: str, limit: int) -> str:
    """At most `limit` characters, cut between lines; a code block left open by the cut is closed."""
    if len(text) <= limit:
        return text
    kept, size, fence = [], 0, ""
    for line in text.split("\n"):
        if size + len(line) + 1 > limit - 200:
            break
        kept.append(line)
        size += len(line) + 1
        if fence and line == fence:
            fence = ""
        elif not fence and (opened := re.match(r"(`{3,})[a-z]*$", line)):
            fence = opened[1]
    return "\n".join([*kept, *([fence] if fence else []), "", "The difference is longer than a comment holds; the rest is left out: "
                      "run `python -m generator diff` to read it whole.", ""])
