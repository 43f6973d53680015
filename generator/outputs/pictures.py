"""Pictures: the base world maps that every page's map lays its marks over, as SVG files, one per scale; and the
figures behind each chart, as CSV, so that a reader can take the numbers a chart draws."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import charts
from ..addresses import chart_csv_path
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
    for name, chart in charts.all_charts(atlas).items():
        if chart.figures:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(chart.figures.columns)
            writer.writerows(chart.figures.rows)
            target = out / chart_csv_path(chart.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(buffer.getvalue(), encoding="utf-8")
