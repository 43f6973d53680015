"""Answers a reader looks for, one click away, on the real site built from the real data: closures and their
notices, every table as CSV with its SHA-256, the API's files and the feeds linked, charts' figures as CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from urllib.parse import urljoin

from generator.charts import CONTINENT_PALETTE, EVENT_PALETTE, PROVIDER_PALETTE
from conftest import ROOT, page, rows

VERSION = json.loads((ROOT / "datasets" / "datapackage.json").read_text())["version"]
TABLES = [r["name"] for r in json.loads((ROOT / "datasets" / "datapackage.json").read_text())["resources"]]


def test_closures_page_lists_every_closed_and_closing_region_with_its_notice(site):
    closures = page(site, "closures")
    for region in rows("regions"):
        if region["status"] in ("closed", "closing"):
            [row] = closures.rows_with(region["code"], region["status"])
            if region["closing_source"]:
                title = next(s["title"] for s in rows("sources") if s["id"] == region["closing_source"])
                assert title in row[6], (region["id"], row)
            if region["closed"]:
                assert row[5] != "not yet"


def test_undated_closing_notices_reach_the_changelog_and_the_feeds_saying_they_are_undated(site):
    undated = [r for r in rows("regions") if r["status"] == "closing" and not r["closing_announced"]]
    assert {"alibaba-cloud-cn-nanjing", "alibaba-cloud-cn-fuzhou"} <= {r["id"] for r in undated}
    feed = (site / "feeds" / "all.xml").read_text()
    for region in undated:
        published = next(s["published"] for s in rows("sources") if s["id"] == region["closing_source"])
        year = page(site, f"changelog/{published[:4]}")
        [row] = year.rows_with(region["code"], "closing")
        assert row[0].startswith(published[:4]) and "prints no date" in row[1]
        assert f"tag:cloud-region-atlas.github.io,2026:changelog/{region['id']}/closing" in feed


def test_tencent_regions_named_only_in_chinese_are_headed_by_their_city(site):
    chinese = [r for r in rows("regions") if r["provider"] == "tencent-cloud" and not re.search("[A-Za-z]", r["name"])]
    assert len(chinese) == 3
    for region in chinese:
        html = (site / "regions" / region["id"] / "index.html").read_text()
        assert "Also written ()" not in html and "Also written ," not in html
        heading = re.search(r"<h1[^>]*>(.*?)<", html).group(1)
        assert heading.startswith(region["city"]) and region["code"] in heading, heading
        assert f"names it only as {region['name']}" in page(site, f"regions/{region['id']}").text


def test_an_investment_amount_is_printed_once(site):
    from generator.model import _says_amount

    events = [r for r in rows("events") if r["amount_usd"]]
    stated = [r for r in events if _says_amount(r["summary"], float(r["amount_usd"]))]
    assert len(stated) > len(events) / 2  # most summaries give the amount in their own words
    for event in events:
        text = page(site, f"changelog/{event['date'][:4]}").text
        summary = " ".join(event["summary"].split())
        assert summary in text, event["id"]
        # "Amount: USD ..." follows a summary only when the summary does not give the amount itself.
        printed = re.search(re.escape(summary) + r"(?: \([^)]*\))? Amount: USD", text) is not None
        assert printed == (event not in stated), event["id"]


def test_every_table_is_a_csv_download_with_its_sha256_and_the_same_bytes_as_in_the_zip(site):
    downloads = page(site, "downloads")
    with zipfile.ZipFile(site / "downloads" / f"cloud-region-atlas-{VERSION}.zip") as archive:
        for table in TABLES:
            content = (site / "downloads" / f"{table}.csv").read_bytes()
            assert content == archive.read(f"cloud-region-atlas-{VERSION}/{table}.csv")
            digest = hashlib.sha256(content).hexdigest()
            [row] = [r for r in downloads.rows_with(f"{table}.csv") if r[0].startswith(f"{table}.csv")]
            assert digest in row[3]
            assert (site / "downloads" / f"{table}.csv.sha256").read_text() == f"{digest}  {table}.csv\n"
            assert len(list(csv.DictReader(io.StringIO(content.decode())))) == len(rows(table))


def test_region_and_change_tables_link_their_csv(site):
    for path, tables in (("providers/aws", ("regions", "events", "claims")), ("countries/br", ("regions", "events")),
                         ("changelog/2025", ("events",)), ("closures", ("regions",))):
        links = _links(site, path)
        for table in tables:
            assert f"downloads/{table}.csv" in links, (path, table)


def _links(site, path: str) -> set[str]:
    """Every link of a page, as a path from the site's root."""
    base = f"https://site.example/{path.strip('/') + '/' if path else ''}"
    return {urljoin(base, a.get("href", "")).removeprefix("https://site.example/") for tag, a in page(site, path).links if tag == "a"}


def test_api_page_links_every_file_openapi_and_the_feeds(site):
    links = _links(site, "api")
    for name in ("providers.json", "regions.json", "countries.json", "events.json", "openapi.json",
                 "providers/aws.json", "regions/aws-eu-central-1.json", "countries/br.json"):
        assert f"api/v1/{name}" in links, name
        assert (site / "api" / "v1" / name).exists()
    assert "feeds/all.xml" in links and "feeds/" in links
    feed_links = _links(site, "feeds")
    for provider in rows("providers"):
        assert f"feeds/providers/{provider['id']}.xml" in feed_links, provider["id"]
        assert (site / "feeds" / "providers" / f"{provider['id']}.xml").exists()
    # "Atom feeds" on the downloads page is a feed, not the changelog.
    assert "feeds/all.xml" in _links(site, "downloads")


def test_chart_palettes_keep_providers_continents_and_change_types_apart():
    assert len(set(PROVIDER_PALETTE)) == len(PROVIDER_PALETTE) >= 14
    assert not set(PROVIDER_PALETTE) & set(CONTINENT_PALETTE)
    assert not set(PROVIDER_PALETTE) & set(EVENT_PALETTE.values())
    assert len(set(EVENT_PALETTE.values())) == len(EVENT_PALETTE)


def test_every_chart_has_its_figures_as_csv(site):
    charts = list((site / "pictures" / "charts").glob("*.csv"))
    assert {c.stem for c in charts} >= {"race", "continents", "events-by-year", "coverage", "provider-aws"}
    continents = list(csv.DictReader((site / "pictures" / "charts" / "continents.csv").open()))
    active = sum(r["status"] in ("active", "closing") for r in rows("regions"))
    assert sum(int(r["Total"]) for r in continents) == active


def test_a_profiles_other_names_must_be_a_list_of_names(data_copy):
    from conftest import run

    profile = data_copy / "content" / "providers" / "aws.md"
    profile.write_text(profile.read_text().replace("also_known_as: [AWS]", "also_known_as: AWS"))
    result = run("-m", "generator", "--root", str(data_copy), "check")
    assert result.returncode == 1
    assert "content/providers/aws.md:2: also_known_as: must be a list of names" in result.stderr, result.stderr
