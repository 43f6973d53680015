"""What a reader sees on the real site, built from the real data."""

from __future__ import annotations

import re
from collections import Counter

import pycountry
from haversine import haversine

from generator.countries import all_countries
from conftest import ROOT, page, rows


def _active(region: dict) -> bool:
    """Open: active, or closing (its closure is announced but not done)."""
    return region["status"] in ("active", "closing")


def test_alibaba_page_lists_brazil_france_and_netherlands_announced_in_september_2025(site):
    alibaba = page(site, "providers/alibaba-cloud")
    for country in ("Brazil", "France", "Netherlands"):
        announced = [r for r in alibaba.rows_with(country, "announced") if r[0].startswith(("2025-09", "September 2025"))]
        assert announced, f"no announcement in September 2025 for {country} on the Alibaba Cloud page"


def test_alibaba_page_shows_the_expansion_the_investment_and_the_claims(site):
    alibaba = page(site, "providers/alibaba-cloud")
    for country in ("Mexico", "Japan", "South Korea", "Malaysia", "United Arab Emirates"):
        assert [r for r in alibaba.rows_with(country, "expanded") if r[0] == "2025-09-24"], country
    assert alibaba.rows_with("investment", "53 billion")
    claim = alibaba.rows_with("2025-10-28", "29", "92")
    assert claim, "the claim of 92 zones in 29 regions is missing"


def test_claims_show_their_scope_and_every_figure(site):
    alibaba = page(site, "providers/alibaba-cloud")
    for claim in (c for c in rows("claims") if c["provider"] == "alibaba-cloud"):
        scope = {"": "not said", "worldwide": "worldwide", "mainland_china": "mainland China",
                 "outside_mainland_china": "outside mainland China"}[claim["scope"]]
        figures = [f"{claim[k]} {noun}" for k, noun in (("regions", "regions"), ("zones", "zones"), ("countries", "countries"),
                                                        ("data_centres", "data centres")) if claim[k]]
        assert [r for r in alibaba.rows_with(scope, *figures) if r[1] == scope], (claim, figures)


def test_the_provider_chart_draws_only_worldwide_claims_of_open_regions(site):
    from generator import charts
    from generator.build import atlas_of
    from conftest import ROOT
    import datetime as dt

    atlas = atlas_of(ROOT, dt.date.today())
    drawn = [v for v in charts.provider_history(atlas, "alibaba-cloud").spec["data"]["values"] if v["kind"] == "claim"]
    claims = [c for c in atlas.claims if c.provider == "alibaba-cloud"]
    assert any(c.scope not in ("", "worldwide") for c in claims), "no scoped claim left to leave out"
    whole = [c for c in claims if c.scope in ("", "worldwide") and c.qualifier != "including_announced"]
    assert len(drawn) == sum((c.regions is not None) + (c.zones is not None) for c in whole)


def test_australia_page_shows_alibaba_sydney_closed_on_2024_09_30(site):
    australia = page(site, "countries/au")
    sydney = australia.rows_with("Alibaba Cloud", "ap-southeast-2")
    assert sydney and "closed" in sydney[0] and "2024-09-30" in sydney[0]


def test_india_page_shows_alibaba_mumbai_closed_on_2024_07_15(site):
    india = page(site, "countries/in")
    mumbai = india.rows_with("Alibaba Cloud", "ap-south-1")
    assert mumbai and "closed" in mumbai[0] and "2024-07-15" in mumbai[0]


def test_home_figures_equal_counts_from_the_csvs(site):
    regions = rows("regions")
    active = [r for r in regions if _active(r)]
    home = page(site, "")
    assert f"{len(rows('providers'))} providers tracked" in home.text
    assert f"{len(active)} active regions" in home.text
    assert f"{sum(int(r['zones']) for r in active if r['zones'])} availability zones" in home.text
    assert f"{len({r['country'] for r in active})} countries and territories with a region" in home.text


def test_home_compares_every_provider(site):
    home = page(site, "")
    [compared] = [t for t in home.tables if t[0][:2] == ["Provider", "Active regions"]]
    for provider in rows("providers"):
        active = [r for r in rows("regions") if r["provider"] == provider["id"] and _active(r)]
        row = [r for r in compared if r[0] == provider["name"]]
        assert row, provider["name"]
        assert row[0][1] == str(len(active))
        assert row[0][3] == str(len({r["country"] for r in active}))


def test_every_iso_country_has_a_page_and_the_index_lists_them(site):
    index = page(site, "countries")
    linked = {a["href"].strip("/").split("/")[-1] for tag, a in index.links if tag == "a" and re.fullmatch(r"(\.\./countries/)?[a-z]{2}/", a.get("href", ""))}
    assert len(linked) == len(pycountry.countries) == 249
    with_regions = {r["country"] for r in rows("regions")}
    assert len(index.tables[0]) - 1 == len(with_regions)
    for country in pycountry.countries:
        assert (site / "countries" / country.alpha_2.lower() / "index.html").is_file()


def test_kenya_page_names_the_nearest_active_alibaba_region(site):
    kenya = page(site, "countries/ke")
    nairobi = all_countries()["KE"].reference
    candidates = [r for r in rows("regions") if r["provider"] == "alibaba-cloud" and _active(r) and r["latitude"]]
    nearest = min(candidates, key=lambda r: haversine((nairobi.latitude, nairobi.longitude), (float(r["latitude"]), float(r["longitude"]))))
    row = kenya.rows_with("Alibaba Cloud", " km")
    assert row and nearest["code"] in row[0][1]
    assert "Nairobi, the capital" in kenya.text


def test_provider_pages_list_every_region_of_the_provider(site):
    for provider in rows("providers"):
        provider_page = page(site, f"providers/{provider['id']}")
        for region in rows("regions"):
            if region["provider"] == provider["id"] and region["code"]:
                assert provider_page.rows_with(region["code"]), (provider["id"], region["code"])


def test_changelog_derives_every_launch_and_closure_from_the_regions(site):
    entries = Counter()
    for year in (site / "changelog").iterdir():
        if not year.name.isdigit():
            continue
        for table in page(site, f"changelog/{year.name}").tables:
            for row in table[1:]:
                entries[row[1].split()[0]] += 1
    regions = rows("regions")
    events = rows("events")
    for kind in ("launched", "closed", "announced"):
        from_regions = sum(bool(r[kind]) for r in regions)
        from_events = sum(e["type"] == kind for e in events)
        assert entries[kind] == from_regions + from_events, kind


def test_partial_dates_are_shown_at_their_precision(site):
    regions = [r for r in rows("regions") if r["provider"] == "alibaba-cloud" and re.fullmatch(r"\d{4}", r["launched"])]
    assert regions, "the data has no year-only launch date to show"
    alibaba = page(site, "providers/alibaba-cloud")
    region = regions[0]
    row = alibaba.rows_with(region["code"])[0]
    assert region["launched"] in row and not any(cell.startswith(region["launched"] + "-01") for cell in row)


def test_unknown_zone_counts_show_as_unknown(site):
    region = next(r for r in rows("regions") if r["code"] and not r["zones"] and _active(r))
    provider_page = page(site, f"providers/{region['provider']}")
    row = provider_page.rows_with(region["code"])[0]
    assert "unknown" in row


def test_every_page_has_an_edit_link_to_an_existing_file(site):
    from conftest import ROOT

    checked = 0
    for html in site.rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        if "md-content" not in text:
            continue
        match = re.search(r'href="https://github.com/[^"]+/edit/main/([^"]+)"[^>]*rel="edit"', text)
        assert match, f"{html} has no edit link"
        assert (ROOT / match[1]).is_file(), f"{html} edits {match[1]}, which does not exist"
        checked += 1
    assert checked > 250


def test_pages_make_no_third_party_request(site):
    requesting = re.compile(r'<(?:script|img|iframe|source|audio|video)[^>]+src="(https?:)?//|<link[^>]+href="(https?:)?//[^"]+"[^>]*>', re.I)
    for html in site.rglob("*.html"):
        for match in requesting.finditer(html.read_text(encoding="utf-8")):
            tag = match[0]
            # <link rel="canonical"> and rel="alternate" name addresses; they fetch nothing
            assert re.search(r'rel="(canonical|alternate)"', tag), f"{html}: {tag}"


def test_pages_are_set_for_phones(site):
    for path in ("", "providers/aws", "countries/br", "changelog"):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        assert 'name="viewport" content="width=device-width,initial-scale=1"' in html


def test_coverage_page_counts_what_the_csvs_hold(site):
    coverage = page(site, "coverage")
    [table] = [t for t in coverage.tables if t[0][:2] == ["Provider", "Regions"]]  # not the chart's figures
    for provider in rows("providers"):
        regions = [r for r in rows("regions") if r["provider"] == provider["id"]]
        opened = [r for r in regions if r["status"] != "announced"]
        row = [r for r in table if r[0] == provider["name"]][0]
        assert row[1] == str(len(regions))
        assert row[2].startswith(f"{sum(bool(r['launched']) for r in opened)} of {len(opened)} ")
        assert row[3].startswith(f"{sum(bool(r['zones']) for r in regions)} (")
    everything = rows("regions")
    opened = [r for r in everything if r["status"] != "announced"]
    [total] = [r for r in table if r[0] == "All providers"]
    assert total[1] == str(len(everything))
    assert total[2].startswith(f"{sum(bool(r['launched']) for r in opened)} of {len(opened)} ")
    assert total[4].startswith(f"{sum(bool(r['code']) for r in everything)} (")
    assert total[5] == str(sum(bool(r["code"] and r["code_source"]) for r in everything))
    assert total[8].startswith(f"{sum(bool(r['latitude']) for r in everything)} (")


def test_coverage_and_provider_pages_name_the_list_each_provider_was_checked_against(site):
    sources = {s["id"]: s for s in rows("sources")}
    coverage = page(site, "coverage").text
    for provider in rows("providers"):
        listed = sources[provider["source"]]
        said = f"{provider['name']} : {provider['verified']}, against {listed['title']} ({listed['publisher']}, "
        assert said + (listed["published"] or "undated") + ")" in coverage, said
        profile = " ".join(page(site, f"providers/{provider['id']}").text.split())
        assert f"Data last verified on {provider['verified']} against its own list, {listed['title']}" in profile


def test_home_names_the_dataset_version(site):
    import json

    from conftest import ROOT

    version = json.loads((ROOT / "datasets" / "datapackage.json").read_text())["version"]
    assert f"Dataset version {version}" in page(site, "").text


def test_provider_profiles_link_their_sources_from_sources_csv(site):
    sources = {r["id"]: r["url"] for r in rows("sources")}
    for provider in rows("providers"):
        profile = (ROOT / "content" / "providers" / f"{provider['id']}.md").read_text()
        cited = re.findall(r"\]\[([a-z0-9-]+)\]", profile)
        assert cited, f"{provider['id']} profile cites no source"
        html = (site / "providers" / provider["id"] / "index.html").read_text()
        for source_id in cited:
            assert f'href="{sources[source_id]}"' in html.replace("&amp;", "&"), (provider["id"], source_id)
