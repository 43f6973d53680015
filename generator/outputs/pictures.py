"""Pictures: the base world maps every page's map lays its marks over, and the charts, as SVG files.

Charts are rendered by Vega-Lite (vl-convert, offline). A rendering depends only on its specification, so
each is kept in build/.cache under the specification's hash and reused while the data behind it is unchanged.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import vl_convert

from .. import charts
from ..cartography import WORLD, outlines
from ..maps import base_path
from ..model import Atlas
from ..templating import xml_environment

CACHE = Path(__file__).resolve().parent.parent.parent / "build" / ".cache" / "charts"


def write(atlas: Atlas, out: Path) -> None:
    template = xml_environment().get_template("world.svg.j2")
    for scale in ("110m", "50m"):
        target = out / base_path(scale)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(world=WORLD, outlines=outlines(scale)), encoding="utf-8")
    for chart in charts.every_chart(atlas):
        for scheme in charts.SCHEMES:
            for size in charts.SIZES:
                target = out / chart.path(scheme, size)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(render(charts.themed(chart.spec, scheme, size)), encoding="utf-8")


def render(spec: dict) -> str:
    text = json.dumps(spec, sort_keys=True)
    cached = CACHE / f"{hashlib.sha256(text.encode()).hexdigest()}.svg"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    svg = vl_convert.vegalite_to_svg(spec)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(svg, encoding="utf-8")
    return svg
