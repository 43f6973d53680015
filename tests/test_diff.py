"""The data difference as a reader sees it: per provider and per country, and as a pull request comment."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ROOT, edit_row, generator, run
from generator.diff import by_country, by_provider, compare, lines, markdown
from generator.release import rows_of
from test_contributor import _append

NEW_REGION = "aws-eu-invented-1,aws,eu-invented-1,Europe (Invented),Lyon,FR,45.76,4.84,metro,3,active,,,2025-01-14,,commercial,Amazon Web Services,,invented-source,,invented-source,,,,,"
NEW_SOURCE = "invented-source,https://example.org/invented,,Invented region opens,Amazon Web Services,2025-01-14"
NEW_EVENT = "aws-2025-invented-expansion,aws,2025-02,expanded,FR,aws-eu-invented-1,A second building opened in Lyon.,,invented-source"
NEW_CLAIM = "aws,2025-03,40,120,,,worldwide,at_least,invented-source"


def _changed(root: Path) -> None:
    _append(root, "regions", NEW_REGION)
    _append(root, "sources", NEW_SOURCE)
    _append(root, "events", NEW_EVENT)
    _append(root, "claims", NEW_CLAIM)
    edit_row(root, "regions", "aws-eu-west-3", zones="5")
    edit_row(root, "regions", "aws-eu-north-1", status="closed", closed="2026-01", closed_source="aws-botocore-partitions")


def _group(groups, key):
    return {f"{c.subject}: {c.what}" for c in next(g for g in groups if g.key == key).changes}


def test_each_provider_gets_what_changes_on_its_pages(data_copy):
    _changed(data_copy)
    diff = compare(rows_of(ROOT), rows_of(data_copy))
    aws = _group(by_provider(diff), "aws")
    assert "aws eu-invented-1 (FR): added: active, launched 2025-01-14, 3 zones" in aws
    assert "aws eu-north-1 (SE): closed 2026-01" in aws
    assert "aws eu-west-3 (FR): zones 3 -> 5" in aws
    assert "expanded 2025-02: event added: A second building opened in Lyon." in aws
    assert "claim of 2025-03: claim added: at least 40 regions, 120 zones (worldwide)" in aws
    assert "invented-source: source added: Invented region opens (Amazon Web Services, 2025-01-14)" in aws
    assert [g.name for g in by_provider(diff)] == ["Amazon Web Services"]


def test_each_country_gets_what_changes_on_its_page(data_copy):
    _changed(data_copy)
    diff = compare(rows_of(ROOT), rows_of(data_copy))
    france = _group(by_country(diff), "FR")
    assert france >= {"aws eu-invented-1 (FR): added: active, launched 2025-01-14, 3 zones", "aws eu-west-3 (FR): zones 3 -> 5",
                      "expanded 2025-02: event added: A second building opened in Lyon.",
                      "invented-source: source added: Invented region opens (Amazon Web Services, 2025-01-14)"}
    assert _group(by_country(diff), "SE") == {"aws eu-north-1 (SE): closed 2026-01"}
    # A claim is about the provider as a whole, so no country page shows it.
    assert not any("claim" in c for g in by_country(diff) for c in _group(by_country(diff), g.key))


def test_removed_sources_and_regions_are_placed_by_the_old_data(data_copy):
    path = data_copy / "datasets" / "regions.csv"
    kept = [l for l in path.read_text(encoding="utf-8").split("\n") if not l.startswith("aws-eu-west-3,")]
    path.write_text("\n".join(kept), encoding="utf-8")
    diff = compare(rows_of(ROOT), rows_of(data_copy))
    assert "aws eu-west-3 (FR): removed" in _group(by_country(diff), "FR")
    report = markdown(diff, "https://preview.example.org/atlas")
    assert "regions/aws-eu-west-3/" not in report  # a removed region has no page to link


def test_the_markdown_links_the_preview_pages_and_escapes_the_data(data_copy):
    _changed(data_copy)
    _append(data_copy, "events", "aws-2025-markup,aws,2025-02,expanded,FR,,[click](https://evil.example) *now*,,invented-source")
    report = markdown(compare(rows_of(ROOT), rows_of(data_copy)), "https://preview.example.org/atlas")
    assert "**[Amazon Web Services](https://preview.example.org/atlas/providers/aws/)**" in report
    assert "**[France](https://preview.example.org/atlas/countries/fr/)**" in report
    assert "[aws eu-invented-1 \\(FR\\)](https://preview.example.org/atlas/regions/aws-eu-invented-1/): added" in report
    assert "\\[click\\]\\(https://evil.example\\) \\*now\\*" in report
    assert "](https://evil.example)" not in report


def test_no_change_says_so_in_both_forms():
    diff = compare(rows_of(ROOT), rows_of(ROOT))
    assert lines(diff) == ["- No change to the data."]
    assert "No change to the data." in markdown(diff, "https://example.org/") and "By provider" not in markdown(diff, "https://example.org/")


def test_the_command_prints_markdown_for_a_comment(data_copy):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "PATH": "/usr/bin:/bin", "HOME": str(data_copy)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "before"]):
        subprocess.run(["git", "-C", str(data_copy), *args], check=True, capture_output=True, env=env)
    _changed(data_copy)
    text = run("-m", "generator", "--root", str(data_copy), "diff", "--since", "HEAD")
    assert text.returncode == 0, text.stderr
    assert "By provider:\n  Amazon Web Services (aws):\n" in text.stdout and "  Sweden (SE):\n    - aws eu-north-1 (SE): closed 2026-01" in text.stdout
    default = generator("--root", str(data_copy), "diff", "--since", "HEAD", "--format", "markdown")
    assert "(https://cloud-region-atlas.github.io/cloud-region-atlas/regions/aws-eu-north-1/)" in default.stdout
    preview = generator("--root", str(data_copy), "diff", "--since", "HEAD", "--format", "markdown", "--base-url", "https://pr-7.example.org/")
    assert "(https://pr-7.example.org/regions/aws-eu-north-1/)" in preview.stdout
    unknown = run("-m", "generator", "--root", str(data_copy), "diff", "--since", "no-such-ref")
    assert unknown.returncode == 1 and "git:1: no-such-ref:" in unknown.stderr and "Traceback" not in unknown.stderr
