"""Attacks a hostile contributor tried against the atlas, each refused with `path:line: field: message` and
exit status 1 (never a traceback), or made harmless: nothing is written outside build/ and site/, nothing of
the maintainer's machine is read or published, and nothing a pull request types reaches a reader, a
spreadsheet or a bot's issue as anything but text."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import markdown
import pytest
import yaml

from conftest import ROOT, edit_row
from generator import drift, guards, paths
from generator.__main__ import main
from generator.problems import DataError
from generator.sourcecheck import Report, Target
from generator.sourcecheck import markdown as source_report

PROFILE = "content/providers/aws.md"


def _run(root: Path, capsys, *command: str) -> tuple[int, str]:
    """`python -m generator <command>` in-process: (exit status, what it printed on stderr and stdout)."""
    status = main(["--root", str(root), *command])
    said = capsys.readouterr()
    assert "Traceback" not in said.err
    return status, said.err + said.out


def _raises(expected: str, write) -> None:
    with pytest.raises(DataError) as caught:
        write()
    assert any(re.search(expected, str(problem)) for problem in caught.value.problems), caught.value.problems


def _files(folder: Path, leaving_out: str = "build") -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.relative_to(folder).parts[0] != leaving_out}


def _refused(root: Path, capsys, expected: str, *command: str) -> str:
    status, said = _run(root, capsys, *(command or ("check",)))
    assert status == 1, said
    assert expected in said, said
    return said


# 1. A committed `site` or `build` link, or a `build/.lock` link, makes the build write where it points.

def test_a_site_that_is_a_link_is_refused_and_what_it_points_to_is_left_alone(data_copy, tmp_path_factory, capsys):
    victim = tmp_path_factory.mktemp("documents")
    (victim / "notes.txt").write_text("mine", encoding="utf-8")
    (data_copy / "site").symlink_to(victim, target_is_directory=True)
    _refused(data_copy, capsys, "site:1: -: is a symbolic link", "site")
    assert [p.name for p in victim.iterdir()] == ["notes.txt"] and (victim / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_build_folder_that_is_a_link_is_refused(data_copy, tmp_path_factory, capsys):
    victim = tmp_path_factory.mktemp("project")
    (victim / "keep.txt").write_text("mine", encoding="utf-8")
    (data_copy / "build").symlink_to(victim, target_is_directory=True)
    _refused(data_copy, capsys, "build:1: -: is a symbolic link", "build")
    assert [p.name for p in victim.iterdir()] == ["keep.txt"]


def test_a_lock_that_is_a_link_truncates_nothing(data_copy, tmp_path_factory, capsys):
    victim = tmp_path_factory.mktemp("home") / "thesis.txt"
    victim.write_text("three years of work", encoding="utf-8")
    (data_copy / "build").mkdir()
    (data_copy / "build" / ".lock").symlink_to(victim)
    _refused(data_copy, capsys, "build/.lock:1: -: is a symbolic link", "build")
    assert victim.read_text(encoding="utf-8") == "three years of work"


# 2. An id with ../ wrote pages outside the checkout while the check ran; datapackage.json could unlock it.

def test_an_id_that_climbs_out_writes_nothing_outside_build(data_copy, capsys):
    line = edit_row(data_copy, "regions", "aws-us-west-1", id="../../../escaped")
    before = _files(data_copy)
    _refused(data_copy, capsys, f"datasets/regions.csv:{line}: id:", "build")
    assert _files(data_copy) == before
    assert not list(data_copy.parent.glob("escaped*"))


def test_removing_the_id_pattern_from_datapackage_json_is_refused_and_the_id_still_is(data_copy, capsys):
    descriptor = data_copy / "datasets" / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    regions = next(r for r in package["resources"] if r["name"] == "regions")
    del next(f for f in regions["schema"]["fields"] if f["name"] == "id")["constraints"]["pattern"]
    descriptor.write_text(json.dumps(package, indent=2), encoding="utf-8")
    line = edit_row(data_copy, "regions", "aws-us-west-1", id="aws-../../escaped")
    said = _refused(data_copy, capsys, "datasets/datapackage.json:1: regions.id: its constraints differ from what the generator expects")
    assert f"datasets/regions.csv:{line}: id: 'aws-../../escaped' does not match the pattern" in said
    before = _files(data_copy)
    _refused(data_copy, capsys, f"datasets/regions.csv:{line}: id:", "build")
    assert _files(data_copy) == before


def test_a_table_pointed_at_a_file_of_the_machine_is_neither_read_nor_shown(data_copy, capsys):
    descriptor = data_copy / "datasets" / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    next(r for r in package["resources"] if r["name"] == "providers")["path"] = "/etc/passwd"
    descriptor.write_text(json.dumps(package, indent=2), encoding="utf-8")
    said = _refused(data_copy, capsys, "datasets/datapackage.json:1: providers: path: is '/etc/passwd', but the generator reads 'providers.csv'")
    assert "root:" not in said and "/bin/" not in said


# 3. Brackets left open accumulate across a paragraph: a 34 KB profile took the checker minutes.

def test_a_paragraph_of_open_brackets_is_refused_fast(data_copy, capsys):
    path = data_copy / PROFILE
    first = len(path.read_text(encoding="utf-8").split("\n")) + 2
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n\n" + "\n".join(["[[[[[[[[[[[[[[[["] * 2000) + "\n")
    started = time.monotonic()
    said = _refused(data_copy, capsys, f"{PROFILE}:{first + 1}: text: nests brackets or quotes more than 16 deep (counting those left open since line {first}")
    assert time.monotonic() - started < 20, "the checker must refuse it in seconds, not minutes"
    assert said.count(f"{PROFILE}:") == 1  # one message for the paragraph, not one per line


def test_a_paragraph_longer_than_the_limit_is_refused(data_copy, capsys):
    path = data_copy / PROFILE
    first = len(path.read_text(encoding="utf-8").split("\n")) + 2
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n\n" + "\n".join(["word " * 150] * 30) + "\n")
    _refused(data_copy, capsys, f"{PROFILE}:{first}: text: the paragraph is longer than 20,000 characters")


def test_rendering_markdown_has_a_time_budget():
    with pytest.raises(guards._TooSlow):
        guards._render_within(lambda: time.sleep(5), 0.2)


# 4. A committed link publishes a file of the maintainer's machine.

def test_a_link_in_content_is_refused_and_its_target_never_shown(data_copy, capsys):
    (data_copy / "content" / "leak.md").symlink_to("/etc/passwd")
    said = _refused(data_copy, capsys, "content/leak.md:1: -: is a symbolic link; commit the file itself")
    assert "root:" not in said
    before = _files(data_copy)
    _refused(data_copy, capsys, "content/leak.md:1: -: is a symbolic link", "build")
    assert _files(data_copy) == before and not list((data_copy / "build").rglob("leak*"))


def test_a_link_in_datasets_is_refused(data_copy, tmp_path_factory, capsys):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "regions.csv"
    shutil.move(data_copy / "datasets" / "regions.csv", elsewhere)
    (data_copy / "datasets" / "regions.csv").symlink_to(elsewhere)
    _refused(data_copy, capsys, "datasets/regions.csv:1: -: is a symbolic link")


# 5. A hand-written page, or an id, takes the address of a generated page.

@pytest.mark.parametrize("page", ["regions/aws-eu-west-1.md", "index.md", "providers.md", "coverage.md", "changelog/2025.md"])
def test_a_hand_written_page_never_replaces_a_generated_one(data_copy, capsys, page):
    target = data_copy / "content" / page
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# Closed\n\nThis region closed; see [the notice](https://evil.example/).\n", encoding="utf-8")
    _refused(data_copy, capsys, f"content/{page}:1: -: takes the address")


@pytest.mark.parametrize("reserved", ["index", "sitemap"])
def test_a_provider_named_like_a_page_of_the_site_is_refused(data_copy, capsys, reserved):
    line = edit_row(data_copy, "providers", "aws", id=reserved)
    _refused(data_copy, capsys, f"datasets/providers.csv:{line}: id: {reserved} is a name the site keeps for its own pages")


def test_two_pages_at_one_address_are_refused_when_written(tmp_path):
    paths.write_text(tmp_path, "feeds/providers/sitemap.xml", "<feed/>")
    _raises("would be written twice", lambda: paths.write_text(tmp_path, "feeds/providers/sitemap.xml", "<urlset/>"))


# 7. The same commit built in another time zone or locale gave different files.

def _build(out: Path, cache: Path, zone: str, locale: str) -> None:
    env = {**os.environ, "TZ": zone, "LC_ALL": locale, "LANG": locale, "ATLAS_CACHE": str(cache), "SOURCE_DATE_EPOCH": "1764547200"}
    built = subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr


def test_builds_are_identical_across_time_zones_and_locales(tmp_path):
    # Each build draws its charts afresh (its own cache), or the second would reuse the first's drawings.
    _build(tmp_path / "utc", tmp_path / "cache-utc", "UTC", "C.UTF-8")
    _build(tmp_path / "auckland", tmp_path / "cache-auckland", "Pacific/Auckland", "POSIX")
    first, second = _files(tmp_path / "utc", ""), _files(tmp_path / "auckland", "")
    assert first == second
    differing = [str(p) for p in sorted(first) if (tmp_path / "utc" / p).is_file() and (tmp_path / "utc" / p).read_bytes() != (tmp_path / "auckland" / p).read_bytes()]
    assert differing == []


# 8. Spreadsheet formulas shipped in the CSV downloads.

def test_formulas_in_the_csv_downloads_are_inert_and_numbers_stay_numbers(data_copy, capsys):
    from generator.build import atlas_of
    from generator.outputs.downloads import package_files
    import datetime as dt

    edit_row(data_copy, "regions", "aws-us-east-1", name='=HYPERLINK("https://evil.example/","Click")')
    edit_row(data_copy, "regions", "aws-us-west-1", name="@SUM(1+1)*cmd|' /C calc'!A0", city="+thing", operator="-2+3+cmd|' /C calc'!A0")
    atlas = atlas_of(data_copy, dt.date.today())
    files = package_files(atlas)
    regions = {r["id"]: r for r in csv.DictReader(io.StringIO(files["regions.csv"].decode("utf-8")))}
    assert regions["aws-us-east-1"]["name"] == """'=HYPERLINK("https://evil.example/","Click")"""
    assert regions["aws-us-west-1"]["name"].startswith("'@SUM") and regions["aws-us-west-1"]["city"] == "'+thing"
    assert regions["aws-us-west-1"]["operator"].startswith("'-2+3")
    assert regions["aws-us-east-1"]["longitude"] == "-77.10"  # a longitude is a number, not a formula
    assert not any(cell.startswith("'") for row in regions.values() for name, cell in row.items() if name in ("latitude", "longitude", "zones"))
    assert "single quote" in files["README.md"].decode("utf-8")
    # The JSON download is data for programs: it keeps the value as written.
    from generator.outputs.downloads import everything_json
    document = json.loads(everything_json(atlas))
    assert any(r["name"] == '=HYPERLINK("https://evil.example/","Click")' for r in document["tables"]["regions"])


# 9. Invisible and look-alike characters; codes that differ only in case.

@pytest.mark.parametrize("char", ["\u200b", "\u2060", "\U000e0041", "\u200f", "\u200e", "\u061c", "\u00ad", "\u3164", "\u115f", "\ufe0f"])
def test_invisible_characters_are_refused(data_copy, capsys, char):
    line = edit_row(data_copy, "providers", "aws", name=f"Amazon Web{char}Services")
    _refused(data_copy, capsys, f"datasets/providers.csv:{line}: -: contains the invisible character U+{ord(char):04X}")


def test_text_not_in_normal_form_c_is_refused(data_copy, capsys):
    line = edit_row(data_copy, "regions", "aws-us-east-1", city="Sa\u0303o Paulo")
    _refused(data_copy, capsys, f"datasets/regions.csv:{line}: -: is not in Unicode normal form C")


def test_a_name_mixing_alphabets_is_warned(data_copy, capsys):
    line = edit_row(data_copy, "regions", "google-cloud-africa-south1", name="J\u043ehannesburg, South Africa")  # a Cyrillic o
    status, said = _run(data_copy, capsys, "check")
    assert status == 0, said
    assert f"datasets/regions.csv:{line}: name: warning: 'J\u043ehannesburg, South Africa' mixes letters of two alphabets in one word (J\u043ehannesburg)" in said


def test_codes_that_differ_only_in_case_are_refused(data_copy, capsys):
    line = edit_row(data_copy, "regions", "aws-us-west-1", code="US-EAST-1")
    _refused(data_copy, capsys, f"datasets/regions.csv:{line}: code: US-EAST-1 is used by more than one aws region")


# 10. The bots' issues: a redirect's address and the drift report are shown, never rendered.

def _rendered(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "fenced_code"])


def test_a_redirect_address_shows_in_the_source_issue_as_text():
    target = Target("aws-docs", "url", "https://docs.example.com/a", "datasets/sources.csv", 7)
    hostile = "https://docs.example.com/x)![pixel](https://evil.example/p.png)[log in](https://evil.example/login) `x` | @octocat"
    report = Report(checked=1, moved=[(target, hostile)])
    html = _rendered(source_report(report, "2026-12-01"))
    assert "<img" not in html and "evil.example/login\"" not in html and 'href="https://evil' not in html
    assert html.count("<td>") == 4  # the pipe did not open a fifth cell


def _write_issue_script() -> str:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "drift.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in workflow["jobs"]["report"]["steps"] if s.get("name") == "Write the issue"]
    return step["run"]


def test_the_drift_report_cannot_close_its_code_fence(tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "gh").write_text('#!/bin/sh\nwhile [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cp "$2" "$CAPTURE"; fi; shift; done\n', encoding="utf-8")
    (fake / "gh").chmod(0o755)
    report = "aws: 1 difference\n```\n[log in](https://evil.example/login) ![p](https://evil.example/p.png)\n````\n@octocat"
    env = {"PATH": f"{fake}:{os.environ['PATH']}", "STATUS": "1", "REPORT": report, "RUN_URL": "https://example.invalid/run",
           "CAPTURE": str(tmp_path / "body.md"), "GH_TOKEN": "x", "GH_REPO": "o/r"}
    ran = subprocess.run(["bash", "-e", "-c", _write_issue_script()], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    body = (tmp_path / "body.md").read_text(encoding="utf-8")
    assert report in body
    html = _rendered(body)
    assert "<a " not in html and "<img" not in html
    assert "[log in](https://evil.example/login)" in html  # shown as code, as written


# 11. Smaller: scratch folders, long ids, limits, serve's child, pins and hashes.

def test_gitignore_covers_scratch_folders_and_links_named_site_or_build():
    asked = ["site", "build", ".site-k2j4h1", ".docs-9f8e7d", "build/.docs-abc"]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *asked], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert ignored == asked


def test_an_id_too_long_for_a_file_name_is_refused_on_its_line(data_copy, capsys):
    long_id = "aws-" + "a" * 293
    line = edit_row(data_copy, "regions", "aws-us-west-1", id=long_id)
    _refused(data_copy, capsys, f"datasets/regions.csv:{line}: id: the id is 297 characters long; at most 100")
    _refused(data_copy, capsys, f"datasets/regions.csv:{line}: id:", "build")


def test_a_table_with_too_many_rows_is_refused(data_copy, capsys):
    path = data_copy / "datasets" / "events.csv"
    header, first = path.read_text(encoding="utf-8").split("\n")[:2]
    event_id = first.split(",", 1)[0]
    rows = [first.replace(event_id, f"{event_id}-{i}", 1) for i in range(guards.MAX_ROWS + 1)]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    _refused(data_copy, capsys, f"datasets/events.csv:{guards.MAX_ROWS + 2}: -: the table has more than 50,000 rows")


def test_a_page_too_big_to_read_is_refused(tmp_path):
    _raises(r"the page changelog/index.md would be 5.0 MB \(at most 5 MB\)",
            lambda: paths.write_text(tmp_path, "changelog/index.md", "x" * (paths.MAX_PAGE_BYTES + 1)))
    assert not (tmp_path / "changelog" / "index.md").exists()


def test_a_site_too_big_for_github_pages_is_refused(tmp_path):
    assert paths.size_problems(tmp_path) == []
    with (tmp_path / "huge.bin").open("wb") as handle:
        handle.truncate(paths.MAX_SITE_BYTES + 1)  # sparse: its size counts, no disk is used
    (problem,) = paths.size_problems(tmp_path)
    assert str(problem).startswith("site:1: -: the site would be 900.0 MB, more than the 900 MB allowed (GitHub Pages publishes no more than 1 GB)")


def test_a_write_outside_its_folder_is_refused(tmp_path):
    _raises("would be written outside", lambda: paths.write_text(tmp_path / "out", "regions/../../../escaped.md", "x"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "regions").symlink_to(tmp_path)
    _raises("would be written outside", lambda: paths.write_text(tmp_path / "out", "regions/escaped.md", "x"))
    assert not (tmp_path / "escaped.md").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_serve_stopped_with_sigterm_stops_its_mkdocs_serve(data_copy):
    shutil.copytree(ROOT / "overrides", data_copy / "overrides")
    shutil.copytree(ROOT / "generator" / "templates", data_copy / "generator" / "templates")  # serve watches them
    port = _free_port()
    log = (data_copy / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(data_copy), "serve", "--address", f"127.0.0.1:{port}"],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    children: list[int] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not children:
            children = [c for c in _children(server.pid) if "mkdocs" in Path(f"/proc/{c}/cmdline").read_text(errors="replace")]
            time.sleep(0.5)
        assert children, (data_copy / "serve.log").read_text()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.2)
        assert not any(_alive(c) for c in children), "mkdocs serve outlived the serve it was started by"
    finally:
        for pid in [server.pid, *[c for c in children if _alive(c)]]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        server.wait(timeout=30)
        log.close()


def test_the_pre_commit_hooks_are_pinned_by_commit():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    remote = [entry for entry in config["repos"] if entry["repo"].startswith("https://")]
    assert remote and all(re.fullmatch(r"[0-9a-f]{40}", entry["rev"]) for entry in remote)


def test_make_lock_installs_uv_with_its_hash():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lock = makefile.split("\nlock:\n", 1)[1].split("\n\n", 1)[0]
    (install,) = [line for line in lock.splitlines() if "pip install" in line]
    assert "--require-hashes" in install and "-r requirements-uv.txt" in install
    pins = (ROOT / "requirements-uv.txt").read_text(encoding="utf-8")
    assert re.search(r"^uv==\d+\.\d+\.\d+ \\$", pins, re.MULTILINE) and len(re.findall(r"--hash=sha256:[0-9a-f]{64}", pins)) >= 2


def test_the_drift_workflow_installs_hash_checked_sdks_apart_from_the_generator():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "drift.yml").read_text(encoding="utf-8"))
    script = "\n".join(s.get("run", "") for s in workflow["jobs"]["compare"]["steps"])
    installs = [line for line in script.splitlines() if "pip install" in line]
    assert installs and all("--require-hashes" in line for line in installs)
    (sdks,) = [line for line in installs if "drift-packages" in line]
    assert '--target "$RUNNER_TEMP/sdks"' in sdks and "--no-deps" in sdks and "--only-binary :all:" in sdks
    assert 'python -m generator drift --sdks "$RUNNER_TEMP/sdks"' in script


def test_the_newest_sdks_are_listed_with_the_hashes_of_their_wheels():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import drift_packages
    finally:
        sys.path.pop(0)
    release = {"info": {"version": "9.9.9"}, "urls": [
        {"packagetype": "sdist", "digests": {"sha256": "0" * 64}},
        {"packagetype": "bdist_wheel", "digests": {"sha256": "b" * 64}},
        {"packagetype": "bdist_wheel", "digests": {"sha256": "a" * 64}},
    ]}
    assert drift_packages.requirement("botocore", release) == f"botocore==9.9.9 --hash=sha256:{'a' * 64} --hash=sha256:{'b' * 64}"
    assert set(drift_packages.names(ROOT / "pyproject.toml")) >= {"botocore", "oci"}


def test_drift_reads_sdks_from_their_own_folder_not_the_generators(tmp_path, monkeypatch):
    info = tmp_path / "botocore-9.9.9.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: botocore\nVersion: 9.9.9\n", encoding="utf-8")
    data = tmp_path / "botocore" / "data"
    data.mkdir(parents=True)
    (data / "partitions.json").write_text('{"partitions": [{"id": "aws", "regions": {"xx-test-1": {}, "aws-global": {}}}]}', encoding="utf-8")
    monkeypatch.setattr(drift, "SDK_PATH", [str(tmp_path)])
    botocore, oci = (next(s for s in drift.SDK_PACKAGES if s.package == name) for name in ("botocore", "oci"))
    listed = drift.installed(botocore)
    assert listed.version == "9.9.9" and listed.codes == frozenset({"xx-test-1"})  # read from the folder, not the generator's own
    with pytest.raises(drift.MissingPackage):
        drift.installed(oci)
