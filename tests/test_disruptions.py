"""Disruptions: an outage or damage that took a region, or zones of it, out of service. The checker refuses a
broken disruption row with its line; the built site shows every disruption on its region's, provider's and
country's page, in the changelog, the feeds and the API."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from conftest import append_line, check_copy, page, rows

DISRUPTED = "disrupted"


def _disruptions() -> list[dict[str, str]]:
    found = [e for e in rows("events") if e["type"] == DISRUPTED]
    assert found, "the data records no disruption, so these tests would prove nothing"
    return found


_append, _check = append_line, check_copy


# The checker: each broken disruption row is named by file, line and field.

SOURCE = "tomshardware-2026-drone-strikes-aws-uae-bahrain"


@pytest.mark.parametrize(
    "row, field, message",
    [
        (f"aws-2026-x,aws,2026-03-01,disrupted,,,Something broke.,,{SOURCE}", "region", "a disruption names the region it took out of service"),
        (f"aws-2026-x,aws,2026-03-01,disrupted,,aws-me-south-1,Something broke.,,{SOURCE}", "country", "a disruption names the country of its region"),
        (f"aws-2026-x,aws,2026-03-01,disrupted,BH,aws-nowhere-9,Something broke.,,{SOURCE}", "region", "'aws-nowhere-9' is not an id in regions.csv"),
        (f"aws-2026-x,aws,2018-06,disrupted,BH,aws-me-south-1,Something broke.,,{SOURCE}", "date", "aws-me-south-1 had not opened by 2018-06"),
        (f"aws-2026-x,aws,2026-03-01,disrupted,AE,aws-me-south-1,Something broke.,,{SOURCE}", "country", "AE is not the country of region aws-me-south-1"),
        (f"aws-2026-x,aws,2026-03-01,disrupted,BH,aws-me-south-1,Something broke.,5,{SOURCE}", "amount_usd", "only an investment has an amount"),
        (f"aws-2026-x,aws,2026-03-01,disrupted,BH,aws-me-south-1,Something broke.,,no-such-source", "source", "'no-such-source' is not an id in sources.csv"),
        (f"aws-2026-x,aws,2026-03-01,disrupt,BH,aws-me-south-1,Something broke.,,{SOURCE}", "type", "is not one of: announced, launched, expanded, closed, investment, disrupted"),
    ],
    ids=["no-region", "no-country", "unknown-region", "before-launch", "wrong-country", "amount", "unknown-source", "misspelt-type"],
)
def test_a_broken_disruption_is_reported_with_its_line(data_copy, row, field, message):
    line = _append(data_copy, "events", row)
    result = _check(data_copy)
    assert result.returncode == 1
    expected = f"datasets/events.csv:{line}: {field}: "
    assert any(l.startswith(expected) and message in l for l in result.stderr.splitlines()), result.stderr


def test_a_region_not_yet_open_cannot_be_disrupted(data_copy):
    announced = next(r for r in rows("regions") if r["status"] == "announced")
    provider = announced["provider"]
    line = _append(data_copy, "events", f"{provider}-2026-x,{provider},2026-03-01,disrupted,{announced['country']},{announced['id']},Something broke.,,{SOURCE}")
    result = _check(data_copy)
    assert f"datasets/events.csv:{line}: date: {announced['id']} had not opened by 2026-03-01" in result.stderr


def test_a_closed_region_cannot_be_disrupted_after_its_closure(data_copy):
    line = _append(data_copy, "events", "alibaba-cloud-2025-x,alibaba-cloud,2025-01,disrupted,AU,alibaba-cloud-ap-southeast-2,Something broke.,,exame-2025-alibaba-cloud-brasil-franca-holanda")
    result = _check(data_copy)
    assert f"datasets/events.csv:{line}: date: alibaba-cloud-ap-southeast-2 had closed by 2025-01" in result.stderr


def test_a_disruption_of_a_month_that_may_follow_the_launch_is_accepted(data_copy):
    # me-south-1 launched in 2019, a date known only to the year: a disruption in 2019-12 may follow it.
    assert next(r for r in rows("regions") if r["id"] == "aws-me-south-1")["launched"] == "2019"
    _append(data_copy, "events", f"aws-2019-x,aws,2019-12,disrupted,BH,aws-me-south-1,Something broke.,,{SOURCE}")
    result = _check(data_copy)
    assert result.returncode == 0, result.stderr


# The site, as a reader sees it, for every disruption the data holds.

def _source(event: dict[str, str]) -> dict[str, str]:
    return next(s for s in rows("sources") if s["id"] == event["source"])


@pytest.mark.parametrize("event", _disruptions(), ids=lambda e: e["id"])
def test_each_disruption_is_on_its_region_provider_and_country_pages(site, event):
    publisher = _source(event)["publisher"]
    country = next(c for c in rows("regions") if c["id"] == event["region"])["country"].lower()
    for path in (f"regions/{event['region']}", f"providers/{event['provider']}", f"countries/{country}"):
        shown = page(site, path)
        assert "Disruptions" in shown.text, path
        assert shown.rows_with(event["date"], event["summary"], publisher), f"{path} lacks {event['id']}"
    region = page(site, f"regions/{event['region']}")
    assert f"Disrupted on {max(e['date'] for e in _disruptions() if e['region'] == event['region'])}" in region.text


def test_a_region_never_disrupted_has_no_disruptions_section(site):
    disrupted = {e["region"] for e in _disruptions()}
    calm = next(r["id"] for r in rows("regions") if r["status"] == "active" and r["id"] not in disrupted)
    assert "Disruptions" not in page(site, f"regions/{calm}").text


@pytest.mark.parametrize("event", _disruptions(), ids=lambda e: e["id"])
def test_each_disruption_is_in_the_changelog_feeds_and_api(site, event):
    year = page(site, f"changelog/{event['date'][:4]}")
    assert year.rows_with(DISRUPTED, event["summary"])
    country = next(c for c in rows("regions") if c["id"] == event["region"])["country"]
    for feed_path in ("feeds/all.xml", f"feeds/providers/{event['provider']}.xml", f"feeds/countries/{country.lower()}.xml"):
        feed = feedparser.parse((site / feed_path).read_bytes())
        [entry] = [e for e in feed.entries if e.id.endswith(f":changelog/{event['id']}")]
        assert DISRUPTED in {t.term for t in entry.tags}
        assert any(link.rel == "related" and link.href == _source(event)["url"] for link in entry.links)
    api_events = [e for path in (site / "api" / "v1").rglob("*.json") for e in _events_in(path)]
    assert any(e.get("id") == event["id"] and e.get("type") == DISRUPTED and e.get("region") == event["region"] for e in api_events)


def _events_in(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    found = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "type" in item and "date" in item and "provider" in item:
                found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
