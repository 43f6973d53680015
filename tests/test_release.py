"""Release history: the data difference in domain terms, the manifest a release writes, the tag check the
release workflow runs, and the build refusing changed data under a released version."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, edit_row, run
from generator.diff import compare, notes
from generator.release import rows_of

REGION = "aws-eu-invented-1,aws,eu-invented-1,Europe (Invented),Lyon,FR,45.76,4.84,metro,,active,,,,,commercial,Amazon Web Services,,aws-botocore-partitions,,,,,,,\n"


def current_version(root: Path) -> str:
    return json.loads((root / "datasets" / "datapackage.json").read_text())["version"]


def _set_version(root: Path, version: str) -> None:
    """Move the version on in both places that hold it, as a maintainer does before a release."""
    old = current_version(root)
    for name, pattern in (("datasets/datapackage.json", '"version": "{}"'), ("CITATION.cff", 'version: "{}"')):
        path = root / name
        text = path.read_text()
        assert pattern.format(old) in text
        path.write_text(text.replace(pattern.format(old), pattern.format(version)))


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(root)})


def test_the_diff_speaks_of_regions_closures_and_zones(data_copy):
    with (data_copy / "datasets" / "regions.csv").open("a") as handle:
        handle.write(REGION)
    edit_row(data_copy, "regions", "aws-eu-west-3", zones="5")
    edit_row(data_copy, "regions", "aws-eu-north-1", status="closed", closed="2026-01", closed_source="aws-botocore-partitions")
    lines = notes(compare(rows_of(ROOT), rows_of(data_copy)))
    assert "+1 region: aws eu-invented-1 (FR)" in lines
    assert "1 closure: aws eu-north-1 (SE) 2026-01" in lines
    assert any(line.startswith("1 zone count changed: aws eu-west-3 (FR)") for line in lines)
    assert not any("," in line and line.count(",") > 20 for line in lines)  # summaries, not CSV lines


def test_no_change_says_so():
    assert notes(compare(rows_of(ROOT), rows_of(ROOT))) == ["No change to the data."]


def test_the_diff_command_compares_with_a_git_ref(repository):
    same = run("-m", "generator", "--root", str(repository), "diff", "--since", "HEAD")
    assert same.returncode == 0 and same.stdout == "- No change to the data.\n", same.stderr
    edit_row(repository, "regions", "aws-eu-west-3", zones="5")
    changed = run("-m", "generator", "--root", str(repository), "diff", "--since", "HEAD")
    assert changed.returncode == 0, changed.stderr
    summary = [line for line in changed.stdout.split("\n\n")[0].splitlines()]
    assert summary == ["- 1 zone count changed: aws eu-west-3 (FR) 3 -> 5", "- regions: 1 row changed (aws-eu-west-3 (zones))"]
    assert "  changed aws-eu-west-3:\n    zones: 3 -> 5" in changed.stdout


@pytest.fixture
def repository(data_copy) -> Path:
    """The copy as a git repository with no release yet."""
    (data_copy / "releases.json").write_text("[]\n")
    _git(data_copy, "init", "-q")
    _git(data_copy, "add", "-A")
    _git(data_copy, "commit", "-qm", "data")
    return data_copy


def test_a_release_is_recorded_checked_by_tag_and_then_described_by_the_next(repository):
    version = current_version(repository)
    first = run("-m", "generator", "--root", str(repository), "release", "--date", "2026-11-26")
    assert first.returncode == 0, first.stderr
    [entry] = json.loads((repository / "releases.json").read_text())
    assert entry["version"] == version and len(entry["sha256"]) == 64
    assert entry["url"].endswith(f"/releases/download/v{version}/cloud-region-atlas-{version}.zip")
    assert entry["notes"][0] == "First release."

    ok = run("-m", "generator", "--root", str(repository), "release-check", "--tag", f"v{version}")
    assert ok.returncode == 0, ok.stderr
    assert "- First release." in ok.stdout
    wrong = run("-m", "generator", "--root", str(repository), "release-check", "--tag", "v9.9.9")
    assert wrong.returncode == 1 and "does not match" in wrong.stderr
    again = run("-m", "generator", "--root", str(repository), "release", "--date", "2026-11-26")
    assert again.returncode == 1 and "already released" in again.stderr

    built = run("-m", "generator", "--root", str(repository), "build", "--out", str(repository / "released"))
    assert built.returncode == 0, built.stderr
    downloads = (repository / "released" / "downloads" / "index.md").read_text()
    assert "Released on 2026-11-26." in downloads
    assert f"| {version} | 2026-11-26 | [download]({entry['url']}) | `{entry['sha256']}` |" in downloads
    assert f"### {version}" in downloads and "- First release." in downloads

    _git(repository, "add", "-A")
    _git(repository, "commit", "-qm", f"release {version}")
    _git(repository, "tag", f"v{version}")

    # New data under the released version: the build refuses it until the version moves on.
    with (repository / "datasets" / "regions.csv").open("a") as handle:
        handle.write(REGION)
    refused = run("-m", "generator", "--root", str(repository), "build", "--out", str(repository / "out"))
    assert refused.returncode == 1 and f"differs from release {version}" in refused.stderr
    assert not (repository / "out").exists()

    major, minor, patch = version.split(".")
    following = f"{major}.{minor}.{int(patch) + 1}"
    _set_version(repository, following)
    second = run("-m", "generator", "--root", str(repository), "release", "--date", "2026-11-27")
    assert second.returncode == 0, second.stderr
    latest = json.loads((repository / "releases.json").read_text())[-1]
    assert latest["version"] == following
    assert "+1 region: aws eu-invented-1 (FR)" in latest["notes"]


def test_citation_must_follow_the_package_version(data_copy):
    path = data_copy / "CITATION.cff"
    path.write_text(path.read_text().replace(f'version: "{current_version(data_copy)}"', 'version: "0.0.1"'))
    result = run("-m", "generator", "--root", str(data_copy), "check")
    assert result.returncode == 1
    assert "CITATION.cff:" in result.stderr and "keep them in step" in result.stderr


def test_release_check_refuses_a_version_not_in_the_manifest_and_a_zip_that_differs(repository):
    version = current_version(repository)
    unreleased = run("-m", "generator", "--root", str(repository), "release-check", "--tag", f"v{version}")
    assert unreleased.returncode == 1
    assert f"{version} is not in releases.json: run python -m generator release first" in unreleased.stderr
    assert run("-m", "generator", "--root", str(repository), "release", "--date", "2026-11-26").returncode == 0
    manifest = json.loads((repository / "releases.json").read_text())
    manifest[-1]["sha256"] = "0" * 64  # as if the zip built now were not the one released
    (repository / "releases.json").write_text(json.dumps(manifest, indent=2) + "\n")
    differs = run("-m", "generator", "--root", str(repository), "release-check", "--tag", f"v{version}")
    assert differs.returncode == 1
    assert f"the zip built from this commit does not match the SHA-256 recorded for {version}" in differs.stderr
    assert "Traceback" not in unreleased.stderr + differs.stderr


def _built_day(root: Path, out: Path, epoch: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"NO_MKDOCS_2_WARNING": "1"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    built = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--out", str(out)],
                           capture_output=True, text=True, env=env, cwd=ROOT)
    assert built.returncode == 0, built.stderr
    [day] = re.findall(r"data as checked on (\d{4}-\d{2}-\d{2})", (out / "index.md").read_text(encoding="utf-8"))
    return day


def test_pages_are_dated_by_source_date_epoch_then_the_last_commit_then_the_data(data_copy, tmp_path):
    # No git and no SOURCE_DATE_EPOCH: the latest day a provider's rows were verified.
    latest = max(row["verified"] for row in csv.DictReader((ROOT / "datasets" / "providers.csv").open(newline="", encoding="utf-8")))
    assert _built_day(data_copy, tmp_path / "a", None) == latest
    # SOURCE_DATE_EPOCH wins over the data, and over git.
    assert _built_day(data_copy, tmp_path / "b", "1700000000") == "2023-11-14"
    (data_copy / "releases.json").write_text("[]\n")
    _git(data_copy, "init", "-q")
    _git(data_copy, "add", "-A")
    subprocess.run(["git", "-C", str(data_copy), "commit", "-qm", "data"], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "GIT_COMMITTER_DATE": "2025-02-03T12:00:00Z", "GIT_AUTHOR_DATE": "2025-02-03T12:00:00Z", "PATH": "/usr/bin:/bin", "HOME": str(data_copy)})
    assert _built_day(data_copy, tmp_path / "c", None) == "2025-02-03"
    assert _built_day(data_copy, tmp_path / "d", "1700000000") == "2023-11-14"
    assert _built_day(data_copy, tmp_path / "e", "not-a-number") == "2025-02-03"  # ignored, not a crash
