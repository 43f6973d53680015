"""What a contributor gets for bad input: `path:line: field: message`, exit status 1, no traceback,
and nothing written."""

from __future__ import annotations


import pytest

from conftest import append_line, check_copy, edit_row, run


_append, _check = append_line, check_copy


def test_the_real_data_passes():
    result = run("-m", "generator", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:")


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"country": "XX"}, "country", "'XX' is not an ISO 3166-1 code; write the country's two upper-case letters"),
        ({"provider": "nimbus"}, "provider", "'nimbus' is not an id in providers.csv"),
        ({"launched_source": "no-such-source"}, "launched_source", "'no-such-source' is not an id in sources.csv"),
        ({"announced": "2024-10", "announced_source": "exame-2025-alibaba-cloud-brasil-franca-holanda"}, "closed", "is before announced 2024-10"),
        ({"launched": "2024-02-30"}, "launched", "2024-02-30 is not a real date"),
        ({"launched": "2024-13"}, "launched", "2024-13 is not a real date"),
        ({"status": "shut"}, "status", "'shut' is not one of: announced, active, closing, closed"),
        ({"status": "active"}, "closed", "only a closed region has a closure date"),
        ({"closed_source": ""}, "closed_source", "the closure date needs a source"),
        ({"zones": "two"}, "zones", "'two' is not a valid integer"),
        ({"latitude": "48.85", "longitude": "2.35"}, "latitude", "48.85, 2.35 lies outside AU"),
        ({"name": "<script>alert(1)</script>"}, "name", "contains markup"),
        ({"city": "<img src=x onerror=alert(1)>"}, "city", "contains markup"),
        ({"zones": "", "zones_source": "aws-botocore-partitions"}, "zones_source", "needs a zone count"),
        ({"zones": "2", "zones_source": "no-such-source"}, "zones_source", "'no-such-source' is not an id in sources.csv"),
    ],
)
def test_a_broken_region_is_reported_with_its_line(data_copy, changes, field, message):
    line = edit_row(data_copy, "regions", "alibaba-cloud-ap-southeast-2", **changes)
    result = _check(data_copy)
    assert result.returncode == 1
    expected = f"datasets/regions.csv:{line}: {field}: "
    assert any(l.startswith(expected) and message in l for l in result.stderr.splitlines()), result.stderr


def test_a_future_launch_is_refused_unless_announced(data_copy):
    line = edit_row(data_copy, "regions", "alibaba-cloud-ap-southeast-2", status="active", closed="", closed_source="", launched="2999-01")
    result = _check(data_copy)
    assert f"datasets/regions.csv:{line}: launched: 2999-01 is after today" in result.stderr


def test_duplicate_region_codes_are_refused(data_copy):
    line = edit_row(data_copy, "regions", "alibaba-cloud-ap-south-1", code="ap-southeast-2")
    result = _check(data_copy)
    assert f"datasets/regions.csv:{line}: code: ap-southeast-2 is used by more than one alibaba-cloud region" in result.stderr


def test_an_unused_source_is_refused(data_copy):
    line = _append(data_copy, "sources", "orphan-source,https://example.com/orphan,,Orphan,Nobody,2020")
    result = _check(data_copy)
    assert f"datasets/sources.csv:{line}: id: orphan-source is cited by no row" in result.stderr


def test_an_event_cannot_restate_a_region_lifecycle(data_copy):
    line = _append(data_copy, "events", "alibaba-cloud-2024-dup,alibaba-cloud,2024-09-30,closed,AU,alibaba-cloud-ap-southeast-2,Sydney closed.,,exame-2025-alibaba-cloud-brasil-franca-holanda")
    result = _check(data_copy)
    assert f"datasets/events.csv:{line}: type: a region's closed date lives on its row in regions.csv" in result.stderr


def test_malformed_csv_gives_the_line(data_copy):
    path = data_copy / "datasets" / "regions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5] + ',"unclosed'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _check(data_copy)
    assert result.returncode == 1
    assert any(l.startswith("datasets/regions.csv:6: ") for l in result.stderr.splitlines()), result.stderr


def test_broken_front_matter_gives_the_line(data_copy):
    path = data_copy / "content" / "providers" / "aws.md"
    text = path.read_text(encoding="utf-8").split("\n")
    text.insert(2, "summary: [unclosed")
    path.write_text("\n".join(text), encoding="utf-8")
    result = _check(data_copy)
    assert result.returncode == 1
    assert any(l.startswith("content/providers/aws.md:") and "front matter: is not valid YAML" in l for l in result.stderr.splitlines()), result.stderr


def test_markup_in_a_profile_is_refused(data_copy):
    path = data_copy / "content" / "providers" / "aws.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    result = _check(data_copy)
    assert result.returncode == 1
    assert "content/providers/aws.md:" in result.stderr and "contains markup" in result.stderr


def test_all_problems_are_reported_at_once(data_copy):
    edit_row(data_copy, "regions", "alibaba-cloud-ap-southeast-2", country="XX")
    edit_row(data_copy, "regions", "alibaba-cloud-ap-south-1", status="shut")
    result = _check(data_copy)
    assert "country: 'XX'" in result.stderr and "'shut'" in result.stderr


def test_a_failed_build_writes_nothing(data_copy):
    edit_row(data_copy, "regions", "alibaba-cloud-ap-southeast-2", country="XX")
    out = data_copy / "out"
    result = run("-m", "generator", "--root", str(data_copy), "build", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not out.exists()
    assert "nothing was built" in result.stderr


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[{\"version\": \"0.1.0\",", "releases.json:1: -: is not readable JSON"),
        ('[{"version": "0.1", "date": "2026-11-26", "sha256": "ab", "url": "http://x", "notes": ["<b>x</b>"]}]',
         "releases.json:1: release 1: version: '0.1' is not MAJOR.MINOR.PATCH"),
        ('[{"version": "0.1.0", "date": "2026-11-26", "sha256": "ab", "url": "https://x", "notes": []}]',
         "releases.json:1: release 1: sha256: must be the 64 hex digits"),
        ('[{"version": "0.1.0", "date": "2026-11-26", "sha256": "' + "a" * 64 + '", "url": "https://x", "notes": ["<script>x</script>"]}]',
         "releases.json:1: release 1: notes: must be a list of plain-text lines"),
        ('[{"version": "9.0.0", "date": "2026-11-26", "sha256": "' + "a" * 64 + '", "url": "https://x", "notes": []}]',
         "is older than the last release, 9.0.0"),
    ],
)
def test_a_broken_release_manifest_is_named_with_its_entry(data_copy, text, expected):
    (data_copy / "releases.json").write_text(text, encoding="utf-8")
    result = _check(data_copy)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_profile_citing_an_unknown_source_is_named_with_its_line(data_copy):
    path = data_copy / "content" / "providers" / "aws.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.append("A new fact ([Nobody][no-such-source-id]).")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = _check(data_copy)
    assert result.returncode == 1
    assert f"content/providers/aws.md:{len(lines)}: text: cites [no-such-source-id], which is not an id in sources.csv" in result.stderr
