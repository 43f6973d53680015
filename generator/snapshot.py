"""One version of the data as files, for saying what changed between two versions.

A pull request's version is untrusted: it is read as bytes only, from a git commit (never written to disk) or from a
folder (never following a symbolic link), and its tables are found through its own datapackage.json, so a new table
or column is compared without anyone telling the diff about it. Nothing here validates: a file that cannot be read as
a table is still compared as text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .problems import DataError, Problem

FOLDERS = ("datasets", "content")
MAX_FILE = 20_000_000  # bytes; a larger file is compared by its size alone


class Cells(dict):
    """A row whose missing column reads as blank: a pull request may drop any column."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass
class Snapshot:
    files: dict[str, bytes] = field(default_factory=dict)  # "content/providers/aws.md" -> its bytes
    tables: dict[str, list[Cells]] = field(default_factory=dict)  # table name -> rows, as datapackage.json lists them
    keys: dict[str, list[str]] = field(default_factory=dict)  # table name -> its primary key's columns
    paths: dict[str, str] = field(default_factory=dict)  # table name -> "datasets/regions.csv"


def _link(target: str) -> bytes:
    return f"(a symbolic link to {target}, not followed)\n".encode()


def _too_large(size: int) -> bytes:
    return f"({size:,} bytes, too large to compare line by line)\n".encode()


def from_folder(root: Path) -> Snapshot:
    """Every file under root/datasets and root/content; a symbolic link is recorded as one, never read through."""
    files = {}
    for folder in FOLDERS:
        top = root / folder
        if top.is_symlink():
            files[folder] = _link(os.readlink(top))
            continue
        for directory, subfolders, names in os.walk(top, followlinks=False):
            for name in sorted([*names, *(s for s in subfolders if (Path(directory) / s).is_symlink())]):
                path = Path(directory) / name
                shown = path.relative_to(root).as_posix()
                if path.is_symlink():
                    files[shown] = _link(os.readlink(path))
                elif path.is_file():
                    size = path.stat().st_size
                    files[shown] = path.read_bytes() if size <= MAX_FILE else _too_large(size)
    return _with_tables(files)


def from_commit(repository: Path, ref: str) -> Snapshot:
    """The files of datasets/ and content/ at a git commit, read from `git archive` in memory."""
    if ref.startswith("-"):
        raise DataError([Problem("git", 1, ref, "is not a commit or tag name")])
    archive = subprocess.run(["git", "-C", str(repository), "archive", "--format=tar", ref, "--", *FOLDERS], capture_output=True)
    if archive.returncode != 0:
        # An old commit may lack content/: try the data alone before giving up.
        archive = subprocess.run(["git", "-C", str(repository), "archive", "--format=tar", ref, "--", "datasets"], capture_output=True)
    if archive.returncode != 0:
        raise DataError([Problem("git", 1, ref, archive.stderr.decode(errors="replace").strip() or "cannot be read")])
    files = {}
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        for member in tar:
            if member.issym() or member.islnk():
                files[member.name] = _link(member.linkname)
            elif member.isfile():
                handle = tar.extractfile(member)
                files[member.name] = handle.read() if member.size <= MAX_FILE and handle else _too_large(member.size)
    return _with_tables(files)


def _with_tables(files: dict[str, bytes]) -> Snapshot:
    snapshot = Snapshot(files=dict(sorted(files.items())))
    try:
        package = json.loads(files.get("datasets/datapackage.json", b"{}").decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return snapshot  # compared as text only
    resources = package.get("resources", []) if isinstance(package, dict) else []
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str) or not isinstance(resource.get("path"), str):
            continue
        relative = PurePosixPath(resource["path"])
        if relative.is_absolute() or ".." in relative.parts:
            continue  # the checker refuses it; here it is simply not a table of this version
        path = (PurePosixPath("datasets") / relative).as_posix()
        rows = _rows(files.get(path))
        if rows is None:
            continue
        snapshot.tables[resource["name"]] = rows
        snapshot.paths[resource["name"]] = path
    snapshot.keys = primary_keys(package)
    return snapshot


def primary_keys(package: object) -> dict[str, list[str]]:
    """Each resource's primary key columns, as a data package descriptor gives them (a name or a list of names)."""
    keys = {}
    resources = package.get("resources", []) if isinstance(package, dict) else []
    for resource in resources if isinstance(resources, list) else []:
        schema = resource.get("schema") if isinstance(resource, dict) and isinstance(resource.get("schema"), dict) else {}
        key = schema.get("primaryKey", [])
        if isinstance(resource, dict) and isinstance(resource.get("name"), str):
            keys[resource["name"]] = [key] if isinstance(key, str) else [k for k in key if isinstance(k, str)] if isinstance(key, list) else []
    return keys


def _rows(raw: bytes | None) -> list[Cells] | None:
    """The rows of a CSV file, or None when it is not one (it is then compared as text)."""
    if raw is None:
        return None
    try:
        reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), strict=True)
        return [Cells({str(k): (v or "").strip() if isinstance(v, str) else "" for k, v in row.items() if k is not None}) for row in reader
                if any(isinstance(v, str) and v.strip() for v in row.values())]
    except (UnicodeDecodeError, csv.Error):
        return None
