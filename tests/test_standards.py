"""The site's sitemaps, Atom feeds and GeoJSON checked against their specifications, by rules written here from
the specifications themselves (the sitemaps.org protocol, RFC 4287, RFC 7946), not by the code that writes them
nor by a lenient parser that accepts what a strict reader would refuse."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from conftest import ROOT, rows

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# RFC 3339 date-time, as RFC 4287 section 3.3 requires: a "T", seconds, and an offset or Z.
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
# W3C Datetime, as the sitemap protocol's lastmod allows.
W3C_DATETIME = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?")


def _site_url() -> str:
    [url] = re.findall(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return url.rstrip("/") + "/"


def _file_of(site: Path, address: str) -> Path:
    """The file a site address is served from."""
    assert address.startswith(_site_url()), address
    relative = address[len(_site_url()) :].split("#")[0]
    path = site / relative
    return path / "index.html" if relative == "" or relative.endswith("/") else path


def _date_time(text: str | None) -> dt.datetime:
    assert text and RFC3339.fullmatch(text), f"not an RFC 3339 date-time: {text!r}"
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _one(element: ET.Element, name: str, where: str) -> ET.Element:
    found = element.findall(ATOM + name)
    assert len(found) == 1, f"{where}: {len(found)} atom:{name} elements, RFC 4287 requires exactly one"
    return found[0]


def _at_most_one(element: ET.Element, name: str, where: str) -> None:
    assert len(element.findall(ATOM + name)) <= 1, f"{where}: more than one atom:{name}"


def _iri(text: str | None, where: str) -> None:
    parts = urlsplit(text or "")
    assert parts.scheme and (parts.netloc or parts.scheme in ("tag", "urn")), f"{where}: {text!r} is not an absolute IRI"


def _text_construct(element: ET.Element, where: str) -> None:
    assert element.get("type", "text") in ("text", "html", "xhtml"), where
    if element.get("type", "text") == "text":
        assert len(element) == 0, f"{where}: a text construct of type text holds no child elements"


def _person(element: ET.Element, where: str) -> None:
    assert (_one(element, "name", where).text or "").strip(), f"{where}: a person construct needs a name"


def _links(element: ET.Element, where: str, site: Path) -> list[ET.Element]:
    links = element.findall(ATOM + "link")
    for link in links:
        assert link.get("href"), f"{where}: atom:link without href"
        _iri(link.get("href"), where)
    alternates = [(link.get("type"), link.get("hreflang")) for link in links if link.get("rel", "alternate") == "alternate"]
    assert len(alternates) == len(set(alternates)), f"{where}: two alternate links of the same type and language"
    for link in links:
        if link.get("rel", "alternate") in ("alternate", "self"):
            assert _file_of(site, link.get("href")).is_file(), f"{where}: {link.get('href')} is not in the site"
    return links


def check_atom(path: Path, site: Path) -> int:
    """RFC 4287's rules for a feed document; returns the number of entries."""
    where = str(path.relative_to(site))
    feed = ET.fromstring(path.read_bytes())
    assert feed.tag == ATOM + "feed", f"{where}: the root is {feed.tag}, not atom:feed"
    _iri(_one(feed, "id", where).text, where)
    _text_construct(_one(feed, "title", where), where)
    updated = _date_time(_one(feed, "updated", where).text)
    for name in ("subtitle", "rights", "icon", "logo", "generator"):
        _at_most_one(feed, name, where)
    links = _links(feed, where, site)
    [self_link] = [link for link in links if link.get("rel") == "self"]  # section 4.2.7.2: a feed SHOULD link itself
    assert _file_of(site, self_link.get("href")) == path, f"{where}: rel=self is {self_link.get('href')}"
    feed_authors = feed.findall(ATOM + "author")
    for author in feed_authors:
        _person(author, where)
    entries = feed.findall(ATOM + "entry")
    ids = []
    for number, entry in enumerate(entries, start=1):
        at = f"{where} entry {number}"
        ids.append(_one(entry, "id", at).text)
        _iri(ids[-1], at)
        _text_construct(_one(entry, "title", at), at)
        assert _date_time(_one(entry, "updated", at).text) <= updated, f"{at}: updated after its feed"
        for name in ("content", "summary", "published", "rights", "source"):
            _at_most_one(entry, name, at)
        entry_links = _links(entry, at, site)
        content = entry.find(ATOM + "content")
        # 4.1.1: every entry has an author, its own or its feed's; 4.1.2: without content, an alternate link.
        assert feed_authors or entry.findall(ATOM + "author"), f"{at}: no author"
        assert content is not None or any(link.get("rel", "alternate") == "alternate" for link in entry_links), f"{at}: no content and no alternate link"
        if content is not None:
            assert content.get("src") is None or not (content.text or "").strip(), f"{at}: content with src must be empty"
            _text_construct(content, at)
        for category in entry.findall(ATOM + "category"):
            assert category.get("term"), f"{at}: atom:category without term"
    assert len(ids) == len(set(ids)), f"{where}: two entries share an id"
    return len(entries)


def test_every_atom_feed_keeps_rfc_4287(site):
    feeds = sorted((site / "feeds").rglob("*.xml"))
    feeds = [f for f in feeds if f.name != "sitemap.xml"]
    assert len(feeds) > 10
    counts = {f.relative_to(site).as_posix(): check_atom(f, site) for f in feeds}
    # Every lifecycle date, every closing notice (an undated one enters at its page's date) and every event.
    assert counts["feeds/all.xml"] == (sum(1 for r in rows("regions") for kind in ("announced", "launched", "closed") if r[kind])
                                       + sum(1 for r in rows("regions") if r["closing_source"]) + len(rows("events")))


def check_sitemap(path: Path, site: Path) -> list[str]:
    """The sitemaps.org protocol: a urlset of at most 50,000 unique absolute addresses under the site, each a page."""
    where = str(path.relative_to(site))
    assert path.stat().st_size <= 50 * 1024 * 1024
    urlset = ET.fromstring(path.read_bytes())
    assert urlset.tag == SITEMAP + "urlset", f"{where}: the root is {urlset.tag}"
    addresses = []
    for url in urlset:
        assert url.tag == SITEMAP + "url", f"{where}: {url.tag} in a urlset"
        [loc] = url.findall(SITEMAP + "loc")
        address = (loc.text or "").strip()
        assert address == loc.text and len(address) < 2048 and urlsplit(address).scheme in ("http", "https"), f"{where}: {address!r}"
        assert address.startswith(_site_url()), f"{where}: {address} is outside the site"
        assert _file_of(site, address).is_file(), f"{where}: {address} is not in the site"
        for lastmod in url.findall(SITEMAP + "lastmod"):
            assert W3C_DATETIME.fullmatch(lastmod.text or ""), f"{where}: lastmod {lastmod.text!r}"
        for frequency in url.findall(SITEMAP + "changefreq"):
            assert frequency.text in ("always", "hourly", "daily", "weekly", "monthly", "yearly", "never")
        for priority in url.findall(SITEMAP + "priority"):
            assert 0 <= float(priority.text) <= 1
        addresses.append(address)
    assert 0 < len(addresses) <= 50_000 and len(addresses) == len(set(addresses)), where
    return addresses


def test_every_sitemap_keeps_the_protocol_and_lists_real_pages(site):
    pages = check_sitemap(site / "sitemap.xml", site)
    assert _site_url() + "regions/aws-eu-west-2/" in pages and _site_url() in pages
    every_page = {_site_url() + p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")}
    assert set(pages) == {a.replace("/./", "/") for a in every_page} - {_site_url() + "404/"}, set(pages) ^ every_page
    feeds = sorted((site / "feeds").rglob("sitemap.xml"))
    assert feeds
    for sitemap in feeds:
        listed = check_sitemap(sitemap, site)
        assert {_file_of(site, a).parent for a in listed} == {sitemap.parent}  # each lists the feeds beside it


def check_geojson(document: dict) -> None:
    """RFC 7946 for a FeatureCollection of Points (and null geometries): members, types, [longitude, latitude]."""
    assert document.get("type") == "FeatureCollection" and isinstance(document.get("features"), list)
    assert "crs" not in document, "RFC 7946 removed crs; coordinates are WGS 84"
    for feature in document["features"]:
        assert feature.get("type") == "Feature", feature
        assert "geometry" in feature and "properties" in feature, "a Feature has geometry and properties members (null allowed)"
        assert feature["properties"] is None or isinstance(feature["properties"], dict)
        assert "id" not in feature or isinstance(feature["id"], (str, int, float)) and not isinstance(feature["id"], bool)
        geometry = feature["geometry"]
        if geometry is None:
            continue
        assert geometry.get("type") == "Point", geometry
        position = geometry["coordinates"]
        assert isinstance(position, list) and len(position) in (2, 3), position
        assert all(isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n) for n in position), position
        longitude, latitude = position[:2]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90, position
        if "bbox" in feature:
            assert len(feature["bbox"]) == 4


def test_the_geojson_download_keeps_rfc_7946_with_longitude_first(site):
    [path] = list((site / "downloads").glob("*-regions.geojson"))
    document = json.loads(path.read_text(encoding="utf-8"))
    check_geojson(document)
    by_id = {f["id"]: f for f in document["features"]}
    # Longitude first: Sydney is at 151 E, 34 S, which the other order would put out of range or in the wrong place.
    assert by_id["aws-ap-southeast-2"]["geometry"]["coordinates"][:2] == [151.21, -33.87]
    placed = [r for r in rows("regions") if r["latitude"]]
    assert sum(f["geometry"] is not None for f in document["features"]) == len(placed) > 300
