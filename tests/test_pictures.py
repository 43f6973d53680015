"""Maps, charts, region pages and the changelog's pages, as the built HTML gives them to a reader."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT, page, rows


class Marks(HTMLParser):
    """The marks of every map on a page: each a place, with the href of its link, its <title> and its slices
    (one per region shown: region id, status, provider)."""

    def __init__(self, html: str):
        super().__init__()
        self.maps: list[dict] = []
        self._mark: dict | None = None
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "figure" and "atlas-map" in classes:
            self.maps.append({"marks": [], "shapes": [], "label": None, "bases": []})
        elif not self.maps:
            return
        elif tag == "svg" and self.maps[-1]["label"] is None:
            self.maps[-1]["label"] = a.get("aria-label")
        elif tag == "image":
            self.maps[-1]["bases"].append(a.get("href"))
        elif tag == "a" and "atlas-mark" in classes:
            self._mark = {"href": a["href"], "title": "", "slices": [], "area": "atlas-area" in classes}
            self.maps[-1]["marks"].append(self._mark)
        elif tag == "path" and "atlas-shade" in classes:
            self.maps[-1]["shapes"].append(classes[-1])
        elif tag == "title" and self._mark is not None and not self._mark["title"]:
            self._in_title = True
        elif "atlas-slice" in classes and self._mark is not None:
            self._mark["slices"].append((a["data-region"], a["data-status"], a["data-provider"]))

    def handle_endtag(self, tag):
        if tag == "a":
            self._mark = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title and self._mark is not None:
            self._mark["title"] += data


def _marks(site, path: str) -> list[dict]:
    return Marks((site / path / "index.html").read_text(encoding="utf-8")).maps


def _placed(region: dict) -> bool:
    return bool(region["latitude"])


def _slices(world: dict) -> dict[str, tuple[str, dict]]:
    """Region id -> (its status on the map, the mark it is drawn in)."""
    found = {}
    for mark in world["marks"]:
        for region, status, _ in mark["slices"]:
            assert region not in found, f"{region} is drawn twice"
            found[region] = (status, mark)
    return found


def test_home_map_draws_one_mark_per_place_naming_and_linking_every_region_in_it(site):
    [world] = _marks(site, "")
    placed = [r for r in rows("regions") if _placed(r)]
    drawn = _slices(world)
    assert set(drawn) == {r["id"] for r in placed}  # every placed region, each once
    places = json.loads((site / "api" / "v1" / "places.json").read_text())["places"]
    assert len(world["marks"]) == len(places) < len(placed)  # one mark per place: fewer marks than regions
    assert world["label"] and world["bases"] == ["pictures/world-110m.svg"]
    status, sydney = drawn["alibaba-cloud-ap-southeast-2"]
    assert status == "closed" and "Sydney" in sydney["title"]
    announced = next(r for r in placed if r["status"] == "announced")
    assert drawn[announced["id"]][0] == "announced"
    by_id = {r["id"]: r for r in placed}
    for mark in world["marks"]:
        assert mark["href"].startswith("places/") and mark["href"].endswith("/")
        for region, _, _ in mark["slices"]:  # the title names every region in the mark
            assert (by_id[region]["code"] or by_id[region]["name"]) in mark["title"], (region, mark["title"])
    _, frankfurt = drawn["aws-eu-central-1"]
    assert frankfurt["href"] == "places/frankfurt/"
    in_frankfurt = {r["id"] for r in placed if r["city"] == "Frankfurt" and r["coordinates_precision"] != "area"}
    assert {region for region, _, _ in frankfurt["slices"]} == in_frankfurt and len(in_frankfurt) >= 6
    assert (site / "pictures" / "world-110m.svg").read_text().startswith("<svg")


def test_provider_map_marks_its_own_regions_only(site):
    [aws] = _marks(site, "providers/aws")
    expected = {r["id"] for r in rows("regions") if r["provider"] == "aws" and _placed(r)}
    assert set(_slices(aws)) == expected
    assert all(m["href"].startswith("../../places/") for m in aws["marks"])


def test_country_map_shows_its_regions_and_the_nearest_of_each_absent_provider(site):
    [kenya] = _marks(site, "countries/ke")
    statuses = [status for status, _ in _slices(kenya).values()]
    present = {r["provider"] for r in rows("regions") if r["country"] == "KE" and r["status"] == "active"}
    assert statuses.count("nearest") == len({r["provider"] for r in rows("regions")} - present)
    assert kenya["bases"] == ["../../pictures/world-50m.svg"]


def test_countries_index_shades_each_country_by_its_providers(site):
    [world] = _marks(site, "countries")
    providers_in: dict[str, set] = {}
    for r in rows("regions"):
        if r["status"] == "active":
            providers_in.setdefault(r["country"], set()).add(r["provider"])
    html = (site / "countries" / "index.html").read_text(encoding="utf-8")
    germany = re.search(r'href="\.\./countries/de/"><path class="atlas-shade atlas-shade-(\d)"', html)
    assert germany and int(germany[1]) == len(providers_in["DE"])
    assert len(world["shapes"]) > 150


def test_every_region_has_a_page_with_its_facts_map_and_equivalents(site):
    regions = rows("regions")
    for region in regions:
        assert (site / "regions" / region["id"] / "index.html").is_file(), region["id"]
    frankfurt = page(site, "regions/aws-eu-central-1")
    assert frankfurt.rows_with("Code", "eu-central-1")
    launched = next(r["launched"] for r in regions if r["id"] == "aws-eu-central-1")
    assert frankfurt.rows_with("Launched", launched or "unknown")
    assert frankfurt.rows_with("Google Cloud", "europe-west3")  # the equivalent region of another provider
    [locator] = _marks(site, "regions/aws-eu-central-1")
    assert len(locator["marks"]) == 1 and [s[0] for s in locator["marks"][0]["slices"]] == ["aws-eu-central-1"]
    unknown = next(r for r in regions if r["status"] == "active" and not r["launched"])
    assert page(site, f"regions/{unknown['id']}").rows_with("Launched", "unknown")


def test_every_region_in_a_provider_table_links_to_its_page(site):
    for provider in rows("providers"):
        html = (site / "providers" / provider["id"] / "index.html").read_text(encoding="utf-8")
        for region in rows("regions"):
            if region["provider"] == provider["id"]:
                assert f'href="../../regions/{region["id"]}/"' in html, region["id"]


def test_charts_are_drawn_inline_wide_and_narrow(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<figure class="atlas-chart"[^>]*>.*?<div class="atlas-chart-wide" role="img" aria-label="([^"]+)"[^>]*><svg.*?</svg></div>\s*'
                        r'<div class="atlas-chart-narrow" role="img" aria-label="[^"]+"[^>]*><svg', home, re.S)
    assert len(charts) == 2 and "Active regions over time" in charts[0]
    # The race names every provider in its legend.
    for provider in rows("providers"):
        assert re.search(rf"</svg>{re.escape(provider['name'])}</li>", home), provider["name"]
    # Beside the race: per provider, the opened regions dated only by an SDK listing, and those with neither date.
    listed = {(r["provider"], r["code"]) for r in rows("sdk_listings")}
    undated = [r for r in rows("regions") if r["provider"] == "alibaba-cloud" and r["status"] != "announced" and not r["launched"]]
    sdk_only = sum((r["provider"], r["code"]) in listed for r in undated)
    text = page(site, "").text
    assert f"with only an SDK date: Alibaba Cloud {sdk_only}," in text
    assert f"with neither date: Alibaba Cloud {len(undated) - sdk_only}," in text
    for provider in rows("providers"):
        assert 'class="atlas-chart-wide"' in (site / "providers" / provider["id"] / "index.html").read_text()


def test_changelog_is_split_by_year_and_no_page_is_too_heavy(site):
    years = sorted(int(p.name) for p in (site / "changelog").iterdir() if p.name.isdigit())
    assert years and years[-1] >= 2025
    for year in years:
        assert (site / "changelog" / str(year) / "index.html").stat().st_size < 150_000, year
    index = page(site, "changelog")
    assert index.rows_with("2025")
    assert 'class="atlas-chart-wide"' in (site / "changelog" / "index.html").read_text()


def test_year_only_changes_close_their_year(site):
    year_only = next(r for r in rows("regions") if re.fullmatch(r"\d{4}", r["launched"]))
    listing = page(site, f"changelog/{year_only['launched']}")
    dates = [row[0] for table in listing.tables for row in table[1:]]  # a table a month, the year's own last
    first_year_only = dates.index(year_only["launched"])
    assert all(d == year_only["launched"] for d in dates[first_year_only:])


def test_home_bullets_are_separate_items(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"do not\)</li>\s*<li><strong>\d+</strong> countries", html)


def test_methodology_points_to_the_one_citation(site):
    """The citation is written once, on the downloads page; the methodology links to it and holds no copy."""
    version = json.loads((ROOT / "datasets" / "datapackage.json").read_text(encoding="utf-8"))["version"]
    citation = f"Cloud Region Atlas contributors. Cloud Region Atlas, version {version}."
    downloads_html = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    assert 'id="how-to-cite"' in downloads_html
    quoted = re.search(r'id="how-to-cite".*?<blockquote>(.*?)</blockquote>', downloads_html, re.S)
    assert quoted and citation in " ".join(re.sub(r"<[^>]+>", "", quoted[1]).split())
    methodology_html = (site / "methodology" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="(\.\./)?downloads/#how-to-cite"', methodology_html)
    assert "contributors. Cloud Region Atlas, version" not in page(site, "methodology").text
    assert "<blockquote>" not in methodology_html.split('<article', 1)[-1]


def test_claim_check_compares_zones_too(site):
    aws = page(site, "providers/aws")
    claim = next(r for r in rows("claims") if r["provider"] == "aws" and r["zones"] == "120")
    counted = sum(int(r["zones"]) for r in rows("regions") if r["provider"] == "aws" and r["status"] == "active" and r["zones"]
                  and r["launched"] and r["launched"] <= "2025-09-30")
    without_count = sum(1 for r in rows("regions") if r["provider"] == "aws" and r["status"] == "active" and not r["zones"]
                        and (not r["launched"] or r["launched"] <= "2025-09-30"))
    [row] = [r for r in aws.rows_with("September 2025", "120")]
    assert counted < 120
    assert row[6] == ("**yes**".strip("*") if not without_count else f"cannot tell ({without_count} regions without a zone count)")


def test_search_index_keeps_tables_and_maps_out(site):
    index = json.loads((site / "search" / "search_index.json").read_text())
    for doc in index["docs"]:
        assert "Hover or tap" not in doc["text"] and "<table" not in doc["text"], doc["location"]
    locations = {doc["location"] for doc in index["docs"]}
    assert "regions/aws-eu-central-1/" in locations
    # A changelog year is found by its months' headings ("September 2025"), not by its tables.
    assert "changelog/2025/#september-2025" in locations


def test_provider_country_and_region_pages_offer_a_prefilled_correction(site):
    import html as html_module
    from urllib.parse import parse_qs, urlsplit

    for path, expected in (("providers/aws", {"provider": "aws"}), ("countries/de", {"country": "DE"}),
                           ("regions/aws-eu-central-1", {"provider": "aws", "region": "aws-eu-central-1", "country": "DE"})):
        text = (site / path / "index.html").read_text(encoding="utf-8")
        link = re.search(r'href="([^"]*/issues/new\?[^"]*)"[^>]*title="Suggest a correction"', text)
        assert link, path
        query = {k: v[0] for k, v in parse_qs(urlsplit(html_module.unescape(link[1])).query).items()}
        assert query["template"] == "correction.yml" and query["title"].startswith("Correction: ")
        assert {k: query.get(k) for k in expected} == expected


def test_a_closing_region_shows_its_notice_on_its_page_and_map(site):
    closing = next(r for r in rows("regions") if r["status"] == "closing")
    region_page = page(site, f"regions/{closing['id']}")
    notice = next(s for s in rows("sources") if s["id"] == closing["closing_source"])
    [row] = region_page.rows_with("Closure announced")
    assert notice["publisher"] in row[2]
    assert region_page.rows_with("Status", "closing")
    [provider_map] = _marks(site, f"providers/{closing['provider']}")
    assert _slices(provider_map)[closing["id"]][0] == "closing"


def test_source_titles_shown_are_the_documents_own(site):
    notes = re.compile(r"title not read|URL from|seligman", re.I)
    for html in list(site.glob("providers/*/index.html")) + list(site.glob("regions/*/index.html")):
        assert not notes.search(html.read_text(encoding="utf-8")), html


def _coverage_chart():
    import datetime as dt

    from conftest import ROOT
    from generator import charts
    from generator.build import atlas_of

    return charts.coverage(atlas_of(ROOT, dt.date.today()))


def test_charts_drawn_in_a_second_process_are_kept_whole_and_used(tmp_path, monkeypatch):
    from generator import charts, drawing

    monkeypatch.setattr(drawing, "CACHE", tmp_path)
    chart = _coverage_chart()
    drawing.draw_beside([chart])()
    kept = sorted(tmp_path.glob("*.svg"))
    assert len(kept) == len(charts.SIZES) and all(p.read_text(encoding="utf-8").startswith("<svg") for p in kept)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a partial drawing was left behind"
    monkeypatch.setattr(drawing.vl_convert, "vegalite_to_svg", lambda spec: pytest.fail("the page drew a kept chart again"))
    drawn = drawing.draw(chart)
    assert {str(drawn.wide), str(drawn.narrow)} == {p.read_text(encoding="utf-8") for p in kept}


def test_a_chart_the_second_process_could_not_draw_is_drawn_by_the_page(tmp_path, monkeypatch):
    from generator import drawing

    monkeypatch.setattr(drawing, "CACHE", tmp_path)
    monkeypatch.setattr(drawing, "_render_all", lambda specs: (_ for _ in ()).throw(RuntimeError("drawing process died")))
    chart = _coverage_chart()
    drawing.draw_beside([chart])()
    assert not list(tmp_path.glob("*.svg"))
    drawn = drawing.draw(chart)
    assert str(drawn.wide).startswith("<svg") and str(drawn.narrow).startswith("<svg")


MARK = re.compile(r'<a href="[^"]*places/([^/"]+)/" class="atlas-mark[^"]*" data-place="[^"]*" transform="translate\(([-\d.]+) ([-\d.]+)\)"')


def test_map_marks_stand_where_their_places_are(site):
    """Each mark of the world map at its place's longitude and latitude (as the API publishes them), projected
    independently here: the marks and the projection agree up to one scale and offset (x grows east, y grows
    south), so swapped or negated coordinates, or a wrong projection, fail."""
    from pyproj import Transformer

    equal_earth = Transformer.from_crs("EPSG:4326", "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m", always_xy=True)
    marks = {place: (float(x), float(y)) for place, x, y in MARK.findall((site / "index.html").read_text(encoding="utf-8"))}
    assert len(marks) > 50
    places = {place: json.loads((site / "api" / "v1" / "places" / f"{place}.json").read_text(encoding="utf-8"))["place"] for place in marks}
    projected = {place: equal_earth.transform(p["longitude"], p["latitude"]) for place, p in places.items()}

    def fit(pairs: list[tuple[float, float]]) -> tuple[float, float, float]:
        """Least squares v = a * u + b; returns (a, b, largest residual)."""
        n = len(pairs)
        mean_u, mean_v = sum(u for u, _ in pairs) / n, sum(v for _, v in pairs) / n
        a = sum((u - mean_u) * (v - mean_v) for u, v in pairs) / sum((u - mean_u) ** 2 for u, _ in pairs)
        b = mean_v - a * mean_u
        return a, b, max(abs(v - (a * u + b)) for u, v in pairs)

    scale_x, _, off_x = fit([(projected[p][0], marks[p][0]) for p in marks])
    scale_y, _, off_y = fit([(-projected[p][1], marks[p][1]) for p in marks])
    assert scale_x > 0 and abs(scale_y / scale_x - 1) < 0.001, (scale_x, scale_y)  # one scale, north up
    assert off_x < 0.2 and off_y < 0.2, (off_x, off_y)  # every mark within rounding of where its place is
    london, sydney, sao_paulo = marks["london"], marks["sydney"], marks["sao-paulo"]
    assert sydney[0] > london[0] and sydney[1] > london[1]  # Sydney is east of London and south of it
    assert sao_paulo[0] < london[0] and london[1] < sao_paulo[1] < sydney[1]  # west of London, between the two north to south
