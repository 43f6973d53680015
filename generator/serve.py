"""Serve the site locally and rebuild the pages whenever the data, content or templates change.

The generator rewrites build/docs; `mkdocs serve` watches that folder and reloads the browser.
A change that breaks the data prints its problems and leaves the last good pages in place.
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import threading
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from .build import generate
from .load import load
from .problems import DataError
from .rules import check

WATCHED = ("datasets", "content", "generator/templates")
# Single files that also feed the build: the downloads page, the package and the API description.
WATCHED_FILES = ("CITATION.cff", "releases.json", "LICENSE-DATA", "generator/openapi.yaml")


def _rebuild(root: Path, today: dt.date) -> None:
    try:
        atlas = generate(root, root / "build" / "docs", today, sync=True)
        print(f"rebuilt: {len(atlas.regions)} regions", flush=True)
    except DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); the site still shows the last good build.", file=sys.stderr, flush=True)
    except Exception as error:  # this runs in the watcher's thread: a traceback there would stop rebuilding silently
        print(f"the rebuild failed ({type(error).__name__}: {error}); the site still shows the last good build.", file=sys.stderr, flush=True)


class _Debounced(FileSystemEventHandler):
    """Editors write a file in several steps; rebuild once, shortly after the last one."""

    def __init__(self, action, only: tuple[Path, ...] = ()):
        self.action = action
        self.only = only
        self.timer: threading.Timer | None = None

    def on_any_event(self, event) -> None:
        if event.is_directory or event.event_type not in ("created", "modified", "moved", "deleted"):
            return
        if self.only and Path(event.src_path).resolve() not in self.only:
            return
        if self.timer:
            self.timer.cancel()
        self.timer = threading.Timer(0.3, self.action)
        self.timer.start()


def serve(root: Path, today: dt.date, address: str = "127.0.0.1:8000") -> int:
    try:
        generate(root, root / "build" / "docs", today, sync=True)
    except DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); fix them and run again.", file=sys.stderr)
        return 1
    # The check looks up every region's town among GeoNames' places; doing it once here, in this long-lived
    # process, leaves those answers in memory for each rebuild's checking process, which starts as a copy of it.
    check(load(root), today)
    observer = Observer()
    handler = _Debounced(lambda: _rebuild(root, dt.date.today()))
    for folder in WATCHED:
        observer.schedule(handler, str(root / folder), recursive=True)
    files = tuple((root / name).resolve() for name in WATCHED_FILES)
    file_handler = _Debounced(lambda: _rebuild(root, dt.date.today()), only=files)
    for folder in sorted({f.parent for f in files}):
        observer.schedule(file_handler, str(folder), recursive=False)
    observer.start()
    server = None
    # Stopped with SIGTERM (a terminal closed, a test, `kill`), this process ends as on Ctrl-C, and takes its
    # `mkdocs serve` with it: left behind, that would hold the port until someone found it.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        # Dirty rebuilds: MkDocs renders only the pages the generator rewrote, not all six hundred. Strict mode is
        # off here because MkDocs warns about every dirty rebuild; `make site` and CI build strictly.
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "--dev-addr", address], cwd=root)
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        observer.stop()
        observer.join()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
