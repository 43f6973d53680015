"""Pictures: the base world maps that every page's map lays its marks over, as SVG files, one per scale; and the
figures behind each chart, as CSV, so that a reader can take the numbers a chart draws."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import charts
from ..addresses import chart_csv_path
from ..guards import inert
from ..cartography import WORLD, outlines
from ..maps import base_path
from ..model import Atlas
from ..paths import write_text
from ..templating import xml_environment


def write(atlas: Atlas, out: Path) -> None:
    template = xml_environment().get_template("world.svg.j2")
    for scale in ("110m", "50m"):
        write_text(out, base_path(scale), template.render(world=WORLD, outlines=outlines(scale)))
    for chart in charts.all_charts(atlas).values():
        if chart.figures:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(chart.figures.columns)
            # Names come from the data: a text cell a spreadsheet would run is made inert, as in the downloads.
            writer.writerows([[v if isinstance(v, (int, float)) else inert(str(v), "string") for v in row] for row in chart.figures.rows])
            write_text(out, chart_csv_path(chart.name), buffer.getvalue())
