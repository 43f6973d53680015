"""The checker as a reviewer: every message says what is wrong, where, and what would be right."""

from __future__ import annotations

import pytest

from conftest import edit_row, generator, run
from generator.hints import country_hint, date_hint, iso_country_names, rewritten_dates
from test_contributor import _append, _check

REGION = "alibaba-cloud-ap-southeast-2"
EVENT = "alibaba-cloud-2015-us-second-silicon-valley-dc"
ANNOUNCED = "aws-eu-west-3"  # a region with no SDK exception, so it may be set back to announced


def _lines(result) -> list[str]:
    return result.stderr.splitlines()



def _edit_line(path, index: int, change) -> str:
    """Rewrite one line of a file in the copy (0 is a CSV's header, 1 a profile's first front-matter key); return it as it was."""
    lines = path.read_text(encoding="utf-8").split("\n")
    before = lines[index]
    lines[index] = change(before)
    path.write_text("\n".join(lines), encoding="utf-8")
    return before

@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"country": "UK"}, "country", "'UK' is not an ISO 3166-1 code; did you mean 'GB' (United Kingdom)?"),
        ({"country": "EL"}, "country", "'EL' is not an ISO 3166-1 code; did you mean 'GR' (Greece)?"),
        ({"country": "SU"}, "country", "'SU' is not an ISO 3166-1 code; did you mean 'US' (United States)?"),
        ({"country": "au"}, "country", "'au' does not match the pattern \"[A-Z]{2}\"; did you mean 'AU' (Australia)?"),
        ({"country": "AUS"}, "country", "'AUS' does not match the pattern \"[A-Z]{2}\"; did you mean 'AU' (Australia)?"),
        ({"provider": "alibaba"}, "provider", "'alibaba' is not an id in providers.csv; did you mean 'alibaba-cloud'?"),
        ({"provider": "nimbus"}, "provider", "'nimbus' is not an id in providers.csv; expected one of: akamai, alibaba-cloud, aws, azure, google-cloud, hetzner-cloud, huawei-cloud, ibm-cloud, oracle-cloud, scaleway, tencent-cloud"),
        ({"source": "alibaba-cloud-sls-region"}, "source", "'alibaba-cloud-sls-region' is not an id in sources.csv; did you mean 'alibaba-cloud-sls-regions'?"),
        ({"status": "actve", "closed": "", "closed_source": ""}, "status", "'actve' is not one of: announced, active, closing, closed; did you mean 'active'?"),
        ({"closed": "25/09/2025"}, "closed", "25/09/2025 is not in an accepted date shape (YYYY, YYYY-MM or YYYY-MM-DD); write 2025-09-25"),
        ({"closed": "03/04/2025"}, "closed", "03/04/2025 is not in an accepted date shape (YYYY, YYYY-MM or YYYY-MM-DD); it could mean 2025-03-04 or 2025-04-03: write the one the source means"),
        ({"closed": "September 2025"}, "closed", "September 2025 is not in an accepted date shape (YYYY, YYYY-MM or YYYY-MM-DD); write 2025-09"),
        ({"closed": "soon"}, "closed", "soon is not in an accepted date shape (YYYY, YYYY-MM or YYYY-MM-DD); write the date at the precision the source gives"),
        ({"closed": "2024-02-30"}, "closed", "2024-02-30 is not a real date; February 2024 has 29 days"),
        ({"closed": "2024-13"}, "closed", "2024-13 is not a real date; a month runs from 01 to 12"),
    ],
)
def test_a_wrong_value_gets_what_would_be_right(data_copy, changes, field, message):
    line = edit_row(data_copy, "regions", REGION, **changes)
    result = _check(data_copy)
    assert result.returncode == 1
    # Said once, even when frictionless and the atlas's own rules both find it.
    assert _lines(result).count(f"datasets/regions.csv:{line}: {field}: {message}") == 1, result.stderr


def test_an_event_naming_an_unknown_region_gets_the_closest_ids(data_copy):
    line = edit_row(data_copy, "events", EVENT, region="alibaba-cloud-us-wset-1")
    result = _check(data_copy)
    assert f"datasets/events.csv:{line}: region: 'alibaba-cloud-us-wset-1' is not an id in regions.csv; did you mean 'alibaba-cloud-us-west-1', 'alibaba-cloud-eu-west-1' or 'alibaba-cloud-us-east-1'?" in _lines(result), result.stderr


def test_a_provider_headquarters_gets_a_country_suggestion(data_copy):
    line = edit_row(data_copy, "providers", "aws", headquarters="SU")
    result = _check(data_copy)
    assert f"datasets/providers.csv:{line}: headquarters: 'SU' is not an ISO 3166-1 code; did you mean 'US' (United States)?" in _lines(result)


def test_a_misspelt_column_gets_the_expected_name(data_copy):
    header = _edit_line(data_copy / "datasets" / "regions.csv", 0, lambda line: line.replace("zones_source", "zone_source"))
    result = _check(data_copy)
    assert result.returncode == 1
    assert "datasets/regions.csv:1: zone_source: 'zone_source' is not a column of regions; did you mean 'zones_source'?" in _lines(result)
    assert "datasets/regions.csv:1: zones_source: the column is missing from the header of regions" in _lines(result)
    assert f"datasets/regions.csv:1: -: the header must be exactly: {header}" in _lines(result)
    # One message per column, not one per row.
    assert not [l for l in _lines(result) if l.startswith("datasets/regions.csv:") and not l.startswith("datasets/regions.csv:1:")]


def test_a_missing_column_is_named(data_copy):
    _edit_line(data_copy / "datasets" / "sources.csv", 0, lambda header: header.removesuffix(",published"))
    result = _check(data_copy)
    assert result.returncode == 1
    assert "datasets/sources.csv:1: published: the column is missing from the header of sources" in _lines(result)


def test_columns_out_of_order_are_named(data_copy):
    _edit_line(data_copy / "datasets" / "providers.csv", 0, lambda header: header.replace("id,name", "name,id"))
    result = _check(data_copy)
    assert "datasets/providers.csv:1: -: the columns are out of order" in _lines(result)


def test_a_profile_citing_a_misspelt_source_gets_the_closest_id(data_copy):
    path = data_copy / "content" / "providers" / "aws.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.append("A new fact ([AWS][aws-botocore-partition]).")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = _check(data_copy)
    assert result.returncode == 1
    assert f"content/providers/aws.md:{len(lines)}: text: cites [aws-botocore-partition], which is not an id in sources.csv; did you mean 'aws-botocore-partitions'?" in _lines(result), result.stderr


def test_a_misspelt_front_matter_key_is_named_with_its_line(data_copy):
    profile = data_copy / "content" / "providers" / "aws.md"
    line = profile.read_text(encoding="utf-8").split("\n").index(next(l for l in profile.read_text(encoding="utf-8").split("\n") if l.startswith("summary:")))
    _edit_line(profile, line, lambda text: text.replace("summary:", "sumary:"))
    result = _check(data_copy)
    assert result.returncode == 1
    # With no summary key left, the front matter's first line is named for it.
    assert "content/providers/aws.md:2: summary: the front matter needs a one-sentence summary: summary: <one sentence in your own words>" in _lines(result)
    assert f"content/providers/aws.md:{line + 1}: sumary: is not a front-matter key; did you mean 'summary'?" in _lines(result)


def test_a_profile_named_after_no_provider_gets_the_closest_id(data_copy):
    profile = data_copy / "content" / "providers" / "aws.md"
    profile.rename(profile.with_name("amazon-aws.md"))
    result = _check(data_copy)
    assert "content/providers/amazon-aws.md:1: -: amazon-aws is not a provider in datasets/providers.csv; did you mean 'aws'? (the file is named <provider id>.md)" in _lines(result)


# Warnings: shown, as path:line: field: warning: ..., and the check still passes.

def _announced(root, region_id: str, **changes: str) -> int:
    return edit_row(root, "regions", region_id, status="announced", launched="", launched_source="", closed="", closed_source="", **changes)


def test_an_announced_region_past_its_expected_opening_is_a_warning(data_copy):
    line = _announced(data_copy, ANNOUNCED, announced="2024-01", expected="2025-06", announced_source="aws-botocore-partitions")
    result = generator("--root", str(data_copy), "check")
    assert result.returncode == 0, result.stderr
    assert f"datasets/regions.csv:{line}: expected: warning: still announced, but its expected opening 2025-06 has passed: if it has opened, set status to active with the launch date and its source" in _lines(result)
    _announced(data_copy, ANNOUNCED, announced="2024-01", expected="2099", announced_source="aws-botocore-partitions")
    later = generator("--root", str(data_copy), "check")
    assert later.returncode == 0 and f"datasets/regions.csv:{line}: expected: warning" not in later.stderr


def test_an_announced_region_on_old_sources_is_a_warning(data_copy):
    line = _announced(data_copy, ANNOUNCED, announced="2020-10-05", announced_source="azure-philenews-2020-greece")
    result = generator("--root", str(data_copy), "check")
    assert result.returncode == 0, result.stderr
    assert f"datasets/regions.csv:{line}: source: warning: still announced, on sources more than five years old: azure-philenews-2020-greece (2020-10-05)" in _lines(result), result.stderr


def test_a_region_citing_only_others_when_the_provider_publishes_its_own_is_a_warning(data_copy):
    line = edit_row(data_copy, "regions", "alibaba-cloud-cn-qingdao", source="cityam-2018-alibaba-uk-data-centres", zones_source="")
    result = generator("--root", str(data_copy), "check")
    assert result.returncode == 0, result.stderr
    assert f"datasets/regions.csv:{line}: source: warning: cites only reports by other publishers, while other alibaba-cloud regions cite the provider's own pages: look for its own announcement or documentation" in _lines(result)


def test_warnings_are_not_shown_beside_problems(data_copy):
    edit_row(data_copy, "regions", "alibaba-cloud-cn-qingdao", source="cityam-2018-alibaba-uk-data-centres", country="UK")
    result = _check(data_copy)
    assert result.returncode == 1
    assert "warning:" not in result.stderr


@pytest.mark.parametrize(
    "text, readings",
    [("25/09/2025", ["2025-09-25"]), ("09/25/2025", ["2025-09-25"]), ("2025/9/25", ["2025-09-25"]), ("25 Sept 2025", ["2025-09-25"]),
     ("September 25th, 2025", ["2025-09-25"]), ("Sep. 2025", ["2025-09"]), ("5 Sept. 2025", ["2025-09-05"]), ("20250925", ["2025-09-25"]), ("2025-9", ["2025-09"]),
     ("31/02/2025", []), ("04/04/2025", ["2025-04-04"]), ("next year", [])],
)
def test_dates_are_rewritten_only_when_they_can_mean_one_thing(text, readings):
    assert rewritten_dates(text) == readings


def test_a_right_date_gets_no_hint():
    assert date_hint("2025-09") == ""


def test_a_country_name_or_alpha3_code_is_turned_into_its_code():
    names = iso_country_names()
    assert country_hint("Germany", names) == "; did you mean 'DE' (Germany)?"
    assert country_hint("DEU", names) == "; did you mean 'DE' (Germany)?"
    assert country_hint("ED", names) == "; did you mean 'DE' (Germany)?"


def test_an_event_country_gets_a_suggestion(data_copy):
    line = edit_row(data_copy, "events", EVENT, country="UK", region="")
    result = _check(data_copy)
    assert f"datasets/events.csv:{line}: country: 'UK' is not an ISO 3166-1 code; did you mean 'GB' (United Kingdom)?" in _lines(result)


def test_a_verified_day_in_another_shape_is_rewritten(data_copy):
    line = edit_row(data_copy, "providers", "aws", verified="26/11/2026")
    result = _check(data_copy)
    assert f"datasets/providers.csv:{line}: verified: '26/11/2026' is not a valid date; write 2026-11-26" in _lines(result), result.stderr


def test_the_source_check_refuses_broken_data_before_any_request(data_copy):
    edit_row(data_copy, "regions", REGION, country="UK")
    result = run("-m", "generator", "--root", str(data_copy), "sources")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "'UK' is not an ISO 3166-1 code" in result.stderr and result.stdout == ""


def test_a_repeated_column_is_named(data_copy):
    _edit_line(data_copy / "datasets" / "claims.csv", 0, lambda header: header.replace("zones,countries", "zones,zones"))
    result = _check(data_copy)
    assert result.returncode == 1
    assert "datasets/claims.csv:1: zones: the column appears 2 times in the header; keep one" in _lines(result)
    assert "datasets/claims.csv:1: countries: the column is missing from the header of claims" in _lines(result)
