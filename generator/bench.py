"""The benchmark: today's data and synthetic copies of it at 10x and 100x, timed stage by stage.

A copy grows the way the atlas will: to about twenty providers (today's, and copies of the first few under new
ids), then regions and events multiplied WITHIN each provider (local and edge zones, more countries), so that a
copy at scale k holds about k times today's regions. `--grow providers` keeps the older shape, where each of
today's providers is present k times (each with its profile, regions, events, claims and sources under new ids),
which no real atlas has, but which shows what grows with the number of providers. Each stage runs as its own
process, the way `make site` runs it, and is measured from outside: wall time and the process's peak memory. The
site build is timed twice, as the pipeline runs it (check, generate, then MkDocs) and MkDocs alone on the same
pages, for the ratio the README states.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

COPIED = ("LICENSE-DATA", "CITATION.cff", "mkdocs.yml")
PROVIDERS = 20  # about as many as the atlas will ever list
GROWTHS = ("regions", "providers")


@dataclass
class Stage:
    scale: int
    stage: str
    seconds: float
    peak_mb: float
    status: int


@dataclass
class Size:
    scale: int
    providers: int
    regions: int
    pages: int
    site_mb: float


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


PLACE = ("city", "country", "latitude", "longitude", "coordinates_precision")


def _place(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[key] for key in PLACE)


def scaled_copy(root: Path, scale: int, into: Path, grow: str = "regions") -> None:
    """Today's data and content at `into`, grown `scale` times: in regions within about twenty providers
    (grow="regions"), or with every provider present `scale` times (grow="providers")."""
    for folder in ("datasets", "content", "overrides"):
        shutil.copytree(root / folder, into / folder)
    for name in COPIED:
        shutil.copy(root / name, into / name)
    (into / "releases.json").write_text("[]\n", encoding="utf-8")  # a synthetic copy is no released version
    if scale == 1:
        return
    data = into / "datasets"
    names = ("providers", "regions", "events", "claims", "sources", "pairs", "carbon")
    tables = {name: _read(data / f"{name}.csv") for name in names}
    citing = {name: [f for f in header if f == "source" or f.endswith("_source")] for name, (header, _) in tables.items()}
    regions_today = len(tables["regions"][1])

    owner = {row["id"]: row["provider"] for name in ("regions", "events") for row in tables[name][1]}
    named = {row["name"] for row in tables["providers"][1]}

    def renamed(identifier: str, provider: str, n: int, mark: str = "x") -> str:
        # Ids start with their provider's id, and keep doing so under the copy's provider.
        return f"{provider}-{mark}{n}{identifier[len(provider):]}"

    def clone(table: str, row: dict[str, str], n: int) -> dict[str, str]:
        """The row under the n-th copy of its provider."""
        copy = dict(row)
        if table == "providers":
            copy.update(id=f"{row['id']}-x{n}", name=f"{row['name']} {n}", website=f"{row['website'].rstrip('/')}/x{n}")
        if table in ("regions", "events"):
            copy["id"] = renamed(row["id"], row["provider"], n)
        if table in ("regions", "events", "claims"):
            copy["provider"] = f"{row['provider']}-x{n}"
        for key in ("region", "paired_region"):
            if copy.get(key):
                copy[key] = renamed(row[key], owner[row[key]], n)
        for key in citing[table]:
            if copy.get(key):
                copy[key] += f"-x{n}"
        if table == "sources":
            copy["id"] = f"{row['id']}-x{n}"
            copy["url"] = f"{row['url']}{'&' if '?' in row['url'] else '?'}copy={n}"
            if row["publisher"] in named:  # the copy's own page stays its own
                copy["publisher"] = f"{row['publisher']} {n}"
        return copy

    def sibling(table: str, row: dict[str, str], n: int) -> dict[str, str]:
        """The n-th sibling of a region (or of the rows about it) within the same provider, citing the same sources."""
        copy = dict(row)
        if table in ("regions", "events"):
            copy["id"] = renamed(row["id"], row["provider"], n, "s")
        if table == "regions":
            copy.update(name=f"{row['name']} {n}", code=f"{row['code']}-s{n}" if row["code"] else "")
            # In another country, at a place of it that holds a region today: the atlas grows into more countries,
            # not only deeper into today's (a copy that stacked every sibling where its original is makes China's
            # page at 100x larger than a page may be).
            copy.update(zip(PLACE, host(row["country"], n)))
        if table == "events" and row["region"]:
            copy["country"] = host(country_of[row["region"]], n)[1]
        for key in ("region", "paired_region"):
            if copy.get(key):
                copy[key] = renamed(row[key], owner[row[key]], n, "s")
        return copy

    providers = [row["id"] for row in tables["providers"][1]]
    if grow == "providers":
        copies = {n: set(providers) for n in range(1, scale)}
    else:
        copies = {1: set(providers[:max(0, PROVIDERS - len(providers))])}

    def provider_of(name: str, row: dict[str, str]) -> str:
        if name == "providers":
            return row["id"]
        if name in ("pairs", "carbon"):
            return owner[row["region"]]
        return row.get("provider", "")

    # Sources are copied with the rows that cite them; those cited only by profiles or SDK exceptions are not.
    grown: dict[str, list[dict[str, str]]] = {}
    for name, (header, rows) in tables.items():
        grown[name] = list(rows)
        for n, chosen in copies.items():
            if name == "sources":
                cited = {row[key] for other in names if other != "sources" for row in tables[other][1]
                         if provider_of(other, row) in chosen for key in citing[other] if row.get(key)}
                grown[name] += [clone(name, row, n) for row in rows if row["id"] in cited]
            else:
                grown[name] += [clone(name, row, n) for row in rows if provider_of(name, row) in chosen]
    for row in grown["regions"] + grown["events"]:
        owner[row["id"]] = row["provider"]
    places = {}  # country -> one place of it that holds a region
    for row in sorted(grown["regions"], key=_place):
        places.setdefault(row["country"], _place(row))
    countries = sorted(places)
    country_of = {row["id"]: row["country"] for row in grown["regions"]}

    def host(country: str, n: int) -> tuple[str, ...]:
        return places[countries[(countries.index(country) + n) % len(countries)]]

    if grow == "regions":
        siblings = max(1, round(scale * regions_today / len(grown["regions"])))
        for name in ("regions", "events", "pairs", "carbon"):
            grown[name] += [sibling(name, row, n) for n in range(1, siblings) for row in list(grown[name])]
    for name, (header, _) in tables.items():
        _write(data / f"{name}.csv", header, grown[name])
    for n, chosen in copies.items():
        for provider in sorted(chosen):
            profile = into / "content" / "providers" / f"{provider}.md"
            if profile.exists():
                shutil.copy(profile, profile.with_name(f"{provider}-x{n}.md"))


def _run(command: list[str], cache: Path) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory in MB and exit status of one process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ATLAS_CACHE": str(cache)}
    start = time.perf_counter()
    pid = os.posix_spawn(command[0], command, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0), (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def measure(root: Path, scales: list[int], python: str = sys.executable, grow: str = "regions") -> tuple[list[Stage], list[Size]]:
    stages: list[Stage] = []
    sizes: list[Size] = []
    for scale in scales:
        with tempfile.TemporaryDirectory(prefix=f"atlas-bench-{scale}x-") as folder:
            copy = Path(folder)
            scaled_copy(root, scale, copy, grow)
            cli = [python, "-m", "generator", "--root", str(copy)]
            mkdocs = [python, "-m", "mkdocs", "build", "--strict", "-f", str(copy / "mkdocs.yml")]
            for stage, command in (("check", [*cli, "check"]), ("generate", [*cli, "build"]),
                                   ("mkdocs build", mkdocs)):
                # A fresh cache: the figures are those of a first build, as on a fresh clone.
                stages.append(Stage(scale, stage, *_run(command, copy / "cache")))
                # Said as each stage ends: a long 100x run shows how far it got even if stopped.
                print(f"{scale}x {stage}: {stages[-1].seconds:.1f} s, {stages[-1].peak_mb:.0f} MB, exit {stages[-1].status}",
                      file=sys.stderr, flush=True)
            site = copy / "site"
            files = [p for p in site.rglob("*") if p.is_file()]
            providers = len(_read(copy / "datasets" / "providers.csv")[1])
            regions = len(_read(copy / "datasets" / "regions.csv")[1])
            sizes.append(Size(scale, providers, regions, sum(p.name == "index.html" for p in files),
                              round(sum(p.stat().st_size for p in files) / 1e6, 1)))
    return stages, sizes


def table(stages: list[Stage], sizes: list[Size]) -> list[str]:
    lines = ["| scale | providers | regions | pages | site MB | check s | generate s (with check) | mkdocs s | full build s | full / mkdocs | peak MB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sizes:
        mine = {s.stage: s for s in stages if s.scale == size.scale}
        full = mine["generate"].seconds + mine["mkdocs build"].seconds
        failed = [s.stage for s in mine.values() if s.status]
        lines.append(
            f"| {size.scale}x | {size.providers} | {size.regions} | {size.pages} | {size.site_mb} | {mine['check'].seconds:.1f} | "
            f"{mine['generate'].seconds:.1f} | {mine['mkdocs build'].seconds:.1f} | {full:.1f} | "
            f"{full / mine['mkdocs build'].seconds:.2f} | {max(s.peak_mb for s in mine.values()):.0f} |"
            + (f" failed: {', '.join(failed)}" if failed else ""))
    return lines


def main(root: Path, scales: list[int], as_json: bool, grow: str = "regions") -> int:
    stages, sizes = measure(root, scales, grow=grow)
    if as_json:
        print(json.dumps({"stages": [asdict(s) for s in stages], "sizes": [asdict(s) for s in sizes]}, indent=2))
    else:
        print("\n".join(table(stages, sizes)))
    return 1 if any(s.status for s in stages) else 0
