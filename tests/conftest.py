"""Build the real site from the real data once per test session, and read it as a reader would."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, env=env)


def generator(*args: str) -> subprocess.CompletedProcess:
    """`python -m generator <args>` in this process: its exit status and what it printed, as `run` gives them.

    A new process costs about 2.5 s of imports, this about 0.3 s once warm, for the same messages; an uncaught
    exception fails the test here, as a traceback would fail it there. Tests of the command line's own contract
    (exit status and no traceback from a real process) keep `run`."""
    from generator.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exit:  # argparse refusing the arguments
            status = exit.code if isinstance(exit.code, int) else 1
    return subprocess.CompletedProcess(["generator", *args], status, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The static site, built by the same commands as `make site`."""
    out = tmp_path_factory.mktemp("site")
    built = run("-m", "generator", "site", "--site-dir", str(out))
    assert built.returncode == 0, built.stderr
    return out


def rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "datasets" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Page(HTMLParser):
    """The visible text of a page's article, and its tables as lists of cell texts."""

    def __init__(self, html: str):
        super().__init__()
        self.text_parts: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.links: list[tuple[str, dict]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_article = 0
        self.feed(html)
        self.text = " ".join(" ".join(self.text_parts).split())

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.links.append((tag, attributes))
        if tag == "article":
            self._in_article += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_article:
            self.text_parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def rows_with(self, *needles: str) -> list[list[str]]:
        return [row for table in self.tables for row in table if all(any(n in cell for cell in row) for n in needles)]


def page(site: Path, path: str) -> Page:
    return Page((site / path / "index.html").read_text(encoding="utf-8"))


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A throwaway copy of the data and content, for tests that break it."""
    for folder in ("datasets", "content"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for name in ("LICENSE-DATA", "CITATION.cff", "releases.json", "mkdocs.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def edit_row(root: Path, table: str, row_id: str, **changes: str) -> int:
    """Change one row of a CSV in the copy; return its line number."""
    path = root / "datasets" / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, data = reader.fieldnames, list(reader)
    key = "id" if "id" in header else "provider"
    index = next(i for i, row in enumerate(data) if row[key] == row_id)
    data[index].update(changes)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    return index + 2


def append_line(root: Path, table: str, line: str) -> int:
    """Add one line to a CSV in the copy; return its line number."""
    path = root / "datasets" / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def check_copy(root: Path):
    """The checker on a copy, as a contributor runs it: its messages, and never a traceback."""
    result = generator("--root", str(root), "check")
    assert "Traceback" not in result.stderr
    return result
