"""The drift check against the region lists in the providers' own SDKs, at the versions pinned in pyproject.toml."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from pathlib import Path

from conftest import ROOT, edit_row, run


def _drift(root: Path = ROOT):
    return run("-m", "generator", "--root", str(root), "drift")


def _remove_region(root: Path, region_id: str) -> None:
    """Delete a region's row, the rows that name it, and the sources only they cited (the checker would rightly flag them)."""
    datasets = root / "datasets"
    names = [r["name"] for r in json.loads((datasets / "datapackage.json").read_text(encoding="utf-8"))["resources"]]
    tables = {}
    for name in names:
        with (datasets / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            tables[name] = (reader.fieldnames, list(reader))
    header, regions = tables["regions"]
    tables["regions"] = (header, [r for r in regions if r["id"] != region_id])
    assert len(tables["regions"][1]) == len(regions) - 1
    for name in set(names) - {"regions", "sources"}:
        header, rows = tables[name]
        tables[name] = (header, [r for r in rows if region_id not in (r.get("region"), r.get("paired_region"))])
    cited = {v for name, (h, rows) in tables.items() if name != "sources" for r in rows for k, v in r.items() if k == "source" or k.endswith("_source")}
    # Profiles cite sources too ([Publisher][source-id]); those stay.
    cited |= {m for page in (root / "content" / "providers").glob("*.md") for m in re.findall(r"\]\[([a-z0-9-]+)\]", page.read_text(encoding="utf-8"))}
    header, sources = tables["sources"]
    tables["sources"] = (header, [r for r in sources if r["id"] in cited])
    for name, (header, rows) in tables.items():
        with (datasets / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def test_passes_on_the_real_data_with_every_difference_cited():
    result = _drift()
    assert result.returncode == 0, result.stdout + result.stderr
    pins = dict(line.split("==") for line in tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["drift"])
    for package, version in pins.items():
        assert f"{package} {version} (" in result.stdout
    with (ROOT / "datasets" / "sdk_exceptions.csv").open(newline="", encoding="utf-8") as handle:
        exceptions = list(csv.DictReader(handle))
    sources = {row["id"] for row in csv.DictReader((ROOT / "datasets" / "sources.csv").open(newline="", encoding="utf-8"))}
    assert exceptions and all(row["source"] in sources and row["reason"] for row in exceptions)


def test_the_sdk_still_lists_alibabas_closed_regions_and_the_exceptions_say_so():
    with (ROOT / "datasets" / "sdk_exceptions.csv").open(newline="", encoding="utf-8") as handle:
        rows = {(r["provider"], r["code"]): r for r in csv.DictReader(handle)}
    assert rows[("alibaba-cloud", "ap-southeast-2")]["region"] == "alibaba-cloud-ap-southeast-2"
    assert rows[("alibaba-cloud", "ap-south-1")]["side"] == "sdk_only"


def test_fails_when_a_region_is_removed(data_copy):
    _remove_region(data_copy, "aws-eu-west-3")
    assert run("-m", "generator", "--root", str(data_copy), "check").returncode == 0
    result = _drift(data_copy)
    assert result.returncode == 1
    assert "aws eu-west-3: in the SDK, not open in the atlas (not in the atlas)" in result.stdout
    assert "Traceback" not in result.stderr


def test_fails_on_an_invented_region(data_copy):
    path = data_copy / "datasets" / "regions.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("aws-eu-invented-1,aws,eu-invented-1,Europe (Invented),Lyon,FR,45.76,4.84,metro,,active,,,,,commercial,Amazon Web Services,,aws-botocore-partitions,,,,,,,\n")
    assert run("-m", "generator", "--root", str(data_copy), "check").returncode == 0
    result = _drift(data_copy)
    assert result.returncode == 1
    assert "aws eu-invented-1: in the atlas, not in the SDK, and its region cites no code_source" in result.stdout


def test_fails_on_an_exception_that_no_longer_matches_a_difference(data_copy):
    path = data_copy / "datasets" / "sdk_exceptions.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("aws,eu-west-3,sdk_only,,Listed before it opened.,aws-botocore-partitions\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    result = _drift(data_copy)
    assert result.returncode == 1
    assert f"datasets/sdk_exceptions.csv:{len(lines)}: aws eu-west-3 (sdk_only)" in result.stdout


def test_fails_when_the_sdk_lists_an_announced_region(data_copy):
    # As the atlas had it before botocore listed sa-west-1: the Chile region announced.
    edit_row(data_copy, "regions", "aws-cl-chile", status="announced")
    assert run("-m", "generator", "--root", str(data_copy), "check").returncode == 0
    result = _drift(data_copy)
    assert result.returncode == 1
    assert "aws sa-west-1: the SDK now lists sa-west-1: has it opened?" in result.stdout
    assert "Traceback" not in result.stderr


def test_no_exception_may_silence_an_sdk_listing_an_announced_region(data_copy):
    edit_row(data_copy, "regions", "aws-cl-chile", status="announced")
    path = data_copy / "datasets" / "sdk_exceptions.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("aws,sa-west-1,sdk_only,aws-cl-chile,Listed before it opens.,aws-botocore-partitions\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    check = run("-m", "generator", "--root", str(data_copy), "check")
    assert check.returncode == 1
    assert f"datasets/sdk_exceptions.csv:{len(lines)}: code: sa-west-1 is the code of an announced aws region" in check.stderr
    assert "Traceback" not in check.stderr


def test_an_unopened_region_code_no_sdk_or_page_prints_is_refused(data_copy):
    edit_row(data_copy, "regions", "aws-cl-chile", status="announced", code="sa-invented-9", code_source="")
    assert run("-m", "generator", "--root", str(data_copy), "check").returncode == 0
    result = _drift(data_copy)
    assert result.returncode == 1
    assert "aws sa-invented-9: in the atlas, not in the SDK, and its region cites no code_source (announced; no SDK list or cited page prints the code)" in result.stdout


def test_a_code_the_sdk_lacks_is_accepted_with_the_page_that_prints_it(data_copy):
    edit_row(data_copy, "regions", "aws-cl-chile", status="announced", code="sa-invented-9", code_source="aws-df-2025-chile")
    result = _drift(data_copy)
    assert "sa-invented-9" not in result.stdout
    assert "sa-west-1" in result.stdout  # the SDK's sa-west-1 then belongs to no region of the atlas
