"""The Atom feeds of the changelog, read with a real feed parser, and the pages that advertise them."""

from __future__ import annotations

import re
from collections import Counter

import feedparser
import pytest

from conftest import rows

LIFECYCLE = ("announced", "launched", "closed")


def _expected(provider: str = "", country: str = "") -> int:
    """Changelog entries by the CSVs: each region's known lifecycle dates, and each stored event."""
    count = 0
    published = {s["id"]: s["published"] for s in rows("sources")}
    for r in rows("regions"):
        if (not provider or r["provider"] == provider) and (not country or r["country"] == country):
            count += sum(1 for kind in LIFECYCLE if r[kind])
            # A closing notice: at its own date, or, undated, at the date of the page that gives it.
            count += bool(r["closing_announced"] or published.get(r["closing_source"]))
    for e in rows("events"):
        if (not provider or e["provider"] == provider) and (not country or e["country"] == country):
            count += 1
    return count


def _parse(site, path):
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_the_feed_of_everything_has_every_change_once(site):
    feed = _parse(site, "feeds/all.xml")
    assert feed.version == "atom10"
    assert len(feed.entries) == _expected()
    ids = Counter(e.id for e in feed.entries)
    assert max(ids.values()) == 1


@pytest.mark.parametrize("provider", [p["id"] for p in rows("providers")])
def test_each_provider_feed_has_its_changes(site, provider):
    feed = _parse(site, f"feeds/providers/{provider}.xml")
    assert len(feed.entries) == _expected(provider=provider)
    assert all(any(t.term == provider for t in e.tags) for e in feed.entries)


def test_the_australia_feed_has_sydneys_closure_with_its_date_and_source(site):
    feed = _parse(site, "feeds/countries/au.xml")
    assert len(feed.entries) == _expected(country="AU")
    [entry] = [e for e in feed.entries if e.id.endswith(":changelog/alibaba-cloud-ap-southeast-2/closed")]
    assert entry.updated.startswith("2024-09-30")
    assert {t.term for t in entry.tags} >= {"alibaba-cloud", "closed", "AU"}
    region = next(r for r in rows("regions") if r["id"] == "alibaba-cloud-ap-southeast-2")
    source = next(s for s in rows("sources") if s["id"] == region["closed_source"])
    assert any(link.rel == "related" and link.href == source["url"] for link in entry.links)
    assert any(link.rel == "alternate" and link.href.endswith("/regions/alibaba-cloud-ap-southeast-2/") for link in entry.links)
    assert "2024-09-30" in entry.title


def test_a_date_known_to_the_month_says_so_in_the_entry(site):
    month_only = next(r for r in rows("regions") if re.fullmatch(r"\d{4}-\d{2}", r["launched"]))
    feed = _parse(site, f"feeds/providers/{month_only['provider']}.xml")
    [entry] = [e for e in feed.entries if e.id.endswith(f":changelog/{month_only['id']}/launched")]
    assert f"({month_only['launched']})" in entry.summary
    assert not re.search(r"\d{4}-\d{2}-\d{2}", entry.title)


def test_pages_advertise_their_feed(site):
    for path, feed in [("providers/aws", "feeds/providers/aws.xml"), ("countries/au", "feeds/countries/au.xml"),
                       ("changelog", "feeds/all.xml"), ("", "feeds/all.xml")]:
        html = (site / path / "index.html").read_text()
        [href] = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
        assert (site / path / href).resolve() == (site / feed).resolve()
    # A country with no recorded change has no feed to advertise.
    assert 'type="application/atom+xml"' not in (site / "countries" / "aq" / "index.html").read_text()
