"""The downloads: a reproducible zip that validates on its own, JSON, GeoJSON and SQLite from the same data,
each with its SHA-256, and the /downloads/ page that lists them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from frictionless import Package

from conftest import ROOT, page, rows, run

VERSION = json.loads((ROOT / "datasets" / "datapackage.json").read_text())["version"]
NAME = f"cloud-region-atlas-{VERSION}"
TABLES = [r["name"] for r in json.loads((ROOT / "datasets" / "datapackage.json").read_text())["resources"]]


@pytest.fixture(scope="module")
def packaged(tmp_path_factory) -> tuple[Path, Path]:
    """The downloads built twice, into two folders, by the command that builds them alone."""
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    for out in (first, second):
        result = run("-m", "generator", "package", "--out", str(out))
        assert result.returncode == 0, result.stderr
    return first, second


def test_two_builds_give_byte_identical_zips(packaged):
    first, second = packaged
    assert (first / f"{NAME}.zip").read_bytes() == (second / f"{NAME}.zip").read_bytes()


def test_the_zip_holds_the_package_readme_and_license(packaged):
    with zipfile.ZipFile(packaged[0] / f"{NAME}.zip") as archive:
        names = set(archive.namelist())
        readme = archive.read(f"{NAME}/README.md").decode()
        license_text = archive.read(f"{NAME}/LICENSE").decode()
    assert {f"{NAME}/datapackage.json", f"{NAME}/README.md", f"{NAME}/LICENSE"} <= names
    assert {f"{NAME}/{table}.csv" for table in TABLES} <= names
    assert f"version {VERSION}" in readme and "How to cite" in readme and "CC-BY-4.0" in readme
    assert license_text == (ROOT / "LICENSE-DATA").read_text()


def test_the_unpacked_zip_passes_frictionless_validate(packaged, tmp_path):
    with zipfile.ZipFile(packaged[0] / f"{NAME}.zip") as archive:
        archive.extractall(tmp_path)
    report = Package(str(tmp_path / NAME / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    regions = list(csv.DictReader(io.StringIO((tmp_path / NAME / "regions.csv").read_text())))
    assert len(regions) == len(rows("regions"))


def test_sqlite_has_the_csv_row_counts_and_enforces_foreign_keys(packaged):
    connection = sqlite3.connect(packaged[0] / f"{NAME}.sqlite")
    connection.execute("PRAGMA foreign_keys = ON")
    for table in TABLES:
        assert connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == len(rows(table)), table
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    zones = connection.execute("SELECT zones FROM regions WHERE id = 'aws-af-south-1'").fetchone()[0]
    assert zones == 3  # an integer column, not text
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute("INSERT INTO regions (id, provider, country, status, partition, operator, source) "
                           "VALUES ('x-1', 'no-such-provider', 'FR', 'active', 'commercial', 'X', 'aws-botocore-partitions')")
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute("INSERT INTO events (id, provider, date, type, summary, source) "
                           "VALUES ('aws-2030-x', 'aws', '2030', 'expanded', 'x', 'no-such-source')")


def test_json_holds_every_table_with_numbers_and_nulls(packaged):
    document = json.loads((packaged[0] / f"{NAME}.json").read_text())
    assert document["version"] == VERSION
    for table in TABLES:
        assert len(document["tables"][table]) == len(rows(table)), table
    sydney = next(r for r in document["tables"]["regions"] if r["id"] == "alibaba-cloud-ap-southeast-2")
    assert sydney["closed"] == "2024-09-30" and sydney["status"] == "closed"
    assert isinstance(sydney["latitude"], float)
    assert any(r["zones"] is None for r in document["tables"]["regions"])


def test_geojson_has_a_point_per_region_at_its_coordinates(packaged):
    document = json.loads((packaged[0] / f"{NAME}-regions.geojson").read_text())
    assert document["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in document["features"]}
    assert set(by_id) == {r["id"] for r in rows("regions")}
    for region in rows("regions"):
        geometry = by_id[region["id"]]["geometry"]
        if region["latitude"]:
            assert geometry == {"type": "Point", "coordinates": [float(region["longitude"]), float(region["latitude"])]}
        else:
            assert geometry is None


def test_downloads_page_lists_every_file_with_its_real_size_and_sha256(site):
    downloads = page(site, "downloads")
    assert f"Version {VERSION}" in downloads.text
    files = [f"{NAME}.zip", f"{NAME}.json", f"{NAME}-regions.geojson", f"{NAME}.sqlite"]
    for name in files:
        content = (site / "downloads" / name).read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        [row] = downloads.rows_with(name)
        assert digest in row[3]
        assert (site / "downloads" / f"{name}.sha256").read_text() == f"{digest}  {name}\n"
    assert "How to cite" in downloads.text and "CC BY 4.0" in downloads.text


def test_the_site_zip_is_the_one_the_package_command_builds(site, packaged):
    assert (site / "downloads" / f"{NAME}.zip").read_bytes() == (packaged[0] / f"{NAME}.zip").read_bytes()
