"""The weekly source check: is every cited address still there?

Each address in sources.csv (`url`, `read_at` where a copy was read, and any column ending in `_url`) is
requested once, politely:
a user agent that names the atlas and where to reach it, a timeout, a pause between requests to the same
host, robots.txt obeyed, and no request at all to a host in hosts_refusing_robots.csv (each with its
reason and a citation). What answers with an error or does not answer is dead; what answers with a
permanent redirect has moved. The report is Markdown, for the one issue the workflow keeps open.

The network is reached only through a Fetcher, so the tests replay recorded answers.
"""

from __future__ import annotations

import csv
import re
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .load import Table

USER_AGENT = "CloudRegionAtlasSourceCheck/1.0 (+https://github.com/cloud-region-atlas/cloud-region-atlas)"
TIMEOUT_SECONDS = 20
PAUSE_SECONDS = 2.0  # between two requests to the same host
ALLOW_LIST = Path(__file__).parent / "hosts_refusing_robots.csv"
MOVED = (301, 308)  # permanent redirects; a temporary one (302, 303, 307) is followed, not reported
REFUSED = (401, 403, 429)  # the host turned the check away: not proof the page is gone


@dataclass(frozen=True)
class Target:
    source: str  # the source's id
    column: str  # url, or another *_url column
    url: str
    path: str  # datasets/sources.csv
    line: int


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no answer (timeout, refused connection, unknown host)
    location: str = ""  # where a redirect points
    error: str = ""
    body: str = ""  # only read for robots.txt


Fetcher = Callable[[str], Answer]


@dataclass
class Report:
    checked: int = 0
    dead: list[tuple[Target, str]] = field(default_factory=list)  # (target, what answered)
    moved: list[tuple[Target, str]] = field(default_factory=list)  # (target, new address)
    refused: list[tuple[Target, str]] = field(default_factory=list)
    skipped: list[tuple[Target, str]] = field(default_factory=list)  # (target, why it was not requested)

    @property
    def ok(self) -> bool:
        return not (self.dead or self.moved)


def targets(table: Table) -> list[Target]:
    """Every address the sources table cites, with its row."""
    found = []
    for row in table.rows:
        for column, value in row.values.items():
            if (column in ("url", "read_at") or column.endswith("_url")) and value.startswith(("http://", "https://")):
                found.append(Target(row["id"], column, value, table.path, row.line))
    return found


def read_allow_list(path: Path = ALLOW_LIST) -> dict[str, str]:
    """host -> why it is not requested (its reason and the page that says so)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["host"].strip().lower(): f"{row['reason'].strip()} ({row['source'].strip()})" for row in csv.DictReader(handle) if row.get("host")}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect comes back as an HTTPError carrying its Location


def fetch(url: str) -> Answer:
    """One GET with the atlas's user agent and a timeout; redirects are reported, not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(512_000).decode("utf-8", errors="replace") if url.endswith("/robots.txt") else ""
            return Answer(response.status, body=body)
    except urllib.error.HTTPError as error:
        return Answer(error.code, location=error.headers.get("Location", "") or "")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        return Answer(None, error=str(getattr(error, "reason", error)))


def _robots(host_root: str, fetcher: Fetcher) -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    answer = fetcher(host_root + "/robots.txt")
    if answer.status in (401, 403):
        parser.disallow_all = True  # as robotparser itself reads such an answer
    elif answer.status == 200:
        parser.parse(answer.body.splitlines())
    else:
        parser.allow_all = True  # no robots.txt: nothing is disallowed
    return parser


def _absolute(location: str, url: str) -> str:
    return urljoin(url, location) if location else ""


def check(items: Iterable[Target], fetcher: Fetcher = fetch, allow_list: dict[str, str] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> Report:
    """Request each address once (one request per distinct address) and sort the answers."""
    report = Report()
    allow_list = read_allow_list() if allow_list is None else allow_list
    robots: dict[str, urllib.robotparser.RobotFileParser] = {}
    answers: dict[str, Answer] = {}
    asked: set[str] = set()  # hosts already requested: the next request to one waits first

    def polite(url: str, root: str) -> Answer:
        if root in asked:
            sleep(PAUSE_SECONDS)
        asked.add(root)
        return fetcher(url)

    for target in items:
        parts = urlsplit(target.url)
        host = (parts.hostname or "").lower()
        refusing = next((why for name, why in allow_list.items() if host == name or host.endswith("." + name)), None)
        if refusing:
            report.skipped.append((target, f"not requested: {refusing}"))
            continue
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in robots:
            robots[root] = _robots(root, lambda url: polite(url, root))
        if not robots[root].can_fetch(USER_AGENT, target.url):
            report.skipped.append((target, "not requested: the host's robots.txt disallows it"))
            continue
        if target.url not in answers:
            answers[target.url] = polite(target.url, root)
        answer = answers[target.url]
        report.checked += 1
        if answer.status is None:
            report.dead.append((target, f"no answer: {answer.error}"))
        elif answer.status in MOVED:
            report.moved.append((target, _absolute(answer.location, target.url)))
        elif answer.status in REFUSED:
            report.refused.append((target, f"HTTP {answer.status}"))
        elif answer.status >= 400:
            report.dead.append((target, f"HTTP {answer.status}"))
    return report


def _cell(text: str, address: bool = False) -> str:
    """A table cell that stays one cell and shows as text: nothing in it links, shows an image, formats or mentions.

    An address (ours, or where a redirect points, which its host chooses) is shown as code, in a span of more
    backticks than any run inside it, so that no `](...)` or `![...]` in it becomes a link or an image."""
    text = text.replace("\r", " ").replace("\n", " ")
    if address:
        fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
        return f"{fence} {text.replace('|', '%7C')} {fence}"
    text = re.sub(r"([\\`*_{}\[\]()#+!|~>])", r"\\\1", text).replace("<", "&lt;")
    return text.replace("@", "@\u200b")


def markdown(report: Report, day: str) -> str:
    """The issue body: what is dead and what moved, each with its row, then what was not requested."""
    lines = [
        f"The source check of {day} checked {report.checked} cited addresses: {len(report.dead)} dead, {len(report.moved)} moved, "
        f"{len(report.refused)} turned the check away, {len(report.skipped)} not requested.",
        "",
        "For a dead source, find the document at its new address or in an archive, and put that address in "
        "`datasets/sources.csv`; for a moved one, check that the new page is the same document before changing the row.",
    ]
    sections = (("Dead", "Answer", report.dead), ("Moved", "Now at", report.moved),
                ("Turned the check away (look by hand)", "Answer", report.refused), ("Not requested", "Why", report.skipped))
    for title, column, entries in sections:
        if not entries:
            continue
        lines += ["", f"### {title}", "", f"| Source | Row | Address | {column} |", "| --- | --- | --- | --- |"]
        for target, what in entries:
            now_at = column == "Now at"
            lines.append(f"| {_cell(target.source)} | {target.path}:{target.line} | {_cell(target.url, address=True)} | {_cell(what, address=now_at)} |")
    return "\n".join(lines) + "\n"
