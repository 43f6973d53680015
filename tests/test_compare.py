"""What an architect compares across regions: Azure's region pairs, Google's carbon-free energy per region and
year, and the calendar of expected openings; each on the site, in the API and checked on the way in."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from icalendar import Calendar

from conftest import edit_row, page, rows
from generator.build import atlas_of
from generator.load import load
from generator.outputs import calendar
from generator.rules import check

TODAY = dt.date(2026, 12, 8)


def _problems(root) -> list[str]:
    return [str(p) for p in check(load(root), TODAY)]


def _replace_line(root, table: str, startswith: str, new: str) -> int:
    path = root / "datasets" / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(startswith))
    lines[index] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


def _region_json(site, region_id: str) -> dict:
    return json.loads((site / "api" / "v1" / "regions" / f"{region_id}.json").read_text(encoding="utf-8"))["region"]


# Azure's region pairs

def test_a_one_way_pair_says_so_and_names_the_pair_of_its_pair(site):
    pairs = {r["region"]: r["paired_region"] for r in rows("pairs")}
    assert pairs["azure-brazilsouth"] == "azure-southcentralus" and pairs["azure-southcentralus"] != "azure-brazilsouth"
    facts = page(site, "regions/azure-brazilsouth").rows_with("Paired region")
    assert facts and "South Central US" in facts[0][1] and "one way" in facts[0][1]
    assert "North Central US" in facts[0][1]  # South Central US's own pair


def test_a_mutual_pair_and_a_region_listed_without_one(site):
    east = page(site, "regions/azure-eastus").rows_with("Paired region")[0][1]
    assert "West US" in east and "one way" not in east
    assert "West US 3" in east  # West US 3 names East US as its pair, one way
    unpaired = page(site, "regions/azure-polandcentral").rows_with("Paired region")[0][1]
    assert "none: listed without a pair" in unpaired
    assert not page(site, "regions/aws-us-east-1").rows_with("Paired region")


def test_the_api_gives_each_pair_with_its_direction(site):
    brazil = _region_json(site, "azure-brazilsouth")["pair"]
    assert brazil["paired_region"] == "azure-southcentralus" and brazil["mutual"] is False and brazil["listed"] is True
    assert "azure-brazilsoutheast" in brazil["paired_with_it"]
    assert brazil["source"]["publisher"] == "Microsoft"
    assert _region_json(site, "azure-westus")["pair"]["mutual"] is True
    assert _region_json(site, "aws-us-east-1")["pair"] is None


def test_a_pair_across_providers_or_with_itself_is_refused(data_copy):
    line = _replace_line(data_copy, "pairs", "azure-eastus,", "azure-eastus,aws-us-east-1,azure-reliability-docs-2026-paired-regions")
    itself = _replace_line(data_copy, "pairs", "azure-westus,", "azure-westus,azure-westus,azure-reliability-docs-2026-paired-regions")
    found = _problems(data_copy)
    assert f"datasets/pairs.csv:{line}: paired_region: aws-us-east-1 belongs to another provider than azure-eastus: a pair joins two regions of one provider" in found
    assert f"datasets/pairs.csv:{itself}: paired_region: azure-westus is paired with itself" in found


def test_a_pair_naming_a_region_the_atlas_lacks_is_refused(data_copy):
    line = _replace_line(data_copy, "pairs", "azure-eastus,", "azure-eastus,azure-nowhere,azure-reliability-docs-2026-paired-regions")
    found = _problems(data_copy)
    assert any(p.startswith(f"datasets/pairs.csv:{line}: paired_region:") and "azure-nowhere" in p for p in found), found


# Google's carbon-free energy

def test_the_carbon_page_lists_every_region_with_figures_and_their_newest_share(site):
    figures = rows("carbon")
    newest = max(int(r["year"]) for r in figures)
    table = page(site, "carbon")
    for row in figures:
        if int(row["year"]) == newest and row["carbon_free_energy"]:
            code = row["region"].removeprefix("google-cloud-")
            found = [r for r in table.rows_with(code) if r[0] == code]
            assert found, code
            assert found[0][-2] == f"{round(100 * float(row['carbon_free_energy']))}%"
    assert not table.rows_with("us-east-1")  # no other provider publishes such figures: none is invented


def test_a_google_region_page_has_its_years_and_the_change_of_definition(site):
    years = [r for r in rows("carbon") if r["region"] == "google-cloud-europe-north1"]
    shown = page(site, "regions/google-cloud-europe-north1")
    assert "operational emissions from 2021" in shown.text
    for row in years:
        line = shown.rows_with(row["year"], row["intensity_basis"])
        assert line, row["year"]
        assert line[0][1] == f"{round(100 * float(row['carbon_free_energy']))}%"
    assert "Carbon-free energy" not in page(site, "regions/aws-eu-north-1").text


def test_the_api_gives_each_year_with_its_basis(site):
    carbon = _region_json(site, "google-cloud-europe-north1")["carbon"]
    assert [c["year"] for c in carbon] == sorted(c["year"] for c in carbon)
    assert {c["intensity_basis"] for c in carbon if c["year"] < 2021} == {"lifecycle"}
    assert {c["intensity_basis"] for c in carbon if c["year"] >= 2021} == {"operational"}
    assert _region_json(site, "aws-eu-north-1")["carbon"] == []


def test_carbon_figures_not_from_the_provider_or_without_a_figure_are_refused(data_copy):
    line = _replace_line(data_copy, "carbon", "google-cloud-europe-north1,2024,",
                         "google-cloud-europe-north1,2024,0.98,39,operational,google-cloud-techcrunch-2022-six-countries")
    empty = _replace_line(data_copy, "carbon", "google-cloud-europe-north1,2023,", "google-cloud-europe-north1,2023,,,operational,google-cloud-region-carbon-info")
    found = _problems(data_copy)
    assert f"datasets/carbon.csv:{line}: source: carbon figures are the provider's own: cite its own publication, not google-cloud-techcrunch-2022-six-countries" in found
    assert f"datasets/carbon.csv:{empty}: carbon_free_energy: a year of carbon figures needs carbon_free_energy or grid_intensity" in found


# The calendar of expected openings

def _events(path) -> list:
    return Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_the_calendar_holds_every_expected_opening_and_only_those(site):
    expected = {r["id"] for r in rows("regions") if r["status"] == "announced" and r["expected"]}
    events = _events(site / "calendar" / "expected.ics")
    assert {str(e["uid"]).split("/")[0] for e in events} == expected
    assert (site / "calendar" / "expected.ics").read_bytes().count(b"\r\n") > 10  # RFC 5545 lines end in CRLF
    for provider in [r["id"] for r in rows("providers")]:
        mine = {r["id"] for r in rows("regions") if r["provider"] == provider and r["id"] in expected}
        assert {str(e["uid"]).split("/")[0] for e in _events(site / "calendar" / "providers" / f"{provider}.ics")} == mine


def test_an_expected_month_or_year_spans_the_whole_period_and_is_never_a_day(data_copy, tmp_path):
    for expected, start, end, words in (("2027-03", dt.date(2027, 3, 1), dt.date(2027, 4, 1), "March 2027"),
                                        ("2028", dt.date(2028, 1, 1), dt.date(2029, 1, 1), "(2028)")):
        edit_row(data_copy, "regions", "azure-us-atlanta", status="announced", expected=expected, launched="")
        out = tmp_path / expected
        calendar.write(atlas_of(data_copy, TODAY), out)
        event = next(e for e in _events(out / "calendar" / "countries" / "us.ics") if str(e["uid"]).startswith("azure-us-atlanta/"))
        assert (event["dtstart"].dt, event["dtend"].dt) == (start, end)
        assert words in str(event["summary"])


def test_pages_link_the_calendars(site):
    assert any(a.get("href", "").endswith("calendar/expected.ics") for tag, a in page(site, "changelog").links if tag == "a")
    assert any(a.get("href", "").endswith("calendar/providers/azure.ics") for tag, a in page(site, "providers/azure").links if tag == "a")
    assert (site / "calendar" / "countries" / "us.ics").is_file()


@pytest.mark.parametrize("table", ["pairs", "carbon"])
def test_the_new_tables_ship_in_the_data_package(site, table):
    import zipfile
    package = next((site / "downloads").glob("cloud-region-atlas-*.zip"))
    with zipfile.ZipFile(package) as archive:
        assert any(name.endswith(f"/{table}.csv") or name == f"{table}.csv" for name in archive.namelist())


# Region types

def test_each_region_type_follows_its_partition_and_operator(site):
    providers = {r["id"]: {r["name"].casefold(), r["company"].casefold()} for r in rows("providers")}
    regions = {r["id"]: r for r in rows("regions")}
    listed = json.loads((site / "api" / "v1" / "regions.json").read_text(encoding="utf-8"))["regions"]
    assert len(listed) == len(regions)
    for region in listed:
        row = regions[region["id"]]
        if row["partition"] in ("government", "sovereign"):
            assert region["type"] == row["partition"], region["id"]
        elif row["operator"].casefold() not in providers[row["provider"]]:
            assert region["type"] == "partner", region["id"]
        else:
            assert region["type"] == "public", region["id"]
    assert {r["type"] for r in listed} >= {"public", "government", "sovereign", "partner"}


def test_region_tables_can_be_filtered_by_type_and_show_it(site):
    azure = (site / "providers" / "azure" / "index.html").read_text(encoding="utf-8")
    assert '<select data-key="type">' in azure
    for value, words in (("public", "public"), ("government", "government"), ("sovereign", "sovereign"), ("partner", "partner-operated")):
        assert f'<option value="{value}">{words}</option>' in azure
    china = page(site, "providers/azure").rows_with("chinaeast2")
    assert china and "partner-operated" in china[0][0]
    assert 'data-type="partner"' in azure and 'data-type="government"' in azure
    assert page(site, "regions/azure-chinaeast2").rows_with("Type", "partner-operated")
