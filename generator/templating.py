"""A Jinja environment that writes Markdown safely.

Every value a template prints is escaped for HTML and for Markdown, so text from a CSV cell
shows as text: it can neither open a tag nor make a link. Only what Python marks as trusted
(a checked address, or front matter) passes through as it is.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .dates import PartialDate
from .addresses import chart_csv_path, table_csv_path

TEMPLATES = Path(__file__).parent / "templates"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def escape_text(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    # Markdown first, then HTML: the entities html.escape writes (&#x27;) must not be escaped again.
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", str(value).replace("\n", " "))
    return Markup(html.escape(text, quote=True))


def address(url: str) -> Markup:
    """A link target: only http(s) addresses, with the characters that would end a Markdown link encoded."""
    if not re.match(r"^https?://", url):
        return Markup("#")
    return Markup(quote(url, safe=":/?&=%#@+,;~!$'*"))


MAX_LITERAL = 300  # characters of one value in a pull request comment


def visible(text: str) -> str:
    """Text with every control, format and line-separating character shown by its code point (<U+202E>), so a
    value can neither break a line of Markdown nor reorder what a reviewer sees."""
    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp") else c
                   for c in text.replace("\t", " "))


def literal(value: object) -> Markup:
    """A value in a GitHub comment, as an inline code span: GitHub neither mentions, links, references issues,
    shows emoji nor reads Markdown or HTML inside code. The span's fence is one backtick longer than any run of
    backticks in the value, so the value cannot close it, and it never spans a line."""
    if isinstance(value, Markup):
        return value
    text = visible("" if value is None else str(value))
    if len(text) > MAX_LITERAL:
        text = text[: MAX_LITERAL - 1] + "…"
    if not text:
        return Markup("")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return Markup(f"{fence} {text} {fence}")  # the spaces let a value start or end with a backtick


def code_block(lines: list[str], language: str = "diff") -> Markup:
    """Lines shown as a fenced code block, whose fence is longer than any run of backticks in them."""
    shown = [visible(line) for line in lines]
    fence = "`" * max(3, max((len(run) for line in shown for run in re.findall(r"`+", line)), default=0) + 1)
    return Markup("\n".join([fence + language, *shown, fence]))


def when(date: PartialDate | None, unknown: str = "unknown") -> str:
    return date.human() if date else unknown


def date_sort(date: PartialDate | dt.date | None, unknown: int = 99_999_999) -> int:
    """A date as one number for a table's sorting (yyyymmdd; a month or year sorts after its days), and an unknown
    date after every known one, so the first click on a date column never puts "unknown" on top."""
    if date is None:
        return unknown
    if isinstance(date, dt.date):
        return date.year * 10_000 + date.month * 100 + date.day
    year, month, day = date.sort_key()
    return year * 10_000 + month * 100 + day


def number(value: int | float | None, unknown: str = "unknown") -> str:
    if value is None:
        return unknown
    return f"{value:,.0f}" if isinstance(value, float) else f"{value:,}"


def front_matter(values: dict) -> Markup:
    # JSON is YAML too, and writing it is many times faster than YAML's emitter, which showed in every build.
    return Markup("---\n" + json.dumps(values, ensure_ascii=False) + "\n---\n")


def _environment(autoescape: bool, finalize=None) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build; checking their files on every use is slow
    )
    env.filters.update(address=address, when=when, number=number, front_matter=front_matter, date_sort=date_sort)
    env.globals["table_csv"] = table_csv_path  # where each table's own CSV is, for "download this table" links
    env.globals["chart_csv"] = chart_csv_path
    return env


def environment() -> Environment:
    """For the site's Markdown pages. With autoescape on, macros return Markup, so their output is not escaped twice.

    Tables, maps and charts are HTML blocks, which Markdown leaves alone: its escapes would show there as
    backslashes. A page template includes them with `html("name.html.j2", ...)`, which renders them with
    HTML escaping only.
    """
    env = _environment(autoescape=True, finalize=escape_text)
    blocks = html_environment()
    env.globals["html"] = lambda name, **context: Markup(_without_blank_lines(blocks.get_template(name).render(**context)))
    return env


def html_environment() -> Environment:
    """For HTML written into pages: every value escaped for HTML text and attributes."""
    return _environment(autoescape=True)


def _without_blank_lines(text: str) -> str:
    # A blank line would end Markdown's HTML block, and the rest would be read as Markdown.
    return "\n".join(line for line in text.split("\n") if line.strip()) + "\n"


def xml_environment() -> Environment:
    """For the Atom feeds: every value escaped for XML (HTML escaping is a superset of what XML needs)."""
    return _environment(autoescape=True)


def comment_environment() -> Environment:
    """For a pull request comment on GitHub: every value printed is an inline code span (see literal)."""
    env = _environment(autoescape=True, finalize=literal)
    env.filters.update(code_block=code_block)
    return env


def text_environment() -> Environment:
    """For plain-text files shipped in the package (its README): nothing is rendered by a browser there."""
    return _environment(autoescape=False)
