"""The SDK listing of each region, as a reader and a data user see it: beside Launched and never in its place, on
region pages, in the region tables, in the API and the downloads; every opened region dated by a launch, an SDK
listing, or listed as having neither; and charts whose last point is the table's count."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile
from collections import Counter

import pytest

from conftest import ROOT, page, rows, run
from generator import charts
from generator.build import atlas_of

LISTINGS = {(r["provider"], r["code"]): r for r in rows("sdk_listings")}
REGIONS = rows("regions")


@pytest.fixture(scope="module")
def atlas():
    return atlas_of(ROOT, dt.date.today())


def test_the_table_covers_every_code_of_every_sdk_list_drift_reads():
    # The codes each pinned SDK lists, counted by drift; the table holds one row for each.
    result = run("-m", "generator", "drift")
    counts = Counter(r["package"] for r in LISTINGS.values())
    for line in result.stdout.splitlines():
        if " lists " in line and "codes;" in line:
            package = line.split(": ")[1].split(" ")[0]
            assert counts[package] == int(line.split(" lists ")[1].split(" ")[0]), line
    assert set(counts) == {"botocore", "oci", "ibm-vpc", "huaweicloudsdkecs", "aliyun-python-sdk-core", "scaleway-core"}


def test_jeddah_shows_its_sdk_listing_beside_its_later_launch(site):
    jeddah = page(site, "regions/oracle-cloud-me-jeddah-1")
    assert jeddah.rows_with("Launched", "July 2020")
    assert jeddah.rows_with("In the SDK", "since 2020-02-11 (oci 2.10.4)", "PyPI")
    assert "In the SDK since 2020-02-11 (oci 2.10.4)" in jeddah.text  # in the lifecycle too


def test_a_region_dated_only_by_its_sdk_still_says_launched_unknown(site):
    chile = page(site, "regions/aws-cl-chile")
    assert chile.rows_with("Launched", "unknown")
    assert chile.rows_with("In the SDK", "since 2026-11-06 (botocore 1.43.126)")


def test_a_code_in_the_first_release_read_says_so_and_only_by_then(site):
    row = LISTINGS[("aws", "us-east-1")]
    assert row["first_release"] == "true"
    virginia = page(site, "regions/" + next(r["id"] for r in REGIONS if r["provider"] == "aws" and r["code"] == "us-east-1"))
    assert virginia.rows_with("In the SDK", f"by {row['uploaded']} (botocore {row['version']}), listed since the SDK's first release read")


def test_a_region_whose_sdk_ships_no_list_says_not_listed(site):
    azure = page(site, "regions/azure-francecentral")
    assert azure.rows_with("In the SDK", "not listed")


def test_the_provider_table_has_an_sdk_column_beside_launched(site):
    aws = page(site, "providers/aws")
    header = next(table[0] for table in aws.tables if "In the SDK since" in table[0])
    assert header.index("In the SDK since") == header.index("Launched") + 1
    assert aws.rows_with("South America (Chile)", "2026-11-06 (botocore 1.43.126)")


def test_the_api_gives_the_listing_beside_the_launch(site):
    chile = json.loads((site / "api" / "v1" / "regions" / "aws-cl-chile.json").read_text())["region"]
    assert chile["launched"] is None
    assert chile["in_sdk_since"] == {"package": "botocore", "version": "1.43.126", "uploaded": "2026-11-06",
                                     "release_url": "https://pypi.org/project/botocore/1.43.126/", "first_release": False}
    listed = json.loads((site / "api" / "v1" / "regions.json").read_text())["regions"]
    azure = next(r for r in listed if r["id"] == "azure-francecentral")
    assert azure["in_sdk_since"] is None


def test_the_downloads_carry_the_table_and_the_field(site):
    folder = site / "downloads"
    archive = next(folder.glob("*.zip"))
    with zipfile.ZipFile(archive) as zipped:
        name = next(n for n in zipped.namelist() if n.endswith("sdk_listings.csv"))
        assert zipped.read(name).decode() == (ROOT / "datasets" / "sdk_listings.csv").read_text(encoding="utf-8")
    geojson = json.loads(next(folder.glob("*-regions.geojson")).read_text())
    jeddah = next(f for f in geojson["features"] if f["id"] == "oracle-cloud-me-jeddah-1")["properties"]
    assert (jeddah["launched"], jeddah["in_sdk_since"], jeddah["in_sdk_release"]) == ("2020-07", "2020-02-11", "oci 2.10.4")
    database = sqlite3.connect(next(folder.glob("*.sqlite")))
    assert database.execute("select version from sdk_listings where provider = 'oracle-cloud' and code = 'me-jeddah-1'").fetchone() == ("2.10.4",)


def _dating() -> dict[str, Counter]:
    """Per provider, opened regions by what dates them, counted from the CSVs alone."""
    found: dict[str, Counter] = {}
    for r in REGIONS:
        if r["status"] == "announced":
            continue
        kind = "launch" if r["launched"] else "sdk" if (r["provider"], r["code"]) in LISTINGS else "neither"
        found.setdefault(r["provider"], Counter())[kind] += 1
    return found


def test_the_coverage_page_shows_launch_sdk_only_and_neither_per_provider(site):
    coverage = page(site, "coverage")
    providers = {r["id"]: r["name"] for r in rows("providers")}
    for provider, counts in _dating().items():
        opened = sum(counts.values())
        line = coverage.rows_with(providers[provider], f"{counts['launch']} (")
        assert any(row[1:] == [str(opened), f"{counts['launch']} ({round(100 * counts['launch'] / opened)}%)",
                              f"{counts['sdk']} ({round(100 * counts['sdk'] / opened)}%)",
                              f"{counts['neither']} ({round(100 * counts['neither'] / opened)}%)"] for row in line), (provider, line)
    # Every opened region with neither date is named, linked to its page.
    undated = [r for r in REGIONS if r["status"] != "announced" and not r["launched"] and (r["provider"], r["code"]) not in LISTINGS]
    links = {a.get("href", "") for tag, a in coverage.links if tag == "a"}
    assert undated and all(any(f"regions/{r['id']}/" in href for href in links) for r in undated)


def test_each_chart_of_regions_over_time_ends_at_the_tables_count(atlas):
    race = charts.race(atlas).spec["data"]["values"]
    for provider in atlas.providers.values():
        open_now = sum(r.is_open for r in atlas.regions_by_provider[provider.id])
        last = max((v for v in race if v["provider"] == provider.name), key=lambda v: (v["day"], v["count"]))
        assert last["count"] == open_now, provider.id
        history = charts.provider_history(atlas, provider.id).spec["data"]["values"]
        ours = [v for v in history if v["series"].startswith("Regions (") and "claimed" not in v["series"] or v["series"] == "Regions open today (all)"]
        assert max(ours, key=lambda v: (v["day"], v["count"]))["count"] == open_now, provider.id


def test_sdk_dated_regions_are_a_series_of_their_own_in_the_charts(atlas):
    aws = charts.provider_history(atlas, "aws").spec["data"]["values"]
    launch_only = max(v["count"] for v in aws if v["series"] == "Regions (launch date)")
    with_sdk = max(v["count"] for v in aws if v["series"] == "Regions (with SDK-dated)")
    assert with_sdk > launch_only  # AWS has opened regions dated only by botocore


def test_a_listing_that_names_the_wrong_release_page_is_refused(data_copy):
    path = data_copy / "datasets" / "sdk_listings.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("oracle-cloud,me-jeddah-1,"))
    lines[index] = lines[index].replace("/oci/2.10.4/", "/oci/2.10.5/")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("-m", "generator", "--root", str(data_copy), "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"datasets/sdk_listings.csv:{index + 1}: release_url: is not the registry page of oci 2.10.4" in result.stderr


def test_a_listing_under_another_providers_package_is_refused(data_copy):
    path = data_copy / "datasets" / "sdk_listings.csv"
    text = path.read_text(encoding="utf-8").replace("oracle-cloud,me-jeddah-1,oci,", "aws,me-jeddah-1,oci,")
    path.write_text(text, encoding="utf-8")
    result = run("-m", "generator", "--root", str(data_copy), "check")
    assert result.returncode == 1
    assert "package: oci is not the SDK whose region list drift reads for aws" in result.stderr
