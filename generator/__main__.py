"""Command line: python -m generator check | build | serve | coordinates | drift."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .problems import DataError

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "build" / "docs"


def _today(text: str | None) -> dt.date:
    return dt.date.fromisoformat(text) if text else dt.date.today()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Check the atlas's data and build its site.")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository holding datasets/ and content/ (default: this one)")
    parser.add_argument("--today", help="the date to check against, YYYY-MM-DD (default: today)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the data package and the atlas's own rules")
    build = commands.add_parser("build", help="check, then write the site's pages into build/docs")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: <root>/build/docs)")
    commands.add_parser("serve", help="build, then serve the site and rebuild when data or content change")
    commands.add_parser("coordinates", help="fill blank coordinates of regions from their city (GeoNames), at metro precision")
    commands.add_parser("drift", help="compare the regions with the lists in the providers' SDKs (install: pip install --no-deps --group drift)")
    args = parser.parse_args(argv)
    today = _today(args.today)
    root = args.root.resolve()

    try:
        if args.command == "check":
            from .build import checked

            data = checked(root, today)
            print(f"ok: {sum(len(t.rows) for t in data.tables.values())} rows in {len(data.tables)} tables, {len(data.profiles)} profiles")
        elif args.command == "build":
            from .build import generate

            out = args.out or root / "build" / "docs"
            atlas = generate(root, out, today)
            print(f"built {out.relative_to(root) if out.is_relative_to(root) else out}: {len(atlas.providers)} providers, {len(atlas.regions)} regions")
        elif args.command == "serve":
            from .serve import serve

            return serve(root, today)
        elif args.command == "coordinates":
            from .coordinates import fill

            print(fill(root))
        elif args.command == "drift":
            from .build import checked
            from .drift import compare, lines

            report = compare(checked(root, today))
            print("\n".join(lines(report)))
            return 0 if report.ok else 1
    except DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was built.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
