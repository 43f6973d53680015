"""Read the data package and the hand-written content into plain rows, with their line numbers.

Loaders only read: they never decide whether the data is right (rules.py does) and never raise
on bad input; what they cannot read becomes a Problem naming the file and line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from frictionless import Package

from . import guards, hints, schema
from .problems import Problem


# A profile cites a source by its id, as a Markdown reference link: [The Register][theregister-2025-...].
# The address lives once, in sources.csv; the provider page adds the link definitions.
CITATION = re.compile(r"\]\[([a-z0-9]+(?:-[a-z0-9]+)*)\]")


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class Table:
    name: str
    path: str  # as shown to a contributor, relative to the repository
    rows: list[Row] = field(default_factory=list)
    readable: bool = True
    columns: list[str] = field(default_factory=list)  # the header line as written


@dataclass
class Profile:
    provider: str
    path: str
    meta: dict
    body: str
    body_line: int  # the line the Markdown body starts on, for messages
    key_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> its line in the file

    def line_of(self, key: str) -> int:
        """The line a front-matter key is on, or the first line of the front matter when it is missing."""
        return self.key_lines.get(key, 2)

    @property
    def citations(self) -> list[tuple[int, str]]:
        """(line, source id) for each reference-style link [text][source-id] in the body."""
        return [
            (self.body_line + offset, match.group(1))
            for offset, line in enumerate(self.body.split("\n"))
            for match in CITATION.finditer(line)
        ]


@dataclass
class Publication:
    """What a release of the data carries besides the tables: the license text, how to cite, and past releases."""

    license_text: str
    citation: dict  # CITATION.cff
    citation_text: str
    releases: list[dict]  # releases.json: one entry per released version, oldest first
    site_url: str = ""  # mkdocs.yml's site_url: feeds and the API need absolute addresses
    citation_path: str = "CITATION.cff"
    releases_path: str = "releases.json"


@dataclass
class Data:
    """Everything read from disk, before any rule has looked at it."""

    root: Path
    tables: dict[str, Table]
    profiles: dict[str, Profile]
    pages: dict[str, tuple[str, str]]  # site page path -> (repository path, Markdown text)
    problems: list[Problem]
    version: str
    descriptor: dict = field(default_factory=dict)  # datapackage.json as read
    publication: Publication | None = None
    page_meta: dict[str, dict] = field(default_factory=dict)  # site page path -> its front matter, parsed
    markdown_extensions: list = field(default_factory=list)  # mkdocs.yml's, to render Markdown as the site will

    @property
    def readable(self) -> bool:
        """False when a file could not be read whole; rules across tables would then report ghosts."""
        return all(table.readable for table in self.tables.values())


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str, problems: list[Problem], field: str = "-") -> str | None:
    """A file's text, or None after reporting why it cannot be read (on the line of the bad byte)."""
    if path.is_symlink():
        # A committed link to /etc/passwd or ~/.ssh would publish the maintainer's file: only files are read.
        problems.append(Problem(shown, 1, field, "is a symbolic link; commit the file itself"))
        return None
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(shown, 1, field, f"cannot be read: {error.strerror or error}"))
        return None
    text, found = guards.decode(raw, shown, field)
    problems.extend(found)
    return text


def read_table(path: Path, name: str, root: Path, problems: list[Problem]) -> Table:
    table = Table(name, _relative(path, root))
    known = len(problems)
    text = read_text(path, table.path, problems)
    if text is None:
        table.readable = False
        return table
    if len(problems) > known:
        # A control character can end a row where the eye sees none: rules would then report misread rows.
        table.readable = False
    if text.count("\n") > guards.MAX_ROWS + 1:
        problems.append(Problem(table.path, guards.MAX_ROWS + 2, "-", f"the table has more than {guards.MAX_ROWS:,} rows; "
                                "the site cannot show that many (see CONTRIBUTING.md, \"Limits\")"))
        table.readable = False
        return table
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > guards.MAX_CSV_LINE:
            problems.append(Problem(table.path, number, "-", f"the line is {len(line):,} characters long (at most {guards.MAX_CSV_LINE:,})"))
            table.readable = False
            return table
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(table.path, 1, "-", "is empty: it needs at least a header line"))
            table.readable = False
            return table
        table.columns = header
        start = reader.line_num + 1
        for cells in reader:
            if reader.line_num > start:
                # The atlas's fields never span lines, so this is a quote left open on line `start`.
                problems.append(Problem(table.path, start, "-", "a quoted field is not closed on its line (add the missing \")"))
                table.readable = False
                return table
            if any(cell.strip() for cell in cells):
                values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
                table.rows.append(Row(start, values))
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(table.path, start, "-", f"is not well-formed CSV: {error}"))
        table.readable = False
    return table


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line the body starts on); no front matter gives ("", text, 1)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return "", text, 1
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise ValueError("front matter opened with --- on line 1 is never closed")


def read_markdown(path: Path, shown: str, problems: list[Problem]) -> tuple[dict, str, int] | None:
    """(front matter, body, line the body starts on) of a hand-written Markdown file, or None after a problem."""
    text = read_text(path, shown, problems, "text")
    if text is None:
        return None
    try:
        front, body, body_line = split_front_matter(text)
    except ValueError as error:
        problems.append(Problem(shown, 1, "front matter", str(error)))
        return None
    meta, found = guards.load_yaml(front, shown, 2) if front.strip() else ({}, [])
    problems.extend(found)
    if found:
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(shown, 2, "front matter", "must be a mapping of keys to values"))
        return None
    return meta, body, body_line


def read_profile(path: Path, root: Path, problems: list[Problem]) -> Profile | None:
    shown = _relative(path, root)
    read = read_markdown(path, shown, problems)
    if not read:
        return None
    # Each front-matter key's line, for messages: the front matter runs from line 2 to the line before the body's --- .
    lines = path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff").split("\n")[1 : max(read[2] - 2, 1)]
    key_lines = {m[1]: number for number, line in enumerate(lines, start=2) if (m := re.match(r"([^\s:#][^:]*):", line))}
    return Profile(path.stem, shown, read[0], read[1], read[2], key_lines)


def header_problems(table: Table, schema_fields: list[str]) -> list[Problem]:
    """A header that differs from the schema's columns, named column by column with the expected names.

    Frictionless would report every row of such a table instead; one message per column says how to fix it.
    """
    found, expected = [str(name).strip() for name in table.columns], schema_fields
    if found == expected or not found:
        return []
    problems = []
    missing = [name for name in expected if name not in found]
    for position, name in enumerate(found, start=1):
        if name not in expected:
            guess = hints.closest(name, missing or expected, count=1)
            problems.append(Problem(table.path, 1, name or f"column {position}",
                                    f"'{name}' is not a column of {table.name}" + (f"; did you mean '{guess[0]}'?" if guess else "")))
    for name in missing:
        problems.append(Problem(table.path, 1, name, f"the column is missing from the header of {table.name}"))
    for name in sorted({n for n in found if found.count(n) > 1 and n in expected}):
        problems.append(Problem(table.path, 1, name, f"the column appears {found.count(name)} times in the header; keep one"))
    if not problems:
        problems.append(Problem(table.path, 1, "-", "the columns are out of order"))
    problems.append(Problem(table.path, 1, "-", f"the header must be exactly: {','.join(expected)}"))
    return problems


def validate_package(descriptor: Path, root: Path, tables: dict[str, Table], skip: frozenset[str] = frozenset()) -> list[Problem]:
    """Frictionless validation: types, required fields, patterns, enums, keys and foreign keys."""
    shown = _relative(descriptor, root)
    try:
        # The tables as generator/schema.json describes them: datapackage.json's own resources are only compared.
        described = json.loads(descriptor.read_text(encoding="utf-8"))
        described = {**(described if isinstance(described, dict) else {}), "resources": [dict(r) for r in schema.resources()]}
        report = Package(described, basepath=str(descriptor.parent)).validate()
    except (OSError, ValueError) as error:
        return [Problem(shown, getattr(error, "lineno", 1), "-", f"is not a readable data package: {error}")]
    except Exception as error:  # frictionless raises its own FrictionlessException family
        return [Problem(shown, 1, "-", f"is not a valid data package: {error}")]
    problems = []
    paths = {t.name: t.path for t in tables.values()}
    for task in report.tasks:
        if task.name in skip:
            continue  # its header is wrong: every row would be reported, and header_problems says how to fix it
        path = paths.get(task.name, f"{Path(shown).parent / (task.name + '.csv')}")
        for error in task.errors:
            line = getattr(error, "row_number", None) or 1
            field_name = getattr(error, "field_name", None) or _foreign_key_field(error) or "-"
            problems.append(Problem(path, line, field_name, _frictionless_message(error) + _hint(error, field_name, tables)))
    for error in report.errors:
        problems.append(Problem(shown, 1, "-", error.message))
    return problems


def _foreign_key_field(error) -> str:
    match = re.match(r'for "([^"]+)"', getattr(error, "note", "") or "")
    return match[1] if match else ""


def _hint(error, field_name: str, tables: dict[str, Table]) -> str:
    """What would be right, after frictionless has said what is wrong."""
    cell, note = str(getattr(error, "cell", "") or ""), getattr(error, "note", "") or ""
    if error.type == "foreign-key":
        match = re.search(r'values "([^"]*)" not found in the lookup table "(\w+)" as "(\w+)"', note)
        lookup = tables.get(match[2]) if match else None
        return hints.did_you_mean(match[1], [row[match[3]] for row in lookup.rows]) if lookup else ""
    if error.type == "type-error" and '"date' in note:
        return hints.date_hint(cell) or "; write a day as YYYY-MM-DD"
    if error.type == "constraint-error" and '"enum"' in note:
        return hints.closest_hint(cell, re.findall(r"'([^']*)'", note.split(" is ", 1)[-1]))
    if error.type == "constraint-error" and '"pattern"' in note:
        if note.endswith(hints.DATE_PATTERN_NOTE):
            return ""
        if field_name in hints.COUNTRY_FIELDS:
            return hints.country_hint(cell, hints.iso_country_names())
    return ""


def _frictionless_message(error) -> str:
    """Frictionless's finding in a contributor's words."""
    cell = getattr(error, "cell", None)
    note = getattr(error, "note", "") or ""
    kind = error.type
    if kind == "type-error":
        return f"{cell!r} is not a valid {note.split('type is ')[-1].strip(chr(34)).split('/')[0]}"
    if kind == "constraint-error":
        if '"required"' in note:
            return "is required"
        if '"enum"' in note:
            allowed = note.split(" is ", 1)[-1].strip('"[]').replace("'", "")
            return f"{cell!r} is not one of: {allowed}"
        if '"pattern"' in note and note.endswith(hints.DATE_PATTERN_NOTE):
            return hints.date_message(str(cell))  # the same words as the date rule in rules.py, so it is said once
        if '"pattern"' in note:
            return f"{cell!r} does not match the pattern {note.split(' is ', 1)[-1]}"
        if '"unique"' in note:
            return f"{cell!r} is used by another row; it must be unique"
        return f"{cell!r} breaks the constraint {note}"
    if kind == "foreign-key":
        match = re.search(r'values "([^"]*)" not found in the lookup table "(\w+)" as "(\w+)"', note)
        if match:
            return f"{match[1]!r} is not an {match[3]} in {match[2]}.csv"
        return note
    if kind in ("primary-key", "unique-error"):
        return f"{cell or 'this key'} is used by another row; it must be unique"
    if kind == "extra-cell":
        return "has more cells than the header has columns"
    if kind == "missing-cell":
        return "has fewer cells than the header has columns"
    return error.message


def load(root: Path, validate: bool = True) -> Data:
    """Read datasets/ and content/ under `root`; `validate=False` leaves out frictionless's validation, for a
    build whose check runs beside it (see build.py)."""
    problems: list[Problem] = []
    datasets = root / "datasets"
    descriptor = datasets / "datapackage.json"
    tables: dict[str, Table] = {}
    package = _read_json(descriptor, _relative(descriptor, root), problems, {})
    problems.extend(_links_under(datasets, root))
    resources = schema.resources()  # the tables the generator knows, wherever datapackage.json says they are
    for resource in resources:
        path = datasets / resource["path"]
        if path.is_symlink():
            continue  # reported above
        if not path.is_file():
            problems.append(Problem(_relative(descriptor, root), 1, "resources", f"{resource.get('path')} does not exist"))
            continue
        tables[resource["name"]] = read_table(path, resource["name"], root, problems)
    unreadable = bool(problems)
    wrong_headers = set()
    for resource in resources:
        table = tables.get(resource.get("name", ""))
        found = header_problems(table, [f["name"] for f in resource["schema"]["fields"]]) if table else []
        if found:
            problems.extend(found)
            table.readable, wrong_headers = False, wrong_headers | {table.name}
    if validate and not unreadable:
        problems.extend(validate_package(descriptor, root, tables, frozenset(wrong_headers)))

    profiles: dict[str, Profile] = {}
    for path in sorted(p for p in (root / "content" / "providers").glob("*.md") if not p.is_symlink()):
        profile = read_profile(path, root, problems)
        if profile:
            profiles[profile.provider] = profile

    pages: dict[str, tuple[str, str]] = {}
    page_meta: dict[str, dict] = {}
    problems.extend(_links_under(root / "content", root))
    for path in _markdown_files(root / "content"):
        relative = path.relative_to(root / "content")
        if relative.parts[0] == "providers":
            continue
        shown = _relative(path, root)
        read = read_markdown(path, shown, problems)
        if read:
            pages[str(relative)] = (shown, path.read_text(encoding="utf-8"))
            page_meta[str(relative)] = read[0]
    version = str(package.get("version", "")) if isinstance(package, dict) else ""
    publication = read_publication(root, problems)
    data = Data(root, tables, profiles, pages, problems, version, package if isinstance(package, dict) else {}, publication)
    data.page_meta = page_meta
    data.markdown_extensions = _site_config(root).get("markdown_extensions", []) or []
    return data


def _links_under(folder: Path, root: Path) -> list[Problem]:
    """Every symbolic link in `folder`, as a problem: a link would publish, or feed the build, a file from elsewhere."""
    found = []
    for parent, folders, files in os.walk(folder, followlinks=False):
        for name in sorted(folders + files):
            if (Path(parent) / name).is_symlink():
                found.append(Problem(_relative(Path(parent) / name, root), 1, "-", "is a symbolic link; commit the file itself"))
    return found


def _markdown_files(folder: Path) -> list[Path]:
    """The Markdown files under `folder`, not following links (which _links_under reports)."""
    found = []
    for parent, _, files in os.walk(folder, followlinks=False):
        found += [Path(parent) / name for name in files if name.endswith(".md") and not (Path(parent) / name).is_symlink()]
    return sorted(found)


def _read_json(path: Path, shown: str, problems: list[Problem], default):
    text = read_text(path, shown, problems)
    if text is None:
        return default
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        problems.append(Problem(shown, 1, "-", "is nested too deeply"))
    except ValueError as error:
        problems.append(Problem(shown, getattr(error, "lineno", 1), "-", f"is not readable JSON: {error}"))
    return default


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _site_config(root: Path) -> dict:
    try:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}  # a site without a configuration still checks; MkDocs reports it when it builds
    return config if isinstance(config, dict) else {}


def read_publication(root: Path, problems: list[Problem]) -> Publication:
    license_path, citation_path, releases_path = root / "LICENSE-DATA", root / "CITATION.cff", root / "releases.json"
    license_text = read_text(license_path, "LICENSE-DATA", problems) or ""
    citation_text = read_text(citation_path, "CITATION.cff", problems) or ""
    citation, found = guards.load_yaml(citation_text, "CITATION.cff", 1, "-")
    problems.extend(found)
    if citation is None:
        citation = {}
    elif not isinstance(citation, dict):
        problems.append(Problem("CITATION.cff", 1, "-", "must be a YAML mapping"))
        citation = {}
    releases = _read_json(releases_path, "releases.json", problems, [])
    if not isinstance(releases, list):
        problems.append(Problem("releases.json", 1, "-", "must be a JSON list of releases"))
        releases = []
    site_url = str(_site_config(root).get("site_url", ""))  # without it feeds use relative links
    return Publication(license_text, citation, citation_text, releases, site_url)
