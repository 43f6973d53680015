"""Time the pipeline on today's data and on 10x and 100x synthetic copies of it; print the figures.

Synthetic regions repeat today's rows under new ids and codes (same places, dates and sources),
and synthetic events repeat today's events, so every rule and page does proportionally more work.

    .venv/bin/python scripts/benchmark.py [--scales 1 10 100]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import model  # noqa: E402
from generator.build import OUTPUTS  # noqa: E402
from generator.countries import all_countries  # noqa: E402
from generator.load import load  # noqa: E402
from generator.rules import check  # noqa: E402


def _scaled_copy(scale: int, into: Path) -> None:
    for folder in ("datasets", "content"):
        shutil.copytree(ROOT / folder, into / folder)
    for name in ("LICENSE-DATA", "CITATION.cff", "releases.json", "mkdocs.yml"):
        shutil.copy(ROOT / name, into / name)
    (into / "releases.json").write_text("[]\n")  # scaled data is not a released version
    if scale == 1:
        return
    for table, key in (("regions", "id"), ("events", "id")):
        path = into / "datasets" / f"{table}.csv"
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        copies = list(rows)
        for n in range(1, scale):
            for row in rows:
                copy = dict(row, **{key: f"{row[key]}-x{n}"})
                if table == "regions" and copy["code"]:
                    copy["code"] = f"{row['code']}-x{n}"
                if table == "events" and copy["region"]:
                    copy["region"] = f"{row['region']}-x{n}"
                copies.append(copy)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(copies)


def _timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    today = dt.date.today()
    all_countries()  # GeoNames is read once per process; keep it out of every figure
    names = [write.__module__.rsplit(".", 1)[-1] for write in OUTPUTS]
    print(f"{'scale':>5} {'regions':>8} {'events':>7} {'load+validate s':>16} {'rules s':>8} {'model s':>8} " + " ".join(f"{n + ' s':>11}" for n in names))
    for scale in args.scales:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            _scaled_copy(scale, root)
            data, load_s = _timed(lambda: load(root))
            problems, rules_s = _timed(lambda: check(data, today))
            if problems:
                print(f"{scale}x: {len(problems)} problems, first: {problems[0]}")
                continue
            atlas, model_s = _timed(lambda: model.build(data, all_countries(), today))

            seconds = [_timed(lambda write=write: write(atlas, root / "out"))[1] for write in OUTPUTS]
            print(f"{scale:>5} {len(atlas.regions):>8} {len(atlas.events):>7} {load_s:>16.2f} {rules_s:>8.2f} {model_s:>8.2f} " + " ".join(f"{t:>11.2f}" for t in seconds))


if __name__ == "__main__":
    main()
