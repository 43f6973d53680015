"""load -> check -> model -> outputs, writing nothing unless the whole build succeeds.

Pages are generated into a scratch folder beside build/docs and, for the site, built by MkDocs into a
scratch folder beside site/; both are swapped in only when every stage succeeded, so a failure at any
stage leaves the previous build/docs and site/ as they were. One lock per checkout keeps two builds
from racing. The date the pages are "as of" comes from the data's commit, not the clock, so two builds
of one commit are byte-identical on any day.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import fcntl
import filecmp
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import model, paths
from .countries import all_countries
from .load import Data, load
from .outputs import api, calendar, downloads, feeds, pages, pictures
from .problems import DataError, Problem
from .rules import check

# Each output writes under the site's docs folder. A new output is one more entry here.
OUTPUTS = [pages.write, pictures.write, downloads.write, api.write, feeds.write, calendar.write]


def checked(root: Path, today: dt.date) -> Data:
    loaded = load(root)
    problems = check(loaded, today)
    if problems:
        raise DataError(problems)
    return loaded


def source_date_epoch(root: Path, loaded: Data | None = None) -> int:
    """When the data was last changed: $SOURCE_DATE_EPOCH, else the last commit, else the latest verification."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    if (root / ".git").exists():
        try:
            result = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=30)
            if result.returncode == 0 and result.stdout.strip().isdigit():
                return int(result.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass  # no git: fall back to the data's own dates
    verified = [r["verified"] for r in loaded.tables["providers"].rows] if loaded and "providers" in loaded.tables else []
    latest = max((dt.date.fromisoformat(v) for v in verified), default=dt.date(1970, 1, 1))
    return int(dt.datetime.combine(latest, dt.time(), dt.timezone.utc).timestamp())


@contextmanager
def _checked_beside(root: Path, today: dt.date) -> Iterator[tuple[model.Atlas, int, Callable[[], None]]]:
    """The model of the data as read, and the full check of that data running in a second process meanwhile.

    The check is the longest stage before MkDocs and needs nothing the pages need, so on a machine with two
    cores it costs no time when it runs while the pages are written. The caller must call the verdict before
    MkDocs renders a page or anything is swapped in: data that fails the check never reaches a reader. If
    writing fails first, the check's findings are what a contributor is shown, since bad data explains the
    failure better than the failure does."""
    receiving, sending = multiprocessing.Pipe(duplex=False)
    checker = multiprocessing.get_context("fork").Process(target=_send_problems, args=(root, today, sending), daemon=True)
    checker.start()
    sending.close()
    verdict_given = False

    def verdict() -> None:
        nonlocal verdict_given
        if verdict_given:
            return
        try:
            problems = receiving.recv()
        except EOFError:  # the checking process died without a word (killed, out of memory): check here instead
            problems = check(load(root), today)
        finally:
            checker.join()
        verdict_given = True
        if problems:
            raise DataError(problems)

    try:
        loaded = load(root, validate=False)
        if unsafe := unsafe_names(loaded):
            # An id that would leave its folder never becomes a path: the check's findings say why, else these do.
            verdict()
            raise DataError(unsafe)
        epoch = source_date_epoch(root, loaded)
        atlas = model.build(loaded, all_countries(), dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date())
        yield atlas, epoch, verdict
        verdict()
    except Exception:
        verdict()  # raises the data's problems, if it has any, instead of what they caused
        raise
    finally:
        receiving.close()
        if checker.is_alive():
            checker.kill()
            checker.join()


def unsafe_names(loaded: Data) -> list[Problem]:
    """Ids that become file names but could not safely be one (the check refuses each with its own message too)."""
    problems = []
    for name in ("providers", "regions"):
        table = loaded.tables.get(name)
        for row in table.rows if table else []:
            if not paths.safe_id(row["id"]):
                problems.append(Problem(table.path, row.line, "id", f"{row['id'][:120]!r} cannot name a page: use lowercase letters, digits and single hyphens, at most {paths.MAX_ID} characters"))
    return problems


def _send_problems(root: Path, today: dt.date, sending) -> None:
    try:
        sending.send(check(load(root), today))
    finally:
        sending.close()


def atlas_of(root: Path, today: dt.date) -> model.Atlas:
    """The checked model; `today` is the day dates are checked against, the pages show the data's own date."""
    return _atlas_and_epoch(root, today)[0]


def _atlas_and_epoch(root: Path, today: dt.date) -> tuple[model.Atlas, int]:
    loaded = checked(root, today)
    epoch = source_date_epoch(root, loaded)
    return model.build(loaded, all_countries(), dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()), epoch


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """One build at a time per checkout: a second waits for the first instead of racing it."""
    paths.refuse_links(root, root / "build" / ".lock")
    (root / "build").mkdir(parents=True, exist_ok=True)
    # O_NOFOLLOW: a link put there after the check above is refused by the kernel, and nothing is truncated.
    descriptor = os.open(root / "build" / ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with open(descriptor, "r+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("another build is running in this checkout; waiting for it to finish", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def generate(root: Path, out: Path, today: dt.date, sync: bool = False) -> model.Atlas:
    """Build every output into a scratch folder, then swap it in for `out` (or, with `sync`, copy what changed)."""
    paths.refuse_links(root, out)
    with locked(root), _checked_beside(root, today) as (atlas, _, verdict), _scratch(out) as staging:
        _write_outputs(atlas, staging)
        verdict()
        if sync:
            _sync(staging, out)
        else:
            _swap(staging, out)
    return atlas


def build_site(root: Path, today: dt.date, site: Path) -> model.Atlas:
    """Generate the pages and build the site with MkDocs; swap both in only when both succeeded."""
    docs = root / "build" / "docs"
    paths.refuse_links(root, docs, site)
    with locked(root), _checked_beside(root, today) as (atlas, epoch, verdict), _scratch(docs) as new_docs, _scratch(site) as new_site:
        _write_outputs(atlas, new_docs)
        verdict()
        _mkdocs(root, new_docs, new_site, epoch)
        if too_big := paths.size_problems(new_site):
            raise DataError(too_big)
        _swap(new_docs, docs)
        _swap(new_site, site)
    return atlas


def _write_outputs(atlas: model.Atlas, out: Path) -> None:
    _write_each(atlas, out)
    # Two pages at one address (providers.md beside providers/index.md): MkDocs would keep one without a word.
    seen: dict[str, Path] = {}
    for page in sorted(out.rglob("*.md")):
        taken = seen.setdefault(paths.address(str(page.relative_to(out))), page.relative_to(out))
        if taken != page.relative_to(out):
            raise DataError([Problem("generator", 1, "output", f"{page.relative_to(out)} and {taken} take the same address; nothing was replaced")])


def _write_each(atlas: model.Atlas, out: Path) -> None:
    for write in OUTPUTS:
        try:
            write(atlas, out)
        except DataError:
            raise  # an output's own finding about the data, already in a contributor's words
        except Exception as error:  # a value the checker let through and an output cannot take: say so, replace nothing
            name = f"{write.__module__.rsplit('.', 1)[-1]} output"
            raise DataError([Problem("generator", 1, name, f"failed ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}); nothing was replaced")]) from error


@contextmanager
def _scratch(target: Path) -> Iterator[Path]:
    """An empty folder beside `target` (same file system, so it can be renamed into place); gone afterwards."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-"))
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _mkdocs(root: Path, docs: Path, site: Path, epoch: int) -> None:
    """MkDocs in strict mode, on the scratch pages: any warning fails the build (not only when logging is loud)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # the sitemap's lastmod and the gzip header's time
    warnings = _Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        config = load_config(str(root / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), strict=True)
        build(config)
        failure = None
    except (MkDocsException, SystemExit) as error:
        failure = str(error) or "MkDocs stopped"
    except Exception as error:  # a crash inside Markdown or the theme must not cost the last good site either
        failure = f"{type(error).__name__}: {error}"
    finally:
        logger.removeHandler(warnings)
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    if failure or warnings.messages:
        problems = [Problem("mkdocs.yml", 1, "site", f"MkDocs: {message}") for message in warnings.messages]
        problems.append(Problem("mkdocs.yml", 1, "site", f"the site build failed ({failure or 'warnings in strict mode'}); site/ and build/docs are unchanged"))
        raise DataError(problems)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is in one step where Linux allows (renameat2), else two renames; `new` then holds the old."""
    if target.exists():
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = getattr(libc, "renameat2", None)
        if renameat2 and renameat2(_AT_FDCWD, bytes(new), _AT_FDCWD, bytes(target), _RENAME_EXCHANGE) == 0:
            return
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        os.rename(target, old)
        os.rename(new, target)
        os.rename(old, new)
    else:
        os.rename(new, target)


def _sync(new: Path, out: Path) -> None:
    # For `serve`: files are replaced one by one rather than the folder swapped, so that `mkdocs serve`,
    # which watches `out`, sees ordinary edits and reloads only what changed. Each file is replaced by a
    # rename, so none is ever half-written.
    out.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.relative_to(out) not in wanted:
            paths.inside(out, path.relative_to(out)).unlink()
    for relative in sorted(wanted):
        target = paths.inside(out, relative)
        if not target.exists() or not filecmp.cmp(new / relative, target, shallow=False):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new / relative, target)
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
