"""The data difference as a reader sees it: per provider and per country, and as a pull request comment."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

from conftest import ROOT, edit_row, generator, run
from generator.diff import MAX_COMMENT, MAX_DIFF_LINES, by_country, by_provider, compare, compare_versions, lines, markdown
from generator.release import rows_of
from generator.snapshot import from_commit, from_folder
from test_contributor import _append

HOSTILE = "cc @octocat ... https://evil.example/login [x](https://evil.example/y) <https://evil.example/z> <img src=x onerror=alert(1)> **bold** ``tick`` #1 :+1:"
PREVIEW = "https://preview.example.org/atlas/"

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


def test_the_markdown_links_the_preview_pages_and_shows_the_data_as_code(data_copy):
    _changed(data_copy)
    _append(data_copy, "events", "aws-2025-markup,aws,2025-02,expanded,FR,,[click](https://evil.example) *now*,,invented-source")
    report = markdown(compare(rows_of(ROOT), rows_of(data_copy)), "https://preview.example.org/atlas")
    assert "**[` Amazon Web Services `](https://preview.example.org/atlas/providers/aws/)**" in report
    assert "**[` France `](https://preview.example.org/atlas/countries/fr/)**" in report
    assert "[` aws eu-invented-1 (FR) `](https://preview.example.org/atlas/regions/aws-eu-invented-1/): ` added" in report
    assert "` event added: [click](https://evil.example) *now* `" in report
    assert _rendered(report).links <= {PREVIEW + "providers/aws/", PREVIEW + "countries/fr/", PREVIEW + "countries/se/",
                                       PREVIEW + "regions/aws-eu-invented-1/", PREVIEW + "regions/aws-eu-north-1/", PREVIEW + "regions/aws-eu-west-3/"}


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


class _Comment(HTMLParser):
    """A rendered comment: its links, its tags, and its text outside code, where GitHub would mention and autolink."""

    def __init__(self, html: str):
        super().__init__()
        self.links: set[str] = set()
        self.tags: set[str] = set()
        self.outside_code: list[str] = []
        self.inside_code: list[str] = []
        self._code = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "a":
            self.links.add(dict(attrs).get("href", ""))
        if tag in ("code", "pre"):
            self._code += 1

    def handle_endtag(self, tag):
        if tag in ("code", "pre"):
            self._code -= 1

    def handle_data(self, data):
        (self.inside_code if self._code else self.outside_code).append(data)


def _rendered(report: str) -> _Comment:
    """The comment as CommonMark renders it (GitHub's Markdown is CommonMark with extensions that act on text
    outside code only: autolinks, mentions, issue references, emoji)."""
    return _Comment(MarkdownIt("commonmark").enable("table").render(report))


def _edit(root: Path, table: str, match: dict[str, str], **changes: str) -> None:
    """Change the one row of a CSV in the copy whose cells match."""
    path = root / "datasets" / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, data = reader.fieldnames, list(reader)
    (row,) = [r for r in data if all(r[k] == v for k, v in match.items())]
    row.update(changes)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)


def _versions(root: Path):
    diff = compare_versions(from_folder(ROOT), from_folder(root))
    return diff, markdown(diff, PREVIEW), "\n".join(lines(diff))


def test_every_changed_cell_of_every_table_reaches_the_comment(data_copy):
    _edit(data_copy, "providers", {"id": "aws"}, name="Amazon Web Services Renamed", website="https://aws.example.org")
    _edit(data_copy, "sources", {"id": "aws-venturebeat-2020-capetown"}, title="A title the document never gave")
    _edit(data_copy, "claims", {"provider": "aws", "date": "2020-04-22"}, regions="93")
    _edit(data_copy, "events", {"id": "alibaba-cloud-2015-aliyun-1bn-investment"}, summary="A summary rewritten.", amount_usd="2000000000")
    _edit(data_copy, "regions", {"id": "aws-eu-west-1"}, operator="Someone Else", partition="aws-iso", facility="Building 9")
    diff, report, text = _versions(data_copy)
    assert not diff.empty and "No change to the data." not in report
    for table, key, column, before, after in [
        ("providers", "aws", "name", "Amazon Web Services", "Amazon Web Services Renamed"),
        ("providers", "aws", "website", "https://aws.amazon.com", "https://aws.example.org"),
        ("sources", "aws-venturebeat-2020-capetown", "title", None, "A title the document never gave"),
        ("claims", "aws, 2020-04-22, aws-venturebeat-2020-capetown, , exact", "regions", "23", "93"),
        ("events", "alibaba-cloud-2015-aliyun-1bn-investment", "summary", None, "A summary rewritten."),
        ("events", "alibaba-cloud-2015-aliyun-1bn-investment", "amount_usd", "1000000000", "2000000000"),
        ("regions", "aws-eu-west-1", "operator", "Amazon Web Services", "Someone Else"),
        ("regions", "aws-eu-west-1", "partition", "commercial", "aws-iso"),
        ("regions", "aws-eu-west-1", "facility", "(blank)", "Building 9"),
    ]:
        shown = re.escape(f"` {before} `") if before else "`[^\n]*`"
        assert re.search(rf"\*\*` {table} `\*\*\n\n(- .*\n(  - .*\n)*)*- changed ` {re.escape(key)} `\n(  - .*\n)*"
                         rf"  - ` {column} `: {shown} → ` {re.escape(after)} `", report), (table, column)
        assert f"{table}:" in text and f"{column}: " in text and after in text
    assert "claims: 1 row changed (aws, 2020-04-22, aws-venturebeat-2020-capetown, , exact (regions))" in diff_summary(diff)


def diff_summary(diff) -> str:
    from generator.diff import notes

    return "\n".join(notes(diff))


def test_a_changed_profile_or_page_says_which_and_shows_its_text_difference(data_copy):
    profile = data_copy / "content" / "providers" / "aws.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("Amazon", "Amazin", 1), encoding="utf-8")
    (data_copy / "content" / "methodology.md").unlink()
    (data_copy / "content" / "about.md").write_text("# About\n\nA page a contributor added.\n", encoding="utf-8")
    diff, report, text = _versions(data_copy)
    assert "No change to the data." not in report and not diff.rows
    assert "` content/providers/aws.md ` (` changed `):" in report
    assert "` content/methodology.md ` (` removed `)" in report and "` content/about.md ` (` added `):" in report
    changed = next(f for f in diff.files if f.path == "content/providers/aws.md")
    assert [line for line in changed.lines if line[:1] in "+-"] == [
        "-" + next(l for l in (ROOT / "content/providers/aws.md").read_text(encoding="utf-8").split("\n") if "Amazon" in l),
        "+" + next(l for l in profile.read_text(encoding="utf-8").split("\n") if "Amazin" in l)]
    assert "```diff\n@@ " in report and "\n+A page a contributor added.\n" in report
    assert "content/providers/aws.md (changed):" in text


def test_a_new_table_or_column_is_compared_without_being_named_in_the_code(data_copy):
    package_path = data_copy / "datasets" / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    package["resources"].append({"name": "mirrors", "path": "mirrors.csv", "schema": {"fields": [{"name": "id"}, {"name": "address"}], "primaryKey": ["id"]}})
    package_path.write_text(json.dumps(package, indent=2), encoding="utf-8")
    (data_copy / "datasets" / "mirrors.csv").write_text("id,address\nfirst,somewhere\n", encoding="utf-8")
    path = data_copy / "datasets" / "providers.csv"
    text = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([text[0] + ",motto", *(line + ",Always on" if line.startswith("aws,") else line + "," if line else line for line in text[1:])]), encoding="utf-8")
    diff, report, _ = _versions(data_copy)
    assert "**` mirrors `**\n\n- added ` first `\n  - ` id `: ` first `\n  - ` address `: ` somewhere `" in report
    assert "- changed ` aws `\n  - ` motto `: ` (blank) ` → ` Always on `" in report
    assert "` datasets/datapackage.json ` (` changed `)" in report  # its new resource, as text


def test_a_table_changed_in_form_only_is_still_not_no_change(data_copy):
    path = data_copy / "datasets" / "providers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("aws,Amazon Web Services,", 'aws,"Amazon Web Services",'), encoding="utf-8")
    diff, report, _ = _versions(data_copy)
    assert not diff.rows and "No change to the data." not in report
    assert "` datasets/providers.csv ` (` changed in form only `)" in report


def test_nothing_a_pull_request_writes_mentions_links_or_formats(data_copy):
    _edit(data_copy, "providers", {"id": "aws"}, name=HOSTILE)
    _edit(data_copy, "events", {"id": "alibaba-cloud-2015-aliyun-1bn-investment"}, summary=HOSTILE + "\n# A heading\n\n- a list")
    _append(data_copy, "events", f'aws-2025-hostile,aws,2025-02,expanded,FR,aws-eu-west-3,"{HOSTILE}",,aws-botocore-partitions')
    _append(data_copy, "regions", "aws-eu-bad-1)](https://evil.example/,aws,x,y,Lyon,FR,45.76,4.84,metro,3,active,,,2025-01-14,,commercial,Amazon Web Services,,aws-botocore-partitions,,,,,,,")
    profile = data_copy / "content" / "providers" / "aws.md"
    profile.write_text(profile.read_text(encoding="utf-8") + f"\n{HOSTILE}\n````\n</details>\n\u202egnp.exe\n", encoding="utf-8")
    (data_copy / "content" / f"{HOSTILE[:20]}.md").write_text("x\n", encoding="utf-8")
    _, report, _ = _versions(data_copy)
    rendered = _rendered(report)
    outside = " ".join(rendered.outside_code)
    for live in ("@octocat", "evil.example", "http", "<img", ":+1:", "#1", "\u202e"):
        assert live not in outside, live
    assert "\u202e" not in report and "<U+202E>gnp.exe" in report  # a reversed file name is shown, not obeyed
    assert sum("cc @octocat ... https://evil.example/login" in text for text in rendered.inside_code) >= 4
    assert rendered.tags <= {"h3", "h4", "ul", "li", "p", "strong", "code", "pre", "a"}  # no img, no details, no heading from the data
    assert {link for link in rendered.links if not link.startswith(PREVIEW)} == set()
    assert all(re.fullmatch(r"[a-z0-9/:.-]+", link) for link in rendered.links)  # the odd region id is shown, not linked


def test_a_long_difference_is_cut_and_stays_well_formed(data_copy):
    profile = data_copy / "content" / "providers" / "aws.md"
    profile.write_text("\n".join(f"line {n} " + "`" * 7 + " x" * 200 for n in range(5000)), encoding="utf-8")
    path = data_copy / "datasets" / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",Amazon Web Services,", ",Amazon Web Services " + "y" * 280 + ","), encoding="utf-8")
    diff, report, _ = _versions(data_copy)
    profile_change = next(f for f in diff.files if f.path == "content/providers/aws.md")
    assert len(profile_change.lines) == MAX_DIFF_LINES and profile_change.left_out > 4000
    assert len(report) <= MAX_COMMENT and "more left out" in report
    assert "\n````````diff\n" in report  # a fence longer than the longest run of backticks in the text
    many = compare_versions(from_folder(ROOT), from_folder(data_copy))
    many.rows = many.rows * 40  # as many changed rows as a comment cannot hold
    cut = markdown(many, PREVIEW)
    assert len(cut) <= MAX_COMMENT and "the rest is left out" in " ".join(_rendered(cut).outside_code)  # no block left open


def _git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "PATH": "/usr/bin:/bin", "HOME": str(root)}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env).stdout.strip()


def test_the_comment_of_a_pull_request_is_read_from_its_commit_as_data(data_copy):
    """What the comment workflow runs: this code, on the pull request's commit read from git."""
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        _git(data_copy, *args)
    base = _git(data_copy, "rev-parse", "HEAD")
    _edit(data_copy, "providers", {"id": "aws"}, name=HOSTILE)
    os.symlink("/etc/passwd", data_copy / "content" / "leak.md")
    os.symlink("/etc/hostname", data_copy / "datasets" / "events.csv.new")
    _git(data_copy, "add", "-A")
    _git(data_copy, "commit", "-qm", "pull request")
    head = _git(data_copy, "rev-parse", "HEAD")
    _git(data_copy, "checkout", "-q", base)  # the pull request's files are not on disk
    result = run("-m", "generator", "--root", str(data_copy), "diff", "--since", base, "--at", head, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "- changed ` aws `\n  - ` name `: ` Amazon Web Services ` → ``` cc @octocat" in result.stdout
    assert "` content/leak.md ` (` added `):" in result.stdout and "+(a symbolic link to /etc/passwd, not followed)" in result.stdout
    assert "root:" not in result.stdout
    same = run("-m", "generator", "--root", str(data_copy), "diff", "--since", base, "--at", base)
    assert same.stdout == "- No change to the data.\n"
    option = run("-m", "generator", "--root", str(data_copy), "diff", "--since", base, "--at=--output=/tmp/x")
    assert option.returncode == 1 and "is not a commit or tag name" in option.stderr


def test_a_folder_of_data_is_compared_without_following_its_links(data_copy, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("secret words\n", encoding="utf-8")
    os.symlink(outside, data_copy / "content" / "linked.md")
    os.symlink(tmp_path, data_copy / "content" / "folder")
    result = run("-m", "generator", "diff", "--since", "HEAD", "--data", str(data_copy))
    assert result.returncode == 0, result.stderr
    assert "content/linked.md (added):" in result.stdout and "content/folder (added):" in result.stdout
    assert "secret words" not in result.stdout
