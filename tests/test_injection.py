"""Nothing a contributor writes runs in a reader's browser.

Payloads of every shape go into every text field of every table, every profile's front matter and body, and a
hand-written page. For each, either the checker refuses it naming its file and line, or the site builds and
the payload is inert: an HTML parser finds no element, attribute or address of theirs in any page, and the
API, the feeds, the GeoJSON, the SQLite database and the zip are all still valid. To keep this fast, each
build carries many payloads at once, one per row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, run
from generator.guards import unsafe_scheme
from generator.load import load
from generator.rules import check

# Every payload carries "xss", so anything of theirs that survives as markup is easy to find.
PAYLOADS = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=xss(1)>",
    '"><svg onload=xss(1)>',
    '" onmouseover="xss(1)" x="',
    "' onmouseover='xss(1)' x='",
    '" href="https://xss.example/',
    "[click](javascript:xss(1))",
    "[click](javascript&#58;xss(1))",
    "[click](&#106;avascript:xss(1))",
    "[click](java&#x09;script:xss(1))",
    "![img](data:text/html,xss)",
    "[d](data:text/html;base64,eHNz)",
    "</script><script>xss(1)</script>",
    "{{ xss }} {% if true %}xss{% endif %} {# xss #}",
    '{: onclick="xss(1)" }',
    "&lt;script&gt;xss&lt;/script&gt; &#60;b&#62;xss",
    "`xss` *xss* __xss__ | xss | \\ xss",
    "javascript:xss(1)",
    "<!-- xss -->",
    "]]></title><xss>",
    "xss\u2028\u2029\ufeffxss",
    "\\u003cscript\\u003exss",
]
TABLES = ("providers", "regions", "events", "claims", "sources", "sdk_exceptions", "sdk_listings")
PAGE = "content/methodology.md"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href"}


def _string_fields() -> dict[str, list[str]]:
    descriptor = json.loads((ROOT / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: [f["name"] for f in r["schema"]["fields"] if f.get("type", "string") == "string"] for r in descriptor["resources"]}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# A provider's name place -> the publisher places renamed with it: refusing one refuses the rename as a whole.
LINKED: dict[tuple, set[tuple]] = {}


def _plant(root: Path, chunk: list[str], skip: set[tuple]) -> dict[tuple, str]:
    """Put payload j of the chunk into row j of every table (every string field), profile j and the page.

    Returns where each went: (path, line, field) -> payload. Places in `skip` keep their own value."""
    placed: dict[tuple, str] = {}
    fields = _string_fields()
    renamed: dict[str, tuple[str, tuple]] = {}  # a provider's name or company -> the payload and its place
    for table in TABLES:
        path = root / "datasets" / f"{table}.csv"
        header, rows = _read(ROOT / "datasets" / f"{table}.csv")
        for j, payload in enumerate(chunk):
            for name in fields[table]:
                place = (f"datasets/{table}.csv", j + 2, name)
                if place not in skip:
                    if table == "providers" and name in ("name", "company"):
                        renamed[rows[j][name]] = (payload, place)
                    rows[j][name] = payload
                    placed[place] = payload
        if table == "sources":
            # A provider renamed is renamed as the publisher of its own pages too, as a contributor would: the
            # rules that ask for the provider's own source (pairs, carbon, ids) still find it.
            for line, row in enumerate(rows, start=2):
                publisher = ("datasets/sources.csv", line, "publisher")
                if row["publisher"] in renamed and publisher not in placed and publisher not in skip:
                    payload, provider = renamed[row["publisher"]]
                    row["publisher"] = payload
                    placed[publisher] = payload
                    LINKED.setdefault(provider, set()).add(publisher)
        _write(path, header, rows)
    profiles = sorted((ROOT / "content" / "providers").glob("*.md"))
    for j, payload in enumerate(chunk[: len(profiles)]):
        shown = f"content/providers/{profiles[j].name}"
        lines = profiles[j].read_text(encoding="utf-8").split("\n")
        if (shown, 2, "front matter") not in skip:
            lines[1] = "summary: " + json.dumps(payload)
            placed[(shown, 2, "front matter")] = payload
        if (shown, len(lines) + 2, "text") not in skip:
            lines += ["", payload]
            placed[(shown, len(lines), "text")] = payload
        (root / shown).write_text("\n".join(lines), encoding="utf-8")
    lines = (ROOT / PAGE).read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("title:")
    if (PAGE, 2, "front matter") not in skip:
        lines.insert(2, "description: " + json.dumps(chunk[0]))
        placed[(PAGE, 2, "front matter")] = chunk[0]
    else:
        lines.insert(2, "description: How the atlas is made.")  # keeps every later line where it was
    for payload in chunk:
        if (PAGE, len(lines) + 2, "text") not in skip:
            lines += ["", payload]
            placed[(PAGE, len(lines), "text")] = payload
        else:
            lines += ["", ""]
    (root / PAGE).write_text("\n".join(lines), encoding="utf-8")
    return placed


def _refused(place: tuple, problems: list) -> bool:
    path, line, name = place
    return any(p.path == path and p.line == line and p.field in (name, "-", "text", "front matter") for p in problems)


class _Markup(HTMLParser):
    """Every element, attribute and address in a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.addresses: list[str] = []
        self.duplicates: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.duplicates.append(f"<{tag} {' '.join(names)}>")
        self.attributes.update(names)
        self.addresses += [value or "" for name, value in attrs if name in URL_ATTRIBUTES]
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _markup(site: Path) -> _Markup:
    parser = _Markup()
    for page in site.rglob("*.html"):
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        parser.reset()
    return parser


def _strict_json(text: str):
    def refuse(name):
        raise ValueError(f"{name} in JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def baseline(site) -> _Markup:
    return _markup(site)


@pytest.mark.parametrize("chunk", range(0, len(PAYLOADS), 8), ids=lambda start: f"payloads {start}-{start + 7}")
def test_every_payload_is_refused_with_its_line_or_built_inert(chunk, baseline, tmp_path):
    payloads = PAYLOADS[chunk : chunk + 8]
    root = tmp_path / "atlas"
    for folder in ("datasets", "content", "overrides"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in ("LICENSE-DATA", "CITATION.cff", "releases.json", "mkdocs.yml"):
        shutil.copy(ROOT / name, root / name)

    # Every payload everywhere, then again without those the checker refused (naming their place), until it
    # accepts the rest: a broken table hides some rules' findings (a key in a table with errors is not looked
    # up), so a refusal may only show once the first ones are gone.
    refused: set[tuple] = set()
    for _ in range(5):
        accepted = _plant(root, payloads, refused)
        problems = check(load(root), dt.date.today())
        if not problems:
            break
        newly = {place for place in accepted if _refused(place, problems)}
        newly |= {place for place in accepted if LINKED.get(place, set()) & newly}
        newly |= {linked for place in newly for linked in LINKED.get(place, set())}
        assert newly, f"refused without naming a planted place: {[str(p) for p in problems][:5]}"
        refused |= newly
    assert [str(p) for p in problems] == []

    # What it accepted must build, and stay inert.
    built = run("-m", "generator", "--root", str(root), "site")
    assert built.returncode == 0, built.stderr[-3000:]
    site = root / "site"
    markup = _markup(site)
    assert markup.tags <= baseline.tags, markup.tags - baseline.tags
    assert markup.attributes <= baseline.attributes, markup.attributes - baseline.attributes
    assert not [a for a in markup.attributes if "xss" in a]
    assert not markup.duplicates, markup.duplicates[:5]
    # A heading made of a payload gets an anchor (#onmouseoverxss1) spelt from it: a fragment, so harmless.
    # A payload may ride, percent-encoded, in a query string (the correction form's title): that is data too.
    assert not [a for a in markup.addresses if unsafe_scheme(a) or "xss" in "".join(urlsplit(a.lower())[:3])]
    assert not [s for s in markup.scripts if "xss" in s]
    # Payloads that are plain text reached the pages as text: the test would prove nothing if all were refused.
    summaries = {payload for (path, _, name), payload in accepted.items() if name == "name" and path == "datasets/providers.csv"}
    assert summaries, "no payload was accepted into a provider's name"
    for document in (*site.rglob("*.json"), *site.rglob("*.geojson")):
        _strict_json(document.read_text(encoding="utf-8"))
    for feed in site.rglob("*.xml"):
        ET.fromstring(feed.read_bytes())
    for picture in site.rglob("*.svg"):  # maps and charts: valid, and nothing in them that runs
        for element in ET.fromstring(picture.read_bytes()).iter():
            tag = element.tag.rsplit("}", 1)[-1]
            assert tag not in ("script", "foreignObject", "iframe") and "xss" not in tag, (picture, tag)
            assert not [a for a in element.attrib if a.rsplit("}", 1)[-1].startswith("on") or "xss" in a], (picture, element.attrib)
            assert not [v for a, v in element.attrib.items() if a.endswith("href") and unsafe_scheme(v)], (picture, element.attrib)
    for database in site.rglob("*.sqlite"):
        with sqlite3.connect(database) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            names = {row[0] for row in connection.execute("SELECT name FROM providers")}
        assert summaries <= names  # stored as the data it is, not dropped or mangled
    for archive in site.rglob("*.zip"):
        with zipfile.ZipFile(archive) as package:
            assert package.testzip() is None
            for member in package.namelist():
                if member.endswith(".csv"):
                    list(csv.reader(io.StringIO(package.read(member).decode("utf-8"))))
                elif member.endswith(".json"):
                    _strict_json(package.read(member).decode("utf-8"))
    _no_dialog(site, sorted({f"providers/{p.stem}/" for p in (ROOT / "content" / "providers").glob("*.md")}))


def _no_dialog(site: Path, pages: list[str]) -> None:
    """Open the pages that carry payloads in a headless browser, hover over everything, and see no dialog open."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    sync_api = pytest.importorskip("playwright.sync_api")
    if not chromium:
        pytest.skip("no Chromium on this machine")
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in ["", "changelog/", "methodology/", *pages]:
                page.goto((site / path / "index.html").as_uri())
                page.evaluate("""() => { for (const e of document.querySelectorAll('*')) {
                    for (const t of ['mouseover', 'mouseenter', 'focus', 'click']) {
                        if (t !== 'click' || e.tagName !== 'A') e.dispatchEvent(new Event(t)); } } }""")
                page.wait_for_timeout(50)
        finally:
            browser.close()
    assert not dialogs, dialogs
