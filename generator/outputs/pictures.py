"""Pictures: the base world maps that every page's map lays its marks over, as SVG files, one per scale."""

from __future__ import annotations

from pathlib import Path

from ..cartography import WORLD, outlines
from ..maps import base_path
from ..model import Atlas
from ..paths import write_text
from ..templating import xml_environment


def write(atlas: Atlas, out: Path) -> None:
    template = xml_environment().get_template("world.svg.j2")
    for scale in ("110m", "50m"):
        write_text(out, base_path(scale), template.render(world=WORLD, outlines=outlines(scale)))
