"""Where the build keeps what it can reuse between runs."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cache_folder(name: str) -> Path:
    """build/.cache/<name>, or under $ATLAS_CACHE (the benchmark gives each run a fresh one)."""
    return Path(os.environ.get("ATLAS_CACHE") or ROOT / "build" / ".cache") / name
