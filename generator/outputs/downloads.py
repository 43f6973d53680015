"""The dataset as files to download, under downloads/: the versioned zip package, one JSON file of
everything, GeoJSON of the regions, a SQLite database, each with its SHA-256, and the downloads page."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..addresses import table_csv_path
from ..model import Atlas, Package
from ..guards import inert
from ..paths import write_bytes, write_text
from ..problems import DataError, Problem
from ..templating import environment, text_environment

# Fixed so that the same data always gives the same bytes: a release's SHA-256 can then be checked by anyone.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
FOLDER = "downloads"


@dataclass(frozen=True)
class Download:
    name: str
    format: str
    description: str
    size: int
    sha256: str

    @property
    def size_label(self) -> str:
        if self.size < 1024:
            return f"{self.size:,} bytes"
        if self.size < 1024 * 1024:
            return f"{self.size / 1024:,.1f} KB"
        return f"{self.size / 1024 / 1024:,.1f} MB"


def base_name(version: str) -> str:
    return f"cloud-region-atlas-{version}"


def csv_text(package: Package, table: str) -> str:
    """A table as the package's CSV, for spreadsheets: text cells that a spreadsheet would run are made inert."""
    kinds = {f["name"]: f["type"] for f in package.fields(table)}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, package.header(table), lineterminator="\n")
    writer.writeheader()
    writer.writerows({name: inert(value, kinds.get(name, "string")) for name, value in row.items()} for row in package.tables[table])
    return buffer.getvalue()


def _typed(package: Package, table: str) -> list[dict]:
    """Rows with numbers as numbers and blanks as null, by the types the schema declares."""
    kinds = {f["name"]: f["type"] for f in package.fields(table)}
    rows = []
    for row in package.tables[table]:
        typed = {}
        for name in package.header(table):
            value = row.get(name, "")
            if value == "":
                typed[name] = None
            elif kinds[name] == "integer":
                typed[name] = int(value)
            elif kinds[name] == "number":
                typed[name] = float(value)
            else:
                typed[name] = value
        rows.append(typed)
    return rows


def package_files(atlas: Atlas) -> dict[str, bytes]:
    """The files of the zip package, by name inside its folder."""
    package = atlas.package
    readme = text_environment().get_template("package-readme.md.j2").render(
        atlas=atlas, package=package, name=base_name(atlas.version),
        tables={r["name"]: len(package.tables[r["name"]]) for r in package.descriptor["resources"]},
    )
    files = {
        "datapackage.json": json.dumps(package.descriptor, indent=2, ensure_ascii=False) + "\n",
        "README.md": readme,
        "LICENSE": package.license_text,
    }
    for resource in package.descriptor["resources"]:
        files[resource["path"]] = csv_text(package, resource["name"])
    return {name: text.encode("utf-8") for name, text in files.items()}


def package_zip(atlas: Atlas) -> bytes:
    """cloud-region-atlas-<version>.zip, byte for byte the same for the same data."""
    folder = base_name(atlas.version)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in sorted(package_files(atlas).items()):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # the same on every machine that builds it
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


def everything_json(atlas: Atlas) -> bytes:
    package = atlas.package
    document = {
        "name": package.descriptor.get("name"),
        "title": package.descriptor.get("title"),
        "version": atlas.version,
        "licenses": package.descriptor.get("licenses", []),
        "tables": {r["name"]: _typed(package, r["name"]) for r in package.descriptor["resources"]},
    }
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def regions_geojson(atlas: Atlas) -> bytes:
    """Every region as a point feature; a region without coordinates has a null geometry, as RFC 7946 allows."""
    sources = {s["id"]: s["url"] for s in atlas.package.tables["sources"]}
    features = []
    for row in _typed(atlas.package, "regions"):
        latitude, longitude = row.pop("latitude"), row.pop("longitude")
        geometry = {"type": "Point", "coordinates": [longitude, latitude]} if latitude is not None else None
        row["source_url"] = sources.get(row["source"])
        listing = atlas.sdk.listings.get((row["provider"], row["code"])) if row["code"] else None
        # The SDK listing rides beside the launch date, never in its place (the full table is sdk_listings).
        row["in_sdk_since"] = listing.uploaded.isoformat() if listing else None
        row["in_sdk_release"] = f"{listing.package} {listing.version}" if listing else None
        row["in_sdk_first_release"] = listing.first_release if listing else None
        features.append({"type": "Feature", "id": row["id"], "geometry": geometry, "properties": row})
    document = {"type": "FeatureCollection", "name": "regions", "data_version": atlas.version, "features": features}
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _table_order(descriptor: dict) -> list[dict]:
    """Resources ordered so that every table comes after the tables its foreign keys point to."""
    resources = {r["name"]: r for r in descriptor["resources"]}
    ordered: list[dict] = []

    def visit(name: str, seen: tuple[str, ...] = ()) -> None:
        if any(r["name"] == name for r in ordered) or name in seen:
            return
        for key in resources[name]["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"] or name
            if target != name:
                visit(target, (*seen, name))
        ordered.append(resources[name])

    for name in resources:
        visit(name)
    return ordered


SQL_TYPES = {"integer": "INTEGER", "number": "REAL"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_database(atlas: Atlas) -> bytes:
    """The same tables, keys and foreign keys, for Datasette or any SQLite client."""
    package = atlas.package
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "atlas.sqlite"
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA foreign_keys = ON")
        for resource in _table_order(package.descriptor):
            name, schema = resource["name"], resource["schema"]
            columns = []
            for f in schema["fields"]:
                required = " NOT NULL" if f.get("constraints", {}).get("required") else ""
                columns.append(f"{_quote(f['name'])} {SQL_TYPES.get(f['type'], 'TEXT')}{required}")
            columns.append("PRIMARY KEY (" + ", ".join(map(_quote, schema["primaryKey"])) + ")")
            for key in schema.get("foreignKeys", []):
                target = key["reference"]["resource"] or name
                columns.append(
                    "FOREIGN KEY (" + ", ".join(map(_quote, key["fields"])) + f") REFERENCES {_quote(target)} ("
                    + ", ".join(map(_quote, key["reference"]["fields"])) + ")"
                )
            connection.execute(f"CREATE TABLE {_quote(name)} (\n  " + ",\n  ".join(columns) + "\n)")
            header = package.header(name)
            rows = [tuple(row[c] for c in header) for row in _typed(package, name)]
            marks = ", ".join("?" for _ in header)
            connection.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})", rows)
        connection.commit()
        connection.execute("VACUUM")
        connection.close()
        return path.read_bytes()


def artifacts(atlas: Atlas) -> dict[str, tuple[str, str, bytes]]:
    """File name -> (format, description, bytes), for every download of this version."""
    name = base_name(atlas.version)
    return {
        f"{name}.zip": ("Data Package (zip)", "The CSV tables with datapackage.json, a README and the license; passes frictionless validate.", package_zip(atlas)),
        f"{name}.json": ("JSON", "Every table in one file, numbers as numbers and unknowns as null.", everything_json(atlas)),
        f"{name}-regions.geojson": ("GeoJSON", "The regions as points with their properties, for map tools.", regions_geojson(atlas)),
        f"{name}.sqlite": ("SQLite", "The same tables, primary keys and foreign keys, for Datasette or any SQLite client (SQLite checks foreign keys once a connection runs PRAGMA foreign_keys = ON).", sqlite_database(atlas)),
        **table_csvs(atlas),
    }


def table_csvs(atlas: Atlas) -> dict[str, tuple[str, str, bytes]]:
    """Each table of the package as its own CSV, byte for byte the file inside the zip, for a reader who wants
    one table without unzipping; its schema is in the zip's datapackage.json."""
    package = atlas.package
    return {
        Path(table_csv_path(r["name"])).name: (f"CSV: {r['name']}", f"The {r['name']} table alone ({len(package.tables[r['name']]):,} rows), as in the zip.",
                                               csv_text(package, r["name"]).encode("utf-8"))
        for r in package.descriptor["resources"]
    }


def write(atlas: Atlas, out: Path) -> None:
    downloads = []
    for file_name, (kind, description, content) in artifacts(atlas).items():
        digest = hashlib.sha256(content).hexdigest()
        write_bytes(out, Path(FOLDER) / file_name, content)
        write_text(out, Path(FOLDER) / f"{file_name}.sha256", f"{digest}  {file_name}\n")
        downloads.append(Download(file_name, kind, description, len(content), digest))
    released = atlas.released
    if released and released.sha256 != downloads[0].sha256:
        raise DataError([Problem(
            "datasets/datapackage.json", 1, "version",
            f"the data differs from release {released.version}; give it a new version (PATCH for data, MINOR for new "
            "fields or tables) in datapackage.json and CITATION.cff",
        )])
    page = environment().get_template("downloads.md.j2").render(
        atlas=atlas, downloads=downloads, released=released, releases=list(reversed(atlas.releases)),
        citation=atlas.package.citation,
    )
    write_text(out, Path(FOLDER) / "index.md", page)
