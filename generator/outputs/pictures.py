"""Pictures: the base world maps that every page's map lays its marks over, as SVG files, one per scale."""

from __future__ import annotations

from pathlib import Path

from ..cartography import WORLD, outlines
from ..maps import base_path
from ..model import Atlas
from ..templating import xml_environment


def write(atlas: Atlas, out: Path) -> None:
    template = xml_environment().get_template("world.svg.j2")
    for scale in ("110m", "50m"):
        target = out / base_path(scale)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(world=WORLD, outlines=outlines(scale)), encoding="utf-8")
