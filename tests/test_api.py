"""The static JSON API: every file written under api/v1/ is checked against the hand-written OpenAPI 3.1
description, which is itself checked against the OpenAPI specification."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import ROOT, rows

VERSION = json.loads((ROOT / "datasets" / "datapackage.json").read_text())["version"]


@pytest.fixture(scope="module")
def api(site):
    return site / "api" / "v1"


@pytest.fixture(scope="module")
def openapi(api):
    return json.loads((api / "openapi.json").read_text())


def _routes(openapi) -> list[tuple[re.Pattern, str]]:
    routes = []
    for template, item in openapi["paths"].items():
        pattern = re.escape(template.lstrip("/")).replace(r"\{provider\}", "[^/]+").replace(r"\{country\}", "[^/]+").replace(r"\{region\}", "[^/]+").replace(r"\{place\}", "[^/]+")
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        routes.append((re.compile(pattern + "$"), schema))
    return routes


def test_the_openapi_description_is_valid_openapi_3_1(openapi):
    assert openapi["openapi"].startswith("3.1")
    validate_openapi(openapi)


def test_every_api_file_matches_its_schema(api, openapi):
    registry = Registry().with_resource("urn:atlas-api", Resource.from_contents(openapi, default_specification=DRAFT202012))
    routes = _routes(openapi)
    checked = 0
    for path in sorted(api.rglob("*.json")):
        relative = path.relative_to(api).as_posix()
        if relative == "openapi.json":
            continue
        [schema] = [ref for pattern, ref in routes if pattern.match(relative)]
        validator = Draft202012Validator({"$ref": "urn:atlas-api" + schema}, registry=registry)
        document = json.loads(path.read_text())
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        assert not errors, f"{relative}: {errors[0].message} at {list(errors[0].path)}"
        assert document["data_version"] == VERSION
        checked += 1
    providers = {r["id"] for r in rows("providers")}
    places = json.loads((api / "places.json").read_text())["places"]
    # The indexes, one file per provider, country, region and place.
    assert checked == 5 + len(providers) + 249 + len(rows("regions")) + len(places)


def test_a_broken_file_would_fail_the_schema(api, openapi):
    registry = Registry().with_resource("urn:atlas-api", Resource.from_contents(openapi, default_specification=DRAFT202012))
    validator = Draft202012Validator({"$ref": "urn:atlas-api#/components/schemas/RegionsDocument"}, registry=registry)
    document = json.loads((api / "regions.json").read_text())
    document["regions"][0]["launched"] = "2024-9-1"
    assert list(validator.iter_errors(document))


def test_the_api_says_what_the_data_says(api):
    regions = json.loads((api / "regions.json").read_text())["regions"]
    assert len(regions) == len(rows("regions"))
    brazil = json.loads((api / "countries" / "br.json").read_text())
    alibaba = [r for r in brazil["regions"] if r["provider"] == "alibaba-cloud"]
    csv_row = next(r for r in rows("regions") if r["id"] == "alibaba-cloud-br-sao-paulo")
    assert [r["id"] for r in alibaba] == ["alibaba-cloud-br-sao-paulo"]
    assert alibaba[0]["announced"] == "2025-09-24" and alibaba[0]["status"] == csv_row["status"]
    assert alibaba[0]["launched"] is None  # unknown stays null, never guessed
    alibaba_doc = json.loads((api / "providers" / "alibaba-cloud.json").read_text())
    sydney = next(r for r in alibaba_doc["regions"] if r["code"] == "ap-southeast-2")
    assert sydney["closed"] == "2024-09-30" and sydney["sources"]["closed"]["url"].startswith("http")
    assert any(c["regions"] == 29 and c["zones"] == 92 for c in alibaba_doc["claims"])
    kenya = json.loads((api / "countries" / "ke.json").read_text())
    assert {n["provider"] for n in kenya["nearest"]} >= {"alibaba-cloud"}


def test_each_region_has_its_own_file_with_its_equivalents(api):
    frankfurt = json.loads((api / "regions" / "aws-eu-central-1.json").read_text())
    assert frankfurt["region"]["code"] == "eu-central-1"
    csv_row = next(r for r in rows("regions") if r["id"] == "aws-eu-central-1")
    types = {e["type"] for e in frankfurt["events"]}
    for kind in ("announced", "launched", "closed"):
        assert (kind in types) == bool(csv_row[kind]), kind  # a lifecycle event exactly when the data dates it
    equivalents = {e["provider"]: e for e in frankfurt["equivalents"]}
    assert "aws" not in equivalents and equivalents["google-cloud"]["distance_km"] < 50  # Google's Frankfurt region
    distances = [e["distance_km"] for e in frankfurt["equivalents"]]
    assert distances == sorted(distances)


def test_the_api_page_gives_curl_and_python_examples(site):
    text = (site / "api" / "index.html").read_text()
    assert "curl -s" in text and "urlopen" in text and "openapi.json" in text
    # Examples are code blocks a reader can copy: quotes stay quotes, not entities shown as text.
    example = re.search(r"<pre[^>]*><code[^>]*>(.*?)</code></pre>", text, re.S)
    assert example, "no code block on the API page"
    assert "&amp;#34;" not in text and "&amp;#39;" not in text
    import html as html_module
    assert "'.regions[] | select(.status == \"active\")" in html_module.unescape(example[1])
