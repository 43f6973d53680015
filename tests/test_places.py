"""Places: the regions of one metro gathered across providers, with a page, an API file, a mark on the maps
and a search entry under each of their spellings."""

from __future__ import annotations

import json
import re

import pytest

from conftest import page, rows

# Written in the data by each provider as it writes it; a place gathers them all.
PLACES = {
    "frankfurt": {"Frankfurt"},
    "sao-paulo": {"São Paulo", "Sao Paulo", "Osasco"},
    "johannesburg": {"Johannesburg"},
}


def _expected(place: str) -> list[dict]:
    return [r for r in rows("regions") if r["city"] in PLACES[place] and r["latitude"] and r["coordinates_precision"] != "area"]


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_place_page_lists_every_providers_region_there(site, place):
    expected = _expected(place)
    assert len({r["provider"] for r in expected}) >= 4
    html = (site / "places" / place / "index.html").read_text(encoding="utf-8")
    shown = page(site, f"places/{place}")
    names = {p["id"]: p["name"] for p in rows("providers")}
    for region in expected:
        assert f'href="../../regions/{region["id"]}/"' in html, region["id"]
        [row] = [r for r in shown.rows_with(region["code"] or region["name"]) if r[0] == names[region["provider"]]]
        assert region["status"] in row
    # A region of the place that is not here would be a row too many; one missing would fail above.
    assert len(re.findall(r'<tr data-status=', html)) == len(expected)


def test_a_place_names_the_nearest_region_of_each_provider_absent(site):
    johannesburg = page(site, "places/johannesburg")
    present = {r["provider"] for r in _expected("johannesburg") if r["status"] in ("active", "closing")}
    absent = {p["name"] for p in rows("providers") if p["id"] not in present}
    nearest = [row for row in johannesburg.rows_with(" km") if row[0] in absent]
    assert {row[0] for row in nearest} == absent
    [aws] = [row for row in nearest if row[0] == "Amazon Web Services"]
    assert "af-south-1" in aws[1] and "Cape Town" in aws[2]
    assert 1000 < int(aws[3].replace(",", "").split()[0]) < 1500  # Johannesburg to Cape Town, about 1,260 km


def test_an_area_region_is_never_put_in_a_city_nor_a_place_across_a_border(site):
    sao_paulo = json.loads((site / "api" / "v1" / "places" / "sao-paulo.json").read_text())
    ids = {r["id"] for r in sao_paulo["regions"]}
    # Azure names only "Sao Paulo State": its point stands for the state, so it is an area of its own.
    area = [r for r in rows("regions") if r["country"] == "BR" and r["coordinates_precision"] == "area"]
    assert area and not ids & {r["id"] for r in area}
    places = json.loads((site / "api" / "v1" / "places.json").read_text())["places"]
    by_region = {region: p for p in places for region in p["regions"]}
    for region in area:
        assert by_region[region["id"]]["area"] is True
    # Johor Bahru (Malaysia) is 25 km from Singapore, but a place stays in one country.
    johor = next(r for r in rows("regions") if r["city"] == "Johor Bahru" and r["coordinates_precision"] != "area")
    assert by_region[johor["id"]]["country"] == "MY" and by_region[johor["id"]]["id"] != "singapore"
    assert all(by_region[r["id"]]["country"] == r["country"] for r in rows("regions") if r["latitude"])


def test_every_placed_region_is_in_exactly_one_place_and_links_to_it(site):
    places = json.loads((site / "api" / "v1" / "places.json").read_text())["places"]
    placed = [r["id"] for r in rows("regions") if r["latitude"]]
    listed = [region for p in places for region in p["regions"]]
    assert sorted(listed) == sorted(placed)
    assert len({p["id"] for p in places}) == len(places)
    index = (site / "places" / "index.html").read_text(encoding="utf-8")
    for p in places:
        assert (site / "places" / p["id"] / "index.html").is_file(), p["id"]
        assert f'href="{p["id"]}/"' in index
    region_page = (site / "regions" / "azure-germanywestcentral" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../places/frankfurt/"' in region_page
    for country in {p["country"] for p in places}:
        country_page = (site / "countries" / country.lower() / "index.html").read_text(encoding="utf-8")
        for p in places:
            if p["country"] == country:
                assert f'href="../../places/{p["id"]}/"' in country_page, (country, p["id"])


def test_each_place_has_an_api_file(site):
    api = site / "api" / "v1"
    frankfurt = json.loads((api / "places" / "frankfurt.json").read_text())
    assert {r["id"] for r in frankfurt["regions"]} == {r["id"] for r in _expected("frankfurt")}
    assert frankfurt["place"]["name"] == "Frankfurt" and "Frankfurt am Main" in frankfurt["place"]["spellings"]
    assert {n["provider"] for n in frankfurt["nearest"]}.isdisjoint(frankfurt["place"]["providers"])
    sao_paulo = json.loads((api / "places" / "sao-paulo.json").read_text())["place"]
    assert {sao_paulo["name"], *sao_paulo["spellings"]} >= {"São Paulo", "Sao Paulo"}
    assert sao_paulo["nearby"] == ["Osasco"]  # a town of its own, not a way to write São Paulo
    api_page = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "api/v1/places.json" in api_page and "api/v1/places/{place}.json" in api_page


def test_places_are_in_the_search_index_under_every_spelling(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("places/sao-paulo/")]
    text = " ".join(d["title"] + " " + d["text"] for d in entries)
    assert "São Paulo" in text and "Sao Paulo" in text
    frankfurt = " ".join(d["title"] + " " + d["text"] for d in index["docs"] if d["location"].startswith("places/frankfurt/"))
    assert "Frankfurt am Main" in frankfurt
    # The place's tables and map stay out of the index: its regions are found on their own pages.
    assert "eu-central-1" not in frankfurt
    # GeoNames' other names find the city in another language or by its older name.
    mumbai = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("places/mumbai/"))
    assert "Bombay" in mumbai and "Francfort" in frankfurt


def test_a_changelog_year_maps_the_regions_announced_opened_and_closed_that_year(site):
    from test_pictures import _marks

    [year_map] = _marks(site, "changelog/2025")
    drawn = {(region, status) for mark in year_map["marks"] for region, status, _ in mark["slices"]}
    words = {"announced": "announced", "launched": "active", "closing_announced": "closing", "closed": "closed"}
    expected = {(r["id"], status) for r in rows("regions") if r["latitude"]
                for column, status in words.items() if r[column].startswith("2025")}
    assert drawn == expected and expected


def test_the_home_map_offers_filters_by_provider_status_and_year(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    form = re.search(r'<div class="atlas-map-filter"[^>]*hidden>(.*?)</div>', html, re.S)
    assert form, "no map filter"
    for key in ("provider", "status", "year"):
        assert f'data-key="{key}"' in form[1]
    launched = {r["launched"][:4] for r in rows("regions") if r["launched"] and r["latitude"] and r["status"] != "announced"}
    assert set(re.findall(r'<option value="(\d{4})">', form[1])) == launched


def test_every_changelog_year_has_its_map_when_a_region_changed_that_year(site):
    from test_pictures import _marks

    columns = ("announced", "launched", "closing_announced", "closed")
    years = [p.name for p in (site / "changelog").iterdir() if p.name.isdigit()]
    assert len(years) > 5
    for year in years:
        changed = any(r[c].startswith(year) for r in rows("regions") if r["latitude"] for c in columns)
        maps = _marks(site, f"changelog/{year}")
        assert len(maps) == (1 if changed else 0), year
        if not changed:
            assert "so there is no map of this year" in page(site, f"changelog/{year}").text
