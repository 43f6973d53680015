"""Where the build may write, and where it keeps what it can reuse between runs.

A pull request is untrusted, and much of what the build writes is named after it: a region's id becomes
regions/<id>.md, a provider's becomes providers/<id>.json. Every output therefore writes through `write_text`
or `write_bytes`, which resolve the path and refuse it unless it stays inside the folder the output was given,
whatever an id, a symbolic link or datapackage.json says. `refuse_links` keeps a committed `site` or `build`
symbolic link from turning a build's swap or lock into a write on whatever it points to.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .problems import DataError, Problem

ROOT = Path(__file__).resolve().parent.parent

# What an id must be before it may become part of a path: the id pattern of generator/schema.json, and short
# enough for a file name (a file system refuses names of more than 255 bytes).
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID = 100
MAX_PAGE_BYTES = 5 * 1024 * 1024  # a generated Markdown page beyond this is too big for a reader's browser
MAX_SITE_BYTES = 900 * 1024 * 1024  # GitHub Pages refuses a site of more than 1 GB


def cache_folder(name: str) -> Path:
    """build/.cache/<name>, or under $ATLAS_CACHE (the benchmark gives each run a fresh one)."""
    return Path(os.environ.get("ATLAS_CACHE") or ROOT / "build" / ".cache") / name


def safe_id(text: str) -> bool:
    """Whether `text` may name a file: an id of lowercase letters, digits and single hyphens, at most MAX_ID long."""
    return len(text) <= MAX_ID and SLUG.fullmatch(text) is not None


def inside(folder: Path, relative: str | Path) -> Path:
    """`folder / relative`, once it is certain to stay inside `folder` after every `..` and symbolic link."""
    target = folder / relative
    if Path(relative).is_absolute() or not target.resolve().is_relative_to(folder.resolve()):
        raise DataError([Problem("generator", 1, "output", f"{str(relative)!r} would be written outside {folder.name}/; nothing was written")])
    return target


def write_text(folder: Path, relative: str | Path, text: str, replace: bool = False) -> Path:
    return write_bytes(folder, relative, text.encode("utf-8"), replace)


def write_bytes(folder: Path, relative: str | Path, content: bytes, replace: bool = False) -> Path:
    """Write a file under `folder`, making its parent folders; refuse a page too big to read.

    Outputs write into a fresh folder, so a file already there was written by another page: two pages at one
    address (a provider named `sitemap`, a hand-written page named like a generated one) are refused, not merged."""
    target = inside(folder, relative)
    if not replace and target.exists():
        raise DataError([Problem("generator", 1, "output", f"{relative} would be written twice: two pages take one address; nothing was replaced")])
    if str(relative).endswith(".md") and len(content) > MAX_PAGE_BYTES:
        raise DataError([Problem("generator", 1, "output", f"the page {relative} would be {len(content) / 1024 / 1024:,.1f} MB "
                                 f"(at most {MAX_PAGE_BYTES // 1024 // 1024} MB): the data has grown past what one page can show; nothing was replaced")])
    target.parent.mkdir(parents=True, exist_ok=True)
    inside(folder, relative)  # again, now that its folders exist
    target.write_bytes(content)
    return target


def address(page: str) -> str:
    """The address MkDocs gives a Markdown page: `providers.md` and `providers/index.md` are both /providers/."""
    return "/".join(part for part in page.removesuffix(".md").split("/") if part != "index")


def size_problems(site: Path) -> list[Problem]:
    """The built site, refused when GitHub Pages would refuse to publish it."""
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and not p.is_symlink())
    if size <= MAX_SITE_BYTES:
        return []
    return [Problem("site", 1, "-", f"the site would be {size / 1024 / 1024:,.1f} MB, more than the {MAX_SITE_BYTES // 1024 // 1024} MB "
                    "allowed (GitHub Pages publishes no more than 1 GB); site/ and build/docs are unchanged")]


def refuse_links(root: Path, *targets: Path) -> None:
    """Refuse to build when a target, or a folder between the checkout and it, is a symbolic link.

    `site` or `build` committed as a link would otherwise make the build swap away, or truncate, what it points to.
    """
    problems = []
    for target in targets:
        steps = [target]
        if target.is_relative_to(root):
            steps = [root / Path(*target.relative_to(root).parts[: i + 1]) for i in range(len(target.relative_to(root).parts))]
        for step in steps:
            if step.is_symlink():
                shown = step.relative_to(root) if step.is_relative_to(root) else step
                problems.append(Problem(str(shown), 1, "-", f"is a symbolic link (to {os.readlink(step)}); the build writes only into real folders: remove it"))
    if problems:
        raise DataError(problems)
