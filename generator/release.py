"""Cutting a release: the zip's SHA-256 and notes from the data difference go into releases.json, and the
release workflow checks that a tag builds exactly what the manifest says."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .diff import Rows, compare, notes
from .load import load
from .model import Atlas
from .outputs.downloads import base_name, package_zip
from .problems import DataError, Problem
from .snapshot import primary_keys


def rows_of(root: Path) -> Rows:
    """The tables under root/datasets, read without checking them (an old release was checked when it was cut)."""
    return {name: [dict(r.values) for r in table.rows] for name, table in load(root).tables.items()}


def rows_at(ref: str, repository: Path) -> Rows:
    """The tables as they were at a git commit or tag."""
    archive = subprocess.run(["git", "-C", str(repository), "archive", "--format=tar", ref, "datasets"], capture_output=True)
    if archive.returncode != 0:
        raise DataError([Problem("git", 1, ref, archive.stderr.decode(errors="replace").strip() or "cannot be read")])
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(scratch, filter="data")
        return rows_of(Path(scratch))


def release_notes(atlas: Atlas, previous: Rows | None) -> list[str]:
    if previous is None:
        figures = atlas.totals
        return [
            "First release.",
            f"{len(atlas.providers)} providers, {len(atlas.regions)} regions ({figures.active_regions} active, "
            f"{figures.announced_regions} announced, {figures.closed_regions} closed), {len(atlas.events)} events, "
            f"{len(atlas.claims)} provider claims, {len(atlas.sources)} sources.",
        ]
    current = {name: list(rows) for name, rows in atlas.package.tables.items()}
    return notes(compare(previous, current, primary_keys(atlas.package.descriptor)))


def refuse_released(atlas: Atlas) -> None:
    if atlas.released:
        raise DataError([Problem("releases.json", 1, atlas.version, "is already released: bump the version in datapackage.json and CITATION.cff first")])


def record(atlas: Atlas, root: Path, day: dt.date, previous: Rows | None) -> dict:
    """Add this version to releases.json (call refuse_released first)."""
    manifest_path = root / "releases.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    repository = str(atlas.package.citation.get("repository-code", "")).rstrip("/")
    entry = {
        "version": atlas.version,
        "date": day.isoformat(),
        "sha256": hashlib.sha256(package_zip(atlas)).hexdigest(),
        "url": f"{repository}/releases/download/v{atlas.version}/{base_name(atlas.version)}.zip",
        "notes": release_notes(atlas, previous),
    }
    manifest.append(entry)
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return entry


def check_tag(atlas: Atlas, tag: str) -> list[str]:
    """For the release workflow: the tag names this version, and the zip built now is the one the manifest recorded."""
    problems = []
    if tag != f"v{atlas.version}":
        problems.append(f"tag {tag} does not match the data package version {atlas.version} (expected v{atlas.version})")
    released = atlas.released
    if released is None:
        problems.append(f"{atlas.version} is not in releases.json: run python -m generator release first")
    elif hashlib.sha256(package_zip(atlas)).hexdigest() != released.sha256:
        problems.append(f"the zip built from this commit does not match the SHA-256 recorded for {atlas.version}")
    return problems
