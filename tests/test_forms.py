"""The issue forms, their configuration and the pull request template, checked offline."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from conftest import ROOT
from test_workflows import _tool

FORMS_DIR = ROOT / ".github" / "ISSUE_TEMPLATE"
FORMS = ["announcement.yml", "launch.yml", "closure.yml", "correction.yml"]


def _fields(name: str) -> dict[str, dict]:
    form = yaml.safe_load((FORMS_DIR / name).read_text(encoding="utf-8"))
    return {element["id"]: element for element in form["body"] if "id" in element}


def test_every_form_is_there_and_nothing_else():
    assert sorted(p.name for p in FORMS_DIR.glob("*.yml")) == sorted([*FORMS, "config.yml"])


def test_the_forms_match_the_github_schema():
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", *(str(FORMS_DIR / f) for f in FORMS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_form_configuration_matches_the_github_schema_and_turns_blank_issues_off():
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-config", str(FORMS_DIR / "config.yml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((FORMS_DIR / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    urls = [link["url"] for link in config["contact_links"]]
    assert any(url.endswith("/discussions") for url in urls)
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
    assert site_url in urls


@pytest.mark.parametrize("name", FORMS)
def test_each_form_requires_a_source_link_and_its_date(name):
    fields = _fields(name)
    for field in ("source_url", "source_date"):
        assert fields[field]["type"] == "input"
        assert fields[field]["validations"]["required"] is True, f"{name}: {field}"
    assert "YYYY-MM-DD" in fields["source_date"]["attributes"]["description"]


@pytest.mark.parametrize("name", FORMS)
def test_each_form_can_be_prefilled_with_provider_region_and_country(name):
    # A page opens ?template=<form>&provider=...&region=...&country=...: GitHub fills the fields with those ids.
    fields = _fields(name)
    for field in ("provider", "region", "country"):
        assert fields[field]["type"] in ("input", "textarea"), f"{name}: {field}"
    assert fields["provider"]["validations"]["required"] is True


def test_the_pull_request_template_has_the_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) == 4
    for needle in ("cites a source", "`make test` passes", "precision the source gives", "own words"):
        assert any(needle in box for box in boxes), needle


def test_the_pages_correction_link_opens_a_form_with_those_fields():
    from generator.outputs.pages import correction

    parameters = correction("Europe (Frankfurt)", provider="aws", region="aws-eu-central-1", country="DE")
    assert parameters["template"] in FORMS
    fields = _fields(parameters["template"])
    assert set(parameters) - {"template", "title", "labels", "assignees", "projects"} <= set(fields)
    form = yaml.safe_load((FORMS_DIR / parameters["template"]).read_text(encoding="utf-8"))
    assert parameters["title"].startswith(form["title"])
