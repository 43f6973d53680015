"""load -> check -> model -> outputs, writing nothing unless the whole build succeeds."""

from __future__ import annotations

import datetime as dt
import filecmp
import shutil
import tempfile
from pathlib import Path

from . import model
from .countries import all_countries
from .load import Data, load
from .outputs import api, downloads, feeds, pages, pictures
from .problems import DataError
from .rules import check

# Each output writes under the site's docs folder. A new output is one more entry here.
OUTPUTS = [pages.write, pictures.write, downloads.write, api.write, feeds.write]


def checked(root: Path, today: dt.date) -> Data:
    loaded = load(root)
    problems = check(loaded, today)
    if problems:
        raise DataError(problems)
    return loaded


def atlas_of(root: Path, today: dt.date) -> model.Atlas:
    loaded = checked(root, today)
    return model.build(loaded, all_countries(), today)


def generate(root: Path, out: Path, today: dt.date) -> model.Atlas:
    """Build every output into a scratch folder, then bring `out` in line with it."""
    atlas = atlas_of(root, today)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".staging-") as staging:
        for write in OUTPUTS:
            write(atlas, Path(staging))
        _sync(Path(staging), out)
    return atlas


def _sync(new: Path, out: Path) -> None:
    # Files are replaced one by one rather than the folder swapped, so that `mkdocs serve`,
    # which watches `out`, sees ordinary edits and reloads only what changed.
    out.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.relative_to(out) not in wanted:
            path.unlink()
    for relative in sorted(wanted):
        target = out / relative
        if not target.exists() or not filecmp.cmp(new / relative, target, shallow=False):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new / relative, target)
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
