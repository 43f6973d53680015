"""The benchmark: today's data and synthetic copies of it at 10x and 100x, timed stage by stage.

A copy at scale k has k providers for each of today's (each with a profile, its regions, events, claims and
the sources they cite, under new ids), so pages, maps, charts, feeds and the API all grow as they would with
more providers. Each stage runs as its own process, the way `make site` runs it, and is measured from outside:
wall time and the process's peak memory. The site build is timed twice, as the pipeline runs it (check,
generate, then MkDocs) and MkDocs alone on the same pages, for the ratio the README states.
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


def scaled_copy(root: Path, scale: int, into: Path) -> None:
    """Today's data and content at `into`, with every provider present `scale` times."""
    for folder in ("datasets", "content", "overrides"):
        shutil.copytree(root / folder, into / folder)
    for name in COPIED:
        shutil.copy(root / name, into / name)
    (into / "releases.json").write_text("[]\n", encoding="utf-8")  # a synthetic copy is no released version
    if scale == 1:
        return
    data = into / "datasets"
    tables = {name: _read(data / f"{name}.csv") for name in ("providers", "regions", "events", "claims", "sources")}
    citing = {name: [f for f in header if f == "source" or f.endswith("_source")] for name, (header, _) in tables.items()}

    owner = {row["id"]: row["provider"] for name in ("regions", "events") for row in tables[name][1]}

    def renamed(identifier: str, provider: str, n: int) -> str:
        # Ids start with their provider's id, and keep doing so under the copy's provider.
        return f"{provider}-x{n}{identifier[len(provider):]}"

    def clone(table: str, row: dict[str, str], n: int) -> dict[str, str]:
        copy = dict(row)
        if table == "providers":
            copy.update(id=f"{row['id']}-x{n}", name=f"{row['name']} {n}", website=f"{row['website'].rstrip('/')}/x{n}")
        if table in ("regions", "events"):
            copy["id"] = renamed(row["id"], row["provider"], n)
        if table in ("regions", "events", "claims"):
            copy["provider"] = f"{row['provider']}-x{n}"
        if copy.get("region"):
            copy["region"] = renamed(row["region"], owner[row["region"]], n)
        for key in citing[table]:
            if copy.get(key):
                copy[key] += f"-x{n}"
        if table == "sources":
            copy["id"] = f"{row['id']}-x{n}"
            copy["url"] = f"{row['url']}{'&' if '?' in row['url'] else '?'}copy={n}"
        return copy

    # Sources are copied with the rows that cite them; those cited only by profiles or SDK exceptions are not.
    cited = {row[key] for name in ("providers", "regions", "events", "claims") for row in tables[name][1]
             for key in citing[name] if row.get(key)}
    for name, (header, rows) in tables.items():
        originals = [row for row in rows if name != "sources" or row["id"] in cited]
        grown = list(rows) + [clone(name, row, n) for n in range(1, scale) for row in originals]
        _write(data / f"{name}.csv", header, grown)
    for profile in sorted((into / "content" / "providers").glob("*.md")):
        for n in range(1, scale):
            shutil.copy(profile, profile.with_name(f"{profile.stem}-x{n}.md"))


def _run(command: list[str], cache: Path) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory in MB and exit status of one process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ATLAS_CACHE": str(cache)}
    start = time.perf_counter()
    pid = os.posix_spawn(command[0], command, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0), (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def measure(root: Path, scales: list[int], python: str = sys.executable) -> tuple[list[Stage], list[Size]]:
    stages: list[Stage] = []
    sizes: list[Size] = []
    for scale in scales:
        with tempfile.TemporaryDirectory(prefix=f"atlas-bench-{scale}x-") as folder:
            copy = Path(folder)
            scaled_copy(root, scale, copy)
            cli = [python, "-m", "generator", "--root", str(copy)]
            mkdocs = [python, "-m", "mkdocs", "build", "--strict", "-f", str(copy / "mkdocs.yml")]
            for stage, command in (("check", [*cli, "check"]), ("generate", [*cli, "build"]),
                                   ("mkdocs build", mkdocs)):
                # A fresh cache: the figures are those of a first build, as on a fresh clone.
                stages.append(Stage(scale, stage, *_run(command, copy / "cache")))
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


def main(root: Path, scales: list[int], as_json: bool) -> int:
    stages, sizes = measure(root, scales)
    if as_json:
        print(json.dumps({"stages": [asdict(s) for s in stages], "sizes": [asdict(s) for s in sizes]}, indent=2))
    else:
        print("\n".join(table(stages, sizes)))
    return 1 if any(s.status for s in stages) else 0
