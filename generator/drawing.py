"""Charts drawn: a chart's Vega-Lite specification rendered to SVG by vl-convert, offline.

Pages carry the drawings inline, so the site's stylesheet gives their text and grid the light or dark palette
the reader has chosen, and one drawing serves both. Each chart is drawn twice, wide and narrow: on a phone, the
wide drawing's text would shrink below reading size. A drawing depends only on its specification, so it is kept
in build/.cache under the specification's hash and reused while the data behind it is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import vl_convert
from markupsafe import Markup

from .charts import SIZES, Chart, themed
from .paths import cache_folder

CACHE = cache_folder("charts")


@dataclass(frozen=True)
class Drawn:
    name: str
    description: str  # the text alternative
    wide: Markup  # SVG from vl-convert, trusted: it holds only what the specification gave it, escaped by Vega
    narrow: Markup
    chart: Chart  # its title, subtitle, source, legend and figures, which the page writes around the drawing


def draw(chart: Chart) -> Drawn:
    wide, narrow = (render(themed(chart.spec, size)) for size in SIZES)
    return Drawn(chart.name, chart.description, Markup(wide), Markup(narrow), chart)


def draw_beside(charts: list[Chart]) -> Callable[[], None]:
    """Start drawing, in a second process, every drawing of these charts not yet kept, so that the caller can
    write the pages that need none meanwhile (vl-convert holds Python's lock while it draws, so a thread would not
    help); calling the result waits for the drawings. `draw` then finds them kept, and draws itself any the
    process could not."""
    missing = [spec for chart in charts for size in SIZES if not _kept(spec := themed(chart.spec, size)).exists()]
    if not missing:
        return lambda: None
    drawer = multiprocessing.get_context("fork").Process(target=_render_all, args=(missing,), daemon=True)
    drawer.start()
    return drawer.join


def _render_all(specs: list[dict]) -> None:
    for spec in specs:
        render(spec)


def _kept(spec: dict) -> Path:
    return CACHE / f"{hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()}.svg"


def render(spec: dict) -> str:
    cached = _kept(spec)
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    svg = vl_convert.vegalite_to_svg(spec)
    CACHE.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so that a drawing is either whole or absent, whichever process is writing it.
    partial = cached.with_name(f".{cached.name}.{os.getpid()}")
    partial.write_text(svg, encoding="utf-8")
    os.replace(partial, cached)
    return svg
