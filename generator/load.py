"""Read the data package and the hand-written content into plain rows, with their line numbers.

Loaders only read: they never decide whether the data is right (rules.py does) and never raise
on bad input; what they cannot read becomes a Problem naming the file and line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from frictionless import Package

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


@dataclass
class Profile:
    provider: str
    path: str
    meta: dict
    body: str
    body_line: int  # the line the Markdown body starts on, for messages

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

    @property
    def readable(self) -> bool:
        """False when a file could not be read whole; rules across tables would then report ghosts."""
        return all(table.readable for table in self.tables.values())


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def read_table(path: Path, name: str, root: Path, problems: list[Problem]) -> Table:
    table = Table(name, _relative(path, root))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(table.path, 1, "-", f"cannot be read as UTF-8 text: {error}"))
        return table
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(table.path, 1, "-", "is empty: it needs at least a header line"))
            table.readable = False
            return table
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


def read_profile(path: Path, root: Path, problems: list[Problem]) -> Profile | None:
    shown = _relative(path, root)
    try:
        text = path.read_text(encoding="utf-8")
        front, body, body_line = split_front_matter(text)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        problems.append(Problem(shown, 1, "front matter", str(error)))
        return None
    try:
        meta = yaml.safe_load(front) if front.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening ---
        problems.append(Problem(shown, line, "front matter", f"is not valid YAML: {getattr(error, 'problem', error)}"))
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(shown, 2, "front matter", "must be a mapping of keys to values"))
        return None
    return Profile(path.stem, shown, meta, body, body_line)


def validate_package(descriptor: Path, root: Path, tables: dict[str, Table]) -> list[Problem]:
    """Frictionless validation: types, required fields, patterns, enums, keys and foreign keys."""
    shown = _relative(descriptor, root)
    try:
        json.loads(descriptor.read_text(encoding="utf-8"))
        report = Package(str(descriptor)).validate()
    except (OSError, ValueError) as error:
        return [Problem(shown, getattr(error, "lineno", 1), "-", f"is not a readable data package: {error}")]
    except Exception as error:  # frictionless raises its own FrictionlessException family
        return [Problem(shown, 1, "-", f"is not a valid data package: {error}")]
    problems = []
    paths = {t.name: t.path for t in tables.values()}
    for task in report.tasks:
        path = paths.get(task.name, f"{Path(shown).parent / (task.name + '.csv')}")
        for error in task.errors:
            line = getattr(error, "row_number", None) or 1
            field_name = getattr(error, "field_name", None) or _foreign_key_field(error) or "-"
            problems.append(Problem(path, line, field_name, _frictionless_message(error)))
    for error in report.errors:
        problems.append(Problem(shown, 1, "-", error.message))
    return problems


def _foreign_key_field(error) -> str:
    match = re.match(r'for "([^"]+)"', getattr(error, "note", "") or "")
    return match[1] if match else ""


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


def load(root: Path) -> Data:
    """Read datasets/ and content/ under `root`."""
    problems: list[Problem] = []
    datasets = root / "datasets"
    descriptor = datasets / "datapackage.json"
    tables: dict[str, Table] = {}
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        problems.append(Problem(_relative(descriptor, root), getattr(error, "lineno", 1), "-", f"is not readable JSON: {error}"))
        package = {}
    resources = package.get("resources", []) if isinstance(package, dict) else []
    for resource in resources:
        path = datasets / resource.get("path", "")
        if not path.is_file():
            problems.append(Problem(_relative(descriptor, root), 1, "resources", f"{resource.get('path')} does not exist"))
            continue
        tables[resource["name"]] = read_table(path, resource["name"], root, problems)
    if not problems:
        problems.extend(validate_package(descriptor, root, tables))

    profiles: dict[str, Profile] = {}
    for path in sorted((root / "content" / "providers").glob("*.md")):
        profile = read_profile(path, root, problems)
        if profile:
            profiles[profile.provider] = profile

    pages: dict[str, tuple[str, str]] = {}
    for path in sorted((root / "content").rglob("*.md")):
        relative = path.relative_to(root / "content")
        if relative.parts[0] == "providers":
            continue
        pages[str(relative)] = (_relative(path, root), path.read_text(encoding="utf-8"))
    version = str(package.get("version", "")) if isinstance(package, dict) else ""
    return Data(root, tables, profiles, pages, problems, version, package if isinstance(package, dict) else {}, read_publication(root, problems))


def read_publication(root: Path, problems: list[Problem]) -> Publication:
    license_path, citation_path, releases_path = root / "LICENSE-DATA", root / "CITATION.cff", root / "releases.json"
    license_text, citation, citation_text, releases = "", {}, "", []
    try:
        license_text = license_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem("LICENSE-DATA", 1, "-", f"cannot be read: {error}"))
    try:
        citation_text = citation_path.read_text(encoding="utf-8")
        citation = yaml.safe_load(citation_text) or {}
        if not isinstance(citation, dict):
            problems.append(Problem("CITATION.cff", 1, "-", "must be a YAML mapping"))
            citation = {}
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem("CITATION.cff", 1, "-", f"cannot be read: {error}"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(Problem("CITATION.cff", mark.line + 1 if mark else 1, "-", f"is not valid YAML: {getattr(error, 'problem', error)}"))
    try:
        releases = json.loads(releases_path.read_text(encoding="utf-8"))
        if not isinstance(releases, list):
            problems.append(Problem("releases.json", 1, "-", "must be a JSON list of releases"))
            releases = []
    except OSError as error:
        problems.append(Problem("releases.json", 1, "-", f"cannot be read: {error}"))
    except ValueError as error:
        problems.append(Problem("releases.json", getattr(error, "lineno", 1), "-", f"is not readable JSON: {error}"))
    site_url = ""
    try:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
        site_url = str(config.get("site_url", "")) if isinstance(config, dict) else ""
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        pass  # a site without an address still builds; feeds then use relative links
    return Publication(license_text, citation, citation_text, releases, site_url)
