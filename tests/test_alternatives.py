"""The same build/docs and mkdocs.yml build with Zensical and with ProperDocs, page for page.

Material for MkDocs is in maintenance mode and MkDocs 1.x has had no release since 2024: these tests prove the
atlas has a way off both. `make test` sets up each tool in its own environment (.venv-zensical/,
.venv-properdocs/) from the locks in alternatives/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, Page
from generator.build import locked

TOOLS = {
    "zensical": [str(ROOT / ".venv-zensical" / "bin" / "zensical"), "build", "--strict", "-f", "mkdocs.yml"],
    "properdocs": [str(ROOT / ".venv-properdocs" / "bin" / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"],
}
PAGES = ["", "providers/aws", "providers", "changelog", "countries", "coverage", "downloads", "methodology", "api"]


def _pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def _other_sites(site, tmp_path_factory) -> dict[str, Path]:
    """The site as each other tool builds it from the pages `generator site` wrote (the `site` fixture).

    Both tools build at once: each is one process, mostly waiting on its own core, and together they take the
    time of the slower one instead of the sum."""
    missing = [name for name, command in TOOLS.items() if not Path(command[0]).exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} not set up: run `make test` (or make .venv-<tool>/.installed)")
    running = {}
    for name, command in sorted(TOOLS.items()):
        work = tmp_path_factory.mktemp(name)
        with locked(ROOT):  # under `pytest -n 2` another worker's session build may be swapping build/docs in
            shutil.copytree(ROOT / "build" / "docs", work / "build" / "docs")
        shutil.copytree(ROOT / "overrides", work / "overrides")
        shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
        with (work / "said.log").open("w") as said:  # a file, not a pipe: neither tool waits on a full pipe
            running[name] = (work, subprocess.Popen(command, cwd=work, stdout=said, stderr=subprocess.STDOUT))
    sites = {}
    for name, (work, process) in running.items():
        process.wait(timeout=600)
        assert process.returncode == 0, f"{name}: " + (work / "said.log").read_text(errors="replace")[-4000:]
        sites[name] = work / "site"
    return sites


@pytest.fixture(scope="module", params=sorted(TOOLS))
def other_site(request, _other_sites) -> tuple[str, Path]:
    return request.param, _other_sites[request.param]


def test_the_other_tool_builds_every_page(site, other_site):
    name, other = other_site
    assert _pages(other) == _pages(site), f"{name}: pages differ"


@pytest.mark.parametrize("path", PAGES)
def test_the_other_tool_gives_the_same_text_tables_and_title(site, other_site, path):
    name, other = other_site
    ours, theirs = (root / path / "index.html" for root in (site, other))
    # Zensical highlights code blocks token by token, which changes the spaces between tokens but no character.
    assert "".join(Page(theirs.read_text(encoding="utf-8")).text.split()) == "".join(Page(ours.read_text(encoding="utf-8")).text.split()), name
    assert Page(theirs.read_text(encoding="utf-8")).tables == Page(ours.read_text(encoding="utf-8")).tables, name
    title = re.compile(r"<title>(.*?)</title>")
    assert title.search(theirs.read_text(encoding="utf-8"))[1] == title.search(ours.read_text(encoding="utf-8"))[1]


def test_the_other_tool_keeps_the_escaped_head(site, other_site):
    """overrides/main.html escapes front matter in <head>; the other tool must use it too."""
    name, other = other_site
    head = (other / "providers" / "aws" / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert re.search(r'<meta name="description" content="Amazon&#(39|x27);s cloud', head), name
    assert 'type="application/atom+xml" title="Amazon Web Services: changes (Atom)"' in head, name
