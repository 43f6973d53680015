"""The weekly source check, on recorded answers: no test reaches the network."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from generator.load import Row, Table, load
from generator.sourcecheck import USER_AGENT, Answer, check, markdown, read_allow_list, targets

ROBOTS = "User-agent: *\nDisallow: /private/\n"

# What each address answered, recorded: the check sees only these.
RECORDED = {
    "https://docs.example.com/robots.txt": Answer(200, body=ROBOTS),
    "https://docs.example.com/regions": Answer(200),
    "https://docs.example.com/old-page": Answer(404),
    "https://docs.example.com/private/plan": Answer(200),
    "https://docs.example.com/renamed": Answer(301, location="/new-name"),
    "https://docs.example.com/for-now": Answer(302, location="/elsewhere"),
    "https://news.example.org/robots.txt": Answer(404),
    "https://news.example.org/story": Answer(403),
    "https://gone.example.net/robots.txt": Answer(None, error="Name or service not known"),
    "https://gone.example.net/a|b": Answer(None, error="Name or service not known"),
}


def _table() -> Table:
    rows = [
        Row(2, {"id": "docs-regions", "url": "https://docs.example.com/regions", "read_at": ""}),
        Row(3, {"id": "docs-old", "url": "https://docs.example.com/old-page", "read_at": "https://docs.example.com/regions"}),
        Row(4, {"id": "docs-private", "url": "https://docs.example.com/private/plan", "read_at": ""}),
        Row(5, {"id": "docs-renamed", "url": "https://docs.example.com/renamed", "read_at": ""}),
        Row(6, {"id": "docs-for-now", "url": "https://docs.example.com/for-now", "read_at": ""}),
        Row(7, {"id": "news-story", "url": "https://news.example.org/story", "read_at": ""}),
        Row(8, {"id": "gone", "url": "https://gone.example.net/a|b", "read_at": ""}),
        Row(9, {"id": "walled", "url": "https://www.walled.example/article", "read_at": ""}),
    ]
    return Table("sources", "datasets/sources.csv", rows)


class Recorder:
    def __init__(self):
        self.requested: list[str] = []
        self.pauses = 0

    def __call__(self, url: str) -> Answer:
        self.requested.append(url)
        return RECORDED[url]

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.pauses += 1


def _run():
    recorder = Recorder()
    allow = {"walled.example": "answers every script with a challenge page (https://walled.example/terms)"}
    return check(targets(_table()), recorder, allow, recorder.sleep), recorder


def test_every_url_column_is_a_target_with_its_row():
    found = targets(_table())
    assert [(t.source, t.column, t.line) for t in found][:4] == [("docs-regions", "url", 2), ("docs-old", "url", 3), ("docs-old", "read_at", 3), ("docs-private", "url", 4)]
    assert all(t.path == "datasets/sources.csv" for t in found)


def test_the_real_sources_are_all_targets():
    table = load(ROOT).tables["sources"]
    assert len(targets(table)) >= len(table.rows)
    assert {t.source for t in targets(table)} == {r["id"] for r in table.rows}


def test_answers_are_sorted_into_dead_moved_refused_and_skipped():
    report, _ = _run()
    assert [(t.source, why) for t, why in report.dead] == [("docs-old", "HTTP 404"), ("gone", "no answer: Name or service not known")]
    assert [(t.source, where) for t, where in report.moved] == [("docs-renamed", "https://docs.example.com/new-name")]
    assert [(t.source, why) for t, why in report.refused] == [("news-story", "HTTP 403")]
    assert [(t.source, why) for t, why in report.skipped] == [
        ("docs-private", "not requested: the host's robots.txt disallows it"),
        ("walled", "not requested: answers every script with a challenge page (https://walled.example/terms)"),
    ]
    assert not report.ok


def test_the_check_is_polite():
    _, recorder = _run()
    assert "https://docs.example.com/private/plan" not in recorder.requested  # robots.txt obeyed
    assert not any("walled" in url for url in recorder.requested)  # the allow-list is never requested
    assert recorder.requested.count("https://docs.example.com/regions") == 1  # one request per address
    assert recorder.requested.index("https://docs.example.com/robots.txt") < recorder.requested.index("https://docs.example.com/regions")
    # Every request after the first to a host waits: 5 to docs (robots + 4 pages), 2 to news, 2 to gone.
    assert recorder.pauses == 4 + 1 + 1
    assert "CloudRegionAtlas" in USER_AGENT and "https://" in USER_AGENT


def test_the_report_lists_each_problem_with_its_row():
    report, _ = _run()
    text = markdown(report, "2026-11-30")
    assert text.startswith("The source check of 2026-11-30 checked 7 cited addresses: 2 dead, 1 moved, 1 turned the check away, 2 not requested.")
    assert "### Dead\n\n| Source | Row | Address | Answer |\n| --- | --- | --- | --- |\n| docs-old | datasets/sources.csv:3 | ` https://docs.example.com/old-page ` | HTTP 404 |" in text
    assert "| gone | datasets/sources.csv:8 | ` https://gone.example.net/a%7Cb ` | no answer: Name or service not known |" in text
    assert "### Moved\n\n| Source | Row | Address | Now at |\n| --- | --- | --- | --- |\n| docs-renamed | datasets/sources.csv:5 | ` https://docs.example.com/renamed ` | ` https://docs.example.com/new-name ` |" in text
    assert "docs-for-now" not in text  # a temporary redirect is not a move


def test_a_clean_check_says_so():
    recorder = Recorder()
    report = check(targets(Table("sources", "datasets/sources.csv", [Row(2, {"id": "docs-regions", "url": "https://docs.example.com/regions"})])), recorder, {}, recorder.sleep)
    assert report.ok and report.checked == 1
    assert "###" not in markdown(report, "2026-11-30")


def test_the_allow_list_cites_a_reason_and_a_source_for_every_host(tmp_path: Path):
    shipped = read_allow_list()
    assert all(" (" in why and "http" in why for why in shipped.values())
    listed = tmp_path / "hosts.csv"
    listed.write_text("host,reason,source\nExample.COM,refuses scripts,https://example.com/robots.txt\n", encoding="utf-8")
    assert read_allow_list(listed) == {"example.com": "refuses scripts (https://example.com/robots.txt)"}
