"""Inputs a hostile or careless contributor might send: each is refused with `path:line: field: message`
and exit status 1, never a traceback, a hang or anything written; or, where it is allowed, it reaches the
site as inert text."""

from __future__ import annotations

import datetime as dt
import fcntl
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, edit_row, run
from generator.__main__ import main

PROFILE = "content/providers/aws.md"


def _check(root: Path, capsys) -> list[str]:
    """Run `python -m generator check` in-process; return its problem lines (it must exit 1)."""
    status = main(["--root", str(root), "check"])
    err = capsys.readouterr().err
    assert status == 1, f"accepted:\n{err}"
    return err.splitlines()


def _passes(root: Path, capsys) -> None:
    status = main(["--root", str(root), "check"])
    assert status == 0, capsys.readouterr().err


def _append_to_profile(root: Path, text: str) -> int:
    """Add lines to the AWS profile; return the line number of the first."""
    path = root / PROFILE
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines + text.split("\n")), encoding="utf-8")
    return len(lines) + 1


@pytest.mark.parametrize(
    "markdown, scheme, offset",
    [
        ("[x](javascript&#58;alert(1))", "javascript", 0),
        ("[x](&#106;avascript:alert(1))", "javascript", 0),
        ("[x](java&#x09;script:alert(1))", "javascript", 0),
        ("[x](JaVaScRiPt&colon;alert(1))", "javascript", 0),
        ("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data", 0),
        ("![x](data:image/svg+xml,&#60;svg onload=alert(1)&#62;)", "data", 0),
        ("[x][evil]\n\n[evil]: vbscript&#58;msgbox(1)", "vbscript", 2),
    ],
)
def test_a_script_link_in_a_profile_is_refused_however_it_is_spelt(data_copy, capsys, markdown, scheme, offset):
    line = _append_to_profile(data_copy, markdown)
    problems = _check(data_copy, capsys)
    expected = f"{PROFILE}:{line + offset}: text: links to a {scheme}: address"
    assert any(p.startswith(expected) for p in problems), problems


def test_safe_links_in_a_profile_pass(data_copy, capsys):
    _append_to_profile(data_copy, "[a](https://example.com/) [b](../countries/index.md) [c](mailto:a@example.com) [d](#regions)")
    _passes(data_copy, capsys)


def test_a_script_link_in_a_hand_written_page_is_refused(data_copy, capsys):
    path = data_copy / "content" / "methodology.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines + ["[x](&#x6A;avascript:alert(1))"]), encoding="utf-8")
    problems = _check(data_copy, capsys)
    assert f"content/methodology.md:{len(lines) + 1}: text: links to a javascript: address; only http, https, mailto and relative links are allowed" in problems


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1b", "\x7f", "\x85", "\u2028", "\u202e"])
def test_a_control_character_in_a_table_is_refused_on_its_line(data_copy, capsys, character):
    line = edit_row(data_copy, "regions", "alibaba-cloud-ap-southeast-2", name=f"Sydney{character}2")
    problems = _check(data_copy, capsys)
    assert any(p.startswith(f"datasets/regions.csv:{line}: -: contains the control character U+{ord(character):04X}") for p in problems), problems


def test_a_control_character_in_a_profile_body_or_its_front_matter_is_refused(data_copy, capsys):
    line = _append_to_profile(data_copy, "Text with a vertical\x0btab.")
    path = data_copy / PROFILE
    path.write_text(path.read_text(encoding="utf-8").replace("summary: Amazon's", 'summary: "Amazon\\0s', 1).replace("cloud.\n---", 'cloud."\n---', 1), encoding="utf-8")
    problems = _check(data_copy, capsys)
    assert f"{PROFILE}:{line}: text: contains the control character U+000B; remove it" in problems
    assert f"{PROFILE}:2: front matter: contains markup or a control character; write plain text" in problems


def test_a_csv_with_a_byte_order_mark_is_refused_not_a_traceback(data_copy, capsys):
    path = data_copy / "datasets" / "providers.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    problems = _check(data_copy, capsys)
    assert problems[0] == "datasets/providers.csv:1: -: starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
    assert len(problems) == 2  # the problem and the count: nothing follows from a table that was not read


def test_one_bad_byte_gives_one_problem_on_its_own_line(data_copy, capsys):
    path = data_copy / "datasets" / "regions.csv"
    lines = path.read_bytes().split(b"\n")
    lines[41] = lines[41].replace(b"active", b"act\xe9ve", 1)
    path.write_bytes(b"\n".join(lines))
    problems = _check(data_copy, capsys)
    assert problems[0].startswith("datasets/regions.csv:42: -: byte 0xe9 in column ")
    assert len(problems) == 2, problems  # no "cited by no row" for every source the unread table cites


@pytest.mark.parametrize(
    "table, row_id, changes, expected",
    [
        ("regions", "alibaba-cloud-ap-southeast-2", {"announced": "0000"}, "announced: 0000 is not a real date"),
        ("regions", "alibaba-cloud-ap-southeast-2", {"zones": "99999999999999999999999"}, "zones: 99999999999999999999999 is too large"),
        ("regions", "alibaba-cloud-ap-southeast-2", {"zones": "2000000000"}, "zones: 2000000000 is too large"),
        ("events", "alibaba-cloud-2015-aliyun-1bn-investment", {"amount_usd": "1e400"}, "amount_usd: 1e400 is not a finite number"),
        ("events", "alibaba-cloud-2015-aliyun-1bn-investment", {"amount_usd": "1e300"}, "amount_usd: 1e300 is too large"),
    ],
)
def test_values_that_would_break_an_output_are_refused(data_copy, capsys, table, row_id, changes, expected):
    line = edit_row(data_copy, table, row_id, **changes)
    problems = _check(data_copy, capsys)
    assert any(p.startswith(f"datasets/{table}.csv:{line}: {expected}") for p in problems), problems


def test_year_zero_in_a_verified_date_is_refused(data_copy, capsys):
    line = edit_row(data_copy, "providers", "aws", verified="0000-01-01")
    problems = _check(data_copy, capsys)
    assert any(p.startswith(f"datasets/providers.csv:{line}: verified: ") for p in problems), problems


def test_a_hand_written_page_in_latin_1_is_refused_on_the_line_of_the_byte(data_copy, capsys):
    path = data_copy / "content" / "methodology.md"
    text = path.read_text(encoding="utf-8").split("\n")
    text[6] = text[6] + " caf\xe9"
    path.write_bytes("\n".join(text).encode("latin-1", errors="replace"))
    problems = _check(data_copy, capsys)
    assert any(p.startswith("content/methodology.md:7: text: byte 0xe9 in column") for p in problems), problems


def test_a_hand_written_page_with_broken_front_matter_is_refused_on_its_line(data_copy, capsys):
    path = data_copy / "content" / "api.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: API", "title: API\nhide: [unclosed"), encoding="utf-8")
    problems = _check(data_copy, capsys)
    assert any(p.startswith("content/api.md:3: front matter: is not valid YAML") for p in problems), problems


def test_a_page_cannot_set_front_matter_the_theme_would_obey(data_copy, capsys):
    path = data_copy / "content" / "api.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: API", 'title: API\ntemplate: ../../../etc/passwd\nfeed: x" onmouseover="alert(1)'), encoding="utf-8")
    problems = _check(data_copy, capsys)
    assert "content/api.md:2: front matter: 'template' is not a key the atlas uses here (only title, description, hide)" in problems
    assert "content/api.md:2: front matter: 'feed' is not a key the atlas uses here (only title, description, hide)" in problems


def test_a_yaml_alias_bomb_is_refused_at_once(data_copy, capsys):
    bomb = "\n".join(['a: &a ["x","x","x","x","x","x","x","x","x"]'] + [f'{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]' for i in range(8)])
    path = data_copy / PROFILE
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n" + bomb + "\n", 1), encoding="utf-8")
    started = time.monotonic()
    problems = _check(data_copy, capsys)
    assert time.monotonic() - started < 10
    assert f"{PROFILE}:2: front matter: is not valid YAML: anchors and aliases (& and *) are not allowed" in problems


def test_a_huge_front_matter_is_refused(data_copy, capsys):
    path = data_copy / PROFILE
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n" + "# filler\n" * 3000, 1), encoding="utf-8")
    problems = _check(data_copy, capsys)
    assert f"{PROFILE}:2: front matter: is longer than 10,000 characters" in problems


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 20000 + "x" + "](y)" * 20000, "the line is 100,001 characters long"),
        ("[" * 200 + "x" + "]" * 200, "nests brackets or quotes more than 16 deep"),
        (">" * 100 + " deep", "nests brackets or quotes more than 16 deep"),
        ("\n".join("    " * i + "- item" for i in range(150)), "is indented more than 40 spaces"),
    ],
)
def test_markdown_that_would_stall_or_crash_the_site_build_is_refused_at_once(data_copy, capsys, text, message):
    line = _append_to_profile(data_copy, text)
    started = time.monotonic()
    problems = _check(data_copy, capsys)
    assert time.monotonic() - started < 10
    assert any(p.startswith(f"{PROFILE}:") and message in p for p in problems), problems
    first = min(int(p.split(":")[1]) for p in problems if p.startswith(PROFILE))
    assert first >= line


# The site build: strict for real, atomic, locked and reproducible.


@pytest.fixture
def repository(data_copy) -> Path:
    """A copy of everything `generator site` reads, as a git repository with one commit on a fixed day."""
    shutil.copytree(ROOT / "overrides", data_copy / "overrides")
    _commit(data_copy, "2026-11-20T12:00:00+00:00")
    return data_copy


def _commit(root: Path, when: str) -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.com",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.com", "PATH": "/usr/bin:/bin"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "data"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True, capture_output=True)


def _site(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return run("-m", "generator", "--root", str(root), *extra, "site")


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_warning_fails_the_site_build_and_the_last_good_site_stays(repository):
    first = _site(repository)
    assert first.returncode == 0, first.stderr
    site, docs = _tree(repository / "site"), _tree(repository / "build" / "docs")
    page = repository / "content" / "methodology.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the missing page](no-such-page.md).\n", encoding="utf-8")
    second = _site(repository)
    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert "no-such-page.md" in second.stderr and "site/ and build/docs are unchanged" in second.stderr
    assert _tree(repository / "site") == site
    assert _tree(repository / "build" / "docs") == docs
    assert not [p for p in repository.iterdir() if p.name.startswith(".site-")]
    assert not [p for p in (repository / "build").iterdir() if p.name.startswith(".docs-")]


@pytest.mark.parametrize("changes, field", [
    ({"latitude": "north"}, "latitude"),  # the model cannot read it: the build must say why, not crash
    ({"status": "opened"}, "status"),  # the model would build pages from it: the build must not publish them
])
def test_data_the_check_refuses_replaces_nothing_though_the_check_runs_beside_the_build(repository, changes, field):
    first = _site(repository)
    assert first.returncode == 0, first.stderr
    site, docs = _tree(repository / "site"), _tree(repository / "build" / "docs")
    line = edit_row(repository, "regions", "aws-eu-west-3", **changes)
    second = _site(repository)
    assert second.returncode == 1 and "Traceback" not in second.stderr, second.stderr
    assert any(l.startswith(f"datasets/regions.csv:{line}: {field}: ") for l in second.stderr.splitlines()), second.stderr
    assert _tree(repository / "site") == site
    assert _tree(repository / "build" / "docs") == docs


def test_two_builds_of_one_commit_on_different_days_are_byte_identical(repository, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(repository, twin)
    one = _site(repository, "--today", dt.date.today().isoformat())
    two = _site(twin, "--today", "2027-03-01")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    first, second = _tree(repository / "site"), _tree(twin / "site")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    # The dates come from the commit (2026-11-20), not from either clock.
    assert b"<lastmod>2026-11-20</lastmod>" in first["sitemap.xml"]
    assert b"data as checked on 2026-11-20" in first["index.html"]
    commit_day = int(dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc).timestamp())  # MkDocs stamps the pages' day
    assert first["sitemap.xml.gz"][4:8] == commit_day.to_bytes(4, "little")  # the gzip header's MTIME


def test_a_second_build_waits_for_the_first(repository):
    (repository / "build").mkdir(exist_ok=True)
    with open(repository / "build" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(repository), "build"], cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said = waiting.stderr.readline()  # returns at once if the build ends without waiting
        assert said.startswith("another build is running in this checkout; waiting"), said
        time.sleep(1)
        assert waiting.poll() is None, "the build did not wait for the lock"
        assert not (repository / "build" / "docs").exists()
    assert waiting.wait(timeout=120) == 0
    assert (repository / "build" / "docs" / "index.md").exists()


def test_an_output_that_fails_midway_replaces_nothing(repository, monkeypatch, capsys):
    from generator import build

    assert main(["--root", str(repository), "build"]) == 0
    before = _tree(repository / "build" / "docs")

    def broken(atlas, out):
        (out / "half-written.md").write_text("half", encoding="utf-8")
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(build, "OUTPUTS", [*build.OUTPUTS[:1], broken, *build.OUTPUTS[1:]])
    capsys.readouterr()
    assert main(["--root", str(repository), "build"]) == 1
    err = capsys.readouterr().err
    assert "generator:1: test_hostile output: failed (OverflowError: Python int too large" in err, err
    assert _tree(repository / "build" / "docs") == before
    assert sorted(p.name for p in (repository / "build").iterdir()) == [".lock", "docs"]  # no scratch folder left


def test_nothing_runs_mkdocs_in_the_quiet_strict_mode_that_ignores_warnings():
    """`mkdocs build --strict --quiet` exits 0 on warnings (mkdocs/mkdocs#4126)."""
    places = [ROOT / "Makefile", ROOT / ".ci" / "run", *(ROOT / ".github" / "workflows").glob("*.yml")]
    for place in places:
        for line in place.read_text(encoding="utf-8").splitlines():
            if "mkdocs" in line and "build" in line:
                assert not ({"-q", "--quiet"} & set(line.split())), f"{place.name}: {line.strip()}"
    assert "python -m generator site" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_a_message_quoting_hostile_text_stays_one_plain_line(data_copy, capsys):
    """A value quoted back must not clear a maintainer's terminal or forge a line of the CI log."""
    line = edit_row(data_copy, "regions", "alibaba-cloud-ap-southeast-2", country="\x1b[2J\rZZ\x1c")
    problems = _check(data_copy, capsys)
    assert problems == [f"datasets/regions.csv:{line}: -: contains the control character U+001B; remove it", "1 problem(s); nothing was built."]
    from generator.problems import Problem

    shown = str(Problem("datasets/x.csv", 3, "name\r", "\x1b[2J quoted\nacross\u2028lines"))
    assert shown == "datasets/x.csv:3: name\\u000d: \\u001b[2J quoted across\\u2028lines"
