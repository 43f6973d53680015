"""Charts drawn: a chart's Vega-Lite specification rendered to SVG by vl-convert, offline.

Pages carry the drawings inline, so the site's stylesheet gives their text and grid the light or dark palette
the reader has chosen, and one drawing serves both. Each chart is drawn twice, wide and narrow: on a phone, the
wide drawing's text would shrink below reading size. A drawing depends only on its specification, so it is kept
in build/.cache under the specification's hash and reused while the data behind it is unchanged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

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


def draw(chart: Chart) -> Drawn:
    wide, narrow = (render(themed(chart.spec, size)) for size in SIZES)
    return Drawn(chart.name, chart.description, Markup(wide), Markup(narrow))


def render(spec: dict) -> str:
    text = json.dumps(spec, sort_keys=True)
    cached = CACHE / f"{hashlib.sha256(text.encode()).hexdigest()}.svg"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    svg = vl_convert.vegalite_to_svg(spec)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(svg, encoding="utf-8")
    return svg
