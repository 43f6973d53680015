"""Hetzner Cloud, Scaleway and Akamai: each matches the list its provider publishes, region by region, and a reader
finds every region on the provider's page, in its own colour on the maps, with the events and dates recorded for it."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest

from conftest import ROOT, Page, edit_row, generator, page, rows, run
from generator import drift
from generator.build import atlas_of
from generator.charts import provider_colours

# The codes each provider's own list prints, as cited in providers.csv (its `source`). Hetzner and Akamai ship
# no list inside a package, so the cited version is written here; Scaleway's is read from its pinned SDK.
PUBLISHED = {
    # docs.hetzner.com/cloud/networks/faq, last changed 2024-12-11: network zones and their locations.
    "hetzner-cloud": {"fsn1", "nbg1", "hel1", "ash", "hil", "sin"},
    # linodego's recorded region listing (test/integration/fixtures/TestRegions_List.yaml, 2026-07-01).
    "akamai": {
        "au-mel", "es-mad", "in-maa", "jp-osa", "it-mil", "us-mia", "id-cgk", "us-lax", "gb-lon", "se-sto",
        "in-bom-2", "de-fra-2", "sg-sin-2", "jp-tyo-3", "no-osl-1", "us-iad-2", "fr-par-2", "nl-ams", "ap-west",
        "ca-central", "ap-southeast", "us-iad", "us-ord", "fr-par", "us-sea", "br-gru", "us-central",
        "ap-northeast", "eu-central", "ap-south", "eu-west", "us-east", "us-southeast", "us-west",
    },
}
NEW = ("hetzner-cloud", "scaleway", "akamai")


def _regions(provider: str) -> list[dict[str, str]]:
    return [r for r in rows("regions") if r["provider"] == provider]


@pytest.mark.parametrize("provider", sorted(PUBLISHED))
def test_the_atlas_holds_exactly_the_regions_the_cited_list_prints(provider):
    regions = _regions(provider)
    assert {r["code"] for r in regions} == PUBLISHED[provider]
    assert len(regions) == len(PUBLISHED[provider]), "one row a code"
    # Neither list ships in a package, so each code cites the page that prints it, as the checker demands.
    listed = {p["id"]: p["source"] for p in rows("providers")}[provider]
    assert all(r["code_source"] == listed and r["status"] == "active" for r in regions)


def _scaleway():
    return drift.installed(next(sdk for sdk in drift.SDK_PACKAGES if sdk.provider == "scaleway"))


def test_scaleways_regions_are_the_ones_its_pinned_sdk_lists():
    sdk = _scaleway()
    assert sdk.codes == {r["code"] for r in _regions("scaleway")} == {"fr-par", "nl-ams", "pl-waw"}
    # Its availability guide counts three zones in each region.
    assert {r["zones"] for r in _regions("scaleway")} == {"3"}


def test_drift_reads_every_list_that_ships_in_a_package_and_names_the_rest():
    covered = {read().provider for read in drift.SDKS}
    providers = {p["id"] for p in rows("providers")}
    assert "scaleway" in covered
    assert {"hetzner-cloud", "akamai"} <= set(drift.UNCOVERED)
    # Every provider is either compared with an SDK list or needs a cited page for each code: none slips through.
    assert providers == covered | set(drift.UNCOVERED)
    assert not covered & set(drift.UNCOVERED)
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]["drift"]
    assert "scaleway-core==" + _scaleway().version in pins


def test_drift_fails_when_a_scaleway_region_is_dropped(data_copy):
    edit_row(data_copy, "regions", "scaleway-pl-waw", code="pl-wro")
    result = run("-m", "generator", "--root", str(data_copy), "drift")
    assert result.returncode == 1
    assert "scaleway pl-waw: in the SDK, not open in the atlas (not in the atlas)" in result.stdout
    assert "scaleway pl-wro: in the atlas, not in the SDK, and its region cites no code_source" in result.stdout


def test_a_hetzner_code_without_its_page_is_refused(data_copy):
    line = edit_row(data_copy, "regions", "hetzner-cloud-sin", code_source="")
    result = generator("--root", str(data_copy), "check")
    assert result.returncode == 1
    assert f"datasets/regions.csv:{line}: code_source: a code needs a source that prints it" in result.stderr


@pytest.mark.parametrize("provider", NEW)
def test_the_provider_page_lists_every_region_with_its_code(site, provider):
    page = Page((site / "providers" / provider / "index.html").read_text(encoding="utf-8"))
    regions = _regions(provider)
    for region in regions:
        assert page.rows_with(region["code"], region["status"]), f"{region['id']} is not in the table"
    assert f"{len(regions)} active regions" in page.text


def test_each_provider_has_a_colour_of_its_own_and_a_legend_entry(site):
    atlas = atlas_of(ROOT, dt.date.today())
    colours = provider_colours(atlas)
    assert len(set(colours.values())) == len(atlas.providers)
    home = (site / "index.html").read_text(encoding="utf-8")
    legend = home[home.index('class="atlas-legend"'):]
    for provider in atlas.providers.values():
        assert re.search(rf'fill="{colours[provider.id]}"/></svg>{re.escape(provider.name)}</span>', legend), provider.name


def _events(provider: str) -> list[dict[str, str]]:
    return [e for e in rows("events") if e["provider"] == provider]


def test_the_new_providers_have_events_to_show():
    # Akamai's purchase of Linode and an outage of its own, and Hetzner's Finnish park; the page tests below prove
    # nothing without them.
    assert {"investment", "disrupted"} <= {e["type"] for e in _events("akamai")}
    assert _events("hetzner-cloud")


@pytest.mark.parametrize("provider", NEW)
def test_every_event_of_a_new_provider_is_on_its_page_and_its_regions(site, provider):
    provider_page = page(site, f"providers/{provider}")
    for event in _events(provider):
        opening = event["summary"][:60]
        assert provider_page.rows_with(opening), f"{event['id']} is not on the {provider} page"
        if event["region"]:
            assert page(site, f"regions/{event['region']}").rows_with(opening), f"{event['id']} is not on its region's page"


def test_tokyo_2_shows_the_month_linode_announced_it_and_who_reported_it(site):
    region = next(r for r in _regions("akamai") if r["code"] == "ap-northeast")
    assert (region["announced"], region["announced_source"]) == ("2016-11", "dck-2016-11-23-linode-tokyo-2")
    assert page(site, "regions/akamai-ap-northeast").rows_with("Announced", "November 2016", "Data Center Knowledge")
