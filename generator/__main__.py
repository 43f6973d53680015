"""Command line: python -m generator check | build | site | serve | coordinates | drift | sdk-history | audit | package | diff | release | release-check | bench | sources."""

from __future__ import annotations

import argparse
import datetime as dt
import os
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
    parser.add_argument("--today", help="the date the data's dates are checked against, YYYY-MM-DD (default: today); "
                        "pages show the date of the last commit instead, so builds do not depend on the clock")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the data package and the atlas's own rules")
    build = commands.add_parser("build", help="check, then write the site's pages into build/docs")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: <root>/build/docs)")
    site = commands.add_parser("site", help="check, write build/docs and build the site with MkDocs (strict); replace both only if all succeeded")
    site.add_argument("--site-dir", type=Path, default=None, help="where the site goes (default: <root>/site)")
    serve = commands.add_parser("serve", help="build, then serve the site and rebuild when data or content change")
    serve.add_argument("--address", default="127.0.0.1:8000", help="host:port to serve on (default: 127.0.0.1:8000)")
    commands.add_parser("coordinates", help="fill blank coordinates of regions from their city (GeoNames), at metro precision")
    drift = commands.add_parser("drift", help="compare the regions with the lists in the providers' SDKs (install: pip install --no-deps --group drift)")
    drift.add_argument("--sdks", type=Path, default=None, help="site-packages folder of another environment holding the SDKs (read as files, never imported)")
    commands.add_parser("sdk-history", help="rebuild datasets/sdk_listings.csv: the first release of each SDK that lists each region code (reads the registry)")
    commands.add_parser("audit", help="per provider, how complete each fact is, and every row a check flags as doubtful but not wrong")
    package = commands.add_parser("package", help="build the downloads alone (zip, JSON, GeoJSON, SQLite) with their SHA-256")
    package.add_argument("--out", type=Path, default=None, help="output folder (default: <root>/build/package)")
    diff = commands.add_parser("diff", help="say what changed in the data since a git commit or tag, in domain terms")
    diff.add_argument("--since", default="HEAD", help="git commit or tag to compare with (default: HEAD)")
    diff.add_argument("--format", choices=("text", "markdown"), default="text", help="text for a terminal, markdown for a pull request comment")
    diff.add_argument("--base-url", default=None, help="site whose pages the Markdown links (default: site_url in mkdocs.yml)")
    release = commands.add_parser("release", help="record this version in releases.json, with notes from the data difference")
    release.add_argument("--date", required=True, help="release day, YYYY-MM-DD")
    release.add_argument("--since", default=None, help="git tag of the previous release (default: v<last version in releases.json>)")
    bench = commands.add_parser("bench", help="time check, generate and the site build on today's data and on synthetic 10x and 100x copies")
    bench.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100], help="sizes to measure (default: 1 10 100)")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    release_check = commands.add_parser("release-check", help="for the release workflow: the tag matches the version and the zip matches releases.json")
    release_check.add_argument("--tag", required=True)
    commands.add_parser("sources", help="request every source address (politely) and print a Markdown report of dead and moved ones")
    args = parser.parse_args(argv)
    today = _today(args.today)
    root = args.root.resolve()

    try:
        if args.command == "check":
            from .build import checked
            from .rules import warnings

            data = checked(root, today)
            for warning in warnings(data, today):
                print(warning, file=sys.stderr)
            print(f"ok: {sum(len(t.rows) for t in data.tables.values())} rows in {len(data.tables)} tables, {len(data.profiles)} profiles")
        elif args.command == "build":
            from .build import generate

            out = Path(os.path.abspath(args.out or root / "build" / "docs"))
            atlas = generate(root, out, today)
            print(f"built {out.relative_to(root) if out.is_relative_to(root) else out}: {len(atlas.providers)} providers, {len(atlas.regions)} regions")
        elif args.command == "site":
            from .build import build_site

            # Absolute, but not resolved: a `site` that is a symbolic link must be seen as one, and refused.
            out = Path(os.path.abspath(args.site_dir or root / "site"))
            atlas = build_site(root, today, out)
            print(f"built {out.relative_to(root) if out.is_relative_to(root) else out}: {len(atlas.providers)} providers, {len(atlas.regions)} regions")
        elif args.command == "serve":
            from .serve import serve

            return serve(root, today, args.address)
        elif args.command == "coordinates":
            from .coordinates import fill

            print(fill(root))
        elif args.command == "package":
            import hashlib

            from .build import atlas_of
            from .outputs.downloads import artifacts

            from .paths import refuse_links, write_bytes

            out = args.out or root / "build" / "package"
            refuse_links(root, out)
            for name, (_, _, content) in artifacts(atlas_of(root, today)).items():
                written = write_bytes(out, name, content, replace=True)
                print(f"{hashlib.sha256(content).hexdigest()}  {written}")
        elif args.command == "diff":
            from .diff import compare, lines, markdown
            from .load import read_publication
            from .release import rows_at, rows_of

            difference = compare(rows_at(args.since, root), rows_of(root))
            if args.format == "markdown":
                print(markdown(difference, args.base_url or read_publication(root, []).site_url), end="")
            else:
                print("\n".join(lines(difference)))
        elif args.command == "release":
            from .build import atlas_of
            from .release import record, refuse_released, rows_at

            atlas = atlas_of(root, today)
            refuse_released(atlas)
            since = args.since or (f"v{atlas.releases[-1].version}" if atlas.releases else None)
            entry = record(atlas, root, dt.date.fromisoformat(args.date), rows_at(since, root) if since else None)
            print(f"recorded {entry['version']} ({entry['sha256']}) in releases.json:")
            print("\n".join(f"- {line}" for line in entry["notes"]))
            print(f"Commit it, then tag: git tag v{entry['version']} && git push origin v{entry['version']}")
        elif args.command == "release-check":
            from .build import atlas_of
            from .release import check_tag

            atlas = atlas_of(root, today)
            problems = check_tag(atlas, args.tag)
            for problem in problems:
                print(problem, file=sys.stderr)
            if problems:
                return 1
            print("\n".join(f"- {line}" for line in atlas.released.notes))
        elif args.command == "bench":
            from .bench import main as bench_main

            return bench_main(root, args.scales, args.json)
        elif args.command == "audit":
            from . import model
            from .audit import report
            from .build import checked
            from .countries import all_countries

            data = checked(root, today)
            print("\n".join(report(data, model.build(data, all_countries(), today))))
        elif args.command == "sources":
            from .build import checked
            from .sourcecheck import check as check_sources
            from .sourcecheck import markdown as source_report
            from .sourcecheck import targets

            report = check_sources(targets(checked(root, today).tables["sources"]))
            print(source_report(report, today.isoformat()), end="")
            return 0 if report.ok else 1
        elif args.command == "drift":
            from . import drift
            from .build import checked
            from .drift import compare, lines

            if args.sdks:
                drift.SDK_PATH = [str(args.sdks)]
            report = compare(checked(root, today))
            print("\n".join(lines(report)))
            return 0 if report.ok else 1
        elif args.command == "sdk-history":
            from .sdkhistory import main as sdk_history

            return sdk_history(root)
    except DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was built.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
