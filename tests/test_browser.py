"""The built site in a real headless Chromium, at a desktop and a phone size, as a reader sees it.

Chromium comes from Debian (`.ci/run` installs it); Playwright drives it. Every request to another host is
recorded and blocked. Screenshots go to build/screenshots/ (ignored by git) for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import sync_playwright

from conftest import ROOT, rows

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "build" / "screenshots"
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
# A region with a disruption (aws-me-central-1) and its country read like the rest, on both screens.
PAGES = ["", "providers/alibaba-cloud/", "regions/aws-eu-central-1/", "regions/aws-me-central-1/", "countries/de/", "countries/bh/",
         "countries/", "changelog/", "changelog/2025/", "places/frankfurt/", "places/"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install chromium (.ci/run does)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield launched
        launched.close()


class Reader:
    """One browser tab that records console errors and blocks (and records) every request to another host."""

    def __init__(self, browser, server: str, viewport: dict):
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        host = urlsplit(server).netloc
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", lambda route: self._allow_local(route, host))
        self.server = server

    def _allow_local(self, route, host: str) -> None:
        if urlsplit(route.request.url).netloc == host or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def open(self, path: str) -> None:
        self.page.goto(self.server + path, wait_until="load")
        self.page.wait_for_timeout(150)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def reader(request, browser, server):
    opened = Reader(browser, server, request.param)
    yield opened
    opened.close()


def _marks_expected(server: str, path: str) -> int | None:
    """One mark per place that has a region on the map: every place on the home page, the provider's own on its page."""
    places = json.loads(urlopen(server + "api/v1/places.json").read())["places"]
    if path in ("", "places/"):
        return len(places)
    if path.startswith("providers/"):
        provider = path.split("/")[1]
        return sum(provider in p["providers"] for p in places)
    if path.startswith("regions/"):
        return 1
    return None


@pytest.mark.parametrize("path", PAGES)
def test_page_reads_cleanly(reader, path):
    reader.open(path)
    width = reader.page.viewport_size["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reader.page.screenshot(path=str(SCREENSHOTS / f"{path.strip('/').replace('/', '_') or 'home'}-{width}.png"), full_page=True)
    assert reader.errors == [], reader.errors
    assert reader.foreign == [], reader.foreign
    expected = _marks_expected(reader.server, path)
    if expected is not None:
        assert reader.page.locator("figure.atlas-map a.atlas-mark").count() == expected
    if path in ("", "changelog/"):
        # One drawing of each chart shows, wide on the desktop and narrow on the phone.
        shown = reader.page.evaluate("Array.from(document.querySelectorAll('figure.atlas-chart svg.marks')).filter(s => s.getBoundingClientRect().width > 0).length")
        assert shown == reader.page.locator("figure.atlas-chart").count() >= 1
    if width >= 1366:
        too_wide = reader.page.evaluate(
            "Array.from(document.querySelectorAll('article table')).filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length")
        assert too_wide == 0, "a table is wider than its container"
    else:
        assert reader.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
        # Each region row stays readable as a card: its status and dates are on screen, not cut off.
        if reader.page.locator("table.atlas-table td[data-label='Status']").count():
            cell = reader.page.locator("table.atlas-table td[data-label='Status']").first.bounding_box()
            assert cell["x"] >= 0 and cell["x"] + cell["width"] <= width


def test_region_tables_sort_and_filter(browser, server):
    reader = Reader(browser, server, DESKTOP)
    try:
        reader.open("providers/alibaba-cloud/")
        table = reader.page.locator("table#atlas-regions")
        zones = "Array.from(document.querySelectorAll('#atlas-regions tbody tr')).map(r => Number(r.querySelector('td[data-label=Zones]').dataset.sort))"
        header = table.locator("th", has_text="Zones")
        before = reader.page.evaluate(zones)
        assert len(set(before)) > 2 and before != sorted(before), "the table must start in another order, or sorting proves nothing"
        header.click()
        first = reader.page.evaluate(zones)
        assert header.get_attribute("aria-sort") == "ascending"
        assert first == sorted(before)  # the first click: fewest zones first, every row kept
        header.click()
        second = reader.page.evaluate(zones)
        assert header.get_attribute("aria-sort") == "descending"
        assert second == sorted(before, reverse=True)
        closed = [r for r in rows("regions") if r["provider"] == "alibaba-cloud" and r["status"] == "closed"]
        reader.page.select_option(".atlas-filter[data-table=atlas-regions] select[data-key=status]", "closed")
        assert reader.page.locator("#atlas-regions tbody tr:not([hidden])").count() == len(closed)
        reader.page.select_option(".atlas-filter[data-table=atlas-regions] select[data-key=status]", "")
        reader.page.fill(".atlas-filter[data-table=atlas-regions] input[data-key=text]", "Sydney")
        visible = reader.page.locator("#atlas-regions tbody tr:not([hidden])")
        assert visible.count() >= 1 and all("Sydney" in t for t in visible.all_inner_texts())
        assert reader.errors == []
    finally:
        reader.close()


def test_tables_read_whole_with_scripts_off(browser, server):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(server + "providers/alibaba-cloud/")
        expected = sum(r["provider"] == "alibaba-cloud" for r in rows("regions"))
        assert tab.locator("#atlas-regions tbody tr").count() == expected
        assert not tab.locator(".atlas-filter").is_visible()
        assert tab.locator("figure.atlas-map a.atlas-mark").count() > 0
    finally:
        context.close()


def _first_result(browser, server, query: str) -> tuple[str, str, str]:
    """The first search result for the query, as the reader sees it: its title, its text and its address."""
    reader = Reader(browser, server, DESKTOP)
    try:
        reader.open("")
        reader.page.locator("label.md-search__icon, .md-search__input").first.click()
        # Material says "Initializing search" until its worker has built the index; a query typed before may
        # be answered from a partial index.
        reader.page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta'); return m && !/Initializing/i.test(m.textContent) }",
            timeout=30_000)
        reader.page.fill("input.md-search__input", query)
        reader.page.locator("input.md-search__input").press("End")  # Material searches on a key, not on fill
        result = reader.page.locator(".md-search-result__item").first
        result.wait_for(timeout=15_000)
        # The search worker may answer more than once as it indexes and the query settles: wait for a stable list.
        previous, stable_since = None, 0
        for tick in range(60):
            current = reader.page.locator(".md-search-result__item a").first.get_attribute("href")
            if current != previous:
                previous, stable_since = current, tick
            elif tick - stable_since >= 6:
                break
            reader.page.wait_for_timeout(200)
        article = result.locator("article").first
        return article.locator("h1, h2").first.inner_text(), article.inner_text(), result.locator("a").first.get_attribute("href")
    finally:
        reader.close()


class Search:
    """Material's own search, in one tab whose index is built once, asked one query after another."""

    def __init__(self, browser, server):
        self.reader = Reader(browser, server, DESKTOP)
        self.reader.open("")
        self.page = self.reader.page
        self.page.locator("label.md-search__icon, .md-search__input").first.click()
        self.page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta'); return m && !/Initializing/i.test(m.textContent) }",
            timeout=30_000)

    def results(self, query: str) -> list[tuple[str, str, str]]:
        """(page address, title, every address the result links: the page and its matching sections) of each
        result, best first, once the list has stopped changing."""
        self.page.fill("input.md-search__input", "")
        self.page.fill("input.md-search__input", query)
        self.page.locator("input.md-search__input").press("End")  # Material searches on a key, not on fill
        self.page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        read = """() => Array.from(document.querySelectorAll('.md-search-result__item')).map(item => {
            const links = Array.from(item.querySelectorAll('a')).map(a => new URL(a.href).pathname + new URL(a.href).hash);
            const title = item.querySelector('h1, h2');
            return [links[0], title ? title.textContent.trim() : '', links.join(' ')] })"""
        previous, stable = None, 0
        for _ in range(60):
            current = self.page.evaluate(read)
            stable = stable + 1 if current == previous else 0
            if stable >= 5:
                break
            previous = current
            self.page.wait_for_timeout(200)
        return [tuple(item) for item in previous]


@pytest.fixture(scope="module")
def search(browser, server):
    opened = Search(browser, server)
    yield opened
    opened.reader.close()


def _rank(results: list[tuple[str, str, str]], address: str) -> int:
    return next((i for i, (href, _, _) in enumerate(results) if address in href), 99)


@pytest.mark.parametrize("query, first, then", [
    ("eu-central-1", "/regions/aws-eu-central-1/", "/regions/alibaba-cloud-eu-central-1/"),  # AWS's code, which Alibaba reuses
    ("germanywestcentral", "/regions/azure-germanywestcentral/", None),
    ("AWS", "/providers/aws/", None),
    ("Amazon", "/providers/aws/", None),
    ("GCP", "/providers/google-cloud/", None),
    ("Google Cloud", "/providers/google-cloud/", None),
    ("Brazil", "/countries/br/", None),
    ("September 2025", "/changelog/2025/#september-2025", None),  # the year's page, opened at the month's section
])
def test_search_puts_the_page_asked_for_first(search, query, first, then):
    results = search.results(query)
    assert results and first in results[0][2].split(" ")[:2], (query, results[:5])
    assert first.split("#")[0] == results[0][0], (query, results[:5])
    if then:
        assert then in results[1][0], (query, results[:5])


def test_search_for_a_city_finds_its_regions_before_any_country_page(search):
    results = search.results("Mumbai")
    assert "/countries/" not in results[0][0] and "Mumbai" in results[0][1], results[:5]
    # AWS's Mumbai region is among the Mumbai answers: every page before it is a region in Mumbai (or the place
    # itself), never a country page matched through a source list or another page's table.
    aws = _rank(results, "/regions/aws-ap-south-1/")
    mumbai = {r["id"] for r in rows("regions") if r["city"] == "Mumbai"}
    assert aws < len(mumbai) + 2, results[:aws + 1]
    for href, title, _ in results[:aws]:
        assert "/places/" in href or href.split("/")[-2] in mumbai, (href, title)
    singapore = search.results("Singapore")[0]
    assert "/countries/sg/" in singapore[0] or "singapore" in singapore[0], singapore


def test_search_index_leaves_out_source_lists_tables_and_maps(site):
    import json
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    # Source lists (every page's "Sources" section) and fact tables add no words; nor does a map's accessible name.
    assert not [d["location"] for d in docs if d["location"].startswith(("regions/", "countries/", "providers/"))
                and d["location"].endswith(("#sources", "#facts-and-their-sources")) and d["text"]]
    assert sum(d["location"].endswith("#sources") for d in docs) > 300
    assert not [d["location"] for d in docs if "World map of every region" in d["text"]]
    # Region tables and nearest-region tables of other pages: a country page never lists a region code in its text.
    assert not [d["location"] for d in docs if d["location"].startswith("countries/de/") and "eu-central-1" in d["text"]]


# Small defects a reader met, each held by a test.

BROKEN_WORDS = """(selector) => {
    // Every word of these elements on one line: a word split across lines ("Provid/er") has two client rectangles.
    const broken = [];
    for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.textContent.matchAll(/[A-Za-z]{4,}/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                if (range.getClientRects().length > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("path", ["regions/aws-eu-central-1/", "regions/tencent-cloud-ap-mumbai/", "regions/alibaba-cloud-cn-nanjing/"])
def test_region_facts_break_between_words_on_a_phone(browser, server, path):
    reader = Reader(browser, server, PHONE)
    try:
        reader.open(path)
        assert reader.page.locator("table.atlas-facts").count() == 1
        assert reader.page.evaluate(BROKEN_WORDS, "table.atlas-facts td[data-label=Fact], table.atlas-facts td[data-label=Value]") == []
        assert reader.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        reader.close()


@pytest.mark.parametrize("path", ["", "providers/", "coverage/", "downloads/", "closures/", "changelog/2025/"])
def test_tables_fit_on_a_phone_and_at_1366(browser, server, path):
    for viewport in (PHONE, DESKTOP):
        reader = Reader(browser, server, viewport)
        try:
            reader.open(path)
            # No table scrolls sideways inside its wrapper: at 1366 px every column shows, on a phone rows are cards.
            wider = reader.page.evaluate("""() => Array.from(document.querySelectorAll('article table')).filter(t => {
                const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
                return t.offsetWidth > 0 && (t.scrollWidth > box.clientWidth + 1 || box.scrollWidth > box.clientWidth + 1) }).length""")
            assert wider == 0, (path, viewport)
            assert reader.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (path, viewport)
            # A SHA-256 shows whole, all 64 characters inside its cell.
            for box in reader.page.evaluate("""() => Array.from(document.querySelectorAll('code.atlas-hash')).map(c => {
                    const cell = c.closest('td').getBoundingClientRect(), code = c.getBoundingClientRect();
                    return [code.left >= cell.left - 1 && code.right <= cell.right + 1, c.textContent.length] })"""):
                assert box == [True, 64], (path, viewport)
            assert reader.errors == []
        finally:
            reader.close()


def test_launched_sorts_unknown_dates_last_on_the_first_click(browser, server):
    reader = Reader(browser, server, DESKTOP)
    try:
        reader.open("providers/aws/")
        reader.page.locator("table#atlas-regions th", has_text="Launched").click()
        cells = reader.page.evaluate("Array.from(document.querySelectorAll('#atlas-regions tbody td[data-label=Launched]')).map(c => c.textContent.trim())")
        known = [c for c in cells if c not in ("unknown", "not yet") and not c.startswith("expected")]
        assert cells[:len(known)] == known, cells[:5]  # every known date before the first unknown
        assert len(known) < len(cells)
        reader.page.locator("table#atlas-changes th", has_text="Date").click()
    finally:
        reader.close()


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_dark_mode_keeps_every_provider_colour_visible(browser, server):
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    try:
        tab = context.new_page()
        tab.goto(server)
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        marks = tab.evaluate("""() => Array.from(document.querySelectorAll('figure.atlas-map a.atlas-active circle')).map(c => {
            const style = getComputedStyle(c); return [style.fill, style.filter] })""")
        page = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    finally:
        context.close()

    def rgb(text: str) -> tuple[float, ...]:
        return tuple(float(n) for n in text[text.index("(") + 1:text.index(")")].split(",")[:3])

    background = rgb(page)
    # The base map's land: #8a93a3 at 32 % over the page, as world.svg.j2 draws it.
    land = tuple(0.32 * c + 0.68 * b for c, b in zip((0x8A, 0x93, 0xA3), background))
    for fill, filter_ in set(map(tuple, marks)):
        factor = float(filter_[filter_.index("(") + 1:filter_.index(")")]) if "brightness" in filter_ else 1.0
        seen = tuple(min(255.0, c * factor) for c in rgb(fill))
        assert _contrast(seen, land) >= 3, (fill, filter_)


@pytest.mark.parametrize("path", ["", "providers/aws/", "changelog/", "coverage/"])
def test_charts_read_on_a_phone_as_a_grapher_frames_them(browser, server, path):
    reader = Reader(browser, server, PHONE)
    try:
        reader.open(path)
        charts = reader.page.locator("figure.atlas-chart")
        assert charts.count() >= 1
        # Every word a drawing shows is at least 11 px on a 390 px phone.
        sizes = reader.page.evaluate("""() => Array.from(document.querySelectorAll('figure.atlas-chart svg.marks')).filter(s => s.getBoundingClientRect().width > 0)
            .flatMap(svg => { const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return Array.from(svg.querySelectorAll('text')).map(t => parseFloat(getComputedStyle(t).fontSize) * scale) })""")
        assert sizes and min(sizes) >= 11, min(sizes)
        for index in range(charts.count()):
            chart = charts.nth(index)
            assert chart.locator(".atlas-chart-title").inner_text() and chart.locator(".atlas-chart-subtitle").inner_text()
            assert "Source:" in chart.locator("figcaption").inner_text()
            # The figures: a table under the chart, and the same figures as CSV.
            chart.locator("details summary").click()
            rows = chart.locator("details table tbody tr").count()
            href = chart.locator("figcaption a[download]").get_attribute("href")
            response = reader.page.request.get(reader.page.url + href if not href.startswith("/") else reader.server + href.lstrip("/"))
            assert response.ok and len(response.text().strip().splitlines()) == rows + 1
            # A legend draws each series as the chart does: lines for lines, diamonds for claims.
            drawn = set(reader.page.evaluate("""(figure) => Array.from(figure.querySelectorAll('.atlas-chart-narrow svg .mark-line, .atlas-chart-narrow svg .mark-symbol, .atlas-chart-narrow svg .mark-rect'))
                .map(g => g.classList.contains('mark-line') ? 'line' : g.classList.contains('mark-symbol') ? 'diamond' : 'square')""", chart.element_handle()))
            legend = set(reader.page.evaluate("""(figure) => Array.from(figure.querySelectorAll('.atlas-chart-legend svg > *'))
                .map(m => m.tagName === 'line' ? 'line' : m.tagName === 'path' ? 'diamond' : 'square')""", chart.element_handle()))
            assert legend <= drawn, (legend, drawn)
        assert reader.errors == []
    finally:
        reader.close()


@pytest.mark.parametrize("query, first", [
    ("eu-central-1", "eu-central-1"),
    ("Brazil", "Brazil"),
])
def test_search_puts_the_place_or_code_first(browser, server, query, first):
    title, text, href = _first_result(browser, server, query)
    assert first in title or first in text, (query, title, href)
    if query != "Brazil":
        assert "/regions/" in href, (query, href)
    else:
        assert "/countries/br/" in href, (query, href)


@pytest.mark.parametrize("query, place", [
    ("Frankfurt", "frankfurt"),
    ("Sao Paulo", "sao-paulo"),  # written "Sao Paulo" and "São Paulo" by the providers
    ("São Paulo", "sao-paulo"),
])
def test_search_puts_the_place_first(browser, server, query, place):
    title, _, href = _first_result(browser, server, query)
    assert f"places/{place}/" in href, (query, title, href)


def _world_scale(page) -> float:
    """How many pixels one map unit takes on the home map now: the pan-and-zoom transform's scale."""
    return page.evaluate("document.querySelector('figure.atlas-map .atlas-map-world').getCTM().a")


def test_maps_zoom_and_pan_with_scripts(reader):
    reader.open("")
    figure = reader.page.locator("figure.atlas-map").first
    start = _world_scale(reader.page)
    frankfurt = figure.locator('a.atlas-mark[data-place="frankfurt"]')
    mark_before = frankfurt.bounding_box()["width"]
    figure.locator(".atlas-map-zoom button[data-zoom=in]").click()
    reader.page.wait_for_timeout(300)
    figure.locator(".atlas-map-zoom button[data-zoom=in]").click()
    reader.page.wait_for_timeout(300)
    zoomed = _world_scale(reader.page)
    assert zoomed > start * 2, (start, zoomed)
    # Marks grow slower than the map, so a zoomed-in city's neighbours come apart.
    mark_after = frankfurt.bounding_box()["width"]
    assert mark_before < mark_after < mark_before * zoomed / start
    # Zoomed in, a drag pans the map.
    box = figure.locator("svg").first.bounding_box()
    before = reader.page.evaluate("document.querySelector('figure.atlas-map .atlas-map-world').getCTM().e")
    reader.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    reader.page.mouse.down()
    reader.page.mouse.move(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2, steps=5)
    reader.page.mouse.up()
    after = reader.page.evaluate("document.querySelector('figure.atlas-map .atlas-map-world').getCTM().e")
    assert abs(after - before) > 30
    # Further in, the finer world picture (from the site itself) replaces the coarse one.
    figure.locator(".atlas-map-zoom button[data-zoom=in]").click()
    reader.page.wait_for_timeout(300)
    assert figure.locator("image").first.get_attribute("href").endswith("pictures/world-50m.svg")
    figure.locator(".atlas-map-zoom button[data-zoom=reset]").click()
    reader.page.wait_for_timeout(300)
    assert abs(_world_scale(reader.page) - start) < start * 0.01
    width = reader.page.viewport_size["width"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(SCREENSHOTS / f"home-map-{width}.png"))
    assert reader.errors == [] and reader.foreign == []


def test_the_home_map_filters_by_provider_status_and_year(browser, server):
    reader = Reader(browser, server, DESKTOP)
    try:
        reader.open("")
        figure = reader.page.locator("figure.atlas-map").first
        visible = "Array.from(document.querySelectorAll('figure.atlas-map .atlas-slice[data-region]')).filter(s => s.getBoundingClientRect().width > 0).map(s => s.dataset.region)"
        assert len(reader.page.evaluate(visible)) == sum(1 for r in rows("regions") if r["latitude"])
        figure.locator("select[data-key=year]").select_option("2025")
        opened = {r["id"] for r in rows("regions") if r["latitude"] and r["launched"].startswith("2025") and r["status"] != "announced"}
        assert set(reader.page.evaluate(visible)) == opened and opened
        figure.locator("select[data-key=year]").select_option("")
        figure.locator("select[data-key=provider]").select_option("aws")
        figure.locator("select[data-key=status]").select_option("closed")
        closed = {r["id"] for r in rows("regions") if r["latitude"] and r["provider"] == "aws" and r["status"] == "closed"}
        assert set(reader.page.evaluate(visible)) == closed
        assert f"{len(closed)} of " in figure.locator(".atlas-map-filter output").inner_text()
        figure.locator("select[data-key=provider]").select_option("")
        figure.locator("select[data-key=status]").select_option("")
        figure.locator("select[data-key=type]").select_option("government")
        government = {r["id"] for r in rows("regions") if r["latitude"] and r["partition"] == "government"}
        assert set(reader.page.evaluate(visible)) == government and government
        assert reader.errors == []
    finally:
        reader.close()


def test_region_tables_filter_by_type(browser, server):
    reader = Reader(browser, server, DESKTOP)
    try:
        reader.open("providers/azure/")
        reader.page.select_option(".atlas-filter[data-table=atlas-regions] select[data-key=type]", "partner")
        shown = reader.page.locator("#atlas-regions tbody tr:not([hidden])")
        partner = [r for r in rows("regions") if r["provider"] == "azure" and r["partition"] == "china"]
        assert shown.count() == len(partner) and partner
        assert all("partner-operated" in text for text in shown.all_inner_texts())
        assert reader.errors == []
    finally:
        reader.close()


def test_maps_read_whole_with_scripts_off(browser, server):
    places = json.loads(urlopen(server + "api/v1/places.json").read())["places"]
    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(viewport=viewport, java_script_enabled=False)
        try:
            tab = context.new_page()
            tab.goto(server)
            figure = tab.locator("figure.atlas-map").first
            assert figure.locator("a.atlas-mark").count() == len(places)
            svg = figure.locator("svg").first.bounding_box()
            assert svg["width"] >= figure.bounding_box()["width"] - 1 and svg["height"] > svg["width"] / 3
            assert not figure.locator(".atlas-map-zoom").is_visible() and not figure.locator(".atlas-map-filter").is_visible()
            sao_paulo = figure.locator('a.atlas-mark[data-place="sao-paulo"]').bounding_box()
            assert sao_paulo["x"] > svg["x"] and sao_paulo["y"] > svg["y"]  # drawn where it stands, inside the map
            tab.emulate_media(media="print")
            assert figure.locator("a.atlas-mark").first.is_visible()
        finally:
            context.close()


def test_a_mark_is_large_enough_to_tap_on_a_phone(browser, server):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        tab = context.new_page()
        tab.goto(server)
        tab.wait_for_timeout(150)
        sizes = tab.evaluate("Array.from(document.querySelectorAll('figure.atlas-map .atlas-hit')).map(c => c.getBoundingClientRect().width)")
        assert sizes and min(sizes) >= 24, min(sizes)
        # A tap on a mark opens its place: South Africa's map has Johannesburg and Cape Town far apart.
        tab.goto(server + "countries/za/")
        tab.wait_for_timeout(150)
        mark = tab.locator('figure.atlas-map a.atlas-mark[data-place="cape-town"]').bounding_box()
        tab.touchscreen.tap(mark["x"] + mark["width"] / 2, mark["y"] + mark["height"] / 2)
        tab.wait_for_url("**/places/cape-town/", timeout=10_000)
    finally:
        context.close()
